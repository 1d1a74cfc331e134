//! `P110` no next commitment: a conversation in a process wins nothing.
//!
//! Why it matters: every conversation should end in a commitment that moves
//! the sale forward. A meeting that wins nothing is a meeting the buyer can
//! leave without deciding anything, and the sale drifts.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for process in cx.model.processes() {
        let title = process.title();
        for step in &process.steps {
            let Some(conversation) = cx.model.conversation(step.conversation) else {
                continue;
            };
            if !conversation.wins.is_empty() || conversation.incomplete_wins {
                continue;
            }
            out.push(
                diagnostic(
                    "P110",
                    format!(
                        "in the {}, `{}` wins no commitment: it should end in one that moves the sale forward",
                        title,
                        conversation.name
                    ),
                    step.span,
                )
                .labelled(conversation.name_span, "declared without `wins`"),
            );
        }
    }
}
