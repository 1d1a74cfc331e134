//! Human output: each diagnostic drawn by ariadne over the playbook's text,
//! with its code, its secondary labels and its fixes as help lines, then one
//! summary line. Spans are bytes (`IndexType::Byte`). Written to stderr by
//! the caller, like rustc and cargo, so stdout stays free for data.
//!
//! ariadne draws one snippet per source and walks every line between its
//! first and last label, so a label far from the others (a step pointing
//! back at a stakeholder declared thousands of lines earlier) would cost
//! time in proportion to the distance. Labels are therefore grouped into
//! sections of nearby lines ([`SECTION_GAP`]), each drawn as its own snippet
//! with its own location, and the output grows with the diagnostics, not
//! with the file.
//!
//! ariadne also draws each label's whole line, so a diagnostic with a label
//! on a line longer than [`LIMITS`]`.long_line` characters is drawn by
//! [`long_lines`] instead, which cuts such lines around their labels.

use std::fmt;
use std::io::{self, Write};

use ariadne::{Cache, Color, Config, IndexType, Label, Report, ReportKind, Source};
use parley_syntax::{Diagnostic, LineIndex, Severity, Span};

use super::long_lines::{self, CutLabel, Frame, LIMITS, Limits};
use super::{FileReport, Summary, clamp, plural};
use parley_ide::safe_fix;

/// Labels more than this many lines apart are drawn in separate sections.
const SECTION_GAP: usize = 200;

/// Writes every diagnostic of every file.
pub fn render(reports: &[FileReport], color: bool, out: &mut impl Write) -> io::Result<()> {
    render_with(reports, color, &LIMITS, out)
}

/// [`render`], with lines cut as `limits` say.
fn render_with(
    reports: &[FileReport],
    color: bool,
    limits: &Limits,
    out: &mut impl Write,
) -> io::Result<()> {
    // ariadne paints through yansi, whose global switch also governs the
    // colours ariadne does not take from its `Config` (custom report kinds).
    if color {
        yansi::enable();
    } else {
        yansi::disable();
    }
    for report in reports {
        let source = Source::from(report.text());
        let mut cache = OneFile {
            name: report.name.as_str(),
            source,
            index: &report.line_index,
            lines_as_indexed: !has_other_line_breaks(report.text()),
        };
        for diagnostic in &report.diagnostics {
            render_one(report, &mut cache, diagnostic, color, limits, out)?;
        }
    }
    Ok(())
}

/// One snippet of a report: the file's name and the section's number, so
/// that ariadne draws each section on its own.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
struct Section<'a> {
    file: &'a str,
    number: usize,
}

/// A label placed in a section.
type SectionLabel<'a> = Label<(Section<'a>, std::ops::Range<usize>)>;

/// Every section of a file reads the same text.
struct OneFile<'a> {
    name: &'a str,
    source: Source<&'a str>,
    /// The file's line index: where its lines start, 4 bytes a line, where
    /// ariadne's own table takes 32 (a smaller table to search, for the
    /// several lines each diagnostic asks for).
    index: &'a LineIndex,
    /// Whether the text breaks lines only where the index does (`\n`,
    /// `\r\n`, `\r`), so that both number its lines alike.
    lines_as_indexed: bool,
}

impl<'a> Cache<Section<'a>> for OneFile<'a> {
    type Storage = &'a str;

    fn fetch(&mut self, _section: &Section<'a>) -> Result<&Source<&'a str>, impl fmt::Debug> {
        Ok::<_, ()>(&self.source)
    }

    fn display<'b>(&self, _section: &'b Section<'a>) -> Option<impl fmt::Display + 'b> {
        Some(self.name.to_string())
    }
}

impl OneFile<'_> {
    /// The zero-based line a byte offset is on, as ariadne numbers it
    /// (spans are clamped to the text before they get here, so every offset
    /// has one). The end of the text is left to ariadne, whose last line is
    /// the one a final line break ends.
    fn line_of(&self, offset: usize) -> usize {
        if self.lines_as_indexed && offset < self.source.text().len() {
            return self.index.line_of(offset) as usize;
        }
        self.source
            .get_byte_line(offset)
            .map_or(0, |(_, line, _)| line)
    }
}

/// Whether a text breaks a line anywhere besides `\n`, `\r\n` and `\r`:
/// at a vertical tab, a form feed, U+0085, U+2028 or U+2029, which ariadne
/// also ends a line at (each looked for in a pass of its own, by the
/// standard library's byte search).
fn has_other_line_breaks(text: &str) -> bool {
    ['\x0B', '\x0C', '\u{0085}', '\u{2028}', '\u{2029}']
        .into_iter()
        .any(|ch| text.contains(ch))
}

fn render_one<'a>(
    report: &'a FileReport,
    cache: &mut OneFile<'a>,
    diagnostic: &Diagnostic,
    color: bool,
    limits: &Limits,
    out: &mut impl Write,
) -> io::Result<()> {
    let text = report.text();
    let name = report.name.as_str();
    let primary = visible(diagnostic.span, text);
    let (kind, label_color) = match diagnostic.severity {
        Severity::Error => (ReportKind::Error, Color::Red),
        Severity::Warning => (ReportKind::Warning, Color::Yellow),
        Severity::Info => (ReportKind::Custom("Info", Color::Blue), Color::Blue),
        Severity::Hint => (ReportKind::Custom("Hint", Color::Cyan), Color::Cyan),
    };

    // Every label with its span: the primary first, then the secondary ones.
    let mut spans = vec![(primary, None)];
    for label in &diagnostic.labels {
        spans.push((visible(label.span, text), Some(&*label.message)));
    }
    let applied_by_fix = safe_fix(diagnostic);
    let helps: Vec<String> = diagnostic
        .fixes
        .iter()
        .map(|fix| {
            if applied_by_fix.is_some_and(|chosen| std::ptr::eq(chosen, fix)) {
                format!("{} (safe: `parley check --fix` applies it)", fix.title)
            } else {
                fix.title.clone()
            }
        })
        .collect();

    if spans
        .iter()
        .any(|(span, _)| long_lines::touches_long_line(&cache.source, cache.index, *span, limits))
    {
        let primary_message = crate::rules::label(diagnostic.code);
        let labels: Vec<CutLabel<'_>> = spans
            .iter()
            .map(|(span, message)| match message {
                None => CutLabel {
                    span: *span,
                    message: &primary_message,
                    color: label_color,
                    priority: 1,
                },
                Some(message) => CutLabel {
                    span: *span,
                    message,
                    color: Color::Blue,
                    priority: 0,
                },
            })
            .collect();
        let frame = Frame {
            name,
            code: diagnostic.code,
            kind,
            message: &diagnostic.message,
            helps: &helps,
            color,
        };
        return long_lines::render(
            &cache.source,
            &report.line_index,
            &frame,
            &labels,
            limits,
            out,
        );
    }
    let sections = sections(cache, &spans);
    let section = |index: usize| Section {
        file: name,
        number: sections.get(index).copied().unwrap_or(0),
    };

    let config = Config::default()
        .with_index_type(IndexType::Byte)
        .with_color(color);
    let mut builder = Report::build(kind, (section(0), primary.range()))
        .with_config(config)
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message);
    // ariadne draws labels in the order given and starts a new section when
    // a label ends on an earlier line than the one before: give them section
    // by section (the primary's first), each in the order they end in the
    // text, so nearby lines read as one snippet.
    let mut labels: Vec<(usize, Span, SectionLabel<'_>)> = spans
        .iter()
        .enumerate()
        .map(|(index, (span, message))| {
            let label = Label::new((section(index), span.range()));
            let label = match message {
                None => label
                    .with_message(crate::rules::label(diagnostic.code))
                    .with_color(label_color)
                    .with_priority(1),
                Some(message) => label.with_message(message).with_color(Color::Blue),
            };
            (sections.get(index).copied().unwrap_or(0), *span, label)
        })
        .collect();
    labels.sort_by_key(|(number, span, _)| (*number, span.end(), span.start()));
    builder.add_labels(labels.into_iter().map(|(_, _, label)| label));
    for help in helps {
        builder.add_help(help);
    }
    builder.finish().write(&mut *cache, &mut *out)?;
    Ok(())
}

/// The section of each span: spans on lines at most [`SECTION_GAP`] apart
/// share one. The primary span's section is numbered 0 and the others
/// follow in the order of the text, so the primary's snippet comes first.
fn sections(cache: &OneFile<'_>, spans: &[(Span, Option<&str>)]) -> Vec<usize> {
    let mut order: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .map(|(index, (span, _))| {
            let first = cache.line_of(span.start());
            let last = cache
                .line_of(span.end().max(span.start() + 1) - 1)
                .max(first);
            (first, last, index)
        })
        .collect();
    order.sort_unstable();
    let mut cluster_of = vec![0; spans.len()];
    let mut cluster = 0;
    let mut reach: Option<usize> = None;
    for &(first, last, index) in &order {
        if reach.is_some_and(|reach| first > reach.saturating_add(SECTION_GAP)) {
            cluster += 1;
        }
        reach = Some(reach.map_or(last, |reach| reach.max(last)));
        if let Some(slot) = cluster_of.get_mut(index) {
            *slot = cluster;
        }
    }
    // Renumber so that the primary's cluster is 0, the rest in text order.
    let primary = cluster_of.first().copied().unwrap_or(0);
    cluster_of
        .iter()
        .map(|&c| match c.cmp(&primary) {
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Less => c + 1,
            std::cmp::Ordering::Greater => c,
        })
        .collect()
}

/// A span ariadne can draw: clamped to the text, and an empty span (something
/// missing) widened to the character it sits on, when there is one on the line.
fn visible(span: Span, text: &str) -> Span {
    let span = clamp(span, text);
    if !span.is_empty() {
        return span;
    }
    match text
        .get(span.start()..)
        .and_then(|rest| rest.chars().next())
    {
        Some(ch) if ch != '\n' && ch != '\r' => {
            Span::new(span.start(), span.start() + ch.len_utf8())
        }
        _ => span,
    }
}

/// The line that closes a human run, such as
/// `checked 4 playbooks: 2 errors, 1 warning; 1 fixable with `parley check --fix``.
pub fn summary_line(summary: &Summary) -> String {
    let counts = summary.counts;
    let mut line = format!(
        "checked {}: ",
        plural(summary.files, "playbook", "playbooks")
    );
    if counts.total() == 0 {
        line.push_str("no problems found");
    } else {
        let parts: Vec<String> = [
            (counts.errors, "error", "errors"),
            (counts.warnings, "warning", "warnings"),
            (counts.infos, "info", "infos"),
            (counts.hints, "hint", "hints"),
        ]
        .into_iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|(count, one, many)| plural(count, one, many))
        .collect();
        line.push_str(&parts.join(", "));
    }
    if summary.fixed > 0 {
        line.push_str(&format!(
            "; applied {}",
            plural(summary.fixed, "fix", "fixes")
        ));
    }
    if counts.fixable > 0 {
        line.push_str(&format!(
            "; {} fixable with `parley check --fix`",
            counts.fixable
        ));
    }
    line
}

/// One line per fix `--fix` applied: `fixed PATH: [CODE] title`.
pub fn fixed_lines(reports: &[FileReport]) -> Vec<String> {
    reports
        .iter()
        .flat_map(|report| {
            report
                .applied
                .iter()
                .map(move |fix| format!("fixed {}: [{}] {}", report.name, fix.code, fix.title))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use parley_syntax::{Fix, TextEdit};

    use super::*;

    fn render_to_string(text: &str, diagnostics: Vec<Diagnostic>) -> String {
        let report = FileReport::new("deal.parley".to_string(), text, diagnostics);
        let mut out = Vec::new();
        render(&[report], false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn draws_code_message_labels_and_fixes_without_colour() {
        let text = "conversation rfp \"RFP\" {\n  with priya\n}\n";
        let with = text.find("priya").unwrap();
        let diagnostic = Diagnostic::new(
            "N001",
            Severity::Error,
            "`priya` is not declared",
            Span::new(with, with + 5),
        )
        .with_label(Span::new(13, 16), "in this conversation")
        .with_fix(Fix {
            title: "Declare stakeholder `priya`".to_string(),
            edits: vec![TextEdit {
                span: Span::empty(0),
                new_text: "stakeholder priya \"\" {}\n".to_string(),
            }],
            preferred: true,
            safe: true,
        });
        let out = render_to_string(text, vec![diagnostic]);
        assert!(!out.contains('\u{1b}'), "no escape codes: {out}");
        assert!(
            out.contains("[N001] Error: `priya` is not declared"),
            "{out}"
        );
        assert!(out.contains("deal.parley:2:8"), "{out}");
        assert!(out.contains("in this conversation"), "{out}");
        assert!(
            out.contains("Declare stakeholder `priya` (safe: `parley check --fix` applies it)"),
            "{out}"
        );
    }

    #[test]
    fn a_label_before_the_primary_span_stays_in_one_section() {
        let text = "process seller {\n  discovery\n}\nprocess buyer {\n  rfp\n}\n";
        let diagnostic = Diagnostic::new("P104", Severity::Warning, "one-sided", {
            let at = text.find("rfp").unwrap();
            Span::new(at, at + 3)
        })
        .with_label(Span::new(0, 14), "the seller's process has no `rfp`");
        let out = render_to_string(text, vec![diagnostic]);
        assert_eq!(out.matches("deal.parley:").count(), 1, "{out}");
        assert!(out.contains("deal.parley:5:3"), "{out}");
    }

    #[test]
    fn a_label_far_from_the_primary_span_is_drawn_in_a_section_of_its_own() {
        let filler = "// filler\n".repeat(SECTION_GAP + 50);
        let text =
            format!("stakeholder dana \"Dana\" {{}}\n{filler}process seller {{\n  rfp\n}}\n");
        let at = text.find("rfp").unwrap();
        let dana = text.find("dana").unwrap();
        let diagnostic = Diagnostic::new("S201", Severity::Warning, "far", Span::new(at, at + 3))
            .with_label(Span::new(dana, dana + 4), "declared here");
        let out = render_to_string(&text, vec![diagnostic]);
        // The primary's snippet first, then the far label's, each with its own location.
        let primary = out
            .find(&format!("deal.parley:{}:3", SECTION_GAP + 53))
            .unwrap();
        let far = out.find("deal.parley:1:13").unwrap();
        assert!(primary < far, "{out}");
        assert!(out.contains("declared here"), "{out}");
        // The lines between are neither drawn nor elided into one snippet.
        assert!(!out.contains("filler"), "{out}");
        assert!(out.lines().count() < 30, "{out}");
    }

    #[test]
    fn byte_spans_point_at_the_right_column_after_multibyte_text() {
        let text = "// 😀 中文\nplaybook \"x\" ?\n";
        let at = text.find('?').unwrap();
        let diagnostic = Diagnostic::syntax("unexpected `?`", Span::new(at, at + 1));
        let out = render_to_string(text, vec![diagnostic]);
        assert!(out.contains("deal.parley:2:14"), "{out}");
    }

    #[test]
    fn empty_spans_and_spans_past_the_end_do_not_panic() {
        let text = "playbook \"x\"\r\nstakeholder";
        let diagnostics = vec![
            Diagnostic::syntax("expected a name", Span::empty(text.len())),
            Diagnostic::syntax("expected a title", Span::empty(12)),
            Diagnostic::syntax("out of range", Span::new(90, 99)),
            Diagnostic::new("S207", Severity::Hint, "a hint", Span::new(0, 8)),
        ];
        let out = render_to_string(text, diagnostics);
        assert!(out.contains("expected a name"), "{out}");
        assert!(out.contains("[S207] Hint: a hint"), "{out}");
    }

    fn render_limited(
        text: &str,
        diagnostics: Vec<Diagnostic>,
        color: bool,
        limits: &Limits,
    ) -> String {
        let report = FileReport::new("deal.parley".to_string(), text, diagnostics);
        let mut out = Vec::new();
        render_with(&[report], color, limits, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Limits that send every diagnostic to the long-line drawing without
    /// cutting anything.
    const CUT_NOTHING: Limits = Limits {
        long_line: 0,
        context: 100_000,
        max_label: 100_000,
    };

    fn fix(title: &str, safe: bool) -> Fix {
        Fix {
            title: title.to_string(),
            edits: vec![TextEdit {
                span: Span::empty(0),
                new_text: "x".to_string(),
            }],
            preferred: true,
            safe,
        }
    }

    /// Drawn whole, a line drawn by the long-line path reads exactly as
    /// ariadne draws it: header, locations, margins, labels, colours, help
    /// lines and the closing line.
    #[test]
    fn the_long_line_drawing_matches_ariadne_when_nothing_is_cut() {
        let filler = "// filler\n".repeat(SECTION_GAP + 20);
        let text = format!(
            "stakeholder dana \"Dana\" {{}}\n{filler}process seller {{\n\tdiscovery  rfp\tdécidé 😀 demo\n}}\n"
        );
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let line_end = text.find("demo").unwrap() + 4;
        let diagnostics = vec![
            Diagnostic::new("P107", Severity::Warning, "twice", at("rfp")),
            Diagnostic::new(
                "N001",
                Severity::Error,
                "one label, two fixes",
                at("décidé"),
            )
            .with_label(at("discovery"), "before")
            .with_label(at("demo"), "after")
            .with_fix(fix("First fix", true))
            .with_fix(fix("Second fix\non two lines", false)),
            Diagnostic::new("S201", Severity::Info, "far apart", at("😀"))
                .with_label(at("dana"), "declared here")
                .with_fix(fix("One fix", false)),
            Diagnostic::new("S207", Severity::Hint, "at the end", Span::empty(line_end))
                .with_label(at("rfp"), "overlapping")
                .with_label(
                    Span::new(at("rfp").start(), at("rfp").start() + 1),
                    "inside",
                ),
            Diagnostic::syntax("unexpected", at("stakeholder")),
        ];
        for color in [false, true] {
            let drawn = render_limited(&text, diagnostics.clone(), color, &LIMITS);
            let by_long_lines = render_limited(&text, diagnostics.clone(), color, &CUT_NOTHING);
            assert_eq!(by_long_lines, drawn, "colour {color}");
        }
    }

    /// A line of 2,000 steps and 1,000 wide characters: every diagnostic is
    /// drawn, at the line and column (in characters) of its primary span, in
    /// a few lines of bounded width, with its labels' windows cut.
    #[test]
    fn a_long_line_is_drawn_cut_around_each_label() {
        let text = format!(
            "stakeholder a \"{}\" {{ side buyer role champion }} conversation c \"C\" {{ with a wins explore }} process seller {{{} }}\n",
            "é".repeat(1000),
            " c".repeat(2000)
        );
        let diagnostics = parley_check::check_text(&text).diagnostics;
        assert!(diagnostics.len() >= 1999, "{}", diagnostics.len());
        let out = render_limited(&text, diagnostics.clone(), false, &LIMITS);
        for diagnostic in &diagnostics {
            let column = text[..diagnostic.span.start()].chars().count() + 1;
            assert!(
                out.contains(&format!("deal.parley:1:{column} ]")),
                "no location for {diagnostic:?}"
            );
        }
        let duplicates = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code == "P107")
            .count();
        assert_eq!(duplicates, 1999);
        assert_eq!(
            out.matches("[P107] Warning: `c` is listed twice").count(),
            duplicates
        );
        assert!(out.lines().all(|line| line.chars().count() < 300), "{out}");
        assert!(out.len() < 2_000 * diagnostics.len(), "{} bytes", out.len());
        // The last duplicate: drawn at the end of the line, its first
        // listing in a section of its own far back.
        let last = diagnostics.last().unwrap();
        let first_listed = text.find(" c c").unwrap() + 1;
        let tail = &out[out.rfind("[P107]").unwrap()..];
        let far_column = text[..first_listed].chars().count() + 1;
        assert!(
            tail.contains(&format!("├─[ deal.parley:1:{far_column} ]")),
            "{tail}"
        );
        assert!(tail.contains(" 1 │ ...c c c c"), "{tail}");
        assert!(tail.contains(" c }\n"), "{tail}");
        assert!(tail.contains("first listed here"), "{tail}");
        assert!(tail.contains("step listed twice"), "{tail}");
        assert!(last.span.start() > text.len() - 10);
    }

    /// Exactly the context on either side, and a long label shown up to
    /// its limit, with `...` where the line goes on.
    #[test]
    fn a_cut_window_holds_the_context_and_at_most_max_label_of_a_label() {
        let text = format!("{}target{}\n", "x".repeat(1000), "y".repeat(1000));
        let start = text.find("target").unwrap();
        let short = Diagnostic::syntax("short", Span::new(start, start + 6));
        let long = Diagnostic::syntax("long", Span::new(start, text.len() - 1));
        let out = render_limited(&text, vec![short, long], false, &LIMITS);
        let context = LIMITS.context;
        let short_row = format!(
            " 1 │ ...{}target{}...",
            "x".repeat(context),
            "y".repeat(context)
        );
        assert!(out.contains(&short_row), "{out}");
        let long_row = format!(
            " 1 │ ...{}target{}...",
            "x".repeat(context),
            "y".repeat(LIMITS.max_label - 6 + context)
        );
        assert!(out.contains(&long_row), "{out}");
        assert_eq!(out.matches("deal.parley:1:1001 ]").count(), 2, "{out}");
    }

    /// Output with its colour escapes taken out.
    fn without_escapes(out: &str) -> String {
        let mut plain = String::new();
        let mut chars = out.chars();
        while let Some(ch) = chars.next() {
            if ch == '\u{1b}' {
                chars.by_ref().find(|&ch| ch == 'm');
            } else {
                plain.push(ch);
            }
        }
        plain
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// With lines cut at a few characters, any text and any spans (empty,
        /// across lines, past the end) are drawn without panicking, and each
        /// diagnostic is drawn.
        #[test]
        fn cut_lines_survive_any_text_and_span(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "process seller { ", "c ", "}", "\n", "\r\n", "\r", "\t", "é", "中文", "😀",
                    "\u{2028}", "\u{0085}", "\x0B", "  ", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                ]),
                0..50,
            ),
            spans in proptest::collection::vec((0usize..400, 0usize..60), 1..6),
            limits in (0usize..12, 0usize..6, 0usize..6),
        ) {
            let text: String = parts.concat();
            let limits = Limits { long_line: limits.0, context: limits.1, max_label: limits.2 };
            let mut diagnostics = parley_check::check_text(&text).diagnostics;
            let mut made = Diagnostic::new(
                "P107",
                Severity::Warning,
                "made up",
                Span::new(spans[0].0, spans[0].0 + spans[0].1),
            );
            for &(start, len) in &spans[1..] {
                made = made.with_label(Span::new(start, start + len), "a label");
            }
            diagnostics.push(made.with_fix(fix("A fix", true)));
            let count = diagnostics.len();
            for color in [false, true] {
                let out = without_escapes(&render_limited(&text, diagnostics.clone(), color, &limits));
                let closing = out
                    .lines()
                    .filter(|line| line.ends_with('╯') && line.trim_start_matches('─') == "╯")
                    .count();
                proptest::prop_assert_eq!(closing, count, "{}", out);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// A file's lines as the renderer numbers them are ariadne's, at
        /// every offset, whichever line breaks the text holds; and a text
        /// is found to break lines elsewhere than the index exactly when it
        /// holds one of ariadne's other line breaks.
        #[test]
        fn lines_are_numbered_as_ariadne_numbers_them(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "é", "中", "😀", "\n", "\r\n", "\r", "\x0B", "\x0C",
                    "\u{0085}", "\u{2028}", "\u{2029}", "\u{00C2}", "\u{2027}", "  ",
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                ]),
                0..80,
            ),
        ) {
            let text: String = parts.concat();
            let others = text.contains(['\x0B', '\x0C', '\u{0085}', '\u{2028}', '\u{2029}']);
            proptest::prop_assert_eq!(has_other_line_breaks(&text), others);
            let index = LineIndex::new(&text);
            let cache = OneFile {
                name: "deal.parley",
                source: Source::from(text.as_str()),
                index: &index,
                lines_as_indexed: !others,
            };
            for offset in 0..=text.len() {
                let ariadne = cache.source.get_byte_line(offset).map_or(0, |(_, line, _)| line);
                proptest::prop_assert_eq!(cache.line_of(offset), ariadne, "offset {}", offset);
            }
        }
    }

    #[test]
    fn summary_lines_count_each_severity() {
        let mut summary = Summary {
            files: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&summary),
            "checked 1 playbook: no problems found"
        );
        summary.files = 3;
        summary.counts.errors = 2;
        summary.counts.hints = 1;
        summary.counts.fixable = 1;
        summary.fixed = 3;
        assert_eq!(
            summary_line(&summary),
            "checked 3 playbooks: 2 errors, 1 hint; applied 3 fixes; 1 fixable with `parley check --fix`"
        );
    }
}
