//! Fixes follow the file's layout: its line ending, its indentation, a
//! process written on one line, an empty process, a step with a comment.

mod support;

use parley_check::check_text;
use parley_syntax::{Diagnostic, Fix};

const ACME: &str = include_str!("../../../examples/acme.parley");

fn preferred<'a>(text: &str, diagnostics: &'a [Diagnostic], code: &str, at: &str) -> &'a Fix {
    diagnostics
        .iter()
        .filter(|d| d.code == code && text.get(d.span.start()..d.span.end()) == Some(at))
        .find_map(|d| d.fixes.iter().find(|f| f.preferred))
        .unwrap_or_else(|| panic!("no {code} fix at `{at}`"))
}

fn no_errors_left_of(text: &str, code: &str, at: &str) {
    let checked = check_text(text);
    assert!(
        checked.diagnostics.iter().all(|d| d.code != "E001"),
        "{}",
        support::render(text, &checked.diagnostics)
    );
    assert!(
        !checked.diagnostics.iter().any(|d| d.code == code
            && text.get(d.span.start()..d.span.end()) == Some(at)
            && d.message.contains("collaborate")),
        "{}",
        support::render(text, &checked.diagnostics)
    );
}

#[test]
fn inserted_steps_use_crlf_in_a_crlf_file() {
    let text = ACME.replace('\n', "\r\n");
    let checked = check_text(&text);
    let fixed = support::apply(
        &text,
        preferred(&text, &checked.diagnostics, "P101", "proposal"),
    );
    assert!(fixed.contains("  rfp\r\n  discovery negotiated\r\n  case-for-change negotiated\r\n  co-design negotiated\r\n  proposal\r\n"));
    assert_eq!(fixed.matches('\n').count(), fixed.matches("\r\n").count());
    no_errors_left_of(&fixed, "P101", "proposal");
}

#[test]
fn inserted_steps_use_the_files_tabs() {
    let text = ACME.replace("  ", "\t");
    let checked = check_text(&text);
    let fixed = support::apply(
        &text,
        preferred(&text, &checked.diagnostics, "P101", "proposal"),
    );
    assert!(fixed.contains("\trfp\n\tdiscovery negotiated\n\tcase-for-change negotiated\n\tco-design negotiated\n\tproposal\n"));
}

#[test]
fn a_process_on_one_line_gets_its_steps_on_their_own_lines() {
    let text = ACME.replace(
        "process buyer {\n  rfp\n  proposal\n  signature\n}",
        "process buyer { rfp proposal signature }",
    );
    let checked = check_text(&text);
    let fixed = support::apply(
        &text,
        preferred(&text, &checked.diagnostics, "P101", "proposal"),
    );
    // No blank is left at the end of `rfp`'s line.
    assert!(fixed.contains("process buyer { rfp\n  discovery negotiated\n  case-for-change negotiated\n  co-design negotiated\n  proposal signature }"), "{fixed}");
    no_errors_left_of(&fixed, "P101", "proposal");
}

#[test]
fn a_step_goes_into_an_empty_process() {
    let text = ACME.replace(
        "process buyer {\n  rfp\n  proposal\n  signature\n}",
        "process buyer {}",
    );
    let checked = check_text(&text);
    let fixed = support::apply(
        &text,
        preferred(&text, &checked.diagnostics, "P104", "discovery"),
    );
    assert!(
        fixed.contains("process buyer {\n  discovery negotiated\n}"),
        "{fixed}"
    );
    assert!(
        check_text(&fixed)
            .diagnostics
            .iter()
            .all(|d| d.code != "E001")
    );
}

#[test]
fn a_moved_step_keeps_its_comment() {
    let text = ACME.replace(
        "process seller {\n  discovery\n  case-for-change\n  co-design\n  committee\n  proposal\n  signature\n}",
        "process seller {\n  discovery\n  case-for-change\n  proposal // the buyer asked early\n  co-design\n  committee\n  signature\n}",
    );
    let checked = check_text(&text);
    let fix = preferred(&text, &checked.diagnostics, "P102", "proposal");
    let fixed = support::apply(&text, fix);
    assert!(
        fixed.contains(
            "  case-for-change\n  co-design\n  proposal // the buyer asked early\n  committee\n"
        ),
        "{fixed}"
    );
}

#[test]
fn inserted_steps_use_a_lone_cr_in_a_cr_file() {
    let text = ACME.replace('\n', "\r");
    let checked = check_text(&text);
    assert!(checked.diagnostics.iter().all(|d| d.code != "E001"));
    let fixed = support::apply(
        &text,
        preferred(&text, &checked.diagnostics, "P101", "proposal"),
    );
    assert!(!fixed.contains('\n'));
    assert!(fixed.contains("  rfp\r  discovery negotiated\r  case-for-change negotiated\r  co-design negotiated\r  proposal\r"), "{fixed:?}");
    // Moving a step keeps the file's line ending too.
    let moved = ACME
        .replace(
            "process seller {\n  discovery\n  case-for-change\n  co-design\n  committee\n  proposal\n  signature\n}",
            "process seller {\n  discovery\n  case-for-change\n  proposal\n  co-design\n  committee\n  signature\n}",
        )
        .replace('\n', "\r");
    let checked = check_text(&moved);
    let fixed = support::apply(
        &moved,
        preferred(&moved, &checked.diagnostics, "P102", "proposal"),
    );
    assert!(
        fixed.contains("  case-for-change\r  co-design\r  proposal\r  committee\r"),
        "{fixed:?}"
    );
}
