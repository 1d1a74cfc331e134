//! The allocator `parley` runs with (`crates/parley-cli/src/allocator.rs`),
//! in a process of its own: once glibc's main heap grows large, it is
//! advised to use huge pages and serves blocks that would otherwise be
//! mapped one by one, however large; and what is freed can be given back.
//!
//! A plain `main` (the test harness is off): only the main thread
//! allocates from the main heap, and the test harness would run the test
//! on a thread of its own.

parley_bench::parleys_allocator!();

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[path = "support/heap_pages.rs"]
mod heap_pages;
#[cfg(all(target_os = "linux", target_env = "gnu"))]
use heap_pages::{advised_heap_bytes, heap_resident_bytes, huge_pages_available, program_break};

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn main() {
    use std::hint::black_box;

    if !huge_pages_available("huge_heap") {
        return;
    }
    parley_bench::allocate_as_parley();
    const MIB: usize = 1 << 20;
    let start = program_break();
    let in_heap = |block: &[u8]| {
        let at = block.as_ptr() as usize;
        at >= start && at < program_break()
    };

    // A small heap: nothing advised, and a 4 MiB block is a mapping of its own.
    let mut small: Vec<Box<[u8]>> = (0..2048).map(|i| vec![i as u8; 1024].into()).collect();
    let alone: Box<[u8]> = vec![1u8; 4 * MIB].into();
    assert!(
        !in_heap(&alone),
        "a large block in a small heap is mapped apart"
    );
    let advised = advised_heap_bytes();
    assert_eq!(advised, 0, "a small heap is left in small pages");

    // Past 8 MiB of small blocks, the heap is large.
    small.extend((0..24 * 1024).map(|i| vec![i as u8; 1024].into()));
    let advised = advised_heap_bytes();
    assert!(
        advised >= 8 * MIB,
        "the large part of the heap is advised ({advised} bytes)"
    );
    let in_large_heap: Box<[u8]> = vec![2u8; 4 * MIB].into();
    assert!(
        in_heap(&in_large_heap),
        "a large block comes from a large heap"
    );
    // However large: past 32 MiB too, so that once freed it is there for
    // what is allocated next rather than given back to the system.
    let largest: Box<[u8]> = vec![4u8; 40 * MIB].into();
    assert!(
        in_heap(&largest),
        "a block past 32 MiB comes from a large heap"
    );
    assert!(black_box(&largest).iter().all(|&byte| byte == 4));
    drop(largest);

    // What was written reads back.
    assert!(small.iter().enumerate().all(|(i, block)| {
        let expected = if i < 2048 { i } else { i - 2048 } as u8;
        block.iter().all(|&byte| byte == expected)
    }));
    assert!(black_box(&alone).iter().all(|&byte| byte == 1));
    assert!(black_box(&in_large_heap).iter().all(|&byte| byte == 2));

    // Freed, the heap shrinks (its break comes down); grown back below
    // where the break was, it is advised again.
    let high = program_break();
    drop(small);
    drop(in_large_heap);
    // SAFETY: a plain call into the allocator; it frees nothing in use.
    unsafe { libc::malloc_trim(0) };
    let low = program_break();
    assert!(low < high, "the heap shrank");
    assert!(
        advised_heap_bytes() < advised,
        "the advice went with the pages"
    );
    let again: Vec<Box<[u8]>> = (0..16 * 1024).map(|i| vec![i as u8; 1024].into()).collect();
    let regrown = program_break();
    let advised_again = advised_heap_bytes();
    assert!(
        regrown <= high && advised_again >= 4 * MIB,
        "the heap grown back is advised ({advised_again} bytes; break {regrown:#x}, was {high:#x})"
    );
    assert!(black_box(&again).iter().all(|block| block.len() == 1024));

    // Blocks freed below one still in use stay in the process (glibc gives
    // back only the heap's free top) until they are given back.
    let freed: Vec<Box<[u8]>> = (0..16 * 1024).map(|i| vec![i as u8; 1024].into()).collect();
    let kept: Box<[u8]> = vec![3u8; 1024].into();
    drop(freed);
    let before = heap_resident_bytes();
    parley_bench::give_back();
    let after = heap_resident_bytes();
    assert!(
        before.saturating_sub(after) >= 8 * MIB,
        "freed blocks are given back (resident {before} bytes before, {after} after)"
    );
    assert!(black_box(&kept).iter().all(|&byte| byte == 3));
    assert!(black_box(&again).iter().all(|block| block.len() == 1024));
    println!(
        "huge_heap: ok ({} MiB of the heap advised, {} MiB once grown back, {} MiB given back)",
        advised / MIB,
        advised_again / MIB,
        (before - after) / MIB
    );
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() {
    println!("huge_heap: skipped, the heap is followed only with glibc on Linux");
}
