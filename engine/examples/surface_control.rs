//! A control for the surface tells: `cargo run -p goodwill-engine --example surface_control -- FILE...`
//! plays the battery on each case with every node's answer texts shuffled among its choices (scores kept,
//! eight seeds), so the words carry no information at all, and prints how strong the best rule looks by
//! chance. It shows the bar the thresholds set: neutral wording is not enough; wrong answers must carry
//! the right words (traps) so that every rule of words goes wrong somewhere on its way.

use std::path::PathBuf;

use goodwill_engine::load_file;
use goodwill_engine::surface;
use rand::{SeedableRng, rngs::ChaCha8Rng, seq::SliceRandom};

fn main() {
    const SEEDS: u64 = 8;
    for arg in std::env::args().skip(1) {
        let Some(original) = load_file(&PathBuf::from(&arg)).scenario else {
            println!("{arg}: does not load");
            continue;
        };
        let (mut strongest_beats, mut deterministic_beats) = (0, 0);
        let mut figures = Vec::new();
        for seed in 0..SEEDS {
            let mut scenario = original.clone();
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            for node in &mut scenario.nodes {
                let mut texts: Vec<_> = node.choices.iter().map(|c| c.text.clone()).collect();
                texts.shuffle(&mut rng);
                for (choice, text) in node.choices.iter_mut().zip(texts) {
                    choice.text = text;
                }
            }
            let Ok(found) = surface::surface_tells(&scenario) else {
                continue;
            };
            strongest_beats += usize::from(found.strongest().beats(found.random_keep));
            deterministic_beats += usize::from(found.deterministic.beats(found.random_keep));
            figures.push(format!(
                "{:.0}/{:.0}/{:.0}",
                found.random_keep * 100.0,
                found.strongest().keep * 100.0,
                found.deterministic.keep * 100.0
            ));
        }
        println!(
            "{arg}: keep % random/strongest/without randomness: {} -> strongest beats the limits {strongest_beats}/{SEEDS}, without randomness {deterministic_beats}/{SEEDS}",
            figures.join(" ")
        );
    }
}
