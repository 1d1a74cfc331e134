//! The command's two streams, written so that neither can make it panic.
//!
//! Data goes to stdout, where a reader that stops early (`parley plan
//! deal.parley | head`) is not an error: the rest of the output is dropped,
//! nothing is reported, and the command's exit status is what it would have
//! been. Rust ignores `SIGPIPE`, so a write to a closed pipe fails with
//! `BrokenPipe`, and `println!` would panic on it.
//!
//! Messages go to stderr through [`say!`](crate::say), which loses a line
//! when stderr is gone (`2>&1 | head`) rather than panicking, as
//! `eprintln!` would: the exit status still tells what happened.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;

/// Writes `text` to stdout and flushes it; `Ok` when the reader is gone.
pub fn write_data(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes a command's whole output with [`write_data`]: success, or exit
/// status 2 and the reason on stderr when stdout cannot be written (a
/// reader that stopped early is not a failure).
pub fn print(text: &str) -> ExitCode {
    match write_data(text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            crate::say!("parley: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}

/// Writes one line to stderr, ignoring a failure to (see [`say!`](crate::say)).
pub fn say_line(line: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// `eprintln!` that never panics: a line for stderr, dropped if stderr is
/// closed.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::streams::say_line(format_args!($($arg)*))
    };
}
