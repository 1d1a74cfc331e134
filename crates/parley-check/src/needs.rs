//! Where each step's needs are met: the shared finding behind `P101`
//! (skipped), `P102` (out of order), `P105` (waived but needed) and `P108`
//! (unwinnable), so each is decided once and exactly one of them speaks.
//!
//! A step's needs are its conversation's own `needs` plus the direct needs
//! of each commitment it wins (not transitive); a step never meets its own
//! needs; a need on a dependency cycle is left to `P106`.

use parley_syntax::ast::Side;

use crate::graph::DependencyGraph;
use crate::model::{
    CommitmentId, ConversationId, Model, Need, NeedKeys, Process, StepNeed, u32_or_max,
};
use crate::prefetch::prefetch;

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

/// The first step of each process whose need is skipped, per need (where
/// `P104` inserts a conversation: before the first step it would meet a
/// skipped need of). A table by need a process ([`NeedKeys`]), not a map:
/// `P104` looks in it for each one-sided step's conversation and wins.
#[derive(Debug, Default)]
pub(crate) struct FirstSkipped {
    keys: NeedKeys,
    /// The seller's table, then the buyer's: by need, the step, or
    /// [`NO_STEP`].
    steps: [Vec<u32>; 2],
}

/// No step skips the need.
const NO_STEP: u32 = u32::MAX;

impl FirstSkipped {
    /// From the needs [`classify`] found, of both processes.
    pub fn new(model: &Model, findings: &[NeedFinding]) -> FirstSkipped {
        let keys = model.need_keys();
        let mut steps = [vec![NO_STEP; keys.len()], vec![NO_STEP; keys.len()]];
        for finding in findings {
            if finding.status != NeedStatus::Skipped {
                continue;
            }
            let table = &mut steps[Self::table(finding.side)];
            if let Some(slot) = table.get_mut(keys.of(finding.need.need)) {
                if *slot == NO_STEP {
                    *slot = u32_or_max(finding.step);
                }
            }
        }
        FirstSkipped { keys, steps }
    }

    /// The first step of `side`'s process whose `need` is skipped.
    pub fn get(&self, side: Side, need: Need) -> Option<usize> {
        self.entry(side, need)
            .filter(|&&step| step != NO_STEP)
            .map(|&step| step as usize)
    }

    /// Asks the processor for [`FirstSkipped::get`]'s entry.
    pub fn prefetch(&self, side: Side, need: Need) {
        prefetch(self.entry(side, need));
    }

    fn entry(&self, side: Side, need: Need) -> Option<&u32> {
        self.steps[Self::table(side)].get(self.keys.of(need))
    }

    fn table(side: Side) -> usize {
        match side {
            Side::Seller => 0,
            Side::Buyer => 1,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_skipped_table_names_each_sides_first_step_skipping_each_need() {
        // The seller skips `a` at `b` and again at `c`, and `k` (won by
        // `a`) at `c`; the buyer skips `b` at `c` only, and nothing else.
        let crafted = "commitment k \"K\"\n\
                       conversation a \"A\" { wins k }\n\
                       conversation b \"B\" { needs a }\n\
                       conversation c \"C\" { needs a, b, k }\n\
                       process seller { b c }\n\
                       process buyer { a c }\n";
        let mut skipped = 0;
        for text in [
            crafted,
            include_str!("../tests/fixtures/P101/fires-conversation-need.parley"),
            include_str!("../../../examples/acme.parley"),
            include_str!("../../../examples/county-rfp.parley"),
        ] {
            let parsed = parley_syntax::parse(text);
            let resolved = crate::Resolved::new(text, &parsed.file, &parsed.errors);
            let cx = resolved.context();
            let model = cx.model;
            let needs = (0..model.conversations.len())
                .map(|id| Need::Conversation(ConversationId(id)))
                .chain((0..model.commitments.len()).map(|id| Need::Commitment(CommitmentId(id))));
            for need in needs {
                for side in [Side::Seller, Side::Buyer] {
                    let first = cx
                        .needs
                        .iter()
                        .filter(|f| f.side == side && f.need.need == need)
                        .filter(|f| f.status == NeedStatus::Skipped)
                        .map(|f| f.step)
                        .min();
                    skipped += usize::from(first.is_some());
                    assert_eq!(cx.first_skipped.get(side, need), first, "{need:?}\n{text}");
                }
            }
            if text == crafted {
                let id = |name: &str| match model.lookup(name) {
                    Some(crate::model::Symbol::Conversation(id)) => id,
                    other => panic!("`{name}` is {other:?}"),
                };
                let seller_a = cx
                    .first_skipped
                    .get(Side::Seller, Need::Conversation(id("a")));
                let buyer_b = cx
                    .first_skipped
                    .get(Side::Buyer, Need::Conversation(id("b")));
                assert_eq!((seller_a, buyer_b), (Some(0), Some(1)));
            }
        }
        assert!(skipped >= 6, "{skipped} needs skipped");
    }
}
