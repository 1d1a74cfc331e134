//! Go to definition: from a name to the declaration it resolves to.

use parley_syntax::Span;

use crate::Analysis;
use crate::names::{NameKind, Target};

/// Where a name is declared: `full_range` covers the whole declaration,
/// `focus_range` its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavigationTarget {
    pub name: String,
    pub kind: NameKind,
    pub full_range: Span,
    pub focus_range: Span,
}

/// The declaration of the name at `offset`. Built-in commitments and
/// undefined names have none.
pub fn goto_definition(analysis: &Analysis, offset: usize) -> Option<NavigationTarget> {
    let at = analysis.names().at(offset)?;
    let Target::Declared(item) = at.target? else {
        return None;
    };
    let declaration = crate::names::declaration(analysis.file(), item)?;
    let name = declaration.name.as_ref()?;
    Some(NavigationTarget {
        name: name.text.to_string(),
        kind: NameKind::from_decl(declaration.kind),
        full_range: declaration.span,
        focus_range: name.span,
    })
}

#[cfg(test)]
mod tests {
    use crate::fixture::{Fixture, mark};

    fn check(source: &str, expected: &str) {
        let fixture = Fixture::new(source);
        let found = super::goto_definition(&fixture.analysis, fixture.cursor);
        let spans: Vec<_> = found.into_iter().map(|target| target.focus_range).collect();
        assert_eq!(mark(&fixture.text, &spans), expected);
    }

    #[test]
    fn from_a_with_to_the_stakeholder() {
        check(
            r#"stakeholder omar "Omar" { side buyer }
conversation discovery "D" { with om$0ar }"#,
            r#"stakeholder <omar> "Omar" { side buyer }
conversation discovery "D" { with omar }"#,
        );
    }

    #[test]
    fn from_a_step_to_the_conversation() {
        check(
            r#"conversation discovery "D" { wins explore }
process seller { $0discovery }"#,
            r#"conversation <discovery> "D" { wins explore }
process seller { discovery }"#,
        );
    }

    #[test]
    fn to_the_first_of_duplicate_declarations() {
        check(
            r#"commitment budget "B"
commitment budget "Again"
conversation c "C" { wins budget$0 }"#,
            r#"commitment <budget> "B"
commitment budget "Again"
conversation c "C" { wins budget }"#,
        );
    }

    #[test]
    fn built_ins_and_undefined_names_have_no_declaration() {
        check(
            r#"conversation c "C" { wins cha$0nge }"#,
            r#"conversation c "C" { wins change }"#,
        );
        check(
            r#"conversation c "C" { with nob$0ody }"#,
            r#"conversation c "C" { with nobody }"#,
        );
    }

    #[test]
    fn a_declared_commitment_replaces_the_built_in() {
        check(
            r#"commitment change "Our own change"
conversation c "C" { wins $0change }"#,
            r#"commitment <change> "Our own change"
conversation c "C" { wins change }"#,
        );
    }
}
