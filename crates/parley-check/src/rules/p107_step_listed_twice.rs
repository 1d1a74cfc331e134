//! `P107` step listed twice: the same conversation twice in one process.
//!
//! Why it matters: a conversation happens once in a plan. Listed twice, the
//! order is ambiguous: which occurrence meets a later step's need? The first
//! one counts; each later one is reported.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for process in cx.model.processes() {
        for (repeat, first) in &process.repeats {
            let name = cx.model.conversation_name(repeat.conversation);
            let mut report = diagnostic(
                "P107",
                format!(
                    "`{name}` is listed twice in the {}; the first one counts",
                    process.title()
                ),
                repeat.span,
            );
            if let Some(first) = process.steps.get(*first) {
                report = report.labelled(first.span, "first listed here");
            }
            out.push(report);
        }
    }
}
