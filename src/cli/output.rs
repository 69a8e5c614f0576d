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

/// A line of a message written by others (the argument parser) that repeats a value in full: every
/// value in '…' or `…` longer than 80 characters is quoted by [`goodwill_engine::quote`], and the line is
/// cut to a few hundred characters, so a 1 MB argument prints one line.
pub fn shorten_line(line: &str) -> String {
    const KEEP: usize = 400;
    let parts: Vec<&str> = line.split('\'').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1;
        let closed = i + 1 < parts.len();
        if !quoted {
            out.push_str(part);
        } else if closed && part.chars().count() > goodwill_engine::text::QUOTE_CHARS {
            out.push_str(&goodwill_engine::quote(part));
        } else {
            out.push('\'');
            out.push_str(part);
            if closed {
                out.push('\'');
            }
        }
    }
    let out = goodwill_engine::text::shorten_quoted(&out);
    match out.char_indices().nth(KEEP) {
        Some((cut, _)) => format!("{}… ({} characters)", &out[..cut], out.chars().count()),
        None => out,
    }
}
