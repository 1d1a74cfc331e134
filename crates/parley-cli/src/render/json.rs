//! `--format json`: one document for the whole run, on stdout.
//!
//! The shape is documented in the README and versioned by `version`; fields
//! are only ever added. Every location is given twice: `range` in zero-based
//! lines and UTF-16 columns (as LSP counts), and `span` in byte offsets.

use std::io::{self, Write};

use parley_syntax::{Diagnostic, Encoding, LineIndex, Span};
use serde::Serialize;

use super::{Counts, FileReport, Seq, Summary, clamp};

/// The version of this document's shape.
pub const FORMAT_VERSION: u32 = 1;

/// `D` is the sequence of every diagnostic (see [`Seq`]).
#[derive(Serialize)]
struct Document<'a, D> {
    version: u32,
    tool: Tool,
    diagnostics: D,
    files: Vec<JsonFile<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

/// `L` and `F` are the sequences of labels and fixes (see [`Seq`]).
#[derive(Serialize)]
struct JsonDiagnostic<'a, L, F> {
    path: &'a str,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    range: Range,
    span: ByteSpan,
    labels: L,
    fixes: F,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    range: Range,
    span: ByteSpan,
    message: &'a str,
}

/// `E` is the sequence of edits (see [`Seq`]).
#[derive(Serialize)]
struct JsonFix<'a, E> {
    title: &'a str,
    preferred: bool,
    safe: bool,
    edits: E,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: Range,
    span: ByteSpan,
    new_text: &'a str,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
struct Position {
    line: u32,
    character: u32,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
struct ByteSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    fixed: Vec<JsonApplied<'a>>,
}

#[derive(Serialize)]
struct JsonApplied<'a> {
    code: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    fixable: usize,
    fixed: usize,
}

/// Writes the document, pretty-printed, followed by a newline.
pub fn render(reports: &[FileReport], out: &mut impl Write) -> io::Result<()> {
    super::pretty::write(out, &document(reports))
}

fn document(reports: &[FileReport]) -> Document<'_, impl Serialize + '_> {
    let summary = Summary::of(reports);
    Document {
        version: FORMAT_VERSION,
        tool: Tool {
            name: "parley",
            version: env!("CARGO_PKG_VERSION"),
        },
        diagnostics: Seq(move || {
            reports.iter().flat_map(|report| {
                report
                    .diagnostics
                    .iter()
                    .map(move |diagnostic| json_diagnostic(report, diagnostic))
            })
        }),
        files: reports.iter().map(json_file).collect(),
        summary: JsonSummary {
            files: summary.files,
            errors: summary.counts.errors,
            warnings: summary.counts.warnings,
            infos: summary.counts.infos,
            hints: summary.counts.hints,
            fixable: summary.counts.fixable,
            fixed: summary.fixed,
        },
    }
}

fn json_file(report: &FileReport) -> JsonFile<'_> {
    let Counts {
        errors,
        warnings,
        infos,
        hints,
        fixable: _,
    } = report.counts();
    JsonFile {
        path: &report.name,
        errors,
        warnings,
        infos,
        hints,
        fixed: report
            .applied
            .iter()
            .map(|fix| JsonApplied {
                code: fix.code,
                title: &fix.title,
            })
            .collect(),
    }
}

fn json_diagnostic<'a>(
    report: &'a FileReport,
    diagnostic: &'a Diagnostic,
) -> JsonDiagnostic<'a, impl Serialize + 'a, impl Serialize + 'a> {
    let index = &report.line_index;
    JsonDiagnostic {
        path: &report.name,
        code: diagnostic.code,
        severity: diagnostic.severity.as_str(),
        message: &diagnostic.message,
        range: range(index, diagnostic.span),
        span: byte_span(index, diagnostic.span),
        labels: Seq(move || {
            diagnostic.labels.iter().map(move |label| JsonLabel {
                range: range(index, label.span),
                span: byte_span(index, label.span),
                message: &label.message,
            })
        }),
        fixes: Seq(move || {
            diagnostic.fixes.iter().map(move |fix| JsonFix {
                title: &fix.title,
                preferred: fix.preferred,
                safe: fix.safe,
                edits: Seq(move || {
                    fix.edits.iter().map(move |edit| JsonEdit {
                        range: range(index, edit.span),
                        span: byte_span(index, edit.span),
                        new_text: &edit.new_text,
                    })
                }),
            })
        }),
    }
}

fn byte_span(index: &LineIndex, span: Span) -> ByteSpan {
    let span = clamp(span, index.text());
    ByteSpan {
        start: span.start(),
        end: span.end(),
    }
}

fn range(index: &LineIndex, span: Span) -> Range {
    let span = clamp(span, index.text());
    let position = |offset| {
        let position = index.position(offset, Encoding::Utf16);
        Position {
            line: position.line,
            character: position.character,
        }
    };
    Range {
        start: position(span.start()),
        end: position(span.end()),
    }
}

#[cfg(test)]
mod tests {
    use parley_syntax::Severity;

    use super::*;

    fn at(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    fn rendered(text: &str, span: Span) -> serde_json::Value {
        let diagnostic = Diagnostic::new("N001", Severity::Error, "x", span);
        let report = FileReport::new("deal.parley".to_string(), text, vec![diagnostic]);
        let mut out = Vec::new();
        render(&[report], &mut out).unwrap();
        serde_json::from_slice(&out).unwrap()
    }

    fn range_of(value: &serde_json::Value) -> [u64; 4] {
        let range = &value["diagnostics"][0]["range"];
        [
            range["start"]["line"].as_u64().unwrap(),
            range["start"]["character"].as_u64().unwrap(),
            range["end"]["line"].as_u64().unwrap(),
            range["end"]["character"].as_u64().unwrap(),
        ]
    }

    #[test]
    fn columns_after_an_emoji_count_two_utf16_units() {
        let text = "stakeholder dana \"Dana 😀\" { side buyer }\n  role champ\n";
        let value = rendered(text, at(text, "side"));
        // `stakeholder dana "Dana ` is 23 units, the emoji 2, then `" { ` 4.
        assert_eq!(range_of(&value), [0, 29, 0, 33]);
        let span = &value["diagnostics"][0]["span"];
        assert_eq!(span["start"], 31, "bytes: the emoji is four");
    }

    #[test]
    fn columns_after_cjk_text_count_one_unit_per_character() {
        let text = "conversation kickoff \"启动会议\" {\n  with 王伟, dana\n}\n";
        let value = rendered(text, at(text, "dana"));
        assert_eq!(range_of(&value), [1, 11, 1, 15]);
    }

    #[test]
    fn crlf_line_ends_are_not_columns() {
        let text = "playbook \"x\"\r\n\r\nprocess buyer {\r\n  rfp\r\n}\r\n";
        let value = rendered(text, at(text, "rfp"));
        assert_eq!(range_of(&value), [3, 2, 3, 5]);
        // A span ending between `\r` and `\n` ends at the line's end.
        let value = rendered(text, at(text, "{\r"));
        assert_eq!(range_of(&value), [2, 14, 2, 15]);
        // One ending after the `\n` ends at the next line's start.
        let value = rendered(text, at(text, "{\r\n"));
        assert_eq!(range_of(&value), [2, 14, 3, 0]);
    }

    #[test]
    fn a_rendered_document_is_the_pretty_formatters() {
        let text = "stakeholder dana \"Dana\" { side buyer }\n";
        let diagnostic = Diagnostic::new(
            "N005",
            Severity::Hint,
            "`dana` \"unused\"",
            at(text, "dana"),
        )
        .with_label(at(text, "side"), "here");
        let report = FileReport::new("a b.parley".to_string(), text, vec![diagnostic]);
        let reports = [report];
        let mut out = Vec::new();
        render(&reports, &mut out).unwrap();
        let pretty = serde_json::to_string_pretty(&document(&reports)).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), pretty);
    }

    #[test]
    fn the_document_has_every_documented_field() {
        let text = "ab\n";
        let diagnostic = Diagnostic::new("P104", Severity::Warning, "one-sided", Span::new(0, 2))
            .with_label(Span::new(1, 2), "here")
            .with_fix(parley_syntax::Fix {
                title: "Waive it".to_string(),
                edits: vec![parley_syntax::TextEdit {
                    span: Span::empty(3),
                    new_text: "waive ab \"\"\n".to_string(),
                }],
                preferred: false,
                safe: false,
            });
        let report = FileReport::new("a.parley".to_string(), text, vec![diagnostic]);
        let mut out = Vec::new();
        render(&[report], &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let diagnostic = &value["diagnostics"][0];
        assert_eq!(diagnostic["path"], "a.parley");
        assert_eq!(diagnostic["severity"], "warning");
        assert_eq!(diagnostic["labels"][0]["message"], "here");
        assert_eq!(diagnostic["labels"][0]["span"]["start"], 1);
        let edit = &diagnostic["fixes"][0]["edits"][0];
        assert_eq!(edit["new_text"], "waive ab \"\"\n");
        assert_eq!(edit["range"]["start"]["line"], 1);
        assert_eq!(value["summary"]["warnings"], 1);
        assert_eq!(value["files"][0]["warnings"], 1);
        assert_eq!(value["version"], FORMAT_VERSION);
    }
}
