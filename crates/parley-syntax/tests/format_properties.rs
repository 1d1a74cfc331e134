//! Properties of the formatter over the awkward inputs, every playbook of
//! the workspace that parses (examples, fixtures, grammar corpora), and
//! generated playbooks: formatting is idempotent; keeps every token and
//! comment in order (a step's markers are put in canonical order) and the
//! syntax tree (spans aside); keeps the line ending and the byte-order mark;
//! leaves no trailing whitespace and one final line ending; and its edits
//! produce exactly the formatted text, touching only whitespace. Any other
//! text is refused or formatted the same way, never with a panic.

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

/// Each line break of the text, in order: `\r\n`, `\n` or a lone `\r`.
fn line_breaks(text: &str) -> Vec<&'static str> {
    let bytes = text.as_bytes();
    let mut breaks = Vec::new();
    for (index, byte) in bytes.iter().enumerate() {
        match byte {
            b'\n' if index > 0 && bytes[index - 1] == b'\r' => breaks.push("\r\n"),
            b'\n' => breaks.push("\n"),
            b'\r' if bytes.get(index + 1) != Some(&b'\n') => breaks.push("\r"),
            _ => {}
        }
    }
    breaks
}

/// The syntax tree without its spans, then the values of its string
/// literals and the text of its doc comments (with each line's trailing
/// whitespace removed, as the formatter removes it), which the tree reads
/// from the text: to compare a text's tree with its formatted text's.
fn tree_without_spans(text: &str) -> String {
    use parley_syntax::ast::{DocComment, Item, ProcessItem, StringLit};
    let file = parse(text).file;
    let doc = |doc: &Option<DocComment>| {
        doc.map(|doc| {
            doc.text(text)
                .split('\n')
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    let value = |string: &Option<StringLit>| string.map(|string| string.value(text).into_owned());
    let mut read = Vec::new();
    for item in &file.items {
        match item {
            Item::Playbook(playbook) => {
                read.push(doc(&playbook.doc));
                read.push(value(&playbook.title));
            }
            Item::Declaration(declaration) => {
                read.push(doc(&declaration.doc));
                read.push(value(&declaration.title));
            }
            Item::Process(process) => {
                read.push(doc(&process.doc));
                for item in &process.items {
                    if let ProcessItem::Waive(waive) = item {
                        read.push(value(&waive.reason));
                    }
                }
            }
        }
    }
    let tree = format!("{:?} {:?} {:?}", file.items, file.comments, read);
    // A span prints as `START..END`.
    let mut out = String::with_capacity(tree.len());
    let chars: Vec<char> = tree.chars().collect();
    let mut index = 0;
    while index < chars.len() {
        if chars[index].is_ascii_digit() {
            let mut end = index;
            while end < chars.len() && chars[end].is_ascii_digit() {
                end += 1;
            }
            if chars.get(end) == Some(&'.') && chars.get(end + 1) == Some(&'.') {
                let mut after = end + 2;
                while after < chars.len() && chars[after].is_ascii_digit() {
                    after += 1;
                }
                if after > end + 2 {
                    out.push_str("<span>");
                    index = after;
                    continue;
                }
            }
            out.extend(&chars[index..end]);
            index = end;
            continue;
        }
        out.push(chars[index]);
        index += 1;
    }
    out
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

    if tree_without_spans(input) != tree_without_spans(&formatted) {
        return Err(format!("the syntax tree changed:\n{formatted}"));
    }

    let ending = line_breaks(input).first().copied().unwrap_or("\n");
    let body = formatted.trim_start_matches('\u{feff}');
    let final_ending =
        formatted.ends_with(ending) && !formatted.ends_with(&format!("{ending}{ending}"));
    if !body.is_empty() && !final_ending {
        return Err("not exactly one final line ending of the file's kind".to_string());
    }
    if let Some(other) = line_breaks(&formatted)
        .into_iter()
        .find(|found| *found != ending)
    {
        return Err(format!("a {other:?} line break in a file of {ending:?}"));
    }
    for line in formatted.split(['\r', '\n']) {
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
            // The language's whitespace: a byte order mark inside a file is too.
            text.split([' ', '\t', '\r', '\n', '\u{c}', '\u{feff}'])
                .all(|word| matches!(word, "" | "negotiated" | "accelerate" | "decelerate"))
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
    const OTHER_PIECES: &[&str] = &[
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
    let pieces: Vec<&str> = parley_syntax::KEYWORDS
        .iter()
        .chain(OTHER_PIECES)
        .copied()
        .collect();
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|pieces| {
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
