//! `S205` one-sided conversation: a conversation includes no buyer
//! stakeholder in its `with` or `owner`.
//!
//! Why it matters: a sale's conversations are with the buyer. One with no
//! buyer in it is internal preparation, and whatever it claims to win is
//! won from nobody.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for conversation in &cx.model.conversations {
        if conversation.incomplete_participants {
            continue;
        }
        let has_buyer = conversation
            .each_participant()
            .any(|id| cx.model.stakeholder(id).is_some_and(|s| s.is_buyer()));
        if has_buyer {
            continue;
        }
        out.push(diagnostic(
            "S205",
            format!(
                "conversation `{}` includes no buyer stakeholder",
                conversation.name
            ),
            conversation.name_span,
        ));
    }
}
