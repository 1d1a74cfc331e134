//! Editor features of Parley as plain data (no LSP types): hover, completion,
//! definition, references, rename, symbols, folding, selection ranges,
//! semantic tokens, inlay hints, code actions and formatting. Positions are
//! byte offsets into the document's text; the language server converts them
//! to lines and columns.
//!
//! Every feature is one function of an [`Analysis`] (one checked document)
//! and an offset or span, in its own module. None of them panics on any text.
//! Navigation runs on [`Names`], the editor's index of every name as written
//! (undefined and wrong-kind uses included, so a rename misses none); it is
//! tested to resolve as the checker's model does.

mod analysis;
mod code_actions;
mod completion;
mod fix_all;
mod folding;
mod formatting;
mod goto_definition;
mod hover;
mod inlay_hints;
mod names;
mod prelude;
mod references;
mod rename;
mod selection;
mod semantic_tokens;
mod symbols;

#[cfg(test)]
mod fixture;

pub use analysis::Analysis;
pub use code_actions::{CodeAction, code_actions};
pub use completion::{CompletionItem, CompletionKind, completion};
pub use fix_all::{
    AppliedFix, FixOutcome, MAX_ROUNDS, apply_safe_fixes, fix_all, fix_all_edit, safe_fix,
};
pub use folding::{Fold, FoldKind, folding_ranges};
pub use formatting::format;
pub use goto_definition::{NavigationTarget, goto_definition};
pub use hover::{HoverResult, hover};
pub use inlay_hints::{InlayHint, inlay_hints};
pub use names::{NameKind, Names, Target};
pub use references::{Reference, references};
pub use rename::{RenameError, prepare_rename, rename};
pub use selection::selection_ranges;
pub use semantic_tokens::{SemanticToken, TokenModifier, TokenType, semantic_tokens};
pub use symbols::{Symbol, SymbolKind, document_symbols, workspace_symbols};
