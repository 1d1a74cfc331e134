//! `S205` one-sided conversation: a conversation includes no buyer
//! stakeholder in its `with` or `owner`.
//!
//! Why it matters: a sale's conversations are with the buyer. One with no
//! buyer in it is internal preparation, and whatever it claims to win is
//! won from nobody.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};
use crate::model::ConversationId;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let s205 = Reporter::new("S205");
    // The facts, not the records and their participants' records: most
    // conversations include a buyer.
    for (index, conversation) in cx.model.conversations.iter().enumerate() {
        let facts = cx.model.facts(ConversationId(index));
        if facts.incomplete_participants() || facts.buyer_takes_part() {
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
