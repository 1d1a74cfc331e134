//! `P106` dependency cycle: declarations that need each other, directly or
//! through the commitments they win, whether or not they are steps; also a
//! cycle of alternatives, where every conversation that wins a needed
//! commitment needs, in turn, the one asking.
//!
//! Why it matters: no order of conversations can honour a cycle, so neither
//! process, nor the negotiated one, can be right. Reported once per cycle,
//! on a `needs` reference in it, naming every member; it replaces `P101`
//! and `P102` for the needs on the cycle.

use parley_syntax::Diagnostic;

use super::Context;
use crate::catalog::{Labelled, diagnostic};
use crate::graph::{Edge, EdgeKind};
use crate::model::{Model, Symbol};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for cycle in cx.graph.cycles() {
        let steps: Vec<String> = cycle
            .path
            .iter()
            .map(|edge| describe(cx.model, edge))
            .collect();
        let mut message = format!(
            "dependency cycle: {}; no order of steps can honour it",
            steps.join(", ")
        );
        let on_path: Vec<Symbol> = cycle.path.iter().map(|edge| edge.from).collect();
        let others: Vec<String> = cycle
            .members
            .iter()
            .filter(|member| !on_path.contains(member))
            .map(|member| format!("`{}`", cx.model.name(*member)))
            .collect();
        if !others.is_empty() {
            message.push_str(&format!(" (also on the cycle: {})", others.join(", ")));
        }
        let mut report = diagnostic("P106", message, cycle.span);
        for edge in &cycle.path {
            if let Some(span) = edge.span {
                if span != cycle.span {
                    report = report.labelled(span, describe(cx.model, edge));
                }
            }
        }
        out.push(report);
    }
}

fn describe(model: &Model, edge: &Edge) -> String {
    let from = model.name(edge.from);
    let to = model.name(edge.to);
    match edge.kind {
        EdgeKind::Needs => format!("`{from}` needs `{to}`"),
        EdgeKind::Inherited { via } => {
            format!(
                "`{from}` wins `{}`, which needs `{to}`",
                model.commitment_name(via)
            )
        }
        EdgeKind::SoleWinner => format!("`{from}` is won only by `{to}`"),
        EdgeKind::WonBy => format!("`{from}` is won by `{to}`"),
    }
}
