//! Comments: every `//` and `///` comment is kept in the file's comment
//! list, and a run of `///` lines directly above a declaration becomes that
//! declaration's [`DocComment`].
//!
//! A run is made of `///` comments on consecutive lines; it attaches when the
//! declaration keyword starts on the line right after the run's last line
//! (no blank line, no other comment between). A `///` run anywhere else is
//! an ordinary comment. `////` is an ordinary comment too.

use std::collections::HashMap;

use crate::ast::{Comment, CommentKind, DocComment};
use crate::parser::literal::{Source, is_declaration_keyword};
use crate::{Span, Token, TokenKind};

/// The comments of a file and the doc comments keyed by the start of the
/// declaration keyword they document.
pub(crate) struct Comments {
    pub all: Vec<Comment>,
    pub docs: HashMap<usize, DocComment>,
}

/// Whether the gap between two tokens holds at most one line break.
fn adjacent(src: Source<'_>, before: Span, after: Span) -> bool {
    let gap = src.slice(Span::new(before.end, after.start));
    let breaks =
        gap.matches('\n').count() + gap.matches('\r').count() - gap.matches("\r\n").count();
    breaks <= 1
}

pub(crate) fn collect(src: Source<'_>, tokens: &[Token]) -> Comments {
    let mut all = Vec::new();
    let mut docs = HashMap::new();
    // The doc comment run being read: its tokens' spans.
    let mut doc_run: Vec<Span> = Vec::new();
    for token in tokens {
        match token.kind {
            TokenKind::DocComment => {
                all.push(Comment {
                    kind: CommentKind::Doc,
                    span: token.span,
                });
                let continues = doc_run
                    .last()
                    .is_some_and(|last| adjacent(src, *last, token.span));
                if !continues {
                    doc_run.clear();
                }
                doc_run.push(token.span);
            }
            TokenKind::Comment => {
                all.push(Comment {
                    kind: CommentKind::Line,
                    span: token.span,
                });
                doc_run.clear();
            }
            kind => {
                if is_declaration_keyword(kind)
                    && let Some(doc) = doc_comment(src, &doc_run, token.span)
                {
                    docs.insert(token.span.start, doc);
                }
                doc_run.clear();
            }
        }
    }
    Comments { all, docs }
}

fn doc_comment(src: Source<'_>, run: &[Span], keyword: Span) -> Option<DocComment> {
    let first = run.first()?;
    let last = run.last()?;
    if !adjacent(src, *last, keyword) {
        return None;
    }
    let lines: Vec<&str> = run
        .iter()
        .map(|span| {
            let line = src.slice(*span);
            let line = line.strip_prefix("///").unwrap_or(line);
            line.strip_prefix(' ').unwrap_or(line).trim_end()
        })
        .collect();
    Some(DocComment {
        text: lines.join("\n"),
        span: first.cover(*last),
    })
}
