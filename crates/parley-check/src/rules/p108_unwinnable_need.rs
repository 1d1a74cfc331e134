//! `P108` unwinnable need: a step needs a commitment that no declared
//! conversation wins, so no process can meet it (reported instead of `P101`).
//!
//! Why it matters: the plan asks for a commitment nobody is going to ask for,
//! such as a decision with no conversation that builds the buying group's
//! consensus. The fix declares the missing conversation and negotiates it in.

use parley_syntax::ast::DeclKind;
use parley_syntax::{Diagnostic, Fix};

use super::Context;
use super::chain::{self, Plans};
use super::p101_skipped_step::{describe_unmet, label_origin};
use crate::catalog::diagnostic;
use crate::fix;
use crate::model::{CommitmentId, ConversationId, Need, Process, Side};
use crate::needs::NeedStatus;
use rustc_hash::FxHashMap;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // The first step of each process needing each unwinnable commitment.
    let mut first_unwinnable: FxHashMap<(Side, CommitmentId), usize> = FxHashMap::default();
    for finding in &cx.needs {
        if let (NeedStatus::Unwinnable, Need::Commitment(commitment)) =
            (finding.status, finding.need.need)
        {
            let first = first_unwinnable
                .entry((finding.side, commitment))
                .or_insert(finding.step);
            *first = (*first).min(finding.step);
        }
    }
    for finding in &cx.needs {
        if finding.status != NeedStatus::Unwinnable {
            continue;
        }
        let Need::Commitment(commitment) = finding.need.need else {
            continue;
        };
        let Some(process) = cx.process(finding.side) else {
            continue;
        };
        let Some(step) = process.steps.get(finding.step) else {
            continue;
        };
        let message = describe_unmet(
            cx.model,
            process,
            step.conversation,
            finding.need,
            "no declared conversation",
        );
        let report = label_origin(
            cx.model,
            diagnostic("P108", message, step.span),
            finding.need,
        );
        let fix = declare_and_insert(cx, &first_unwinnable, commitment, step.conversation);
        out.push(fix::attach_one(report, fix, false));
    }
}

/// Declares `conversation win-X "Win the commitment: X" { wins X }` (with the
/// buyer stakeholders of the step that needs it) and inserts it, with the
/// chain of what X needs, as a negotiated step before the first step that
/// needs X in every process where no conversation can win it.
fn declare_and_insert(
    cx: &Context,
    first_unwinnable: &FxHashMap<(Side, CommitmentId), usize>,
    commitment: CommitmentId,
    asking: ConversationId,
) -> Option<Fix> {
    let commitment_name = cx.model.commitment_name(commitment);
    let name = free_name(cx, &format!("win-{commitment_name}"));
    let title = cx
        .model
        .commitment(commitment)
        .map_or(commitment_name, |c| c.title.as_str());
    let eol = cx.layout.eol;
    let indent = &cx.layout.indent_unit;
    let buyers: Vec<&str> = cx
        .model
        .conversation(asking)
        .map(|c| c.participants(cx.model))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|id| cx.model.stakeholder(id))
        .filter(|s| s.is_buyer())
        .map(|s| s.name.as_str())
        .collect();
    let with = if buyers.is_empty() {
        String::new()
    } else {
        format!("{indent}with {}{eol}", buyers.join(", "))
    };
    let declaration = format!(
        "conversation {name} \"Win the commitment: {title}\" {{{eol}{with}{indent}wins {commitment_name}{eol}}}"
    );
    let mut edits = vec![
        cx.insertion
            .declaration(cx.layout, DeclKind::Conversation, &declaration),
    ];
    let needs: Vec<Need> = cx
        .model
        .commitment(commitment)
        .map(|c| {
            c.needs
                .iter()
                .map(|n| Need::Commitment(n.commitment))
                .collect()
        })
        .unwrap_or_default();
    let mut targets: Vec<&str> = Vec::new();
    for process in cx.model.processes() {
        let first = first_unwinnable.get(&(process.side, commitment)).copied();
        let Some(limit) = first else {
            continue;
        };
        edits.extend(insert_before(cx, process, &needs, limit, &name)?);
        targets.push(process.title());
    }
    Some(fix::edits(
        format!(
            "Declare `{name}`, which wins `{commitment_name}`, and insert it as a negotiated step in the {}",
            targets.join(" and the ")
        ),
        edits,
    ))
}

/// The edits inserting the chain for `needs` and then `name` before step `limit`.
fn insert_before(
    cx: &Context,
    process: &Process,
    needs: &[Need],
    limit: usize,
    name: &str,
) -> Option<Vec<parley_syntax::TextEdit>> {
    let mut plans = Plans::default();
    // `None` when what `name` needs comes only at or after `limit`: the
    // step would go before what it needs or after the step needing it.
    let placed = plans.for_needs(cx, process, needs, None, limit)?;
    let mut lines_at_limit: Vec<String> = Vec::new();
    let mut before: Vec<chain::Placed> = Vec::new();
    for &item in placed {
        if item.slot == limit {
            lines_at_limit.push(format!(
                "{} negotiated",
                cx.model.conversation_name(item.conversation)
            ));
        } else {
            before.push(item);
        }
    }
    lines_at_limit.push(format!("{name} negotiated"));
    let mut edits = chain::insertion_edits(cx, process, &before);
    edits.push(cx.layout.insert_lines(process, limit, &lines_at_limit)?);
    Some(edits)
}

/// `base`, or `base-2`, `base-3`... whichever nothing declares yet.
fn free_name(cx: &Context, base: &str) -> String {
    if cx.model.lookup(base).is_none() {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|name| cx.model.lookup(name).is_none())
        .unwrap_or_else(|| base.to_string())
}
