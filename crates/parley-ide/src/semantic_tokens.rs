//! Semantic tokens: every token classified by what it is in the playbook
//! (a stakeholder, a conversation, a commitment, a keyword, a value), so an
//! editor colours names by kind and marks built-ins and declarations.

use rustc_hash::FxHashMap;

use parley_syntax::{Span, TokenKind};

use crate::Analysis;
use crate::names::{DeclName, NameKind, NameRef, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    Keyword,
    Comment,
    String,
    Number,
    Stakeholder,
    Conversation,
    Commitment,
    /// A value from a fixed set: `buyer`, `low`, a role.
    Value,
    /// `negotiated`, `accelerate`, `decelerate`.
    Modifier,
}

impl TokenType {
    pub const ALL: [TokenType; 9] = [
        TokenType::Keyword,
        TokenType::Comment,
        TokenType::String,
        TokenType::Number,
        TokenType::Stakeholder,
        TokenType::Conversation,
        TokenType::Commitment,
        TokenType::Value,
        TokenType::Modifier,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenModifier {
    /// The name in its own declaration.
    Declaration,
    /// A `///` doc comment.
    Documentation,
    /// A built-in commitment.
    DefaultLibrary,
}

impl TokenModifier {
    pub const ALL: [TokenModifier; 3] = [
        TokenModifier::Declaration,
        TokenModifier::Documentation,
        TokenModifier::DefaultLibrary,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub token_type: TokenType,
    pub modifiers: Vec<TokenModifier>,
}

/// Every classified token, in source order. Unresolved names are left out.
pub fn semantic_tokens(analysis: &Analysis) -> Vec<SemanticToken> {
    let names = analysis.names();
    let file = analysis.file();
    let kind_type = |kind: NameKind| match kind {
        NameKind::Stakeholder => TokenType::Stakeholder,
        NameKind::Conversation => TokenType::Conversation,
        NameKind::Commitment => TokenType::Commitment,
    };
    // Names by where they start, so classifying stays linear in the file.
    let decls: FxHashMap<usize, &DeclName> = names
        .decls()
        .iter()
        .map(|decl| (decl.span.start(), decl))
        .collect();
    let refs: FxHashMap<usize, &NameRef> = names
        .refs()
        .iter()
        .map(|reference| (reference.span.start(), reference))
        .collect();
    let mut out = Vec::new();
    for token in analysis.tokens() {
        let (token_type, modifiers) = match token.kind {
            TokenKind::DocComment => (TokenType::Comment, vec![TokenModifier::Documentation]),
            TokenKind::Comment => (TokenType::Comment, Vec::new()),
            TokenKind::String | TokenKind::UnterminatedString => (TokenType::String, Vec::new()),
            TokenKind::Date | TokenKind::Duration | TokenKind::Number => {
                (TokenType::Number, Vec::new())
            }
            TokenKind::Buyer | TokenKind::Seller => (TokenType::Value, Vec::new()),
            TokenKind::Negotiated | TokenKind::Accelerate | TokenKind::Decelerate => {
                (TokenType::Modifier, Vec::new())
            }
            kind if kind.is_keyword() => (TokenType::Keyword, Vec::new()),
            TokenKind::Ident => {
                if let Some(decl) = decls
                    .get(&token.span.start())
                    .filter(|d| d.span == token.span)
                {
                    (kind_type(decl.kind), vec![TokenModifier::Declaration])
                } else if let Some(reference) = refs
                    .get(&token.span.start())
                    .filter(|reference| reference.span == token.span)
                {
                    let Some(target) = reference.target else {
                        continue;
                    };
                    let Some(kind) = names.kind_of(file, target) else {
                        continue;
                    };
                    let modifiers = match target {
                        Target::Builtin(_) => vec![TokenModifier::DefaultLibrary],
                        Target::Declared(_) => Vec::new(),
                    };
                    (kind_type(kind), modifiers)
                } else {
                    (TokenType::Value, Vec::new())
                }
            }
            _ => continue,
        };
        out.push(SemanticToken {
            span: token.span,
            token_type,
            modifiers,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    #[test]
    fn names_by_kind_keywords_and_values() {
        let text = r#"/// Doc.
stakeholder omar "Omar" { side buyer role champion }
conversation d "D" { with omar wins change takes 1w }
process seller { d negotiated }
"#;
        let analysis = Analysis::new(text);
        let mut out = String::new();
        for token in semantic_tokens(&analysis) {
            let _ = writeln!(
                out,
                "{:?} {:?} {:?}",
                &text[token.span.range()],
                token.token_type,
                token.modifiers
            );
        }
        insta::assert_snapshot!(out);
    }
}
