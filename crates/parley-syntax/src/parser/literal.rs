//! Literal values (strings, dates, durations) and how tokens are named in
//! error messages.

use crate::ast::{
    DateLit, DurationLit, DurationUnit, FieldKey, Name, StringLit, has_backslash, unescape,
};
use crate::{Diagnostic, Span, Token, TokenKind};
use compact_str::CompactString;

/// The text being parsed and its tokens (comments left out), for the
/// tokens' contents and for what follows a construct.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Source<'s> {
    pub text: &'s str,
    pub tokens: &'s [Token],
}

/// The longest token text quoted in a message.
const QUOTE_LIMIT: usize = 40;

impl<'s> Source<'s> {
    #[inline]
    pub fn slice(self, span: Span) -> &'s str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The token at `index` of the token vector: the one after a construct
    /// that ends before `index`, `None` at the end of the file.
    pub fn token(self, index: usize) -> Option<Token> {
        self.tokens.get(index).copied()
    }

    /// A token's text, shortened for a message.
    pub fn quote(self, span: Span) -> String {
        let text = self.slice(span);
        match text.char_indices().nth(QUOTE_LIMIT) {
            Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or("")),
            None => text.to_string(),
        }
    }

    /// How a found token is named in a message: "a name `foo`", "`}`",
    /// "the end of the file".
    pub fn found(self, tok: Option<Token>) -> String {
        let Some(tok) = tok else {
            return "the end of the file".to_string();
        };
        let described = tok.kind.describe();
        match tok.kind {
            TokenKind::Ident
            | TokenKind::Number
            | TokenKind::Date
            | TokenKind::Duration
            | TokenKind::Error => format!("{described} `{}`", self.quote(tok.span)),
            kind if kind.is_keyword() => {
                format!("{described} (a keyword, which cannot be used as a name)")
            }
            _ => described.to_string(),
        }
    }

    /// Like [`Source::found`], without the keyword remark: for places where a
    /// name was not expected anyway.
    pub fn found_plain(self, tok: Option<Token>) -> String {
        match tok {
            Some(tok) if tok.kind.is_keyword() => tok.kind.describe().to_string(),
            _ => self.found(tok),
        }
    }

    /// A name token as a [`Name`]: read for nearly every token of a
    /// playbook, so inlined where it is read.
    #[inline(always)]
    pub fn name(self, tok: Token) -> Name {
        Name {
            text: CompactString::new(self.slice(tok.span)),
            span: tok.span,
        }
    }

    /// A string literal: its span, kept in the tree, whose value is read
    /// from the text when asked ([`StringLit::value`]). An unknown escape
    /// is reported at the escape (and kept as written in the value); an
    /// unterminated string is reported and keeps what was typed.
    pub fn string(self, tok: Token, diagnostics: &mut Vec<Diagnostic>) -> StringLit {
        let mut literal = StringLit {
            span: tok.span,
            terminated: tok.kind == TokenKind::String,
            escaped: false,
        };
        let contents = literal.contents();
        let written = self.slice(contents);
        // Most strings escape nothing: those are not read again.
        literal.escaped = has_backslash(written.as_bytes());
        if literal.escaped {
            unescape(written, |at, escaped| {
                let start = contents.start() + at;
                diagnostics.push(Diagnostic::syntax(
                    format!(
                        "unknown escape `\\{escaped}`: a string may only escape `\\\"` and `\\\\`"
                    ),
                    Span::new(start, start + 1 + escaped.len_utf8()),
                ));
            });
        }
        if !literal.terminated {
            diagnostics.push(Diagnostic::syntax(
                "unterminated string: expected a closing `\"` before the end of the line",
                tok.span,
            ));
        }
        literal
    }

    /// `YYYY-MM-DD`; the lexer guarantees the shape.
    pub fn date(self, tok: Token) -> DateLit {
        let text = self.slice(tok.span);
        if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *text.as_bytes() {
            if let (Some(year), Some(month), Some(day)) = (
                digits(&[y0, y1, y2, y3]),
                digits(&[m0, m1]),
                digits(&[d0, d1]),
            ) {
                return DateLit {
                    year,
                    month,
                    day,
                    span: tok.span,
                };
            }
        }
        let mut parts = text.split('-').map(|part| part.parse::<u32>().unwrap_or(0));
        DateLit {
            year: parts.next().unwrap_or(0),
            month: parts.next().unwrap_or(0),
            day: parts.next().unwrap_or(0),
            span: tok.span,
        }
    }

    /// `3d` or `2w`; an amount that does not fit a `u32` is an error.
    pub fn duration(self, tok: Token) -> Result<DurationLit, Diagnostic> {
        let text = self.slice(tok.span);
        let (digits, unit) = match text.strip_suffix('w') {
            Some(digits) => (digits, DurationUnit::Weeks),
            None => (text.strip_suffix('d').unwrap_or(text), DurationUnit::Days),
        };
        match self::digits(digits.as_bytes()) {
            Some(amount) => Ok(DurationLit {
                amount,
                unit,
                span: tok.span,
            }),
            None => Err(Diagnostic::syntax(
                format!(
                    "the duration `{}` is too long: its amount can be at most {}",
                    self.quote(tok.span),
                    u32::MAX
                ),
                tok.span,
            )),
        }
    }
}

/// The number written by a run of ASCII digits, as `str::parse::<u32>`
/// reads such a run: `None` when the run is empty, holds anything but
/// digits (a sign included: the lexer never puts one in a date or a
/// duration), or does not fit a `u32`. Dates and durations are read by it.
fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() {
        return None;
    }
    bytes.iter().try_fold(0u32, |number, byte| {
        let digit = byte.checked_sub(b'0').filter(|digit| *digit <= 9)?;
        number.checked_mul(10)?.checked_add(u32::from(digit))
    })
}

/// Keeps the first of the problems found in one construct, so that one
/// mistake gives one error. A problem is described only when it is the
/// first: the later ones cost nothing.
#[derive(Default)]
pub(crate) struct FirstProblem(Option<Diagnostic>);

impl FirstProblem {
    pub fn report(&mut self, describe: impl FnOnce() -> Diagnostic) {
        if self.0.is_none() {
            self.0 = Some(describe());
        }
    }

    pub fn is_reported(&self) -> bool {
        self.0.is_some()
    }

    pub fn into_diagnostics(self, diagnostics: &mut Vec<Diagnostic>) {
        if let Some(diagnostic) = self.0 {
            diagnostics.push(diagnostic);
        }
    }
}

pub(crate) fn is_field_keyword(kind: TokenKind) -> bool {
    FieldKey::opened_by(kind).is_some()
}

/// `negotiated`, `accelerate`, `decelerate`: the markers after a step.
pub(crate) fn is_step_marker(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Negotiated | TokenKind::Accelerate | TokenKind::Decelerate
    )
}

/// Lists items as "`a`, `b` or `c`".
pub(crate) fn one_of(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => format!("`{only}`"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|item| format!("`{item}`")).collect();
            format!("{} or `{last}`", init.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_read_a_number_as_str_parse_does() {
        for text in [
            "",
            "0",
            "7",
            "0003",
            "12",
            "2027",
            "4294967295",
            "4294967296",
            "99999999999",
            "1a",
            "-1",
            " 1",
            "١",
        ] {
            assert_eq!(
                digits(text.as_bytes()),
                text.parse::<u32>().ok(),
                "{text:?}"
            );
        }
        // `parse` takes a leading `+`; a date or a duration never has one.
        assert_eq!(digits(b"+1"), None);
    }

    #[test]
    fn a_backslash_is_found_wherever_it_stands() {
        let mut texts = vec![String::new(), "no escape at all, quite long".to_string()];
        for len in 0..40 {
            for at in 0..len {
                let mut text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                text[at] = b'\\';
                texts.push(String::from_utf8(text).unwrap());
            }
            texts.push("é\u{5c5c}".repeat(len));
        }
        for text in texts {
            assert_eq!(
                has_backslash(text.as_bytes()),
                text.contains('\\'),
                "{text:?}"
            );
        }
    }
}
