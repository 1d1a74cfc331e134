//! The speed budget's time targets, judged from one set of measurements
//! (`cargo run --release -p parley-bench --example budget`): the check at
//! least 100 MB/s, at most five times lexing, faster than the tree-sitter
//! grammar, and linear (ten times the input at most eleven times the time).
//!
//! Measuring is the example's; what is judged, and how, is here, so that it
//! is tested.

use std::fmt;
use std::time::Duration;

/// The check's least throughput, in bytes per second.
pub const MIN_CHECK_BYTES_PER_SECOND: f64 = 100e6;
/// The most the check may take, in times lexing alone.
pub const MAX_CHECK_OVER_LEX: f64 = 5.0;
/// The most the check's time may grow for each time the input grows: ten
/// times the input, at most eleven times the time.
pub const MAX_GROWTH_OVER_SIZE: f64 = 1.1;

/// The most a time may grow over the input's growth for a step of
/// `input_ratio` times the input: [`MAX_GROWTH_OVER_SIZE`] for ten times,
/// and as much per tenfold for a step of another size (1.1 to the power of
/// its tenfolds: 1.069 for five times, the step from 10 MB to 50 MB), so
/// that two steps of five times allow what one of 25 times does. A step to
/// a smaller or the same size allows nothing (1.0).
pub fn allowed_growth(input_ratio: f64) -> f64 {
    MAX_GROWTH_OVER_SIZE.powf(input_ratio.max(1.0).log10())
}
/// Below this size one text checked over and over is learnt by the
/// processor (its branches predicted): repeated, a 10 KB check is a
/// quarter faster than the same playbooks in turn, a 100 KB one costs the
/// same either way (PERFORMANCE.md, "One text repeated, and different
/// texts in turn"). A growth from such a size, measured on one text
/// repeated, shows that learning rather than how the check's work grows,
/// and lexing alone "grows" as much: it is shown, and the step is judged
/// on playbooks in turn.
pub const LEARNT_BELOW: usize = 100_000;

/// Whether the measurements judged are of one text repeated at each size
/// or of different playbooks in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Texts {
    /// One text checked over and over, with the same step measured on
    /// playbooks in turn too: a growth from a size below [`LEARNT_BELOW`]
    /// is shown, not judged.
    RepeatedBesideTurns,
    /// Each judged as measured: playbooks in turn, or one text where no
    /// turns are measured.
    Judged,
}

/// The fastest times measured at one size, in the same run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// The playbook's size in bytes.
    pub bytes: usize,
    pub lex: Duration,
    pub check: Duration,
    /// Parsing the same text with the project's tree-sitter grammar, when
    /// it was measured.
    pub tree_sitter: Option<Duration>,
}

impl Measured {
    /// The check's throughput, in bytes per second.
    pub fn check_bytes_per_second(&self) -> f64 {
        self.bytes as f64 / self.check.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// The check's time over lexing's.
    pub fn check_over_lex(&self) -> f64 {
        ratio(self.check, self.lex)
    }

    /// How many times as fast as the tree-sitter parse the check is.
    pub fn tree_sitter_over_check(&self) -> Option<f64> {
        self.tree_sitter.map(|parse| ratio(parse, self.check))
    }
}

/// One target, at one size or from one size to the next, met or not.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub target: Target,
    /// `10KB`, or `1MB -> 10MB` for growth.
    pub at: String,
    /// The figure the target is judged on.
    pub value: f64,
    pub met: bool,
    /// Whether the verdict counts: a growth from a learnt text is shown
    /// only (see [`LEARNT_BELOW`]).
    pub judged: bool,
    /// For growth, lexing's over the same step in the same turns: what a
    /// single pass over the text shows of the machine's caches, beside
    /// the check's (shown, not judged).
    pub lexing: Option<f64>,
}

/// The time targets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The check's throughput, in MB/s.
    Throughput,
    /// The check's time over lexing's.
    OverLex,
    /// The tree-sitter parse's time over the check's.
    FasterThanTreeSitter,
    /// The check's time growth over the input's growth (1.0 is linear).
    Linear,
}

impl Target {
    pub fn describe(self) -> &'static str {
        match self {
            Target::Throughput => "check at least 100 MB/s",
            Target::OverLex => "check at most 5 times lexing",
            Target::FasterThanTreeSitter => "check faster than the tree-sitter parse",
            Target::Linear => {
                "linear: time grows at most 1.1 times as fast as the input per tenfold"
            }
        }
    }
}

/// The width of the column a verdict's size or step is written in: as
/// wide as `101.8KB -> 1MB in turn`.
const AT_WIDTH: usize = 26;

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let figure = match self.target {
            Target::Throughput => format!("{:.0} MB/s", self.value / 1e6),
            Target::OverLex => format!("{:.2} times", self.value),
            Target::FasterThanTreeSitter => format!("{:.1} times as fast", self.value),
            Target::Linear => format!("{:.2} (1.00 is linear)", self.value),
        };
        let verdict = match (self.met, self.judged) {
            (true, true) => "met",
            (false, true) => "NOT met",
            (_, false) => "shown, not judged: a text this small is learnt",
        };
        write!(f, "{:<AT_WIDTH$} {figure:<24} {verdict}", self.at)?;
        match self.lexing {
            Some(lexing) => write!(f, " (lexing alone {lexing:.2})"),
            None => Ok(()),
        }
    }
}

/// Every target judged on `measured` (sizes in increasing order): each
/// size for throughput, lexing and tree-sitter, each size and the next for
/// growth; `texts` says what was measured.
pub fn judge(measured: &[Measured], texts: Texts) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for m in measured {
        let at = size_label(m.bytes);
        let throughput = m.check_bytes_per_second();
        verdicts.push(Verdict {
            target: Target::Throughput,
            at: at.clone(),
            value: throughput,
            met: throughput >= MIN_CHECK_BYTES_PER_SECOND,
            judged: true,
            lexing: None,
        });
        let over_lex = m.check_over_lex();
        verdicts.push(Verdict {
            target: Target::OverLex,
            at: at.clone(),
            value: over_lex,
            met: over_lex <= MAX_CHECK_OVER_LEX,
            judged: true,
            lexing: None,
        });
        if let Some(times) = m.tree_sitter_over_check() {
            verdicts.push(Verdict {
                target: Target::FasterThanTreeSitter,
                at,
                value: times,
                met: times > 1.0,
                judged: true,
                lexing: None,
            });
        }
    }
    for pair in measured.windows(2) {
        let [smaller, larger] = pair else {
            continue;
        };
        let input = larger.bytes as f64 / smaller.bytes.max(1) as f64;
        let growth = ratio(larger.check, smaller.check) / input;
        verdicts.push(Verdict {
            target: Target::Linear,
            at: format!(
                "{} -> {}",
                size_label(smaller.bytes),
                size_label(larger.bytes)
            ),
            value: growth,
            met: growth <= allowed_growth(input),
            judged: texts == Texts::Judged || smaller.bytes >= LEARNT_BELOW,
            lexing: Some(ratio(larger.lex, smaller.lex) / input),
        });
    }
    verdicts
}

/// `10KB`, `1MB`, `2.5MB` or `700B`, in decimal units.
pub fn size_label(bytes: usize) -> String {
    let bytes = bytes as f64;
    let (value, unit) = if bytes >= 1e6 {
        (bytes / 1e6, "MB")
    } else if bytes >= 1e3 {
        (bytes / 1e3, "KB")
    } else {
        (bytes, "B")
    };
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}{unit}")
    } else {
        format!("{rounded:.1}{unit}")
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn micros(us: u64) -> Duration {
        Duration::from_micros(us)
    }

    fn find<'a>(verdicts: &'a [Verdict], target: Target, at: &str) -> &'a Verdict {
        verdicts
            .iter()
            .find(|v| v.target == target && v.at == at)
            .unwrap_or_else(|| panic!("no verdict for {target:?} at {at}"))
    }

    #[test]
    fn each_size_is_judged_on_throughput_lexing_and_tree_sitter() {
        let measured = [
            Measured {
                bytes: 10_000,
                lex: micros(10),
                check: micros(49),
                tree_sitter: Some(micros(392)),
            },
            Measured {
                bytes: 10_000_000,
                lex: micros(10_000),
                check: micros(120_000),
                tree_sitter: None,
            },
        ];
        let verdicts = judge(&measured, Texts::Judged);
        // 10 KB in 49 µs is 204 MB/s; 10 MB in 120 ms is 83 MB/s.
        let fast = find(&verdicts, Target::Throughput, "10KB");
        assert!(fast.met && (fast.value - 10_000.0 / 49e-6).abs() < 1.0);
        assert!(!find(&verdicts, Target::Throughput, "10MB").met);
        // 4.9 times lexing is within the budget; twelve is not.
        let within = find(&verdicts, Target::OverLex, "10KB");
        assert!(within.met && (within.value - 4.9).abs() < 1e-9);
        assert!(!find(&verdicts, Target::OverLex, "10MB").met);
        let tree_sitter = find(&verdicts, Target::FasterThanTreeSitter, "10KB");
        assert!(tree_sitter.met && (tree_sitter.value - 8.0).abs() < 1e-9);
        // Not measured at 10 MB: no verdict rather than a made-up one.
        assert!(
            !verdicts
                .iter()
                .any(|v| v.target == Target::FasterThanTreeSitter && v.at == "10MB")
        );
    }

    /// `bytes` checked in `check_us` microseconds, lexed in a fifth of it.
    fn at(bytes: usize, check_us: u64) -> Measured {
        Measured {
            bytes,
            lex: micros(check_us / 5),
            check: micros(check_us),
            tree_sitter: None,
        }
    }

    #[test]
    fn growth_is_judged_against_how_much_the_input_grew() {
        // Ten times the input: up to 11 times the time, so 10.9 is within
        // and 12.1 over. Five times the input (10 MB to 50 MB): up to 5.34
        // times the time (1.069 per time the input grows), and 5 is linear.
        let measured = [
            at(100_000, 1_000),
            at(1_000_000, 10_900),
            at(10_000_000, 132_000),
            at(50_000_000, 660_000),
        ];
        let verdicts = judge(&measured, Texts::Judged);
        let linear: Vec<(&str, bool)> = verdicts
            .iter()
            .filter(|v| v.target == Target::Linear)
            .map(|v| (v.at.as_str(), v.met))
            .collect();
        assert_eq!(
            linear,
            [
                ("100KB -> 1MB", true),
                ("1MB -> 10MB", false),
                ("10MB -> 50MB", true)
            ]
        );
        let last = find(&verdicts, Target::Linear, "10MB -> 50MB");
        assert!((last.value - 1.0).abs() < 1e-9);
        // Lexing's growth is shown beside the check's, judged or not.
        let step = find(&verdicts, Target::Linear, "1MB -> 10MB");
        assert!((step.lexing.expect("lexing's growth") - 132_000.0 / 109_000.0).abs() < 1e-9);
        assert!(
            verdicts
                .iter()
                .filter(|v| v.target != Target::Linear)
                .all(|v| v.lexing.is_none())
        );
    }

    #[test]
    fn a_step_of_another_size_allows_as_much_per_tenfold() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-3;
        assert!(close(allowed_growth(10.0), 1.1));
        assert!(close(allowed_growth(100.0), 1.21));
        assert!(close(allowed_growth(5.0), 1.069));
        assert!(close(allowed_growth(1.0), 1.0));
        assert!(close(allowed_growth(0.5), 1.0));
        // 5.5 times the time for 5 times the input: 1.1 over a step that
        // allows 1.069, over; 5.3 times within.
        let over = judge(
            &[at(10_000_000, 100_000), at(50_000_000, 550_000)],
            Texts::Judged,
        );
        let within = judge(
            &[at(10_000_000, 100_000), at(50_000_000, 530_000)],
            Texts::Judged,
        );
        assert!(!find(&over, Target::Linear, "10MB -> 50MB").met);
        assert!(find(&within, Target::Linear, "10MB -> 50MB").met);
    }

    #[test]
    fn a_growth_from_a_learnt_text_is_shown_beside_turns_not_judged() {
        // Both steps over: 13 times the time for 10 times the input.
        let measured = [at(10_000, 100), at(100_000, 1_300), at(1_000_000, 16_900)];
        let judged = |texts| -> Vec<(String, bool, bool)> {
            judge(&measured, texts)
                .into_iter()
                .filter(|v| v.target == Target::Linear)
                .map(|v| (v.at, v.met, v.judged))
                .collect()
        };
        // One text repeated: the step from 10 KB is shown, not judged; the
        // step from 100 KB, a text too long to be learnt, is judged.
        assert_eq!(
            judged(Texts::RepeatedBesideTurns),
            [
                ("10KB -> 100KB".to_string(), false, false),
                ("100KB -> 1MB".to_string(), false, true),
            ]
        );
        // Playbooks in turn, or one text with no turns beside it: every step.
        assert_eq!(
            judged(Texts::Judged),
            [
                ("10KB -> 100KB".to_string(), false, true),
                ("100KB -> 1MB".to_string(), false, true),
            ]
        );
        // Every other target is judged whatever the texts.
        assert!(
            judge(&measured, Texts::RepeatedBesideTurns)
                .iter()
                .filter(|v| v.target != Target::Linear)
                .all(|v| v.judged)
        );
    }

    #[test]
    fn sizes_are_labelled_as_people_write_them() {
        assert_eq!(size_label(10_000), "10KB");
        assert_eq!(size_label(100_000), "100KB");
        assert_eq!(size_label(1_000_000), "1MB");
        assert_eq!(size_label(2_500_000), "2.5MB");
        assert_eq!(size_label(700), "700B");
    }

    #[test]
    fn a_verdict_reads_with_its_figure() {
        let verdict = Verdict {
            target: Target::Throughput,
            at: "10MB".to_string(),
            value: 87.4e6,
            met: false,
            judged: true,
            lexing: None,
        };
        assert_eq!(
            verdict.to_string(),
            format!("{:<26} {:<24} NOT met", "10MB", "87 MB/s")
        );
        let growth = Verdict {
            target: Target::Linear,
            at: "10KB -> 100KB".to_string(),
            value: 1.118,
            met: false,
            judged: true,
            lexing: Some(1.1364),
        };
        assert_eq!(
            growth.to_string(),
            format!(
                "{:<26} {:<24} NOT met (lexing alone 1.14)",
                "10KB -> 100KB", "1.12 (1.00 is linear)"
            )
        );
        let learnt = Verdict {
            judged: false,
            ..growth
        };
        assert_eq!(
            learnt.to_string(),
            format!(
                "{:<26} {:<24} shown, not judged: a text this small is learnt (lexing alone 1.14)",
                "10KB -> 100KB", "1.12 (1.00 is linear)"
            )
        );
    }
}
