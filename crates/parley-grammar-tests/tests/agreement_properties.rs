//! Generated playbooks: tree-sitter finds a syntax error exactly when
//! `parley_syntax::parse` does, on token soups that lean towards the
//! language's own shapes and on examples with a token removed or added.

use std::sync::atomic::{AtomicUsize, Ordering};

use parley_grammar_tests::{parse, repo_root};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Tokens, valid and not, with the spacing between them chosen separately:
/// every keyword and [`OTHER_TOKENS`].
fn tokens() -> Vec<&'static str> {
    parley_syntax::KEYWORDS
        .iter()
        .chain(OTHER_TOKENS)
        .copied()
        .collect()
}

/// Names, literals, punctuation and comments, valid and not.
const OTHER_TOKENS: &[&str] = &[
    "dana",
    "omar",
    "case-for-change",
    "co_design",
    "zoë",
    "low",
    "change",
    "{",
    "}",
    ",",
    "\"Title\"",
    "\"a \\\"quoted\\\" \\\\ title\"",
    "\"\"",
    "\"bad \\n escape\"",
    "\"unterminated",
    "2027-01-11",
    "2027-1-5",
    "2w",
    "3d",
    "0d",
    "4294967296d",
    "2x",
    "12",
    "// note",
    "/// doc",
    "//// four",
    "@",
    "?",
    "\u{feff}",
];

const GAPS: &[&str] = &[" ", " ", " ", "\n", "\n  ", "\r\n", "\t", ""];

/// A declaration-shaped run of tokens, so that generated files get past the
/// first few tokens often enough to reach fields, lists and steps.
fn shaped() -> impl Strategy<Value = Vec<&'static str>> {
    let name = prop::sample::select(vec!["dana", "omar", "rfp", "pilot", "with", "buyer"]);
    let value = prop::sample::select(vec![
        "buyer",
        "seller",
        "low",
        "dana",
        "dana, omar",
        "2w",
        "2027-01-11",
        "2x",
        "",
        "dana,",
    ]);
    // Every field's key, the playbook header's among them.
    let key = prop::sample::select(
        parley_syntax::ast::FieldKey::ALL
            .iter()
            .map(|key| key.as_str())
            .collect::<Vec<_>>(),
    );
    let field = (key, value).prop_map(|(key, value)| vec![key, value]);
    let item = prop::sample::select(vec![
        "discovery",
        "discovery negotiated",
        "rfp accelerate negotiated",
        "rfp accelerate decelerate",
        "waive rfp \"reason\"",
        "waive rfp",
        "quiet after rfp until award",
        "quiet after rfp",
        "negotiated",
    ]);
    prop_oneof![
        (
            prop::sample::select(vec!["stakeholder", "conversation", "commitment"]),
            name,
            prop::collection::vec(field, 0..4),
            any::<bool>(),
        )
            .prop_map(|(keyword, name, fields, close)| {
                let mut tokens = vec![keyword, name, "\"Title\"", "{"];
                tokens.extend(fields.into_iter().flatten());
                if close {
                    tokens.push("}");
                }
                tokens
            }),
        (
            prop::sample::select(vec!["buyer", "seller", "vendor", "with"]),
            prop::collection::vec(item, 0..4)
        )
            .prop_map(|(side, items)| {
                let mut tokens = vec!["process", side, "{"];
                tokens.extend(items);
                tokens.push("}");
                tokens
            }),
        prop::collection::vec(prop::sample::select(tokens()), 1..4),
    ]
}

fn playbook() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(shaped(), 0..5),
        prop::collection::vec(prop::sample::select(GAPS.to_vec()), 64),
    )
        .prop_map(|(parts, gaps)| {
            let mut text = String::new();
            for (index, token) in parts.into_iter().flatten().enumerate() {
                text.push_str(token);
                let gap = gaps[index % gaps.len()];
                // A comment runs to the end of its line.
                text.push_str(if token.starts_with("//") { "\n" } else { gap });
            }
            text
        })
}

/// How many inputs each side found valid and invalid, per test.
#[derive(Default)]
struct Tally {
    valid: AtomicUsize,
    invalid: AtomicUsize,
}

impl Tally {
    /// Both kinds must be common, or the test would check one side only.
    fn assert_mixed(&self, what: &str) {
        let valid = self.valid.load(Ordering::Relaxed);
        let invalid = self.invalid.load(Ordering::Relaxed);
        eprintln!("{what}: {valid} valid, {invalid} invalid");
        assert!(
            valid * 10 >= valid + invalid && invalid * 10 >= valid + invalid,
            "{what}: {valid} valid and {invalid} invalid inputs; the generator needs rebalancing"
        );
    }
}

fn agree(text: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let tree = parse(text).expect("parses");
    let tree_sitter = tree.root_node().has_error();
    let counter = if tree_sitter {
        &tally.invalid
    } else {
        &tally.valid
    };
    counter.fetch_add(1, Ordering::Relaxed);
    let errors = parley_syntax::parse(text).errors;
    prop_assert_eq!(
        tree_sitter,
        !errors.is_empty(),
        "tree-sitter error: {}, parley-syntax errors: {:?}\n--- text ---\n{}\n--- tree ---\n{}",
        tree_sitter,
        errors
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>(),
        text,
        tree.root_node().to_sexp()
    );
    Ok(())
}

#[test]
fn generated_playbooks_parse_alike() {
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    });
    let tally = Tally::default();
    runner
        .run(&playbook(), |text| agree(&text, &tally))
        .unwrap_or_else(|failure| panic!("{failure}"));
    tally.assert_mixed("generated playbooks");
}

#[test]
fn examples_with_one_token_removed_or_added_parse_alike() {
    let examples: Vec<String> =
        parley_grammar_tests::files_under(&repo_root().join("examples"), ".parley")
            .iter()
            .map(|path| std::fs::read_to_string(path).expect("readable"))
            .collect();
    assert!(!examples.is_empty());
    let strategy = (
        prop::sample::select(examples),
        any::<prop::sample::Index>(),
        prop::sample::select(tokens()),
        any::<bool>(),
    )
        .prop_map(|(text, at, token, remove)| {
            // Edit at a whitespace boundary, so tokens stay whole.
            let spaces: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| c.is_whitespace())
                .map(|(i, _)| i)
                .collect();
            let start = spaces[at.index(spaces.len())];
            if remove {
                let rest = &text[start + 1..];
                let end = rest
                    .find(char::is_whitespace)
                    .map_or(text.len(), |i| start + 1 + i);
                format!("{}{}", &text[..start + 1], &text[end..])
            } else {
                format!("{} {} {}", &text[..start], token, &text[start..])
            }
        });
    let mut runner = TestRunner::new(Config {
        cases: 1000,
        failure_persistence: None,
        ..Config::default()
    });
    let tally = Tally::default();
    runner
        .run(&strategy, |text| agree(&text, &tally))
        .unwrap_or_else(|failure| panic!("{failure}"));
    tally.assert_mixed("edited examples");
}
