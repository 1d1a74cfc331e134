//! The playbook header: `playbook "Title"` followed, without braces, by its
//! `starts` and `lead` fields.

use crate::ast::{Field, FieldKey, Playbook};
use crate::parser::declaration::run_span;
use crate::parser::literal::Source;
use crate::{Diagnostic, Span, Token, TokenKind};

/// The fields a playbook header accepts.
pub(crate) const HEADER_FIELDS: [FieldKey; 2] = [FieldKey::Starts, FieldKey::Lead];

/// A playbook header as the grammar found it; its fields are read as the
/// grammar meets them.
#[derive(Clone, Debug)]
pub(crate) struct PlaybookParts<'s> {
    pub keyword: Token,
    /// The tokens after `playbook` up to the first field or declaration.
    pub header: &'s [Token],
    pub header_next: Option<Token>,
    pub fields: Vec<Field>,
    /// The span of the last token of the fields, read or refused: where
    /// they end.
    pub last_field: Option<Span>,
}

pub(crate) fn playbook(
    src: Source<'_>,
    parts: PlaybookParts<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Playbook {
    let mut title = None;
    let mut rest: &[Token] = parts.header;
    match rest.first() {
        Some(tok) if matches!(tok.kind, TokenKind::String | TokenKind::UnterminatedString) => {
            title = Some(src.string(*tok, diagnostics));
            rest = rest.get(1..).unwrap_or(&[]);
        }
        Some(tok) => {
            diagnostics.push(Diagnostic::syntax(
                format!(
                    "expected a title string after `playbook`, found {}",
                    src.found_plain(Some(*tok))
                ),
                run_span(rest).unwrap_or(tok.span),
            ));
            rest = &[];
        }
        None => diagnostics.push(Diagnostic::syntax(
            format!(
                "expected a title string after `playbook`, found {}",
                src.found_plain(parts.header_next)
            ),
            parts.keyword.span,
        )),
    }
    if let (Some(first), Some(span)) = (rest.first(), run_span(rest)) {
        diagnostics.push(Diagnostic::syntax(
            format!(
                "expected `starts`, `lead` or a declaration after the playbook title, found {}",
                src.found_plain(Some(*first))
            ),
            span,
        ));
    }
    let mut span = parts.keyword.span;
    if let Some(last) = parts.header.last() {
        span = span.cover(last.span);
    }
    if let Some(last) = parts.last_field {
        span = span.cover(last);
    }
    Playbook {
        doc: None,
        keyword: parts.keyword.span,
        title,
        fields: parts.fields,
        span,
    }
}
