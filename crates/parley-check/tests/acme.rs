//! The Acme playbook from the language reference reports what the reference says it
//! reports, and a playbook whose processes agree reports nothing.

mod support;

use parley_check::{analyze, check_text};
use parley_syntax::{Diagnostic, LineIndex};

const ACME: &str = include_str!("../../../examples/acme.parley");
const AGREEING: &str = include_str!("agreeing.parley");

/// The code and the text of the step (or name) each diagnostic points at.
fn findings(text: &str, diagnostics: &[Diagnostic]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let spanned = text.get(d.span.start()..d.span.end()).unwrap_or("");
            (d.code.to_string(), spanned.to_string())
        })
        .collect()
}

fn has(findings: &[(String, String)], code: &str, at: &str) -> usize {
    findings
        .iter()
        .filter(|(c, spanned)| c == code && spanned == at)
        .count()
}

#[test]
fn acme_reports_what_the_brief_says() {
    let checked = check_text(ACME);
    let found = findings(ACME, &checked.diagnostics);
    // `proposal` wins `review` with no `collaborate` before it; `signature`
    // wins `decide` with neither `change` nor `consensus` before it.
    assert_eq!(has(&found, "P101", "proposal"), 1, "{found:?}");
    assert_eq!(has(&found, "P101", "signature"), 2, "{found:?}");
    let signature_needs: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "P101" && ACME.get(d.span.start()..d.span.end()) == Some("signature"))
        .map(|d| d.message.as_str())
        .collect();
    assert!(signature_needs.iter().any(|m| m.contains("needs `change`")));
    assert!(
        signature_needs
            .iter()
            .any(|m| m.contains("needs `consensus`"))
    );
    // Dana, not compelled, approves at signature.
    assert_eq!(has(&found, "S202", "signature"), 1, "{found:?}");
    let s202 = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "S202")
        .unwrap();
    assert!(s202.message.contains("`dana`"), "{}", s202.message);
    // `rfp` has no counterpart and wins nothing; each one-sided seller step.
    assert_eq!(has(&found, "P104", "rfp"), 1);
    assert_eq!(has(&found, "P110", "rfp"), 1);
    for step in ["discovery", "case-for-change", "co-design", "committee"] {
        assert_eq!(has(&found, "P104", step), 1, "P104 on {step}: {found:?}");
    }
    // Nothing the reference does not describe, apart from the S207 hints on the
    // two shared steps without owners.
    let others: Vec<&(String, String)> = found
        .iter()
        .filter(|(code, _)| !["P101", "S202", "P104", "P110", "S207"].contains(&code.as_str()))
        .collect();
    assert!(others.is_empty(), "{others:?}");
    insta::assert_snapshot!("acme", support::render(ACME, &checked.diagnostics));
}

#[test]
fn acme_proposal_fix_inserts_the_seller_chain_before_proposal() {
    let checked = check_text(ACME);
    let diagnostic = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "P101" && ACME.get(d.span.start()..d.span.end()) == Some("proposal"))
        .expect("P101 on proposal");
    let fix = diagnostic
        .fixes
        .iter()
        .find(|f| f.preferred)
        .expect("a preferred fix");
    assert!(fix.safe);
    let fixed = support::apply(ACME, fix);
    let buyer = fixed.get(fixed.find("process buyer").unwrap()..).unwrap();
    assert_eq!(
        buyer,
        "process buyer {\n  rfp\n  discovery negotiated\n  case-for-change negotiated\n  co-design negotiated\n  proposal\n  signature\n}\n"
    );
    let index = LineIndex::new(&fixed);
    assert!(index.line_count() > LineIndex::new(ACME).line_count());
}

#[test]
fn acme_negotiated_process_keeps_the_seller_order_and_places_rfp_before_proposal() {
    let analysis = analyze(ACME);
    let names: Vec<&str> = analysis
        .negotiated
        .steps
        .iter()
        .map(|step| analysis.model.conversation_name(step.conversation))
        .collect();
    assert_eq!(
        names,
        [
            "discovery",
            "case-for-change",
            "co-design",
            "committee",
            "rfp",
            "proposal",
            "signature"
        ]
    );
}

#[test]
fn agreeing_processes_report_nothing() {
    let checked = check_text(AGREEING);
    assert!(
        checked.diagnostics.is_empty(),
        "{}",
        support::render(AGREEING, &checked.diagnostics)
    );
}
