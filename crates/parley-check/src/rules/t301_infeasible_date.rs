//! `T301` infeasible date: along the negotiated process, a step finishes
//! after its `by` date, and neither party's own order would meet it (then
//! `T302` speaks instead). Reported on the date; the message names the
//! critical path: every negotiated step up to the late one, since the steps
//! run back to back.
//!
//! Why it matters: a close date the plan cannot reach is a forecast that will
//! slip. Better to negotiate the date, or the pace, before the buyer signs
//! the plan.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;
use crate::timeline::{Schedule, ScheduledStep, Verdict, duration_text, working_days};

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schedule) = &cx.schedule else {
        return;
    };
    for deadline in &schedule.deadlines {
        if deadline.verdict != Verdict::Infeasible {
            continue;
        }
        let path = schedule.path_to(deadline);
        let name = cx.model.conversation_name(deadline.conversation);
        let mut report = diagnostic(
            "T301",
            format!(
                "`{name}` cannot finish by {}: along the negotiated process it finishes on {} at the earliest, {} late; critical path ({} from {}): {}",
                deadline.by,
                deadline.finish,
                working_days(deadline.late),
                working_days(Schedule::total_working_days(path)),
                schedule.starts,
                describe_path(cx, path),
            ),
            deadline.by_span,
        );
        if let Some(starts) = cx.model.playbook.starts_span {
            report = report.with_label(starts, "the negotiated process starts here");
        }
        if let Some((longest, span)) = longest_step(cx, path) {
            report = report.with_label(
                span,
                format!(
                    "`{}` is the longest step on the critical path",
                    cx.model.conversation_name(longest.conversation)
                ),
            );
        }
        out.push(report);
    }
}

/// `a 1w → b 2w → c 1d`.
pub(crate) fn describe_path(cx: &Context, path: &[ScheduledStep]) -> String {
    path.iter()
        .map(|step| {
            format!(
                "{} {}",
                cx.model.conversation_name(step.conversation),
                duration_text(step.working_days)
            )
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The longest step on the path with a `takes`, and where that `takes` is.
fn longest_step<'s>(
    cx: &Context,
    path: &'s [ScheduledStep],
) -> Option<(&'s ScheduledStep, parley_syntax::Span)> {
    // The first of the longest, when several tie.
    let longest = path
        .iter()
        .rev()
        .filter(|step| !step.default_duration)
        .max_by_key(|step| step.working_days)?;
    let span = cx.model.conversation(longest.conversation)?.takes_span?;
    Some((longest, span))
}
