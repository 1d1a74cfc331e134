//! Checks one playbook once, in a fresh process, as `parley check` does,
//! and prints how long the check took (reading the file and printing the
//! diagnostics left out): `cargo run --release -p parley-bench --example
//! once -- FILE`. The benchmarks check the same text again and again, so
//! their memory is already paged in; this is the figure a user's one run
//! sees, page faults included. On Linux it also prints the process's peak
//! memory and how much of its memory is in transparent huge pages at the
//! end of the check.

use std::io::Write;
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
    let mut report = format!(
        "check of {} bytes: {} diagnostics in {:.1} ms\n",
        text.len(),
        checked.diagnostics.len(),
        took.as_secs_f64() * 1e3
    );
    if let Some(memory) = memory() {
        report.push_str(&memory);
        report.push('\n');
    }
    drop(checked);
    // A reader that has gone (`| head`) is not an error of the check's.
    match std::io::stdout().lock().write_all(report.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("once: {error}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The peak memory (`VmHWM`) and the memory in huge pages, from `/proc`.
fn memory() -> Option<String> {
    let field = |file: &str, name: &str| -> Option<f64> {
        let text = std::fs::read_to_string(file).ok()?;
        let line = text.lines().find(|line| line.starts_with(name))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    };
    let peak = field("/proc/self/status", "VmHWM:")?;
    let huge = field("/proc/self/smaps_rollup", "AnonHugePages:")?;
    Some(format!(
        "peak memory {peak:.1} MiB; in huge pages at the end: {huge:.0} MiB"
    ))
}
