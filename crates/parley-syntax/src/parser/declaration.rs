//! `stakeholder`, `commitment` and `conversation` declarations: the header
//! (`KEYWORD ID "Title"`) and the `{ }` block of fields.

use crate::ast::{Block, DeclKind, Declaration, Fields, Name, StringLit};
use crate::parser::literal::{FirstProblem, Source, one_of};
use crate::{Diagnostic, Span, Token, TokenKind};

/// A declaration as the grammar found it.
#[derive(Clone, Debug)]
pub(crate) struct DeclarationParts<'s> {
    pub kind: DeclKind,
    pub keyword: Token,
    /// The tokens between the keyword and the block (or the first field).
    pub header: &'s [Token],
    /// The token after the header.
    pub header_next: Option<Token>,
    pub body: BodyParts,
}

/// A `{ ... }` block; both braces may be missing in a half-typed file. Its
/// fields are read as the grammar meets them; of the things in the block
/// only the first and the last token are kept, for messages and spans.
#[derive(Clone, Debug, Default)]
pub(crate) struct BodyParts {
    pub open: Option<Token>,
    /// The block's run of the file's fields (shared once the parse ends).
    pub fields: Fields,
    /// The first token of the first thing inside the block.
    pub first: Option<Token>,
    /// The span of the last token inside the block: where its contents end
    /// (a declaration's span starts at its keyword, so only the end counts).
    pub last: Option<Span>,
    pub close: Option<Token>,
    /// The token after the block: what ended it.
    pub next: Option<Token>,
}

impl BodyParts {
    fn is_empty(&self) -> bool {
        self.open.is_none() && self.first.is_none() && self.close.is_none()
    }

    fn first_span(&self) -> Option<Span> {
        self.open
            .or(self.first)
            .or(self.close)
            .map(|token| token.span)
    }

    fn last_span(&self) -> Option<Span> {
        self.close
            .map(|close| close.span)
            .or(self.last)
            .or_else(|| self.open.map(|open| open.span))
    }
}

pub(crate) fn run_span(run: &[Token]) -> Option<Span> {
    Some(run.first()?.span.cover(run.last()?.span))
}

/// The article and noun for a declaration kind, in messages.
pub(crate) fn a_kind(kind: DeclKind) -> &'static str {
    match kind {
        DeclKind::Stakeholder => "a stakeholder",
        DeclKind::Commitment => "a commitment",
        DeclKind::Conversation => "a conversation",
    }
}

/// What an "after ..." message names: the last thing of a header that was
/// read. Described only when a message is written.
#[derive(Clone, Copy, Debug)]
enum Described {
    /// The declaring keyword.
    Keyword(TokenKind),
    /// The declared name.
    Name(Span),
    Title,
}

impl Described {
    fn describe(self, src: Source<'_>) -> String {
        match self {
            Described::Keyword(kind) => kind.describe().to_string(),
            Described::Name(span) => format!("`{}`", src.quote(span)),
            Described::Title => "the title".to_string(),
        }
    }
}

/// The header of a declaration: `ID "Title"`.
struct Header {
    name: Option<Name>,
    title: Option<StringLit>,
    /// The last thing of the header that was read, for "after ..." messages.
    last: Span,
    /// What "after ..." says about `last`.
    last_described: Described,
    /// The header already reported a problem.
    reported: bool,
    /// The title is an unterminated string, which may have swallowed the `{`.
    unterminated: bool,
}

fn header(
    src: Source<'_>,
    keyword: Token,
    run: &[Token],
    next: Option<Token>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Header {
    // `ID "Title"`, as nearly every header is written: nothing to report
    // but what the title's escapes may hold.
    if let [name, title] = run
        && name.kind == TokenKind::Ident
        && title.kind == TokenKind::String
    {
        return Header {
            name: Some(src.name(*name)),
            title: Some(src.string(*title, diagnostics)),
            last: title.span,
            last_described: Described::Title,
            reported: false,
            unterminated: false,
        };
    }
    let keyword_text = keyword.kind.describe();
    let mut problem = FirstProblem::default();
    let mut out = Header {
        name: None,
        title: None,
        last: keyword.span,
        last_described: Described::Keyword(keyword.kind),
        reported: false,
        unterminated: false,
    };
    let mut rest = run;
    match rest.first() {
        None => problem.report(|| {
            Diagnostic::syntax(
                format!(
                    "expected a name after {keyword_text}, found {}",
                    src.found_plain(next)
                ),
                keyword.span,
            )
        }),
        Some(tok) if tok.kind == TokenKind::Ident => {
            out.name = Some(src.name(*tok));
            out.last = tok.span;
            out.last_described = Described::Name(tok.span);
            rest = rest.get(1..).unwrap_or(&[]);
        }
        Some(tok) if matches!(tok.kind, TokenKind::String | TokenKind::UnterminatedString) => {
            problem.report(|| {
                Diagnostic::syntax(
                    format!("expected a name after {keyword_text}, found a string"),
                    tok.span,
                )
            });
        }
        Some(tok) => {
            problem.report(|| {
                Diagnostic::syntax(
                    format!(
                        "expected a name after {keyword_text}, found {}",
                        src.found(Some(*tok))
                    ),
                    tok.span,
                )
            });
            out.last = tok.span;
            rest = rest.get(1..).unwrap_or(&[]);
        }
    }
    // The title: the first string of the rest; anything before it is reported.
    let title_at = rest
        .iter()
        .position(|tok| matches!(tok.kind, TokenKind::String | TokenKind::UnterminatedString));
    if let Some(skipped) = rest.first().filter(|_| title_at != Some(0)) {
        problem.report(|| {
            Diagnostic::syntax(
                format!(
                    "expected a title string after {}, found {}",
                    out.last_described.describe(src),
                    src.found_plain(Some(*skipped))
                ),
                skipped.span,
            )
        });
    }
    match title_at.and_then(|at| rest.get(at).map(|tok| (at, *tok))) {
        Some((at, tok)) => {
            out.title = Some(src.string(tok, diagnostics));
            out.unterminated = tok.kind == TokenKind::UnterminatedString;
            out.last = tok.span;
            out.last_described = Described::Title;
            rest = rest.get(at + 1..).unwrap_or(&[]);
        }
        None => {
            if rest.is_empty() {
                problem.report(|| {
                    Diagnostic::syntax(
                        format!(
                            "expected a title string after {}, found {}",
                            out.last_described.describe(src),
                            src.found_plain(next)
                        ),
                        out.last,
                    )
                });
            }
            rest = &[];
        }
    }
    if let (Some(first), Some(span)) = (rest.first(), run_span(rest)) {
        problem.report(|| {
            Diagnostic::syntax(
                format!(
                    "expected `{{` after {}, found {}",
                    out.last_described.describe(src),
                    src.found_plain(Some(*first))
                ),
                span,
            )
        });
    }
    out.reported = problem.is_reported();
    problem.into_diagnostics(diagnostics);
    out
}

pub(crate) fn declaration(
    src: Source<'_>,
    parts: DeclarationParts<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Declaration {
    let header = header(
        src,
        parts.keyword,
        parts.header,
        parts.header_next,
        diagnostics,
    );
    let body = parts.body;
    let block = if body.is_empty() {
        if parts.kind != DeclKind::Commitment && !header.reported && !header.unterminated {
            diagnostics.push(Diagnostic::syntax(
                format!(
                    "expected `{{` after {}, found {}",
                    header.last_described.describe(src),
                    src.found_plain(parts.header_next)
                ),
                header.last,
            ));
        }
        None
    } else {
        if body.open.is_none() && !header.unterminated && !header.reported {
            diagnostics.push(Diagnostic::syntax(
                format!(
                    "expected `{{` after {}, found {}",
                    header.last_described.describe(src),
                    src.found_plain(body.first.or(body.close))
                ),
                header.last,
            ));
        }
        Some(block(src, &body, diagnostics))
    };
    let end = body.last_span().unwrap_or(header.last);
    Declaration {
        kind: parts.kind,
        doc: None,
        keyword: parts.keyword.span,
        name: header.name,
        title: header.title,
        body: block.map(|(open, close)| Block {
            open,
            fields: body.fields,
            close,
        }),
        span: parts.keyword.span.cover(end).cover(header.last),
    }
}

/// Reports tokens in a block that start no field of `kind`.
pub(crate) fn block_junk(
    src: Source<'_>,
    kind: DeclKind,
    run: &[Token],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let names: Vec<&str> = kind.fields().iter().map(|key| key.as_str()).collect();
    diagnostics.push(Diagnostic::syntax(
        format!(
            "expected a field of {} ({}) or `}}`, found {}",
            a_kind(kind),
            one_of(&names),
            src.found_plain(run.first().copied())
        ),
        run_span(run).unwrap_or_default(),
    ));
}

/// The braces of a block: the `{` (an empty span where the block starts
/// when it is missing) and the `}`. Reports an unclosed block.
fn block(
    src: Source<'_>,
    body: &BodyParts,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Span, Option<Span>) {
    let open_span = body
        .open
        .map(|open| open.span)
        .or_else(|| body.first_span().map(|span| Span::empty(span.start())))
        .unwrap_or_default();
    if let (Some(open), None) = (body.open, body.close) {
        let mut diagnostic = Diagnostic::syntax(
            format!(
                "expected `}}` to close this block, found {}",
                src.found_plain(body.next)
            ),
            open.span,
        );
        if let Some(next) = body.next {
            diagnostic = diagnostic.with_label(next.span, "the block ends here, unclosed");
        }
        diagnostics.push(diagnostic);
    }
    (open_span, body.close.map(|close| close.span))
}
