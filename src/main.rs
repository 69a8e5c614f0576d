//! Entry point: a subcommand runs the command line; no subcommand opens the game window.

use clap::{CommandFactory, FromArgMatches};
use goodwill::cli::{Cli, help, run};

fn main() {
    // The help is Chinese first with English (`cli::help`), so the parser is built, then read.
    let matches = help::bilingual(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let code = match cli.command {
        Some(command) => run(command, cli.data_dir.as_deref()),
        None => goodwill::game::run(cli.data_dir, cli.window_size),
    };
    std::process::exit(code);
}
