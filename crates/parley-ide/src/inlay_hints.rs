//! Inlay hints: after each process step, the commitments it wins.

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
    let mut hints = Vec::new();
    for item in &file.items {
        let Item::Process(process) = item else {
            continue;
        };
        for step in process.steps() {
            if range.is_some_and(|range| {
                !range.contains_span(step.span) && !step.span.contains_span(range)
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
            if wins.is_empty() {
                continue;
            }
            hints.push(InlayHint {
                offset: step.span.end,
                label: format!("wins {}", wins.join(", ")),
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
}
