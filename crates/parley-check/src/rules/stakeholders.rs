//! What the stakeholder rules share: which step of a process first wins a
//! commitment, where each stakeholder is first engaged, and where a name may
//! have been left out, all computed in one pass over a process.

use crate::model::{Model, Process, StakeholderId};

/// Who takes part where in one process.
pub(crate) struct Engagement {
    /// The first step each stakeholder takes part in, by stakeholder index
    /// (ids are dense: a vector, not a hash map, as every S rule builds one;
    /// a step index is a `u32`, as the text is under 4 GiB, to keep it small).
    first: Vec<Option<u32>>,
    /// The first step each stakeholder takes part in that wins `change`.
    first_change: Vec<Option<u32>>,
    /// The first step whose participants or wins lost a name.
    first_incomplete: Option<usize>,
    /// The position of the first step name that did not resolve.
    first_unresolved: Option<usize>,
}

impl Engagement {
    pub fn new(model: &Model, process: &Process) -> Engagement {
        let change = model.commitment_named("change");
        let mut first: Vec<Option<u32>> = vec![None; model.stakeholders.len()];
        let mut first_change: Vec<Option<u32>> = vec![None; model.stakeholders.len()];
        let first_unresolved = process
            .unresolved_steps
            .iter()
            .map(|step| step.before_step)
            .min();
        let mut first_incomplete = None;
        for (index, step) in process.steps.iter().enumerate() {
            let Some(conversation) = model.conversation(step.conversation) else {
                continue;
            };
            let Ok(at) = u32::try_from(index) else {
                break;
            };
            if (conversation.incomplete_participants || conversation.incomplete_wins)
                && first_incomplete.is_none()
            {
                first_incomplete = Some(index);
            }
            let wins_change = change.is_some_and(|change| conversation.wins_commitment(change));
            // Every mention, repeats included: a repeat finds its slot
            // already taken, so nothing needs them removed first.
            for mention in conversation.with.iter().chain(&conversation.owners) {
                let id = mention.stakeholder.0;
                if let Some(slot @ None) = first.get_mut(id) {
                    *slot = Some(at);
                }
                if wins_change && let Some(slot @ None) = first_change.get_mut(id) {
                    *slot = Some(at);
                }
            }
        }
        Engagement {
            first,
            first_change,
            first_incomplete,
            first_unresolved,
        }
    }

    /// The first step `stakeholder` takes part in.
    pub fn first(&self, stakeholder: StakeholderId) -> Option<usize> {
        self.first
            .get(stakeholder.0)
            .copied()
            .flatten()
            .map(|at| at as usize)
    }

    /// Whether `stakeholder` takes part in a step before `index`.
    pub fn engaged_before(&self, stakeholder: StakeholderId, index: usize) -> bool {
        self.first(stakeholder).is_some_and(|first| first < index)
    }

    /// The first step that includes `stakeholder` and wins `change`.
    pub fn first_change(&self, stakeholder: StakeholderId) -> Option<usize> {
        self.first_change
            .get(stakeholder.0)
            .copied()
            .flatten()
            .map(|at| at as usize)
    }

    /// Whether a step before `index` that includes `stakeholder` wins `change`.
    pub fn change_won_before(&self, stakeholder: StakeholderId, index: usize) -> bool {
        self.first_change(stakeholder)
            .is_some_and(|first| first < index)
    }

    /// Whether a name may have been left out of the steps before `index`:
    /// a step name that did not resolve, or a step that lost a participant
    /// or a commitment.
    pub fn incomplete_before(&self, index: usize) -> bool {
        self.first_incomplete.is_some_and(|first| first < index)
            || self.first_unresolved.is_some_and(|first| first <= index)
    }
}
