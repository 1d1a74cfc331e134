//! What the server sends to its client on its own initiative, as a trait,
//! so tests can run the backend in-process and record what it publishes.

use std::future::Future;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{Diagnostic, MessageType, Uri};

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
