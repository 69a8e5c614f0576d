//! Scratch (not committed): prints the tells of every file given.
fn main() {
    for arg in std::env::args().skip(1) {
        let l = goodwill_engine::load_file(std::path::Path::new(&arg));
        if let Some(s) = l.scenario {
            println!("{arg}: {:?}", goodwill_engine::tells::tells(&std::sync::Arc::new(s)));
        }
        for d in &l.diagnostics {
            println!("  {d}");
        }
    }
}
