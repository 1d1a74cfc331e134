//! The rule catalog as the renderers use it: the checker's `RULES` (each
//! code with its name, default severity, summary and explanation), plus an
//! entry made up for any code a diagnostic carries that the catalog lacks,
//! so a renderer never points at a rule that is not listed.

use parley_check::RULES;
use parley_syntax::{Diagnostic, Severity};

/// One rule of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: String,
    /// A PascalCase name, as SARIF tools show it.
    pub name: String,
    pub severity: Severity,
    pub summary: String,
    /// What it detects, why it matters, an example and the fix.
    pub explanation: String,
}

/// Every rule, in catalog order.
pub fn catalog() -> Vec<RuleInfo> {
    RULES
        .iter()
        .map(|rule| RuleInfo {
            code: rule.code.to_string(),
            name: rule.name.to_string(),
            severity: rule.severity,
            summary: rule.summary.to_string(),
            explanation: rule.explanation.to_string(),
        })
        .collect()
}

/// A catalog entry for a code the catalog does not know, built from one of
/// its diagnostics.
pub fn unknown(diagnostic: &Diagnostic) -> RuleInfo {
    RuleInfo {
        code: diagnostic.code.to_string(),
        name: diagnostic.code.to_string(),
        severity: diagnostic.severity,
        summary: format!("Diagnostic {}.", diagnostic.code),
        explanation: format!("Diagnostic {}.", diagnostic.code),
    }
}

/// A few words naming what a code detects, for the label under the
/// squiggle: `SkippedStep` reads `skipped step`.
pub fn label(code: &str) -> String {
    let Some(rule) = RULES.iter().find(|rule| rule.code == code) else {
        return "here".to_string();
    };
    let mut words = String::new();
    for ch in rule.name.chars() {
        if ch.is_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.extend(ch.to_lowercase());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_names_in_words() {
        assert_eq!(label("P101"), "skipped step");
        assert_eq!(label("E001"), "syntax error");
        assert_eq!(label("X000"), "here");
    }

    #[test]
    fn the_catalog_lists_every_code_of_the_language_once() {
        let rules = catalog();
        for code in [
            "E001", "N001", "N007", "P101", "P111", "S201", "S207", "T301", "T302",
        ] {
            assert_eq!(
                rules.iter().filter(|rule| rule.code == code).count(),
                1,
                "{code}"
            );
        }
    }
}
