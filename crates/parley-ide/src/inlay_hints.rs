//! Inlay hints: after each process step, the commitments it wins and, when
//! the playbook has a `starts` date, when the negotiated plan schedules it.

use parley_check::Symbol;
use parley_syntax::Span;
use parley_syntax::ast::{FieldKey, Item};

use crate::Analysis;
use crate::names::{Target, declaration};

/// A label shown at `offset`, after the text before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

/// The hints for the steps inside `range` (the whole file when `None`).
pub fn inlay_hints(analysis: &Analysis, range: Option<Span>) -> Vec<InlayHint> {
    let file = analysis.file();
    let names = analysis.names();
    let plan = analysis.schedule();
    let mut hints = Vec::new();
    for item in &file.items {
        let Item::Process(process) = item else {
            continue;
        };
        for step in process.steps() {
            if range.is_some_and(|range| {
                step.span.end() < range.start() || range.end() < step.span.start()
            }) {
                continue;
            }
            let Some(Target::Declared(conversation)) = names.resolve(&step.conversation.text)
            else {
                continue;
            };
            let Some(conversation) = declaration(file, conversation) else {
                continue;
            };
            let wins: Vec<&str> = conversation
                .fields_with(FieldKey::Wins)
                .flat_map(|field| field.names())
                .map(|name| name.text.as_str())
                .collect();
            let mut parts = Vec::new();
            if !wins.is_empty() {
                parts.push(format!("wins {}", wins.join(", ")));
            }
            let planned = match analysis.model().lookup(&step.conversation.text) {
                Some(Symbol::Conversation(id)) => plan.and_then(|plan| plan.step(id)),
                _ => None,
            };
            if let Some(planned) = planned {
                parts.push(if planned.start == planned.finish {
                    format!("{}", planned.start)
                } else {
                    format!("{} → {}", planned.start, planned.finish)
                });
            }
            if parts.is_empty() {
                continue;
            }
            hints.push(InlayHint {
                offset: step.span.end(),
                label: parts.join(" · "),
            });
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_each_step_that_wins_something() {
        let text = r#"conversation a "A" { wins explore, change }
conversation b "B" { }
process seller {
  a
  b
}
"#;
        let analysis = Analysis::new(text);
        let mut marked = text.to_string();
        for hint in inlay_hints(&analysis, None).iter().rev() {
            marked.insert_str(hint.offset, &format!(" [{}]", hint.label));
        }
        assert_eq!(
            marked,
            r#"conversation a "A" { wins explore, change }
conversation b "B" { }
process seller {
  a [wins explore, change]
  b
}
"#
        );
    }

    #[test]
    fn with_the_planned_dates_when_the_playbook_starts() {
        let text = r#"playbook "P"
starts 2027-01-11
conversation a "A" { wins explore takes 1w }
conversation b "B" { }
process seller {
  a
  b
}
"#;
        let analysis = Analysis::new(text);
        let mut marked = text.to_string();
        for hint in inlay_hints(&analysis, None).iter().rev() {
            marked.insert_str(hint.offset, &format!(" [{}]", hint.label));
        }
        assert_eq!(
            marked,
            r#"playbook "P"
starts 2027-01-11
conversation a "A" { wins explore takes 1w }
conversation b "B" { }
process seller {
  a [wins explore · 2027-01-11 → 2027-01-15]
  b [2027-01-18]
}
"#
        );
    }

    #[test]
    fn only_the_steps_in_the_range() {
        let text = "conversation a \"A\" { wins explore }\nprocess seller {\n  a\n}\nprocess buyer {\n  a\n}\n";
        let analysis = Analysis::new(text);
        let buyer = text.find("process buyer").unwrap();
        let hints = inlay_hints(&analysis, Some(Span::new(buyer, text.len())));
        assert_eq!(hints.len(), 1);
        assert!(hints[0].offset > buyer);
    }
}
