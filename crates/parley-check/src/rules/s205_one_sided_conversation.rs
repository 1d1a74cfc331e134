//! `S205` one-sided conversation: a conversation includes no buyer
//! stakeholder in its `with` or `owner`.
//!
//! Why it matters: a sale's conversations are with the buyer. One with no
//! buyer in it is internal preparation, and whatever it claims to win is
//! won from nobody.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let s205 = Reporter::new("S205");
    for conversation in &cx.model.conversations {
        if conversation.incomplete_participants {
            continue;
        }
        // Every mention, repeats included: whether any is a buyer.
        let has_buyer = conversation
            .with(cx.model)
            .iter()
            .chain(conversation.owners(cx.model))
            .any(|mention| {
                cx.model
                    .stakeholder(mention.stakeholder)
                    .is_some_and(|s| s.is_buyer())
            });
        if has_buyer {
            continue;
        }
        out.push(s205.report(
            text(&[
                "conversation `",
                &conversation.name,
                "` includes no buyer stakeholder",
            ]),
            conversation.name_span,
        ));
    }
}
