//! How the parser recovers from malformed and half-typed input: each case
//! snapshots the recovered tree and its errors, and states how many errors
//! the mistakes in it should give (one mistake, one error).

mod support;

use parley_syntax::ast::Item;
use parley_syntax::parse;

/// Renders a malformed input, checking the number of errors and the spans.
fn malformed(text: &str, errors: usize) -> String {
    let parse = parse(text);
    support::assert_spans_valid(text, &parse);
    assert!(
        parse.errors.iter().all(|error| error.code == "E001"),
        "{:#?}",
        parse.errors
    );
    assert_eq!(parse.errors.len(), errors, "{:#?}", parse.errors);
    support::render(text)
}

/// The names of the declarations recovered, in order.
fn names(text: &str) -> Vec<String> {
    parse(text)
        .file
        .items
        .iter()
        .map(|item| match item {
            Item::Playbook(_) => "playbook".to_string(),
            Item::Declaration(declaration) => declaration
                .name
                .as_ref()
                .map_or("<unnamed>".to_string(), |name| name.text.to_string()),
            Item::Process(process) => format!(
                "process {}",
                process.side.as_ref().map_or("?", |side| side.text.as_str())
            ),
        })
        .collect()
}

#[test]
fn missing_value() {
    insta::assert_snapshot!(malformed(
        "stakeholder dana \"Dana\" {\n  side buyer\n  compelled\n}\nstakeholder omar \"Omar\" { side buyer }\n",
        1
    ));
}

#[test]
fn missing_value_before_the_next_field() {
    insta::assert_snapshot!(malformed(
        "conversation a \"A\" {\n  takes\n  by 2027-03-31\n  with\n}\n",
        2
    ));
}

#[test]
fn malformed_duration() {
    insta::assert_snapshot!(malformed(
        "conversation a \"A\" {\n  takes 2x\n  with omar\n}\n",
        1
    ));
}

#[test]
fn value_of_the_wrong_form() {
    insta::assert_snapshot!(malformed(
        "playbook \"P\"\nstarts 2w\nconversation a \"A\" {\n  by 3d\n  takes 2027-01-01\n  wins \"change\"\n  owner 2027-1-5\n}\n",
        5
    ));
}

#[test]
fn duration_amount_too_large() {
    insta::assert_snapshot!(malformed(
        "conversation a \"A\" { takes 4294967296d }\nconversation b \"B\" { takes 4294967295d }\n",
        1
    ));
}

#[test]
fn stray_characters() {
    insta::assert_snapshot!(malformed(
        "stakeholder dana \"Dana\" {\n  side buyer $$\n  role champion\n}\n% ^ &\nstakeholder omar \"Omar\" { @ side buyer }\n",
        3
    ));
}

#[test]
fn unclosed_brace_at_end_of_file() {
    let text = "stakeholder dana \"Dana\" {\n  side buyer\n  role champion\n";
    assert_eq!(names(text), ["dana"]);
    insta::assert_snapshot!(malformed(text, 1));
}

#[test]
fn missing_close_brace_before_the_next_declaration() {
    let text = "stakeholder dana \"Dana\" {\n  side buyer\n\n/// Omar.\nstakeholder omar \"Omar\" {\n  side buyer\n}\nprocess buyer {\n  a\n\nconversation a \"A\" { with dana }\n";
    assert_eq!(names(text), ["dana", "omar", "process buyer", "a"]);
    insta::assert_snapshot!(malformed(text, 2));
}

#[test]
fn unclosed_string_in_a_title() {
    let text = "stakeholder dana \"Dana Reyes {\n  side buyer\n}\nstakeholder omar \"Omar\" { side buyer }\n";
    assert_eq!(names(text), ["dana", "omar"]);
    insta::assert_snapshot!(malformed(text, 1));
}

#[test]
fn unclosed_string_in_a_waive_reason() {
    insta::assert_snapshot!(malformed(
        "process buyer {\n  waive discovery \"we did our own\n  rfp\n}\n",
        1
    ));
}

#[test]
fn declaration_cut_off_at_end_of_file() {
    for (text, errors) in [
        ("stakeholder dana \"Dana\" { side buyer }\nconversation", 1),
        (
            "stakeholder dana \"Dana\" { side buyer }\nconversation proposal",
            1,
        ),
        (
            "stakeholder dana \"Dana\" { side buyer }\nconversation proposal \"Prop",
            1,
        ),
        (
            "stakeholder dana \"Dana\" { side buyer }\nconversation proposal \"Proposal\" {\n  with da",
            1,
        ),
        (
            "stakeholder dana \"Dana\" { side buyer }\nconversation proposal \"Proposal\" {\n  with dana,",
            2,
        ),
        ("stakeholder dana \"Dana\" { side buyer }\nprocess", 1),
        (
            "stakeholder dana \"Dana\" { side buyer }\nprocess seller { discovery negot",
            1,
        ),
        ("stakeholder dana \"Dana\" { side buyer }\nplaybook", 1),
    ] {
        assert_eq!(
            names(text).first().map(String::as_str),
            Some("dana"),
            "{text}"
        );
        assert_eq!(parse(text).errors.len(), errors, "{text}");
    }
    let all: Vec<String> = [
        "conversation",
        "conversation proposal",
        "conversation proposal \"Prop",
        "conversation proposal \"Proposal\" {\n  with dana,",
        "process seller { discovery negot",
        "playbook",
    ]
    .iter()
    .map(|text| support::render(text))
    .collect();
    insta::assert_snapshot!(all.join("\n"));
}

#[test]
fn bad_escape_in_a_string() {
    insta::assert_snapshot!(malformed(
        "conversation a \"Tab\\there, \\u{1F600} and \\\\ fine\" {}\n",
        2
    ));
}

#[test]
fn keyword_used_as_a_name() {
    insta::assert_snapshot!(malformed(
        "stakeholder buyer \"B\" { side buyer }\nconversation with \"W\" { with negotiated, dana }\nprocess seller {\n  negotiated\n  waive quiet \"x\"\n}\n",
        5
    ));
}

#[test]
fn field_not_allowed_in_its_declaration() {
    insta::assert_snapshot!(malformed(
        "stakeholder dana \"Dana\" {\n  side buyer\n  wins change\n}\ncommitment pilot \"Pilot\" { takes 2w }\nconversation a \"A\" {\n  starts 2027-01-01\n  with dana\n}\nplaybook \"P\"\nside buyer\n",
        4
    ));
}

#[test]
fn stray_playbook_field_elsewhere() {
    insta::assert_snapshot!(malformed(
        "starts 2027-01-11\nplaybook \"P\"\nlead seller\nstakeholder a \"A\" { side buyer }\nlead buyer\n",
        2
    ));
}

/// A second header is kept in the tree; the checker reports it (`N002`).
#[test]
fn second_playbook_header() {
    insta::assert_snapshot!(malformed(
        "playbook \"One\"\nstarts 2027-01-11\nplaybook \"Two\"\nlead buyer\n",
        0
    ));
}

#[test]
fn lists_with_missing_or_extra_commas() {
    insta::assert_snapshot!(malformed(
        "conversation a \"A\" {\n  with omar dana\n  owner , sam\n  needs discovery,\n  wins change,, decide\n}\nconversation b \"B\" { with gina ?? raj }\n",
        5
    ));
}

#[test]
fn one_value_fields_given_two() {
    insta::assert_snapshot!(malformed(
        "stakeholder dana \"Dana\" {\n  side buyer seller\n  compelled low high\n}\n",
        2
    ));
}

#[test]
fn header_mistakes() {
    insta::assert_snapshot!(malformed(
        "stakeholder \"Dana\" { side buyer }\nstakeholder omar { side buyer }\nconversation a b \"A\" { }\nconversation c \"C\" 2w { }\nplaybook title\n",
        5
    ));
}

#[test]
fn missing_open_brace() {
    let text = "stakeholder dana \"Dana\"\n  side buyer\n}\nconversation a \"A\"\nprocess seller\n  a negotiated\n}\n";
    assert_eq!(names(text), ["dana", "a", "process seller"]);
    insta::assert_snapshot!(malformed(text, 3));
}

#[test]
fn process_item_mistakes() {
    insta::assert_snapshot!(malformed(
        "process {\n  a\n}\nprocess buyer {\n  a negotiated negotiated\n  b accelerate decelerate\n  waive\n  waive c\n  quiet after rfp\n  quiet rfp until award\n  \"stray\"\n  with omar, dana\n}\n",
        9
    ));
}

#[test]
fn top_level_junk_between_declarations() {
    insta::assert_snapshot!(malformed(
        "hello there\nstakeholder a \"A\" { side buyer }\n}\n}\n{ x }\nconversation b \"B\" {}\n2027-01-01\n",
        3
    ));
}

#[test]
fn nested_braces_in_a_block() {
    insta::assert_snapshot!(malformed(
        "stakeholder a \"A\" {\n  side buyer {\n    role champion\n  }\n}\nstakeholder b \"B\" { side buyer }\n",
        2
    ));
}

#[test]
fn empty_file() {
    let text = "";
    let parse = parse(text);
    assert!(parse.file.items.is_empty());
    assert!(parse.errors.is_empty());
    insta::assert_snapshot!(malformed(text, 0));
}

#[test]
fn whitespace_only_file() {
    insta::assert_snapshot!(malformed("\n\n   \t\r\n", 0));
}

#[test]
fn only_comments() {
    let text =
        "// a playbook to be\n/// with a doc comment that documents nothing\n//// and a plain one";
    let parse = parse(text);
    assert!(parse.file.items.is_empty());
    assert_eq!(parse.file.comments.len(), 3);
    insta::assert_snapshot!(malformed(text, 0));
}

#[test]
fn a_hundred_thousand_open_braces() {
    let text = "{".repeat(100_000);
    let parse = parse(&text);
    support::assert_spans_valid(&text, &parse);
    assert_eq!(parse.errors.len(), 1);
    let inside = format!(
        "stakeholder a \"A\" {}\nstakeholder b \"B\" {{ side buyer }}\n",
        "{".repeat(100_000)
    );
    let inside_parse = parley_syntax::parse(&inside);
    support::assert_spans_valid(&inside, &inside_parse);
    assert_eq!(names(&inside), ["a", "b"]);
    insta::assert_snapshot!(format!(
        "--- input ---\n100,000 `{{`\n{}\n--- input ---\nstakeholder a \"A\" then 100,000 `{{`, then stakeholder b\n{}",
        support::render_parse(&text, &parse),
        support::render_parse(&inside, &inside_parse)
    ));
}

#[test]
fn a_hundred_thousand_close_braces_and_keywords() {
    let closers = "}".repeat(100_000);
    assert_eq!(parse(&closers).errors.len(), 1);
    let keywords = "conversation ".repeat(100_000);
    let keywords_parse = parse(&keywords);
    assert_eq!(keywords_parse.file.items.len(), 100_000);
    assert_eq!(keywords_parse.errors.len(), 100_000);
    support::assert_spans_valid(&keywords, &keywords_parse);
}

#[test]
fn a_one_megabyte_line() {
    let names: String = (0..140_000).map(|index| format!("n{index}, ")).collect();
    let text =
        format!("conversation a \"A\" {{ with {names}}} stakeholder z \"Z\" {{ side buyer }}");
    assert!(text.len() > 1_000_000);
    let parse = parse(&text);
    support::assert_spans_valid(&text, &parse);
    let Some(Item::Declaration(conversation)) = parse.file.items.first() else {
        panic!("no conversation recovered");
    };
    assert_eq!(
        conversation
            .fields()
            .first()
            .map(|field| field.values.len()),
        Some(140_000)
    );
    let junk = format!(
        "stakeholder a \"A\" {{ side buyer }}\n{}\nstakeholder b \"B\" {{}}",
        "x".repeat(1_000_000)
    );
    let junk_parse = parley_syntax::parse(&junk);
    support::assert_spans_valid(&junk, &junk_parse);
    insta::assert_snapshot!(format!(
        "--- input ---\na conversation whose `with` lists 140,000 names, the last with a trailing comma\n{}\n--- input ---\na 1,000,000-letter name between two declarations\n{}",
        support::render_parse(&text, &parse)
            .lines()
            .filter(|line| !line.trim_start().starts_with("name n"))
            .collect::<Vec<_>>()
            .join("\n"),
        support::render_parse(&junk, &junk_parse)
    ));
}

#[test]
fn bom_and_crlf_with_mistakes() {
    insta::assert_snapshot!(malformed(
        "\u{feff}stakeholder dana \"Dana\r\n  side buyer\r\n}\r\nconversation a \"A\" {\r\n  takes 2x\r\n}\r\n",
        2
    ));
}

#[test]
fn unicode_junk_and_names() {
    insta::assert_snapshot!(malformed(
        "stakeholder zoë \"Zoë\" { side buyer 💼 }\n☕☕☕\nconversation 財務 \"財務\" { with zoë }\n",
        2
    ));
}

#[test]
fn a_half_typed_playbook() {
    let text = "/// Acme.\nplaybook \"Acme\nstarts 2027-01-\n\nstakeholder dana \"Dana\" {\n  side buyer\n  role econ\n  compelled\n\nstakeholder sam \"Sam\" {\n  side seller\n}\n\nconversation discovery \"Discovery\" {\n  with dana,\n  owner sam\n  takes 1\n}\n\nconversation signature \"Signature\" {\n  with dana\n  wins decide\n  by 2027-03-31\n}\n\nprocess seller {\n  discovery negotiated\n  signature\n";
    assert_eq!(
        names(text),
        [
            "playbook",
            "dana",
            "sam",
            "discovery",
            "signature",
            "process seller"
        ]
    );
    insta::assert_snapshot!(malformed(text, 7));
}
