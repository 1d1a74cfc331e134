//! The speed budget's time targets in one run: `cargo run --release -p
//! parley-bench --example budget [--fresh] [SIZE ...]` (default 10KB 100KB
//! 1MB 10MB). For each size, lexing, the whole check and the tree-sitter
//! parse of the same generated playbook take turns, round after round, so
//! the three see the same state of the machine (a shared machine's speed
//! drifts by more than a ratio's margin between two benchmarks run minutes
//! apart); the fastest time of each is kept. Then, at each size, different
//! playbooks in turn, as a repository is ([`parley_bench::in_turn_count`]:
//! 64 of 10 KB, 16 of 100 KB, 4 of 1 MB, 2 from 10 MB on), all lexed, then
//! all checked, round after round: one text repeated is learnt by the
//! processor, different ones are not. Then every target is judged on both
//! (`parley_bench::budget`), but growth from a text small enough to be
//! learnt (under 100 KB), judged in turn only, and the exit status is 1
//! when one is not met.
//!
//! With `--fresh`, each turn runs in a process of its own, as one `parley
//! check FILE` does: the example runs itself with `--one STAGE FILE`, which
//! reads the file, times the one stage and prints the nanoseconds it took
//! and its page faults (the table shows the fastest check's). Every page
//! the stage touches is then new to the process, at every size;
//! in the turns of one process a small playbook's check reuses the memory
//! the last one freed and a large one's cannot (blocks over 32 MiB are
//! mapped anew each time). The playbooks in turn are left out there: a
//! folder is checked in one process.
//!
//! The divan benchmarks (`cargo bench -p parley-bench`) give the full
//! figures of each stage; this gives the ratios the targets are about.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use parley_bench::budget::{self, Measured, Target};
use parley_bench::time;

parley_bench::parleys_allocator!();

/// Rounds at each size, at least, and at least this long in all.
const ROUNDS: usize = 5;
const AT_LEAST: Duration = Duration::from_secs(3);

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        return one(&args[1..]);
    }
    let fresh = args.first().map(String::as_str) == Some("--fresh");
    if fresh {
        args.remove(0);
    }
    let labels: Vec<String> = if args.is_empty() {
        ["10KB", "100KB", "1MB", "10MB"].map(String::from).to_vec()
    } else {
        args
    };
    let mut sizes = Vec::with_capacity(labels.len());
    for label in &labels {
        match parley_bench::parse_size(label) {
            Ok(size) => sizes.push(size),
            Err(error) => {
                eprintln!("budget: {error}");
                eprintln!("usage: budget [--fresh] [SIZE ...]  (sizes such as 10KB, 1MB, 50MB)");
                return ExitCode::from(2);
            }
        }
    }
    sizes.sort_unstable();
    sizes.dedup();

    println!(
        "{:<8} {:>11} {:>11} {:>9} {:>9} {:>12} {:>9} {:>13}",
        "size",
        "lex",
        "check",
        "MB/s",
        "check÷lex",
        "tree-sitter",
        "ts÷check",
        if fresh { "check faults" } else { "" },
    );
    let mut measured = Vec::with_capacity(sizes.len());
    for &size in &sizes {
        let text = parley_bench::generate(parley_bench::BENCH_SEED, size);
        let (m, faults) = if fresh {
            match measure_fresh(&text) {
                Ok((m, faults)) => (m, Some(faults)),
                Err(error) => {
                    eprintln!("budget: {error}");
                    return ExitCode::from(2);
                }
            }
        } else {
            (measure(&text), None)
        };
        println!(
            "{:<8} {:>11} {:>11} {:>9.0} {:>9.2} {:>12} {:>9.1} {:>13}",
            budget::size_label(m.bytes),
            parley_bench::format_duration(m.lex),
            parley_bench::format_duration(m.check),
            m.check_bytes_per_second() / 1e6,
            m.check_over_lex(),
            m.tree_sitter
                .map_or_else(String::new, parley_bench::format_duration),
            m.tree_sitter_over_check().unwrap_or(f64::NAN),
            faults.map_or_else(String::new, |faults| faults.to_string()),
        );
        measured.push(m);
    }

    // One text repeated, beside playbooks in turn unless each turn runs in
    // a process of its own (then nothing is repeated in one process).
    let texts = if fresh {
        budget::Texts::Judged
    } else {
        budget::Texts::RepeatedBesideTurns
    };
    let mut verdicts = budget::judge(&measured, texts);
    if fresh {
        println!(
            "(each time in a process of its own; playbooks in turn are checked in one process, so not here)"
        );
    } else {
        // A repository: different playbooks of each size in turn, so that no
        // text's branches are learnt (see `parley_bench::in_turn_count`).
        println!(
            "\ndifferent playbooks in turn (all lexed, then all checked, round after round), per playbook:"
        );
        println!(
            "{:<8} {:>6} {:>11} {:>11} {:>9} {:>9}",
            "size", "texts", "lex", "check", "MB/s", "check÷lex"
        );
        let mut in_turn = Vec::with_capacity(sizes.len());
        for &size in &sizes {
            let playbooks = parley_bench::in_turn_playbooks(size);
            let m = measure_in_turn(&playbooks);
            println!(
                "{:<8} {:>6} {:>11} {:>11} {:>9.0} {:>9.2}",
                budget::size_label(m.bytes),
                playbooks.len(),
                parley_bench::format_duration(m.lex),
                parley_bench::format_duration(m.check),
                m.check_bytes_per_second() / 1e6,
                m.check_over_lex(),
            );
            in_turn.push(m);
        }
        for mut verdict in budget::judge(&in_turn, budget::Texts::Judged) {
            verdict.at.push_str(" in turn");
            verdicts.push(verdict);
        }
    }
    let mut all_met = true;
    for target in [
        Target::Throughput,
        Target::OverLex,
        Target::FasterThanTreeSitter,
        Target::Linear,
    ] {
        let judged: Vec<&budget::Verdict> =
            verdicts.iter().filter(|v| v.target == target).collect();
        // One size gives no step to judge growth on.
        if judged.is_empty() {
            continue;
        }
        println!("\n{}:", target.describe());
        for verdict in judged {
            println!("  {verdict}");
            all_met &= verdict.met || !verdict.judged;
        }
    }
    if all_met {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The fastest lexing, check and tree-sitter parse of `text`, taking turns.
fn measure(text: &str) -> Measured {
    let mut lex = Duration::MAX;
    let mut check = Duration::MAX;
    let mut tree_sitter = Duration::MAX;
    for () in parley_bench::rounds(ROUNDS, AT_LEAST) {
        lex = lex.min(time(|| parley_syntax::lex(text)));
        check = check.min(time(|| parley_check::check_text(text)));
        tree_sitter = tree_sitter.min(time(|| parley_grammar_tests::parse(text)));
    }
    Measured {
        bytes: text.len(),
        lex,
        check,
        tree_sitter: Some(tree_sitter),
    }
}

/// The stages `--one` times, in the order each round runs them.
const STAGES: [&str; 3] = ["lex", "check", "tree-sitter"];

/// The fastest lexing, check and tree-sitter parse of `text`, taking turns,
/// each in a process of its own (`--fresh`).
/// Also returns the page faults of the fastest check: the pages new to its
/// process.
fn measure_fresh(text: &str) -> Result<(Measured, u64), String> {
    let file = Scratch::write(text)?;
    let me =
        std::env::current_exe().map_err(|error| format!("cannot find this program: {error}"))?;
    let mut fastest = [(Duration::MAX, 0); STAGES.len()];
    for () in parley_bench::rounds(ROUNDS, AT_LEAST) {
        for (stage, best) in STAGES.iter().zip(&mut fastest) {
            let run = run_one(&me, stage, file.path())?;
            if run.0 < best.0 {
                *best = run;
            }
        }
    }
    let [(lex, _), (check, faults), (tree_sitter, _)] = fastest;
    let measured = Measured {
        bytes: text.len(),
        lex,
        check,
        tree_sitter: Some(tree_sitter),
    };
    Ok((measured, faults))
}

/// Runs `me --one STAGE FILE` and reads the time and the page faults it
/// printed.
fn run_one(me: &Path, stage: &str, file: &Path) -> Result<(Duration, u64), String> {
    let output = Command::new(me)
        .args(["--one", stage])
        .arg(file)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", me.display()))?;
    let printed = String::from_utf8_lossy(&output.stdout);
    let mut figures = printed.split_whitespace().map(str::parse::<u64>);
    match (figures.next(), figures.next()) {
        (Some(Ok(nanos)), Some(Ok(faults))) if output.status.success() => {
            Ok((Duration::from_nanos(nanos), faults))
        }
        _ => Err(format!(
            "`--one {stage}` failed ({}): {}{}",
            output.status,
            printed.trim(),
            String::from_utf8_lossy(&output.stderr).trim()
        )),
    }
}

/// `--one STAGE FILE`: reads the file, times the one stage on it, and
/// prints the nanoseconds it took and the page faults it took them with;
/// what the stage returns is freed outside the time, as in the turns of one
/// process.
fn one(args: &[String]) -> ExitCode {
    let [stage, path] = args else {
        eprintln!("usage: budget --one lex|check|tree-sitter FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("budget: {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let faults_before = page_faults();
    let took = match stage.as_str() {
        "lex" => time(|| parley_syntax::lex(&text)),
        "check" => time(|| parley_check::check_text(&text)),
        "tree-sitter" => time(|| parley_grammar_tests::parse(&text)),
        _ => {
            eprintln!("budget: no stage `{stage}` (lex, check or tree-sitter)");
            return ExitCode::from(2);
        }
    };
    let faults = page_faults().saturating_sub(faults_before);
    println!("{} {faults}", took.as_nanos());
    ExitCode::SUCCESS
}

/// The page faults this process has taken that read nothing from disk: on
/// Linux, pages new to the process (0 elsewhere).
fn page_faults() -> u64 {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `getrusage` writes the zeroed struct it is given, and
        // nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            return u64::try_from(usage.ru_minflt).unwrap_or(0);
        }
    }
    0
}

/// A playbook written to a file of the system's temporary folder for the
/// processes of `--fresh`, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn write(text: &str) -> Result<Scratch, String> {
        let path = std::env::temp_dir().join(format!(
            "parley-budget-{}-{}.parley",
            std::process::id(),
            text.len()
        ));
        std::fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        Ok(Scratch(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The fastest round of lexing all of `texts` in turn, and of checking all
/// of them in turn, per text on average. Each is a loop of its own, as in
/// the benchmarks (`lex_in_turn`, `check_in_turn`): lexing between two
/// checks would find the processor's state the check left, and take a
/// quarter longer than in a loop of its own (21 µs against 17 at 10 KB),
/// where the check hardly changes.
fn measure_in_turn(texts: &[String]) -> Measured {
    let mut lex = Duration::MAX;
    let mut check = Duration::MAX;
    for () in parley_bench::rounds(ROUNDS, AT_LEAST) {
        lex = lex.min(
            texts
                .iter()
                .map(|text| time(|| parley_syntax::lex(text)))
                .sum(),
        );
        check = check.min(
            texts
                .iter()
                .map(|text| time(|| parley_check::check_text(text)))
                .sum(),
        );
    }
    let count = u32::try_from(texts.len()).unwrap_or(u32::MAX).max(1);
    let bytes = texts.iter().map(String::len).sum::<usize>() / count as usize;
    Measured {
        bytes,
        lex: lex / count,
        check: check / count,
        tree_sitter: None,
    }
}
