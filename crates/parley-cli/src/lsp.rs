//! `parley lsp` (not yet implemented).

use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct LspArgs {}

pub fn run(_args: LspArgs) -> ExitCode {
    eprintln!("parley: `lsp` is not implemented yet");
    ExitCode::from(2)
}
