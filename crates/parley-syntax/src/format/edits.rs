//! Minimal edits from a text to its formatted form, for an editor's
//! "format document".
//!
//! The formatter changes only the whitespace between tokens (and a
//! comment's trailing whitespace, and the order of a step's markers), so the
//! edits are found by pairing the source's tokens with the formatted text's:
//! one edit per gap that changes, narrowed to the bytes that differ. A token
//! is never replaced, so an editor keeps its cursor and marks on it. Should
//! the pairing ever fail, a line diff gives the edits instead.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use super::{FormatError, Formatted, format_tokens};
use crate::{Span, TextEdit, Token, apply_edits, narrow_edit};

/// How long the fallback line diff may search for a small diff before it
/// settles for a coarser one.
const DIFF_DEADLINE: Duration = Duration::from_millis(200);

/// The edits that turn `text` into [`format`](super::format)`(text)`:
/// non-overlapping, in source order, empty when the text is already
/// formatted.
pub fn format_edits(text: &str) -> Result<Vec<TextEdit>, FormatError> {
    let formatted = format_tokens(text)?;
    if formatted.text == text {
        return Ok(Vec::new());
    }
    let edits = gap_edits(text, &formatted)
        .filter(|edits| apply_edits(text, edits).as_deref() == Some(formatted.text.as_str()));
    Ok(edits.unwrap_or_else(|| diff(text, &formatted.text)))
}

/// One edit per changed gap between tokens, pairing each source token with
/// the output token written for it. A run of reordered step markers is one
/// edit. `None` when the two sides do not pair up.
fn gap_edits(old: &str, formatted: &Formatted) -> Option<Vec<TextEdit>> {
    let Formatted {
        text: new,
        source,
        output,
        order,
    } = formatted;
    if source.len() != output.len() || order.len() != output.len() {
        return None;
    }
    let mut edits = Vec::new();
    // Where the previous token (without a comment's trailing whitespace)
    // ends, in the source and in the output.
    let (mut old_cursor, mut new_cursor) = (0, 0);
    let mut first = 0;
    while first < order.len() {
        // The smallest block of output tokens that is a reordering of the
        // same block of source tokens: usually one token.
        let mut last = first;
        let mut reach = *order.get(first)?;
        while reach > last {
            last += 1;
            reach = reach.max(*order.get(last)?);
        }
        let (old_first, old_last) = (source.get(first)?, source.get(last)?);
        let (new_first, new_last) = (output.get(first)?, output.get(last)?);
        edits.extend(narrow_edit(
            old,
            Span::new(old_cursor, old_first.span.start()),
            new.get(new_cursor..new_first.span.start())?,
        ));
        let old_end = core_end(old, old_last);
        let new_end = core_end(new, new_last);
        let old_block = old.get(old_first.span.start()..old_end)?;
        let new_block = new.get(new_first.span.start()..new_end)?;
        if first == last && old_block != new_block {
            return None;
        }
        edits.extend(narrow_edit(
            old,
            Span::new(old_first.span.start(), old_end),
            new_block,
        ));
        old_cursor = old_end;
        new_cursor = new_end;
        first = last + 1;
    }
    edits.extend(narrow_edit(
        old,
        Span::new(old_cursor, old.len()),
        new.get(new_cursor..)?,
    ));
    Some(edits)
}

/// Where a token ends, leaving out a comment's trailing whitespace (which
/// the formatter removes, so it belongs to the gap after the comment).
fn core_end(text: &str, token: &Token) -> usize {
    if token.kind.is_trivia() {
        let written = text.get(token.span.range()).unwrap_or_default();
        token.span.start() + written.trim_end().len()
    } else {
        token.span.end()
    }
}

/// The edits that turn `old` into `new`, from a line diff whose changed runs
/// are narrowed to the bytes that differ. When the diff cannot be trusted
/// (its equal runs do not match), one narrowed edit covers the whole text.
pub(super) fn diff(old: &str, new: &str) -> Vec<TextEdit> {
    if old == new {
        return Vec::new();
    }
    let whole = || {
        narrow_edit(old, Span::new(0, old.len()), new)
            .into_iter()
            .collect()
    };
    match line_diff(old, new) {
        Some(edits) if apply_edits(old, &edits).as_deref() == Some(new) => edits,
        _ => whole(),
    }
}

/// Walks a line diff with its own cursors: the ops' lengths are used, and
/// each equal run is checked, so a diff whose indices disagree is refused.
fn line_diff(old: &str, new: &str) -> Option<Vec<TextEdit>> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let old_starts = line_starts(&old_lines);
    let new_starts = line_starts(&new_lines);

    let mut edits = Vec::new();
    let (mut old_line, mut new_line) = (0, 0);
    // The lines where the current changed run started, in both texts.
    let mut run: Option<(usize, usize)> = None;
    let mut flush =
        |run: &mut Option<(usize, usize)>, old_to: usize, new_to: usize| -> Option<()> {
            if let Some((old_from, new_from)) = run.take() {
                let span = Span::new(*old_starts.get(old_from)?, *old_starts.get(old_to)?);
                let replacement = new.get(*new_starts.get(new_from)?..*new_starts.get(new_to)?)?;
                edits.extend(narrow_edit(old, span, replacement));
            }
            Some(())
        };
    let deadline = Instant::now() + DIFF_DEADLINE;
    for op in capture_diff_slices_deadline(Algorithm::Myers, &old_lines, &new_lines, Some(deadline))
    {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let (old_len, new_len) = (old_range.len(), new_range.len());
        if tag == DiffTag::Equal {
            flush(&mut run, old_line, new_line)?;
            let same = old_lines.get(old_line..old_line + old_len)?
                == new_lines.get(new_line..new_line + new_len)?;
            if !same {
                return None;
            }
        } else if run.is_none() {
            run = Some((old_line, new_line));
        }
        old_line += old_len;
        new_line += new_len;
    }
    if old_line != old_lines.len() || new_line != new_lines.len() {
        return None;
    }
    flush(&mut run, old_line, new_line)?;
    Some(edits)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_pair_the_tokens_and_replace_only_whitespace() {
        let text = "stakeholder dana \"Dana\" {side buyer   // note  \n role champion}\nprocess seller { a accelerate negotiated }";
        let formatted = format_tokens(text).unwrap();
        let edits = gap_edits(text, &formatted).unwrap();
        assert_eq!(format_edits(text).unwrap(), edits);
        assert_eq!(
            apply_edits(text, &edits).as_deref(),
            Some(formatted.text.as_str())
        );
        let shown: Vec<(&str, &str)> = edits
            .iter()
            .map(|edit| (&text[edit.span.range()], edit.new_text.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("", "\n  "),
                ("  ", ""),
                ("  \n", "\n "),
                ("", "\n"),
                ("", "\n"),
                ("", "\n "),
                ("accelerate negotiated", "negotiated accelerate"),
                (" ", "\n"),
                ("", "\n"),
            ]
        );
    }

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
    fn separate_changes_make_separate_edits() {
        // Lines move a lot here; the diff's equal runs anchor the edits.
        let old = "a\n\nb\nkept\nc  d\n\n\nkept too\ne\n";
        let new = "a\nb\nkept\nc d\n\nkept too\ne\n";
        let edits = line_diff(old, new).unwrap();
        assert_eq!(edits.len(), 2, "{edits:?}");
        assert_eq!(apply_edits(old, &edits).as_deref(), Some(new));
        assert_eq!(diff(old, new), edits);
    }

    #[test]
    fn no_edits_for_equal_texts() {
        assert!(diff("a\n", "a\n").is_empty());
    }
}
