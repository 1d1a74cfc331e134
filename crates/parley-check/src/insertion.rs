//! Where a new declaration goes: after the last whole declaration of its
//! kind, else before the first process (and its doc comment), else at the
//! end of the file.
//!
//! The places are found in one walk over the tree, before the rules run, so
//! the fixes that declare something (a misspelt name's "Declare it", P108's
//! conversation that wins a need) do not read the tree: [`crate::check_text`]
//! frees it once the names are resolved.

use parley_syntax::ast::{DeclKind, Item};
use parley_syntax::{Span, TextEdit};

use crate::layout::Layout;

/// The landmarks a new declaration is placed by.
#[derive(Clone, Debug, Default)]
pub(crate) struct InsertionPoints {
    /// Per kind (stakeholder, commitment, conversation), the span of the
    /// last declaration that is whole: named, and its block, if any, has its
    /// `{` and `}`. After a broken one the new one would land inside it.
    last_whole: [Option<Span>; 3],
    /// Where the first process starts, its doc comment included.
    first_process: Option<usize>,
}

fn slot(kind: DeclKind) -> usize {
    match kind {
        DeclKind::Stakeholder => 0,
        DeclKind::Commitment => 1,
        DeclKind::Conversation => 2,
    }
}

impl InsertionPoints {
    /// The points of a whole file (name resolution finds them in its own
    /// walk over the items, with [`InsertionPoints::note`]).
    #[cfg(test)]
    pub(crate) fn new(file: &parley_syntax::ast::SourceFile) -> Self {
        let mut points = InsertionPoints::default();
        for item in &file.items {
            points.note(item);
        }
        points
    }

    /// Takes in the next item of the file, in source order (for a walk
    /// over the items that does other work too).
    pub(crate) fn note(&mut self, item: &Item) {
        match item {
            Item::Declaration(declaration)
                if declaration.name.is_some()
                    && declaration
                        .body
                        .as_ref()
                        .is_none_or(|body| !body.open.is_empty() && body.close.is_some()) =>
            {
                self.last_whole[slot(declaration.kind)] = Some(declaration.span);
            }
            Item::Process(process) if self.first_process.is_none() => {
                let start = process.span.start();
                self.first_process = Some(
                    process
                        .doc
                        .as_ref()
                        .map_or(start, |doc| doc.span.start().min(start)),
                );
            }
            _ => {}
        }
    }

    /// An edit inserting the declaration `text` of `kind`: on the line after
    /// the last whole declaration of that kind, else on its own lines before
    /// the first process, else at the end of the file. A blank line
    /// separates it from what comes before and after, as the formatter puts
    /// one between top-level items.
    pub(crate) fn declaration(&self, layout: &Layout, kind: DeclKind, text: &str) -> TextEdit {
        let eol = layout.eol;
        if let Some(span) = self.last_whole[slot(kind)] {
            let at = layout
                .line_end(span.end().saturating_sub(1).max(span.start()))
                .max(span.end());
            // The line after the declaration: when it holds something (the
            // next item, a comment), a blank line goes before it too.
            let next = layout.next_line_start(at);
            let next_blank = next >= layout.text.len()
                || layout
                    .text
                    .get(next..layout.line_end(next))
                    .is_none_or(|line| line.trim().is_empty());
            let after = if next_blank { "" } else { eol };
            return TextEdit {
                span: Span::empty(at),
                new_text: [eol, eol, text, after].concat(),
            };
        }
        if let Some(at) = self.first_process {
            return TextEdit {
                span: Span::empty(layout.line_start(at)),
                new_text: [text, eol, eol].concat(),
            };
        }
        let text_len = layout.text.len();
        let needs_newline = !layout.text.is_empty() && !layout.text.ends_with(['\n', '\r']);
        TextEdit {
            span: Span::empty(text_len),
            new_text: [
                if needs_newline { eol } else { "" },
                if layout.text.trim().is_empty() {
                    ""
                } else {
                    eol
                },
                text,
                eol,
            ]
            .concat(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert(text: &str, kind: DeclKind) -> String {
        let parse = parley_syntax::parse(text);
        let layout = Layout::new(text);
        let edit = InsertionPoints::new(&parse.file).declaration(&layout, kind, "NEW");
        parley_syntax::apply_edits(text, &[edit]).unwrap()
    }

    #[test]
    fn after_the_last_whole_declaration_of_the_kind() {
        let text =
            "commitment a \"A\"\nstakeholder d \"D\" {\n  side buyer\n}\ncommitment b \"B\"\n";
        assert_eq!(
            insert(text, DeclKind::Commitment),
            "commitment a \"A\"\nstakeholder d \"D\" {\n  side buyer\n}\ncommitment b \"B\"\n\nNEW\n"
        );
        assert_eq!(
            insert(text, DeclKind::Stakeholder),
            "commitment a \"A\"\nstakeholder d \"D\" {\n  side buyer\n}\n\nNEW\n\ncommitment b \"B\"\n"
        );
    }

    #[test]
    fn a_blank_line_separates_it_from_the_item_after() {
        let text = "conversation a \"A\" { wins explore }\nprocess seller { a }\n";
        assert_eq!(
            insert(text, DeclKind::Conversation),
            "conversation a \"A\" { wins explore }\n\nNEW\n\nprocess seller { a }\n"
        );
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(
            insert(&crlf, DeclKind::Conversation),
            "conversation a \"A\" { wins explore }\r\n\r\nNEW\r\n\r\nprocess seller { a }\r\n"
        );
        // A blank line already there, or the end of the file: no second one.
        let spaced = "conversation a \"A\" { wins explore }\n\nprocess seller { a }\n";
        assert_eq!(
            insert(spaced, DeclKind::Conversation),
            "conversation a \"A\" { wins explore }\n\nNEW\n\nprocess seller { a }\n"
        );
        assert_eq!(
            insert("conversation a \"A\"", DeclKind::Conversation),
            "conversation a \"A\"\n\nNEW"
        );
    }

    #[test]
    fn before_the_first_process_and_its_doc_comment() {
        let text = "/// The buyer's way.\nprocess buyer {\n}\nprocess seller {\n}\n";
        assert_eq!(
            insert(text, DeclKind::Conversation),
            "NEW\n\n/// The buyer's way.\nprocess buyer {\n}\nprocess seller {\n}\n"
        );
    }

    #[test]
    fn at_the_end_of_a_file_with_neither() {
        assert_eq!(insert("", DeclKind::Conversation), "NEW\n");
        assert_eq!(
            insert("playbook \"P\"", DeclKind::Stakeholder),
            "playbook \"P\"\n\nNEW\n"
        );
    }
}
