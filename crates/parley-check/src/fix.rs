//! Small constructors for fixes and for the choices among them.
//!
//! Every diagnostic with fixes has exactly one preferred fix; a fix is safe
//! only when it needs no choice (a single did-you-mean candidate, the P101
//! insertion).

use parley_syntax::{Diagnostic, Fix, Span, TextEdit};

/// A fix replacing the text at `span`.
pub fn replace(title: impl Into<String>, span: Span, new_text: impl Into<String>) -> Fix {
    Fix {
        title: title.into(),
        edits: vec![TextEdit {
            span,
            new_text: new_text.into(),
        }],
        preferred: false,
        safe: false,
    }
}

/// A fix made of several edits, sorted into source order.
pub fn edits(title: impl Into<String>, mut edits: Vec<TextEdit>) -> Fix {
    edits.sort_by_key(|edit| (edit.span.start(), edit.span.end()));
    Fix {
        title: title.into(),
        edits,
        preferred: false,
        safe: false,
    }
}

/// Attaches `fixes` to `diagnostic`: the first is preferred, and it alone is
/// safe when `safe_first` says it needs no choice.
pub fn attach(mut diagnostic: Diagnostic, fixes: Vec<Fix>, safe_first: bool) -> Diagnostic {
    diagnostic.fixes.reserve_exact(fixes.len());
    for (index, mut fix) in fixes.into_iter().enumerate() {
        fix.preferred = index == 0;
        fix.safe = index == 0 && safe_first;
        diagnostic = diagnostic.with_fix(fix);
    }
    diagnostic
}
