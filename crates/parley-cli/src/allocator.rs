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
