//! The open documents: their text, version, line index, and the analysis of
//! the current version once computed. Edits are applied here, synchronously.

use std::collections::HashMap;
use std::sync::Arc;

use parley_ide::Analysis;
use parley_syntax::{Encoding, LineIndex};
use tower_lsp_server::ls_types::{Range, TextDocumentContentChangeEvent, Uri};

use crate::encoding::Positions;

/// One open document at one version.
#[derive(Clone)]
pub struct Document {
    pub version: i32,
    pub index: Arc<LineIndex>,
    /// The analysis of this version, once some request or check asked for it.
    pub analysis: Option<Arc<Analysis>>,
    /// Held while one of the document's versions is checked, and shared by
    /// all of them: a document is checked one version at a time, so that
    /// checks started as fast as the user types never pile up side by side
    /// (see `Backend::schedule_check`).
    pub checking: Arc<tokio::sync::Mutex<()>>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Self {
        Document::from_text(text.to_string(), version)
    }

    /// The document holding `text` itself, not a copy of it.
    pub fn from_text(text: String, version: i32) -> Self {
        Document::checked_with(text, version, Arc::default())
    }

    /// The document holding `text`, checked one version at a time with
    /// the versions that share `checking`.
    fn checked_with(text: String, version: i32, checking: Arc<tokio::sync::Mutex<()>>) -> Self {
        Document {
            version,
            index: Arc::new(LineIndex::from(text)),
            analysis: None,
            checking,
        }
    }

    /// The text (the server reads it through the index and the analysis).
    #[cfg(test)]
    pub fn text(&self) -> &str {
        self.index.text()
    }
}

/// Why an edit was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownDocument,
    /// The version does not move forward.
    StaleVersion {
        current: i32,
        received: i32,
    },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::UnknownDocument => f.write_str("the document is not open"),
            EditError::StaleVersion { current, received } => write!(
                f,
                "version {received} does not follow version {current}; the change is ignored"
            ),
        }
    }
}

/// Every open document, by URI.
#[derive(Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, text: &str, version: i32) {
        self.open.insert(uri, Document::new(text, version));
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn uris(&self) -> Vec<Uri> {
        let mut uris: Vec<Uri> = self.open.keys().cloned().collect();
        uris.sort();
        uris
    }

    /// Applies the changes of one `didChange`, in order, and moves the
    /// document to `version`. Refuses a version that does not move forward.
    /// (The server calls [`Documents::replace`], which does the same.)
    #[cfg(test)]
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Result<(), EditError> {
        self.replace(uri, version, changes, encoding).map(drop)
    }

    /// Like [`Documents::change`], but hands back the version replaced, so
    /// the caller can free it (its text, line index and analysis) off the
    /// path to the next check.
    pub fn replace(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        encoding: Encoding,
    ) -> Result<Document, EditError> {
        let document = self.open.get_mut(uri).ok_or(EditError::UnknownDocument)?;
        if version <= document.version {
            return Err(EditError::StaleVersion {
                current: document.version,
                received: version,
            });
        }
        let text = edited(&document.index, changes, encoding);
        let next = Document::checked_with(text, version, Arc::clone(&document.checking));
        Ok(std::mem::replace(document, next))
    }

    /// Stores the analysis of `version`, unless the document moved on.
    pub fn store_analysis(&mut self, uri: &Uri, version: i32, analysis: Arc<Analysis>) {
        if let Some(document) = self.open.get_mut(uri)
            && document.version == version
        {
            document.analysis = Some(analysis);
        }
    }
}

/// The text of `index` after `changes`, applied in order. The first
/// change's range is read against the document's own line index; only a
/// later change (several in one `didChange`) indexes the text again.
fn edited(
    index: &LineIndex,
    changes: &[TextDocumentContentChangeEvent],
    encoding: Encoding,
) -> String {
    // `None` while the text is still the index's own.
    let mut text: Option<String> = None;
    for change in changes {
        text = Some(match (change.range, text.take()) {
            (None, _) => change.text.clone(),
            (Some(range), None) => splice(index, range, encoding, &change.text),
            (Some(range), Some(current)) => {
                splice(&LineIndex::new(&current), range, encoding, &change.text)
            }
        });
    }
    text.unwrap_or_else(|| index.text().to_string())
}

/// The text of `index` with `range` replaced by `new_text`.
fn splice(index: &LineIndex, range: Range, encoding: Encoding, new_text: &str) -> String {
    let span = Positions::new(index, encoding).span_clamped(range);
    let old = index.text();
    let (before, after) = (
        old.get(..span.start()).unwrap_or_default(),
        old.get(span.end()..).unwrap_or_default(),
    );
    let mut text = String::with_capacity(before.len() + new_text.len() + after.len());
    text.push_str(before);
    text.push_str(new_text);
    text.push_str(after);
    text
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::Position;

    use super::*;

    fn uri() -> Uri {
        "file:///a.parley".parse().unwrap()
    }

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range.map(|(start, end)| Range {
                start: Position::new(start.0, start.1),
                end: Position::new(end.0, end.1),
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_in_utf16() {
        let mut documents = Documents::default();
        documents.open(uri(), "😀 ab\r\ncd\r\n", 1);
        documents
            .change(
                &uri(),
                2,
                &[
                    change(Some(((0, 3), (0, 5))), "xy"),
                    change(Some(((1, 0), (1, 1))), "C"),
                ],
                Encoding::Utf16,
            )
            .unwrap();
        assert_eq!(documents.get(&uri()).unwrap().text(), "😀 xy\r\nCd\r\n");
        // A range reaching past the last line ends at the end of the text.
        documents
            .change(
                &uri(),
                3,
                &[change(Some(((2, 0), (7, 0))), "end")],
                Encoding::Utf16,
            )
            .unwrap();
        assert_eq!(documents.get(&uri()).unwrap().text(), "😀 xy\r\nCd\r\nend");
        documents
            .change(&uri(), 4, &[change(None, "new")], Encoding::Utf16)
            .unwrap();
        assert_eq!(documents.get(&uri()).unwrap().text(), "new");
    }

    #[test]
    fn refuses_versions_that_do_not_move_forward() {
        let mut documents = Documents::default();
        documents.open(uri(), "a", 5);
        assert_eq!(
            documents.change(&uri(), 5, &[change(None, "b")], Encoding::Utf16),
            Err(EditError::StaleVersion {
                current: 5,
                received: 5
            })
        );
        assert_eq!(
            documents.change(&uri(), 4, &[change(None, "b")], Encoding::Utf16),
            Err(EditError::StaleVersion {
                current: 5,
                received: 4
            })
        );
        assert_eq!(documents.get(&uri()).unwrap().text(), "a");
        let other: Uri = "file:///b.parley".parse().unwrap();
        assert_eq!(
            documents.change(&other, 1, &[], Encoding::Utf16),
            Err(EditError::UnknownDocument)
        );
    }
}
