//! Where each step's needs are met: the shared finding behind `P101`
//! (skipped), `P102` (out of order), `P105` (waived but needed) and `P108`
//! (unwinnable), so each is decided once and exactly one of them speaks.
//!
//! A step's needs are its conversation's own `needs` plus the direct needs
//! of each commitment it wins (not transitive); a step never meets its own
//! needs; a need on a dependency cycle is left to `P106`.

use std::collections::HashMap;

use parley_syntax::ast::Side;

use crate::graph::DependencyGraph;
use crate::model::{CommitmentId, ConversationId, Model, Need, Process, StepNeed};

/// How one need of one step fares in its process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NeedStatus {
    /// An earlier step meets it.
    Met,
    /// The need lies on a dependency cycle (`P106` speaks).
    OnCycle,
    /// Only a later step meets it (`P102`).
    Later { step: usize },
    /// Unmet because the process waives a conversation that would meet it (`P105`).
    Waived { waiver: usize },
    /// No declared conversation wins the commitment (`P108`).
    Unwinnable,
    /// Unmet, though a declared conversation could meet it (`P101`).
    Skipped,
    /// Unmet, but a name left out earlier might have met it: say nothing.
    Uncertain,
}

/// One need of one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NeedFinding {
    pub side: Side,
    pub step: usize,
    pub need: StepNeed,
    pub status: NeedStatus,
}

/// Which steps of a process win each commitment.
#[derive(Clone, Debug, Default)]
pub(crate) struct ProcessIndex {
    winners_at: HashMap<CommitmentId, Vec<usize>>,
}

impl ProcessIndex {
    pub fn new(model: &Model, process: &Process) -> ProcessIndex {
        let mut winners_at: HashMap<CommitmentId, Vec<usize>> = HashMap::new();
        for (index, step) in process.steps.iter().enumerate() {
            if let Some(conversation) = model.conversation(step.conversation) {
                for win in &conversation.wins {
                    winners_at.entry(win.commitment).or_default().push(index);
                }
            }
        }
        ProcessIndex { winners_at }
    }

    /// The steps winning `commitment`, in order.
    pub fn winning(&self, commitment: CommitmentId) -> &[usize] {
        self.winners_at.get(&commitment).map_or(&[], Vec::as_slice)
    }

    /// The steps meeting `need`, in order.
    pub fn meeting<'p>(&'p self, process: &'p Process, need: Need) -> Meeting<'p> {
        match need {
            Need::Conversation(id) => Meeting::One(process.position(id)),
            Need::Commitment(id) => {
                Meeting::Many(self.winners_at.get(&id).map_or(&[], Vec::as_slice))
            }
        }
    }

    /// The first step meeting `need` other than `except`.
    pub fn first_meeting(
        &self,
        process: &Process,
        need: Need,
        except: Option<usize>,
    ) -> Option<usize> {
        match self.meeting(process, need) {
            Meeting::One(position) => position.filter(|&p| Some(p) != except),
            Meeting::Many(list) => list.iter().copied().take(2).find(|&p| Some(p) != except),
        }
    }

    /// Whether a step before `limit` meets `need`.
    pub fn met_before(&self, process: &Process, need: Need, limit: usize) -> bool {
        self.first_meeting(process, need, None)
            .is_some_and(|position| position < limit)
    }
}

/// The steps meeting a need: at most one for a conversation, the winners
/// (ascending) for a commitment.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Meeting<'p> {
    One(Option<usize>),
    Many(&'p [usize]),
}

impl Meeting<'_> {
    /// Whether a step before `position` meets it.
    fn before(self, position: usize) -> bool {
        match self {
            Meeting::One(p) => p.is_some_and(|p| p < position),
            Meeting::Many(list) => list.first().is_some_and(|&p| p < position),
        }
    }

    /// The first step after `position` that meets it.
    fn after(self, position: usize) -> Option<usize> {
        match self {
            Meeting::One(p) => p.filter(|&p| p > position),
            Meeting::Many(list) => {
                let first_after = list.partition_point(|&p| p <= position);
                list.get(first_after).copied()
            }
        }
    }
}

/// Classifies every need of every step of `process`.
pub(crate) fn classify(
    model: &Model,
    graph: &DependencyGraph,
    process: &Process,
    index: &ProcessIndex,
) -> Vec<NeedFinding> {
    let any_incomplete_wins = model.conversations.iter().any(|c| c.incomplete_wins);
    let first_incomplete_wins = process.steps.iter().position(|step| {
        model
            .conversation(step.conversation)
            .is_some_and(|c| c.incomplete_wins)
    });
    let mut findings = Vec::new();
    for (position, step) in process.steps.iter().enumerate() {
        for need in model.step_needs(step.conversation) {
            let status = status(
                model,
                graph,
                process,
                index,
                position,
                step.conversation,
                need,
                first_incomplete_wins,
                any_incomplete_wins,
            );
            findings.push(NeedFinding {
                side: process.side,
                step: position,
                need,
                status,
            });
        }
    }
    findings
}

#[allow(clippy::too_many_arguments)]
fn status(
    model: &Model,
    graph: &DependencyGraph,
    process: &Process,
    index: &ProcessIndex,
    position: usize,
    conversation: ConversationId,
    need: StepNeed,
    first_incomplete_wins: Option<usize>,
    any_incomplete_wins: bool,
) -> NeedStatus {
    if graph.need_on_cycle(conversation, need.need) {
        return NeedStatus::OnCycle;
    }
    let meeting = index.meeting(process, need.need);
    if meeting.before(position) {
        return NeedStatus::Met;
    }
    if let Some(later) = meeting.after(position) {
        return NeedStatus::Later { step: later };
    }
    let left_out_before = process.unresolved_before(position)
        || first_incomplete_wins.is_some_and(|first| first < position);
    if left_out_before {
        return NeedStatus::Uncertain;
    }
    if let Need::Commitment(id) = need.need {
        let winnable = model
            .winners(id)
            .iter()
            .any(|&winner| winner != conversation);
        if !winnable {
            return if any_incomplete_wins {
                NeedStatus::Uncertain
            } else {
                NeedStatus::Unwinnable
            };
        }
    }
    let waiver = process
        .waivers
        .iter()
        .position(|waiver| model.meets(waiver.conversation, need.need));
    match waiver {
        Some(waiver) => NeedStatus::Waived { waiver },
        None => NeedStatus::Skipped,
    }
}
