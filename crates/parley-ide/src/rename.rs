//! Rename: every occurrence of a declared name, after checking that the new
//! name is an identifier that does not clash with another declaration.

use parley_syntax::{Span, TextEdit, TokenKind, lex};

use crate::Analysis;
use crate::names::Target;
use crate::references::references;

/// Why a rename cannot be done, in words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RenameError {}

/// The span of the name that would be renamed, or why there is none.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Result<Span, RenameError> {
    let names = analysis.names();
    let Some(at) = names.at(offset) else {
        return Err(RenameError(
            "only the name of a stakeholder, conversation or commitment can be renamed".into(),
        ));
    };
    match at.target {
        Some(Target::Declared(_)) => Ok(at.span),
        Some(Target::Builtin(name)) => Err(RenameError(format!(
            "`{name}` is a built-in commitment; declare `commitment {name}` to replace it instead"
        ))),
        None => Err(RenameError(format!(
            "`{}` is not declared, so there is nothing to rename",
            at.text
        ))),
    }
}

/// The edits that rename the name at `offset` to `new_name` everywhere.
pub fn rename(
    analysis: &Analysis,
    offset: usize,
    new_name: &str,
) -> Result<Vec<TextEdit>, RenameError> {
    let span = prepare_rename(analysis, offset)?;
    let old_name = analysis.text().get(span.range()).unwrap_or_default();
    validate_identifier(new_name)?;
    if new_name == old_name {
        return Ok(Vec::new());
    }
    if let Some(existing) = analysis.names().resolve(new_name) {
        let what = match existing {
            Target::Builtin(_) => "a built-in commitment",
            Target::Declared(_) => "already declared",
        };
        return Err(RenameError(format!("`{new_name}` is {what}")));
    }
    Ok(references(analysis, offset, true)
        .into_iter()
        .map(|reference| TextEdit {
            span: reference.span,
            new_text: new_name.to_string(),
        })
        .collect())
}

/// Checks that `name` is one identifier: a letter, then letters, digits,
/// `-` or `_`, and not a keyword.
fn validate_identifier(name: &str) -> Result<(), RenameError> {
    let tokens = lex(name);
    match tokens.as_slice() {
        [token] if token.kind == TokenKind::Ident && token.span.len() == name.len() => Ok(()),
        [token] if token.kind.is_keyword() && token.span.len() == name.len() => Err(RenameError(
            format!("`{name}` is a keyword and cannot be a name"),
        )),
        _ => Err(RenameError(format!(
            "`{name}` is not a name: use a letter, then letters, digits, `-` or `_`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use parley_syntax::apply_edits;

    use crate::fixture::Fixture;

    fn check(source: &str, new_name: &str, expected: &str) {
        let fixture = Fixture::new(source);
        let result = super::rename(&fixture.analysis, fixture.cursor, new_name);
        let actual = match result {
            Ok(edits) => apply_edits(&fixture.text, &edits).unwrap_or_else(|| "overlap".into()),
            Err(error) => format!("error: {error}"),
        };
        assert_eq!(actual, expected);
    }

    #[test]
    fn renames_the_declaration_and_every_use() {
        check(
            r#"stakeholder omar "Omar" { side buyer }
conversation a "A" { with om$0ar owner omar }"#,
            "omar-lee",
            r#"stakeholder omar-lee "Omar" { side buyer }
conversation a "A" { with omar-lee owner omar-lee }"#,
        );
    }

    #[test]
    fn refuses_keywords_non_names_and_clashes() {
        let source = r#"stakeholder omar "Omar" { side buyer }
stakeholder dana "Dana" { side buyer }
conversation a "A" { with om$0ar }"#;
        check(
            source,
            "wins",
            "error: `wins` is a keyword and cannot be a name",
        );
        check(
            source,
            "two words",
            "error: `two words` is not a name: use a letter, then letters, digits, `-` or `_`",
        );
        check(
            source,
            "9lives",
            "error: `9lives` is not a name: use a letter, then letters, digits, `-` or `_`",
        );
        check(source, "dana", "error: `dana` is already declared");
        check(source, "change", "error: `change` is a built-in commitment");
    }

    #[test]
    fn refuses_built_ins_and_undefined_names() {
        check(
            r#"conversation a "A" { wins chan$0ge }"#,
            "shift",
            "error: `change` is a built-in commitment; declare `commitment change` to replace it instead",
        );
        check(
            r#"conversation a "A" { with nob$0ody }"#,
            "somebody",
            "error: `nobody` is not declared, so there is nothing to rename",
        );
        check(
            r#"conversation a "A" $0{ }"#,
            "x",
            "error: only the name of a stakeholder, conversation or commitment can be renamed",
        );
    }
}
