//! `P103` order disagreement: both processes hold two steps in opposite
//! orders, and no dependency decides between them.
//!
//! Why it matters: when the parties disagree on what comes first, one of
//! them will be surprised at the meeting. Only the fewest steps whose moves
//! reconcile the two orders are reported: the non-lead side's shared steps
//! outside a longest common subsequence of the shared steps (patience
//! sorting, O(n log n), found once by the negotiated process's merge:
//! [`crate::negotiated::NegotiatedProcess::agrees`]), one diagnostic per
//! step, not every inverted pair.
//!
//! Each fix moves the one step, only where it lands after what it needs and
//! before what needs it (see [`super::moves`]).

use rustc_hash::FxHashSet;

use parley_syntax::{Diagnostic, Label, ThinVec, thin_vec};

use super::Context;
use super::moves::{self, Move};
use crate::catalog::{Reporter, process_title, text};
use crate::fix;
use crate::model::{ConversationId, Need, Process, Step};
use crate::needs::NeedStatus;
use crate::prefetch::{ahead, further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some((lead, other)) = cx.both() else {
        return;
    };
    let p103 = Reporter::new("P103");
    let (lead_title, other_title) = (process_title(lead.side), process_title(other.side));
    // Steps a dependency already orders (P102 speaks for them).
    let mut decided: FxHashSet<ConversationId> = FxHashSet::default();
    for finding in &cx.needs {
        if let NeedStatus::Later { step } = finding.status {
            if let Some(process) = cx.process(finding.side) {
                for index in [finding.step, step] {
                    if let Some(s) = process.steps.get(index) {
                        decided.insert(s.conversation);
                    }
                }
            }
        }
    }
    let waived = |c: ConversationId| lead.waives(c) || other.waives(c);
    // The non-lead side's shared steps, (index in other, index in lead),
    // and those whose place the negotiated order keeps (one longest run
    // both processes hold in the same order), as indices into `shared`,
    // rising: the merge has found them.
    let mut shared: Vec<(usize, usize)> = Vec::with_capacity(other.steps.len());
    let mut kept: Vec<usize> = Vec::with_capacity(other.steps.len());
    for (index, step) in other.steps.iter().enumerate() {
        let conversation = step.conversation;
        if waived(conversation) {
            continue;
        }
        let Some(in_lead) = lead.position(conversation) else {
            continue;
        };
        if cx.negotiated.agrees(conversation) {
            kept.push(shared.len());
        }
        shared.push((index, in_lead));
    }
    // The inverted steps first, so that each one's records (the two
    // conversations, the lead's step, the step needs a dependency is
    // looked for in) are asked for a few findings ahead.
    let inverted = inverted_steps(&shared, &kept, other, &decided);
    for (index, found) in inverted.iter().enumerate() {
        further_ahead(&inverted, index, |found| {
            // The steps whose lines `ahead` asks for.
            for step in found.steps(other, lead) {
                prefetch(step);
            }
            for conversation in [found.conversation, found.partner_conversation] {
                cx.model.prefetch_conversation(conversation);
                cx.model.prefetch_step_need_starts(conversation);
            }
        });
        ahead(&inverted, index, |found| {
            for conversation in [found.conversation, found.partner_conversation] {
                cx.model.prefetch_step_needs(conversation);
                // What each wins: whether one needs the other reads it.
                if let Some(record) = cx.model.conversation(conversation) {
                    prefetch(record.wins(cx.model).first());
                }
            }
            // The lines the two moves read, each from just before the
            // step to its end (a move reads the moved step's line forward
            // to its end; asked for every step here, this measured faster
            // than for the moved steps alone).
            for step in found.steps(other, lead).into_iter().flatten() {
                cx.layout.prefetch_span_line(step.span);
            }
            // What bounds the two moves.
            moves::prefetch(cx, other, found.other_index);
            moves::prefetch(cx, lead, found.lead_index);
        });
        let &Inverted {
            other_index,
            lead_index,
            partner: (partner_other, _),
            partner_before,
            place:
                Place {
                    wanted,
                    lowest,
                    highest,
                },
            ..
        } = found;
        let (Some(step), Some(partner_step), Some(lead_step)) = (
            other.steps.get(other_index),
            other.steps.get(partner_other),
            lead.steps.get(lead_index),
        ) else {
            continue;
        };
        if dependency_decides(cx, step.conversation, partner_step.conversation) {
            continue;
        }
        let name = cx.model.conversation_name(step.conversation);
        let partner_name = cx.model.conversation_name(partner_step.conversation);
        let (here, there) = if partner_before {
            ("after", "before")
        } else {
            ("before", "after")
        };
        let mut report = p103.report(
            text(&[
                "the ",
                other_title,
                " holds `",
                name,
                "` ",
                here,
                " `",
                partner_name,
                "`, but the ",
                lead_title,
                " holds it ",
                there,
            ]),
            step.span,
        );
        report.labels = thin_vec![
            Label {
                span: partner_step.name_span,
                message: text(&["`", partner_name, "` in the ", other_title]).into(),
            },
            Label {
                span: lead_step.name_span,
                message: text(&["`", name, "` in the ", lead_title]).into(),
            },
        ];

        let mut fixes = ThinVec::with_capacity(2);
        let slot = moves::place(cx, other, other_index, wanted, (lowest, highest));
        if let Some(slot) = slot {
            if let Some(edits) = cx.layout.move_step(other, other_index, slot) {
                fixes.push(fix::edits(
                    text(&[
                        "Adopt the ",
                        lead.side.as_str(),
                        " order: move `",
                        name,
                        "` in the ",
                        other_title,
                    ]),
                    edits,
                ));
            }
        }
        // Just past the partner, in the lead's process: a place farther
        // would pass more steps, so when this one puts a step before what
        // it needs, no fix is offered there.
        let lead_slot = found.lead_slot();
        let keeps = moves::check(cx, lead, lead_index, lead_slot) == Move::Keeps;
        if let Some(edits) = keeps
            .then(|| cx.layout.move_step(lead, lead_index, lead_slot))
            .flatten()
        {
            fixes.push(fix::edits(
                text(&[
                    "Adopt the ",
                    other.side.as_str(),
                    " order: move `",
                    name,
                    "` in the ",
                    lead_title,
                ]),
                edits,
            ));
        }
        out.push(fix::attach(report, fixes, false));
    }
}

/// A shared step of the non-lead side outside the longest common run, and
/// the kept step it is inverted with.
struct Inverted {
    /// Where it is in the non-lead process, and in the lead's.
    other_index: usize,
    lead_index: usize,
    /// Where the kept step is in the non-lead process and in the lead's,
    /// and whether it comes before it in the non-lead process.
    partner: (usize, usize),
    partner_before: bool,
    /// The two steps' conversations.
    conversation: ConversationId,
    partner_conversation: ConversationId,
    /// Where the move adopting the lead's order takes it.
    place: Place,
}

impl Inverted {
    /// Where the move adopting the non-lead order takes the step in the
    /// lead's process: just past the partner (a place farther would pass
    /// more steps).
    fn lead_slot(&self) -> usize {
        let (_, partner_lead) = self.partner;
        partner_lead + usize::from(self.partner_before)
    }

    /// The steps its finding reads: the step's own in each process, the
    /// partner's in the non-lead one (for its label), and the ones its two
    /// moves put it before, whose lines they read.
    fn steps<'p>(&self, other: &'p Process, lead: &'p Process) -> [Option<&'p Step>; 5] {
        let (partner_other, _) = self.partner;
        [
            other.steps.get(self.other_index),
            lead.steps.get(self.lead_index),
            other.steps.get(partner_other),
            lead.steps.get(self.lead_slot()),
            other.steps.get(self.place.wanted),
        ]
    }
}

/// Where a move adopting the lead's order takes a step of the non-lead
/// process: the place it wants, and the lowest and highest it may take
/// (slots, see [`moves::place`]).
#[derive(Clone, Copy)]
struct Place {
    wanted: usize,
    lowest: usize,
    highest: usize,
}

/// The shared steps (`(index in other, index in lead)`, in `other`'s order)
/// outside the longest run `kept` (indices into `shared`, rising), but
/// those a dependency already orders (`decided`), each with the kept step
/// it is inverted with: the previous kept one if the lead puts it after
/// ours, else the next one; a step with neither is left out.
fn inverted_steps(
    shared: &[(usize, usize)],
    kept: &[usize],
    other: &Process,
    decided: &FxHashSet<ConversationId>,
) -> Vec<Inverted> {
    let mut inverted = Vec::with_capacity(shared.len() - kept.len().min(shared.len()));
    // `kept` rises: walked alongside the shared steps, it gives each step
    // outside the run the nearest kept steps before and after it.
    let mut next_run = 0;
    let lead_at = |j: usize| shared.get(j).map(|&(_, p)| p);
    for (k, &(other_index, lead_index)) in shared.iter().enumerate() {
        while kept.get(next_run).is_some_and(|&j| j < k) {
            next_run += 1;
        }
        let next_kept = kept.get(next_run).copied();
        if next_kept == Some(k) {
            continue;
        }
        let previous_kept = next_run.checked_sub(1).and_then(|i| kept.get(i)).copied();
        let Some(step) = other.steps.get(other_index) else {
            continue;
        };
        if decided.contains(&step.conversation) {
            continue;
        }
        let before = previous_kept.filter(|&j| lead_at(j).is_some_and(|p| p > lead_index));
        let after = next_kept.filter(|&j| lead_at(j).is_some_and(|p| p < lead_index));
        let (partner, partner_before) = match (before, after) {
            (Some(j), _) => (j, true),
            (None, Some(j)) => (j, false),
            (None, None) => continue,
        };
        let Some(&partner) = shared.get(partner) else {
            continue;
        };
        let Some(partner_step) = other.steps.get(partner.0) else {
            continue;
        };
        inverted.push(Inverted {
            other_index,
            lead_index,
            partner,
            partner_before,
            conversation: step.conversation,
            partner_conversation: partner_step.conversation,
            place: place(shared, kept, other, lead_index, next_run),
        });
    }
    inverted
}

/// Where to move a step of the non-lead process that the lead holds at
/// `lead_index`, adopting the lead's order.
///
/// Before the first kept step the lead puts after it, else after the last
/// kept step. The kept steps rise in the lead's order, so a search finds
/// it, from `near` (an index into `kept`: the first kept step at or after
/// the step in its own process) outward, where an order swapped locally
/// puts it ([`partition_from`]). Anywhere between the kept steps around
/// that place the lead's order holds too (the step then joins the longest
/// common subsequence): a place nearer the step is taken when that one
/// would put a step before what it needs, and none when no place there
/// keeps every need.
fn place(
    shared: &[(usize, usize)],
    kept: &[usize],
    other: &Process,
    lead_index: usize,
    near: usize,
) -> Place {
    let first_after = partition_from(kept, near, |&j| {
        shared.get(j).is_none_or(|&(_, p)| p <= lead_index)
    });
    let kept_at = |at: usize| kept.get(at).and_then(|&j| shared.get(j)).map(|&(i, _)| i);
    let next_kept = kept_at(first_after);
    // Just after the last kept step before it, the lowest place.
    let lowest = first_after
        .checked_sub(1)
        .and_then(kept_at)
        .map_or(0, |i| i + 1);
    let highest = next_kept.unwrap_or(other.steps.len());
    Place {
        wanted: next_kept.unwrap_or(lowest),
        lowest,
        highest,
    }
}

/// The index of the first item of `items` for which `before` is false,
/// `before` being true for every item up to it and false from it on (as
/// [`slice::partition_point`]), searched from `near` outward: steps of 1, 2,
/// 4 and so on bracket it, then a binary search finds it within. It reads
/// about twice the logarithm of its distance from `near`, not of the
/// slice's length: a binary search of a large playbook's kept steps
/// (135,000 at 50 MB) read its last probes from memory, for every inverted
/// step.
fn partition_from<T>(items: &[T], near: usize, before: impl Fn(&T) -> bool) -> usize {
    let is_before = |at: usize| items.get(at).is_some_and(&before);
    let near = near.min(items.len());
    // The answer lies in `low..=high`.
    let (mut low, mut high);
    if is_before(near) {
        (low, high) = (near + 1, items.len());
        let mut step = 1;
        while let Some(probe) = near.checked_add(step).filter(|&probe| probe < items.len()) {
            if is_before(probe) {
                low = probe + 1;
            } else {
                high = probe;
                break;
            }
            step *= 2;
        }
    } else {
        (low, high) = (0, near);
        let mut step = 1;
        while let Some(probe) = near.checked_sub(step) {
            if is_before(probe) {
                low = probe + 1;
                break;
            }
            high = probe;
            step *= 2;
        }
    }
    low + items
        .get(low..high)
        .map_or(0, |within| within.partition_point(&before))
}

/// Whether one of the two needs the other.
fn dependency_decides(cx: &Context, a: ConversationId, b: ConversationId) -> bool {
    let needs = |x: ConversationId, y: ConversationId| {
        cx.model
            .step_needs_of(x)
            .iter()
            .any(|need| cx.model.meets(y, need.need) || need.need == Need::Conversation(y))
    };
    needs(a, b) || needs(b, a)
}

#[cfg(test)]
mod tests {
    use super::partition_from;

    #[test]
    fn searching_from_any_place_finds_the_partition_point() {
        // Every rising slice up to 40 items, every threshold and every
        // place to start from, past the end included.
        for len in 0..40_usize {
            let items: Vec<usize> = (0..len).map(|i| 3 * i).collect();
            for threshold in 0..=3 * len + 1 {
                let before = |&item: &usize| item < threshold;
                let expected = items.partition_point(before);
                for near in 0..=len + 2 {
                    assert_eq!(
                        partition_from(&items, near, before),
                        expected,
                        "{len} items, below {threshold}, from {near}"
                    );
                }
            }
        }
    }
}
