//! Whole-document formatting: the formatter's minimal edits.

use parley_syntax::{TextEdit, format_edits};

use crate::Analysis;

/// The edits that format the document, or why it cannot be formatted (a
/// file with syntax errors is left as it is).
pub fn format(analysis: &Analysis) -> Result<Vec<TextEdit>, String> {
    format_edits(analysis.text()).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use parley_syntax::apply_edits;

    use super::*;

    #[test]
    fn formats_to_the_canonical_layout() {
        let text = "stakeholder a \"A\" {side buyer}\n";
        let edits = format(&Analysis::new(text)).unwrap();
        let formatted = apply_edits(text, &edits).unwrap();
        assert_eq!(formatted, parley_syntax::format(text).unwrap());
        assert!(format(&Analysis::new(&formatted)).unwrap().is_empty());
    }
}
