//! `S201` unengaged decision maker: a buyer stakeholder whose role is
//! `economic-buyer` or `decision-maker` is in no step before the first step
//! that wins `decide`.
//!
//! Why it matters: the person who signs meets the deal for the first time at
//! signature, and nobody built their case for change. That is where late
//! surprises and no-decisions come from.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, process_title, text};
use crate::model::StakeholderId;

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
        let title = process_title(process.side);
        let decide_name = cx.model.conversation_name(step.conversation);
        for (index, stakeholder) in cx.model.stakeholders.iter().enumerate() {
            let role = stakeholder.role.as_deref();
            if !stakeholder.is_buyer() || !matches!(role, Some("economic-buyer" | "decision-maker"))
            {
                continue;
            }
            let id = StakeholderId(index);
            if engagement.engaged_before(id, decide) {
                continue;
            }
            let message = text(&[
                "in the ",
                title,
                ", `",
                &stakeholder.name,
                "` (",
                role.unwrap_or_default(),
                ") takes part in no step before `",
                decide_name,
                "`, which wins `decide`",
            ]);
            out.push(match stakeholder.role_span {
                Some(span) => s201.report_labelled(message, step.span, span, "a decision maker"),
                None => s201.report(message, step.span),
            });
        }
    }
}
