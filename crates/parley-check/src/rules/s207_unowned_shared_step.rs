//! `S207` unowned shared step: a step both processes hold has no owner on
//! one side (a hint).
//!
//! Why it matters: a shared step one side owns is a step the other side only
//! attends. Mutual action plans work when each step has an owner on both
//! sides.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};
use crate::model::Side;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(seller), Some(buyer)) = (cx.process(Side::Seller), cx.process(Side::Buyer)) else {
        return;
    };
    let s207 = Reporter::new("S207");
    for step in &seller.steps {
        if !buyer.contains(step.conversation) {
            continue;
        }
        // The facts, not the record and its owners' records: most shared
        // steps have an owner on each side.
        let facts = cx.model.facts(step.conversation);
        if facts.incomplete_participants() {
            continue;
        }
        let sides = match (facts.buyer_owner(), facts.seller_owner()) {
            (true, true) => continue,
            (false, true) => "no buyer owner",
            (true, false) => "no seller owner",
            (false, false) => "no owner on either side",
        };
        let Some(conversation) = cx.model.conversation(step.conversation) else {
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
