//! What memory new to a process costs the first time it is written: `cargo
//! run --release -p parley-bench --example first_touch [MIB]` (default 9,
//! about what a 1 MB playbook's check touches). It maps that much memory
//! three times, and writes one byte in each 4 KiB page of it: in small
//! pages, in small pages asked for at once (`MADV_POPULATE_WRITE`, Linux
//! 5.14 and later) and in transparent huge pages. Each line gives the time
//! per 4 KiB page, fastest of five. A check in a process of its own pays
//! this for every page its memory takes (see "In a process of its own" in
//! PERFORMANCE.md); a check that follows another in the same process reuses
//! what the last one freed.

#[cfg(target_os = "linux")]
fn main() {
    use std::time::{Duration, Instant};

    let mib: usize = match std::env::args().nth(1).map(|arg| arg.parse()) {
        None => 9,
        Some(Ok(mib)) if mib > 0 => mib,
        Some(_) => {
            eprintln!("usage: first_touch [MIB]  (a whole number of MiB, at least 1)");
            std::process::exit(2);
        }
    };
    let length = mib << 20;
    let pages = length / 4096;
    for (name, advice) in [
        ("small pages, each written", None),
        (
            "small pages, asked for at once",
            Some(libc::MADV_POPULATE_WRITE),
        ),
        ("transparent huge pages", Some(libc::MADV_HUGEPAGE)),
    ] {
        let mut fastest = Duration::MAX;
        for _ in 0..5 {
            // SAFETY: a fresh private anonymous mapping of `length` bytes,
            // written only inside its bounds and unmapped before the next.
            unsafe {
                let block = libc::mmap(
                    std::ptr::null_mut(),
                    length,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                    -1,
                    0,
                );
                if block == libc::MAP_FAILED {
                    eprintln!("first_touch: cannot map {mib} MiB");
                    std::process::exit(2);
                }
                if advice == Some(libc::MADV_HUGEPAGE) {
                    // Advice, not work: given before the clock starts.
                    libc::madvise(block, length, libc::MADV_HUGEPAGE);
                }
                let started = Instant::now();
                if advice == Some(libc::MADV_POPULATE_WRITE) {
                    // A kernel without it leaves the pages to be faulted in
                    // one by one below, as in the first line.
                    libc::madvise(block, length, libc::MADV_POPULATE_WRITE);
                }
                let bytes = block.cast::<u8>();
                for page in 0..pages {
                    bytes.add(page * 4096).write_volatile(1);
                }
                fastest = fastest.min(started.elapsed());
                libc::munmap(block, length);
            }
        }
        println!(
            "{name:<32} {:>6.2} µs per 4 KiB page ({:.1} GB/s)",
            fastest.as_secs_f64() * 1e6 / pages as f64,
            length as f64 / fastest.as_secs_f64() / 1e9
        );
    }
}

#[cfg(not(target_os = "linux"))]
fn main() {
    eprintln!("first_touch: measures Linux's page faults; nothing to do here");
}
