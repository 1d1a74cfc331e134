//! Plans the negotiated steps a fix inserts into a process: the conversation
//! that meets a need (the one the other process uses, when it has one) and,
//! transitively, whatever it needs that is missing too, in dependency order,
//! each placed where the other process's order puts it relative to the
//! shared steps, else just before the step that needs it.
//!
//! A plan is refused (`None`) when some conversation in it needs what the
//! process meets only at or after the step the insertion must precede, and
//! nothing else can meet it: the inserted step would go before what it
//! needs (a new `P102`) or after the step needing it, so no fix is offered.

use rustc_hash::FxHashSet;

use parley_syntax::TextEdit;

use super::{Context, Lines};
use crate::model::{ConversationId, Need, Process, StepNeed};

/// A conversation to insert, and the step it goes before (a slot past the
/// last step means after the last item).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Placed {
    pub slot: usize,
    pub conversation: ConversationId,
}

/// Plans and places insertions one after another, keeping its buffers: a
/// rule plans one per diagnostic, which would otherwise allocate a chain, a
/// set and a list of its own each time.
#[derive(Default)]
pub(crate) struct Plans {
    chain: Vec<ConversationId>,
    visiting: FxHashSet<ConversationId>,
    placed: Vec<Placed>,
    needs: Vec<StepNeed>,
    /// Whether the last plan needs what the process meets only at or after
    /// the limit.
    unmet: bool,
}

impl Plans {
    /// The steps that must go into `target` before step `limit` so that
    /// `needs` are met: the conversations meeting them and their own missing
    /// needs, in dependency order, placed. `exclude` is the step's own
    /// conversation. `None` when some need is met only at or after `limit`.
    pub fn for_needs(
        &mut self,
        cx: &Context,
        target: &Process,
        needs: &[Need],
        exclude: Option<ConversationId>,
        limit: usize,
    ) -> Option<&[Placed]> {
        let mut planner = self.planner(cx, target, limit);
        if let Some(excluded) = exclude {
            planner.visiting.insert(excluded);
        }
        for &need in needs {
            planner.meet(need, exclude);
        }
        self.place(cx, target, limit, None)
    }

    /// [`Plans::for_needs`] for one need of step `limit`'s conversation
    /// `asking`: `needed`, which `target` neither holds nor waives (a need
    /// `P101` reports, classified from the same tables). Where the planner
    /// would look `needed` up in the target's tables, the answer is known
    /// and not read again: at 50 MB those reads waited on memory.
    pub fn for_unheld_need(
        &mut self,
        cx: &Context,
        target: &Process,
        needed: ConversationId,
        asking: ConversationId,
        limit: usize,
    ) -> Option<&[Placed]> {
        let mut planner = self.planner(cx, target, limit);
        planner.visiting.insert(asking);
        // Not met before the limit, and usable: not held, not waived, not
        // the asking step's own (the planner's `meet` and `provider`).
        planner.visit_unheld(needed);
        self.place(cx, target, limit, None)
    }

    /// `root` inserted into `target` before step `limit`, with the chain of
    /// its missing needs before it, placed. `around` is where, in
    /// `target`, the last step before `root`'s place in the other process
    /// and the first after it that `target` holds stand (the other
    /// process's alignment there). `None` when some need is met only at or
    /// after `limit`.
    pub fn for_step(
        &mut self,
        cx: &Context,
        target: &Process,
        root: ConversationId,
        around: [Option<usize>; 2],
        limit: usize,
    ) -> Option<&[Placed]> {
        self.planner(cx, target, limit).visit(root);
        self.place(cx, target, limit, Some((root, around)))
    }

    /// A planner over this plan's buffers, emptied.
    fn planner<'p, 'c, 'a>(
        &'p mut self,
        cx: &'c Context<'a>,
        target: &'c Process,
        limit: usize,
    ) -> Planner<'p, 'c, 'a> {
        self.chain.clear();
        self.visiting.clear();
        self.unmet = false;
        Planner {
            cx,
            target,
            limit,
            chain: &mut self.chain,
            visiting: &mut self.visiting,
            unmet: &mut self.unmet,
        }
    }

    /// Places the planned chain into `target`: each conversation where the
    /// other process's order puts it relative to the shared steps, never
    /// after step `limit`, never before what it needs, and in chain order.
    /// `None` when the plan needs what the process meets only at or after
    /// the limit: no place keeps both bounds. `root`, when given, is a
    /// conversation of the chain with where the target's steps around its
    /// place in the other process stand, which the caller has read already.
    fn place(
        &mut self,
        cx: &Context,
        target: &Process,
        limit: usize,
        root: Option<(ConversationId, [Option<usize>; 2])>,
    ) -> Option<&[Placed]> {
        self.placed.clear();
        if self.unmet {
            return None;
        }
        let source_side = target.side.other();
        let source = cx.process(source_side);
        let alignment = cx.alignment(source_side);
        let index = cx.index(target.side);
        let mut previous = 0;
        for &conversation in &self.chain {
            let mut upper = limit;
            let mut lower = previous;
            let around = match root {
                Some((root, around)) if root == conversation => Some(around),
                _ => source
                    .and_then(|s| s.position(conversation))
                    .map(|position| alignment.around(position)),
            };
            if let Some([before, next]) = around {
                if let Some(next) = next {
                    upper = upper.min(next);
                }
                if let Some(before) = before {
                    lower = lower.max(before + 1);
                }
            }
            cx.model.step_needs_into(conversation, &mut self.needs);
            for need in &self.needs {
                if let Some(at) = index.first_meeting(target, need.need, None) {
                    if at < limit {
                        lower = lower.max(at + 1);
                    }
                }
            }
            let slot = if lower <= upper {
                upper
            } else {
                lower.min(limit)
            };
            previous = slot;
            self.placed.push(Placed { slot, conversation });
        }
        Some(&self.placed)
    }
}

struct Planner<'p, 'c, 'a> {
    cx: &'c Context<'a>,
    target: &'c Process,
    limit: usize,
    chain: &'p mut Vec<ConversationId>,
    visiting: &'p mut FxHashSet<ConversationId>,
    /// Set when a need is met neither before the limit nor by the chain,
    /// but by a step at or after it.
    unmet: &'p mut bool,
}

impl Planner<'_, '_, '_> {
    fn met(&self, need: Need) -> bool {
        let index = self.cx.index(self.target.side);
        index.met_before(self.target, need, self.limit)
            || self
                .chain
                .iter()
                .any(|&planned| self.cx.model.meets(planned, need))
    }

    fn meet(&mut self, need: Need, asking: Option<ConversationId>) {
        if self.met(need) {
            return;
        }
        if let Some(provider) = self.provider(need, asking) {
            self.visit(provider);
        } else if self
            .cx
            .index(self.target.side)
            .first_meeting(self.target, need, None)
            .is_some()
        {
            // The process meets it, but only at or after the limit: the
            // chain would go before what it needs (a new `P102`).
            *self.unmet = true;
        }
    }

    fn visit(&mut self, conversation: ConversationId) {
        if !self.target.contains(conversation) {
            self.visit_unheld(conversation);
        }
    }

    /// [`Planner::visit`] for a conversation the target does not hold.
    fn visit_unheld(&mut self, conversation: ConversationId) {
        if self.chain.contains(&conversation) || !self.visiting.insert(conversation) {
            return;
        }
        let model = self.cx.model;
        for need in model.step_needs_of(conversation).iter() {
            self.meet(need.need, Some(conversation));
        }
        self.chain.push(conversation);
    }

    /// The conversation to insert for `need`: not already in the process,
    /// not waived there; the one the other process uses first, else the
    /// first declared. Usually the first candidate looked at.
    fn provider(&self, need: Need, asking: Option<ConversationId>) -> Option<ConversationId> {
        let usable = |candidate: ConversationId| {
            Some(candidate) != asking
                && !self.target.contains(candidate)
                && !self.target.waives(candidate)
                && !self.visiting.contains(&candidate)
        };
        let commitment = match need {
            Need::Conversation(id) => return usable(id).then_some(id),
            Need::Commitment(id) => id,
        };
        let other_side = self.target.side.other();
        if let Some(other) = self.cx.process(other_side) {
            let used = self
                .cx
                .index(other_side)
                .winning(commitment)
                .iter()
                .filter_map(|&at| other.steps.get(at))
                .map(|step| step.conversation)
                .find(|&c| usable(c));
            if used.is_some() {
                return used;
            }
        }
        self.cx
            .model
            .winners(commitment)
            .iter()
            .copied()
            .find(|&c| usable(c))
    }
}

/// The edits inserting placed conversations as `NAME negotiated` lines.
pub(crate) fn insertion_edits(cx: &Context, target: &Process, placed: &[Placed]) -> Vec<TextEdit> {
    // Mostly one conversation, or several in one slot: one edit.
    let mut edits: Vec<TextEdit> = Vec::with_capacity(1);
    cx.with_lines(|group| {
        let mut group_slot: Option<usize> = None;
        let flush = |slot: Option<usize>, group: &mut Lines, edits: &mut Vec<TextEdit>| {
            if let Some(slot) = slot {
                if let Some(edit) = cx.layout.insert_lines(target, slot, group.as_slice()) {
                    edits.push(edit);
                }
            }
            group.clear();
        };
        for item in placed {
            if group_slot != Some(item.slot) {
                flush(group_slot, group, &mut edits);
                group_slot = Some(item.slot);
            }
            group.push(&[cx.model.conversation_name(item.conversation), " negotiated"]);
        }
        flush(group_slot, group, &mut edits);
    });
    edits.sort_by_key(|edit| (edit.span.start(), edit.span.end()));
    edits
}
