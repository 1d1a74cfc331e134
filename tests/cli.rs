//! End-to-end tests of `parley check`, driving the real binary.
//!
//! Every example is checked through the binary and its human output (no
//! colour) and JSON document are insta snapshots in `tests/snapshots/`. The
//! SARIF of every example goes through Microsoft's SARIF validator when npx
//! is installed (required under `CI=true`). The rest covers each exit code,
//! each error message, stdin, and `--fix`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use std::io::Write;

/// The workspace root: the examples' paths are shown relative to it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parley(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parley"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    parley(args).output().expect("the parley binary runs")
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = parley(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the parley binary runs");
    let written = child.stdin.take().expect("stdin is piped").write_all(stdin);
    // A run that refuses its arguments exits without reading stdin.
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
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

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// Every example playbook, sorted, as paths relative to the root.
fn examples() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".parley"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| format!("examples/{name}"))
        .collect()
}

fn snapshot_name(example: &str) -> String {
    Path::new(example)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

// --- The examples --------------------------------------------------------

#[test]
fn the_four_examples_exist() {
    let examples = examples();
    for name in [
        "examples/acme.parley",
        "examples/county-rfp.parley",
        "examples/half-typed.parley",
        "examples/renewal.parley",
    ] {
        assert!(examples.iter().any(|example| example == name), "{name}");
    }
}

#[test]
fn acme_is_the_playbook_of_the_language_brief() {
    let acme = fs::read_to_string(root().join("examples/acme.parley")).unwrap();
    assert!(acme.starts_with("/// Expansion into Acme's data platform team.\n"));
    assert!(acme.contains("process buyer {\n  rfp\n  proposal\n  signature\n}\n"));
}

#[test]
fn human_output_of_every_example() {
    for example in examples() {
        let output = run(&["check", "--color", "never", &example]);
        assert!(stdout(&output).is_empty(), "human output goes to stderr");
        let shown = format!("exit: {}\n{}", code(&output), stderr(&output));
        insta::assert_snapshot!(format!("human_{}", snapshot_name(&example)), shown);
    }
}

#[test]
fn json_output_of_every_example() {
    for example in examples() {
        let output = run(&["check", "--format", "json", &example]);
        let document = json(&output);
        assert!(stderr(&output).is_empty(), "{}", stderr(&output));
        let errors = document["summary"]["errors"].as_u64().unwrap();
        assert_eq!(code(&output), if errors > 0 { 1 } else { 0 });
        insta::assert_json_snapshot!(format!("json_{}", snapshot_name(&example)), document);
    }
}

#[test]
fn a_folder_is_checked_in_sorted_order_with_one_summary() {
    let output = run(&["check", "--format", "json", "examples"]);
    let document = json(&output);
    let paths: Vec<&str> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, examples());
    assert_eq!(document["summary"]["files"], examples().len());

    let human = run(&["check", "--color", "never", "examples/"]);
    let last = stderr(&human)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    assert!(
        last.starts_with(&format!("checked {} playbooks: ", examples().len())),
        "{last}"
    );
}

// --- SARIF ----------------------------------------------------------------

#[test]
fn sarif_of_every_example_passes_the_sarif_validator() {
    let folder = tempfile::tempdir().unwrap();
    let mut logs = Vec::new();
    for example in examples() {
        let output = run(&["check", "--format", "sarif", &example]);
        assert!(code(&output) < 2, "{}", stderr(&output));
        let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(log["version"], "2.1.0");
        let rules = log["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert!(rules.iter().any(|rule| rule["id"] == "P101"));
        for result in log["runs"][0]["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let region = &result["locations"][0]["physicalLocation"]["region"];
            assert!(region["startLine"].as_u64().unwrap() >= 1);
            assert!(region["startColumn"].as_u64().unwrap() >= 1);
        }
        let path = folder
            .path()
            .join(format!("{}.sarif", snapshot_name(&example)));
        fs::write(&path, &output.stdout).unwrap();
        logs.push(path);
    }

    let in_ci = std::env::var("CI").is_ok_and(|value| value == "true");
    let npx_works = Command::new("npx")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !npx_works {
        assert!(
            !in_ci,
            "CI=true but npx is missing: the SARIF validator cannot run"
        );
        println!("SKIPPED: the SARIF validator needs npx, which is not installed");
        return;
    }
    let report = folder.path().join("validation.sarif");
    let validation = Command::new("npx")
        .args([
            "--yes",
            "@microsoft/sarif-multitool",
            "validate",
            "--output",
        ])
        .arg(&report)
        .args(&logs)
        .output()
        .expect("npx runs");
    let console = format!(
        "{}{}",
        String::from_utf8_lossy(&validation.stdout),
        String::from_utf8_lossy(&validation.stderr)
    );
    if !report.exists() {
        assert!(
            !in_ci,
            "CI=true but the SARIF validator did not run:\n{console}"
        );
        println!("SKIPPED: the SARIF validator could not be fetched or run:\n{console}");
        return;
    }
    let findings: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let mut errors = Vec::new();
    for run in findings["runs"].as_array().unwrap() {
        for result in run["results"].as_array().into_iter().flatten() {
            if result["level"] == "error" {
                errors.push(result["message"].to_string());
            }
        }
        for invocation in run["invocations"].as_array().into_iter().flatten() {
            for notification in invocation["toolExecutionNotifications"]
                .as_array()
                .into_iter()
                .flatten()
            {
                if notification["level"] == "error" {
                    errors.push(notification["message"].to_string());
                }
            }
        }
    }
    assert!(
        errors.is_empty() && !console.contains(": error "),
        "the SARIF validator found errors:\n{}\n{console}",
        errors.join("\n")
    );
}

// --- Exit codes and error messages ---------------------------------------

fn single_line(text: &str) -> &str {
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    assert_eq!(lines.next(), None, "one line, got: {text}");
    first
}

#[test]
fn exit_0_when_no_error_is_found() {
    let output = run(&["check", "--color", "never", "examples/renewal.parley"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn a_missing_path_is_named_and_exits_2() {
    let output = run(&["check", "no/such/deal.parley"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        single_line(&stderr(&output)),
        "parley: no/such/deal.parley: no such file or folder"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn a_folder_without_playbooks_exits_2() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("notes.txt"), "not a playbook").unwrap();
    let path = folder.path().to_str().unwrap();
    let output = run(&["check", path]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        single_line(&stderr(&output)),
        format!("parley: {path}: no playbooks (*.parley files) in this folder")
    );
}

#[test]
fn a_file_that_is_not_utf8_exits_2() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("binary.parley");
    fs::write(&path, b"playbook \"x\"\n\xff\xfe\x00\x01").unwrap();
    let path = path.to_str().unwrap();
    let output = run(&["check", "--format", "json", path]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        single_line(&stderr(&output)),
        format!(
            "parley: {path}: not UTF-8 (invalid byte at offset 13); playbooks must be UTF-8 text"
        )
    );
    assert!(stdout(&output).is_empty(), "no partial document");
}

#[test]
fn stdin_that_is_not_utf8_exits_2() {
    let output = run_with_stdin(&["check", "-"], b"\xc3\x28");
    assert_eq!(code(&output), 2);
    assert_eq!(
        single_line(&stderr(&output)),
        "parley: <stdin>: not UTF-8 (invalid byte at offset 0); playbooks must be UTF-8 text"
    );
}

#[test]
fn every_bad_path_is_reported_before_anything_is_checked() {
    let output = run(&["check", "missing-a.parley", "examples", "missing-b"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "parley: missing-a.parley: no such file or folder\n\
         parley: missing-b: no such file or folder\n"
    );
}

#[test]
fn a_bad_flag_or_value_exits_2_naming_it() {
    let output = run(&["check", "--frobnicate", "examples"]);
    assert_eq!(code(&output), 2);
    let first = stderr(&output)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert_eq!(first, "error: unexpected argument '--frobnicate' found");

    let output = run(&["check", "--format", "xml", "examples"]);
    assert_eq!(code(&output), 2);
    let first = stderr(&output)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        first.contains("invalid value 'xml' for '--format <FORMAT>'"),
        "{first}"
    );

    let output = run(&["check", "--deny", "hints", "examples"]);
    assert_eq!(code(&output), 2);
}

#[test]
fn help_shows_an_example_and_exits_0() {
    let output = run(&["check", "--help"]);
    assert_eq!(code(&output), 0);
    let help = stdout(&output);
    assert!(help.contains("parley check --fix deals/"), "{help}");
    assert!(help.contains("--deny <LEVEL>"), "{help}");
}

#[test]
fn every_command_and_the_command_itself_have_help_with_an_example() {
    for command in [
        &[][..],
        &["check"],
        &["fmt"],
        &["plan"],
        &["graph"],
        &["explain"],
        &["lsp"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let output = run(&args);
        assert_eq!(code(&output), 0, "{args:?}");
        let help = stdout(&output);
        let examples = help
            .split_once("Examples:\n")
            .map(|(_, rest)| rest)
            .unwrap_or_else(|| panic!("{args:?} has no examples: {help}"));
        let first = examples.lines().next().unwrap_or("").trim_start();
        let expected = format!("parley {}", command.first().copied().unwrap_or(""));
        assert!(first.starts_with(expected.trim_end()), "{args:?}: {first}");
    }
}

#[test]
fn stdin_is_read_with_a_dash_and_named_in_the_output() {
    let text = fs::read(root().join("examples/renewal.parley")).unwrap();
    let output = run_with_stdin(&["check", "--format", "json", "-"], &text);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(json(&output)["files"][0]["path"], "<stdin>");

    let output = run_with_stdin(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "deals/northwind.parley",
            "-",
        ],
        &text,
    );
    assert_eq!(json(&output)["files"][0]["path"], "deals/northwind.parley");
}

#[test]
fn fix_on_stdin_prints_the_text_and_refuses_a_document_format() {
    let text = fs::read_to_string(root().join("examples/renewal.parley")).unwrap();
    let output = run_with_stdin(
        &["check", "--fix", "--color", "never", "-"],
        text.as_bytes(),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), text, "nothing to fix: the same text");

    let output = run_with_stdin(
        &["check", "--fix", "--format", "json", "-"],
        text.as_bytes(),
    );
    assert_eq!(code(&output), 2);
    assert_eq!(
        single_line(&stderr(&output)),
        "parley: --fix with `-` prints the fixed text on stdout, so it cannot be combined with --format json"
    );
}

#[test]
fn fix_without_anything_to_fix_leaves_files_byte_for_byte() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("renewal.parley");
    fs::copy(root().join("examples/renewal.parley"), &path).unwrap();
    let before = fs::read(&path).unwrap();
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let output = run(&["check", "--fix", "--color", "never", path.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    assert!(!stderr(&output).contains("fixed "), "{}", stderr(&output));
}

#[test]
fn colour_follows_the_color_flag() {
    let output = run(&["check", "--color", "never", "examples"]);
    assert!(!stderr(&output).contains('\u{1b}'));
}

// --- Severities and --deny ----------------------------------------------------

/// The renewal example with one seller role misspelt: a single warning.
fn renewal_with_a_warning() -> String {
    fs::read_to_string(root().join("examples/renewal.parley"))
        .unwrap()
        .replace("role customer-success", "role customer-succes")
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let text = renewal_with_a_warning();
    let output = run_with_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let document = json(&output);
    assert_eq!(document["summary"]["warnings"], 1);
    assert_eq!(document["summary"]["errors"], 0);
    assert_eq!(code(&output), 0);

    let output = run_with_stdin(&["check", "--deny", "warnings", "-"], text.as_bytes());
    assert_eq!(code(&output), 1, "{}", stderr(&output));
}

#[test]
fn exit_zero_reports_errors_without_failing_but_not_a_run_that_cannot_check() {
    let output = run(&["check", "--color", "never", "--exit-zero", "examples/"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("[P101] Error"),
        "{}",
        stderr(&output)
    );

    let output = run(&["check", "--exit-zero", "no/such/deal.parley"]);
    assert_eq!(code(&output), 2);

    let output = run(&["check", "--exit-zero", "--deny", "warnings", "examples/"]);
    assert_eq!(code(&output), 2, "the two flags contradict each other");
}

#[test]
fn hints_never_fail_a_run() {
    let mut text = fs::read_to_string(root().join("examples/renewal.parley")).unwrap();
    text.push_str("\ncommitment pilot \"A pilot nobody runs\"\n");
    let output = run_with_stdin(
        &["check", "--format", "json", "--deny", "warnings", "-"],
        text.as_bytes(),
    );
    let document = json(&output);
    assert_eq!(document["summary"]["hints"], 1, "{document}");
    assert_eq!(document["diagnostics"][0]["severity"], "hint");
    assert_eq!(code(&output), 0);
}

#[test]
fn color_always_paints_and_never_does_not() {
    let output = run(&["check", "--color", "always", "examples/half-typed.parley"]);
    assert!(stderr(&output).contains("\u{1b}["), "{}", stderr(&output));
    let output = run(&["check", "--color", "never", "examples/half-typed.parley"]);
    assert!(!stderr(&output).contains('\u{1b}'));
    // `auto` with stderr captured (not a terminal): no colour.
    let output = run(&["check", "examples/half-typed.parley"]);
    assert!(!stderr(&output).contains('\u{1b}'));
}

// --- Positions in JSON ------------------------------------------------------

/// The zero-based line and UTF-16 column of a byte offset, computed
/// independently of the product's line index.
fn utf16_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64;
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let mut column_text = &text[line_start..offset];
    if column_text.ends_with('\r') && text[offset..].starts_with('\n') {
        column_text = &column_text[..column_text.len() - 1];
    }
    (line, column_text.encode_utf16().count() as u64)
}

/// Every `range` in a JSON diagnostic agrees with its byte `span`.
fn assert_ranges_match_spans(text: &str, document: &serde_json::Value) {
    let check = |value: &serde_json::Value| {
        let span = &value["span"];
        let range = &value["range"];
        for end in ["start", "end"] {
            let offset = span[end].as_u64().unwrap() as usize;
            let (line, character) = utf16_position(text, offset);
            assert_eq!(range[end]["line"], line, "{value}");
            assert_eq!(range[end]["character"], character, "{value}");
        }
    };
    for diagnostic in document["diagnostics"].as_array().unwrap() {
        check(diagnostic);
        for label in diagnostic["labels"].as_array().unwrap() {
            check(label);
        }
        for fix in diagnostic["fixes"].as_array().unwrap() {
            for edit in fix["edits"].as_array().unwrap() {
                check(edit);
            }
        }
    }
}

#[test]
fn json_ranges_count_utf16_units_after_emoji_and_cjk_on_crlf_lines() {
    let text = "playbook \"Café 😀 launch\"\r\n\
                stakeholder wang \"王伟 🎉\" { side buyer ? }\r\n\
                stakeholder li \"李娜\" {\r\n  side buyer\r\n  role 経理 }\r\n";
    let output = run_with_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let document = json(&output);
    assert_ranges_match_spans(text, &document);

    let stray = text.find('?').unwrap();
    let diagnostic = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["span"]["start"] == stray)
        .unwrap_or_else(|| panic!("a diagnostic on the stray `?`: {document}"));
    assert_eq!(diagnostic["code"], "E001");
    // `stakeholder wang "` is 18 units, `王伟` 2, ` ` 1, `🎉` 2 (a surrogate
    // pair), `" { side buyer ` 15: the `?` is at 38; its byte offset is far more.
    assert_eq!(diagnostic["range"]["start"]["line"], 1);
    assert_eq!(diagnostic["range"]["start"]["character"], 38);
    assert_eq!(diagnostic["range"]["end"]["character"], 39);
}

#[test]
fn json_ranges_of_every_example_match_their_spans() {
    for example in examples() {
        let text = fs::read_to_string(root().join(&example)).unwrap();
        let output = run(&["check", "--format", "json", &example]);
        assert_ranges_match_spans(&text, &json(&output));
    }
}

// --- --fix ------------------------------------------------------------------

fn copy_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(name);
    fs::copy(root().join("examples").join(name), &path).unwrap();
    (folder, path)
}

#[test]
fn fix_applies_the_safe_fixes_in_place_and_reports_them() {
    let (_folder, path) = copy_example("acme.parley");
    let shown = path.to_str().unwrap();
    let before = run(&["check", "--format", "json", shown]);
    let fixable = json(&before)["summary"]["fixable"].as_u64().unwrap();
    assert!(fixable > 0, "acme has safe fixes");

    let output = run(&["check", "--fix", "--color", "never", shown]);
    let report = stderr(&output);
    let fixed_lines: Vec<&str> = report
        .lines()
        .filter(|line| line.starts_with("fixed "))
        .collect();
    assert!(!fixed_lines.is_empty(), "{report}");
    for line in &fixed_lines {
        assert!(line.starts_with(&format!("fixed {shown}: [")), "{line}");
    }
    let fixed = fs::read_to_string(&path).unwrap();
    insta::assert_snapshot!("acme_after_fix", fixed);

    // What remains is what the run reported, and a second run finds nothing
    // more to fix and leaves the file alone.
    let after = run(&["check", "--format", "json", shown]);
    let document = json(&after);
    assert_eq!(document["summary"]["fixable"], 0, "{document}");
    assert_eq!(code(&output), code(&after));
    let again = run(&["check", "--fix", "--format", "json", shown]);
    assert_eq!(json(&again)["summary"]["fixed"], 0);
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn fix_lists_the_applied_fixes_in_json() {
    let (_folder, path) = copy_example("acme.parley");
    let output = run(&["check", "--fix", "--format", "json", path.to_str().unwrap()]);
    let document = json(&output);
    let fixed = document["files"][0]["fixed"].as_array().unwrap();
    assert!(!fixed.is_empty(), "{document}");
    assert_eq!(document["summary"]["fixed"], fixed.len());
    assert_eq!(fixed[0]["code"], "P101");
    // The diagnostics listed are those of the fixed file.
    let remaining = document["diagnostics"].as_array().unwrap();
    assert!(
        remaining
            .iter()
            .all(|diagnostic| diagnostic["code"] != "P101")
    );
    let errors = remaining
        .iter()
        .filter(|diagnostic| diagnostic["severity"] == "error")
        .count();
    assert_eq!(document["summary"]["errors"], errors);
    assert_eq!(code(&output), if errors > 0 { 1 } else { 0 });
}

#[test]
fn fix_on_stdin_prints_the_fixed_text_and_writes_nothing() {
    let (_folder, path) = copy_example("acme.parley");
    let text = fs::read(root().join("examples/acme.parley")).unwrap();
    let output = run_with_stdin(&["check", "--fix", "--color", "never", "-"], &text);
    run(&["check", "--fix", path.to_str().unwrap()]);
    assert_eq!(stdout(&output), fs::read_to_string(&path).unwrap());
    assert!(
        stderr(&output).contains("fixed <stdin>: [P101]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fix_refuses_a_read_only_file_and_leaves_it_untouched() {
    let (_folder, path) = copy_example("acme.parley");
    let mut permissions = fs::metadata(&path).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&path, permissions).unwrap();
    let before = fs::read(&path).unwrap();
    let shown = path.to_str().unwrap();
    let output = run(&["check", "--fix", "--color", "never", shown]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains(&format!(
            "parley: {shown}: the file is read-only; fixes were not written and the file is untouched"
        )),
        "{}",
        stderr(&output)
    );
    assert!(
        !stderr(&output).contains("fixed "),
        "nothing is reported fixed"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn the_default_path_is_the_current_folder() {
    let folder = tempfile::tempdir().unwrap();
    fs::create_dir(folder.path().join("deals")).unwrap();
    fs::copy(
        root().join("examples/renewal.parley"),
        folder.path().join("deals/renewal.parley"),
    )
    .unwrap();
    let output = parley(&["check", "--format", "json"])
        .current_dir(folder.path())
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(json(&output)["files"][0]["path"], "deals/renewal.parley");

    let empty = tempfile::tempdir().unwrap();
    let output = parley(&["check"])
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert_eq!(
        single_line(&stderr(&output)),
        "parley: .: no playbooks (*.parley files) in this folder"
    );
}
