//! The tree-sitter grammar agrees with the project's parser: a playbook
//! parses in tree-sitter without an `ERROR` or `MISSING` node exactly when
//! `parley_syntax::parse` reports no syntax error.
//!
//! The inputs are every example playbook, every `.parley` file under a
//! crate's `tests` or `test_data` (the checker's fixtures among them), every
//! snapshot input (parser and formatter) of `crates/parley-syntax/tests`,
//! every file of the fuzz corpora (`fuzz/corpus`), and this crate's own
//! cases (`tests/cases/valid` must parse cleanly in both, `tests/cases/invalid`
//! must fail in both). A NUL character, which the tree-sitter runtime
//! reserves, is compared as U+0001.

use std::path::{Path, PathBuf};

use parley_grammar_tests::{files_under, parse, repo_root, syntax_problems};

/// One playbook text and where it came from.
struct Input {
    origin: String,
    text: String,
}

fn read(path: &Path) -> Input {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Input {
        origin: path.display().to_string(),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The `--- input ---` sections of an insta snapshot written by the
/// parser's or the formatter's tests, turned back into the text they show.
/// The formatter writes `<BOM>`, `<CR>` and `<TAB>`; the parser's renderer
/// writes `\u{feff}` and `\r`.
fn snapshot_inputs(path: &Path) -> Vec<Input> {
    let Ok(snapshot) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let formatter = path
        .file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with("format__"));
    let mut inputs = Vec::new();
    let mut rest = snapshot.as_str();
    while let Some((_, after)) = rest.split_once("--- input ---\n") {
        let end = ["\n--- tree ---\n", "\n--- formatted ---\n"]
            .iter()
            .filter_map(|marker| after.find(marker))
            .min();
        let Some(end) = end else {
            break;
        };
        let shown = &after[..end];
        let text = if formatter {
            shown
                .replace("<BOM>", "\u{feff}")
                .replace("<CR>", "\r")
                .replace("<TAB>", "\t")
        } else {
            shown.replace("\\u{feff}", "\u{feff}").replace("\\r", "\r")
        };
        inputs.push(Input {
            origin: format!("{} (input {})", path.display(), inputs.len() + 1),
            text,
        });
        rest = &after[end..];
    }
    inputs
}

fn project_inputs() -> Vec<Input> {
    let root = repo_root();
    let own_cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<PathBuf> = files_under(&root.join("examples"), ".parley");
    paths.extend(files_under(&root.join("tests"), ".parley"));
    paths.extend(files_under(&root.join("fuzz/corpus"), ""));
    for krate in files_under(&root.join("crates"), "Cargo.toml") {
        if let Some(dir) = krate.parent() {
            for folder in ["tests", "test_data"] {
                paths.extend(
                    files_under(&dir.join(folder), ".parley")
                        .into_iter()
                        .filter(|path| !path.starts_with(&own_cases)),
                );
            }
        }
    }
    paths.sort();
    paths.dedup();
    let mut inputs: Vec<Input> = paths.iter().map(|path| read(path)).collect();
    inputs.extend(
        files_under(&root.join("crates/parley-syntax/tests"), ".snap")
            .iter()
            .flat_map(|path| snapshot_inputs(path)),
    );
    inputs
}

fn own_cases(kind: &str) -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(kind);
    files_under(&dir, ".parley")
        .iter()
        .map(|path| read(path))
        .collect()
}

/// What each side says about one input.
struct Verdict {
    tree_sitter: Option<String>,
    parser: Option<String>,
}

fn verdict(input: &Input) -> Verdict {
    let tree = parse(&input.text).expect("the grammar loads and parses");
    let root = tree.root_node();
    let tree_sitter = root.has_error().then(|| {
        syntax_problems(&tree)
            .first()
            .map_or("an error in a hidden node".to_string(), |problem| {
                format!(
                    "{} at {}:{}",
                    problem.kind,
                    problem.line + 1,
                    problem.column + 1
                )
            })
    });
    let parse = parley_syntax::parse(&input.text);
    let parser = parse
        .errors
        .first()
        .map(|error| format!("{} at byte {}", error.message, error.span.start()));
    Verdict {
        tree_sitter,
        parser,
    }
}

fn describe(input: &Input, verdict: &Verdict) -> String {
    format!(
        "{}\n    tree-sitter: {}\n    parley-syntax: {}",
        input.origin,
        verdict.tree_sitter.as_deref().unwrap_or("no error"),
        verdict.parser.as_deref().unwrap_or("no error"),
    )
}

#[test]
fn project_playbooks_parse_alike() {
    // Tree-sitter's lexer reserves the NUL character (it marks the end of
    // the input), so no tree-sitter grammar reads one inside a comment or a
    // string. Text files have none; the fuzz corpora do: there each NUL
    // becomes U+0001, which both lexers treat as NUL (any character in a
    // comment or a string, an unexpected one elsewhere).
    let mut with_nul = 0;
    let inputs: Vec<Input> = project_inputs()
        .into_iter()
        .map(|mut input| {
            if input.text.contains('\0') {
                with_nul += 1;
                input.text = input.text.replace('\0', "\u{1}");
            }
            input
        })
        .collect();
    let examples = inputs
        .iter()
        .filter(|input| Path::new(&input.origin).starts_with(repo_root().join("examples")))
        .count();
    assert!(
        examples >= 1,
        "no example playbook found under examples/; the agreement test would check nothing"
    );
    eprintln!(
        "comparing {} project inputs ({examples} examples; NUL made U+0001 in {with_nul})",
        inputs.len()
    );
    let disagreements: Vec<String> = inputs
        .iter()
        .filter_map(|input| {
            let verdict = verdict(input);
            (verdict.tree_sitter.is_some() != verdict.parser.is_some())
                .then(|| describe(input, &verdict))
        })
        .collect();
    assert!(
        disagreements.is_empty(),
        "tree-sitter and parley-syntax disagree on {} of {} inputs:\n{}",
        disagreements.len(),
        inputs.len(),
        disagreements.join("\n")
    );
}

#[test]
fn valid_cases_parse_cleanly_in_both() {
    let cases = own_cases("valid");
    assert!(cases.len() >= 10, "found only {} valid cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|input| {
            let verdict = verdict(input);
            (verdict.tree_sitter.is_some() || verdict.parser.is_some())
                .then(|| describe(input, &verdict))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "valid cases with a syntax error:\n{}",
        failures.join("\n")
    );
}

#[test]
fn invalid_cases_fail_in_both() {
    let cases = own_cases("invalid");
    assert!(
        cases.len() >= 10,
        "found only {} invalid cases",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|input| {
            let verdict = verdict(input);
            (verdict.tree_sitter.is_none() || verdict.parser.is_none())
                .then(|| describe(input, &verdict))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "invalid cases that one side accepts:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_keyword_where_a_name_belongs_is_a_visible_problem() {
    let tree = parse("stakeholder with \"W\" { side buyer }").expect("parses");
    let problems = syntax_problems(&tree);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].kind, "MISSING keyword_is_not_a_name");
    assert_eq!((problems[0].line, problems[0].column), (0, 16));
}
