//! Byte offsets to lines and columns, and back.
//!
//! The core speaks byte spans; the edges speak lines and columns: the JSON
//! output and LSP count columns in UTF-16 code units unless a client agrees
//! to UTF-8. This wraps rust-analyzer's `line-index` crate, which already
//! knows both encodings, and adds what an editor can throw at it: offsets past
//! the end, columns past a line's end, and columns in the middle of a
//! surrogate pair, all clamped instead of panicking.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP and the language
//! reference say; the line ending belongs to no column. The crate only knows
//! `\n`, so it indexes a copy of the text in which each lone `\r` (one byte,
//! like `\n`) stands as `\n`: every byte offset stays the same.

use line_index::{LineCol, TextSize, WideEncoding};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units, as LSP counts by default.
    #[default]
    Utf16,
}

/// A zero-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// Maps offsets of one text to positions and back.
#[derive(Clone, Debug)]
pub struct LineIndex {
    inner: line_index::LineIndex,
    text: String,
}

impl From<String> for LineIndex {
    /// The index of `text`, which it keeps without copying it (a server
    /// re-indexes a document on every edit).
    fn from(text: String) -> Self {
        let inner = if has_lone_carriage_return(&text) {
            line_index::LineIndex::new(&lone_carriage_returns_as_newlines(&text))
        } else {
            line_index::LineIndex::new(&text)
        };
        LineIndex { inner, text }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex::from(text.to_string())
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The position of a byte offset. An offset past the end is clamped to
    /// the end, and one inside a character to the character's start.
    pub fn position(&self, offset: usize, encoding: Encoding) -> Position {
        let mut offset = self.floor_char_boundary(offset);
        // Between the `\r` and `\n` of a line ending: the line's end.
        if offset > 0
            && self.text.get(offset - 1..offset) == Some("\r")
            && self
                .text
                .get(offset..)
                .is_some_and(|rest| rest.starts_with('\n'))
        {
            offset -= 1;
        }
        let Ok(size) = u32::try_from(offset) else {
            return self.end_position(encoding);
        };
        let utf8 = self.inner.line_col(TextSize::new(size));
        match encoding {
            Encoding::Utf8 => Position {
                line: utf8.line,
                character: utf8.col,
            },
            Encoding::Utf16 => match self.inner.to_wide(WideEncoding::Utf16, utf8) {
                Some(wide) => Position {
                    line: wide.line,
                    character: wide.col,
                },
                None => Position {
                    line: utf8.line,
                    character: utf8.col,
                },
            },
        }
    }

    /// The byte offset of a position, or `None` when its line does not exist.
    /// A column past the line's end means the line's end (as LSP says); a
    /// column inside a character (half a surrogate pair, or a UTF-8 column
    /// inside a multi-byte character) means that character's start.
    pub fn offset(&self, position: Position, encoding: Encoding) -> Option<usize> {
        let line_start = self.line_start(position.line)?;
        let line_end = self.line_end(position.line)?;
        let line = self.text.get(line_start..line_end)?;
        let mut units = 0u32;
        for (index, ch) in line.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
            };
            if units + width > position.character {
                return Some(line_start + index);
            }
            units += width;
        }
        Some(line_end)
    }

    /// The number of lines (a text ending in a line break has an empty
    /// last line).
    pub fn line_count(&self) -> u32 {
        self.end_position(Encoding::Utf8).line.saturating_add(1)
    }

    /// The position just past the last character.
    pub fn end_position(&self, encoding: Encoding) -> Position {
        self.position(self.text.len(), encoding)
    }

    /// The offset where `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        if line == 0 {
            return Some(0);
        }
        let offset = self.inner.offset(LineCol { line, col: 0 })?;
        let offset = usize::from(offset);
        (offset <= self.text.len()).then_some(offset)
    }

    /// The offset where `line`'s content ends, before its `\r\n`, `\n` or `\r`.
    pub fn line_end(&self, line: u32) -> Option<usize> {
        let start = self.line_start(line)?;
        let rest = self.text.get(start..)?;
        let end = rest
            .find(['\n', '\r'])
            .map_or(self.text.len(), |line_break| start + line_break);
        Some(end)
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

fn has_lone_carriage_return(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(at, &byte)| byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
}

/// The text with every `\r` not followed by `\n` replaced by `\n`.
fn lone_carriage_returns_as_newlines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\r' && chars.peek() != Some(&'\n') {
            out.push('\n');
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, encoding: Encoding) {
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let position = index.position(offset, encoding);
            let back = index.offset(position, encoding);
            // The `\n` of a `\r\n` maps to the line's end, on the `\r`.
            let inside_crlf = offset > 0
                && text.get(offset - 1..offset) == Some("\r")
                && text
                    .get(offset..)
                    .is_some_and(|rest| rest.starts_with('\n'));
            let expected = if inside_crlf { offset - 1 } else { offset };
            assert_eq!(
                back,
                Some(expected),
                "offset {offset} in {text:?} via {position:?}"
            );
        }
    }

    #[test]
    fn an_index_built_from_an_owned_text_is_the_same_index() {
        for text in ["", "a\nb", "a😀b\r\n中文c\n", "one\rtwo\r\nthree\n\nfour"] {
            let borrowed = LineIndex::new(text);
            let owned = LineIndex::from(text.to_string());
            assert_eq!(owned.text(), text);
            assert_eq!(owned.line_count(), borrowed.line_count());
            for offset in 0..=text.len() + 1 {
                for encoding in [Encoding::Utf8, Encoding::Utf16] {
                    let position = borrowed.position(offset, encoding);
                    assert_eq!(
                        owned.position(offset, encoding),
                        position,
                        "{text:?} {offset}"
                    );
                    assert_eq!(
                        owned.offset(position, encoding),
                        borrowed.offset(position, encoding)
                    );
                }
            }
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_as_two() {
        let text = "a😀b\n中文c";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(5, Encoding::Utf16),
            Position {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            index.position(5, Encoding::Utf8),
            Position {
                line: 0,
                character: 5
            }
        );
        let c = text.find('c').unwrap();
        assert_eq!(
            index.position(c, Encoding::Utf16),
            Position {
                line: 1,
                character: 2
            }
        );
        assert_eq!(
            index.position(c, Encoding::Utf8),
            Position {
                line: 1,
                character: 6
            }
        );
    }

    #[test]
    fn crlf_lines() {
        let text = "ab\r\ncd\r\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(4, Encoding::Utf16),
            Position {
                line: 1,
                character: 0
            }
        );
        assert_eq!(index.line_end(0), Some(2));
        assert_eq!(
            index.offset(
                Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            Some(2)
        );
        assert_eq!(
            index.offset(
                Position {
                    line: 2,
                    character: 0
                },
                Encoding::Utf16
            ),
            Some(8)
        );
        assert_eq!(
            index.offset(
                Position {
                    line: 3,
                    character: 0
                },
                Encoding::Utf16
            ),
            None
        );
    }

    #[test]
    fn mid_surrogate_column_means_the_character_start() {
        let text = "😀x";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(
                Position {
                    line: 0,
                    character: 1
                },
                Encoding::Utf16
            ),
            Some(0)
        );
        assert_eq!(
            index.offset(
                Position {
                    line: 0,
                    character: 2
                },
                Encoding::Utf16
            ),
            Some(4)
        );
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_character_are_clamped() {
        let text = "é\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(1, Encoding::Utf16),
            Position {
                line: 0,
                character: 0
            }
        );
        assert_eq!(
            index.position(99, Encoding::Utf16),
            Position {
                line: 1,
                character: 0
            }
        );
    }

    #[test]
    fn every_offset_roundtrips() {
        for text in ["", "a", "a😀b\n中文c\n", "x\r\ny\r\n", "\n\n", "é🎉\r\n中"] {
            roundtrip(text, Encoding::Utf16);
            roundtrip(text, Encoding::Utf8);
        }
    }

    /// A lone `\r` ends a line, as in LSP: at the end of the text too, so
    /// the end of "ab\r" is the start of an empty second line.
    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "ab\rcd\r";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_end(0), Some(2));
        assert_eq!(index.line_start(1), Some(3));
        assert_eq!(
            index.position(4, Encoding::Utf16),
            Position {
                line: 1,
                character: 1
            }
        );
        let end = index.position(text.len(), Encoding::Utf16);
        assert_eq!(
            end,
            Position {
                line: 2,
                character: 0
            }
        );
        assert_eq!(index.offset(end, Encoding::Utf16), Some(text.len()));
        assert_eq!(
            index.offset(
                Position {
                    line: 0,
                    character: 9
                },
                Encoding::Utf16
            ),
            Some(2)
        );
        roundtrip("stakeholder x\r\r\r", Encoding::Utf16);
        roundtrip("a\r\nb\r", Encoding::Utf8);
        roundtrip("é\r中\r\n😀\rz", Encoding::Utf16);
    }
}
