//! Expand selection: the ranges around the cursor, from the innermost (the
//! name or value under it) out to the whole declaration or process.

use parley_syntax::Span;
use parley_syntax::ast::Item;

use crate::Analysis;

/// The ranges that contain `offset`, innermost first, each strictly larger
/// than the one before.
pub fn selection_ranges(analysis: &Analysis, offset: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    if let Some(token) = analysis
        .tokens()
        .iter()
        .find(|token| token.span.start() <= offset && offset < token.span.end())
        .or_else(|| {
            analysis
                .tokens()
                .iter()
                .find(|token| token.span.touches(offset))
        })
    {
        spans.push(token.span);
    }
    for item in &analysis.file().items {
        if !item.span().touches(offset) {
            continue;
        }
        match item {
            Item::Playbook(playbook) => {
                if let Some(field) = playbook.fields.iter().find(|f| f.span.touches(offset)) {
                    spans.push(field.span);
                }
            }
            Item::Declaration(declaration) => {
                if let Some(body) = &declaration.body {
                    if let Some(field) = body.fields.iter().find(|f| f.span.touches(offset)) {
                        if let (Some(first), Some(last)) =
                            (field.values.first(), field.values.last())
                        {
                            spans.push(first.span().cover(last.span()));
                        }
                        spans.push(field.span);
                    }
                    let end = body
                        .close
                        .map_or(declaration.span.end(), |close| close.end());
                    spans.push(Span::new(body.open.start(), end));
                }
            }
            Item::Process(process) => {
                if let Some(process_item) = process
                    .items
                    .iter()
                    .find(|process_item| process_item.span().touches(offset))
                {
                    spans.push(process_item.span());
                }
                if let Some(open) = process.open {
                    let end = process
                        .close
                        .map_or(process.span.end(), |close| close.end());
                    spans.push(Span::new(open.start(), end));
                }
            }
        }
        spans.push(item.span());
        if let Some(doc) = item.doc() {
            spans.push(doc.span.cover(item.span()));
        }
    }
    spans.push(Span::new(0, analysis.text().len()));
    // Keep each range only if it grows the one before.
    let mut grown: Vec<Span> = Vec::new();
    for span in spans {
        match grown.last() {
            Some(last) if !(span.contains_span(*last) && span != *last) => {}
            _ => grown.push(span),
        }
    }
    grown
}

#[cfg(test)]
mod tests {
    use crate::fixture::{Fixture, mark};

    fn check(source: &str, expected: &[&str]) {
        let fixture = Fixture::new(source);
        let found: Vec<String> = super::selection_ranges(&fixture.analysis, fixture.cursor)
            .into_iter()
            .map(|span| mark(&fixture.text, &[span]))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn from_a_name_out_to_the_file() {
        check(
            "stakeholder a \"A\" { side buyer }\nconversation c \"C\" {\n  with a, b$0b\n}\n",
            &[
                "stakeholder a \"A\" { side buyer }\nconversation c \"C\" {\n  with a, <bb>\n}\n",
                "stakeholder a \"A\" { side buyer }\nconversation c \"C\" {\n  with <a, bb>\n}\n",
                "stakeholder a \"A\" { side buyer }\nconversation c \"C\" {\n  <with a, bb>\n}\n",
                "stakeholder a \"A\" { side buyer }\nconversation c \"C\" <{\n  with a, bb\n}>\n",
                "stakeholder a \"A\" { side buyer }\n<conversation c \"C\" {\n  with a, bb\n}>\n",
                "<stakeholder a \"A\" { side buyer }\nconversation c \"C\" {\n  with a, bb\n}\n>",
            ],
        );
    }

    #[test]
    fn a_step_in_a_process() {
        check(
            "process seller {\n  a nego$0tiated\n}",
            &[
                "process seller {\n  a <negotiated>\n}",
                "process seller {\n  <a negotiated>\n}",
                "process seller <{\n  a negotiated\n}>",
                "<process seller {\n  a negotiated\n}>",
            ],
        );
    }
}
