//! One checked document: its text, syntax tree, diagnostics and name index,
//! computed once per version and shared by every feature.
//!
//! Publishing diagnostics needs only the check, so the tokens, the name
//! index and the schedule of the negotiated process are built on first use,
//! by the features that read them (once per version, whichever thread asks
//! first), not for every hover or inlay hint request. The tokens are the
//! parser's, with the comments put back: the text is lexed once.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use parley_check::timeline::{Schedule, schedule};
use parley_check::{Model, NegotiatedProcess, analyze};
use parley_syntax::ast::{Comment, SourceFile};
use parley_syntax::{Diagnostic, LineIndex, Token};

use crate::names::Names;

/// Everything the features need to know about one document's text.
#[derive(Debug)]
pub struct Analysis {
    text: Text,
    checked: parley_check::Analysis,
    /// The parser's tokens, until [`Analysis::tokens`] puts the comments
    /// back among them (then empty: the document keeps one token list).
    parsed_tokens: Mutex<Vec<Token>>,
    tokens: OnceLock<Vec<Token>>,
    names: OnceLock<Names>,
    schedule: OnceLock<Option<Schedule>>,
}

/// The text an analysis is of: its own copy, or an editor's document
/// shared with the line index that holds it (a server re-analyses on every
/// change, and a copy each time would cost a large document's size in
/// memory and in time).
#[derive(Debug)]
enum Text {
    Owned(String),
    Shared(Arc<LineIndex>),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Owned(text) => text,
            Text::Shared(index) => index.text(),
        }
    }
}

impl Analysis {
    /// Parses and checks `text`. Never fails.
    pub fn new(text: &str) -> Self {
        Analysis::of(Text::Owned(text.to_string()))
    }

    /// Parses and checks the text `index` holds, keeping the index rather
    /// than a copy of its text. Never fails.
    pub fn of_indexed(index: Arc<LineIndex>) -> Self {
        Analysis::of(Text::Shared(index))
    }

    fn of(text: Text) -> Self {
        let mut checked = analyze(text.as_str());
        let parsed_tokens = Mutex::new(std::mem::take(&mut checked.tokens));
        Analysis {
            text,
            checked,
            parsed_tokens,
            tokens: OnceLock::new(),
            names: OnceLock::new(),
            schedule: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    pub fn file(&self) -> &SourceFile {
        &self.checked.parse.file
    }

    /// Every diagnostic, syntax errors included, in source order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.checked.diagnostics
    }

    /// Every token, comments included, in source order: what
    /// [`parley_syntax::lex`] returns for the text (none for a text too
    /// long to parse). Built on first use from the parser's tokens and the
    /// tree's comments, without lexing the text again.
    pub fn tokens(&self) -> &[Token] {
        self.tokens.get_or_init(|| {
            // Only the first caller gets here (the others wait for it), so
            // the lock is never contended, and it is held only while the
            // tokens are taken, so it is never poisoned either.
            let parsed = std::mem::take(
                &mut *self
                    .parsed_tokens
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner),
            );
            with_comments(&parsed, &self.checked.parse.file.comments)
        })
    }

    /// The name index (built on first use).
    pub fn names(&self) -> &Names {
        self.names
            .get_or_init(|| Names::new(&self.checked.parse.file))
    }

    /// The checker's resolved model of the playbook.
    pub fn model(&self) -> &Model {
        &self.checked.model
    }

    /// The one sequence both parties could sign.
    pub fn negotiated(&self) -> &NegotiatedProcess {
        &self.checked.negotiated
    }

    /// The negotiated process in working days from the playbook's start;
    /// `None` without a valid `starts` date (scheduled on first use).
    pub fn schedule(&self) -> Option<&Schedule> {
        self.schedule
            .get_or_init(|| schedule(&self.checked.model, &self.checked.negotiated))
            .as_ref()
    }
}

/// The parser's tokens with the comments put back among them, in one walk
/// over the two lists: both are in source order and no comment overlaps a
/// token, so each comment goes before the first token that starts after it.
fn with_comments(tokens: &[Token], comments: &[Comment]) -> Vec<Token> {
    let mut merged = Vec::with_capacity(tokens.len() + comments.len());
    let mut comments = comments
        .iter()
        .map(|comment| Token {
            kind: comment.kind.token_kind(),
            span: comment.span,
        })
        .peekable();
    for &token in tokens {
        while let Some(comment) =
            comments.next_if(|comment| comment.span.start() < token.span.start())
        {
            merged.push(comment);
        }
        merged.push(token);
    }
    merged.extend(comments);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_of_an_indexed_text_reads_the_index_text_and_finds_the_same() {
        let text = include_str!("../../../examples/acme.parley");
        let index = Arc::new(LineIndex::new(text));
        let shared = Analysis::of_indexed(Arc::clone(&index));
        let owned = Analysis::new(text);
        // The index's own text, not a copy of it.
        assert!(std::ptr::eq(shared.text(), index.text()));
        assert!(!std::ptr::eq(owned.text(), index.text()));
        assert_eq!(shared.text(), owned.text());
        assert!(!shared.diagnostics().is_empty());
        assert_eq!(shared.diagnostics(), owned.diagnostics());
        assert_eq!(shared.tokens(), owned.tokens());
    }
}
