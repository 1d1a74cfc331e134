//! Conversion of the ide crate's plain data into LSP types. Positions go
//! through [`Positions`], the one encoding boundary.

use std::collections::HashMap;

use parley_ide::{
    CodeAction as IdeCodeAction, CompletionItem as IdeCompletionItem, CompletionKind, Fold,
    FoldKind, HoverResult, InlayHint as IdeInlayHint, SemanticToken as IdeSemanticToken, Symbol,
    SymbolKind as IdeSymbolKind, TokenModifier, TokenType,
};
use parley_syntax::{Diagnostic as IdeDiagnostic, Severity, TextEdit as IdeTextEdit};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CompletionItem, CompletionItemKind, CompletionTextEdit, Diagnostic,
    DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag, DocumentSymbol, Documentation,
    FoldingRange, FoldingRangeKind, Hover, HoverContents, InlayHint, InlayHintLabel, Location,
    MarkupContent, MarkupKind, NumberOrString, SemanticToken, SemanticTokenModifier,
    SemanticTokenType, SemanticTokensLegend, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};

use crate::encoding::{PositionCursor, Positions};

/// The source name shown beside each diagnostic.
pub const SOURCE: &str = "parley";

pub fn diagnostic(positions: Positions, uri: &Uri, diagnostic: &IdeDiagnostic) -> Diagnostic {
    let mut cursors = [
        PositionCursor::new(positions),
        PositionCursor::new(positions),
    ];
    diagnostic_at(&mut cursors, uri, diagnostic)
}

/// A diagnostic, the positions of its span found by the first cursor and
/// those of its labels by the second (fastest when diagnostics come in
/// source order, as an analysis holds them; labels may point far back).
pub fn diagnostic_at(
    [cursor, labels]: &mut [PositionCursor; 2],
    uri: &Uri,
    diagnostic: &IdeDiagnostic,
) -> Diagnostic {
    let range = cursor.range(diagnostic.span);
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), labels.range(label.span)),
            message: label.message.to_string(),
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: unnecessary(diagnostic.code).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Whether a diagnostic is shown faded: an unused declaration (`N005`).
pub fn unnecessary(code: &str) -> bool {
    code == "N005"
}

pub fn text_edit(positions: Positions, edit: &IdeTextEdit) -> TextEdit {
    TextEdit {
        range: positions.range(edit.span),
        new_text: edit.new_text.clone(),
    }
}

/// A hover in the client's format: plain text shows the Markdown source,
/// which reads well enough.
pub fn hover(positions: Positions, result: HoverResult, kind: MarkupKind) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind,
            value: result.markdown,
        }),
        range: Some(positions.range(result.range)),
    }
}

pub fn code_action(positions: Positions, uri: &Uri, action: &IdeCodeAction) -> CodeAction {
    let edits = action
        .edits
        .iter()
        .map(|edit| text_edit(positions, edit))
        .collect();
    CodeAction {
        title: action.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(positions, uri, &action.diagnostic)]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(action.preferred),
        ..CodeAction::default()
    }
}

/// The kind of the action that applies every safe fix at once, as
/// `parley check --fix` does (editors run `source.fixAll` on save when
/// asked to).
pub const FIX_ALL: &str = "source.fixAll.parley";

/// The "fix all" action: the edit that applies every safe fix, `count` of
/// them.
pub fn fix_all_action(
    positions: Positions,
    uri: &Uri,
    edit: &parley_syntax::TextEdit,
    count: usize,
) -> CodeAction {
    let title = match count {
        1 => "Apply the safe fix (as `parley check --fix`)".to_string(),
        n => format!("Apply the {n} safe fixes (as `parley check --fix`)"),
    };
    CodeAction {
        title,
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(
                uri.clone(),
                vec![text_edit(positions, edit)],
            )])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    }
}

pub fn completion_item(positions: Positions, item: IdeCompletionItem) -> CompletionItem {
    CompletionItem {
        kind: Some(match item.kind {
            CompletionKind::Stakeholder => CompletionItemKind::VARIABLE,
            CompletionKind::Conversation => CompletionItemKind::FUNCTION,
            CompletionKind::Commitment => CompletionItemKind::CONSTANT,
            CompletionKind::Keyword => CompletionItemKind::KEYWORD,
            CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        }),
        detail: item.detail,
        documentation: item.documentation.map(|value| {
            Documentation::MarkupContent(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            })
        }),
        sort_text: item.sort_text,
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: positions.range(item.replace),
            new_text: item.label.clone(),
        })),
        label: item.label,
        ..CompletionItem::default()
    }
}

fn symbol_kind(kind: IdeSymbolKind) -> SymbolKind {
    match kind {
        IdeSymbolKind::Playbook => SymbolKind::FILE,
        IdeSymbolKind::Stakeholder => SymbolKind::VARIABLE,
        IdeSymbolKind::Commitment => SymbolKind::CONSTANT,
        IdeSymbolKind::Conversation => SymbolKind::FUNCTION,
        IdeSymbolKind::Process => SymbolKind::NAMESPACE,
        IdeSymbolKind::Step => SymbolKind::EVENT,
    }
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbol(positions: Positions, symbol: Symbol) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = symbol
        .children
        .into_iter()
        .map(|child| document_symbol(positions, child))
        .collect();
    DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: positions.range(symbol.full_range),
        selection_range: positions.range(symbol.focus_range),
        children: (!children.is_empty()).then_some(children),
    }
}

pub fn workspace_symbol(
    positions: Positions,
    uri: &Uri,
    symbol: Symbol,
) -> tower_lsp_server::ls_types::WorkspaceSymbol {
    tower_lsp_server::ls_types::WorkspaceSymbol {
        name: symbol.name,
        kind: symbol_kind(symbol.kind),
        tags: None,
        container_name: symbol.detail,
        location: tower_lsp_server::ls_types::OneOf::Left(Location::new(
            uri.clone(),
            positions.range(symbol.focus_range),
        )),
        data: None,
    }
}

/// A fold over whole lines; `None` when nothing would be hidden. A block
/// folds up to the line before its closing brace, so the brace stays visible.
pub fn folding_range(positions: Positions, fold: Fold) -> Option<FoldingRange> {
    let start = positions.position(fold.span.start()).line;
    let last = positions.position(fold.span.end()).line;
    let end = match fold.kind {
        FoldKind::Block => last.checked_sub(1)?,
        FoldKind::Comment => last,
    };
    (end > start).then(|| FoldingRange {
        start_line: start,
        end_line: end,
        kind: Some(match fold.kind {
            FoldKind::Block => FoldingRangeKind::Region,
            FoldKind::Comment => FoldingRangeKind::Comment,
        }),
        ..FoldingRange::default()
    })
}

pub fn inlay_hint(positions: Positions, hint: IdeInlayHint) -> InlayHint {
    InlayHint {
        position: positions.position(hint.offset),
        label: InlayHintLabel::String(hint.label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}

/// The legend the semantic tokens are encoded against.
pub fn semantic_tokens_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TokenType::ALL
            .iter()
            .map(|kind| token_type(*kind))
            .collect(),
        token_modifiers: TokenModifier::ALL
            .iter()
            .map(|modifier| token_modifier(*modifier))
            .collect(),
    }
}

fn token_type(kind: TokenType) -> SemanticTokenType {
    match kind {
        TokenType::Keyword => SemanticTokenType::KEYWORD,
        TokenType::Comment => SemanticTokenType::COMMENT,
        TokenType::String => SemanticTokenType::STRING,
        TokenType::Number => SemanticTokenType::NUMBER,
        TokenType::Stakeholder => SemanticTokenType::VARIABLE,
        TokenType::Conversation => SemanticTokenType::FUNCTION,
        TokenType::Commitment => SemanticTokenType::TYPE,
        TokenType::Value => SemanticTokenType::ENUM_MEMBER,
        TokenType::Modifier => SemanticTokenType::MODIFIER,
    }
}

fn token_modifier(modifier: TokenModifier) -> SemanticTokenModifier {
    match modifier {
        TokenModifier::Declaration => SemanticTokenModifier::DECLARATION,
        TokenModifier::Documentation => SemanticTokenModifier::DOCUMENTATION,
        TokenModifier::DefaultLibrary => SemanticTokenModifier::DEFAULT_LIBRARY,
    }
}

/// Tokens in LSP's relative encoding. A token never spans lines in Parley;
/// should one, only its first line is kept.
pub fn semantic_tokens(positions: Positions, tokens: &[IdeSemanticToken]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut previous_line, mut previous_start) = (0, 0);
    for token in tokens {
        let start = positions.position(token.span.start());
        let end = positions.position(token.span.end());
        if end.line != start.line || end.character <= start.character {
            continue;
        }
        let delta_line = start.line.saturating_sub(previous_line);
        let delta_start = if delta_line == 0 {
            start.character.saturating_sub(previous_start)
        } else {
            start.character
        };
        let type_index = TokenType::ALL
            .iter()
            .position(|kind| *kind == token.token_type)
            .unwrap_or(0);
        let modifiers = token.modifiers.iter().fold(0u32, |bits, modifier| {
            let index = TokenModifier::ALL
                .iter()
                .position(|known| known == modifier)
                .unwrap_or(0);
            bits | (1 << index)
        });
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: end.character - start.character,
            token_type: u32::try_from(type_index).unwrap_or(0),
            token_modifiers_bitset: modifiers,
        });
        previous_line = start.line;
        previous_start = start.character;
    }
    out
}
