//! `P109` pace conflict: one process marks a shared step `accelerate`, the
//! other `decelerate`.
//!
//! Why it matters: one party wants to rush the conversation the other wants
//! to slow down; agreeing on the pace is part of negotiating the process.
//! Reported on the non-lead side's step; the fix keeps one marking in both,
//! the lead side's by default.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic};
use crate::fix;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((lead, other)) = cx.both() else {
        return;
    };
    for step in &other.steps {
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
        let report = diagnostic(
            "P109",
            format!(
                "the {} marks `{name}` `{}`, but the {} marks it `{}`",
                other.title(),
                pace.as_str(),
                lead.title(),
                lead_pace.as_str()
            ),
            step.span,
        )
        .labelled(
            lead_span,
            format!("the {} marks it `{}`", lead.title(), lead_pace.as_str()),
        );
        let fixes = vec![
            fix::replace(
                format!(
                    "Mark `{name}` `{}` in the {} too",
                    lead_pace.as_str(),
                    other.title()
                ),
                span,
                lead_pace.as_str(),
            ),
            fix::replace(
                format!(
                    "Mark `{name}` `{}` in the {} too",
                    pace.as_str(),
                    lead.title()
                ),
                lead_span,
                pace.as_str(),
            ),
        ];
        out.push(fix::attach(report, fixes, false));
    }
}
