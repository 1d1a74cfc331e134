//! Whether moving one step of a process to another place keeps every step
//! after what it needs: the check behind the moves of `P102` and `P103`.
//!
//! Only the moved step changes place, so only three things can go wrong,
//! each found from the step's own needs and wins, not by walking the steps
//! it passes:
//!
//! - moved earlier, it lands before a step meeting one of its needs that
//!   nothing before its new place meets (a new `P102` on it);
//! - moved later, it lands after a step that needs it, or needs a
//!   commitment it is the only earlier winner of (a new `P102` there);
//! - a step's `P102` that names the first later step winning a commitment
//!   would name another one: the moved step lands before or after another
//!   winner of it.
//!
//! And past a later occurrence of itself (`P107`), that one would count,
//! where it stands, instead of the step moved.
//!
//! Needs are taken directly (a step's own `needs` and those of the
//! commitments it wins): the other steps keep their order, so what a need
//! needs in turn keeps its place before it. Needs on a dependency cycle bind
//! too: the move is refused rather than put a step before what it needs.
//!
//! What bounds the moves of a step is found from its needs and wins each
//! time a move of it is asked about, and kept for the next time when they
//! are many ([`KEPT_FROM`]): a step may be moved by several diagnostics (a
//! step that many others need is moved by each of their `P102`s), and a
//! step with a thousand needs would otherwise have them read a thousand
//! times. A step with few is found again: keeping every step's bounds cost
//! more than finding them, and in a generated playbook no step is asked
//! about twice (at 50 MB, `P103` spent a tenth of its time keeping them).

use std::sync::{Mutex, PoisonError};

use rustc_hash::FxHashMap;

use crate::model::{Need, NeedKeys, Process, u32_or_max};
use crate::prefetch::{ahead, further_ahead};

use super::Context;

/// No place.
const NONE: usize = usize::MAX;

/// No later occurrence: where [`Needers::repeat_at`] has none.
const NO_REPEAT: u32 = u32::MAX;

/// Which steps of one process need each conversation and each commitment,
/// and what bounds the moves of each step asked about.
///
/// Its tables hold 32-bit numbers: building them writes each needing step
/// to a place of its own key, all over the table, and a large playbook's
/// tables (a key per conversation and commitment, an entry per need) then
/// stay in the processor's caches twice as long as in 64 bits.
#[derive(Debug, Default)]
pub(crate) struct Needers {
    keys: NeedKeys,
    /// For key `k` (conversations first, then commitments), the steps
    /// needing it are `steps[starts[k]..starts[k + 1]]`, in order (one
    /// flat vector).
    starts: Vec<u32>,
    steps: Vec<u32>,
    /// By step: the slot of its first later occurrence (`P107`), see
    /// [`Process::repeat_slots`]; [`NO_REPEAT`] when it has none.
    repeat_at: Vec<u32>,
    /// By step index, once asked about, for a step with at least
    /// [`KEPT_FROM`] needs and wins together.
    /// (Behind a lock: the context is shared with a helper thread, see
    /// [`super::run`]; finding bounds never asks for a move, so the lock is
    /// never asked for twice by one thread.)
    bounds: Mutex<FxHashMap<usize, Bounds>>,
}

/// How many needs and wins together a step has at least for the bounds of
/// its moves to be kept once found (see the module's documentation).
const KEPT_FROM: usize = 16;

/// What bounds the moves of one step (places are step indices; a move to
/// slot `s` puts the step just before the step at `s`).
#[derive(Clone, Debug, Default)]
struct Bounds {
    /// Moved earlier: the last step before it that first meets one of its
    /// needs (other than itself). A slot at or before it passes it.
    last_needed: Option<usize>,
    /// Moved earlier: ranges `(low, high]` of slots where a step's `P102`
    /// would name this step instead of the winner at `high` it passes,
    /// sorted by `low`, each `high` raised to the highest so far.
    renames: Vec<(usize, usize)>,
    /// Moved later: the first step after it that a slot past it breaks
    /// (one needing it, one that would name another winner, or its first
    /// repeat as a slot).
    first_bound: usize,
    /// Whether `first_bound` is its first repeat: no nearer place then.
    repeat: bool,
}

impl Needers {
    pub fn new(cx: &Context, process: &Process) -> Needers {
        let model = cx.model;
        let keys = model.need_keys();
        // Each step's needs, as (key, step) in step order: read once, each
        // list asked for a few steps ahead (a process holds its steps in
        // its own order, their lists lie in the conversations' order).
        // A process holds each conversation once: its steps need no more
        // than every conversation together.
        let mut needing: Vec<(u32, u32)> = Vec::with_capacity(model.step_need_count());
        for (index, step) in process.steps.iter().enumerate() {
            further_ahead(&process.steps, index, |step| {
                model.prefetch_step_need_starts(step.conversation);
            });
            ahead(&process.steps, index, |step| {
                model.prefetch_step_needs(step.conversation);
            });
            for need in model.step_needs_of(step.conversation).iter() {
                needing.push((u32_or_max(keys.of(need.need)), u32_or_max(index)));
            }
        }
        // Count each key's needing steps, then place them (step order).
        let mut starts = vec![0u32; keys.len() + 1];
        for &(key, _) in &needing {
            if let Some(slot) = starts.get_mut(key as usize + 1) {
                *slot += 1;
            }
        }
        for k in 0..keys.len() {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut steps = vec![0u32; starts.last().map_or(0, |&end| end as usize)];
        for &(key, index) in &needing {
            if let Some(at) = next.get_mut(key as usize) {
                if let Some(slot) = steps.get_mut(*at as usize) {
                    *slot = index;
                }
                *at += 1;
            }
        }
        drop(needing);
        let mut repeat_at = vec![NO_REPEAT; process.steps.len()];
        for ((_, first), &repeat) in process.repeats.iter().zip(process.repeat_slots()) {
            if let Some(slot) = repeat_at.get_mut(*first) {
                *slot = (*slot).min(repeat);
            }
        }
        Needers {
            keys,
            starts,
            steps,
            repeat_at,
            bounds: Mutex::default(),
        }
    }

    /// The steps needing `need`, in order.
    fn of(&self, need: Need) -> &[u32] {
        let key = self.keys.of(need);
        match (self.starts.get(key), self.starts.get(key + 1)) {
            (Some(&start), Some(&end)) => {
                self.steps.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    /// The first step after `after` needing `need`.
    fn first_after(&self, need: Need, after: usize) -> Option<usize> {
        let list = self.of(need);
        list.get(list.partition_point(|&step| step as usize <= after))
            .map(|&step| step as usize)
    }

    /// Whether step `from` of `process` has [`KEPT_FROM`] needs and wins
    /// or more: what bounds its moves is kept once found.
    fn kept(cx: &Context, process: &Process, from: usize) -> bool {
        let Some(step) = process.steps.get(from) else {
            return false;
        };
        let wins = cx
            .model
            .conversation(step.conversation)
            .map_or(0, |conversation| conversation.wins(cx.model).len());
        cx.model.step_needs_of(step.conversation).len() + wins >= KEPT_FROM
    }

    /// What bounds the moves of step `from` of `process`.
    fn bounds(&self, cx: &Context, process: &Process, from: usize) -> Bounds {
        let model = cx.model;
        let index = cx.index(process.side);
        let Some(step) = process.steps.get(from) else {
            return Bounds::default();
        };
        let wins = model
            .conversation(step.conversation)
            .map_or(&[][..], |conversation| conversation.wins(cx.model));
        let needs = model.step_needs_of(step.conversation);
        let mut bounds = Bounds {
            first_bound: NONE,
            ..Bounds::default()
        };
        for need in needs.iter() {
            if let Some(at) = index
                .first_meeting(process, need.need, Some(from))
                .filter(|&at| at < from)
            {
                bounds.last_needed = bounds.last_needed.max(Some(at));
            }
        }
        if let Some(at) = self.first_after(Need::Conversation(step.conversation), from) {
            bounds.first_bound = bounds.first_bound.min(at);
        }
        for win in wins {
            let list = index.winning(win.commitment);
            let need = Need::Commitment(win.commitment);
            let needers = self.of(need);
            let first_needer = needers.first().map_or(NONE, |&step| step as usize);
            let needs_it =
                |at: usize| u32::try_from(at).is_ok_and(|at| needers.binary_search(&at).is_ok());
            let (first, second, third) = (
                list.first().copied().unwrap_or(NONE),
                list.get(1).copied().unwrap_or(NONE),
                list.get(2).copied().unwrap_or(NONE),
            );
            if first == from {
                // The steps needing the commitment up to the second winner
                // (included: its own win does not count) have it from this
                // step alone.
                if let Some(at) = self.first_after(need, from).filter(|&at| at <= second) {
                    bounds.first_bound = bounds.first_bound.min(at);
                }
                // A step before it waiting for the commitment names it as
                // the first later winner: past the second, it would name
                // that one.
                if first_needer < from && second != NONE {
                    bounds.first_bound = bounds.first_bound.min(second);
                }
            } else if second == from {
                // The first winner, needing it itself, names this one: past
                // the third, it would name that one.
                if needs_it(first) && third != NONE {
                    bounds.first_bound = bounds.first_bound.min(third);
                }
            }
            if first < from {
                // Moved earlier, to a slot in `(first needer, first]`, the
                // steps waiting for the commitment before the slot would
                // name this step instead of the first winner.
                if first_needer < first {
                    bounds.renames.push((first_needer, first));
                }
                // The first winner, needing it itself, names the second:
                // moved to a slot in `(first, second]`, it would name this.
                if second < from && needs_it(first) {
                    bounds.renames.push((first, second));
                }
            }
        }
        // A slot past the first repeat's place puts the repeat first.
        let repeat = self.repeat_at.get(from).copied().unwrap_or(NO_REPEAT);
        if repeat != NO_REPEAT {
            let slot = repeat as usize;
            if slot <= bounds.first_bound {
                bounds.first_bound = slot;
                bounds.repeat = true;
            }
        }
        bounds.renames.sort_unstable();
        let mut highest = 0;
        for range in &mut bounds.renames {
            highest = highest.max(range.1);
            range.1 = highest;
        }
        bounds
    }
}

/// What a move leaves out of order, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Move {
    /// Every step stays after what it needs.
    Keeps,
    /// Some step would come before what it needs; `nearer` is the place
    /// (a slot, as for [`crate::layout::Layout::move_step`]) between the
    /// step and the one asked for, nearest to the one asked for, that
    /// avoids what was found, when there is one. It is worth checking in
    /// turn: it avoids what was found, not necessarily everything.
    Breaks { nearer: Option<usize> },
}

/// Whether moving step `from` of `process` to just before the step at
/// `slot` (past the end: after the last) keeps every step after what it
/// needs, and every `P102` naming the step it names (see the module's
/// documentation).
pub(crate) fn check(cx: &Context, process: &Process, from: usize, slot: usize) -> Move {
    if from >= process.steps.len() {
        return Move::Breaks { nearer: None };
    }
    let slot = slot.min(process.steps.len());
    if slot == from || slot == from + 1 {
        return Move::Keeps;
    }
    let needers = cx.needers(process);
    let (found, mut memo);
    let bounds = if Needers::kept(cx, process, from) {
        memo = needers
            .bounds
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        &*memo
            .entry(from)
            .or_insert_with(|| needers.bounds(cx, process, from))
    } else {
        // Found without taking the lock: taking it is a fence the
        // processor waits at for every read before it (at 50 MB, a sixth
        // of this function's time went there).
        found = needers.bounds(cx, process, from);
        &found
    };
    if slot < from {
        // Earlier: the nearest slot past every conflict found, if any.
        let mut past = None;
        if let Some(at) = bounds.last_needed.filter(|&at| at >= slot) {
            past = past.max(Some(at + 1));
        }
        let below = bounds.renames.partition_point(|&(low, _)| low < slot);
        if let Some(&(_, high)) = below.checked_sub(1).and_then(|at| bounds.renames.get(at)) {
            if high >= slot {
                past = past.max(Some(high + 1));
            }
        }
        return match past {
            None => Move::Keeps,
            Some(past) => Move::Breaks {
                nearer: (past < from).then_some(past),
            },
        };
    }
    // Later: every slot past the first bound breaks.
    if bounds.first_bound >= slot {
        Move::Keeps
    } else {
        Move::Breaks {
            nearer: (!bounds.repeat && bounds.first_bound > from + 1).then_some(bounds.first_bound),
        }
    }
}

/// Brings into the processor's cache what finding the bounds of step
/// `from`'s moves reads first (where the steps needing its conversation
/// start, and where it repeats), for a rule that asks a few findings ahead.
#[inline(always)]
pub(crate) fn prefetch(cx: &Context, process: &Process, from: usize) {
    let needers = cx.needers(process);
    if let Some(step) = process.steps.get(from) {
        crate::prefetch::prefetch(needers.starts.get(step.conversation.0));
    }
    crate::prefetch::prefetch(needers.repeat_at.get(from));
}

/// The slot in `range` (inclusive bounds) to move step `from` of `process`
/// to: `wanted` when that keeps every step after what it needs, else the
/// nearest to it that does, between it and the step, when one does.
pub(crate) fn place(
    cx: &Context,
    process: &Process,
    from: usize,
    wanted: usize,
    range: (usize, usize),
) -> Option<usize> {
    let within = |slot: usize| range.0 <= slot && slot <= range.1;
    if !within(wanted) {
        return None;
    }
    match check(cx, process, from, wanted) {
        Move::Keeps => Some(wanted),
        Move::Breaks {
            nearer: Some(nearer),
        } if within(nearer) => (check(cx, process, from, nearer) == Move::Keeps).then_some(nearer),
        Move::Breaks { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Move, check};

    /// A small deterministic generator (a linear congruential one).
    struct Dice(u64);

    impl Dice {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// A playbook of `count` conversations `c0`, `c1`... each needing a few
    /// of the others (mostly earlier ones) and of three commitments, and
    /// winning one or two of these, and a seller's process holding them in a shuffled
    /// order, written on one line or one step a line.
    fn playbook(dice: &mut Dice, count: usize) -> String {
        let mut text = String::from(
            "stakeholder x \"X\" { side buyer role champion }\n\
             commitment k0 \"K0\"\ncommitment k1 \"K1\"\ncommitment k2 \"K2\"\n",
        );
        for index in 0..count {
            let mut needs = Vec::new();
            for other in 0..count {
                // Mostly on earlier ones; a need on a later one may close
                // a cycle.
                let odds = if other < index { 3 } else { 12 };
                if other != index && dice.below(odds) == 0 {
                    needs.push(format!("c{other}"));
                }
            }
            let mut wins = vec![format!("k{}", dice.below(3))];
            if dice.below(3) == 0 {
                needs.push(format!("k{}", dice.below(3)));
            }
            if dice.below(3) == 0 {
                wins.push(format!("k{}", dice.below(3)));
            }
            wins.dedup();
            let needs = if needs.is_empty() {
                String::new()
            } else {
                format!(" needs {}", needs.join(", "))
            };
            text.push_str(&format!(
                "conversation c{index} \"C\" {{ with x{needs} wins {} }}\n",
                wins.join(", ")
            ));
        }
        let mut order: Vec<usize> = (0..count).collect();
        for at in (1..order.len()).rev() {
            order.swap(at, dice.below(at + 1));
        }
        let steps: Vec<String> = order.iter().map(|i| format!("c{i}")).collect();
        if dice.below(2) == 0 {
            text.push_str(&format!("process seller {{ {} }}\n", steps.join(" ")));
        } else {
            text.push_str(&format!(
                "process seller {{\n  {}\n}}\n",
                steps.join("\n  ")
            ));
        }
        text
    }

    /// The `P102` messages (up to their `;`) of `text`.
    fn out_of_order(text: &str) -> Vec<String> {
        let mut found: Vec<String> = crate::check_text(text)
            .diagnostics
            .iter()
            .filter(|d| d.code == "P102")
            .map(|d| d.message.split(';').next().unwrap_or("").to_string())
            .collect();
        found.sort();
        found
    }

    /// Every move of every step of many small playbooks: the check keeps a
    /// move exactly when the moved text has no `P102` it did not have
    /// (without cycles, whose needs `P102` leaves to `P106`).
    #[test]
    fn a_move_is_kept_exactly_when_it_adds_no_out_of_order_step() {
        let mut dice = Dice(7);
        let (mut kept, mut broken) = (0, 0);
        for round in 0..300 {
            let text = playbook(&mut dice, 3 + round % 4);
            let parsed = parley_syntax::parse(&text);
            let resolved = crate::Resolved::new(&text, &parsed.file, &parsed.errors);
            let cycles = !resolved.graph.cycles().is_empty();
            let cx = resolved.context();
            let Some(process) = cx.process(crate::model::Side::Seller) else {
                panic!("no seller's process:\n{text}");
            };
            let before = out_of_order(&text);
            let steps = process.steps.len();
            for from in 0..steps {
                for slot in 0..=steps {
                    let Some(edits) = cx.layout.move_step(process, from, slot) else {
                        continue;
                    };
                    let moved = parley_syntax::apply_edits(&text, &edits).expect("it applies");
                    let mut old = before.clone();
                    let added = out_of_order(&moved)
                        .into_iter()
                        .filter(|message| match old.iter().position(|m| m == message) {
                            Some(at) => {
                                old.swap_remove(at);
                                false
                            }
                            None => true,
                        })
                        .count();
                    let verdict = check(&cx, process, from, slot);
                    match verdict {
                        Move::Keeps => {
                            kept += 1;
                            assert_eq!(added, 0, "{from} -> {slot} adds a P102:\n{text}\n{moved}");
                        }
                        Move::Breaks { .. } => {
                            broken += 1;
                            assert!(
                                added > 0 || cycles,
                                "{from} -> {slot} is refused but adds no P102:\n{text}\n{moved}"
                            );
                        }
                    }
                }
            }
        }
        assert!(kept > 100 && broken > 100, "{kept} kept, {broken} refused");
    }

    #[test]
    fn only_a_step_with_many_needs_keeps_its_bounds_and_asked_again_answers_the_same() {
        // `hub` needs twenty conversations and stands among them: half
        // come after it. The others need nothing and win one commitment.
        let mut text =
            String::from("stakeholder x \"X\" { side buyer role champion }\ncommitment k \"K\"\n");
        let names: Vec<String> = (0..20).map(|i| format!("c{i}")).collect();
        for name in &names {
            text.push_str(&format!("conversation {name} \"C\" {{ with x wins k }}\n"));
        }
        text.push_str(&format!(
            "conversation hub \"H\" {{ with x needs {} }}\n",
            names.join(", ")
        ));
        let (before, after) = names.split_at(10);
        text.push_str(&format!(
            "process seller {{ {} hub {} }}\n",
            before.join(" "),
            after.join(" ")
        ));
        let parsed = parley_syntax::parse(&text);
        let resolved = crate::Resolved::new(&text, &parsed.file, &parsed.errors);
        let cx = resolved.context();
        let Some(process) = cx.process(crate::model::Side::Seller) else {
            panic!("no seller's process:\n{text}");
        };
        let steps = process.steps.len();
        let verdicts = || {
            let mut all = Vec::new();
            for from in 0..steps {
                for slot in 0..=steps {
                    all.push(check(&cx, process, from, slot));
                }
            }
            all
        };
        let first = verdicts();
        let kept: Vec<usize> = {
            let memo = cx.needers(process).bounds.lock().expect("not poisoned");
            memo.keys().copied().collect()
        };
        assert_eq!(kept, [10], "only `hub` (step 10) is kept");
        assert_eq!(verdicts(), first);
        // Moved earlier, `hub` passes a step meeting one of its needs;
        // moved later, it passes none that needs it.
        let hub = &first[10 * (steps + 1)..11 * (steps + 1)];
        assert!(hub[..10].iter().all(|verdict| *verdict != Move::Keeps));
        assert!(hub[10..].iter().all(|verdict| *verdict == Move::Keeps));
    }
}
