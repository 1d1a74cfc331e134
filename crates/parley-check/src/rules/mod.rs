//! Every process and stakeholder rule, one small module each, run over the
//! resolved [`Model`] through a shared [`Context`].
//!
//! The `N` rules live in [`crate::resolve`], where names are resolved.

use std::sync::{Mutex, OnceLock};

use parley_syntax::Diagnostic;
use parley_syntax::ast::Side;

use crate::graph::DependencyGraph;
use crate::insertion::InsertionPoints;
use crate::layout::Layout;
use crate::model::{Model, Need, Process};
use crate::needs::{self, FirstSkipped, NeedFinding, ProcessIndex};
use crate::negotiated::NegotiatedProcess;
use crate::prefetch;
use crate::timeline::Schedule;
pub(crate) use alignment::Alignment;
use stakeholders::{Engagement, Engagements};

mod alignment;
mod chain;
mod moves;
mod p101_skipped_step;
mod p102_out_of_order;
mod p103_order_disagreement;
mod p104_one_sided_step;
mod p105_waived_but_needed;
mod p106_dependency_cycle;
mod p107_step_listed_twice;
mod p108_unwinnable_need;
mod p109_pace_conflict;
mod p110_no_next_commitment;
mod p111_quiet_period_breach;
mod s201_unengaged_decision_maker;
mod s202_uncompelled_approver;
mod s203_consensus_gap;
mod s204_single_threaded;
mod s205_one_sided_conversation;
mod s206_late_paper_process;
mod s207_unowned_shared_step;
mod stakeholders;
mod t301_infeasible_date;
mod t302_acceleration_needed;

/// Lines written for an edit and read by [`Layout`] into the edit's own
/// text: kept from one diagnostic to the next, so that writing them again
/// reuses their strings instead of allocating and freeing them each time.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    lines: Vec<String>,
    used: usize,
}

impl Lines {
    /// Adds a line made of `pieces`.
    pub fn push(&mut self, pieces: &[&str]) {
        match self.lines.get_mut(self.used) {
            Some(line) => {
                line.clear();
                pieces.iter().for_each(|piece| line.push_str(piece));
            }
            None => self.lines.push(crate::catalog::text(pieces)),
        }
        self.used += 1;
    }

    /// The lines added since the last [`Lines::clear`].
    pub fn as_slice(&self) -> &[String] {
        self.lines.get(..self.used).unwrap_or(&[])
    }

    /// Forgets the lines, keeping their strings for the next ones.
    pub fn clear(&mut self) {
        self.used = 0;
    }
}

/// What every rule may read.
pub(crate) struct Context<'a> {
    pub model: &'a Model,
    pub graph: &'a DependencyGraph,
    pub negotiated: &'a NegotiatedProcess,
    pub layout: &'a Layout<'a>,
    pub insertion: &'a InsertionPoints,
    pub seller_index: ProcessIndex,
    pub buyer_index: ProcessIndex,
    /// Every need of every step that a rule speaks of, classified once.
    pub needs: Vec<NeedFinding>,
    /// Seller steps placed against the buyer's process, and the reverse.
    pub seller_in_buyer: Alignment,
    pub buyer_in_seller: Alignment,
    /// The first step of each process whose need is skipped, per need.
    pub first_skipped: FirstSkipped,
    /// Who takes part where in each process, built by the first rule that
    /// asks (several stakeholder rules share them).
    engagements: OnceLock<Engagements>,
    /// Which steps of each process need what, built by the first move a
    /// fix considers.
    seller_needers: OnceLock<moves::Needers>,
    buyer_needers: OnceLock<moves::Needers>,
    /// The negotiated process in working days, when the playbook `starts`.
    pub schedule: Option<Schedule>,
    /// Lines for edits, reused (see [`Context::with_lines`]): one for each
    /// thread the rules run on.
    lines: [Mutex<Lines>; 2],
}

impl<'a> Context<'a> {
    pub fn new(
        model: &'a Model,
        graph: &'a DependencyGraph,
        negotiated: &'a NegotiatedProcess,
        layout: &'a Layout<'a>,
        insertion: &'a InsertionPoints,
    ) -> Context<'a> {
        let seller_index = model
            .seller
            .as_ref()
            .map(|p| ProcessIndex::new(model, p))
            .unwrap_or_default();
        let buyer_index = model
            .buyer
            .as_ref()
            .map(|p| ProcessIndex::new(model, p))
            .unwrap_or_default();
        let mut findings = Vec::new();
        if let Some(process) = &model.seller {
            needs::classify(model, graph, process, &seller_index, &mut findings);
        }
        if let Some(process) = &model.buyer {
            needs::classify(model, graph, process, &buyer_index, &mut findings);
        }
        findings.shrink_to_fit();
        let first_skipped = FirstSkipped::new(model, &findings);
        let (seller_in_buyer, buyer_in_seller) = match (&model.seller, &model.buyer) {
            (Some(seller), Some(buyer)) => {
                (Alignment::new(seller, buyer), Alignment::new(buyer, seller))
            }
            _ => (Alignment::default(), Alignment::default()),
        };
        Context {
            model,
            graph,
            negotiated,
            layout,
            insertion,
            seller_index,
            buyer_index,
            needs: findings,
            seller_in_buyer,
            buyer_in_seller,
            first_skipped,
            engagements: OnceLock::new(),
            seller_needers: OnceLock::new(),
            buyer_needers: OnceLock::new(),
            schedule: Schedule::new(model, negotiated),
            lines: Default::default(),
        }
    }

    /// Runs `write` with an empty [`Lines`]: one of the shared ones not in
    /// use, else a new one.
    pub fn with_lines<R>(&self, write: impl FnOnce(&mut Lines) -> R) -> R {
        match self.lines.iter().find_map(|lines| lines.try_lock().ok()) {
            Some(mut lines) => {
                lines.clear();
                write(&mut lines)
            }
            None => write(&mut Lines::default()),
        }
    }

    /// Who takes part where in `process` (one of the model's two).
    pub fn engagement(&self, process: &Process) -> &Engagement {
        self.engagements
            .get_or_init(|| Engagements::new(self.model))
            .of(process.side)
    }

    /// Which steps of `process` (one of the model's two) need what.
    pub(crate) fn needers(&self, process: &Process) -> &moves::Needers {
        let cell = match process.side {
            Side::Seller => &self.seller_needers,
            Side::Buyer => &self.buyer_needers,
        };
        cell.get_or_init(|| moves::Needers::new(self, process))
    }

    /// Builds now what rules build when they first ask for it (who takes
    /// part where, which steps need what), for each process there is.
    fn build_shared(&self) {
        for process in self.model.processes() {
            self.engagement(process);
            self.needers(process);
        }
    }

    /// The first step of `process` winning the commitment named `name`.
    pub fn first_winning(
        &self,
        process: &Process,
        name: &str,
    ) -> Option<(usize, crate::model::CommitmentId)> {
        let commitment = self.model.commitment_named(name)?;
        let index = *self.index(process.side).winning(commitment).first()?;
        Some((index, commitment))
    }

    /// Asks for what the report of need finding `findings[index]`'s
    /// successors will read ([`crate::prefetch`]): further ahead the step,
    /// the record of what it needs and the other process's step that meets
    /// the need, ahead the two steps' conversations (read through the steps
    /// asked for before).
    #[inline(always)]
    pub(crate) fn prefetch_need_findings<T>(
        &self,
        findings: &[T],
        index: usize,
        finding: impl Fn(&T) -> &NeedFinding,
    ) {
        let steps = |finding: &NeedFinding| {
            let own = self
                .process(finding.side)
                .and_then(|process| process.steps.get(finding.step));
            let meeting = self.process(finding.side.other()).and_then(|other| {
                let at = self
                    .index(other.side)
                    .first_meeting(other, finding.need.need, None)?;
                other.steps.get(at)
            });
            [own, meeting]
        };
        // Where the other process meets the need, read to find its step.
        prefetch::farthest_ahead(findings, index, |item| {
            let finding = finding(item);
            if let (Some(other), Need::Conversation(conversation)) =
                (self.process(finding.side.other()), finding.need.need)
            {
                other.prefetch_position(conversation);
            }
        });
        prefetch::further_ahead(findings, index, |item| {
            let finding = finding(item);
            for step in steps(finding) {
                prefetch::prefetch(step);
            }
            self.model.prefetch_need(finding.need.need);
        });
        prefetch::ahead(findings, index, |item| {
            for step in steps(finding(item)).into_iter().flatten() {
                self.model.prefetch_conversation_name(step.conversation);
            }
        });
    }

    pub fn process(&self, side: Side) -> Option<&'a Process> {
        self.model.process(side)
    }

    pub fn index(&self, side: Side) -> &ProcessIndex {
        match side {
            Side::Seller => &self.seller_index,
            Side::Buyer => &self.buyer_index,
        }
    }

    /// How `source`'s steps line up with the other side's process.
    pub fn alignment(&self, source: Side) -> &Alignment {
        match source {
            Side::Seller => &self.seller_in_buyer,
            Side::Buyer => &self.buyer_in_seller,
        }
    }

    pub fn lead(&self) -> Side {
        self.model.playbook.lead
    }

    /// Both processes, lead first, when the playbook has both.
    pub fn both(&self) -> Option<(&'a Process, &'a Process)> {
        let lead = self.process(self.lead())?;
        let other = self.process(self.lead().other())?;
        Some((lead, other))
    }
}

/// A rule: what it finds in `context` goes onto the vector.
type RuleFn = fn(&Context, &mut Vec<Diagnostic>);

/// A rule's code, with the function that finds what it reports.
type Rule = (&'static str, RuleFn);

/// The rules the calling thread runs: the ones that move steps (`P102`,
/// `P103`, sharing [`Context::needers`]) with the other process rules up to
/// `P110` and the timeline's. At 10 MB of playbook they take about 5.3 ms
/// of the rules' 10.7, the needers' tables included; at 50 MB about 30 ms
/// of 60 (`--example rules`, on one thread).
const ON_THIS_THREAD: [Rule; 12] = [
    ("P101", p101_skipped_step::check),
    ("P102", p102_out_of_order::check),
    ("P103", p103_order_disagreement::check),
    ("P104", p104_one_sided_step::check),
    ("P105", p105_waived_but_needed::check),
    ("P106", p106_dependency_cycle::check),
    ("P107", p107_step_listed_twice::check),
    ("P108", p108_unwinnable_need::check),
    ("P109", p109_pace_conflict::check),
    ("P110", p110_no_next_commitment::check),
    ("T301", t301_infeasible_date::check),
    ("T302", t302_acceleration_needed::check),
];

/// The rules a helper thread runs on a large playbook: `S207`, which reads
/// a byte of facts per step, `P111` and the stakeholder rules that share
/// [`Context::engagement`] (about 5.3 ms at 10 MB and 29 ms at
/// 50 MB, the engagement tables included). `S207` ran on the calling
/// thread until `P111` and the needers' tables got faster; left there,
/// the calling thread's share took 35 ms at 50 MB and the helper's 25.
const ON_A_HELPER: [Rule; 8] = [
    // First: on one thread, its list of findings (about one a shared step)
    // is then held while fewer diagnostics are.
    ("S207", s207_unowned_shared_step::check),
    ("P111", p111_quiet_period_breach::check),
    ("S201", s201_unengaged_decision_maker::check),
    ("S202", s202_uncompelled_approver::check),
    ("S203", s203_consensus_gap::check),
    ("S204", s204_single_threaded::check),
    ("S205", s205_one_sided_conversation::check),
    ("S206", s206_late_paper_process::check),
];

/// Runs every rule: with `helped` (a large playbook, see
/// `crate::Helpers`), a share of them on a helper thread and the rest on
/// this one.
///
/// What is found is the same either way, in the same order once sorted:
/// each rule has a code of its own, so no two rules' diagnostics are
/// equals, and each rule's own run stays in its order. A helper that
/// cannot be started leaves its rules to this thread.
pub(crate) fn run(context: &Context, out: &mut Vec<Diagnostic>, helped: bool) {
    let run_all = |rules: &[Rule], out: &mut Vec<Diagnostic>| {
        for (_, rule) in rules {
            rule(context, out);
        }
    };
    if !helped {
        run_all(&ON_THIS_THREAD, out);
        run_all(&ON_A_HELPER, out);
        return;
    }
    // The helper's list has room for as many as `out` was given (about one
    // a step and stakeholder): its rules find about half of a large
    // playbook's diagnostics, and grown one by one the list was copied a
    // dozen times (at 50 MB, 19 MB of copies and as much memory touched
    // anew). Room not used is address space, not memory, but for the rest
    // of the huge page the list ends in.
    let room = out.capacity() - out.len();
    let helper_rules = || {
        let mut found = Vec::with_capacity(room);
        run_all(&ON_A_HELPER, &mut found);
        found
    };
    let ((), mut found) = crate::with_helper_thread("parley-rules", &helper_rules, || {
        run_all(&ON_THIS_THREAD, out);
    });
    out.append(&mut found);
}

/// The name [`run_each`] reports what several rules share under.
pub(crate) const SHARED: &str = "shared";

/// Runs every rule on this thread, in [`run`]'s order, calling `rule_done`
/// after each with its code and what it found (for a profiler that times
/// each rule).
///
/// What several rules share ([`Context::engagement`], [`Context::needers`])
/// is built first, for both processes, and reported as [`SHARED`] with
/// nothing found. [`run`] builds each when a rule first asks for it, in
/// that rule's time; which rule that is depends on what the playbook holds
/// (`P102` when it has a step out of order, else `P103`), so a rule's time
/// would hold a table's build at one size and not at the next.
pub(crate) fn run_each(
    context: &Context,
    out: &mut Vec<Diagnostic>,
    rule_done: &mut dyn FnMut(&'static str, &[Diagnostic]),
) {
    context.build_shared();
    rule_done(SHARED, &[]);
    for (code, rule) in ON_THIS_THREAD.iter().chain(&ON_A_HELPER) {
        let from = out.len();
        rule(context, out);
        rule_done(code, out.get(from..).unwrap_or(&[]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which of what rules share is built: both processes' engagement,
    /// and the seller's and the buyer's needers.
    fn built(cx: &Context) -> [bool; 3] {
        [
            cx.engagements.get().is_some(),
            cx.seller_needers.get().is_some(),
            cx.buyer_needers.get().is_some(),
        ]
    }

    #[test]
    fn a_check_rule_by_rule_builds_what_rules_share_before_the_first_rule() {
        let both = "conversation a \"A\" { takes 1w }\nprocess seller { a }\nprocess buyer { a }\n";
        let one = "conversation a \"A\" { takes 1w }\nprocess seller { a }\n";
        for (text, expected) in [(both, [true; 3]), (one, [true, true, false])] {
            let parsed = parley_syntax::parse(text);
            let resolved = crate::Resolved::new(text, &parsed.file, &parsed.errors);
            let cx = resolved.context();
            assert_eq!(built(&cx), [false; 3]);
            let mut out = Vec::new();
            let mut seen = Vec::new();
            run_each(&cx, &mut out, &mut |code, _| {
                if seen.is_empty() {
                    assert_eq!(built(&cx), expected, "when `{code}` is reported");
                }
                seen.push(code);
            });
            assert_eq!(seen.first(), Some(&SHARED));
            assert_eq!(seen.len(), ON_THIS_THREAD.len() + ON_A_HELPER.len() + 1);
        }
    }
}
