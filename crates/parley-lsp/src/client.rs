//! What the server sends to its client on its own initiative, as a trait,
//! so tests can run the backend in-process and record what it publishes;
//! and the client of a session over stdio, which writes diagnostics to the
//! output itself.

use std::future::Future;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{Diagnostic, MessageType, Uri};

use crate::diagnostics_json::publish_diagnostics_body;
use crate::output::Output;

/// The notifications the backend sends without being asked.
pub trait ClientSink: Clone + Send + Sync + 'static {
    fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) -> impl Future<Output = ()> + Send;

    fn log_message(&self, kind: MessageType, message: String) -> impl Future<Output = ()> + Send;

    /// Whether the sink takes a `publishDiagnostics` notification as JSON
    /// text ([`ClientSink::send_json`]): the server then writes it straight
    /// from the analysis, building no LSP diagnostics.
    fn takes_json(&self) -> bool {
        false
    }

    /// Sends the JSON text of a `publishDiagnostics` notification; called
    /// only when [`ClientSink::takes_json`] says so, on the blocking thread
    /// that checked, where it may wait (not on the async runtime).
    fn send_json(&self, body: Vec<u8>) {
        drop(body);
    }
}

impl ClientSink for Client {
    async fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        Client::publish_diagnostics(self, uri, diagnostics, version).await;
    }

    async fn log_message(&self, kind: MessageType, message: String) {
        Client::log_message(self, kind, message).await;
    }
}

/// The client of a session over stdio: log messages go through the
/// framework, diagnostics are written as JSON text straight to the shared
/// [`Output`] (see [`crate::output`] for why).
#[derive(Clone)]
pub struct StdioClient {
    client: Client,
    output: Output,
}

impl StdioClient {
    pub fn new(client: Client, output: Output) -> Self {
        StdioClient { client, output }
    }
}

impl ClientSink for StdioClient {
    async fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        let written = match publish_diagnostics_body(&uri, &diagnostics, version) {
            Ok(body) => self.output.send(body).await,
            Err(error) => Err(std::io::Error::other(error)),
        };
        // Freed once the client has them.
        drop(diagnostics);
        if let Err(error) = written {
            crate::note!("parley lsp: could not publish diagnostics: {error}");
        }
    }

    async fn log_message(&self, kind: MessageType, message: String) {
        Client::log_message(&self.client, kind, message).await;
    }

    fn takes_json(&self) -> bool {
        true
    }

    fn send_json(&self, body: Vec<u8>) {
        if let Err(error) = self.output.send_blocking(body) {
            crate::note!("parley lsp: could not publish diagnostics: {error}");
        }
    }
}
