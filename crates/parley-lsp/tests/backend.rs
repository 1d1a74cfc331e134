//! The backend run in-process, with a client that records what the server
//! publishes: debounced diagnostics for the latest version only, refused stale
//! versions, an empty list on close, negotiated encodings, and proper
//! answers for unknown documents and positions.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use parley_lsp::{Backend, ClientSink};
use tower_lsp_server::LanguageServer;
use tower_lsp_server::jsonrpc::ErrorCode;
use tower_lsp_server::ls_types::{
    ClientCapabilities, Diagnostic, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, GeneralClientCapabilities, HoverParams, InitializeParams,
    MessageType, Position, PositionEncodingKind, Range, TextDocumentContentChangeEvent,
    TextDocumentIdentifier, TextDocumentItem, TextDocumentPositionParams, Uri,
    VersionedTextDocumentIdentifier,
};

#[derive(Debug, Clone, PartialEq)]
enum Event {
    Published {
        version: Option<i32>,
        diagnostics: Vec<Diagnostic>,
    },
    Logged(MessageType, String),
}

#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<Event>>>,
}

impl Recorder {
    fn take(&self) -> Vec<Event> {
        std::mem::take(&mut *self.events.lock().unwrap())
    }

    /// Waits until `count` events were recorded (or a timeout), then takes them.
    async fn wait_for(&self, count: usize) -> Vec<Event> {
        for _ in 0..200 {
            if self.events.lock().unwrap().len() >= count {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        self.take()
    }
}

impl ClientSink for Recorder {
    async fn publish_diagnostics(
        &self,
        _: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        self.events.lock().unwrap().push(Event::Published {
            version,
            diagnostics,
        });
    }

    async fn log_message(&self, kind: MessageType, message: String) {
        self.events
            .lock()
            .unwrap()
            .push(Event::Logged(kind, message));
    }
}

fn uri() -> Uri {
    "file:///playbook.parley".parse().unwrap()
}

async fn started(capabilities: ClientCapabilities) -> (Backend<Recorder>, Recorder) {
    let recorder = Recorder::default();
    let backend = Backend::with_debounce(recorder.clone(), Duration::from_millis(60));
    backend
        .initialize(InitializeParams {
            capabilities,
            ..InitializeParams::default()
        })
        .await
        .unwrap();
    (backend, recorder)
}

async fn open(backend: &Backend<Recorder>, text: &str, version: i32) {
    backend
        .did_open(DidOpenTextDocumentParams {
            text_document: TextDocumentItem {
                uri: uri(),
                language_id: "parley".into(),
                version,
                text: text.into(),
            },
        })
        .await;
}

async fn replace(backend: &Backend<Recorder>, text: &str, version: i32) {
    backend
        .did_change(DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier {
                uri: uri(),
                version,
            },
            content_changes: vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: text.into(),
            }],
        })
        .await;
}

fn versions(events: &[Event]) -> Vec<Option<i32>> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Published { version, .. } => Some(*version),
            Event::Logged(..) => None,
        })
        .collect()
}

fn hover_at(line: u32, character: u32) -> HoverParams {
    HoverParams {
        text_document_position_params: TextDocumentPositionParams {
            text_document: TextDocumentIdentifier { uri: uri() },
            position: Position { line, character },
        },
        work_done_progress_params: Default::default(),
    }
}

const BROKEN: &str = "stakeholder dana {";
const FINE: &str = "stakeholder dana \"Dana\" { side buyer }\n";

#[tokio::test]
async fn a_burst_of_changes_is_published_once_for_the_last_version() {
    let (backend, recorder) = started(ClientCapabilities::default()).await;
    open(&backend, BROKEN, 1).await;
    let opened = recorder.wait_for(1).await;
    assert_eq!(versions(&opened), [Some(1)]);
    for version in 2..=5 {
        replace(
            &backend,
            if version % 2 == 0 { FINE } else { BROKEN },
            version,
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let events = recorder.take();
    assert_eq!(versions(&events), [Some(5)], "{events:?}");
}

#[tokio::test]
async fn a_version_that_goes_backwards_is_refused_and_logged() {
    let (backend, recorder) = started(ClientCapabilities::default()).await;
    open(&backend, FINE, 3).await;
    recorder.wait_for(1).await;
    replace(&backend, BROKEN, 2).await;
    let events = recorder.take();
    assert!(
        matches!(&events[..], [Event::Logged(MessageType::WARNING, message)] if message.contains("version 2 does not follow version 3")),
        "{events:?}"
    );
    // The text is still version 3's: a hover on `dana` finds her.
    let hover = backend.hover(hover_at(0, 13)).await.unwrap();
    assert!(hover.is_some());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(recorder.take(), []);
}

#[tokio::test]
async fn closing_a_document_publishes_an_empty_list() {
    let (backend, recorder) = started(ClientCapabilities::default()).await;
    open(&backend, BROKEN, 1).await;
    let opened = recorder.wait_for(1).await;
    assert!(
        matches!(&opened[..], [Event::Published { diagnostics, .. }] if !diagnostics.is_empty())
    );
    // A pending check of version 2 is dropped when the document closes.
    replace(&backend, BROKEN, 2).await;
    backend
        .did_close(DidCloseTextDocumentParams {
            text_document: TextDocumentIdentifier { uri: uri() },
        })
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        recorder.take(),
        [Event::Published {
            version: None,
            diagnostics: Vec::new()
        }]
    );
}

/// How many times the backend below handed memory back.
static GIVEN_BACK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn count_giving_back() {
    GIVEN_BACK.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

fn given_back() -> usize {
    GIVEN_BACK.load(std::sync::atomic::Ordering::SeqCst)
}

#[tokio::test]
async fn memory_is_given_back_once_a_closed_document_is_freed_and_not_after_a_check() {
    let recorder = Recorder::default();
    let backend = Backend::with_debounce(recorder.clone(), Duration::from_millis(60))
        .giving_back_memory_with(count_giving_back);
    backend
        .initialize(InitializeParams::default())
        .await
        .unwrap();
    open(&backend, BROKEN, 1).await;
    recorder.wait_for(1).await;
    replace(&backend, BROKEN, 2).await;
    recorder.wait_for(1).await;
    assert_eq!(
        given_back(),
        0,
        "a check or a new version gives nothing back"
    );
    backend
        .did_close(DidCloseTextDocumentParams {
            text_document: TextDocumentIdentifier { uri: uri() },
        })
        .await;
    // Freed, then given back, on a blocking thread.
    for _ in 0..500 {
        if given_back() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(given_back(), 1);
    // Closing a document that is not open frees nothing.
    backend
        .did_close(DidCloseTextDocumentParams {
            text_document: TextDocumentIdentifier { uri: uri() },
        })
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(given_back(), 1);
}

#[tokio::test]
async fn utf8_columns_when_the_client_offers_them() {
    let capabilities = ClientCapabilities {
        general: Some(GeneralClientCapabilities {
            position_encodings: Some(vec![
                PositionEncodingKind::UTF8,
                PositionEncodingKind::UTF16,
            ]),
            ..GeneralClientCapabilities::default()
        }),
        ..ClientCapabilities::default()
    };
    let recorder = Recorder::default();
    let backend = Backend::with_debounce(recorder.clone(), Duration::from_millis(60));
    let result = backend
        .initialize(InitializeParams {
            capabilities,
            ..InitializeParams::default()
        })
        .await
        .unwrap();
    assert_eq!(
        result.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF8)
    );
    // `dana` starts after "/// 😀\r\n" on line 1; its title holds CJK.
    let text = "/// 😀\r\nstakeholder dana \"中文\" { side buyer }\r\nconversation c \"😀\" { with dana }\r\n";
    open(&backend, text, 1).await;
    recorder.wait_for(1).await;
    // `with dana` on line 2: "conversation c \"😀\" { with " is 29 bytes.
    let hover = backend.hover(hover_at(2, 30)).await.unwrap().unwrap();
    assert_eq!(
        hover.range,
        Some(Range {
            start: Position::new(2, 29),
            end: Position::new(2, 33)
        })
    );
}

#[tokio::test]
async fn unknown_documents_are_empty_and_positions_outside_are_errors() {
    let (backend, recorder) = started(ClientCapabilities::default()).await;
    assert_eq!(backend.hover(hover_at(0, 0)).await.unwrap(), None);
    open(&backend, FINE, 1).await;
    recorder.wait_for(1).await;
    let error = backend.hover(hover_at(40, 0)).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidParams);
    assert!(
        error
            .message
            .contains("position 40:0 is outside the document")
    );
    // A column past the line's end is the line's end: no error.
    assert!(backend.hover(hover_at(0, 900)).await.is_ok());
}

#[tokio::test]
async fn plain_text_hovers_for_a_client_without_markdown() {
    use tower_lsp_server::ls_types::{
        HoverClientCapabilities, HoverContents, MarkupKind, TextDocumentClientCapabilities,
    };
    let capabilities = ClientCapabilities {
        text_document: Some(TextDocumentClientCapabilities {
            hover: Some(HoverClientCapabilities {
                content_format: Some(vec![MarkupKind::PlainText]),
                ..HoverClientCapabilities::default()
            }),
            ..TextDocumentClientCapabilities::default()
        }),
        ..ClientCapabilities::default()
    };
    let (backend, recorder) = started(capabilities).await;
    open(&backend, FINE, 1).await;
    recorder.wait_for(1).await;
    let hover = backend.hover(hover_at(0, 13)).await.unwrap().unwrap();
    let HoverContents::Markup(content) = hover.contents else {
        panic!("not markup: {hover:?}");
    };
    assert_eq!(content.kind, MarkupKind::PlainText);
    assert!(content.value.contains("side: buyer"));
}
