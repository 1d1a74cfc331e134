//! The syntax of Parley playbooks: tokens (logos), the recovering parser
//! (chumsky), the syntax tree with byte spans and comments, and the line
//! index that turns spans into lines and columns at the edges.
//!
//! This crate knows nothing of names or rules: [`parse`] never fails, it
//! returns the tree and the syntax errors (`E001`) it recovered from.

pub mod ast;
mod diagnostic;
mod format;
mod line_index;
mod parser;
mod span;
mod token;

pub use diagnostic::{Diagnostic, Fix, Label, Severity, TextEdit, apply_edits, narrow_edit};
pub use format::{FormatError, FormatErrorKind, format, format_edits};
pub use line_index::{Encoding, LineIndex, Position};
pub use parser::{
    Parse, is_split_point, join_parts, parse, parse_keeping_tokens, parse_part, split_point,
};
pub use span::{MAX_SOURCE_LEN, Span};
pub use thin_vec::{ThinVec, thin_vec};
pub use token::{KEYWORDS, Token, TokenKind, lex};
