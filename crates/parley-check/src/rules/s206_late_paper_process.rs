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
use crate::model::{ConversationId, Side, StakeholderId};
use crate::prefetch::{farthest_ahead, further_ahead, prefetch};

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
        // before any finding is built from a byte of facts each and the
        // table of first engagements: only their records are read (at 50
        // MB every stakeholder's record together is more than the caches
        // hold), each with its step and conversation asked for a few
        // findings ahead. The step's conversation comes from the steps'
        // column as they are found: asking for the conversation's name
        // through the step's record waited on that record at 50 MB (a
        // tenth of the rule's time), asked for only a few findings before.
        let conversations = process.step_conversations();
        let late: Vec<(StakeholderId, usize, u32)> = cx
            .model
            .each_stakeholder_facts()
            .filter(|(_, facts)| facts.is_buyer() && facts.in_paper_process())
            .filter_map(|(id, _)| {
                let first = engagement.first(id)?;
                if first < decide || engagement.incomplete_before(first) {
                    return None;
                }
                Some((id, first, *conversations.get(first)?))
            })
            .collect();
        for (index, &(id, first, _)) in late.iter().enumerate() {
            // Further than most rules ask: a finding here takes little time.
            farthest_ahead(&late, index, |&(id, first, _)| {
                prefetch(cx.model.stakeholder(id));
                prefetch(process.steps.get(first));
            });
            further_ahead(&late, index, |&(_, _, conversation)| {
                cx.model
                    .prefetch_conversation_name(ConversationId(conversation as usize));
            });
            let (Some(stakeholder), Some(step)) =
                (cx.model.stakeholder(id), process.steps.get(first))
            else {
                continue;
            };
            // `legal`, `security` or `procurement`, as its facts say.
            let Some(role) = stakeholder.role.as_deref() else {
                continue;
            };
            let message = text(&[
                before,
                &stakeholder.name,
                "` (",
                role,
                ") is first engaged at `",
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
