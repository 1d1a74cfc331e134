//! End-to-end tests of `parley fmt`, driving the real binary: in place,
//! `--check`, `--diff`, stdin, files it must leave untouched (syntax errors,
//! read-only, not UTF-8, missing), and a snapshot of every example that
//! parses, formatted. The checker's diagnostic codes are the same before and
//! after formatting, on the awkward inputs, every playbook of the workspace
//! that parses, and generated playbooks (this property lives here because the CLI package is the one
//! that sees both the syntax crate and the checker).

#[path = "../crates/parley-syntax/tests/format_inputs/mod.rs"]
mod format_inputs;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use format_inputs::generate::playbook_text;
use format_inputs::{AWKWARD, workspace_playbooks};
use proptest::prelude::*;

const MESSY: &str =
    "stakeholder dana \"Dana\" { side buyer role champion }\nprocess seller {discovery}\n";
const TIDY: &str = "stakeholder dana \"Dana\" {\n  side buyer\n  role champion\n}\n\nprocess seller {\n  discovery\n}\n";
const BROKEN: &str = "stakeholder dana \"Dana {\n  side buyer\n}\n";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parley(folder: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parley"));
    command
        .arg("fmt")
        .args(args)
        .current_dir(folder)
        .stdin(Stdio::null());
    command
}

fn run(folder: &Path, args: &[&str]) -> Output {
    parley(folder, args)
        .output()
        .expect("the parley binary runs")
}

fn run_with_stdin(folder: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = parley(folder, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the parley binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin accepts the text");
    child
        .wait_with_output()
        .expect("the parley binary finishes")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("parley exits with a code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A temporary folder holding the given files.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let folder = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = folder.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    folder
}

fn read(folder: &tempfile::TempDir, name: &str) -> String {
    fs::read_to_string(folder.path().join(name)).unwrap()
}

#[test]
fn formats_in_place_only_the_files_that_change_and_says_which() {
    let dir = folder(&[
        ("deals/messy.parley", MESSY),
        ("deals/tidy.parley", TIDY),
        ("deals/notes.txt", MESSY),
    ]);
    let tidy_before = fs::metadata(dir.path().join("deals/tidy.parley"))
        .unwrap()
        .modified()
        .unwrap();
    let output = run(dir.path(), &[]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stderr(&output), "formatted deals/messy.parley\n");
    assert_eq!(stdout(&output), "");
    assert_eq!(read(&dir, "deals/messy.parley"), TIDY);
    assert_eq!(read(&dir, "deals/tidy.parley"), TIDY);
    assert_eq!(read(&dir, "deals/notes.txt"), MESSY, "only *.parley files");
    let tidy_after = fs::metadata(dir.path().join("deals/tidy.parley"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        tidy_before, tidy_after,
        "an unchanged file is not rewritten"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path().join("deals"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 3, "no temporary file left: {leftovers:?}");

    let again = run(dir.path(), &["deals"]);
    assert_eq!(code(&again), 0);
    assert_eq!(stderr(&again), "", "a second run has nothing to do");
}

#[cfg(unix)]
#[test]
fn keeps_the_permissions_and_the_line_ending_of_a_rewritten_file() {
    use std::os::unix::fs::PermissionsExt;
    let crlf = MESSY.replace('\n', "\r\n");
    let dir = folder(&[("deal.parley", &crlf)]);
    let path = dir.path().join("deal.parley");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let output = run(dir.path(), &["deal.parley"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(read(&dir, "deal.parley"), TIDY.replace('\n', "\r\n"));
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn check_lists_the_files_that_would_change_and_exits_1_without_writing() {
    let dir = folder(&[("a.parley", MESSY), ("b.parley", TIDY)]);
    let output = run(dir.path(), &["--check"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "would format a.parley\n");
    assert_eq!(stdout(&output), "");
    assert_eq!(read(&dir, "a.parley"), MESSY);

    let clean = run(dir.path(), &["--check", "b.parley"]);
    assert_eq!(code(&clean), 0);
    assert_eq!(stderr(&clean), "");
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let dir = folder(&[("a.parley", MESSY), ("b.parley", TIDY)]);
    let output = run(dir.path(), &["--check", "--diff"]);
    assert_eq!(code(&output), 1);
    assert_eq!(stderr(&output), "");
    insta::assert_snapshot!("fmt_diff", stdout(&output));
    assert_eq!(read(&dir, "a.parley"), MESSY);

    let implied = run(dir.path(), &["--diff", "a.parley"]);
    assert_eq!(code(&implied), 1, "--diff implies --check");
    assert_eq!(stdout(&implied), stdout(&output));
    assert_eq!(read(&dir, "a.parley"), MESSY);
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let dir = folder(&[]);
    let output = run_with_stdin(dir.path(), &["-"], MESSY.as_bytes());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), TIDY);
    assert_eq!(stderr(&output), "");

    let crlf = run_with_stdin(dir.path(), &["-"], MESSY.replace('\n', "\r\n").as_bytes());
    assert_eq!(stdout(&crlf), TIDY.replace('\n', "\r\n"));

    let check = run_with_stdin(dir.path(), &["--check", "-"], MESSY.as_bytes());
    assert_eq!(code(&check), 1);
    assert_eq!(stderr(&check), "would format <stdin>\n");
    assert_eq!(stdout(&check), "");

    let broken = run_with_stdin(dir.path(), &["-"], BROKEN.as_bytes());
    assert_eq!(code(&broken), 2);
    assert_eq!(
        stdout(&broken),
        "",
        "nothing on stdout for a file that does not parse"
    );
    assert!(
        stderr(&broken).starts_with("parley: <stdin>:1:18: not formatted"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched_and_the_others_are_formatted() {
    let dir = folder(&[("a.parley", BROKEN), ("b.parley", MESSY)]);
    let output = run(dir.path(), &["."]);
    assert_eq!(code(&output), 2);
    let stderr = stderr(&output);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with(
            "parley: a.parley:1:18: not formatted, the file is left untouched: syntax error: unterminated string"
        ),
        "{stderr}"
    );
    assert_eq!(lines[1], "formatted b.parley");
    assert_eq!(read(&dir, "a.parley"), BROKEN);
    assert_eq!(read(&dir, "b.parley"), TIDY);
}

#[test]
fn a_read_only_file_is_refused_in_one_line_and_left_untouched() {
    let dir = folder(&[("deal.parley", MESSY)]);
    let path = dir.path().join("deal.parley");
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();

    let output = run(dir.path(), &["deal.parley"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "parley: deal.parley: the file is read-only; it was not formatted and is untouched\n"
    );
    assert_eq!(read(&dir, "deal.parley"), MESSY);

    // Checking a read-only file is fine: nothing is written.
    let check = run(dir.path(), &["--check", "deal.parley"]);
    assert_eq!(code(&check), 1);
}

#[test]
fn a_missing_path_stops_the_run_before_anything_is_written() {
    let dir = folder(&[("a.parley", MESSY)]);
    let output = run(dir.path(), &["a.parley", "missing.parley"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "parley: missing.parley: no such file or folder\n"
    );
    assert_eq!(read(&dir, "a.parley"), MESSY);
}

#[test]
fn a_file_that_is_not_utf8_is_refused_in_one_line() {
    let dir = folder(&[]);
    fs::write(
        dir.path().join("latin1.parley"),
        b"stakeholder d\xe9 \"D\" {}\n",
    )
    .unwrap();
    let output = run(dir.path(), &["latin1.parley"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "parley: latin1.parley: not UTF-8 (invalid byte at offset 13); playbooks must be UTF-8 text\n"
    );
    assert_eq!(
        fs::read(dir.path().join("latin1.parley")).unwrap(),
        b"stakeholder d\xe9 \"D\" {}\n"
    );
}

/// Every example that parses, formatted through the binary.
#[test]
fn examples_formatted() {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "parley")
        })
        .collect();
    paths.sort();
    let mut formatted = 0;
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        if !parley_syntax::parse(&text).errors.is_empty() {
            continue;
        }
        let output = run_with_stdin(&root(), &["-"], text.as_bytes());
        assert_eq!(code(&output), 0, "{}: {}", path.display(), stderr(&output));
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(format!("example_{stem}"), stdout(&output));
        formatted += 1;
    }
    assert!(formatted > 0, "at least one example parses");
}

/// The sorted diagnostic codes the checker reports.
fn codes(text: &str) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = parley_check::check_text(text)
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code)
        .collect();
    codes.sort_unstable();
    codes
}

fn same_codes(text: &str) -> Result<(), String> {
    let formatted = parley_syntax::format(text).map_err(|error| error.to_string())?;
    let (before, after) = (codes(text), codes(&formatted));
    if before == after {
        Ok(())
    } else {
        Err(format!(
            "codes before {before:?}, after {after:?}\n{formatted}"
        ))
    }
}

#[test]
fn the_checker_reports_the_same_codes_after_formatting_awkward_inputs_and_every_playbook() {
    for (name, text) in AWKWARD {
        if let Err(problem) = same_codes(text) {
            panic!("{name}: {problem}");
        }
    }
    for path in workspace_playbooks() {
        let text = fs::read_to_string(&path).unwrap();
        if !parley_syntax::parse(&text).errors.is_empty() {
            continue;
        }
        if let Err(problem) = same_codes(&text) {
            panic!("{}: {problem}", path.display());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_checker_reports_the_same_codes_after_formatting_generated_playbooks(text in playbook_text()) {
        if let Err(problem) = same_codes(&text) {
            prop_assert!(false, "{}\n--- input ---\n{:?}", problem, text);
        }
    }
}
