//! JSON written as serde_json pretty-prints it, faster.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` pretty-printed, followed by a newline, streamed to `out`
/// (never held as one string).
pub(crate) fn write(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, Indented::default());
    value.serialize(&mut serializer).map_err(io::Error::from)?;
    writeln!(out)
}

/// serde_json's pretty printing, two spaces a level, with each line's
/// break and indentation written at once: the pretty formatter writes a
/// line's indentation one level at a time, and a large playbook's document
/// has millions of lines (60 MB for 10 MB of playbook). The output is byte
/// for byte the pretty formatter's (tested below).
#[derive(Default)]
struct Indented {
    /// How many levels deep the next line is.
    level: usize,
    /// Whether the array or object being written holds a value yet.
    has_value: bool,
}

/// A comma, a line break and enough spaces for any level the document
/// reaches (deeper levels write the rest two spaces at a time).
const BREAK: &[u8] = b",\n                                                                ";

impl Indented {
    /// A line break (after a comma unless `first`) and the indentation of
    /// the current level.
    fn line<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let spaces = self.level * 2;
        match BREAK.get(from..2 + spaces) {
            Some(line) => writer.write_all(line),
            None => {
                writer.write_all(&BREAK[from..2])?;
                (0..self.level).try_for_each(|_| writer.write_all(b"  "))
            }
        }
    }

    /// Opens an array or an object: its values are a level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes an array or an object, on a line of its own unless empty.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            self.line(writer, true)?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indented(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, Indented::default());
        value.serialize(&mut serializer).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn indentation_is_the_pretty_formatters_byte_for_byte() {
        let mut deep = serde_json::json!("bottom");
        for level in 0..40 {
            deep = if level % 2 == 0 {
                serde_json::json!([deep, level])
            } else {
                serde_json::json!({ "inner": deep, "empty": [], "none": {} })
            };
        }
        for value in [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([1, [], {}, [2, [3]], { "a": { "b": [] } }]),
            serde_json::json!({ "quote \" and \\": "line\nbreak\ttab \u{1} é 😀", "n": null }),
            deep,
        ] {
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(indented(&value), pretty);
        }
    }
}
