//! The pipeline, stage by stage, on generated playbooks of growing size:
//! lexing, parsing, checking with every rule, formatting, the negotiated
//! process and its timeline, and the tree-sitter grammar's parse of the same
//! text for comparison. Throughput is in bytes of playbook text.
//!
//! `cargo bench -p parley-bench --bench pipeline`; add `PARLEY_BENCH_50MB=1`
//! for the 50 MB size (minutes).

use divan::Bencher;
use divan::counter::BytesCount;
use parley_bench::{bench_playbook, bench_sizes, in_turn_playbooks};

parley_bench::parleys_allocator!();

fn main() {
    parley_bench::allocate_as_parley();
    divan::main();
}

#[divan::bench(args = bench_sizes(), max_time = 5)]
fn lex(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_syntax::lex(text));
}

#[divan::bench(args = bench_sizes(), max_time = 5)]
fn parse(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_syntax::parse(text));
}

/// What `parley check` does for one file: parse, resolve, every rule.
#[divan::bench(args = bench_sizes(), max_time = 5)]
fn check(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_check::check_text(text));
}

/// The check of a playbook with one step in five misspelt: each one fails
/// to resolve, so did-you-mean searches and `P104`'s question of whether a
/// one-sided step may be a misspelt one are asked thousands of times at
/// 10 MB. Against `check`: it must stay linear.
#[divan::bench(args = bench_sizes(), max_time = 5)]
fn check_with_misspelt_steps(bencher: Bencher, size: usize) {
    let text = parley_bench::misspell_steps(bench_playbook(size), 5);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench(|| parley_check::check_text(&text));
}

/// The sizes of the benchmarks in turn: where one text repeated is learnt
/// (10 KB), and the next two, where it is not.
const IN_TURN_SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Lexing different playbooks of one size in turn ([`in_turn_playbooks`]),
/// as in a repository: divan's time is for all of them
/// ([`parley_bench::in_turn_count`]: 64 of 10 KB, 16 of 100 KB, 4 of
/// 1 MB), its throughput per byte; against `lex`, which lexes one text
/// over and over.
#[divan::bench(args = IN_TURN_SIZES, max_time = 5)]
fn lex_in_turn(bencher: Bencher, size: usize) {
    let texts = in_turn_playbooks(size);
    let bytes: usize = texts.iter().map(String::len).sum();
    // Returned, so that divan frees what each lexing made after the time,
    // as it does for `lex`.
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        texts
            .iter()
            .map(|text| parley_syntax::lex(text))
            .collect::<Vec<_>>()
    });
}

/// Checking different playbooks of one size in turn, as `parley check`
/// does a folder's (on one core): against `check`.
#[divan::bench(args = IN_TURN_SIZES, max_time = 5)]
fn check_in_turn(bencher: Bencher, size: usize) {
    let texts = in_turn_playbooks(size);
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        texts
            .iter()
            .map(|text| parley_check::check_text(text))
            .collect::<Vec<_>>()
    });
}

#[divan::bench(args = bench_sizes(), max_time = 5)]
fn format(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_syntax::format(text));
}

/// The negotiated process and its working-day timeline, from the model.
#[divan::bench(args = bench_sizes(), max_time = 5)]
fn negotiated_plan(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    let analysis = parley_check::analyze(text);
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let negotiated = parley_check::NegotiatedProcess::new(&analysis.model);
        let schedule = parley_check::timeline::schedule(&analysis.model, &negotiated);
        (negotiated, schedule)
    });
}

/// The mutual action plan `parley plan` prints, from a checked playbook.
#[divan::bench(args = bench_sizes(), max_time = 5)]
fn mutual_action_plan(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    let analysis = parley_check::analyze(text);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_check::plan::MutualActionPlan::new(&analysis).to_markdown());
}

/// The project's tree-sitter grammar parsing the same text, for the ratio.
#[divan::bench(args = bench_sizes(), max_time = 5)]
fn tree_sitter_parse(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_grammar_tests::parse(text));
}

/// The line index of a playbook, which `parley check` builds for each file
/// and the server for each version of a document.
#[divan::bench(args = bench_sizes(), max_time = 5)]
fn line_index(bencher: Bencher, size: usize) {
    let text = bench_playbook(size);
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| parley_syntax::LineIndex::new(text));
}

/// One line of `steps` steps followed by a comment of 100,000 `é`, as a
/// pasted note makes it: the line index of the text and the UTF-16
/// position of every token's start and end, which `parley check --format
/// json` and the server's semantic tokens compute. Each position takes the
/// same time however much non-ASCII text its line holds.
#[divan::bench(args = [2_000, 20_000], max_time = 5)]
fn long_line_positions(bencher: Bencher, steps: usize) {
    let text = format!(
        "conversation a \"A\" {{}} process seller {{{} }} // {}\n",
        " a".repeat(steps),
        "é".repeat(100_000)
    );
    let offsets: Vec<usize> = parley_syntax::lex(&text)
        .iter()
        .flat_map(|token| [token.span.start(), token.span.end()])
        .collect();
    bencher.counter(BytesCount::of_str(&text)).bench(|| {
        let index = parley_syntax::LineIndex::new(&text);
        offsets
            .iter()
            .map(|&offset| {
                index
                    .position(offset, parley_syntax::Encoding::Utf16)
                    .character
            })
            .fold(0u32, u32::wrapping_add)
    });
}
