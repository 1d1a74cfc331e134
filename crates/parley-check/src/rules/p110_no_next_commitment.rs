//! `P110` no next commitment: a conversation in a process wins nothing.
//!
//! Why it matters: every conversation should end in a commitment that moves
//! the sale forward. A meeting that wins nothing is a meeting the buyer can
//! leave without deciding anything, and the sale drifts.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, process_title, text};
use crate::model::{ConversationId, Step};
use crate::prefetch::{further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p110 = Reporter::new("P110");
    for process in cx.model.processes() {
        let title = process_title(process.side);
        // The steps' conversation ids and facts, not their records: most
        // steps win something. The few that do not are found first, each
        // with its conversation's id, so that its step and its record are
        // asked for together a few findings ahead (a large playbook's steps
        // alone are more than the caches hold), further than most rules
        // ask: a finding here takes little time.
        let winless: Vec<(ConversationId, &Step)> = process
            .step_conversations()
            .iter()
            .zip(&process.steps)
            .map(|(&conversation, step)| (ConversationId(conversation as usize), step))
            .filter(|&(conversation, _)| {
                let facts = cx.model.facts(conversation);
                !facts.wins_any() && !facts.incomplete_wins()
            })
            .collect();
        for (index, &(id, step)) in winless.iter().enumerate() {
            further_ahead(&winless, index, |&(id, step)| {
                prefetch(Some(step));
                cx.model.prefetch_conversation(id);
            });
            let Some(conversation) = cx.model.conversation(id) else {
                continue;
            };
            out.push(p110.report_labelled(
                text(&[
                    "in the ",
                    title,
                    ", `",
                    &conversation.name,
                    "` wins no commitment: it should end in one that moves the sale forward",
                ]),
                step.span,
                conversation.name_span,
                "declared without `wins`",
            ));
        }
    }
}
