//! Minimal edits from a text to its formatted form, for an editor's
//! "format document": lines the formatter leaves alone are not touched, and
//! inside a changed run of lines only the bytes that differ are replaced.

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::{FormatError, format};
use crate::{Span, TextEdit};

/// The edits that turn `text` into [`format`]`(text)`: non-overlapping, in
/// source order, empty when the text is already formatted.
pub fn format_edits(text: &str) -> Result<Vec<TextEdit>, FormatError> {
    let formatted = format(text)?;
    Ok(diff(text, &formatted))
}

/// The edits that turn `old` into `new`, from a line diff whose changed runs
/// are narrowed to the bytes that differ.
pub(super) fn diff(old: &str, new: &str) -> Vec<TextEdit> {
    if old == new {
        return Vec::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let old_starts = line_starts(&old_lines);
    let new_starts = line_starts(&new_lines);

    let mut edits = Vec::new();
    let mut run: Option<(usize, usize, usize, usize)> = None;
    let mut flush = |run: &mut Option<(usize, usize, usize, usize)>| {
        if let Some((old_from, old_to, new_from, new_to)) = run.take() {
            let span = Span::new(
                old_starts.get(old_from).copied().unwrap_or(old.len()),
                old_starts.get(old_to).copied().unwrap_or(old.len()),
            );
            let replacement = new
                .get(
                    new_starts.get(new_from).copied().unwrap_or(new.len())
                        ..new_starts.get(new_to).copied().unwrap_or(new.len()),
                )
                .unwrap_or_default();
            if let Some(edit) = narrow(old, span, replacement) {
                edits.push(edit);
            }
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &old_lines, &new_lines) {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            flush(&mut run);
            continue;
        }
        run = Some(match run {
            None => (
                old_range.start,
                old_range.end,
                new_range.start,
                new_range.end,
            ),
            Some((old_from, _, new_from, _)) => (old_from, old_range.end, new_from, new_range.end),
        });
    }
    flush(&mut run);
    edits
}

/// The byte offset where each line starts, and the text's end.
fn line_starts(lines: &[&str]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(lines.len() + 1);
    let mut offset = 0;
    starts.push(offset);
    for line in lines {
        offset += line.len();
        starts.push(offset);
    }
    starts
}

/// Replaces `span` of `text` with `replacement`, leaving out the prefix and
/// suffix they share. `None` when they are equal.
fn narrow(text: &str, span: Span, replacement: &str) -> Option<TextEdit> {
    let old = text.get(span.range())?;
    if old == replacement {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(replacement.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(prefix) && replacement.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let room = old.len().min(replacement.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(replacement.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix)
        && replacement.is_char_boundary(replacement.len() - suffix))
    {
        suffix -= 1;
    }
    Some(TextEdit {
        span: Span::new(span.start + prefix, span.end - suffix),
        new_text: replacement
            .get(prefix..replacement.len() - suffix)
            .unwrap_or_default()
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply_edits;

    #[test]
    fn edits_touch_only_what_differs() {
        let old = "a\nb\n  c\nd\n";
        let new = "a\nb\nc\nd\n";
        let edits = diff(old, new);
        assert_eq!(
            edits,
            [TextEdit {
                span: Span::new(4, 6),
                new_text: String::new(),
            }]
        );
        assert_eq!(apply_edits(old, &edits).as_deref(), Some(new));
    }

    #[test]
    fn edits_split_at_character_boundaries() {
        let old = "é\n";
        let new = "ê\n";
        let edits = diff(old, new);
        assert_eq!(edits.len(), 1);
        assert_eq!(apply_edits(old, &edits).as_deref(), Some(new));
    }

    #[test]
    fn no_edits_for_equal_texts() {
        assert!(diff("a\n", "a\n").is_empty());
    }
}
