//! Entry point: a subcommand runs the command line; no subcommand opens the game window.

// On Windows, a windowed program: a double-click opens the game without a console window behind it
// (`windows_console` reattaches a terminal's console for the command line).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::{CommandFactory, FromArgMatches};
use goodwill::cli::{Cli, help, run};

fn main() {
    goodwill::game::first_frame::mark_start();
    goodwill::windows_console::attach_to_parent_console();
    // The help is Chinese first with English (`cli::help`), so the parser is built, then read.
    let parsed = help::bilingual(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            // The parser repeats a bad value in full; a 1 MB argument must not print 1 MB.
            let text = e.render().to_string();
            for line in text.lines() {
                eprintln!("{}", goodwill::cli::output::shorten_line(line));
            }
            std::process::exit(e.exit_code());
        }
    };
    let code = match cli.command {
        Some(command) => run(command, cli.data_dir.as_deref()),
        None => goodwill::game::run(cli.data_dir, cli.window_size),
    };
    std::process::exit(code);
}
