//! `S203` consensus gap: the first step that wins `consensus` leaves out a
//! buyer stakeholder whose role is `economic-buyer`, `decision-maker` or
//! `champion`.
//!
//! Why it matters: consensus without the person who pays, decides or
//! champions the change is not consensus; it will be reopened at the worst
//! moment.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Reporter, process_title, text};
use crate::model::StakeholderId;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let s203 = Reporter::new("S203");
    for process in cx.model.processes() {
        let Some((consensus, _)) = cx.first_winning(process, "consensus") else {
            continue;
        };
        let Some(step) = process.steps.get(consensus) else {
            continue;
        };
        let Some(conversation) = cx.model.conversation(step.conversation) else {
            continue;
        };
        if conversation.incomplete_participants {
            continue;
        }
        // What every message of this step says before and after the name,
        // written once.
        let before = text(&[
            "in the ",
            process_title(process.side),
            ", `",
            &conversation.name,
            "` wins `consensus` without `",
        ]);
        for (index, stakeholder) in cx.model.stakeholders.iter().enumerate() {
            let after = match stakeholder.role.as_deref() {
                Some("economic-buyer") => "` (economic-buyer)",
                Some("decision-maker") => "` (decision-maker)",
                Some("champion") => "` (champion)",
                _ => continue,
            };
            if !stakeholder.is_buyer() || conversation.includes(cx.model, StakeholderId(index)) {
                continue;
            }
            out.push(s203.report_labelled(
                text(&[&before, &stakeholder.name, after]),
                step.span,
                stakeholder.name_span,
                text(&["`", &stakeholder.name, "` is declared here"]),
            ));
        }
    }
}
