//! What the pipeline holds on the heap, stage by stage, for a generated
//! playbook: `cargo run --release -p parley-bench --example memory 1MB`.
//!
//! A counting allocator wraps `parley`'s ([`parley_bench::Allocator`]); each line is the heap live
//! after a stage (its result kept) and the most it held on the way, both
//! also as a multiple of the input's size, and how many allocations the
//! stage made (reallocations counted apart); then the same for each stage
//! of `check_text`, which shows where the check's peak is.
//!
//! With `PARLEY_MISSPELL=N`, every `N`th step is misspelt
//! ([`parley_bench::misspell_as_asked`]).

use std::alloc::{GlobalAlloc, Layout};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static REALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to `parley`'s allocator unchanged; the
// counters only observe the sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is that allocator's.
        let pointer = unsafe { parley_bench::Allocator.alloc(layout) };
        if !pointer.is_null() {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            grow(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { parley_bench::Allocator.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let moved = unsafe { parley_bench::Allocator.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            REALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        moved
    }
}

fn grow(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts the next stage's peak from what is live now, and its counts
/// of allocations from zero.
fn restart() {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    ALLOCATIONS.store(0, Ordering::Relaxed);
    REALLOCATIONS.store(0, Ordering::Relaxed);
}

/// Prints the heap now and at its highest since the last [`restart`].
fn report(stage: &str, input: usize) {
    let live = LIVE.load(Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    let times = |bytes: usize| bytes as f64 / input as f64;
    println!(
        "{stage:<34} live {:>12} ({:>5.2}x)   peak {:>12} ({:>5.2}x)   allocations {:>9} (+{} reallocations)",
        live,
        times(live),
        peak,
        times(peak),
        ALLOCATIONS.load(Ordering::Relaxed),
        REALLOCATIONS.load(Ordering::Relaxed),
    );
}

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(size) = args.first() else {
        eprintln!("usage: memory SIZE [SEED]");
        return ExitCode::from(2);
    };
    let size = match parley_bench::parse_size(size) {
        Ok(size) => size,
        Err(error) => {
            eprintln!("memory: {error}");
            return ExitCode::from(2);
        }
    };
    let seed = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(parley_bench::BENCH_SEED);
    let text = parley_bench::misspell_as_asked(parley_bench::generate(seed, size));
    let input = text.len();
    println!("input {input} bytes");
    restart();
    report("the text", input);
    let tokens = parley_syntax::lex(&text);
    report("lex (tokens kept)", input);
    drop(tokens);
    restart();
    let parse = parley_syntax::parse(&text);
    report("parse (tree kept)", input);
    drop(parse);
    restart();
    let analysis = parley_check::analyze(&text);
    report("analyze (tree, model, diagnostics)", input);
    drop(analysis);
    restart();
    let checked = parley_check::check_text(&text);
    report("check_text (what the CLI keeps)", input);
    let diagnostics = checked.diagnostics.len();
    drop(checked);
    println!("{diagnostics} diagnostics");
    // The check again, each stage's live heap at its end and its peak:
    // where the check's peak is.
    println!("check_text, stage by stage:");
    restart();
    let mut stages = Vec::with_capacity(parley_check::Stage::ALL.len());
    let checked = parley_check::check_text_staged(&text, &mut |stage| {
        stages.push((
            stage,
            LIVE.load(Ordering::Relaxed),
            PEAK.load(Ordering::Relaxed),
            ALLOCATIONS.swap(0, Ordering::Relaxed),
        ));
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    });
    drop(checked);
    let times = |bytes: usize| bytes as f64 / input as f64;
    for (stage, live, peak, allocations) in stages {
        println!(
            "  {:<32} live {live:>12} ({:>5.2}x)   peak {peak:>12} ({:>5.2}x)   allocations {allocations:>9}",
            stage.as_str(),
            times(live),
            times(peak),
        );
    }
    ExitCode::SUCCESS
}
