//! Invariants of the checker, the formatter and the fixes over texts no
//! fixture covers: arbitrary bytes (read as lossy UTF-8, as an editor shows
//! them), token soups with comments, broken strings and odd characters, and
//! the examples and fixtures cut, spliced and duplicated the way a user
//! edits them.
//!
//! - Checking never panics, and every diagnostic's span, every label's span
//!   and every fix's edit spans lie inside the document on character
//!   boundaries; every fix applies.
//! - Formatting is idempotent and keeps every token and every comment.
//! - Every fix keeps every line the user wrote that it does not touch, and
//!   every token it does not replace (no word glued to an insertion); in a
//!   file that parses, it leaves a file that parses and drops the diagnostic
//!   it fixed.
//!
//! `fix_properties.rs` holds the same fix promises over the untouched
//! fixtures; `parley-syntax`'s property tests hold the formatter's over
//! generated playbooks. The huge and deeply nested inputs are at the end.

mod support;
// Only `floor` of the generators: where an edit's generated offset lands.
#[path = "../../parley-syntax/tests/support/generators.rs"]
#[allow(dead_code)]
mod generators;

use std::fs;

use generators::floor;
use parley_check::check_text;
use parley_syntax::{Diagnostic, Fix, Severity, Span, TokenKind, apply_edits, format, lex};
use proptest::prelude::*;

/// Why `span` is not a span of `text`, if it is not.
fn bad_span(text: &str, span: Span, what: &str) -> Option<String> {
    let fine = span.start() <= span.end()
        && span.end() <= text.len()
        && text.is_char_boundary(span.start())
        && text.is_char_boundary(span.end());
    (!fine).then(|| format!("{what} {span:?} in a text of {} bytes", text.len()))
}

/// Every span problem of the diagnostics of `text`, and every fix that does
/// not apply.
fn span_problems(text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    span_problems_applying(text, diagnostics, usize::MAX)
}

/// Like [`span_problems`], applying only the fixes of the first `apply`
/// diagnostics (each application copies the whole text).
fn span_problems_applying(text: &str, diagnostics: &[Diagnostic], apply: usize) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, diagnostic) in diagnostics.iter().enumerate() {
        problems.extend(bad_span(text, diagnostic.span, diagnostic.code));
        for label in &diagnostic.labels {
            problems.extend(bad_span(text, label.span, "label"));
        }
        for fix in &diagnostic.fixes {
            for edit in &fix.edits {
                problems.extend(bad_span(text, edit.span, "fix edit"));
            }
            if index < apply && apply_edits(text, &fix.edits).is_none() {
                problems.push(format!(
                    "{} fix `{}` does not apply",
                    diagnostic.code, fix.title
                ));
            }
        }
    }
    problems
}

fn assert_checks_cleanly(text: &str) -> Result<(), TestCaseError> {
    let checked = check_text(text);
    let problems = span_problems(text, &checked.diagnostics);
    prop_assert!(problems.is_empty(), "{text:?}:\n{}", problems.join("\n"));
    Ok(())
}

/// The comments of a text, in order, without trailing whitespace (the only
/// thing the formatter may change in one).
fn comments(text: &str) -> Vec<String> {
    lex(text)
        .into_iter()
        .filter(|token| token.kind.is_trivia())
        .filter_map(|token| text.get(token.span.range()))
        .map(|comment| comment.trim_end().to_string())
        .collect()
}

/// The significant tokens of a text as a sorted bag: a step's markers may
/// be reordered, but no token may be added, dropped or respelt.
fn token_bag(text: &str) -> Vec<(TokenKind, String)> {
    let mut bag: Vec<(TokenKind, String)> = lex(text)
        .into_iter()
        .filter(|token| !token.kind.is_trivia())
        .filter_map(|token| Some((token.kind, text.get(token.span.range())?.to_string())))
        .collect();
    bag.sort_by(|a, b| a.1.cmp(&b.1));
    bag
}

/// Formatting refuses the text, or formats it idempotently keeping every
/// token and comment.
fn assert_formats_losslessly(text: &str) -> Result<(), TestCaseError> {
    let Ok(formatted) = format(text) else {
        return Ok(());
    };
    let again = format(&formatted);
    prop_assert_eq!(
        again.as_deref(),
        Ok(formatted.as_str()),
        "not idempotent on {:?}",
        text
    );
    prop_assert_eq!(
        token_bag(text),
        token_bag(&formatted),
        "tokens of {:?}",
        text
    );
    prop_assert_eq!(
        comments(text),
        comments(&formatted),
        "comments of {:?}",
        text
    );
    Ok(())
}

fn syntax_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.code == "E001" && d.severity == Severity::Error)
        .count()
}

/// What is wrong with one fix of one diagnostic of `text`.
fn fix_problems(
    text: &str,
    before: &[Diagnostic],
    diagnostic: &Diagnostic,
    fix: &Fix,
) -> Vec<String> {
    let Some(fixed) = apply_edits(text, &fix.edits) else {
        return vec![format!("`{}` does not apply", fix.title)];
    };
    let mut problems = Vec::new();
    let after = check_text(&fixed).diagnostics;
    // In a file that parses, the fix keeps it parsing and removes its
    // diagnostic: as many diagnostics with its code and message remain as
    // there were others like it. (In a file with syntax errors, neither
    // holds in general: an insertion between two broken fragments can split
    // one error in two, and a step inserted into a broken process is still
    // not seen. The lines, tokens and spans are checked there too.)
    // With a step listed twice (P107), moving the one that counts leaves
    // the other to count instead, with the same finding: not checked there.
    let duplicate_step = before.iter().any(|d| d.code == "P107");
    if syntax_errors(before) == 0 && !duplicate_step {
        if syntax_errors(&after) > 0 {
            problems.push(format!("`{}` adds a syntax error:\n{fixed}", fix.title));
        }
        let same = |d: &&Diagnostic| d.code == diagnostic.code && d.message == diagnostic.message;
        if after.iter().filter(same).count() >= before.iter().filter(same).count() {
            problems.push(format!(
                "`{}` leaves {} `{}`:\n{fixed}",
                fix.title, diagnostic.code, diagnostic.message
            ));
        }
    }
    // A declaration inserted into a broken file is seen there too: it goes
    // after a whole declaration, never inside a broken one.
    if syntax_errors(before) > 0 && fix.title.starts_with("Declare ") {
        let same = |d: &&Diagnostic| d.code == diagnostic.code && d.message == diagnostic.message;
        if after.iter().filter(same).count() >= before.iter().filter(same).count() {
            problems.push(format!("`{}` is not seen:\n{fixed}", fix.title));
        }
    }
    problems.extend(span_problems(&fixed, &after));
    if let Some(lost) = support::lost_token::lost_token(text, &fix.edits, &fixed) {
        problems.push(format!("`{}` breaks the token {lost}:\n{fixed}", fix.title));
    }
    // Every line the fix does not touch is still there.
    let touched = |start: usize, end: usize| {
        fix.edits
            .iter()
            .any(|edit| edit.span.start() < end && start <= edit.span.end())
    };
    let fixed_lines: Vec<&str> = fixed.lines().map(str::trim).collect();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let end = offset + line.len();
        let content = line.trim();
        if !content.is_empty() && !touched(offset, end) && !fixed_lines.contains(&content) {
            problems.push(format!("`{}` loses the line `{content}`", fix.title));
        }
        offset = end;
    }
    problems
}

fn assert_fixes_keep_their_promises(text: &str) -> Result<(), TestCaseError> {
    let before = check_text(text).diagnostics;
    let mut problems = Vec::new();
    for diagnostic in &before {
        for fix in &diagnostic.fixes {
            for problem in fix_problems(text, &before, diagnostic, fix) {
                problems.push(format!(
                    "{} `{}`: {problem}",
                    diagnostic.code, diagnostic.message
                ));
            }
        }
    }
    prop_assert!(problems.is_empty(), "{text:?}:\n{}", problems.join("\n\n"));
    Ok(())
}

/// Pieces of playbooks and of what is not one: every keyword, names, broken
/// strings and escapes, comments, dates and durations out of range, and the
/// characters that trip offsets (a BOM, emoji, combining marks, a lone CR).
fn pieces() -> Vec<&'static str> {
    parley_syntax::KEYWORDS
        .iter()
        .chain(OTHER_PIECES)
        .copied()
        .collect()
}

/// The pieces that are not keywords.
const OTHER_PIECES: &[&str] = &[
    "dana",
    "omar",
    "discovery",
    "proposal",
    "signature",
    "change",
    "decide",
    "consensus",
    "champion",
    "economic-buyer",
    "procurement",
    "low",
    "high",
    "{",
    "}",
    ",",
    "\"Title\"",
    "\"unterminated",
    "\"esc\\\"aped\"",
    "\"\\\\\"",
    "\"\\q\"",
    "2027-01-11",
    "2027-02-30",
    "9999-99-99",
    "2w",
    "3d",
    "0d",
    "99999999999999999999999d",
    "-",
    "_x",
    "x-",
    "/// doc",
    "// note",
    "//",
    "///",
    "/",
    "\\",
    "@",
    "💼",
    "é\u{301}",
    "\u{feff}",
    "\u{0}",
    "\t",
    "\r",
    "\r\n",
    "\n",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(pieces()),
            prop::sample::select(&[" ", "\n", ""][..]),
        ),
        0..150,
    )
    .prop_map(|pieces| {
        pieces
            .into_iter()
            .flat_map(|(piece, gap)| [piece, gap])
            .collect()
    })
}

/// One edit a user makes: cut a range, splice a piece in, or duplicate a line.
#[derive(Clone, Debug)]
enum Mutation {
    Cut(usize, usize),
    Insert(usize, &'static str),
    DuplicateLine(usize),
    DeleteLine(usize),
    /// Letters typed into the middle of a word: a misspelt name.
    Typo(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Mutation::Cut(at, len)),
        (any::<usize>(), prop::sample::select(pieces()))
            .prop_map(|(at, piece)| Mutation::Insert(at, piece)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DeleteLine),
        (
            any::<usize>(),
            prop::sample::select(&["x", "e", "-a", "_"][..])
        )
            .prop_map(|(at, letters)| Mutation::Typo(at, letters)),
    ]
}

fn mutate(mut text: String, mutations: &[Mutation]) -> String {
    for mutation in mutations {
        let len = text.len().max(1);
        match *mutation {
            Mutation::Cut(at, cut) => {
                let start = floor(&text, at % len);
                let end = floor(&text, start + cut);
                text.replace_range(start..end, "");
            }
            Mutation::Insert(at, piece) => {
                let at = floor(&text, at % len);
                text.insert_str(at, piece);
            }
            Mutation::DuplicateLine(at) => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                if let Some(line) = lines.get(at % lines.len().max(1)) {
                    let line = line.to_string();
                    let at = floor(&text, at % len);
                    let start = text
                        .get(..at)
                        .and_then(|head| head.rfind('\n'))
                        .map_or(0, |n| n + 1);
                    text.insert_str(start, &line);
                }
            }
            Mutation::DeleteLine(at) => {
                let at = floor(&text, at % len);
                let start = text
                    .get(..at)
                    .and_then(|head| head.rfind('\n'))
                    .map_or(0, |n| n + 1);
                let end = text
                    .get(at..)
                    .and_then(|tail| tail.find('\n'))
                    .map_or(text.len(), |n| at + n + 1);
                text.replace_range(start..end, "");
            }
            Mutation::Typo(at, letters) => {
                // Just after a letter, so the word grows instead of splitting.
                let at = floor(&text, at % len);
                if let Some(letter) = text
                    .get(at..)
                    .and_then(|tail| tail.find(|c: char| c.is_ascii_lowercase()))
                {
                    text.insert_str(at + letter + 1, letters);
                }
            }
        }
    }
    text
}

fn edited_playbook() -> impl Strategy<Value = String> {
    let playbooks: Vec<String> = support::playbooks()
        .iter()
        .map(|path| fs::read_to_string(path).expect("a readable playbook"))
        .collect();
    (0..playbooks.len(), prop::collection::vec(mutation(), 1..4))
        .prop_map(move |(index, mutations)| mutate(playbooks[index].clone(), &mutations))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn checking_arbitrary_bytes_never_panics_and_keeps_spans_in_the_text(
        bytes in prop::collection::vec(any::<u8>(), 0..600)
    ) {
        assert_checks_cleanly(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn token_soups_check_cleanly_and_format_losslessly(text in soup()) {
        assert_checks_cleanly(&text)?;
        assert_formats_losslessly(&text)?;
        assert_fixes_keep_their_promises(&text)?;
    }

    #[test]
    fn edited_playbooks_check_cleanly_and_format_losslessly(text in edited_playbook()) {
        assert_checks_cleanly(&text)?;
        assert_formats_losslessly(&text)?;
    }

    #[test]
    fn every_fix_of_an_edited_playbook_keeps_its_promises(text in edited_playbook()) {
        assert_fixes_keep_their_promises(&text)?;
    }
}

/// Every example and fixture, untouched: the formatter's promises (the fix
/// promises over these are `fix_properties.rs`'s).
#[test]
fn every_playbook_of_the_repository_formats_losslessly() {
    let playbooks: Vec<String> = support::playbooks()
        .iter()
        .map(|path| fs::read_to_string(path).expect("a readable playbook"))
        .collect();
    assert!(playbooks.len() > 40, "only {} playbooks", playbooks.len());
    for text in playbooks {
        assert_formats_losslessly(&text).unwrap();
        assert_checks_cleanly(&text).unwrap();
    }
}

// Huge and deeply nested inputs: a clear error or a result, never a stack
// overflow. Each check runs on a thread with a small stack (a quarter of a
// main thread's 8 MiB), so a recursion that grows with the input shows here
// first. The 50 MB file is ignored in the normal run; run it with
// `cargo test --release -p parley-check --test invariants -- --ignored`.

const SMALL_STACK: usize = 256 * 1024;

/// Checks `text` on a thread with a small stack; returns the diagnostics'
/// codes and the time it took.
fn check_on_small_stack(text: String) -> (Vec<&'static str>, std::time::Duration) {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            let started = std::time::Instant::now();
            let checked = check_text(&text);
            let problems = span_problems_applying(&text, &checked.diagnostics, 100);
            assert!(problems.is_empty(), "{}", problems.join("\n"));
            let _ = format(&text);
            let codes = checked.diagnostics.iter().map(|d| d.code).collect();
            (codes, started.elapsed())
        })
        .expect("a thread")
        .join()
        .expect("the check finishes without a panic")
}

/// Declarations enough to fill `bytes`: stakeholders and conversations with
/// distinct names, and both processes listing every conversation.
fn big_playbook(bytes: usize) -> String {
    let mut text = String::from("playbook \"Big\"\nstarts 2027-01-11\n\n");
    let mut steps = String::new();
    let mut n = 0;
    while text.len() + 2 * steps.len() < bytes {
        text.push_str(&format!(
            "stakeholder s{n} \"Stakeholder {n}\" {{\n  side buyer\n  role champion\n  compelled high\n}}\n\n\
             conversation c{n} \"Conversation {n}\" {{\n  with s{n}\n  wins explore\n  takes 1d\n}}\n\n"
        ));
        steps.push_str(&format!("  c{n}\n"));
        n += 1;
    }
    text.push_str(&format!(
        "process seller {{\n{steps}}}\n\nprocess buyer {{\n{steps}}}\n"
    ));
    text
}

#[test]
fn a_hundred_thousand_unclosed_braces_are_a_syntax_error() {
    let (codes, _) = check_on_small_stack("{".repeat(100_000));
    assert!(codes.contains(&"E001"), "{codes:?}");
    let (codes, _) = check_on_small_stack("process seller {".repeat(100_000));
    assert!(
        codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    let (codes, _) = check_on_small_stack("stakeholder a \"A\" {\n".repeat(100_000));
    assert!(
        codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    let (codes, _) = check_on_small_stack("}".repeat(100_000));
    assert!(codes.contains(&"E001"));
}

#[test]
fn a_hundred_thousand_of_anything_in_a_row_is_checked() {
    // Doc comments attached to one declaration, a list of names, strings
    // that never close.
    let docs = "/// why\n".repeat(100_000);
    let (codes, _) = check_on_small_stack(format!("{docs}stakeholder a \"A\" {{ side buyer }}\n"));
    assert!(
        !codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    let names = vec!["a"; 100_000].join(", ");
    let (codes, _) = check_on_small_stack(format!(
        "stakeholder a \"A\" {{ side buyer }}\nconversation c \"C\" {{ with {names} }}\n"
    ));
    assert!(
        !codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    let (codes, _) = check_on_small_stack("\"".repeat(100_001));
    assert!(codes.contains(&"E001"));
}

#[test]
fn a_line_of_a_megabyte_is_checked() {
    let title = "x".repeat(1 << 20);
    let (codes, _) = check_on_small_stack(format!("playbook \"{title}\"\n"));
    assert!(!codes.contains(&"E001"), "{codes:?}");
    let words = "discovery ".repeat((1 << 20) / 10);
    let (codes, _) = check_on_small_stack(format!("process seller {{ {words} }}"));
    assert!(codes.contains(&"N001"), "the steps are not declared");
    let (codes, _) = check_on_small_stack(format!("// {title}\n"));
    assert!(codes.iter().all(|code| *code != "E001"), "{codes:?}");
}

#[test]
fn a_process_of_a_hundred_thousand_steps_is_checked() {
    let steps = "  discovery\n".repeat(100_000);
    let text = format!(
        "stakeholder omar \"Omar\" {{\n  side buyer\n}}\n\
         conversation discovery \"Discovery\" {{\n  with omar\n  wins explore\n}}\n\
         process seller {{\n{steps}}}\n"
    );
    let (codes, elapsed) = check_on_small_stack(text);
    assert!(
        !codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    eprintln!("100,000 steps: {} diagnostics in {elapsed:?}", codes.len());
}

#[test]
fn a_five_megabyte_playbook_is_checked() {
    let text = big_playbook(5 << 20);
    assert!(text.len() >= 5 << 20);
    let (codes, elapsed) = check_on_small_stack(text);
    assert!(
        !codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    eprintln!("5 MB: {} diagnostics in {elapsed:?}", codes.len());
}

#[test]
#[ignore = "50 MB: run with --release -- --ignored"]
fn a_fifty_megabyte_playbook_is_checked() {
    let text = big_playbook(50 << 20);
    let (codes, elapsed) = check_on_small_stack(text);
    assert!(
        !codes.contains(&"E001"),
        "{:?}",
        &codes[..codes.len().min(5)]
    );
    eprintln!("50 MB: {} diagnostics in {elapsed:?}", codes.len());
}
