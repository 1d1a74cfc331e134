//! Folding ranges: declaration bodies, process blocks and runs of comments
//! that span more than one line.

use parley_syntax::ast::Item;
use parley_syntax::{Span, TokenKind};

use crate::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A `{ ... }` block.
    Block,
    /// Consecutive comment lines.
    Comment,
}

/// A foldable range, from its first line to its last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub span: Span,
    pub kind: FoldKind,
}

pub fn folding_ranges(analysis: &Analysis) -> Vec<Fold> {
    let text = analysis.text();
    let multiline = |span: Span| text.get(span.range()).is_some_and(|s| line_breaks(s) > 0);
    let mut folds = Vec::new();
    for item in &analysis.file().items {
        let block = match item {
            Item::Playbook(_) => None,
            Item::Declaration(declaration) => declaration.body.as_ref().map(|body| {
                Span::new(
                    body.open.start(),
                    body.close
                        .map_or(declaration.span.end(), |close| close.end()),
                )
            }),
            Item::Process(process) => process.open.map(|open| {
                Span::new(
                    open.start(),
                    process
                        .close
                        .map_or(process.span.end(), |close| close.end()),
                )
            }),
        };
        if let Some(block) = block.filter(|&block| multiline(block)) {
            folds.push(Fold {
                span: block,
                kind: FoldKind::Block,
            });
        }
    }
    // Runs of comments separated only by whitespace.
    let mut run: Option<Span> = None;
    let mut previous_end = 0;
    for token in analysis.tokens() {
        let is_comment = matches!(token.kind, TokenKind::Comment | TokenKind::DocComment);
        let adjacent = text
            .get(previous_end..token.span.start())
            .is_some_and(|gap| gap.trim().is_empty() && line_breaks(gap) <= 1);
        match (&mut run, is_comment) {
            (Some(span), true) if adjacent => *span = span.cover(token.span),
            (_, true) => {
                if let Some(span) = run.take().filter(|&span| multiline(span)) {
                    folds.push(Fold {
                        span,
                        kind: FoldKind::Comment,
                    });
                }
                run = Some(token.span);
            }
            (_, false) => {
                if let Some(span) = run.take().filter(|&span| multiline(span)) {
                    folds.push(Fold {
                        span,
                        kind: FoldKind::Comment,
                    });
                }
            }
        }
        previous_end = token.span.end();
    }
    if let Some(span) = run.filter(|&span| multiline(span)) {
        folds.push(Fold {
            span,
            kind: FoldKind::Comment,
        });
    }
    folds.sort_by_key(|fold| fold.span.start());
    folds
}

/// How many lines end in `text`: at `\n`, `\r\n` or a lone `\r`, as the
/// language reference counts them.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(at, &byte)| {
            byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use crate::fixture::{Fixture, mark};

    fn check(source: &str, expected: &str) {
        let fixture = Fixture::new(source);
        let spans: Vec<_> = super::folding_ranges(&fixture.analysis)
            .into_iter()
            .map(|fold| fold.span)
            .collect();
        assert_eq!(mark(&fixture.text, &spans), expected);
    }

    #[test]
    fn blocks_and_comment_runs_over_several_lines() {
        check(
            "// one\n// two\nstakeholder a \"A\" {\n  side buyer\n}\nstakeholder b \"B\" { side buyer }\n// alone\nprocess seller {\n  x\n}\n",
            "<// one\n// two>\nstakeholder a \"A\" <{\n  side buyer\n}>\nstakeholder b \"B\" { side buyer }\n// alone\nprocess seller <{\n  x\n}>\n",
        );
    }

    #[test]
    fn every_line_ending_folds_alike() {
        let source = "// one\n// two\nstakeholder a \"A\" {\n  side buyer\n}\n// alone\n\n// apart\nprocess seller { x }\n";
        let folds = |text: &str| super::folding_ranges(&Fixture::new(text).analysis);
        let expected = folds(source);
        assert_eq!(expected.len(), 2, "{expected:?}");
        for ending in ["\r\n", "\r"] {
            let text = source.replace('\n', ending);
            let found = folds(&text);
            assert_eq!(found.len(), expected.len(), "{ending:?}: {found:?}");
            for (fold, want) in found.iter().zip(&expected) {
                assert_eq!(fold.kind, want.kind);
                // The same text folded, line ending aside.
                assert_eq!(
                    text[fold.span.range()].replace(ending, "\n"),
                    source[want.span.range()]
                );
            }
        }
    }

    #[test]
    fn line_breaks_count_each_ending_once() {
        assert_eq!(super::line_breaks("a\nb\r\nc\rd"), 3);
        assert_eq!(super::line_breaks("\r\r\n\n"), 3);
        assert_eq!(super::line_breaks("one line"), 0);
    }
}
