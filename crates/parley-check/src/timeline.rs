//! The timeline: the negotiated process scheduled in working days.
//!
//! When the playbook says when it `starts`, the negotiated steps run back to
//! back in their order: the first starts on the start date (the Monday after,
//! when it falls on a weekend), each later one on the working day after the
//! step before it finishes. A step takes its `takes` in working days (`1w` is
//! five), one day without it; `takes 0d` is a milestone on the day it is
//! reached. Weekends are skipped; there are no holidays. A step meets its
//! `by` date when it finishes on or before it.
//!
//! Each step before a deadline delays it, so the critical path to a deadline
//! is every negotiated step up to it; the plan's critical path is the one to
//! its tightest deadline (the least slack). The deadlines are what `T301`
//! (infeasible) and `T302` (one party's own order would meet it) report.
//! Scheduling is linear in the number of steps: a `T302` deadline keeps the
//! count of its steps to accelerate and the longest few, tallied once in
//! negotiated order (see `acceleration`).

mod acceleration;
mod calendar;

use parley_syntax::Span;
use parley_syntax::ast::Side;

use crate::model::{ConversationId, Date, Model};
use crate::negotiated::NegotiatedProcess;
use crate::prefetch::{further_ahead, prefetch};
use acceleration::Accelerator;
use calendar::{Dates, MAX_WORKING_DAYS, WorkingDay};

pub use acceleration::NAMED_STEPS;
pub use calendar::is_weekend;

/// One negotiated step with its dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledStep {
    pub conversation: ConversationId,
    /// Its length in working days.
    pub working_days: u64,
    /// `true` when the conversation has no `takes`: it takes one day.
    pub default_duration: bool,
    /// The first working day of the step.
    pub start: Date,
    /// The last working day of the step (its start, for a milestone).
    pub finish: Date,
    /// Working days to spare before the tightest deadline at or after this
    /// step (negative when that deadline is missed); `None` when no deadline
    /// follows.
    pub slack: Option<i64>,
    /// On the plan's critical path.
    pub critical: bool,
}

/// Whether the negotiated process meets a `by` date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// It finishes on or before the date.
    Met,
    /// It finishes after the date, and no party's own order meets it (`T301`).
    Infeasible,
    /// It finishes after the date, but a party's own order meets it (`T302`).
    Accelerate(Acceleration),
}

/// A deadline one party's own order meets and the negotiated one misses.
///
/// The steps to accelerate are the ones the negotiated process runs before
/// the deadline's step that the party's own order does not. Only the
/// longest few are kept (see [`NAMED_STEPS`]), with the count of all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceleration {
    /// The party whose own order meets it: the lead when both do.
    pub side: Side,
    /// When that order finishes the step.
    pub finish: Date,
    /// The longest of the steps to accelerate, at most [`NAMED_STEPS`] (the
    /// earlier when several take as long), in negotiated order.
    pub named: Vec<AddedStep>,
    /// How many steps there are to accelerate, the named ones included.
    pub added: usize,
}

impl Acceleration {
    /// The steps to accelerate that are not named.
    pub fn unnamed(&self) -> usize {
        self.added.saturating_sub(self.named.len())
    }
}

/// A step the negotiated process adds before a late one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddedStep {
    pub conversation: ConversationId,
    /// The index of its step in [`Schedule::steps`].
    pub step: usize,
    /// Its length in working days.
    pub working_days: u64,
}

/// A conversation's `by` date, against the schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub conversation: ConversationId,
    /// The index of its step in [`Schedule::steps`].
    pub step: usize,
    pub by: Date,
    /// The date in the playbook.
    pub by_span: Span,
    /// When the negotiated process finishes the step.
    pub finish: Date,
    /// Working days the finish is after the date (0 when met).
    pub late: u64,
    /// Working days to spare between the finish and the date (0 when late).
    pub spare: u64,
    pub verdict: Verdict,
}

impl Deadline {
    pub fn is_met(&self) -> bool {
        self.verdict == Verdict::Met
    }

    /// Working days to spare, negative when late.
    pub fn margin(&self) -> i64 {
        let spare = i64::try_from(self.spare).unwrap_or(i64::MAX);
        let late = i64::try_from(self.late).unwrap_or(i64::MAX);
        spare - late
    }
}

/// The negotiated process in working days from the playbook's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The playbook's `starts` date.
    pub starts: Date,
    /// Every negotiated step, in negotiated order.
    pub steps: Vec<ScheduledStep>,
    /// Every `by` date of a negotiated step, in negotiated order.
    pub deadlines: Vec<Deadline>,
    /// The steps, in order, from the first to the tightest deadline's; empty
    /// when no step has a `by` date.
    pub critical_path: Vec<ConversationId>,
    /// Each conversation's index in `steps`, by conversation index;
    /// [`ABSENT`] when it has none.
    place: Vec<u32>,
}

/// No step in [`Schedule::place`].
const ABSENT: u32 = u32::MAX;

/// Schedules the negotiated process; `None` when the playbook has no valid
/// `starts` date.
pub fn schedule(model: &Model, negotiated: &NegotiatedProcess) -> Option<Schedule> {
    Schedule::new(model, negotiated)
}

/// A step's place on the working-day line.
#[derive(Clone, Copy, Debug)]
struct Slot {
    conversation: ConversationId,
    working_days: u64,
    start: WorkingDay,
    finish: WorkingDay,
}

/// Runs `order` back to back from `first`, each step as long as its
/// conversation's `takes` ([`Model::takes`]: a table of four bytes a
/// conversation, not the records, which in these orders lie anywhere),
/// calling `note` with each step's index, its conversation and its `takes`.
fn run_back_to_back(
    model: &Model,
    first: WorkingDay,
    order: impl IntoIterator<Item = ConversationId>,
    mut note: impl FnMut(usize, ConversationId, Option<u64>),
) -> Vec<Slot> {
    let limit = first.plus(MAX_WORKING_DAYS);
    let mut cursor = first;
    let order = order.into_iter();
    // Room for the most the order can hold (a party's order leaves its
    // waived steps out, so its length is only bounded): one allocation.
    let (least, most) = order.size_hint();
    let mut slots = Vec::with_capacity(most.unwrap_or(least));
    for conversation in order {
        let takes = model.takes(conversation);
        note(slots.len(), conversation, takes);
        let working_days = takes.unwrap_or(1);
        let length = i64::try_from(working_days).unwrap_or(MAX_WORKING_DAYS);
        let start = cursor;
        let finish = start.plus(length.saturating_sub(1).max(0)).min(limit);
        cursor = start.plus(length).min(limit);
        slots.push(Slot {
            conversation,
            working_days,
            start,
            finish,
        });
    }
    slots
}

/// The civil date of a working day; the latest date for one beyond reach.
fn date_of(dates: &mut Dates, day: WorkingDay) -> Date {
    dates
        .date(day)
        .unwrap_or_else(|| Date::nearest(u32::MAX, 12, 31))
}

/// Working days from `by` (or the Friday before it) to `finish`.
fn lateness(finish: WorkingDay, by: Date) -> i64 {
    finish.0.saturating_sub(WorkingDay::on_or_before(by).0)
}

impl Schedule {
    /// See [`schedule`].
    pub fn new(model: &Model, negotiated: &NegotiatedProcess) -> Option<Schedule> {
        let starts = model.playbook.starts?;
        let first = WorkingDay::on_or_after(starts);
        let order = negotiated.steps.iter().map(|step| step.conversation);
        // What the walks below need of each dated step's record, read once:
        // on a large playbook every read of a record comes back from memory,
        // so only a dated step's is read (the facts say which are), its date
        // asked for a few steps ahead.
        let mut dated: Vec<(usize, Date, Span)> = Vec::new();
        let mut default_duration: Vec<bool> = Vec::with_capacity(negotiated.steps.len());
        let slots = run_back_to_back(model, first, order, |index, conversation, takes| {
            further_ahead(&negotiated.steps, index, |later| {
                if model.facts(later.conversation).dated()
                    && let Some(record) = model.conversation(later.conversation)
                {
                    prefetch(Some(&record.by));
                    prefetch(Some(&record.by_span));
                }
            });
            default_duration.push(takes.is_none());
            if !model.facts(conversation).dated() {
                return;
            }
            let record = model.conversation(conversation);
            if let Some((by, by_span)) = record.and_then(|c| c.by.zip(c.by_span)) {
                dated.push((index, by, by_span));
            }
        });

        let mut deadlines = Vec::with_capacity(dated.len());
        let mut accelerator = Accelerator::new(model, first);
        // Deadlines and steps each visit their days in order.
        let mut deadline_dates = Dates::default();
        for &(index, by, by_span) in &dated {
            let Some(slot) = slots.get(index) else {
                continue;
            };
            let late = lateness(slot.finish, by);
            let verdict = if late <= 0 {
                Verdict::Met
            } else {
                match accelerator.accelerate(&slots, index, by) {
                    Some(acceleration) => Verdict::Accelerate(acceleration),
                    None => Verdict::Infeasible,
                }
            };
            deadlines.push(Deadline {
                conversation: slot.conversation,
                step: index,
                by,
                by_span,
                finish: date_of(&mut deadline_dates, slot.finish),
                late: u64::try_from(late).unwrap_or(0),
                spare: u64::try_from(-late).unwrap_or(0),
                verdict,
            });
        }

        // The critical path runs to the last deadline with the least slack
        // (the least margin of any deadline).
        let least = deadlines.iter().map(Deadline::margin).min();
        let critical_end = deadlines
            .iter()
            .rev()
            .find(|deadline| Some(deadline.margin()) == least)
            .map(|deadline| deadline.step);
        let critical = |index: usize| critical_end.is_some_and(|end| index <= end);

        let mut dates = Dates::default();
        let mut steps = slots
            .iter()
            .enumerate()
            .map(|(index, slot)| {
                let start = date_of(&mut dates, slot.start);
                // A one-day step ends on the day it starts: no second walk.
                let finish = if slot.finish == slot.start {
                    start
                } else {
                    date_of(&mut dates, slot.finish)
                };
                ScheduledStep {
                    conversation: slot.conversation,
                    working_days: slot.working_days,
                    default_duration: default_duration.get(index).copied().unwrap_or(true),
                    start,
                    finish,
                    slack: None,
                    critical: critical(index),
                }
            })
            .collect::<Vec<_>>();
        // Slack: the least margin of any deadline at or after each step.
        let mut tightest: Option<i64> = None;
        let mut deadline_iter = deadlines.iter().rev().peekable();
        for (index, step) in steps.iter_mut().enumerate().rev() {
            while let Some(deadline) = deadline_iter.next_if(|d| d.step == index) {
                let margin = deadline.margin();
                tightest = Some(tightest.map_or(margin, |t| t.min(margin)));
            }
            step.slack = tightest;
        }
        // The critical steps are the first ones, up to its end.
        let critical_path = steps
            .iter()
            .take(critical_end.map_or(0, |end| end + 1))
            .map(|step| step.conversation)
            .collect();
        let mut place = vec![ABSENT; model.conversations.len()];
        for (index, step) in steps.iter().enumerate() {
            if let Some(entry) = place.get_mut(step.conversation.0)
                && *entry == ABSENT
            {
                *entry = u32::try_from(index).unwrap_or(ABSENT);
            }
        }
        Some(Schedule {
            starts,
            steps,
            deadlines,
            critical_path,
            place,
        })
    }

    /// The scheduled step of a conversation.
    pub fn step(&self, conversation: ConversationId) -> Option<&ScheduledStep> {
        let index = self.place.get(conversation.0).copied()?;
        (index != ABSENT)
            .then(|| self.steps.get(index as usize))
            .flatten()
    }
}

/// `1 working day`, `3 working days`.
pub fn working_days(count: u64) -> String {
    let mut text = String::new();
    crate::catalog::push_working_days(&mut text, count);
    text
}

/// A length in working days as a playbook writes it: `2w`, `3d`.
pub fn duration_text(working_days: u64) -> String {
    let mut text = String::new();
    crate::catalog::push_duration(&mut text, working_days);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;

    fn planned(text: &str) -> (crate::Analysis, Schedule) {
        let analysis = analyze(text);
        let schedule = schedule(&analysis.model, &analysis.negotiated).expect("a start date");
        (analysis, schedule)
    }

    fn dates(analysis: &crate::Analysis, schedule: &Schedule) -> Vec<String> {
        schedule
            .steps
            .iter()
            .map(|step| {
                format!(
                    "{} {} {}",
                    analysis.model.conversation_name(step.conversation),
                    step.start,
                    step.finish
                )
            })
            .collect()
    }

    const HEADER: &str = "playbook \"T\" starts 2027-01-15\n\
        stakeholder b \"B\" { side buyer }\n";

    #[test]
    fn steps_run_back_to_back_over_weekends() {
        let text = format!(
            "{HEADER}conversation a \"A\" {{ with b takes 2d }}\n\
             conversation c \"C\" {{ with b takes 1w }}\n\
             conversation m \"M\" {{ with b takes 0d }}\n\
             conversation d \"D\" {{ with b }}\n\
             process seller {{ a c m d }}\n"
        );
        let (analysis, schedule) = planned(&text);
        // Friday, then Monday; a week is five working days; a milestone
        // takes no day; no `takes` is one day.
        assert_eq!(
            dates(&analysis, &schedule),
            [
                "a 2027-01-15 2027-01-18",
                "c 2027-01-19 2027-01-25",
                "m 2027-01-26 2027-01-26",
                "d 2027-01-26 2027-01-26",
            ]
        );
        assert!(
            schedule
                .steps
                .iter()
                .all(|s| s.slack.is_none() && !s.critical)
        );
        assert!(schedule.critical_path.is_empty());
        assert!(schedule.steps[3].default_duration);
    }

    #[test]
    fn a_weekend_start_begins_on_monday() {
        let text = "playbook \"T\" starts 2027-01-16\n\
            conversation a \"A\" { takes 1d }\nprocess buyer { a }\n";
        let (analysis, schedule) = planned(text);
        assert_eq!(dates(&analysis, &schedule), ["a 2027-01-18 2027-01-18"]);
    }

    #[test]
    fn a_deadline_on_its_finish_day_is_met_and_sets_the_slack() {
        let text = format!(
            "{HEADER}conversation a \"A\" {{ with b takes 1w by 2027-01-21 }}\n\
             conversation c \"C\" {{ with b takes 1d by 2027-01-29 }}\n\
             conversation e \"E\" {{ with b }}\n\
             process seller {{ a c e }}\n"
        );
        let (_, schedule) = planned(&text);
        let verdicts: Vec<(u64, u64, bool)> = schedule
            .deadlines
            .iter()
            .map(|d| (d.late, d.spare, d.is_met()))
            .collect();
        assert_eq!(verdicts, [(0, 0, true), (0, 5, true)]);
        let slack: Vec<Option<i64>> = schedule.steps.iter().map(|s| s.slack).collect();
        // `a` finishes on its date; `c` finishes 2027-01-22 with 5 days to spare.
        assert_eq!(slack, [Some(0), Some(5), None]);
        assert_eq!(schedule.critical_path.len(), 1);
    }

    #[test]
    fn a_missed_deadline_counts_working_days_late() {
        let text = format!(
            "{HEADER}conversation a \"A\" {{ with b takes 2w by 2027-01-23 }}\n\
             process seller {{ a }}\n"
        );
        let (_, schedule) = planned(&text);
        let deadline = &schedule.deadlines[0];
        // Finishes Thursday 2027-01-28; the Saturday's Friday is 2027-01-22.
        assert_eq!(deadline.finish.to_string(), "2027-01-28");
        assert_eq!(deadline.late, 4);
        assert_eq!(deadline.verdict, Verdict::Infeasible);
        assert_eq!(schedule.steps[0].slack, Some(-4));
    }

    /// The seller reaches `sign` in 3 days; the buyer's `rfp` adds a week.
    fn two_orders(seller: &str, lead: &str) -> String {
        format!(
            "playbook \"T\" starts 2027-01-11 lead {lead}\n\
             conversation a \"A\" {{ takes 2d }}\n\
             conversation rfp \"R\" {{ takes 1w }}\n\
             conversation sign \"S\" {{ by 2027-01-14 }}\n\
             process seller {{ {seller} }}\nprocess buyer {{ rfp sign }}\n"
        )
    }

    #[test]
    fn a_deadline_one_party_meets_names_the_steps_to_accelerate() {
        let (analysis, schedule) = planned(&two_orders("a sign", "seller"));
        let Verdict::Accelerate(acceleration) = &schedule.deadlines[0].verdict else {
            panic!("{:?}", schedule.deadlines[0].verdict);
        };
        assert_eq!(acceleration.side, Side::Seller);
        assert_eq!(acceleration.finish.to_string(), "2027-01-13");
        let names: Vec<&str> = acceleration
            .named
            .iter()
            .map(|s| analysis.model.conversation_name(s.conversation))
            .collect();
        assert_eq!(names, ["rfp"]);
        assert_eq!((acceleration.added, acceleration.unnamed()), (1, 0));
        assert_eq!(acceleration.named[0].working_days, 5);
        // Led by the buyer, whose own order misses it, the seller's still counts.
        let (_, led_by_buyer) = planned(&two_orders("a sign", "buyer"));
        assert!(matches!(
            &led_by_buyer.deadlines[0].verdict,
            Verdict::Accelerate(a) if a.side == Side::Seller
        ));
    }

    #[test]
    fn a_party_with_a_misspelt_step_before_the_deadline_is_not_compared() {
        let (_, schedule) = planned(&two_orders("a rfq sign", "seller"));
        assert_eq!(schedule.deadlines[0].verdict, Verdict::Infeasible);
    }

    #[test]
    fn no_start_date_no_schedule() {
        let analysis = analyze("conversation a \"A\" { by 2027-01-01 }\nprocess seller { a }\n");
        assert!(schedule(&analysis.model, &analysis.negotiated).is_none());
    }

    #[test]
    fn huge_durations_saturate() {
        let text = "playbook \"T\" starts 9999-12-31\n\
            conversation a \"A\" { takes 4294967295w }\n\
            conversation c \"C\" { takes 4294967295w by 2027-01-01 }\n\
            process seller { a c }\n";
        let (_, schedule) = planned(text);
        assert_eq!(schedule.steps.len(), 2);
        assert!(schedule.steps[1].finish >= schedule.steps[0].finish);
        assert!(schedule.deadlines[0].late > 0);
    }

    #[test]
    fn durations_read_as_written() {
        assert_eq!(duration_text(10), "2w");
        assert_eq!(duration_text(3), "3d");
        assert_eq!(duration_text(0), "0d");
    }
}
