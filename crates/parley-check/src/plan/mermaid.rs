//! The plan as a Mermaid Gantt chart: `dateFormat YYYY-MM-DD` and `excludes
//! weekends`, so a step of `n` working days is a bar of `nd` from its start.
//! The steps read top to bottom in negotiated order, one section per run of
//! consecutive steps of one origin ("Both parties", "Seller's process",
//! "Buyer's process", "Negotiated"), so a reader sees whose steps each part
//! of the plan is made of without losing the order. Steps
//! on the critical path are `crit`; a `takes 0d` step is a milestone; each
//! `by` date is a milestone in a last "Deadlines" section (`crit` when
//! missed). Mermaid reads `:` and `;` as syntax, and `#` as an entity, so
//! titles show them as ` -`, `,` and a space.

use std::fmt::Write;

use super::{MutualActionPlan, Origin};

/// A Gantt chart needs dates: the playbook has no `starts`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoStartDate;

impl std::fmt::Display for NoStartDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            "the playbook has no `starts` date, so the Gantt chart has no dates to draw; add `starts YYYY-MM-DD` after the playbook's title",
        )
    }
}

fn heading(origin: Origin) -> &'static str {
    match origin {
        Origin::Both => "Both parties",
        Origin::Seller => "Seller's process",
        Origin::Buyer => "Buyer's process",
        Origin::Negotiated => "Negotiated",
    }
}

pub(super) fn render(plan: &MutualActionPlan) -> Result<String, NoStartDate> {
    plan.starts.ok_or(NoStartDate)?;
    let mut out = String::from("gantt\n");
    let title = plan.title.as_deref().unwrap_or("Mutual action plan");
    let _ = writeln!(out, "    title {}", text(title));
    out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    excludes weekends\n");
    let mut section: Option<Origin> = None;
    for step in &plan.steps {
        let Some(start) = step.start else {
            continue;
        };
        if section != Some(step.origin) {
            let _ = writeln!(out, "    section {}", heading(step.origin));
            section = Some(step.origin);
        }
        let label = step.title.as_deref().unwrap_or(&step.conversation);
        let mut tags = Vec::new();
        if step.critical {
            tags.push("crit");
        }
        if step.working_days == 0 {
            tags.push("milestone");
        }
        let tags: String = tags.iter().map(|t| format!("{t}, ")).collect();
        let _ = writeln!(
            out,
            "    {}. {} :{tags}s{}, {start}, {}d",
            step.number,
            text(label),
            step.number,
            step.working_days
        );
    }
    if !plan.deadlines.is_empty() {
        out.push_str("    section Deadlines\n");
        for (index, deadline) in plan.deadlines.iter().enumerate() {
            let crit = if deadline.code.is_some() {
                "crit, "
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    {} by {} :{crit}milestone, d{}, {}, 0d",
                text(&deadline.conversation),
                deadline.by,
                index + 1,
                deadline.by
            );
        }
    }
    Ok(out)
}

/// A title Mermaid reads as text.
fn text(title: &str) -> String {
    title
        .replace(": ", " - ")
        .replace(':', " -")
        .replace(';', ",")
        .replace('#', " ")
        .trim()
        .to_string()
}
