//! What every fuzz target asserts about a text and what Parley made of it:
//! spans inside the document on character boundaries, fixes that apply, and
//! a formatter that keeps every token and is idempotent.

use parley_syntax::{Diagnostic, Span, Token, TokenKind, apply_edits, lex};

/// Fuzz input as text: invalid UTF-8 becomes U+FFFD, as an editor would show it.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Panics unless `span` lies inside `text`, in order, on character boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start() <= span.end()
            && span.end() <= text.len()
            && text.is_char_boundary(span.start())
            && text.is_char_boundary(span.end()),
        "{what} span {span:?} is not a span of a text of {} bytes",
        text.len()
    );
}

/// Panics unless every span of every diagnostic, label and fix edit lies in
/// `text`, and every fix applies.
pub fn assert_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        assert_span(text, diagnostic.span, diagnostic.code);
        assert!(
            !diagnostic.message.is_empty(),
            "{} has no message",
            diagnostic.code
        );
        for label in &diagnostic.labels {
            assert_span(text, label.span, "label");
        }
        for fix in &diagnostic.fixes {
            for edit in &fix.edits {
                assert_span(text, edit.span, "fix edit");
            }
            assert!(
                apply_edits(text, &fix.edits).is_some(),
                "{} fix `{}` does not apply: {:?}",
                diagnostic.code,
                fix.title,
                fix.edits
            );
        }
    }
}

/// Panics unless the tokens lie in `text`, in order and without overlap.
pub fn assert_tokens(text: &str, tokens: &[Token]) {
    let mut end = 0;
    for token in tokens {
        assert_span(text, token.span, "token");
        assert!(
            token.span.start() >= end,
            "tokens overlap at {:?}",
            token.span
        );
        end = token.span.end();
    }
}

/// The comments of a text, in order, without trailing whitespace.
pub fn comments(text: &str) -> Vec<String> {
    lex(text)
        .into_iter()
        .filter(|token| token.kind.is_trivia())
        .filter_map(|token| text.get(token.span.range()))
        .map(|comment| comment.trim_end().to_string())
        .collect()
}

/// The significant tokens of a text, sorted: the formatter may reorder a
/// step's markers, but it may neither add nor drop a token.
pub fn token_bag(text: &str) -> Vec<(TokenKind, String)> {
    let mut bag: Vec<(TokenKind, String)> = lex(text)
        .into_iter()
        .filter(|token| !token.kind.is_trivia())
        .filter_map(|token| Some((token.kind, text.get(token.span.range())?.to_string())))
        .collect();
    bag.sort_by(|a, b| a.1.cmp(&b.1));
    bag
}

// Whether a fix kept the tokens it did not touch, as the checker's
// property tests ask it.
#[path = "../../crates/parley-check/tests/support/lost_token.rs"]
mod lost_token;
pub use lost_token::lost_token;
