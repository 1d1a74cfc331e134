//! Check any text, apply each fix of each diagnostic on its own, then parse
//! and check the result: the fix applies, keeps every token it does not
//! replace whole (no word glued to an insertion), adds no syntax error to a
//! file that had none, and the fixed text checks without a panic and with
//! spans inside it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_syntax::{Severity, apply_edits};

fn syntax_errors(diagnostics: &[parley_syntax::Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code == "E001" && d.severity == Severity::Error)
        .count()
}

fuzz_target!(|data: &[u8]| {
    let text = parley_fuzz::text(data);
    let checked = parley_check::check_text(&text);
    parley_fuzz::assert_diagnostics(&text, &checked.diagnostics);
    let before = syntax_errors(&checked.diagnostics);
    for diagnostic in &checked.diagnostics {
        for fix in &diagnostic.fixes {
            let fixed = apply_edits(&text, &fix.edits).expect("every fix applies");
            let after = parley_check::check_text(&fixed);
            parley_fuzz::assert_diagnostics(&fixed, &after.diagnostics);
            if let Some(lost) = parley_fuzz::lost_token(&text, &fix.edits, &fixed) {
                panic!(
                    "{} fix `{}` breaks the token {lost}:\n{fixed}",
                    diagnostic.code, fix.title
                );
            }
            assert!(
                before > 0 || syntax_errors(&after.diagnostics) == 0,
                "{} fix `{}` adds a syntax error:\n{fixed}",
                diagnostic.code,
                fix.title
            );
        }
    }
});
