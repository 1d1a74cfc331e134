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
/// framework, diagnostics are serialised straight to text and written to
/// the shared [`Output`] (see [`crate::output`] for why).
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
            Ok(body) => self.output.send(&body).await,
            Err(error) => Err(std::io::Error::other(error)),
        };
        // Freed once the client has them.
        drop(diagnostics);
        if let Err(error) = written {
            eprintln!("parley lsp: could not publish diagnostics: {error}");
        }
    }

    async fn log_message(&self, kind: MessageType, message: String) {
        Client::log_message(&self.client, kind, message).await;
    }
}
