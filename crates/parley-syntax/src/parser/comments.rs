//! Comments: every `//` and `///` comment is kept in the file's comment
//! list, and a run of `///` lines directly above a declaration becomes that
//! declaration's [`DocComment`].
//!
//! A run is made of `///` comments on consecutive lines; it attaches when the
//! declaration keyword starts on the line right after the run's last line
//! (no blank line, no other comment between). A `///` run anywhere else is
//! an ordinary comment. `////` is an ordinary comment too.
//!
//! The comments are sorted out of the token stream as it is lexed, in one
//! pass: the grammar reads only the other tokens.

use crate::ast::{Comment, CommentKind, DocComment, Item};
use crate::parser::literal::{Source, is_field_keyword};
use crate::token::tokens_in;
use crate::{Span, Token, TokenKind};

/// A file's tokens, with the comments taken out of them.
pub(crate) struct Lexed {
    /// The tokens that are not comments, in source order.
    pub tokens: Vec<Token>,
    /// Every comment, in source order.
    pub comments: Vec<Comment>,
    /// The doc comments with the start of the declaration keyword each one
    /// documents, in source order.
    pub docs: Vec<(usize, DocComment)>,
    /// How many declaration keywords the file holds: each starts one item.
    pub declarations: usize,
    /// How many field keywords it holds: at most one field each.
    pub field_keys: usize,
}

/// Whether the gap between two tokens holds at most one line break (`\n`,
/// `\r\n` or a lone `\r`).
fn adjacent(src: Source<'_>, before: Span, after: Span) -> bool {
    let gap = src.slice(Span::new(before.end(), after.start())).as_bytes();
    let mut breaks = 0;
    for (at, byte) in gap.iter().enumerate() {
        let lone_cr = *byte == b'\r' && gap.get(at + 1) != Some(&b'\n');
        if *byte == b'\n' || lone_cr {
            breaks += 1;
            if breaks > 1 {
                return false;
            }
        }
    }
    true
}

/// Lexes the part `range` of `text` (the whole, or a part that starts on a
/// line, see [`super::split_point`]), keeping the comments apart from the
/// other tokens; spans are the whole text's.
// Kept out of line, so that a profile shows the lexing apart from the
// grammar (it costs nothing measurable).
#[inline(never)]
pub(crate) fn lex(text: &str, range: std::ops::Range<usize>) -> Lexed {
    let src = Source { text, tokens: &[] };
    // Room for a token every ten bytes, about what playbooks hold: the
    // vector seldom grows while it is filled.
    let mut significant = Vec::with_capacity(range.len() / 10 + 16);
    let mut comments: Vec<Comment> = Vec::new();
    let mut docs = Vec::new();
    let mut declarations = 0;
    let mut field_keys = 0;
    // The doc comment run being read: always the last `doc_run` comments,
    // since any other comment ends the run.
    let mut doc_run = 0;
    for token in tokens_in(text, range) {
        if !token.kind.is_trivia() {
            if token.kind.starts_item() {
                declarations += 1;
                let run = comments
                    .get(comments.len().saturating_sub(doc_run)..)
                    .unwrap_or(&[]);
                if let Some(doc) = doc_comment(src, run, token.span) {
                    docs.push((token.span.start(), doc));
                }
            }
            field_keys += usize::from(is_field_keyword(token.kind));
            doc_run = 0;
            significant.push(token);
            continue;
        }
        if token.kind == TokenKind::DocComment {
            let continues = doc_run > 0
                && comments
                    .last()
                    .is_some_and(|last| adjacent(src, last.span, token.span));
            doc_run = if continues { doc_run + 1 } else { 1 };
            comments.push(Comment {
                kind: CommentKind::Doc,
                span: token.span,
            });
        } else {
            comments.push(Comment {
                kind: CommentKind::Line,
                span: token.span,
            });
            doc_run = 0;
        }
    }
    Lexed {
        tokens: significant,
        comments,
        docs,
        declarations,
        field_keys,
    }
}

/// The doc comment a run of `///` comments makes for the declaration
/// keyword after it, if the keyword starts on the line right after the
/// run: its span, whose text is read when asked ([`DocComment::text`]).
fn doc_comment(src: Source<'_>, run: &[Comment], keyword: Span) -> Option<DocComment> {
    let first = run.first()?.span;
    let last = run.last()?.span;
    adjacent(src, last, keyword).then(|| DocComment {
        span: first.cover(last),
    })
}

/// The doc comments of a file, handed to its items in one walk over the
/// two (both are in source order).
pub(crate) struct Docs(std::iter::Peekable<std::vec::IntoIter<(usize, DocComment)>>);

impl Docs {
    pub(crate) fn new(docs: Vec<(usize, DocComment)>) -> Self {
        Docs(docs.into_iter().peekable())
    }

    /// Gives `item` the doc comment of its keyword; items come in source
    /// order.
    pub(crate) fn attach(&mut self, item: &mut Item) {
        let (keyword, doc) = match item {
            Item::Playbook(playbook) => (playbook.keyword, &mut playbook.doc),
            Item::Declaration(declaration) => (declaration.keyword, &mut declaration.doc),
            Item::Process(process) => (process.keyword, &mut process.doc),
        };
        let docs = &mut self.0;
        while docs.next_if(|(at, _)| *at < keyword.start()).is_some() {}
        *doc = docs
            .next_if(|(at, _)| *at == keyword.start())
            .map(|(_, doc)| doc);
    }
}
