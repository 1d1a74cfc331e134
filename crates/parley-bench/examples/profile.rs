//! Runs one stage of the pipeline on a generated playbook, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/profile check 1MB`.
//!
//! Stages: lex, parse, check, format, negotiated, plan, ide, complete.
//! A fourth argument runs the stage that many times (the generator once),
//! for a sampling profiler: `perf record target/release/examples/profile check 10MB 1 20`.
//!
//! The `check` stage also prints how many diagnostics of each code it
//! found (`findings: P101=3 S201=10 ...`).
//!
//! With `PARLEY_ONE_THREAD` set, a large playbook's check starts no helper
//! threads: what callgrind counts under the check's own functions is then
//! all of its work (`crates/parley-bench/linearity.sh` sets it).
//!
//! With `PARLEY_MISSPELL=N`, every `N`th step of the playbook is misspelt
//! ([`parley_bench::misspell_steps`]): a playbook whose names fail to
//! resolve (`PARLEY_MISSPELL=5 crates/parley-bench/linearity.sh`).

use std::process::ExitCode;

parley_bench::parleys_allocator!();

fn main() -> ExitCode {
    parley_bench::allocate_as_parley();
    if std::env::var_os("PARLEY_ONE_THREAD").is_some() {
        parley_check::allow_helper_thread(false);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(stage), Some(size)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: profile STAGE SIZE [SEED]  (stages: lex parse check format negotiated plan ide complete)"
        );
        return ExitCode::from(2);
    };
    let size = match parley_bench::parse_size(size) {
        Ok(size) => size,
        Err(error) => {
            eprintln!("profile: {error}");
            return ExitCode::from(2);
        }
    };
    let seed = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(parley_bench::BENCH_SEED);
    let repeat: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1).max(1);
    let text = parley_bench::misspell_as_asked(parley_bench::generate(seed, size));
    for _ in 1..repeat {
        if let Err(code) = run(stage, &text) {
            return code;
        }
    }
    run(stage, &text).unwrap_or_else(|code| code)
}

/// How many diagnostics of each code, `P101=3 S201=10`, in the codes'
/// order: what each rule found (`linearity.sh` reads it).
fn findings(diagnostics: &[parley_syntax::Diagnostic]) -> String {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for diagnostic in diagnostics {
        *counts.entry(diagnostic.code).or_default() += 1;
    }
    counts
        .iter()
        .map(|(code, count)| format!("{code}={count}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `stage` once on `text` and says how long it took.
fn run(stage: &str, text: &str) -> Result<ExitCode, ExitCode> {
    let started = std::time::Instant::now();
    let summary = match stage {
        "lex" => parley_syntax::lex(text).len(),
        "parse" => parley_syntax::parse(text).file.items.len(),
        "check" => {
            let diagnostics = parley_check::check_text(text).diagnostics;
            eprintln!("findings: {}", findings(&diagnostics));
            diagnostics.len()
        }
        "format" => parley_syntax::format(text).map(|t| t.len()).unwrap_or(0),
        "negotiated" | "plan" => {
            let analysis = parley_check::analyze(text);
            eprintln!("analysed in {:?}", started.elapsed());
            let started = std::time::Instant::now();
            let n = if stage == "plan" {
                parley_check::plan::MutualActionPlan::new(&analysis)
                    .to_markdown()
                    .len()
            } else {
                let negotiated = parley_check::NegotiatedProcess::new(&analysis.model);
                parley_check::timeline::schedule(&analysis.model, &negotiated)
                    .map_or(0, |s| s.steps.len())
            };
            eprintln!("{stage} in {:?}", started.elapsed());
            n
        }
        "ide" => parley_ide::Analysis::new(text).diagnostics().len(),
        "complete" => {
            let analysis = parley_ide::Analysis::new(text);
            let process = text.rfind("process buyer {").unwrap_or(0);
            let middle = process + (text.len() - process) / 2;
            let offset = text
                .get(middle..)
                .and_then(|rest| rest.find("\n  "))
                .map_or(text.len(), |at| middle + at + 3);
            let started = std::time::Instant::now();
            let items = parley_ide::completion(&analysis, offset).len();
            eprintln!("completion in {:?}", started.elapsed());
            items
        }
        other => {
            eprintln!("profile: unknown stage `{other}`");
            return Err(ExitCode::from(2));
        }
    };
    eprintln!(
        "{stage} of {} bytes: {summary} in {:?}",
        text.len(),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}
