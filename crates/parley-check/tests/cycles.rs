//! `P106` finds cycles of needs directly, through commitments, and through
//! alternatives; it names every member and speaks instead of `P101`/`P102`
//! for the needs on the cycle.

mod support;

use parley_check::check_text;

fn playbook(extra: &str) -> String {
    format!(
        r#"stakeholder dana "Dana" {{
  side buyer
}}

conversation explore-first "Explore" {{
  with dana
  wins explore
}}

conversation design "Design" {{
  with dana
  wins collaborate
}}

conversation pitch "Pitch" {{
  with dana
  needs design
  wins change
}}

conversation demo "Demo" {{
  with dana
  needs design
  wins change
}}
{extra}
process seller {{
  explore-first
  design
  pitch
  demo
}}
"#
    )
}

#[test]
fn a_cycle_of_alternatives_is_one_p106_naming_every_member() {
    // `design` wins `collaborate`, which needs `change`; both conversations
    // that win `change` need `design`.
    let text = playbook("");
    let checked = check_text(&text);
    let cycles: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "P106")
        .collect();
    assert_eq!(
        cycles.len(),
        1,
        "{}",
        support::render(&text, &checked.diagnostics)
    );
    for member in ["`design`", "`pitch`", "`demo`"] {
        assert!(cycles[0].message.contains(member), "{}", cycles[0].message);
    }
    // No out-of-order or skipped step for the needs on the cycle.
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.code != "P101" && d.code != "P102"),
        "{}",
        support::render(&text, &checked.diagnostics)
    );
    insta::assert_snapshot!(support::render(&text, &checked.diagnostics));
}

#[test]
fn an_alternative_outside_the_cycle_breaks_it() {
    let text = playbook(
        r#"
conversation case "Case for change" {
  with dana
  wins change
}
"#,
    )
    .replace(
        "  explore-first\n  design",
        "  explore-first\n  case\n  design",
    );
    let checked = check_text(&text);
    assert!(
        checked.diagnostics.iter().all(|d| d.code != "P106"),
        "{}",
        support::render(&text, &checked.diagnostics)
    );
    assert!(
        checked
            .diagnostics
            .iter()
            .all(|d| d.severity != parley_syntax::Severity::Error),
        "{}",
        support::render(&text, &checked.diagnostics)
    );
}

#[test]
fn a_direct_cycle_is_reported_once_on_a_needs_reference() {
    let text = r#"stakeholder dana "Dana" { side buyer }
conversation a "A" { with dana  needs b  wins explore }
conversation b "B" { with dana  needs c  wins time }
conversation c "C" { with dana  needs a  wins access }
process seller { a b c }
"#;
    let checked = check_text(text);
    let cycles: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "P106")
        .collect();
    assert_eq!(cycles.len(), 1);
    assert_eq!(&text[cycles[0].span.range()], "b");
    assert!(
        cycles[0]
            .message
            .contains("`a` needs `b`, `b` needs `c`, `c` needs `a`"),
        "{}",
        cycles[0].message
    );
    assert_eq!(cycles[0].labels.len(), 2);
    assert!(checked.diagnostics.iter().all(|d| d.code != "P102"));
}
