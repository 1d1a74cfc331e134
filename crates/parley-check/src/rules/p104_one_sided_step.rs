//! `P104` one-sided step: a step of one process has no counterpart in the
//! other and neither process waives it.
//!
//! Why it matters: a conversation only one party plans is one the other will
//! not show up for: the seller's co-design session the buyer never agreed
//! to, the buyer's RFP the seller never planned around. Either negotiate it
//! into both processes or agree, in writing, to skip it.

use parley_syntax::{Diagnostic, Span, ThinVec};

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
        // The one-sided steps first, with what their findings read of the
        // step and of the other process around it copied as the process is
        // walked in order: read again a finding at a time, the steps and the
        // alignment come from memory on a large playbook. Each one's other
        // records (its conversation, the steps around it) are then asked for
        // a few findings ahead.
        let one_sided: Vec<OneSided> = process
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
            .map(|(position, step)| OneSided {
                conversation: step.conversation,
                span: step.span,
                slots: alignment.around(position),
            })
            .collect();
        for (index, found) in one_sided.iter().enumerate() {
            further_ahead(&one_sided, index, |found| {
                for step in found.around(other) {
                    prefetch(step);
                }
                cx.model.prefetch_conversation(found.conversation);
                cx.model.prefetch_step_need_starts(found.conversation);
            });
            ahead(&one_sided, index, |found| {
                // What it needs, for the chain an insertion plans.
                cx.model.prefetch_step_needs(found.conversation);
                // Where the other process first skips it.
                cx.first_skipped
                    .prefetch(other.side, Need::Conversation(found.conversation));
                // The commitments it wins, read through its record (asked
                // for further ahead), for where an insertion must go.
                if let Some(record) = cx.model.conversation(found.conversation) {
                    prefetch(record.wins(cx.model).first());
                }
                for step in found.around(other).into_iter().flatten() {
                    cx.model.prefetch_conversation(step.conversation);
                }
                // Where an insertion usually goes: before the next step the
                // other process holds, its line read for its indentation.
                if let [_, Some(next)] = found.around(other) {
                    cx.layout.prefetch_line(next.span.start());
                }
            });
            let conversation = found.conversation;
            let name = cx.model.conversation_name(conversation);
            let [previous, next] = found
                .around(other)
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
                found.span,
                other.header,
                text(&["the ", other_title, " has no `", name, "`"]),
            );
            let mut fixes = ThinVec::with_capacity(2);
            let limit = insertion_limit(cx, other, conversation);
            let placed = plans.for_step(cx, other, conversation, found.slots, limit);
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

/// A one-sided step, as its finding reads it.
struct OneSided {
    conversation: ConversationId,
    span: Span,
    /// Where the other process's steps before and after it stand there,
    /// where there are.
    slots: [Option<usize>; 2],
}

impl OneSided {
    /// The other process's steps before and after it.
    fn around<'p>(&self, other: &'p Process) -> [Option<&'p Step>; 2] {
        self.slots
            .map(|slot| slot.and_then(|at| other.steps.get(at)))
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
        .filter_map(|need| cx.first_skipped.get(target.side, need))
        .min()
        .unwrap_or(target.steps.len())
}
