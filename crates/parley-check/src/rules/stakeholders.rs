//! What the stakeholder rules share: which step of a process first wins a
//! commitment, and whether the steps before one may have lost a name.

use crate::model::{CommitmentId, Model, Process};

/// The first step of `process` winning the commitment named `name`.
pub(crate) fn first_winning(
    model: &Model,
    process: &Process,
    name: &str,
) -> Option<(usize, CommitmentId)> {
    let commitment = model.commitment_named(name)?;
    let index = process.steps.iter().position(|step| {
        model
            .conversation(step.conversation)
            .is_some_and(|c| c.wins_commitment(commitment))
    })?;
    Some((index, commitment))
}

/// Whether a name was left out of the steps before `index` (an unresolved
/// step, or a participant that failed): rules about absence stay quiet.
pub(crate) fn incomplete_before(model: &Model, process: &Process, index: usize) -> bool {
    process.unresolved_before(index)
        || process.steps.iter().take(index).any(|step| {
            model
                .conversation(step.conversation)
                .is_some_and(|c| c.incomplete_participants)
        })
}
