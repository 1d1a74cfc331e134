//! `P104` one-sided step: a step of one process has no counterpart in the
//! other and neither process waives it.
//!
//! Why it matters: a conversation only one party plans is one the other will
//! not show up for: the seller's co-design session the buyer never agreed
//! to, the buyer's RFP the seller never planned around. Either negotiate it
//! into both processes or agree, in writing, to skip it.

use parley_syntax::Diagnostic;

use super::Context;
use super::chain;
use super::p101_skipped_step::insertion_fix;
use crate::catalog::{Labelled, diagnostic};
use crate::fix;
use crate::model::{ConversationId, Need, Process};
use crate::suggest;

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(seller), Some(buyer)) = (
        cx.process(crate::model::Side::Seller),
        cx.process(crate::model::Side::Buyer),
    ) else {
        return;
    };
    for (process, other) in [(seller, buyer), (buyer, seller)] {
        let alignment = cx.alignment(process.side);
        let (title, other_title) = (process.title(), other.title());
        for (position, step) in process.steps.iter().enumerate() {
            let conversation = step.conversation;
            if other.contains(conversation)
                || other.waives(conversation)
                || process.waives(conversation)
                || maybe_misspelt_in(cx, other, conversation)
            {
                continue;
            }
            let name = cx.model.conversation_name(conversation);
            let around = |slot: Option<&Option<usize>>| {
                slot.copied()
                    .flatten()
                    .and_then(|at| other.steps.get(at))
                    .map(|s| cx.model.conversation_name(s.conversation))
            };
            let previous = around(alignment.previous_in_target.get(position));
            let next = around(alignment.next_in_target.get(position));
            let instead = match (previous, next) {
                (Some(previous), Some(next)) => {
                    format!(": it goes from `{previous}` to `{next}` without it")
                }
                (None, Some(next)) => format!(": it reaches `{next}` without it"),
                (Some(previous), None) => format!(": it ends after `{previous}` without it"),
                (None, None) => String::new(),
            };
            let report = diagnostic(
                "P104",
                format!(
                    "`{name}` is in the {} but the {} neither holds nor waives it{instead}",
                    title, other_title
                ),
                step.span,
            )
            .labelled(other.header, format!("the {other_title} has no `{name}`"));
            let mut fixes = Vec::new();
            let limit = insertion_limit(cx, other, conversation);
            let planned = chain::chain_for_step(cx, other, conversation, limit);
            let placed = chain::place(cx, other, &planned, limit);
            if let Some(insert) = insertion_fix(cx, other, &placed) {
                fixes.push(insert);
            }
            let waiver = format!("waive {name} \"agreed to skip: say why\"");
            if let Some(edit) = cx.layout.append_lines(other, &[waiver]) {
                fixes.push(fix::edits(
                    format!("Waive `{name}` in the {other_title}"),
                    vec![edit],
                ));
            }
            out.push(fix::attach(report, fixes, false));
        }
    }
}

/// Whether a step name that failed to resolve in `other` is probably this
/// conversation misspelt, or a syntax error there may have swallowed it:
/// then the counterpart may exist.
fn maybe_misspelt_in(cx: &Context, other: &Process, conversation: ConversationId) -> bool {
    let name = cx.model.conversation_name(conversation);
    other
        .unresolved_steps
        .iter()
        // An empty name marks a syntax error there: any step may be lost.
        .any(|unresolved| {
            unresolved.name.is_empty() || !suggest::nearest(&unresolved.name, [name]).is_empty()
        })
}

/// The step of `target` the inserted conversation must precede: the first
/// whose need it would meet and that misses it. Past the end when none.
fn insertion_limit(cx: &Context, target: &Process, conversation: ConversationId) -> usize {
    let mut needs = vec![Need::Conversation(conversation)];
    if let Some(record) = cx.model.conversation(conversation) {
        needs.extend(
            record
                .wins
                .iter()
                .map(|win| Need::Commitment(win.commitment)),
        );
    }
    needs
        .iter()
        .filter_map(|need| cx.first_skipped.get(&(target.side, *need)).copied())
        .min()
        .unwrap_or(target.steps.len())
}
