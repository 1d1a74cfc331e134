//! Data-driven rule tests: for every code, each `tests/fixtures/<CODE>/fires*.parley`
//! must report it and each `quiet*.parley` must not. The rendered
//! diagnostics of each `fires*.parley`, and the file after its first such
//! diagnostic's preferred fix, are insta snapshots beside the fixtures.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use parley_check::check_text;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every rule directory, sorted.
fn codes() -> Vec<String> {
    let mut codes: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("the fixtures folder exists")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        // The timeline rules (`T`) have their own test.
        .filter(|name| name.len() == 4 && !name.starts_with('T'))
        .collect();
    codes.sort();
    codes
}

fn snapshot(code: &str, name: &str, content: &str) {
    insta::with_settings!({
        snapshot_path => fixtures_dir().join(code),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, content);
    });
}

#[test]
fn every_rule_has_fixtures() {
    let codes = codes();
    for rule in parley_check::RULES {
        let checked_here =
            rule.code.starts_with('N') || rule.code.starts_with('P') || rule.code.starts_with('S');
        if checked_here {
            assert!(
                codes.iter().any(|c| c == rule.code),
                "no fixtures for {}",
                rule.code
            );
        }
    }
}

/// The fixture files of one rule whose names start with `prefix`
/// (`fires.parley`, `fires-conversation-need.parley`, ...), sorted.
fn files(code: &str, prefix: &str) -> Vec<(String, String)> {
    let dir = fixtures_dir().join(code);
    let mut found: Vec<(String, String)> = fs::read_dir(&dir)
        .expect("the rule's fixture folder")
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with(prefix) && name.ends_with(".parley"))
        .map(|name| {
            let text = fs::read_to_string(dir.join(&name)).expect("a readable fixture");
            (name.trim_end_matches(".parley").to_string(), text)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn fires_and_quiet() {
    let mut failures = Vec::new();
    for code in codes() {
        let fires = files(&code, "fires");
        if fires.is_empty() {
            failures.push(format!("{code}: no fires.parley"));
        }
        for (stem, text) in fires {
            let checked = check_text(&text);
            let found = support::with_code(&checked.diagnostics, &code);
            if found.is_empty() {
                failures.push(format!("{code}: {stem}.parley does not report {code}"));
            }
            snapshot(&code, &stem, &support::render(&text, &checked.diagnostics));
            let fixable = found.iter().find_map(|d| {
                d.fixes
                    .iter()
                    .find(|fix| fix.preferred)
                    .map(|fix| (*d, fix))
            });
            if let Some((diagnostic, fix)) = fixable {
                let fixed = support::apply(&text, fix);
                let after = check_text(&fixed);
                let still = after
                    .diagnostics
                    .iter()
                    .any(|d| d.code == diagnostic.code && d.message == diagnostic.message);
                if still {
                    failures.push(format!(
                        "{code}: the preferred fix leaves `{}`",
                        diagnostic.message
                    ));
                }
                let name = if stem == "fires" {
                    "fixed".to_string()
                } else {
                    stem.replacen("fires", "fixed", 1)
                };
                snapshot(
                    &code,
                    &name,
                    &format!(
                        "fix: {}\n\n{fixed}\n----- diagnostics after the fix -----\n{}",
                        fix.title,
                        support::render(&fixed, &after.diagnostics)
                    ),
                );
            }
        }
        let quiet = files(&code, "quiet");
        if quiet.is_empty() {
            failures.push(format!("{code}: no quiet.parley"));
        }
        for (stem, text) in quiet {
            let checked = check_text(&text);
            if !support::with_code(&checked.diagnostics, &code).is_empty() {
                failures.push(format!(
                    "{code}: {stem}.parley reports it:\n{}",
                    support::render(&text, &checked.diagnostics)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
