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
use std::collections::{BinaryHeap, HashMap, HashSet};

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
    position: HashMap<ConversationId, usize>,
}

impl NegotiatedProcess {
    pub fn new(model: &Model) -> NegotiatedProcess {
        let lead_side = model.playbook.lead;
        let empty = Process::new(lead_side, Default::default(), Default::default());
        let empty_other = Process::new(lead_side.other(), Default::default(), Default::default());
        let lead = model.process(lead_side).unwrap_or(&empty);
        let other = model.process(lead_side.other()).unwrap_or(&empty_other);

        let mut waived: Vec<ConversationId> = Vec::new();
        let mut is_waived: HashSet<ConversationId> = HashSet::new();
        for waiver in lead.waivers.iter().chain(&other.waivers) {
            if is_waived.insert(waiver.conversation) {
                waived.push(waiver.conversation);
            }
        }
        let kept = |process: &Process| -> Vec<ConversationId> {
            process
                .steps
                .iter()
                .map(|step| step.conversation)
                .filter(|c| !is_waived.contains(c))
                .collect()
        };
        let lead_order = kept(lead);
        let other_order = kept(other);
        let merged = merge(&lead_order, &other_order);
        let order = honour_dependencies(model, &merged);

        let mut steps = Vec::with_capacity(order.len());
        let mut position = HashMap::new();
        for conversation in order {
            position.insert(conversation, steps.len());
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
        }
    }

    /// Where a conversation falls in the negotiated order.
    pub fn position(&self, conversation: ConversationId) -> Option<usize> {
        self.position.get(&conversation).copied()
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
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; sequence.len()];
    for (index, &value) in sequence.iter().enumerate() {
        let slot = tails.partition_point(|&tail| sequence.get(tail).is_some_and(|&t| t < value));
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
/// just before the next shared step that agrees with the lead.
fn merge(lead: &[ConversationId], other: &[ConversationId]) -> Vec<ConversationId> {
    let lead_position: HashMap<ConversationId, usize> =
        lead.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    // The other side's shared steps, by their lead position.
    let shared: Vec<(usize, usize)> = other
        .iter()
        .enumerate()
        .filter_map(|(i, c)| lead_position.get(c).map(|&p| (i, p)))
        .collect();
    let positions: Vec<usize> = shared.iter().map(|&(_, p)| p).collect();
    let agreeing: Vec<usize> = longest_increasing(&positions)
        .into_iter()
        .filter_map(|k| shared.get(k).map(|&(i, _)| i))
        .collect();
    // For each agreeing shared step (by lead position), the one-sided steps
    // of the other side that come before it and after the previous one.
    let mut before: HashMap<usize, Vec<ConversationId>> = HashMap::new();
    let mut pending: Vec<ConversationId> = Vec::new();
    let mut agreeing_iter = agreeing.iter().peekable();
    for (index, &conversation) in other.iter().enumerate() {
        if agreeing_iter.peek() == Some(&&index) {
            agreeing_iter.next();
            if let Some(&p) = lead_position.get(&conversation) {
                before.entry(p).or_default().append(&mut pending);
            }
            continue;
        }
        if !lead_position.contains_key(&conversation) {
            pending.push(conversation);
        }
    }
    let mut merged = Vec::with_capacity(lead.len() + other.len());
    for (p, &conversation) in lead.iter().enumerate() {
        if let Some(list) = before.remove(&p) {
            merged.extend(list);
        }
        merged.push(conversation);
    }
    merged.extend(pending);
    merged
}

/// A topological sort over the needs, smallest merged rank first, so the
/// merged order stands wherever the dependencies allow.
///
/// A need is a requirement met by any of its providers: the conversation it
/// names, or any conversation in the sequence that wins the commitment. A
/// step is ready once each of its requirements has a provider placed before
/// it. When nothing is ready (a cycle), the earliest unplaced step goes next.
fn honour_dependencies(model: &Model, merged: &[ConversationId]) -> Vec<ConversationId> {
    let rank: HashMap<ConversationId, usize> =
        merged.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let count = merged.len();
    // For each step, what its placement satisfies: (step, requirement).
    let mut satisfies: Vec<Vec<(usize, usize)>> = vec![Vec::new(); count];
    let mut unmet = vec![0usize; count];
    let mut requirement_met: Vec<Vec<bool>> = vec![Vec::new(); count];
    // A commitment's winners are shared by every step that needs it: one
    // group per commitment, met all at once by the first winner placed, so
    // the graph stays linear in the playbook (no edge per winner and step).
    let mut groups: HashMap<crate::model::CommitmentId, usize> = HashMap::new();
    let mut group_providers: Vec<Vec<usize>> = Vec::new();
    let mut waiting: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut provides: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, &conversation) in merged.iter().enumerate() {
        for need in model.step_needs(conversation) {
            let group = match need.need {
                Need::Conversation(_) => None,
                Need::Commitment(id) => Some(*groups.entry(id).or_insert_with(|| {
                    let group = group_providers.len();
                    let mut providers: Vec<usize> = model
                        .winners(id)
                        .iter()
                        .filter_map(|w| rank.get(w).copied())
                        .collect();
                    providers.sort_unstable();
                    providers.dedup();
                    for &provider in &providers {
                        if let Some(list) = provides.get_mut(provider) {
                            list.push(group);
                        }
                    }
                    group_providers.push(providers);
                    waiting.push(Vec::new());
                    group
                })),
            };
            let has_provider = match (need.need, group) {
                (Need::Conversation(id), _) => rank.get(&id).is_some_and(|&p| p != index),
                (Need::Commitment(_), Some(group)) => group_providers
                    .get(group)
                    .is_some_and(|p| p.len() > 1 || p.first().is_some_and(|&p| p != index)),
                (Need::Commitment(_), None) => false,
            };
            if !has_provider {
                continue;
            }
            let Some(requirements) = requirement_met.get_mut(index) else {
                continue;
            };
            let requirement = requirements.len();
            requirements.push(false);
            if let Some(count) = unmet.get_mut(index) {
                *count += 1;
            }
            match (need.need, group) {
                (Need::Conversation(id), _) => {
                    if let Some(list) = rank.get(&id).and_then(|&p| satisfies.get_mut(p)) {
                        list.push((index, requirement));
                    }
                }
                (Need::Commitment(_), group) => {
                    if let Some(list) = group.and_then(|g| waiting.get_mut(g)) {
                        list.push((index, requirement));
                    }
                }
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<usize>> = unmet
        .iter()
        .enumerate()
        .filter(|(_, n)| **n == 0)
        .map(|(i, _)| Reverse(i))
        .collect();
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
        let mut met: Vec<(usize, usize)> = satisfies.get(next).cloned().unwrap_or_default();
        for &group in provides.get(next).map_or(&[][..], Vec::as_slice) {
            if let Some(list) = waiting.get_mut(group) {
                // A step does not meet its own need.
                met.extend(list.drain(..).filter(|&(step, _)| step != next));
            }
        }
        for (step, requirement) in met {
            let Some(flag) = requirement_met
                .get_mut(step)
                .and_then(|r| r.get_mut(requirement))
            else {
                continue;
            };
            if *flag {
                continue;
            }
            *flag = true;
            if let Some(left) = unmet.get_mut(step) {
                *left = left.saturating_sub(1);
                if *left == 0 && placed.get(step) == Some(&false) {
                    ready.push(Reverse(step));
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

    #[test]
    fn merge_places_one_sided_steps_before_the_next_shared_one() {
        let c = ConversationId;
        let lead = [c(0), c(1), c(2), c(3)];
        let other = [c(9), c(2), c(3)];
        assert_eq!(merge(&lead, &other), vec![c(0), c(1), c(9), c(2), c(3)]);
    }

    #[test]
    fn merge_keeps_the_lead_order_where_they_disagree() {
        let c = ConversationId;
        let lead = [c(0), c(1), c(2)];
        let other = [c(2), c(5), c(0), c(1)];
        // c(2) disagrees and gives up its place; c(5) precedes c(0) there.
        assert_eq!(merge(&lead, &other), vec![c(5), c(0), c(1), c(2)]);
    }
}
