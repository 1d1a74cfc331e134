//! What the checker's tests share: a plain-text rendering of diagnostics
//! (code, severity, line:col, message, labels, fix titles) and fix application.

#![allow(dead_code)]

use parley_syntax::{Diagnostic, Encoding, Fix, LineIndex, Span, apply_edits};

/// `line:col`, both from 1, columns in characters.
pub fn position(index: &LineIndex, span: Span) -> String {
    let position = index.position(span.start(), Encoding::Utf16);
    format!("{}:{}", position.line + 1, position.character + 1)
}

/// One diagnostic per paragraph: the header, then its labels and fixes.
pub fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&format!(
            "{} {} {} {}\n",
            diagnostic.code,
            diagnostic.severity.as_str(),
            position(&index, diagnostic.span),
            diagnostic.message
        ));
        for label in &diagnostic.labels {
            out.push_str(&format!(
                "  label {} {}\n",
                position(&index, label.span),
                label.message
            ));
        }
        for fix in &diagnostic.fixes {
            let mut marks = Vec::new();
            if fix.preferred {
                marks.push("preferred");
            }
            if fix.safe {
                marks.push("safe");
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!(" ({})", marks.join(", "))
            };
            out.push_str(&format!("  fix{marks}: {}\n", fix.title));
        }
    }
    out
}

/// The text after one fix.
pub fn apply(text: &str, fix: &Fix) -> String {
    apply_edits(text, &fix.edits).expect("a fix's edits apply")
}

/// Diagnostics with one code.
pub fn with_code<'a>(diagnostics: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}
