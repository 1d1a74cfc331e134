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
            diagnostic.span.start <= range.end && range.start <= diagnostic.span.end
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
