//! `parley explain` (not yet implemented).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {}

pub fn run(_args: ExplainArgs) -> ExitCode {
    eprintln!("parley: `explain` is not implemented yet");
    ExitCode::from(2)
}
