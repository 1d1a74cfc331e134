//! `P102` out of order: a step's need is met in its process, but only by a
//! later step.
//!
//! Why it matters: the conversation is planned, just too late (a proposal
//! scheduled before the review that should shape it). An order that cannot
//! work is an order neither party can sign.

use parley_syntax::{Diagnostic, ThinVec};

use super::Context;
use super::moves::{self, Move};
use super::p101_skipped_step::{label_origin, push_other_does};
use crate::catalog::{Labelled, diagnostic, text};
use crate::fix;
use crate::model::{Need, NeedOrigin};
use crate::needs::NeedStatus;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for finding in &cx.needs {
        let NeedStatus::Later { step: later } = finding.status else {
            continue;
        };
        let Some(process) = cx.process(finding.side) else {
            continue;
        };
        let (Some(step), Some(meeting)) =
            (process.steps.get(finding.step), process.steps.get(later))
        else {
            continue;
        };
        let name = cx.model.conversation_name(step.conversation);
        let meeting_name = cx.model.conversation_name(meeting.conversation);
        let needed = cx.model.need_name(finding.need.need);
        // The message written once, piece by piece (about four a check of
        // 10 KB; `format!` costs several times as much).
        let mut message = text(&["in the ", process.title(), ", `", name]);
        match finding.need.origin {
            NeedOrigin::Own { .. } => message.extend(["` needs `", needed, "`, but "]),
            NeedOrigin::Inherited { via, .. } => message.extend([
                "` wins `",
                cx.model.commitment_name(via),
                "`, which needs `",
                needed,
                "`, but ",
            ]),
        }
        match finding.need.need {
            Need::Conversation(_) => message.extend(["`", needed, "` comes only later"]),
            Need::Commitment(_) => {
                message.extend(["only a later step wins it, `", meeting_name, "`"])
            }
        }
        push_other_does(
            &mut message,
            cx,
            process,
            step.conversation,
            finding.need.need,
        );
        let report = diagnostic("P102", message, step.span).labelled(
            meeting.name_span,
            text(&["`", meeting_name, "` comes after `", name, "`"]),
        );
        let report = label_origin(cx.model, report, finding.need);
        // Each move only where it puts no step before what it needs: the
        // later step must land just before the step, and the step just
        // after it, so there is no other place to try.
        let mut fixes = ThinVec::new();
        let keeps = |from: usize, slot: usize| moves::check(cx, process, from, slot) == Move::Keeps;
        if keeps(later, finding.step) {
            if let Some(edits) = cx.layout.move_step(process, later, finding.step) {
                fixes.push(fix::edits(
                    text(&["Move `", meeting_name, "` before `", name, "`"]),
                    edits,
                ));
            }
        }
        if keeps(finding.step, later + 1) {
            if let Some(edits) = cx.layout.move_step(process, finding.step, later + 1) {
                fixes.push(fix::edits(
                    text(&["Move `", name, "` after `", meeting_name, "`"]),
                    edits,
                ));
            }
        }
        out.push(fix::attach(report, fixes, false));
    }
}
