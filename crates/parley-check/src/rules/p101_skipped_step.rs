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
use super::chain::{self, Placed, Plans};
use crate::catalog::{Labelled, Reporter, names_len, process_title, push_names, text};
use crate::fix;
use crate::model::{Model, Need, NeedOrigin, Process, StepNeed};
use crate::needs::{NeedFinding, NeedStatus};
use crate::prefetch::{ahead, further_ahead};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p101 = Reporter::new("P101");
    let mut plans = Plans::default();
    // Each message is written here, then copied out at its exact size.
    let mut message = String::new();
    // The skipped needs first, so that each one's records are asked for a
    // few findings ahead.
    let skipped: Vec<&NeedFinding> = cx
        .needs
        .iter()
        .filter(|finding| finding.status == NeedStatus::Skipped)
        .collect();
    for (index, &finding) in skipped.iter().enumerate() {
        cx.prefetch_need_findings(&skipped, index, |finding| finding);
        // Where the other process's steps around the skipped conversation
        // stand in this one, which placing its insertion reads.
        further_ahead(&skipped, index, |finding| {
            let other_side = finding.side.other();
            if let (Some(other), Need::Conversation(needed)) =
                (cx.process(other_side), finding.need.need)
            {
                if let Some(at) = other.position(needed) {
                    cx.alignment(other_side).prefetch(at);
                }
            }
        });
        // The line the insertion usually goes before: the step's own.
        ahead(&skipped, index, |finding| {
            let step = cx
                .process(finding.side)
                .and_then(|process| process.steps.get(finding.step));
            if let Some(step) = step {
                cx.layout.prefetch_line(step.span.start());
            }
        });
        let Some(process) = cx.process(finding.side) else {
            continue;
        };
        let Some(step) = process.steps.get(finding.step) else {
            continue;
        };
        message.clear();
        push_unmet(
            &mut message,
            cx.model,
            process,
            step.conversation,
            finding.need,
            "no earlier step",
        );
        push_other_does(
            &mut message,
            cx,
            process,
            step.conversation,
            finding.need.need,
        );
        let mut report = p101.report(message.as_str().to_owned(), step.span);
        report = label_origin(cx.model, report, finding.need);
        report = label_other(cx, report, process, finding.need.need);
        // A skipped conversation is one the process neither holds nor
        // waives (`needs::classify`), unless it is the step's own.
        let placed = match finding.need.need {
            Need::Conversation(needed) if needed != step.conversation => {
                plans.for_unheld_need(cx, process, needed, step.conversation, finding.step)
            }
            need => plans.for_needs(cx, process, &[need], Some(step.conversation), finding.step),
        };
        let fix = placed.and_then(|placed| insertion_fix(cx, process, placed));
        out.push(fix::attach_one(report, fix, true));
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
    let mut message = String::new();
    push_unmet(&mut message, model, process, conversation, need, nothing);
    message
}

/// [`describe_unmet`] onto `out`.
fn push_unmet(
    out: &mut String,
    model: &Model,
    process: &Process,
    conversation: crate::model::ConversationId,
    need: StepNeed,
    nothing: &str,
) {
    let step = model.conversation_name(conversation);
    let needed = model.need_name(need.need);
    out.push_str("in the ");
    out.push_str(process_title(process.side));
    out.push_str(", `");
    out.push_str(step);
    match need.origin {
        NeedOrigin::Own { .. } => out.push_str("` needs `"),
        NeedOrigin::Inherited { via, .. } => {
            out.push_str("` wins `");
            out.push_str(model.commitment_name(via));
            out.push_str("`, which needs `");
        }
    }
    out.push_str(needed);
    out.push_str("`, but ");
    out.push_str(nothing);
    out.push_str(match need.need {
        Need::Conversation(_) => " is `",
        Need::Commitment(_) => " wins `",
    });
    out.push_str(needed);
    out.push('`');
}

/// `; the seller's process wins it earlier, at `co-design``: what the other
/// party's process does instead, when it meets the need, onto `out`.
pub(crate) fn push_other_does(
    out: &mut String,
    cx: &Context,
    process: &Process,
    conversation: crate::model::ConversationId,
    need: Need,
) {
    let Some(other) = cx.process(process.side.other()) else {
        return;
    };
    let Some(at) = cx.index(other.side).first_meeting(other, need, None) else {
        return;
    };
    let Some(meeting) = other.steps.get(at) else {
        return;
    };
    let step = cx.model.conversation_name(conversation);
    let meeting_name = cx.model.conversation_name(meeting.conversation);
    let before = other.position(conversation).is_some_and(|own| at < own);
    out.push_str("; the ");
    out.push_str(process_title(other.side));
    let pieces: [&str; 5] = match (need, before) {
        (Need::Conversation(_), true) => [" holds `", meeting_name, "` before `", step, "`"],
        (Need::Conversation(_), false) => [" holds `", meeting_name, "`", "", ""],
        (Need::Commitment(_), true) => [" wins it before `", step, "`, at `", meeting_name, "`"],
        (Need::Commitment(_), false) => [" wins it at `", meeting_name, "`", "", ""],
    };
    pieces.iter().for_each(|piece| out.push_str(piece));
}

/// A label where the need comes from.
pub(crate) fn label_origin(model: &Model, report: Diagnostic, need: StepNeed) -> Diagnostic {
    let needed = model.need_name(need.need);
    match need.origin {
        NeedOrigin::Own { span } => report.labelled(span, text(&["`", needed, "` is needed here"])),
        NeedOrigin::Inherited {
            via,
            win_span,
            need_span,
        } => {
            let via_name = model.commitment_name(via);
            match need_span {
                Some(span) => report
                    .labelled(win_span, text(&["wins `", via_name, "`"]))
                    .labelled(span, text(&["`", via_name, "` needs `", needed, "`"])),
                None => report.labelled(
                    win_span,
                    text(&[
                        "`",
                        via_name,
                        "` needs `",
                        needed,
                        "` (a built-in prerequisite)",
                    ]),
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
    let other_title = process_title(other.side);
    let text = match need {
        Need::Conversation(_) => text(&["the ", other_title, " holds `", needed, "` here"]),
        Need::Commitment(_) => text(&[
            "the ",
            other_title,
            " wins `",
            needed,
            "` here, at `",
            cx.model.conversation_name(step.conversation),
            "`",
        ]),
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
    let names = || {
        placed
            .iter()
            .map(|p| cx.model.conversation_name(p.conversation))
    };
    let tail: [&str; 2] = if placed.len() == 1 {
        [" as negotiated step in the ", process_title(process.side)]
    } else {
        [" as negotiated steps in the ", process_title(process.side)]
    };
    let mut title = String::with_capacity(
        "Insert ".len() + names_len(names()) + tail.iter().map(|t| t.len()).sum::<usize>(),
    );
    title.push_str("Insert ");
    push_names(&mut title, names());
    tail.iter().for_each(|t| title.push_str(t));
    Some(fix::edits(title, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The conversations a planner places, or `None` when it refuses.
    type Plan = Option<Vec<Placed>>;

    /// For every skipped need of a conversation in `text` other than its
    /// step's own: what the planner told the conversation is unheld plans,
    /// and what the general planner plans.
    fn both_plans(text: &str) -> Vec<(Plan, Plan)> {
        let parsed = parley_syntax::parse(text);
        let resolved = crate::Resolved::new(text, &parsed.file, &parsed.errors);
        let cx = resolved.context();
        let mut plans = Vec::new();
        for finding in cx.needs.iter().filter(|f| f.status == NeedStatus::Skipped) {
            let (Some(process), Need::Conversation(needed)) =
                (cx.process(finding.side), finding.need.need)
            else {
                continue;
            };
            let Some(step) = process.steps.get(finding.step) else {
                continue;
            };
            if needed == step.conversation {
                continue;
            }
            let known = Plans::default()
                .for_unheld_need(&cx, process, needed, step.conversation, finding.step)
                .map(<[Placed]>::to_vec);
            let general = Plans::default()
                .for_needs(
                    &cx,
                    process,
                    &[finding.need.need],
                    Some(step.conversation),
                    finding.step,
                )
                .map(<[Placed]>::to_vec);
            plans.push((known, general));
        }
        plans
    }

    #[test]
    fn a_skipped_conversation_is_planned_as_the_general_planner_plans_it() {
        // The buyer skips `c` (twice) and `b`: `c` needs `b`, which needs
        // `a`, which it waives; and `g`, which needs `h`, which it holds
        // only after the step needing `g`: no plan.
        let chains = "conversation a \"A\" { }\n\
                      conversation b \"B\" { needs a }\n\
                      conversation c \"C\" { needs b }\n\
                      conversation d \"D\" { needs c, e }\n\
                      conversation e \"E\" { }\n\
                      conversation g \"G\" { needs h }\n\
                      conversation h \"H\" { }\n\
                      conversation k \"K\" { needs g }\n\
                      conversation m \"M\" { needs c, b }\n\
                      process seller { a b c e d h g k m }\n\
                      process buyer { e d k h m waive a \"later\" }\n";
        let mut planned = 0;
        let mut refused = 0;
        for text in [
            chains,
            include_str!("../../tests/fixtures/P101/fires-conversation-need.parley"),
            include_str!("../../../../examples/acme.parley"),
            include_str!("../../../../examples/county-rfp.parley"),
        ] {
            for (known, general) in both_plans(text) {
                assert_eq!(known, general, "{text}");
                match known {
                    Some(_) => planned += 1,
                    None => refused += 1,
                }
            }
        }
        assert!(
            planned >= 4 && refused >= 1,
            "{planned} planned, {refused} refused"
        );
    }
}
