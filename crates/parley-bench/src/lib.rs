//! Parley's speed budget: a seeded generator of realistic synthetic
//! playbooks (this library and the `parley-gen` binary), the benchmarks
//! under `benches/` that run the pipeline and the server's paths on them,
//! and the time targets judged from measurements ([`budget`], which the
//! `budget` example measures for).
//!
//! A generated playbook is a portfolio of workstreams, one deal each: a
//! buying group and a seller team with roles and levels, conversations from
//! discovery to signature with built-in and declared commitments, deadlines,
//! comments and doc comments; then the seller's and the buyer's processes,
//! which disagree the way real ones do. The same seed and size always give
//! the same text.

// The allocator's setting is `parley`'s own file, so the benchmarks measure
// what the command runs.
#[path = "../../parley-cli/src/allocator.rs"]
mod allocator;

/// The allocator the `parley` command runs with: the system's, with large
/// blocks in huge pages (see `crates/parley-cli/src/allocator.rs`).
pub use allocator::Allocator;

/// Makes [`Allocator`] the allocator of the binary it is written in, as it
/// is `parley`'s: every benchmark and example does, so their figures are
/// the command's (the `memory` example wraps it in a counting one).
#[macro_export]
macro_rules! parleys_allocator {
    () => {
        #[global_allocator]
        static ALLOCATOR: $crate::Allocator = $crate::Allocator;
    };
}
pub mod budget;
mod calendar;
mod people;
mod rng;
mod size;
mod workstream;

use std::fmt::Write as _;

/// Sets up the memory allocator as the `parley` command does before it
/// reads a playbook (see `crates/parley-cli/src/allocator.rs`). The
/// benchmarks and the profiling examples call it first.
pub fn allocate_as_parley() {
    allocator::configure();
}

/// Sets up the memory allocator as `parley lsp` does: as
/// [`allocate_as_parley`], and one heap that keeps freed memory for the
/// next check (see `configure_for_server` in
/// `crates/parley-cli/src/allocator.rs`). The server's benchmarks and
/// examples call it first, before any thread starts.
pub fn allocate_as_parley_server() {
    allocator::configure();
    allocator::configure_for_server();
}

/// Gives the memory freed blocks leave unused back to the system, as
/// `parley check` does once its checks are done and the server once a
/// document is closed (see `crates/parley-cli/src/allocator.rs`).
pub fn give_back() {
    allocator::give_back();
}

/// What `parley fmt` sets before it formats several playbooks one after
/// another: what each frees stays for the next (see `keep_between_files`
/// in `crates/parley-cli/src/allocator.rs`).
pub fn keep_between_files() {
    allocator::keep_between_files();
}

/// What `parley check` calls once its checks are done: [`give_back`], and
/// from then on a large block that moves as it grows gives back what it
/// leaves (see `checks_done` in `crates/parley-cli/src/allocator.rs`).
pub fn checks_done() {
    allocator::checks_done();
}

pub use rng::Rng;
pub use size::{SizeError, parse_size};

/// Sizes the benchmarks run at, with their labels.
pub const BENCH_SIZES: &[(&str, usize)] = &[
    ("10KB", 10_000),
    ("100KB", 100_000),
    ("1MB", 1_000_000),
    ("10MB", 10_000_000),
];

/// A synthetic playbook of about `target_bytes` bytes (at least one
/// workstream, so never much less; never more than one workstream over),
/// the same text for the same seed and size.
pub fn generate(seed: u64, target_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut declarations = String::with_capacity(target_bytes + 4096);
    let mut seller = String::new();
    let mut buyer = String::new();
    let lead_buyer = rng.chance(25);
    let _ = writeln!(
        declarations,
        "/// A portfolio of deals, generated from seed {seed}.\n\
         playbook \"Synthetic portfolio {seed}\"\n\
         starts 2027-01-11{}\n",
        if lead_buyer { "\nlead buyer" } else { "" }
    );
    let mut clock = 0;
    let mut number = 1;
    // The two process headers and closing braces.
    let overhead = 48;
    loop {
        let fragments = workstream::write(&mut rng, number, &mut clock, &mut declarations);
        seller.push_str(&fragments.seller);
        buyer.push_str(&fragments.buyer);
        number += 1;
        if declarations.len() + seller.len() + buyer.len() + overhead >= target_bytes {
            break;
        }
    }
    declarations.push_str("// The seller's process, every workstream in turn.\n");
    let _ = write!(declarations, "process seller {{\n{seller}}}\n\n");
    declarations.push_str("// The buyer's process, as each buying group runs it.\n");
    let _ = write!(declarations, "process buyer {{\n{buyer}}}\n");
    declarations
}

/// The number of lines of `text`, as an editor counts them.
pub fn line_count(text: &str) -> usize {
    text.lines().count()
}

/// A playbook of about `lines` lines: the generator grown until it has
/// them (each workstream is about a hundred lines).
pub fn generate_lines(seed: u64, lines: usize) -> String {
    // About 24 bytes a line in generated text; correct once.
    let estimate = lines.saturating_mul(24);
    let first = generate(seed, estimate);
    let got = line_count(&first).max(1);
    if got.abs_diff(lines) * 20 <= lines {
        return first;
    }
    generate(seed, estimate.saturating_mul(lines) / got)
}

/// A one-character edit in the middle of `text`, as a user types it: a
/// space inserted just before the first step line of the buyer's process
/// past the middle. Returns the offset and the edited text.
pub fn one_character_edit(text: &str) -> (usize, String) {
    let middle = text.len() / 2;
    let offset = text
        .get(middle..)
        .and_then(|rest| rest.find('\n'))
        .map(|at| middle + at + 1)
        .unwrap_or(text.len());
    let mut edited = String::with_capacity(text.len() + 1);
    edited.push_str(text.get(..offset).unwrap_or(text));
    edited.push(' ');
    edited.push_str(text.get(offset..).unwrap_or(""));
    (offset, edited)
}

/// The sizes the benchmarks run at: [`BENCH_SIZES`], plus 50 MB when the
/// environment sets `PARLEY_BENCH_50MB=1` (a separate, slow run).
pub fn bench_sizes() -> Vec<usize> {
    let mut sizes: Vec<usize> = BENCH_SIZES.iter().map(|(_, bytes)| *bytes).collect();
    if std::env::var_os("PARLEY_BENCH_50MB").is_some_and(|value| value == "1") {
        sizes.push(50_000_000);
    }
    sizes
}

/// The rounds of a measurement in the examples: at least `count` of them,
/// and as many more as make `at_least` in all (`for () in rounds(5,
/// AT_LEAST) { ... }`).
pub fn rounds(count: usize, at_least: std::time::Duration) -> impl Iterator<Item = ()> {
    let started = std::time::Instant::now();
    (0..).map_while(move |round| (round < count || started.elapsed() < at_least).then_some(()))
}

/// A time as the examples print it: microseconds to a tenth below a
/// millisecond, milliseconds to a hundredth below a second, else seconds.
pub fn format_duration(duration: std::time::Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}

/// How long `work` takes, its result freed outside the time (as a caller
/// frees it after reading it).
pub fn time<T>(work: impl FnOnce() -> T) -> std::time::Duration {
    let started = std::time::Instant::now();
    let result = std::hint::black_box(work());
    let elapsed = started.elapsed();
    drop(result);
    elapsed
}

/// The seed every benchmark uses.
pub const BENCH_SEED: u64 = 1;

/// How many different playbooks [`in_turn_playbooks`] makes of about
/// `bytes` bytes: 64 of 10 KB, 16 of 100 KB, 4 of 1 MB, 2 from 10 MB on.
///
/// Checking one text over and over lets the processor learn its branches
/// (`examples/learnt`: the benchmarks' 10 KB playbook checked over and
/// over took 57 µs a check, 64 copies of it in turn as long, each of 64
/// different playbooks over and over 68 µs on average, two of them taking
/// turns 60 µs, and the 64 taking turns 86 µs). Past 100 KB a text is too
/// long to be learnt: one repeated and several in turn cost the same per
/// byte. So a few texts suffice there, and fewer are generated the larger
/// they are.
pub fn in_turn_count(bytes: usize) -> usize {
    match bytes {
        ..=50_000 => 64,
        50_001..=500_000 => 16,
        500_001..=5_000_000 => 4,
        _ => 2,
    }
}

/// [`in_turn_count`] different playbooks of about `bytes` bytes each, from
/// seeds 1, 2, 3, ...: what a repository of playbooks looks like to
/// `parley check`. The benchmarks that go through them in turn give the
/// figure for a repository, where no text's branches are learnt.
pub fn in_turn_playbooks(bytes: usize) -> Vec<String> {
    (1..=in_turn_count(bytes) as u64)
        .map(|seed| generate(seed, bytes))
        .collect()
}

/// The benchmark playbook of `bytes` bytes, generated once per process and
/// kept for the rest of the run.
pub fn bench_playbook(bytes: usize) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock, PoisonError};
    static CACHE: OnceLock<Mutex<HashMap<usize, &'static str>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    cache
        .entry(bytes)
        .or_insert_with(|| Box::leak(generate(BENCH_SEED, bytes).into_boxed_str()))
}

/// `text` misspelt as `PARLEY_MISSPELL=N` asks ([`misspell_steps`] every
/// `N`th step), or as it is when that is not set to a number: how the
/// examples check a playbook whose names fail to resolve.
pub fn misspell_as_asked(text: String) -> String {
    match std::env::var("PARLEY_MISSPELL").map(|every| every.parse()) {
        Ok(Ok(every)) => misspell_steps(&text, every),
        _ => text,
    }
}

/// `text` with every `every`th step of its processes misspelt (a `q`
/// added to its name), as a careless paste or a half-done rename leaves a
/// playbook: each such step names nothing declared. Steps are the lines
/// of a `process` block that hold a single name, as [`generate`] writes
/// them.
pub fn misspell_steps(text: &str, every: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut in_process = false;
    let mut steps = 0usize;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.starts_with("process ") {
            in_process = true;
        } else if body.starts_with('}') {
            in_process = false;
        } else if in_process {
            let name = body.trim_start();
            let is_step = name.len() < body.len()
                && !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if is_step {
                steps += 1;
                if every > 0 && steps.is_multiple_of(every) {
                    out.push_str(body);
                    out.push('q');
                    out.push_str(&line[body.len()..]);
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[test]
    fn misspelt_steps_are_every_nth_step_and_nothing_else() {
        let text = super::generate(3, 20_000);
        let misspelt = super::misspell_steps(&text, 5);
        let changed: Vec<(&str, &str)> = text
            .lines()
            .zip(misspelt.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(text.lines().count(), misspelt.lines().count());
        assert!(changed.len() >= 10, "{}", changed.len());
        for (before, after) in &changed {
            assert_eq!(format!("{before}q"), *after);
        }
        // Each misspelt step names nothing declared.
        let undeclared = parley_check::check_text(&misspelt)
            .diagnostics
            .iter()
            .filter(|d| d.code == "N001")
            .count();
        let before = parley_check::check_text(&text)
            .diagnostics
            .iter()
            .filter(|d| d.code == "N001")
            .count();
        assert_eq!(undeclared - before, changed.len());
        assert_eq!(super::misspell_steps(&text, 0), text);
    }

    #[test]
    fn a_time_is_printed_in_the_unit_of_its_size() {
        let cases = [
            (Duration::from_nanos(840), "0.8 µs"),
            (Duration::from_micros(999), "999.0 µs"),
            (Duration::from_micros(1_000), "1.00 ms"),
            (Duration::from_micros(42_600), "42.60 ms"),
            (Duration::from_millis(1_500), "1.50 s"),
        ];
        for (duration, printed) in cases {
            assert_eq!(super::format_duration(duration), printed, "{duration:?}");
        }
    }
}
