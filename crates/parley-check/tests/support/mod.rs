//! What the checker's tests share: a plain-text rendering of diagnostics
//! (code, severity, line:col, message, labels, fix titles), fix application,
//! and the playbooks the properties run over.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod lost_token;

use parley_syntax::{Diagnostic, Encoding, Fix, LineIndex, Span, apply_edits};

/// Every playbook of the repository the properties run over: the examples,
/// every rule fixture, `tests/agreeing.parley`, and under `tests/generated/`
/// a portfolio of deals as `parley-gen --seed 7 --size 20KB` writes it (many
/// rules firing together, as in a real playbook, where the fixtures set off
/// one rule each), in path order.
pub fn playbooks() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("tests/agreeing.parley")];
    let mut folders = vec![
        root.join("tests/fixtures"),
        root.join("tests/generated"),
        root.join("../../examples"),
    ];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).expect("a folder of playbooks");
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "parley") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
}

/// `line:col`, both from 1, columns in characters.
pub fn position(index: &LineIndex, span: Span) -> String {
    let position = index.position(span.start(), Encoding::Utf16);
    format!("{}:{}", position.line + 1, position.character + 1)
}

/// One diagnostic per paragraph: the header, then its labels and fixes.
pub fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&format!(
            "{} {} {} {}\n",
            diagnostic.code,
            diagnostic.severity.as_str(),
            position(&index, diagnostic.span),
            diagnostic.message
        ));
        for label in &diagnostic.labels {
            out.push_str(&format!(
                "  label {} {}\n",
                position(&index, label.span),
                label.message
            ));
        }
        for fix in &diagnostic.fixes {
            let mut marks = Vec::new();
            if fix.preferred {
                marks.push("preferred");
            }
            if fix.safe {
                marks.push("safe");
            }
            let marks = if marks.is_empty() {
                String::new()
            } else {
                format!(" ({})", marks.join(", "))
            };
            out.push_str(&format!("  fix{marks}: {}\n", fix.title));
        }
    }
    out
}

/// The text after one fix.
pub fn apply(text: &str, fix: &Fix) -> String {
    apply_edits(text, &fix.edits).expect("a fix's edits apply")
}

/// Diagnostics with one code.
pub fn with_code<'a>(diagnostics: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    diagnostics.iter().filter(|d| d.code == code).collect()
}

/// The messages of the diagnostics with `code` in `after` that `before`
/// does not have, each of `before`'s matching one. A message is compared up
/// to its `;`: what follows says what the other process does, which a fix
/// there may change.
pub fn added(before: &[Diagnostic], after: &[Diagnostic], code: &str) -> Vec<String> {
    let own_part = |message: &str| message.split(';').next().unwrap_or(message).to_string();
    let mut old: Vec<String> = before
        .iter()
        .filter(|d| d.code == code)
        .map(|d| own_part(&d.message))
        .collect();
    let mut new = Vec::new();
    for diagnostic in after.iter().filter(|d| d.code == code) {
        match old.iter().position(|m| *m == own_part(&diagnostic.message)) {
            Some(at) => {
                old.swap_remove(at);
            }
            None => new.push(diagnostic.message.clone()),
        }
    }
    new
}
