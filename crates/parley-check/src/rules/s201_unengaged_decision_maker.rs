//! `S201` unengaged decision maker: a buyer stakeholder whose role is
//! `economic-buyer` or `decision-maker` is in no step before the first step
//! that wins `decide`.
//!
//! Why it matters: the person who signs meets the deal for the first time at
//! signature, and nobody built their case for change. That is where late
//! surprises and no-decisions come from.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};
use crate::model::{Side, StakeholderId};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let s201 = Reporter::new("S201");
    for process in cx.model.processes() {
        let Some((decide, _)) = cx.first_winning(process, "decide") else {
            continue;
        };
        let engagement = cx.engagement(process);
        if engagement.incomplete_before(decide) {
            continue;
        }
        let Some(step) = process.steps.get(decide) else {
            continue;
        };
        let before = match process.side {
            Side::Seller => "in the seller's process, `",
            Side::Buyer => "in the buyer's process, `",
        };
        // What every message of this step says after the role, written once.
        let after = text(&[
            ") takes part in no step before `",
            cx.model.conversation_name(step.conversation),
            "`, which wins `decide`",
        ]);
        for (index, stakeholder) in cx.model.stakeholders.iter().enumerate() {
            let role = match stakeholder.role.as_deref() {
                Some("economic-buyer") => "` (economic-buyer",
                Some("decision-maker") => "` (decision-maker",
                _ => continue,
            };
            if !stakeholder.is_buyer() || engagement.engaged_before(StakeholderId(index), decide) {
                continue;
            }
            let message = text(&[before, &stakeholder.name, role, &after]);
            out.push(match stakeholder.role_span {
                Some(span) => s201.report_labelled(message, step.span, span, "a decision maker"),
                None => s201.report(message, step.span),
            });
        }
    }
}
