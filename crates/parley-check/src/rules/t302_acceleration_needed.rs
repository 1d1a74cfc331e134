//! `T302` acceleration needed: one party's own order finishes a step by its
//! `by` date, but the negotiated process, with the other party's steps
//! added before it, does not. Reported instead of `T301`, on the date; the
//! message names the steps the negotiated process adds before the late one
//! (the ones to accelerate) and how many working days they must save. Past
//! three, it names the three longest (the earlier of steps as long), in
//! negotiated order, and counts the rest: "and 41 more steps no longer than
//! these". Labels point at the named steps only.
//!
//! Why it matters: negotiating the process added conversations; the deadline
//! still holds only if some of them go faster. Say so before the buyer finds
//! out.

use parley_syntax::{Diagnostic, Label};

use super::Context;
use crate::catalog::{Reporter, push_date, push_duration, push_number, push_working_days, text};
use crate::model::{ConversationId, Step};
use crate::prefetch::{ahead, further_ahead, prefetch};
use crate::timeline::{Acceleration, Deadline, Verdict};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schedule) = &cx.schedule else {
        return;
    };
    let t302 = Reporter::new("T302");
    // Each message is written here, then copied out at its exact size.
    let mut message = String::new();
    // The late deadlines first, so that what each one's report reads (its
    // conversation, and each named step's conversation and its place in
    // each process) is asked for a few findings ahead: at 50 MB those
    // records are scattered over more than the caches hold.
    let late: Vec<(&Deadline, &Acceleration)> = schedule
        .deadlines
        .iter()
        .filter_map(|deadline| match &deadline.verdict {
            Verdict::Accelerate(acceleration) => Some((deadline, acceleration)),
            _ => None,
        })
        .collect();
    for (index, &(deadline, acceleration)) in late.iter().enumerate() {
        further_ahead(&late, index, |&(deadline, acceleration)| {
            cx.model.prefetch_conversation(deadline.conversation);
            prefetch(acceleration.named.first());
        });
        ahead(&late, index, |&(_, acceleration)| {
            for step in &acceleration.named {
                cx.model.prefetch_conversation(step.conversation);
                for process in cx.model.processes() {
                    process.prefetch_position(step.conversation);
                }
            }
        });
        let name = cx.model.conversation_name(deadline.conversation);
        message.clear();
        message.push('`');
        message.push_str(name);
        message.push_str("` misses its date ");
        push_date(&mut message, deadline.by);
        message.push_str(": the negotiated process finishes it on ");
        push_date(&mut message, deadline.finish);
        message.push_str(", ");
        push_working_days(&mut message, deadline.late);
        message.push_str(" late, though the ");
        message.push_str(acceleration.side.as_str());
        message.push_str("'s own order finishes it on ");
        push_date(&mut message, acceleration.finish);
        message.push_str("; accelerate ");
        push_steps_to_accelerate(&mut message, cx, acceleration);
        message.push_str(", which the negotiated process runs before it, by ");
        push_working_days(&mut message, deadline.late);
        message.push_str(" in all");
        let mut report = t302.report(message.as_str().to_owned(), deadline.by_span);
        report.labels.reserve_exact(acceleration.named.len());
        for step in &acceleration.named {
            if let Some(span) = named_step(cx, step.conversation).map(|step| step.span) {
                report.labels.push(Label {
                    span,
                    message: text(&[
                        "`",
                        cx.model.conversation_name(step.conversation),
                        "` runs before `",
                        name,
                        "` in the negotiated process",
                    ])
                    .into(),
                });
            }
        }
        out.push(report);
    }
}

/// The step of `conversation` a label points at: the seller's, or the
/// buyer's when the seller's process has none.
fn named_step<'a>(cx: &Context<'a>, conversation: ConversationId) -> Option<&'a Step> {
    cx.model.processes().find_map(|process| {
        process
            .position(conversation)
            .and_then(|index| process.steps.get(index))
    })
}

/// `` `a` (1w) and `b` (2d) ``, or, past the named ones,
/// `` `a` (1w), `b` (1w), `c` (2d) and 41 more steps no longer than these ``,
/// onto `out`.
fn push_steps_to_accelerate(out: &mut String, cx: &Context, acceleration: &Acceleration) {
    let unnamed = acceleration.unnamed();
    let items = acceleration.named.len() + usize::from(unnamed > 0);
    let separator = |out: &mut String, index: usize| {
        if index > 0 {
            out.push_str(if index + 1 == items { " and " } else { ", " });
        }
    };
    for (index, step) in acceleration.named.iter().enumerate() {
        separator(out, index);
        out.push('`');
        out.push_str(cx.model.conversation_name(step.conversation));
        out.push_str("` (");
        push_duration(out, step.working_days);
        out.push(')');
    }
    if unnamed > 0 {
        separator(out, acceleration.named.len());
        push_number(out, unnamed as u64, 0);
        out.push_str(if unnamed == 1 {
            " more step no longer than these"
        } else {
            " more steps no longer than these"
        });
    }
}
