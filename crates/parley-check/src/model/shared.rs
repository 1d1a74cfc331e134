//! Runs of buffers the whole model shares: every conversation's `with`,
//! `owners`, `needs` and `wins` live end to end in one vector each, and the
//! titles, display names and doc comments in one string, so a playbook of
//! thousands of declarations makes a handful of allocations for them, not
//! several each, and frees as few. A record holds its runs (two `u32`s
//! each) and one handle on the buffers, which all the model's records
//! share, and reads each run as a slice or a `str`.

use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

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
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    pub(crate) text: String,
    pub(crate) mentions: Vec<Mention>,
    pub(crate) needs: Vec<NeedRef>,
    pub(crate) wins: Vec<WinRef>,
}

/// A record's handle on its model's [`Buffers`]: one pointer, which every
/// record of the model shares. The handle is given to each record when it
/// is declared, and the buffers are put behind it once, when every
/// declaration is resolved, so that no pass over the records is needed to
/// hand them out. Before that (or for a record made apart from a model)
/// every run reads as empty.
#[derive(Clone, Default)]
pub(crate) struct Shared(Arc<OnceLock<Buffers>>);

impl Shared {
    /// Puts `buffers` behind the handle. Only the first call counts.
    pub(crate) fn publish(&self, buffers: Buffers) {
        // A second call would be a bug of resolution's; the buffers first
        // given stay, as every record has read its runs against them.
        let _ = self.0.set(buffers);
    }

    #[inline]
    fn buffers(&self) -> Option<&Buffers> {
        self.0.get()
    }

    /// The text of `run`, if the record has one.
    #[inline]
    pub(crate) fn text(&self, run: Option<Run>) -> Option<&str> {
        let run = run?;
        Some(
            self.buffers()
                .and_then(|buffers| buffers.text.get(run.range()))
                .unwrap_or_default(),
        )
    }

    #[inline]
    pub(crate) fn mentions(&self, run: Run) -> &[Mention] {
        self.buffers()
            .and_then(|buffers| buffers.mentions.get(run.range()))
            .unwrap_or_default()
    }

    #[inline]
    pub(crate) fn needs(&self, run: Run) -> &[NeedRef] {
        self.buffers()
            .and_then(|buffers| buffers.needs.get(run.range()))
            .unwrap_or_default()
    }

    #[inline]
    pub(crate) fn wins(&self, run: Run) -> &[WinRef] {
        self.buffers()
            .and_then(|buffers| buffers.wins.get(run.range()))
            .unwrap_or_default()
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.buffers().is_some() {
            "Shared"
        } else {
            "Shared(unset)"
        })
    }
}

/// Appends `text` to `buffer` and returns its run.
#[inline]
pub(crate) fn push_text(buffer: &mut String, text: &str) -> Run {
    let start = buffer.len();
    buffer.push_str(text);
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
    fn runs_read_their_part_of_the_buffers_once_published() {
        let shared = Shared::default();
        let mention = |id| Mention {
            stakeholder: StakeholderId(id),
            span: Span::new(id, id + 1),
        };
        // Before the buffers are published, every run reads as empty, and
        // a text that is there reads as "".
        assert_eq!(shared.mentions(Run::new(0, 2)), &[]);
        assert_eq!(shared.text(Some(Run::new(0, 4))), Some(""));
        let copy = shared.clone();
        shared.publish(Buffers {
            text: String::from("Dana ReyesCFO"),
            mentions: vec![mention(0), mention(1), mention(2)],
            needs: Vec::new(),
            wins: vec![WinRef {
                commitment: CommitmentId(3),
                span: Span::new(5, 6),
            }],
        });
        // A record's copy of the handle reads what was published.
        assert_eq!(copy.mentions(Run::new(1, 3)), &[mention(1), mention(2)]);
        assert_eq!(copy.wins(Run::new(0, 1)).len(), 1);
        assert_eq!(copy.text(Some(Run::new(0, 10))), Some("Dana Reyes"));
        assert_eq!(copy.text(Some(Run::new(10, 13))), Some("CFO"));
        assert_eq!(copy.text(None), None);
        assert!(copy.needs(Run::default()).is_empty());
        // A run past the end reads as empty rather than failing.
        assert!(copy.mentions(Run::new(2, 9)).is_empty());
        // Only the first buffers published count.
        shared.publish(Buffers::default());
        assert_eq!(copy.text(Some(Run::new(0, 4))), Some("Dana"));
    }
}
