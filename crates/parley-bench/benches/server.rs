//! The language server's paths, as a user waits for them: after a
//! one-character edit, the server's own `didChange` handling (the edit
//! applied to the document and its lines indexed), the analysis, each
//! diagnostic converted to LSP positions in UTF-16, and the notification
//! serialised as the server writes it, measured from the
//! `didChange` to the `publishDiagnostics` it leads to (the debounce set to
//! zero); the analysis alone beside it, for the part that is the check's;
//! and completion and hover at a cursor in a document already analysed.
//! Sizes in lines (2,000 and 100,000, the speed budget's) and in bytes.
//!
//! `cargo bench -p parley-bench --bench server`

use std::time::Duration;

use divan::Bencher;
use parley_bench::{BENCH_SEED, bench_playbook, bench_sizes, generate_lines, one_character_edit};
use parley_lsp::{Backend, ClientSink};
use parley_syntax::{Encoding, LineIndex, Span};
use tokio::sync::mpsc;
use tower_lsp_server::LanguageServer;
use tower_lsp_server::ls_types::{
    Diagnostic, DidChangeTextDocumentParams, DidOpenTextDocumentParams, InitializeParams,
    MessageType, Position, Range, TextDocumentContentChangeEvent, TextDocumentItem, Uri,
    VersionedTextDocumentIdentifier,
};

parley_bench::parleys_allocator!();

fn main() {
    parley_bench::allocate_as_parley_server();
    divan::main();
}

const LINES: &[usize] = &[2_000, 100_000];

/// The client end, as the server's stdio client: takes each
/// `publishDiagnostics` as the JSON text the server writes to its output,
/// and reports its length.
#[derive(Clone)]
struct Published(mpsc::UnboundedSender<usize>);

impl ClientSink for Published {
    async fn publish_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<Diagnostic>,
        version: Option<i32>,
    ) {
        let json = parley_lsp::publish_diagnostics_body(&uri, &diagnostics, version);
        let _ = self.0.send(json.map_or(0, |json| json.len()));
    }

    async fn log_message(&self, _: MessageType, message: String) {
        panic!("the server logged: {message}");
    }

    fn takes_json(&self) -> bool {
        true
    }

    fn send_json(&self, body: Vec<u8>) {
        let _ = self.0.send(body.len());
    }
}

/// A server with `text` open and checked, and the line of the edit.
struct Session {
    runtime: tokio::runtime::Runtime,
    backend: Backend<Published>,
    published: mpsc::UnboundedReceiver<usize>,
    uri: Uri,
    version: i32,
    line: u32,
}

impl Session {
    fn open(text: &str) -> Self {
        let (offset, _) = one_character_edit(text);
        let line = LineIndex::new(text).position(offset, Encoding::Utf16).line;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let (sender, published) = mpsc::unbounded_channel();
        let backend = Backend::with_debounce(Published(sender), Duration::ZERO);
        let uri: Uri = "file:///bench.parley".parse().expect("a URI");
        let mut session = Session {
            runtime,
            backend,
            published,
            uri,
            version: 0,
            line,
        };
        session.runtime.block_on(async {
            let _ = session
                .backend
                .initialize(InitializeParams::default())
                .await;
            session
                .backend
                .did_open(DidOpenTextDocumentParams {
                    text_document: TextDocumentItem {
                        uri: session.uri.clone(),
                        language_id: "parley".into(),
                        version: 0,
                        text: text.to_string(),
                    },
                })
                .await;
            session.published.recv().await
        });
        session
    }

    /// One `didChange` (a space typed at the start of the line, or the
    /// space typed before deleted), until its diagnostics are published;
    /// the length of their JSON.
    fn edit(&mut self) -> usize {
        self.version += 1;
        let start = Position::new(self.line, 0);
        let (end, text) = if self.version % 2 == 1 {
            (start, " ")
        } else {
            (Position::new(self.line, 1), "")
        };
        let params = DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier {
                uri: self.uri.clone(),
                version: self.version,
            },
            content_changes: vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(start, end)),
                range_length: None,
                text: text.into(),
            }],
        };
        self.runtime.block_on(async {
            self.backend.did_change(params).await;
            let published = self.published.recv().await;
            assert!(published.is_some_and(|length| length > 0));
            published.unwrap_or(0)
        })
    }
}

fn edit_to_diagnostics(bencher: Bencher, text: &str) {
    let mut session = Session::open(text);
    bencher.bench_local(|| session.edit());
}

#[divan::bench(args = LINES, max_time = 5)]
fn edit_to_diagnostics_lines(bencher: Bencher, lines: usize) {
    edit_to_diagnostics(bencher, &generate_lines(BENCH_SEED, lines));
}

#[divan::bench(args = bench_sizes(), max_time = 5)]
fn edit_to_diagnostics_bytes(bencher: Bencher, size: usize) {
    edit_to_diagnostics(bencher, bench_playbook(size));
}

/// The check alone (parse, resolve, every rule) of the edited text: the part
/// of edit to diagnostics that is not the server's.
#[divan::bench(args = LINES, max_time = 5)]
fn check_of_the_edit_lines(bencher: Bencher, lines: usize) {
    let (_, edited) = one_character_edit(&generate_lines(BENCH_SEED, lines));
    bencher.bench(|| parley_check::analyze(&edited).diagnostics.len());
}

/// A cursor on a new step line in the middle of the buyer's process, where
/// completion offers the conversations not yet in it.
fn step_cursor(text: &str) -> usize {
    let process = text.rfind("process buyer {").unwrap_or(0);
    let middle = process + (text.len() - process) / 2;
    text.get(middle..)
        .and_then(|rest| rest.find("\n  "))
        .map(|at| middle + at + 3)
        .unwrap_or(text.len())
}

/// A cursor after `with ` in the middle of the file, where completion
/// offers stakeholders.
fn with_cursor(text: &str) -> usize {
    let middle = text.len() / 2;
    text.get(middle..)
        .and_then(|rest| rest.find("\n  with "))
        .map(|at| middle + at + "\n  with ".len())
        .unwrap_or(text.len())
}

fn completion_at(bencher: Bencher, text: &str, cursor: fn(&str) -> usize) {
    // The cursor at the start of a name, as when the user starts typing one.
    let offset = cursor(text);
    let analysis = parley_ide::Analysis::new(text);
    let index = LineIndex::new(text);
    bencher.bench(|| {
        let items = parley_ide::completion(&analysis, offset);
        let at = index.position(offset, Encoding::Utf16);
        (items, at)
    });
}

#[divan::bench(args = LINES, max_time = 5)]
fn completion_in_process_lines(bencher: Bencher, lines: usize) {
    completion_at(bencher, &generate_lines(BENCH_SEED, lines), step_cursor);
}

#[divan::bench(args = LINES, max_time = 5)]
fn completion_after_with_lines(bencher: Bencher, lines: usize) {
    completion_at(bencher, &generate_lines(BENCH_SEED, lines), with_cursor);
}

#[divan::bench(args = bench_sizes(), max_time = 5)]
fn completion_in_process_bytes(bencher: Bencher, size: usize) {
    completion_at(bencher, bench_playbook(size), step_cursor);
}

/// A cursor on the name of a step of the buyer's process in the middle of
/// the file (a conversation), past the comment lines.
fn step_name_cursor(text: &str) -> usize {
    let mut offset = step_cursor(text);
    while text
        .get(offset..)
        .is_some_and(|rest| rest.starts_with("//") || rest.starts_with("waive"))
    {
        offset = text
            .get(offset..)
            .and_then(|rest| rest.find("\n  "))
            .map_or(text.len(), |at| offset + at + 3);
    }
    offset
}

/// A cursor on a stakeholder's name after `with ` in the middle of the file.
fn stakeholder_cursor(text: &str) -> usize {
    with_cursor(text) + 1
}

fn hover_at(bencher: Bencher, text: &str, cursor: fn(&str) -> usize) {
    let offset = cursor(text);
    let analysis = parley_ide::Analysis::new(text);
    assert!(parley_ide::hover(&analysis, offset).is_some());
    bencher.bench(|| parley_ide::hover(&analysis, offset));
}

/// Hover on a step: the conversation, its place in each process and in the
/// negotiated plan, with its dates.
#[divan::bench(args = LINES, max_time = 5)]
fn hover_on_a_step_lines(bencher: Bencher, lines: usize) {
    hover_at(
        bencher,
        &generate_lines(BENCH_SEED, lines),
        step_name_cursor,
    );
}

/// Hover on a stakeholder: the steps that engage them in each process.
#[divan::bench(args = LINES, max_time = 5)]
fn hover_on_a_stakeholder_lines(bencher: Bencher, lines: usize) {
    hover_at(
        bencher,
        &generate_lines(BENCH_SEED, lines),
        stakeholder_cursor,
    );
}

/// Code actions on the first diagnostic's span, as a user opens the quick-fix
/// menu.
#[divan::bench(args = LINES, max_time = 5)]
fn code_actions_lines(bencher: Bencher, lines: usize) {
    let text = generate_lines(BENCH_SEED, lines);
    let analysis = parley_ide::Analysis::new(&text);
    let span = analysis
        .diagnostics()
        .first()
        .map(|diagnostic| diagnostic.span)
        .unwrap_or(Span::new(0, 0));
    bencher.bench(|| parley_ide::code_actions(&analysis, span));
}
