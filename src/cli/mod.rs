//! The command line: scenario tools, terminal play, results and reports; no subcommand opens the game.

pub mod analyze;
pub mod check;
pub mod new;
pub mod output;
pub mod play;
pub mod results;

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
    /// Where results are kept (default: $GOODWILL_DATA_DIR, else the OS data directory,
    /// ~/.local/share/goodwill on Linux).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Open the game window at this size in pixels, e.g. 1920x1080 for a projector (default 1280x720).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window_size: Option<(u32, u32)>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `goodwill report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// One row per attempt, for a spreadsheet.
    Csv,
    /// A self-contained page: inline CSS and SVG, no scripts.
    Html,
    /// xAPI statements (JSON) for a learning record store.
    #[value(alias = "json")]
    Xapi,
}

impl ReportFormat {
    /// The report on `data` in this format: the store writes the data formats, `pages` draws the page.
    pub fn render(self, data: &goodwill_store::report::ReportData, lang: goodwill_engine::Lang) -> Vec<u8> {
        use goodwill_store::report::{Format, render};
        match self {
            ReportFormat::Csv => render(Format::Csv, data, lang),
            ReportFormat::Html => crate::pages::class_report::page(data, lang).into_bytes(),
            ReportFormat::Xapi => render(Format::Xapi, data, lang),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and validate scenario files; report every problem with file:line:column.
    Check {
        /// Files or directories (default: the scenarios directory).
        paths: Vec<PathBuf>,
    },
    /// Start a new scenario file from a skeleton that already checks and plays (scenarios/ID.ron).
    New {
        /// The new scenario's id: lowercase letters, digits and dashes.
        id: String,
        /// The document the case is adapted from: 000, 001, 002, 003 or 004.
        #[arg(long, value_name = "NUMBER")]
        from_document: String,
        /// Write here instead of the scenarios directory (never over an existing file).
        #[arg(long)]
        out: Option<PathBuf>,
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
        /// Record the attempt under this trainee profile (created if new) in the results database.
        #[arg(long)]
        profile: Option<String>,
        /// Record it as part of this class session (needs --profile).
        #[arg(long, requires = "profile")]
        session: Option<String>,
    },
    /// Explore every path of a scenario: path count, best and worst, reachable outcomes, balance ranges.
    Analyze {
        /// A scenario file, or the id of a scenario in the scenarios directory.
        scenario: String,
        /// Also play N seeded random playthroughs (1–100000) and count how often each node and ending is
        /// reached.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(analyze::MAX_RANDOM_RUNS)))]
        random: Option<u32>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
        /// Draw the conversation as a graph to this file (.svg, or .html for a page around it).
        #[arg(long, value_name = "FILE")]
        graph: Option<PathBuf>,
        /// With --graph: also draw this path of 1-based choices in file order (a trainee's run), e.g. 2,1,3.
        #[arg(long, value_delimiter = ',', requires = "graph")]
        path: Option<Vec<usize>>,
    },
    /// Trainee profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// A trainer's class sessions: who is in them and which scenarios they play.
    #[command(subcommand)]
    Class(ClassCommand),
    /// Write results to a file another machine can import (all results, or one class session's).
    Export {
        /// Only this class session.
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        out: PathBuf,
    },
    /// Merge export files from other machines into this one's results; nothing is added twice.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Attempts on this machine: list them, resume an unfinished one in the terminal, or discard it.
    #[command(subcommand)]
    Attempts(AttemptsCommand),
    /// Write a class session's results as CSV, a self-contained HTML page, or xAPI statements (JSON).
    Report {
        #[arg(long)]
        session: String,
        /// csv, html or xapi (json).
        #[arg(long, value_parser = parse_report_format)]
        format: ReportFormat,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value = "zh")]
        lang: Lang,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Create a trainee profile.
    Add { name: String },
    /// List profiles with their number of finished attempts.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AttemptsCommand {
    /// List attempts, newest unfinished first: id, trainee, case, start, decisions, outcome.
    List {
        /// Only the unfinished attempts that can be resumed or discarded.
        #[arg(long)]
        unfinished: bool,
        /// Only this trainee's.
        #[arg(long)]
        profile: Option<String>,
    },
    /// Play an unfinished attempt on from where it stopped, recording into the same attempt.
    Resume {
        /// The attempt's id, or its first 8 or more characters.
        id: String,
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// 1-based choices for the remaining steps, comma-separated (plays without asking).
        #[arg(long, value_delimiter = ',')]
        choices: Option<Vec<usize>>,
        /// Print the result as JSON on stdout (the transcript goes to stderr).
        #[arg(long)]
        json: bool,
    },
    /// Set an unfinished attempt aside: it is no longer offered for resuming but stays on record.
    Discard {
        /// The attempt's id, or its first 8 or more characters.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClassCommand {
    /// Create a class session (or add trainees and scenarios to an existing one).
    New {
        name: String,
        /// Trainee names, comma-separated (`--trainees 王芳,李明,Ann`); may be given more than once.
        /// A name that itself contains a comma goes in --trainee.
        #[arg(long, value_delimiter = ',', required_unless_present = "trainee")]
        trainees: Vec<String>,
        /// One trainee name exactly as typed, commas included (`--trainee "Smith, Ann"`); may be given
        /// more than once, and together with --trainees.
        #[arg(long, value_name = "NAME")]
        trainee: Vec<String>,
        /// Scenario ids, comma-separated (default for a new class: every scenario).
        #[arg(long, value_delimiter = ',')]
        scenarios: Vec<String>,
    },
    /// List class sessions.
    List,
    /// Show a class session's trainee × scenario results.
    Show { name: String },
}

/// Any spelling clap's `ValueEnum` accepts (case-insensitive, aliases), with an error that names the
/// formats.
fn parse_report_format(text: &str) -> Result<ReportFormat, String> {
    <ReportFormat as clap::ValueEnum>::from_str(text, true)
        .map_err(|_| format!("unknown format {}: use csv, html or xapi", goodwill_engine::quote(text)))
}

fn parse_size(text: &str) -> Result<(u32, u32), String> {
    let (w, h) = text
        .split_once(['x', 'X', '×'])
        .ok_or("expected WIDTHxHEIGHT, e.g. 1920x1080")?;
    let parse = |n: &str| n.trim().parse::<u32>().ok().filter(|v| (320..=8192).contains(v));
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok((w, h)),
        _ => Err("width and height must be whole numbers of pixels between 320 and 8192".into()),
    }
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command, data_dir: Option<&std::path::Path>) -> i32 {
    let store = || results::open_store(data_dir);
    // Every file a command writes goes through this guard, which refuses the results database's files.
    let guard = goodwill_store::output::OutputGuard::for_data_dir(&goodwill_store::data_dir(data_dir));
    let result = match command {
        Command::Check { paths } => check::run(&paths),
        Command::New { id, from_document, out } => new::run(&id, &from_document, out.as_deref(), &guard),
        Command::Play {
            text: _,
            scenario,
            lang,
            seed,
            choices,
            json,
            profile,
            session,
        } => match profile {
            Some(name) => store().and_then(|s| {
                s.require_writable().map_err(|e| e.to_string())?;
                if let Some(class) = &session {
                    s.require_class(class).map_err(|e| e.to_string())?;
                }
                let recording = play::Recording {
                    store: &s,
                    profile: &name,
                    class: session.as_deref(),
                };
                play::run(&scenario, lang, seed, choices.as_deref(), json, Some(recording))
            }),
            None => play::run(&scenario, lang, seed, choices.as_deref(), json, None),
        },
        Command::Analyze {
            scenario,
            random,
            seed,
            json,
            graph,
            path,
        } => analyze::run(&scenario, random, seed, json).and_then(|code| match graph {
            Some(out) => analyze::draw(&scenario, &out, path.as_deref(), &guard).map(|()| code),
            None => Ok(code),
        }),
        Command::Profile(ProfileCommand::Add { name }) => store().and_then(|s| results::profile_add(&s, &name)),
        Command::Profile(ProfileCommand::List) => store().and_then(|s| results::profile_list(&s)),
        Command::Class(ClassCommand::New {
            name,
            mut trainees,
            trainee,
            mut scenarios,
        }) => {
            trainees.extend(trainee);
            store().and_then(|s| {
                // A new class gets every scenario unless told otherwise; an existing one keeps its list.
                let exists = s.class(&name).map_err(|e| e.to_string())?.is_some();
                if scenarios.is_empty() && !exists {
                    scenarios = results::scenario_titles().into_keys().collect();
                }
                results::class_new(&s, &name, &trainees, &scenarios)
            })
        }
        Command::Class(ClassCommand::List) => store().and_then(|s| results::class_list(&s)),
        Command::Class(ClassCommand::Show { name }) => store().and_then(|s| results::class_show(&s, &name)),
        Command::Export { session, out } => store().and_then(|s| results::export(&s, session.as_deref(), &out)),
        Command::Import { files } => store().and_then(|s| results::import(&s, &files)),
        Command::Report {
            session,
            format,
            out,
            lang,
        } => store().and_then(|s| results::report(&s, &session, format, &out, lang)),
        Command::Attempts(AttemptsCommand::List { unfinished, profile }) => {
            store().and_then(|s| results::attempts_list(&s, unfinished, profile.as_deref()))
        }
        Command::Attempts(AttemptsCommand::Resume {
            id,
            lang,
            choices,
            json,
        }) => store().and_then(|s| {
            s.require_writable().map_err(|e| e.to_string())?;
            results::attempts_resume(&s, &id, lang, choices.as_deref(), json)
        }),
        Command::Attempts(AttemptsCommand::Discard { id }) => store().and_then(|s| results::attempts_discard(&s, &id)),
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
