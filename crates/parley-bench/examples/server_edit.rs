//! The language server's edit-to-diagnostics path on a generated playbook,
//! as a client drives it, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/server_edit 100000 1`.
//!
//! Opens the playbook (one check), then sends EDITS one-character
//! `didChange`s in the middle of the file (a space typed, then deleted) and
//! waits, after each, for its `publishDiagnostics`, serialised to JSON as
//! the server writes it. The debounce is zero. Prints the time of
//! each edit.
//!
//! Usage: `server_edit LINES [EDITS] [PAUSE_MS]` (default 100000 lines, 5
//! edits, no pause): a pause between edits leaves the work the server does
//! in the background (freeing the last version, indexing names) to finish,
//! as the debounce does in an editor.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use parley_lsp::{Backend, ClientSink};
use tokio::sync::mpsc;
use tower_lsp_server::LanguageServer;
use tower_lsp_server::ls_types::{
    Diagnostic, DidChangeTextDocumentParams, DidOpenTextDocumentParams, InitializeParams,
    MessageType, Position, Range, TextDocumentContentChangeEvent, TextDocumentItem, Uri,
    VersionedTextDocumentIdentifier,
};

parley_bench::parleys_allocator!();

/// Takes what is published as the server's stdio client does (the JSON
/// text it writes to its output) and reports the version and the JSON's
/// length.
#[derive(Clone)]
struct Sink(mpsc::UnboundedSender<(Option<i32>, usize)>);

impl ClientSink for Sink {
    async fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        let bytes = parley_lsp::publish_diagnostics_body(&uri, &diagnostics, version)
            .map_or(0, |json| json.len());
        let _ = self.0.send((version, bytes));
    }

    async fn log_message(&self, _: MessageType, message: String) {
        eprintln!("server: {message}");
    }

    fn takes_json(&self) -> bool {
        true
    }

    fn send_json(&self, body: Vec<u8>) {
        // The version is the last field: `"version":N}}`.
        let version = std::str::from_utf8(&body)
            .ok()
            .and_then(|json| json.rsplit_once("\"version\":"))
            .and_then(|(_, rest)| rest.trim_end_matches('}').parse().ok());
        let _ = self.0.send((version, body.len()));
    }
}

fn main() -> ExitCode {
    parley_bench::allocate_as_parley_server();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lines = args.first().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let edits: i32 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    let pause = Duration::from_millis(args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0));
    let text = parley_bench::generate_lines(parley_bench::BENCH_SEED, lines);
    let (offset, _) = parley_bench::one_character_edit(&text);
    let before = text.get(..offset).unwrap_or("");
    let line = u32::try_from(before.matches('\n').count()).unwrap_or(0);
    let at = Position::new(line, 0);
    let uri: Uri = match "file:///bench.parley".parse() {
        Ok(uri) => uri,
        Err(_) => return ExitCode::FAILURE,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("server_edit: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let (sender, mut published) = mpsc::unbounded_channel();
        let backend = Backend::with_debounce(Sink(sender), Duration::ZERO);
        let _ = backend.initialize(InitializeParams::default()).await;
        let started = Instant::now();
        backend
            .did_open(DidOpenTextDocumentParams {
                text_document: TextDocumentItem {
                    uri: uri.clone(),
                    language_id: "parley".into(),
                    version: 0,
                    text: text.clone(),
                },
            })
            .await;
        let opened = published.recv().await;
        eprintln!(
            "open of {} lines ({} bytes): {:?} in {:?}",
            parley_bench::line_count(&text),
            text.len(),
            opened,
            started.elapsed()
        );
        for version in 1..=edits {
            tokio::time::sleep(pause).await;
            let (end, new_text) = if version % 2 == 1 {
                (at, " ")
            } else {
                (Position::new(line, 1), "")
            };
            let started = Instant::now();
            backend
                .did_change(DidChangeTextDocumentParams {
                    text_document: VersionedTextDocumentIdentifier {
                        uri: uri.clone(),
                        version,
                    },
                    content_changes: vec![TextDocumentContentChangeEvent {
                        range: Some(Range::new(at, end)),
                        range_length: None,
                        text: new_text.into(),
                    }],
                })
                .await;
            let got = published.recv().await;
            eprintln!("edit {version}: {got:?} in {:?}", started.elapsed());
        }
    });
    ExitCode::SUCCESS
}
