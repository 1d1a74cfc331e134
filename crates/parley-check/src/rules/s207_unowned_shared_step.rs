//! `S207` unowned shared step: a step both processes hold has no owner on
//! one side (a hint).
//!
//! Why it matters: a shared step one side owns is a step the other side only
//! attends. Mutual action plans work when each step has an owner on both
//! sides.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;
use crate::model::Side;

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(seller), Some(buyer)) = (cx.process(Side::Seller), cx.process(Side::Buyer)) else {
        return;
    };
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
        let owns = |side: Side| {
            conversation.owners.iter().any(|owner| {
                cx.model.stakeholder(owner.stakeholder).and_then(|s| s.side) == Some(side)
            })
        };
        let missing: Vec<&str> = [Side::Buyer, Side::Seller]
            .into_iter()
            .filter(|&side| !owns(side))
            .map(Side::as_str)
            .collect();
        if missing.is_empty() {
            continue;
        }
        let sides = match missing.as_slice() {
            [one] => format!("no {one} owner"),
            _ => "no owner on either side".to_string(),
        };
        out.push(diagnostic(
            "S207",
            format!(
                "`{}` is a step of both processes but has {sides}",
                conversation.name
            ),
            conversation.name_span,
        ));
    }
}
