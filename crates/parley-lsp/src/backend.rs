//! The language server: the `LanguageServer` handlers, generic over the
//! [`ClientSink`] they publish to.
//!
//! Handlers run concurrently, so each notification that changes a document
//! applies its change synchronously, before its first `.await`, and refuses
//! versions that go backwards. Each version is checked as it arrives, one
//! version of a document at a time, and its diagnostics are published once
//! it has stayed current for a short debounce, and only if it still is.
//! Every analysis runs under `catch_unwind`: a panic fails its request with
//! an internal error and leaves the server running.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

use parley_ide::Analysis;
use parley_syntax::{Encoding, LineIndex, Span};
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CodeActionResponse, CompletionOptions, CompletionParams,
    CompletionResponse, Diagnostic, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, DocumentHighlight, DocumentHighlightKind,
    DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange,
    FoldingRangeParams, FoldingRangeProviderCapability, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, HoverProviderCapability, InitializeParams,
    InitializeResult, InitializedParams, InlayHint, InlayHintParams, Location, MarkupKind,
    MessageType, OneOf, Position, PrepareRenameResponse, ReferenceParams, RenameOptions,
    RenameParams, SelectionRange, SelectionRangeParams, SelectionRangeProviderCapability,
    SemanticTokens, SemanticTokensFullOptions, SemanticTokensOptions, SemanticTokensParams,
    SemanticTokensResult, SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo,
    TextDocumentPositionParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextEdit, Uri, WorkDoneProgressOptions, WorkspaceEdit,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::client::ClientSink;
use crate::convert;
use crate::documents::Documents;
use crate::encoding::{self, PositionCursor, Positions};
use crate::transport::Arrivals;

/// How long a document must stay unchanged before its diagnostics are
/// published (it is checked meanwhile).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The server's state, shared by every handler.
struct State {
    documents: Mutex<Documents>,
    encoding: RwLock<Encoding>,
    /// How hovers are written: Markdown unless the client reads only plain text.
    hover_format: RwLock<MarkupKind>,
    /// Held while deciding to publish and publishing, so a document's
    /// diagnostics are never published out of order.
    publishing: tokio::sync::Mutex<()>,
    debounce: Duration,
    /// Whether the client asked for `shutdown`: `exit` then ends the
    /// process with code 0, and with 1 otherwise, as LSP asks.
    shut_down: AtomicBool,
}

/// What a check of one version came to.
enum Publication {
    /// Its diagnostics, for the async side to publish once the quiet ends.
    Diagnostics(Vec<Diagnostic>),
    /// Published already, as JSON text, by the thread that checked, which
    /// then built what hover, completion and the other requests read
    /// besides the check, rather than leave it to the first request.
    Sent,
}

/// Whether a request for the kinds `only` asks for actions of `kind`: one
/// of them is `kind` or a kind above it (`source` is above
/// `source.fixAll.parley`).
fn asks_for(only: &[CodeActionKind], kind: &str) -> bool {
    only.iter().any(|asked| {
        let asked = asked.as_str();
        asked.is_empty()
            || kind == asked
            || kind
                .strip_prefix(asked)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// One document's analysis at one version, with what converts its positions.
struct Snapshot {
    version: i32,
    index: Arc<LineIndex>,
    analysis: Arc<Analysis>,
    encoding: Encoding,
}

impl Snapshot {
    fn positions(&self) -> Positions<'_> {
        Positions::new(&self.index, self.encoding)
    }

    /// Every diagnostic of this version, as published: in source order, so
    /// their positions are found walking forward through the lines.
    fn diagnostics(&self, uri: &Uri) -> Vec<Diagnostic> {
        let mut cursors = [
            PositionCursor::new(self.positions()),
            PositionCursor::new(self.positions()),
        ];
        self.analysis
            .diagnostics()
            .iter()
            .map(|diagnostic| convert::diagnostic_at(&mut cursors, uri, diagnostic))
            .collect()
    }

    /// The `publishDiagnostics` notification of this version as JSON text,
    /// written straight from the analysis.
    fn diagnostics_json(&self, uri: &Uri) -> serde_json::Result<Vec<u8>> {
        crate::diagnostics_json::publish_analysis_body(
            uri,
            self.analysis.diagnostics(),
            self.positions(),
            Some(self.version),
        )
    }

    /// The offset of a position from the client, or an error naming it.
    fn offset(&self, position: Position) -> Result<usize> {
        self.positions().offset(position).ok_or_else(|| {
            Error::invalid_params(format!(
                "position {}:{} is outside the document ({} lines)",
                position.line,
                position.character,
                self.index.line_count()
            ))
        })
    }
}

/// The Parley language server.
#[derive(Clone)]
pub struct Backend<C> {
    client: C,
    state: Arc<State>,
    /// Called once a closed document's text and analysis are freed (see
    /// [`Backend::giving_back_memory_with`]).
    give_back: fn(),
    /// When the transport read each message, if the server has one (see
    /// [`Backend::timing_changes_from`]).
    arrivals: Option<Arrivals>,
}

impl<C: ClientSink> Backend<C> {
    pub fn new(client: C) -> Self {
        Self::with_debounce(client, DEBOUNCE)
    }

    /// A server that publishes a version's diagnostics once it has stayed
    /// unchanged for `debounce` after its change arrived.
    pub fn with_debounce(client: C, debounce: Duration) -> Self {
        Backend {
            client,
            state: Arc::new(State {
                documents: Mutex::new(Documents::default()),
                encoding: RwLock::new(Encoding::Utf16),
                hover_format: RwLock::new(MarkupKind::Markdown),
                publishing: tokio::sync::Mutex::new(()),
                debounce,
                shut_down: AtomicBool::new(false),
            }),
            give_back: || {},
            arrivals: None,
        }
    }

    /// A server that calls `give_back` each time a closed document's text,
    /// line index and analysis have been freed, from a blocking thread.
    ///
    /// The process's allocator keeps what a program frees for its next
    /// allocations: a session that opened a 10 MB playbook, then closed it,
    /// would hold its 200 MB for as long as the editor runs. The binary that
    /// sets up the allocator knows how to hand that memory back
    /// (`parley lsp` passes glibc's `malloc_trim`); the server only says
    /// when. Not after each check: a document's next version reuses what its
    /// last one freed, and handing it back would make the next check fault
    /// it in again.
    #[must_use]
    pub fn giving_back_memory_with(self, give_back: fn()) -> Self {
        Backend { give_back, ..self }
    }

    /// A server whose quiet after a change counts from when the transport
    /// read the change, as marked on `arrivals`, rather than from when its
    /// handler runs: after a moment of quiet, the framework takes a
    /// millisecond or more to decode and dispatch a message whose code has
    /// left the processor's caches, and the debounce is the user's pause,
    /// not the framework's.
    #[must_use]
    pub(crate) fn timing_changes_from(self, arrivals: Arrivals) -> Self {
        Backend {
            arrivals: Some(arrivals),
            ..self
        }
    }

    /// When the change being handled arrived: when the transport read it
    /// (no later than now), or now for a server without one.
    fn arrival(&self) -> Instant {
        let now = Instant::now();
        self.arrivals
            .as_ref()
            .and_then(Arrivals::last)
            .map_or(now, |read| read.min(now))
    }

    /// Whether the client has asked for `shutdown`.
    pub fn is_shut_down(&self) -> bool {
        self.state.shut_down.load(Ordering::SeqCst)
    }

    fn documents(&self) -> MutexGuard<'_, Documents> {
        self.state
            .documents
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn encoding(&self) -> Encoding {
        *self
            .state
            .encoding
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The analysis of the document's current version (computed now if no
    /// one asked for it yet), or `None` when the document is not open.
    fn snapshot(&self, uri: &Uri) -> Result<Option<Snapshot>> {
        let encoding = self.encoding();
        let document = match self.documents().get(uri) {
            Some(document) => document.clone(),
            None => return Ok(None),
        };
        let analysis = match document.analysis {
            Some(analysis) => analysis,
            None => {
                let index = Arc::clone(&document.index);
                // No helper threads for a large document's check: the
                // server's threads share one heap (`M_ARENA_MAX`), where
                // two threads' allocations wait on each other's lock (see
                // "Helper threads for a large playbook" in PERFORMANCE.md).
                parley_check::allow_helper_thread(false);
                let analysis = Arc::new(guarded("analysis", || Analysis::of_indexed(index))?);
                self.documents()
                    .store_analysis(uri, document.version, Arc::clone(&analysis));
                analysis
            }
        };
        Ok(Some(Snapshot {
            version: document.version,
            index: document.index,
            analysis,
            encoding,
        }))
    }

    fn current_version(&self, uri: &Uri) -> Option<i32> {
        self.documents().get(uri).map(|document| document.version)
    }

    /// Checks `version` of a document at once, and publishes its
    /// diagnostics at `quiet_ends` (the debounce after the change arrived)
    /// if it is still the current version then.
    ///
    /// The check runs during the quiet rather than after it: what the user
    /// waits for once they stop typing is the quiet alone, not the quiet
    /// and then the check. A check whose version is replaced before its
    /// quiet ends is never published, as with a check made after the quiet;
    /// it costs a check's work (about a millisecond at 2,000 lines). A
    /// document's versions are checked one at a time, each after the check
    /// before it ends (`Document::checking`): a version replaced while it
    /// waited for its turn is not checked at all, so checks started as fast
    /// as the user types never pile up. A check that takes longer than the
    /// quiet publishes as soon as it is done.
    ///
    /// The diagnostics are published from the thread that checked, which
    /// waits out the rest of the quiet itself: one thread woken when the
    /// quiet ends, at the time asked, where the runtime's timer (whole
    /// milliseconds, rounded up) and then a handover to a blocking thread
    /// would each add a little.
    fn schedule_check(&self, uri: Uri, version: i32, quiet_ends: Instant) {
        let backend = self.clone();
        tokio::spawn(async move {
            let Some(checking) = backend
                .documents()
                .get(&uri)
                .map(|document| Arc::clone(&document.checking))
            else {
                return;
            };
            let turn = checking.lock_owned().await;
            if backend.current_version(&uri) != Some(version) {
                return;
            }
            // Off the async workers: a long check must not delay reading
            // the next messages. The diagnostics are converted there too.
            let checked = tokio::task::spawn_blocking({
                let backend = backend.clone();
                let uri = uri.clone();
                move || {
                    let snapshot = backend.snapshot(&uri)?;
                    let Some(snapshot) = snapshot.filter(|snapshot| snapshot.version == version)
                    else {
                        return Ok(None);
                    };
                    if !backend.client.takes_json() {
                        return Ok(Some(Publication::Diagnostics(snapshot.diagnostics(&uri))));
                    }
                    let body = snapshot.diagnostics_json(&uri).map_err(|error| Error {
                        code: ErrorCode::InternalError,
                        message: format!("diagnostics as JSON: {error}").into(),
                        data: None,
                    })?;
                    // The next version may be checked while this one waits;
                    // its analysis stays with the document while current.
                    drop(turn);
                    drop(snapshot);
                    let rest = quiet_ends.saturating_duration_since(Instant::now());
                    if !rest.is_zero() {
                        std::thread::sleep(rest);
                    }
                    let publishing = backend.state.publishing.blocking_lock();
                    let Some(analysis) = backend.current_analysis(&uri, version) else {
                        return Ok(None);
                    };
                    backend.client.send_json(body);
                    drop(publishing);
                    prepare_requests(&analysis);
                    Ok(Some(Publication::Sent))
                }
            })
            .await
            .unwrap_or_else(|_| Err(Error::internal_error()));
            let publication = match checked {
                Ok(Some(publication)) => publication,
                // Closed while it was checked: this check held the last
                // analysis, freed as it ended.
                Ok(None) if backend.current_version(&uri).is_none() => {
                    let give_back = backend.give_back;
                    tokio::task::spawn_blocking(give_back);
                    return;
                }
                Ok(None) => return,
                Err(error) => {
                    backend
                        .client
                        .log_message(
                            MessageType::ERROR,
                            format!("checking {}: {}", uri.as_str(), error.message),
                        )
                        .await;
                    return;
                }
            };
            let Publication::Diagnostics(diagnostics) = publication else {
                return;
            };
            tokio::time::sleep_until(quiet_ends.into()).await;
            let publishing = backend.state.publishing.lock().await;
            if backend.current_version(&uri) != Some(version) {
                return;
            }
            backend
                .client
                .publish_diagnostics(uri.clone(), diagnostics, Some(version))
                .await;
            drop(publishing);
            if let Some(analysis) = backend.current_analysis(&uri, version) {
                tokio::task::spawn_blocking(move || prepare_requests(&analysis));
            }
        });
    }

    /// The analysis of `version` of a document, while it is the current
    /// version and its analysis has been made.
    fn current_analysis(&self, uri: &Uri, version: i32) -> Option<Arc<Analysis>> {
        self.documents()
            .get(uri)
            .filter(|document| document.version == version)
            .and_then(|document| document.analysis.clone())
    }

    fn capabilities(encoding: Encoding) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(encoding::kind(encoding)),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            completion_provider: Some(CompletionOptions::default()),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            document_highlight_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            workspace_symbol_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: convert::semantic_tokens_legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
            ),
            inlay_hint_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::new(convert::FIX_ALL),
                ]),
                ..CodeActionOptions::default()
            })),
            document_formatting_provider: Some(OneOf::Left(true)),
            ..ServerCapabilities::default()
        }
    }

    /// The snapshot and cursor offset of a position request; `None` for an
    /// unknown document.
    fn at(&self, params: &TextDocumentPositionParams) -> Result<Option<(Snapshot, usize)>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let offset = snapshot.offset(params.position)?;
        Ok(Some((snapshot, offset)))
    }
}

/// Builds what hover, completion and the other requests read besides the
/// check, once a version's diagnostics are out, rather than in the first
/// request. A failure here is the first request's to report.
fn prepare_requests(analysis: &Analysis) {
    let _ = guarded("names", || {
        analysis.names();
        analysis.tokens();
    });
}

/// Runs an analysis, turning a panic into an internal error.
fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string());
        Error {
            code: ErrorCode::InternalError,
            message: format!("internal error in {what}: {reason}").into(),
            data: None,
        }
    })
}

/// A request that cannot be done, with a message for the user (LSP's
/// `RequestFailed`).
fn request_failed(message: impl Into<String>) -> Error {
    Error {
        code: ErrorCode::ServerError(-32803),
        message: message.into().into(),
        data: None,
    }
}

impl<C: ClientSink> LanguageServer for Backend<C> {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = encoding::negotiate(&params.capabilities);
        *self
            .state
            .encoding
            .write()
            .unwrap_or_else(PoisonError::into_inner) = encoding;
        let hover_formats = params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|text| text.hover.as_ref())
            .and_then(|hover| hover.content_format.as_ref());
        if let Some(formats) = hover_formats
            && !formats.is_empty()
            && !formats.contains(&MarkupKind::Markdown)
        {
            *self
                .state
                .hover_format
                .write()
                .unwrap_or_else(PoisonError::into_inner) = MarkupKind::PlainText;
        }
        Ok(InitializeResult {
            capabilities: Self::capabilities(encoding),
            server_info: Some(ServerInfo {
                name: "parley".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {}

    async fn shutdown(&self) -> Result<()> {
        self.state.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        self.documents()
            .open(document.uri.clone(), &document.text, document.version);
        self.schedule_check(document.uri, document.version, Instant::now());
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // The quiet counts from the change's arrival (when the transport
        // read it), not from the end of applying it (a millisecond or two on
        // a cold 2,000-line document).
        let arrived = self.arrival();
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let encoding = self.encoding();
        let result = self
            .documents()
            .replace(&uri, version, &params.content_changes, encoding);
        match result {
            Ok(replaced) => {
                self.schedule_check(uri, version, arrived + self.state.debounce);
                // Freeing the last version's text, index and analysis takes
                // as long as a tenth of a check on a large file: not here.
                if replaced.analysis.is_some() {
                    tokio::task::spawn_blocking(move || drop(replaced));
                }
            }
            Err(error) => {
                self.client
                    .log_message(
                        MessageType::WARNING,
                        format!("didChange for {}: {error}", uri.as_str()),
                    )
                    .await;
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(closed) = self.documents().close(&uri) else {
            return;
        };
        // Freed off the async workers, as a replaced version is, and the
        // memory handed back then.
        let give_back = self.give_back;
        tokio::task::spawn_blocking(move || {
            drop(closed);
            give_back();
        });
        let _publishing = self.state.publishing.lock().await;
        // Reopened meanwhile: its own check publishes.
        if self.current_version(&uri).is_none() {
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let Some((snapshot, offset)) = self.at(&params.text_document_position_params)? else {
            return Ok(None);
        };
        let result = guarded("hover", || parley_ide::hover(&snapshot.analysis, offset))?;
        let format = self
            .state
            .hover_format
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        Ok(result.map(|result| convert::hover(snapshot.positions(), result, format)))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let Some((snapshot, offset)) = self.at(&params.text_document_position)? else {
            return Ok(None);
        };
        let items = guarded("completion", || {
            parley_ide::completion(&snapshot.analysis, offset)
        })?;
        Ok(Some(CompletionResponse::Array(
            items
                .into_iter()
                .map(|item| convert::completion_item(snapshot.positions(), item))
                .collect(),
        )))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        let Some((snapshot, offset)) = self.at(&params.text_document_position_params)? else {
            return Ok(None);
        };
        let target = guarded("definition", || {
            parley_ide::goto_definition(&snapshot.analysis, offset)
        })?;
        Ok(target.map(|target| {
            GotoDefinitionResponse::Scalar(Location::new(
                uri,
                snapshot.positions().range(target.focus_range),
            ))
        }))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri.clone();
        let Some((snapshot, offset)) = self.at(&params.text_document_position)? else {
            return Ok(None);
        };
        let include = params.context.include_declaration;
        let found = guarded("references", || {
            parley_ide::references(&snapshot.analysis, offset, include)
        })?;
        Ok(Some(
            found
                .into_iter()
                .map(|reference| {
                    Location::new(uri.clone(), snapshot.positions().range(reference.span))
                })
                .collect(),
        ))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let Some((snapshot, offset)) = self.at(&params.text_document_position_params)? else {
            return Ok(None);
        };
        let found = guarded("highlights", || {
            parley_ide::references(&snapshot.analysis, offset, true)
        })?;
        Ok(Some(
            found
                .into_iter()
                .map(|reference| DocumentHighlight {
                    range: snapshot.positions().range(reference.span),
                    kind: Some(if reference.is_declaration {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                })
                .collect(),
        ))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((snapshot, offset)) = self.at(&params)? else {
            return Ok(None);
        };
        match guarded("rename", || {
            parley_ide::prepare_rename(&snapshot.analysis, offset)
        })? {
            Ok(span) => Ok(Some(PrepareRenameResponse::Range(
                snapshot.positions().range(span),
            ))),
            Err(error) => Err(request_failed(error.0)),
        }
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let uri = params.text_document_position.text_document.uri.clone();
        let Some((snapshot, offset)) = self.at(&params.text_document_position)? else {
            return Ok(None);
        };
        let new_name = params.new_name;
        let edits = guarded("rename", || {
            parley_ide::rename(&snapshot.analysis, offset, &new_name)
        })?
        .map_err(|error| request_failed(error.0))?;
        let edits: Vec<TextEdit> = edits
            .iter()
            .map(|edit| convert::text_edit(snapshot.positions(), edit))
            .collect();
        Ok(Some(WorkspaceEdit {
            changes: Some([(uri, edits)].into_iter().collect()),
            ..WorkspaceEdit::default()
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let symbols = guarded("document symbols", || {
            parley_ide::document_symbols(&snapshot.analysis)
        })?;
        Ok(Some(DocumentSymbolResponse::Nested(
            symbols
                .into_iter()
                .map(|symbol| convert::document_symbol(snapshot.positions(), symbol))
                .collect(),
        )))
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let uris = self.documents().uris();
        let mut found = Vec::new();
        for uri in uris {
            let Some(snapshot) = self.snapshot(&uri)? else {
                continue;
            };
            let symbols = guarded("workspace symbols", || {
                parley_ide::workspace_symbols(&snapshot.analysis, &params.query)
            })?;
            found.extend(
                symbols
                    .into_iter()
                    .map(|symbol| convert::workspace_symbol(snapshot.positions(), &uri, symbol)),
            );
        }
        Ok(Some(WorkspaceSymbolResponse::Nested(found)))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let folds = guarded("folding ranges", || {
            parley_ide::folding_ranges(&snapshot.analysis)
        })?;
        Ok(Some(
            folds
                .into_iter()
                .filter_map(|fold| convert::folding_range(snapshot.positions(), fold))
                .collect(),
        ))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let mut ranges = Vec::with_capacity(params.positions.len());
        for position in params.positions {
            let offset = snapshot.offset(position)?;
            let spans = guarded("selection ranges", || {
                parley_ide::selection_ranges(&snapshot.analysis, offset)
            })?;
            // Linked from the outermost in: each range's parent is the next larger.
            let mut chain: Option<SelectionRange> = None;
            for span in spans.into_iter().rev() {
                chain = Some(SelectionRange {
                    range: snapshot.positions().range(span),
                    parent: chain.map(Box::new),
                });
            }
            let position_range = tower_lsp_server::ls_types::Range::new(position, position);
            ranges.push(chain.unwrap_or(SelectionRange {
                range: position_range,
                parent: None,
            }));
        }
        Ok(Some(ranges))
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let tokens = guarded("semantic tokens", || {
            parley_ide::semantic_tokens(&snapshot.analysis)
        })?;
        Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: convert::semantic_tokens(snapshot.positions(), &tokens),
        })))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let range = snapshot.positions().span_clamped(params.range);
        let hints = guarded("inlay hints", || {
            parley_ide::inlay_hints(&snapshot.analysis, Some(range))
        })?;
        Ok(Some(
            hints
                .into_iter()
                .map(|hint| convert::inlay_hint(snapshot.positions(), hint))
                .collect(),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let only = params.context.only.as_deref();
        // Quick fixes unless the client asks for other kinds only; "fix all"
        // only when it asks for it (or for every `source` action), as an
        // editor does on save: it is no answer to a place in the text.
        let quick_fixes = only.is_none_or(|only| asks_for(only, CodeActionKind::QUICKFIX.as_str()));
        let fix_all = only.is_some_and(|only| asks_for(only, convert::FIX_ALL));
        if !quick_fixes && !fix_all {
            return Ok(Some(Vec::new()));
        }
        let uri = params.text_document.uri;
        let Some(snapshot) = self.snapshot(&uri)? else {
            return Ok(None);
        };
        let mut response = Vec::new();
        if quick_fixes {
            let range: Span = snapshot.positions().span(params.range).ok_or_else(|| {
                Error::invalid_params("the range is outside the document".to_string())
            })?;
            let actions = guarded("code actions", || {
                parley_ide::code_actions(&snapshot.analysis, range)
            })?;
            response.extend(actions.iter().map(|action| {
                CodeActionOrCommand::CodeAction(convert::code_action(
                    snapshot.positions(),
                    &uri,
                    action,
                ))
            }));
        }
        if fix_all {
            let edit = guarded("fix all", || {
                parley_ide::fix_all_edit(snapshot.index.text(), snapshot.analysis.diagnostics())
            })?;
            response.extend(edit.map(|(edit, applied)| {
                CodeActionOrCommand::CodeAction(convert::fix_all_action(
                    snapshot.positions(),
                    &uri,
                    &edit,
                    applied.len(),
                ))
            }));
        }
        Ok(Some(response))
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(snapshot) = self.snapshot(&params.text_document.uri)? else {
            return Ok(None);
        };
        let edits = match guarded("formatting", || parley_ide::format(&snapshot.analysis))? {
            Ok(edits) => edits,
            // A file that does not parse is left as it is, without an
            // error: editors format on save, and an error would pop up at
            // every save of a half-typed file. Its diagnostics already say
            // where; the log says why nothing changed.
            Err(reason) => {
                self.client
                    .log_message(
                        MessageType::INFO,
                        format!(
                            "not formatting {}: {reason}",
                            params.text_document.uri.as_str()
                        ),
                    )
                    .await;
                return Ok(None);
            }
        };
        Ok(Some(
            edits
                .iter()
                .map(|edit| convert::text_edit(snapshot.positions(), edit))
                .collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version published, and when.
    type PublishedAt = (Option<i32>, tokio::time::Instant);

    /// A client that records the versions published and when.
    #[derive(Clone, Default)]
    struct Published(Arc<Mutex<Vec<PublishedAt>>>);

    impl Published {
        fn versions(&self) -> Vec<Option<i32>> {
            let published = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            published.iter().map(|(version, _)| *version).collect()
        }
    }

    impl ClientSink for Published {
        async fn publish_diagnostics(&self, _: Uri, _: Vec<Diagnostic>, version: Option<i32>) {
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((version, tokio::time::Instant::now()));
        }

        async fn log_message(&self, _: MessageType, message: String) {
            panic!("the server logged: {message}");
        }
    }

    fn uri() -> Uri {
        "file:///playbook.parley".parse().unwrap()
    }

    const TEXT: &str = "stakeholder dana \"Dana\" { side buyer }\n";

    async fn opened(quiet: Duration) -> (Backend<Published>, Published) {
        let published = Published::default();
        let backend = Backend::with_debounce(published.clone(), quiet);
        backend
            .did_open(DidOpenTextDocumentParams {
                text_document: tower_lsp_server::ls_types::TextDocumentItem {
                    uri: uri(),
                    language_id: "parley".into(),
                    version: 1,
                    text: TEXT.into(),
                },
            })
            .await;
        until(|| published.versions() == [Some(1)]).await;
        (backend, published)
    }

    async fn change(backend: &Backend<Published>, version: i32) {
        backend
            .did_change(DidChangeTextDocumentParams {
                text_document: tower_lsp_server::ls_types::VersionedTextDocumentIdentifier {
                    uri: uri(),
                    version,
                },
                content_changes: vec![tower_lsp_server::ls_types::TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text: format!("{TEXT}// version {version}\n"),
                }],
            })
            .await;
    }

    /// Whether `done` came true within ten seconds, asked every 5 ms.
    async fn until(done: impl Fn() -> bool) -> bool {
        for _ in 0..2_000 {
            if done() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        false
    }

    fn analysed(backend: &Backend<Published>) -> Option<i32> {
        let documents = backend.documents();
        let document = documents.get(&uri())?;
        document.analysis.as_ref().map(|_| document.version)
    }

    #[tokio::test]
    async fn a_version_is_checked_during_its_quiet_and_published_when_the_quiet_ends() {
        // Far longer than checking this playbook takes, even on a busy
        // machine.
        let quiet = Duration::from_secs(3);
        let (backend, published) = opened(quiet).await;
        let changed = tokio::time::Instant::now();
        change(&backend, 2).await;
        assert!(until(|| analysed(&backend) == Some(2)).await);
        assert!(
            changed.elapsed() < quiet,
            "checked only once the quiet ended"
        );
        assert_eq!(
            published.versions(),
            [Some(1)],
            "published before the quiet ended"
        );
        assert!(until(|| published.versions().len() == 2).await);
        let (version, at) = published.0.lock().unwrap()[1];
        assert_eq!(version, Some(2));
        assert!(at.duration_since(changed) >= quiet);
    }

    #[tokio::test]
    async fn the_quiet_counts_from_when_the_transport_read_the_change() {
        let quiet = Duration::from_secs(2);
        let (backend, published) = opened(quiet).await;
        // The change was read 800 ms before its handler runs.
        let changed = tokio::time::Instant::now();
        let read = changed.into_std() - Duration::from_millis(800);
        let backend = backend.timing_changes_from(Arrivals::read_at(read));
        change(&backend, 2).await;
        assert!(until(|| published.versions().len() == 2).await);
        let (version, at) = published.0.lock().unwrap()[1];
        assert_eq!(version, Some(2));
        assert!(
            at.into_std() >= read + quiet,
            "published before the quiet ended"
        );
        assert!(
            at < changed + quiet,
            "the quiet counted from the handler, not from the read"
        );
    }

    #[tokio::test]
    async fn a_document_is_checked_one_version_at_a_time() {
        let (backend, published) = opened(Duration::from_millis(50)).await;
        let checking = Arc::clone(&backend.documents().get(&uri()).unwrap().checking);
        let held = checking.lock().await;
        change(&backend, 2).await;
        change(&backend, 3).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(analysed(&backend), None, "checked while another check ran");
        assert_eq!(published.versions(), [Some(1)]);
        drop(held);
        assert!(until(|| published.versions().len() == 2).await);
        assert_eq!(published.versions(), [Some(1), Some(3)]);
        assert_eq!(analysed(&backend), Some(3));
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: Result<()> = guarded("hover", || panic!("index out of bounds"));
        let error = result.unwrap_err();
        assert_eq!(error.code, ErrorCode::InternalError);
        assert_eq!(
            error.message,
            "internal error in hover: index out of bounds"
        );
        assert_eq!(guarded("hover", || 7).unwrap(), 7);
    }

    #[test]
    fn a_kind_is_asked_for_by_itself_or_a_kind_above_it() {
        let only = |kinds: &[&str]| -> Vec<CodeActionKind> {
            kinds
                .iter()
                .map(|k| CodeActionKind::from(k.to_string()))
                .collect()
        };
        for asked in [
            ["source"],
            ["source.fixAll"],
            ["source.fixAll.parley"],
            [""],
        ] {
            assert!(asks_for(&only(&asked), convert::FIX_ALL), "{asked:?}");
        }
        for asked in [
            ["quickfix"],
            ["source.fix"],
            ["sourc"],
            ["source.fixAll.ruff"],
        ] {
            assert!(!asks_for(&only(&asked), convert::FIX_ALL), "{asked:?}");
        }
        assert!(asks_for(&only(&["refactor", "quickfix"]), "quickfix"));
        assert!(!asks_for(&only(&[]), "quickfix"));
    }
}
