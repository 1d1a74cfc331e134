//! The timeline rules over their fixtures, as `fixtures.rs` does for the
//! other rules: `tests/fixtures/T301/` and `tests/fixtures/T302/` hold
//! `fires*.parley` files that report the folder's code and `quiet*.parley`
//! files that must not (each says why in its opening comment). The timeline
//! diagnostics of each `fires*.parley` are an insta snapshot beside it; only
//! those, so the snapshot changes with the timeline, not with other rules.
//! `T302` is reported instead of `T301`, never beside it on one date.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use parley_check::check_text;

fn fixtures(code: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(code);
    let mut paths: Vec<PathBuf> = fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "parley"))
        .collect();
    paths.sort();
    paths
}

fn snapshot(code: &str, name: &str, content: &str) {
    insta::with_settings!({
        snapshot_path => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(code),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, content);
    });
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn check_fixtures(code: &str) {
    let paths = fixtures(code);
    assert!(
        paths.iter().any(|p| stem(p).starts_with("fires"))
            && paths.iter().any(|p| stem(p).starts_with("quiet")),
        "{code} has a fixture that fires and one that does not"
    );
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        let checked = check_text(&text);
        let found: Vec<_> = support::with_code(&checked.diagnostics, code)
            .into_iter()
            .cloned()
            .collect();
        let name = stem(&path);
        let timeline: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with('T'))
            .cloned()
            .collect();
        if name.starts_with("fires") {
            assert!(!found.is_empty(), "{code}/{name} reports {code}");
            snapshot(code, &name, &support::render(&text, &timeline));
        } else {
            assert!(
                found.is_empty(),
                "{code}/{name} reports no {code}, got:\n{}",
                support::render(&text, &found)
            );
        }
        // One date, one timeline diagnostic.
        let mut dates: Vec<_> = timeline.iter().map(|d| d.span).collect();
        let count = dates.len();
        dates.dedup();
        assert_eq!(
            dates.len(),
            count,
            "{code}/{name}: T301 and T302 on one date"
        );
    }
}

#[test]
fn t301_infeasible_date() {
    check_fixtures("T301");
}

#[test]
fn t302_acceleration_needed() {
    check_fixtures("T302");
}

#[test]
fn t302_fires_where_t301_would_have() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/T302/fires.parley"),
    )
    .unwrap();
    let checked = check_text(&text);
    assert!(support::with_code(&checked.diagnostics, "T301").is_empty());
    let quiet = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/T302/quiet.parley"),
    )
    .unwrap();
    assert_eq!(
        support::with_code(&check_text(&quiet).diagnostics, "T301").len(),
        1,
        "a date no party's order meets is infeasible"
    );
}

#[test]
fn every_timeline_rule_has_fixtures() {
    for rule in parley_check::RULES
        .iter()
        .filter(|r| r.code.starts_with('T'))
    {
        assert!(
            !fixtures(rule.code).is_empty(),
            "no fixtures for {}",
            rule.code
        );
    }
}

#[test]
fn t302_names_the_three_longest_steps_and_counts_the_rest() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/T302/fires-many-steps.parley"),
    )
    .unwrap();
    let checked = check_text(&text);
    let found = support::with_code(&checked.diagnostics, "T302");
    assert_eq!(found.len(), 1);
    let message = &found[0].message;
    // Six steps added: three named, in negotiated order, three counted.
    assert!(
        message.contains(
            "accelerate `security-review` (2w), `pilot` (2w), `rfp` (3w) and 3 more steps no longer than these,"
        ),
        "{message}"
    );
    let labelled: Vec<&str> = found[0]
        .labels
        .iter()
        .map(|label| &text[label.span.start()..label.span.end()])
        .collect();
    assert_eq!(labelled, ["security-review", "pilot", "rfp"]);
}

#[test]
fn t301_shows_a_long_critical_path_by_its_first_longest_and_late_steps() {
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/T301/fires-long-path.parley"),
    )
    .unwrap();
    let checked = check_text(&text);
    let found = support::with_code(&checked.diagnostics, "T301");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.ends_with(
            "critical path (49 working days from 2027-01-11): kickoff 1w → (2 more) → pilot 3w → (1 more) → security-review 2w → (1 more) → legal 2w → (2 more) → signature 1d"
        ),
        "{}",
        found[0].message
    );
}
