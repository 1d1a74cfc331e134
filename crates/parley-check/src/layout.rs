//! How a playbook's text is laid out, for fixes that insert or move lines:
//! its line ending, its indentation, and edits built from them.
//!
//! Fixes follow the file: an inserted step takes the indentation of the step
//! it lands next to and the file's line ending (`\n` or `\r\n`).

use parley_syntax::{Span, TextEdit};

use crate::model::Process;

/// The text of one playbook, with what fixes need to know about its layout.
#[derive(Clone, Debug)]
pub struct Layout<'a> {
    pub text: &'a str,
    /// `"\r\n"` when the file uses it, `"\r"` when its lines end with a
    /// lone `\r`, else `"\n"`.
    pub eol: &'static str,
    /// One level of indentation (the first indented line's, else two spaces).
    pub indent_unit: String,
}

/// The indentation of the first line of `text` that starts with a blank
/// (lines end at `\n`, `\r\n` or a lone `\r`; `has_cr` says whether the
/// text holds a `\r` at all).
///
/// Most playbooks declare their stakeholders, commitments and conversations
/// unindented and indent only their processes, at the end: the line break
/// followed by a blank is searched for (memchr's vector search) rather
/// than each line read in turn.
fn first_indent(text: &str, has_cr: bool) -> Option<&str> {
    let bytes = text.as_bytes();
    let blanks_at = |start: usize| {
        let rest = bytes.get(start..).unwrap_or(&[]);
        let length = rest
            .iter()
            .take_while(|&&byte| byte == b' ' || byte == b'\t')
            .count();
        // Blanks are ASCII: the slice starts and ends on characters.
        text.get(start..start + length)
            .filter(|indent| !indent.is_empty())
    };
    if let Some(indent) = blanks_at(0) {
        return Some(indent);
    }
    let breaks: &[&[u8]] = if has_cr {
        &[b"\n ", b"\n\t", b"\r ", b"\r\t"]
    } else {
        &[b"\n ", b"\n\t"]
    };
    let first = breaks
        .iter()
        .filter_map(|pair| memchr::memmem::find(bytes, pair))
        .min()?;
    blanks_at(first + 1)
}

impl<'a> Layout<'a> {
    pub fn new(text: &'a str) -> Layout<'a> {
        // Most files hold no `\r` at all: one fast search tells.
        let has_cr = memchr::memchr(b'\r', text.as_bytes()).is_some();
        let eol = if !has_cr {
            "\n"
        } else if text.contains("\r\n") {
            "\r\n"
        } else if !text.contains('\n') {
            "\r"
        } else {
            "\n"
        };
        let indent_unit = first_indent(text, has_cr).unwrap_or("  ").to_string();
        Layout {
            text,
            eol,
            indent_unit,
        }
    }

    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The offset where the line holding `offset` starts. Lines end at
    /// `\n`, `\r\n` or a lone `\r`.
    pub fn line_start(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        self.text
            .get(..offset)
            .and_then(|before| before.rfind(['\n', '\r']))
            .map_or(0, |newline| newline + 1)
    }

    /// The offset where the line holding `offset` ends, before its line ending.
    pub fn line_end(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        self.text
            .get(offset..)
            .and_then(|after| after.find(['\n', '\r']))
            .map_or(self.text.len(), |newline| offset + newline)
    }

    /// The offset just past the line ending of the line holding `offset`
    /// (the text's end on the last line).
    pub fn next_line_start(&self, offset: usize) -> usize {
        let end = self.line_end(offset);
        let rest = self.text.get(end..).unwrap_or("");
        let ending = if rest.starts_with("\r\n") {
            2
        } else if rest.starts_with(['\n', '\r']) {
            1
        } else {
            0
        };
        end + ending
    }

    /// The leading whitespace of the line holding `offset`.
    pub fn indent_at(&self, offset: usize) -> &'a str {
        // The blanks from the line's start: a line ending is no blank, so
        // they end on the line without its end being looked for (a read
        // of the text past the offset, perhaps in a line of the cache not
        // yet read).
        let start = self.line_start(offset);
        let rest = self.text.get(start..).unwrap_or("");
        let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        rest.get(..blanks).unwrap_or("")
    }

    /// Whether only whitespace precedes `span` on its line.
    pub fn starts_line(&self, span: Span) -> bool {
        let start = self.line_start(span.start());
        self.text
            .get(start..self.clamp(span.start()))
            .is_some_and(|before| before.trim().is_empty())
    }

    /// Whether only whitespace or a `//` comment follows `span` on its line.
    pub fn ends_line(&self, span: Span) -> bool {
        let end = self.line_end(span.end());
        self.text
            .get(self.clamp(span.end())..end)
            .is_some_and(|after| {
                let after = after.trim();
                after.is_empty() || after.starts_with("//")
            })
    }

    /// Brings the text just before `offset` into the processor's cache,
    /// ahead of a read of the line there (where it starts, its
    /// indentation): a fix's edits read the lines of the steps they move or
    /// insert before, anywhere in a large text.
    #[inline(always)]
    pub(crate) fn prefetch_line(&self, offset: usize) {
        crate::prefetch::prefetch(self.text.as_bytes().get(offset.saturating_sub(8)));
    }

    /// Brings the text of the line holding `span` into the processor's
    /// cache, ahead of the reads of a fix's edits: from just before it
    /// (where its line starts) to its end (where its line's end is looked
    /// for, forward). A step's line is short, but it crosses a line of the
    /// cache often enough that asking for its start alone left its end to
    /// be read from memory on a large playbook.
    #[inline(always)]
    pub(crate) fn prefetch_span_line(&self, span: Span) {
        self.prefetch_line(span.start());
        crate::prefetch::prefetch(self.text.as_bytes().get(span.end()));
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start()..span.end()).unwrap_or("")
    }

    /// The indentation for a new line in `process` next to `anchor`.
    fn step_indent(&self, process: &Process, anchor: Span) -> Indent<'_> {
        if self.line_start(anchor.start()) == self.line_start(process.header.start()) {
            Indent(self.indent_at(process.header.start()), &self.indent_unit)
        } else {
            Indent(self.indent_at(anchor.start()), "")
        }
    }

    /// `lines`, each after a line end and `indent` (the line end after each
    /// line instead, with `eol_after`), written into one string of the
    /// exact size.
    fn lines_text(&self, indent: Indent<'_>, lines: &[String], eol_after: bool) -> String {
        let each = self.eol.len() + indent.len();
        let size = lines.iter().map(|line| each + line.len()).sum();
        let mut text = String::with_capacity(size);
        for line in lines {
            if !eol_after {
                text.push_str(self.eol);
            }
            indent.write(&mut text);
            text.push_str(line);
            if eol_after {
                text.push_str(self.eol);
            }
        }
        text
    }

    /// An edit inserting `lines`, each on its own line, before the step at
    /// `slot` of `process`, or after its last item when `slot` is past the
    /// last step. `None` when the process has no braces to insert into.
    pub fn insert_lines(
        &self,
        process: &Process,
        slot: usize,
        lines: &[String],
    ) -> Option<TextEdit> {
        if lines.is_empty() {
            return None;
        }
        if let Some(step) = process.steps.get(slot) {
            let anchor = step.span;
            let indent = self.step_indent(process, anchor);
            if self.starts_line(anchor) {
                return Some(TextEdit {
                    span: Span::empty(self.line_start(anchor.start())),
                    new_text: self.lines_text(indent, lines, true),
                });
            }
            // Mid-line (`{ d e }`, before `e`): the blanks before the step
            // give way to the line break, so no line ends in a blank.
            let before = self.text.get(..self.clamp(anchor.start())).unwrap_or("");
            let blanks_start = before.trim_end_matches([' ', '\t']).len();
            let mut new_text = self.lines_text(indent, lines, false);
            new_text.reserve_exact(self.eol.len() + indent.len());
            new_text.push_str(self.eol);
            indent.write(&mut new_text);
            return Some(TextEdit {
                span: Span::new(blanks_start, before.len()),
                new_text,
            });
        }
        self.append_lines(process, lines)
    }

    /// An edit appending `lines` after the last item of `process`.
    pub fn append_lines(&self, process: &Process, lines: &[String]) -> Option<TextEdit> {
        if let Some(last) = process.item_spans.last() {
            let indent = self.step_indent(process, *last);
            let close_on_same_line = process
                .close
                .is_some_and(|close| self.line_start(close.start()) == self.line_start(last.end()));
            let new_text = self.lines_text(indent, lines, false);
            // `{ a b }` keeps its `}` after the new lines; otherwise the lines
            // go after the last item's line, trailing comment included.
            let at = if close_on_same_line {
                last.end()
            } else {
                self.line_end(last.end())
            };
            return Some(TextEdit {
                span: Span::empty(at),
                new_text,
            });
        }
        // Without its `{` (an empty span where the parser expected it) there
        // is no place to insert at.
        let open = process.open.filter(|open| !open.is_empty())?;
        let indent = Indent(self.indent_at(process.header.start()), &self.indent_unit);
        let mut new_text = self.lines_text(indent, lines, false);
        let close_on_same_line = process
            .close
            .is_some_and(|close| self.line_start(close.start()) == self.line_start(open.start()));
        if close_on_same_line {
            new_text.push_str(self.eol);
            new_text.push_str(self.indent_at(process.header.start()));
        }
        Some(TextEdit {
            span: Span::empty(open.end()),
            new_text,
        })
    }

    /// The edits moving step `from` of `process` to just before the step at
    /// `slot` (past the end: after the last item). The step's line moves
    /// whole, trailing comment included, when the step is alone on it.
    pub fn move_step(&self, process: &Process, from: usize, slot: usize) -> Option<Vec<TextEdit>> {
        let step = process.steps.get(from)?;
        if slot == from || slot == from + 1 {
            return None;
        }
        let alone = self.starts_line(step.span) && self.ends_line(step.span);
        let (removed, moved_text) = if alone {
            let start = self.line_start(step.span.start());
            let end = self.next_line_start(step.span.end());
            let content = self
                .text
                .get(step.span.start()..self.line_end(step.span.end()))
                .unwrap_or("")
                .trim_end()
                .to_string();
            (Span::new(start, end), content)
        } else {
            // Take the step and the blanks after it.
            let after = self.text.get(step.span.end()..).unwrap_or("");
            let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
            (
                Span::new(step.span.start(), step.span.end() + blanks),
                self.slice(step.span).to_string(),
            )
        };
        let insert = if slot >= process.steps.len() {
            // After the last item that is not the moved step itself, on a
            // line of its own, as the formatter puts every step (and as
            // inserted steps go). When the block's `}` shares that item's
            // line (`{ b a c }`), the line goes before the `}`, which stays
            // where it is: after the item's line it would land outside the
            // block. Otherwise it goes after the item's line, trailing
            // comment included.
            let last = process
                .item_spans
                .iter()
                .rev()
                .find(|span| !removed.contains_span(**span))?;
            let indent = self.step_indent(process, step.span);
            let close_on_same_line = process
                .close
                .is_some_and(|close| self.line_start(close.start()) == self.line_start(last.end()));
            let at = if close_on_same_line {
                last.end()
            } else {
                self.line_end(last.end()).max(last.end())
            };
            TextEdit {
                span: Span::empty(at),
                new_text: self.lines_text(indent, &[moved_text], false),
            }
        } else {
            self.insert_lines(process, slot, &[moved_text])?
        };
        let mut edits = vec![
            TextEdit {
                span: removed,
                new_text: String::new(),
            },
            insert,
        ];
        edits.sort_by_key(|edit| (edit.span.start(), edit.span.end()));
        // An insertion inside the removed text would be lost.
        let overlap = edits.windows(2).any(|pair| match pair {
            [first, second] => second.span.start() < first.span.end(),
            _ => false,
        });
        (!overlap).then_some(edits)
    }
}

/// A line's indentation as two borrowed pieces (an item's own, or its
/// block's plus one unit), written where it is needed without a string of
/// its own.
#[derive(Clone, Copy)]
struct Indent<'a>(&'a str, &'a str);

impl Indent<'_> {
    fn len(self) -> usize {
        self.0.len() + self.1.len()
    }

    fn write(self, out: &mut String) {
        out.push_str(self.0);
        out.push_str(self.1);
    }
}

#[cfg(test)]
mod tests {
    use super::Layout;

    /// Texts with each line ending, tabs, no indentation at all, blank and
    /// empty lines and characters of several bytes.
    const TEXTS: [&str; 9] = [
        "",
        "a",
        "process seller {\n  one\n  two\n}\n",
        "process seller {\r\n\tone\r\n}\r\n",
        "process seller {\r    one\r}\r",
        "\n\n\n   x",
        "    first line indented\nthen not",
        "no indentation\nanywhere\r\nat all",
        "é \"Ünïcode\" {\n\u{3000}not an indent\n  ñ\r\n\t\té\n",
    ];

    #[test]
    fn the_line_ending_is_the_file_s() {
        let eol = |text: &str| Layout::new(text).eol;
        assert_eq!(eol("a\nb\n"), "\n");
        assert_eq!(eol("a\r\nb\r\n"), "\r\n");
        assert_eq!(eol("a\rb\r"), "\r");
        assert_eq!(eol("a\rb\nc"), "\n");
        assert_eq!(eol(""), "\n");
        // A `\r` past the first blocks of the text is found as well.
        let late = format!("{}\r\n", "a\n".repeat(500));
        assert_eq!(eol(&late), "\r\n");
    }

    #[test]
    fn the_indentation_unit_is_the_first_indented_line_s() {
        // What the unit is, read the plain way: the text split into lines.
        let by_lines = |text: &str| {
            text.split(['\n', '\r'])
                .map(|line| {
                    let trimmed = line.trim_start_matches([' ', '\t']);
                    line[..line.len() - trimmed.len()].to_string()
                })
                .find(|indent| !indent.is_empty())
                .unwrap_or_else(|| "  ".to_string())
        };
        for text in TEXTS {
            assert_eq!(Layout::new(text).indent_unit, by_lines(text), "{text:?}");
        }
        assert_eq!(Layout::new("a\n\tb\n  c").indent_unit, "\t");
        assert_eq!(Layout::new("a\r    b").indent_unit, "    ");
        assert_eq!(Layout::new("flat\n").indent_unit, "  ");
        // Far into a long text, after each kind of line ending, and a
        // blank that is not at a line's start.
        let flat = "word word\n".repeat(400);
        for (eol, blank) in [("\n", " "), ("\n", "\t"), ("\r\n", "  "), ("\r", "\t ")] {
            let text = format!("{flat}last{eol}{blank}x{eol}");
            assert_eq!(Layout::new(&text).indent_unit, blank, "{eol:?} {blank:?}");
            assert_eq!(by_lines(&text), blank);
        }
        assert_eq!(Layout::new(&format!("{flat}a b\tc")).indent_unit, "  ");
    }

    #[test]
    fn a_line_starts_after_and_ends_before_its_line_endings() {
        for text in TEXTS {
            let layout = Layout::new(text);
            for offset in 0..=text.len() + 2 {
                // The plain way: character by character from the offset,
                // moved back onto a character.
                let mut at = offset.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
                assert_eq!(layout.line_start(offset), start, "{text:?} {offset}");
                assert_eq!(layout.line_end(offset), end, "{text:?} {offset}");
            }
        }
    }
}
