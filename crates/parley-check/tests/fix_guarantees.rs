//! Fixes that once broke what every fix promises, each applied and the text
//! checked again: a move to the end of a process written on one line, a
//! quiet-period move before what the step needs, and a declared step
//! inserted before what it needs.

mod support;

use parley_check::check_text;
use parley_syntax::{Diagnostic, Fix};

const ONE_LINE: &str = include_str!("fixtures/P103/fires-one-line.parley");
const REVERSED: &str = include_str!("fixtures/P103/fires-reversed-one-line.parley");
const ALL_RULES: &str = include_str!("fixtures/P111/fires-all-rules.parley");
const OPENING_BUYER_ONLY: &str = include_str!("fixtures/P111/fires-opening-buyer-only.parley");
const ONE_LINE_DECLARATIONS: &str =
    include_str!("fixtures/P108/fires-one-line-declarations.parley");

/// `e` needs `w`, which wins `change`, which needs `explore`: the seller
/// holds them in order, the buyer skips `w` and holds `e` before `d`, the
/// step winning `explore`.
const E_NEEDS_W: &str = "stakeholder x \"X\" { side buyer role champion }\n\
                         conversation d \"D\" { with x wins explore }\n\
                         conversation w \"W\" { with x wins change }\n\
                         conversation e \"E\" { with x needs w wins time }\n\
                         process seller { d w e }\n\
                         process buyer { e d }\n";

/// `text` after `fix` of `diagnostic`, checked: no new syntax error, no new
/// step before what it needs, and the diagnostic gone.
fn apply_and_recheck(text: &str, diagnostic: &Diagnostic, fix: &Fix) -> String {
    let fixed = support::apply(text, fix);
    let before = check_text(text).diagnostics;
    let after = check_text(&fixed).diagnostics;
    for code in ["E001", "P102"] {
        let new = support::added(&before, &after, code);
        assert!(
            new.is_empty(),
            "`{}` adds {code}: {new:?}\n{fixed}",
            fix.title
        );
    }
    assert!(
        !after
            .iter()
            .any(|d| d.code == diagnostic.code && d.message == diagnostic.message),
        "`{}` leaves `{}`\n{fixed}",
        fix.title,
        diagnostic.message
    );
    fixed
}

/// The diagnostics with `code` on the step named `step` (its pace mark
/// included in the span).
fn on<'a>(
    text: &str,
    diagnostics: &'a [Diagnostic],
    code: &str,
    step: &str,
) -> Vec<&'a Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| {
            d.code == code
                && text
                    .get(d.span.start()..d.span.end())
                    .and_then(|spanned| spanned.split_whitespace().next())
                    == Some(step)
        })
        .collect()
}

/// The text with `\r\n` line endings.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[test]
fn p103_moves_stay_inside_a_process_written_on_one_line() {
    let mut tried = 0;
    for text in [
        ONE_LINE.to_string(),
        REVERSED.to_string(),
        crlf(ONE_LINE),
        crlf(REVERSED),
    ] {
        for diagnostic in support::with_code(&check_text(&text).diagnostics, "P103") {
            for fix in &diagnostic.fixes {
                apply_and_recheck(&text, diagnostic, fix);
                tried += 1;
            }
        }
    }
    assert!(tried >= 20, "only {tried} fixes");
    // The moved step gets a line of its own before the `}`, which stays.
    let checked = check_text(ONE_LINE);
    let fix = on(ONE_LINE, &checked.diagnostics, "P103", "z")
        .first()
        .and_then(|d| d.fixes.iter().find(|f| f.preferred))
        .cloned()
        .expect("a preferred P103 fix on `z`");
    let fixed = support::apply(ONE_LINE, &fix);
    assert!(
        fixed.ends_with("process seller { a b c z }\nprocess buyer { b a c\n  z }\n"),
        "{fixed}"
    );
}

#[test]
fn p111_move_is_not_offered_before_what_the_step_needs() {
    let checked = check_text(ALL_RULES);
    // `cfc` needs `disc`, where the period opens; `codes`, `prop` and
    // `cttee` need what `cfc` or `codes` win, between `disc` and them.
    for step in ["cfc", "codes", "prop", "cttee"] {
        let found = on(ALL_RULES, &checked.diagnostics, "P111", step);
        assert_eq!(found.len(), 1, "{step}");
        let titles: Vec<&str> = found
            .iter()
            .flat_map(|d| &d.fixes)
            .map(|f| f.title.as_str())
            .collect();
        assert!(titles.is_empty(), "{step}: {titles:?}");
    }
    let demo = on(ALL_RULES, &checked.diagnostics, "P111", "demo");
    let (diagnostic, fix) = demo
        .first()
        .and_then(|d| d.fixes.first().map(|f| (*d, f)))
        .expect("a fix for `demo`, which needs nothing in the period");
    apply_and_recheck(ALL_RULES, diagnostic, fix);
}

#[test]
fn p111_move_is_not_offered_where_the_merge_keeps_the_step_inside() {
    let checked = check_text(OPENING_BUYER_ONLY);
    let pitch = on(OPENING_BUYER_ONLY, &checked.diagnostics, "P111", "pitch");
    assert_eq!(pitch.len(), 1);
    assert!(pitch.iter().all(|d| d.fixes.is_empty()));
    let call = on(OPENING_BUYER_ONLY, &checked.diagnostics, "P111", "call");
    let (diagnostic, fix) = call
        .first()
        .and_then(|d| d.fixes.first().map(|f| (*d, f)))
        .expect("a fix for `call`");
    let fixed = apply_and_recheck(OPENING_BUYER_ONLY, diagnostic, fix);
    assert!(
        fixed.contains("  quiet after rfp until award\n  call\n  rfp\n"),
        "{fixed}"
    );
}

#[test]
fn p108_is_not_offered_when_what_it_needs_comes_after_the_step_needing_it() {
    // The buyer holds `e`, which needs `change`, before `d`, which wins the
    // `explore` that `change` needs: a step winning `change` has no place.
    let checked = check_text(REVERSED);
    let found = support::with_code(&checked.diagnostics, "P108");
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|d| d.fixes.is_empty()));
}

#[test]
fn an_inserted_chain_is_not_offered_before_what_it_needs() {
    // The buyer skips `w`, which `e` needs; `w` wins `change`, which needs
    // `explore`, which the buyer wins only after `e`, at `d`.
    let text = E_NEEDS_W;
    let checked = check_text(text);
    let skipped = support::with_code(&checked.diagnostics, "P101");
    assert_eq!(skipped.len(), 1);
    assert!(skipped.iter().all(|d| d.fixes.is_empty()));
    let titles: Vec<&str> = on(text, &checked.diagnostics, "P104", "w")
        .iter()
        .flat_map(|d| &d.fixes)
        .map(|f| f.title.as_str())
        .collect();
    assert_eq!(titles, ["Waive `w` in the buyer's process"]);
}

#[test]
fn p108_declares_apart_and_inserts_after_what_it_needs() {
    for text in [
        ONE_LINE_DECLARATIONS.to_string(),
        crlf(ONE_LINE_DECLARATIONS),
    ] {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let checked = check_text(&text);
        let found = support::with_code(&checked.diagnostics, "P108");
        assert_eq!(found.len(), 2);
        for diagnostic in found {
            let fix = diagnostic.fixes.first().expect("a P108 fix");
            let fixed = apply_and_recheck(&text, diagnostic, fix);
            // A blank line before and after the declaration, as the
            // formatter puts between top-level items.
            let declared = [
                "conversation e \"E\" { with x, y wins invest }",
                "",
                "conversation win-change \"Win the commitment: Change\" {",
                "  with x, y",
                "  wins change",
                "}",
                "",
                "process seller { d",
            ]
            .join(eol);
            assert!(fixed.contains(&declared), "{fixed:?}");
            // After `d`, which wins `explore`, in both processes, and no
            // blank left at the end of `d`'s line.
            let inserted = format!("{{ d{eol}  win-change negotiated{eol}  e }}");
            assert_eq!(fixed.matches(&inserted).count(), 2, "{fixed:?}");
        }
    }
    // On a formatted playbook, the fixed text is formatted too.
    let formatted = parley_syntax::format(ONE_LINE_DECLARATIONS).expect("it formats");
    let checked = check_text(&formatted);
    let fix = support::with_code(&checked.diagnostics, "P108")
        .first()
        .and_then(|d| d.fixes.first())
        .cloned()
        .expect("a P108 fix");
    let fixed = support::apply(&formatted, &fix);
    assert!(
        fixed.contains("  d\n  win-change negotiated\n  e\n"),
        "{fixed}"
    );
    assert_eq!(
        parley_syntax::format(&fixed).ok().as_deref(),
        Some(fixed.as_str())
    );
}

/// A playbook with a buyer's quiet period after `rfp` until `award`, in
/// which `visit`, a step only the buyer holds, includes the champion.
fn quiet_visit(seller: &str, buyer: &str) -> String {
    let mut text = String::from(
        "stakeholder omar \"Omar\" { side buyer role champion }\n\
         stakeholder priya \"Priya\" { side buyer role procurement }\n\
         stakeholder sam \"Sam\" { side seller role account-executive }\n",
    );
    for name in ["rfp", "a", "b", "award"] {
        text.push_str(&format!(
            "conversation {name} \"{name}\" {{ with priya owner sam wins access }}\n"
        ));
    }
    text.push_str("conversation visit \"Visit\" { with omar owner sam wins time }\n");
    text.push_str(&format!("process seller {{ {seller} }}\n"));
    text.push_str(&format!(
        "process buyer {{\n  quiet after rfp until award\n{buyer}}}\n"
    ));
    text
}

#[test]
fn p111_moves_a_step_only_the_buyer_holds_when_the_merge_then_puts_it_first() {
    let cases = [
        // `rfp` keeps its place in the merge: `visit` goes just before it.
        ("rfp award", "  rfp\n  visit\n  award\n", true),
        // `rfp` gives its place up, but `visit` goes before `a`, which
        // keeps its own and comes before `rfp` in the seller's order.
        ("a rfp award", "  rfp\n  a\n  visit\n  award\n", true),
        // `rfp` gives its place up, and the next step that keeps its own
        // is `award`: `visit` would go just before it, after `rfp`.
        (
            "rfp a b award",
            "  a\n  b\n  rfp\n  visit\n  award\n",
            false,
        ),
    ];
    for (seller, buyer, offered) in cases {
        let text = quiet_visit(seller, buyer);
        let checked = check_text(&text);
        let visit = on(&text, &checked.diagnostics, "P111", "visit");
        assert_eq!(visit.len(), 1, "{text}");
        match visit.first().and_then(|d| d.fixes.first().map(|f| (*d, f))) {
            Some((diagnostic, fix)) => {
                assert!(offered, "offered:\n{text}");
                apply_and_recheck(&text, diagnostic, fix);
            }
            None => assert!(!offered, "not offered:\n{text}"),
        }
    }
}

const LEAD_MOVE_NEEDS: &str = include_str!("fixtures/P103/fires-lead-move-needs.parley");
const STOPS_BEFORE_NEEDER: &str =
    include_str!("fixtures/P103/fires-move-stops-before-needer.parley");
const NEEDS_PASSED: &str = include_str!("fixtures/P103/fires-move-needs-passed.parley");

/// The titles of the fixes of the diagnostics with `code` on `step`.
fn titles(text: &str, code: &str, step: &str) -> Vec<String> {
    let checked = check_text(text);
    on(text, &checked.diagnostics, code, step)
        .iter()
        .flat_map(|d| &d.fixes)
        .map(|f| f.title.clone())
        .collect()
}

/// Applies every fix of every diagnostic with `code` in `text`, each
/// checked; returns how many there were.
fn apply_every(text: &str, code: &str) -> usize {
    let checked = check_text(text);
    let mut tried = 0;
    for diagnostic in support::with_code(&checked.diagnostics, code) {
        for fix in &diagnostic.fixes {
            apply_and_recheck(text, diagnostic, fix);
            tried += 1;
        }
    }
    tried
}

/// `text` with each process block written on one line.
fn one_line_processes(text: &str) -> String {
    let mut out = String::new();
    let mut block: Option<Vec<&str>> = None;
    for line in text.lines() {
        match &mut block {
            Some(steps) if line == "}" => {
                out.push_str(&format!("{} }}\n", steps.join(" ")));
                block = None;
            }
            Some(steps) => steps.push(line.trim()),
            None if line.starts_with("process ") && line.ends_with('{') => {
                block = Some(vec![line]);
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn p103_moves_are_not_offered_before_what_the_step_needs() {
    // The seller holds `e` after `w`, which it needs: moving it before `d`
    // there would put it before `w`. Only the buyer's process can move.
    let text = E_NEEDS_W;
    assert_eq!(
        titles(text, "P103", "e"),
        ["Adopt the seller order: move `e` in the buyer's process"]
    );
    assert_eq!(
        titles(LEAD_MOVE_NEEDS, "P103", "exec-briefing"),
        ["Adopt the seller order: move `exec-briefing` in the buyer's process"]
    );
    // The buyer holds `security-review` after `internal-review`, which it
    // needs: moving it before `discovery` there would pass it. Only the
    // seller's process can move.
    assert_eq!(
        titles(NEEDS_PASSED, "P103", "security-review"),
        ["Adopt the buyer order: move `security-review` in the seller's process"]
    );
    let mut tried = 0;
    for text in [text, LEAD_MOVE_NEEDS, NEEDS_PASSED] {
        for text in [text.to_string(), crlf(text), one_line_processes(text)] {
            tried += apply_every(&text, "P103");
        }
    }
    assert_eq!(tried, 9);
}

#[test]
fn p103_move_stops_before_the_step_needing_it() {
    // Just before `committee`, `reference-call` would come after `pilot`,
    // which needs it: it goes after `case-for-change`, before `pilot`.
    let checked = check_text(STOPS_BEFORE_NEEDER);
    let found = on(
        STOPS_BEFORE_NEEDER,
        &checked.diagnostics,
        "P103",
        "reference-call",
    );
    let (diagnostic, fix) = found
        .first()
        .and_then(|d| d.fixes.iter().find(|f| f.preferred).map(|f| (*d, f)))
        .expect("a preferred P103 fix");
    let fixed = apply_and_recheck(STOPS_BEFORE_NEEDER, diagnostic, fix);
    assert!(
        fixed.contains(
            "process buyer {\n  discovery\n  case-for-change\n  reference-call\n  pilot\n  committee\n}"
        ),
        "{fixed}"
    );
    for text in [
        STOPS_BEFORE_NEEDER.to_string(),
        crlf(STOPS_BEFORE_NEEDER),
        one_line_processes(STOPS_BEFORE_NEEDER),
    ] {
        assert_eq!(apply_every(&text, "P103"), 2);
    }
}

#[test]
fn p102_moves_keep_every_step_after_what_it_needs() {
    // Per fixture: the step and the titles of its P102's fixes.
    let cases: [(&str, &str, &[&str]); 6] = [
        // `co-design` before `proposal` would come before `discovery`.
        (
            include_str!("fixtures/P102/fires-move-needs-passed.parley"),
            "proposal",
            &["Move `proposal` after `co-design`"],
        ),
        // `demo` after `discovery` would come after `pilot`, which needs it.
        (
            include_str!("fixtures/P102/fires-move-passes-needer.parley"),
            "demo",
            &["Move `discovery` before `demo`"],
        ),
        // Both at once: no move keeps the order.
        (
            include_str!("fixtures/P102/fires-no-move-keeps-order.parley"),
            "demo",
            &[],
        ),
        // `sponsor-intro` before `business-case` would become the first
        // step winning `access` after `exec-briefing`, whose P102 names
        // `org-chart`.
        (
            include_str!("fixtures/P102/fires-move-renames-winner.parley"),
            "business-case",
            &["Move `business-case` after `sponsor-intro`"],
        ),
        // `business-case` after `sponsor-intro` would leave `org-chart` the
        // first step winning `access` after `exec-briefing`.
        (
            include_str!("fixtures/P102/fires-move-renames-first-winner.parley"),
            "business-case",
            &["Move `sponsor-intro` before `business-case`"],
        ),
        // Moving the first `demo` after `discovery` would leave the second,
        // then the first, before it.
        (
            include_str!("fixtures/P102/fires-listed-twice.parley"),
            "demo",
            &["Move `discovery` before `demo`"],
        ),
    ];
    for (text, step, expected) in cases {
        for text in [text.to_string(), crlf(text), one_line_processes(text)] {
            assert_eq!(titles(&text, "P102", step), expected, "{text}");
            apply_every(&text, "P102");
        }
    }
}
