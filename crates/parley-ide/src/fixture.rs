//! Fixture helpers for the feature tests: a `$0` marks the cursor in the
//! source, and expected texts mark found ranges with `<` and `>`.

use parley_syntax::Span;

use crate::Analysis;

/// Every example playbook, for tests that compare two ways of finding the
/// same thing at every offset.
pub const EXAMPLES: [&str; 4] = [
    include_str!("../../../examples/acme.parley"),
    include_str!("../../../examples/county-rfp.parley"),
    include_str!("../../../examples/renewal.parley"),
    include_str!("../../../examples/half-typed.parley"),
];

pub struct Fixture {
    pub text: String,
    pub cursor: usize,
    pub analysis: Analysis,
}

impl Fixture {
    pub fn new(source: &str) -> Self {
        let cursor = source.find("$0").unwrap_or(source.len());
        let text = source.replacen("$0", "", 1);
        let analysis = Analysis::new(&text);
        Fixture {
            text,
            cursor,
            analysis,
        }
    }
}

/// `text` with each span wrapped in `<` and `>`.
pub fn mark(text: &str, spans: &[Span]) -> String {
    let mut boundaries: Vec<(usize, bool)> = spans
        .iter()
        .flat_map(|span| [(span.start(), true), (span.end(), false)])
        .collect();
    // Closings before openings at one offset, so adjacent ranges read `<a><b>`.
    boundaries.sort_by_key(|&(offset, opening)| (offset, opening));
    let mut out = String::new();
    let mut cursor = 0;
    for (offset, opening) in boundaries {
        out.push_str(&text[cursor..offset]);
        out.push(if opening { '<' } else { '>' });
        cursor = offset;
    }
    out.push_str(&text[cursor..]);
    out
}
