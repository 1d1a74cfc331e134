//! End-to-end tests of `parley plan` and `parley graph`, driving the real
//! binary.
//!
//! Every example (the `examples/` folder, globbed) is planned in each format
//! (Markdown, JSON, CSV, Mermaid) and drawn in each (DOT, Mermaid); each
//! output is an insta snapshot in `tests/snapshots/`. A playbook with syntax
//! or name errors is refused, so its snapshot is the exit code and the
//! message. Every DOT picture, and one of a forty-step playbook, is rendered
//! by Graphviz (`dot -Tsvg`): when `dot` is not installed the test says it
//! skipped, and under `CI=true` it fails instead.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parley(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .expect("the parley binary runs")
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

/// Every example playbook, sorted, as paths relative to the root.
fn examples() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".parley"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "the examples folder holds playbooks");
    names
        .into_iter()
        .map(|name| format!("examples/{name}"))
        .collect()
}

fn stem(path: &str) -> &str {
    path.trim_start_matches("examples/")
        .trim_end_matches(".parley")
}

/// What a person reads: stdout when the command succeeds, else the exit
/// code and stderr.
fn shown(output: &Output) -> String {
    if code(output) == 0 {
        assert!(stderr(output).is_empty(), "{}", stderr(output));
        stdout(output)
    } else {
        assert!(stdout(output).is_empty(), "nothing on stdout when refused");
        format!("exit {}\n{}", code(output), stderr(output))
    }
}

#[test]
fn plan_of_every_example_in_every_format() {
    for example in examples() {
        for format in ["markdown", "json", "csv", "mermaid"] {
            let output = parley(&["plan", "--format", format, &example]);
            insta::assert_snapshot!(format!("plan_{format}_{}", stem(&example)), shown(&output));
        }
    }
}

#[test]
fn graph_of_every_example_in_both_formats() {
    for example in examples() {
        for format in ["dot", "mermaid"] {
            let output = parley(&["graph", "--format", format, &example]);
            insta::assert_snapshot!(format!("graph_{format}_{}", stem(&example)), shown(&output));
        }
    }
}

#[test]
fn the_defaults_are_markdown_and_dot() {
    let plan = parley(&["plan", "examples/acme.parley"]);
    assert!(stdout(&plan).starts_with("# Mutual action plan: Acme Corp data platform\n"));
    let graph = parley(&["graph", "examples/acme.parley"]);
    assert!(stdout(&graph).starts_with("digraph parley {\n"));
}

#[test]
fn json_plan_is_one_document_with_dates_and_origins() {
    let output = parley(&["plan", "--format", "json", "examples/acme.parley"]);
    assert_eq!(code(&output), 0);
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(plan["starts"], "2027-01-11");
    let steps = plan["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 7);
    assert_eq!(steps[4]["conversation"], "rfp");
    assert_eq!(steps[4]["from"], "buyer");
    assert_eq!(steps[6]["from"], "both");
    assert_eq!(steps[6]["finish"], "2027-03-10");
    assert_eq!(plan["deadlines"][0]["met"], true);
}

#[test]
fn csv_plan_has_one_row_per_step_and_a_header() {
    let output = parley(&["plan", "--format", "csv", "examples/acme.parley"]);
    let text = stdout(&output);
    let rows: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(rows.len(), 1 + 7);
    assert!(rows[0].starts_with("step,conversation,title,from,"));
    assert!(rows[2].contains("\"Omar Lee, VP Operations; Dana Reyes, CFO\""));
}

#[test]
fn syntax_and_name_errors_refuse_with_a_pointer_to_check() {
    for command in ["plan", "graph"] {
        let output = parley(&[command, "examples/half-typed.parley"]);
        assert_eq!(code(&output), 1);
        assert!(stdout(&output).is_empty());
        assert!(
            stderr(&output).contains("`parley check examples/half-typed.parley`"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn unreadable_paths_and_bad_usage_exit_2() {
    for command in ["plan", "graph"] {
        let missing = parley(&[command, "examples/no-such.parley"]);
        assert_eq!(code(&missing), 2);
        assert_eq!(
            stderr(&missing),
            format!(
                "parley {command}: examples/no-such.parley: cannot read: no such file or folder\n"
            )
        );
        let folder = parley(&[command, "examples"]);
        assert_eq!(code(&folder), 2);
        assert!(stderr(&folder).contains("examples"), "{}", stderr(&folder));
        let format = parley(&[command, "--format", "pdf", "examples/acme.parley"]);
        assert_eq!(code(&format), 2);
    }
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("latin1.parley");
    fs::write(&latin1, b"playbook \"Caf\xe9\"\n").unwrap();
    let output = parley(&["plan", latin1.to_str().unwrap()]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("not UTF-8"), "{}", stderr(&output));
}

#[test]
fn stdin_is_planned_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_parley"))
        .args(["plan", "--format", "csv", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"conversation a \"A\" { takes 2d }\nprocess seller { a }\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("\r\n1,a,A,seller,,,,,,2,,,,false,planned,\r\n"));
}

#[test]
fn a_gantt_chart_needs_a_start_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("undated.parley");
    fs::write(&path, "conversation a \"A\" {}\nprocess seller { a }\n").unwrap();
    let path = path.to_str().unwrap();
    let output = parley(&["plan", "--format", "mermaid", path]);
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("no `starts` date"),
        "{}",
        stderr(&output)
    );
    // The other formats plan it without dates.
    let markdown = parley(&["plan", path]);
    assert_eq!(code(&markdown), 0);
    assert!(stdout(&markdown).contains("No dates: the playbook has no `starts` date."));
}

#[test]
fn waived_steps_are_listed_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waived.parley");
    fs::write(
        &path,
        "playbook \"W\" starts 2027-01-11\n\
         conversation a \"A\" {}\nconversation b \"B | C\" {}\n\
         process seller { a b }\nprocess buyer { a waive b \"we never do this\" }\n",
    )
    .unwrap();
    let path = path.to_str().unwrap();
    let markdown = stdout(&parley(&["plan", path]));
    assert!(
        markdown.contains("## Waived\n\n- `b` (B | C), waived by the buyer: we never do this.\n"),
        "{markdown}"
    );
    assert!(!markdown.contains("| 2 |"), "{markdown}");
    let csv = stdout(&parley(&["plan", "--format", "csv", path]));
    assert!(
        csv.ends_with(",b,B | C,,,,,,,,,,,,waived,buyer: we never do this\r\n"),
        "{csv}"
    );
    let dot = stdout(&parley(&["graph", path]));
    assert!(dot.contains("bw0 [label=<<b>b</b><br/>waived>"), "{dot}");
}

/// Graphviz's `dot`, or `None` (saying so) when it is not installed;
/// under `CI=true` a missing `dot` fails the test.
fn graphviz() -> Option<&'static str> {
    let found = Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if found {
        return Some("dot");
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "Graphviz `dot` is required under CI=true (Debian package `graphviz`)"
    );
    eprintln!("skipped: Graphviz `dot` is not installed (Debian package `graphviz`)");
    None
}

/// Renders DOT to SVG, failing on any error or warning Graphviz prints.
fn render_svg(dot: &str, source: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "dot fails on {source}: {}",
        stderr(&output)
    );
    assert!(
        output.stderr.is_empty(),
        "dot warns on {source}: {}",
        stderr(&output)
    );
    let svg = stdout(&output);
    assert!(svg.contains("<svg"), "{source}: no SVG");
    svg
}

#[test]
fn graphviz_renders_every_example() {
    if graphviz().is_none() {
        return;
    }
    let mut rendered = 0;
    for example in examples() {
        let output = parley(&["graph", &example]);
        if code(&output) != 0 {
            // Refused for syntax or name errors: covered by its snapshot.
            continue;
        }
        render_svg(&stdout(&output), &example);
        rendered += 1;
    }
    assert!(rendered >= 3, "most examples are drawn");
}

/// A playbook of `count` steps: the seller's in order, the buyer's with
/// every fourth left out, two pairs swapped and a few of its own.
fn long_playbook(count: usize) -> String {
    let mut text = String::from(
        "playbook \"Forty steps\"\nstarts 2027-01-11\n\
         stakeholder b \"Buyer\" { side buyer role champion }\n\
         stakeholder s \"Seller\" { side seller role account-executive }\n",
    );
    for index in 0..count {
        let needs = if index > 2 && index % 3 == 0 {
            format!(" needs step-{}", index - 3)
        } else {
            String::new()
        };
        text.push_str(&format!(
            "conversation step-{index} \"Step {index}\" {{ with b owner s{needs} takes {}d }}\n",
            index % 4 + 1
        ));
    }
    for index in 0..4 {
        text.push_str(&format!(
            "conversation buyer-{index} \"Buyer step {index}\" {{ with b takes 1w }}\n"
        ));
    }
    text.push_str("process seller {\n");
    for index in 0..count {
        text.push_str(&format!("  step-{index}\n"));
    }
    text.push_str("}\nprocess buyer {\n");
    let mut order: Vec<String> = (0..count)
        .filter(|index| index % 4 != 1)
        .map(|index| format!("step-{index}"))
        .collect();
    order.swap(4, 5);
    order.swap(16, 17);
    for index in 0..4 {
        order.insert(index * 7 + 2, format!("buyer-{index}"));
    }
    for step in order {
        text.push_str(&format!("  {step}\n"));
    }
    text.push_str("}\n");
    text
}

#[test]
fn forty_steps_draw_as_two_lanes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forty.parley");
    fs::write(&path, long_playbook(40)).unwrap();
    let path = path.to_str().unwrap();
    let plan = parley(&["plan", "--format", "json", path]);
    assert_eq!(code(&plan), 0, "{}", stderr(&plan));
    let plan: serde_json::Value = serde_json::from_slice(&plan.stdout).unwrap();
    assert_eq!(plan["steps"].as_array().unwrap().len(), 44);
    let graph = parley(&["graph", path]);
    assert_eq!(code(&graph), 0, "{}", stderr(&graph));
    let dot = stdout(&graph);
    assert!(
        dot.contains("P103"),
        "the swapped steps are drawn as conflicts"
    );
    let mermaid = parley(&["graph", "--format", "mermaid", path]);
    assert_eq!(code(&mermaid), 0);
    if graphviz().is_none() {
        return;
    }
    let svg = render_svg(&dot, "forty steps");
    // Two lanes, left to right: the picture is far wider than it is tall.
    let dimension = |name: &str| -> f64 {
        let start = svg.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let rest = &svg[start..];
        rest[..rest.find("pt\"").unwrap()].parse().unwrap()
    };
    let (width, height) = (dimension("width"), dimension("height"));
    assert!(width > 4.0 * height, "{width} x {height}");
}

#[test]
fn late_deadlines_are_planned_with_their_codes() {
    for rule in ["T301", "T302"] {
        let path = format!("crates/parley-check/tests/fixtures/{rule}/fires.parley");
        let output = parley(&["plan", &path]);
        assert_eq!(code(&output), 0, "a late date does not stop the plan");
        let markdown = stdout(&output);
        assert!(markdown.contains(&format!(" late ({rule})")), "{markdown}");
        insta::assert_snapshot!(format!("plan_markdown_{rule}_fires"), markdown);
    }
}
