//! `process buyer|seller { ... }` and its items: steps with their markers,
//! `waive` and `quiet` periods.

use crate::ast::{Pace, PaceMark, Process, ProcessItem, Quiet, Step, Waive};
use crate::parser::declaration::run_span;
use crate::parser::literal::{FirstProblem, Source, is_field_keyword, is_step_marker};
use crate::{Diagnostic, Span, Token, TokenKind};

/// A process as the grammar found it; its items are read as the grammar
/// meets them.
#[derive(Clone, Debug)]
pub(crate) struct ProcessParts<'s> {
    pub keyword: Token,
    /// `buyer`, `seller` or a name.
    pub side: Option<Token>,
    /// Tokens between the side and the `{` that belong to neither.
    pub junk: &'s [Token],
    pub header_next: Option<Token>,
    pub open: Option<Token>,
    pub items: ProcessItems,
    pub close: Option<Token>,
    pub next: Option<Token>,
}

/// The items of a process, read; of everything between the braces only the
/// first and the last token are kept besides, for messages and spans.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProcessItems {
    pub items: Vec<ProcessItem>,
    /// The first token of the first item (or of tokens that start none).
    pub first: Option<Token>,
    /// The span of the last token of the items: where they end (a
    /// process's span starts at its keyword, so only the end counts).
    pub last: Option<Span>,
}

/// `quiet after A until B` as the grammar found it: each part may be missing.
#[derive(Clone, Debug)]
pub(crate) struct QuietParts {
    pub keyword: Token,
    pub after: Option<Token>,
    pub from: Option<Token>,
    pub until: Option<Token>,
    pub to: Option<Token>,
    pub next: Option<Token>,
}

impl QuietParts {
    pub fn span(&self) -> Span {
        [self.after, self.from, self.until, self.to]
            .into_iter()
            .flatten()
            .fold(self.keyword.span, |span, tok| span.cover(tok.span))
    }
}

/// What "after ..." says in a message about a process header or a waive.
#[derive(Clone, Copy, Debug)]
enum Described {
    /// `process` or `waive`, alone.
    Keyword(&'static str),
    /// `process buyer`, `waive discovery`: the keyword and a name.
    Named(&'static str, Span),
}

impl Described {
    fn describe(self, src: Source<'_>) -> String {
        match self {
            Described::Keyword(keyword) => format!("`{keyword}`"),
            Described::Named(keyword, span) => format!("`{keyword} {}`", src.quote(span)),
        }
    }
}

pub(crate) fn process(
    src: Source<'_>,
    parts: ProcessParts<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Process {
    let mut header_problem = FirstProblem::default();
    let side = parts.side.map(|tok| src.name(tok));
    let mut last = parts.keyword.span;
    let mut last_described = Described::Keyword("process");
    match &side {
        Some(name) => {
            last = name.span;
            last_described = Described::Named("process", name.span);
        }
        None => {
            let found = parts.junk.first().copied().or(parts.header_next);
            header_problem.report(|| {
                Diagnostic::syntax(
                    format!(
                        "expected `buyer` or `seller` after `process`, found {}",
                        src.found_plain(found)
                    ),
                    match parts.junk.first() {
                        Some(tok) => tok.span,
                        None => parts.keyword.span,
                    },
                )
            });
        }
    }
    if let (Some(first), Some(span)) = (parts.junk.first(), run_span(parts.junk)) {
        header_problem.report(|| {
            Diagnostic::syntax(
                format!(
                    "expected `{{` after {}, found {}",
                    last_described.describe(src),
                    src.found_plain(Some(*first))
                ),
                span,
            )
        });
    }
    if let Some(last_junk) = parts.junk.last() {
        last = last.cover(last_junk.span);
    }
    let header_reported = header_problem.is_reported();
    header_problem.into_diagnostics(diagnostics);

    if parts.open.is_none() && !header_reported {
        let found = parts.items.first.or(parts.close).or(parts.header_next);
        diagnostics.push(Diagnostic::syntax(
            format!(
                "expected `{{` after {}, found {}",
                last_described.describe(src),
                src.found_plain(found)
            ),
            last,
        ));
    }
    if let (Some(open), None) = (parts.open, parts.close) {
        let mut diagnostic = Diagnostic::syntax(
            format!(
                "expected `}}` to close this process, found {}",
                src.found_plain(parts.next)
            ),
            open.span,
        );
        if let Some(next) = parts.next {
            diagnostic = diagnostic.with_label(next.span, "the process ends here, unclosed");
        }
        diagnostics.push(diagnostic);
    }
    let mut span = parts.keyword.span.cover(last);
    for tok in [parts.open, parts.close].into_iter().flatten() {
        span = span.cover(tok.span);
    }
    if let Some(item) = parts.items.last {
        span = span.cover(item);
    }
    Process {
        doc: None,
        keyword: parts.keyword.span,
        side,
        open: parts.open.map(|tok| tok.span),
        items: parts.items.items,
        close: parts.close.map(|tok| tok.span),
        span,
    }
}

/// Reports tokens in a process that start no item.
pub(crate) fn junk(src: Source<'_>, run: &[Token], diagnostics: &mut Vec<Diagnostic>) {
    let first = run.first().copied();
    let remark = match first.map(|tok| tok.kind) {
        Some(kind) if is_step_marker(kind) => {
            format!(
                "; {} marks the step it follows, so it comes after a conversation name",
                kind.describe()
            )
        }
        Some(kind) if is_field_keyword(kind) => {
            format!(
                "; a process holds steps, not fields like {}",
                kind.describe()
            )
        }
        Some(kind) if kind.is_keyword() => {
            format!(
                "; {} is a keyword, which cannot name a conversation",
                kind.describe()
            )
        }
        _ => String::new(),
    };
    diagnostics.push(Diagnostic::syntax(
        format!(
            "expected a step, `waive`, `quiet` or `}}`, found {}{remark}",
            src.found_plain(first)
        ),
        run_span(run).unwrap_or_default(),
    ));
}

/// `CONVERSATION [negotiated] [accelerate|decelerate]`. The markers may come
/// in either order; each at most once, and one pace at most.
pub(crate) fn step(
    src: Source<'_>,
    name: Token,
    markers: &[Token],
    diagnostics: &mut Vec<Diagnostic>,
) -> Step {
    // Most steps are a bare name: nothing to check.
    if markers.is_empty() {
        return Step {
            conversation: src.name(name),
            negotiated: None,
            pace: None,
            span: name.span,
        };
    }
    let mut problem = FirstProblem::default();
    let mut negotiated: Option<Span> = None;
    let mut pace: Option<PaceMark> = None;
    for marker in markers {
        match marker.kind {
            TokenKind::Negotiated => match negotiated {
                Some(_) => problem.report(|| {
                    Diagnostic::syntax("this step is already marked `negotiated`", marker.span)
                }),
                None => negotiated = Some(marker.span),
            },
            kind => {
                let new_pace = if kind == TokenKind::Accelerate {
                    Pace::Accelerate
                } else {
                    Pace::Decelerate
                };
                match pace {
                    Some(existing) if existing.pace == new_pace => {
                        problem.report(|| Diagnostic::syntax(
                            format!("this step is already marked `{}`", new_pace.as_str()),
                            marker.span,
                        ))
                    }
                    Some(existing) => problem.report(|| Diagnostic::syntax(
                        format!(
                            "a step has one pace: it is already marked `{}`, so it cannot also be `{}`",
                            existing.pace.as_str(),
                            new_pace.as_str()
                        ),
                        marker.span,
                    )),
                    None => {
                        pace = Some(PaceMark {
                            pace: new_pace,
                            span: marker.span,
                        })
                    }
                }
            }
        }
    }
    problem.into_diagnostics(diagnostics);
    let span = markers
        .last()
        .map_or(name.span, |last| name.span.cover(last.span));
    Step {
        conversation: src.name(name),
        negotiated,
        pace,
        span,
    }
}

pub(crate) fn waive(
    src: Source<'_>,
    keyword: Token,
    name: Option<Token>,
    reason: Option<Token>,
    next: Option<Token>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Waive {
    let mut problem = FirstProblem::default();
    let mut conversation = None;
    let mut last = keyword.span;
    let mut last_described = Described::Keyword("waive");
    match name {
        Some(tok) if tok.kind == TokenKind::Ident => {
            conversation = Some(src.name(tok));
            last = tok.span;
            last_described = Described::Named("waive", tok.span);
        }
        Some(tok) => {
            problem.report(|| {
                Diagnostic::syntax(
                    format!(
                        "expected a conversation name after `waive`, found {}",
                        src.found(Some(tok))
                    ),
                    tok.span,
                )
            });
            last = tok.span;
        }
        None => problem.report(|| {
            Diagnostic::syntax(
                format!(
                    "expected a conversation name after `waive`, found {}",
                    src.found_plain(reason.or(next))
                ),
                keyword.span,
            )
        }),
    }
    let reason = match reason {
        Some(tok) => {
            let mut string_problems = Vec::new();
            let lit = src.string(tok, &mut string_problems);
            for diagnostic in string_problems {
                problem.report(|| diagnostic);
            }
            Some(lit)
        }
        None => {
            problem.report(|| {
                Diagnostic::syntax(
                    format!(
                        "expected a reason string after {}, found {}",
                        last_described.describe(src),
                        src.found_plain(next)
                    ),
                    last,
                )
            });
            None
        }
    };
    problem.into_diagnostics(diagnostics);
    let span = reason
        .as_ref()
        .map_or(keyword.span.cover(last), |lit| keyword.span.cover(lit.span));
    Waive {
        keyword: keyword.span,
        conversation,
        reason,
        span,
    }
}

pub(crate) fn quiet(
    src: Source<'_>,
    parts: &QuietParts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Quiet {
    let slots = [parts.after, parts.from, parts.until, parts.to];
    let expected = [
        "`after`",
        "a conversation name",
        "`until`",
        "a conversation name",
    ];
    let mut problem = FirstProblem::default();
    let mut last = parts.keyword;
    for (index, slot) in slots.iter().enumerate() {
        match slot {
            Some(tok) => {
                let is_name_slot = index % 2 == 1;
                if is_name_slot && tok.kind != TokenKind::Ident {
                    problem.report(|| {
                        Diagnostic::syntax(
                            format!(
                                "expected a conversation name after {}, found {}",
                                last.kind.describe(),
                                src.found(Some(*tok))
                            ),
                            tok.span,
                        )
                    });
                }
                last = *tok;
            }
            None => {
                problem.report(|| {
                    let found = slots
                        .get(index + 1..)
                        .unwrap_or(&[])
                        .iter()
                        .flatten()
                        .next()
                        .copied()
                        .or(parts.next);
                    let expected = expected.get(index).copied().unwrap_or("more");
                    let after = if last.kind == TokenKind::Ident {
                        format!("`{}`", src.quote(last.span))
                    } else {
                        last.kind.describe().to_string()
                    };
                    Diagnostic::syntax(
                        format!(
                            "expected {expected} after {after}, found {}",
                            src.found_plain(found)
                        ),
                        last.span,
                    )
                });
            }
        }
    }
    problem.into_diagnostics(diagnostics);
    let name = |slot: &Option<Token>| {
        slot.filter(|tok| tok.kind == TokenKind::Ident)
            .map(|tok| src.name(tok))
    };
    Quiet {
        keyword: parts.keyword.span,
        after: name(&parts.from),
        until: name(&parts.to),
        span: parts.span(),
    }
}
