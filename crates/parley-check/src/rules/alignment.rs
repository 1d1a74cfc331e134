//! How one process's steps line up with the other's.

use crate::model::Process;

/// No position, in an [`Alignment`]'s tables.
const ABSENT: u32 = u32::MAX;

/// For each step of a source process, where the nearest source steps
/// around it that the target process also holds stand in the target.
///
/// Positions are kept as `u32` (a process of a playbook, at most 4 GiB of
/// text, has fewer steps), four bytes a step and side rather than the
/// sixteen of an `Option<usize>`: on a large playbook these tables are read
/// while the rules run, beside everything else they read.
#[derive(Clone, Debug, Default)]
pub(crate) struct Alignment {
    /// Per source step: the target position of the first later source step
    /// the target holds, or [`ABSENT`].
    next: Vec<u32>,
    /// The same for the last earlier source step the target holds.
    previous: Vec<u32>,
}

impl Alignment {
    pub fn new(source: &Process, target: &Process) -> Alignment {
        // Each step's own place in the target, looked up once, into what
        // becomes `next`; `previous` is carried forward as they come.
        let count = source.steps.len();
        let mut next = Vec::with_capacity(count);
        let mut previous = Vec::with_capacity(count);
        let mut carried = ABSENT;
        for step in &source.steps {
            previous.push(carried);
            let place = target
                .position(step.conversation)
                .and_then(|place| u32::try_from(place).ok())
                .unwrap_or(ABSENT);
            if place != ABSENT {
                carried = place;
            }
            next.push(place);
        }
        // Then, from the last step back, each place gives way to the one
        // carried from after it.
        carried = ABSENT;
        for slot in next.iter_mut().rev() {
            let place = std::mem::replace(slot, carried);
            if place != ABSENT {
                carried = place;
            }
        }
        Alignment { next, previous }
    }

    /// Where, in the target, the last source step before the one at
    /// `position` and the first after it that the target holds stand:
    /// [`Alignment::previous_in_target`] and [`Alignment::next_in_target`].
    pub fn around(&self, position: usize) -> [Option<usize>; 2] {
        [
            self.previous_in_target(position),
            self.next_in_target(position),
        ]
    }

    /// Brings what [`Alignment::previous_in_target`] and
    /// [`Alignment::next_in_target`] read for `position` into the
    /// processor's cache.
    #[inline(always)]
    pub fn prefetch(&self, position: usize) {
        crate::prefetch::prefetch(self.next.get(position));
        crate::prefetch::prefetch(self.previous.get(position));
    }

    /// Where, in the target, the first source step after the one at
    /// `position` that the target holds stands.
    pub fn next_in_target(&self, position: usize) -> Option<usize> {
        read(&self.next, position)
    }

    /// Where, in the target, the last source step before the one at
    /// `position` that the target holds stands.
    pub fn previous_in_target(&self, position: usize) -> Option<usize> {
        read(&self.previous, position)
    }
}

fn read(table: &[u32], position: usize) -> Option<usize> {
    table
        .get(position)
        .copied()
        .filter(|&place| place != ABSENT)
        .map(|place| place as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;

    /// The nearest source steps before and after each one that the target
    /// holds, found by looking both ways from every step.
    fn by_looking(source: &Process, target: &Process) -> Vec<(Option<usize>, Option<usize>)> {
        let place = |position: usize| target.position(source.steps[position].conversation);
        (0..source.steps.len())
            .map(|position| {
                let previous = (0..position).rev().find_map(place);
                let next = (position + 1..source.steps.len()).find_map(place);
                (previous, next)
            })
            .collect()
    }

    #[test]
    fn each_step_sees_the_nearest_shared_steps_around_it_in_the_other_process() {
        let text = r#"
conversation a "A" {}
conversation b "B" {}
conversation c "C" {}
conversation d "D" {}
conversation x "X" {}
process seller { a  b  c  d }
process buyer { x  d  b }
"#;
        let analysis = crate::analyze(text);
        let model = &analysis.model;
        let seller = model.process(Side::Seller).expect("seller");
        let buyer = model.process(Side::Buyer).expect("buyer");
        for (source, target) in [(seller, buyer), (buyer, seller)] {
            let alignment = Alignment::new(source, target);
            let found: Vec<_> = (0..source.steps.len())
                .map(|p| (alignment.previous_in_target(p), alignment.next_in_target(p)))
                .collect();
            assert_eq!(found, by_looking(source, target));
        }
        // Seller `c`: `b` before it stands at 2 in the buyer's, `d` after it at 1.
        let alignment = Alignment::new(seller, buyer);
        assert_eq!(alignment.previous_in_target(2), Some(2));
        assert_eq!(alignment.next_in_target(2), Some(1));
        assert_eq!(alignment.around(2), [Some(2), Some(1)]);
        assert_eq!(alignment.around(0), [None, Some(2)]);
        assert_eq!(alignment.previous_in_target(0), None);
        assert_eq!(alignment.next_in_target(3), None);
        assert_eq!(alignment.next_in_target(4), None, "past the last step");
        // No shared step at all: nothing on either side.
        let empty = Alignment::default();
        assert_eq!(empty.next_in_target(0), None);
    }
}
