//! Properties of the formatter over the awkward inputs, every playbook of
//! the workspace that parses (examples, fixtures, grammar corpora), and
//! generated playbooks: formatting is idempotent, keeps every token and
//! comment in order (a step's markers are put in canonical order), keeps
//! the line ending and the byte-order mark, leaves no trailing whitespace
//! and one final line ending, and its edits produce exactly the formatted
//! text. Any other text is refused or formatted the same way, never a panic.

mod format_inputs;

use format_inputs::generate::playbook_text;
use format_inputs::{AWKWARD, workspace_playbooks};
use parley_syntax::{FormatErrorKind, TokenKind, apply_edits, format, format_edits, lex, parse};
use proptest::prelude::*;

/// Every token as (kind, text); comments without their trailing whitespace.
fn token_texts(text: &str) -> Vec<(TokenKind, String)> {
    lex(text)
        .into_iter()
        .map(|token| {
            let written = &text[token.span.range()];
            let written = if token.kind.is_trivia() {
                written.trim_end()
            } else {
                written
            };
            (token.kind, written.to_string())
        })
        .collect()
}

/// The tokens with each run of step markers in canonical order
/// (`negotiated` before the pace), the one reordering the formatter makes.
fn with_canonical_markers(mut tokens: Vec<(TokenKind, String)>) -> Vec<(TokenKind, String)> {
    let rank = |kind: TokenKind| match kind {
        TokenKind::Negotiated => Some(0),
        TokenKind::Accelerate | TokenKind::Decelerate => Some(1),
        _ => None,
    };
    let mut start = 0;
    while start < tokens.len() {
        let length = tokens[start..]
            .iter()
            .take_while(|(kind, _)| rank(*kind).is_some())
            .count();
        tokens[start..start + length].sort_by_key(|(kind, _)| rank(*kind));
        start += length.max(1);
    }
    tokens
}

fn first_line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(index) if index > 0 && text.as_bytes()[index - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Asserts every property on one input that parses; returns a description
/// of the first broken one.
fn check_properties(input: &str) -> Result<(), String> {
    let formatted = format(input).map_err(|error| format!("refused: {error}"))?;

    let again = format(&formatted).map_err(|error| format!("refused its own output: {error}"))?;
    if again != formatted {
        return Err(format!(
            "not idempotent:\n--- once ---\n{formatted}\n--- twice ---\n{again}"
        ));
    }

    if with_canonical_markers(token_texts(input)) != token_texts(&formatted) {
        return Err(format!("tokens changed:\n{formatted}"));
    }

    let ending = first_line_ending(input);
    let body = formatted.trim_start_matches('\u{feff}');
    if !body.is_empty() {
        if !formatted.ends_with(ending) {
            return Err("no final line ending of the file's kind".to_string());
        }
        if formatted.ends_with(&format!("{ending}{ending}")) {
            return Err("more than one final line ending".to_string());
        }
    }
    for (index, _) in formatted.match_indices('\n') {
        let crlf = index > 0 && formatted.as_bytes()[index - 1] == b'\r';
        if crlf != (ending == "\r\n") {
            return Err(format!("mixed line endings at byte {index}"));
        }
    }
    for line in formatted.lines() {
        if line != line.trim_end() {
            return Err(format!("trailing whitespace on {line:?}"));
        }
    }
    if input.starts_with('\u{feff}') != formatted.starts_with('\u{feff}') {
        return Err("byte-order mark not kept".to_string());
    }

    let edits = format_edits(input).map_err(|error| format!("edits refused: {error}"))?;
    if apply_edits(input, &edits).as_deref() != Some(formatted.as_str()) {
        return Err(format!(
            "edits do not produce the formatted text: {edits:?}"
        ));
    }
    for edit in &edits {
        let replaced = &input[edit.span.range()];
        let only_layout = |text: &str| {
            text.split_whitespace()
                .all(|word| matches!(word, "negotiated" | "accelerate" | "decelerate"))
        };
        if !only_layout(replaced) || !only_layout(&edit.new_text) {
            return Err(format!(
                "an edit touches a token: {replaced:?} -> {:?}",
                edit.new_text
            ));
        }
    }
    if formatted == input && !edits.is_empty() {
        return Err("edits for a formatted text".to_string());
    }
    Ok(())
}

#[test]
fn awkward_inputs_keep_every_property() {
    for (name, input) in AWKWARD {
        if let Err(problem) = check_properties(input) {
            panic!("{name}: {problem}");
        }
    }
}

/// Every playbook of the workspace: those that parse keep every property,
/// those that do not are refused.
#[test]
fn workspace_playbooks_keep_every_property_or_are_refused() {
    let paths = workspace_playbooks();
    assert!(paths.len() >= 4, "the examples at least: {paths:?}");
    let mut formatted = 0;
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        if parse(&text).errors.is_empty() {
            if let Err(problem) = check_properties(&text) {
                panic!("{}: {problem}", path.display());
            }
            formatted += 1;
        } else {
            let error = format(&text).unwrap_err();
            assert_eq!(error.kind, FormatErrorKind::Syntax, "{}", path.display());
            assert!(format_edits(&text).is_err(), "{}", path.display());
        }
    }
    assert!(formatted > 0);
}

/// Any sequence of the language's words, braces, commas, literals and
/// comments, with line breaks of both kinds: most of it does not parse.
fn token_soup() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "playbook",
        "stakeholder",
        "commitment",
        "conversation",
        "process",
        "side",
        "role",
        "compelled",
        "with",
        "owner",
        "needs",
        "wins",
        "takes",
        "by",
        "starts",
        "lead",
        "negotiated",
        "waive",
        "accelerate",
        "decelerate",
        "quiet",
        "after",
        "until",
        "buyer",
        "seller",
        "dana",
        "discovery",
        "\"Title\"",
        "2027-01-11",
        "2w",
        "12",
        "{",
        "}",
        ",",
        "// c",
        "/// d",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "é",
        "\u{feff}",
        ";",
        "\"open",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|pieces| {
        let mut text = String::new();
        for piece in pieces {
            text.push_str(piece);
            text.push(if piece.starts_with("//") { '\n' } else { ' ' });
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_token_soup_is_formatted_with_every_property_or_refused(input in token_soup()) {
        match format(&input) {
            Err(error) => {
                prop_assert_eq!(error.kind, FormatErrorKind::Syntax, "{}", error);
                prop_assert!(format_edits(&input).is_err());
            }
            Ok(_) => {
                if let Err(problem) = check_properties(&input) {
                    prop_assert!(false, "{}\n--- input ---\n{:?}", problem, input);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(input in any::<String>()) {
        let _ = format(&input);
        let _ = format_edits(&input);
    }

    #[test]
    fn generated_playbooks_keep_every_property(input in playbook_text()) {
        prop_assert!(parse(&input).errors.is_empty(), "generated input does not parse:\n{input}");
        if let Err(problem) = check_properties(&input) {
            prop_assert!(false, "{}\n--- input ---\n{:?}", problem, input);
        }
    }
}
