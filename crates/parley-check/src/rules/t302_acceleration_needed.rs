//! `T302` acceleration needed: one party's own order finishes a step by its
//! `by` date, but the negotiated process, with the other party's steps
//! added before it, does not. Reported instead of `T301`, on the date; the
//! message names the steps the negotiated process adds before the late one
//! (the ones to accelerate) and how many working days they must save.
//!
//! Why it matters: negotiating the process added conversations; the deadline
//! still holds only if some of them go faster. Say so before the buyer finds
//! out.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;
use crate::timeline::{Verdict, duration_text, working_days};

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schedule) = &cx.schedule else {
        return;
    };
    for deadline in &schedule.deadlines {
        let Verdict::Accelerate(acceleration) = &deadline.verdict else {
            continue;
        };
        let name = cx.model.conversation_name(deadline.conversation);
        let added: Vec<String> = acceleration
            .steps
            .iter()
            .map(|&conversation| {
                // The schedule runs in negotiated order: index, not search.
                let length = cx
                    .negotiated
                    .position(conversation)
                    .and_then(|index| schedule.steps.get(index))
                    .map_or(1, |step| step.working_days);
                format!(
                    "`{}` ({})",
                    cx.model.conversation_name(conversation),
                    duration_text(length)
                )
            })
            .collect();
        let mut report = diagnostic(
            "T302",
            format!(
                "`{name}` misses its date {}: the negotiated process finishes it on {}, {} late, though the {}'s own order finishes it on {}; accelerate {}, which the negotiated process runs before it, by {} in all",
                deadline.by,
                deadline.finish,
                working_days(deadline.late),
                acceleration.side.as_str(),
                acceleration.finish,
                join(&added),
                working_days(deadline.late),
            ),
            deadline.by_span,
        );
        for &conversation in &acceleration.steps {
            let step_span = cx
                .model
                .processes()
                .find_map(|process| {
                    process
                        .position(conversation)
                        .and_then(|index| process.steps.get(index))
                })
                .map(|step| step.span);
            if let Some(span) = step_span {
                report = report.with_label(
                    span,
                    format!(
                        "`{}` runs before `{name}` in the negotiated process",
                        cx.model.conversation_name(conversation)
                    ),
                );
            }
        }
        out.push(report);
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
