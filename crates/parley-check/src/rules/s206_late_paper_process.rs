//! `S206` late paper process: a buyer stakeholder whose role is `legal`,
//! `security` or `procurement` first takes part in or after the first step
//! that wins `decide`.
//!
//! Why it matters: the paper process (contracts, security review,
//! purchasing) takes weeks. Starting it at signature is how a won deal slips
//! a quarter. Nothing is said of a stakeholder who is in no step.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, process_title, text};
use crate::model::StakeholderId;

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
        let title = process_title(process.side);
        let decide_name = cx.model.conversation_name(decide_step.conversation);
        for (index, stakeholder) in cx.model.stakeholders.iter().enumerate() {
            let role = stakeholder.role.as_deref();
            if !stakeholder.is_buyer()
                || !matches!(role, Some("legal" | "security" | "procurement"))
            {
                continue;
            }
            let id = StakeholderId(index);
            let Some(first) = engagement.first(id) else {
                continue;
            };
            if first < decide || engagement.incomplete_before(first) {
                continue;
            }
            let Some(step) = process.steps.get(first) else {
                continue;
            };
            let [when, after, which] = if first == decide {
                ["the step that wins `decide`", "", ""]
            } else {
                ["after `", decide_name, "`, which wins `decide`"]
            };
            let message = text(&[
                "in the ",
                title,
                ", `",
                &stakeholder.name,
                "` (",
                role.unwrap_or_default(),
                ") is first engaged at `",
                cx.model.conversation_name(step.conversation),
                "`, ",
                when,
                after,
                which,
                ": too late for the paper process",
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
