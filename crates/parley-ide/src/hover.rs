//! Hover: what a name denotes (a stakeholder's role, side, level and the
//! steps that engage them; a conversation's title, participants, needs, wins
//! and doc comment; a commitment's explanation) and what a diagnostic's code
//! means, as Markdown.

use std::fmt::Write as _;

use parley_check::Symbol;
use parley_syntax::Span;
use parley_syntax::ast::{DeclKind, Declaration, DurationUnit, FieldKey, Item, SourceFile, Value};
use rustc_hash::FxHashSet;

use crate::Analysis;
use crate::names::{Names, Target, declaration};
use crate::prelude;

/// Markdown to show, and the range it describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    pub range: Span,
    pub markdown: String,
}

/// The hover at `offset`: the name under the cursor and any diagnostic
/// whose range covers it.
pub fn hover(analysis: &Analysis, offset: usize) -> Option<HoverResult> {
    let mut sections = Vec::new();
    let mut range = None;
    if let Some(at) = analysis.names().at(offset)
        && let Some(target) = at.target
        && let Some(mut text) = describe(analysis, target)
    {
        if let Some(step) = step_line(analysis, at.span) {
            text = format!("{step}\n\n{text}");
        }
        sections.push(text);
        range = Some(at.span);
    } else if let Some((span, text)) = process_header(analysis, offset) {
        sections.push(text);
        range = Some(span);
    }
    for diagnostic in analysis.diagnostics() {
        if !diagnostic.span.touches(offset) {
            continue;
        }
        let mut text = format!(
            "**{}** ({}): {}",
            diagnostic.code,
            diagnostic.severity.as_str(),
            diagnostic.message
        );
        if let Some(explanation) = prelude::explain_code(diagnostic.code) {
            let _ = write!(text, "\n\n{explanation}");
        }
        if !diagnostic.fixes.is_empty() {
            text.push_str("\n\nA quick fix is available.");
        }
        sections.push(text);
        range.get_or_insert(diagnostic.span);
    }
    Some(HoverResult {
        range: range?,
        markdown: sections.join("\n\n---\n\n"),
    })
}

/// For a name that is a process step: `Step 2 of the buyer's process
/// (negotiated, accelerate).`
fn step_line(analysis: &Analysis, span: Span) -> Option<String> {
    let reference = analysis.names().ref_at(span)?;
    let crate::names::Site::Step { item } = reference.site else {
        return None;
    };
    let Some(Item::Process(process)) = analysis.file().items.get(item) else {
        return None;
    };
    let (index, step) = process
        .steps()
        .enumerate()
        .find(|(_, step)| step.conversation.span == span)?;
    let side = process.side.as_ref().map_or("?", |side| side.text.as_str());
    let mut marks = Vec::new();
    if step.negotiated.is_some() {
        marks.push("negotiated");
    }
    if let Some(pace) = step.pace {
        marks.push(pace.pace.as_str());
    }
    let marks = if marks.is_empty() {
        String::new()
    } else {
        format!(" ({})", marks.join(", "))
    };
    Some(format!(
        "Step {} of the {side}'s process{marks}.",
        index + 1
    ))
}

/// On `process buyer` or `process seller`: the process in brief, and
/// whether its order leads where the two disagree.
fn process_header(analysis: &Analysis, offset: usize) -> Option<(Span, String)> {
    let process = analysis.file().items.iter().find_map(|item| match item {
        Item::Process(process)
            if process.keyword.touches(offset)
                || process
                    .side
                    .as_ref()
                    .is_some_and(|side| side.span.touches(offset)) =>
        {
            Some(process)
        }
        _ => None,
    })?;
    let side = process.side.as_ref()?;
    let span = process.keyword.cover(side.span);
    let steps: Vec<String> = process
        .steps()
        .map(|step| format!("`{}`", step.conversation.text))
        .collect();
    let mut text = format!(
        "```parley\nprocess {}\n```\nThe {}'s process",
        side.text, side.text
    );
    let _ = write!(text, ": {} steps", steps.len());
    if !steps.is_empty() {
        let _ = write!(text, ", {}", steps.join(" → "));
    }
    text.push('.');
    let lead = analysis.model().playbook.lead;
    if lead.as_str() == side.text {
        text.push_str("\n\nIts order leads where the two processes disagree.");
    } else {
        let _ = write!(
            text,
            "\n\nThe {}'s order leads where the two processes disagree.",
            lead.as_str()
        );
    }
    Some((span, text))
}

/// The Markdown that describes a declaration or a built-in.
fn describe(analysis: &Analysis, target: Target) -> Option<String> {
    let file = analysis.file();
    let names = analysis.names();
    match target {
        Target::Builtin(name) => {
            let builtin = prelude::builtin(name)?;
            let mut text = format!(
                "```parley\ncommitment {name}\n```\nBuilt-in commitment **{}**: {}",
                builtin.title, builtin.explanation
            );
            if !builtin.needs.is_empty() {
                let _ = write!(
                    text,
                    "\n\nNeeds: {}",
                    code_list(builtin.needs.iter().copied())
                );
            }
            winners(file, names, target, &mut text);
            Some(text)
        }
        Target::Declared(item) => {
            let declaration = declaration(file, item)?;
            let mut text = header(analysis.text(), declaration);
            match declaration.kind {
                DeclKind::Stakeholder => stakeholder(file, names, item, declaration, &mut text),
                DeclKind::Conversation => conversation(analysis, declaration, &mut text),
                DeclKind::Commitment => {
                    list_field(declaration, FieldKey::Needs, "Needs", &mut text);
                    winners(file, names, target, &mut text);
                }
            }
            Some(text)
        }
    }
}

fn header(source: &str, declaration: &Declaration) -> String {
    let name = declaration
        .name
        .as_ref()
        .map_or("", |name| name.text.as_str());
    let mut text = format!("```parley\n{} {name}\n```", declaration.kind.keyword());
    if let Some(title) = &declaration.title {
        let _ = write!(text, "\n**{}**", title.value(source));
    }
    if let Some(doc) = &declaration.doc {
        text.push_str("\n\n");
        doc.write_text(source, &mut text);
    }
    text
}

fn stakeholder(
    file: &SourceFile,
    names: &Names,
    item: usize,
    declaration: &Declaration,
    text: &mut String,
) {
    let mut facts = Vec::new();
    for (key, label) in [
        (FieldKey::Side, "side"),
        (FieldKey::Role, "role"),
        (FieldKey::Compelled, "compelled"),
    ] {
        let value = first_value(declaration, key).unwrap_or_else(|| "not given".into());
        facts.push(format!("{label}: {value}"));
    }
    let _ = write!(text, "\n\n{}", facts.join(" · "));
    let engaging = engaging(file, names, item);
    let mut engaged = Vec::new();
    for process_item in &file.items {
        let Item::Process(process) = process_item else {
            continue;
        };
        let side = process.side.as_ref().map_or("?", |side| side.text.as_str());
        let steps: Vec<String> = process
            .steps()
            .enumerate()
            .filter(|(_, step)| engaging.contains(step.conversation.text.as_str()))
            .map(|(index, step)| format!("{}. `{}`", index + 1, step.conversation.text))
            .collect();
        if !steps.is_empty() {
            engaged.push(format!("- {side}: {}", steps.join(", ")));
        }
    }
    if engaged.is_empty() {
        text.push_str("\n\nEngaged in no process step.");
    } else {
        let _ = write!(text, "\n\nEngaged at:\n{}", engaged.join("\n"));
    }
}

/// The names of the declarations whose `with` or `owner` names the
/// stakeholder at `item`, each the one its name resolves to (so a step of
/// that name is one of them): from the name index's references to the
/// stakeholder, not a look at every step's declaration.
fn engaging<'a>(file: &'a SourceFile, names: &Names, item: usize) -> FxHashSet<&'a str> {
    names
        .refs_to(Target::Declared(item))
        .filter_map(|reference| match reference.site {
            crate::names::Site::Field {
                item: by,
                key: FieldKey::With | FieldKey::Owner,
            } => {
                let name = declaration(file, by)?.name.as_ref()?;
                (names.resolve(&name.text) == Some(Target::Declared(by)))
                    .then_some(name.text.as_str())
            }
            _ => None,
        })
        .collect()
}

fn conversation(analysis: &Analysis, declaration: &Declaration, text: &mut String) {
    let file = analysis.file();
    let mut lines = String::new();
    for (key, label) in [
        (FieldKey::With, "With"),
        (FieldKey::Owner, "Owner"),
        (FieldKey::Needs, "Needs"),
        (FieldKey::Wins, "Wins"),
    ] {
        list_field(declaration, key, label, &mut lines);
    }
    for (key, label) in [(FieldKey::Takes, "Takes"), (FieldKey::By, "By")] {
        if let Some(value) = first_value(declaration, key) {
            let _ = write!(lines, "\n\n{label}: {value}");
        }
    }
    text.push_str(&lines);
    let name = declaration.name.as_ref().map(|name| name.text.as_str());
    let mut positions = Vec::new();
    for process_item in &file.items {
        let Item::Process(process) = process_item else {
            continue;
        };
        let side = process.side.as_ref().map_or("?", |side| side.text.as_str());
        if let Some(index) = process
            .steps()
            .position(|step| Some(step.conversation.text.as_str()) == name)
        {
            positions.push(format!("{side} step {}", index + 1));
        }
    }
    if !positions.is_empty() {
        let _ = write!(text, "\n\nIn process: {}", positions.join(", "));
    }
    if let Some(planned) = name.and_then(|name| negotiated_place(analysis, name)) {
        let _ = write!(text, "\n\nNegotiated plan: {planned}");
    }
}

/// `step 3 of 8, 2027-01-18 → 2027-01-29`: where the negotiated process
/// puts a conversation, with its dates when the playbook starts on a date.
fn negotiated_place(analysis: &Analysis, name: &str) -> Option<String> {
    let Some(Symbol::Conversation(id)) = analysis.model().lookup(name) else {
        return None;
    };
    let negotiated = analysis.negotiated();
    let index = negotiated
        .steps
        .iter()
        .position(|step| step.conversation == id)?;
    let mut place = format!("step {} of {}", index + 1, negotiated.steps.len());
    if let Some(plan) = analysis.schedule()
        && let Some(step) = plan.step(id)
    {
        if step.start == step.finish {
            let _ = write!(place, ", {}", step.start);
        } else {
            let _ = write!(place, ", {} → {}", step.start, step.finish);
        }
        if step.critical {
            place.push_str(" (critical path)");
        }
    }
    Some(place)
}

/// Appends `Label: a, b` when the declaration has values for `key`.
fn list_field(declaration: &Declaration, key: FieldKey, label: &str, text: &mut String) {
    let values: Vec<String> = declaration
        .fields_with(key)
        .flat_map(|field| field.values.iter())
        .map(value_text)
        .collect();
    if !values.is_empty() {
        let _ = write!(
            text,
            "\n\n{label}: {}",
            code_list(values.iter().map(String::as_str))
        );
    }
}

/// Appends the conversations that win a commitment.
fn winners(file: &SourceFile, names: &Names, target: Target, text: &mut String) {
    let won_by: Vec<&str> = names
        .refs_to(target)
        .filter_map(|reference| match reference.site {
            crate::names::Site::Field {
                item,
                key: FieldKey::Wins,
            } => declaration(file, item)?
                .name
                .as_ref()
                .map(|name| name.text.as_str()),
            _ => None,
        })
        .collect();
    if won_by.is_empty() {
        text.push_str("\n\nWon by no conversation.");
    } else {
        let _ = write!(text, "\n\nWon by: {}", code_list(won_by.into_iter()));
    }
}

fn first_value(declaration: &Declaration, key: FieldKey) -> Option<String> {
    declaration
        .fields_with(key)
        .flat_map(|field| field.values.first())
        .map(value_text)
        .next()
}

fn code_list<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|value| format!("`{value}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field value as written.
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::Name(name) => name.text.to_string(),
        Value::Date(date) => format!("{:04}-{:02}-{:02}", date.year, date.month, date.day),
        Value::Duration(duration) => {
            let unit = match duration.unit {
                DurationUnit::Days => "d",
                DurationUnit::Weeks => "w",
            };
            format!("{}{unit}", duration.amount)
        }
    }
}

#[cfg(test)]
mod tests {
    use parley_syntax::ast::{FieldKey, Item};

    use super::engaging;
    use crate::Analysis;
    use crate::fixture::{Fixture, mark};
    use crate::names::{Target, declaration};

    fn hover(source: &str) -> String {
        let fixture = Fixture::new(source);
        match super::hover(&fixture.analysis, fixture.cursor) {
            Some(result) => format!(
                "{}\n=====\n{}",
                mark(&fixture.text, &[result.range]),
                result.markdown
            ),
            None => "no hover".into(),
        }
    }

    const ACME: &str = include_str!("../test_data/acme.parley");

    fn acme_at(needle: &str, nth: usize) -> String {
        let offset = ACME
            .match_indices(needle)
            .nth(nth)
            .map(|(offset, _)| offset)
            .unwrap();
        let mut source = ACME.to_string();
        source.insert_str(offset + 1, "$0");
        hover(&source)
    }

    fn range_line(result: &str) -> String {
        result
            .lines()
            .find(|line| line.contains('<'))
            .unwrap_or("")
            .to_string()
    }

    #[test]
    fn a_stakeholder() {
        let result = acme_at("dana", 0);
        assert_eq!(
            range_line(&result),
            r#"stakeholder <dana> "Dana Reyes, CFO" {"#
        );
        insta::assert_snapshot!(result.split("=====\n").nth(1).unwrap());
    }

    #[test]
    fn a_conversation_from_a_step() {
        let result = acme_at("proposal\n", 1);
        assert_eq!(range_line(&result), "  <proposal>");
        let markdown = result.split("=====\n").nth(1).unwrap();
        let (conversation, diagnostic) = markdown.split_once("\n\n---\n\n").unwrap();
        insta::assert_snapshot!(conversation);
        // The step carries the checker's P101, explained; its wording is the checker's.
        assert!(diagnostic.starts_with("**P101** (error): "), "{diagnostic}");
        assert!(diagnostic.contains("Why it matters: "), "{diagnostic}");
        assert!(
            diagnostic.ends_with("A quick fix is available."),
            "{diagnostic}"
        );
    }

    #[test]
    fn a_conversation_with_its_doc_comment() {
        let result = acme_at("discovery \"", 0);
        insta::assert_snapshot!(result.split("=====\n").nth(1).unwrap());
    }

    #[test]
    fn a_built_in_commitment() {
        let result = acme_at("collaborate", 0);
        assert_eq!(range_line(&result), "  wins <collaborate>");
        insta::assert_snapshot!(result.split("=====\n").nth(1).unwrap());
    }

    #[test]
    fn a_declared_commitment() {
        let result = hover(
            r#"/// Budget approved by finance.
commitment budget "Budget approved" { needs change }
conversation c "C" { wins bud$0get }"#,
        );
        assert_eq!(
            result,
            r#"commitment budget "Budget approved" { needs change }
conversation c "C" { wins <budget> }
=====
```parley
commitment budget
```
**Budget approved**

Budget approved by finance.

Needs: `change`

Won by: `c`"#
                .replace("commitment budget \"Budget approved\" { needs change }\nconversation", "/// Budget approved by finance.\ncommitment budget \"Budget approved\" { needs change }\nconversation")
        );
    }

    #[test]
    fn a_step_says_where_it_stands() {
        let result = hover(
            r#"conversation a "A" { }
process buyer {
  $0a negotiated accelerate
}"#,
        );
        let markdown = result.split("=====\n").nth(1).unwrap();
        assert!(
            markdown.starts_with("Step 1 of the buyer's process (negotiated, accelerate).\n\n```parley\nconversation a\n```"),
            "{markdown}"
        );
    }

    #[test]
    fn a_process_header() {
        let result = acme_at("process buyer", 0);
        assert_eq!(range_line(&result), "<process buyer> {");
        assert_eq!(
            result.split("=====\n").nth(1).unwrap(),
            "```parley\nprocess buyer\n```\nThe buyer's process: 3 steps, `rfp` → `proposal` → `signature`.\n\nThe seller's order leads where the two processes disagree."
        );
    }

    #[test]
    fn nothing_on_punctuation() {
        assert_eq!(hover(r#"conversation c "C" $0{ }"#), "no hover");
    }

    /// The stakeholders' steps found through the name index are those a
    /// look at every step's declaration finds, for every stakeholder of
    /// every example.
    #[test]
    fn engaging_finds_what_a_look_at_every_step_finds() {
        for text in crate::fixture::EXAMPLES {
            let analysis = Analysis::new(text);
            let (file, names) = (analysis.file(), analysis.names());
            let (mut stakeholders, mut engaged) = (0, 0);
            for decl in names.decls() {
                if decl.kind != crate::NameKind::Stakeholder {
                    continue;
                }
                stakeholders += 1;
                let engaging = engaging(file, names, decl.item);
                for process in file.items.iter().filter_map(|item| match item {
                    Item::Process(process) => Some(process),
                    _ => None,
                }) {
                    for step in process.steps() {
                        let scanned = match names.resolve(&step.conversation.text) {
                            Some(Target::Declared(conversation)) => declaration(file, conversation)
                                .is_some_and(|conversation| {
                                    conversation
                                        .fields()
                                        .iter()
                                        .filter(|field| {
                                            matches!(field.key, FieldKey::With | FieldKey::Owner)
                                        })
                                        .flat_map(|field| field.names())
                                        .any(|name| {
                                            names.resolve(&name.text)
                                                == Some(Target::Declared(decl.item))
                                        })
                                }),
                            _ => false,
                        };
                        engaged += usize::from(scanned);
                        assert_eq!(
                            engaging.contains(step.conversation.text.as_str()),
                            scanned,
                            "{} at {:?}",
                            decl.text,
                            step.span
                        );
                    }
                }
            }
            assert!(stakeholders > 0 && engaged > 0, "{stakeholders} {engaged}");
        }
    }
}
