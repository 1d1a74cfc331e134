//! Byte offsets to lines and columns, and back.
//!
//! The core speaks byte spans; the edges speak lines and columns: the JSON
//! output and LSP count columns in UTF-16 code units unless a client agrees
//! to UTF-8. The index also takes what an editor can throw at it: offsets
//! past the end, columns past a line's end, and columns in the middle of a
//! surrogate pair, all clamped instead of panicking.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP and the language
//! reference say; the line ending belongs to no column.
//!
//! Every conversion costs the same however long the line is: the line of an
//! offset is a binary search over where lines start, and a UTF-16 column is
//! the difference between two running counts of UTF-16 units, each read from
//! a table that holds the count at every [`BLOCK`]th byte plus a scan of at
//! most that many bytes (the table is kept only for a text that is not all
//! ASCII). A column back to an offset is a binary search over the same
//! table within the line. So a document's worth of conversions is linear in
//! it even when it is one long line full of non-ASCII text (rust-analyzer's
//! `line-index` crate, which this once wrapped, walked every non-ASCII
//! character of the line on each conversion).

/// Bytes between two entries of the table of running counts.
const BLOCK: usize = 64;

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
    text: String,
    /// Where each line but the first starts: just past its line break.
    /// Offsets are kept in 32 bits, as spans are: a text is at most
    /// [`crate::span::MAX_SOURCE_LEN`] bytes, and past that its lines are not
    /// told apart (nor its columns counted), but nothing panics.
    line_starts: Vec<u32>,
    /// The characters and UTF-16 units before every [`BLOCK`]th byte (entry
    /// `k` counts those before byte `k * BLOCK`, a character counted from
    /// its first byte), one entry past the end; empty for an ASCII text,
    /// where both counts are the offset itself.
    counts: Box<[Entry]>,
}

/// An entry of [`LineIndex::counts`]: [`Counts`] in 32 bits (a text's
/// characters and UTF-16 units are at most its bytes), half the size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Entry {
    chars: u32,
    utf16: u32,
}

impl Entry {
    fn of(counts: Counts) -> Entry {
        Entry {
            chars: u32::try_from(counts.chars).unwrap_or(u32::MAX),
            utf16: u32::try_from(counts.utf16).unwrap_or(u32::MAX),
        }
    }

    fn counts(self) -> Counts {
        Counts {
            chars: self.chars as usize,
            utf16: self.utf16 as usize,
        }
    }
}

/// Running counts of a text's characters and UTF-16 units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    chars: usize,
    utf16: usize,
}

impl Counts {
    /// The characters starting in `bytes` (those whose first byte is in
    /// it) and their UTF-16 units: one per character, two for each of four
    /// bytes in UTF-8.
    fn of(bytes: &[u8]) -> Counts {
        let chars = bytes.iter().filter(|&&byte| !is_continuation(byte)).count();
        let four_byte = bytes.iter().filter(|&&byte| byte >= 0xF0).count();
        Counts {
            chars,
            utf16: chars + four_byte,
        }
    }

    fn plus(self, other: Counts) -> Counts {
        Counts {
            chars: self.chars + other.chars,
            utf16: self.utf16 + other.utf16,
        }
    }
}

/// A byte that continues a character rather than starting one.
fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

impl From<String> for LineIndex {
    /// The index of `text`, which it keeps without copying it (a server
    /// re-indexes a document on every edit).
    fn from(text: String) -> Self {
        let line_starts = line_starts(text.as_bytes());
        let counts = if text.is_ascii() {
            Box::default()
        } else {
            block_counts(text.as_bytes())
        };
        LineIndex {
            text,
            line_starts,
            counts,
        }
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
        let bytes = self.text.as_bytes();
        if offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n')
        {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0);
        Position {
            line,
            character: u32::try_from(self.columns_between(start, offset, encoding))
                .unwrap_or(u32::MAX),
        }
    }

    /// The columns from one offset to a later one, counted in `encoding`
    /// (both clamped as [`LineIndex::position`] clamps an offset), in
    /// constant time: from where a line starts, the column of an offset on
    /// it, whatever lies before.
    pub fn columns_between(&self, from: usize, to: usize, encoding: Encoding) -> usize {
        let (from, to) = (self.floor_char_boundary(from), self.floor_char_boundary(to));
        match encoding {
            Encoding::Utf8 => to.saturating_sub(from),
            Encoding::Utf16 => self
                .counts_at(to)
                .utf16
                .saturating_sub(self.counts_at(from).utf16),
        }
    }

    /// The byte offset of a position, or `None` when its line does not exist.
    /// A column past the line's end means the line's end (as LSP says); a
    /// column inside a character (half a surrogate pair, or a UTF-8 column
    /// inside a multi-byte character) means that character's start.
    pub fn offset(&self, position: Position, encoding: Encoding) -> Option<usize> {
        let start = self.line_start(position.line)?;
        let end = self.line_end(position.line)?;
        let character = usize::try_from(position.character).unwrap_or(usize::MAX);
        if encoding == Encoding::Utf8 || self.counts.is_empty() {
            // In an ASCII text a UTF-16 unit is a byte too.
            return Some(self.floor_char_boundary(start.saturating_add(character).min(end)));
        }
        // The answer is the last character boundary of the line with at
        // most `target` units before it. Skip to the last entry of the table
        // within the line that is still at most `target`, then walk: at most
        // one block, as the next entry is past `target` or past the line.
        let target = self.counts_at(start).utf16.saturating_add(character);
        let first_block = start / BLOCK + 1;
        let last_block = end / BLOCK;
        let mut from = start;
        if let Some(blocks) = self.counts.get(first_block..=last_block) {
            let within = blocks.partition_point(|entry| entry.utf16 as usize <= target);
            if within > 0 {
                from = (first_block + within - 1) * BLOCK;
            }
        }
        let mut units = self.counts_at(from).utf16;
        // A block may start inside a character, already counted: skip it.
        while !self.text.is_char_boundary(from) {
            from += 1;
        }
        for (at, ch) in self.text.get(from..end)?.char_indices() {
            let width = ch.len_utf16();
            if units + width > target {
                return Some(from + at);
            }
            units += width;
        }
        Some(end)
    }

    /// The zero-based line an offset is on: a line holds its line break, so
    /// an offset at a `\n` is on the line the `\n` ends, and one past the
    /// end is on the last line.
    pub fn line_of(&self, offset: usize) -> u32 {
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= offset);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The number of characters (Unicode scalar values) before a byte
    /// offset, which is clamped as [`LineIndex::position`] clamps it: with
    /// two of them, the characters between, however far apart.
    pub fn chars_before(&self, offset: usize) -> usize {
        self.counts_at(self.floor_char_boundary(offset)).chars
    }

    /// The number of lines (a text ending in a line break has an empty
    /// last line).
    pub fn line_count(&self) -> u32 {
        u32::try_from(self.line_starts.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1)
    }

    /// The position just past the last character.
    pub fn end_position(&self, encoding: Encoding) -> Position {
        self.position(self.text.len(), encoding)
    }

    /// The offset where `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        match usize::try_from(line).ok()?.checked_sub(1) {
            None => Some(0),
            Some(previous) => self.line_starts.get(previous).map(|&start| start as usize),
        }
    }

    /// The offset where `line`'s content ends, before its `\r\n`, `\n` or `\r`.
    pub fn line_end(&self, line: u32) -> Option<usize> {
        let start = self.line_start(line)?;
        let next = usize::try_from(line)
            .ok()
            .and_then(|line| self.line_starts.get(line))
            .map(|&next| next as usize);
        let end = match next {
            // Just past the line break: one byte, or two for `\r\n`.
            Some(next)
                if next >= 2 && self.text.as_bytes().get(next - 2..next) == Some(b"\r\n") =>
            {
                next - 2
            }
            Some(next) => next.saturating_sub(1),
            None => self.text.len(),
        };
        Some(end.max(start))
    }

    /// The characters and UTF-16 units before `offset` (at most the text's
    /// length), a character counted from its first byte.
    fn counts_at(&self, offset: usize) -> Counts {
        let offset = offset.min(self.text.len());
        if self.counts.is_empty() {
            return Counts {
                chars: offset,
                utf16: offset,
            };
        }
        let block = offset / BLOCK;
        let before = self.counts.get(block).copied().unwrap_or_default().counts();
        let rest = self
            .text
            .as_bytes()
            .get(block * BLOCK..offset)
            .unwrap_or_default();
        before.plus(Counts::of(rest))
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Where each line but the first starts, after `\n`, `\r\n` or a lone `\r`
/// (up to [`crate::span::MAX_SOURCE_LEN`]), in a vector of its own size.
fn line_starts(bytes: &[u8]) -> Vec<u32> {
    // Eight bytes at a time: a word with no byte below `\r` + 1 (which
    // text hardly has, and both breaks are) holds no line break.
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |word: u64| word.wrapping_sub(ONES * u64::from(b'\r' + 1)) & !word & HIGHS != 0;
    let mut starts = Vec::new();
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let value = u64::from_ne_bytes(word.try_into().unwrap_or([0; 8]));
        if below(value) {
            push_line_starts(bytes, at, word, &mut starts);
        }
        at += 8;
    }
    push_line_starts(bytes, at, words.remainder(), &mut starts);
    // Grown by doubling, up to twice what it holds: a server keeps one
    // index per open document.
    starts.shrink_to_fit();
    starts
}

/// Adds where lines start after the breaks among `chunk`, which is
/// `bytes[at..at + chunk.len()]`.
fn push_line_starts(bytes: &[u8], at: usize, chunk: &[u8], starts: &mut Vec<u32>) {
    for (offset, &byte) in chunk.iter().enumerate() {
        let here = at + offset;
        if byte == b'\n' || (byte == b'\r' && bytes.get(here + 1) != Some(&b'\n')) {
            if let Ok(start) = u32::try_from(here + 1) {
                starts.push(start);
            }
        }
    }
}

/// The running counts before each [`BLOCK`]th byte, and at the end.
fn block_counts(bytes: &[u8]) -> Box<[Entry]> {
    let mut counts = Vec::with_capacity(bytes.len() / BLOCK + 2);
    let mut running = Counts::default();
    for block in bytes.chunks(BLOCK) {
        counts.push(Entry::of(running));
        running = running.plus(Counts::of(block));
    }
    counts.push(Entry::of(running));
    counts.into_boxed_slice()
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
    fn line_of_counts_every_byte_of_a_line_break_to_the_line_it_ends() {
        let text = "ab\r\nc\rd\n\né";
        let index = LineIndex::new(text);
        let lines: Vec<u32> = (0..=text.len() + 2).map(|at| index.line_of(at)).collect();
        // a b \r \n | c \r | d \n | \n | é (two bytes) | the end, and past it
        assert_eq!(lines, [0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 4, 4, 4, 4]);
        for at in 0..=text.len() {
            assert_eq!(
                index.line_of(at),
                naive_position(text, at, Encoding::Utf8).line
            );
        }
    }

    /// What a position is, computed the slow way: the line by counting
    /// line breaks, the column by measuring the line up to the offset.
    fn naive_position(text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset > 0 && text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
            offset -= 1;
        }
        let before = &text[..offset];
        let mut line = 0;
        let mut start = 0;
        for (at, ch) in before.char_indices() {
            let crlf = ch == '\r' && text[at + 1..].starts_with('\n');
            if ch == '\n' || (ch == '\r' && !crlf) {
                line += 1;
                start = at + 1;
            }
        }
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => text[start..offset].encode_utf16().count(),
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// What an offset is, computed the slow way: the lines by splitting,
    /// the column by walking the line's characters.
    fn naive_offset(text: &str, position: Position, encoding: Encoding) -> Option<usize> {
        let mut starts = vec![0];
        for (at, ch) in text.char_indices() {
            let crlf = ch == '\r' && text[at + 1..].starts_with('\n');
            if ch == '\n' || (ch == '\r' && !crlf) {
                starts.push(at + 1);
            }
        }
        let start = *starts.get(position.line as usize)?;
        let end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |at| start + at);
        let mut units = 0u32;
        for (at, ch) in text[start..end].char_indices() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
            };
            if units + width > position.character {
                return Some(start + at);
            }
            units += width;
        }
        Some(end)
    }

    /// Every offset of `text` (and a few past it) converts as the naive
    /// computation says, and every column of every line, up to a few past
    /// its end, converts back as it says.
    fn agrees_with_the_naive_computation(text: &str) {
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.position(offset, encoding),
                    naive_position(text, offset, encoding),
                    "offset {offset} of {text:?} in {encoding:?}"
                );
            }
            for line in 0..index.line_count() + 1 {
                let line_text = index
                    .line_start(line)
                    .zip(index.line_end(line))
                    .map_or("", |(start, end)| &text[start..end]);
                let width = match encoding {
                    Encoding::Utf8 => line_text.len(),
                    Encoding::Utf16 => line_text.encode_utf16().count(),
                };
                for character in (0..width as u32 + 3).chain([u32::MAX]) {
                    let position = Position { line, character };
                    assert_eq!(
                        index.offset(position, encoding),
                        naive_offset(text, position, encoding),
                        "{position:?} of {text:?} in {encoding:?}"
                    );
                }
            }
        }
        for offset in 0..=text.len() + 2 {
            let mut floor = offset.min(text.len());
            while !text.is_char_boundary(floor) {
                floor -= 1;
            }
            assert_eq!(index.chars_before(offset), text[..floor].chars().count());
            let line_start = index
                .line_start(index.position(offset, Encoding::Utf8).line)
                .unwrap();
            for from in [0, line_start] {
                assert_eq!(
                    index.columns_between(from, offset, Encoding::Utf16),
                    text[from..floor].encode_utf16().count()
                );
                assert_eq!(
                    index.columns_between(from, offset, Encoding::Utf8),
                    floor - from
                );
            }
        }
    }

    /// A long line with non-ASCII text before and after the offsets looked
    /// up, crossing the table's blocks at every phase: the index agrees
    /// with the naive computation everywhere.
    #[test]
    fn a_long_line_of_wide_characters_agrees_with_the_naive_computation() {
        let mut text = String::from("ab\r\n");
        for round in 0..40 {
            text.push_str(&"é".repeat(round));
            text.push_str(" step ");
            text.push_str(&"😀".repeat(round % 7));
            text.push_str(&"中".repeat(round % 5));
            text.push_str(&"x".repeat(round % 3));
        }
        text.push_str("\rlast 😀 line\n");
        agrees_with_the_naive_computation(&text);
    }

    /// One line of 100,000 `é` between ASCII steps, as a pasted comment
    /// makes: positions before, inside and after it are what the naive
    /// computation gives, and every position found maps back to its offset.
    #[test]
    fn positions_on_a_line_of_100000_wide_characters() {
        let text = format!(
            "process seller {{{} }} // {}😀 tail\nnext",
            " a".repeat(2000),
            "é".repeat(100_000)
        );
        let index = LineIndex::new(&text);
        let offsets = (0..text.len()).step_by(997).chain([
            text.find('}').unwrap(),
            text.find('😀').unwrap(),
            text.find(" tail").unwrap(),
            text.find("next").unwrap(),
            text.len(),
        ]);
        for offset in offsets {
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let position = index.position(offset, encoding);
                assert_eq!(
                    position,
                    naive_position(&text, offset, encoding),
                    "{offset}"
                );
                let mut floor = offset;
                while !text.is_char_boundary(floor) {
                    floor -= 1;
                }
                assert_eq!(index.offset(position, encoding), Some(floor), "{offset}");
            }
        }
        let tail = text.find(" tail").unwrap();
        assert_eq!(
            index.position(tail, Encoding::Utf16),
            Position {
                line: 0,
                character: (tail - "😀".len() - 100_000 * "é".len() + 100_000 + 2) as u32
            }
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Whatever the text, the index converts as the naive computation.
        #[test]
        fn any_text_agrees_with_the_naive_computation(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "step ", "\n", "\r\n", "\r", "é", "中文", "😀", "\u{2028}", "\t",
                    "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
                ]),
                0..40,
            )
        ) {
            agrees_with_the_naive_computation(&parts.concat());
        }
    }

    #[test]
    fn texts_with_every_kind_of_line_end_agree_with_the_naive_computation() {
        for text in [
            "",
            "a",
            "\n",
            "\r",
            "\r\n",
            "\n\r",
            "a😀b\r\n中文c\n",
            "ab\rcd\r\n\r\nef\n\n😀\r",
            "one\rtwo\r\nthree\n\nfour",
        ] {
            agrees_with_the_naive_computation(text);
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
