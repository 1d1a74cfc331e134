//! One checked document: its text, syntax tree, diagnostics and name index,
//! computed once per version and shared by every feature.

use parley_check::{Model, NegotiatedProcess, analyze};
use parley_syntax::ast::SourceFile;
use parley_syntax::{Diagnostic, Token, lex};

use crate::names::Names;

/// Everything the features need to know about one document's text.
#[derive(Debug)]
pub struct Analysis {
    text: String,
    checked: parley_check::Analysis,
    tokens: Vec<Token>,
    names: Names,
}

impl Analysis {
    /// Parses and checks `text`. Never fails.
    pub fn new(text: &str) -> Self {
        let checked = analyze(text);
        let tokens = lex(text);
        let names = Names::new(&checked.parse.file);
        Analysis {
            text: text.to_string(),
            checked,
            tokens,
            names,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn file(&self) -> &SourceFile {
        &self.checked.parse.file
    }

    /// Every diagnostic, syntax errors included, in source order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.checked.diagnostics
    }

    /// Every token, comments included.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The checker's resolved model of the playbook.
    pub fn model(&self) -> &Model {
        &self.checked.model
    }

    /// The one sequence both parties could sign.
    pub fn negotiated(&self) -> &NegotiatedProcess {
        &self.checked.negotiated
    }
}
