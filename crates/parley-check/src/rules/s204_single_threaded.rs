//! `S204` single-threaded: a process with at least one step includes at most
//! one distinct buyer stakeholder.
//!
//! Why it matters: a deal that rests on one contact dies when that contact
//! leaves, loses influence, or simply says no. Multi-threading is how a
//! seller survives the buying group.

use std::collections::HashSet;

use parley_syntax::Diagnostic;

use super::Context;
use super::stakeholders::Engagement;
use crate::catalog::diagnostic;

pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for process in cx.model.processes() {
        if process.steps.is_empty()
            || Engagement::new(cx.model, process).incomplete_before(process.steps.len())
        {
            continue;
        }
        let mut buyers = HashSet::new();
        for step in &process.steps {
            if let Some(conversation) = cx.model.conversation(step.conversation) {
                for id in conversation.participants() {
                    if cx.model.stakeholder(id).is_some_and(|s| s.is_buyer()) {
                        buyers.insert(id);
                    }
                }
            }
        }
        if buyers.len() > 1 {
            continue;
        }
        let who = match buyers
            .iter()
            .next()
            .and_then(|id| cx.model.stakeholder(*id))
        {
            Some(only) => format!("only `{}` from the buyer's side", only.name),
            None => "no buyer stakeholder".to_string(),
        };
        out.push(diagnostic(
            "S204",
            format!(
                "the {} is single-threaded: its steps include {who}",
                process.title()
            ),
            process.header,
        ));
    }
}
