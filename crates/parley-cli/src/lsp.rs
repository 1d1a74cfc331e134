//! `parley lsp`: runs the language server on stdin and stdout.

use std::process::ExitCode;

/// Run the language server on stdin/stdout (editors start it; it speaks LSP).
///
/// Example: configure your editor to run `parley lsp` for `*.parley` files.
#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

pub fn run(_args: LspArgs) -> ExitCode {
    match parley_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("parley lsp: cannot start the server: {error}");
            ExitCode::from(2)
        }
    }
}
