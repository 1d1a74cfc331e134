//! What the editor says about built-ins and diagnostic codes, taken from the
//! checker's prelude and rule catalog.

pub use parley_check::{
    BUILTIN_COMMITMENTS as BUILTINS, BUYER_ROLES, LEVELS, SELLER_ROLES,
    builtin_commitment as builtin,
};

/// What a diagnostic code means, for hovers on a diagnostic: the catalog's
/// summary and why the rule matters.
pub fn explain_code(code: &str) -> Option<String> {
    let rule = parley_check::rule(code)?;
    let why = rule
        .explanation
        .split("\n\n")
        .find_map(|paragraph| paragraph.strip_prefix("Why it matters:"))
        .map(|why| why.split_whitespace().collect::<Vec<_>>().join(" "));
    Some(match why {
        Some(why) => format!("{} Why it matters: {why}", rule.summary),
        None => rule.summary.to_string(),
    })
}
