//! `S206` late paper process: a buyer stakeholder whose role is `legal`,
//! `security` or `procurement` first takes part in or after the first step
//! that wins `decide`.
//!
//! Why it matters: the paper process (contracts, security review,
//! purchasing) takes weeks. Starting it at signature is how a won deal slips
//! a quarter. Nothing is said of a stakeholder who is in no step.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, text};
use crate::model::{Side, Stakeholder, StakeholderId};
use crate::prefetch::{ahead, further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let s206 = Reporter::new("S206");
    for process in cx.model.processes() {
        let Some((decide, _)) = cx.first_winning(process, "decide") else {
            continue;
        };
        let Some(decide_step) = process.steps.get(decide) else {
            continue;
        };
        let engagement = cx.engagement(process);
        let before = match process.side {
            Side::Seller => "in the seller's process, `",
            Side::Buyer => "in the buyer's process, `",
        };
        // How every message ends, by whether the stakeholder's first step
        // is the one that wins `decide`: the later ending written once.
        let at_decide = "`, the step that wins `decide`: too late for the paper process";
        let after_decide = text(&[
            "`, after `",
            cx.model.conversation_name(decide_step.conversation),
            "`, which wins `decide`: too late for the paper process",
        ]);
        // The paper-process stakeholders first engaged too late, found
        // before any finding is built, so that each finding's step and
        // conversation are asked for a few findings ahead.
        let late: Vec<(&Stakeholder, &str, usize)> = cx
            .model
            .stakeholders
            .iter()
            .enumerate()
            .filter_map(|(index, stakeholder)| {
                let role = match stakeholder.role.as_deref() {
                    Some("legal") => "` (legal) is first engaged at `",
                    Some("security") => "` (security) is first engaged at `",
                    Some("procurement") => "` (procurement) is first engaged at `",
                    _ => return None,
                };
                if !stakeholder.is_buyer() {
                    return None;
                }
                let first = engagement.first(StakeholderId(index))?;
                if first < decide || engagement.incomplete_before(first) {
                    return None;
                }
                Some((stakeholder, role, first))
            })
            .collect();
        for (index, &(stakeholder, role, first)) in late.iter().enumerate() {
            further_ahead(&late, index, |&(_, _, first)| {
                prefetch(process.steps.get(first));
            });
            ahead(&late, index, |&(stakeholder, _, first)| {
                prefetch(Some(stakeholder));
                if let Some(step) = process.steps.get(first) {
                    cx.model.prefetch_conversation(step.conversation);
                }
            });
            let Some(step) = process.steps.get(first) else {
                continue;
            };
            let message = text(&[
                before,
                &stakeholder.name,
                role,
                cx.model.conversation_name(step.conversation),
                if first == decide {
                    at_decide
                } else {
                    &after_decide
                },
            ]);
            out.push(if first == decide {
                s206.report(message, step.span)
            } else {
                s206.report_labelled(
                    message,
                    step.span,
                    decide_step.name_span,
                    "the step that wins `decide`",
                )
            });
        }
    }
}
