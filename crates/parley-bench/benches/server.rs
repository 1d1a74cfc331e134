//! The language server's paths through `parley-ide`, as `parley-lsp` runs
//! them: after a one-character edit, apply the edit to the document, index
//! its lines, analyse it and convert every diagnostic to a line and UTF-16
//! column (edit to diagnostics); and completion at a cursor in a document
//! already analysed. Sizes in lines (2,000 and 100,000, the speed budget's)
//! and in bytes.
//!
//! `cargo bench -p parley-bench --bench server`

use divan::Bencher;
use parley_bench::{BENCH_SEED, bench_playbook, bench_sizes, generate_lines, one_character_edit};
use parley_syntax::{Encoding, LineIndex, Span};

fn main() {
    divan::main();
}

const LINES: &[usize] = &[2_000, 100_000];

/// What the server does between a `didChange` and `publishDiagnostics`,
/// less the debounce: the edit applied to the text, the line index, the
/// analysis, and each diagnostic's range.
fn edit_to_diagnostics(text: &str, offset: usize) -> usize {
    let before = LineIndex::new(text);
    let at = before.position(offset, Encoding::Utf16);
    let offset = before.offset(at, Encoding::Utf16).unwrap_or(offset);
    let mut edited = text.to_string();
    edited.insert(offset, ' ');
    let index = LineIndex::new(&edited);
    let analysis = parley_ide::Analysis::new(index.text());
    analysis
        .diagnostics()
        .iter()
        .map(|diagnostic| {
            let start = index.position(diagnostic.span.start, Encoding::Utf16);
            let end = index.position(diagnostic.span.end, Encoding::Utf16);
            (start.line + end.character) as usize
        })
        .sum()
}

#[divan::bench(args = LINES, max_time = 5)]
fn edit_to_diagnostics_lines(bencher: Bencher, lines: usize) {
    let text = generate_lines(BENCH_SEED, lines);
    let (offset, _) = one_character_edit(&text);
    bencher.bench(|| edit_to_diagnostics(&text, offset));
}

#[divan::bench(args = bench_sizes(), max_time = 5)]
fn edit_to_diagnostics_bytes(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    let (offset, _) = one_character_edit(text);
    bencher.bench(|| edit_to_diagnostics(text, offset));
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
