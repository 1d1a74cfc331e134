//! Dates for `starts` and `by`: a civil date from a day count, and working
//! days turned into calendar days, enough to give deadlines that a plan
//! mostly meets and sometimes misses.

/// `YYYY-MM-DD` of the day `days` after 1970-01-01, or `None` past year 9999
/// (a playbook cannot write such a date).
pub fn date_text(days: i64) -> Option<String> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    if !(1970..=9999).contains(&year) {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// 2027-01-11, a Monday: where every synthetic plan starts.
pub const START_DAY: i64 = 20_829;

/// The calendar day (from 1970-01-01) on which `working_days` after
/// [`START_DAY`] end, weekends skipped.
pub fn after_working_days(working_days: i64) -> i64 {
    START_DAY + working_days / 5 * 7 + working_days % 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_is_the_eleventh_of_january_2027() {
        assert_eq!(date_text(START_DAY).as_deref(), Some("2027-01-11"));
        assert_eq!(date_text(0).as_deref(), Some("1970-01-01"));
        assert_eq!(
            date_text(after_working_days(5)).as_deref(),
            Some("2027-01-18")
        );
        assert_eq!(date_text(3_000_000), None);
    }
}
