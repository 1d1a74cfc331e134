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

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((lead, other)) = cx.both() else {
        return;
    };
    let (lead_title, other_title) = (process_title(lead.side), process_title(other.side));
    // Only the marked steps: most are not, and walking every step read
    // the whole process (at 50 MB, 13 MB of steps) for a few hundred.
    for step in other.paced_steps() {
        let Some(position) = lead.position(step.conversation) else {
            continue;
        };
        let Some(lead_step) = lead.steps.get(position) else {
            continue;
        };
        let (Some(pace), Some(lead_pace), Some(span), Some(lead_span)) = (
            step.pace,
            lead_step.pace,
            step.pace_span,
            lead_step.pace_span,
        ) else {
            continue;
        };
        if pace == lead_pace {
            continue;
        }
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
