//! `parley check`: reads playbooks, checks them, optionally applies the safe
//! fixes, renders the diagnostics and decides the exit code.
//!
//! Streams: human diagnostics, the summary, `--fix` reports and errors go to
//! stderr; stdout carries only data (the JSON or SARIF document, or the fixed
//! text of stdin with `--fix -`). Exit codes: 0 no error, 1 errors (warnings
//! too with `--deny warnings`; hints never count), 2 could not run.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use crate::files::{self, Input, Origin};
use crate::render::{self, FileReport, Summary};
use crate::write::write_atomically;
use parley_ide::fix_all;

/// Check playbooks: syntax errors and conflicts between the two processes.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  parley check                          every *.parley under the current folder
  parley check examples/acme.parley     one playbook
  parley check --format json deals/     one JSON document on stdout
  parley check --fix deals/             apply the safe fixes in place
  cat deal.parley | parley check -      read stdin

Exit status: 0 no error, 1 errors found (warnings too with --deny warnings;
never with --exit-zero), 2 the check could not run.")]
pub struct CheckArgs {
    /// Files or folders to check; folders are searched recursively for
    /// `*.parley` files; `-` reads stdin.
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format: `human` on stderr, `json` or `sarif` on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    /// Apply every safe fix in place (atomically), then report what remains.
    /// With `-`, print the fixed text to stdout instead.
    #[arg(long)]
    fix: bool,

    /// Make warnings fail the run too (exit 1).
    #[arg(long, value_enum, value_name = "LEVEL", conflicts_with = "exit_zero")]
    deny: Option<Deny>,

    /// Exit 0 even when errors are found, to report without failing a job
    /// (a run that cannot check still exits 2).
    #[arg(long)]
    exit_zero: bool,

    /// The name stdin input is shown with.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    stdin_filename: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

/// The exit code of a run that could not do its job.
const COULD_NOT_RUN: u8 = 2;

pub fn run(args: CheckArgs) -> ExitCode {
    match execute(&args) {
        Ok(code) => code,
        Err(problems) => {
            for problem in problems {
                crate::say!("parley: {problem}");
            }
            ExitCode::from(COULD_NOT_RUN)
        }
    }
}

/// Checks everything, or returns the problems that stopped the run.
fn execute(args: &CheckArgs) -> Result<ExitCode, Vec<String>> {
    let inputs = files::discover(&args.paths, &args.stdin_filename)?;
    let stdin_fix = args.fix && inputs.iter().any(Input::is_stdin);
    if stdin_fix && args.format != Format::Human {
        return Err(vec![format!(
            "--fix with `-` prints the fixed text on stdout, so it cannot be combined with --format {}",
            format_name(args.format)
        )]);
    }
    if stdin_fix && inputs.len() > 1 {
        return Err(vec![
            "--fix with `-` prints the fixed text on stdout: check stdin on its own".to_string(),
        ]);
    }

    let mut texts = Vec::with_capacity(inputs.len());
    let mut unreadable = Vec::new();
    for input in &inputs {
        match files::read(input) {
            Ok(text) => texts.push(text),
            Err(problem) => unreadable.push(problem),
        }
    }
    if !unreadable.is_empty() {
        return Err(unreadable);
    }

    // Files are checked (and fixed) on every core; the outcomes come back in
    // input order, so the output never depends on which file finished first.
    let work: Vec<(&Input, String)> = inputs.iter().zip(texts).collect();
    let outcomes = in_parallel(work, |(input, text)| check_one(input, text, args.fix));
    let mut reports = Vec::with_capacity(outcomes.len());
    let mut write_problems = Vec::new();
    let mut fixed_stdin = None;
    for outcome in outcomes {
        reports.push(outcome.report);
        write_problems.extend(outcome.write_problem);
        if outcome.fixed_stdin.is_some() {
            fixed_stdin = outcome.fixed_stdin;
        }
    }

    // What the checks freed goes back before the output is drawn, and what
    // the output's growing blocks leave behind as they grow.
    crate::allocator::checks_done();
    let color = use_color(args.color);
    // Buffered: a large run prints many small pieces, and an unbuffered
    // stderr (or a line-buffered stdout) would make one write call each.
    let mut stderr = io::BufWriter::with_capacity(1 << 16, io::stderr().lock());
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let rendered = render_run(
        args.format,
        color,
        &reports,
        fixed_stdin,
        &mut stdout,
        &mut stderr,
    );
    if let Err(error) = rendered {
        if error.kind() != io::ErrorKind::BrokenPipe {
            write_problems.push(format!("cannot write the output: {error}"));
        }
    }
    for problem in &write_problems {
        let _ = writeln!(stderr, "parley: {problem}");
    }
    let _ = stderr.flush();
    if !write_problems.is_empty() {
        return Ok(ExitCode::from(COULD_NOT_RUN));
    }

    let summary = Summary::of(&reports);
    let fails = !args.exit_zero
        && (summary.counts.errors > 0
            || (args.deny == Some(Deny::Warnings) && summary.counts.warnings > 0));
    Ok(if fails {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What checking one input produced.
struct Outcome {
    report: FileReport,
    /// The fixed text of stdin, with `--fix -`.
    fixed_stdin: Option<String>,
    /// Why the fixed file could not be written.
    write_problem: Option<String>,
}

/// Checks one input, or with `fix` applies its safe fixes (writing the file
/// atomically) and checks what remains.
fn check_one(input: &Input, text: String, fix: bool) -> Outcome {
    if !fix {
        let checked = parley_check::check_text(&text);
        return Outcome {
            report: FileReport::new(input.name.clone(), text, checked.diagnostics),
            fixed_stdin: None,
            write_problem: None,
        };
    }
    let outcome = fix_all(&text);
    let mut applied = outcome.applied;
    let mut fixed_stdin = None;
    match &input.origin {
        Origin::Stdin => fixed_stdin = Some(outcome.text.clone()),
        Origin::File(path) if outcome.text != text => {
            if let Err(problem) = write_atomically(path, &input.name, &outcome.text) {
                applied.clear();
                return Outcome {
                    report: checked_report(input, &text, applied),
                    fixed_stdin,
                    write_problem: Some(problem),
                };
            }
        }
        Origin::File(_) => {}
    }
    // The last round checked the fixed text: its diagnostics are the report's.
    let mut report = FileReport::new(input.name.clone(), outcome.text, outcome.diagnostics);
    report.applied = applied;
    Outcome {
        report,
        fixed_stdin,
        write_problem: None,
    }
}

/// Runs `work` on every item on all cores (scoped threads sharing one work
/// queue) and returns the results in the items' order.
fn in_parallel<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.into_iter().map(work).collect();
    }
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let next = || {
        queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .next()
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Every core already checks a file of its own.
                    parley_check::allow_helper_thread(false);
                    let mut results = Vec::new();
                    while let Some((index, item)) = next() {
                        results.push((index, work(item)));
                    }
                    results
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(results) => results,
                // A panic in a worker is the panic it would have been on one thread.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

fn checked_report(input: &Input, text: &str, applied: Vec<parley_ide::AppliedFix>) -> FileReport {
    let checked = parley_check::check_text(text);
    let mut report = FileReport::new(input.name.clone(), text, checked.diagnostics);
    report.applied = applied;
    report
}

fn render_run(
    format: Format,
    color: bool,
    reports: &[FileReport],
    fixed_stdin: Option<String>,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> io::Result<()> {
    for line in render::human::fixed_lines(reports) {
        writeln!(stderr, "{line}")?;
    }
    match format {
        Format::Human => {
            if let Some(text) = fixed_stdin {
                stdout.write_all(text.as_bytes())?;
                stdout.flush()?;
            }
            render::human::render(reports, color, stderr)?;
            writeln!(
                stderr,
                "{}",
                render::human::summary_line(&Summary::of(reports))
            )?;
        }
        Format::Json => render::json::render(reports, stdout)?,
        Format::Sarif => render::sarif::render(reports, stdout)?,
    }
    stdout.flush()?;
    stderr.flush()
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
            !no_color && io::stderr().is_terminal()
        }
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Human => "human",
        Format::Json => "json",
        Format::Sarif => "sarif",
    }
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn parallel_results_come_back_in_input_order() {
        // Uneven work, so threads finish out of order.
        let items: Vec<u64> = (0..200).collect();
        let results = in_parallel(items, |n| {
            let spin = (200 - n) * 500;
            (0..spin).fold(n, |acc, i| acc.wrapping_add(i % 2)) - spin / 2
        });
        assert_eq!(results, (0..200).collect::<Vec<u64>>());
    }

    #[test]
    fn no_items_and_one_item_need_no_thread() {
        assert!(in_parallel(Vec::<u8>::new(), |n| n).is_empty());
        assert_eq!(in_parallel(vec![7], |n| n * 2), [14]);
    }
}
