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

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;
use crate::timeline::{Acceleration, Verdict, duration_text, working_days};

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schedule) = &cx.schedule else {
        return;
    };
    for deadline in &schedule.deadlines {
        let Verdict::Accelerate(acceleration) = &deadline.verdict else {
            continue;
        };
        let name = cx.model.conversation_name(deadline.conversation);
        let mut report = diagnostic(
            "T302",
            format!(
                "`{name}` misses its date {}: the negotiated process finishes it on {}, {} late, though the {}'s own order finishes it on {}; accelerate {}, which the negotiated process runs before it, by {} in all",
                deadline.by,
                deadline.finish,
                working_days(deadline.late),
                acceleration.side.as_str(),
                acceleration.finish,
                steps_to_accelerate(cx, acceleration),
                working_days(deadline.late),
            ),
            deadline.by_span,
        );
        for step in &acceleration.named {
            let step_span = cx
                .model
                .processes()
                .find_map(|process| {
                    process
                        .position(step.conversation)
                        .and_then(|index| process.steps.get(index))
                })
                .map(|step| step.span);
            if let Some(span) = step_span {
                report = report.with_label(
                    span,
                    format!(
                        "`{}` runs before `{name}` in the negotiated process",
                        cx.model.conversation_name(step.conversation)
                    ),
                );
            }
        }
        out.push(report);
    }
}

/// `` `a` (1w) and `b` (2d) ``, or, past the named ones,
/// `` `a` (1w), `b` (1w), `c` (2d) and 41 more steps no longer than these ``.
fn steps_to_accelerate(cx: &Context, acceleration: &Acceleration) -> String {
    let mut items: Vec<String> = acceleration
        .named
        .iter()
        .map(|step| {
            format!(
                "`{}` ({})",
                cx.model.conversation_name(step.conversation),
                duration_text(step.working_days)
            )
        })
        .collect();
    match acceleration.unnamed() {
        0 => {}
        1 => items.push("1 more step no longer than these".to_string()),
        more => items.push(format!("{more} more steps no longer than these")),
    }
    join(&items)
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
