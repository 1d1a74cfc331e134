//! Document symbols (the outline) and workspace symbols.

use parley_syntax::Span;
use parley_syntax::ast::{DeclKind, Item, ProcessItem};

use crate::Analysis;

/// What an outline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Playbook,
    Stakeholder,
    Commitment,
    Conversation,
    Process,
    Step,
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// The title or display name, when there is one.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub full_range: Span,
    pub focus_range: Span,
    pub children: Vec<Symbol>,
}

/// The outline of a document: every declaration and process, with the
/// steps of each process as its children.
pub fn document_symbols(analysis: &Analysis) -> Vec<Symbol> {
    let mut symbols = Vec::new();
    for item in &analysis.file().items {
        match item {
            Item::Playbook(playbook) => symbols.push(Symbol {
                name: playbook.title.as_ref().map_or_else(
                    || "playbook".to_string(),
                    |title| title.value(analysis.text()).into_owned(),
                ),
                detail: Some("playbook".into()),
                kind: SymbolKind::Playbook,
                full_range: playbook.span,
                focus_range: playbook
                    .title
                    .as_ref()
                    .map_or(playbook.keyword, |title| title.span),
                children: Vec::new(),
            }),
            Item::Declaration(declaration) => {
                let Some(name) = &declaration.name else {
                    continue;
                };
                symbols.push(Symbol {
                    name: name.text.to_string(),
                    detail: declaration
                        .title
                        .as_ref()
                        .map(|title| title.value(analysis.text()).into_owned()),
                    kind: match declaration.kind {
                        DeclKind::Stakeholder => SymbolKind::Stakeholder,
                        DeclKind::Commitment => SymbolKind::Commitment,
                        DeclKind::Conversation => SymbolKind::Conversation,
                    },
                    full_range: declaration.span,
                    focus_range: name.span,
                    children: Vec::new(),
                });
            }
            Item::Process(process) => {
                let side = process.side.as_ref();
                let children = process
                    .items
                    .iter()
                    .filter_map(|process_item| match process_item {
                        ProcessItem::Step(step) => Some(Symbol {
                            name: step.conversation.text.to_string(),
                            detail: step.negotiated.map(|_| "negotiated".to_string()),
                            kind: SymbolKind::Step,
                            full_range: step.span,
                            focus_range: step.conversation.span,
                            children: Vec::new(),
                        }),
                        _ => None,
                    })
                    .collect();
                symbols.push(Symbol {
                    name: format!("process {}", side.map_or("", |side| side.text.as_str()))
                        .trim_end()
                        .to_string(),
                    detail: None,
                    kind: SymbolKind::Process,
                    full_range: process.span,
                    focus_range: side.map_or(process.keyword, |side| side.span),
                    children,
                });
            }
        }
    }
    symbols
}

/// The declarations of a document whose names match `query` (every
/// character of the query, in order, ignoring case; an empty query matches
/// all). Steps are left out: they are uses, not declarations.
pub fn workspace_symbols(analysis: &Analysis, query: &str) -> Vec<Symbol> {
    document_symbols(analysis)
        .into_iter()
        .filter(|symbol| symbol.kind != SymbolKind::Playbook || !query.is_empty())
        .filter(|symbol| fuzzy_match(&symbol.name, query))
        .map(|mut symbol| {
            symbol.children.clear();
            symbol
        })
        .collect()
}

fn fuzzy_match(name: &str, query: &str) -> bool {
    let mut name = name.chars().flat_map(char::to_lowercase);
    query
        .chars()
        .flat_map(char::to_lowercase)
        .all(|wanted| name.any(|found| found == wanted))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn outline(symbols: &[Symbol], depth: usize, out: &mut String) {
        for symbol in symbols {
            let _ = writeln!(
                out,
                "{}{:?} {} {:?} {:?}/{:?}",
                "  ".repeat(depth),
                symbol.kind,
                symbol.name,
                symbol.detail,
                symbol.full_range,
                symbol.focus_range
            );
            outline(&symbol.children, depth + 1, out);
        }
    }

    #[test]
    fn outline_of_acme() {
        let analysis = Analysis::new(include_str!("../test_data/acme.parley"));
        let mut out = String::new();
        outline(&document_symbols(&analysis), 0, &mut out);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn workspace_symbols_match_in_order_ignoring_case() {
        let analysis = Analysis::new(include_str!("../test_data/acme.parley"));
        let names: Vec<String> = workspace_symbols(&analysis, "SiGn")
            .into_iter()
            .map(|symbol| symbol.name)
            .collect();
        assert_eq!(names, ["co-design", "signature"]);
        assert!(fuzzy_match("case-for-change", "cfc"));
        assert!(!fuzzy_match("rfp", "pfr"));
    }
}
