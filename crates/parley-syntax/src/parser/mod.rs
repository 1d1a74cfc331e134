//! The recovering parser: logos tokens in, a syntax tree and its `E001`
//! syntax errors out. It never fails and never panics.
//!
//! The work is split by construct: [`comments`] lexes the file and sets its
//! comments apart (attaching doc comments); [`grammar`] is the chumsky
//! grammar that shapes the other tokens into declarations, blocks, fields
//! and process items, as borrowed slices of the token vector;
//! [`declaration`], [`playbook`], [`process`] and [`field`] read each
//! construct into the tree as soon as the grammar has it and report what is
//! missing or malformed; [`literal`] reads strings, dates and durations and
//! names tokens in messages, only when a message is written.

mod comments;
mod declaration;
mod field;
mod grammar;
mod literal;
mod playbook;
mod process;

use chumsky::Parser as _;
use chumsky::inspector::SimpleState;

use std::sync::Arc;

use crate::ast::{Declaration, Field, Item, ItemCounts, SourceFile};
use crate::parser::grammar::State;
use crate::parser::literal::Source;
use crate::span::MAX_SOURCE_LEN;
use crate::{Diagnostic, Span, Token};

/// The result of parsing: always a tree, plus the syntax errors recovered from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub file: SourceFile,
    /// `E001` diagnostics, in source order.
    pub errors: Vec<Diagnostic>,
}

/// Parses a playbook. Never fails and never panics.
///
/// A text longer than [`MAX_SOURCE_LEN`] (4 GiB) is not read: the tree is
/// empty and the one syntax error says why.
pub fn parse(text: &str) -> Parse {
    // The tokens the grammar read are not kept: the tree holds what a
    // check reads.
    let (parse, _) = parse_lexed(text);
    parse
}

/// Parses a playbook as [`parse`] does, and keeps the tokens the grammar
/// read: every token that is not a comment, in source order. The comments
/// are the tree's ([`SourceFile::comments`]); the two lists merged by their
/// starts are what [`lex`](crate::lex) returns, so a caller that needs both
/// the tree and the tokens lexes the text once.
///
/// A text longer than [`MAX_SOURCE_LEN`] is not read: it has no tokens.
pub fn parse_keeping_tokens(text: &str) -> (Parse, Vec<Token>) {
    let (parse, mut tokens) = parse_lexed(text);
    // The vector was sized ahead, for a token every ten bytes: give back
    // the room not used, now that it is kept.
    tokens.shrink_to_fit();
    (parse, tokens)
}

/// [`parse`], with the tokens that are not comments.
fn parse_lexed(text: &str) -> (Parse, Vec<Token>) {
    if let Some(error) = too_long(text.len()) {
        let parse = Parse {
            file: SourceFile::default(),
            errors: vec![error],
        };
        return (parse, Vec::new());
    }
    parse_range(text, 0..text.len())
}

/// Where `text` can be cut in two parts, near its middle, that parse
/// apart as they parse together: the start of a line that starts an item
/// (`stakeholder`, `conversation`, `commitment`, `process` or `playbook`)
/// after a blank line, the nearest one past the middle. `None` for a text
/// without such a line past its middle, or too long to parse.
///
/// Why the parts parse apart as together: no token crosses a line break,
/// so lexing from a line's start finds the whole text's tokens from there
/// on; an item keyword ends any item before it (the grammar holds nothing
/// from one item to the next but what it has read); and a doc comment
/// attaches only to the keyword on the line right after it, which the
/// blank line rules out. What can still differ is how the first part's
/// last item reads when the text ends there rather than at the next
/// keyword, and only for an item left incomplete, which is reported:
/// [`join_parts`] takes two parts only when the first has no syntax error
/// (the second ends where the text does).
pub fn split_point(text: &str) -> Option<usize> {
    if too_long(text.len()).is_some() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut from = bytes.len() / 2;
    loop {
        let line = from + bytes.get(from..)?.iter().position(|&b| b == b'\n')? + 1;
        if is_split_point(text, line) {
            return Some(line);
        }
        from = line;
    }
}

/// Whether `text` may be cut at `at` by [`split_point`]'s rule: `at` starts
/// a line whose first token, at its very start, is an item keyword, after a
/// line of nothing but blanks.
pub fn is_split_point(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let line_start = at.checked_sub(1).and_then(|end| bytes.get(end)) == Some(&b'\n');
    line_start && after_blank_line(bytes, at) && starts_item(text, at)
}

/// Whether the first token from `at` on starts right there and is an item
/// keyword: the lexer says what one is, as it does for the parser.
fn starts_item(text: &str, at: usize) -> bool {
    crate::token::tokens_in(text, at..text.len())
        .next()
        .is_some_and(|token| token.span.start() == at && token.kind.starts_item())
}

/// Whether the line before the line that starts at `line` holds nothing
/// but spaces and tabs (and a `\r` of its line break).
fn after_blank_line(bytes: &[u8], line: usize) -> bool {
    let Some(before) = line.checked_sub(1).and_then(|end| bytes.get(..end)) else {
        return false;
    };
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    before
        .get(start..)
        .is_some_and(|previous| previous.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r')))
}

/// Parses the part `range` of `text`, one of the two [`split_point`]
/// makes (`..split` or `split..`): its items, comments and syntax errors,
/// with the whole text's spans. [`join_parts`] makes the whole text's
/// parse of the two.
pub fn parse_part(text: &str, range: std::ops::Range<usize>) -> Parse {
    if too_long(text.len()).is_some() || text.get(range.clone()).is_none() {
        // Not a part this text has: an error, so that no join takes it.
        return Parse {
            file: SourceFile::default(),
            errors: vec![Diagnostic::syntax(
                format!("{range:?} is not a part of this {} byte text", text.len()),
                Span::empty(0),
            )],
        };
    }
    parse_range(text, range).0
}

/// The parse of `text` from the parses of its two parts ([`parse_part`]
/// of `..split` and of `split..`, for a `split` from [`split_point`]): the
/// same as [`parse`] of the whole. `None` when the first part has a syntax
/// error (its last item, left incomplete, may read otherwise where the
/// text goes on, see [`split_point`]) or the two are not the text's two
/// parts; the caller then parses the whole.
pub fn join_parts(text: &str, first: Parse, second: Parse) -> Option<Parse> {
    let (head, tail) = (first.file.span, second.file.span);
    let parts = head.start() == 0 && head.end() == tail.start() && tail.end() == text.len();
    if !first.errors.is_empty() || !parts {
        return None;
    }
    let mut file = first.file;
    let mut later = second.file;
    file.items = joined(std::mem::take(&mut file.items), later.items);
    file.comments.append(&mut later.comments);
    file.block_values.add_all(&later.block_values);
    file.item_counts.add_all(&later.item_counts);
    file.span = Span::new(0, text.len());
    // The first part has none, and the second's are in order.
    Some(Parse {
        file,
        errors: second.errors,
    })
}

/// `first` and then `second`, in one vector allocated at their joined size.
///
/// Each part's items are allocated at once, at the size the part needs.
/// `parley`'s allocator advises a block of 2 MiB or more to use huge pages
/// over the huge pages it covers whole, which splits the block's own
/// mapping in three. Grown where it lies, such a block cannot be moved with
/// `mremap` (its range spans more than one mapping), and glibc copies it
/// into a new mapping of small pages instead, each faulted in as the copy
/// reaches it: at 50 MB, 24 MB of items copied into a 48 MB mapping of
/// small pages. A new vector of the joined size is advised as any large
/// block: checking 50 MB over and over took 3,312 page faults a check
/// instead of 14,134, and its parse 81 ms instead of 102 at the fastest
/// (`examples/stages`, seven alternating runs; 98 and 107 ms the medians).
fn joined<T>(mut first: Vec<T>, mut second: Vec<T>) -> Vec<T> {
    let mut joined = Vec::with_capacity(first.len() + second.len());
    joined.append(&mut first);
    joined.append(&mut second);
    joined
}

/// Parses the part `range` of `text`: all of it, or a part [`split_point`]
/// cut.
fn parse_range(text: &str, range: std::ops::Range<usize>) -> (Parse, Vec<Token>) {
    let span = Span::new(range.start, range.end);
    let lexed = comments::lex(text, range);
    let src = Source {
        text,
        tokens: &lexed.tokens,
    };
    // Each declaration keyword starts exactly one item, each field key at
    // most one field.
    let mut state = SimpleState(State::with_room(lexed.declarations, lexed.field_keys));
    let failed = grammar::source_file(src)
        .parse_with_state(&lexed.tokens, &mut state)
        .has_errors();
    let SimpleState(State {
        mut items,
        mut errors,
        block_fields,
        block_values,
        ..
    }) = state;
    if failed {
        // The grammar accepts every token sequence; should chumsky still
        // stop somewhere, the tree is dropped and the file reported.
        items.clear();
        errors.push(Diagnostic::syntax(
            "unexpected input: expected a declaration",
            span,
        ));
    }
    let item_counts = finish_items(&mut items, block_fields, comments::Docs::new(lexed.docs));
    // The comments are kept with the tree: give back the room the vector
    // grew into while they were read.
    let mut comments = lexed.comments;
    comments.shrink_to_fit();
    errors.sort_by_key(|error| (error.span.start(), error.span.end()));

    let parse = Parse {
        file: SourceFile {
            items,
            comments,
            block_values,
            item_counts,
            span,
        },
        errors,
    };
    (parse, lexed.tokens)
}

/// Hands the fields of every block, read into one buffer, to the blocks,
/// each of which reads its run of it, gives each item its doc comment, and
/// counts what the items hold: one walk over the items for the three.
fn finish_items(items: &mut [Item], fields: Vec<Field>, mut docs: comments::Docs) -> ItemCounts {
    let buffer = Arc::new(fields);
    let mut counts = ItemCounts::default();
    for item in items {
        if let Item::Declaration(Declaration {
            body: Some(block), ..
        }) = item
        {
            block.fields.share(&buffer);
        }
        docs.attach(item);
        counts.count(item);
    }
    counts
}

/// The error for a text whose offsets do not fit a [`Span`].
fn too_long(len: usize) -> Option<Diagnostic> {
    (len > MAX_SOURCE_LEN).then(|| {
        Diagnostic::syntax(
            format!(
                "this file is {len} bytes; a playbook can be at most {MAX_SOURCE_LEN} bytes (4 GiB)"
            ),
            Span::empty(0),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lex;

    #[test]
    fn the_kept_tokens_and_the_comments_are_what_lexing_gives() {
        let text = "/// Dana.\nstakeholder dana \"Dana\" { side buyer } // after\r\n\
                    //// four\n/// orphan\n\nprocess seller { @ dana \"open\r}\n///";
        let (kept, tokens) = parse_keeping_tokens(text);
        assert_eq!(kept, parse(text));
        let lexed = lex(text);
        let significant: Vec<Token> = lexed
            .iter()
            .copied()
            .filter(|token| !token.kind.is_trivia())
            .collect();
        assert_eq!(tokens, significant);
        let comments: Vec<Token> = kept
            .file
            .comments
            .iter()
            .map(|comment| Token {
                kind: comment.kind.token_kind(),
                span: comment.span,
            })
            .collect();
        let trivia: Vec<Token> = lexed
            .into_iter()
            .filter(|token| token.kind.is_trivia())
            .collect();
        assert_eq!(comments.len(), 5);
        assert_eq!(comments, trivia);
    }

    /// The example playbooks: three without syntax errors, then
    /// `half-typed.parley` with some.
    const EXAMPLES: [&str; 4] = [
        include_str!("../../../../examples/acme.parley"),
        include_str!("../../../../examples/county-rfp.parley"),
        include_str!("../../../../examples/renewal.parley"),
        include_str!("../../../../examples/half-typed.parley"),
    ];

    /// Every place [`split_point`] could choose in `text`: each line that
    /// starts an item after a blank line.
    fn split_points(text: &str) -> Vec<usize> {
        (0..=text.len())
            .filter(|&at| is_split_point(text, at))
            .collect()
    }

    fn in_two(text: &str, split: usize) -> Option<Parse> {
        let first = parse_part(text, 0..split);
        let second = parse_part(text, split..text.len());
        join_parts(text, first, second)
    }

    #[test]
    fn two_parts_cut_at_any_split_point_parse_as_the_whole() {
        let examples = EXAMPLES;
        let together = examples[..3].join("\n");
        let crlf = together.replace('\n', "\r\n");
        let mut joined = 0;
        for text in examples
            .into_iter()
            .chain([together.as_str(), crlf.as_str()])
        {
            let whole = parse(text);
            for split in split_points(text) {
                // Refused only for a first part with a syntax error.
                match in_two(text, split) {
                    Some(parts) => {
                        assert_eq!(parts, whole, "split at {split}");
                        joined += 1;
                    }
                    None => assert!(
                        whole.errors.iter().any(|e| e.span.start() < split),
                        "split at {split}"
                    ),
                }
            }
        }
        assert!(joined > 100, "{joined} splits joined");
        let middle = split_point(&together).expect("a split point");
        assert!(middle >= together.len() / 2);
        assert_eq!(in_two(&together, middle), Some(parse(&together)));
    }

    #[test]
    fn joined_items_are_one_vector_of_their_size() {
        let text = EXAMPLES[..2].join("\n");
        let middle = split_point(&text).expect("a split point");
        let first = parse_part(&text, 0..middle);
        let second = parse_part(&text, middle..text.len());
        let (first_items, second_items) = (first.file.items.len(), second.file.items.len());
        assert!(first_items > 0 && second_items > 0);
        let joined = join_parts(&text, first, second).expect("joined");
        assert_eq!(joined.file.items.len(), first_items + second_items);
        // Allocated once at the joined size, not the first part's grown.
        assert_eq!(joined.file.items.capacity(), joined.file.items.len());
        assert_eq!(joined, parse(&text));
    }

    #[test]
    fn a_part_starts_at_an_item_after_a_blank_line_and_nowhere_else() {
        let text = "stakeholder a \"A\" { side buyer }\n\
                    /// B's doc.\n\
                    stakeholder b \"B\" { side buyer }\n\
                    \n\
                    // a comment\n\
                    stakeholder c \"C\" { side buyer }\n\
                    \n\
                    stakeholders are not a keyword\n\
                    \n\
                    \tconversation d \"D\" { with a }\n\
                    \n\
                    conversation{\n";
        // Not after a doc comment (it would lose its declaration), not
        // after a comment, not a longer word, not an indented keyword.
        let last = text.rfind("conversation{").expect("last");
        assert_eq!(split_points(text), [last]);
        assert_eq!(split_point(text), Some(last));
        assert_eq!(split_point("stakeholder a \"A\" {}\n"), None);
        assert_eq!(split_point(""), None);
        // A first part with a syntax error (the stray words) is not
        // joined: the whole is parsed instead.
        assert_eq!(in_two(text, last), None);
        // The second part ends where the text does: its incomplete item
        // reads as in the whole.
        let text = "stakeholder a \"A\" { side buyer }\n\nconversation{\n";
        let split = split_point(text).expect("a split point");
        assert_eq!(parse(text).errors.len(), 2);
        assert_eq!(in_two(text, split), Some(parse(text)));
    }

    #[test]
    fn a_range_that_is_not_part_of_the_text_is_never_joined() {
        let text = "stakeholder zoë \"Z\" { side buyer }\n\nstakeholder b \"B\" {}\n";
        let inside_a_character = text.find('ë').expect("ë") + 1;
        let broken = parse_part(text, 0..inside_a_character);
        assert_eq!(broken.errors.len(), 1);
        assert!(broken.file.items.is_empty());
        let rest = parse_part(text, inside_a_character..text.len());
        assert_eq!(join_parts(text, broken, rest), None);
        assert_eq!(parse_part(text, 0..text.len() + 1).errors.len(), 1);
        // Parts that do not meet, or do not cover the text, are not its
        // parts.
        let split = split_point(text).expect("a split point");
        let part = |range| parse_part(text, range);
        assert!(join_parts(text, part(0..split), part(split..text.len())).is_some());
        assert_eq!(
            join_parts(text, part(0..split - 1), part(split..text.len())),
            None
        );
        assert_eq!(
            join_parts(text, part(0..split), part(split..text.len() - 1)),
            None
        );
        assert_eq!(
            join_parts(text, part(split..text.len()), part(0..split)),
            None
        );
    }

    #[test]
    fn a_text_past_four_gibibytes_is_one_error_and_no_tree() {
        assert_eq!(too_long(MAX_SOURCE_LEN), None);
        let error = too_long(MAX_SOURCE_LEN + 1).expect("too long");
        assert_eq!(error.code, "E001");
        assert_eq!(error.span, Span::empty(0));
        assert!(
            error.message.contains("4294967296 bytes"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("at most 4294967295 bytes"),
            "{}",
            error.message
        );
    }
}
