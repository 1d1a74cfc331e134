//! `parley explain CODE`: prints a rule's explanation from the checker's
//! catalog (what it detects, why it matters, a minimal example, the fix).

use std::process::ExitCode;

use parley_check::{Rule, closest_rule, find_rule};

#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  parley explain P101                   the skipped step: why it matters, an example, the fix
  parley explain s207                   codes are read in any case

Exit status: 0 the code is known, 2 it is not (the closest codes are suggested).")]
pub struct ExplainArgs {
    /// The diagnostic code, such as `P101` (any case).
    pub code: String,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    match find_rule(&args.code) {
        Some(rule) => crate::streams::print(&format!("{}\n", explanation(rule))),
        None => {
            crate::say!("{}", unknown(&args.code));
            ExitCode::from(2)
        }
    }
}

/// The page `parley explain` prints for a rule.
fn explanation(rule: &Rule) -> String {
    format!(
        "{} {} ({})\n\n{}\n\n{}",
        rule.code,
        rule.name,
        rule.severity.as_str(),
        rule.summary,
        rule.explanation
    )
}

/// The one line for a code the catalog does not know.
fn unknown(code: &str) -> String {
    match closest_rule(code) {
        Some(rule) => format!(
            "parley: unknown code `{code}`; the closest is {} (`parley explain {}`)",
            rule.code, rule.code
        ),
        None => format!("parley: unknown code `{code}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_page_with_an_example_and_a_fix() {
        for rule in parley_check::RULES {
            let page = explanation(rule);
            assert!(page.starts_with(rule.code));
            assert!(
                page.contains("Example:") && page.contains("Fix:"),
                "{}",
                rule.code
            );
        }
    }

    #[test]
    fn codes_are_case_insensitive() {
        assert_eq!(find_rule("p101").map(|r| r.code), Some("P101"));
    }

    #[test]
    fn an_unknown_code_names_the_closest_on_one_line() {
        let line = unknown("P1O1");
        assert!(line.contains("the closest is P101"), "{line}");
        assert!(!line.contains('\n'));
    }
}
