//! `--format sarif`: a SARIF 2.1.0 log, the format GitHub code scanning
//! reads, on stdout.
//!
//! One run: the tool with its rule catalog in `tool.driver.rules`, one
//! artifact per playbook, and one result per diagnostic with its region in
//! 1-based lines and UTF-16 columns (`columnKind`), its secondary labels as
//! related locations, and its fixes as replacements. The few SARIF objects
//! used are written here with serde rather than taken from a crate: they are
//! a dozen small structs, and their shape stays visible in one file.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};

use parley_syntax::{Diagnostic, Encoding, LineIndex, Severity, Span};
use serde::Serialize;

use super::{FileReport, Seq, clamp};
use crate::rules::{self, RuleInfo};

#[derive(Serialize)]
struct Log<'a, R> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a, R>>,
}

/// `R` is the sequence of every result (see [`Seq`]).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a, R> {
    tool: Tool,
    column_kind: &'static str,
    artifacts: Vec<Artifact<'a>>,
    results: R,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    name: String,
    short_description: Message<'static>,
    full_description: Message<'static>,
    help: Message<'static>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message<'a> {
    text: Cow<'a, str>,
}

impl<'a> Message<'a> {
    fn of(text: &'a str) -> Self {
        Message {
            text: Cow::Borrowed(text),
        }
    }
}

#[derive(Serialize)]
struct Artifact<'a> {
    location: ArtifactLocation<'a>,
    length: usize,
}

#[derive(Serialize, Clone, Copy)]
struct ArtifactLocation<'a> {
    uri: &'a str,
    index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Message<'a>,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Message<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Content<'a>,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

/// Writes the log, pretty-printed, followed by a newline. The results are
/// written as they are made, one at a time (see [`Seq`]).
pub fn render(reports: &[FileReport], out: &mut impl Write) -> io::Result<()> {
    // The catalog, then any code a result uses that the catalog lacks, so
    // every `ruleIndex` points at its rule.
    let mut catalog: Vec<RuleInfo> = rules::catalog();
    for report in reports {
        for diagnostic in &report.diagnostics {
            if !catalog.iter().any(|rule| rule.code == diagnostic.code) {
                catalog.push(rules::unknown(diagnostic));
            }
        }
    }
    let index_of: BTreeMap<&str, usize> = catalog
        .iter()
        .enumerate()
        .map(|(index, rule)| (rule.code.as_str(), index))
        .collect();
    let uris: Vec<String> = reports.iter().map(|report| uri(&report.name)).collect();
    let location = |artifact_index: usize| ArtifactLocation {
        uri: uris.get(artifact_index).map_or("", String::as_str),
        index: artifact_index,
    };
    let artifacts = reports
        .iter()
        .enumerate()
        .map(|(artifact_index, report)| Artifact {
            location: location(artifact_index),
            length: report.text().len(),
        })
        .collect();
    let index_of = &index_of;
    let location = &location;
    let results = Seq(|| {
        reports
            .iter()
            .enumerate()
            .flat_map(|(artifact_index, report)| {
                report.diagnostics.iter().map(move |diagnostic| {
                    let rule_index = index_of.get(diagnostic.code).copied().unwrap_or(0);
                    result(report, location(artifact_index), diagnostic, rule_index)
                })
            })
    });
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "parley",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: catalog.iter().map(rule).collect(),
                },
            },
            column_kind: "utf16CodeUnits",
            artifacts,
            results,
        }],
    };
    super::pretty::write(out, &log)
}

fn rule(info: &RuleInfo) -> Rule {
    Rule {
        id: info.code.clone(),
        name: info.name.clone(),
        short_description: Message {
            text: Cow::Owned(info.summary.clone()),
        },
        full_description: Message {
            text: Cow::Owned(info.summary.clone()),
        },
        help: Message {
            text: Cow::Owned(format!(
                "{}\n\n(`parley explain {}` prints this.)",
                info.explanation, info.code
            )),
        },
        default_configuration: Configuration {
            level: level(info.severity),
        },
    }
}

fn result<'a>(
    report: &'a FileReport,
    location: ArtifactLocation<'a>,
    diagnostic: &'a Diagnostic,
    rule_index: usize,
) -> SarifResult<'a> {
    let index = &report.line_index;
    let physical = |span: Span| PhysicalLocation {
        artifact_location: location,
        region: region(index, span),
    };
    SarifResult {
        rule_id: diagnostic.code,
        rule_index,
        level: level(diagnostic.severity),
        message: Message::of(&diagnostic.message),
        locations: vec![Location {
            id: None,
            physical_location: physical(diagnostic.span),
            message: None,
        }],
        related_locations: diagnostic
            .labels
            .iter()
            .enumerate()
            .map(|(id, label)| Location {
                id: Some(id),
                physical_location: physical(label.span),
                message: Some(Message::of(&label.message)),
            })
            .collect(),
        fixes: diagnostic
            .fixes
            .iter()
            .map(|fix| SarifFix {
                description: Message::of(&fix.title),
                artifact_changes: vec![ArtifactChange {
                    artifact_location: location,
                    replacements: fix
                        .edits
                        .iter()
                        .map(|edit| Replacement {
                            deleted_region: region(index, edit.span),
                            inserted_content: Content {
                                text: &edit.new_text,
                            },
                        })
                        .collect(),
                }],
            })
            .collect(),
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A region in 1-based lines and columns; `endColumn` is just past the end.
fn region(index: &LineIndex, span: Span) -> Region {
    let span = clamp(span, index.text());
    let start = index.position(span.start(), Encoding::Utf16);
    let end = index.position(span.end(), Encoding::Utf16);
    Region {
        start_line: start.line + 1,
        start_column: start.character + 1,
        end_line: end.line + 1,
        end_column: end.character + 1,
    }
}

/// A path as a URI reference: relative paths stay relative (GitHub resolves
/// them against the repository), absolute ones become `file://` URIs, and
/// every byte outside the unreserved set and `/` is percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_one_based_in_utf16_columns() {
        let text = "a😀b\r\nsecond";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            region(&index, Span::new(b, b + 1)),
            Region {
                start_line: 1,
                start_column: 4,
                end_line: 1,
                end_column: 5
            }
        );
        let second = text.find("second").unwrap();
        assert_eq!(
            region(&index, Span::empty(second)),
            Region {
                start_line: 2,
                start_column: 1,
                end_line: 2,
                end_column: 1
            }
        );
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("examples/acme.parley"), "examples/acme.parley");
        assert_eq!(uri("my deals/ü.parley"), "my%20deals/%C3%BC.parley");
        assert_eq!(uri("/tmp/a.parley"), "file:///tmp/a.parley");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn every_result_points_at_its_rule() {
        let text = "x";
        let diagnostics = vec![
            Diagnostic::syntax("bad", Span::new(0, 1)),
            Diagnostic::new("Z999", Severity::Warning, "new rule", Span::new(0, 1)),
        ];
        let report = FileReport::new("a.parley".to_string(), text, diagnostics);
        let mut out = Vec::new();
        render(&[report], &mut out).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let run = &value["runs"][0];
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(
                run["tool"]["driver"]["rules"][index]["id"],
                result["ruleId"]
            );
        }
        assert_eq!(value["version"], "2.1.0");
    }
}
