//! Where each step's needs are met: the shared finding behind `P101`
//! (skipped), `P102` (out of order), `P105` (waived but needed) and `P108`
//! (unwinnable), so each is decided once and exactly one of them speaks.
//!
//! A step's needs are its conversation's own `needs` plus the direct needs
//! of each commitment it wins (not transitive); a step never meets its own
//! needs; a need on a dependency cycle is left to `P106`.

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

/// Which steps of a process win each commitment: for commitment `c`, the
/// steps `steps[starts[c]..starts[c + 1]]`, ascending (one flat vector for
/// every commitment, not a vector each).
#[derive(Clone, Debug, Default)]
pub(crate) struct ProcessIndex {
    starts: Vec<usize>,
    steps: Vec<usize>,
}

impl ProcessIndex {
    /// Built from the model's index of each commitment's winners (made as
    /// names are resolved) and the process's position of each
    /// conversation: no conversation's record is read, which on a large
    /// playbook would come back from memory for each step.
    pub fn new(model: &Model, process: &Process) -> ProcessIndex {
        let count = model.commitments.len();
        let mut starts = Vec::with_capacity(count + 1);
        let mut steps = Vec::with_capacity(model.win_count());
        starts.push(0);
        for commitment in 0..count {
            let run = steps.len();
            steps.extend(
                model
                    .winners(CommitmentId(commitment))
                    .iter()
                    .filter_map(|&winner| process.position(winner)),
            );
            // Winners come in declaration order; steps in the process's.
            if let Some(run) = steps.get_mut(run..) {
                run.sort_unstable();
            }
            starts.push(steps.len());
        }
        ProcessIndex { starts, steps }
    }

    /// The steps winning `commitment`, in order.
    pub fn winning(&self, commitment: CommitmentId) -> &[usize] {
        let (Some(&start), Some(&end)) = (
            self.starts.get(commitment.0),
            self.starts.get(commitment.0 + 1),
        ) else {
            return &[];
        };
        self.steps.get(start..end).unwrap_or(&[])
    }

    /// The steps meeting `need`, in order.
    pub fn meeting<'p>(&'p self, process: &'p Process, need: Need) -> Meeting<'p> {
        match need {
            Need::Conversation(id) => Meeting::One(process.position(id)),
            Need::Commitment(id) => Meeting::Many(self.winning(id)),
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

/// Classifies every need of every step of `process`, onto `findings`: the
/// needs some rule speaks of (met, on a cycle and uncertain ones are left
/// out: no rule reads them, and most needs are met).
pub(crate) fn classify(
    model: &Model,
    graph: &DependencyGraph,
    process: &Process,
    index: &ProcessIndex,
    findings: &mut Vec<NeedFinding>,
) {
    // Both from the model's flag when no list is incomplete, as in most
    // playbooks: no walk over the records.
    let any_incomplete_wins = model.any_incomplete_wins();
    let first_incomplete_wins = if any_incomplete_wins {
        process.steps.iter().position(|step| {
            model
                .conversation(step.conversation)
                .is_some_and(|c| c.incomplete_wins)
        })
    } else {
        None
    };
    let context = Classifier {
        model,
        graph,
        process,
        index,
        first_incomplete_wins,
        any_incomplete_wins,
        first_unresolved: process
            .unresolved_steps
            .iter()
            .map(|step| step.before_step)
            .min(),
        first_waiver: first_waivers(model, process),
    };
    for (position, step) in process.steps.iter().enumerate() {
        for &need in model.step_needs_of(step.conversation).iter() {
            let status = context.status(position, step.conversation, need);
            if matches!(
                status,
                NeedStatus::Met | NeedStatus::OnCycle | NeedStatus::Uncertain
            ) {
                continue;
            }
            findings.push(NeedFinding {
                side: process.side,
                step: position,
                need,
                status,
            });
        }
    }
}

/// The first waiver of `process` meeting each need for a commitment, by
/// commitment id: the waivers are looked at once, not once per unmet need.
fn first_waivers(model: &Model, process: &Process) -> Vec<Option<usize>> {
    let mut first = Vec::new();
    if process.waivers.is_empty() {
        return first;
    }
    first.resize(model.commitments.len(), None);
    for (index, waiver) in process.waivers.iter().enumerate() {
        let Some(conversation) = model.conversation(waiver.conversation) else {
            continue;
        };
        for win in conversation.wins(model) {
            if let Some(slot @ None) = first.get_mut(win.commitment.0) {
                *slot = Some(index);
            }
        }
    }
    first
}

/// What classifying the needs of one process reads.
struct Classifier<'a> {
    model: &'a Model,
    graph: &'a DependencyGraph,
    process: &'a Process,
    index: &'a ProcessIndex,
    first_incomplete_wins: Option<usize>,
    any_incomplete_wins: bool,
    /// The lowest `before_step` of the step names that did not resolve.
    first_unresolved: Option<usize>,
    /// See [`first_waivers`].
    first_waiver: Vec<Option<usize>>,
}

impl Classifier<'_> {
    fn status(&self, position: usize, conversation: ConversationId, need: StepNeed) -> NeedStatus {
        let Classifier {
            model,
            graph,
            process,
            index,
            first_incomplete_wins,
            any_incomplete_wins,
            ..
        } = *self;
        // A need met before the step is met whether or not it is on a
        // cycle (no rule speaks of either): the cheap test goes first.
        let meeting = index.meeting(process, need.need);
        if meeting.before(position) {
            return NeedStatus::Met;
        }
        if graph.need_on_cycle(conversation, need.need) {
            return NeedStatus::OnCycle;
        }
        if let Some(later) = meeting.after(position) {
            return NeedStatus::Later { step: later };
        }
        let left_out_before = self.first_unresolved.is_some_and(|first| first <= position)
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
        // The first waiver meeting the need: the one of its conversation, or
        // the first whose conversation wins its commitment.
        let waiver = match need.need {
            Need::Conversation(id) => process.waiver_index(id),
            Need::Commitment(id) => self.first_waiver.get(id.0).copied().flatten(),
        };
        match waiver {
            Some(waiver) => NeedStatus::Waived { waiver },
            None => NeedStatus::Skipped,
        }
    }
}
