//! Records brought into the processor's cache ahead of their use.
//!
//! A rule that reports a finding reads a record or two wherever they are
//! (a conversation's name, the step it points at). Past the second-level
//! cache each such read waits on memory; asked a few findings ahead, the
//! record is there when the finding is built.

/// The bytes of a cache line.
const LINE: usize = 64;

/// How many findings ahead a rule asks for its records.
pub(crate) const AHEAD: usize = 4;

/// Asks the processor to bring `record` into its cache, every line of it;
/// does nothing for `None`.
#[inline(always)]
pub(crate) fn prefetch<T>(record: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(record) = record {
        let start = std::ptr::from_ref(record).cast::<i8>();
        // Unrolled: a prefetch a line, and one for the last byte when no
        // other lands on it.
        for offset in offsets(std::mem::size_of::<T>()) {
            // SAFETY: a prefetch only hints at the cache: it reads nothing
            // the program sees and cannot fault (here the address is
            // within a live record); x86-64 always has SSE.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    start.wrapping_add(offset),
                );
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = record;
}

/// The offsets into a record of `size` bytes to ask for: one a line apart
/// from its first byte, and its last byte unless one of those is it, so
/// that every line it touches is asked for wherever it starts. A record is
/// rarely aligned to a line (a conversation's 160 bytes lie over three
/// lines or four), and a line left out is one its last fields are read
/// from memory in. (The size is a constant: the offsets fold away.)
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
fn offsets(size: usize) -> impl Iterator<Item = usize> {
    let last = size.max(1) - 1;
    (0..=last)
        .step_by(LINE)
        .chain((last % LINE != 0).then_some(last))
}

/// Calls `ask` with the item [`AHEAD`] places after `index` in `items`,
/// when there is one: a loop over `items` asks for what that item's
/// finding will read while it works on the one at `index`.
#[inline(always)]
pub(crate) fn ahead<T>(items: &[T], index: usize, ask: impl FnOnce(&T)) {
    if let Some(item) = items.get(index + AHEAD) {
        ask(item);
    }
}

/// [`ahead`] twice as far: for a record found through another one, the
/// first is asked for here and the second, read through it, [`ahead`].
#[inline(always)]
pub(crate) fn further_ahead<T>(items: &[T], index: usize, ask: impl FnOnce(&T)) {
    if let Some(item) = items.get(index + 2 * AHEAD) {
        ask(item);
    }
}

/// [`ahead`] three times as far: for a record found through two others,
/// the first is asked for here, the second [`further_ahead`] and the third
/// [`ahead`].
#[inline(always)]
pub(crate) fn farthest_ahead<T>(items: &[T], index: usize, ask: impl FnOnce(&T)) {
    if let Some(item) = items.get(index + 3 * AHEAD) {
        ask(item);
    }
}

/// [`ahead`] half as far: for a record found through two others, the first
/// is asked for [`further_ahead`], the second [`ahead`], and the third,
/// read through both, here.
#[inline(always)]
pub(crate) fn soon<T>(items: &[T], index: usize, ask: impl FnOnce(&T)) {
    if let Some(item) = items.get(index + AHEAD / 2) {
        ask(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `ask_for` hands its closure for each index of `items`.
    fn asked(items: &[usize], ask_for: fn(&[usize], usize, &mut dyn FnMut(usize))) -> Vec<usize> {
        let mut asked = Vec::new();
        for index in 0..items.len() {
            ask_for(items, index, &mut |item| asked.push(item));
        }
        asked
    }

    #[test]
    fn a_record_is_asked_for_in_every_line_it_touches() {
        assert_eq!(offsets(160).collect::<Vec<_>>(), [0, 64, 128, 159]);
        assert_eq!(offsets(8).collect::<Vec<_>>(), [0, 7]);
        // A byte, or nothing: one offset; a last byte a line on, no twice.
        assert_eq!(offsets(1).collect::<Vec<_>>(), [0]);
        assert_eq!(offsets(0).collect::<Vec<_>>(), [0]);
        assert_eq!(offsets(129).collect::<Vec<_>>(), [0, 64, 128]);
        // Wherever the record starts in a line, each line holding one of
        // its bytes holds an offset asked for, and none is past its end.
        for start in 0..LINE {
            for size in 1..300 {
                let asked: Vec<usize> = offsets(size)
                    .map(|offset| (start + offset) / LINE)
                    .collect();
                assert!(offsets(size).all(|offset| offset < size));
                for byte in start..start + size {
                    assert!(asked.contains(&(byte / LINE)), "start {start}, size {size}");
                }
            }
        }
    }

    #[test]
    fn ahead_hands_on_the_item_four_places_on_further_ahead_eight_farthest_twelve_and_soon_two() {
        let items: Vec<usize> = (0..14).collect();
        let near = asked(&items, |items, index, ask| {
            ahead(items, index, |&item| ask(item))
        });
        assert_eq!(near, (4..14).collect::<Vec<_>>());
        let far = asked(&items, |items, index, ask| {
            further_ahead(items, index, |&item| ask(item))
        });
        assert_eq!(far, [8, 9, 10, 11, 12, 13]);
        let farthest = asked(&items, |items, index, ask| {
            farthest_ahead(items, index, |&item| ask(item))
        });
        assert_eq!(farthest, [12, 13]);
        let close = asked(&items, |items, index, ask| {
            soon(items, index, |&item| ask(item))
        });
        assert_eq!(close, (2..14).collect::<Vec<_>>());
        assert!(
            asked(&[], |items, index, ask| ahead(items, index, |&item| ask(
                item
            )))
            .is_empty()
        );
        // Asking changes nothing the program sees, whatever the record's size.
        let record = [7u8; 300];
        prefetch(Some(&record));
        prefetch(Some(&()));
        prefetch::<u64>(None);
        assert_eq!(record, [7u8; 300]);
    }
}
