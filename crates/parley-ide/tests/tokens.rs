//! The editor's token list, merged from the parser's tokens and the tree's
//! comments, is exactly what lexing the text gives: on arbitrary text,
//! token soups, valid playbooks and broken ones, and on the cases where a
//! comment's kind or end is easy to get wrong.

#[path = "../../parley-syntax/tests/support/generators.rs"]
mod generators;

use generators::{declaration, floor, fragments, token_soup};
use parley_ide::Analysis;
use parley_syntax::{Token, TokenKind, lex};
use proptest::prelude::*;

const EXAMPLES: [&str; 4] = [
    include_str!("../../../examples/acme.parley"),
    include_str!("../../../examples/renewal.parley"),
    include_str!("../../../examples/county-rfp.parley"),
    include_str!("../../../examples/half-typed.parley"),
];

fn assert_same_as_lexing(text: &str) {
    let analysis = Analysis::new(text);
    assert_eq!(analysis.tokens(), lex(text), "{text:?}");
}

fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
    Analysis::new(text)
        .tokens()
        .iter()
        .map(|token: &Token| (token.kind, text.get(token.span.range()).unwrap_or("?")))
        .collect()
}

/// A valid playbook of generated declarations, with `\n` or `\r\n` line
/// ends.
fn playbook() -> impl Strategy<Value = String> {
    (prop::collection::vec(declaration(), 0..12), any::<bool>()).prop_map(|(declarations, crlf)| {
        let text = format!(
            "playbook \"Generated\"\nstarts 2027-01-11\nlead seller\n\n{}\n",
            declarations.join("\n\n")
        );
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    })
}

/// A playbook, generated or from the examples, broken by a few edits: a
/// range cut out (perhaps halving a `\r\n` or opening a comment's line onto
/// the next), or a fragment spliced in anywhere, a word or a comment's
/// middle included.
fn broken_playbook() -> impl Strategy<Value = String> {
    let edit = (
        any::<prop::sample::Index>(),
        0usize..12,
        prop::sample::select(fragments()),
        any::<bool>(),
    );
    let base = prop_oneof![
        playbook(),
        prop::sample::select(EXAMPLES.to_vec()).prop_map(str::to_string),
    ];
    (base, prop::collection::vec(edit, 1..6)).prop_map(|(mut text, edits)| {
        for (at, len, fragment, cut) in edits {
            let start = floor(&text, at.index(text.len() + 1));
            if cut {
                let end = floor(&text, start + len);
                text.replace_range(start..end, "");
            } else {
                text.insert_str(start, fragment);
            }
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn tokens_are_lexings_on_arbitrary_strings(text in any::<String>()) {
        assert_same_as_lexing(&text);
    }

    #[test]
    fn tokens_are_lexings_on_printable_text(text in "\\PC{0,300}") {
        assert_same_as_lexing(&text);
    }

    #[test]
    fn tokens_are_lexings_on_token_soups(text in token_soup()) {
        assert_same_as_lexing(&text);
    }

    #[test]
    fn tokens_are_lexings_on_valid_playbooks(text in playbook()) {
        assert_same_as_lexing(&text);
    }

    #[test]
    fn tokens_are_lexings_on_broken_playbooks(text in broken_playbook()) {
        assert_same_as_lexing(&text);
    }
}

#[test]
fn tokens_are_lexings_on_the_examples_and_an_empty_text() {
    for example in EXAMPLES {
        assert_same_as_lexing(example);
    }
    assert_same_as_lexing("");
    assert!(Analysis::new("").tokens().is_empty());
}

#[test]
fn comments_come_back_as_the_lexer_reads_them() {
    // A doc comment that documents a declaration, one that documents
    // nothing (a blank line follows it), `////`, a comment after a token on
    // its line, CRLF line ends and a last comment with no line end.
    let text = "/// Dana.\r\n/// Champion.\r\nstakeholder dana \"Dana\" { side buyer } // after\r\n\
                /// Orphan.\r\n\r\n//// Four.\r\n////\r\ncommitment x \"X\"\r\n/// Last";
    assert_same_as_lexing(text);
    let analysis = Analysis::new(text);
    let documented: Vec<bool> = analysis
        .file()
        .items
        .iter()
        .map(|item| item.doc().is_some())
        .collect();
    assert_eq!(documented, [true, false], "only the first run documents");
    assert_eq!(
        kinds(text),
        [
            (TokenKind::DocComment, "/// Dana."),
            (TokenKind::DocComment, "/// Champion."),
            (TokenKind::Stakeholder, "stakeholder"),
            (TokenKind::Ident, "dana"),
            (TokenKind::String, "\"Dana\""),
            (TokenKind::LBrace, "{"),
            (TokenKind::Side, "side"),
            (TokenKind::Buyer, "buyer"),
            (TokenKind::RBrace, "}"),
            (TokenKind::Comment, "// after"),
            (TokenKind::DocComment, "/// Orphan."),
            (TokenKind::Comment, "//// Four."),
            (TokenKind::Comment, "////"),
            (TokenKind::Commitment, "commitment"),
            (TokenKind::Ident, "x"),
            (TokenKind::String, "\"X\""),
            (TokenKind::DocComment, "/// Last"),
        ]
    );
}

#[test]
fn error_tokens_and_comments_side_by_side_are_kept_in_order() {
    // Characters that start no token, next to comments with no gap, an
    // unterminated string cut by a lone `\r`, and a comment as the whole
    // rest of the file.
    let text = "@// one\r💼/// two\n\"open\r}//";
    assert_same_as_lexing(text);
    assert_eq!(
        kinds(text),
        [
            (TokenKind::Error, "@"),
            (TokenKind::Comment, "// one"),
            (TokenKind::Error, "💼"),
            (TokenKind::DocComment, "/// two"),
            (TokenKind::UnterminatedString, "\"open"),
            (TokenKind::RBrace, "}"),
            (TokenKind::Comment, "//"),
        ]
    );
}
