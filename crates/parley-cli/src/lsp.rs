//! `parley lsp`: runs the language server on stdin and stdout.

use std::process::ExitCode;

/// Run the language server on stdin/stdout; editors start it and speak LSP.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  parley lsp             an editor starts this for *.parley files
  parley lsp --stdio     the same, for clients that pass --stdio

Setup for VS Code, Neovim and Helix: see the README's \"Language server\" section.")]
pub struct LspArgs {
    /// Accepted for clients that pass it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: LspArgs) -> ExitCode {
    match parley_lsp::run_stdio() {
        Ok(parley_lsp::Ending::ShutDown) => ExitCode::SUCCESS,
        Ok(parley_lsp::Ending::WithoutShutdown) => {
            eprintln!("parley lsp: the session ended without a `shutdown` request");
            ExitCode::from(1)
        }
        Err(error) => {
            eprintln!("parley lsp: cannot start the server: {error}");
            ExitCode::from(2)
        }
    }
}
