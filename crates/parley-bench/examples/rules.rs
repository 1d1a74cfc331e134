//! How long each rule takes at each size of generated playbook, and how
//! that grows from one size to the next: the budget's "linear, for every
//! rule" in time (`linearity.sh` judges it in instructions).
//!
//! ```sh
//! cargo run --release -p parley-bench --example rules                  # 10KB 100KB 1MB 10MB
//! cargo run --release -p parley-bench --example rules -- 10MB 50MB 8   # two sizes, 8 rounds
//! cargo run --release -p parley-bench --example rules -- --apart 5MB 50MB 4   # each size in processes of its own
//! ```
//!
//! The check runs on one thread, its rules one by one
//! (`parley_check::check_text_by_rule`), over different playbooks of each
//! size in turn ([`parley_bench::in_turn_playbooks`]: a small text checked
//! over and over is learnt by the processor, a repository's are not).
//! Each round checks every size over about the same number of bytes (a
//! 10 KB playbook a hundred times for one of 1 MB; at least each of a
//! size's playbooks once, and each as often as the others), the sizes one
//! after another, so that whatever else the machine does falls on all of them
//! alike and each size's sample is the same work; a rule's time at a size
//! is its fastest round's, per check. The first row, `shared`, is what
//! several rules share (who takes part where, which steps need what),
//! built before the first rule: the check builds each table when a rule
//! first asks for it, and which rule that is depends on what the playbook
//! holds, so a rule's own time would hold it at one size and not the next.
//!
//! For each step from one size to the next, a rule's growth is its time's
//! ratio over the input's (1.00 is linear), and over its findings' ratio:
//! a rule finds what the playbook holds, and a generated playbook does not
//! hold exactly ten times as much at ten times the size. As in
//! `linearity.sh`, the verdict goes by the smaller of the two, and a rule
//! under 1 µs a check at the smaller size is left out (it finds next to
//! nothing there, and the clock's noise is of its size).
//!
//! With `--apart`, each size is checked in processes of its own, the sizes
//! taking turns process by process (as many processes a size as rounds
//! are given, each making one round untimed, then [`ROUNDS_A_PROCESS`]
//! timed). In one process, a size's checks run in the heap the other
//! size's checks left: at 50 MB after 5 MB, `S206` took 2.44 to 2.57 ms
//! where alone it took 2.21 to 2.32, and at 5 MB after 50 MB `P101` took
//! 84 to 86 µs where alone it took 85 to 93. A playbook is checked in a
//! process whose heap only its own size's checks have used, as one
//! `parley check` of it is.
//!
//! The budget allows 1.10 for ten times the input, and a step of another
//! size as much per tenfold (`parley_bench::budget::allowed_growth`):
//! 1.069 from 10 MB to 50 MB, five times the input. The tenfold step at
//! the top of the budget's range is from 5 MB to 50 MB (`rules 5MB 50MB
//! 8`). Exits 1 when a growth judged is above what its step allows.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use parley_check::{Stage, check_text_by_rule};

parley_bench::parleys_allocator!();

/// Rounds when none is given.
const ROUNDS: usize = 12;
/// The most checks of one size in a round (10 KB against 50 MB would take
/// five thousand).
const MOST_CHECKS: usize = 2_000;
/// With `--apart`: the timed rounds each process makes, after one untimed.
const ROUNDS_A_PROCESS: usize = 2;
/// A rule's time a check at the smaller size below which its growth is
/// not judged: it finds next to nothing there.
const JUDGED_FROM: Duration = Duration::from_micros(1);

/// One size: its playbooks, how many checks a round makes of them, and
/// what the rounds found.
struct Column {
    name: String,
    texts: Vec<String>,
    checks: usize,
    /// Bytes a check reads, on average.
    bytes: f64,
    /// Per rule, in the order the check runs them: its fastest round's
    /// time and what it found in a round.
    rules: Vec<(&'static str, Duration, usize)>,
    /// The fastest round's time of all rules.
    all: Duration,
}

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[1..]);
    }
    let apart = args.first().map(String::as_str) == Some("--apart");
    if apart {
        args.remove(0);
    }
    let rounds = match args.last().map(|last| last.parse::<usize>()) {
        Some(Ok(rounds)) if rounds > 0 => {
            args.pop();
            rounds
        }
        _ => ROUNDS,
    };
    if args.is_empty() {
        args = ["10KB", "100KB", "1MB", "10MB"].map(String::from).to_vec();
    }
    let mut sizes = Vec::new();
    for arg in &args {
        match parley_bench::parse_size(arg) {
            Ok(size) => sizes.push(size),
            Err(error) => {
                eprintln!("rules: {error}\nusage: rules [--apart] [SIZE ...] [ROUNDS]");
                return ExitCode::from(2);
            }
        }
    }
    let largest = sizes.iter().copied().max().unwrap_or(1);
    let mut columns: Vec<Column> = if apart {
        // The playbooks are the processes' own.
        args.iter()
            .map(|name| Column {
                name: name.clone(),
                texts: Vec::new(),
                checks: 0,
                bytes: 0.0,
                rules: Vec::new(),
                all: Duration::MAX,
            })
            .collect()
    } else {
        args.iter()
            .zip(&sizes)
            .map(|(name, &size)| column(name, size, largest))
            .collect()
    };
    if apart {
        let me = match std::env::current_exe() {
            Ok(me) => me,
            Err(error) => {
                eprintln!("rules: cannot find this program: {error}");
                return ExitCode::from(2);
            }
        };
        for _ in 0..rounds {
            for (column, &size) in columns.iter_mut().zip(&sizes) {
                if let Err(error) = run_child(&me, column, size, largest) {
                    eprintln!("rules: {error}");
                    return ExitCode::from(2);
                }
            }
        }
    } else {
        for _ in 0..rounds {
            for column in &mut columns {
                round(column);
            }
        }
    }
    print_times(&columns);
    println!();
    if print_growth(&columns) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The playbooks of `size` bytes and how many checks a round makes of
/// them, when `largest` is the largest size measured: every playbook as
/// often as the others, about as many bytes as a check of `largest`.
fn column(name: &str, size: usize, largest: usize) -> Column {
    let texts = parley_bench::in_turn_playbooks(size);
    let bytes = texts.iter().map(String::len).sum::<usize>() as f64 / texts.len() as f64;
    let per_text = largest
        .div_ceil(size.max(1))
        .clamp(1, MOST_CHECKS)
        .div_ceil(texts.len());
    Column {
        name: name.to_owned(),
        checks: per_text * texts.len(),
        texts,
        bytes,
        rules: Vec::new(),
        all: Duration::MAX,
    }
}

/// `--child SIZE LARGEST`: one round of the playbooks of `SIZE` bytes
/// untimed, then [`ROUNDS_A_PROCESS`] timed, printed for [`run_child`]:
/// `bytes BYTES CHECKS`, then `rule CODE NANOS FOUND` for each rule in
/// order, then `all NANOS`.
fn child(args: &[String]) -> ExitCode {
    let [size, largest] = args else {
        eprintln!("usage: rules --child SIZE LARGEST");
        return ExitCode::from(2);
    };
    let (Ok(size), Ok(largest)) = (size.parse::<usize>(), largest.parse::<usize>()) else {
        eprintln!("rules: --child takes two sizes in bytes");
        return ExitCode::from(2);
    };
    let mut column = column("", size, largest);
    round(&mut column);
    column.rules.clear();
    column.all = Duration::MAX;
    for _ in 0..ROUNDS_A_PROCESS {
        round(&mut column);
    }
    println!("bytes {} {}", column.bytes, column.checks);
    for (code, time, found) in &column.rules {
        println!("rule {code} {} {found}", time.as_nanos());
    }
    println!("all {}", column.all.as_nanos());
    ExitCode::SUCCESS
}

/// Runs `me --child SIZE LARGEST` and keeps, in `column`, each rule's time
/// where it is the fastest so far.
fn run_child(
    me: &std::path::Path,
    column: &mut Column,
    size: usize,
    largest: usize,
) -> Result<(), String> {
    let output = std::process::Command::new(me)
        .args(["--child", &size.to_string(), &largest.to_string()])
        .output()
        .map_err(|error| format!("cannot run {}: {error}", me.display()))?;
    let printed = String::from_utf8_lossy(&output.stdout);
    let failed = || {
        format!(
            "`--child {size} {largest}` failed ({}): {}{}",
            output.status,
            printed.trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        )
    };
    if !output.status.success() {
        return Err(failed());
    }
    let mut rule = 0;
    for line in printed.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["bytes", bytes, checks] => {
                column.bytes = bytes.parse().map_err(|_| failed())?;
                column.checks = checks.parse().map_err(|_| failed())?;
            }
            ["rule", code, nanos, found] => {
                let time = Duration::from_nanos(nanos.parse().map_err(|_| failed())?);
                match column.rules.get_mut(rule) {
                    Some(kept) if kept.0 == *code => kept.1 = kept.1.min(time),
                    Some(_) => return Err(failed()),
                    None => {
                        // A code is kept for the rest of the run, as the
                        // check's own are.
                        let code: &'static str = Box::leak(code.to_string().into_boxed_str());
                        column
                            .rules
                            .push((code, time, found.parse().map_err(|_| failed())?));
                    }
                }
                rule += 1;
            }
            ["all", nanos] => {
                let all = Duration::from_nanos(nanos.parse().map_err(|_| failed())?);
                column.all = column.all.min(all);
            }
            _ => return Err(failed()),
        }
    }
    Ok(())
}

/// Checks `column`'s playbooks in turn, `checks` times, and keeps each
/// rule's time where it is the fastest so far.
fn round(column: &mut Column) {
    let mut times: Vec<(&'static str, Duration, usize)> = Vec::new();
    let mut all = Duration::ZERO;
    for check in 0..column.checks {
        let text = &column.texts[check % column.texts.len()];
        // When the last rule ended (the first: when the rules' context did).
        let last = std::cell::Cell::new(Instant::now());
        let mut rule = 0;
        let checked = check_text_by_rule(
            text,
            &mut |stage| {
                if stage == Stage::RulesContext {
                    last.set(Instant::now());
                }
            },
            &mut |code, found| {
                let now = Instant::now();
                let took = now - last.replace(now);
                all += took;
                match times.get_mut(rule) {
                    Some(slot) => {
                        slot.1 += took;
                        slot.2 += found.len();
                    }
                    None => times.push((code, took, found.len())),
                }
                rule += 1;
            },
        );
        // Freed outside the rules' time.
        drop(checked);
    }
    if column.rules.is_empty() {
        column.rules = times;
    } else {
        for (kept, now) in column.rules.iter_mut().zip(times) {
            kept.1 = kept.1.min(now.1);
        }
    }
    column.all = column.all.min(all);
}

/// Each rule's time per check at each size, with what it found per check.
fn print_times(columns: &[Column]) {
    print!("{:<10}", "per check");
    for column in columns {
        print!("{:>24}", column.name);
    }
    println!();
    let Some(first) = columns.first() else {
        return;
    };
    for (row, (code, _, _)) in first.rules.iter().enumerate() {
        print!("{code:<10}");
        for column in columns {
            let (_, time, found) = column.rules[row];
            let per_check = time / column.checks as u32;
            let found = found as f64 / column.checks as f64;
            print!(
                "{:>14} {:>9}",
                parley_bench::format_duration(per_check),
                format!("({found:.1})")
            );
        }
        println!();
    }
    print!("{:<10}", "all rules");
    for column in columns {
        print!(
            "{:>14} {:>9}",
            parley_bench::format_duration(column.all / column.checks as u32),
            ""
        );
    }
    println!();
}

/// How much faster than the input a time may grow from `bytes` to
/// `next_bytes` of input.
fn allowed(bytes: f64, next_bytes: f64) -> f64 {
    parley_bench::budget::allowed_growth(next_bytes / bytes)
}

/// Each rule's growth at each step, judged; whether every one judged is
/// within the budget.
fn print_growth(columns: &[Column]) -> bool {
    print!("{:<10}", "growth");
    for pair in columns.windows(2) {
        print!("{:>24}", format!("{} to {}", pair[0].name, pair[1].name));
    }
    println!("   (time / per finding; * over what the step allows)");
    print!("{:<10}", "allowed");
    for pair in columns.windows(2) {
        print!(
            "{:>24}",
            format!("{:.3}  ", allowed(pair[0].bytes, pair[1].bytes))
        );
    }
    println!(
        "   ({:.2} for ten times the input)",
        parley_bench::budget::MAX_GROWTH_OVER_SIZE
    );
    let Some(first) = columns.first() else {
        return true;
    };
    let mut within = true;
    let rows = first.rules.len();
    for row in 0..=rows {
        let code = first.rules.get(row).map_or("all rules", |rule| rule.0);
        print!("{code:<10}");
        for pair in columns.windows(2) {
            let at = |column: &Column| {
                let (time, found) = match column.rules.get(row) {
                    Some(&(_, time, found)) => (time, found),
                    None => (column.all, usize::MAX),
                };
                let checks = column.checks as f64;
                (time.as_secs_f64() / checks, found as f64 / checks)
            };
            let ((time, found), (next_time, next_found)) = (at(&pair[0]), at(&pair[1]));
            let growth = next_time / time / (pair[1].bytes / pair[0].bytes);
            let per_finding = (row < rows && found > 0.0 && next_found > 0.0)
                .then(|| next_time / time / (next_found / found));
            if Duration::from_secs_f64(time) < JUDGED_FROM && row < rows {
                print!("{:>24}", "-");
                continue;
            }
            let judged = per_finding.map_or(growth, |per| per.min(growth));
            let over = judged > allowed(pair[0].bytes, pair[1].bytes);
            within &= !over;
            let cell = match per_finding {
                Some(per) => format!("{growth:.2} / {per:.2}"),
                None => format!("{growth:.2}"),
            };
            print!(
                "{:>24}",
                format!("{cell}{}", if over { " *" } else { "  " })
            );
        }
        println!();
    }
    within
}
