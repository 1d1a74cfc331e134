//! Find references: every use of the name at the cursor, and its declaration.

use parley_syntax::Span;

use crate::Analysis;

/// One occurrence of a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub span: Span,
    /// The declaration's own name rather than a use of it.
    pub is_declaration: bool,
}

/// Every occurrence of the name at `offset` that resolves to the same thing,
/// in source order; the declaration is included when `include_declaration`.
/// Undefined names find their other undefined uses of the same spelling.
pub fn references(analysis: &Analysis, offset: usize, include_declaration: bool) -> Vec<Reference> {
    let names = analysis.names();
    let Some(at) = names.at(offset) else {
        return Vec::new();
    };
    let mut found: Vec<Reference> = match at.target {
        Some(target) => {
            let mut found: Vec<Reference> = names
                .refs_to(target)
                .map(|reference| Reference {
                    span: reference.span,
                    is_declaration: false,
                })
                .collect();
            if include_declaration && let Some(decl) = names.decl_name(target) {
                found.push(Reference {
                    span: decl.span,
                    is_declaration: true,
                });
            }
            found
        }
        None => names
            .refs()
            .iter()
            .filter(|reference| reference.target.is_none() && reference.text == at.text)
            .map(|reference| Reference {
                span: reference.span,
                is_declaration: false,
            })
            .collect(),
    };
    found.sort_by_key(|reference| reference.span.start());
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use crate::fixture::{Fixture, mark};

    fn check(source: &str, expected: &str) {
        let fixture = Fixture::new(source);
        let spans: Vec<_> = super::references(&fixture.analysis, fixture.cursor, true)
            .into_iter()
            .map(|reference| reference.span)
            .collect();
        assert_eq!(mark(&fixture.text, &spans), expected);
    }

    #[test]
    fn a_stakeholder_in_every_field() {
        check(
            r#"stakeholder om$0ar "Omar" { side buyer }
conversation a "A" { with omar owner omar }
conversation b "B" { with dana, omar }"#,
            r#"stakeholder <omar> "Omar" { side buyer }
conversation a "A" { with <omar> owner <omar> }
conversation b "B" { with dana, <omar> }"#,
        );
    }

    #[test]
    fn a_conversation_in_needs_steps_and_waivers() {
        check(
            r#"conversation discovery "D" { wins explore }
conversation next "N" { needs discovery }
process seller { discovery$0 next }
process buyer { waive discovery "no" }"#,
            r#"conversation <discovery> "D" { wins explore }
conversation next "N" { needs <discovery> }
process seller { <discovery> next }
process buyer { waive <discovery> "no" }"#,
        );
    }

    #[test]
    fn a_built_in_commitment_has_uses_but_no_declaration() {
        check(
            r#"conversation a "A" { wins change }
conversation b "B" { needs chan$0ge }"#,
            r#"conversation a "A" { wins <change> }
conversation b "B" { needs <change> }"#,
        );
    }

    #[test]
    fn nothing_away_from_a_name() {
        check(
            r#"conversation a "A" $0{ wins change }"#,
            r#"conversation a "A" { wins change }"#,
        );
    }
}
