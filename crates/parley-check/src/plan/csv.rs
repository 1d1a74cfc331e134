//! The plan as CSV (RFC 4180: comma-separated, fields quoted when they hold
//! a comma, a quote or a line break, CRLF line ends): one row per planned
//! step, then one per waived step (`status` says which, `reason` why).
//! Lists within a field are joined with `; `.

use super::{MutualActionPlan, names};

const HEADER: [&str; 16] = [
    "step",
    "conversation",
    "title",
    "from",
    "buyer",
    "buyer_owner",
    "seller",
    "seller_owner",
    "wins",
    "working_days",
    "start",
    "finish",
    "by",
    "critical",
    "status",
    "reason",
];

pub(super) fn render(plan: &MutualActionPlan) -> String {
    let mut out = String::new();
    row(&mut out, HEADER.iter().map(|h| h.to_string()));
    let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    for step in &plan.steps {
        row(
            &mut out,
            [
                step.number.to_string(),
                step.conversation.clone(),
                step.title.clone().unwrap_or_default(),
                step.origin.as_str().to_string(),
                names(&step.buyer),
                step.buyer_owner
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                names(&step.seller),
                step.seller_owner
                    .as_ref()
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                step.wins.join("; "),
                step.working_days.to_string(),
                date(step.start),
                date(step.finish),
                date(step.by),
                step.critical.to_string(),
                "planned".to_string(),
                String::new(),
            ],
        );
    }
    for waived in &plan.waived {
        let reason = waived
            .waived_by
            .iter()
            .map(|(side, reason)| format!("{}: {}", side.as_str(), reason.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join("; ");
        let empty = String::new;
        row(
            &mut out,
            [
                empty(),
                waived.conversation.clone(),
                waived.title.clone().unwrap_or_default(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                empty(),
                "waived".to_string(),
                reason,
            ],
        );
    }
    out
}

fn row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    let fields: Vec<String> = fields.into_iter().map(|f| field(&f)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("Dana Reyes, CFO"), "\"Dana Reyes, CFO\"");
        assert_eq!(field("say \"no\""), "\"say \"\"no\"\"\"");
    }
}
