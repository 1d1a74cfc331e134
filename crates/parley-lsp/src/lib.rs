//! The Parley language server: documents and versions, ordered edits,
//! checks published after a debounce, and the conversion between byte
//! spans and LSP positions. Analysis lives in `parley-ide`; this crate only
//! converts its plain data to LSP types, at one encoding boundary
//! ([`encoding`]).

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
pub async fn serve_stdio(give_back: fn()) -> std::io::Result<Ending> {
    let output = Output::on_thread(stdout())?;
    let arrivals = transport::Arrivals::default();
    let mut backend = None;
    let (service, socket) = LspService::new(|client| {
        let server = Backend::new(StdioClient::new(client, output.clone()))
            .giving_back_memory_with(give_back)
            .timing_changes_from(arrivals.clone());
        backend = Some(server.clone());
        server
    });
    let stdin = transport::guard(tokio::io::stdin(), output.clone(), arrivals);
    Server::new(stdin, output.framework(), socket)
        .serve(service)
        .await;
    let ending = if backend.as_ref().is_some_and(Backend::is_shut_down) {
        Ending::ShutDown
    } else {
        Ending::WithoutShutdown
    };
    // What is still queued goes out before the process ends; a client
    // that stopped reading gets a second.
    if !output.drain(std::time::Duration::from_secs(1)).await {
        note!("parley lsp: messages still queued for the client were not written");
    }
    Ok(ending)
}

/// The process's standard output, written without the line buffer of
/// [`std::io::stdout`] (which would write a message's header and body in
/// two calls): a second descriptor of it, where there can be one.
fn stdout() -> Box<dyn std::io::Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        if let Ok(descriptor) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(descriptor));
        }
    }
    Box::new(std::io::stdout())
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
    ending
}
