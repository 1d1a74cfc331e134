//! `S202` uncompelled approver: a buyer stakeholder whose `compelled` is
//! `none` or `low` takes part in the step that wins `decide` or `consensus`,
//! and no earlier step that includes them wins `change`.
//!
//! Why it matters: a stakeholder who is not compelled to change, asked to
//! approve a change nobody prepared them for, defaults to no. The case for
//! change has to reach them before they are asked to agree.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic, text};
use crate::model::{Level, Process};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for process in cx.model.processes() {
        let approvals = approval_steps(cx, process);
        if approvals.is_empty() {
            continue;
        }
        let engagement = cx.engagement(process);
        let other = cx.process(process.side.other());
        let other_engagement = other.map(|other| cx.engagement(other));
        // The facts, not the records: few buyers are compelled that little.
        for (id, facts) in cx.model.each_stakeholder_facts() {
            if !facts.is_buyer() || !facts.uncompelled() {
                continue;
            }
            let Some(stakeholder) = cx.model.stakeholder(id) else {
                continue;
            };
            for &(approval, commitment) in &approvals {
                let Some(step) = process.steps.get(approval) else {
                    continue;
                };
                let includes = cx
                    .model
                    .conversation(step.conversation)
                    .is_some_and(|c| c.includes(cx.model, id));
                if !includes {
                    continue;
                }
                if engagement.change_won_before(id, approval)
                    || engagement.incomplete_before(approval)
                {
                    break;
                }
                let level = stakeholder.compelled.map_or("", Level::as_str);
                let mut report = diagnostic(
                    "S202",
                    text(&[
                        "in the ",
                        process.title(),
                        ", `",
                        &stakeholder.name,
                        "` (",
                        stakeholder.label(cx.model),
                        "), compelled `",
                        level,
                        "`, approves at `",
                        cx.model.conversation_name(step.conversation),
                        "`, which wins `",
                        cx.model.commitment_name(commitment),
                        "`, but no earlier step with them wins `change`",
                    ]),
                    step.span,
                );
                if let Some(span) = stakeholder.compelled_span {
                    report = report.labelled(span, "not compelled to change");
                }
                if let (Some(other), Some(other_engagement)) = (other, other_engagement) {
                    let elsewhere = other_engagement
                        .first_change(id)
                        .and_then(|at| other.steps.get(at));
                    if let Some(elsewhere) = elsewhere {
                        report = report.labelled(
                            elsewhere.name_span,
                            text(&[
                                "the ",
                                other.title(),
                                " wins `change` with `",
                                &stakeholder.name,
                                "` here",
                            ]),
                        );
                    }
                }
                out.push(report);
                break;
            }
        }
    }
}

/// The first step winning `decide` and the first winning `consensus`, in
/// process order, each with the commitment it wins.
fn approval_steps(cx: &Context, process: &Process) -> Vec<(usize, crate::model::CommitmentId)> {
    let mut approvals = Vec::new();
    for name in ["decide", "consensus"] {
        if let Some(first) = cx.first_winning(process, name) {
            approvals.push(first);
        }
    }
    approvals.sort();
    approvals
}
