//! The plan as Markdown: a heading, how the order and the dates were made,
//! one table row per negotiated step, then the deadlines, the critical path
//! and the waived steps. Table cells escape `|`; lists of people are joined
//! with `; ` because display names may hold commas.

use std::fmt::Write;

use super::{MutualActionPlan, PlanStep};
use crate::timeline::{duration_text, working_days};

pub(super) fn render(plan: &MutualActionPlan) -> String {
    let mut out = String::new();
    let title = plan.title.as_deref().unwrap_or("Untitled playbook");
    let _ = writeln!(out, "# Mutual action plan: {}\n", inline(title));
    if !plan.has_process {
        out.push_str("The playbook has no process yet: write `process seller { ... }` and `process buyer { ... }` to plan one.\n");
        return out;
    }
    let _ = write!(
        out,
        "The one process both parties sign: every step of the seller's and the buyer's processes that neither waives, dependencies first, in the order both agree on ({} where they differ).",
        plan.lead_text()
    );
    match plan.starts {
        Some(starts) => {
            let _ = writeln!(
                out,
                " Steps run back to back from {starts}, in working days (weekends skipped; a step without `takes` takes one day).\n"
            );
        }
        None => out.push_str(" No dates: the playbook has no `starts` date.\n\n"),
    }
    if plan.steps.is_empty() {
        out.push_str("No step to plan: every step is waived.\n");
    } else {
        table(&mut out, plan);
    }
    deadlines(&mut out, plan);
    waived(&mut out, plan);
    out
}

fn table(out: &mut String, plan: &MutualActionPlan) {
    let dated = plan.starts.is_some();
    out.push_str("| # | Step | Buyer | Seller | Owners (buyer / seller) | Wins | From | Takes |");
    if dated {
        out.push_str(" Start | Finish |");
    }
    out.push_str("\n|--:|---|---|---|---|---|---|--:|");
    if dated {
        out.push_str("---|---|");
    }
    out.push('\n');
    for step in &plan.steps {
        let _ = write!(
            out,
            "| {}{} | ",
            step.number,
            if step.critical { "*" } else { "" }
        );
        match &step.title {
            Some(title) => {
                push_cell(out, [title.as_str()], "");
                let _ = write!(out, " (`{}`)", step.conversation);
            }
            None => {
                let _ = write!(out, "`{}`", step.conversation);
            }
        }
        out.push_str(" | ");
        push_cell(out, step.buyer.iter().map(|p| p.name.as_str()), "; ");
        out.push_str(" | ");
        push_cell(out, step.seller.iter().map(|p| p.name.as_str()), "; ");
        out.push_str(" | ");
        push_cell(
            out,
            [step.buyer_owner.as_ref().map_or("—", |p| p.name.as_str())],
            "",
        );
        out.push_str(" / ");
        push_cell(
            out,
            [step.seller_owner.as_ref().map_or("—", |p| p.name.as_str())],
            "",
        );
        out.push_str(" | ");
        push_cell(out, step.wins.iter().map(String::as_str), ", ");
        let _ = write!(out, " | {} | {} |", step.origin.as_str(), takes(step));
        if dated {
            let date = |d: Option<crate::model::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            let _ = write!(out, " {} | {} |", date(step.start), date(step.finish));
        }
        out.push('\n');
    }
    if plan.steps.iter().any(|s| s.critical) {
        out.push_str(
            "\n`*` on the critical path: each of these steps delays the tightest deadline.\n",
        );
    }
    if plan.steps.iter().any(|s| s.default_duration) {
        out.push_str("\n`1d?`: no `takes`, counted as one working day.\n");
    }
}

fn deadlines(out: &mut String, plan: &MutualActionPlan) {
    if plan.deadlines.is_empty() {
        return;
    }
    out.push_str("\n## Deadlines\n\n");
    for deadline in &plan.deadlines {
        let _ = write!(
            out,
            "- `{}` by {}: finishes {}, ",
            deadline.conversation, deadline.by, deadline.finish
        );
        match deadline.code {
            None => {
                let _ = writeln!(out, "met with {} to spare.", working_days(deadline.spare));
            }
            Some(code) if !deadline.accelerate.is_empty() => {
                let steps: Vec<String> = deadline
                    .accelerate
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect();
                let mut steps = steps.join(", ");
                match deadline
                    .accelerate_count
                    .saturating_sub(deadline.accelerate.len())
                {
                    0 => {}
                    1 => steps.push_str(" and 1 more step"),
                    more => {
                        let _ = write!(steps, " and {more} more steps");
                    }
                }
                let _ = writeln!(
                    out,
                    "{} late ({code}): accelerate {}.",
                    working_days(deadline.late),
                    steps
                );
            }
            Some(code) => {
                let _ = writeln!(
                    out,
                    "{} late ({code}): no order of these steps meets it.",
                    working_days(deadline.late)
                );
            }
        }
    }
    if !plan.critical_path.is_empty() {
        let path: Vec<String> = plan
            .critical_path
            .iter()
            .map(|s| format!("`{s}`"))
            .collect();
        let _ = writeln!(out, "\nCritical path: {}.", path.join(" → "));
    }
}

fn waived(out: &mut String, plan: &MutualActionPlan) {
    if plan.waived.is_empty() {
        return;
    }
    out.push_str("\n## Waived\n\n");
    for step in &plan.waived {
        let _ = write!(out, "- `{}`", step.conversation);
        if let Some(title) = &step.title {
            let _ = write!(out, " ({})", inline(title));
        }
        let reasons: Vec<String> = step
            .waived_by
            .iter()
            .map(|(side, reason)| match reason {
                Some(reason) => format!("waived by the {}: {}", side.as_str(), inline(reason)),
                None => format!("waived by the {}, no reason given", side.as_str()),
            })
            .collect();
        let _ = writeln!(out, ", {}.", reasons.join("; "));
    }
}

fn takes(step: &PlanStep) -> String {
    if step.default_duration {
        "1d?".to_string()
    } else {
        duration_text(step.working_days)
    }
}

/// Appends a table cell of `parts` joined with `separator`: Markdown's
/// markup characters and `|` escaped, empty shown as a dash.
fn push_cell<'a>(out: &mut String, parts: impl IntoIterator<Item = &'a str>, separator: &str) {
    let start = out.len();
    for (index, part) in parts.into_iter().enumerate() {
        if index > 0 {
            out.push_str(separator);
        }
        for ch in part.chars() {
            if matches!(
                ch,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
            ) {
                out.push('\\');
            }
            out.push(ch);
        }
    }
    if out.len() == start {
        out.push('—');
    }
}

/// Text inside a line: Markdown's markup characters escaped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::plan::MutualActionPlan;

    #[test]
    fn table_cells_escape_markup_and_pipes_and_show_a_dash_when_empty() {
        let text = "stakeholder o \"O|a *b*\" { side buyer }\n\
            stakeholder p \"P_q\" { side buyer }\n\
            conversation a \"A | [b]\" { with o, p }\n\
            conversation c \"\" {}\n\
            process buyer { a c }\n";
        let markdown = MutualActionPlan::new(&analyze(text)).to_markdown();
        assert!(
            markdown.contains(
                "| 1 | A \\| \\[b\\] (`a`) | O\\|a \\*b\\*; P\\_q | — | — / — | — | buyer | 1d? |"
            ),
            "{markdown}"
        );
        assert!(
            markdown.contains("| 2 | — (`c`) | — | — | — / — | — | buyer | 1d? |"),
            "{markdown}"
        );
    }
}
