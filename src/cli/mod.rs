//! The command line: `goodwill check`, `goodwill play --text`, `goodwill analyze`; no subcommand opens the game.

pub mod analyze;
pub mod check;
pub mod play;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use goodwill_engine::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "goodwill",
    version,
    about = "Goodwill — complaint-handling role-play training. With no command, opens the game window."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and validate scenario files; report every problem with file:line:column.
    Check {
        /// Files or directories (default: the scenarios directory).
        paths: Vec<PathBuf>,
    },
    /// Play a scenario in the terminal (interactive, or scripted with --choices).
    Play {
        /// Play in the terminal (the only mode of `play`; kept explicit for scripts).
        #[arg(long)]
        text: bool,
        /// A scenario file, or the id of a scenario in the scenarios directory.
        scenario: String,
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// Seed for the customer's wordings; the same seed and choices replay the same run.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// 1-based choices, comma-separated, e.g. 1,3,2 (plays without asking).
        #[arg(long, value_delimiter = ',')]
        choices: Option<Vec<usize>>,
        /// Print the result as JSON on stdout (the transcript goes to stderr).
        #[arg(long)]
        json: bool,
    },
    /// Explore every path of a scenario: path count, best and worst, reachable outcomes, balance ranges.
    Analyze {
        /// A scenario file, or the id of a scenario in the scenarios directory.
        scenario: String,
        /// Also play N seeded random playthroughs and count how often each node and ending is reached.
        #[arg(long)]
        random: Option<u32>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> i32 {
    let result = match command {
        Command::Check { paths } => check::run(&paths),
        Command::Play {
            text: _,
            scenario,
            lang,
            seed,
            choices,
            json,
        } => play::run(&scenario, lang, seed, choices.as_deref(), json),
        Command::Analyze {
            scenario,
            random,
            seed,
            json,
        } => analyze::run(&scenario, random, seed, json),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("goodwill: {message}");
            2
        }
    }
}

/// Loads one playable scenario or explains why it cannot be played.
pub fn load_playable(arg: &str) -> Result<goodwill_engine::Scenario, String> {
    let path = crate::paths::resolve_scenario(arg)?;
    let loaded = goodwill_engine::load_file(&path);
    match loaded.scenario {
        Some(s) => Ok(s),
        None => {
            let lines: Vec<String> = loaded.errors().map(ToString::to_string).collect();
            Err(format!("{} cannot be played:\n{}", path.display(), lines.join("\n")))
        }
    }
}
