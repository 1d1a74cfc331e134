//! `P101` skipped step: a step's need is met nowhere earlier in its process,
//! though a declared conversation could meet it.
//!
//! Why it matters: this is the step one party skips because they do not see
//! its value (a proposal before co-design, a decision before the buying
//! group agrees). Skipped conversations are where deals stall or die late.
//! The fix negotiates the process: it inserts the missing conversations as
//! `negotiated` steps, where the other party's process already has them.

use parley_syntax::{Diagnostic, Fix};

use super::Context;
use super::chain::{self, Placed};
use crate::catalog::{Labelled, diagnostic};
use crate::fix;
use crate::model::{Model, Need, NeedOrigin, Process, StepNeed};
use crate::needs::NeedStatus;

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for finding in &cx.needs {
        if finding.status != NeedStatus::Skipped {
            continue;
        }
        let Some(process) = cx.process(finding.side) else {
            continue;
        };
        let Some(step) = process.steps.get(finding.step) else {
            continue;
        };
        let mut message = describe_unmet(
            cx.model,
            process,
            step.conversation,
            finding.need,
            "no earlier step",
        );
        message.push_str(&other_does(
            cx,
            process,
            step.conversation,
            finding.need.need,
        ));
        let mut report = diagnostic("P101", message, step.span);
        report = label_origin(cx.model, report, finding.need);
        report = label_other(cx, report, process, finding.need.need);
        let chain = chain::chain_for_needs(
            cx,
            process,
            &[finding.need.need],
            Some(step.conversation),
            finding.step,
        );
        let placed = chain::place(cx, process, &chain, finding.step);
        match insertion_fix(cx, process, &placed) {
            Some(fix) => out.push(fix::attach(report, vec![fix], true)),
            None => out.push(report),
        }
    }
}

/// `in the buyer's process, `proposal` wins `review`, which needs
/// `collaborate`, but no earlier step wins it`.
pub(crate) fn describe_unmet(
    model: &Model,
    process: &Process,
    conversation: crate::model::ConversationId,
    need: StepNeed,
    nothing: &str,
) -> String {
    let step = model.conversation_name(conversation);
    let needed = model.need_name(need.need);
    let because = match need.origin {
        NeedOrigin::Own { .. } => format!("`{step}` needs `{needed}`"),
        NeedOrigin::Inherited { via, .. } => format!(
            "`{step}` wins `{}`, which needs `{needed}`",
            model.commitment_name(via)
        ),
    };
    let met = match need.need {
        Need::Conversation(_) => format!("{nothing} is `{needed}`"),
        Need::Commitment(_) => format!("{nothing} wins `{needed}`"),
    };
    format!("in the {}, {because}, but {met}", process.title())
}

/// `; the seller's process wins it earlier, at `co-design``: what the other
/// party's process does instead, when it meets the need.
pub(crate) fn other_does(
    cx: &Context,
    process: &Process,
    conversation: crate::model::ConversationId,
    need: Need,
) -> String {
    let Some(other) = cx.process(process.side.other()) else {
        return String::new();
    };
    let Some(at) = cx.index(other.side).first_meeting(other, need, None) else {
        return String::new();
    };
    let Some(meeting) = other.steps.get(at) else {
        return String::new();
    };
    let step = cx.model.conversation_name(conversation);
    let meeting_name = cx.model.conversation_name(meeting.conversation);
    let before = other.position(conversation).is_some_and(|own| at < own);
    match (need, before) {
        (Need::Conversation(_), true) => {
            format!(
                "; the {} holds `{meeting_name}` before `{step}`",
                other.title()
            )
        }
        (Need::Conversation(_), false) => {
            format!("; the {} holds `{meeting_name}`", other.title())
        }
        (Need::Commitment(_), true) => format!(
            "; the {} wins it before `{step}`, at `{meeting_name}`",
            other.title()
        ),
        (Need::Commitment(_), false) => {
            format!("; the {} wins it at `{meeting_name}`", other.title())
        }
    }
}

/// A label where the need comes from.
pub(crate) fn label_origin(model: &Model, report: Diagnostic, need: StepNeed) -> Diagnostic {
    let needed = model.need_name(need.need);
    match need.origin {
        NeedOrigin::Own { span } => report.labelled(span, format!("`{needed}` is needed here")),
        NeedOrigin::Inherited {
            via,
            win_span,
            need_span,
        } => {
            let via_name = model.commitment_name(via);
            match need_span {
                Some(span) => report
                    .labelled(win_span, format!("wins `{via_name}`"))
                    .labelled(span, format!("`{via_name}` needs `{needed}`")),
                None => report.labelled(
                    win_span,
                    format!("`{via_name}` needs `{needed}` (a built-in prerequisite)"),
                ),
            }
        }
    }
}

/// A label on the other process's step that meets the need, when it has one.
pub(crate) fn label_other(
    cx: &Context,
    report: Diagnostic,
    process: &Process,
    need: Need,
) -> Diagnostic {
    let Some(other) = cx.process(process.side.other()) else {
        return report;
    };
    let index = cx.index(other.side);
    let Some(at) = index.first_meeting(other, need, None) else {
        return report;
    };
    let Some(step) = other.steps.get(at) else {
        return report;
    };
    let needed = cx.model.need_name(need);
    let text = match need {
        Need::Conversation(_) => format!("the {} holds `{needed}` here", other.title()),
        Need::Commitment(_) => format!(
            "the {} wins `{needed}` here, at `{}`",
            other.title(),
            cx.model.conversation_name(step.conversation)
        ),
    };
    report.labelled(step.name_span, text)
}

/// The fix inserting placed conversations as negotiated steps.
pub(crate) fn insertion_fix(cx: &Context, process: &Process, placed: &[Placed]) -> Option<Fix> {
    if placed.is_empty() {
        return None;
    }
    let edits = chain::insertion_edits(cx, process, placed);
    if edits.is_empty() {
        return None;
    }
    let names: Vec<String> = placed
        .iter()
        .map(|p| format!("`{}`", cx.model.conversation_name(p.conversation)))
        .collect();
    let title = format!(
        "Insert {} as negotiated step{} in the {}",
        join_names(&names),
        if names.len() == 1 { "" } else { "s" },
        process.title()
    );
    Some(fix::edits(title, edits))
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
