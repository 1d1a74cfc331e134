//! Declarations may come in any order, and so may the fields of a block
//! (the language reference, "Names and references" and the grammar): every
//! example and rule fixture, with its stakeholders, conversations and
//! commitments in the reverse order, or each block's fields in the reverse
//! order, draws the same diagnostics at the same text.

mod support;

use std::collections::BTreeMap;

use parley_check::check_text;
use parley_syntax::ast::Item;
use parley_syntax::parse;

/// `text` with its declarations in the reverse order: the text before the
/// first item, the playbook header, the declarations last to first, then
/// the processes. An item takes its doc comment and whatever follows it up
/// to the next item.
fn reversed(text: &str) -> String {
    let parse = parse(text);
    let starts: Vec<usize> = parse
        .file
        .items
        .iter()
        .map(|item| {
            let doc = match item {
                Item::Declaration(declaration) => declaration.doc.as_ref(),
                Item::Playbook(playbook) => playbook.doc.as_ref(),
                Item::Process(_) => None,
            };
            doc.map_or(item.span().start(), |doc| doc.span.start())
        })
        .collect();
    let Some(&first) = starts.first() else {
        return text.to_string();
    };
    let mut headers = String::new();
    let mut declarations = Vec::new();
    let mut processes = String::new();
    for (index, item) in parse.file.items.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        let chunk = format!("{}\n\n", text[starts[index]..end].trim_end());
        match item {
            Item::Playbook(_) => headers.push_str(&chunk),
            Item::Declaration(_) => declarations.push(chunk),
            Item::Process(_) => processes.push_str(&chunk),
        }
    }
    declarations.reverse();
    format!(
        "{}{headers}{}{processes}",
        &text[..first],
        declarations.concat()
    )
}

/// `text` with the fields of every block in the reverse order, one a line;
/// `None` when a block is unclosed.
fn fields_reversed(text: &str) -> Option<String> {
    let parse = parse(text);
    let mut out = String::new();
    let mut copied = 0;
    for item in &parse.file.items {
        let Item::Declaration(declaration) = item else {
            continue;
        };
        let Some(block) = &declaration.body else {
            continue;
        };
        let close = block.close?;
        out.push_str(&text[copied..block.open.end()]);
        for field in block.fields.iter().rev() {
            out.push_str("\n  ");
            out.push_str(&text[field.span.range()]);
        }
        out.push('\n');
        copied = close.start();
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// How many diagnostics of each code point at each text. A cycle (`P106`)
/// is reported once, on one of the `needs` references in it, the one its
/// search meets first: for it, only how many.
fn findings(text: &str) -> BTreeMap<(&'static str, String), usize> {
    let mut found = BTreeMap::new();
    for diagnostic in check_text(text).diagnostics {
        let at = match diagnostic.code {
            "P106" => String::new(),
            _ => text[diagnostic.span.range()].to_string(),
        };
        *found.entry((diagnostic.code, at)).or_insert(0) += 1;
    }
    found
}

/// Checks every playbook without a finding of `order_dependent` against
/// itself reordered by `reorder` (`None`: it cannot be), and asserts the
/// same findings. Returns how many were compared and how many of those
/// `reorder` changed.
fn same_findings_reordered(
    order_dependent: &[&str],
    reorder: impl Fn(&str) -> Option<String>,
) -> (usize, usize) {
    let (mut compared, mut changed) = (0, 0);
    for path in support::playbooks() {
        let text = std::fs::read_to_string(&path).unwrap();
        let before = findings(&text);
        if before
            .keys()
            .any(|(code, _)| order_dependent.contains(code))
        {
            continue;
        }
        let Some(after) = reorder(&text) else {
            continue;
        };
        changed += usize::from(after != text);
        assert_eq!(
            findings(&after),
            before,
            "{}: reordered as\n{after}",
            path.display()
        );
        compared += 1;
    }
    (compared, changed)
}

#[test]
fn the_order_of_declarations_changes_no_finding() {
    // A duplicate name resolves to its first declaration, and a syntax
    // error's recovery depends on what follows: both depend on order.
    let (compared, changed) =
        same_findings_reordered(&["E001", "N002"], |text| Some(reversed(text)));
    assert!(compared >= 40, "only {compared} playbooks compared");
    assert_eq!(changed, compared, "a playbook with nothing to reorder");
}

#[test]
fn the_order_of_fields_changes_no_finding() {
    // A repeated field's first one counts (`N004`): order matters there.
    let (compared, changed) = same_findings_reordered(&["E001", "N002", "N004"], fields_reversed);
    assert!(compared >= 40, "only {compared} playbooks compared");
    assert!(
        changed >= 30,
        "only {changed} playbooks had fields to reorder"
    );
}
