//! What `parley check` sets once its checks are done
//! (`allocator::checks_done` in `crates/parley-cli/src/allocator.rs`), in
//! a process of its own: a table that grows by doubling, as ariadne's table
//! of lines does while human output is drawn, leaves none of its smaller
//! copies resident in the heap.
//!
//! A plain `main` (the test harness is off): only the main thread
//! allocates from the main heap, and the setting is the process's.

parley_bench::parleys_allocator!();

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[path = "support/heap_pages.rs"]
mod heap_pages;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn main() {
    use heap_pages::heap_resident_bytes;
    use std::hint::black_box;

    parley_bench::allocate_as_parley();
    const MIB: usize = 1 << 20;
    // What a check leaves: freed blocks between ones still in use (its
    // diagnostics), here one hole a little larger than each size the
    // table will grow to, so that it moves at every step.
    // A large block freed first, as a check frees its tokens: glibc then
    // serves blocks up to its size from the heap rather than map each.
    drop(black_box(vec![0u8; 6 * MIB]));
    let mut holes = Vec::new();
    let mut kept = Vec::new();
    for size in [160, 320, 640, 1280, 2560, 5120] {
        holes.push(vec![7u8; size << 10].into_boxed_slice());
        kept.push(vec![1u8; 1024].into_boxed_slice());
    }
    drop(holes);
    parley_bench::checks_done();
    let before = heap_resident_bytes();

    // A table of 4 MiB, grown one entry at a time.
    let mut table: Vec<u64> = Vec::new();
    for entry in 0..(4 * MIB / 8) as u64 {
        table.push(entry);
    }
    let after = heap_resident_bytes();
    let grown = after.saturating_sub(before);
    assert!(
        grown <= 4 * MIB + MIB / 2,
        "the heap grew by the table and not by its smaller copies ({grown} bytes)"
    );
    assert!(
        black_box(&table)
            .iter()
            .enumerate()
            .all(|(i, &entry)| entry == i as u64)
    );
    assert!(black_box(&kept).iter().flatten().all(|&byte| byte == 1));
    println!(
        "checks_done: ok (the heap grew {} KiB for a table of {} KiB)",
        grown / 1024,
        table.capacity() * 8 / 1024
    );
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() {
    println!("checks_done: skipped, memory is given back only with glibc on Linux");
}
