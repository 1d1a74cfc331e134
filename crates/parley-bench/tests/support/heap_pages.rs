//! The main heap's pages as `/proc/self/smaps` tells them, for the tests
//! of the allocator that run in a process of their own.

/// The heap's pages: how many bytes are resident, and how many bytes of
/// its mappings are advised to use huge pages (`hg` among their flags).
struct HeapPages {
    resident: usize,
    advised: usize,
}

fn heap_pages() -> HeapPages {
    let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
    let mut pages = HeapPages {
        resident: 0,
        advised: 0,
    };
    let mut size = 0;
    let mut heap = false;
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let first = fields.next().unwrap_or_default();
        if let Some((from, to)) = first.split_once('-')
            && let (Ok(from), Ok(to)) = (
                usize::from_str_radix(from, 16),
                usize::from_str_radix(to, 16),
            )
        {
            size = to - from;
            heap = line.ends_with("[heap]");
        } else if !heap {
            continue;
        } else if first == "Rss:" {
            let kib: usize = fields.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            pages.resident += kib * 1024;
        } else if first == "VmFlags:" && fields.any(|flag| flag == "hg") {
            pages.advised += size;
        }
    }
    pages
}

#[allow(dead_code)] // not every test asks
pub fn advised_heap_bytes() -> usize {
    heap_pages().advised
}

#[allow(dead_code)] // not every test asks
pub fn heap_resident_bytes() -> usize {
    heap_pages().resident
}

/// Where the main heap lies, from its first byte to its break (advice
/// splits it into several mappings).
#[allow(dead_code)] // not every test asks
pub fn heap_range() -> std::ops::Range<usize> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("maps");
    maps.lines()
        .filter(|line| line.ends_with("[heap]"))
        .filter_map(|line| {
            let (from, to) = line.split_whitespace().next()?.split_once('-')?;
            Some(usize::from_str_radix(from, 16).ok()?..usize::from_str_radix(to, 16).ok()?)
        })
        .reduce(|whole, part| whole.start.min(part.start)..whole.end.max(part.end))
        .expect("a main heap")
}

/// The main heap's break: where it ends now.
#[allow(dead_code)] // not every test asks
pub fn program_break() -> usize {
    // SAFETY: `sbrk(0)` only reads the break.
    unsafe { libc::sbrk(0) as usize }
}

/// Whether this kernel has transparent huge pages; says so when not, for
/// the test `name` to skip.
#[allow(dead_code)] // not every test asks
pub fn huge_pages_available(name: &str) -> bool {
    let available = std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists();
    if !available {
        println!("{name}: skipped, this kernel has no transparent huge pages");
    }
    available
}
