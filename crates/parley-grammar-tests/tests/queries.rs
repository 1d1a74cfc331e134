//! Every query file compiles against the grammar, uses only the capture
//! names its editor knows, and captures what it should on a playbook that
//! holds every construct. The Neovim set is the grammar's own
//! (`grammar/tree-sitter-parley/queries`), copied where Neovim looks for it;
//! Helix has its own names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use parley_grammar_tests::{language, parse, repo_root};
use tree_sitter::{Query, QueryCursor, StreamingIterator};

const QUERY_FILES: [&str; 5] = [
    "highlights.scm",
    "folds.scm",
    "indents.scm",
    "locals.scm",
    "textobjects.scm",
];

/// A playbook with every construct of the language.
const EVERYTHING: &str = include_str!("cases/valid/every-construct.parley");

fn grammar_queries() -> PathBuf {
    repo_root().join("grammar/tree-sitter-parley/queries")
}

fn neovim_queries() -> PathBuf {
    repo_root().join("editors/neovim/queries/parley")
}

fn helix_queries() -> PathBuf {
    repo_root().join("editors/helix/runtime/queries/parley")
}

fn load(path: &Path) -> Query {
    let source =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Query::new(&language(), &source)
        .unwrap_or_else(|e| panic!("{} does not compile: {e}", path.display()))
}

/// Neovim's highlight captures (nvim-treesitter's list, the ones a Parley
/// query may use).
const NEOVIM_HIGHLIGHTS: &[&str] = &[
    "attribute",
    "comment",
    "comment.documentation",
    "constant",
    "constant.builtin",
    "function",
    "function.call",
    "keyword",
    "keyword.modifier",
    "number",
    "property",
    "punctuation.bracket",
    "punctuation.delimiter",
    "spell",
    "nospell",
    "string",
    "string.escape",
    "type",
    "variable",
];

/// Helix's theme scopes that a Parley query may use.
const HELIX_HIGHLIGHTS: &[&str] = &[
    "attribute",
    "comment.line",
    "comment.block.documentation",
    "constant",
    "constant.builtin",
    "constant.character.escape",
    "constant.numeric",
    "function",
    "keyword",
    "keyword.control",
    "keyword.storage.modifier",
    "punctuation.bracket",
    "punctuation.delimiter",
    "string",
    "type",
    "variable",
    "variable.other.member",
];

fn allowed(editor: &str, file: &str, capture: &str) -> bool {
    match (editor, file) {
        ("neovim", "highlights.scm") => NEOVIM_HIGHLIGHTS.contains(&capture),
        ("helix", "highlights.scm") => HELIX_HIGHLIGHTS.contains(&capture),
        ("neovim", "folds.scm") => capture == "fold",
        ("neovim", "indents.scm") => [
            "indent.begin",
            "indent.end",
            "indent.branch",
            "indent.dedent",
            "indent.auto",
            "indent.ignore",
            "indent.align",
            "indent.zero",
        ]
        .contains(&capture),
        ("helix", "indents.scm") => [
            "indent",
            "outdent",
            "indent.always",
            "outdent.always",
            "align",
            "anchor",
            "extend",
            "extend.prevent-once",
        ]
        .contains(&capture),
        ("neovim", "locals.scm") => {
            capture == "local.scope"
                || capture == "local.reference"
                || [
                    "local.definition.var",
                    "local.definition.function",
                    "local.definition.type",
                ]
                .contains(&capture)
        }
        ("helix", "locals.scm") => {
            capture == "local.scope"
                || capture == "local.reference"
                || capture
                    .strip_prefix("local.definition.")
                    .is_some_and(|scope| HELIX_HIGHLIGHTS.contains(&scope))
        }
        ("neovim", "textobjects.scm") => capture.rsplit_once('.').is_some_and(|(object, part)| {
            [
                "class",
                "function",
                "block",
                "statement",
                "parameter",
                "comment",
            ]
            .contains(&object)
                && ["inner", "outer"].contains(&part)
        }),
        ("helix", "textobjects.scm") => capture.rsplit_once('.').is_some_and(|(object, part)| {
            ["class", "function", "parameter", "comment", "entry", "test"].contains(&object)
                && ["inside", "around"].contains(&part)
        }),
        _ => false,
    }
}

/// The capture names used by a query, and the (capture, node text) pairs it
/// yields on `text`.
fn captures(query: &Query, text: &str) -> BTreeSet<(String, String)> {
    let tree = parse(text).expect("parses");
    let mut cursor = QueryCursor::new();
    let mut found = BTreeSet::new();
    let mut matches = cursor.matches(query, tree.root_node(), text.as_bytes());
    while let Some(found_match) = matches.next() {
        for capture in found_match.captures() {
            let name = query.capture_names()[capture.index as usize].to_string();
            let node_text = capture
                .node
                .utf8_text(text.as_bytes())
                .unwrap_or_default()
                .to_string();
            found.insert((name, node_text));
        }
    }
    found
}

fn check_editor(editor: &str, dir: &Path, files: &[&str]) {
    for file in files {
        let path = dir.join(file);
        let query = load(&path);
        let unknown: Vec<&str> = query
            .capture_names()
            .iter()
            .copied()
            .filter(|capture| !allowed(editor, file, capture))
            .collect();
        assert!(
            unknown.is_empty(),
            "{} uses captures {editor} does not know: {unknown:?}",
            path.display()
        );
        assert!(
            !captures(&query, EVERYTHING).is_empty(),
            "{} captures nothing on a playbook with every construct",
            path.display()
        );
    }
}

#[test]
fn grammar_queries_compile_with_neovim_captures() {
    check_editor("neovim", &grammar_queries(), &QUERY_FILES);
}

#[test]
fn neovim_queries_are_the_grammar_queries() {
    for file in QUERY_FILES {
        let canonical = std::fs::read_to_string(grammar_queries().join(file)).expect("readable");
        let copy = std::fs::read_to_string(neovim_queries().join(file))
            .unwrap_or_else(|e| panic!("editors/neovim/queries/parley/{file}: {e}"));
        assert_eq!(
            canonical, copy,
            "editors/neovim/queries/parley/{file} differs from grammar/tree-sitter-parley/queries/{file}; copy it over"
        );
    }
}

#[test]
fn helix_queries_compile_with_helix_captures() {
    check_editor(
        "helix",
        &helix_queries(),
        &[
            "highlights.scm",
            "indents.scm",
            "locals.scm",
            "textobjects.scm",
        ],
    );
}

/// Every token of the sample (keyword, name, punctuation, literal) lies in
/// a node that both editors' highlight queries capture.
#[test]
fn highlights_cover_every_token() {
    let tree = parse(EVERYTHING).expect("parses");
    let mut leaves = Vec::new();
    let mut cursor = tree.walk();
    let mut visit = true;
    loop {
        let node = cursor.node();
        if visit && node.child_count() == 0 {
            leaves.push(node.byte_range());
        }
        if visit && cursor.goto_first_child() {
            continue;
        }
        if cursor.goto_next_sibling() {
            visit = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        visit = false;
    }
    assert!(leaves.len() > 100, "the sample has {} tokens", leaves.len());
    for dir in [grammar_queries(), helix_queries()] {
        let query = load(&dir.join("highlights.scm"));
        let mut ranges = Vec::new();
        let mut query_cursor = QueryCursor::new();
        let mut matches = query_cursor.matches(&query, tree.root_node(), EVERYTHING.as_bytes());
        while let Some(found) = matches.next() {
            ranges.extend(
                found
                    .captures()
                    .iter()
                    .map(|capture| capture.node.byte_range()),
            );
        }
        let missing: Vec<&str> = leaves
            .iter()
            .filter(|leaf| {
                !ranges
                    .iter()
                    .any(|range| range.start <= leaf.start && leaf.end <= range.end)
            })
            .map(|leaf| EVERYTHING.get(leaf.clone()).unwrap_or_default())
            .collect();
        assert!(
            missing.is_empty(),
            "{}/highlights.scm leaves these tokens unhighlighted: {missing:?}",
            dir.display()
        );
    }
}

#[test]
fn highlights_name_the_parts_as_each_editor_expects() {
    let neovim = captures(&load(&grammar_queries().join("highlights.scm")), EVERYTHING);
    let helix = captures(&load(&helix_queries().join("highlights.scm")), EVERYTHING);
    let has = |set: &BTreeSet<(String, String)>, capture: &str, text: &str| {
        set.contains(&(capture.to_string(), text.to_string()))
    };
    for (capture, text) in [
        ("keyword", "conversation"),
        ("function", "discovery"),
        ("function.call", "rfp"),
        ("property", "with"),
        ("keyword.modifier", "negotiated"),
        ("constant.builtin", "buyer"),
        ("comment.documentation", "/// The doc."),
        ("spell", "/// The doc."),
        ("string.escape", "\\\""),
        ("number", "2027-01-11"),
        ("type", "pilot"),
        ("attribute", "economic-buyer"),
    ] {
        assert!(
            has(&neovim, capture, text),
            "Neovim: {text:?} is not @{capture}"
        );
    }
    for (capture, text) in [
        ("keyword", "conversation"),
        ("keyword.control", "waive"),
        ("function", "discovery"),
        ("variable.other.member", "with"),
        ("keyword.storage.modifier", "negotiated"),
        ("comment.block.documentation", "/// The doc."),
        ("constant.character.escape", "\\\""),
        ("constant.numeric", "10d"),
    ] {
        assert!(
            has(&helix, capture, text),
            "Helix: {text:?} is not {capture}"
        );
    }
}

#[test]
fn folds_and_indents_cover_blocks() {
    let folds = captures(&load(&grammar_queries().join("folds.scm")), EVERYTHING);
    assert_eq!(
        folds.len(),
        7,
        "one fold per stakeholder, commitment, conversation and process: {folds:?}"
    );
    let indents = captures(&load(&helix_queries().join("indents.scm")), EVERYTHING);
    assert!(indents.iter().any(|(capture, _)| capture == "outdent"));
    assert!(
        indents
            .iter()
            .any(|(capture, text)| capture == "indent" && text.starts_with('{'))
    );
}
