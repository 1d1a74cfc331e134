//! Whether the processor learns a text checked over and over: `cargo run
//! --release -p parley-bench --example learnt [SIZE ...]` (default 10KB
//! 100KB). For each size it checks, in rounds, and keeps the fastest
//! round's time per check:
//!
//! - the benchmarks' playbook over and over;
//! - copies of it at as many addresses as there are playbooks in turn (the
//!   same text, elsewhere in memory);
//! - each of the playbooks in turn repeated on its own (the average);
//! - two of them taking turns;
//! - all of them taking turns ([`parley_bench::in_turn_count`]).
//!
//! If the copies cost what one text does, where the text lies in memory
//! does not matter; if two texts taking turns cost what each does repeated,
//! and all of them taking turns cost more, the processor has learnt each
//! text's branches (its branch predictor), not cached its data. The
//! benchmarks and the budget example measure both one text repeated and
//! playbooks in turn (see "One text repeated, and different texts in turn"
//! in PERFORMANCE.md).

use std::process::ExitCode;
use std::time::Duration;

parley_bench::parleys_allocator!();

/// Rounds at least, and at least this long in all, for each line (for each
/// playbook on its own, the rounds only).
const ROUNDS: usize = 10;
const AT_LEAST: Duration = Duration::from_millis(1500);

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let labels = if args.is_empty() {
        vec!["10KB".to_string(), "100KB".to_string()]
    } else {
        args
    };
    for label in &labels {
        let size = match parley_bench::parse_size(label) {
            Ok(size) => size,
            Err(error) => {
                eprintln!("learnt: {error}");
                eprintln!("usage: learnt [SIZE ...]  (sizes such as 10KB, 100KB)");
                return ExitCode::from(2);
            }
        };
        let playbooks = parley_bench::in_turn_playbooks(size);
        let count = playbooks.len();
        let first = parley_bench::generate(parley_bench::BENCH_SEED, size);
        let copies: Vec<String> = (0..count).map(|_| first.clone()).collect();
        println!("{label}, per check (fastest round):");
        let one = fastest(&vec![first.as_str(); count], AT_LEAST);
        line("one text, over and over", one, first.len());
        let spread: Vec<&str> = copies.iter().map(String::as_str).collect();
        line(
            &format!("{count} copies of it in turn"),
            fastest(&spread, AT_LEAST),
            first.len(),
        );
        let bytes = playbooks.iter().map(String::len).sum::<usize>() / count.max(1);
        let each = playbooks
            .iter()
            .map(|text| fastest(&[text.as_str(); 8], Duration::ZERO))
            .sum::<Duration>()
            / u32::try_from(count.max(1)).unwrap_or(u32::MAX);
        line(
            &format!("each of {count} playbooks, over and over"),
            each,
            bytes,
        );
        let two: Vec<&str> = (0..count)
            .map(|at| playbooks[at % 2.min(count)].as_str())
            .collect();
        let two_bytes = two.iter().map(|text| text.len()).sum::<usize>() / count.max(1);
        line(
            "two playbooks taking turns",
            fastest(&two, AT_LEAST),
            two_bytes,
        );
        let all: Vec<&str> = playbooks.iter().map(String::as_str).collect();
        line(
            &format!("{count} playbooks taking turns"),
            fastest(&all, AT_LEAST),
            bytes,
        );
    }
    ExitCode::SUCCESS
}

/// The fastest round of checking `texts` one after another, per text, over
/// [`ROUNDS`] rounds and `at_least` this long; what each check returns is
/// freed outside its time.
fn fastest(texts: &[&str], at_least: Duration) -> Duration {
    let mut best = Duration::MAX;
    for () in parley_bench::rounds(ROUNDS, at_least) {
        let round = texts
            .iter()
            .map(|text| parley_bench::time(|| parley_check::check_text(text)))
            .sum();
        best = best.min(round);
    }
    best / u32::try_from(texts.len().max(1)).unwrap_or(u32::MAX)
}

fn line(what: &str, per_check: Duration, bytes: usize) {
    let micros = per_check.as_secs_f64() * 1e6;
    let nanos_per_byte = per_check.as_secs_f64() * 1e9 / bytes.max(1) as f64;
    println!("  {what:<36} {micros:>9.1} µs  {nanos_per_byte:>5.2} ns a byte");
}
