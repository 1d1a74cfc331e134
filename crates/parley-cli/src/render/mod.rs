//! The renderers of `parley check`: human (ariadne, on stderr), JSON and
//! SARIF (one document on stdout). Each takes the same checked files.

pub mod human;
pub mod json;
mod long_lines;
mod pretty;
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
    /// The report of `text` (kept without a copy when given as a `String`).
    pub fn new(name: String, text: impl Into<String>, mut diagnostics: Vec<Diagnostic>) -> Self {
        // The checker's diagnostics come sorted: a stable sort of them would
        // still take scratch space of half their size.
        let key = |diagnostic: &Diagnostic| (diagnostic.span.start(), diagnostic.span.end());
        if !diagnostics.is_sorted_by_key(key) {
            diagnostics.sort_by_key(key);
        }
        FileReport {
            name,
            line_index: LineIndex::from(text.into()),
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

/// A sequence written as it is walked: `Seq(f)` writes what `f()` yields.
/// The JSON document's diagnostics and the SARIF log's results, with their
/// labels, fixes and edits, are written straight from the reports, never
/// gathered into vectors first (at 1 MB of playbook those vectors took
/// 1.4 MB for JSON, and more for SARIF's results).
pub(crate) struct Seq<F>(pub(crate) F);

impl<F, I> serde::Serialize for Seq<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
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
    fn a_report_holds_its_diagnostics_in_source_order_and_the_text_it_was_given() {
        let at = |start: usize, end: usize, code: &'static str| {
            Diagnostic::new(code, Severity::Warning, code, Span::new(start, end))
        };
        let text = "stakeholder a \"A\" {}\n".to_string();
        // Out of order; the two at 0..3 keep the order they came in.
        let given = vec![
            at(12, 13, "N005"),
            at(0, 3, "S201"),
            at(0, 3, "N001"),
            at(0, 2, "P101"),
        ];
        let report = FileReport::new("deal.parley".to_string(), text.clone(), given);
        let order: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(order, ["P101", "S201", "N001", "N005"]);
        assert_eq!(report.text(), text);
        let sorted = report.diagnostics.clone();
        let again = FileReport::new("deal.parley".to_string(), text.as_str(), sorted);
        let order: Vec<_> = again.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(order, ["P101", "S201", "N001", "N005"]);
    }

    #[test]
    fn clamped_spans_stay_inside_the_text_on_character_boundaries() {
        let text = "é😀";
        assert_eq!(clamp(Span::new(1, 3), text), Span::new(0, 2));
        assert_eq!(clamp(Span::new(4, 99), text), Span::new(2, 6));
        assert_eq!(clamp(Span::new(5, 1), text), Span::new(2, 2));
    }
}
