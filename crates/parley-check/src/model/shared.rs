//! Runs of buffers the whole model shares: every conversation's `with`,
//! `owners`, `needs` and `wins` live end to end in one vector each, and the
//! titles, display names and doc comments in one string, so a playbook of
//! thousands of declarations makes a handful of allocations for them, not
//! several each, and frees as few. A record holds its runs (two `u32`s
//! each) and reads them, with its model, as slices or `str`s.

use std::ops::Range;

use super::{Mention, NeedRef, WinRef};

/// A range into a shared buffer, as two `u32`s (the text is under 4 GiB,
/// so every buffer built from it is too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Run {
    start: u32,
    end: u32,
}

impl Run {
    /// The run `start..end`; empty when an end does not fit in a `u32`.
    #[inline]
    pub(crate) fn new(start: usize, end: usize) -> Run {
        match (u32::try_from(start), u32::try_from(end)) {
            (Ok(start), Ok(end)) => Run { start, end },
            _ => Run::default(),
        }
    }

    fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The buffers the model's records read: every title, display name and
/// doc comment end to end in one string, and every conversation's `with`
/// and `owner` mentions, `needs` and `wins` end to end in one vector each.
/// The model holds them; a record holds only its runs, so that no record
/// carries a pointer of its own (nor a reference count to keep).
#[derive(Clone, Debug, Default)]
pub(crate) struct Buffers {
    pub(crate) text: String,
    pub(crate) mentions: Vec<Mention>,
    pub(crate) needs: Vec<NeedRef>,
    pub(crate) wins: Vec<WinRef>,
}

impl Buffers {
    /// The text of `run`, if the record has one ("" for a run past the end).
    #[inline]
    pub(crate) fn text(&self, run: Option<Run>) -> Option<&str> {
        Some(self.text.get(run?.range()).unwrap_or_default())
    }

    #[inline]
    pub(crate) fn mentions(&self, run: Run) -> &[Mention] {
        self.mentions.get(run.range()).unwrap_or_default()
    }

    #[inline]
    pub(crate) fn needs(&self, run: Run) -> &[NeedRef] {
        self.needs.get(run.range()).unwrap_or_default()
    }

    #[inline]
    pub(crate) fn wins(&self, run: Run) -> &[WinRef] {
        self.wins.get(run.range()).unwrap_or_default()
    }
}

/// Appends `text` to `buffer` and returns its run.
#[inline]
pub(crate) fn push_text(buffer: &mut String, text: &str) -> Run {
    write_text(buffer, |buffer| buffer.push_str(text))
}

/// Appends what `write` writes to `buffer` and returns its run: for a text
/// written in pieces (a doc comment's lines), with no copy of its own.
#[inline]
pub(crate) fn write_text(buffer: &mut String, write: impl FnOnce(&mut String)) -> Run {
    let start = buffer.len();
    write(buffer);
    Run::new(start, buffer.len())
}

/// Appends `items` to `buffer` and returns their run.
#[inline]
pub(crate) fn push_run<T: Copy>(buffer: &mut Vec<T>, items: &[T]) -> Run {
    let start = buffer.len();
    buffer.extend_from_slice(items);
    Run::new(start, buffer.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CommitmentId, StakeholderId};
    use parley_syntax::Span;

    #[test]
    fn runs_read_their_part_of_the_buffers() {
        let mention = |id| Mention {
            stakeholder: StakeholderId(id),
            span: Span::new(id, id + 1),
        };
        let buffers = Buffers {
            text: String::from("Dana ReyesCFO"),
            mentions: vec![mention(0), mention(1), mention(2)],
            needs: Vec::new(),
            wins: vec![WinRef {
                commitment: CommitmentId(3),
                span: Span::new(5, 6),
            }],
        };
        assert_eq!(buffers.mentions(Run::new(1, 3)), &[mention(1), mention(2)]);
        assert_eq!(buffers.wins(Run::new(0, 1)).len(), 1);
        assert_eq!(buffers.text(Some(Run::new(0, 10))), Some("Dana Reyes"));
        assert_eq!(buffers.text(Some(Run::new(10, 13))), Some("CFO"));
        assert_eq!(buffers.text(None), None);
        assert!(buffers.needs(Run::default()).is_empty());
        // A run past the end reads as empty rather than failing, and a
        // text that is there but past the end as "".
        assert!(buffers.mentions(Run::new(2, 9)).is_empty());
        assert_eq!(buffers.text(Some(Run::new(12, 20))), Some(""));
        // So do the runs of a record read with a model that is not its own.
        let empty = Buffers::default();
        assert!(empty.mentions(Run::new(0, 2)).is_empty());
        assert_eq!(empty.text(Some(Run::new(0, 4))), Some(""));
    }
}
