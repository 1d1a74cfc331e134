//! A document edited the way an editor does: ranges in lines and columns,
//! out of range or in the middle of a character as often as not, applied one
//! after another through the server's own conversion (`Positions`), with the
//! editor features asked for at each edit and a check of the final text.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use parley_lsp::encoding::Positions;
use parley_syntax::{Encoding, LineIndex, Span};
use tower_lsp_server::ls_types::{Position, Range};

#[derive(Arbitrary, Debug)]
struct Edit {
    start: (u8, u16),
    end: (u8, u16),
    text: String,
    /// Replace the whole document instead (a change without a range).
    whole: bool,
}

#[derive(Arbitrary, Debug)]
struct Session {
    initial: String,
    utf8: bool,
    edits: Vec<Edit>,
}

fn position((line, character): (u8, u16)) -> Position {
    Position {
        line: u32::from(line),
        character: u32::from(character),
    }
}

fuzz_target!(|session: Session| {
    let encoding = if session.utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let mut text = session.initial;
    for edit in session.edits.iter().take(64) {
        if edit.whole {
            text.clone_from(&edit.text);
            continue;
        }
        let index = LineIndex::new(&text);
        let positions = Positions::new(&index, encoding);
        let range = Range {
            start: position(edit.start),
            end: position(edit.end),
        };
        let span = positions.span_clamped(range);
        parley_fuzz::assert_span(&text, span, "edit");
        // A position that round-trips lands on the same offset.
        let start = positions.position(span.start());
        assert_eq!(
            positions.offset(start),
            Some(span.start()),
            "{start:?} of {span:?}"
        );
        text.replace_range(span.range(), &edit.text);

        let analysis = parley_ide::Analysis::new(&text);
        parley_fuzz::assert_diagnostics(&text, analysis.diagnostics());
        let offset = span.start().min(text.len());
        let _ = parley_ide::hover(&analysis, offset);
        let _ = parley_ide::completion(&analysis, offset);
        let _ = parley_ide::goto_definition(&analysis, offset);
        let _ = parley_ide::references(&analysis, offset, true);
        let _ = parley_ide::prepare_rename(&analysis, offset);
        let _ = parley_ide::code_actions(&analysis, Span::new(offset, offset));
    }
    let checked = parley_check::check_text(&text);
    parley_fuzz::assert_diagnostics(&text, &checked.diagnostics);
});
