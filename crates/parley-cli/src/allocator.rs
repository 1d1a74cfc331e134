//! How the process's memory allocator is set up, before any playbook is
//! read.
//!
//! With glibc's allocator, small blocks freed go to "fast bins" that are
//! merged with their neighbours only later, all at once, when a large block
//! is asked for or freed. Freeing a large playbook's syntax tree (over a
//! hundred thousand blocks at 10 MB) then ends in one walk over every
//! freed block, long after they left the processor's cache: at 10 MB that
//! walk took as long as freeing the tree itself. Without fast bins each
//! block is merged as it is freed, while it is still in cache; the
//! per-thread cache of recently freed blocks (glibc's tcache) still serves
//! the small allocations that come and go. The benchmarks make the same
//! setting (`parley_bench::allocate_as_parley`), so their figures are the
//! command's.

/// Applies the setting; does nothing where the allocator is not glibc's.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes a setting of the allocator, and this
    // runs first in `main`, before any other thread exists. Its result
    // (whether the setting was taken) changes nothing here: without it the
    // allocator works as before.
    unsafe {
        libc::mallopt(libc::M_MXFAST, 0);
    }
}

/// The process's allocator: the system's, with large blocks in huge pages.
///
/// A large playbook's check lives in a few large blocks: the tokens, the
/// tree's fields and items, the model's records and its table of names.
/// Name resolution and the rules read them by id, here and there, and
/// with 4 KiB pages nearly every such read also misses the processor's
/// table of page translations: at 10 MB of playbook, resolving names
/// spent about a third of its time there. So each block of 2 MiB or more
/// allocated at once asks the kernel for transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`) over the 2 MiB pages it covers whole. Where
/// huge pages are off, or under another system, the advice is not taken
/// and nothing changes; smaller blocks, most of a small playbook's, are
/// left as they are (the size is compared first: that is all a small
/// allocation pays).
pub struct Allocator;

/// A huge page (on x86-64 and most of arm64's kernels): a block at least
/// this large is advised to use them.
#[cfg(any(target_os = "linux", test))]
const HUGE_PAGE: usize = 2 << 20;

/// The whole huge pages of the block of `size` bytes at `address`: where
/// the first starts and how many bytes they cover, if any.
#[cfg(any(target_os = "linux", test))]
fn whole_huge_pages(address: usize, size: usize) -> Option<(usize, usize)> {
    let first = address.checked_next_multiple_of(HUGE_PAGE)?;
    let end = address.checked_add(size)? & !(HUGE_PAGE - 1);
    (end > first).then(|| (first, end - first))
}

/// Advises the kernel to back the whole huge pages of the block of `size`
/// bytes at `start` with huge pages.
#[cfg(target_os = "linux")]
fn advise_huge_pages(start: *mut u8, size: usize) {
    if size < HUGE_PAGE {
        return;
    }
    if let Some((first, length)) = whole_huge_pages(start as usize, size) {
        // SAFETY: the range lies inside a block just handed out, which the
        // caller owns; the advice changes how pages are backed, not what
        // they hold, and a failure (huge pages off) changes nothing.
        unsafe {
            libc::madvise(first as *mut libc::c_void, length, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_start: *mut u8, _size: usize) {}

// SAFETY: every block comes from `System` and goes back to it with the
// same layout; the advice does not touch the memory.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { std::alloc::System.alloc(layout) };
        if !block.is_null() {
            advise_huge_pages(block, layout.size());
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { std::alloc::System.alloc_zeroed(layout) };
        if !block.is_null() {
            advise_huge_pages(block, layout.size());
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { std::alloc::System.dealloc(block, layout) }
    }

    unsafe fn realloc(
        &self,
        block: *mut u8,
        layout: std::alloc::Layout,
        new_size: usize,
    ) -> *mut u8 {
        // A block that grows is not advised: its pages are moved as it
        // grows (`mremap`), and moving huge pages splits them, which made
        // lexing 50 MB into a growing vector half as slow again. The large
        // blocks the check reads most are allocated at their full size.
        // SAFETY: the caller's contract, passed on.
        unsafe { std::alloc::System.realloc(block, layout, new_size) }
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    #[test]
    fn small_blocks_freed_are_merged_at_once_not_left_in_fast_bins() {
        super::configure();
        // Merges what other threads of the test run left in fast bins
        // before the setting was made.
        // SAFETY: a plain call into the allocator; it frees nothing in use.
        unsafe { libc::malloc_trim(0) };
        let blocks: Vec<Box<[u8; 24]>> = (0..64u8).map(|i| Box::new([i; 24])).collect();
        assert_eq!(blocks.iter().map(|b| u32::from(b[0])).sum::<u32>(), 2016);
        drop(blocks);
        // SAFETY: reads the allocator's statistics.
        let info = unsafe { libc::mallinfo2() };
        assert_eq!(info.smblks, 0, "blocks left in fast bins");
    }
}

#[cfg(test)]
mod huge_page_tests {
    use super::{Allocator, HUGE_PAGE, whole_huge_pages};
    use std::alloc::{GlobalAlloc, Layout};

    #[test]
    fn only_the_huge_pages_a_block_covers_whole_are_advised() {
        const MIB: usize = 1 << 20;
        // A block on a boundary covers its pages whole, up to its end.
        assert_eq!(
            whole_huge_pages(HUGE_PAGE, 2 * HUGE_PAGE),
            Some((HUGE_PAGE, 2 * HUGE_PAGE))
        );
        assert_eq!(
            whole_huge_pages(HUGE_PAGE, 5 * MIB),
            Some((HUGE_PAGE, 2 * HUGE_PAGE))
        );
        // A block off a boundary starts at the next one.
        assert_eq!(
            whole_huge_pages(HUGE_PAGE + 16, 4 * MIB),
            Some((2 * HUGE_PAGE, HUGE_PAGE))
        );
        // A block that covers no huge page whole, however large it is.
        assert_eq!(whole_huge_pages(HUGE_PAGE + 16, 3 * MIB), None);
        assert_eq!(whole_huge_pages(16, HUGE_PAGE), None);
        assert_eq!(whole_huge_pages(HUGE_PAGE, HUGE_PAGE - 1), None);
        // At the top of the address space nothing overflows.
        assert_eq!(whole_huge_pages(usize::MAX - 16, 8 * MIB), None);
    }

    #[test]
    fn large_blocks_keep_their_contents_through_growth() {
        let allocator = Allocator;
        let layout = Layout::from_size_align(5 << 20, 8).expect("layout");
        // SAFETY: the layout is not zero-sized; every pointer used is the
        // one the allocator returned, with the layout it was given.
        unsafe {
            let block = allocator.alloc(layout);
            assert!(!block.is_null());
            for at in (0..layout.size()).step_by(4096) {
                *block.add(at) = (at / 4096) as u8;
            }
            let grown = allocator.realloc(block, layout, 9 << 20);
            assert!(!grown.is_null());
            for at in (0..layout.size()).step_by(4096) {
                assert_eq!(*grown.add(at), (at / 4096) as u8);
            }
            allocator.dealloc(grown, Layout::from_size_align(9 << 20, 8).expect("layout"));

            let zeroed = Layout::from_size_align(3 << 20, 8).expect("layout");
            let block = allocator.alloc_zeroed(zeroed);
            assert!(!block.is_null());
            assert!(
                (0..zeroed.size())
                    .step_by(4096)
                    .all(|at| *block.add(at) == 0)
            );
            allocator.dealloc(block, zeroed);
        }
    }
}
