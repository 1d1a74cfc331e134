//! Generated playbooks for the formatter's property tests: well-formed
//! declarations written with random whitespace, line endings, comments,
//! doc comments and a byte-order mark.

use proptest::prelude::*;
use proptest::sample::select;

const NAMES: &[&str] = &[
    "dana",
    "omar",
    "priya",
    "sam",
    "discovery",
    "case-for-change",
    "co-design",
    "committee",
    "proposal",
    "signature",
    "rfp",
    "explore",
    "change",
    "decide",
    "zoë",
    "田中",
    "x_1",
];

const STRINGS: &[&str] = &[
    r#""Dana Reyes, CFO""#,
    r#""Discovery: current state""#,
    r#""a \"quoted\" word and a \\ backslash""#,
    r#""日本語の商談 🤝""#,
    r#""""#,
    r#""  spaced   out  ""#,
    r#""// not a comment""#,
];

const COMMENTS: &[&str] = &[
    "// a comment",
    "//",
    "//no space",
    "// trailing spaces   ",
    "// 日本語 🤝",
    "//// four slashes",
    "// with // inside { } ,",
];

const DATES: &[&str] = &["2027-01-11", "2027-03-31", "2026-12-01"];
const DURATIONS: &[&str] = &["1d", "3d", "2w", "10w"];
const ROLES: &[&str] = &[
    "economic-buyer",
    "champion",
    "procurement",
    "account-executive",
];
const LEVELS: &[&str] = &["none", "low", "medium", "high"];
const SIDES: &[&str] = &["buyer", "seller"];

fn word(pool: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    select(pool).prop_map(|word| vec![word.to_string()])
}

/// `a, b, c`: one to four names with commas between them.
fn list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(select(NAMES), 1..5).prop_map(|names| {
        let mut tokens = Vec::new();
        for (index, name) in names.into_iter().enumerate() {
            if index > 0 {
                tokens.push(",".to_string());
            }
            tokens.push(name.to_string());
        }
        tokens
    })
}

fn field(key: &'static str, value: BoxedStrategy<Vec<String>>) -> BoxedStrategy<Vec<String>> {
    value
        .prop_map(move |value| {
            let mut tokens = vec![key.to_string()];
            tokens.extend(value);
            tokens
        })
        .boxed()
}

fn block(fields: Vec<BoxedStrategy<Vec<String>>>) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(prop::strategy::Union::new(fields), 0..5).prop_map(|fields| {
        let mut tokens = vec!["{".to_string()];
        tokens.extend(fields.into_iter().flatten());
        tokens.push("}".to_string());
        tokens
    })
}

fn header(keyword: &'static str) -> impl Strategy<Value = Vec<String>> {
    (select(NAMES), select(STRINGS)).prop_map(move |(name, title)| {
        vec![keyword.to_string(), name.to_string(), title.to_string()]
    })
}

fn stakeholder() -> impl Strategy<Value = Vec<String>> {
    let fields = vec![
        field("side", word(SIDES).boxed()),
        field("role", word(ROLES).boxed()),
        field("compelled", word(LEVELS).boxed()),
    ];
    (header("stakeholder"), block(fields)).prop_map(|(mut tokens, block)| {
        tokens.extend(block);
        tokens
    })
}

fn commitment() -> impl Strategy<Value = Vec<String>> {
    let fields = vec![field("needs", list().boxed())];
    (header("commitment"), prop::option::of(block(fields))).prop_map(|(mut tokens, block)| {
        tokens.extend(block.unwrap_or_default());
        tokens
    })
}

fn conversation() -> impl Strategy<Value = Vec<String>> {
    let fields = vec![
        field("with", list().boxed()),
        field("owner", list().boxed()),
        field("needs", list().boxed()),
        field("wins", list().boxed()),
        field("takes", word(DURATIONS).boxed()),
        field("by", word(DATES).boxed()),
    ];
    (header("conversation"), block(fields)).prop_map(|(mut tokens, block)| {
        tokens.extend(block);
        tokens
    })
}

fn process_item() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => (
            select(NAMES),
            any::<bool>(),
            select(&["", "accelerate", "decelerate"][..]),
            prop::bool::weighted(0.2),
        )
            .prop_map(|(name, negotiated, pace, pace_first)| {
                // The parser takes the markers in either order; the
                // formatter puts `negotiated` first.
                let mut markers: Vec<String> = Vec::new();
                if negotiated {
                    markers.push("negotiated".to_string());
                }
                if !pace.is_empty() {
                    markers.push(pace.to_string());
                }
                if pace_first {
                    markers.reverse();
                }
                let mut tokens = vec![name.to_string()];
                tokens.extend(markers);
                tokens
            }),
        1 => (select(NAMES), select(STRINGS)).prop_map(|(name, reason)| vec![
            "waive".to_string(),
            name.to_string(),
            reason.to_string()
        ]),
        1 => (select(NAMES), select(NAMES)).prop_map(|(after, until)| vec![
            "quiet".to_string(),
            "after".to_string(),
            after.to_string(),
            "until".to_string(),
            until.to_string()
        ]),
    ]
}

fn process() -> impl Strategy<Value = Vec<String>> {
    (select(SIDES), prop::collection::vec(process_item(), 0..6)).prop_map(|(side, items)| {
        let mut tokens = vec!["process".to_string(), side.to_string(), "{".to_string()];
        tokens.extend(items.into_iter().flatten());
        tokens.push("}".to_string());
        tokens
    })
}

fn playbook() -> impl Strategy<Value = Vec<String>> {
    (
        select(STRINGS),
        prop::option::of(select(DATES)),
        prop::option::of(select(SIDES)),
    )
        .prop_map(|(title, starts, lead)| {
            let mut tokens = vec!["playbook".to_string(), title.to_string()];
            if let Some(starts) = starts {
                tokens.extend(["starts".to_string(), starts.to_string()]);
            }
            if let Some(lead) = lead {
                tokens.extend(["lead".to_string(), lead.to_string()]);
            }
            tokens
        })
}

/// A declaration, maybe with doc comment lines before it.
fn declaration() -> impl Strategy<Value = Vec<String>> {
    (
        prop::collection::vec(
            select(&["/// A doc comment.", "///", "/// 日本語"][..]),
            0..3,
        ),
        prop_oneof![stakeholder(), commitment(), conversation(), process()],
    )
        .prop_map(|(docs, tokens)| {
            let mut all: Vec<String> = docs.into_iter().map(str::to_string).collect();
            all.extend(tokens);
            all
        })
}

/// The whitespace (and maybe a comment) between two tokens.
#[derive(Clone, Debug)]
struct Gap {
    whitespace: &'static str,
    comment: Option<&'static str>,
}

fn gap() -> impl Strategy<Value = Gap> {
    (
        select(
            &[
                "",
                " ",
                "  ",
                "\t",
                "\n",
                "\n\n",
                "\n\n\n",
                "  \n    ",
                " \t\n\n  ",
            ][..],
        ),
        prop::option::weighted(0.15, select(COMMENTS)),
    )
        .prop_map(|(whitespace, comment)| Gap {
            whitespace,
            comment,
        })
}

fn is_punctuation(token: &str) -> bool {
    matches!(token, "{" | "}" | ",")
}

/// Writes the tokens with their gaps: a comment is always followed by a
/// line break, so are doc comments; every line break is `line_ending`.
fn render(tokens: &[String], gaps: &[Gap], line_ending: &str, bom: bool) -> String {
    let mut text = String::new();
    if bom {
        text.push('\u{feff}');
    }
    let mut previous: Option<&str> = None;
    for (index, token) in tokens.iter().enumerate() {
        let gap = gaps.get(index).cloned().unwrap_or(Gap {
            whitespace: " ",
            comment: None,
        });
        let after_comment = previous.is_some_and(|previous| previous.starts_with("//"));
        let mut whitespace = gap.whitespace.to_string();
        if after_comment && !whitespace.contains('\n') {
            whitespace.insert(0, '\n');
        }
        let tight_allowed = previous.is_none_or(is_punctuation) || is_punctuation(token);
        if whitespace.is_empty() && !tight_allowed {
            whitespace.push(' ');
        }
        if token.starts_with("///") && previous.is_some() && !whitespace.contains('\n') {
            whitespace.push('\n');
        }
        text.push_str(&whitespace);
        if let Some(comment) = gap.comment {
            text.push(' ');
            text.push_str(comment);
            text.push_str("\n  ");
        }
        text.push_str(token);
        previous = Some(token);
    }
    if let Some(last) = gaps.last() {
        text.push_str(last.whitespace);
        if let Some(comment) = last.comment {
            text.push_str(comment);
        }
    }
    if line_ending != "\n" {
        text = text.replace('\n', line_ending);
    }
    text
}

/// A whole playbook: maybe a `playbook` header, then up to five
/// declarations, written with random gaps.
pub fn playbook_text() -> impl Strategy<Value = String> {
    (
        prop::option::of(playbook()),
        prop::collection::vec(declaration(), 0..6),
    )
        .prop_map(|(header, declarations)| {
            let mut tokens = header.unwrap_or_default();
            tokens.extend(declarations.into_iter().flatten());
            tokens
        })
        .prop_flat_map(|tokens| {
            let count = tokens.len() + 1;
            (
                Just(tokens),
                prop::collection::vec(gap(), count..=count),
                prop_oneof![3 => Just("\n"), 3 => Just("\r\n"), 1 => Just("\r")],
                prop::bool::weighted(0.2),
            )
        })
        .prop_map(|(tokens, gaps, line_ending, bom)| render(&tokens, &gaps, line_ending, bom))
}
