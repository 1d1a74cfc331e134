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
            start: self.position(span.start()),
            end: self.position(span.end()),
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

/// Converts many offsets of one text to positions, each in constant time
/// when it lies on the line of the one before, and in time logarithmic in
/// the distance from it otherwise: over a document's diagnostics, in source
/// order, linear in all. Gives exactly what [`Positions::position`] gives.
pub struct PositionCursor<'a> {
    positions: Positions<'a>,
    /// The line of the last offset converted, where it starts, and where
    /// the next line starts (past the end of the text on the last line).
    line: u32,
    start: usize,
    next: usize,
}

impl<'a> PositionCursor<'a> {
    pub fn new(positions: Positions<'a>) -> Self {
        let mut cursor = PositionCursor {
            positions,
            line: 0,
            start: 0,
            next: 0,
        };
        cursor.next = cursor.line_start(1);
        cursor
    }

    /// Where `line` starts; past the end of the text when it does not exist.
    fn line_start(&self, line: u32) -> usize {
        self.positions
            .index
            .line_start(line)
            .unwrap_or(self.positions.index.text().len() + 1)
    }

    pub fn position(&mut self, offset: usize) -> Position {
        let text = self.positions.index.text();
        let mut offset = offset.min(text.len());
        // Inside a character: its start.
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Between the `\r` and `\n` of a line ending: the line's end.
        let bytes = text.as_bytes();
        if offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n')
        {
            offset -= 1;
        }
        self.seek(offset);
        // From the index's running counts, not by walking the line: on one
        // long line, a walk per position was quadratic.
        let character =
            self.positions
                .index
                .columns_between(self.start, offset, self.positions.encoding);
        Position {
            line: self.line,
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    pub fn range(&mut self, span: Span) -> Range {
        Range {
            start: self.position(span.start()),
            end: self.position(span.end()),
        }
    }

    /// Moves to the line holding `offset` (a char boundary within the
    /// text): a galloping search from the current line, so a nearby line
    /// costs a few probes and a far one a binary search.
    fn seek(&mut self, offset: usize) {
        if (self.start..self.next).contains(&offset) {
            return;
        }
        // The line holding `offset` is at least `low` and below `high`.
        let (mut low, mut high);
        let mut step = 1u32;
        if offset >= self.next {
            low = self.line.saturating_add(1);
            loop {
                let probe = low.saturating_add(step);
                if self.line_start(probe) > offset || probe == u32::MAX {
                    high = probe;
                    break;
                }
                low = probe;
                step = step.saturating_mul(2);
            }
        } else {
            high = self.line;
            loop {
                let probe = high.saturating_sub(step);
                if self.line_start(probe) <= offset {
                    low = probe;
                    break;
                }
                high = probe;
                step = step.saturating_mul(2);
            }
        }
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if self.line_start(middle) <= offset {
                low = middle;
            } else {
                high = middle;
            }
        }
        self.line = low;
        self.start = self.line_start(low).min(offset);
        self.next = self.line_start(low.saturating_add(1));
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

    /// The cursor agrees with the line index on every offset of texts with
    /// every kind of line end and wide characters, whatever the order.
    #[test]
    fn the_cursor_gives_what_the_line_index_gives_in_any_order() {
        let long: String = (0..300)
            .map(|line| ["x\r\n", "é😀\n", "ab\r", "\n"][line % 4])
            .collect();
        for text in [
            long.as_str(),
            "",
            "a",
            "\n",
            "a😀b\r\n中文c\n",
            "ab\rcd\r\n\r\nef\n\n😀\r",
            "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten",
        ] {
            let index = LineIndex::new(text);
            for encoding in [Encoding::Utf16, Encoding::Utf8] {
                let positions = Positions::new(&index, encoding);
                let ascending: Vec<usize> = (0..=text.len() + 2).collect();
                let descending: Vec<usize> = ascending.iter().rev().copied().collect();
                let jumbled: Vec<usize> = ascending
                    .iter()
                    .map(|offset| (offset * 7 + 3) % (text.len() + 3))
                    .collect();
                for order in [ascending, descending, jumbled] {
                    let mut cursor = PositionCursor::new(positions);
                    for offset in order {
                        assert_eq!(
                            cursor.position(offset),
                            positions.position(offset),
                            "offset {offset} of {text:?} in {encoding:?}"
                        );
                    }
                }
            }
        }
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
