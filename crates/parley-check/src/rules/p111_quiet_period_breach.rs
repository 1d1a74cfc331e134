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

use parley_syntax::{Diagnostic, TextEdit};

use super::Context;
use crate::catalog::{Reporter, text};
use crate::fix;
use crate::model::{CommitmentId, ConversationId, Need, QuietPeriod, Side, StakeholderId};
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
    // A buyer other than procurement, from the stakeholder's facts (a byte
    // each): only such a participant's record is read, for its name and
    // role.
    let talks = |id: StakeholderId| {
        let facts = cx.model.stakeholder_facts(id);
        facts.is_buyer() && !facts.is_procurement()
    };
    let p111 = Reporter::new("P111");
    // Each message is written here, then copied out at its exact size.
    let mut message = String::new();
    // The places inside each quiet period whose step may talk, found
    // first, so that each one's records are asked for a few findings ahead.
    let inside = talking_inside(cx, &buyer.quiet_periods, &spans(cx, &buyer.quiet_periods));
    let seller = cx.process(Side::Seller);
    // The step a finding is reported on: the buyer's when the buyer holds
    // it, else the seller's.
    let reported_on = |negotiated: &NegotiatedStep| match negotiated.buyer {
        Some(index) => Some((buyer, index)),
        None => seller.zip(negotiated.seller),
    };
    // A negotiated step's place in each process that holds it.
    let holders = |negotiated: &NegotiatedStep| {
        let seller = seller.zip(negotiated.seller);
        let buyer = negotiated.buyer.map(|at| (buyer, at));
        seller.into_iter().chain(buyer)
    };
    // What the fix consults, found at the first fix.
    let mut landmarks: Option<Landmarks> = None;
    for (index, talking) in inside.iter().enumerate() {
        let Talking {
            quiet,
            step: negotiated,
            ..
        } = *talking;
        further_ahead(&inside, index, |talking| {
            let conversation = talking.step.conversation;
            cx.model.prefetch_conversation(conversation);
            // The quiet period's bounds, named in the message: a period
            // holds few findings, so these are rarely still in the cache.
            cx.model.prefetch_conversation_name(talking.quiet.after);
            cx.model.prefetch_conversation_name(talking.quiet.until);
            cx.model.prefetch_step_need_starts(conversation);
            // Its step in each process, and the opening step's place in
            // the order, which the move fix reads.
            for (process, at) in holders(&talking.step) {
                prefetch(process.steps.get(at));
            }
            prefetch(cx.negotiated.steps.get(talking.start));
            // Its place in each process, which the move fix reads.
            for process in cx.model.processes() {
                process.prefetch_position(conversation);
            }
        });
        ahead(&inside, index, |talking| {
            let conversation = talking.step.conversation;
            if let Some(record) = cx.model.conversation(conversation) {
                prefetch(record.with(cx.model).first());
                prefetch(record.owners(cx.model).first());
            }
            cx.model.prefetch_step_needs(conversation);
            // The opening step in each process, which a move goes before.
            if let Some(opening) = cx.negotiated.steps.get(talking.start) {
                for (process, at) in holders(opening) {
                    prefetch(process.steps.get(at));
                }
            }
        });
        // The records of its participants who may not talk, read through
        // the conversation's and its list of mentions (asked for before).
        soon(&inside, index, |talking| {
            if let Some(record) = cx.model.conversation(talking.step.conversation) {
                for mention in record.with(cx.model).iter().chain(record.owners(cx.model)) {
                    if talks(mention.stakeholder) {
                        prefetch(cx.model.stakeholder(mention.stakeholder));
                    }
                }
            }
            // The lines a move takes the step from and puts it before.
            for (process, at) in holders(&talking.step) {
                if let Some(step) = process.steps.get(at) {
                    cx.layout.prefetch_span_line(step.span);
                }
            }
            if let Some(opening) = cx.negotiated.steps.get(talking.start) {
                for (process, at) in holders(opening) {
                    if let Some(step) = process.steps.get(at) {
                        cx.layout.prefetch_line(step.span.start());
                    }
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
                .filter(|&id| talks(id))
                .filter_map(|id| cx.model.stakeholder(id))
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
        let landmarks = landmarks.get_or_insert_with(|| Landmarks::new(cx, &buyer.quiet_periods));
        let fix = move_before(cx, landmarks, talking).map(|edits| {
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
        });
        out.push(fix::attach_one(report, fix, false));
    }
}

/// A step inside a quiet period that includes a buyer other than
/// procurement.
#[derive(Clone, Copy, Debug)]
struct Talking<'q> {
    /// The period's index in the buyer's process's list.
    period: usize,
    quiet: &'q QuietPeriod,
    /// The period's opening step's place in the negotiated order.
    start: usize,
    step: NegotiatedStep,
}

/// Where each quiet period lies in the negotiated order: the places of its
/// opening and closing steps (`None` where the order lacks one).
///
/// Each period's places are asked for a few periods ahead: a large
/// playbook's periods lie all over the order, and each period read in turn
/// waited on memory for both. With [`walked`] asking ahead too, the talking
/// steps of a 50 MB playbook's 2,100 periods were found in 127 to 139 µs,
/// against 152 to 166.
fn spans(cx: &Context, periods: &[QuietPeriod]) -> Vec<Option<(usize, usize)>> {
    let mut spans = Vec::with_capacity(periods.len());
    for (index, quiet) in periods.iter().enumerate() {
        ahead(periods, index, |quiet| {
            cx.negotiated.prefetch_position(quiet.after);
            cx.negotiated.prefetch_position(quiet.until);
        });
        spans.push(
            cx.negotiated
                .position(quiet.after)
                .zip(cx.negotiated.position(quiet.until)),
        );
    }
    spans
}

/// The places inside each quiet period (strictly between its bounds in the
/// negotiated order, `spans`) whose step includes a buyer other than
/// procurement, period by period in order and each period's places in
/// order.
///
/// Whether a step includes such a buyer comes from its conversation's
/// facts, a byte each, rather than from its participants' records. Periods
/// that together cover no more places than the order holds (as when they
/// do not overlap) are walked place by place ([`walked`]); longer ones,
/// overlapping, go through a table ([`through_table`]), so that the time
/// stays linear in the order's length however many periods overlap.
fn talking_inside<'q>(
    cx: &Context,
    periods: &'q [QuietPeriod],
    spans: &[Option<(usize, usize)>],
) -> Vec<Talking<'q>> {
    let covered = spans
        .iter()
        .flatten()
        .map(|&(start, end)| end.saturating_sub(start + 1))
        .fold(0_usize, usize::saturating_add);
    if covered <= cx.negotiated.steps.len() {
        walked(cx, periods, spans)
    } else {
        through_table(cx, periods, spans)
    }
}

/// [`talking_inside`], each period's places read one by one: only the
/// places inside are read (the table reads every conversation's place and
/// facts and writes two tables as long as the order). A later period's
/// first steps, and then their facts, are asked for while one is read.
fn walked<'q>(
    cx: &Context,
    periods: &'q [QuietPeriod],
    spans: &[Option<(usize, usize)>],
) -> Vec<Talking<'q>> {
    let steps = &cx.negotiated.steps;
    let first_two =
        |&(start, _): &(usize, usize)| steps.get(start + 1..).unwrap_or(&[]).iter().take(2);
    let mut inside = Vec::new();
    for (period, (quiet, span)) in periods.iter().zip(spans).enumerate() {
        further_ahead(spans, period, |span| {
            for step in span.iter().flat_map(first_two) {
                prefetch(Some(step));
            }
        });
        ahead(spans, period, |span| {
            for step in span.iter().flat_map(first_two) {
                cx.model.prefetch_facts(step.conversation);
            }
        });
        let Some((start, end)) = *span else {
            continue;
        };
        for &step in steps.get(start + 1..end).unwrap_or(&[]) {
            if cx
                .model
                .facts(step.conversation)
                .buyer_besides_procurement()
            {
                inside.push(Talking {
                    period,
                    quiet,
                    start,
                    step,
                });
            }
        }
    }
    inside
}

/// [`talking_inside`] through a table, for each place, of the first place
/// from there whose step includes a buyer who may not talk: each period
/// visits only the places it reports, however long it is and however many
/// others overlap it.
fn through_table<'q>(
    cx: &Context,
    periods: &'q [QuietPeriod],
    spans: &[Option<(usize, usize)>],
) -> Vec<Talking<'q>> {
    let steps = &cx.negotiated.steps;
    // Whether each place's step includes such a buyer, found conversation
    // by conversation through the table of places, so that the steps' own
    // records (40 bytes a place) are not read.
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
    let mut inside = Vec::new();
    for (period, (quiet, span)) in periods.iter().zip(spans).enumerate() {
        let Some((start, end)) = *span else {
            continue;
        };
        let mut place = next_talking.get(start + 1).copied().unwrap_or(steps.len());
        while place < end {
            let Some(&step) = steps.get(place) else {
                break;
            };
            inside.push(Talking {
                period,
                quiet,
                start,
                step,
            });
            place = next_talking.get(place + 1).copied().unwrap_or(steps.len());
        }
    }
    inside
}

/// The edits moving `talking`'s step before its quiet period's opening
/// step in every process that holds it after that step; `None` when the
/// move would leave the step inside the quiet period or out of order.
fn move_before(
    cx: &Context,
    landmarks: &Landmarks,
    talking: &Talking<'_>,
) -> Option<Vec<TextEdit>> {
    let (step, opening, start) = (
        talking.step.conversation,
        talking.quiet.after,
        talking.start,
    );
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
    if !met_before_opening || !merge_puts_first(cx, landmarks, step, opening, talking.period) {
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
        let moved = cx.layout.move_step(holder, from, before)?;
        // The first process's edits are the list (most moves are in one).
        if edits.is_empty() {
            edits = moved;
        } else {
            edits.extend(moved);
        }
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
    period: usize,
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
                && other.contains(opening)
                && landmarks
                    .next_in_place(period)
                    .zip(opening_in_lead)
                    .is_some_and(|(anchor, opening)| anchor <= opening)
        });
    }
    let Some(other) = other else {
        return false;
    };
    let (true, Some(step_at)) = (other.contains(opening), other.position(step)) else {
        return false;
    };
    match lead.and_then(|lead| lead.position(step)) {
        None => true,
        Some(step_in_lead) => landmarks
            .first_shared_after(period, step_at)
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
/// won in the negotiated order, and, at each quiet period's opening step in
/// the non-lead process, the shared steps that follow it there.
struct Landmarks {
    /// By commitment: the earliest place of a winner in the negotiated
    /// order, that winner, and the earliest place of another winner.
    first_won: Vec<(usize, Option<ConversationId>, usize)>,
    /// By quiet period (as the buyer's process lists them): what follows
    /// its opening step in the non-lead process ([`Opening::NONE`] where
    /// that process does not hold the step).
    openings: Vec<Opening>,
}

/// What follows a quiet period's opening step in the non-lead process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Opening {
    /// The place in the lead's process of the first shared step from the
    /// opening step on whose place the merge keeps (one in the longest
    /// common subsequence it finds), or [`NONE`].
    next_in_place: usize,
    /// The two shared steps after the opening step that come first in the
    /// lead's order, as (place in the lead's process, place in the
    /// non-lead's), [`NONE`] where there are fewer.
    later_shared: [(usize, usize); 2],
}

impl Opening {
    const NONE: Opening = Opening {
        next_in_place: NONE,
        later_shared: [(NONE, NONE); 2],
    };
}

impl Landmarks {
    /// Found for the quiet periods `periods` in one pass over the non-lead
    /// process from its end back to the earliest opening step: what
    /// follows each opening is kept at the opening alone, rather than for
    /// every place in tables as long as the process (two of them, 40 bytes
    /// a place: 6 MB written at 50 MB, and read back where the fixes are).
    fn new(cx: &Context, periods: &[QuietPeriod]) -> Landmarks {
        let first_won = first_won(cx);
        let mut openings = vec![Opening::NONE; periods.len()];
        if let Some((lead, other)) = cx.both() {
            // The opening steps' places in the non-lead process, from the
            // last.
            let mut asked: Vec<(usize, usize)> = periods
                .iter()
                .enumerate()
                .filter_map(|(period, quiet)| Some((other.position(quiet.after)?, period)))
                .collect();
            asked.sort_unstable_by(|a, b| b.cmp(a));
            let earliest = asked.last().map_or(usize::MAX, |&(at, _)| at);
            let mut asked = asked.into_iter().peekable();
            // The merge's own choice, which it keeps: a process's steps are
            // first occurrences, and waived steps are left out of both.
            // (The steps' conversations read from the column of their ids,
            // not from the steps' records: a tenth of the bytes.)
            let conversations = other.step_conversations();
            let mut next = NONE;
            let mut best = [(NONE, NONE); 2];
            for (index, &conversation) in conversations.iter().enumerate().rev() {
                if index < earliest {
                    break;
                }
                // The shared steps after this one.
                let after = best;
                let conversation = ConversationId(conversation as usize);
                if !lead.waives(conversation)
                    && !other.waives(conversation)
                    && let Some(in_lead) = lead.position(conversation)
                {
                    if cx.negotiated.agrees(conversation) {
                        next = in_lead;
                    }
                    let entry = (in_lead, index);
                    if entry.0 < best[0].0 {
                        best = [entry, best[0]];
                    } else if entry.0 < best[1].0 {
                        best[1] = entry;
                    }
                }
                while let Some((_, period)) = asked.next_if(|&(at, _)| at == index) {
                    if let Some(opening) = openings.get_mut(period) {
                        *opening = Opening {
                            next_in_place: next,
                            later_shared: after,
                        };
                    }
                }
            }
        }
        Landmarks {
            first_won,
            openings,
        }
    }

    /// The place in the lead's process of the first shared step from
    /// quiet period `period`'s opening step on in the non-lead process
    /// whose place the merge keeps.
    fn next_in_place(&self, period: usize) -> Option<usize> {
        self.openings
            .get(period)
            .map(|opening| opening.next_in_place)
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

    /// The place in the lead's process of the shared step after quiet
    /// period `period`'s opening step in the non-lead process, other than
    /// the one at `except` there, that comes first in the lead's order.
    fn first_shared_after(&self, period: usize, except: usize) -> Option<usize> {
        self.openings
            .get(period)?
            .later_shared
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

    /// Playbooks with quiet periods: the examples', the rule's fixtures, a
    /// generated portfolio and two written here, one whose periods overlap.
    fn with_quiet_periods() -> Vec<&'static str> {
        vec![
            include_str!("../../../../examples/county-rfp.parley"),
            include_str!("../../tests/fixtures/P111/fires.parley"),
            include_str!("../../tests/fixtures/P111/fires-all-rules.parley"),
            include_str!("../../tests/fixtures/P111/fires-needs-the-opening.parley"),
            include_str!("../../tests/fixtures/P111/fires-opening-buyer-only.parley"),
            include_str!("../../tests/fixtures/P111/fires-seller-step.parley"),
            include_str!("../../tests/fixtures/P111/quiet.parley"),
            include_str!("../../tests/generated/portfolio-seed-7.parley"),
            OVERLAPPING,
            TWO_ORDERS,
        ]
    }

    /// Four quiet periods over six steps, three of them overlapping the
    /// first: together they cover twice as many places as the order holds.
    const OVERLAPPING: &str = r#"
stakeholder omar "Omar" { side buyer role champion }
stakeholder priya "Priya" { side buyer role procurement }
stakeholder sam "Sam" { side seller role account-executive }
conversation a "A" { with priya owner sam }
conversation b "B" { with omar owner sam }
conversation c "C" { with priya owner sam }
conversation d "D" { with omar owner sam }
conversation e "E" { with omar, priya owner sam }
conversation f "F" { with priya owner sam }
process buyer {
  quiet after a until f
  quiet after a until e
  quiet after b until f
  quiet after c until f
  a b c d e f
}
"#;

    /// Two processes that disagree on their order, with a waived step, one
    /// step each of their own and quiet periods opening at a step both hold
    /// and at one only the buyer holds.
    const TWO_ORDERS: &str = r#"
stakeholder omar "Omar" { side buyer role champion }
stakeholder priya "Priya" { side buyer role procurement }
stakeholder sam "Sam" { side seller role account-executive }
conversation a "A" { with priya owner sam }
conversation b "B" { with omar owner sam }
conversation c "C" { with priya owner sam }
conversation d "D" { with omar owner sam }
conversation e "E" { with omar owner sam }
conversation f "F" { with priya owner sam }
conversation g "G" { with omar owner sam }
conversation h "H" { with priya owner sam }
process seller { a c b d e g f h }
process buyer {
  quiet after a until f
  quiet after c until h
  quiet after d until f
  waives g "not ours"
  a b c d f e h
}
"#;

    /// Each found step as (period, opening place, conversation), to compare.
    fn listed(found: &[Talking<'_>]) -> Vec<(usize, usize, ConversationId)> {
        found
            .iter()
            .map(|talking| (talking.period, talking.start, talking.step.conversation))
            .collect()
    }

    #[test]
    fn walking_the_periods_and_the_table_find_the_same_talking_steps() {
        let mut found_any = false;
        for (round, text) in with_quiet_periods().into_iter().enumerate() {
            let parsed = parley_syntax::parse(text);
            let resolved = crate::Resolved::new(text, &parsed.file, &parsed.errors);
            let cx = resolved.context();
            let Some(buyer) = cx.process(Side::Buyer) else {
                continue;
            };
            let spans = spans(&cx, &buyer.quiet_periods);
            let walked = listed(&walked(&cx, &buyer.quiet_periods, &spans));
            let tabled = listed(&through_table(&cx, &buyer.quiet_periods, &spans));
            assert_eq!(walked, tabled, "playbook {round}");
            assert_eq!(
                listed(&talking_inside(&cx, &buyer.quiet_periods, &spans)),
                tabled,
                "playbook {round}"
            );
            found_any |= !tabled.is_empty();
        }
        assert!(found_any);
    }

    #[test]
    fn overlapping_periods_each_list_the_talking_steps_inside_them() {
        let parsed = parley_syntax::parse(OVERLAPPING);
        let resolved = crate::Resolved::new(OVERLAPPING, &parsed.file, &parsed.errors);
        let cx = resolved.context();
        let buyer = cx.process(Side::Buyer).expect("the buyer's process");
        let id = |name: &str| match cx.model.lookup(name) {
            Some(crate::model::Symbol::Conversation(id)) => id,
            other => panic!("{name}: {other:?}"),
        };
        let at = |name: &str| cx.negotiated.position(id(name)).expect(name);
        // `b`, `d` and `e` include Omar; `a`, `c` and `f` only procurement.
        let expected = vec![
            (0, at("a"), id("b")),
            (0, at("a"), id("d")),
            (0, at("a"), id("e")),
            (1, at("a"), id("b")),
            (1, at("a"), id("d")),
            (2, at("b"), id("d")),
            (2, at("b"), id("e")),
            (3, at("c"), id("d")),
            (3, at("c"), id("e")),
        ];
        let spans = spans(&cx, &buyer.quiet_periods);
        assert_eq!(
            listed(&talking_inside(&cx, &buyer.quiet_periods, &spans)),
            expected
        );
        assert_eq!(listed(&walked(&cx, &buyer.quiet_periods, &spans)), expected);
    }

    /// What [`Landmarks`] kept for every place of the non-lead process
    /// before it kept it at the opening steps alone: the next step in place
    /// and the two first shared steps in the lead's order, from each place
    /// on, found forward and then backward.
    fn every_place(cx: &Context) -> (Vec<usize>, Vec<[(usize, usize); 2]>) {
        let Some((lead, other)) = cx.both() else {
            return (Vec::new(), Vec::new());
        };
        let shared_at = |c: ConversationId| {
            (!lead.waives(c) && !other.waives(c))
                .then(|| lead.position(c))
                .flatten()
        };
        let mut next_in_place = vec![NONE; other.steps.len()];
        for (index, step) in other.steps.iter().enumerate() {
            if cx.negotiated.agrees(step.conversation)
                && let Some(at) = shared_at(step.conversation)
            {
                next_in_place[index] = at;
            }
        }
        let mut next = NONE;
        for slot in next_in_place.iter_mut().rev() {
            if *slot == NONE {
                *slot = next;
            } else {
                next = *slot;
            }
        }
        let mut later_shared = vec![[(NONE, NONE); 2]; other.steps.len() + 1];
        // Every shared step from each place on, sorted by the lead's order.
        for (index, first_two) in later_shared.iter_mut().enumerate() {
            let mut shared: Vec<(usize, usize)> = other
                .steps
                .iter()
                .enumerate()
                .skip(index)
                .filter_map(|(at, step)| Some((shared_at(step.conversation)?, at)))
                .collect();
            shared.sort_unstable();
            for (slot, entry) in first_two.iter_mut().zip(shared) {
                *slot = entry;
            }
        }
        (next_in_place, later_shared)
    }

    #[test]
    fn each_opening_keeps_what_follows_it_in_the_non_lead_process() {
        let mut openings_held = 0;
        for (round, text) in with_quiet_periods().into_iter().enumerate() {
            let parsed = parley_syntax::parse(text);
            let resolved = crate::Resolved::new(text, &parsed.file, &parsed.errors);
            let cx = resolved.context();
            let Some(buyer) = cx.process(Side::Buyer) else {
                continue;
            };
            let periods = &buyer.quiet_periods;
            let landmarks = Landmarks::new(&cx, periods);
            assert_eq!(landmarks.openings.len(), periods.len(), "playbook {round}");
            let (next_in_place, later_shared) = every_place(&cx);
            for (period, quiet) in periods.iter().enumerate() {
                let held = cx.both().and_then(|(_, other)| other.position(quiet.after));
                let expected = match held {
                    Some(at) => {
                        openings_held += 1;
                        Opening {
                            next_in_place: next_in_place[at],
                            later_shared: later_shared[at + 1],
                        }
                    }
                    None => Opening::NONE,
                };
                assert_eq!(
                    landmarks.openings[period], expected,
                    "playbook {round}, period {period}"
                );
            }
        }
        assert!(openings_held >= 4, "{openings_held}");
    }
}
