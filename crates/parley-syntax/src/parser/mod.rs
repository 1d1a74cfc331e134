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

use std::sync::Arc;

use crate::ast::{Declaration, Field, Item, SourceFile};
use crate::parser::grammar::State;
use crate::parser::literal::Source;
use crate::span::MAX_SOURCE_LEN;
use crate::{Diagnostic, Span};

/// The result of parsing: always a tree, plus the syntax errors recovered from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub file: SourceFile,
    /// `E001` diagnostics, in source order.
    pub errors: Vec<Diagnostic>,
}

/// Parses a playbook. Never fails and never panics.
///
/// A text longer than [`MAX_SOURCE_LEN`] (4 GiB) is not read: the tree is
/// empty and the one syntax error says why.
pub fn parse(text: &str) -> Parse {
    if let Some(error) = too_long(text.len()) {
        return Parse {
            file: SourceFile::default(),
            errors: vec![error],
        };
    }
    let lexed = comments::lex(text);
    let src = Source {
        text,
        tokens: &lexed.tokens,
    };
    // Each declaration keyword starts exactly one item, each field key at
    // most one field.
    let mut state = SimpleState(State::with_room(lexed.declarations, lexed.field_keys));
    let failed = grammar::source_file(src)
        .parse_with_state(&lexed.tokens, &mut state)
        .has_errors();
    let SimpleState(State {
        mut items,
        mut errors,
        block_fields,
        block_values,
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
    finish_items(&mut items, block_fields, comments::Docs::new(lexed.docs));
    // The comments are kept with the tree: give back the room the vector
    // grew into while they were read.
    let mut comments = lexed.comments;
    comments.shrink_to_fit();
    errors.sort_by_key(|error| (error.span.start(), error.span.end()));

    Parse {
        file: SourceFile {
            items,
            comments,
            block_values,
            span: Span::new(0, text.len()),
        },
        errors,
    }
}

/// Hands the fields of every block, read into one buffer, to the blocks,
/// each of which reads its run of it, and gives each item its doc comment:
/// one walk over the items for both.
fn finish_items(items: &mut [Item], fields: Vec<Field>, mut docs: comments::Docs) {
    let buffer = Arc::new(fields);
    for item in items {
        if let Item::Declaration(Declaration {
            body: Some(block), ..
        }) = item
        {
            block.fields.share(&buffer);
        }
        docs.attach(item);
    }
}

/// The error for a text whose offsets do not fit a [`Span`].
fn too_long(len: usize) -> Option<Diagnostic> {
    (len > MAX_SOURCE_LEN).then(|| {
        Diagnostic::syntax(
            format!(
                "this file is {len} bytes; a playbook can be at most {MAX_SOURCE_LEN} bytes (4 GiB)"
            ),
            Span::empty(0),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_past_four_gibibytes_is_one_error_and_no_tree() {
        assert_eq!(too_long(MAX_SOURCE_LEN), None);
        let error = too_long(MAX_SOURCE_LEN + 1).expect("too long");
        assert_eq!(error.code, "E001");
        assert_eq!(error.span, Span::empty(0));
        assert!(
            error.message.contains("4294967296 bytes"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("at most 4294967295 bytes"),
            "{}",
            error.message
        );
    }
}
