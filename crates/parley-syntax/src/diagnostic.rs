//! Diagnostics and fixes as plain data, shared by every stage.
//!
//! The parser reports `E001`; the checker reports the `N`, `P`, `S` and `T`
//! rules. Both speak in byte spans; the CLI and the server convert them.

use std::borrow::Cow;

use thin_vec::ThinVec;

use crate::Span;

/// How much a diagnostic matters. Errors fail `parley check`; warnings fail
/// it with `--deny warnings`; infos and hints never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

/// A secondary location that helps explain a diagnostic: the other process's
/// step, the dependency, the earlier declaration.
///
/// Its message is often the same for every diagnostic of a rule ("a
/// decision maker", "first listed here"): such a message is borrowed, and
/// the label allocates nothing for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Cow<'static, str>,
}

/// One replacement of the text at `span` (possibly empty: an insertion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// A fix is data: a title and edits that, applied together, remove the
/// diagnostic without deleting text the user wrote (except to move a step).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// Non-overlapping edits, in source order.
    pub edits: Vec<TextEdit>,
    /// The fix an editor should offer first (`isPreferred`).
    pub preferred: bool,
    /// Safe to apply without a choice (`parley check --fix` applies these).
    pub safe: bool,
}

/// A problem found in a playbook, with a stable code such as `E001` or `P101`.
///
/// The labels and fixes are [`ThinVec`]s: one pointer each, to a block
/// that holds its length and capacity with the elements, and to no block
/// at all while empty. Most diagnostics have neither a label nor a fix,
/// and a large playbook's check holds tens of thousands of diagnostics at
/// once: a diagnostic is 72 bytes, where two `Vec`s made it 104.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The primary span: where the squiggle goes.
    pub span: Span,
    pub labels: ThinVec<Label>,
    pub fixes: ThinVec<Fix>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        message: impl Into<String>,
        span: Span,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            span,
            labels: ThinVec::new(),
            fixes: ThinVec::new(),
        }
    }

    /// A syntax error (`E001`).
    pub fn syntax(message: impl Into<String>, span: Span) -> Self {
        Diagnostic::new("E001", Severity::Error, message, span)
    }

    pub fn with_label(mut self, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
}

/// Applies non-overlapping edits to `text`, returning the new text, or `None`
/// when two edits overlap or an edit lies outside the text or off a
/// character boundary.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Option<String> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.span.start(), edit.span.end()));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in sorted {
        let (start, end) = (edit.span.start(), edit.span.end());
        if start < cursor
            || end < start
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return None;
        }
        out.push_str(text.get(cursor..start)?);
        out.push_str(&edit.new_text);
        cursor = end;
    }
    out.push_str(text.get(cursor..)?);
    Some(out)
}

/// The edit that replaces `span` of `text` with `replacement`, leaving out
/// the prefix and suffix they share (cut at character boundaries), so an
/// editor keeps its marks on what did not change. `None` when they are
/// equal. The formatter's edits and the server's "fix all" are made so.
pub fn narrow_edit(text: &str, span: Span, replacement: &str) -> Option<TextEdit> {
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
        span: Span::new(span.start() + prefix, span.end() - suffix),
        new_text: replacement
            .get(prefix..replacement.len() - suffix)
            .unwrap_or_default()
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_without_labels_or_fixes_is_small_and_holds_no_block() {
        // A large playbook's check holds tens of thousands at once.
        assert!(
            size_of::<Diagnostic>() <= 72,
            "Diagnostic: {}",
            size_of::<Diagnostic>()
        );
        let plain = Diagnostic::new("P101", Severity::Warning, "m", Span::new(0, 1));
        assert_eq!((plain.labels.capacity(), plain.fixes.capacity()), (0, 0));
        let labelled = plain.with_label(Span::new(2, 3), "here");
        assert_eq!(labelled.labels.len(), 1);
        assert_eq!(labelled.labels[0].message, "here");
        // A constant message is borrowed: the label allocates nothing for it.
        assert!(matches!(labelled.labels[0].message, Cow::Borrowed("here")));
        let written = labelled.with_label(Span::new(4, 5), format!("`{}`", "x"));
        assert!(matches!(&written.labels[1].message, Cow::Owned(m) if m == "`x`"));
    }

    #[test]
    fn a_narrow_edit_is_cut_at_character_boundaries() {
        let cases = [
            // `é` and `ê` share their first byte; `é` and `ũ` their last.
            ("aé", "aê", (1, 3), "ê"),
            ("éa", "êa", (0, 2), "ê"),
            ("Aé", "Aũ", (1, 3), "ũ"),
            ("one two", "one 2 two", (4, 4), "2 "),
            ("aaa", "aa", (2, 3), ""),
            ("", "new", (0, 0), "new"),
        ];
        for (old, new, (start, end), inserted) in cases {
            let edit = narrow_edit(old, Span::new(0, old.len()), new).expect("they differ");
            assert_eq!(
                (edit.span.start(), edit.span.end(), edit.new_text.as_str()),
                (start, end, inserted),
                "{old:?} -> {new:?}"
            );
            assert_eq!(apply_edits(old, &[edit]).as_deref(), Some(new));
        }
        // Inside a larger text, the span's own start counts; equal is no edit.
        let edit = narrow_edit("xx one two", Span::new(3, 10), "one 2 two").unwrap();
        assert_eq!((edit.span.start(), edit.span.end()), (7, 7));
        assert_eq!(narrow_edit("same", Span::new(0, 4), "same"), None);
    }

    fn edit(start: usize, end: usize, new_text: &str) -> TextEdit {
        TextEdit {
            span: Span::new(start, end),
            new_text: new_text.to_string(),
        }
    }

    #[test]
    fn applies_edits_in_source_order_whatever_their_order() {
        let text = "a b c";
        let edits = [edit(4, 5, "C"), edit(0, 1, "A"), edit(2, 2, "x ")];
        assert_eq!(apply_edits(text, &edits).as_deref(), Some("A x b C"));
    }

    #[test]
    fn refuses_overlapping_or_out_of_range_edits() {
        assert_eq!(apply_edits("abc", &[edit(0, 2, ""), edit(1, 3, "")]), None);
        assert_eq!(apply_edits("abc", &[edit(2, 9, "")]), None);
        assert_eq!(apply_edits("é", &[edit(1, 1, "x")]), None);
    }
}
