//! Fields (`side buyer`, `with omar, dana`, `takes 2w`): the form of their
//! values and where each key is allowed.
//!
//! The grammar hands over a key and the run of tokens up to the next field
//! key, `}` or declaration keyword; this module reads the values out of that
//! run and reports at most one problem per field.

use crate::ast::{Field, FieldKey, Value, Values};
use crate::parser::literal::{FirstProblem, Source, one_of};
use crate::{Diagnostic, Span, Token, TokenKind};

/// A field as the grammar found it: its key token, the tokens after it (a
/// slice of the token vector), and the token that ends the run (for
/// "found ..." in messages).
#[derive(Clone, Copy, Debug)]
pub(crate) struct FieldParts<'s> {
    pub key: FieldKey,
    pub key_span: Span,
    pub run: &'s [Token],
    pub next: Option<Token>,
}

impl FieldParts<'_> {
    pub fn span(&self) -> Span {
        self.run
            .last()
            .map_or(self.key_span, |last| self.key_span.cover(last.span))
    }
}

/// Where a field stands, for the messages about what may follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldPlace {
    /// In a declaration's `{ }`.
    Block,
    /// After `playbook "Title"`.
    PlaybookHeader,
}

impl FieldPlace {
    fn after_value(self) -> &'static str {
        match self {
            FieldPlace::Block => "another field or `}`",
            FieldPlace::PlaybookHeader => "`starts`, `lead` or a declaration",
        }
    }
}

/// The form of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Date,
    Duration,
    /// `buyer`, `seller` (keywords) or a name.
    Side,
    Name,
    NameList,
}

fn form(key: FieldKey) -> Form {
    match key {
        FieldKey::Starts | FieldKey::By => Form::Date,
        FieldKey::Takes => Form::Duration,
        FieldKey::Side | FieldKey::Lead => Form::Side,
        FieldKey::Role | FieldKey::Compelled => Form::Name,
        FieldKey::With | FieldKey::Owner | FieldKey::Needs | FieldKey::Wins => Form::NameList,
    }
}

/// What a field expects, as said in a message.
fn expected(key: FieldKey) -> &'static str {
    match key {
        FieldKey::Starts | FieldKey::By => "a date (YYYY-MM-DD)",
        FieldKey::Takes => "a duration such as `3d` or `2w`",
        FieldKey::Side | FieldKey::Lead => "`buyer` or `seller`",
        FieldKey::Role => "a role name",
        FieldKey::Compelled => "a level (`none`, `low`, `medium` or `high`)",
        FieldKey::With | FieldKey::Owner => "a stakeholder name",
        FieldKey::Needs => "a conversation or commitment name",
        FieldKey::Wins => "a commitment name",
    }
}

/// Reads a field into `fields`; a key not allowed here is only reported
/// (`allowed` lists the keys that are).
pub(crate) fn field(
    src: Source<'_>,
    parts: &FieldParts<'_>,
    place: FieldPlace,
    allowed: &[FieldKey],
    owner: &str,
    fields: &mut Vec<Field>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !allowed.contains(&parts.key) {
        let names: Vec<&str> = allowed.iter().map(|key| key.as_str()).collect();
        let message = match parts.key {
            FieldKey::Starts | FieldKey::Lead => format!(
                "`{}` belongs to the playbook header, not to {owner}: expected {}",
                parts.key.as_str(),
                one_of(&names)
            ),
            key => format!(
                "`{}` is not a field of {owner}: expected {}",
                key.as_str(),
                one_of(&names)
            ),
        };
        diagnostics.push(Diagnostic::syntax(message, parts.key_span));
        return;
    }
    let values = match well_formed(src, parts) {
        Some(values) => values,
        None => {
            let mut problem = FirstProblem::default();
            let values = match form(parts.key) {
                Form::NameList => name_list(src, parts, &mut problem),
                single => single_value(src, parts, single, place, &mut problem),
            };
            problem.into_diagnostics(diagnostics);
            values
        }
    };
    fields.push(Field::new(parts.key, parts.key_span, values, parts.span()));
}

/// The values of a field written as its form expects (one value of the
/// right kind, or names separated by commas), read without looking for
/// problems: nearly every field of a playbook. `None` for anything else,
/// which the full reading below reads and reports exactly.
fn well_formed(src: Source<'_>, parts: &FieldParts<'_>) -> Option<Values> {
    let form = form(parts.key);
    let (first, rest) = parts.run.split_first()?;
    if form == Form::NameList {
        if first.kind != TokenKind::Ident {
            return None;
        }
        let separated = rest.chunks_exact(2);
        if !separated.remainder().is_empty()
            || !separated.clone().all(|pair| {
                matches!(pair, [comma, name]
                    if comma.kind == TokenKind::Comma && name.kind == TokenKind::Ident)
            })
        {
            return None;
        }
        let mut values = Values::with_capacity(1 + rest.len() / 2);
        values.push(Value::Name(src.name(*first)));
        if rest.is_empty() {
            return Some(values);
        }
        values.extend(
            separated
                .filter_map(|pair| pair.last())
                .map(|name| Value::Name(src.name(*name))),
        );
        return Some(values);
    }
    if !rest.is_empty() {
        return None;
    }
    let value = match (form, first.kind) {
        (Form::Date, TokenKind::Date) => Value::Date(src.date(*first)),
        (Form::Duration, TokenKind::Duration) => Value::Duration(src.duration(*first).ok()?),
        (Form::Side, TokenKind::Ident | TokenKind::Buyer | TokenKind::Seller)
        | (Form::Name, TokenKind::Ident) => Value::Name(src.name(*first)),
        _ => return None,
    };
    let mut values = Values::new();
    values.push(value);
    Some(values)
}

fn missing_value(src: Source<'_>, parts: &FieldParts<'_>, found: Option<Token>) -> Diagnostic {
    Diagnostic::syntax(
        format!(
            "expected {} after `{}`, found {}",
            expected(parts.key),
            parts.key.as_str(),
            src.found_plain(found)
        ),
        parts.key_span,
    )
}

fn wrong_value(src: Source<'_>, parts: &FieldParts<'_>, tok: Token) -> Diagnostic {
    Diagnostic::syntax(
        format!(
            "expected {} after `{}`, found {}",
            expected(parts.key),
            parts.key.as_str(),
            src.found(Some(tok))
        ),
        tok.span,
    )
}

fn single_value(
    src: Source<'_>,
    parts: &FieldParts<'_>,
    form: Form,
    place: FieldPlace,
    problem: &mut FirstProblem,
) -> Values {
    let Some(&first) = parts.run.first() else {
        problem.report(|| missing_value(src, parts, parts.next));
        return Values::new();
    };
    let value = match (form, first.kind) {
        (Form::Date, TokenKind::Date) => Some(Value::Date(src.date(first))),
        (Form::Duration, TokenKind::Duration) => match src.duration(first) {
            Ok(duration) => Some(Value::Duration(duration)),
            Err(diagnostic) => {
                problem.report(|| diagnostic);
                None
            }
        },
        (Form::Side, TokenKind::Ident | TokenKind::Buyer | TokenKind::Seller)
        | (Form::Name, TokenKind::Ident) => Some(Value::Name(src.name(first))),
        _ => {
            problem.report(|| wrong_value(src, parts, first));
            None
        }
    };
    if let (Some(second), Some(last)) = (parts.run.get(1), parts.run.last()) {
        problem.report(|| {
            Diagnostic::syntax(
                format!(
                    "`{}` takes one value: expected {} after it, found {}",
                    parts.key.as_str(),
                    place.after_value(),
                    src.found_plain(Some(*second))
                ),
                second.span.cover(last.span),
            )
        });
    }
    value.into_iter().collect()
}

fn name_list(src: Source<'_>, parts: &FieldParts<'_>, problem: &mut FirstProblem) -> Values {
    // Names and commas alternate: a list of n names has 2n - 1 tokens.
    let mut values = Values::with_capacity(parts.run.len().div_ceil(2));
    let mut expect_name = true;
    let mut last_comma: Option<Token> = None;
    for &tok in parts.run {
        if expect_name {
            match tok.kind {
                TokenKind::Comma => {
                    problem.report(|| {
                        let after = if last_comma.is_some() {
                            "`,`".to_string()
                        } else {
                            format!("`{}`", parts.key.as_str())
                        };
                        Diagnostic::syntax(
                            format!("expected {} after {after}, found `,`", expected(parts.key)),
                            tok.span,
                        )
                    });
                    last_comma = Some(tok);
                }
                TokenKind::Ident => {
                    values.push(Value::Name(src.name(tok)));
                    expect_name = false;
                }
                _ => {
                    problem.report(|| wrong_value(src, parts, tok));
                    expect_name = false;
                }
            }
        } else {
            match tok.kind {
                TokenKind::Comma => {
                    expect_name = true;
                    last_comma = Some(tok);
                }
                TokenKind::Ident => {
                    problem.report(|| {
                        Diagnostic::syntax(
                            format!(
                                "expected `,` between the names of `{}`, found {}",
                                parts.key.as_str(),
                                src.found(Some(tok))
                            ),
                            tok.span,
                        )
                    });
                    values.push(Value::Name(src.name(tok)));
                }
                _ => problem.report(|| {
                    Diagnostic::syntax(
                        format!(
                            "expected `,`, another field or `}}` after the names of `{}`, found {}",
                            parts.key.as_str(),
                            src.found_plain(Some(tok))
                        ),
                        tok.span,
                    )
                }),
            }
        }
    }
    if expect_name {
        match last_comma {
            None => problem.report(|| missing_value(src, parts, parts.next)),
            Some(comma) => problem.report(|| {
                Diagnostic::syntax(
                    format!(
                        "expected {} after `,`, found {}",
                        expected(parts.key),
                        src.found_plain(parts.next)
                    ),
                    comma.span,
                )
            }),
        }
    }
    values
}
