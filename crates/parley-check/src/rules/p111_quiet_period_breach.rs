//! `P111` quiet-period breach: in the negotiated order, a step strictly
//! between a buyer quiet period's bounds includes a buyer stakeholder other
//! than `procurement`.
//!
//! Why it matters: during an RFP's quiet period only procurement may talk
//! to vendors. A seller who meets the champion then can be disqualified,
//! however good the solution.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;
use crate::fix;
use crate::model::Side;

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(buyer) = cx.process(Side::Buyer) else {
        return;
    };
    for quiet in &buyer.quiet_periods {
        let (Some(start), Some(end)) = (
            cx.negotiated.position(quiet.after),
            cx.negotiated.position(quiet.until),
        ) else {
            continue;
        };
        let after_name = cx.model.conversation_name(quiet.after);
        let until_name = cx.model.conversation_name(quiet.until);
        for negotiated in cx
            .negotiated
            .steps
            .iter()
            .skip(start + 1)
            .take(end.saturating_sub(start + 1))
        {
            let Some(conversation) = cx.model.conversation(negotiated.conversation) else {
                continue;
            };
            let talkers: Vec<String> = conversation
                .each_participant()
                .filter_map(|id| cx.model.stakeholder(id))
                .filter(|s| s.is_buyer() && s.role.as_deref() != Some("procurement"))
                .map(|s| match &s.role {
                    Some(role) => format!("`{}` ({role})", s.name),
                    None => format!("`{}`", s.name),
                })
                .collect();
            if talkers.is_empty() {
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
            let report = diagnostic(
                "P111",
                format!(
                    "`{}` falls inside the buyer's quiet period after `{after_name}` until `{until_name}`, but includes {}; only procurement may talk to the seller then",
                    conversation.name,
                    super::p101_skipped_step::join_names(&talkers)
                ),
                step.span,
            )
            .with_label(quiet.span, "the quiet period");
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
            let mut fixes = Vec::new();
            if !edits.is_empty() {
                fixes.push(fix::edits(
                    format!(
                        "Move `{}` before the quiet period (before `{after_name}`)",
                        conversation.name
                    ),
                    edits,
                ));
            }
            out.push(fix::attach(report, fixes, false));
        }
    }
}
