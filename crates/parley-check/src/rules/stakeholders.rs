//! What the stakeholder rules share: where each stakeholder is first
//! engaged in each process, first in a step winning `change`, and where a
//! name may have been left out, computed for both processes in one pass
//! over the conversations (and one over the few that win `change`).

use crate::model::{ConversationId, Model, Process, Side, StakeholderId};
use crate::prefetch::{ahead, further_ahead, prefetch};

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

/// Who takes part where in each of the model's processes (a process the
/// model lacks has empty tables).
///
/// Both are found in one pass over the conversations: on a large playbook
/// their records and lists of mentions come from memory, not the caches,
/// and a pass for each process read them twice (one pass the less took a
/// quarter off the time of what the rules share at 50 MB).
pub(crate) struct Engagements([Engagement; 2]);

impl Engagements {
    pub fn new(model: &Model) -> Engagements {
        let processes = [Side::Seller, Side::Buyer].map(|side| model.process(side));
        let mut both = processes.map(|process| Engagement::empty(model, process));
        // The conversations in the order they are kept, each at its step's
        // place in each process (a process holds a conversation at one
        // step), rather than the steps in order: the records and their
        // lists are read one after another, where the steps' order would
        // read them wherever they are, and only the stakeholders' slots are
        // written at random. Each slot keeps the earliest step.
        for (id, conversation) in model.conversations.iter().enumerate() {
            let places = step_places(&processes, ConversationId(id));
            if places == [None, None] {
                continue;
            }
            let incomplete = conversation.incomplete_participants || conversation.incomplete_wins;
            for (engagement, at) in both.iter_mut().zip(places) {
                if let (Some(at), true) = (at, incomplete) {
                    let first = &mut engagement.first_incomplete;
                    *first = Some(first.map_or(at as usize, |first| first.min(at as usize)));
                }
            }
            // Every mention, repeats included: a repeat finds its slot
            // holding the same step.
            for mentions in [conversation.with(model), conversation.owners(model)] {
                for mention in mentions {
                    for (engagement, at) in both.iter_mut().zip(places) {
                        if let Some(at) = at {
                            keep_earliest(&mut engagement.first, mention.stakeholder, at);
                        }
                    }
                }
            }
        }
        // The steps winning `change` are found from the commitment's
        // winners, not by reading every step's wins: each participant keeps
        // the earliest. The winners' records lie anywhere among the
        // conversations': each is asked for a few winners ahead (a large
        // playbook's are past the caches), and its lists of mentions, read
        // through it, half as far.
        let change = model.commitment_named("change");
        let winners = change.map_or(&[][..], |change| model.winners(change));
        for (nth, &winner) in winners.iter().enumerate() {
            further_ahead(winners, nth, |&winner| model.prefetch_conversation(winner));
            ahead(winners, nth, |&winner| {
                if let Some(conversation) = model.conversation(winner) {
                    prefetch(conversation.with(model).first());
                    prefetch(conversation.owners(model).first());
                }
            });
            let places = step_places(&processes, winner);
            let Some(conversation) = model.conversation(winner) else {
                continue;
            };
            for mention in conversation
                .with(model)
                .iter()
                .chain(conversation.owners(model))
            {
                for (engagement, at) in both.iter_mut().zip(places) {
                    if let Some(at) = at {
                        keep_earliest(&mut engagement.first_change, mention.stakeholder, at);
                    }
                }
            }
        }
        Engagements(both)
    }

    /// Who takes part where in the process of `side`.
    pub fn of(&self, side: Side) -> &Engagement {
        let [seller, buyer] = &self.0;
        match side {
            Side::Seller => seller,
            Side::Buyer => buyer,
        }
    }
}

/// Where each of `processes` holds `conversation`, as a table's step.
fn step_places(
    processes: &[Option<&Process>; 2],
    conversation: ConversationId,
) -> [Option<u32>; 2] {
    processes.map(|process| {
        process
            .and_then(|process| process.position(conversation))
            .and_then(|index| u32::try_from(index).ok())
    })
}

/// Keeps in `stakeholder`'s slot the earlier of its step and `at`.
fn keep_earliest(slots: &mut [Option<u32>], stakeholder: StakeholderId, at: u32) {
    if let Some(slot) = slots.get_mut(stakeholder.0) {
        *slot = Some(slot.map_or(at, |earlier| earlier.min(at)));
    }
}

impl Engagement {
    /// Nothing found yet in `process`: a slot for each stakeholder, none
    /// where the model has no such process.
    fn empty(model: &Model, process: Option<&Process>) -> Engagement {
        let slots = process.map_or(0, |_| model.stakeholders.len());
        Engagement {
            first: vec![None; slots],
            first_change: vec![None; slots],
            first_incomplete: None,
            first_unresolved: process.and_then(|process| {
                process
                    .unresolved_steps
                    .iter()
                    .map(|step| step.before_step)
                    .min()
            }),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `stakeholder` first takes part, and first in a step winning
    /// `change`, read step by step.
    fn by_steps(model: &Model, process: &Process, id: StakeholderId) -> [Option<usize>; 2] {
        let change = model.commitment_named("change");
        let first = |winning: bool| {
            process.steps.iter().position(|step| {
                model.conversation(step.conversation).is_some_and(|c| {
                    c.includes(model, id)
                        && (!winning
                            || change.is_some_and(|change| c.wins_commitment(model, change)))
                })
            })
        };
        [first(false), first(true)]
    }

    #[test]
    fn each_stakeholder_is_first_engaged_at_the_earliest_step_whatever_the_declaration_order() {
        let text = r#"
stakeholder dana "Dana" { side buyer  role economic-buyer }
stakeholder omar "Omar" { side buyer  role champion }
stakeholder sam "Sam" { side seller }
conversation late "Late" { with dana  owner sam  wins change }
conversation early "Early" { with omar, dana  owner sam, dana  wins change }
conversation other "Other" { with omar  owner sam  wins explore }
process buyer { other  early  late }
process seller { late  other  early }
"#;
        let analysis = crate::analyze(text);
        let model = &analysis.model;
        let mut checked = 0;
        let engagements = Engagements::new(model);
        for process in model.processes() {
            let engagement = engagements.of(process.side);
            for index in 0..model.stakeholders.len() {
                let id = StakeholderId(index);
                let found = [engagement.first(id), engagement.first_change(id)];
                assert_eq!(found, by_steps(model, process, id), "{index}");
                checked += 1;
            }
        }
        assert_eq!(checked, 6);
        let dana = StakeholderId(0);
        assert_eq!(engagements.of(Side::Seller).first_change(dana), Some(0));
        assert_eq!(engagements.of(Side::Buyer).first_change(dana), Some(1));
    }

    #[test]
    fn a_process_the_playbook_lacks_engages_no_one_and_the_other_is_found_alone() {
        let text = r#"
stakeholder dana "Dana" { side buyer  role economic-buyer }
stakeholder sam "Sam" { side seller }
conversation first "First" { with dana  owner sam }
conversation second "Second" { with dana  owner sam  wins change }
process buyer { second  first }
"#;
        let analysis = crate::analyze(text);
        let model = &analysis.model;
        let engagements = Engagements::new(model);
        let buyer = model.process(Side::Buyer).expect("a buyer's process");
        for id in [StakeholderId(0), StakeholderId(1)] {
            let seller = engagements.of(Side::Seller);
            assert_eq!([seller.first(id), seller.first_change(id)], [None, None]);
            let engagement = engagements.of(Side::Buyer);
            let found = [engagement.first(id), engagement.first_change(id)];
            assert_eq!(found, by_steps(model, buyer, id));
            assert_eq!(found, [Some(0), Some(0)]);
        }
    }

    #[test]
    fn the_first_incomplete_step_is_the_earliest_whatever_the_declaration_order() {
        // `later` is declared first and cut short (an undeclared
        // participant), `sooner` second and cut short (an undeclared win);
        // the buyer holds `sooner` before `later`, the seller the reverse.
        let text = r#"
stakeholder dana "Dana" { side buyer }
conversation later "Later" { with dana, nobody }
conversation whole "Whole" { with dana }
conversation sooner "Sooner" { with dana  wins nothing-declared }
process buyer { whole  sooner  later }
process seller { later  whole  sooner }
"#;
        let analysis = crate::analyze(text);
        let model = &analysis.model;
        let engagements = Engagements::new(model);
        let incomplete = |side| {
            let process = model.process(side).expect("both processes");
            let engagement = engagements.of(side);
            (0..=process.steps.len())
                .map(|index| engagement.incomplete_before(index))
                .collect::<Vec<_>>()
        };
        // Incomplete before an index once a step before it is cut short.
        assert_eq!(incomplete(Side::Buyer), [false, false, true, true]);
        assert_eq!(incomplete(Side::Seller), [false, true, true, true]);
    }
}
