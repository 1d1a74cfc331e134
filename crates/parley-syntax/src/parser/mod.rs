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

use crate::ast::{Declaration, Field, Item, ItemCounts, SourceFile};
use crate::parser::grammar::State;
use crate::parser::literal::Source;
use crate::span::MAX_SOURCE_LEN;
use crate::{Diagnostic, Span, Token};

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
    // The tokens the grammar read are not kept: the tree holds what a
    // check reads.
    let (parse, _) = parse_lexed(text);
    parse
}

/// Parses a playbook as [`parse`] does, and keeps the tokens the grammar
/// read: every token that is not a comment, in source order. The comments
/// are the tree's ([`SourceFile::comments`]); the two lists merged by their
/// starts are what [`lex`](crate::lex) returns, so a caller that needs both
/// the tree and the tokens lexes the text once.
///
/// A text longer than [`MAX_SOURCE_LEN`] is not read: it has no tokens.
pub fn parse_keeping_tokens(text: &str) -> (Parse, Vec<Token>) {
    let (parse, mut tokens) = parse_lexed(text);
    // The vector was sized ahead, for a token every ten bytes: give back
    // the room not used, now that it is kept.
    tokens.shrink_to_fit();
    (parse, tokens)
}

/// [`parse`], with the tokens that are not comments.
fn parse_lexed(text: &str) -> (Parse, Vec<Token>) {
    if let Some(error) = too_long(text.len()) {
        let parse = Parse {
            file: SourceFile::default(),
            errors: vec![error],
        };
        return (parse, Vec::new());
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
    let item_counts = finish_items(&mut items, block_fields, comments::Docs::new(lexed.docs));
    // The comments are kept with the tree: give back the room the vector
    // grew into while they were read.
    let mut comments = lexed.comments;
    comments.shrink_to_fit();
    errors.sort_by_key(|error| (error.span.start(), error.span.end()));

    let parse = Parse {
        file: SourceFile {
            items,
            comments,
            block_values,
            item_counts,
            span: Span::new(0, text.len()),
        },
        errors,
    };
    (parse, lexed.tokens)
}

/// Hands the fields of every block, read into one buffer, to the blocks,
/// each of which reads its run of it, gives each item its doc comment, and
/// counts what the items hold: one walk over the items for the three.
fn finish_items(items: &mut [Item], fields: Vec<Field>, mut docs: comments::Docs) -> ItemCounts {
    let buffer = Arc::new(fields);
    let mut counts = ItemCounts::default();
    for item in items {
        if let Item::Declaration(Declaration {
            body: Some(block), ..
        }) = item
        {
            block.fields.share(&buffer);
        }
        docs.attach(item);
        counts.count(item);
    }
    counts
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
    use crate::lex;

    #[test]
    fn the_kept_tokens_and_the_comments_are_what_lexing_gives() {
        let text = "/// Dana.\nstakeholder dana \"Dana\" { side buyer } // after\r\n\
                    //// four\n/// orphan\n\nprocess seller { @ dana \"open\r}\n///";
        let (kept, tokens) = parse_keeping_tokens(text);
        assert_eq!(kept, parse(text));
        let lexed = lex(text);
        let significant: Vec<Token> = lexed
            .iter()
            .copied()
            .filter(|token| !token.kind.is_trivia())
            .collect();
        assert_eq!(tokens, significant);
        let comments: Vec<Token> = kept
            .file
            .comments
            .iter()
            .map(|comment| Token {
                kind: comment.kind.token_kind(),
                span: comment.span,
            })
            .collect();
        let trivia: Vec<Token> = lexed
            .into_iter()
            .filter(|token| token.kind.is_trivia())
            .collect();
        assert_eq!(comments.len(), 5);
        assert_eq!(comments, trivia);
    }

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
