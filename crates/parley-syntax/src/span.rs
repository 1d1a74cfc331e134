//! Byte spans into the source text.
//!
//! Offsets are stored as `u32`, as rust-analyzer's and ruff's text sizes
//! are: a span is 8 bytes, and every node of the tree, the model and the
//! diagnostics carries several. A playbook is therefore at most
//! [`MAX_SOURCE_LEN`] bytes; [`crate::parse`] reports a longer text as one
//! syntax error instead of reading it.

use std::fmt;
use std::ops::Range;

/// A half-open range of byte offsets into a playbook's text.
///
/// Every node, name and value of the syntax tree carries one. Spans are
/// converted to lines and columns only at the edges (the CLI's renderers and
/// the language server), through [`crate::LineIndex`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    start: u32,
    end: u32,
}

/// The longest text a span can point into: offsets are `u32`s.
pub const MAX_SOURCE_LEN: usize = u32::MAX as usize;

/// An offset as stored; texts longer than [`MAX_SOURCE_LEN`] are refused
/// before any span is made, so the saturation is never reached.
const fn offset(offset: usize) -> u32 {
    if offset > MAX_SOURCE_LEN {
        u32::MAX
    } else {
        offset as u32
    }
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span {
            start: offset(start),
            end: offset(end),
        }
    }

    /// An empty span at `offset`, where something is missing or inserted.
    pub const fn empty(at: usize) -> Self {
        Span::new(at, at)
    }

    /// The byte offset where the span starts.
    pub const fn start(self) -> usize {
        self.start as usize
    }

    /// The byte offset just past the span.
    pub const fn end(self) -> usize {
        self.end as usize
    }

    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether `offset` lies inside the span; its end counts as inside, so a
    /// cursor just after a name still touches it.
    pub fn touches(self, offset: usize) -> bool {
        self.start() <= offset && offset <= self.end()
    }

    pub fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start()..self.end()
    }
}

impl From<Range<usize>> for Span {
    fn from(range: Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Self {
        span.range()
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_round_trip_and_the_span_is_eight_bytes() {
        let span = Span::new(3, 1_000_000);
        assert_eq!(
            (span.start(), span.end(), span.len()),
            (3, 1_000_000, 999_997)
        );
        assert_eq!(span.range(), 3..1_000_000);
        assert_eq!(std::mem::size_of::<Span>(), 8);
        assert_eq!(Span::empty(7), Span::new(7, 7));
        assert!(Span::new(5, 2).is_empty());
        assert_eq!(Span::new(5, 2).len(), 0);
    }

    #[test]
    fn an_offset_past_the_limit_saturates_instead_of_wrapping() {
        let span = Span::new(MAX_SOURCE_LEN, MAX_SOURCE_LEN.saturating_add(10));
        assert_eq!(span.start(), MAX_SOURCE_LEN);
        assert_eq!(span.end(), MAX_SOURCE_LEN);
    }
}
