//! The `parley` command: argument parsing, files, renderers and exit codes.
//! Analysis lives in the library crates; this crate only drives them.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod allocator;
mod check;
mod explain;
mod files;
mod fmt;
mod graph;
#[cfg(test)]
mod hot_code;
mod lsp;
mod plan;
mod render;
mod rules;
mod streams;
mod write;

/// The system's allocator, with large blocks in huge pages (see
/// `allocator.rs`).
#[global_allocator]
static ALLOCATOR: allocator::Allocator = allocator::Allocator;

/// Parley: sales playbooks where the seller's and the buyer's processes meet.
#[derive(Parser, Debug)]
#[command(
    name = "parley",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "\
Examples:
  parley check                          check every *.parley under the current folder
  parley fmt deals/                     format the playbooks of a folder in place
  parley plan deals/acme.parley         the negotiated process as a mutual action plan
  parley explain P101                   what a diagnostic code means and how to fix it

`parley COMMAND --help` shows a command's options and examples."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check playbooks for syntax errors and conflicts between the two processes.
    Check(check::CheckArgs),
    /// Format playbooks in the canonical style.
    Fmt(fmt::FmtArgs),
    /// Print the negotiated process as a mutual action plan.
    Plan(plan::PlanArgs),
    /// Draw both processes, their dependencies and conflicts.
    Graph(graph::GraphArgs),
    /// Explain a diagnostic code, with a minimal example and the fix.
    Explain(explain::ExplainArgs),
    /// Run the language server on stdin/stdout.
    Lsp(lsp::LspArgs),
}

fn main() -> ExitCode {
    allocator::configure();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help and version to stdout (exit 0), usage errors to stderr.
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Lsp(args) => lsp::run(args),
    }
}
