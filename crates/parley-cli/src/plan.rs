//! `parley plan`: prints the negotiated process as a mutual action plan, in
//! Markdown, JSON, CSV or a Mermaid Gantt chart. The plan itself is built
//! and rendered by `parley_check::plan`; this module reads the file and
//! writes stdout.
//!
//! A playbook with syntax or name errors (`E001`, `N001`-`N007` at error
//! severity) is not planned: those errors hide steps, people or dates, and a
//! plan that silently leaves them out would be signed as if complete. The
//! command says so on stderr, points to `parley check`, and exits 1. Process
//! conflicts and late dates do not stop it: the plan is how they are settled.
//! Exit 2: an unreadable path, a file that is not UTF-8, bad usage.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use parley_check::plan::MutualActionPlan;
use parley_check::{Analysis, analyze};
use parley_syntax::Severity;

use crate::files::{self, Input, Origin};

/// Print the negotiated process as a mutual action plan.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  parley plan examples/acme.parley                    a Markdown table
  parley plan --format csv examples/acme.parley       for a spreadsheet
  parley plan --format mermaid examples/acme.parley   a Gantt chart

Dates count working days from the playbook's `starts` (weekends skipped).
Exit status: 0 printed, 1 the playbook has syntax or name errors (run
`parley check`) or, for a Gantt chart, no `starts` date; 2 could not run.")]
pub struct PlanArgs {
    /// The playbook to plan; `-` reads stdin.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Markdown)]
    format: PlanFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PlanFormat {
    Markdown,
    Json,
    Csv,
    Mermaid,
}

pub fn run(args: PlanArgs) -> ExitCode {
    let analysis = match load("plan", &args.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let plan = MutualActionPlan::new(&analysis);
    let text = match args.format {
        PlanFormat::Markdown => plan.to_markdown(),
        PlanFormat::Json => plan.to_json(),
        PlanFormat::Csv => plan.to_csv(),
        PlanFormat::Mermaid => match plan.to_mermaid() {
            Ok(text) => text,
            Err(problem) => {
                crate::say!("parley plan: {}: {problem}", args.file.display());
                return ExitCode::FAILURE;
            }
        },
    };
    crate::streams::print(&text)
}

/// Reads and analyses the playbook a picture is drawn from, or says on
/// stderr why not and returns the exit code: 2 when it cannot be read, 1
/// when it has syntax or name errors.
pub(crate) fn load(command: &str, path: &Path) -> Result<Analysis, ExitCode> {
    let input = if path.as_os_str() == "-" {
        Input {
            name: "<stdin>".to_string(),
            origin: Origin::Stdin,
        }
    } else {
        Input {
            name: path.display().to_string(),
            origin: Origin::File(path.to_path_buf()),
        }
    };
    let text = files::read(&input).map_err(|problem| {
        crate::say!("parley {command}: {problem}");
        ExitCode::from(2)
    })?;
    let analysis = analyze(&text);
    let blocking = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| d.code.starts_with('E') || d.code.starts_with('N'))
        .count();
    if blocking > 0 {
        let what = if blocking == 1 {
            "a syntax or name error".to_string()
        } else {
            format!("{blocking} syntax or name errors")
        };
        let shown = if input.origin == Origin::Stdin {
            "-".to_string()
        } else {
            input.name.clone()
        };
        crate::say!(
            "parley {command}: {} has {what}, which may hide steps, people or dates: fix them first (`parley check {shown}` shows them)",
            input.name
        );
        return Err(ExitCode::FAILURE);
    }
    Ok(analysis)
}
