//! `parley explain CODE`: prints a rule's explanation from the checker's
//! catalog (what it detects, why it matters, a minimal example, the fix).

use std::process::ExitCode;

use parley_check::{closest_rule, find_rule};

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The diagnostic code, such as `P101` (any case).
    pub code: String,
}

pub fn run(args: ExplainArgs) -> ExitCode {
    match find_rule(&args.code) {
        Some(rule) => {
            println!(
                "{} {} ({})\n\n{}\n\n{}",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                rule.summary,
                rule.explanation
            );
            ExitCode::SUCCESS
        }
        None => {
            match closest_rule(&args.code).map(|rule| rule.code) {
                Some(code) => eprintln!(
                    "parley: unknown code `{}`; the closest is {code} (`parley explain {code}`)",
                    args.code
                ),
                None => eprintln!("parley: unknown code `{}`", args.code),
            }
            ExitCode::from(2)
        }
    }
}
