//! How long each stage of the check takes on generated playbooks, and how
//! that grows with the size: `cargo run --release -p parley-bench --example
//! stages 1MB 10MB`. Each size is checked a number of times in a row (the
//! generator runs once), and each stage's fastest time is kept; the last
//! column is the last size's time over the first's.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use parley_check::{Stage, check_text_staged};

parley_bench::parleys_allocator!();

/// Checks of each size, at least, and at least this long in all.
const RUNS: usize = 5;
const AT_LEAST: Duration = Duration::from_secs(2);

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: stages SIZE [SIZE ...]  (sizes such as 10KB, 1MB, 10MB)");
        return ExitCode::from(2);
    }
    let mut columns = Vec::new();
    for arg in &args {
        let size = match parley_bench::parse_size(arg) {
            Ok(size) => size,
            Err(error) => {
                eprintln!("stages: {error}");
                return ExitCode::from(2);
            }
        };
        let text = parley_bench::generate(parley_bench::BENCH_SEED, size);
        columns.push(fastest_stages(&text));
    }
    print!("{:<24}", "stage (fastest)");
    for arg in &args {
        print!("{arg:>12}");
    }
    if args.len() > 1 {
        print!("{:>8}", "ratio");
    }
    println!();
    let rows = Stage::ALL
        .iter()
        .map(|stage| stage.as_str())
        .chain(["whole check"]);
    for (row, name) in rows.enumerate() {
        print!("{name:<24}");
        for column in &columns {
            print!("{:>12}", parley_bench::format_duration(column[row]));
        }
        if let (Some(first), Some(last)) = (columns.first(), columns.last())
            && columns.len() > 1
        {
            print!(
                "{:>8.1}",
                last[row].as_secs_f64() / first[row].as_secs_f64()
            );
        }
        println!();
    }
    ExitCode::SUCCESS
}

/// The fastest time of each stage over the runs, then of the whole check.
fn fastest_stages(text: &str) -> Vec<Duration> {
    let mut fastest = vec![Duration::MAX; Stage::ALL.len() + 1];
    for () in parley_bench::rounds(RUNS, AT_LEAST) {
        let mut ends = Vec::with_capacity(Stage::ALL.len());
        let begun = Instant::now();
        let checked = check_text_staged(text, &mut |_| ends.push(Instant::now()));
        let whole = begun.elapsed();
        // Freed outside the stages, as a caller would after reading them.
        drop(checked);
        let mut previous = begun;
        for (slot, end) in fastest.iter_mut().zip(&ends) {
            *slot = (*slot).min(end.duration_since(previous));
            previous = *end;
        }
        if let Some(slot) = fastest.last_mut() {
            *slot = (*slot).min(whole);
        }
    }
    fastest
}
