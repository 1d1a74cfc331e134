//! The working-day calendar: civil dates as day numbers, weekdays, and
//! working days counted Monday to Friday (weekends skipped, no holidays).
//!
//! A small calendar of our own rather than a date crate: the timeline needs
//! only day arithmetic, the weekday and `YYYY-MM-DD`, in the proleptic
//! Gregorian calendar the checker's [`Date`] already validates. Day numbers
//! follow Howard Hinnant's `days_from_civil` (day 0 is 1970-01-01, a
//! Thursday), in `i64`, so no date a playbook can hold overflows.

use crate::model::Date;

/// The furthest a plan is counted, in working days from its start (about
/// four hundred million years): durations beyond it are counted as this.
pub(crate) const MAX_WORKING_DAYS: i64 = 100_000_000_000;

/// A working day, counted from the Monday of the week of 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WorkingDay(pub i64);

/// Days since 1970-01-01.
fn day_number(date: Date) -> i64 {
    let year = i64::from(date.year) - i64::from(date.month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(date.month);
    let day = i64::from(date.day);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The civil date of a day number; `None` before year 0 or past `u32` years.
fn civil(days: i64) -> Option<Date> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date::new(
        u32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )
}

/// Monday is 0, Sunday 6, with weeks counted from the Monday before day 0.
fn week_and_weekday(date: Date) -> (i64, i64) {
    let shifted = day_number(date) + 3;
    (shifted.div_euclid(7), shifted.rem_euclid(7))
}

/// Whether the date falls on a Saturday or a Sunday.
pub fn is_weekend(date: Date) -> bool {
    week_and_weekday(date).1 >= 5
}

impl WorkingDay {
    /// The date itself when it is a working day, else the Monday after.
    pub fn on_or_after(date: Date) -> WorkingDay {
        let (week, weekday) = week_and_weekday(date);
        WorkingDay(week * 5 + weekday.min(5))
    }

    /// The date itself when it is a working day, else the Friday before.
    pub fn on_or_before(date: Date) -> WorkingDay {
        let (week, weekday) = week_and_weekday(date);
        WorkingDay(week * 5 + weekday.min(4))
    }

    /// The working day `count` working days later (earlier when negative).
    pub fn plus(self, count: i64) -> WorkingDay {
        WorkingDay(self.0.saturating_add(count))
    }

    /// The civil date; `None` only for a day no playbook can reach.
    pub fn date(self) -> Option<Date> {
        let week = self.0.div_euclid(5);
        let weekday = self.0.rem_euclid(5);
        civil(week.checked_mul(7)?.checked_add(weekday - 3)?)
    }
}

/// The civil dates of working days visited mostly in increasing order, as
/// a schedule's steps are: each date is found from the one before by
/// counting on within its month (or walking the months between, a step or
/// two), not from scratch.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Dates {
    last: Option<Visited>,
}

/// The last working day asked for, with what the next look needs.
#[derive(Clone, Copy, Debug)]
struct Visited {
    day: WorkingDay,
    /// Its weekday, Monday 0.
    weekday: u32,
    date: Date,
    /// The number of days in its month.
    month_days: u32,
}

/// How many working days ahead a date is walked to, rather than computed
/// afresh.
const WALK_WORKING_DAYS: u32 = 40;

impl Dates {
    /// The civil date of `day`, as [`WorkingDay::date`].
    #[inline]
    pub(crate) fn date(&mut self, day: WorkingDay) -> Option<Date> {
        let visited = match self.last.and_then(|last| last.ahead_to(day)) {
            Some(visited) => visited,
            None => {
                let date = day.date()?;
                Visited {
                    day,
                    weekday: u32::try_from(day.0.rem_euclid(5)).ok()?,
                    date,
                    month_days: crate::model::days_in_month(date.year, date.month),
                }
            }
        };
        self.last = Some(visited);
        Some(visited.date)
    }
}

impl Visited {
    /// `day`, found from this one when it is at most a few weeks later.
    #[inline]
    fn ahead_to(self, day: WorkingDay) -> Option<Visited> {
        let ahead = u32::try_from(day.0.checked_sub(self.day.0)?).ok()?;
        if ahead > WALK_WORKING_DAYS {
            return None;
        }
        // Working days ahead as calendar days: the weekday says how many
        // weekends lie between.
        let later = self.weekday + ahead;
        let calendar_days = later / 5 * 7 + later % 5 - self.weekday;
        let weekday = later % 5;
        let within = self.date.day + calendar_days;
        if within <= self.month_days {
            let date = Date {
                day: within,
                ..self.date
            };
            return Some(Visited {
                day,
                weekday,
                date,
                ..self
            });
        }
        let date = walk(self.date, calendar_days)?;
        Some(Visited {
            day,
            weekday,
            date,
            month_days: crate::model::days_in_month(date.year, date.month),
        })
    }
}

/// The date `ahead` days after `date` (a few months at most).
fn walk(date: Date, ahead: u32) -> Option<Date> {
    let mut remaining = ahead;
    let Date {
        mut year,
        mut month,
        mut day,
    } = date;
    loop {
        let left = crate::model::days_in_month(year, month).checked_sub(day)?;
        if remaining <= left {
            // Within the month: a date that exists.
            return Some(Date {
                year,
                month,
                day: day + remaining,
            });
        }
        remaining -= left + 1;
        day = 1;
        if month == 12 {
            month = 1;
            year = year.checked_add(1)?;
        } else {
            month += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        let parts: Vec<u32> = text.split('-').map(|p| p.parse().unwrap()).collect();
        Date::new(parts[0], parts[1], parts[2]).unwrap()
    }

    #[test]
    fn day_numbers_round_trip_and_know_the_weekday() {
        assert_eq!(day_number(date("1970-01-01")), 0);
        assert_eq!(day_number(date("2000-03-01")), 11_017);
        for text in [
            "1970-01-01",
            "2000-02-29",
            "2027-01-11",
            "2400-12-31",
            "0001-03-01",
        ] {
            assert_eq!(civil(day_number(date(text))), Some(date(text)));
        }
        // 2027-01-11 is a Monday; 2027-01-16 a Saturday.
        assert_eq!(week_and_weekday(date("2027-01-11")).1, 0);
        assert!(is_weekend(date("2027-01-16")));
        assert!(is_weekend(date("2027-01-17")));
        assert!(!is_weekend(date("2027-01-15")));
    }

    #[test]
    fn working_days_skip_weekends() {
        let friday = WorkingDay::on_or_after(date("2027-01-15"));
        assert_eq!(friday.plus(1).date(), Some(date("2027-01-18")));
        assert_eq!(friday.plus(5).date(), Some(date("2027-01-22")));
        assert_eq!(friday.plus(-5).date(), Some(date("2027-01-08")));
        // A Saturday rolls forward to Monday, or back to Friday.
        let saturday = date("2027-01-16");
        assert_eq!(
            WorkingDay::on_or_after(saturday).date(),
            Some(date("2027-01-18"))
        );
        assert_eq!(WorkingDay::on_or_before(saturday), friday);
        // Leap days are working days like any other.
        let leap = WorkingDay::on_or_after(date("2028-02-28"));
        assert_eq!(leap.plus(1).date(), Some(date("2028-02-29")));
    }

    #[test]
    fn dates_walked_forward_match_dates_computed_afresh() {
        let mut dates = Dates::default();
        let start = WorkingDay::on_or_after(date("2027-12-20"));
        // Forward by small and large steps, across months, years and a
        // leap day, then back, then forward again.
        let mut offsets: Vec<i64> = (0..400).map(|k| k * 3 % 7 + k).collect();
        offsets.extend([5000, 10, 0, 20_000, 20_044]);
        for offset in offsets {
            let day = start.plus(offset);
            assert_eq!(dates.date(day), day.date(), "{offset}");
        }
        let last = WorkingDay(i64::MAX);
        assert_eq!(dates.date(last), None);
    }

    #[test]
    fn far_dates_do_not_overflow() {
        let start = WorkingDay::on_or_after(date("9999-12-31"));
        assert!(start.plus(MAX_WORKING_DAYS).date().is_some());
        assert_eq!(WorkingDay(i64::MAX).date(), None);
        assert_eq!(WorkingDay(i64::MIN).plus(-1), WorkingDay(i64::MIN));
    }
}
