//! `P107` step listed twice: the same conversation twice in one process.
//!
//! Why it matters: a conversation happens once in a plan. Listed twice, the
//! order is ambiguous: which occurrence meets a later step's need? The first
//! one counts; each later one is reported.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, process_title, text};
use crate::prefetch::{further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p107 = Reporter::new("P107");
    for process in cx.model.processes() {
        let title = process_title(process.side);
        for (index, (repeat, first)) in process.repeats.iter().enumerate() {
            // Further than most rules ask: a finding here takes little time.
            further_ahead(&process.repeats, index, |(repeat, first)| {
                cx.model.prefetch_conversation_name(repeat.conversation);
                prefetch(process.steps.get(*first));
            });
            let message = text(&[
                "`",
                cx.model.conversation_name(repeat.conversation),
                "` is listed twice in the ",
                title,
                "; the first one counts",
            ]);
            out.push(match process.steps.get(*first) {
                Some(first) => {
                    p107.report_labelled(message, repeat.span, first.span, "first listed here")
                }
                None => p107.report(message, repeat.span),
            });
        }
    }
}
