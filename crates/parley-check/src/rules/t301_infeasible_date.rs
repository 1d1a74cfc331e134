//! `T301` infeasible date: along the negotiated process, a step finishes
//! after its `by` date, and neither party's own order would meet it (then
//! `T302` speaks instead). Reported on the date; the message names the
//! critical path: every negotiated step up to the late one, since the steps
//! run back to back. A path of more than seven steps is shown by its first
//! step, its three longest (the earlier of equals) and the late one, with
//! how many steps come between: `discovery 1w → (4 more) → rfp 3w → …`.
//!
//! Why it matters: a close date the plan cannot reach is a forecast that will
//! slip. Better to negotiate the date, or the pace, before the buyer signs
//! the plan.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{diagnostic, push_date, push_duration, push_number, push_working_days, text};
use crate::timeline::{ScheduledStep, Verdict};

/// A critical path of at most this many steps is shown whole.
const SHOWN_WHOLE: usize = 7;

/// Past [`SHOWN_WHOLE`], how many of the longest steps are shown besides
/// the first and the late one.
const LONGEST_SHOWN: usize = 3;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(schedule) = &cx.schedule else {
        return;
    };
    let Some(last) = schedule
        .deadlines
        .iter()
        .rposition(|deadline| deadline.verdict == Verdict::Infeasible)
    else {
        return;
    };
    // The deadlines come in negotiated order: the path to each one is
    // summed up as the steps go by, never walked again, and not past the
    // last infeasible one.
    let mut path = PathSummary::default();
    for deadline in schedule.deadlines.iter().take(last + 1) {
        if deadline.verdict != Verdict::Infeasible {
            continue;
        }
        path.extend_to(&schedule.steps, deadline.step);
        let name = cx.model.conversation_name(deadline.conversation);
        let mut message = String::with_capacity(160 + name.len());
        message.push('`');
        message.push_str(name);
        message.push_str("` cannot finish by ");
        push_date(&mut message, deadline.by);
        message.push_str(": along the negotiated process it finishes on ");
        push_date(&mut message, deadline.finish);
        message.push_str(" at the earliest, ");
        push_working_days(&mut message, deadline.late);
        message.push_str(" late; critical path (");
        push_working_days(&mut message, path.working_days);
        message.push_str(" from ");
        push_date(&mut message, schedule.starts);
        message.push_str("): ");
        path.describe(cx, &schedule.steps, &mut message);
        let mut report = diagnostic("T301", message, deadline.by_span);
        if let Some(starts) = cx.model.playbook.starts_span {
            report = report.with_label(starts, "the negotiated process starts here");
        }
        if let Some((longest, span)) = path.longest_with_takes(cx, &schedule.steps) {
            let longest = cx.model.conversation_name(longest.conversation);
            report = report.with_label(
                span,
                text(&["`", longest, "` is the longest step on the critical path"]),
            );
        }
        out.push(report);
    }
}

/// The critical path to a step, `steps[..=last]`, summed up.
#[derive(Default)]
struct PathSummary {
    /// Steps `..len` are counted.
    len: usize,
    working_days: u64,
    /// The first of the longest steps with a `takes`.
    longest_with_takes: Option<usize>,
    /// The longest steps (the earlier of equals), the longest first.
    longest: Vec<usize>,
}

impl PathSummary {
    /// Counts the steps up to and including `last`.
    fn extend_to(&mut self, steps: &[ScheduledStep], last: usize) {
        let length = |i: usize| steps.get(i).map_or(0, |s| s.working_days);
        while self.len <= last {
            let index = self.len;
            let Some(step) = steps.get(index) else {
                break;
            };
            self.len += 1;
            self.working_days = self.working_days.saturating_add(step.working_days);
            if !step.default_duration
                && self
                    .longest_with_takes
                    .is_none_or(|best| step.working_days > length(best))
            {
                self.longest_with_takes = Some(index);
            }
            let at = self
                .longest
                .iter()
                .position(|&other| step.working_days > length(other))
                .unwrap_or(self.longest.len());
            if at < LONGEST_SHOWN {
                self.longest.insert(at, index);
                self.longest.truncate(LONGEST_SHOWN);
            }
        }
    }

    /// `a 1w → b 2w → c 1d`; past [`SHOWN_WHOLE`] steps, the first, the
    /// longest and the last, with how many come between:
    /// `a 1w → (4 more) → d 3w → (12 more) → z 1d`; onto `out`.
    fn describe(&self, cx: &Context, steps: &[ScheduledStep], out: &mut String) {
        let path = steps.get(..self.len).unwrap_or(steps);
        let mut next = 0;
        let mut write = |index: usize, out: &mut String| {
            // A step shown twice (the first is also among the longest).
            if index < next {
                return;
            }
            let Some(step) = path.get(index) else {
                return;
            };
            if index > next {
                out.push('(');
                push_number(out, (index - next) as u64, 0);
                out.push_str(" more) → ");
            }
            out.push_str(cx.model.conversation_name(step.conversation));
            out.push(' ');
            push_duration(out, step.working_days);
            out.push_str(" → ");
            next = index + 1;
        };
        if path.len() <= SHOWN_WHOLE {
            (0..path.len()).for_each(|index| write(index, out));
        } else {
            let mut shown = [0usize; LONGEST_SHOWN + 2];
            let mut count = 0;
            for index in self.longest.iter().copied().chain([0, path.len() - 1]) {
                if let Some(slot) = shown.get_mut(count) {
                    *slot = index;
                    count += 1;
                }
            }
            let shown = shown.get_mut(..count).unwrap_or_default();
            shown.sort_unstable();
            shown.iter().for_each(|&index| write(index, out));
        }
        // Every part was followed by an arrow: the last one is not.
        if out.ends_with(" → ") {
            out.truncate(out.len() - " → ".len());
        }
    }

    /// The longest step on the path with a `takes`, and where that `takes` is.
    fn longest_with_takes<'s>(
        &self,
        cx: &Context,
        steps: &'s [ScheduledStep],
    ) -> Option<(&'s ScheduledStep, parley_syntax::Span)> {
        let longest = steps.get(self.longest_with_takes?)?;
        let span = cx.model.conversation(longest.conversation)?.takes_span?;
        Some((longest, span))
    }
}
