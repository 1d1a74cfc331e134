//! The rule catalog: every stable code with its name, default severity,
//! one-line summary and the long explanation `parley explain` prints.

use std::borrow::Cow;

use parley_syntax::ast::Side;
use parley_syntax::{Diagnostic, Label, Severity, Span, thin_vec};

use crate::model::Date;

/// One rule of the catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable code, such as `P101`.
    pub code: &'static str,
    /// A PascalCase name, as SARIF tools show it (`SkippedStep`).
    pub name: &'static str,
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// What it detects, why it matters to the sale, a minimal example and the fix.
    pub explanation: &'static str,
}

/// The rule with this code (exact, upper case).
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}

/// The rule with this code, ignoring case.
pub fn find_rule(code: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|rule| rule.code.eq_ignore_ascii_case(code.trim()))
}

/// The rule whose code is nearest to `code` (for "did you mean").
pub fn closest_rule(code: &str) -> Option<&'static Rule> {
    let wanted = code.trim().to_uppercase();
    RULES
        .iter()
        .min_by_key(|rule| (strsim::damerau_levenshtein(&wanted, rule.code), rule.code))
}

/// A diagnostic of `code` at its catalog severity.
pub(crate) fn diagnostic(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
    Reporter::new(code).report(message.into(), span)
}

/// One rule's code with its catalog severity, looked up once: the rules
/// that report hundreds of diagnostics build each through one of these
/// rather than search the catalog every time.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reporter {
    code: &'static str,
    severity: Severity,
}

impl Reporter {
    pub(crate) fn new(code: &'static str) -> Reporter {
        let severity = rule(code).map_or(Severity::Error, |rule| rule.severity);
        Reporter { code, severity }
    }

    /// A diagnostic of this rule at `span`, without labels or fixes.
    pub(crate) fn report(self, message: String, span: Span) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, message, span)
    }

    /// A diagnostic with one label, its list allocated to fit.
    pub(crate) fn report_labelled(
        self,
        message: String,
        span: Span,
        label_span: Span,
        label: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        let mut report = self.report(message, span);
        report.labels = thin_vec![Label {
            span: label_span,
            message: label.into(),
        }];
        report
    }
}

/// The pieces joined into one string, allocated once: for the messages of
/// the rules that report the most, where `format!` costs several times more.
/// Always inlined, so that the copies of the fixed pieces are moves of a
/// known length rather than calls to `memcpy`.
#[inline(always)]
pub(crate) fn text(pieces: &[&str]) -> String {
    let mut joined = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    for piece in pieces {
        joined.push_str(piece);
    }
    joined
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``: names quoted and
/// joined as a sentence says them, onto `out`.
pub(crate) fn push_names<'n>(out: &mut String, names: impl ExactSizeIterator<Item = &'n str>) {
    let count = names.len();
    for (index, name) in names.enumerate() {
        if index > 0 {
            out.push_str(if index + 1 == count { " and " } else { ", " });
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
}

/// The length of what [`push_names`] writes for these names.
pub(crate) fn names_len<'n>(names: impl ExactSizeIterator<Item = &'n str>) -> usize {
    let count = names.len();
    let separators = match count {
        0 | 1 => 0,
        more => (more - 2) * ", ".len() + " and ".len(),
    };
    names.map(|name| name.len() + 2).sum::<usize>() + separators
}

/// `value` in decimal, with leading zeros up to `width` digits, onto `out`
/// (as `{value:0width$}` writes it, without the formatting machinery).
pub(crate) fn push_number(out: &mut String, value: u64, width: usize) {
    let digits = value.checked_ilog10().map_or(1, |log| log as usize + 1);
    for _ in digits..width {
        out.push('0');
    }
    let mut divisor = 10u64.pow(digits.saturating_sub(1) as u32);
    while divisor > 0 {
        let digit = (value / divisor % 10) as u8;
        out.push(char::from(b'0' + digit));
        divisor /= 10;
    }
}

/// A date as `2027-01-11`, as [`Date`]'s `Display` writes it, onto `out`.
pub(crate) fn push_date(out: &mut String, date: Date) {
    push_number(out, u64::from(date.year), 4);
    out.push('-');
    push_number(out, u64::from(date.month), 2);
    out.push('-');
    push_number(out, u64::from(date.day), 2);
}

/// `1 working day`, `5 working days`, onto `out` (the one wording:
/// [`working_days`] returns it as a string).
///
/// [`working_days`]: crate::timeline::working_days
pub(crate) fn push_working_days(out: &mut String, count: u64) {
    push_number(out, count, 0);
    out.push_str(if count == 1 {
        " working day"
    } else {
        " working days"
    });
}

/// A length as a playbook writes it (`2w`, `3d`), onto `out` (the one
/// wording: [`duration_text`] returns it as a string).
///
/// [`duration_text`]: crate::timeline::duration_text
pub(crate) fn push_duration(out: &mut String, working_days: u64) {
    if working_days > 0 && working_days % 5 == 0 {
        push_number(out, working_days / 5, 0);
        out.push('w');
    } else {
        push_number(out, working_days, 0);
        out.push('d');
    }
}

/// `"seller's process"` or `"buyer's process"`: a process's title
/// ([`Process::title`]), for a message that knows only the side.
///
/// [`Process::title`]: crate::model::Process::title
pub(crate) fn process_title(side: Side) -> &'static str {
    match side {
        Side::Seller => "seller's process",
        Side::Buyer => "buyer's process",
    }
}

/// Labels added one at a time, each diagnostic's list allocated to fit:
/// most have one or two, where a first push reserves room for four.
pub(crate) trait Labelled {
    fn labelled(self, span: Span, message: impl Into<Cow<'static, str>>) -> Self;
}

impl Labelled for Diagnostic {
    fn labelled(mut self, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        let label = Label {
            span,
            message: message.into(),
        };
        if self.labels.capacity() == 0 {
            // One allocation of exactly one label, not a growth.
            self.labels = thin_vec![label];
        } else {
            self.labels.reserve_exact(1);
            self.labels.push(label);
        }
        self
    }
}

/// Every rule, in catalog order.
pub const RULES: &[Rule] = &[
    Rule {
        code: "E001",
        name: "SyntaxError",
        severity: Severity::Error,
        summary: "A syntax error; the rest of the file is still checked.",
        explanation: "Detects: text the parser cannot read as a playbook: a missing title, an
unclosed block, a malformed value (`takes 2x`, `compelled` with nothing
after it), a keyword used as a name.

Why it matters: a playbook that does not parse cannot be checked where it
is broken. The parser recovers and checks the rest, so one typo does not
hide every other finding.

Example:
    conversation discovery {      // the title is missing
      takes 2x                    // `2x` is not a duration
    }

Fix: write the construct as the message says: `conversation discovery
\"Discovery\" { takes 2d }`.",
    },
    Rule {
        code: "N001",
        name: "UndefinedName",
        severity: Severity::Error,
        summary: "A reference names nothing declared.",
        explanation: "Detects: a name in `with`, `owner`, `needs`, `wins`, a step, a `waive` or
a `quiet` period that no stakeholder, conversation or commitment declares
(the ten built-in commitments count as declared).

Why it matters: a misspelt step is a step the checker cannot see: it cannot
say what it needs, who is in it, or whether the other party agreed to it.
The reference is left out of every later rule, so one typo raises one
diagnostic, not a cascade.

Example:
    conversation proposal \"Proposal\" { with dnaa }

Fix: change it to the nearest declared name of the right kind (`dana`;
applied by `--fix` when there is exactly one candidate), or declare it.
The nearest names are searched for the first 50 failed references of a
playbook; later ones offer only to declare the name.",
    },
    Rule {
        code: "N002",
        name: "DuplicateDeclaration",
        severity: Severity::Error,
        summary: "A name is declared twice.",
        explanation: "Detects: a second declaration of a name already declared. Stakeholders,
conversations and commitments share one namespace, and the ten built-in
commitments are declared first. A `commitment` with a built-in's name
replaces the built-in (that is not a duplicate); anything else with that
name is. Also a second `playbook` header or a second process for one side.

Why it matters: references resolve to the first declaration, so the second
one silently does nothing: the plan you read is not the plan you wrote.

Example:
    stakeholder dana \"Dana Reyes\" { side buyer }
    conversation dana \"Dana's review\" { with dana }

Fix: rename one of them (and its references).",
    },
    Rule {
        code: "N003",
        name: "WrongKindOfName",
        severity: Severity::Error,
        summary: "A reference names a declaration of the wrong kind.",
        explanation: "Detects: a name that is declared, but as the wrong kind for where it is
used: a conversation in `with`, a stakeholder as a step, a conversation in
`wins`, a conversation in a commitment's `needs`.

Why it matters: `with discovery` says nobody takes part in the
conversation; the checker leaves the reference out rather than guess.

Example:
    conversation proposal \"Proposal\" { with discovery }

Fix: name a declaration of the right kind (the nearest one is offered,
for the first 50 failed references of a playbook).",
    },
    Rule {
        code: "N004",
        name: "InvalidValue",
        severity: Severity::Error,
        summary: "A well-formed value that is not allowed here.",
        explanation: "Detects: a value of the right form that is not allowed: an unknown side
(`side vendor`) or level (`compelled extreme`), a date that does not exist
(`2027-02-30`), a second owner on one side, a role from the other side's
list, a field given twice, a quiet period in the seller's process, a
process that is neither `buyer` nor `seller`.

Why it matters: these values drive the rules (who is a buyer, who is
compelled, whose order leads); an invalid one is ignored, so the rules that
need it stay quiet instead of guessing.

Example:
    stakeholder dana \"Dana\" { side buyer  compelled extreme }

Fix: the nearest valid value (`compelled high`), where there is one.",
    },
    Rule {
        code: "N005",
        name: "UnusedDeclaration",
        severity: Severity::Hint,
        summary: "A declaration nothing uses.",
        explanation: "Detects: a stakeholder no conversation includes, a conversation no
process, `needs`, `waive` or quiet period names, or a commitment of the
playbook's own that nothing wins or needs. Built-in commitments are never
reported.

Why it matters: an unused stakeholder is someone the plan forgot; an unused
conversation is one nobody scheduled. Either may be the gap that loses the
deal.

Example:
    stakeholder legal \"Lee, counsel\" { side buyer  role legal }
    // ... and no conversation includes `legal`

Fix: bring it into a conversation or a process, or delete it.",
    },
    Rule {
        code: "N006",
        name: "MissingSide",
        severity: Severity::Error,
        summary: "A stakeholder without a side.",
        explanation: "Detects: a stakeholder declaration without `side buyer` or `side seller`.

Why it matters: every stakeholder rule asks which party someone belongs
to. A stakeholder without a side takes part in no step as far as the
rules are concerned, and no rule fires only because of that.

Example:
    stakeholder dana \"Dana Reyes\" { role economic-buyer }

Fix: add `side buyer` or `side seller`.",
    },
    Rule {
        code: "N007",
        name: "UnknownRole",
        severity: Severity::Warning,
        summary: "A role outside the known roles.",
        explanation: "Detects: a `role` that is not one of the known roles: `economic-buyer
decision-maker champion influencer user procurement legal security
technical-buyer blocker` (buyer side) or `account-executive sales-engineer
executive-sponsor customer-success` (seller side).

Why it matters: the set of roles is open, so this is only a warning, but
the stakeholder rules look for known roles (decision makers, procurement,
legal): a misspelt role hides a stakeholder from them.

Example:
    stakeholder dana \"Dana\" { side buyer  role economic-buyr }

Fix: the nearest known role (`economic-buyer`).",
    },
    Rule {
        code: "P101",
        name: "SkippedStep",
        severity: Severity::Error,
        summary: "A step's need is met nowhere earlier in its process.",
        explanation: "Detects: a step needs a conversation, or a commitment (its own `needs`,
or the prerequisites of a commitment it wins), and no earlier step of the
same process is that conversation or wins that commitment, though a
declared conversation could.

Why it matters: this is the skipped step: the buyer goes to a proposal
before co-designing the solution, or to signature before the buying group
agreed to change. The seller skips it because the buyer does not see its
value; the buyer skips it because the seller defers. Deals stall there.

Example:
    conversation co-design \"Co-design\" { with omar  wins collaborate }
    conversation proposal \"Proposal\" { with omar  wins review }
    process buyer {
      proposal              // `review` needs `collaborate`
    }

Fix: insert the negotiated steps: the conversation that meets the need (the
one the other process uses, when it has one) and whatever it needs in turn
that is missing too, each marked `negotiated`, in dependency order, where
the other process puts them relative to the shared steps, else just before
the step. `--fix` applies it. Not offered when one of them needs what the
process meets only at or after the step: it would go before what it needs.",
    },
    Rule {
        code: "P102",
        name: "OutOfOrder",
        severity: Severity::Error,
        summary: "A step's need is met only later in its process.",
        explanation: "Detects: a step's need is met in its process, but only by a later step.

Why it matters: the conversation is planned, just too late: the proposal
is scheduled before the review that should shape it. The order is the
negotiation; an order that cannot work is one neither party can sign.

Example:
    process seller {
      proposal            // wins `review`, which needs `collaborate`
      co-design           // wins `collaborate`, but only afterwards
    }

Fix: move the step that meets the need to just before the step, or the
step to just after it. A move is not offered when it would put a step
before what it needs: the moved step before a step meeting one of its
needs, or after a step needing it.",
    },
    Rule {
        code: "P103",
        name: "OrderDisagreement",
        severity: Severity::Warning,
        summary: "The two processes hold shared steps in opposite orders.",
        explanation: "Detects: both processes hold two steps, in opposite orders, and no
dependency decides between them. Only the fewest steps whose moves
reconcile the two orders are reported (those outside a longest common
subsequence of the shared steps, the lead side's order kept), one
diagnostic per step, on the non-lead side's process.

Why it matters: when the parties disagree on what comes first, one of them
will be surprised at the meeting. This is the conversation about the
process that the seller should have before it becomes a conflict.

Example:
    process seller { committee  proposal }
    process buyer  { proposal  committee }

Fix: adopt the lead side's order in the other process (move the step), or
the other side's order in the lead's. A move is not offered when it would
put a step before what it needs; in the other process, the step then goes
to the nearest place between the same two steps of the lead's order that
keeps every need, when there is one.",
    },
    Rule {
        code: "P104",
        name: "OneSidedStep",
        severity: Severity::Warning,
        summary: "A step has no counterpart in the other process.",
        explanation: "Detects: a step of one process that the other process neither holds nor
waives.

Why it matters: a conversation only one party plans is one the other will
not come to: the seller's co-design session the buyer never agreed to, the
buyer's formal RFP the seller never planned for. Both are negotiation
points. This is reported even when a fix for another diagnostic would
insert the step, so every one-sided step is visible.

Example:
    process seller { discovery  proposal }
    process buyer  { proposal }          // no `discovery`

Fix: insert it as a negotiated step in the other process, where the shared
steps put it (with whatever it needs, unless that comes there only after
the step that needs it); or `waive` it there with a reason.",
    },
    Rule {
        code: "P105",
        name: "WaivedButNeeded",
        severity: Severity::Error,
        summary: "A later step needs a conversation the process waives.",
        explanation: "Detects: a step's need is unmet because its process waives the
conversation that would meet it. Reported instead of `P101`.

Why it matters: the waiver was agreed, but something later still depends
on what was waived: the decision rests on a commitment the process has
given up on winning.

Example:
    process buyer {
      waive discovery \"we know our needs\"
      case-for-change     // needs `discovery`
    }

Fix: keep the conversation (remove the waiver and add the step), or change
what the later step needs.",
    },
    Rule {
        code: "P106",
        name: "DependencyCycle",
        severity: Severity::Error,
        summary: "Needs form a cycle.",
        explanation: "Detects: a cycle in the declarations' needs: conversations needing each
other, commitments needing each other, or a conversation needing a
commitment only it (or a conversation that needs it) wins. Checked on the
declarations whether or not they are steps; reported once per cycle, on a
`needs` reference in it, naming every member. It replaces `P101` and
`P102` for needs on the cycle.

Why it matters: no order of conversations can honour a cycle, so no
process, and no negotiated process, can be right.

Example:
    conversation a \"A\" { needs b }
    conversation b \"B\" { needs a }

Fix: remove one of the `needs` in the cycle.",
    },
    Rule {
        code: "P107",
        name: "StepListedTwice",
        severity: Severity::Warning,
        summary: "A step is listed twice in one process.",
        explanation: "Detects: the same conversation as a step twice in one process. Reported
on each later occurrence; the first one counts.

Why it matters: a conversation happens once in a plan; listing it twice
makes the order ambiguous (which one meets a later need?).

Example:
    process seller { discovery  proposal  discovery }

Fix: delete the repeat, or declare a separate follow-up conversation.",
    },
    Rule {
        code: "P108",
        name: "UnwinnableNeed",
        severity: Severity::Error,
        summary: "A step needs a commitment no conversation wins.",
        explanation: "Detects: a step needs a commitment that no declared conversation wins at
all, so no process can meet it. Reported instead of `P101`.

Why it matters: the plan asks for a commitment nobody is going to ask for:
a decision with no conversation that builds consensus for it.

Example:
    conversation signature \"Signature\" { with dana  wins decide }
    // no conversation wins `change` or `consensus`

Fix: declare a conversation that wins it, and insert it as a negotiated
step before the step, after what it needs. Not offered when a process meets
what it needs only at or after the step.",
    },
    Rule {
        code: "P109",
        name: "PaceConflict",
        severity: Severity::Warning,
        summary: "One process accelerates a shared step, the other decelerates it.",
        explanation: "Detects: a step both processes hold, marked `accelerate` in one and
`decelerate` in the other. Reported on the non-lead side's step.

Why it matters: one party wants to rush the conversation the other wants
to slow down. Agreeing on the pace is part of negotiating the process.

Example:
    process seller { proposal accelerate }
    process buyer  { proposal decelerate }

Fix: keep one marking in both: the lead side's by default, or the other's.",
    },
    Rule {
        code: "P110",
        name: "NoNextCommitment",
        severity: Severity::Warning,
        summary: "A conversation in a process wins nothing.",
        explanation: "Detects: a step whose conversation wins no commitment.

Why it matters: every conversation should end in a commitment that moves
the sale forward. A meeting that wins nothing is one the buyer can leave
without deciding anything.

Example:
    conversation rfp \"Formal RFP response\" { with priya }
    process buyer { rfp }

Fix: add the commitment the conversation should win (`wins resolve`).",
    },
    Rule {
        code: "P111",
        name: "QuietPeriodBreach",
        severity: Severity::Warning,
        summary: "A step inside a quiet period includes a buyer stakeholder other than procurement.",
        explanation: "Detects: in the negotiated order, a step strictly between a buyer quiet
period's bounds (`quiet after rfp-issued until award`) includes a buyer
stakeholder whose role is not `procurement`.

Why it matters: during an RFP's quiet period only procurement may talk to
vendors; a seller who meets the champion then can be disqualified.

Example:
    process buyer {
      rfp-issued
      demo               // with omar, the champion
      award
      quiet after rfp-issued until award
    }

Fix: move the step before the quiet period. Not offered when the step
needs, directly or in turn, the period's first step or a step after it, or
when the lead side's order would keep it inside the period.",
    },
    Rule {
        code: "S201",
        name: "UnengagedDecisionMaker",
        severity: Severity::Warning,
        summary: "A decision maker is in no step before the decision.",
        explanation: "Detects: a buyer stakeholder with role `economic-buyer` or
`decision-maker` is in no step before the first step that wins `decide`.
Evaluated per process, once per stakeholder, on the deciding step.

Why it matters: the person who signs sees the deal for the first time at
signature; nobody built their case for change. That is where late
surprises and no-decisions come from.

Example:
    process buyer { discovery  signature }   // dana, economic-buyer, only in signature

Fix: include them in an earlier conversation (`with`), ideally the one
that wins `change`.",
    },
    Rule {
        code: "S202",
        name: "UncompelledApprover",
        severity: Severity::Warning,
        summary: "A stakeholder not compelled to change approves without an earlier step winning change.",
        explanation: "Detects: a buyer stakeholder whose `compelled` is explicitly `none` or
`low` takes part in the first step that wins `decide` or `consensus`, and
no earlier step that includes them wins `change`. Reported once per
stakeholder per process, on the approving step.

Why it matters: a stakeholder not compelled to change, asked to approve a
change nobody prepared them for, defaults to no.

Example:
    stakeholder dana \"Dana\" { side buyer  compelled low }
    conversation signature \"Signature\" { with dana  wins decide }
    process buyer { signature }

Fix: win `change` with them first: add them to the conversation that wins
`change`, or add such a step before.",
    },
    Rule {
        code: "S203",
        name: "ConsensusGap",
        severity: Severity::Warning,
        summary: "The consensus step leaves out a key buyer stakeholder.",
        explanation: "Detects: the first step that wins `consensus` leaves out a buyer
stakeholder whose role is `economic-buyer`, `decision-maker` or
`champion`. Once per stakeholder per process, on that step.

Why it matters: consensus without the person who pays, decides or
champions the change is not consensus; it will be reopened.

Example:
    conversation committee \"Committee\" { with priya  wins consensus }
    // dana, the economic buyer, is not in it

Fix: add them to the conversation's `with`.",
    },
    Rule {
        code: "S204",
        name: "SingleThreaded",
        severity: Severity::Warning,
        summary: "Only one buyer stakeholder appears in a whole process.",
        explanation: "Detects: a process with at least one step whose steps together include
at most one distinct buyer stakeholder. Reported on the process header.

Why it matters: a deal that rests on one contact dies when that contact
leaves, loses influence, or simply says no.

Example:
    process seller { discovery  proposal }   // both only with omar

Fix: bring other buyer stakeholders into the conversations.",
    },
    Rule {
        code: "S205",
        name: "OneSidedConversation",
        severity: Severity::Warning,
        summary: "A conversation includes no buyer stakeholder.",
        explanation: "Detects: a conversation whose `with` and `owner` name no buyer
stakeholder. Reported on the conversation's name.

Why it matters: a sale's conversations are with the buyer; one with no
buyer in it is internal preparation, and the commitment it claims to win
is won from nobody.

Example:
    conversation prep \"Internal prep\" { owner sam  wins explore }

Fix: add the buyer stakeholders it is with.",
    },
    Rule {
        code: "S206",
        name: "LatePaperProcess",
        severity: Severity::Warning,
        summary: "Legal, security or procurement is first engaged at or after the decision.",
        explanation: "Detects: a buyer stakeholder with role `legal`, `security` or
`procurement` first appears in or after the first step that wins `decide`.
Nothing is said of a stakeholder who is in no step. Once per stakeholder
per process, on the step where they first appear.

Why it matters: the paper process (contracts, security review,
purchasing) takes weeks; starting it at signature is how a won deal slips
a quarter.

Example:
    process buyer { proposal  signature }   // priya, procurement, only in signature

Fix: engage them in an earlier conversation.",
    },
    Rule {
        code: "S207",
        name: "UnownedSharedStep",
        severity: Severity::Hint,
        summary: "A step both processes hold has no owner on one side.",
        explanation: "Detects: a conversation that is a step of both processes, with no
`owner` on the buyer's side or on the seller's. Reported on the
conversation's name.

Why it matters: a shared step that one side owns is a step the other side
only attends. Mutual action plans work when each step has an owner on
both sides.

Example:
    conversation proposal \"Proposal\" { with dana  owner sam }  // no buyer owner

Fix: add an `owner` from the missing side.",
    },
    Rule {
        code: "T301",
        name: "InfeasibleDate",
        severity: Severity::Error,
        summary: "A step cannot finish by its date along the negotiated process.",
        explanation: "Detects: when the playbook has `starts` and durations, the negotiated
steps run back to back from the start date (a step without `takes` takes
one working day); a step whose earliest finish is after its `by` date is
infeasible. The message names the critical path; a path of more than seven
steps shows its first step, its three longest (the earlier of steps as
long) and the late step, with how many steps come between. Reported on
the date.

Why it matters: a close date the plan cannot reach is a forecast that will
slip; better to negotiate the date or the pace now.

Example:
    playbook \"Acme\" starts 2027-01-11
    conversation signature \"Signature\" { takes 2w  by 2027-01-12 }

Fix: move the date, shorten the steps before it, or accelerate them.",
    },
    Rule {
        code: "T302",
        name: "AccelerationNeeded",
        severity: Severity::Warning,
        summary: "A deadline is met by one party's order but not by the negotiated one.",
        explanation: "Detects: a `by` date that one party's own order meets but the negotiated
process does not. Reported instead of `T301`, on the date; the message
says which steps must be accelerated: the steps the negotiated process
runs before the late one that the party's order does not, at most three
named, the longest (the earlier of steps as long), in negotiated order,
and how many more there are (\"and 41 more steps no longer than these\").
Labels point at the named steps.

Why it matters: negotiating the process added steps; the deadline still
holds only if some of them go faster. Say so before the buyer finds out.

Example:
    // the seller's order reaches signature in time; with the buyer's
    // negotiated steps added, it does not

Fix: shorten the named steps' `takes` (and mark them `accelerate` in both
processes: the marks record the agreement, the durations move the dates),
or move the date.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_each_explanation_is_complete() {
        for (index, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.code.len(), 4, "{}", rule.code);
            assert!(
                RULES
                    .iter()
                    .skip(index + 1)
                    .all(|other| other.code != rule.code),
                "{} twice",
                rule.code
            );
            for part in ["Detects:", "Why it matters:", "Example:", "Fix:"] {
                assert!(
                    rule.explanation.contains(part),
                    "{} lacks {part}",
                    rule.code
                );
            }
            assert!(!rule.summary.is_empty() && !rule.summary.contains('\n'));
        }
    }

    #[test]
    fn severities_follow_the_language_brief() {
        let errors = [
            "E001", "N001", "N002", "N003", "N004", "N006", "P101", "P102", "P105", "P106", "P108",
            "T301",
        ];
        let hints = ["N005", "S207"];
        for rule in RULES {
            let expected = if errors.contains(&rule.code) {
                Severity::Error
            } else if hints.contains(&rule.code) {
                Severity::Hint
            } else {
                Severity::Warning
            };
            assert_eq!(rule.severity, expected, "{}", rule.code);
        }
        assert_eq!(RULES.len(), 28);
    }

    #[test]
    fn message_pieces_are_written_as_the_formatting_machinery_writes_them() {
        for value in [0, 1, 4, 5, 9, 10, 15, 99, 100, 12_345, u64::MAX] {
            let mut out = String::new();
            push_number(&mut out, value, 4);
            assert_eq!(out, format!("{value:04}"));
            let mut out = String::new();
            push_working_days(&mut out, value);
            let expected = if value == 1 {
                "1 working day".to_string()
            } else {
                format!("{value} working days")
            };
            assert_eq!(out, expected);
            assert_eq!(crate::timeline::working_days(value), expected);
            let mut out = String::new();
            push_duration(&mut out, value);
            let expected = if value > 0 && value % 5 == 0 {
                format!("{}w", value / 5)
            } else {
                format!("{value}d")
            };
            assert_eq!(out, expected);
            assert_eq!(crate::timeline::duration_text(value), expected);
        }
        for (year, month, day) in [(2027, 1, 11), (999, 12, 31), (12_345, 2, 28)] {
            let date = Date { year, month, day };
            let mut out = String::new();
            push_date(&mut out, date);
            assert_eq!(out, date.to_string());
        }
        for side in [Side::Seller, Side::Buyer] {
            let process = crate::model::Process::new(side, Span::empty(0), Span::empty(0));
            assert_eq!(process.title(), format!("{}'s process", side.as_str()));
        }
    }

    #[test]
    fn names_are_quoted_and_joined_as_a_sentence_at_the_length_announced() {
        let cases: [(&[&str], &str); 4] = [
            (&[], ""),
            (&["a"], "`a`"),
            (&["a", "bb"], "`a` and `bb`"),
            (&["a", "bb", "ccc"], "`a`, `bb` and `ccc`"),
        ];
        for (names, expected) in cases {
            let mut out = String::new();
            push_names(&mut out, names.iter().copied());
            assert_eq!(out, expected);
            assert_eq!(names_len(names.iter().copied()), expected.len());
        }
    }

    #[test]
    fn a_reporter_reports_at_the_catalog_severity_with_labels_fitted() {
        let s207 = Reporter::new("S207");
        let plain = s207.report("m".to_string(), Span::new(1, 2));
        assert_eq!((plain.code, plain.severity), ("S207", Severity::Hint));
        assert_eq!(plain, diagnostic("S207", "m", Span::new(1, 2)));
        let labelled = Reporter::new("P104").report_labelled(
            "m".to_string(),
            Span::new(1, 2),
            Span::new(3, 4),
            "here",
        );
        assert_eq!(labelled.severity, Severity::Warning);
        assert_eq!(labelled.labels.len(), 1);
        assert_eq!(labelled.labels.capacity(), 1);
        let more = labelled.labelled(Span::new(5, 6), "there");
        assert_eq!(more.labels.len(), 2);
        assert_eq!(more.labels.get(1).map(|l| &*l.message), Some("there"));
    }

    #[test]
    fn codes_are_found_in_any_case_and_the_nearest_is_suggested() {
        assert_eq!(find_rule("p101").map(|r| r.code), Some("P101"));
        assert_eq!(find_rule(" S207 ").map(|r| r.code), Some("S207"));
        assert!(find_rule("P199").is_none());
        assert_eq!(closest_rule("P1O1").map(|r| r.code), Some("P101"));
        assert_eq!(closest_rule("s2o2").map(|r| r.code), Some("S202"));
    }
}
