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
        let Some(conversation) = cx.model.conversation(step.conversation) else {
            continue;
        };
        if conversation.incomplete_participants {
            continue;
        }
        // Which sides own it, in one walk over the owners.
        let (mut buyer_owner, mut seller_owner) = (false, false);
        for owner in conversation.owners(cx.model).iter() {
            match cx.model.stakeholder(owner.stakeholder).and_then(|s| s.side) {
                Some(Side::Buyer) => buyer_owner = true,
                Some(Side::Seller) => seller_owner = true,
                None => {}
            }
        }
        let sides = match (buyer_owner, seller_owner) {
            (true, true) => continue,
            (false, true) => "no buyer owner",
            (true, false) => "no seller owner",
            (false, false) => "no owner on either side",
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
