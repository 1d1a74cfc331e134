//! Generated input for the property tests: token soups, mostly broken,
//! valid declarations, and where a generated offset lands in a text. The
//! parser's properties use them, and so do the editor's and the checker's
//! (`crates/parley-ide/tests/tokens.rs` and
//! `crates/parley-check/tests/invariants.rs` include this file).

use proptest::prelude::*;

/// Pieces of Parley, valid and not, for token soups: every keyword and
/// [`OTHER_FRAGMENTS`].
pub fn fragments() -> Vec<&'static str> {
    parley_syntax::KEYWORDS
        .iter()
        .chain(OTHER_FRAGMENTS)
        .copied()
        .collect()
}

/// Names, literals, punctuation and comments, valid and not.
const OTHER_FRAGMENTS: &[&str] = &[
    "dana",
    "case-for-change",
    "zoë",
    "財務",
    "{",
    "}",
    ",",
    "\"Title\"",
    "\"unterminated",
    "\"esc \\\" \\\\ \\q\"",
    "2027-01-11",
    "2027-1-5",
    "3d",
    "2w",
    "2x",
    "99999999999d",
    "12",
    "// comment",
    "/// doc",
    "////",
    "@",
    "💼",
    "\u{feff}",
    "\\",
    "/",
    "\"",
    "é\u{301}",
];

/// What follows each fragment of a soup: nothing, blanks, or a line break
/// of each kind (a lone `\r` too).
pub const SEPARATORS: &[&str] = &[" ", "\n", "", "\r\n", "\t", "\r", "\n\n"];

/// Up to 120 fragments, each followed by a separator: most soups do not
/// parse.
pub fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(fragments()),
            prop::sample::select(SEPARATORS),
        ),
        0..120,
    )
    .prop_map(|pieces| {
        pieces
            .into_iter()
            .flat_map(|(fragment, separator)| [fragment, separator])
            .collect()
    })
}

/// A valid declaration with a generated name.
pub fn declaration() -> impl Strategy<Value = String> {
    let name = "[a-z][a-z0-9_-]{0,8}".prop_filter("a keyword cannot be a name", |name| {
        !parley_syntax::KEYWORDS.contains(&name.as_str())
    });
    (0..6usize, name, "[A-Za-z ,.]{0,20}", 1..40u32).prop_map(|(kind, name, title, amount)| {
        match kind {
            0 => format!("stakeholder {name} \"{title}\" {{\n  side buyer\n  role champion\n  compelled high\n}}"),
            1 => format!("/// Doc for {name}.\ncommitment {name} \"{title}\""),
            2 => format!("commitment {name} \"{title}\" {{ needs change, explore }}"),
            3 => format!("conversation {name} \"{title}\" {{\n  with a, b\n  owner c\n  needs d\n  wins e\n  takes {amount}d\n  by 2027-03-31\n}}"),
            4 => format!("process seller {{\n  {name} negotiated accelerate\n  waive {name} \"{title}\"\n}}"),
            _ => format!("process buyer {{\n  {name}\n  quiet after {name} until {name} // {title}\n}}"),
        }
    })
}

/// The char boundary at or before `offset`: where a generated offset into
/// `text` lands.
pub fn floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
