//! The generator's promises: the same seed gives the same playbook, sizes
//! are met, every playbook parses without a syntax error, and the checker
//! finds the realistic mix of problems the processes were written to have.

use std::collections::BTreeSet;

use parley_bench::{generate, generate_lines, line_count, one_character_edit};

#[test]
fn the_same_seed_and_size_give_the_same_text() {
    assert_eq!(generate(7, 20_000), generate(7, 20_000));
    assert_ne!(generate(7, 20_000), generate(8, 20_000));
}

#[test]
fn sizes_from_ten_kilobytes_up_are_met_within_one_workstream() {
    for target in [10_000, 100_000, 1_000_000] {
        let text = generate(3, target);
        assert!(text.len() >= target, "{} < {target}", text.len());
        assert!(
            text.len() < target + 6_000,
            "{} far above {target}",
            text.len()
        );
    }
}

#[test]
fn playbooks_parse_without_syntax_errors_at_every_seed() {
    for seed in 0..40 {
        for size in [10_000, 60_000] {
            let text = generate(seed, size);
            let parse = parley_syntax::parse(&text);
            assert!(
                parse.errors.is_empty(),
                "seed {seed}, size {size}: {:?}",
                parse.errors.first()
            );
        }
    }
}

#[test]
fn a_large_playbook_parses_without_syntax_errors() {
    let text = generate(11, 2_000_000);
    assert!(parley_syntax::parse(&text).errors.is_empty());
}

#[test]
fn the_checker_finds_a_realistic_mix_of_problems() {
    let text = generate(1, 300_000);
    let checked = parley_check::check_text(&text);
    let codes: BTreeSet<&str> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert!(!codes.contains("E001"), "syntax errors: {codes:?}");
    // Conflicts between the processes, stakeholder gaps, and the rest.
    for expected in [
        "P101", "P103", "P104", "P105", "P107", "P110", "P111", "S201", "S203", "S206", "S207",
        "N007", "T301", "T302",
    ] {
        assert!(codes.contains(expected), "no {expected} in {codes:?}");
    }
    // No name is left undefined: the generator refers only to what it declares.
    assert!(!codes.contains("N001"), "{codes:?}");
}

#[test]
fn generated_by_lines_is_close_to_the_asked_line_count() {
    let text = generate_lines(5, 2_000);
    let lines = line_count(&text);
    assert!((1_800..=2_300).contains(&lines), "{lines} lines");
}

#[test]
fn the_one_character_edit_inserts_a_space_at_a_line_start() {
    let text = generate(2, 10_000);
    let (offset, edited) = one_character_edit(&text);
    assert_eq!(edited.len(), text.len() + 1);
    assert_eq!(edited.as_bytes()[offset], b' ');
    assert_eq!(&text.as_bytes()[offset - 1], &b'\n');
    assert!(parley_syntax::parse(&edited).errors.is_empty());
}

#[test]
fn the_tree_sitter_grammar_accepts_generated_playbooks_too() {
    for seed in 0..5 {
        let text = generate(seed, 30_000);
        let tree = parley_grammar_tests::parse(&text).expect("the grammar loads");
        let problems = parley_grammar_tests::syntax_problems(&tree);
        assert!(problems.is_empty(), "seed {seed}: {:?}", problems.first());
    }
}

#[test]
fn playbooks_in_turn_differ_and_have_the_asked_size() {
    for (bytes, count) in [(10_000, 64), (100_000, 16)] {
        let texts = parley_bench::in_turn_playbooks(bytes);
        assert_eq!(texts.len(), count);
        assert_eq!(parley_bench::in_turn_count(bytes), count);
        let unique: std::collections::HashSet<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(
            unique.len(),
            texts.len(),
            "every seed gives its own playbook"
        );
        for text in &texts {
            assert!(
                (bytes..bytes * 8 / 5).contains(&text.len()),
                "a playbook of {} bytes asked for {bytes}",
                text.len()
            );
        }
    }
    assert_eq!(parley_bench::in_turn_count(1_000_000), 4);
    assert_eq!(parley_bench::in_turn_count(50_000_000), 2);
}

#[test]
fn rounds_run_their_count_then_until_their_time() {
    use std::time::{Duration, Instant};
    assert_eq!(parley_bench::rounds(3, Duration::ZERO).count(), 3);
    assert_eq!(parley_bench::rounds(0, Duration::ZERO).count(), 0);
    let at_least = Duration::from_millis(20);
    let started = Instant::now();
    let mut count = 0;
    for () in parley_bench::rounds(2, at_least) {
        count += 1;
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(started.elapsed() >= at_least);
    assert!(count > 2, "{count} rounds in {:?}", started.elapsed());
}

#[test]
fn time_measures_the_work_and_frees_its_result_after() {
    use std::time::Duration;
    struct Slow;
    impl Drop for Slow {
        fn drop(&mut self) {
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    let took = parley_bench::time(|| {
        std::thread::sleep(Duration::from_millis(5));
        Slow
    });
    assert!(took >= Duration::from_millis(5), "{took:?}");
    assert!(
        took < Duration::from_millis(50),
        "the drop was timed: {took:?}"
    );
}
