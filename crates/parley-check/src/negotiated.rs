//! The negotiated process: the one sequence both parties could sign.
//!
//! Every non-waived step of both processes, every dependency honoured, both
//! orders kept where they agree, the lead side's order where they do not.
//! Built as a topological merge:
//!
//! 1. The shared steps of the other side that disagree with the lead's order
//!    (outside a longest common subsequence of the shared steps) give up
//!    their place; the rest of the other side's order agrees with the lead's.
//! 2. The two orders are merged: the lead's order, with each step only the
//!    other side holds placed as late as it can be, just before the next
//!    shared step it precedes.
//! 3. Dependencies are hard: a topological sort (Kahn, smallest merged rank
//!    first) keeps the merged order wherever the needs allow it. A need for
//!    a commitment is met by any conversation that wins it. A cycle
//!    (`P106`) is broken in merged order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use parley_syntax::ast::Side;

use crate::model::{ConversationId, Model, Need, Process};

/// One step of the negotiated process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NegotiatedStep {
    pub conversation: ConversationId,
    /// Its index in the seller's process, when the seller holds it.
    pub seller: Option<usize>,
    /// Its index in the buyer's process, when the buyer holds it.
    pub buyer: Option<usize>,
}

impl NegotiatedStep {
    /// Its index in one side's process.
    pub fn index_in(&self, side: Side) -> Option<usize> {
        match side {
            Side::Seller => self.seller,
            Side::Buyer => self.buyer,
        }
    }
}

/// The merged sequence of both processes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NegotiatedProcess {
    pub steps: Vec<NegotiatedStep>,
    /// Conversations either party waives, left out of the sequence.
    pub waived: Vec<ConversationId>,
    /// The side whose order won where the two disagreed.
    pub lead: Option<Side>,
    /// By conversation id: its index in `steps`, `u32::MAX` when absent.
    position: Vec<u32>,
    /// By conversation id: whether it is a shared step whose place the
    /// merge keeps (see [`NegotiatedProcess::agrees`]); empty unless the
    /// playbook has both processes.
    agreeing: Vec<bool>,
}

/// No place in a table by conversation id.
const ABSENT: u32 = u32::MAX;

/// A table by conversation id of the index of each conversation in `order`.
fn places(order: &[ConversationId], size: usize) -> Vec<u32> {
    let size = order.iter().map(|c| c.0 + 1).max().unwrap_or(0).max(size);
    let mut table = vec![ABSENT; size];
    for (index, conversation) in order.iter().enumerate() {
        if let Some(slot) = table.get_mut(conversation.0) {
            *slot = u32::try_from(index).unwrap_or(ABSENT);
        }
    }
    table
}

/// The index stored for `conversation` in a table made by [`places`].
fn place_of(table: &[u32], conversation: ConversationId) -> Option<usize> {
    table
        .get(conversation.0)
        .copied()
        .filter(|&p| p != ABSENT)
        .map(|p| p as usize)
}

impl NegotiatedProcess {
    pub fn new(model: &Model) -> NegotiatedProcess {
        let lead_side = model.playbook.lead;
        let empty = Process::new(lead_side, Default::default(), Default::default());
        let empty_other = Process::new(lead_side.other(), Default::default(), Default::default());
        let lead = model.process(lead_side).unwrap_or(&empty);
        let other = model.process(lead_side.other()).unwrap_or(&empty_other);

        let mut waived: Vec<ConversationId> = Vec::new();
        let waives = |c: ConversationId| lead.waives(c) || other.waives(c);
        let mut listed = vec![false; model.conversations.len()];
        for waiver in lead.waivers.iter().chain(&other.waivers) {
            let id = waiver.conversation.0;
            if id >= listed.len() {
                listed.resize(id + 1, false);
            }
            if let Some(flag @ false) = listed.get_mut(id) {
                *flag = true;
                waived.push(waiver.conversation);
            }
        }
        let kept = |process: &Process| -> Vec<ConversationId> {
            let mut order = Vec::with_capacity(process.steps.len());
            order.extend(
                process
                    .steps
                    .iter()
                    .map(|step| step.conversation)
                    .filter(|&c| !waives(c)),
            );
            order
        };
        let lead_order = kept(lead);
        let other_order = kept(other);
        let (merged, agreeing_steps) = merge(&lead_order, &other_order);
        let mut agreeing = Vec::new();
        if model.seller.is_some() && model.buyer.is_some() {
            agreeing = vec![false; model.conversations.len()];
            for conversation in agreeing_steps.iter().filter_map(|&i| other_order.get(i)) {
                if let Some(slot) = agreeing.get_mut(conversation.0) {
                    *slot = true;
                }
            }
        }
        let order = honour_dependencies(model, &merged);

        let position = places(&order, model.conversations.len());
        let mut steps = Vec::with_capacity(order.len());
        for conversation in order {
            let (seller, buyer) = match lead_side {
                Side::Seller => (lead.position(conversation), other.position(conversation)),
                Side::Buyer => (other.position(conversation), lead.position(conversation)),
            };
            steps.push(NegotiatedStep {
                conversation,
                seller,
                buyer,
            });
        }
        let any_process = model.seller.is_some() || model.buyer.is_some();
        NegotiatedProcess {
            steps,
            waived,
            lead: any_process.then_some(lead_side),
            position,
            agreeing,
        }
    }

    /// Whether `conversation` is a shared step whose place the merge keeps:
    /// one of the longest run of the non-lead side's shared steps (those
    /// neither side waives) that both processes hold in the same order, the
    /// run [`longest_increasing`] finds. The shared steps outside it are
    /// the ones `P103` reports.
    pub fn agrees(&self, conversation: ConversationId) -> bool {
        self.agreeing.get(conversation.0).copied().unwrap_or(false)
    }

    /// Brings where [`NegotiatedProcess::position`] reads `conversation`'s
    /// place into the processor's cache ahead of the read.
    #[inline(always)]
    pub(crate) fn prefetch_position(&self, conversation: ConversationId) {
        crate::prefetch::prefetch(self.position.get(conversation.0));
    }

    /// Where a conversation falls in the negotiated order.
    pub fn position(&self, conversation: ConversationId) -> Option<usize> {
        place_of(&self.position, conversation)
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }
}

/// The indices (into `sequence`) of one longest strictly increasing
/// subsequence, by patience sorting: O(n log n).
pub(crate) fn longest_increasing(sequence: &[usize]) -> Vec<usize> {
    // tails[k]: index of the smallest tail of an increasing run of length k+1.
    let mut tails: Vec<usize> = Vec::with_capacity(sequence.len());
    let mut previous: Vec<Option<usize>> = vec![None; sequence.len()];
    for (index, &value) in sequence.iter().enumerate() {
        // Orders mostly agree: a value past the last tail extends the
        // longest run without a search.
        let extends = tails
            .last()
            .and_then(|&tail| sequence.get(tail))
            .is_none_or(|&t| t < value);
        let slot = if extends {
            tails.len()
        } else {
            tails.partition_point(|&tail| sequence.get(tail).is_some_and(|&t| t < value))
        };
        if slot > 0 {
            previous[index] = tails.get(slot - 1).copied();
        }
        if slot == tails.len() {
            tails.push(index);
        } else if let Some(tail) = tails.get_mut(slot) {
            *tail = index;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut cursor = tails.last().copied();
    while let Some(index) = cursor {
        run.push(index);
        cursor = previous.get(index).copied().flatten();
    }
    run.reverse();
    run
}

/// Merges two orders: the lead's, with the other's one-sided steps placed
/// just before the next shared step that agrees with the lead. Also gives
/// the agreeing shared steps, as indices into `other`, rising.
fn merge(lead: &[ConversationId], other: &[ConversationId]) -> (Vec<ConversationId>, Vec<usize>) {
    let lead_places = places(lead, 0);
    let lead_position = |c: ConversationId| place_of(&lead_places, c);
    // The other side's shared steps, by their lead position.
    // (Each list below is allocated once, for the most it can hold.)
    let mut shared: Vec<(usize, usize)> = Vec::with_capacity(other.len());
    shared.extend(
        other
            .iter()
            .enumerate()
            .filter_map(|(i, &c)| lead_position(c).map(|p| (i, p))),
    );
    let positions: Vec<usize> = shared.iter().map(|&(_, p)| p).collect();
    let increasing = longest_increasing(&positions);
    let mut agreeing: Vec<usize> = Vec::with_capacity(increasing.len());
    agreeing.extend(
        increasing
            .into_iter()
            .filter_map(|k| shared.get(k).map(|&(i, _)| i)),
    );
    // For each agreeing shared step (by lead position), the one-sided steps
    // of the other side that come before it and after the previous one.
    // By lead position: (start, end) of the run of `one_sided` that goes
    // before it (each agreeing shared step ends one run).
    let mut before: Vec<(usize, usize)> = vec![(0, 0); lead.len()];
    let mut one_sided: Vec<ConversationId> = Vec::with_capacity(other.len());
    let mut run_start = 0;
    let mut agreeing_iter = agreeing.iter().peekable();
    for (index, &conversation) in other.iter().enumerate() {
        if agreeing_iter.peek() == Some(&&index) {
            agreeing_iter.next();
            if let Some(slot) = lead_position(conversation).and_then(|p| before.get_mut(p)) {
                *slot = (run_start, one_sided.len());
            }
            run_start = one_sided.len();
            continue;
        }
        if lead_position(conversation).is_none() {
            one_sided.push(conversation);
        }
    }
    let pending = one_sided.get(run_start..).unwrap_or(&[]);
    let mut merged = Vec::with_capacity(lead.len() + other.len());
    for (p, &conversation) in lead.iter().enumerate() {
        if let Some(run) = before
            .get(p)
            .and_then(|&(start, end)| one_sided.get(start..end))
        {
            merged.extend_from_slice(run);
        }
        merged.push(conversation);
    }
    merged.extend(pending);
    (merged, agreeing)
}

/// Values grouped by the step they belong to: step `s`'s are
/// `values[starts[s]..starts[s + 1]]`, in the order given (a counting sort).
struct Grouped {
    starts: Vec<usize>,
    values: Vec<usize>,
}

impl Grouped {
    fn new(count: usize, pairs: &[(usize, usize)]) -> Grouped {
        let mut starts = vec![0usize; count + 1];
        for &(step, _) in pairs {
            if let Some(slot) = starts.get_mut(step + 1) {
                *slot += 1;
            }
        }
        for step in 0..count {
            starts[step + 1] += starts[step];
        }
        let mut next = starts.clone();
        let mut values = vec![0usize; starts.last().copied().unwrap_or(0)];
        for &(step, value) in pairs {
            if let Some(at) = next.get_mut(step) {
                if let Some(slot) = values.get_mut(*at) {
                    *slot = value;
                }
                *at += 1;
            }
        }
        Grouped { starts, values }
    }

    fn of(&self, step: usize) -> &[usize] {
        match (self.starts.get(step), self.starts.get(step + 1)) {
            (Some(&start), Some(&end)) => self.values.get(start..end).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Whether every requirement of every step in `merged` (see
/// [`honour_dependencies`]) has a provider earlier in `merged`: then the
/// sort, smallest merged rank first, places the steps in merged order (each
/// step is ready once the ones before it are placed), and that order is
/// the answer without building the requirements.
fn already_honoured(model: &Model, merged: &[ConversationId], ranks: &[u32]) -> bool {
    // By commitment: the smallest and largest merged rank of its winners
    // (`ABSENT` and 0 when none is in the sequence), found at first need.
    let mut spans: Vec<(u32, u32)> = Vec::new();
    let mut known: Vec<bool> = Vec::new();
    for (index, &conversation) in merged.iter().enumerate() {
        let index = u32::try_from(index).unwrap_or(ABSENT);
        for need in model.step_needs_of(conversation).iter() {
            match need.need {
                Need::Conversation(id) => {
                    let provider = ranks.get(id.0).copied().unwrap_or(ABSENT);
                    // No provider, or only the step itself: no requirement.
                    if provider != ABSENT && provider > index {
                        return false;
                    }
                }
                Need::Commitment(id) => {
                    if spans.is_empty() {
                        spans = vec![(ABSENT, 0); model.commitments.len()];
                        known = vec![false; model.commitments.len()];
                    }
                    let (Some(span), Some(seen)) = (spans.get_mut(id.0), known.get_mut(id.0))
                    else {
                        return false;
                    };
                    if !*seen {
                        *seen = true;
                        for winner in model.winners(id) {
                            let rank = ranks.get(winner.0).copied().unwrap_or(ABSENT);
                            if rank != ABSENT {
                                span.0 = span.0.min(rank);
                                span.1 = span.1.max(rank);
                            }
                        }
                    }
                    let (first, last) = *span;
                    // Met by an earlier winner; no winner, or only the step
                    // itself, is no requirement.
                    let met = first < index || first == ABSENT || (first == index && last == index);
                    if !met {
                        return false;
                    }
                }
            }
        }
    }
    true
}

/// A topological sort over the needs, smallest merged rank first, so the
/// merged order stands wherever the dependencies allow.
///
/// A need is a requirement met by any of its providers: the conversation it
/// names, or any conversation in the sequence that wins the commitment. A
/// step is ready once each of its requirements has a provider placed before
/// it. When nothing is ready (a cycle), the earliest unplaced step goes next.
fn honour_dependencies(model: &Model, merged: &[ConversationId]) -> Vec<ConversationId> {
    let ranks = places(merged, model.conversations.len());
    if already_honoured(model, merged, &ranks) {
        return merged.to_vec();
    }
    sort_by_needs(model, merged, &ranks)
}

/// [`honour_dependencies`] by building every requirement and placing the
/// steps as they become ready; `ranks` is `merged`'s [`places`].
fn sort_by_needs(model: &Model, merged: &[ConversationId], ranks: &[u32]) -> Vec<ConversationId> {
    let rank = |c: ConversationId| place_of(ranks, c);
    let count = merged.len();
    // Every requirement of every step, numbered: `requirement_met[r]`, and
    // `requirement_step[r]` the step that has it.
    // (At most one per step need, and one provider per win.)
    let most = model.step_need_count();
    let mut requirement_met: Vec<bool> = Vec::with_capacity(most);
    let mut requirement_step: Vec<usize> = Vec::with_capacity(most);
    // (provider, requirement): the requirements a step's placement meets
    // (needs for its conversation); (provider, group): the commitment
    // groups it meets. Both are sorted by provider before placing.
    let mut satisfies: Vec<(usize, usize)> = Vec::with_capacity(most);
    let mut unmet = vec![0usize; count];
    // A commitment's winners are shared by every step that needs it: one
    // group per commitment, met all at once by the first winner placed, so
    // the graph stays linear in the playbook (no edge per winner and step).
    let mut groups: Vec<u32> = vec![ABSENT; model.commitments.len()];
    // Group `g`'s providers (merged ranks, ascending, each once) are
    // `providers[group_runs[g].0..group_runs[g].1]`; the requirements
    // waiting on it are `(g, requirement)` in `waiting`, in the order
    // added. One vector each, not one per group.
    let mut group_runs: Vec<(usize, usize)> = Vec::new();
    let mut providers: Vec<usize> = Vec::with_capacity(model.win_count());
    let mut scratch: Vec<usize> = Vec::new();
    let mut waiting: Vec<(usize, usize)> = Vec::with_capacity(most);
    let mut provides: Vec<(usize, usize)> = Vec::with_capacity(model.win_count());
    for (index, &conversation) in merged.iter().enumerate() {
        for need in model.step_needs_of(conversation).iter() {
            let group = match need.need {
                Need::Conversation(_) => None,
                Need::Commitment(id) => {
                    let existing = groups
                        .get(id.0)
                        .copied()
                        .filter(|&g| g != ABSENT)
                        .map(|g| g as usize);
                    Some(existing.unwrap_or_else(|| {
                        let group = group_runs.len();
                        scratch.clear();
                        scratch.extend(model.winners(id).iter().filter_map(|&w| rank(w)));
                        scratch.sort_unstable();
                        scratch.dedup();
                        provides.extend(scratch.iter().map(|&provider| (provider, group)));
                        let start = providers.len();
                        providers.extend_from_slice(&scratch);
                        group_runs.push((start, providers.len()));
                        if let Some(slot) = groups.get_mut(id.0) {
                            *slot = u32::try_from(group).unwrap_or(ABSENT);
                        }
                        group
                    }))
                }
            };
            let has_provider = match (need.need, group) {
                (Need::Conversation(id), _) => rank(id).is_some_and(|p| p != index),
                (Need::Commitment(_), Some(group)) => group_runs
                    .get(group)
                    .and_then(|&(start, end)| providers.get(start..end))
                    .is_some_and(|p| p.len() > 1 || p.first().is_some_and(|&p| p != index)),
                (Need::Commitment(_), None) => false,
            };
            if !has_provider {
                continue;
            }
            let requirement = requirement_met.len();
            requirement_met.push(false);
            requirement_step.push(index);
            if let Some(count) = unmet.get_mut(index) {
                *count += 1;
            }
            match (need.need, group) {
                (Need::Conversation(id), _) => {
                    if let Some(provider) = rank(id) {
                        satisfies.push((provider, requirement));
                    }
                }
                (Need::Commitment(_), group) => {
                    if let Some(group) = group {
                        waiting.push((group, requirement));
                    }
                }
            }
        }
    }
    // Grouped by the step whose placement meets them, each in the order added.
    let satisfies = Grouped::new(count, &satisfies);
    let provides = Grouped::new(count, &provides);
    let group_count = group_runs.len();
    let waiting = Grouped::new(group_count, &waiting);
    // A group's waiting requirements are met (or dropped) by its first
    // provider placed.
    let mut drained = vec![false; group_count];
    // Room for every step: each is ready once.
    let mut ready_now: Vec<Reverse<usize>> = Vec::with_capacity(count);
    ready_now.extend(
        unmet
            .iter()
            .enumerate()
            .filter(|(_, n)| **n == 0)
            .map(|(i, _)| Reverse(i)),
    );
    let mut ready = BinaryHeap::from(ready_now);
    let mut placed = vec![false; count];
    let mut order = Vec::with_capacity(count);
    let mut next_unplaced = 0;
    while order.len() < count {
        let next = match ready.pop() {
            Some(Reverse(index)) => index,
            None => {
                // A cycle: break it in merged order.
                while placed.get(next_unplaced) == Some(&true) {
                    next_unplaced += 1;
                }
                next_unplaced
            }
        };
        if placed.get(next) != Some(&false) {
            continue;
        }
        placed[next] = true;
        if let Some(&conversation) = merged.get(next) {
            order.push(conversation);
        }
        let mut meet = |requirement: usize| {
            let Some(flag) = requirement_met.get_mut(requirement) else {
                return;
            };
            if *flag {
                return;
            }
            *flag = true;
            let Some(&step) = requirement_step.get(requirement) else {
                return;
            };
            if let Some(left) = unmet.get_mut(step) {
                *left = left.saturating_sub(1);
                if *left == 0 && placed.get(step) == Some(&false) {
                    ready.push(Reverse(step));
                }
            }
        };
        for &requirement in satisfies.of(next) {
            meet(requirement);
        }
        for &group in provides.of(next) {
            if let Some(done @ false) = drained.get_mut(group) {
                *done = true;
                // A step does not meet its own need.
                for &requirement in waiting.of(group) {
                    if requirement_step.get(requirement) != Some(&next) {
                        meet(requirement);
                    }
                }
            }
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_keeps_the_most_agreeing_steps() {
        assert_eq!(longest_increasing(&[0, 1, 2]), vec![0, 1, 2]);
        assert_eq!(longest_increasing(&[2, 0, 1]), vec![1, 2]);
        assert_eq!(longest_increasing(&[3, 0, 1, 4, 2]).len(), 3);
        assert!(longest_increasing(&[]).is_empty());
    }

    #[test]
    fn a_commitment_need_waits_for_the_first_of_its_many_winners() {
        // `proposal` needs `collaborate` (through `review`); three
        // conversations win it, the lead lists `proposal` first, and the
        // first winner placed (`co-design-c`, the first that needs nothing)
        // is enough. `co-design-b` wins `collaborate` and needs it too
        // (through `custom`): it does not meet its own need, another does.
        let text = "commitment custom \"Custom\" { needs collaborate }\n\
            conversation proposal \"P\" { wins review }\n\
            conversation co-design-a \"A\" { wins collaborate }\n\
            conversation co-design-b \"B\" { wins collaborate, custom }\n\
            conversation co-design-c \"C\" { wins collaborate }\n\
            process seller { proposal co-design-b co-design-c co-design-a }\n";
        let analysis = crate::analyze(text);
        let order: Vec<&str> = analysis
            .negotiated
            .steps
            .iter()
            .map(|step| analysis.model.conversation_name(step.conversation))
            .collect();
        assert_eq!(
            order,
            ["co-design-c", "proposal", "co-design-b", "co-design-a"]
        );
    }

    /// When every need is met earlier in the merged order, the order is
    /// taken as it is: the full sort agrees, on orders that need moving
    /// and on orders that do not.
    #[test]
    fn an_order_that_honours_every_need_is_kept_as_the_sort_would_keep_it() {
        let texts = [
            "commitment custom \"Custom\" { needs collaborate }\n\
             conversation proposal \"P\" { wins review }\n\
             conversation co-design-a \"A\" { wins collaborate }\n\
             conversation co-design-b \"B\" { wins collaborate, custom }\n\
             conversation co-design-c \"C\" { wins collaborate }\n\
             process seller { proposal co-design-b co-design-c co-design-a }\n",
            "commitment custom \"Custom\" { needs collaborate }\n\
             conversation proposal \"P\" { wins review }\n\
             conversation co-design-a \"A\" { wins collaborate }\n\
             conversation co-design-b \"B\" { wins collaborate, custom }\n\
             conversation co-design-c \"C\" { wins collaborate }\n\
             process seller { co-design-c proposal co-design-b co-design-a }\n",
            "conversation a \"A\" { }\n\
             conversation b \"B\" { needs a }\n\
             conversation c \"C\" { needs b, a, c }\n\
             conversation d \"D\" { needs d }\n\
             process seller { a b d c }\n\
             process buyer { d a c b }\n",
            "conversation a \"A\" { needs c }\n\
             conversation b \"B\" { needs a }\n\
             conversation c \"C\" { needs b }\n\
             process seller { a b c }\n",
        ];
        let mut kept = 0;
        for text in texts {
            let analysis = crate::analyze(text);
            let model = &analysis.model;
            let lead = model.process(model.playbook.lead).map_or(Vec::new(), |p| {
                p.steps.iter().map(|s| s.conversation).collect::<Vec<_>>()
            });
            let other = model
                .process(model.playbook.lead.other())
                .map_or(Vec::new(), |p| {
                    p.steps.iter().map(|s| s.conversation).collect::<Vec<_>>()
                });
            let (merged, _) = merge(&lead, &other);
            let ranks = places(&merged, model.conversations.len());
            let sorted = sort_by_needs(model, &merged, &ranks);
            if already_honoured(model, &merged, &ranks) {
                kept += 1;
                assert_eq!(sorted, merged, "{text}");
            }
            assert_eq!(honour_dependencies(model, &merged), sorted, "{text}");
        }
        assert_eq!(kept, 2, "the second and third orders honour every need");
    }

    #[test]
    fn each_conversation_stands_once_in_the_negotiated_order_where_its_place_says() {
        // Repeated steps, a waiver, one-sided steps, a dependency cycle,
        // and one process alone: `P111` finds a place's step through the
        // table of places, so each step must be the one its place names.
        let texts = [
            "conversation a \"A\" { }\n\
             conversation b \"B\" { needs a }\n\
             conversation c \"C\" { }\n\
             conversation d \"D\" { }\n\
             process seller { b a c a d }\n\
             process buyer { c b a b }\n",
            "conversation a \"A\" { needs c }\n\
             conversation b \"B\" { needs a }\n\
             conversation c \"C\" { needs b }\n\
             conversation d \"D\" { }\n\
             process seller { a b c d }\n\
             process buyer { d c a waive b \"not ours\" }\n",
            "conversation a \"A\" { }\n\
             conversation b \"B\" { needs a }\n\
             process buyer { b a b }\n",
        ];
        for text in texts {
            let analysis = crate::analyze(text);
            let negotiated = &analysis.negotiated;
            assert!(!negotiated.is_empty(), "{text}");
            for (index, step) in negotiated.steps.iter().enumerate() {
                assert_eq!(
                    negotiated.position(step.conversation),
                    Some(index),
                    "{text}"
                );
            }
            let held = (0..analysis.model.conversations.len())
                .filter(|&id| negotiated.position(ConversationId(id)).is_some())
                .count();
            assert_eq!(held, negotiated.len(), "{text}");
        }
    }

    /// The shared steps the merge keeps, found again from the processes:
    /// the non-lead side's steps that neither side waives and the lead
    /// holds, and one longest run of them in the lead's order.
    fn agreeing_from_the_processes(model: &crate::model::Model) -> Vec<ConversationId> {
        let (Some(lead), Some(other)) = (
            model.process(model.playbook.lead),
            model.process(model.playbook.lead.other()),
        ) else {
            return Vec::new();
        };
        let waived = |c: ConversationId| lead.waives(c) || other.waives(c);
        let shared: Vec<(ConversationId, usize)> = other
            .steps
            .iter()
            .filter(|step| !waived(step.conversation))
            .filter_map(|step| Some((step.conversation, lead.position(step.conversation)?)))
            .collect();
        let positions: Vec<usize> = shared.iter().map(|&(_, at)| at).collect();
        let mut agreeing: Vec<ConversationId> = longest_increasing(&positions)
            .into_iter()
            .map(|k| shared[k].0)
            .collect();
        agreeing.sort_unstable();
        agreeing
    }

    #[test]
    fn the_steps_that_agree_are_one_longest_run_of_the_shared_steps() {
        // Two shuffled processes over the same conversations, each leaving
        // some out, one waiving some, the buyer leading now and then.
        let mut seed: u64 = 11;
        let mut below = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let mut texts: Vec<String> = crate::EXAMPLES.iter().map(|t| t.to_string()).collect();
        for round in 0..200 {
            let count = 2 + round % 12;
            let mut text = String::new();
            if below(3) == 0 {
                text.push_str("playbook \"P\" lead buyer\n");
            }
            for index in 0..count {
                text.push_str(&format!("conversation c{index} \"C\" {{ takes 1w }}\n"));
            }
            for side in ["seller", "buyer"] {
                let mut order: Vec<usize> = (0..count).filter(|_| below(5) != 0).collect();
                for at in (1..order.len()).rev() {
                    order.swap(at, below(at + 1));
                }
                let steps: Vec<String> = order.iter().map(|i| format!("c{i}")).collect();
                let waivers: String = (0..count)
                    .filter(|_| below(8) == 0)
                    .map(|i| format!(" waive c{i} \"no\""))
                    .collect();
                text.push_str(&format!(
                    "process {side} {{ {}{waivers} }}\n",
                    steps.join(" ")
                ));
            }
            texts.push(text);
        }
        let mut with_disagreement = 0;
        for text in &texts {
            let analysis = crate::analyze(text);
            let model = &analysis.model;
            let expected = agreeing_from_the_processes(model);
            let negotiated = NegotiatedProcess::new(model);
            let agreeing: Vec<ConversationId> = (0..model.conversations.len())
                .map(ConversationId)
                .filter(|&c| negotiated.agrees(c))
                .collect();
            assert_eq!(agreeing, expected, "{text}");
            let shared = model
                .process(model.playbook.lead.other())
                .map_or(0, |other| {
                    other
                        .steps
                        .iter()
                        .filter(|s| {
                            model
                                .process(model.playbook.lead)
                                .is_some_and(|lead| lead.contains(s.conversation))
                        })
                        .count()
                });
            with_disagreement += usize::from(expected.len() < shared);
        }
        assert!(with_disagreement > 50, "{with_disagreement}");
    }

    #[test]
    fn merge_places_one_sided_steps_before_the_next_shared_one() {
        let c = ConversationId;
        let lead = [c(0), c(1), c(2), c(3)];
        let other = [c(9), c(2), c(3)];
        // c(2) and c(3) agree: indices 1 and 2 of the other's order.
        assert_eq!(
            merge(&lead, &other),
            (vec![c(0), c(1), c(9), c(2), c(3)], vec![1, 2])
        );
    }

    #[test]
    fn merge_keeps_the_lead_order_where_they_disagree() {
        let c = ConversationId;
        let lead = [c(0), c(1), c(2)];
        let other = [c(2), c(5), c(0), c(1)];
        // c(2) disagrees and gives up its place; c(5) precedes c(0) there.
        assert_eq!(
            merge(&lead, &other),
            (vec![c(5), c(0), c(1), c(2)], vec![2, 3])
        );
    }
}
