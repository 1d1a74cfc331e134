//! The steps a late deadline's acceleration names (`T302`).
//!
//! For a deadline one party's own order meets, the steps to accelerate are
//! the ones the negotiated process runs before the late step that the
//! party's own order does not run before it. The deadlines are met in
//! negotiated order, so each party keeps a running tally of the negotiated
//! steps so far: how many its own order leaves out (waived, or the other
//! party's) and the longest few of them. Steps the party's order puts after
//! the late step although the negotiated process runs them before it are
//! tallied by their place in the party's order, in a tree of tallies that
//! is built only when the two orders disagree so (there each step and each
//! deadline costs the logarithm of the number of steps). Each deadline
//! costs a few steps, never a walk of the steps before it: the schedule
//! stays linear in the size of the playbook, and an [`Acceleration`] holds only
//! [`NAMED_STEPS`] steps, whatever the number added.

use parley_syntax::ast::Side;

use super::{
    Acceleration, AddedStep, Dates, Slot, WorkingDay, date_of, lateness, run_back_to_back,
};
use crate::model::{ConversationId, Date, Model, Process};

/// How many of the added steps a `T302` names: the longest, the earlier
/// in negotiated order when several take as long.
pub const NAMED_STEPS: usize = 3;

/// A count of added steps and the longest of them, by negotiated index.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    count: usize,
    /// `longest[..kept]`, the longest first.
    longest: [usize; NAMED_STEPS],
    kept: usize,
}

impl Tally {
    /// Counts negotiated step `index`.
    fn add(&mut self, index: usize, negotiated: &[Slot]) {
        self.count += 1;
        self.keep(index, negotiated);
    }

    /// Adds another tally's count and candidates.
    fn merge(&mut self, other: &Tally, negotiated: &[Slot]) {
        self.count += other.count;
        // The other's are longest first: past one not kept, none is.
        for &index in other.kept() {
            if !self.keep(index, negotiated) {
                break;
            }
        }
    }

    fn kept(&self) -> &[usize] {
        self.longest.get(..self.kept).unwrap_or(&[])
    }

    /// Keeps `index` when it is among the longest; whether it is.
    fn keep(&mut self, index: usize, negotiated: &[Slot]) -> bool {
        let length = |i: usize| negotiated.get(i).map_or(0, |slot| slot.working_days);
        let key = (length(index), std::cmp::Reverse(index));
        // Longer first; the earlier step first when two take as long.
        let behind = |other: usize| key > (length(other), std::cmp::Reverse(other));
        if self.kept == NAMED_STEPS
            && self
                .longest
                .last()
                .is_none_or(|&shortest| !behind(shortest))
        {
            return false;
        }
        let at = self
            .kept()
            .iter()
            .position(|&other| behind(other))
            .unwrap_or(self.kept);
        let mut carried = index;
        for slot in self.longest.iter_mut().skip(at) {
            std::mem::swap(slot, &mut carried);
        }
        self.kept = (self.kept + 1).min(NAMED_STEPS);
        true
    }
}

/// Tallies by place in a party's own order, to count the steps it runs
/// after a given place: a Fenwick tree over the places taken from the
/// last, so that the places after one are a prefix of it.
struct PlaceTree {
    places: usize,
    /// Node `k` (from 1) tallies the `k & -k` reversed places up to `k`.
    nodes: Vec<Tally>,
}

impl PlaceTree {
    fn new(places: usize) -> PlaceTree {
        PlaceTree {
            places,
            nodes: vec![Tally::default(); places + 1],
        }
    }

    /// Counts negotiated step `index`, which the party's order runs at
    /// `place`.
    fn add(&mut self, place: usize, index: usize, negotiated: &[Slot]) {
        let mut node = self.places.saturating_sub(place);
        while node > 0 {
            let Some(tally) = self.nodes.get_mut(node) else {
                break;
            };
            tally.add(index, negotiated);
            node += node & node.wrapping_neg();
        }
    }

    /// The steps counted at places `from` and after.
    fn from(&self, from: usize, negotiated: &[Slot]) -> Tally {
        let mut sum = Tally::default();
        let mut node = self.places.saturating_sub(from);
        while node > 0 {
            if let Some(tally) = self.nodes.get(node) {
                sum.merge(tally, negotiated);
            }
            node -= node & node.wrapping_neg();
        }
        sum
    }
}

/// One party's own order, and its tally of the negotiated steps so far.
struct Party {
    /// Its steps, less those it waives, run back to back.
    slots: Vec<Slot>,
    /// Each conversation's first place in `slots`, by conversation index;
    /// `u32::MAX` when it has none.
    place: Vec<u32>,
    /// The first step index at or after which a step name failed to resolve.
    first_unresolved: Option<usize>,
    /// Negotiated steps `..counted` are tallied.
    counted: usize,
    /// The tallied steps its own order does not run.
    unplaced: Tally,
    /// The latest place of a tallied step its own order runs.
    latest_place: Option<usize>,
    /// The tallied steps its own order runs, by place: built when a late
    /// step has a tallied step placed after it.
    placed: Option<PlaceTree>,
}

impl Party {
    fn new(model: &Model, first: WorkingDay, process: &Process) -> Party {
        let own = process
            .steps
            .iter()
            .map(|step| step.conversation)
            .filter(|&c| !process.waives(c));
        let slots = run_back_to_back(model, first, own, |_, _, _| {});
        let mut place = vec![u32::MAX; model.conversations.len()];
        for (index, slot) in slots.iter().enumerate() {
            if let Some(entry) = place.get_mut(slot.conversation.0)
                && *entry == u32::MAX
            {
                *entry = u32::try_from(index).unwrap_or(u32::MAX);
            }
        }
        Party {
            slots,
            place,
            first_unresolved: process.unresolved_steps.iter().map(|s| s.before_step).min(),
            counted: 0,
            unplaced: Tally::default(),
            latest_place: None,
            placed: None,
        }
    }

    fn place(&self, conversation: ConversationId) -> Option<usize> {
        self.place
            .get(conversation.0)
            .copied()
            .filter(|&place| place != u32::MAX)
            .map(|place| place as usize)
    }

    /// Tallies the negotiated steps before `index`.
    fn count_to(&mut self, negotiated: &[Slot], index: usize) {
        let end = index.min(negotiated.len());
        for step in self.counted..end {
            let Some(slot) = negotiated.get(step) else {
                break;
            };
            match self.place(slot.conversation) {
                None => self.unplaced.add(step, negotiated),
                Some(place) => {
                    self.latest_place = Some(self.latest_place.map_or(place, |p| p.max(place)));
                    if let Some(tree) = &mut self.placed {
                        tree.add(place, step, negotiated);
                    }
                }
            }
        }
        self.counted = self.counted.max(end);
    }

    /// The tallied steps its own order does not run before `place`.
    fn added_before(&mut self, place: usize, negotiated: &[Slot]) -> Tally {
        let mut added = self.unplaced;
        if self.latest_place.is_some_and(|latest| latest > place) {
            let tree = self.placed.get_or_insert_with(|| {
                let mut tree = PlaceTree::new(self.slots.len());
                for (step, slot) in negotiated.iter().enumerate().take(self.counted) {
                    let at = self.place.get(slot.conversation.0).copied();
                    if let Some(at) = at.filter(|&at| at != u32::MAX) {
                        let at = at as usize;
                        tree.add(at, step, negotiated);
                    }
                }
                tree
            });
            added.merge(&tree.from(place + 1, negotiated), negotiated);
        }
        added
    }
}

/// Finds the acceleration of each late deadline, in negotiated order.
pub(super) struct Accelerator<'m> {
    model: &'m Model,
    first: WorkingDay,
    seller: Option<Party>,
    buyer: Option<Party>,
}

impl<'m> Accelerator<'m> {
    pub(super) fn new(model: &'m Model, first: WorkingDay) -> Accelerator<'m> {
        Accelerator {
            model,
            first,
            seller: None,
            buyer: None,
        }
    }

    /// The first party (the lead, then the other) whose own order meets
    /// the deadline `by` of negotiated step `index`, with the steps to
    /// accelerate. Calls come in increasing `index`.
    pub(super) fn accelerate(
        &mut self,
        negotiated: &[Slot],
        index: usize,
        by: Date,
    ) -> Option<Acceleration> {
        let conversation = negotiated.get(index)?.conversation;
        let lead = self.model.playbook.lead;
        for side in [lead, lead.other()] {
            let Some(process) = self.model.process(side) else {
                continue;
            };
            let Some(position) = process.position(conversation) else {
                continue;
            };
            let (model, first) = (self.model, self.first);
            let entry = match side {
                Side::Seller => &mut self.seller,
                Side::Buyer => &mut self.buyer,
            };
            let party = entry.get_or_insert_with(|| Party::new(model, first, process));
            // A step name left out before it: its own order is not known.
            if party.first_unresolved.is_some_and(|at| at <= position) {
                continue;
            }
            let Some(own_index) = party.place(conversation) else {
                continue;
            };
            let Some(own_finish) = party.slots.get(own_index).map(|slot| slot.finish) else {
                continue;
            };
            if lateness(own_finish, by) > 0 {
                continue;
            }
            party.count_to(negotiated, index);
            let added = party.added_before(own_index, negotiated);
            if added.count == 0 {
                continue;
            }
            // The kept steps (at most three) in step order, sorted in place
            // rather than in a vector of their own.
            let mut kept = added.longest;
            let kept = kept.get_mut(..added.kept).unwrap_or_default();
            kept.sort_unstable();
            let named = kept
                .iter()
                .filter_map(|&step| {
                    negotiated.get(step).map(|slot| AddedStep {
                        conversation: slot.conversation,
                        step,
                        working_days: slot.working_days,
                    })
                })
                .collect();
            return Some(Acceleration {
                side,
                finish: date_of(&mut Dates::default(), own_finish),
                named,
                added: added.count,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use crate::timeline::{Schedule, Verdict, schedule};

    /// A small deterministic generator (xorshift), for playbooks.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn shuffled(&mut self, mut items: Vec<usize>) -> Vec<usize> {
            for i in (1..items.len()).rev() {
                items.swap(i, self.below(i + 1));
            }
            items
        }
    }

    /// A playbook whose two processes disagree on order, waive steps and
    /// leave some out, with a `by` date on many steps.
    fn playbook(rng: &mut Rng) -> String {
        let count = 2 + rng.below(30);
        let lead = ["seller", "buyer"][rng.below(2)];
        let mut text = format!("playbook \"T\" starts 2027-01-11 lead {lead}\n");
        for c in 0..count {
            text.push_str(&format!(
                "conversation c{c} \"C\" {{ takes {}d",
                rng.below(8)
            ));
            if rng.below(3) == 0 {
                text.push_str(&format!(
                    " by 2027-0{}-1{}",
                    1 + rng.below(3),
                    rng.below(10)
                ));
            }
            text.push_str(" }\n");
        }
        for side in ["seller", "buyer"] {
            let order = rng.shuffled((0..count).collect());
            // Each process leaves out a share of the steps.
            let left_out = 1 + rng.below(4);
            text.push_str(&format!("process {side} {{"));
            for c in order {
                match rng.below(8) {
                    n if n < left_out => {}
                    1 => text.push_str(&format!(" waive c{c} \"no\"")),
                    _ => text.push_str(&format!(" c{c}")),
                }
            }
            text.push_str(" }\n");
        }
        text
    }

    /// The steps to accelerate, collected the long way: every negotiated
    /// step before the late one that the party's own order does not run
    /// before it.
    fn collected(model: &Model, schedule: &Schedule, step: usize, side: Side) -> Vec<usize> {
        let Some(process) = model.process(side) else {
            return Vec::new();
        };
        let own: Vec<ConversationId> = process
            .steps
            .iter()
            .map(|s| s.conversation)
            .filter(|&c| !process.waives(c))
            .collect();
        let place = |c: ConversationId| own.iter().position(|&o| o == c);
        let Some(late) = schedule.steps.get(step).and_then(|s| place(s.conversation)) else {
            return Vec::new();
        };
        (0..step)
            .filter(|&j| place(schedule.steps[j].conversation).is_none_or(|p| p > late))
            .collect()
    }

    #[test]
    fn tallies_match_the_steps_collected_one_by_one() {
        let mut rng = Rng(0x5eed_1234_abcd_9876);
        let mut accelerations = 0;
        let mut unnamed = 0;
        for _ in 0..400 {
            let text = playbook(&mut rng);
            let analysis = analyze(&text);
            let Some(schedule) = schedule(&analysis.model, &analysis.negotiated) else {
                panic!("a start date: {text}");
            };
            for deadline in &schedule.deadlines {
                let Verdict::Accelerate(acceleration) = &deadline.verdict else {
                    continue;
                };
                accelerations += 1;
                let all = collected(&analysis.model, &schedule, deadline.step, acceleration.side);
                assert_eq!(acceleration.added, all.len(), "{text}");
                // The longest, the earlier first among equals, then in order.
                let mut longest = all.clone();
                longest.sort_by_key(|&j| (std::cmp::Reverse(schedule.steps[j].working_days), j));
                longest.truncate(NAMED_STEPS);
                longest.sort_unstable();
                let named: Vec<usize> = acceleration.named.iter().map(|s| s.step).collect();
                assert_eq!(named, longest, "{text}");
                for step in &acceleration.named {
                    assert_eq!(step.conversation, schedule.steps[step.step].conversation);
                    assert_eq!(step.working_days, schedule.steps[step.step].working_days);
                }
                unnamed += acceleration.unnamed();
            }
        }
        // The playbooks exercise the rule, and lists longer than the named.
        assert!(accelerations > 100, "{accelerations}");
        assert!(unnamed > 0);
    }

    #[test]
    fn a_step_the_party_runs_after_the_late_one_is_added() {
        // The seller leads: `x` comes first. The buyer runs `a` first and
        // meets its date; `x`, which it runs after `a`, is the one added.
        let text = "playbook \"T\" starts 2027-01-11 lead seller\n\
            conversation x \"X\" { takes 2w }\n\
            conversation a \"A\" { takes 1d by 2027-01-13 }\n\
            process seller { x a }\nprocess buyer { a x }\n";
        let analysis = analyze(text);
        let schedule = schedule(&analysis.model, &analysis.negotiated).expect("a start date");
        let Verdict::Accelerate(acceleration) = &schedule.deadlines[0].verdict else {
            panic!("{:?}", schedule.deadlines[0].verdict);
        };
        assert_eq!(acceleration.side, Side::Buyer);
        let named: Vec<&str> = acceleration
            .named
            .iter()
            .map(|s| analysis.model.conversation_name(s.conversation))
            .collect();
        assert_eq!((named, acceleration.added), (vec!["x"], 1));
    }

    #[test]
    fn a_tally_keeps_the_longest_and_the_earlier_of_equals() {
        let slot = |working_days| Slot {
            conversation: ConversationId(0),
            working_days,
            start: WorkingDay(0),
            finish: WorkingDay(0),
        };
        let negotiated: Vec<Slot> = [2, 5, 1, 5, 2, 5].into_iter().map(slot).collect();
        let mut tally = Tally::default();
        for index in 0..negotiated.len() {
            tally.add(index, &negotiated);
        }
        assert_eq!((tally.count, tally.kept()), (6, &[1, 3, 5][..]));
        let mut tree = PlaceTree::new(6);
        for (place, index) in [(5, 0), (0, 1), (3, 2), (4, 4)] {
            tree.add(place, index, &negotiated);
        }
        let after = tree.from(3, &negotiated);
        assert_eq!((after.count, after.kept()), (3, &[0, 4, 2][..]));
    }
}
