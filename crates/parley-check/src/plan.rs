//! The mutual action plan: the negotiated process as the table both parties
//! sign, with who takes part on each side, the owners, the commitments won,
//! whose process each step came from, and its dates when the playbook says
//! when it starts; waived steps apart, with their reasons.
//!
//! [`MutualActionPlan::new`] builds it from an [`Analysis`]; the renderers
//! return plain strings (Markdown, JSON, CSV, a Mermaid Gantt chart), so the
//! command line and the language server show the same plan.

mod csv;
mod json;
mod markdown;
mod mermaid;

use parley_syntax::ast::Side;

use crate::Analysis;
use crate::model::{ConversationId, Date, Model, StakeholderId};
use crate::timeline::{Schedule, Verdict};

pub use mermaid::NoStartDate;

/// Which party's process a negotiated step came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Only the seller's process holds it.
    Seller,
    /// Only the buyer's process holds it.
    Buyer,
    /// Both processes hold it, as their own.
    Both,
    /// A process holds it marked `negotiated`: agreed in the negotiation.
    Negotiated,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Seller => "seller",
            Origin::Buyer => "buyer",
            Origin::Both => "both",
            Origin::Negotiated => "negotiated",
        }
    }
}

/// A stakeholder as the plan shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    /// The display name, else the identifier.
    pub name: String,
}

/// One row of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanStep {
    /// From 1, in negotiated order.
    pub number: usize,
    pub conversation: String,
    pub title: Option<String>,
    pub origin: Origin,
    /// Buyer stakeholders taking part (`with` and `owner`).
    pub buyer: Vec<Person>,
    /// Seller stakeholders taking part.
    pub seller: Vec<Person>,
    pub buyer_owner: Option<Person>,
    pub seller_owner: Option<Person>,
    /// The commitments it wins.
    pub wins: Vec<String>,
    pub working_days: u64,
    /// `true` when the conversation has no `takes` (one working day).
    pub default_duration: bool,
    pub start: Option<Date>,
    pub finish: Option<Date>,
    pub by: Option<Date>,
    /// On the critical path to the tightest deadline.
    pub critical: bool,
}

/// Why a deadline stands where it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanDeadline {
    pub conversation: String,
    pub by: Date,
    pub finish: Date,
    /// Working days after the date (0 when met).
    pub late: u64,
    /// Working days to spare before it (0 when late).
    pub spare: u64,
    /// `None` when met; else `T301` or `T302`.
    pub code: Option<&'static str>,
    /// For `T302`: the longest steps to accelerate, as the rule names them
    /// (at most three, in negotiated order).
    pub accelerate: Vec<String>,
    /// For `T302`: how many steps there are to accelerate, the named ones
    /// included (0 otherwise).
    pub accelerate_count: usize,
}

/// A conversation a process waives, left out of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaivedStep {
    pub conversation: String,
    pub title: Option<String>,
    /// Each party that waives it, with the reason it gives.
    pub waived_by: Vec<(Side, Option<String>)>,
}

/// The negotiated process as a mutual action plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MutualActionPlan {
    pub title: Option<String>,
    /// Whose order won where the two disagreed.
    pub lead: Side,
    pub starts: Option<Date>,
    pub steps: Vec<PlanStep>,
    /// The conversations of the critical path, in order.
    pub critical_path: Vec<String>,
    pub deadlines: Vec<PlanDeadline>,
    pub waived: Vec<WaivedStep>,
    /// Whether the playbook has a process at all.
    pub has_process: bool,
}

impl MutualActionPlan {
    pub fn new(analysis: &Analysis) -> MutualActionPlan {
        let model = &analysis.model;
        let schedule = Schedule::new(model, &analysis.negotiated);
        let steps = analysis
            .negotiated
            .steps
            .iter()
            .enumerate()
            .map(|(index, step)| plan_step(model, schedule.as_ref(), index, step.conversation))
            .collect();
        let name = |id: ConversationId| model.conversation_name(id).to_string();
        let deadlines = schedule
            .iter()
            .flat_map(|schedule| &schedule.deadlines)
            .map(|deadline| {
                let (code, accelerate, accelerate_count) = match &deadline.verdict {
                    Verdict::Met => (None, Vec::new(), 0),
                    Verdict::Infeasible => (Some("T301"), Vec::new(), 0),
                    Verdict::Accelerate(acceleration) => (
                        Some("T302"),
                        acceleration
                            .named
                            .iter()
                            .map(|s| name(s.conversation))
                            .collect(),
                        acceleration.added,
                    ),
                };
                PlanDeadline {
                    conversation: name(deadline.conversation),
                    by: deadline.by,
                    finish: deadline.finish,
                    late: deadline.late,
                    spare: deadline.spare,
                    code,
                    accelerate,
                    accelerate_count,
                }
            })
            .collect();
        MutualActionPlan {
            title: model.playbook.title.as_deref().map(str::to_string),
            lead: model.playbook.lead,
            starts: model.playbook.starts,
            steps,
            critical_path: schedule
                .iter()
                .flat_map(|s| &s.critical_path)
                .map(|&c| name(c))
                .collect(),
            deadlines,
            waived: waived(model, &analysis.negotiated.waived),
            has_process: model.seller.is_some() || model.buyer.is_some(),
        }
    }

    /// The plan as a Markdown document.
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The plan as one JSON document (pretty-printed, with a final newline).
    pub fn to_json(&self) -> String {
        json::render(self)
    }

    /// The plan as CSV (RFC 4180), planned steps then waived ones.
    pub fn to_csv(&self) -> String {
        csv::render(self)
    }

    /// The plan as a Mermaid Gantt chart; it needs the playbook's `starts`.
    pub fn to_mermaid(&self) -> Result<String, NoStartDate> {
        mermaid::render(self)
    }

    /// `the seller's` or `the buyer's`: whose order leads.
    pub(crate) fn lead_text(&self) -> &'static str {
        match self.lead {
            Side::Seller => "the seller's",
            Side::Buyer => "the buyer's",
        }
    }
}

fn plan_step(
    model: &Model,
    schedule: Option<&Schedule>,
    index: usize,
    conversation: ConversationId,
) -> PlanStep {
    let record = model.conversation(conversation);
    let person = |id: StakeholderId| {
        model.stakeholder(id).map(|s| Person {
            id: s.name.to_string(),
            name: s.label(model).to_string(),
        })
    };
    let on_side = |side: Side| -> Vec<Person> {
        record
            .map(|c| c.participants(model))
            .unwrap_or_default()
            .into_iter()
            .filter(|&id| model.stakeholder(id).is_some_and(|s| s.side == Some(side)))
            .filter_map(person)
            .collect()
    };
    let owner = |side: Side| {
        record.and_then(|c| {
            c.owners(model)
                .iter()
                .find(|m| {
                    model
                        .stakeholder(m.stakeholder)
                        .is_some_and(|s| s.side == Some(side))
                })
                .and_then(|m| person(m.stakeholder))
        })
    };
    let scheduled = schedule.and_then(|s| s.steps.get(index));
    PlanStep {
        number: index + 1,
        conversation: model.conversation_name(conversation).to_string(),
        title: record.and_then(|c| c.title(model).map(str::to_string)),
        origin: origin(model, conversation),
        buyer: on_side(Side::Buyer),
        seller: on_side(Side::Seller),
        buyer_owner: owner(Side::Buyer),
        seller_owner: owner(Side::Seller),
        wins: record
            .map(|c| {
                c.wins(model)
                    .iter()
                    .map(|w| model.commitment_name(w.commitment).to_string())
                    .collect()
            })
            .unwrap_or_default(),
        working_days: record.and_then(|c| c.takes).unwrap_or(1),
        default_duration: record.is_none_or(|c| c.takes.is_none()),
        start: scheduled.map(|s| s.start),
        finish: scheduled.map(|s| s.finish),
        by: record.and_then(|c| c.by),
        critical: scheduled.is_some_and(|s| s.critical),
    }
}

/// Whose process a step came from.
fn origin(model: &Model, conversation: ConversationId) -> Origin {
    let step = |side: Side| {
        model
            .process(side)
            .and_then(|p| p.position(conversation).and_then(|i| p.steps.get(i)))
    };
    let (seller, buyer) = (step(Side::Seller), step(Side::Buyer));
    if seller.into_iter().chain(buyer).any(|s| s.negotiated) {
        return Origin::Negotiated;
    }
    match (seller.is_some(), buyer.is_some()) {
        (true, true) => Origin::Both,
        (false, true) => Origin::Buyer,
        _ => Origin::Seller,
    }
}

fn waived(model: &Model, conversations: &[ConversationId]) -> Vec<WaivedStep> {
    conversations
        .iter()
        .map(|&conversation| WaivedStep {
            conversation: model.conversation_name(conversation).to_string(),
            title: model
                .conversation(conversation)
                .and_then(|c| c.title(model).map(str::to_string)),
            waived_by: model
                .processes()
                .filter_map(|process| {
                    process
                        .waiver(conversation)
                        .map(|w| (process.side, w.reason.as_deref().map(str::to_string)))
                })
                .collect(),
        })
        .collect()
}

/// `a; b; c`: names that may hold commas, joined.
pub(crate) fn names(people: &[Person]) -> String {
    people
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;

    const ACME: &str = include_str!("../../../examples/acme.parley");

    #[test]
    fn acme_plans_the_negotiated_process_with_origins_and_dates() {
        let plan = MutualActionPlan::new(&analyze(ACME));
        let rows: Vec<String> = plan
            .steps
            .iter()
            .map(|s| {
                format!(
                    "{} {} {} {}..{}",
                    s.number,
                    s.conversation,
                    s.origin.as_str(),
                    s.start.map(|d| d.to_string()).unwrap_or_default(),
                    s.finish.map(|d| d.to_string()).unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                "1 discovery seller 2027-01-11..2027-01-15",
                "2 case-for-change seller 2027-01-18..2027-01-29",
                "3 co-design seller 2027-02-01..2027-02-12",
                "4 committee seller 2027-02-15..2027-02-15",
                "5 rfp buyer 2027-02-16..2027-03-08",
                "6 proposal both 2027-03-09..2027-03-09",
                "7 signature both 2027-03-10..2027-03-10",
            ]
        );
        let deadline = &plan.deadlines[0];
        assert_eq!(
            (deadline.code, deadline.late, deadline.spare),
            (None, 0, 15)
        );
        assert_eq!(plan.critical_path.len(), 7);
        let first = &plan.steps[0];
        assert_eq!(
            first.seller_owner.as_ref().map(|p| p.id.as_str()),
            Some("sam")
        );
        assert_eq!(first.buyer_owner, None);
        assert_eq!(names(&first.buyer), "Omar Lee, VP Operations");
    }

    #[test]
    fn a_long_acceleration_is_planned_as_t302_names_it() {
        let text = include_str!("../tests/fixtures/T302/fires-many-steps.parley");
        let plan = MutualActionPlan::new(&analyze(text));
        let deadline = &plan.deadlines[0];
        assert_eq!(deadline.code, Some("T302"));
        assert_eq!(deadline.accelerate, ["security-review", "pilot", "rfp"]);
        assert_eq!(deadline.accelerate_count, 6);
        let markdown = plan.to_markdown();
        assert!(
            markdown.contains(
                "late (T302): accelerate `security-review`, `pilot`, `rfp` and 3 more steps."
            ),
            "{markdown}"
        );
        assert!(plan.to_json().contains("\"accelerate_count\": 6"));
    }

    #[test]
    fn waived_steps_are_listed_apart_with_their_reasons() {
        let text = "conversation a \"A\" {}\nconversation b \"B\" {}\n\
            process seller { a b }\nprocess buyer { a waive b \"not for us\" }\n";
        let plan = MutualActionPlan::new(&analyze(text));
        assert_eq!(plan.steps.len(), 1);
        assert_eq!(
            plan.waived,
            [WaivedStep {
                conversation: "b".into(),
                title: Some("B".into()),
                waived_by: vec![(Side::Buyer, Some("not for us".into()))],
            }]
        );
        assert!(plan.starts.is_none() && plan.steps[0].start.is_none());
    }

    #[test]
    fn a_step_marked_negotiated_says_so() {
        let text = "conversation a \"A\" {}\nconversation b \"B\" {}\n\
            process seller { a b }\nprocess buyer { a negotiated b }\n";
        let plan = MutualActionPlan::new(&analyze(text));
        let origins: Vec<&str> = plan.steps.iter().map(|s| s.origin.as_str()).collect();
        assert_eq!(origins, ["negotiated", "both"]);
    }
}
