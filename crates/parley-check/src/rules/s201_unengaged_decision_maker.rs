//! `S201` unengaged decision maker: a buyer stakeholder whose role is
//! `economic-buyer` or `decision-maker` is in no step before the first step
//! that wins `decide`.
//!
//! Why it matters: the person who signs meets the deal for the first time at
//! signature, and nobody built their case for change. That is where late
//! surprises and no-decisions come from.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic, text};
use crate::model::StakeholderId;

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
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
        let title = process.title();
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
            let mut report = diagnostic(
                "S201",
                text(&[
                    "in the ",
                    &title,
                    ", `",
                    &stakeholder.name,
                    "` (",
                    role.unwrap_or_default(),
                    ") takes part in no step before `",
                    cx.model.conversation_name(step.conversation),
                    "`, which wins `decide`",
                ]),
                step.span,
            );
            if let Some(span) = stakeholder.role_span {
                report = report.labelled(span, "a decision maker");
            }
            out.push(report);
        }
    }
}
