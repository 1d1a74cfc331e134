//! What `parley fmt` sets before it formats several playbooks one after
//! another (`allocator::keep_between_files` in
//! `crates/parley-cli/src/allocator.rs`), in a process of its own: what one
//! file frees at the heap's top stays there for the next, where glibc
//! would give it back and the next file would fault it in again; and a
//! block of a few hundred KiB comes from the heap rather than a mapping
//! made and unmade for each file.
//!
//! A plain `main` (the test harness is off): only the main thread
//! allocates from the main heap, and the setting is the process's.

parley_bench::parleys_allocator!();

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[path = "support/heap_pages.rs"]
mod heap_pages;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn main() {
    use heap_pages::{heap_range, program_break};
    use std::hint::black_box;

    const KIB: usize = 1 << 10;
    /// What formatting one file of about 100 KB leaves: small blocks and
    /// one larger (its tokens), freed together.
    fn one_file() -> (usize, usize) {
        let small: Vec<Box<[u8]>> = (0..2048).map(|i| vec![i as u8; KIB].into()).collect();
        let tokens: Box<[u8]> = vec![9u8; 300 * KIB].into();
        assert!(
            small.iter().enumerate().all(|(i, block)| {
                block.len() == KIB && block.iter().all(|&byte| byte == i as u8)
            })
        );
        assert!(black_box(&tokens).iter().all(|&byte| byte == 9));
        (tokens.as_ptr() as usize, program_break())
    }

    parley_bench::allocate_as_parley();
    // glibc's own way, as `parley check` of one file keeps it: the file's
    // memory goes back to the system once freed, and its larger block is
    // a mapping of its own.
    let (tokens, high) = one_file();
    assert!(
        !heap_range().contains(&tokens),
        "without the setting, a block of 300 KiB is mapped apart"
    );
    let low = program_break();
    assert!(
        low + 1024 * KIB <= high,
        "without the setting, a file's memory is given back ({high:#x} to {low:#x})"
    );

    parley_bench::keep_between_files();
    let (tokens, high) = one_file();
    assert!(
        heap_range().contains(&tokens),
        "a block of 300 KiB comes from the heap"
    );
    assert_eq!(
        program_break(),
        high,
        "what a file freed stays for the next"
    );
    // The next file finds it in place: the heap does not grow.
    let (_, again) = one_file();
    assert_eq!(again, high, "the next file is served from what was kept");
    println!(
        "kept_heap: ok ({} KiB kept between files)",
        (high - low) / KIB
    );
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() {
    println!("kept_heap: skipped, the heap is set up only with glibc on Linux");
}
