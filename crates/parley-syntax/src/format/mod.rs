//! The formatter: one canonical layout for every playbook, lossless and
//! idempotent.
//!
//! [`format`] rewrites only the whitespace between tokens: every token and
//! every comment survives, in order, written exactly as in the source (a
//! comment loses only its trailing whitespace; a step's markers are put in
//! canonical order, `negotiated` before the pace). The style itself is
//! written down in the language reference ("Formatting style"); the layout
//! rules live in [`layout`]. [`format_edits`] turns the result into minimal
//! text edits for an editor.
//!
//! A file with syntax errors is refused, never half-formatted.

mod edits;
mod layout;

use std::fmt;

use crate::{Span, Token, TokenKind, lex, parse};

pub use edits::format_edits;

/// The byte-order mark a file may start with; it is kept.
const BOM: char = '\u{feff}';

/// One level of indentation.
const INDENT: &str = "  ";

/// Why a file could not be formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatErrorKind {
    /// The file does not parse; formatting it could lose what the user meant.
    Syntax,
    /// The layout would have changed the file's tokens; the file is left as
    /// it is. This is a bug in the formatter, reported instead of a loss.
    Lossy,
}

/// A file the formatter refuses, with what went wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    pub kind: FormatErrorKind,
    /// What went wrong, without the position.
    pub message: String,
    /// Where, as a byte span of the source.
    pub span: Span,
    /// One-based line of `span.start`.
    pub line: usize,
    /// One-based column of `span.start`, in characters.
    pub column: usize,
}

impl FormatError {
    fn new(kind: FormatErrorKind, message: String, text: &str, span: Span) -> Self {
        let (line, column) = line_and_column(text, span.start());
        FormatError {
            kind,
            message,
            span,
            line,
            column,
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            FormatErrorKind::Syntax => write!(
                f,
                "syntax error at line {}, column {}: {}",
                self.line, self.column, self.message
            ),
            FormatErrorKind::Lossy => write!(
                f,
                "formatting would change the tokens at line {}, column {} ({}); the file is left as it is",
                self.line, self.column, self.message
            ),
        }
    }
}

impl std::error::Error for FormatError {}

/// Formats a playbook in the canonical style.
///
/// Returns the formatted text (equal to `text` when it is already
/// formatted), or an error when the file has syntax errors.
pub fn format(text: &str) -> Result<String, FormatError> {
    format_tokens(text).map(|formatted| formatted.text)
}

/// A formatted text with the tokens on both sides, for [`format_edits`].
struct Formatted {
    text: String,
    /// The source's tokens.
    source: Vec<Token>,
    /// The formatted text's tokens.
    output: Vec<Token>,
    /// For each output token, the index of the source token it is.
    order: Vec<usize>,
}

fn format_tokens(text: &str) -> Result<Formatted, FormatError> {
    let tokens = lex(text);
    refuse_syntax_errors(text, &tokens)?;

    let lines = layout::layout(text, &tokens);
    let line_ending = line_ending(text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    if text.starts_with(BOM) {
        out.push(BOM);
    }
    let mut expected: Vec<(TokenKind, &str)> = Vec::with_capacity(tokens.len());
    let mut order = Vec::with_capacity(tokens.len());
    for line in &lines {
        if line.blank_before {
            out.push_str(line_ending);
        }
        for _ in 0..line.indent {
            out.push_str(INDENT);
        }
        let mut before: Option<TokenKind> = None;
        for &index in &line.tokens {
            let Some(token) = tokens.get(index) else {
                continue;
            };
            let written = token_text(text, token);
            if let Some(before) = before {
                let tight = token.kind == TokenKind::Comma
                    || (before == TokenKind::LBrace && token.kind == TokenKind::RBrace);
                if !tight {
                    out.push(' ');
                }
            }
            out.push_str(written);
            expected.push((token.kind, written));
            order.push(index);
            before = Some(token.kind);
        }
        out.push_str(line_ending);
    }

    let output = verify_lossless(text, &tokens, &expected, &out)?;
    Ok(Formatted {
        text: out,
        source: tokens,
        output,
        order,
    })
}

/// Refuses a file that does not parse: the parser's first error, or a token
/// the lexer could not make sense of.
fn refuse_syntax_errors(text: &str, tokens: &[Token]) -> Result<(), FormatError> {
    let parse = parse(text);
    let mut errors: Vec<(Span, String)> = parse
        .errors
        .iter()
        .map(|error| (error.span, error.message.clone()))
        .collect();
    // The parser reports these too; the lexer's view is a safety net.
    for token in tokens.iter().filter(|_| parse.errors.is_empty()) {
        match token.kind {
            TokenKind::Error => errors.push((
                token.span,
                format!(
                    "unexpected character `{}`",
                    text.get(token.span.range()).unwrap_or_default()
                ),
            )),
            TokenKind::UnterminatedString => {
                errors.push((token.span, "unterminated string".to_string()));
            }
            _ => {}
        }
    }
    errors.sort_by_key(|(span, _)| (span.start(), span.end()));
    let count = errors.len();
    match errors.into_iter().next() {
        None => Ok(()),
        Some((span, message)) => {
            let message = if count > 1 {
                format!("{message} (and {} more)", count - 1)
            } else {
                message
            };
            Err(FormatError::new(
                FormatErrorKind::Syntax,
                message,
                text,
                span,
            ))
        }
    }
}

/// The text a token is written with: as in the source, except that a comment
/// loses its trailing whitespace (a CRLF file's `\r` included).
fn token_text<'a>(text: &'a str, token: &Token) -> &'a str {
    let written = text.get(token.span.range()).unwrap_or_default();
    if token.kind.is_trivia() {
        written.trim_end()
    } else {
        written
    }
}

/// Checks that `out` holds exactly the tokens the layout wrote, and the
/// source's tokens: nothing merged, split, lost or invented. Returns the
/// tokens of `out`.
fn verify_lossless(
    text: &str,
    source: &[Token],
    expected: &[(TokenKind, &str)],
    out: &str,
) -> Result<Vec<Token>, FormatError> {
    let relexed = lex(out);
    let mismatch = (0..expected.len().max(relexed.len())).find(|index| {
        let written = expected.get(*index).copied();
        let read = relexed
            .get(*index)
            .map(|token| (token.kind, token_text(out, token)));
        written != read
    });
    let lost = expected.len() != source.len();
    match (mismatch, lost) {
        (None, false) => Ok(relexed),
        (index, _) => {
            let index = index.unwrap_or(expected.len().min(source.len()));
            let span = source
                .get(index)
                .or(source.last())
                .map_or(Span::empty(0), |token| token.span);
            Err(FormatError::new(
                FormatErrorKind::Lossy,
                format!("token {} of {}", index + 1, source.len()),
                text,
                span,
            ))
        }
    }
}

/// The file's line ending, by its first line: `\r\n`, `\n`, or a lone `\r`
/// (which the language also reads as a line end); `\n` for a file of one line.
fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(index) if text.get(index..index + 1) == Some("\r") => {
            if text.get(index + 1..index + 2) == Some("\n") {
                "\r\n"
            } else {
                "\r"
            }
        }
        _ => "\n",
    }
}

/// One-based line and column (in characters) of a byte offset. Lines end at
/// `\n`, `\r\n` or a lone `\r`; a leading byte-order mark takes no column.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or_default();
    let (mut line, mut column) = (1, 1);
    let mut chars = before.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            BOM if line == 1 && column == 1 => {}
            _ => column += 1,
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_that_would_change_a_token_is_refused() {
        let text = "stakeholder dana \"Dana\" {}\n";
        let tokens = lex(text);
        // As if the layout had glued `dana` to the title: `dana"Dana"`.
        let expected: Vec<(TokenKind, &str)> = tokens
            .iter()
            .map(|token| (token.kind, token_text(text, token)))
            .collect();
        let out = "stakeholder dana\"Dana\"{}\n";
        assert!(verify_lossless(text, &tokens, &expected, out).is_ok());
        let out = "stakeholder dana \"Dana {}\n";
        let error = verify_lossless(text, &tokens, &expected, out).unwrap_err();
        assert_eq!(error.kind, FormatErrorKind::Lossy);
        assert_eq!((error.line, error.column), (1, 18));
        assert_eq!(
            error.to_string(),
            "formatting would change the tokens at line 1, column 18 (token 3 of 5); the file is left as it is"
        );
    }

    #[test]
    fn lines_end_at_any_line_break_and_columns_count_characters() {
        let text = "\u{feff}a\r\nb\rcé d\ne";
        assert_eq!(line_and_column(text, 3), (1, 1));
        assert_eq!(line_and_column(text, text.find('b').unwrap()), (2, 1));
        assert_eq!(line_and_column(text, text.find('d').unwrap()), (3, 4));
        assert_eq!(line_and_column(text, text.len() + 10), (4, 2));
    }
}
