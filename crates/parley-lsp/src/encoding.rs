//! The one boundary between byte offsets and LSP positions.
//!
//! Every position that enters or leaves the server goes through a
//! [`Positions`], built from the document's [`LineIndex`] and the encoding
//! negotiated at `initialize` (UTF-16 unless the client offers UTF-8).

use parley_syntax::{Encoding, LineIndex, Position as TextPosition, Span};
use tower_lsp_server::ls_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

/// The encoding to speak with a client: UTF-8 when it offers it, else UTF-16.
pub fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// The LSP name of an encoding.
pub fn kind(encoding: Encoding) -> PositionEncodingKind {
    match encoding {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
    }
}

/// Converts between byte offsets of one text and LSP positions.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    index: &'a LineIndex,
    encoding: Encoding,
}

impl<'a> Positions<'a> {
    pub fn new(index: &'a LineIndex, encoding: Encoding) -> Self {
        Positions { index, encoding }
    }

    pub fn position(&self, offset: usize) -> Position {
        let TextPosition { line, character } = self.index.position(offset, self.encoding);
        Position { line, character }
    }

    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end),
        }
    }

    /// The offset of a position, or `None` when its line does not exist. A
    /// column past the end of its line means the line's end.
    pub fn offset(&self, position: Position) -> Option<usize> {
        self.index.offset(
            TextPosition {
                line: position.line,
                character: position.character,
            },
            self.encoding,
        )
    }

    /// The span of a range (its ends swapped when reversed), or `None` when
    /// a line does not exist.
    pub fn span(&self, range: Range) -> Option<Span> {
        let start = self.offset(range.start)?;
        let end = self.offset(range.end)?;
        Some(Span::new(start.min(end), start.max(end)))
    }

    /// Like [`Positions::span`], but a line past the end means the end of
    /// the text: an edit may reach the end of a document however the client
    /// counts its last line.
    pub fn span_clamped(&self, range: Range) -> Span {
        let clamp = |position: Position| {
            self.offset(position)
                .unwrap_or_else(|| self.index.text().len())
        };
        let (start, end) = (clamp(range.start), clamp(range.end));
        Span::new(start.min(end), start.max(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn utf16_and_utf8_columns_after_an_emoji_and_cjk() {
        let index = LineIndex::new("a😀b\r\n中文c\n");
        let utf16 = Positions::new(&index, Encoding::Utf16);
        let utf8 = Positions::new(&index, Encoding::Utf8);
        assert_eq!(utf16.position(5), pos(0, 3));
        assert_eq!(utf8.position(5), pos(0, 5));
        let c = "a😀b\r\n中文".len();
        assert_eq!(utf16.position(c), pos(1, 2));
        assert_eq!(utf8.position(c), pos(1, 6));
        assert_eq!(utf16.offset(pos(1, 2)), Some(c));
        // A column past a CRLF line's end is the line's end, before `\r`.
        assert_eq!(utf16.offset(pos(0, 40)), Some(6));
        // Half a surrogate pair means the emoji's start.
        assert_eq!(utf16.offset(pos(0, 2)), Some(1));
        assert_eq!(utf16.offset(pos(9, 0)), None);
    }

    #[test]
    fn negotiates_utf8_only_when_offered() {
        let mut capabilities = ClientCapabilities::default();
        assert_eq!(negotiate(&capabilities), Encoding::Utf16);
        capabilities.general = Some(tower_lsp_server::ls_types::GeneralClientCapabilities {
            position_encodings: Some(vec![
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8,
            ]),
            ..Default::default()
        });
        assert_eq!(negotiate(&capabilities), Encoding::Utf8);
    }
}
