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
//!
//! The allocator also backs memory with transparent huge pages where a
//! large playbook's check gains from it (see [`Allocator`]).

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
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    heap::follow_from_here();
}

/// What `parley lsp` sets on top of [`configure`], before its runtime
/// starts a thread; does nothing where the allocator is not glibc's.
///
/// The server checks a document on every pause in typing, each time
/// building an analysis about as large as the last one and then freeing
/// the last one. With glibc's defaults that memory went back to the system
/// and was asked for again at every check, each page zeroed by the kernel
/// anew: at 100,000 lines, the kernel's clearing of fresh pages was the
/// largest single item of the server's time per edit (13 per cent of a
/// profile's samples). So the server:
///
/// - allocates from one heap whatever the thread (`M_ARENA_MAX`): checks
///   run on whichever of the runtime's blocking threads is free, and each
///   thread would otherwise fill and free a heap of its own; in the one
///   heap a large document's check also gets the huge pages of
///   [`Allocator`];
/// - serves blocks up to [`HEAP_BLOCK`] from that heap rather than from a
///   mapping of their own made and unmade at each check
///   (`M_MMAP_THRESHOLD`; setting the trim threshold would otherwise leave
///   it at 128 KiB);
/// - keeps up to [`SERVER_KEEPS`] of freed memory at the heap's top for the
///   next check rather than give it back at once (`M_TRIM_THRESHOLD`);
/// - backs its heap with huge pages from the start rather than from
///   [`LARGE_HEAP`] on (see [`Allocator`]): a server's heap outlives each
///   request, and after a second of quiet every page-table entry a request
///   touches again costs microseconds on a virtual machine. Completion at
///   2,000 lines after a second of quiet took about 1.1 ms where it took
///   2.2 to 3.5 ms in 4 KiB pages; at 2,000 lines the server then holds
///   1 to 2 MB more than in small pages.
///
/// All of it is given back when a document is closed ([`give_back`]):
/// a 10 MB playbook opened, edited three times and closed left the server
/// holding 100 MB with glibc's defaults (440 MB at its peak), and 23 MB
/// (203 MB) with these settings.
pub fn configure_for_server() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes a setting of the allocator, and
        // this runs before the server starts any thread. A setting refused
        // leaves the allocator working as before.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
        keep_freed(SERVER_KEEPS);
        heap::large_from_start();
    }
}

/// What a command that reads playbooks one after another (`parley fmt`
/// over several files) sets before the first; does nothing where the
/// allocator is not glibc's.
///
/// glibc gives back the free memory at its heap's top as soon as it
/// passes its trim threshold (twice the largest block it has mapped and
/// freed, a few hundred KiB), and a playbook of 100 KB leaves more than
/// that there once it is formatted: the next file's pages were then asked
/// for again, each zeroed by the kernel. Formatting 120 playbooks of
/// 100 KB took 14,900 page faults that way, and 560 with what is freed
/// kept. So, as for the server ([`configure_for_server`]), blocks up to
/// [`HEAP_BLOCK`] come from the heap (setting the trim threshold would
/// otherwise leave the mapping threshold at 128 KiB, and the larger blocks
/// would be mapped and unmapped for every file), and up to
/// [`FILES_KEEP`] of freed memory stays at its top for the next file.
/// What is kept was touched by a file before: the process's peak is still
/// its largest file's.
pub fn keep_between_files() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    keep_freed(FILES_KEEP);
}

/// Serves blocks up to [`HEAP_BLOCK`] from the heap and keeps up to
/// `bytes` of freed memory at its top (glibc's `M_MMAP_THRESHOLD` and
/// `M_TRIM_THRESHOLD`: setting the second alone would leave the first at
/// 128 KiB, and each larger block mapped and unmapped anew).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed(bytes: i32) {
    // SAFETY: `mallopt` only changes settings of the allocator, and its
    // callers run before a second thread allocates (the server) or on the
    // command's one thread (`parley fmt`). A setting refused leaves the
    // allocator working as before.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, HEAP_BLOCK);
        libc::mallopt(libc::M_TRIM_THRESHOLD, bytes);
    }
}

/// How much freed memory [`keep_between_files`] keeps at the heap's top
/// for the next file.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const FILES_KEEP: i32 = 64 << 20;

/// How much freed memory the server keeps at its heap's top between two
/// checks (see [`configure_for_server`]). With a 100,000-line playbook
/// open and edited, the whole server holds 54 to 64 MB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const SERVER_KEEPS: i32 = 64 << 20;

/// Returns to the system the memory freed blocks leave unused, wherever
/// they lie in the heap, not only at its top; does nothing where the
/// allocator is not glibc's.
///
/// glibc keeps what a program frees for its next allocations, and gives
/// back only the free memory at the heap's top: what a check freed
/// between the blocks still in use (its diagnostics) stays in the
/// process. Called once the checks are done, it lets what the output
/// allocates next (ariadne's table of every line, for human output) be
/// counted on top of what is still in use rather than on top of the
/// check's peak. `parley lsp` calls it each time a closed document has
/// been freed: a 10 MB playbook opened and closed again otherwise left the
/// server holding 208 MB, and now 44 to 64 MB (mostly the framework's buffer
/// for the largest message it read, kept at its size, and the program's
/// code).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases pages of free chunks (under the
    // allocator's own locks); any thread may call it at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Gives back what the checks freed ([`give_back`]) and, from then on,
/// what a large block leaves behind when it moves as it grows: `parley
/// check` calls it once its checks are done, before the output is drawn.
///
/// Human output draws through ariadne, whose table of the file's lines (32
/// bytes a line, 1.5 MB for a 1 MB playbook) grows by doubling. glibc
/// serves each larger copy from the blocks the checks freed, and each
/// smaller copy left behind stays resident until it is given back: at 1 MB
/// the table's growth left 1.6 MB of them on top of the table itself, and
/// human output peaked above the check (9,652 to 9,892 KiB against 9,332
/// to 9,744 with JSON). With what a moved block of [`MOVED_BLOCK`] or more leaves
/// given back at once, human output peaks where the check does.
///
/// The server never calls it: between its checks it keeps what they free
/// on purpose ([`configure_for_server`]).
pub fn checks_done() {
    give_back();
    GIVE_BACK_MOVED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// A block at least this large that moves as it grows gives back what it
/// leaves, once [`checks_done`] has been called.
const MOVED_BLOCK: usize = 128 << 10;

/// Whether [`checks_done`] has been called.
static GIVE_BACK_MOVED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The process's allocator: the system's, with a large check's memory in
/// huge pages.
///
/// A large playbook's check lives in large tables: the tokens, the tree's
/// fields and items, the model's records and its table of names, the
/// rules' shared context. Name resolution and the rules read them by id,
/// here and there, and with 4 KiB pages nearly every such read also misses
/// the processor's table of page translations (its TLB, whose 1,536 or so
/// entries cover 6 MiB of small pages): at 10 MB of playbook, resolving
/// names spent about a third of its time there. So:
///
/// - each block of 2 MiB or more allocated at once asks the kernel for
///   transparent huge pages (`madvise(MADV_HUGEPAGE)`) over the 2 MiB
///   pages it covers whole;
/// - once glibc's main heap, where the smaller blocks live, has grown past
///   [`LARGE_HEAP`], it is advised the same way as it grows, and glibc is
///   told to grow it in steps of [`HEAP_STEP`] (so that each step's huge
///   pages are whole before they are first touched) and to serve blocks up
///   to [`HEAP_BLOCK`] from it rather than map each one anew, and larger
///   blocks as well (`M_MMAP_MAX` 0): a larger block freed (a 50 MB
///   playbook's tokens) stays in the heap for the stages after it, where
///   given back it had the kernel zero as many pages again for them (a
///   single `parley check` of 50 MB: 0.13 to 0.27 s of system time in five
///   runs, against 0.13 to 0.78).
///
/// Below that size nothing changes: a small playbook's memory stays in
/// small pages, where a huge page would only round its footprint up. Where
/// huge pages are off, or under another system, the advice is not taken.
/// What a small allocation pays is a few comparisons, and now and then
/// glibc's break read (a call, not a system call).
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

/// How far past its start glibc's main heap grows before it is backed by
/// huge pages: beyond what the TLB covers in small pages. A 1 MB
/// playbook's check stays below it.
#[cfg(any(all(target_os = "linux", target_env = "gnu"), test))]
const LARGE_HEAP: usize = 8 << 20;

/// The step a large heap grows by (glibc's `M_TOP_PAD`). Address space
/// reserved, not memory: a page counts only once it is touched.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_STEP: i32 = 32 << 20;

/// Blocks up to this size come from a large heap, in its huge pages,
/// rather than from a mapping of their own (glibc's `M_MMAP_THRESHOLD`;
/// 32 MiB is the most it takes on a 64-bit system).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const HEAP_BLOCK: i32 = 32 << 20;

/// The part of a heap from `start` to the break `end` to back with huge
/// pages: its whole huge pages from `from` bytes past its start on
/// ([`LARGE_HEAP`], or 0 in the server).
#[cfg(any(all(target_os = "linux", target_env = "gnu"), test))]
fn large_heap_pages(start: usize, end: usize, from: usize) -> Option<(usize, usize)> {
    let first = start
        .checked_add(from)?
        .checked_next_multiple_of(HUGE_PAGE)?;
    let end = end & !(HUGE_PAGE - 1);
    (end > first).then(|| (first, end - first))
}

/// glibc's main heap (the one grown with `brk`), followed as it grows.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod heap {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

    /// The break when the heap started to be followed; 0 until then.
    static START: AtomicUsize = AtomicUsize::new(0);
    /// The break when it was last read.
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    /// Whether glibc has been told the heap is large.
    static LARGE: AtomicBool = AtomicBool::new(false);
    /// How far past its start the heap grows before it counts as large.
    static LARGE_FROM: AtomicUsize = AtomicUsize::new(super::LARGE_HEAP);
    thread_local! {
        /// Allocations counted, to read the break every [`EVERY`]th one:
        /// each thread's own. One count that every thread wrote (the
        /// folder check's workers, the server's) would be a cache line the
        /// processor's cores hand back and forth on every allocation: two
        /// threads running a check's rules side by side spent a third
        /// more time on them with it (see PERFORMANCE.md). The statics
        /// above are written only when the break moves.
        static COUNT: Cell<u32> = const { Cell::new(0) };
    }
    /// How often (a power of two) the break is read whatever the block: a
    /// heap that shrank and grew back below its former break hands out
    /// blocks below it.
    const EVERY: u32 = 64;
    /// A block this far above the break did not come from the heap (a
    /// mapping of its own, another thread's heap): the heap grows by at
    /// most a step and a block at a time.
    const FAR: usize = 256 << 20;

    /// The current break, if glibc can say.
    fn break_now() -> Option<usize> {
        // SAFETY: `sbrk(0)` moves nothing: it returns the break glibc
        // keeps (or `(void *) -1` when it cannot read it).
        let end = unsafe { libc::sbrk(0) } as usize;
        (end != usize::MAX && end != 0).then_some(end)
    }

    /// Makes the heap count as large from its start: what it holds is
    /// then in huge pages wherever they fit whole.
    pub fn large_from_start() {
        LARGE_FROM.store(0, Relaxed);
    }

    /// Starts following the heap from its current size.
    pub fn follow_from_here() {
        if let Some(end) = break_now() {
            SEEN.store(end, Relaxed);
            START.store(end, Relaxed);
        }
    }

    /// Called after each allocation of `size` bytes at `block`: when the
    /// break moved, the heap grew (or shrank, and may have grown back).
    /// The break is read only for a block that may lie where the heap grew
    /// (and every [`EVERY`]th time): a block below the break last read came
    /// from the heap as it was.
    #[inline]
    pub fn follow(block: *mut u8, size: usize) {
        let start = START.load(Relaxed);
        if start == 0 {
            return;
        }
        let seen = SEEN.load(Relaxed);
        let at = block as usize;
        let grown = at.saturating_add(size) > seen && at < seen.saturating_add(FAR);
        // A thread being torn down has no count: it reads the break.
        let count = COUNT
            .try_with(|count| {
                let next = count.get().wrapping_add(1);
                count.set(next);
                next
            })
            .unwrap_or(0);
        if !grown && count & (EVERY - 1) != 0 {
            return;
        }
        match break_now() {
            Some(end) if end != SEEN.load(Relaxed) => moved(start, end),
            _ => {}
        }
    }

    #[cold]
    fn moved(start: usize, end: usize) {
        SEEN.store(end, Relaxed);
        let from = LARGE_FROM.load(Relaxed);
        if end.saturating_sub(start) < from {
            return;
        }
        if !LARGE.swap(true, Relaxed) {
            // SAFETY: `mallopt` only changes settings of the allocator,
            // which takes its own lock; a setting refused changes nothing.
            unsafe {
                libc::mallopt(libc::M_TOP_PAD, super::HEAP_STEP);
                libc::mallopt(libc::M_MMAP_THRESHOLD, super::HEAP_BLOCK);
                // No block gets a mapping of its own, however large: a
                // block of more than `HEAP_BLOCK` (a large playbook's
                // tokens, 113 MB at 50 MB) freed stays in the heap for
                // the stages after it, rather than go back to the system
                // and its pages be asked for, and zeroed, anew. (glibc
                // still maps a block a thread's own heap cannot hold.)
                libc::mallopt(libc::M_MMAP_MAX, 0);
            }
        }
        // Advising again what already is costs a walk over a few mappings:
        // after the heap shrinks and grows back, its new part is covered.
        if let Some((first, length)) = super::large_heap_pages(start, end, from) {
            // SAFETY: the range lies inside the heap, below its break; the
            // advice changes how pages are backed, not what they hold, and
            // a failure (huge pages off) changes nothing.
            unsafe {
                libc::madvise(first as *mut libc::c_void, length, libc::MADV_HUGEPAGE);
            }
        }
    }
}

/// What follows each block of `size` bytes allocated at once at `block`
/// (null when the allocation failed): its huge pages, and the heap it may
/// have grown.
#[inline]
fn allocated(block: *mut u8, size: usize) {
    if !block.is_null() {
        advise_huge_pages(block, size);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    heap::follow(block, size);
}

// SAFETY: every block comes from `System` and goes back to it with the
// same layout; the advice does not touch the memory.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { std::alloc::System.alloc(layout) };
        allocated(block, layout.size());
        block
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { std::alloc::System.alloc_zeroed(layout) };
        allocated(block, layout.size());
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
        // A block of its own mapping that grows is not advised: its pages
        // are moved as it grows (`mremap`), and moving huge pages splits
        // them, which made lexing 50 MB into a growing vector half as slow
        // again. A block in a large heap is, with the heap.
        // SAFETY: the caller's contract, passed on.
        let moved = unsafe { std::alloc::System.realloc(block, layout, new_size) };
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        heap::follow(moved, new_size);
        if new_size >= MOVED_BLOCK
            && moved != block
            && !moved.is_null()
            && GIVE_BACK_MOVED.load(std::sync::atomic::Ordering::Relaxed)
        {
            give_back();
        }
        moved
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
    use super::{Allocator, HUGE_PAGE, LARGE_HEAP, large_heap_pages, whole_huge_pages};
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
    fn a_heap_is_advised_from_its_large_part_on_in_whole_huge_pages() {
        const MIB: usize = 1 << 20;
        let start = 5 * HUGE_PAGE + 4096;
        let first = (start + LARGE_HEAP).next_multiple_of(HUGE_PAGE);
        // Below the large size, and just past it, no whole huge page yet.
        assert_eq!(large_heap_pages(start, start + MIB, LARGE_HEAP), None);
        assert_eq!(
            large_heap_pages(start, start + LARGE_HEAP + MIB, LARGE_HEAP),
            None
        );
        // Then the whole pages up to the break, and no further.
        assert_eq!(
            large_heap_pages(start, first + 2 * HUGE_PAGE + 5, LARGE_HEAP),
            Some((first, 2 * HUGE_PAGE))
        );
        assert_eq!(
            large_heap_pages(start, first + 40 * MIB, LARGE_HEAP),
            Some((first, 40 * MIB))
        );
        // A heap that shrank below its large part again, or a break below
        // the start: nothing; nothing overflows at the top either.
        assert_eq!(large_heap_pages(start, first, LARGE_HEAP), None);
        assert_eq!(large_heap_pages(start, start - 4096, LARGE_HEAP), None);
        assert_eq!(
            large_heap_pages(usize::MAX - MIB, usize::MAX, LARGE_HEAP),
            None
        );
        // From the start, as in the server: the first whole huge page on.
        let aligned = start.next_multiple_of(HUGE_PAGE);
        assert_eq!(
            large_heap_pages(start, aligned + 3 * HUGE_PAGE + 5, 0),
            Some((aligned, 3 * HUGE_PAGE))
        );
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
