//! Small constructors for fixes and for the choices among them.
//!
//! Every diagnostic with fixes has exactly one preferred fix; a fix is safe
//! only when it needs no choice (a single did-you-mean candidate, the P101
//! insertion).

use parley_syntax::{Diagnostic, Fix, Span, TextEdit, ThinVec, thin_vec};

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
/// safe when `safe_first` says it needs no choice. A diagnostic without
/// fixes takes the list itself, shrunk to fit, rather than a copy.
pub fn attach(mut diagnostic: Diagnostic, mut fixes: ThinVec<Fix>, safe_first: bool) -> Diagnostic {
    for (index, fix) in fixes.iter_mut().enumerate() {
        fix.preferred = index == 0;
        fix.safe = index == 0 && safe_first;
    }
    if diagnostic.fixes.is_empty() {
        fixes.shrink_to_fit();
        diagnostic.fixes = fixes;
    } else {
        diagnostic.fixes.reserve_exact(fixes.len());
        diagnostic.fixes.append(&mut fixes);
    }
    diagnostic
}

/// Attaches `fix`, when there is one, as the only fix of `diagnostic`
/// ([`attach`]), in a list of one allocated to fit: collected from an
/// option, a list is allocated for four fixes and then shrunk.
#[inline]
pub fn attach_one(diagnostic: Diagnostic, fix: Option<Fix>, safe: bool) -> Diagnostic {
    match fix {
        Some(fix) => attach(diagnostic, thin_vec![fix], safe),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_syntax::Severity;

    #[test]
    fn the_first_fix_attached_is_preferred_and_alone_may_be_safe() {
        let report = Diagnostic::new("P104", Severity::Warning, "m", Span::new(0, 1));
        let mut fixes = ThinVec::with_capacity(4);
        fixes.push(replace("first", Span::new(0, 1), "a"));
        fixes.push(replace("second", Span::new(0, 1), "b"));
        let report = attach(report, fixes, true);
        let marks: Vec<(bool, bool)> = report.fixes.iter().map(|f| (f.preferred, f.safe)).collect();
        assert_eq!(marks, [(true, true), (false, false)]);
        assert_eq!(report.fixes.capacity(), 2);
        let report = attach(
            report,
            parley_syntax::thin_vec![replace("third", Span::new(0, 1), "c")],
            false,
        );
        let titles: Vec<&str> = report.fixes.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["first", "second", "third"]);
        assert_eq!(report.fixes.get(2).map(|f| f.preferred), Some(true));
    }

    #[test]
    fn one_fix_is_attached_preferred_in_a_list_of_one_and_none_changes_nothing() {
        let report = || Diagnostic::new("P101", Severity::Warning, "m", Span::new(0, 1));
        let fixed = attach_one(report(), Some(replace("only", Span::new(0, 1), "a")), true);
        assert_eq!(fixed.fixes.len(), 1);
        assert_eq!(fixed.fixes.capacity(), 1);
        let marks: Vec<(bool, bool)> = fixed.fixes.iter().map(|f| (f.preferred, f.safe)).collect();
        assert_eq!(marks, [(true, true)]);
        let unsafe_fix = attach_one(report(), Some(replace("only", Span::new(0, 1), "a")), false);
        assert_eq!(unsafe_fix.fixes.first().map(|f| f.safe), Some(false));
        assert_eq!(attach_one(report(), None, true), report());
    }
}
