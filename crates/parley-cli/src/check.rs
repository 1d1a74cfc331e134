//! `parley check` (not yet implemented).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {}

pub fn run(_args: CheckArgs) -> ExitCode {
    eprintln!("parley: `check` is not implemented yet");
    ExitCode::from(2)
}
