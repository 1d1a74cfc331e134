//! The rule catalog as the SARIF renderer lists it: each code with a name,
//! its default severity and a one-line summary.

use parley_syntax::{Diagnostic, Severity};

/// One rule of the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    pub code: String,
    /// A PascalCase name, as SARIF tools show it.
    pub name: String,
    pub severity: Severity,
    pub summary: String,
}

/// The codes of language.md's rule catalog, in catalog order.
const CATALOG: &[(&str, &str, Severity, &str)] = &[
    (
        "E001",
        "SyntaxError",
        Severity::Error,
        "Syntax error; the rest of the file is still checked.",
    ),
    (
        "N001",
        "UndefinedName",
        Severity::Error,
        "A reference names nothing declared.",
    ),
    (
        "N002",
        "DuplicateDeclaration",
        Severity::Error,
        "A name is declared twice.",
    ),
    (
        "N003",
        "WrongKindOfName",
        Severity::Error,
        "A reference names a declaration of the wrong kind.",
    ),
    (
        "N004",
        "InvalidValue",
        Severity::Error,
        "A well-formed value that is not allowed here.",
    ),
    (
        "N005",
        "UnusedDeclaration",
        Severity::Hint,
        "A declaration nothing uses.",
    ),
    (
        "N006",
        "MissingSide",
        Severity::Error,
        "A stakeholder without a side.",
    ),
    (
        "N007",
        "UnknownRole",
        Severity::Warning,
        "A role outside the known roles.",
    ),
    (
        "P101",
        "SkippedStep",
        Severity::Error,
        "A step's need is met nowhere earlier in its process.",
    ),
    (
        "P102",
        "OutOfOrder",
        Severity::Error,
        "A step's need is met only later in its process.",
    ),
    (
        "P103",
        "OrderDisagreement",
        Severity::Warning,
        "The two processes hold shared steps in opposite orders.",
    ),
    (
        "P104",
        "OneSidedStep",
        Severity::Warning,
        "A step has no counterpart in the other process.",
    ),
    (
        "P105",
        "WaivedButNeeded",
        Severity::Error,
        "A later step needs a conversation the process waives.",
    ),
    (
        "P106",
        "DependencyCycle",
        Severity::Error,
        "Needs form a cycle.",
    ),
    (
        "P107",
        "DuplicateStep",
        Severity::Warning,
        "A step is listed twice in one process.",
    ),
    (
        "P108",
        "UnwinnableNeed",
        Severity::Error,
        "A step needs a commitment no conversation wins.",
    ),
    (
        "P109",
        "PaceConflict",
        Severity::Warning,
        "One process accelerates a shared step, the other decelerates it.",
    ),
    (
        "P110",
        "NoNextCommitment",
        Severity::Warning,
        "A conversation in a process wins nothing.",
    ),
    (
        "P111",
        "QuietPeriodBreach",
        Severity::Warning,
        "A step inside a quiet period includes a buyer stakeholder other than procurement.",
    ),
    (
        "S201",
        "UnengagedDecisionMaker",
        Severity::Warning,
        "A decision maker is in no step before the decision.",
    ),
    (
        "S202",
        "UncompelledApprover",
        Severity::Warning,
        "A stakeholder not compelled to change approves without an earlier step winning change.",
    ),
    (
        "S203",
        "ConsensusGap",
        Severity::Warning,
        "The consensus step leaves out a key buyer stakeholder.",
    ),
    (
        "S204",
        "SingleThreaded",
        Severity::Warning,
        "Only one buyer stakeholder appears in a whole process.",
    ),
    (
        "S205",
        "OneSidedConversation",
        Severity::Warning,
        "A conversation includes no buyer stakeholder.",
    ),
    (
        "S206",
        "LatePaperProcess",
        Severity::Warning,
        "Legal, security or procurement is first engaged at or after the decision.",
    ),
    (
        "S207",
        "UnownedSharedStep",
        Severity::Hint,
        "A step both processes hold has no owner on one side.",
    ),
    (
        "T301",
        "InfeasibleDate",
        Severity::Error,
        "A step cannot finish by its date along the negotiated process.",
    ),
    (
        "T302",
        "AccelerationNeeded",
        Severity::Warning,
        "A deadline is met by one party's order but not by the negotiated one.",
    ),
];

/// Every rule, in catalog order.
pub fn catalog() -> Vec<RuleInfo> {
    CATALOG
        .iter()
        .map(|(code, name, severity, summary)| RuleInfo {
            code: (*code).to_string(),
            name: (*name).to_string(),
            severity: *severity,
            summary: (*summary).to_string(),
        })
        .collect()
}

/// A few words naming what a code detects, for the label under the
/// squiggle: `SkippedStep` reads `skipped step`.
pub fn label(code: &str) -> String {
    let Some((_, name, _, _)) = CATALOG.iter().find(|(known, ..)| *known == code) else {
        return "here".to_string();
    };
    let mut words = String::new();
    for ch in name.chars() {
        if ch.is_uppercase() && !words.is_empty() {
            words.push(' ');
        }
        words.extend(ch.to_lowercase());
    }
    words
}

/// A catalog entry for a code the catalog does not know, built from one of
/// its diagnostics.
pub fn unknown(diagnostic: &Diagnostic) -> RuleInfo {
    RuleInfo {
        code: diagnostic.code.to_string(),
        name: diagnostic.code.to_string(),
        severity: diagnostic.severity,
        summary: format!("Diagnostic {}.", diagnostic.code),
    }
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
    fn codes_are_unique_and_well_formed() {
        let rules = catalog();
        for (index, rule) in rules.iter().enumerate() {
            assert_eq!(rule.code.len(), 4, "{}", rule.code);
            assert!(
                rules
                    .iter()
                    .skip(index + 1)
                    .all(|other| other.code != rule.code),
                "{} twice",
                rule.code
            );
        }
    }
}
