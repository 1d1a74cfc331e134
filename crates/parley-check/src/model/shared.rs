//! Runs of buffers the whole model shares: every conversation's `with`,
//! `owners`, `needs` and `wins` live end to end in one vector each, and the
//! titles, display names and doc comments in one string, so a playbook of
//! thousands of declarations makes a handful of allocations for them, not
//! several each, and frees as few. A record holds its run (a reference to
//! the buffer and a range) and reads it as a slice or a `str`.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

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

    fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

/// A run of a vector shared by many records; reads as a slice. An empty
/// run holds no buffer.
pub struct SharedSlice<T> {
    buffer: Option<Arc<Vec<T>>>,
    run: Run,
}

impl<T> SharedSlice<T> {
    /// The run `run` of `buffer`.
    pub(crate) fn new(buffer: &Arc<Vec<T>>, run: Run) -> SharedSlice<T> {
        if run.is_empty() {
            return SharedSlice::default();
        }
        SharedSlice {
            buffer: Some(Arc::clone(buffer)),
            run,
        }
    }

    #[inline]
    pub fn as_slice(&self) -> &[T] {
        self.buffer
            .as_deref()
            .and_then(|buffer| buffer.get(self.run.range()))
            .unwrap_or(&[])
    }
}

impl<T> Default for SharedSlice<T> {
    fn default() -> Self {
        SharedSlice {
            buffer: None,
            run: Run::default(),
        }
    }
}

impl<T> Clone for SharedSlice<T> {
    fn clone(&self) -> Self {
        SharedSlice {
            buffer: self.buffer.clone(),
            run: self.run,
        }
    }
}

impl<T> Deref for SharedSlice<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<'s, T> IntoIterator for &'s SharedSlice<T> {
    type Item = &'s T;
    type IntoIter = std::slice::Iter<'s, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for SharedSlice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<T: PartialEq> PartialEq for SharedSlice<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Eq> Eq for SharedSlice<T> {}

impl<T: PartialEq> PartialEq<[T]> for SharedSlice<T> {
    fn eq(&self, other: &[T]) -> bool {
        self.as_slice() == other
    }
}

/// A run of a string shared by many records; reads as a `str`.
#[derive(Clone)]
pub struct SharedStr {
    buffer: Arc<String>,
    run: Run,
}

impl SharedStr {
    /// The run `run` of `buffer`.
    pub(crate) fn new(buffer: &Arc<String>, run: Run) -> SharedStr {
        SharedStr {
            buffer: Arc::clone(buffer),
            run,
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        self.buffer.get(self.run.range()).unwrap_or_default()
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
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

    #[test]
    fn runs_read_their_part_of_the_buffer() {
        let buffer = Arc::new(vec![1, 2, 3, 4]);
        let middle = SharedSlice::new(&buffer, Run::new(1, 3));
        assert_eq!(middle.as_slice(), &[2, 3]);
        assert_eq!(middle.iter().sum::<i32>(), 5);
        let empty = SharedSlice::new(&buffer, Run::new(2, 2));
        assert!(empty.is_empty());
        assert_eq!(empty, SharedSlice::default());
        // A run past the end reads as empty rather than failing.
        let past = SharedSlice::new(&buffer, Run::new(3, 9));
        assert!(past.is_empty());

        let text = Arc::new(String::from("Dana ReyesCFO"));
        let name = SharedStr::new(&text, Run::new(0, 10));
        assert_eq!(name, "Dana Reyes");
        assert_eq!(format!("{name}|{name:?}"), "Dana Reyes|\"Dana Reyes\"");
        assert_eq!(Some(name).as_deref(), Some("Dana Reyes"));
    }
}
