//! `P104` one-sided step: a step of one process has no counterpart in the
//! other and neither process waives it.
//!
//! Why it matters: a conversation only one party plans is one the other will
//! not show up for: the seller's co-design session the buyer never agreed
//! to, the buyer's RFP the seller never planned around. Either negotiate it
//! into both processes or agree, in writing, to skip it.

use parley_syntax::{Diagnostic, ThinVec};

use super::Context;
use super::chain::Plans;
use super::p101_skipped_step::insertion_fix;
use crate::catalog::{Reporter, process_title, text};
use crate::fix;
use crate::model::{ConversationId, Need, Process, Side, Step};
use crate::prefetch::{ahead, further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (Some(seller), Some(buyer)) = (cx.process(Side::Seller), cx.process(Side::Buyer)) else {
        return;
    };
    let p104 = Reporter::new("P104");
    let mut plans = Plans::default();
    for (process, other) in [(seller, buyer), (buyer, seller)] {
        let alignment = cx.alignment(process.side);
        let (title, other_title) = (process_title(process.side), process_title(other.side));
        let misspelt = Misspelt::in_process(other);
        // The one-sided steps first, so that each one's records (its
        // conversation, the other process's steps around it) are asked for
        // a few findings ahead.
        let one_sided: Vec<(usize, &Step)> = process
            .steps
            .iter()
            .enumerate()
            .filter(|(_, step)| {
                let conversation = step.conversation;
                !(other.contains(conversation)
                    || other.waives(conversation)
                    || process.waives(conversation)
                    || misspelt.maybe(conversation))
            })
            .collect();
        let around_in_other = |position: usize| {
            [
                alignment.previous_in_target(position),
                alignment.next_in_target(position),
            ]
            .map(|slot| slot.and_then(|at| other.steps.get(at)))
        };
        for (index, &(position, step)) in one_sided.iter().enumerate() {
            further_ahead(&one_sided, index, |&(position, step)| {
                for step in around_in_other(position) {
                    prefetch(step);
                }
                cx.model.prefetch_conversation(step.conversation);
            });
            ahead(&one_sided, index, |&(position, step)| {
                // The commitments it wins, read through its record (asked
                // for further ahead), for where an insertion must go.
                if let Some(record) = cx.model.conversation(step.conversation) {
                    prefetch(record.wins(cx.model).first());
                }
                let around = around_in_other(position);
                for step in around.into_iter().flatten() {
                    cx.model.prefetch_conversation(step.conversation);
                }
                // Where an insertion usually goes: before the next step the
                // other process holds, its line read for its indentation.
                if let [_, Some(next)] = around {
                    cx.layout.prefetch_line(next.span.start());
                }
            });
            let conversation = step.conversation;
            let name = cx.model.conversation_name(conversation);
            let [previous, next] = around_in_other(position)
                .map(|step| step.map(|step| cx.model.conversation_name(step.conversation)));
            // What the other process does instead, in up to five pieces
            // (the unused ones empty), joined into the message below.
            let instead = match (previous, next) {
                (Some(previous), Some(next)) => {
                    [": it goes from `", previous, "` to `", next, "` without it"]
                }
                (None, Some(next)) => [": it reaches `", next, "` without it", "", ""],
                (Some(previous), None) => [": it ends after `", previous, "` without it", "", ""],
                (None, None) => [""; 5],
            };
            let [a, b, c, d, e] = instead;
            let report = p104.report_labelled(
                text(&[
                    "`",
                    name,
                    "` is in the ",
                    title,
                    " but the ",
                    other_title,
                    " neither holds nor waives it",
                    a,
                    b,
                    c,
                    d,
                    e,
                ]),
                step.span,
                other.header,
                text(&["the ", other_title, " has no `", name, "`"]),
            );
            let mut fixes = ThinVec::with_capacity(2);
            let limit = insertion_limit(cx, other, conversation);
            let placed = plans.for_step(cx, other, conversation, limit);
            if let Some(insert) = placed.and_then(|placed| insertion_fix(cx, other, placed)) {
                fixes.push(insert);
            }
            let waiver = cx.with_lines(|lines| {
                lines.push(&["waive ", name, " \"agreed to skip: say why\""]);
                cx.layout.append_lines(other, lines.as_slice())
            });
            if let Some(edit) = waiver {
                fixes.push(fix::edits(
                    text(&["Waive `", name, "` in the ", other_title]),
                    vec![edit],
                ));
            }
            out.push(fix::attach(report, fixes, false));
        }
    }
}

/// The steps of a process that failed to resolve, as what they may have
/// meant: found once per process, so that asking about each step of the
/// other one is a look-up (asking every failed name about every step made
/// a playbook with many misspelt steps take time in proportion to their
/// product).
struct Misspelt {
    /// A syntax error there may have swallowed any step, or a failed name
    /// was not searched (past the did-you-mean limit): any step may be
    /// there.
    anything: bool,
    /// The did-you-mean candidates of its failed step names, sorted.
    probably: Vec<ConversationId>,
}

impl Misspelt {
    fn in_process(process: &Process) -> Misspelt {
        let mut anything = false;
        let mut probably = Vec::new();
        for unresolved in &process.unresolved_steps {
            match &unresolved.probably {
                Some(candidates) if !unresolved.name.is_empty() => {
                    probably.extend(candidates.iter().copied());
                }
                _ => anything = true,
            }
        }
        probably.sort_unstable();
        probably.dedup();
        Misspelt { anything, probably }
    }

    /// Whether a failed step name may be this conversation misspelt (or
    /// lost): then its counterpart may exist.
    fn maybe(&self, conversation: ConversationId) -> bool {
        self.anything || self.probably.binary_search(&conversation).is_ok()
    }
}

/// The step of `target` the inserted conversation must precede: the first
/// whose need it would meet and that misses it. Past the end when none.
fn insertion_limit(cx: &Context, target: &Process, conversation: ConversationId) -> usize {
    let wins = cx
        .model
        .conversation(conversation)
        .map_or(&[][..], |record| record.wins(cx.model));
    let needs = std::iter::once(Need::Conversation(conversation))
        .chain(wins.iter().map(|win| Need::Commitment(win.commitment)));
    needs
        .filter_map(|need| cx.first_skipped.get(&(target.side, need)).copied())
        .min()
        .unwrap_or(target.steps.len())
}
