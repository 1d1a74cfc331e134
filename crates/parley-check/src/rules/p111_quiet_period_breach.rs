//! `P111` quiet-period breach: in the negotiated order, a step strictly
//! between a buyer quiet period's bounds includes a buyer stakeholder other
//! than `procurement`.
//!
//! Why it matters: during an RFP's quiet period only procurement may talk
//! to vendors. A seller who meets the champion then can be disqualified,
//! however good the solution.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};
use crate::fix;
use crate::model::Side;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(buyer) = cx.process(Side::Buyer) else {
        return;
    };
    if buyer.quiet_periods.is_empty() {
        return;
    }
    let talks =
        |s: &crate::model::Stakeholder| s.is_buyer() && s.role.as_deref() != Some("procurement");
    // For each place in the negotiated order, the first place from there
    // whose step includes a buyer who may not talk then: each quiet period
    // visits only the steps it reports, however long it lasts.
    let p111 = Reporter::new("P111");
    // Each message is written here, then copied out at its exact size.
    let mut message = String::new();
    let steps = &cx.negotiated.steps;
    // Whether each stakeholder may not talk, decided once (role compared
    // once per stakeholder, not once per mention).
    let may_not_talk: Vec<bool> = cx.model.stakeholders.iter().map(talks).collect();
    let mut next_talking = vec![steps.len(); steps.len() + 1];
    for (index, negotiated) in steps.iter().enumerate().rev() {
        let includes = cx
            .model
            .conversation(negotiated.conversation)
            .is_some_and(|c| {
                // Every mention, repeats included: whether any may not talk.
                c.with
                    .iter()
                    .chain(c.owners.iter())
                    .any(|mention| may_not_talk.get(mention.stakeholder.0) == Some(&true))
            });
        let after = next_talking.get(index + 1).copied().unwrap_or(steps.len());
        if let Some(slot) = next_talking.get_mut(index) {
            *slot = if includes { index } else { after };
        }
    }
    for quiet in &buyer.quiet_periods {
        let (Some(start), Some(end)) = (
            cx.negotiated.position(quiet.after),
            cx.negotiated.position(quiet.until),
        ) else {
            continue;
        };
        let after_name = cx.model.conversation_name(quiet.after);
        let until_name = cx.model.conversation_name(quiet.until);
        let mut place = next_talking.get(start + 1).copied().unwrap_or(steps.len());
        while place < end {
            let Some(negotiated) = steps.get(place) else {
                break;
            };
            place = next_talking.get(place + 1).copied().unwrap_or(steps.len());
            let Some(conversation) = cx.model.conversation(negotiated.conversation) else {
                continue;
            };
            let talkers = || {
                conversation
                    .each_participant()
                    .filter_map(|id| cx.model.stakeholder(id))
                    .filter(|s| talks(s))
            };
            let count = talkers().count();
            if count == 0 {
                continue;
            }
            // On the buyer's step when the buyer holds it, else the seller's.
            let (process, index) = match negotiated.buyer {
                Some(index) => (buyer, index),
                None => match (cx.process(Side::Seller), negotiated.seller) {
                    (Some(seller), Some(index)) => (seller, index),
                    _ => continue,
                },
            };
            let Some(step) = process.steps.get(index) else {
                continue;
            };
            message.clear();
            message.push('`');
            message.push_str(&conversation.name);
            message.push_str("` falls inside the buyer's quiet period after `");
            message.push_str(after_name);
            message.push_str("` until `");
            message.push_str(until_name);
            message.push_str("`, but includes ");
            // `a` (champion), `b` and `c` (legal).
            for (at, talker) in talkers().enumerate() {
                if at > 0 {
                    message.push_str(if at + 1 == count { " and " } else { ", " });
                }
                message.push('`');
                message.push_str(&talker.name);
                message.push('`');
                if let Some(role) = &talker.role {
                    message.push_str(" (");
                    message.push_str(role);
                    message.push(')');
                }
            }
            message.push_str("; only procurement may talk to the seller then");
            let report = p111.report_labelled(
                message.as_str().to_owned(),
                step.span,
                quiet.span,
                "the quiet period",
            );
            // Before the quiet period in every process that holds the step
            // after its start, so the negotiated order moves it too.
            let mut edits = Vec::new();
            for holder in cx.model.processes() {
                let (Some(from), Some(before)) = (
                    holder.position(negotiated.conversation),
                    holder.position(quiet.after),
                ) else {
                    continue;
                };
                if before < from {
                    edits.extend(
                        cx.layout
                            .move_step(holder, from, before)
                            .unwrap_or_default(),
                    );
                }
            }
            let fixes = if edits.is_empty() {
                Vec::new()
            } else {
                vec![fix::edits(
                    text(&[
                        "Move `",
                        &conversation.name,
                        "` before the quiet period (before `",
                        after_name,
                        "`)",
                    ]),
                    edits,
                )]
            };
            out.push(fix::attach(report, fixes, false));
        }
    }
}
