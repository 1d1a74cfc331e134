//! Snapshots of the formatter on awkward inputs: each snapshot shows the
//! input and the formatted text, with `<CR>` before the line break of a
//! CRLF, `<CR alone>` for a lone carriage return (itself a line end) and
//! `<BOM>` for a byte-order mark, so that line endings can be reviewed.

mod format_inputs;

use format_inputs::AWKWARD;
use parley_syntax::{FormatErrorKind, apply_edits, format, format_edits};

fn visible(text: &str) -> String {
    text.replace('\u{feff}', "<BOM>")
        .replace("\r\n", "<CR>\n")
        .replace('\r', "<CR alone>\n")
        .replace('\t', "<TAB>")
}

fn show(input: &str) -> String {
    let formatted = format(input).unwrap();
    format!(
        "--- input ---\n{}\n--- formatted ---\n{}",
        visible(input),
        visible(&formatted)
    )
}

#[test]
fn awkward_inputs() {
    for (name, input) in AWKWARD {
        insta::assert_snapshot!(*name, show(input));
    }
}

#[test]
fn the_first_line_ending_decides_for_the_whole_file() {
    let cases = [
        (
            "process seller {\r\na\nb\r}",
            "process seller {\r\n  a\r\n  b\r\n}\r\n",
        ),
        (
            "process seller {\na\r\nb}",
            "process seller {\n  a\n  b\n}\n",
        ),
        (
            "process seller {\ra\r\nb}",
            "process seller {\r  a\r  b\r}\r",
        ),
        ("process seller { a }", "process seller {\n  a\n}\n"),
    ];
    for (input, expected) in cases {
        assert_eq!(format(input).unwrap(), expected, "{input:?}");
    }
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(format("").unwrap(), "");
    assert_eq!(format(" \n\n\t\n").unwrap(), "");
    assert_eq!(format("\u{feff}").unwrap(), "\u{feff}");
}

#[test]
fn a_formatted_file_is_left_as_it_is() {
    let text =
        "playbook \"Acme\"\nstarts 2027-01-11\n\nstakeholder dana \"Dana\" {\n  side buyer\n}\n";
    assert_eq!(format(text).unwrap(), text);
    assert!(format_edits(text).unwrap().is_empty());
}

#[test]
fn step_markers_are_put_in_canonical_order() {
    let text = "process seller {\n  discovery accelerate negotiated\n}\n";
    assert_eq!(
        format(text).unwrap(),
        "process seller {\n  discovery negotiated accelerate\n}\n"
    );
}

#[test]
fn unterminated_strings_and_stray_characters_are_refused_with_their_line() {
    let error = format("stakeholder dana \"Dana {\n  side buyer\n}\n").unwrap_err();
    assert_eq!(error.kind, FormatErrorKind::Syntax);
    assert_eq!((error.line, error.column), (1, 18));
    assert!(
        error
            .to_string()
            .starts_with("syntax error at line 1, column 18: unterminated string"),
        "{error}"
    );

    let error = format("stakeholder dana \"Dana\" {\n  side buyer ;\n}\n").unwrap_err();
    assert_eq!((error.line, error.column), (2, 14));
    assert!(error.message.contains("`;`"), "{}", error.message);
}

#[test]
fn edits_turn_the_text_into_the_formatted_text_without_touching_formatted_lines() {
    let text = "stakeholder dana \"Dana\" {\n  side buyer\n    role champion\n}\n";
    let edits = format_edits(text).unwrap();
    assert_eq!(edits.len(), 1, "{edits:?}");
    let edit = &edits[0];
    assert_eq!(edit.new_text, "");
    assert_eq!(text.get(edit.span.range()), Some("  "));
    assert_eq!(apply_edits(text, &edits).unwrap(), format(text).unwrap());
}

/// The example of the "Formatting style" section of the language reference
/// is in the style it describes.
#[test]
fn the_style_guide_example_is_already_formatted() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/README.md");
    let reference = std::fs::read_to_string(path).unwrap();
    let section = reference.split("\n## Formatting style\n").nth(1).unwrap();
    let example = section
        .split("```parley\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert!(parley_syntax::parse(example).errors.is_empty());
    assert_eq!(format(example).unwrap(), example);
}
