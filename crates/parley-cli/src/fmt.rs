//! `parley fmt`: formats playbooks in the canonical style, in place
//! (atomically, only the files whose text changes), or reports the files
//! that would change (`--check`, with a unified diff under `--diff`).
//!
//! Streams: stdout carries only data (the formatted text of stdin, the
//! diffs); the report of each file (`formatted PATH`, `would format PATH`)
//! and every error go to stderr. Exit codes: 0 done (or nothing would
//! change), 1 with `--check` when a file would change, 2 when a file could
//! not be read, parsed or written (the other files are still processed).

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parley_syntax::{FormatError, FormatErrorKind, format};
use similar::TextDiff;

use crate::files::{self, Input, Origin};
use crate::write::write_atomically;

/// Format playbooks in the canonical style.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  parley fmt                            every *.parley under the current folder
  parley fmt examples/acme.parley       one playbook, in place
  parley fmt --check                    list the files that would change (exit 1)
  parley fmt --diff deals/              show the changes as a unified diff, write nothing
  cat deal.parley | parley fmt -        format stdin to stdout

A file with syntax errors is left untouched. Exit status: 0 done, 1 with
--check when a file would change, 2 a file could not be read, parsed or written.")]
pub struct FmtArgs {
    /// Files or folders to format; folders are searched recursively for
    /// `*.parley` files; `-` formats stdin to stdout.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Write nothing: list the files that would change, and exit 1 if any would.
    #[arg(long)]
    check: bool,

    /// Print a unified diff of each change instead of writing it (implies --check).
    #[arg(long)]
    diff: bool,

    /// The name stdin input is shown with.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
}

/// The exit code of a run that could not do its job.
const COULD_NOT_RUN: u8 = 2;
/// The exit code of `--check` when a file would change.
const WOULD_CHANGE: u8 = 1;

/// What happened to one playbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Already formatted (or written to stdout).
    Unchanged,
    /// Rewritten in place.
    Formatted,
    /// Would change (`--check`).
    WouldChange,
    /// Could not be read, parsed or written; a message was printed.
    Failed,
}

pub fn run(args: FmtArgs) -> ExitCode {
    let inputs = match files::discover(&args.paths, &args.stdin_filename) {
        Ok(inputs) => inputs,
        Err(problems) => {
            for problem in problems {
                crate::say!("parley: {problem}");
            }
            return ExitCode::from(COULD_NOT_RUN);
        }
    };
    let check = args.check || args.diff;
    if inputs.len() > 1 {
        crate::allocator::keep_between_files();
    }
    let mut failed = false;
    let mut would_change = false;
    for input in &inputs {
        match format_input(input, check, args.diff) {
            Outcome::Failed => failed = true,
            Outcome::WouldChange => would_change = true,
            Outcome::Unchanged | Outcome::Formatted => {}
        }
    }
    if failed {
        ExitCode::from(COULD_NOT_RUN)
    } else if would_change {
        ExitCode::from(WOULD_CHANGE)
    } else {
        ExitCode::SUCCESS
    }
}

/// Formats one playbook, reporting what happened on stderr.
fn format_input(input: &Input, check: bool, diff: bool) -> Outcome {
    let text = match files::read(input) {
        Ok(text) => text,
        Err(problem) => {
            crate::say!("parley: {problem}");
            return Outcome::Failed;
        }
    };
    let formatted = match format(&text) {
        Ok(formatted) => formatted,
        Err(error) => {
            crate::say!("parley: {}", refusal(&input.name, &error));
            return Outcome::Failed;
        }
    };
    let changed = formatted != text;
    if check {
        if !changed {
            return Outcome::Unchanged;
        }
        if diff {
            let written = print_stdout(&unified_diff(&input.name, &text, &formatted));
            if let Err(problem) = written {
                crate::say!("parley: {problem}");
                return Outcome::Failed;
            }
        } else {
            crate::say!("would format {}", input.name);
        }
        return Outcome::WouldChange;
    }
    match &input.origin {
        Origin::Stdin => match print_stdout(&formatted) {
            Ok(()) => Outcome::Unchanged,
            Err(problem) => {
                crate::say!("parley: {problem}");
                Outcome::Failed
            }
        },
        Origin::File(_) if !changed => Outcome::Unchanged,
        Origin::File(path) => match rewrite(path, &input.name, &formatted) {
            Ok(()) => {
                crate::say!("formatted {}", input.name);
                Outcome::Formatted
            }
            Err(problem) => {
                crate::say!("parley: {problem}");
                Outcome::Failed
            }
        },
    }
}

/// Why a file was left untouched, as one line: `PATH:LINE:COLUMN: ...`.
fn refusal(name: &str, error: &FormatError) -> String {
    let why = match error.kind {
        FormatErrorKind::Syntax => format!("syntax error: {}", error.message),
        FormatErrorKind::Lossy => format!(
            "the formatter would have changed a token here ({}); this is a bug in parley fmt",
            error.message
        ),
    };
    format!(
        "{name}:{}:{}: not formatted, the file is left untouched: {why}",
        error.line, error.column
    )
}

/// Replaces the file with its formatted text, atomically; a read-only file
/// is refused first, with a message of its own.
fn rewrite(path: &Path, name: &str, formatted: &str) -> Result<(), String> {
    let writable = std::fs::metadata(path).is_ok_and(|metadata| !metadata.permissions().readonly())
        && OpenOptions::new().write(true).open(path).is_ok();
    if !writable {
        return Err(format!(
            "{name}: the file is read-only; it was not formatted and is untouched"
        ));
    }
    write_atomically(path, name, formatted)
}

/// A unified diff from the file's text to its formatted text.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}

/// Writes to stdout; a reader that stopped early (`parley fmt - | head`) is
/// not an error.
fn print_stdout(text: &str) -> Result<(), String> {
    crate::streams::write_data(text)
        .map_err(|error| format!("cannot write to stdout: {}", files::describe(&error)))
}
