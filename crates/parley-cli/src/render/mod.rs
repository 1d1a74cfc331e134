//! The renderers of `parley check`: human (ariadne, on stderr), JSON and
//! SARIF (one document on stdout). Each takes the same checked files.

pub mod human;
pub mod json;
mod long_lines;
pub mod sarif;

use parley_syntax::{Diagnostic, LineIndex, Severity, Span};

use parley_ide::{AppliedFix, safe_fix};

/// One checked playbook, as the renderers see it.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The path as shown to the user (`<stdin>` for stdin).
    pub name: String,
    /// The text the diagnostics refer to (after `--fix`, the fixed text).
    pub line_index: LineIndex,
    /// In source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The fixes `--fix` applied, in order.
    pub applied: Vec<AppliedFix>,
}

impl FileReport {
    pub fn new(name: String, text: &str, mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start(), diagnostic.span.end()));
        FileReport {
            name,
            line_index: LineIndex::new(text),
            diagnostics,
            applied: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        self.line_index.text()
    }

    pub fn counts(&self) -> Counts {
        Counts::of(&self.diagnostics)
    }
}

/// How many diagnostics of each severity, and how many `--fix` could apply.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    pub fixable: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut counts = Counts::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
                Severity::Hint => counts.hints += 1,
            }
            if safe_fix(diagnostic).is_some() {
                counts.fixable += 1;
            }
        }
        counts
    }

    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.hints += other.hints;
        self.fixable += other.fixable;
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.infos + self.hints
    }
}

/// The totals of a whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub counts: Counts,
    pub fixed: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut summary = Summary {
            files: reports.len(),
            ..Summary::default()
        };
        for report in reports {
            summary.counts.add(report.counts());
            summary.fixed += report.applied.len();
        }
        summary
    }
}

/// A span made safe for `text`: inside it, on character boundaries, with
/// `start <= end`. Diagnostics come from the checker, but the renderers never
/// trust an offset they slice with.
pub fn clamp(span: Span, text: &str) -> Span {
    let floor = |offset: usize| {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let start = floor(span.start());
    let end = floor(span.end()).max(start);
    Span::new(start, end)
}

/// `1 thing` or `n things`.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of playbooks, and of what a user may paste into one: keywords,
    /// braces, quotes, multi-byte text and every kind of line end.
    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "playbook ",
            "stakeholder ",
            "conversation ",
            "process ",
            "seller ",
            "buyer ",
            "{",
            "}",
            "\"",
            "\"Title\" ",
            "with ",
            "wins ",
            "needs ",
            "takes ",
            "2w ",
            "2x ",
            "by ",
            "2027-13-45 ",
            "quiet after ",
            "until ",
            "negotiated ",
            "waive ",
            ", ",
            "dana ",
            "explore ",
            "decide ",
            "// note",
            "/// doc",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\u{2028}",
            "\u{0085}",
            "😀",
            "中文",
            "é",
            "?",
            "\u{feff}",
            " ",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Whatever the text, every renderer turns the checker's diagnostics
        /// into output without panicking.
        #[test]
        fn every_renderer_survives_any_text(parts in prop::collection::vec(fragment(), 0..60)) {
            let text: String = parts.concat();
            let checked = parley_check::check_text(&text);
            let report = FileReport::new("deal.parley".to_string(), &text, checked.diagnostics);
            let reports = [report];
            let mut out = Vec::new();
            human::render(&reports, false, &mut out).unwrap();
            json::render(&reports, &mut out).unwrap();
            sarif::render(&reports, &mut out).unwrap();
            prop_assert!(!out.is_empty());
        }
    }

    #[test]
    fn clamped_spans_stay_inside_the_text_on_character_boundaries() {
        let text = "é😀";
        assert_eq!(clamp(Span::new(1, 3), text), Span::new(0, 2));
        assert_eq!(clamp(Span::new(4, 99), text), Span::new(2, 6));
        assert_eq!(clamp(Span::new(5, 1), text), Span::new(2, 2));
    }
}
