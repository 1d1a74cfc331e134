//! The VS Code snippets expand, with their default choices, to playbook text
//! that both the tree-sitter grammar and the project's parser accept; and
//! there is one for each declaration.

use parley_grammar_tests::{parse, repo_root};
use serde_json::Value;

/// Expands a snippet body the way VS Code does when every placeholder keeps
/// its default: `${1:text}` is `text`, `${1|a,b|}` is `a`, `$0` is nothing,
/// date variables are a fixed date, and a tab is two spaces.
fn expand(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        rest = &rest[start + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut end = 0;
            for (index, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            end = index;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let placeholder = &inner[..end];
            rest = &inner[end + 1..];
            out.push_str(&placeholder_default(placeholder));
        } else {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out.replace('\t', "  ")
}

fn placeholder_default(placeholder: &str) -> String {
    match placeholder {
        "CURRENT_YEAR" => return "2027".into(),
        "CURRENT_MONTH" => return "01".into(),
        "CURRENT_DATE" => return "11".into(),
        _ => {}
    }
    let after_number = placeholder.trim_start_matches(|c: char| c.is_ascii_digit());
    if let Some(choices) = after_number
        .strip_prefix('|')
        .and_then(|c| c.strip_suffix('|'))
    {
        return choices.split(',').next().unwrap_or_default().to_string();
    }
    after_number
        .strip_prefix(':')
        .map(expand)
        .unwrap_or_default()
}

fn snippets() -> serde_json::Map<String, Value> {
    let path = repo_root().join("editors/vscode/snippets/parley.json");
    let text = std::fs::read_to_string(&path).expect("snippets readable");
    match serde_json::from_str(&text).expect("snippets are JSON") {
        Value::Object(map) => map,
        other => panic!("snippets are not an object: {other}"),
    }
}

fn body(snippet: &Value) -> String {
    match &snippet["body"] {
        Value::String(line) => line.clone(),
        Value::Array(lines) => lines
            .iter()
            .map(|line| line.as_str().expect("body lines are strings"))
            .collect::<Vec<_>>()
            .join("\n"),
        other => panic!("body is neither a string nor lines: {other}"),
    }
}

#[test]
fn the_expansion_keeps_defaults() {
    assert_eq!(
        expand("side ${3|buyer,seller|} ${1:a${2:b}} $0\tx"),
        "side buyer ab   x"
    );
}

#[test]
fn every_snippet_expands_to_a_valid_playbook() {
    let snippets = snippets();
    let mut prefixes = Vec::new();
    for (name, snippet) in &snippets {
        let prefix = snippet["prefix"].as_str().expect("a prefix").to_string();
        let expanded = expand(&body(snippet));
        // Process items stand inside a process.
        let text = if ["waive", "quiet"].contains(&prefix.as_str()) {
            format!("process buyer {{\n  {expanded}\n}}\n")
        } else {
            expanded
        };
        let tree = parse(&text).expect("parses");
        assert!(
            !tree.root_node().has_error(),
            "snippet {name:?} expands to text tree-sitter rejects:\n{text}"
        );
        let errors = parley_syntax::parse(&text).errors;
        assert!(
            errors.is_empty(),
            "snippet {name:?} expands to text parley-syntax rejects:\n{text}\n{errors:#?}"
        );
        prefixes.push(prefix);
    }
    for declaration in [
        "playbook",
        "stakeholder",
        "commitment",
        "conversation",
        "process",
        "waive",
        "quiet",
    ] {
        assert!(
            prefixes.iter().any(|prefix| prefix == declaration),
            "no snippet with prefix {declaration:?}"
        );
    }
}
