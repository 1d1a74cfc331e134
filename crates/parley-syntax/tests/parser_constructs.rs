//! The tree the parser builds for each construct of the language, on valid
//! input: every declaration kind, every field, every step form, `waive`,
//! `quiet`, comments and doc comments, the playbook header.

mod support;

use parley_syntax::parse;

/// Renders a valid input, checking it parses without errors and with valid spans.
fn valid(text: &str) -> String {
    let parse = parse(text);
    assert!(
        parse.errors.is_empty(),
        "unexpected errors: {:#?}",
        parse.errors
    );
    support::assert_spans_valid(text, &parse);
    support::render(text)
}

#[test]
fn playbook_header_with_starts_and_lead() {
    insta::assert_snapshot!(valid(
        "/// Expansion into Acme's data platform team.\nplaybook \"Acme Corp data platform\"\nstarts 2027-01-11\nlead buyer\n"
    ));
}

#[test]
fn playbook_header_fields_after_a_comment() {
    let text = "playbook \"P\" // the deal\n// kick-off date:\nstarts 2027-01-11\n";
    let parse = parse(text);
    let Some(parley_syntax::ast::Item::Playbook(playbook)) = parse.file.items.first() else {
        panic!("no playbook header");
    };
    assert_eq!(playbook.fields.len(), 1);
    insta::assert_snapshot!(valid(text));
}

#[test]
fn playbook_header_alone() {
    insta::assert_snapshot!(valid("playbook \"Quick deal\"\n"));
}

#[test]
fn stakeholder_with_every_field() {
    insta::assert_snapshot!(valid(
        "stakeholder dana \"Dana Reyes, CFO\" {\n  side buyer\n  role economic-buyer\n  compelled low\n}\n"
    ));
}

#[test]
fn stakeholder_side_seller_and_unknown_side_name() {
    // `seller` is a keyword read as a name; `vendor` is a well-formed name
    // that the checker rejects (N004), not a syntax error.
    insta::assert_snapshot!(valid(
        "stakeholder sam \"Sam Ortiz\" { side seller role account-executive }\nstakeholder x \"X\" { side vendor }\n"
    ));
}

#[test]
fn commitment_without_block() {
    insta::assert_snapshot!(valid("commitment pilot \"A paid pilot\"\n"));
}

#[test]
fn commitment_with_needs() {
    insta::assert_snapshot!(valid(
        "commitment pilot \"A paid pilot\" {\n  needs change, collaborate\n}\n"
    ));
}

#[test]
fn conversation_with_every_field() {
    insta::assert_snapshot!(valid(
        "conversation co-design \"Co-design the solution\" {\n  with omar, dana\n  owner sam, omar\n  needs discovery, change\n  wins collaborate\n  takes 2w\n  by 2027-03-31\n}\n"
    ));
}

#[test]
fn conversation_with_empty_block() {
    insta::assert_snapshot!(valid("conversation kickoff \"Kickoff\" {}\n"));
}

#[test]
fn durations_in_days_and_weeks() {
    insta::assert_snapshot!(valid(
        "conversation a \"A\" { takes 3d }\nconversation b \"B\" { takes 10w }\nconversation c \"C\" { takes 0d }\n"
    ));
}

#[test]
fn process_with_every_step_form() {
    insta::assert_snapshot!(valid(
        "process seller {\n  discovery\n  case-for-change negotiated\n  co-design accelerate\n  committee decelerate\n  proposal negotiated accelerate\n  signature decelerate negotiated\n}\n"
    ));
}

#[test]
fn process_with_waive() {
    insta::assert_snapshot!(valid(
        "process buyer {\n  waive discovery \"We ran our own assessment\"\n  rfp\n}\n"
    ));
}

#[test]
fn process_with_quiet_period() {
    insta::assert_snapshot!(valid(
        "process buyer {\n  rfp\n  quiet after rfp until award\n  evaluation\n  award\n}\n"
    ));
}

#[test]
fn empty_process() {
    insta::assert_snapshot!(valid("process buyer {}\n"));
}

#[test]
fn comments_are_kept_and_doc_comments_attach() {
    insta::assert_snapshot!(valid(
        "// The Acme deal.\n\n/// The CFO.\n/// Signs everything.\nstakeholder dana \"Dana\" {\n  side buyer // on the buyer side\n  /// not attached: no declaration follows\n  role economic-buyer\n}\n\n//// a plain comment, not a doc comment\nconversation a \"A\" {}\n\n/// detached by the blank line below\n\nconversation b \"B\" {}\n\n/// The seller's order.\nprocess seller { a b }\n"
    ));
}

#[test]
fn doc_comment_interrupted_by_a_plain_comment_does_not_attach() {
    let text = "/// about dana\n// a note\nstakeholder dana \"Dana\" { side buyer }\n";
    let parse = parse(text);
    assert!(parse.file.items.iter().all(|item| item.doc().is_none()));
    assert_eq!(parse.file.comments.len(), 2);
    insta::assert_snapshot!(valid(text));
}

#[test]
fn string_escapes_are_unescaped() {
    insta::assert_snapshot!(valid(
        "conversation a \"The \\\"why now\\\" talk, C:\\\\deals\" {}\n"
    ));
}

#[test]
fn unicode_names_and_titles() {
    insta::assert_snapshot!(valid(
        "stakeholder zoë \"Zoë Müller, 財務部長 💼\" { side buyer role économiste }\nconversation café-chat \"Café ☕\" { with zoë }\nstakeholder jose\u{301} \"José, decomposed\" { side buyer }\nprocess buyer { café-chat }\n"
    ));
}

#[test]
fn bom_and_crlf_line_ends() {
    insta::assert_snapshot!(valid(
        "\u{feff}/// Doc with CRLF\r\nplaybook \"CRLF\"\r\nstarts 2027-01-11\r\n\r\nstakeholder a \"A\" {\r\n  side buyer // note\r\n}\r\n"
    ));
}

#[test]
fn declarations_in_any_order_on_one_line() {
    insta::assert_snapshot!(valid(
        "process seller { a } conversation a \"A\" { with b } stakeholder b \"B\" { side buyer } playbook \"Late header\" starts 2027-02-01"
    ));
}

#[test]
fn the_acme_playbook_of_the_language_brief() {
    insta::assert_snapshot!(valid(ACME));
}

const ACME: &str = r#"/// Expansion into Acme's data platform team.
playbook "Acme Corp data platform"
starts 2027-01-11

stakeholder dana "Dana Reyes, CFO" {
  side buyer
  role economic-buyer
  compelled low
}

stakeholder omar "Omar Lee, VP Operations" {
  side buyer
  role champion
  compelled high
}

stakeholder priya "Priya Shah" {
  side buyer
  role procurement
}

stakeholder sam "Sam Ortiz" {
  side seller
  role account-executive
}

/// Why change, and why now: the cost of doing nothing.
conversation discovery "Discovery: current state and cost of inaction" {
  with omar
  owner sam
  wins explore
  takes 1w
}

conversation case-for-change "Make the case for change" {
  with omar, dana
  needs discovery
  wins change
  takes 2w
}

conversation co-design "Co-design the solution with operations" {
  with omar
  owner sam, omar
  wins collaborate
  takes 2w
}

conversation committee "Buying committee alignment" {
  with omar, dana, priya
  wins consensus
}

conversation rfp "Formal RFP response" {
  with priya
  takes 3w
}

conversation proposal "Proposal review" {
  with dana, omar
  wins review
}

conversation signature "Contract signature" {
  with dana
  wins decide
  by 2027-03-31
}

process seller {
  discovery
  case-for-change
  co-design
  committee
  proposal
  signature
}

process buyer {
  rfp
  proposal
  signature
}
"#;

#[test]
fn doc_comment_text_drops_markers_one_space_and_trailing_whitespace() {
    let text = "///  indented  \n///\tTabbed\t\n///\n///no space\nconversation a \"A\" {}\n";
    let parse = parse(text);
    let doc = parse.file.items.first().and_then(|item| item.doc());
    assert_eq!(
        doc.map(|doc| doc.text(text)),
        Some(" indented\n\tTabbed\n\nno space".to_string())
    );
}

#[test]
fn doc_comment_text_is_read_across_any_line_break_and_indentation() {
    let cases = [
        (
            "/// One.  \r\n/// Two.\r\nconversation a \"A\" {}\r\n",
            "One.\nTwo.",
        ),
        (
            "/// One.\r/// Two.\rconversation a \"A\" {}\r",
            "One.\nTwo.",
        ),
        (
            "  /// One.\n\t  /// Two.\n  conversation a \"A\" {}\n",
            "One.\nTwo.",
        ),
        (
            "\u{feff}/// One.\n\u{c}/// Two.\nconversation a \"A\" {}\n",
            "One.\nTwo.",
        ),
        (
            "/// Ünïcode ✓\n///\nconversation a \"A\" {}\n",
            "Ünïcode ✓\n",
        ),
    ];
    for (text, expected) in cases {
        let parse = parse(text);
        let doc = parse.file.items.first().and_then(|item| item.doc());
        assert_eq!(
            doc.map(|doc| doc.text(text)),
            Some(expected.to_string()),
            "{text:?}"
        );
        // Read from another text, it is empty rather than a panic.
        assert_eq!(doc.map(|doc| doc.text("")), Some(String::new()));
    }
}

#[test]
fn a_string_is_read_from_the_text_unescaped_and_borrowed_when_nothing_is_escaped() {
    use std::borrow::Cow;
    let text = "stakeholder a \"Plain title\" {}\n\
                stakeholder b \"Say \\\"hi\\\" \\\\ \\q\" {}\n\
                stakeholder c \"Cut off\n{}\n";
    let parse = parse(text);
    let titles: Vec<_> = parse
        .file
        .items
        .iter()
        .filter_map(|item| match item {
            parley_syntax::ast::Item::Declaration(declaration) => declaration.title,
            _ => None,
        })
        .collect();
    let values: Vec<Cow<'_, str>> = titles.iter().map(|title| title.value(text)).collect();
    assert_eq!(values, ["Plain title", r#"Say "hi" \ \q"#, "Cut off"]);
    assert!(matches!(values[0], Cow::Borrowed(_)));
    assert!(matches!(values[1], Cow::Owned(_)));
    assert_eq!(
        titles
            .iter()
            .map(|title| title.terminated)
            .collect::<Vec<_>>(),
        [true, true, false]
    );
    // The unknown escape and the missing quote are each reported once.
    assert_eq!(parse.errors.len(), 2, "{:?}", parse.errors);
    assert!(parse.errors[0].message.contains("unknown escape `\\q`"));
    assert_eq!(&text[parse.errors[0].span.range()], "\\q");
    assert!(parse.errors[1].message.starts_with("unterminated string"));
    // Read from another text, a value is empty rather than a panic.
    assert_eq!(titles[1].value(""), "");
}
