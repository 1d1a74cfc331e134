//! The tree-sitter grammar of Parley as a Rust [`tree_sitter::Language`], and
//! the helpers the grammar tests share: parsing a playbook with it and finding
//! the syntax errors (`ERROR` and `MISSING` nodes) in the tree.

use tree_sitter::{Language, Node, Parser, Tree};
use tree_sitter_language::LanguageFn;

unsafe extern "C" {
    fn tree_sitter_parley() -> *const ();
}

/// The grammar compiled from `grammar/tree-sitter-parley/src/parser.c`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_parley) };

/// The Parley grammar, ready for a [`Parser`] or a [`tree_sitter::Query`].
pub fn language() -> Language {
    LANGUAGE.into()
}

/// Parses `text` with the tree-sitter grammar.
///
/// Returns `None` only when the grammar cannot be loaded (an ABI the linked
/// library does not support) or parsing was cancelled.
pub fn parse(text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&language()).ok()?;
    parser.parse(text, None)
}

/// One place where tree-sitter recovered from a syntax error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxProblem {
    /// `ERROR`, or `MISSING x` for a token tree-sitter had to invent.
    pub kind: String,
    /// Zero-based line and column of the start.
    pub line: usize,
    pub column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
}

/// Every `ERROR` and `MISSING` node of the tree, in source order.
pub fn syntax_problems(tree: &Tree) -> Vec<SyntaxProblem> {
    let mut problems = Vec::new();
    collect(tree.root_node(), &mut problems);
    problems
}

fn collect(node: Node<'_>, problems: &mut Vec<SyntaxProblem>) {
    if node.is_error() || node.is_missing() {
        let kind = if node.is_missing() {
            format!("MISSING {}", node.kind())
        } else {
            "ERROR".to_string()
        };
        let start = node.start_position();
        problems.push(SyntaxProblem {
            kind,
            line: start.row,
            column: start.column,
            byte_start: node.start_byte(),
            byte_end: node.end_byte(),
        });
    }
    if !node.has_error() {
        return;
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(child, problems);
    }
}

/// The repository's root folder (two levels above this crate).
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

/// Every file under `dir` (recursively) whose name ends with `suffix`,
/// sorted; an absent folder has none.
pub fn files_under(dir: &std::path::Path, suffix: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.ends_with(suffix))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_playbook_has_no_problems() {
        let tree = parse("stakeholder dana \"Dana\" { side buyer }").unwrap();
        assert!(!tree.root_node().has_error());
        assert_eq!(syntax_problems(&tree), Vec::new());
    }

    #[test]
    fn an_unclosed_block_is_a_missing_brace_where_it_ends() {
        let tree = parse("stakeholder dana \"Dana\" {\n  side buyer\n").unwrap();
        let problems = syntax_problems(&tree);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].kind, "MISSING }");
        assert_eq!(problems[0].line, 1);
    }

    #[test]
    fn a_stray_character_is_an_error_node() {
        let tree = parse("stakeholder dana \"Dana\" { side buyer @ }").unwrap();
        let problems = syntax_problems(&tree);
        assert!(
            problems.iter().any(|problem| problem.kind == "ERROR"
                && problem.byte_start <= 37
                && 37 < problem.byte_end),
            "{problems:?}"
        );
    }

    #[test]
    fn an_absent_folder_has_no_files() {
        assert!(files_under(std::path::Path::new("/nonexistent/parley"), ".parley").is_empty());
        assert!(!files_under(&repo_root().join("examples"), ".parley").is_empty());
    }
}
