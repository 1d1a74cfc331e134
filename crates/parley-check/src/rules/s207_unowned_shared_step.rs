//! `S207` unowned shared step: a step both processes hold has no owner on
//! one side (a hint).
//!
//! Why it matters: a shared step one side owns is a step the other side only
//! attends. Mutual action plans work when each step has an owner on both
//! sides.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};
use crate::model::{ConversationId, Side};
use crate::prefetch::further_ahead;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(seller), Some(buyer)) = (cx.process(Side::Seller), cx.process(Side::Buyer)) else {
        return;
    };
    let s207 = Reporter::new("S207");
    // What a shared step lacks of its owners, found from the facts, not
    // the record and its owners' records (most shared steps have an owner
    // on each side), before any finding is built, so that each finding's
    // record is asked for a few findings ahead: further than most rules
    // ask, as a finding here takes little time.
    let unowned: Vec<(ConversationId, &str)> = seller
        .steps
        .iter()
        .filter(|step| buyer.contains(step.conversation))
        .filter_map(|step| {
            let facts = cx.model.facts(step.conversation);
            if facts.incomplete_participants() {
                return None;
            }
            let sides = match (facts.buyer_owner(), facts.seller_owner()) {
                (true, true) => return None,
                (false, true) => "no buyer owner",
                (true, false) => "no seller owner",
                (false, false) => "no owner on either side",
            };
            Some((step.conversation, sides))
        })
        .collect();
    for (index, &(id, sides)) in unowned.iter().enumerate() {
        further_ahead(&unowned, index, |&(id, _)| {
            cx.model.prefetch_conversation(id);
        });
        let Some(conversation) = cx.model.conversation(id) else {
            continue;
        };
        out.push(s207.report(
            text(&[
                "`",
                &conversation.name,
                "` is a step of both processes but has ",
                sides,
            ]),
            conversation.name_span,
        ));
    }
}
