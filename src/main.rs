//! Entry point: a subcommand runs the command line; no subcommand opens the game window.

use clap::Parser;
use goodwill::cli::{Cli, run};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(command) => run(command, cli.data_dir.as_deref()),
        None => goodwill::game::run(cli.data_dir, cli.window_size),
    };
    std::process::exit(code);
}
