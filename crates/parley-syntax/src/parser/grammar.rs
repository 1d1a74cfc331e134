//! The chumsky grammar over the token vector (comments left out).
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
//! The parsers here only shape the input: runs of tokens are borrowed
//! slices of the token vector, and each field, process item and declaration
//! is handed to a sibling module as soon as it is complete, which reads its
//! values into the tree and reports what is missing or wrong. The parser's
//! [`State`] holds the finished items, the reports, and the fields or
//! process items of the construct being read until it is complete; nothing
//! else is kept. Chumsky's own error is empty: a construct that does not
//! match costs no description, and every message is written only when a
//! problem is reported.
//!
//! Chumsky chooses between the constructs of the file and reads processes,
//! the playbook header and stray tokens. The constructs that make up most
//! of a playbook (a stakeholder, commitment or conversation with its block
//! of fields, and a run of steps) are read by plain loops over the token
//! slice inside `custom` parsers, which report exactly as the combinators
//! they replace: a combinator per token cost more than the reading itself.
//! Runs of tokens are found the same way.

use chumsky::error::EmptyErr;
use chumsky::extra;
use chumsky::input::InputRef;
use chumsky::inspector::SimpleState;
use chumsky::prelude::*;

use crate::ast::{BlockValues, DeclKind, Field, FieldKey, Fields, Item, ProcessItem};
use crate::parser::declaration::{
    BodyParts, DeclarationParts, a_kind, block_junk, declaration, run_span,
};
use crate::parser::field::{FieldParts, FieldPlace, field};
use crate::parser::literal::{Source, is_field_keyword, is_step_marker};
use crate::parser::playbook::{HEADER_FIELDS, PlaybookParts, playbook};
use crate::parser::process::{
    ProcessItems, ProcessParts, QuietParts, junk, process, quiet, step, waive,
};
use crate::{Diagnostic, Span, Token, TokenKind};

/// What the parser makes: the items, in source order, and the `E001`
/// reports, in the order they were made.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub items: Vec<Item>,
    pub errors: Vec<Diagnostic>,
    /// The fields of the playbook header being read, until it is complete.
    fields: Vec<Field>,
    /// The fields of every declaration's block, end to end: each block
    /// holds its run ([`Fields`]), and the parse hands the whole to the
    /// blocks once every one is read.
    pub block_fields: Vec<Field>,
    /// How many values `block_fields` holds, by key.
    pub block_values: BlockValues,
    /// The items of the process being read, until it is complete.
    process_items: Vec<ProcessItem>,
}

impl State {
    /// A state with room for this many items and this many fields in
    /// blocks.
    pub(crate) fn with_room(items: usize, fields: usize) -> Self {
        State {
            items: Vec::with_capacity(items),
            block_fields: Vec::with_capacity(fields),
            ..State::default()
        }
    }
}

/// Moves what a construct gathered into a vector of its own, exactly as
/// long, leaving the gathering vector empty for the next construct.
fn take_all<T>(gathered: &mut Vec<T>) -> Vec<T> {
    let mut taken = Vec::with_capacity(gathered.len());
    taken.append(gathered);
    taken
}

/// Moves what a long construct gathered out whole, its room given back
/// (a process's steps are most of its file: neither copied nor doubled).
fn take_whole<T>(gathered: &mut Vec<T>) -> Vec<T> {
    let mut taken = std::mem::take(gathered);
    taken.shrink_to_fit();
    taken
}

/// The first token and the span of the last token of a range of tokens
/// (`None` for an empty range): what messages and spans need of a block's
/// contents. Spans only ever grow to cover it, so the last token's end is
/// all that the contents' end needs.
fn first_and_last(src: Source<'_>, range: SimpleSpan) -> (Option<Token>, Option<Span>) {
    if range.start >= range.end {
        return (None, None);
    }
    let last = range.end.checked_sub(1).and_then(|at| src.token(at));
    (src.token(range.start), last.map(|tok| tok.span))
}

/// The parser's input: the significant tokens.
type TokenInput<'s> = &'s [Token];

type Extra = extra::State<SimpleState<State>>;

/// What a hand-written reader sees of the parse: the tokens from its
/// position on, and the state.
type Input<'s, 'p> = InputRef<'s, 'p, TokenInput<'s>, Extra>;

/// The tokens from the reader's position to the end of the file.
fn rest<'s>(inp: &mut Input<'s, '_>) -> &'s [Token] {
    let here = inp.cursor();
    inp.slice_from(&here..)
}

/// Moves the reader past `count` tokens.
fn advance(inp: &mut Input<'_, '_>, count: usize) {
    for _ in 0..count {
        inp.skip();
    }
}

/// How many of the first tokens of `tokens` pass `accept`.
fn run_len(tokens: &[Token], accept: impl Fn(TokenKind) -> bool) -> usize {
    tokens
        .iter()
        .position(|tok| !accept(tok.kind))
        .unwrap_or(tokens.len())
}

/// Reads the run of tokens from the reader's position whose kinds pass
/// `accept`: a slice of the token vector, read in one loop.
fn take_run<'s>(inp: &mut Input<'s, '_>, accept: impl Fn(TokenKind) -> bool) -> &'s [Token] {
    let rest = rest(inp);
    let run = rest.get(..run_len(rest, accept)).unwrap_or(&[]);
    advance(inp, run.len());
    run
}

/// One token whose kind passes `accept`.
fn tok_if<'s>(
    accept: impl Fn(TokenKind) -> bool + Clone,
) -> impl Parser<'s, TokenInput<'s>, Token, Extra> + Clone {
    custom(move |inp: &mut Input<'s, '_>| match inp.peek() {
        Some(tok) if accept(tok.kind) => {
            inp.skip();
            Ok(tok)
        }
        _ => Err(EmptyErr::default()),
    })
}

/// One token of this kind.
fn tok<'s>(kind: TokenKind) -> impl Parser<'s, TokenInput<'s>, Token, Extra> + Clone {
    tok_if(move |found| found == kind)
}

/// A string, terminated or not.
fn is_string(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::String | TokenKind::UnterminatedString)
}

/// A possibly empty run of tokens whose kinds pass `accept`.
fn run<'s>(
    accept: impl Fn(TokenKind) -> bool + Clone,
) -> impl Parser<'s, TokenInput<'s>, &'s [Token], Extra> + Clone {
    custom(move |inp: &mut Input<'s, '_>| Ok(take_run(inp, &accept)))
}

/// A run of at least one token.
fn run1<'s>(
    accept: impl Fn(TokenKind) -> bool + Clone,
) -> impl Parser<'s, TokenInput<'s>, &'s [Token], Extra> + Clone {
    custom(
        move |inp: &mut Input<'s, '_>| match take_run(inp, &accept) {
            [] => Err(EmptyErr::default()),
            run => Ok(run),
        },
    )
}

/// `parser`'s output with the token that follows what it matched.
fn and_next<'s, O>(
    src: Source<'s>,
    parser: impl Parser<'s, TokenInput<'s>, O, Extra> + Clone,
) -> impl Parser<'s, TokenInput<'s>, (O, Option<Token>), Extra> + Clone {
    parser.map_with(move |out, extra| (out, src.token(extra.span().end)))
}

/// Whether a token ends the values of a field: a field key, a
/// declaration keyword or `}`. Asked of every value, so answered by one
/// test of a bit set of the kinds.
fn ends_field(kind: TokenKind) -> bool {
    const ENDS_FIELD: u64 = {
        let mut set = 1 << TokenKind::RBrace as u64;
        let mut at = 0;
        while at < ENDING_KEYWORDS.len() {
            set |= 1 << ENDING_KEYWORDS[at] as u64;
            at += 1;
        }
        set
    };
    const ENDING_KEYWORDS: [TokenKind; 16] = [
        TokenKind::Playbook,
        TokenKind::Stakeholder,
        TokenKind::Commitment,
        TokenKind::Conversation,
        TokenKind::Process,
        TokenKind::Starts,
        TokenKind::Lead,
        TokenKind::Side,
        TokenKind::Role,
        TokenKind::Compelled,
        TokenKind::With,
        TokenKind::Owner,
        TokenKind::Needs,
        TokenKind::Wins,
        TokenKind::Takes,
        TokenKind::By,
    ];
    // Every kind has its bit: `Error` is the last kind.
    const _: () = assert!((TokenKind::Error as u64) < 64);
    ENDS_FIELD & (1 << kind as u64) != 0
}

/// Fields, one or more in a row (the playbook header's): each a key and the
/// run of its values, read into the state's fields as soon as it is
/// complete (a key refused where it stands is only reported). Fails where
/// no field key stands. Read by a loop over the token slice, as a block's
/// fields are: a key, then every token up to the next key, `}` or
/// declaration keyword.
fn read_fields<'s>(
    src: Source<'s>,
    place: FieldPlace,
    allowed: &'static [FieldKey],
    owner: &'static str,
) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    custom(move |inp: &mut Input<'s, '_>| {
        let tokens = rest(inp);
        let mut remaining = tokens;
        while let Some((tok, after)) = remaining.split_first() {
            let Some(key) = FieldKey::opened_by(tok.kind) else {
                break;
            };
            let Some((run, next)) =
                after.split_at_checked(run_len(after, |kind| !ends_field(kind)))
            else {
                break;
            };
            remaining = next;
            let parts = FieldParts {
                key,
                key_span: tok.span,
                run,
                next: next.first().copied(),
            };
            let state: &mut State = inp.state();
            field(
                src,
                &parts,
                place,
                allowed,
                owner,
                &mut state.fields,
                &mut state.errors,
            );
        }
        let taken = tokens.len() - remaining.len();
        if taken == 0 {
            return Err(EmptyErr::default());
        }
        advance(inp, taken);
        Ok(())
    })
}

/// Reads every item that `item` matches, in order; the output is the range
/// of tokens they took. (Folded, not merely repeated: a bare repetition only
/// checks that its items match, without reading them.)
fn read_all<'s>(
    item: impl Parser<'s, TokenInput<'s>, (), Extra> + Clone,
) -> impl Parser<'s, TokenInput<'s>, SimpleSpan, Extra> + Clone {
    item.repeated()
        .fold((), |(), ()| ())
        .map_with(|(), extra| extra.span())
}

/// `playbook "Title"` and its header fields.
fn playbook_item<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    let fields = read_all(read_fields(
        src,
        FieldPlace::PlaybookHeader,
        &HEADER_FIELDS,
        "the playbook header",
    ));
    tok(TokenKind::Playbook)
        .then(and_next(
            src,
            run(|kind| !(kind.starts_item() || is_field_keyword(kind))),
        ))
        .then(fields)
        .map_with(move |((keyword, (header, header_next)), fields), extra| {
            let state: &mut State = extra.state();
            let parts = PlaybookParts {
                keyword,
                header,
                header_next,
                fields: take_all(&mut state.fields),
                last_field: first_and_last(src, fields).1,
            };
            let item = Item::Playbook(playbook(src, parts, &mut state.errors));
            state.items.push(item);
        })
}

fn keyword_token(kind: DeclKind) -> TokenKind {
    match kind {
        DeclKind::Stakeholder => TokenKind::Stakeholder,
        DeclKind::Commitment => TokenKind::Commitment,
        DeclKind::Conversation => TokenKind::Conversation,
    }
}

/// `{`? (field | junk)* `}`? at the start of `tokens`: a declaration's
/// block, its fields read into the state as they come. Returns the block
/// and the tokens after it.
///
/// Inside the block, a field key starts a field, whose values run up to
/// the next field key, `}` or declaration keyword; any other token that
/// ends nothing starts a junk run up to the same tokens, reported once;
/// `}` or a declaration keyword ends the block.
fn block<'s>(
    src: Source<'s>,
    kind: DeclKind,
    tokens: &'s [Token],
    state: &mut State,
) -> (BodyParts, &'s [Token]) {
    let (open, contents) = match tokens.split_first() {
        Some((tok, after)) if tok.kind == TokenKind::LBrace => (Some(*tok), after),
        _ => (None, tokens),
    };
    let (allowed, owner) = (kind.fields(), a_kind(kind));
    let first_field = state.block_fields.len();
    let mut remaining = contents;
    while let Some((tok, after)) = remaining.split_first() {
        let key = FieldKey::opened_by(tok.kind);
        if key.is_none() && ends_field(tok.kind) {
            break;
        }
        let Some((run, next)) = after.split_at_checked(run_len(after, |kind| !ends_field(kind)))
        else {
            break;
        };
        match key {
            Some(key) => {
                let parts = FieldParts {
                    key,
                    key_span: tok.span,
                    run,
                    next: next.first().copied(),
                };
                let place = FieldPlace::Block;
                let before = state.block_fields.len();
                field(
                    src,
                    &parts,
                    place,
                    allowed,
                    owner,
                    &mut state.block_fields,
                    &mut state.errors,
                );
                if state.block_fields.len() > before {
                    if let Some(read) = state.block_fields.last() {
                        state.block_values.add(read.key, read.values.len());
                    }
                }
            }
            None => {
                let junk = remaining.get(..1 + run.len()).unwrap_or(&[]);
                block_junk(src, kind, junk, &mut state.errors);
            }
        }
        remaining = next;
    }
    let items = contents
        .get(..contents.len() - remaining.len())
        .unwrap_or(&[]);
    let close = match remaining.split_first() {
        Some((tok, after)) if tok.kind == TokenKind::RBrace => {
            remaining = after;
            Some(*tok)
        }
        _ => None,
    };
    let body = BodyParts {
        open,
        fields: Fields::pending(first_field, state.block_fields.len()),
        first: items.first().copied(),
        last: items.last().map(|tok| tok.span),
        close,
        next: remaining.first().copied(),
    };
    (body, remaining)
}

/// The header of a declaration at the start of `tokens`, up to its block:
/// the tokens up to a `{`, `}`, field key or declaration keyword. A field
/// key right before a string is a keyword misused as the name
/// (`conversation with "..."`): it is read as the name and reported.
fn header(tokens: &[Token]) -> usize {
    let misused_name = match tokens {
        [key, name, ..] if is_field_keyword(key.kind) && is_string(name.kind) => 1,
        _ => 0,
    };
    let rest = tokens.get(misused_name..).unwrap_or(&[]);
    misused_name
        + run_len(rest, |kind| {
            !(kind.starts_item()
                || is_field_keyword(kind)
                || matches!(kind, TokenKind::LBrace | TokenKind::RBrace))
        })
}

/// `stakeholder`, `commitment` or `conversation`: `KEYWORD header block`,
/// one parser per kind, so that the block knows the fields it accepts.
///
/// Declarations are most of a playbook, so one is read by a loop over the
/// token slice (its header, then its block) rather than token by token
/// through combinators; the choice between constructs stays the grammar's.
fn declaration_item<'s>(
    src: Source<'s>,
    kind: DeclKind,
) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    let keyword_kind = keyword_token(kind);
    custom(move |inp: &mut Input<'s, '_>| {
        let tokens = rest(inp);
        let Some((keyword, after)) = tokens
            .split_first()
            .filter(|(keyword, _)| keyword.kind == keyword_kind)
        else {
            return Err(EmptyErr::default());
        };
        let Some((header, after_header)) = after.split_at_checked(header(after)) else {
            return Err(EmptyErr::default());
        };
        let state: &mut State = inp.state();
        let (body, remaining) = block(src, kind, after_header, state);
        let parts = DeclarationParts {
            kind,
            keyword: *keyword,
            header,
            header_next: after_header.first().copied(),
            body,
        };
        let item = Item::Declaration(declaration(src, parts, &mut state.errors));
        state.items.push(item);
        advance(inp, tokens.len() - remaining.len());
        Ok(())
    })
}

/// A token that may stand where a process item expects a conversation name:
/// a name, or a keyword that cannot start anything there (reported).
fn process_name_slot(kind: TokenKind) -> bool {
    kind == TokenKind::Ident
        || (kind.is_keyword()
            && !kind.starts_item()
            && !matches!(
                kind,
                TokenKind::Waive | TokenKind::Quiet | TokenKind::After | TokenKind::Until
            ))
}

/// An item of a process, read into the state's process items as soon as it
/// is complete (tokens that start none are only reported).
fn process_item<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    // Steps, one or more in a row: a name and the markers after it. Most
    // of a process, so read by a loop over the token slice.
    let steps = custom(move |inp: &mut Input<'s, '_>| {
        let tokens = rest(inp);
        // Room for the rest of the process at once, an item per token at
        // most, where the run of steps does not fit: grown step by step, a
        // large process's list was copied a dozen times (at 50 MB, 15 MB
        // of copies, and as much memory touched anew).
        let run = run_len(tokens, |kind| {
            kind == TokenKind::Ident || is_step_marker(kind)
        });
        let state: &mut State = inp.state();
        let items = &mut state.process_items;
        if items.capacity() - items.len() < run {
            let body = run_len(tokens, |kind| {
                kind != TokenKind::RBrace && !kind.starts_item()
            });
            items.reserve(body);
        }
        let mut at = 0;
        while let Some(name) = tokens.get(at).filter(|tok| tok.kind == TokenKind::Ident) {
            let after = tokens.get(at + 1..).unwrap_or(&[]);
            let markers = after.get(..run_len(after, is_step_marker)).unwrap_or(&[]);
            at += 1 + markers.len();
            let state: &mut State = inp.state();
            let step = step(src, *name, markers, &mut state.errors);
            state.process_items.push(ProcessItem::Step(step));
        }
        if at == 0 {
            return Err(EmptyErr::default());
        }
        advance(inp, at);
        Ok(())
    });
    // `waive` or `quiet` right before a string is a keyword misused as the
    // conversation name (`waive quiet "..."`): read as the name, reported.
    let waived_name = tok_if(process_name_slot).or(tok_if(|kind| {
        matches!(kind, TokenKind::Waive | TokenKind::Quiet)
    })
    .then_ignore(tok_if(is_string).rewind()));
    let waive = and_next(
        src,
        tok(TokenKind::Waive)
            .then(waived_name.or_not())
            .then(tok_if(is_string).or_not()),
    )
    .map_with(move |(((keyword, name), reason), next), extra| {
        let state: &mut State = extra.state();
        let waive = waive(src, keyword, name, reason, next, &mut state.errors);
        state
            .process_items
            .push(ProcessItem::Waive(Box::new(waive)));
    });
    let quiet = and_next(
        src,
        tok(TokenKind::Quiet)
            .then(tok(TokenKind::After).or_not())
            .then(tok_if(process_name_slot).or_not())
            .then(tok(TokenKind::Until).or_not())
            .then(tok_if(process_name_slot).or_not()),
    )
    .map_with(
        move |(((((keyword, after), from), until), to), next), extra| {
            let parts = QuietParts {
                keyword,
                after,
                from,
                until,
                to,
                next,
            };
            let state: &mut State = extra.state();
            let quiet = quiet(src, &parts, &mut state.errors);
            state
                .process_items
                .push(ProcessItem::Quiet(Box::new(quiet)));
        },
    );
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
            tok(TokenKind::Comma)
                .then(tok_if(value).or_not())
                .repeated(),
        )
        .to_slice();
    let other = run1(|kind| {
        !(kind.starts_item()
            || is_field_keyword(kind)
            || matches!(
                kind,
                TokenKind::Ident | TokenKind::Waive | TokenKind::Quiet | TokenKind::RBrace
            ))
    });
    let junk = misplaced_field.or(other).map_with(move |run, extra| {
        let state: &mut State = extra.state();
        junk(src, run, &mut state.errors);
    });
    choice((steps, waive, quiet, junk))
}

/// `process buyer|seller { item ... }`.
fn process_decl<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    let items = read_all(process_item(src));
    let header_junk = run(|kind| {
        !(kind.starts_item()
            || matches!(
                kind,
                TokenKind::LBrace
                    | TokenKind::RBrace
                    | TokenKind::Ident
                    | TokenKind::Waive
                    | TokenKind::Quiet
            ))
    });
    and_next(
        src,
        tok(TokenKind::Process)
            .then(
                tok_if(|kind| {
                    matches!(
                        kind,
                        TokenKind::Buyer | TokenKind::Seller | TokenKind::Ident
                    )
                })
                .or_not(),
            )
            .then(and_next(src, header_junk))
            .then(tok(TokenKind::LBrace).or_not())
            .then(items)
            .then(tok(TokenKind::RBrace).or_not()),
    )
    .map_with(
        move |((((((keyword, side), (junk, header_next)), open), items), close), next), extra| {
            let state: &mut State = extra.state();
            let (first, last) = first_and_last(src, items);
            let parts = ProcessParts {
                keyword,
                side,
                junk,
                header_next,
                open,
                items: ProcessItems {
                    items: take_whole(&mut state.process_items),
                    first,
                    last,
                },
                close,
                next,
            };
            let item = Item::Process(process(src, parts, &mut state.errors));
            state.items.push(item);
        },
    )
}

/// Tokens before, between or after declarations that belong to none.
fn top_level_junk<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, (), Extra> + Clone {
    run1(|kind| !kind.starts_item()).map_with(move |run, extra| {
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
        let span = first.map_or_else(|| run_span(run).unwrap_or_default(), |tok| tok.span);
        let state: &mut State = extra.state();
        state.errors.push(Diagnostic::syntax(message, span));
    })
}

/// The whole file: declarations in any order, with junk between them. Each
/// item goes into the [`State`] as it is read.
pub(crate) fn source_file<'s>(src: Source<'s>) -> impl Parser<'s, TokenInput<'s>, (), Extra> {
    // Each alternative starts with tokens no other one starts with, so
    // their order only matters for speed: the commonest first.
    choice((
        declaration_item(src, DeclKind::Conversation).boxed(),
        declaration_item(src, DeclKind::Stakeholder).boxed(),
        declaration_item(src, DeclKind::Commitment).boxed(),
        process_decl(src).boxed(),
        playbook_item(src).boxed(),
        top_level_junk(src).boxed(),
    ))
    .repeated()
    // Folded, not merely repeated, so that the items are read (a bare
    // repetition only checks that they match).
    .fold((), |(), ()| ())
    .then_ignore(end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bit_set_ends_a_field_at_a_field_key_a_declaration_keyword_or_a_closing_brace() {
        let every_kind = crate::lex(
            "playbook starts lead stakeholder commitment conversation process side role \
             compelled with owner needs wins takes by negotiated waive accelerate decelerate \
             quiet after until buyer seller dana \"s\" \"cut\n2027-01-11 3d 12 { } , \
             // note\n/// doc\n@",
        );
        let mut kinds: Vec<TokenKind> = every_kind.iter().map(|tok| tok.kind).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), 37, "every kind once: {kinds:?}");
        assert_eq!(kinds.last(), Some(&TokenKind::Error));
        for tok in every_kind {
            let kind = tok.kind;
            assert_eq!(
                ends_field(kind),
                is_field_keyword(kind) || kind.starts_item() || kind == TokenKind::RBrace,
                "{kind:?}"
            );
        }
    }
}
