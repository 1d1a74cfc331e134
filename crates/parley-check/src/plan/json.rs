//! The plan as one JSON document: stable field names, dates as
//! `YYYY-MM-DD` strings, `null` where the playbook does not say.

use serde_json::{Value, json};

use super::{MutualActionPlan, Person, PlanStep};

pub(super) fn render(plan: &MutualActionPlan) -> String {
    let document = json!({
        "playbook": plan.title,
        "lead": plan.lead.as_str(),
        "starts": plan.starts.map(|d| d.to_string()),
        "steps": plan.steps.iter().map(step).collect::<Vec<_>>(),
        "critical_path": plan.critical_path,
        "deadlines": plan.deadlines.iter().map(|d| json!({
            "conversation": d.conversation,
            "by": d.by.to_string(),
            "finish": d.finish.to_string(),
            "met": d.code.is_none(),
            "working_days_late": d.late,
            "working_days_to_spare": d.spare,
            "code": d.code,
            "accelerate": d.accelerate,
            "accelerate_count": d.accelerate_count,
        })).collect::<Vec<_>>(),
        "waived": plan.waived.iter().map(|w| json!({
            "conversation": w.conversation,
            "title": w.title,
            "waived_by": w.waived_by.iter().map(|(side, reason)| json!({
                "side": side.as_str(),
                "reason": reason,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn person(person: &Person) -> Value {
    json!({ "id": person.id, "name": person.name })
}

fn step(step: &PlanStep) -> Value {
    json!({
        "step": step.number,
        "conversation": step.conversation,
        "title": step.title,
        "from": step.origin.as_str(),
        "buyer": step.buyer.iter().map(person).collect::<Vec<_>>(),
        "seller": step.seller.iter().map(person).collect::<Vec<_>>(),
        "owners": {
            "buyer": step.buyer_owner.as_ref().map(person),
            "seller": step.seller_owner.as_ref().map(person),
        },
        "wins": step.wins,
        "working_days": step.working_days,
        "takes_given": !step.default_duration,
        "start": step.start.map(|d| d.to_string()),
        "finish": step.finish.map(|d| d.to_string()),
        "by": step.by.map(|d| d.to_string()),
        "critical": step.critical,
    })
}
