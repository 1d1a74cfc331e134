//! The allocator as `parley lsp` sets it up (`configure_for_server` in
//! `crates/parley-cli/src/allocator.rs`), in a process of its own: a check
//! on another thread allocates from the one main heap, a large block
//! included, in huge pages however small the heap; what it frees stays for
//! the next check, until it is given back.
//!
//! A plain `main` (the test harness is off): the settings are the whole
//! process's, and must be made before a second thread allocates.

parley_bench::parleys_allocator!();

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[path = "support/heap_pages.rs"]
mod heap_pages;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn main() {
    use heap_pages::{
        advised_heap_bytes, heap_range, heap_resident_bytes, huge_pages_available,
        program_break as break_now,
    };
    use std::hint::black_box;

    if !huge_pages_available("server_heap") {
        return;
    }
    parley_bench::allocate_as_parley_server();
    const MIB: usize = 1 << 20;

    // A check on a thread of its own, as on the runtime's blocking threads.
    let (blocks, high) = std::thread::spawn(move || {
        let small: Vec<Box<[u8]>> = (0..4096).map(|i| vec![i as u8; 1024].into()).collect();
        let large: Box<[u8]> = vec![7u8; MIB].into();
        let at = [
            small.first().map_or(0, |block| block.as_ptr() as usize),
            small.last().map_or(0, |block| block.as_ptr() as usize),
            large.as_ptr() as usize,
        ];
        assert!(small.iter().enumerate().all(|(i, block)| {
            block.len() == 1024 && block.iter().all(|&byte| byte == i as u8)
        }));
        assert!(black_box(&large).iter().all(|&byte| byte == 7));
        (at, break_now())
    })
    .join()
    .expect("the thread allocated and freed");
    let heap = heap_range();
    for at in blocks {
        assert!(
            heap.contains(&at),
            "a block of another thread comes from the main heap ({at:#x}, heap {heap:#x?})"
        );
    }
    let advised = advised_heap_bytes();
    assert!(
        advised >= 2 * MIB,
        "a small heap is advised to use huge pages ({advised} bytes)"
    );

    // What the thread freed stays in the process for the next check.
    assert_eq!(break_now(), high, "the heap keeps what was freed");
    let before = heap_resident_bytes();
    parley_bench::give_back();
    let after = heap_resident_bytes();
    assert!(
        break_now() < high && before.saturating_sub(after) >= 4 * MIB,
        "given back, it leaves (resident {before} bytes before, {after} after)"
    );
    println!(
        "server_heap: ok ({} MiB of the heap advised, {} MiB given back)",
        advised / MIB,
        (before - after) / MIB
    );
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() {
    println!("server_heap: skipped, the heap is set up only with glibc on Linux");
}
