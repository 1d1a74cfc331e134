//! Code actions: the fixes of every diagnostic whose range meets the
//! selection, the preferred one marked.

use parley_syntax::{Diagnostic, Span, TextEdit};

use crate::Analysis;

/// A quick fix for one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub edits: Vec<TextEdit>,
    pub preferred: bool,
    /// The diagnostic it fixes.
    pub diagnostic: Diagnostic,
}

/// Every fix of every diagnostic that meets `range`, in source order.
pub fn code_actions(analysis: &Analysis, range: Span) -> Vec<CodeAction> {
    analysis
        .diagnostics()
        .iter()
        .filter(|diagnostic| {
            diagnostic.span.start() <= range.end() && range.start() <= diagnostic.span.end()
        })
        .flat_map(|diagnostic| {
            diagnostic.fixes.iter().map(move |fix| CodeAction {
                title: fix.title.clone(),
                edits: fix.edits.clone(),
                preferred: fix.preferred,
                diagnostic: diagnostic.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use parley_syntax::apply_edits;

    use super::*;

    const ACME: &str = include_str!("../../../examples/acme.parley");

    #[test]
    fn every_fix_of_the_diagnostics_at_the_cursor_the_preferred_marked() {
        let analysis = Analysis::new(ACME);
        let proposal = ACME.rfind("  proposal\n").unwrap() + 2;
        let actions = code_actions(&analysis, Span::empty(proposal));
        assert!(
            actions
                .iter()
                .all(|action| action.diagnostic.span.touches(proposal))
        );
        let p101: Vec<&CodeAction> = actions
            .iter()
            .filter(|action| action.diagnostic.code == "P101")
            .collect();
        assert!(!p101.is_empty(), "{actions:?}");
        assert_eq!(p101.iter().filter(|action| action.preferred).count(), 1);
        // Applied, the preferred fix inserts negotiated steps before `proposal`
        // and leaves a file where that diagnostic is gone.
        let preferred = p101.iter().find(|action| action.preferred).unwrap();
        let fixed = apply_edits(ACME, &preferred.edits).unwrap();
        assert!(fixed.contains("negotiated"));
        let after = Analysis::new(&fixed);
        assert!(
            !after
                .diagnostics()
                .iter()
                .any(|diagnostic| diagnostic.message == preferred.diagnostic.message)
        );
    }

    #[test]
    fn nothing_where_no_diagnostic_has_a_fix() {
        let analysis = Analysis::new("stakeholder a \"A\" { side buyer }\n");
        assert_eq!(code_actions(&analysis, Span::new(0, 5)), Vec::new());
    }
}
