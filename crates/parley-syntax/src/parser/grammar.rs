//! The chumsky grammar over the token vector (comments filtered out).
//!
//! The grammar is total: every sequence of tokens parses. Each construct
//! begins with a token that decides it (a declaration keyword, a field key,
//! a step name, `waive`, `quiet`), then takes optional parts and runs of
//! tokens up to the next synchronisation point: a declaration keyword ends
//! any construct, a field key or `}` ends a field, `}` ends a block. Tokens
//! that start nothing are kept as junk runs and reported once per run. So
//! the parser never backtracks over consumed input, runs in linear time,
//! and has no recursion at all (a file of 100,000 `{` is one junk run).
//!
//! The parsers here only shape the input into parts; the sibling modules
//! read values out of the parts and report what is missing or wrong, and
//! those reports reach the caller through chumsky's validation emitter.

use chumsky::error::{Error, LabelError};
use chumsky::input::{Input as _, MappedInput};
use chumsky::prelude::*;
use chumsky::util::MaybeRef;

use crate::ast::{DeclKind, Item};
use crate::parser::declaration::{BodyItem, BodyParts, DeclarationParts, declaration, run_span};
use crate::parser::field::FieldParts;
use crate::parser::literal::{
    Source, Tok, field_key, is_declaration_keyword, is_field_keyword, is_step_marker,
};
use crate::parser::playbook::{PlaybookParts, playbook};
use crate::parser::process::{ItemParts, ProcessParts, QuietParts, process};
use crate::{Diagnostic, Span, TokenKind};

/// The parser's input: token kinds with their byte spans.
pub(crate) type TokenInput<'s> =
    MappedInput<'s, TokenKind, SimpleSpan, &'s [(TokenKind, SimpleSpan)]>;

/// The parser's error: either a report made while reading a construct, or
/// chumsky's own (cheap) error when an alternative does not match.
#[derive(Clone, Debug)]
pub(crate) struct SyntaxError {
    pub span: SimpleSpan,
    /// Boxed, so that chumsky's own errors stay small.
    pub diagnostic: Option<Box<Diagnostic>>,
}

impl SyntaxError {
    fn report(diagnostic: Diagnostic) -> Self {
        SyntaxError {
            span: SimpleSpan::from(diagnostic.span.range()),
            diagnostic: Some(Box::new(diagnostic)),
        }
    }
}

impl<'s> Error<'s, TokenInput<'s>> for SyntaxError {}

impl<'s, L> LabelError<'s, TokenInput<'s>, L> for SyntaxError {
    fn expected_found<E: IntoIterator<Item = L>>(
        _expected: E,
        _found: Option<MaybeRef<'s, TokenKind>>,
        span: SimpleSpan,
    ) -> Self {
        SyntaxError {
            span,
            diagnostic: None,
        }
    }
}

type Extra = extra::Err<SyntaxError>;

/// Prepares the token vector for [`source_file`].
pub(crate) fn input<'s>(tokens: &'s [(TokenKind, SimpleSpan)], text_len: usize) -> TokenInput<'s> {
    tokens.split_token_span(SimpleSpan::from(text_len..text_len))
}

fn to_span(span: SimpleSpan) -> Span {
    Span::new(span.start, span.end)
}

/// One token whose kind passes `accept`.
fn tok_if<'s>(
    accept: fn(TokenKind) -> bool,
) -> impl Parser<'s, TokenInput<'s>, Tok, Extra> + Clone {
    any()
        .filter(move |kind: &TokenKind| accept(*kind))
        .map_with(|kind, extra| Tok {
            kind,
            span: to_span(extra.span()),
        })
}

/// One token that `read` turns into a value, with its span.
fn tok_as<'s, T>(
    read: fn(TokenKind) -> Option<T>,
) -> impl Parser<'s, TokenInput<'s>, (T, Span), Extra> + Clone {
    any()
        .try_map(move |kind: TokenKind, span: SimpleSpan| {
            read(kind).ok_or(SyntaxError {
                span,
                diagnostic: None,
            })
        })
        .map_with(|value, extra| (value, to_span(extra.span())))
}

/// The next token, if any, without consuming it.
fn peek<'s>() -> impl Parser<'s, TokenInput<'s>, Option<Tok>, Extra> + Clone {
    tok_if(|_| true).or_not().rewind()
}

/// A possibly empty run of tokens whose kinds pass `accept`.
fn run<'s>(
    accept: fn(TokenKind) -> bool,
) -> impl Parser<'s, TokenInput<'s>, Vec<Tok>, Extra> + Clone {
    tok_if(accept).repeated().collect()
}

/// A run of at least one token.
fn run1<'s>(
    accept: fn(TokenKind) -> bool,
) -> impl Parser<'s, TokenInput<'s>, Vec<Tok>, Extra> + Clone {
    tok_if(accept).repeated().at_least(1).collect()
}

/// A field key and the run of its values.
fn field_parts<'s>() -> impl Parser<'s, TokenInput<'s>, FieldParts, Extra> + Clone {
    tok_as(field_key)
        .then(run(|kind| {
            !(is_field_keyword(kind) || is_declaration_keyword(kind) || kind == TokenKind::RBrace)
        }))
        .then(peek())
        .map(|(((key, key_span), run), next)| FieldParts {
            key,
            key_span,
            run,
            next,
        })
}

/// Emits every diagnostic of a construct through chumsky.
fn emit_all(diagnostics: Vec<Diagnostic>, emitter: &mut chumsky::input::Emitter<SyntaxError>) {
    for diagnostic in diagnostics {
        emitter.emit(SyntaxError::report(diagnostic));
    }
}

/// `playbook "Title"` and its header fields.
fn playbook_item<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, Item, Extra> + Clone {
    tok_if(|kind| kind == TokenKind::Playbook)
        .then(run(|kind| {
            !(is_declaration_keyword(kind) || is_field_keyword(kind))
        }))
        .then(peek())
        .then(field_parts().repeated().collect::<Vec<_>>())
        .validate(
            move |(((keyword, header), header_next), fields), _, emitter| {
                let parts = PlaybookParts {
                    keyword,
                    header,
                    header_next,
                    fields,
                };
                let mut diagnostics = Vec::new();
                let item = Item::Playbook(playbook(src, &parts, &mut diagnostics));
                emit_all(diagnostics, emitter);
                item
            },
        )
}

fn keyword_token(kind: DeclKind) -> TokenKind {
    match kind {
        DeclKind::Stakeholder => TokenKind::Stakeholder,
        DeclKind::Commitment => TokenKind::Commitment,
        DeclKind::Conversation => TokenKind::Conversation,
    }
}

fn declaration_kind(kind: TokenKind) -> Option<DeclKind> {
    match kind {
        TokenKind::Stakeholder => Some(DeclKind::Stakeholder),
        TokenKind::Commitment => Some(DeclKind::Commitment),
        TokenKind::Conversation => Some(DeclKind::Conversation),
        _ => None,
    }
}

/// `{`? (field | junk)* `}`?
fn body_parts<'s>() -> impl Parser<'s, TokenInput<'s>, BodyParts, Extra> + Clone {
    let item = choice((
        field_parts().map(BodyItem::Field),
        run1(|kind| {
            !(is_field_keyword(kind) || is_declaration_keyword(kind) || kind == TokenKind::RBrace)
        })
        .map(BodyItem::Junk),
    ));
    tok_if(|kind| kind == TokenKind::LBrace)
        .or_not()
        .then(item.repeated().collect::<Vec<_>>())
        .then(tok_if(|kind| kind == TokenKind::RBrace).or_not())
        .then(peek())
        .map(|(((open, items), close), next)| BodyParts {
            open,
            items,
            close,
            next,
        })
}

/// `stakeholder`, `commitment` or `conversation`.
fn declaration_item<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, Item, Extra> + Clone {
    // A field key right before a string is a keyword misused as the name
    // (`conversation with "..."`): it is read as the name and reported.
    let misused_name = tok_if(is_field_keyword)
        .then_ignore(
            tok_if(|kind| matches!(kind, TokenKind::String | TokenKind::UnterminatedString))
                .rewind(),
        )
        .or_not();
    tok_as(declaration_kind)
        .then(misused_name)
        .then(run(|kind| {
            !(is_declaration_keyword(kind)
                || is_field_keyword(kind)
                || matches!(kind, TokenKind::LBrace | TokenKind::RBrace))
        }))
        .then(peek())
        .then(body_parts())
        .validate(
            move |((((keyword, misused), header), header_next), body), _, emitter| {
                let header = misused.into_iter().chain(header).collect();
                let parts = DeclarationParts {
                    kind: keyword.0,
                    keyword: Tok {
                        kind: keyword_token(keyword.0),
                        span: keyword.1,
                    },
                    header,
                    header_next,
                    body,
                };
                let mut diagnostics = Vec::new();
                let item = Item::Declaration(declaration(src, &parts, &mut diagnostics));
                emit_all(diagnostics, emitter);
                item
            },
        )
}

/// A token that may stand where a process item expects a conversation name:
/// a name, or a keyword that cannot start anything there (reported).
fn process_name_slot(kind: TokenKind) -> bool {
    kind == TokenKind::Ident
        || (kind.is_keyword()
            && !is_declaration_keyword(kind)
            && !matches!(
                kind,
                TokenKind::Waive | TokenKind::Quiet | TokenKind::After | TokenKind::Until
            ))
}

fn process_item<'s>() -> impl Parser<'s, TokenInput<'s>, ItemParts, Extra> + Clone {
    let step = tok_if(|kind| kind == TokenKind::Ident)
        .then(run(is_step_marker))
        .map(|(name, markers)| ItemParts::Step { name, markers });
    // `waive` or `quiet` right before a string is a keyword misused as the
    // conversation name (`waive quiet "..."`): read as the name, reported.
    let waived_name = tok_if(process_name_slot).or(tok_if(|kind| {
        matches!(kind, TokenKind::Waive | TokenKind::Quiet)
    })
    .then_ignore(
        tok_if(|kind| matches!(kind, TokenKind::String | TokenKind::UnterminatedString)).rewind(),
    ));
    let waive = tok_if(|kind| kind == TokenKind::Waive)
        .then(waived_name.or_not())
        .then(
            tok_if(|kind| matches!(kind, TokenKind::String | TokenKind::UnterminatedString))
                .or_not(),
        )
        .then(peek())
        .map(|(((keyword, name), reason), next)| ItemParts::Waive {
            keyword,
            name,
            reason,
            next,
        });
    let quiet = tok_if(|kind| kind == TokenKind::Quiet)
        .then(tok_if(|kind| kind == TokenKind::After).or_not())
        .then(tok_if(process_name_slot).or_not())
        .then(tok_if(|kind| kind == TokenKind::Until).or_not())
        .then(tok_if(process_name_slot).or_not())
        .then(peek())
        .map(|(((((keyword, after), from), until), to), next)| {
            ItemParts::Quiet(QuietParts {
                keyword,
                after,
                from,
                until,
                to,
                next,
            })
        });
    // A field in a process (`with omar`): the key and a comma-separated
    // list of values after it, reported as one mistake.
    let value = |kind: TokenKind| {
        matches!(
            kind,
            TokenKind::Ident
                | TokenKind::Date
                | TokenKind::Duration
                | TokenKind::Number
                | TokenKind::Buyer
                | TokenKind::Seller
        )
    };
    let misplaced_field = tok_if(is_field_keyword)
        .then(tok_if(value).or_not())
        .then(
            tok_if(|kind| kind == TokenKind::Comma)
                .then(tok_if(value).or_not())
                .repeated()
                .collect::<Vec<_>>(),
        )
        .map(|((key, first), rest)| {
            let mut run = vec![key];
            run.extend(first);
            for (comma, value) in rest {
                run.push(comma);
                run.extend(value);
            }
            ItemParts::Junk(run)
        });
    let junk = run1(|kind| {
        !(is_declaration_keyword(kind)
            || is_field_keyword(kind)
            || matches!(
                kind,
                TokenKind::Ident | TokenKind::Waive | TokenKind::Quiet | TokenKind::RBrace
            ))
    })
    .map(ItemParts::Junk);
    choice((step, waive, quiet, misplaced_field, junk))
}

/// `process buyer|seller { item ... }`.
fn process_decl<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, Item, Extra> + Clone {
    tok_if(|kind| kind == TokenKind::Process)
        .then(
            tok_if(|kind| {
                matches!(
                    kind,
                    TokenKind::Buyer | TokenKind::Seller | TokenKind::Ident
                )
            })
            .or_not(),
        )
        .then(run(|kind| {
            !(is_declaration_keyword(kind)
                || matches!(
                    kind,
                    TokenKind::LBrace
                        | TokenKind::RBrace
                        | TokenKind::Ident
                        | TokenKind::Waive
                        | TokenKind::Quiet
                ))
        }))
        .then(peek())
        .then(tok_if(|kind| kind == TokenKind::LBrace).or_not())
        .then(process_item().repeated().collect::<Vec<_>>())
        .then(tok_if(|kind| kind == TokenKind::RBrace).or_not())
        .then(peek())
        .validate(
            move |(((((((keyword, side), junk), header_next), open), items), close), next),
                  _,
                  emitter| {
                let parts = ProcessParts {
                    keyword,
                    side,
                    junk,
                    header_next,
                    open,
                    items,
                    close,
                    next,
                };
                let mut diagnostics = Vec::new();
                let item = Item::Process(process(src, &parts, &mut diagnostics));
                emit_all(diagnostics, emitter);
                item
            },
        )
}

/// Tokens before, between or after declarations that belong to none.
fn top_level_junk<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    run1(|kind| !is_declaration_keyword(kind)).validate(move |run, _, emitter| {
        let first = run.first().copied();
        let message = match first.map(|tok| tok.kind) {
            Some(TokenKind::Starts | TokenKind::Lead) => format!(
                "{} belongs to the playbook header: write it right after `playbook \"Title\"`",
                first.map_or("", |tok| tok.kind.describe())
            ),
            Some(kind) if is_field_keyword(kind) => format!(
                "expected a declaration (`stakeholder`, `commitment`, `conversation`, `process` or `playbook`), found the field {}; fields go inside a declaration's `{{ }}`",
                kind.describe()
            ),
            _ => format!(
                "expected a declaration (`stakeholder`, `commitment`, `conversation`, `process` or `playbook`), found {}",
                src.found_plain(first)
            ),
        };
        // Reported on the first stray token: a run may reach far.
        let span = first.map_or_else(|| run_span(&run).unwrap_or_default(), |tok| tok.span);
        emitter.emit(SyntaxError::report(Diagnostic::syntax(message, span)));
    })
}

/// The whole file: declarations in any order, with junk between them.
pub(crate) fn source_file<'s>(
    src: Source<'s>,
) -> impl Parser<'s, TokenInput<'s>, Vec<Item>, Extra> {
    choice((
        playbook_item(src).map(Some).boxed(),
        declaration_item(src).map(Some).boxed(),
        process_decl(src).map(Some).boxed(),
        top_level_junk(src).map(|()| None).boxed(),
    ))
    .repeated()
    .collect::<Vec<Option<Item>>>()
    .map(|items| items.into_iter().flatten().collect())
    .then_ignore(end())
}
