//! One bad name, one diagnostic: a reference that fails `N001`/`N003`, or a
//! stakeholder without a valid side, never makes a process or stakeholder
//! rule fire. Each case breaks one name in a playbook whose processes agree
//! (which reports nothing) and expects only name diagnostics back.

mod support;

use parley_check::check_text;

const AGREEING: &str = include_str!("agreeing.parley");

fn only_name_rules(text: &str) -> Vec<String> {
    let checked = check_text(text);
    let others: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| !d.code.starts_with('N'))
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(
        checked.diagnostics.iter().any(|d| d.code.starts_with('N')),
        "the broken name is reported:\n{}",
        support::render(text, &checked.diagnostics)
    );
    others
}

fn break_once(from: &str, to: &str) -> String {
    assert!(AGREEING.contains(from), "{from}");
    AGREEING.replacen(from, to, 1)
}

#[test]
fn the_agreeing_playbook_is_clean() {
    assert!(check_text(AGREEING).diagnostics.is_empty());
}

#[test]
fn a_misspelt_participant() {
    let text = break_once("with omar, dana", "with omar, dnaa");
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}

#[test]
fn a_misspelt_step() {
    let text = break_once(
        "process seller {\n  discovery",
        "process seller {\n  discovry",
    );
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}

/// Past the did-you-mean limit a misspelt step is not searched: it may be
/// any conversation, so the other process's steps are not one-sided.
#[test]
fn a_misspelt_step_past_the_did_you_mean_limit() {
    let unknown: Vec<String> = (0..parley_check::DID_YOU_MEAN_LIMIT)
        .map(|index| format!("nobody{index}"))
        .collect();
    let text = break_once(
        "with omar, dana",
        &format!("with omar, dana, {}", unknown.join(", ")),
    )
    .replacen(
        "process seller {\n  discovery",
        "process seller {\n  discovry",
        1,
    );
    let checked = check_text(&text);
    let step = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "N001" && d.message.starts_with("`discovry`"))
        .expect("the misspelt step is reported");
    assert!(
        step.fixes
            .iter()
            .all(|fix| !fix.title.starts_with("Change to")),
        "not searched: {:?}",
        step.fixes
    );
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}

#[test]
fn a_misspelt_commitment() {
    let text = break_once("wins explore", "wins explor");
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}

#[test]
fn a_reference_of_the_wrong_kind() {
    let text = break_once("with omar, dana", "with omar, discovery");
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}

#[test]
fn a_stakeholder_without_a_valid_side() {
    let text = break_once(
        "side buyer\n  role economic-buyer",
        "side vendor\n  role economic-buyer",
    );
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}

#[test]
fn a_stakeholder_without_a_side() {
    let text = break_once(
        "  side buyer\n  role economic-buyer",
        "  role economic-buyer",
    );
    assert_eq!(only_name_rules(&text), Vec::<String>::new());
}
