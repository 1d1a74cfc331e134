//! `S204` single-threaded: a process with at least one step includes at most
//! one distinct buyer stakeholder.
//!
//! Why it matters: a deal that rests on one contact dies when that contact
//! leaves, loses influence, or simply says no. Multi-threading is how a
//! seller survives the buying group.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::diagnostic;
use crate::model::Side;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for process in cx.model.processes() {
        if process.steps.is_empty()
            || cx
                .engagement(process)
                .incomplete_before(process.steps.len())
        {
            continue;
        }
        // The first buyer taken part; a second one ends the search.
        let mut only = None;
        let mut several = false;
        'steps: for step in &process.steps {
            if let Some(conversation) = cx.model.conversation(step.conversation) {
                for id in conversation.each_participant(cx.model) {
                    if cx.model.side_of(id) != Some(Side::Buyer) {
                        continue;
                    }
                    match only {
                        None => only = Some(id),
                        Some(first) if first != id => {
                            several = true;
                            break 'steps;
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        if several {
            continue;
        }
        let who = match only.and_then(|id| cx.model.stakeholder(id)) {
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
