//! Editor features of Parley as plain data (no LSP types): hover, completion,
//! definition, references, rename, symbols, folding, semantic tokens, inlay
//! hints and code actions. Positions are byte offsets.
