//! Applying every fix that needs no choice: what `parley check --fix`
//! writes, and what the server's "fix all" action (`source.fixAll.parley`)
//! turns the document into. One implementation, so the two never differ.
//!
//! Each round checks the text, takes for each diagnostic at most one fix
//! marked `safe` (its preferred one when several are), skips a fix whose
//! edits overlap edits already chosen (or insert at the same place, where the
//! order would be a guess), applies the rest together and checks again. A
//! fix skipped in one round gets its chance in the next, against the new
//! text. Rounds stop when nothing applies, after [`MAX_ROUNDS`], or when a
//! round would add syntax errors (that round is dropped).

use parley_syntax::{Diagnostic, Fix, TextEdit, apply_edits, narrow_edit};

/// [`apply_safe_fixes`] with the checker's own diagnostics: the fixed text
/// of a playbook, and what was applied.
pub fn fix_all(text: &str) -> FixOutcome {
    apply_safe_fixes(text, |text| parley_check::check_text(text).diagnostics)
}

/// What the "fix all" action does to `text`, whose diagnostics are
/// `diagnostics` (the server has them already): one edit, from the first
/// byte the fixes change to the last (the text around it stays as it is,
/// and with it the editor's marks and cursor), and the fixes applied.
/// `None` when no safe fix applies.
pub fn fix_all_edit(text: &str, diagnostics: &[Diagnostic]) -> Option<(TextEdit, Vec<AppliedFix>)> {
    let outcome = apply_safe_fixes_from(text, diagnostics.to_vec(), |text| {
        parley_check::check_text(text).diagnostics
    });
    if outcome.text == text {
        return None;
    }
    let edit = narrow_edit(text, parley_syntax::Span::new(0, text.len()), &outcome.text)?;
    Some((edit, outcome.applied))
}

/// How many check-and-fix rounds run at most.
pub const MAX_ROUNDS: usize = 4;

/// A fix that was applied: the code it fixed and the fix's title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedFix {
    pub code: &'static str,
    pub title: String,
}

/// The text after fixing, what was applied, in order, and the diagnostics
/// of the text after fixing (its last check: no need to check it again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<AppliedFix>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Applies safe fixes to `text`, using `check` to find the diagnostics of
/// each round's text.
pub fn apply_safe_fixes(text: &str, check: impl Fn(&str) -> Vec<Diagnostic>) -> FixOutcome {
    let diagnostics = check(text);
    apply_safe_fixes_from(text, diagnostics, check)
}

/// [`apply_safe_fixes`] when the diagnostics of `text` itself are known.
fn apply_safe_fixes_from(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    check: impl Fn(&str) -> Vec<Diagnostic>,
) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied = Vec::new();
    let mut diagnostics = diagnostics;
    for _ in 0..MAX_ROUNDS {
        let chosen = choose_fixes(&current, &diagnostics);
        if chosen.is_empty() {
            break;
        }
        let edits: Vec<TextEdit> = chosen
            .iter()
            .flat_map(|(_, fix)| fix.edits.iter().cloned())
            .collect();
        let Some(next) = apply_edits(&current, &edits) else {
            break;
        };
        if next == current {
            break;
        }
        let next_diagnostics = check(&next);
        if syntax_errors(&next_diagnostics) > syntax_errors(&diagnostics) {
            break;
        }
        applied.extend(chosen.iter().map(|(code, fix)| AppliedFix {
            code,
            title: fix.title.clone(),
        }));
        current = next;
        diagnostics = next_diagnostics;
    }
    FixOutcome {
        text: current,
        applied,
        diagnostics,
    }
}

/// The safe fix to apply for each diagnostic, in diagnostic order, leaving
/// out those that collide with one chosen before.
fn choose_fixes<'a>(text: &str, diagnostics: &'a [Diagnostic]) -> Vec<(&'static str, &'a Fix)> {
    let mut chosen: Vec<(&'static str, &'a Fix)> = Vec::new();
    let mut taken: Vec<&TextEdit> = Vec::new();
    for diagnostic in diagnostics {
        let Some(fix) = safe_fix(diagnostic) else {
            continue;
        };
        if fix.edits.is_empty() || apply_edits(text, &fix.edits).is_none() {
            continue;
        }
        let collides = fix
            .edits
            .iter()
            .any(|edit| taken.iter().any(|other| collide(edit, other)));
        if collides {
            continue;
        }
        taken.extend(fix.edits.iter());
        chosen.push((diagnostic.code, fix));
    }
    chosen
}

/// The fix `--fix` may apply for a diagnostic: its preferred safe fix, else
/// its first safe one.
pub fn safe_fix(diagnostic: &Diagnostic) -> Option<&Fix> {
    let mut safe = diagnostic.fixes.iter().filter(|fix| fix.safe);
    let first = safe.clone().next()?;
    Some(safe.find(|fix| fix.preferred).unwrap_or(first))
}

/// Whether two edits cannot both be applied with a certain result: their
/// ranges overlap, or both touch the same point and one of them inserts there.
fn collide(a: &TextEdit, b: &TextEdit) -> bool {
    let overlap = a.span.start() < b.span.end() && b.span.start() < a.span.end();
    let same_insertion_point =
        a.span.start() == b.span.start() && (a.span.is_empty() || b.span.is_empty());
    let inside = |insertion: &TextEdit, other: &TextEdit| {
        insertion.span.is_empty()
            && other.span.start() < insertion.span.start()
            && insertion.span.start() < other.span.end()
    };
    overlap || same_insertion_point || inside(a, b) || inside(b, a)
}

fn syntax_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == "E001")
        .count()
}

#[cfg(test)]
mod tests {
    const ACME: &str = include_str!("../../../examples/acme.parley");

    #[test]
    fn the_fix_all_edit_turns_the_text_into_what_fix_all_writes() {
        let diagnostics = parley_check::check_text(ACME).diagnostics;
        let (edit, applied) = fix_all_edit(ACME, &diagnostics).expect("acme has safe fixes");
        assert!(!applied.is_empty());
        let fixed = apply_edits(ACME, std::slice::from_ref(&edit)).unwrap();
        assert_eq!(fixed, fix_all(ACME).text);
        // Only the part the fixes change is replaced.
        assert!(edit.span.len() < ACME.len() / 2, "{:?}", edit.span);
        assert!(ACME.is_char_boundary(edit.span.start()));
        // The outcome carries the fixed text's diagnostics; once fixed,
        // nothing is left to do.
        let outcome = fix_all(ACME);
        assert_eq!(
            outcome.diagnostics,
            parley_check::check_text(&fixed).diagnostics
        );
        assert_eq!(fix_all_edit(&fixed, &outcome.diagnostics), None);
    }

    use parley_syntax::{Severity, Span};

    use super::*;

    fn edit(start: usize, end: usize, new_text: &str) -> TextEdit {
        TextEdit {
            span: Span::new(start, end),
            new_text: new_text.to_string(),
        }
    }

    fn fix(title: &str, safe: bool, preferred: bool, edits: Vec<TextEdit>) -> Fix {
        Fix {
            title: title.to_string(),
            edits,
            preferred,
            safe,
        }
    }

    /// A toy checker: every `teh` is a typo with a safe fix, and every `!!`
    /// has only an unsafe one.
    fn typos(text: &str) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (start, _) in text.match_indices("teh") {
            let span = Span::new(start, start + 3);
            diagnostics.push(
                Diagnostic::new("N001", Severity::Error, "typo", span).with_fix(fix(
                    "Replace with `the`",
                    true,
                    true,
                    vec![edit(start, start + 3, "the")],
                )),
            );
        }
        for (start, _) in text.match_indices("!!") {
            let span = Span::new(start, start + 2);
            diagnostics.push(
                Diagnostic::new("P110", Severity::Warning, "loud", span).with_fix(fix(
                    "Remove",
                    false,
                    true,
                    vec![edit(start, start + 2, "")],
                )),
            );
        }
        diagnostics
    }

    #[test]
    fn applies_every_safe_fix_and_leaves_unsafe_ones() {
        let outcome = apply_safe_fixes("teh cat and teh dog!!", typos);
        assert_eq!(outcome.text, "the cat and the dog!!");
        assert_eq!(outcome.applied.len(), 2);
        assert_eq!(outcome.applied[0].code, "N001");
    }

    #[test]
    fn nothing_to_fix_leaves_the_text_alone() {
        let outcome = apply_safe_fixes("the cat!!", typos);
        assert_eq!(outcome.text, "the cat!!");
        assert!(outcome.applied.is_empty());
    }

    #[test]
    fn prefers_the_preferred_safe_fix() {
        let diagnostic = Diagnostic::new("N001", Severity::Error, "x", Span::new(0, 1))
            .with_fix(fix("unsafe", false, true, vec![edit(0, 1, "u")]))
            .with_fix(fix("first safe", true, false, vec![edit(0, 1, "a")]))
            .with_fix(fix("preferred safe", true, true, vec![edit(0, 1, "b")]));
        assert_eq!(
            safe_fix(&diagnostic).map(|fix| fix.title.as_str()),
            Some("preferred safe")
        );
    }

    #[test]
    fn colliding_fixes_wait_for_the_next_round() {
        // Two diagnostics both insert at offset 0: only one goes per round, and
        // the second round's check no longer reports the first.
        let check = |text: &str| {
            let mut diagnostics = Vec::new();
            for needed in ["a;", "b;"] {
                if !text.contains(needed) {
                    diagnostics.push(
                        Diagnostic::new("P101", Severity::Error, "missing", Span::new(0, 0))
                            .with_fix(fix("insert", true, true, vec![edit(0, 0, needed)])),
                    );
                }
            }
            diagnostics
        };
        let outcome = apply_safe_fixes("x", check);
        assert_eq!(outcome.text, "b;a;x");
        assert_eq!(outcome.applied.len(), 2);
    }

    #[test]
    fn edits_collide_when_they_overlap_or_insert_at_the_same_point() {
        assert!(collide(&edit(0, 3, ""), &edit(2, 5, "")));
        assert!(collide(&edit(2, 2, "x"), &edit(2, 2, "y")));
        assert!(collide(&edit(2, 2, "x"), &edit(1, 4, "")));
        assert!(!collide(&edit(0, 2, ""), &edit(2, 4, "")));
        assert!(!collide(&edit(0, 2, ""), &edit(4, 4, "x")));
    }

    #[test]
    fn a_round_that_adds_syntax_errors_is_dropped() {
        let check = |text: &str| {
            let mut diagnostics = typos(text);
            for (start, _) in text.match_indices("the") {
                diagnostics.push(Diagnostic::syntax("broken", Span::new(start, start + 3)));
            }
            diagnostics
        };
        let outcome = apply_safe_fixes("teh", check);
        assert_eq!(outcome.text, "teh");
        assert!(outcome.applied.is_empty());
    }

    #[test]
    fn rounds_are_bounded_when_fixes_never_converge() {
        let check =
            |text: &str| {
                vec![
                    Diagnostic::new("P101", Severity::Error, "grow", Span::new(0, 0)).with_fix(
                        fix("grow", true, true, vec![edit(text.len(), text.len(), "+")]),
                    ),
                ]
            };
        let outcome = apply_safe_fixes("", check);
        assert_eq!(outcome.text, "+".repeat(MAX_ROUNDS));
    }
}
