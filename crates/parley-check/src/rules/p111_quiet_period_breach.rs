//! `P111` quiet-period breach: in the negotiated order, a step strictly
//! between a buyer quiet period's bounds includes a buyer stakeholder other
//! than `procurement`.
//!
//! Why it matters: during an RFP's quiet period only procurement may talk
//! to vendors. A seller who meets the champion then can be disqualified,
//! however good the solution.
//!
//! The fix moves the step before the quiet period's opening step, in every
//! process that holds it after that step. It is offered only when the move
//! takes the step out of the period and breaks no order: the step needs
//! nothing that comes only from the opening step on (in the negotiated
//! order, a topological order, so what it needs transitively comes earlier
//! too), nothing between the opening step and it in a process it moves in,
//! and the merge of the two orders puts it before the opening step then.

use parley_syntax::{Diagnostic, Fix, TextEdit, ThinVec};

use super::Context;
use crate::catalog::{Reporter, text};
use crate::fix;
use crate::model::{CommitmentId, ConversationId, Need, Process, QuietPeriod, Side};
use crate::negotiated::NegotiatedStep;
use crate::prefetch::{ahead, further_ahead, prefetch, soon};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(buyer) = cx.process(Side::Buyer) else {
        return;
    };
    if buyer.quiet_periods.is_empty() {
        return;
    }
    let talks =
        |s: &crate::model::Stakeholder| s.is_buyer() && s.role.as_deref() != Some("procurement");
    // For each place in the negotiated order, the first place from there
    // whose step includes a buyer who may not talk then: each quiet period
    // visits only the steps it reports, however long it lasts.
    let p111 = Reporter::new("P111");
    // Each message is written here, then copied out at its exact size.
    let mut message = String::new();
    let steps = &cx.negotiated.steps;
    // Whether each place's step includes a buyer who may not talk, from
    // its conversation's facts rather than its record and its
    // participants' records; found conversation by conversation through
    // the table of places, so that the steps' own records (40 bytes a
    // place, 6 MB at 50 MB) are not read.
    let mut includes = vec![false; steps.len()];
    for id in 0..cx.model.conversations.len() {
        let conversation = ConversationId(id);
        if let Some(slot) = cx
            .negotiated
            .position(conversation)
            .and_then(|at| includes.get_mut(at))
        {
            *slot = cx.model.facts(conversation).buyer_besides_procurement();
        }
    }
    let mut next_talking = vec![steps.len(); steps.len() + 1];
    let mut after = steps.len();
    for (index, &includes) in includes.iter().enumerate().rev() {
        if includes {
            after = index;
        }
        if let Some(slot) = next_talking.get_mut(index) {
            *slot = after;
        }
    }
    // The places inside each quiet period whose step may talk, found
    // first (as (period, its opening place, the place's step)), so that
    // each one's records are asked for a few findings ahead.
    let mut inside: Vec<(&QuietPeriod, usize, NegotiatedStep)> = Vec::new();
    for quiet in &buyer.quiet_periods {
        let (Some(start), Some(end)) = (
            cx.negotiated.position(quiet.after),
            cx.negotiated.position(quiet.until),
        ) else {
            continue;
        };
        let mut place = next_talking.get(start + 1).copied().unwrap_or(steps.len());
        while place < end {
            let Some(&negotiated) = steps.get(place) else {
                break;
            };
            inside.push((quiet, start, negotiated));
            place = next_talking.get(place + 1).copied().unwrap_or(steps.len());
        }
    }
    let seller = cx.process(Side::Seller);
    // The step a finding is reported on: the buyer's when the buyer holds
    // it, else the seller's.
    let reported_on = |negotiated: &NegotiatedStep| match negotiated.buyer {
        Some(index) => Some((buyer, index)),
        None => seller.zip(negotiated.seller),
    };
    // What the fix consults, found at the first fix.
    let mut landmarks: Option<Landmarks> = None;
    for (index, &(quiet, start, negotiated)) in inside.iter().enumerate() {
        further_ahead(&inside, index, |(quiet, _, negotiated)| {
            cx.model.prefetch_conversation(negotiated.conversation);
            // The quiet period's bounds, named in the message: a period
            // holds few findings, so these are rarely still in the cache.
            cx.model.prefetch_conversation_name(quiet.after);
            cx.model.prefetch_conversation_name(quiet.until);
            cx.model.prefetch_step_need_starts(negotiated.conversation);
            if let Some((process, at)) = reported_on(negotiated) {
                prefetch(process.steps.get(at));
            }
            // Its place in each process, which the move fix reads.
            for process in cx.model.processes() {
                process.prefetch_position(negotiated.conversation);
            }
        });
        ahead(&inside, index, |(_, _, negotiated)| {
            if let Some(conversation) = cx.model.conversation(negotiated.conversation) {
                prefetch(conversation.with(cx.model).first());
                prefetch(conversation.owners(cx.model).first());
            }
            cx.model.prefetch_step_needs(negotiated.conversation);
        });
        // Its participants' records, read through the conversation's and
        // its list of mentions (asked for before).
        soon(&inside, index, |(_, _, negotiated)| {
            if let Some(record) = cx.model.conversation(negotiated.conversation) {
                for mention in record.with(cx.model).iter().chain(record.owners(cx.model)) {
                    prefetch(cx.model.stakeholder(mention.stakeholder));
                }
            }
        });
        let Some(conversation) = cx.model.conversation(negotiated.conversation) else {
            continue;
        };
        let after_name = cx.model.conversation_name(quiet.after);
        let until_name = cx.model.conversation_name(quiet.until);
        let talkers = || {
            conversation
                .each_participant(cx.model)
                .filter_map(|id| cx.model.stakeholder(id))
                .filter(|s| talks(s))
        };
        let count = talkers().count();
        if count == 0 {
            continue;
        }
        let Some((process, index)) = reported_on(&negotiated) else {
            continue;
        };
        let Some(step) = process.steps.get(index) else {
            continue;
        };
        message.clear();
        message.push('`');
        message.push_str(&conversation.name);
        message.push_str("` falls inside the buyer's quiet period after `");
        message.push_str(after_name);
        message.push_str("` until `");
        message.push_str(until_name);
        message.push_str("`, but includes ");
        // `a` (champion), `b` and `c` (legal).
        for (at, talker) in talkers().enumerate() {
            if at > 0 {
                message.push_str(if at + 1 == count { " and " } else { ", " });
            }
            message.push('`');
            message.push_str(&talker.name);
            message.push('`');
            if let Some(role) = &talker.role {
                message.push_str(" (");
                message.push_str(role);
                message.push(')');
            }
        }
        message.push_str("; only procurement may talk to the seller then");
        let report = p111.report_labelled(
            message.as_str().to_owned(),
            step.span,
            quiet.span,
            "the quiet period",
        );
        let landmarks = landmarks.get_or_insert_with(|| Landmarks::new(cx));
        let fixes: ThinVec<Fix> =
            move_before(cx, landmarks, negotiated.conversation, quiet.after, start)
                .map(|edits| {
                    fix::edits(
                        text(&[
                            "Move `",
                            &conversation.name,
                            "` before the quiet period (before `",
                            after_name,
                            "`)",
                        ]),
                        edits,
                    )
                })
                .into_iter()
                .collect();
        out.push(fix::attach(report, fixes, false));
    }
}

/// The edits moving `step` before `opening` (at `start` in the negotiated
/// order) in every process that holds it after `opening`; `None` when the
/// move would leave the step inside the quiet period or out of order.
fn move_before(
    cx: &Context,
    landmarks: &Landmarks,
    step: ConversationId,
    opening: ConversationId,
    start: usize,
) -> Option<Vec<TextEdit>> {
    let needs = cx.model.step_needs_of(step);
    // In the negotiated order: every need met before the opening step, by
    // a step other than this one (a need only this step or nothing in the
    // sequence meets binds nothing). The order is topological, so what those
    // steps need in turn comes before them too, except on a cycle (`P106`),
    // where the order is broken: a need on one refuses the move.
    let met_before_opening = needs.iter().all(|need| {
        if cx.graph.need_on_cycle(step, need.need) {
            return false;
        }
        let earliest = match need.need {
            Need::Conversation(id) if id != step => cx.negotiated.position(id),
            Need::Conversation(_) => None,
            Need::Commitment(commitment) => landmarks.first_won(commitment, step),
        };
        earliest.is_none_or(|at| at < start)
    });
    if !met_before_opening || !merge_puts_first(cx, landmarks, step, opening) {
        return None;
    }
    let mut edits = Vec::new();
    for holder in cx.model.processes() {
        let (Some(from), Some(before)) = (holder.position(step), holder.position(opening)) else {
            continue;
        };
        if before >= from {
            continue;
        }
        // What the step needs and this process meets before it must still
        // come before it: nothing between the opening step and it.
        let index = cx.index(holder.side);
        let keeps_order = needs.iter().all(|need| {
            index
                .first_meeting(holder, need.need, Some(from))
                .is_none_or(|at| at < before || at >= from)
        });
        if !keeps_order {
            return None;
        }
        edits.extend(cx.layout.move_step(holder, from, before)?);
    }
    (!edits.is_empty()).then_some(edits)
}

/// Whether, once `step` is before `opening` in every process holding both,
/// the merge of the two orders (see [`crate::negotiated`]) puts it before
/// `opening`.
///
/// When the lead side holds `opening`, the merge keeps the lead's order: a
/// step the lead holds too goes before it. A step only the other side holds
/// goes, with the other's own steps, just before the next shared step after
/// it there that keeps its place (the shared steps outside a longest common
/// subsequence give theirs up, and the other's own steps change none of
/// that): once the step is moved, the first from `opening` on, which must
/// not come after `opening` in the lead's order.
///
/// Otherwise `opening` is only the other side's: it goes just before the
/// next shared step after it there that keeps its place (or at the end), so
/// a step the lead holds too must come, in the lead's order, before every
/// shared step that follows `opening` in the other's.
fn merge_puts_first(
    cx: &Context,
    landmarks: &Landmarks,
    step: ConversationId,
    opening: ConversationId,
) -> bool {
    let lead = cx.process(cx.lead());
    let other = cx.process(cx.lead().other());
    if lead.is_some_and(|lead| lead.contains(opening)) {
        if lead.is_some_and(|lead| lead.contains(step)) {
            return true;
        }
        let opening_in_lead = lead.and_then(|lead| lead.position(opening));
        return other.is_some_and(|other| {
            other.contains(step)
                && other
                    .position(opening)
                    .and_then(|at| landmarks.next_in_place(at))
                    .zip(opening_in_lead)
                    .is_some_and(|(anchor, opening)| anchor <= opening)
        });
    }
    let Some(other) = other else {
        return false;
    };
    let (Some(opening_at), Some(step_at)) = (other.position(opening), other.position(step)) else {
        return false;
    };
    match lead.and_then(|lead| lead.position(step)) {
        None => true,
        Some(step_in_lead) => landmarks
            .first_shared_after(opening_at, step_at)
            .is_none_or(|in_lead| in_lead > step_in_lead),
    }
}

/// No place.
const NONE: usize = usize::MAX;

/// By commitment: the earliest place of a winner in the negotiated order,
/// that winner, and the earliest place of another winner ([`NONE`] where
/// there is none).
///
/// Found from each commitment's list of winners and the negotiated order's
/// table of places, without reading a conversation's record: read through
/// the records (in the negotiated order, or in the order they are kept), a
/// large playbook's check spent a fifth of `P111`'s time waiting on them.
fn first_won(cx: &Context) -> Vec<(usize, Option<ConversationId>, usize)> {
    (0..cx.model.commitments.len())
        .map(|commitment| {
            let mut first = (NONE, None, NONE);
            for &winner in cx.model.winners(CommitmentId(commitment)) {
                let Some(at) = cx.negotiated.position(winner) else {
                    continue;
                };
                if at < first.0 {
                    // The earliest so far is another conversation's (each
                    // is at a place of its own): now the earliest other one.
                    first = (at, Some(winner), first.0);
                } else if at < first.2 && first.1 != Some(winner) {
                    first.2 = at;
                }
            }
            first
        })
        .collect()
}

/// What the move fix consults, found once: where each commitment is first
/// won in the negotiated order, and the shared steps that follow each step
/// of the non-lead process.
struct Landmarks {
    /// By commitment: the earliest place of a winner in the negotiated
    /// order, that winner, and the earliest place of another winner.
    first_won: Vec<(usize, Option<ConversationId>, usize)>,
    /// By place in the non-lead process: the two shared steps from there on
    /// that come first in the lead's order, as (place in the lead's
    /// process, place in the non-lead's).
    later_shared: Vec<[(usize, usize); 2]>,
    /// By place in the non-lead process: the place in the lead's process of
    /// the first shared step from there on whose place the merge keeps (one
    /// in the longest common subsequence it finds).
    next_in_place: Vec<usize>,
}

impl Landmarks {
    fn new(cx: &Context) -> Landmarks {
        let first_won = first_won(cx);
        let mut later_shared = Vec::new();
        let mut next_in_place = Vec::new();
        if let Some((lead, other)) = cx.both() {
            let shared_at = |p: &Process, c: ConversationId| {
                (!lead.waives(c) && !other.waives(c))
                    .then(|| p.position(c))
                    .flatten()
            };
            // The merge's own choice, which it keeps: a process's steps are
            // first occurrences, and waived steps are left out of both.
            // (The steps' conversations read from the column of their ids,
            // not from the steps' records: a tenth of the bytes.)
            let conversations = || {
                other
                    .step_conversations()
                    .iter()
                    .map(|&id| ConversationId(id as usize))
            };
            let mut in_place = vec![NONE; other.steps.len()];
            for (index, conversation) in conversations().enumerate() {
                if !cx.negotiated.agrees(conversation) {
                    continue;
                }
                if let (Some(at), Some(slot)) =
                    (shared_at(lead, conversation), in_place.get_mut(index))
                {
                    *slot = at;
                }
            }
            next_in_place = in_place;
            let mut next = NONE;
            for slot in next_in_place.iter_mut().rev() {
                if *slot == NONE {
                    *slot = next;
                } else {
                    next = *slot;
                }
            }
            later_shared = vec![[(NONE, NONE); 2]; other.steps.len() + 1];
            let mut best = [(NONE, NONE); 2];
            for (index, conversation) in conversations().enumerate().rev() {
                if let Some(in_lead) = shared_at(lead, conversation) {
                    let entry = (in_lead, index);
                    if entry.0 < best[0].0 {
                        best = [entry, best[0]];
                    } else if entry.0 < best[1].0 {
                        best[1] = entry;
                    }
                }
                if let Some(slot) = later_shared.get_mut(index) {
                    *slot = best;
                }
            }
        }
        Landmarks {
            first_won,
            later_shared,
            next_in_place,
        }
    }

    /// The place in the lead's process of the first shared step from
    /// `index` on in the non-lead process whose place the merge keeps.
    fn next_in_place(&self, index: usize) -> Option<usize> {
        self.next_in_place
            .get(index)
            .copied()
            .filter(|&at| at != NONE)
    }

    /// The earliest place in the negotiated order of a step other than
    /// `except` winning `commitment`.
    fn first_won(&self, commitment: CommitmentId, except: ConversationId) -> Option<usize> {
        let &(first, winner, second) = self.first_won.get(commitment.0)?;
        let at = if winner == Some(except) {
            second
        } else {
            first
        };
        (at != NONE).then_some(at)
    }

    /// The place in the lead's process of the shared step after `after` in
    /// the non-lead process, other than the one at `except`, that comes
    /// first in the lead's order.
    fn first_shared_after(&self, after: usize, except: usize) -> Option<usize> {
        self.later_shared
            .get(after + 1)?
            .iter()
            .find(|&&(_, index)| index != except)
            .map(|&(in_lead, _)| in_lead)
            .filter(|&in_lead| in_lead != NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each commitment is first won, read step by step in the
    /// negotiated order.
    fn in_negotiated_order(cx: &Context) -> Vec<(usize, Option<ConversationId>, usize)> {
        let mut first_won = vec![(NONE, None, NONE); cx.model.commitments.len()];
        for (at, negotiated) in cx.negotiated.steps.iter().enumerate() {
            let Some(conversation) = cx.model.conversation(negotiated.conversation) else {
                continue;
            };
            for win in conversation.wins(cx.model) {
                let Some(slot) = first_won.get_mut(win.commitment.0) else {
                    continue;
                };
                if slot.0 == NONE {
                    *slot = (at, Some(negotiated.conversation), NONE);
                } else if slot.2 == NONE && slot.1 != Some(negotiated.conversation) {
                    slot.2 = at;
                }
            }
        }
        first_won
    }

    #[test]
    fn each_commitment_is_first_won_where_the_negotiated_order_puts_it() {
        // Declared in the reverse of the negotiated order; `middle` wins
        // `budget` twice, and `aside` wins it outside both processes.
        let text = r#"
stakeholder dana "Dana" { side buyer }
commitment budget "Budget"
commitment pain "Pain"
conversation last "Last" { with dana  wins budget, pain }
conversation middle "Middle" { with dana  wins budget, budget }
conversation first "First" { with dana  wins pain }
conversation aside "Aside" { with dana  wins budget }
process buyer { first  middle  last }
process seller { first  last }
"#;
        let examples = [
            include_str!("../../../../examples/acme.parley"),
            include_str!("../../../../examples/county-rfp.parley"),
            include_str!("../../../../examples/renewal.parley"),
        ];
        for (round, text) in std::iter::once(text).chain(examples).enumerate() {
            let parsed = parley_syntax::parse(text);
            let resolved = crate::Resolved::new(text, &parsed.file, &parsed.errors);
            let cx = resolved.context();
            let found = first_won(&cx);
            assert_eq!(found, in_negotiated_order(&cx), "playbook {round}");
            if round > 0 {
                continue;
            }
            let id = |name: &str| match cx.model.lookup(name) {
                Some(crate::model::Symbol::Conversation(id)) => id,
                other => panic!("{name}: {other:?}"),
            };
            let at = |name: &str| cx.negotiated.position(id(name)).expect(name);
            let commitment = |name: &str| cx.model.commitment_named(name).expect(name);
            assert_eq!(
                found[commitment("budget").0],
                (at("middle"), Some(id("middle")), at("last"))
            );
            assert_eq!(
                found[commitment("pain").0],
                (at("first"), Some(id("first")), at("last"))
            );
        }
    }
}
