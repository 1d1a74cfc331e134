//! Whether a fix kept the tokens it did not touch: shared by the checker's
//! property tests (`tests/invariants.rs`) and the fuzz target that applies
//! every fix (`fuzz/src/lib.rs` includes this file).

use parley_syntax::{TextEdit, TokenKind, lex};

/// The tokens of `text` that no edit overlaps, each with where it must be
/// after the edits, and the first such token that is not found whole in
/// `edited`: a fix may replace tokens, never glue or split the others.
pub fn lost_token(text: &str, edits: &[TextEdit], edited: &str) -> Option<String> {
    let after: std::collections::HashSet<(usize, usize, TokenKind)> = lex(edited)
        .into_iter()
        .map(|token| (token.span.start(), token.span.end(), token.kind))
        .collect();
    for token in lex(text) {
        let (start, end) = (token.span.start(), token.span.end());
        let overlapped = edits.iter().any(|edit| {
            if edit.span.is_empty() {
                start < edit.span.start() && edit.span.start() < end
            } else {
                edit.span.start() < end && start < edit.span.end()
            }
        });
        if overlapped {
            continue;
        }
        let shift: isize = edits
            .iter()
            .filter(|edit| edit.span.end() <= start)
            .map(|edit| edit.new_text.len() as isize - edit.span.len() as isize)
            .sum();
        let moved = (
            start.saturating_add_signed(shift),
            end.saturating_add_signed(shift),
            token.kind,
        );
        if !after.contains(&moved) {
            return Some(format!(
                "{:?} `{}` at {start}..{end}",
                token.kind,
                text.get(start..end).unwrap_or("")
            ));
        }
    }
    None
}
