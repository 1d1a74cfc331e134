//! Checks one playbook once, in a fresh process, as `parley check` does,
//! and prints how long the check took (reading the file and printing the
//! diagnostics left out): `cargo run --release -p parley-bench --example
//! once -- FILE`. The benchmarks check the same text again and again, so
//! their memory is already paged in; this is the figure a user's one run
//! sees, page faults included.

use std::process::ExitCode;
use std::time::Instant;

parley_bench::parleys_allocator!();

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: once FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("once: {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let checked = parley_check::check_text(&text);
    let took = started.elapsed();
    println!(
        "check of {} bytes: {} diagnostics in {:.1} ms",
        text.len(),
        checked.diagnostics.len(),
        took.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}
