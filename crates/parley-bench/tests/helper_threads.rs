//! A large playbook's check shares its work with helper threads (the
//! second part of its text parsed on one, its tree freed on one while the
//! graph is built, a share of the rules on another): what it finds is what
//! a check on one thread finds, in the same order.

use parley_bench::generate;

/// Steps in both processes of `text`.
fn steps(text: &str) -> usize {
    parley_syntax::parse(text)
        .file
        .items
        .iter()
        .filter_map(|item| match item {
            parley_syntax::ast::Item::Process(process) => Some(process.steps().count()),
            _ => None,
        })
        .sum()
}

#[test]
fn a_large_playbook_checked_with_helpers_finds_what_one_thread_finds() {
    // Large enough for helpers (12,000 steps and more) on a system of more
    // than one core.
    let text = generate(5, 2_500_000);
    assert!(steps(&text) >= 12_000, "{} steps", steps(&text));
    let helped = parley_check::check_text(&text).diagnostics;
    parley_check::allow_helper_thread(false);
    let alone = parley_check::check_text(&text).diagnostics;
    parley_check::allow_helper_thread(true);
    assert!(alone.len() > 1_000, "{} diagnostics", alone.len());
    let codes = |diagnostics: &[parley_syntax::Diagnostic]| {
        diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<std::collections::BTreeSet<_>>()
    };
    // Rules of both threads found something.
    assert!(codes(&alone).contains("P104"), "{:?}", codes(&alone));
    assert!(codes(&alone).contains("S206"), "{:?}", codes(&alone));
    assert_eq!(helped.len(), alone.len());
    assert!(helped == alone, "the same diagnostics, in the same order");
}

#[test]
fn generated_playbooks_parsed_in_two_parts_parse_as_a_whole() {
    for seed in 1..=6 {
        let text = generate(seed, 200_000);
        let split = parley_syntax::split_point(&text).expect("a place to cut");
        assert!(split >= text.len() / 2 && split < text.len(), "seed {seed}");
        let first = parley_syntax::parse_part(&text, 0..split);
        let second = parley_syntax::parse_part(&text, split..text.len());
        let whole = parley_syntax::parse(&text);
        assert!(!whole.file.items.is_empty());
        let parts = parley_syntax::join_parts(&text, first, second);
        assert!(
            parts.as_ref() == Some(&whole),
            "seed {seed}: the parts join into the whole"
        );
    }
}
