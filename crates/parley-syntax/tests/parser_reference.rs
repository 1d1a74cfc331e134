//! Every `parley` example of the language reference (`grammar/README.md`)
//! parses without a syntax error, so the reference cannot drift from the
//! parser.

use std::path::Path;

/// The fenced ```parley blocks of a markdown text.
fn parley_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match &mut current {
            None if line.trim_start() == "```parley" => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn every_example_of_the_reference_parses_without_errors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../grammar/README.md");
    let reference = std::fs::read_to_string(&path).unwrap();
    let blocks = parley_blocks(&reference);
    assert!(blocks.len() >= 10, "only {} examples found", blocks.len());
    for block in blocks {
        let parse = parley_syntax::parse(&block);
        assert!(
            parse.errors.is_empty(),
            "example does not parse:\n{block}\n{:#?}",
            parse.errors
        );
        assert!(!parse.file.items.is_empty() || block.trim_start().starts_with("//"));
    }
}
