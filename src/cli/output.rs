//! Standard output for the command line. `println!` panics when the reader has gone away
//! (`goodwill analyze … | head`); a closed pipe is how a reader says "enough", so the command ends
//! quietly and successfully instead. Anything it had to record is already committed by then.

use std::fmt;
use std::io::{ErrorKind, Write};

/// Writes `args` and a newline to stdout; a closed pipe ends the process quietly with status 0.
pub fn write_line(args: fmt::Arguments) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    if let Err(e) = written {
        finish_on_write_error(&e);
    }
}

/// Ends the process after a failed write to stdout: quietly for a closed pipe, with a message (and a
/// failure status) for anything else, such as a full disk behind a redirection.
pub fn finish_on_write_error(e: &std::io::Error) -> ! {
    if e.kind() == ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("goodwill: cannot write to standard output: {e}");
    std::process::exit(1);
}

/// `println!` for the command line: see [`write_line`].
macro_rules! outln {
    () => {
        $crate::cli::output::write_line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::write_line(format_args!($($arg)*))
    };
}
pub(crate) use outln;

/// A name as the terminal should show it: control characters (an escape sequence, a NUL) are written
/// as escapes instead of being obeyed. Names recorded by older builds may still hold them.
pub fn printable(name: &str) -> String {
    if name.chars().any(char::is_control) {
        name.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        name.to_owned()
    }
}

/// A line of a message cut to a few hundred characters, saying how long it was: for messages written by
/// others (the argument parser) that repeat a value in full.
pub fn shorten_line(line: &str) -> String {
    const KEEP: usize = 200;
    match line.char_indices().nth(KEEP) {
        Some((cut, _)) => format!("{}… ({} characters)", &line[..cut], line.chars().count()),
        None => line.to_owned(),
    }
}
