//! The recovering parser: logos tokens in, a syntax tree and its `E001`
//! syntax errors out. It never fails and never panics.
//!
//! The work is split by construct: [`comments`] lexes the file and sets its
//! comments apart (attaching doc comments); [`grammar`] is the chumsky
//! grammar that shapes the other tokens into declarations, blocks, fields
//! and process items, as borrowed slices of the token vector;
//! [`declaration`], [`playbook`], [`process`] and [`field`] read each
//! construct into the tree as soon as the grammar has it and report what is
//! missing or malformed; [`literal`] reads strings, dates and durations and
//! names tokens in messages, only when a message is written.

mod comments;
mod declaration;
mod field;
mod grammar;
mod literal;
mod playbook;
mod process;

use chumsky::Parser as _;
use chumsky::inspector::SimpleState;

use crate::ast::SourceFile;
use crate::parser::grammar::State;
use crate::parser::literal::Source;
use crate::{Diagnostic, Span};

/// The result of parsing: always a tree, plus the syntax errors recovered from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub file: SourceFile,
    /// `E001` diagnostics, in source order.
    pub errors: Vec<Diagnostic>,
}

/// Parses a playbook. Never fails and never panics.
pub fn parse(text: &str) -> Parse {
    let lexed = comments::lex(text);
    let src = Source {
        text,
        tokens: &lexed.tokens,
    };
    // Each declaration keyword starts exactly one item.
    let mut state = SimpleState(State::with_items(lexed.declarations));
    let failed = grammar::source_file(src)
        .parse_with_state(&lexed.tokens, &mut state)
        .has_errors();
    let SimpleState(State {
        mut items,
        mut errors,
        ..
    }) = state;
    if failed {
        // The grammar accepts every token sequence; should chumsky still
        // stop somewhere, the tree is dropped and the file reported.
        items.clear();
        errors.push(Diagnostic::syntax(
            "unexpected input: expected a declaration",
            Span::new(0, text.len()),
        ));
    }
    comments::attach(&mut items, lexed.docs);
    errors.sort_by_key(|error| (error.span.start, error.span.end));

    Parse {
        file: SourceFile {
            items,
            comments: lexed.comments,
            span: Span::new(0, text.len()),
        },
        errors,
    }
}
