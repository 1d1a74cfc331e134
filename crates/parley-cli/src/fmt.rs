//! `parley fmt` (not yet implemented).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct FmtArgs {}

pub fn run(_args: FmtArgs) -> ExitCode {
    eprintln!("parley: `fmt` is not implemented yet");
    ExitCode::from(2)
}
