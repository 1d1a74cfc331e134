//! `P109` pace conflict: one process marks a shared step `accelerate`, the
//! other `decelerate`.
//!
//! Why it matters: one party wants to rush the conversation the other wants
//! to slow down; agreeing on the pace is part of negotiating the process.
//! Reported on the non-lead side's step; the fix keeps one marking in both,
//! the lead side's by default.

use parley_syntax::{Diagnostic, thin_vec};

use super::Context;
use crate::catalog::{Labelled, diagnostic, process_title, text};
use crate::fix;
use crate::model::{ConversationId, Pace, PaceMark};
use crate::prefetch::{ahead, further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((lead, other)) = cx.both() else {
        return;
    };
    let marks = other.pace_marks();
    if marks.is_empty() {
        return;
    }
    // The lead's mark of each conversation, a byte each: the other's marks
    // are compared with it, and a step's record is read only for a
    // finding. (Looking each marked step up in the lead's steps read two
    // records a mark, which at 10 MB have left the caches.)
    let mut lead_marks = vec![None::<Pace>; cx.model.conversations.len()];
    for mark in lead.pace_marks() {
        if let Some(slot) = lead_marks.get_mut(mark.conversation.0) {
            *slot = Some(mark.pace);
        }
    }
    let (lead_title, other_title) = (process_title(lead.side), process_title(other.side));
    // The conflicting marks first, so that each one's records (its step in
    // each process, its conversation) are asked for a few findings ahead.
    let conflicts: Vec<(&PaceMark, Pace)> = marks
        .iter()
        .filter_map(|mark| match lead_marks.get(mark.conversation.0) {
            Some(&Some(lead_pace)) if lead_pace != mark.pace => Some((mark, lead_pace)),
            _ => None,
        })
        .collect();
    let lead_step_of = |conversation: ConversationId| {
        lead.position(conversation)
            .and_then(|position| lead.steps.get(position))
    };
    for (index, &(mark, lead_pace)) in conflicts.iter().enumerate() {
        further_ahead(&conflicts, index, |&(mark, _)| {
            lead.prefetch_position(mark.conversation);
            prefetch(other.steps.get(mark.step as usize));
            cx.model.prefetch_conversation(mark.conversation);
        });
        ahead(&conflicts, index, |&(mark, _)| {
            prefetch(lead_step_of(mark.conversation));
        });
        let pace = mark.pace;
        let (Some(step), Some(lead_step)) = (
            other.steps.get(mark.step as usize),
            lead_step_of(mark.conversation),
        ) else {
            continue;
        };
        let (Some(span), Some(lead_span)) = (step.pace_span, lead_step.pace_span) else {
            continue;
        };
        let name = cx.model.conversation_name(step.conversation);
        let (pace, lead_pace) = (pace.as_str(), lead_pace.as_str());
        let report = diagnostic(
            "P109",
            text(&[
                "the ",
                other_title,
                " marks `",
                name,
                "` `",
                pace,
                "`, but the ",
                lead_title,
                " marks it `",
                lead_pace,
                "`",
            ]),
            step.span,
        )
        .labelled(
            lead_span,
            text(&["the ", lead_title, " marks it `", lead_pace, "`"]),
        );
        let fixes = thin_vec![
            fix::replace(
                text(&[
                    "Mark `",
                    name,
                    "` `",
                    lead_pace,
                    "` in the ",
                    other_title,
                    " too",
                ]),
                span,
                lead_pace,
            ),
            fix::replace(
                text(&["Mark `", name, "` `", pace, "` in the ", lead_title, " too"]),
                lead_span,
                pace,
            ),
        ];
        out.push(fix::attach(report, fixes, false));
    }
}
