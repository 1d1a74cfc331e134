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
    // Before the runtime starts its threads.
    crate::allocator::configure_for_server();
    // A closed document's memory goes back to the system: an editor's
    // server runs for hours, and one large playbook opened once would
    // otherwise stay in it.
    match parley_lsp::run_stdio(crate::allocator::give_back) {
        Ok(parley_lsp::Ending::ShutDown) => ExitCode::SUCCESS,
        Ok(parley_lsp::Ending::WithoutShutdown) => {
            crate::say!("parley lsp: the session ended without a `shutdown` request");
            ExitCode::from(1)
        }
        Err(error) => {
            crate::say!("parley lsp: cannot start the server: {error}");
            ExitCode::from(2)
        }
    }
}
