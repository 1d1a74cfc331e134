//! The Parley language server: documents and versions, ordered edits,
//! debounced checks, and the conversion between byte spans and LSP
//! positions. Analysis lives in `parley-ide`; this crate only converts its
//! plain data to LSP types, at one encoding boundary ([`encoding`]).

/// A line for stderr, the server's log, dropped if stderr is closed: an
/// editor that discards it must not make the server panic.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}
pub(crate) use note;

mod backend;
mod client;
mod convert;
mod diagnostics_json;
mod documents;
pub mod encoding;
mod output;
mod transport;

pub use backend::{Backend, DEBOUNCE};
pub use client::{ClientSink, StdioClient};
pub use diagnostics_json::publish_diagnostics_body;
pub use output::Output;

use tower_lsp_server::{LspService, Server};

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// `shutdown`, then `exit` (or stdin closed): the process exits with 0.
    ShutDown,
    /// `exit`, or stdin closed, without `shutdown` first: LSP asks for
    /// exit code 1.
    WithoutShutdown,
}

/// Serves the language server on stdin and stdout until the client says
/// `exit` or closes stdin; `give_back` hands memory back to the system once
/// a closed document is freed (see [`Backend::giving_back_memory_with`]).
pub async fn serve_stdio(give_back: fn()) -> Ending {
    let output = Output::new(tokio::io::stdout());
    let mut backend = None;
    let (service, socket) = LspService::new(|client| {
        let server = Backend::new(StdioClient::new(client, output.clone()))
            .giving_back_memory_with(give_back);
        backend = Some(server.clone());
        server
    });
    let stdin = transport::guard(tokio::io::stdin(), output.clone());
    Server::new(stdin, output.framework(), socket)
        .serve(service)
        .await;
    if backend.is_some_and(|backend| backend.is_shut_down()) {
        Ending::ShutDown
    } else {
        Ending::WithoutShutdown
    }
}

/// Runs [`serve_stdio`] on a current-thread runtime of its own: the
/// server's async work is reading, dispatching and writing messages, and
/// its checks and large frees run on the runtime's blocking threads.
pub fn run_stdio(give_back: fn()) -> std::io::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let ending = runtime.block_on(serve_stdio(give_back));
    // A read of stdin may still be pending (a client need not close it
    // after `exit`): do not wait for it.
    runtime.shutdown_background();
    Ok(ending)
}
