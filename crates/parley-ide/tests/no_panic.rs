//! Every feature, at every offset, on broken and half-typed playbooks: none
//! panics, and every span it returns lies inside the text on character
//! boundaries.

use parley_ide::{
    Analysis, code_actions, completion, document_symbols, folding_ranges, goto_definition, hover,
    inlay_hints, prepare_rename, references, rename, semantic_tokens, workspace_symbols,
};
use parley_syntax::Span;
use proptest::prelude::*;

const EXAMPLES: [&str; 2] = [
    include_str!("../../../examples/acme.parley"),
    include_str!("../../../examples/renewal.parley"),
];

/// Pieces a user might type at any point.
const PIECES: [&str; 16] = [
    "{",
    "}",
    ",",
    "with ",
    "wins ",
    "needs ",
    "process ",
    "waive ",
    "\"",
    "é😀中",
    "\r\n",
    "// c\n",
    "/// d\n",
    "negotiated",
    "2027-13-45 ",
    "omar",
];

fn check_span(text: &str, span: Span) {
    assert!(
        span.start() <= span.end() && span.end() <= text.len(),
        "{span:?}"
    );
    assert!(text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()));
}

fn exercise(text: &str) {
    let analysis = Analysis::new(text);
    for symbol in document_symbols(&analysis) {
        check_span(text, symbol.full_range);
    }
    for fold in folding_ranges(&analysis) {
        check_span(text, fold.span);
    }
    for token in semantic_tokens(&analysis) {
        check_span(text, token.span);
    }
    let _ = workspace_symbols(&analysis, "a");
    let _ = inlay_hints(&analysis, None);
    let _ = parley_ide::format(&analysis);
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(offset, _)| offset)
        .chain([text.len(), text.len() + 3])
        .collect();
    for offset in offsets {
        if let Some(result) = hover(&analysis, offset) {
            check_span(text, result.range);
        }
        for item in completion(&analysis, offset) {
            check_span(text, item.replace);
        }
        if let Some(target) = goto_definition(&analysis, offset) {
            check_span(text, target.focus_range);
        }
        for reference in references(&analysis, offset, true) {
            check_span(text, reference.span);
        }
        if prepare_rename(&analysis, offset).is_ok() {
            let _ = rename(&analysis, offset, "renamed");
        }
        let _ = code_actions(&analysis, Span::new(offset.min(text.len()), text.len()));
    }
}

#[test]
fn the_examples_and_their_prefixes() {
    for example in EXAMPLES {
        exercise(example);
        for cut in (0..example.len()).step_by(97) {
            if example.is_char_boundary(cut) {
                exercise(&example[..cut]);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn edited_examples(
        example in 0..EXAMPLES.len(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..PIECES.len(), 0usize..6), 1..6),
    ) {
        let mut text = EXAMPLES[example].to_string();
        for (at, piece, delete) in edits {
            let mut offset = at.index(text.len() + 1);
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let mut end = (offset + delete).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(offset..end, PIECES[piece]);
        }
        exercise(&text);
    }
}
