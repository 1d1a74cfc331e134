//! The recovering parser: logos tokens in, a syntax tree and its `E001`
//! syntax errors out. It never fails and never panics.
//!
//! The work is split by construct: [`grammar`] is the chumsky grammar that
//! shapes the token stream into declarations, blocks, fields and process
//! items; [`declaration`], [`playbook`], [`process`] and [`field`] read each
//! construct's parts and report what is missing or malformed; [`literal`]
//! reads strings, dates and durations; [`comments`] keeps the comments and
//! attaches doc comments.

mod comments;
mod declaration;
mod field;
mod grammar;
mod literal;
mod playbook;
mod process;

use chumsky::Parser as _;
use chumsky::span::SimpleSpan;

use crate::ast::{Item, SourceFile};
use crate::parser::literal::Source;
use crate::{Diagnostic, Span, lex};

/// The result of parsing: always a tree, plus the syntax errors recovered from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub file: SourceFile,
    /// `E001` diagnostics, in source order.
    pub errors: Vec<Diagnostic>,
}

/// Parses a playbook. Never fails and never panics.
pub fn parse(text: &str) -> Parse {
    let src = Source { text };
    let tokens = lex(text);
    let comments = comments::collect(src, &tokens);
    let significant: Vec<(crate::TokenKind, SimpleSpan)> = tokens
        .iter()
        .filter(|token| !token.kind.is_trivia())
        .map(|token| (token.kind, SimpleSpan::from(token.span.range())))
        .collect();

    let (items, parse_errors) = grammar::source_file(src)
        .parse(grammar::input(&significant, text.len()))
        .into_output_errors();

    let mut errors: Vec<Diagnostic> = parse_errors
        .into_iter()
        .map(|error| {
            error
                .diagnostic
                .map(|diagnostic| *diagnostic)
                .unwrap_or_else(|| {
                    // The grammar accepts every token sequence; should chumsky
                    // still stop somewhere, say where.
                    Diagnostic::syntax(
                        "unexpected input: expected a declaration",
                        Span::new(error.span.start, error.span.end),
                    )
                })
        })
        .collect();
    let mut items = items.unwrap_or_default();
    for item in &mut items {
        attach_doc(item, &comments.docs);
    }
    errors.sort_by_key(|error| (error.span.start, error.span.end));

    Parse {
        file: SourceFile {
            items,
            comments: comments.all,
            span: Span::new(0, text.len()),
        },
        errors,
    }
}

fn attach_doc(item: &mut Item, docs: &std::collections::HashMap<usize, crate::ast::DocComment>) {
    let (keyword, doc) = match item {
        Item::Playbook(playbook) => (playbook.keyword, &mut playbook.doc),
        Item::Declaration(declaration) => (declaration.keyword, &mut declaration.doc),
        Item::Process(process) => (process.keyword, &mut process.doc),
    };
    *doc = docs.get(&keyword.start).cloned();
}
