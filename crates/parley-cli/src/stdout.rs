//! Writing a command's data to stdout, where a reader that stops early
//! (`parley plan deal.parley | head`) is not an error: the rest of the
//! output is dropped, nothing is reported, and the command's exit status
//! is what it would have been. Rust ignores `SIGPIPE`, so a write to a
//! closed pipe fails with `BrokenPipe`, and `println!` would panic on it.

use std::io::{self, Write};

/// Writes `text` to stdout and flushes it; `Ok` when the reader is gone.
pub fn write(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
