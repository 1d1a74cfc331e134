//! The Parley language server: documents and versions, ordered edits,
//! debounced checks, and the conversion between byte spans and LSP positions.
