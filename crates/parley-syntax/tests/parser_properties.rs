//! Properties of the parser on generated input: it never panics, every span
//! lies within the text on character boundaries, errors are `E001` in source
//! order, every declaration keyword starts a declaration, declarations come
//! out in order without overlapping, the values counted in blocks and the
//! counts of what the items hold are the tree's, valid playbooks parse
//! without errors, and a text cut in two parts where a split may fall
//! parses as the whole does.

mod support;

use parley_syntax::ast::{CommentKind, DeclKind, FieldKey, Item};
use parley_syntax::{TokenKind, join_parts, lex, parse, parse_part};
use proptest::prelude::*;
use support::generators::{declaration, fragments, token_soup};

fn check(text: &str) {
    let parse = parse(text);
    support::assert_spans_valid(text, &parse);
    assert!(parse.errors.iter().all(|error| error.code == "E001"));
    assert!(
        parse
            .errors
            .windows(2)
            .all(|pair| pair[0].span.start() <= pair[1].span.start()),
        "errors out of order"
    );
    // Declaration keywords are strong synchronisation points: each one
    // starts a declaration of its own, whatever comes before it.
    let keywords = lex(text)
        .iter()
        .filter(|token| {
            matches!(
                token.kind,
                TokenKind::Playbook
                    | TokenKind::Stakeholder
                    | TokenKind::Commitment
                    | TokenKind::Conversation
                    | TokenKind::Process
            )
        })
        .count();
    assert_eq!(
        parse.file.items.len(),
        keywords,
        "a declaration keyword was swallowed"
    );
    let spans: Vec<_> = parse.file.items.iter().map(Item::span).collect();
    assert!(
        spans
            .windows(2)
            .all(|pair| pair[0].end() <= pair[1].start()),
        "declarations overlap or are out of order: {spans:?}"
    );
    // The parser's count of block values is what a walk of the tree finds.
    for key in FieldKey::ALL {
        let walked: usize = parse
            .file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Declaration(declaration) => Some(declaration.fields_with(key)),
                _ => None,
            })
            .flatten()
            .map(|field| field.values.len())
            .sum();
        assert_eq!(parse.file.block_values.of(key), walked, "values of {key:?}");
    }
    // So are its counts of what the items hold.
    let counts = parse.file.item_counts;
    for kind in [
        DeclKind::Stakeholder,
        DeclKind::Commitment,
        DeclKind::Conversation,
    ] {
        let declarations: Vec<_> = parse
            .file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Declaration(declaration) if declaration.kind == kind => Some(declaration),
                _ => None,
            })
            .collect();
        let sum = |bytes: fn(&parley_syntax::ast::Declaration) -> usize| {
            declarations.iter().map(|&d| bytes(d)).sum::<usize>()
        };
        let walked = (
            declarations.len(),
            sum(|d| d.name.as_ref().map_or(0, |name| name.text.len())),
            sum(|d| d.title.as_ref().map_or(0, |title| title.contents().len())),
            sum(|d| d.doc.as_ref().map_or(0, |doc| doc.span.len())),
        );
        // What the counts promise: room enough for the values and texts
        // read from the text.
        let values: usize = declarations
            .iter()
            .filter_map(|d| d.title.as_ref())
            .map(|title| title.value(text).len())
            .sum();
        let docs: usize = declarations
            .iter()
            .filter_map(|d| d.doc.as_ref())
            .map(|doc| doc.text(text).len())
            .sum();
        assert!(walked.2 >= values && walked.3 >= docs, "{kind:?}");
        let kept = counts.of(kind);
        assert_eq!(
            (
                kept.count,
                kept.name_bytes,
                kept.title_bytes,
                kept.doc_bytes
            ),
            walked,
            "counts of {kind:?}"
        );
    }
    let process_items: usize = parse
        .file
        .items
        .iter()
        .map(|item| match item {
            Item::Process(process) => process.items.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(counts.process_items, process_items);
    // A doc comment's text, read from its span, is its `///` comments'
    // lines as the lexer cut them: each without its `///`, one following
    // space and trailing whitespace, joined by `\n`.
    for doc in parse.file.items.iter().filter_map(Item::doc) {
        let inside: Vec<_> = parse
            .file
            .comments
            .iter()
            .filter(|comment| doc.span.contains_span(comment.span))
            .collect();
        assert!(!inside.is_empty());
        assert!(
            inside
                .iter()
                .all(|comment| comment.kind == CommentKind::Doc)
        );
        let lines: Vec<&str> = inside
            .iter()
            .map(|comment| {
                let line = &text[comment.span.range()];
                let line = line.strip_prefix("///").unwrap_or(line);
                line.strip_prefix(' ').unwrap_or(line).trim_end()
            })
            .collect();
        assert_eq!(doc.text(text), lines.join("\n"), "{text:?}");
    }
}

/// Every place a text may be cut in two, by `split_point`'s rule.
fn places_to_cut(text: &str) -> Vec<usize> {
    (0..=text.len())
        .filter(|&at| parley_syntax::is_split_point(text, at))
        .collect()
}

/// Cut at every place it may be, `text`'s two parts join into exactly its
/// parse, or are refused because the first part has a syntax error.
fn parses_in_parts_as_whole(text: &str) -> Result<(), TestCaseError> {
    let whole = parse(text);
    for cut in places_to_cut(text) {
        let first = parse_part(text, 0..cut);
        let refused = !first.errors.is_empty();
        let second = parse_part(text, cut..text.len());
        match join_parts(text, first, second) {
            Some(parts) => prop_assert_eq!(&parts, &whole, "cut at {}", cut),
            None => prop_assert!(refused, "cut at {} refused", cut),
        }
    }
    if let Some(cut) = parley_syntax::split_point(text) {
        prop_assert!(places_to_cut(text).contains(&cut));
        prop_assert!(cut >= text.len() / 2);
    }
    Ok(())
}

/// Declarations and token soups, one after another, with a blank line or
/// other breaks between them.
fn a_playbook_in_pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop_oneof![3 => declaration(), 1 => token_soup()],
            prop::sample::select(&["\n\n", "\n", "\r\n\r\n", "\n \t\n", " ", "\n// note\n"][..]),
        ),
        0..10,
    )
    .prop_map(|pieces| {
        pieces
            .into_iter()
            .flat_map(|(piece, separator)| [piece, separator.to_string()])
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_text_cut_in_two_parts_parses_as_a_whole(text in a_playbook_in_pieces()) {
        parses_in_parts_as_whole(&text)?;
    }

    #[test]
    fn never_panics_on_arbitrary_strings(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn never_panics_on_printable_text(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn never_panics_on_token_soups(text in token_soup()) {
        check(&text);
    }

    #[test]
    fn valid_playbooks_parse_without_errors(
        declarations in prop::collection::vec(declaration(), 0..12),
        crlf in any::<bool>(),
    ) {
        let mut text = format!("playbook \"Generated\"\nstarts 2027-01-11\nlead seller\n\n{}\n", declarations.join("\n\n"));
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let parse = parse(&text);
        support::assert_spans_valid(&text, &parse);
        prop_assert!(parse.errors.is_empty(), "{:#?}\n{}", parse.errors, text);
        prop_assert_eq!(parse.file.items.len(), declarations.len() + 1);
    }
}

#[test]
fn a_soup_of_every_fragment_is_checked_too() {
    let text: String = fragments().join(" ");
    check(&text);
    let reversed: String = fragments()
        .iter()
        .rev()
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    check(&reversed);
}

#[test]
fn block_values_count_what_the_blocks_keep() {
    let text = r#"
stakeholder dana "Dana" { side buyer  role champion }
conversation demo "Demo" { with dana, omar  needs discovery  wins review }
commitment review "Review" { needs discovery  with ignored }
process seller { demo }
"#;
    let parse = parse(text);
    check(text);
    let values = parse.file.block_values;
    assert_eq!(
        values.of(FieldKey::With),
        2,
        "the commitment's `with` is refused, not counted"
    );
    assert_eq!(values.of(FieldKey::Needs), 2);
    assert_eq!(values.of(FieldKey::Wins), 1);
    assert_eq!(values.of(FieldKey::Side), 1);
    assert_eq!(values.of(FieldKey::Starts), 0);
    assert_eq!(values.total(), 7);
}

#[test]
fn item_counts_count_names_titles_doc_comments_and_process_items() {
    let text = "/// Dana decides.\n/// On budget.\nstakeholder dana \"Dana \\\"D\\\" Li\" { side buyer }\n\
                stakeholder { side buyer }\n\
                conversation demo \"Demo\" { with dana }\n\
                commitment review\n\
                process seller { demo\n waive demo \"later\"\n quiet after demo until demo }\n";
    let parse = parse(text);
    check(text);
    let counts = parse.file.item_counts;
    let stakeholders = counts.of(DeclKind::Stakeholder);
    // The unnamed one counts, with no name; the title as written between
    // its quotes, the doc comment as it spans the text.
    assert_eq!(stakeholders.count, 2);
    assert_eq!(stakeholders.name_bytes, "dana".len());
    assert_eq!(stakeholders.title_bytes, r#"Dana \"D\" Li"#.len());
    assert_eq!(
        stakeholders.doc_bytes,
        "/// Dana decides.\n/// On budget.".len()
    );
    assert_eq!(counts.of(DeclKind::Conversation).title_bytes, 4);
    assert_eq!(counts.of(DeclKind::Commitment).count, 1);
    assert_eq!(counts.process_items, 3);
}
