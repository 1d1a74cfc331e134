//! Properties of every fix, over every fixture and every example playbook:
//! applying any single fix yields text that parses without new syntax
//! errors, adds no new error of a name or process rule, no longer carries
//! the fixed diagnostic, and keeps every line the user wrote. Errors are
//! counted, and syntax errors and `P102` (a step before what it needs) are
//! also compared one by one, so a fix cannot trade the error it fixes for
//! one of those. A fix may only replace text inside the diagnostic's own
//! spans (a misspelt name, a pace mark) or move a step; an inserted line
//! never replaces one.
//!
//! The same holds for every move of `P102` and `P103` on random orders of
//! both processes over random needs.
//!
//! A second property: the checker never panics on arbitrary text and its
//! spans always lie on character boundaries.

mod support;

use std::fs;

use parley_check::check_text;
use parley_syntax::{Diagnostic, Fix, Span};
use proptest::prelude::*;

fn count(diagnostics: &[Diagnostic], prefix: char) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code.starts_with(prefix) && d.severity == parley_syntax::Severity::Error)
        .count()
}

/// The spans a fix may replace text in: the diagnostic's own.
fn allowed(diagnostic: &Diagnostic) -> Vec<Span> {
    let mut spans = vec![diagnostic.span];
    spans.extend(diagnostic.labels.iter().map(|label| label.span));
    spans
}

/// Checks one fix; returns what is wrong with it.
fn check_fix(text: &str, diagnostic: &Diagnostic, fix: &Fix) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(fixed) = parley_syntax::apply_edits(text, &fix.edits) else {
        return vec![format!("`{}`: its edits do not apply", fix.title)];
    };
    let before = check_text(text);
    let after = check_text(&fixed);
    if count(&after.diagnostics, 'E') > count(&before.diagnostics, 'E') {
        problems.push(format!(
            "`{}`: new syntax errors:\n{}",
            fix.title,
            support::render(&fixed, &after.diagnostics)
        ));
    }
    if count(&after.diagnostics, 'P') > count(&before.diagnostics, 'P') {
        problems.push(format!(
            "`{}`: new process errors:\n{}",
            fix.title,
            support::render(&fixed, &after.diagnostics)
        ));
    }
    if count(&after.diagnostics, 'N') > count(&before.diagnostics, 'N') {
        problems.push(format!(
            "`{}`: new name errors:\n{}",
            fix.title,
            support::render(&fixed, &after.diagnostics)
        ));
    }
    // Counting alone lets a fix trade the error it fixes for another (a
    // `P108` for a `P102`). A syntax error or a step before what it needs is
    // never a fair trade: those are compared one by one.
    for code in ["E001", "P102"] {
        let added = support::added(&before.diagnostics, &after.diagnostics, code);
        if !added.is_empty() {
            problems.push(format!(
                "`{}`: new {code}: {}\n{}",
                fix.title,
                added.join("; "),
                support::render(&fixed, &after.diagnostics)
            ));
        }
    }
    if after
        .diagnostics
        .iter()
        .any(|d| d.code == diagnostic.code && d.message == diagnostic.message)
    {
        problems.push(format!("`{}`: the diagnostic is still there", fix.title));
    }
    // Deleted text: inside the diagnostic's spans, a step moved by an
    // insertion of the same fix, or the blanks a line break replaces.
    let spans = allowed(diagnostic);
    for edit in &fix.edits {
        if edit.span.is_empty() {
            continue;
        }
        let removed = text.get(edit.span.start()..edit.span.end()).unwrap_or("");
        let inside = spans.iter().any(|span| span.contains_span(edit.span));
        // Blanks before a step a line break now goes before.
        let blanks = removed.chars().all(|c| c == ' ' || c == '\t')
            && edit.new_text.starts_with(['\n', '\r']);
        let moved = !removed.trim().is_empty()
            && fix
                .edits
                .iter()
                .any(|other| other.span != edit.span && other.new_text.contains(removed.trim()));
        if !inside && !moved && !blanks {
            problems.push(format!("`{}`: deletes `{removed}`", fix.title));
        }
    }
    // Every line the user wrote is still there, unless a replacement
    // inside the diagnostic's spans or a move touched it, or an insertion
    // split it (a block written on one line: the deletions above are
    // checked, so all of its text is still there).
    let touched = |start: usize, end: usize| {
        fix.edits.iter().any(|edit| {
            !edit.span.is_empty()
                && edit.span.start() < end
                && start < edit.span.end().max(edit.span.start() + 1)
        })
    };
    let split = |content_start: usize, content_end: usize| {
        fix.edits.iter().any(|edit| {
            edit.span.is_empty()
                && content_start < edit.span.start()
                && edit.span.start() < content_end
        })
    };
    let fixed_lines: Vec<&str> = fixed.split(['\n', '\r']).map(str::trim).collect();
    let mut offset = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let end = offset + line.len();
        let content = line.trim();
        let content_start = offset + (line.len() - line.trim_start().len());
        let kept = touched(offset, end)
            || split(content_start, content_start + content.len())
            || fixed_lines.contains(&content);
        if !content.is_empty() && !kept {
            problems.push(format!("`{}`: loses the line `{content}`", fix.title));
        }
        offset = end;
    }
    problems
}

#[test]
fn every_fix_keeps_its_promises() {
    let mut problems = Vec::new();
    let mut fixes = 0;
    for path in support::playbooks() {
        let original = fs::read_to_string(&path).expect("readable playbook");
        // The file as written, and with CRLF and lone-CR line endings.
        for text in [
            original.clone(),
            original.replace("\r\n", "\n").replace('\n', "\r\n"),
            original.replace("\r\n", "\n").replace('\n', "\r"),
        ] {
            let checked = check_text(&text);
            for diagnostic in &checked.diagnostics {
                if !diagnostic.fixes.is_empty() {
                    let preferred = diagnostic.fixes.iter().filter(|f| f.preferred).count();
                    if preferred != 1 {
                        problems.push(format!(
                            "{}: {} `{}` has {preferred} preferred fixes",
                            path.display(),
                            diagnostic.code,
                            diagnostic.message
                        ));
                    }
                }
                for fix in &diagnostic.fixes {
                    fixes += 1;
                    for problem in check_fix(&text, diagnostic, fix) {
                        problems.push(format!(
                            "{}: {} `{}`: {problem}",
                            path.display(),
                            diagnostic.code,
                            diagnostic.message
                        ));
                    }
                }
            }
        }
    }
    assert!(fixes > 100, "only {fixes} fixes were tried");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Words a playbook is made of, to build texts the parser half-understands.
const WORDS: &[&str] = &[
    "playbook",
    "\"T\"",
    "starts",
    "2027-01-11",
    "2027-02-30",
    "lead",
    "buyer",
    "seller",
    "stakeholder",
    "dana",
    "omar",
    "{",
    "}",
    ",",
    "side",
    "role",
    "champion",
    "compelled",
    "low",
    "conversation",
    "discovery",
    "proposal",
    "with",
    "owner",
    "needs",
    "wins",
    "change",
    "decide",
    "consensus",
    "takes",
    "2w",
    "by",
    "process",
    "negotiated",
    "accelerate",
    "decelerate",
    "waive",
    "quiet",
    "after",
    "until",
    "commitment",
    "\n",
    "//",
    "é",
    "\r\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_and_spans_are_in_the_text(words in prop::collection::vec(0..WORDS.len(), 0..80)) {
        let text: String = words
            .iter()
            .map(|&i| WORDS.get(i).copied().unwrap_or(""))
            .collect::<Vec<_>>()
            .join(" ");
        let checked = check_text(&text);
        for diagnostic in &checked.diagnostics {
            prop_assert!(text.is_char_boundary(diagnostic.span.start()));
            prop_assert!(text.is_char_boundary(diagnostic.span.end()));
            for fix in &diagnostic.fixes {
                prop_assert!(parley_syntax::apply_edits(&text, &fix.edits).is_some());
            }
        }
    }
}

const ACME: &str = include_str!("../../../examples/acme.parley");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The Acme playbook with lines dropped and swapped: every fix still
    /// applies, adds no syntax error and removes its diagnostic.
    #[test]
    fn fixes_hold_on_mangled_playbooks(
        drops in prop::collection::vec(0usize..90, 0..6),
        swaps in prop::collection::vec((0usize..90, 0usize..90), 0..4),
    ) {
        let mut lines: Vec<&str> = ACME.lines().collect();
        for (a, b) in swaps {
            if a < lines.len() && b < lines.len() {
                lines.swap(a, b);
            }
        }
        let mut drops = drops;
        drops.sort_unstable();
        drops.dedup();
        for index in drops.into_iter().rev() {
            if index < lines.len() {
                lines.remove(index);
            }
        }
        let text = lines.join("\n");
        let checked = check_text(&text);
        let syntax_errors = count(&checked.diagnostics, 'E');
        for diagnostic in &checked.diagnostics {
            for fix in &diagnostic.fixes {
                let fixed = parley_syntax::apply_edits(&text, &fix.edits);
                prop_assert!(fixed.is_some(), "{}", fix.title);
                let fixed = fixed.unwrap_or_default();
                let after = check_text(&fixed);
                prop_assert!(count(&after.diagnostics, 'E') <= syntax_errors, "{}:\n{}", fix.title, fixed);
                prop_assert!(
                    !after.diagnostics.iter().any(|d| d.code == diagnostic.code && d.message == diagnostic.message),
                    "{} leaves `{}`:\n{}", fix.title, diagnostic.message, fixed
                );
            }
        }
    }
}

/// `check_text` frees the tree before the rules run, and its fixes that
/// declare something read the places found beforehand: it reports exactly
/// what `analyze`, which keeps the tree, reports, fixes included.
#[test]
fn checking_without_the_tree_reports_what_the_analysis_reports() {
    let paths = support::playbooks();
    assert!(paths.len() > 40, "fixtures and examples: {}", paths.len());
    let mut declaring = 0;
    for path in paths {
        let text = fs::read_to_string(&path).unwrap();
        let checked = check_text(&text).diagnostics;
        declaring += checked
            .iter()
            .flat_map(|d| &d.fixes)
            .filter(|fix| fix.title.starts_with("Declare "))
            .count();
        assert_eq!(
            checked,
            parley_check::analyze(&text).diagnostics,
            "{}",
            path.display()
        );
    }
    assert!(declaring > 0, "some fix declares a name");
}

/// A playbook of `needs.len()` conversations `c0`, `c1`..., conversation
/// `i` needing those of `needs[i]` (conversation `j` as `j`, commitment
/// `k0`..`k2` as 100 + `k`) and winning those of `wins[i]`, the seller's
/// and the buyer's processes holding `seller` and `buyer`, each on one line
/// when its flag says so.
fn ordered_playbook(
    needs: &[Vec<usize>],
    wins: &[Vec<usize>],
    seller: &[usize],
    buyer: &[usize],
    one_line: (bool, bool),
) -> String {
    let mut text = String::from(
        "stakeholder x \"X\" { side buyer role champion }\n\
         commitment k0 \"K0\"\ncommitment k1 \"K1\"\ncommitment k2 \"K2\"\n",
    );
    let count = needs.len();
    for index in 0..count {
        let mut named: Vec<String> = Vec::new();
        for &need in needs.get(index).into_iter().flatten() {
            let name = if need >= 100 {
                format!("k{}", need - 100)
            } else {
                format!("c{}", need % count)
            };
            if name != format!("c{index}") && !named.contains(&name) {
                named.push(name);
            }
        }
        let mut won: Vec<String> = Vec::new();
        for &win in wins.get(index).into_iter().flatten() {
            let name = format!("k{}", win % 3);
            if !won.contains(&name) {
                won.push(name);
            }
        }
        let needs = if named.is_empty() {
            String::new()
        } else {
            format!(" needs {}", named.join(", "))
        };
        let wins = if won.is_empty() {
            " wins time".to_string()
        } else {
            format!(" wins {}", won.join(", "))
        };
        text.push_str(&format!(
            "conversation c{index} \"C\" {{ with x{needs}{wins} }}\n"
        ));
    }
    for (side, order, flat) in [("seller", seller, one_line.0), ("buyer", buyer, one_line.1)] {
        let mut seen = Vec::new();
        for &step in order {
            if !seen.contains(&(step % count)) {
                seen.push(step % count);
            }
        }
        let steps: Vec<String> = seen.iter().map(|i| format!("c{i}")).collect();
        if flat {
            text.push_str(&format!("process {side} {{ {} }}\n", steps.join(" ")));
        } else {
            text.push_str(&format!(
                "process {side} {{\n  {}\n}}\n",
                steps.join("\n  ")
            ));
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Both processes in random orders over random needs: every move that
    /// `P102` and `P103` offer keeps every fix's promises.
    #[test]
    fn moves_hold_on_random_orders(
        needs in prop::collection::vec(prop::collection::vec(prop_oneof![0usize..6, 100usize..103], 0..3), 3..7),
        wins in prop::collection::vec(prop::collection::vec(0usize..3, 0..3), 7),
        seller in prop::collection::vec(0usize..6, 2..8),
        buyer in prop::collection::vec(0usize..6, 2..8),
        one_line in (any::<bool>(), any::<bool>()),
    ) {
        let text = ordered_playbook(&needs, &wins, &seller, &buyer, one_line);
        let checked = check_text(&text);
        for diagnostic in &checked.diagnostics {
            if diagnostic.code != "P102" && diagnostic.code != "P103" {
                continue;
            }
            for fix in &diagnostic.fixes {
                let problems = check_fix(&text, diagnostic, fix);
                prop_assert!(problems.is_empty(), "{}\n{}", problems.join("\n"), text);
            }
        }
    }
}
