//! `P111` quiet-period breach: in the negotiated order, a step strictly
//! between a buyer quiet period's bounds includes a buyer stakeholder other
//! than `procurement`.
//!
//! Why it matters: during an RFP's quiet period only procurement may talk
//! to vendors. A seller who meets the champion then can be disqualified,
//! however good the solution.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic};
use crate::fix;
use crate::model::Side;

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
    let steps = &cx.negotiated.steps;
    let mut next_talking = vec![steps.len(); steps.len() + 1];
    for (index, negotiated) in steps.iter().enumerate().rev() {
        let includes = cx
            .model
            .conversation(negotiated.conversation)
            .is_some_and(|c| {
                c.each_participant()
                    .any(|id| cx.model.stakeholder(id).is_some_and(talks))
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
            let talkers: Vec<String> = conversation
                .each_participant()
                .filter_map(|id| cx.model.stakeholder(id))
                .filter(|s| talks(s))
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
            .labelled(quiet.span, "the quiet period");
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
