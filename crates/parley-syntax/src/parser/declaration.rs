//! `stakeholder`, `commitment` and `conversation` declarations: the header
//! (`KEYWORD ID "Title"`) and the `{ }` block of fields.

use crate::ast::{Block, DeclKind, Declaration, Field, Name, StringLit};
use crate::parser::field::{FieldParts, FieldPlace, field};
use crate::parser::literal::{FirstProblem, Source, Tok, key_token, one_of};
use crate::{Diagnostic, Span, TokenKind};

/// A declaration as the grammar found it.
#[derive(Clone, Debug)]
pub(crate) struct DeclarationParts {
    pub kind: DeclKind,
    pub keyword: Tok,
    /// The tokens between the keyword and the block (or the first field).
    pub header: Vec<Tok>,
    /// The token after the header.
    pub header_next: Option<Tok>,
    pub body: BodyParts,
}

/// A `{ ... }` block; both braces may be missing in a half-typed file.
#[derive(Clone, Debug)]
pub(crate) struct BodyParts {
    pub open: Option<Tok>,
    pub items: Vec<BodyItem>,
    pub close: Option<Tok>,
    /// The token after the block: what ended it.
    pub next: Option<Tok>,
}

impl BodyParts {
    fn is_empty(&self) -> bool {
        self.open.is_none() && self.items.is_empty() && self.close.is_none()
    }

    fn first_span(&self) -> Option<Span> {
        self.open
            .map(|open| open.span)
            .or_else(|| self.items.first().map(BodyItem::span))
            .or_else(|| self.close.map(|close| close.span))
    }

    fn last_span(&self) -> Option<Span> {
        self.close
            .map(|close| close.span)
            .or_else(|| self.items.last().map(BodyItem::span))
            .or_else(|| self.open.map(|open| open.span))
    }
}

/// One thing inside a block: a field, or tokens that are not one.
#[derive(Clone, Debug)]
pub(crate) enum BodyItem {
    Field(FieldParts),
    Junk(Vec<Tok>),
}

impl BodyItem {
    fn span(&self) -> Span {
        match self {
            BodyItem::Field(parts) => parts.span(),
            BodyItem::Junk(run) => run_span(run).unwrap_or_default(),
        }
    }
}

pub(crate) fn run_span(run: &[Tok]) -> Option<Span> {
    Some(run.first()?.span.cover(run.last()?.span))
}

/// The article and noun for a declaration kind, in messages.
fn a_kind(kind: DeclKind) -> &'static str {
    match kind {
        DeclKind::Stakeholder => "a stakeholder",
        DeclKind::Commitment => "a commitment",
        DeclKind::Conversation => "a conversation",
    }
}

/// The header of a declaration: `ID "Title"`.
struct Header {
    name: Option<Name>,
    title: Option<StringLit>,
    /// The last thing of the header that was read, for "after ..." messages.
    last: Span,
    /// What "after ..." says about `last`.
    last_described: String,
    /// The header already reported a problem.
    reported: bool,
    /// The title is an unterminated string, which may have swallowed the `{`.
    unterminated: bool,
}

fn header(
    src: Source<'_>,
    keyword: Tok,
    run: &[Tok],
    next: Option<Tok>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Header {
    let keyword_text = keyword.kind.describe();
    let mut problem = FirstProblem::default();
    let mut out = Header {
        name: None,
        title: None,
        last: keyword.span,
        last_described: keyword_text.to_string(),
        reported: false,
        unterminated: false,
    };
    let mut rest = run;
    match rest.first() {
        None => problem.report(Diagnostic::syntax(
            format!(
                "expected a name after {keyword_text}, found {}",
                src.found_plain(next)
            ),
            keyword.span,
        )),
        Some(tok) if tok.kind == TokenKind::Ident => {
            out.name = Some(src.name(*tok));
            out.last = tok.span;
            out.last_described = format!("`{}`", src.quote(tok.span));
            rest = rest.get(1..).unwrap_or(&[]);
        }
        Some(tok) if matches!(tok.kind, TokenKind::String | TokenKind::UnterminatedString) => {
            problem.report(Diagnostic::syntax(
                format!("expected a name after {keyword_text}, found a string"),
                tok.span,
            ));
        }
        Some(tok) => {
            problem.report(Diagnostic::syntax(
                format!(
                    "expected a name after {keyword_text}, found {}",
                    src.found(Some(*tok))
                ),
                tok.span,
            ));
            out.last = tok.span;
            rest = rest.get(1..).unwrap_or(&[]);
        }
    }
    // The title: the first string of the rest; anything before it is reported.
    let title_at = rest
        .iter()
        .position(|tok| matches!(tok.kind, TokenKind::String | TokenKind::UnterminatedString));
    if let Some(skipped) = rest.first().filter(|_| title_at != Some(0)) {
        problem.report(Diagnostic::syntax(
            format!(
                "expected a title string after {}, found {}",
                out.last_described,
                src.found_plain(Some(*skipped))
            ),
            skipped.span,
        ));
    }
    match title_at.and_then(|at| rest.get(at).map(|tok| (at, *tok))) {
        Some((at, tok)) => {
            let mut string_problems = Vec::new();
            out.title = Some(src.string(tok, &mut string_problems));
            out.unterminated = tok.kind == TokenKind::UnterminatedString;
            for diagnostic in string_problems {
                diagnostics.push(diagnostic);
            }
            out.last = tok.span;
            out.last_described = "the title".to_string();
            rest = rest.get(at + 1..).unwrap_or(&[]);
        }
        None => {
            if rest.is_empty() {
                problem.report(Diagnostic::syntax(
                    format!(
                        "expected a title string after {}, found {}",
                        out.last_described,
                        src.found_plain(next)
                    ),
                    out.last,
                ));
            }
            rest = &[];
        }
    }
    if let (Some(first), Some(span)) = (rest.first(), run_span(rest)) {
        problem.report(Diagnostic::syntax(
            format!(
                "expected `{{` after {}, found {}",
                out.last_described,
                src.found_plain(Some(*first))
            ),
            span,
        ));
    }
    out.reported = problem.is_reported();
    problem.into_diagnostics(diagnostics);
    out
}

pub(crate) fn declaration(
    src: Source<'_>,
    parts: &DeclarationParts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Declaration {
    let header = header(
        src,
        parts.keyword,
        &parts.header,
        parts.header_next,
        diagnostics,
    );
    let owner = a_kind(parts.kind);
    let body = &parts.body;
    let block = if body.is_empty() {
        if parts.kind != DeclKind::Commitment && !header.reported && !header.unterminated {
            diagnostics.push(Diagnostic::syntax(
                format!(
                    "expected `{{` after {}, found {}",
                    header.last_described,
                    src.found_plain(parts.header_next)
                ),
                header.last,
            ));
        }
        None
    } else {
        if body.open.is_none() && !header.unterminated && !header.reported {
            let found = body
                .items
                .first()
                .map(|item| match item {
                    BodyItem::Field(field) => Tok {
                        kind: key_token(field.key),
                        span: field.key_span,
                    },
                    BodyItem::Junk(run) => run.first().copied().unwrap_or(Tok {
                        kind: TokenKind::Error,
                        span: Span::default(),
                    }),
                })
                .or(body.close);
            diagnostics.push(Diagnostic::syntax(
                format!(
                    "expected `{{` after {}, found {}",
                    header.last_described,
                    src.found_plain(found)
                ),
                header.last,
            ));
        }
        Some(block(src, parts.kind, body, owner, diagnostics))
    };
    let end = body.last_span().unwrap_or(header.last);
    Declaration {
        kind: parts.kind,
        doc: None,
        keyword: parts.keyword.span,
        name: header.name,
        title: header.title,
        body: block,
        span: parts.keyword.span.cover(end).cover(header.last),
    }
}

fn block(
    src: Source<'_>,
    kind: DeclKind,
    body: &BodyParts,
    owner: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Block {
    let allowed = kind.fields();
    let mut fields: Vec<Field> = Vec::new();
    for item in &body.items {
        match item {
            BodyItem::Field(parts) => {
                fields.extend(field(
                    src,
                    parts,
                    FieldPlace::Block,
                    allowed,
                    owner,
                    diagnostics,
                ));
            }
            BodyItem::Junk(run) => {
                let names: Vec<&str> = allowed.iter().map(|key| key.as_str()).collect();
                diagnostics.push(Diagnostic::syntax(
                    format!(
                        "expected a field of {owner} ({}) or `}}`, found {}",
                        one_of(&names),
                        src.found_plain(run.first().copied())
                    ),
                    run_span(run).unwrap_or_default(),
                ));
            }
        }
    }
    let open_span = body
        .open
        .map(|open| open.span)
        .or_else(|| body.first_span().map(|span| Span::empty(span.start)))
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
    Block {
        open: open_span,
        fields,
        close: body.close.map(|close| close.span),
    }
}
