//! `P105` waived but needed: a step's need is unmet because its process
//! waives the conversation that would meet it (reported instead of `P101`).
//!
//! Why it matters: the waiver was agreed, but a later step still depends on
//! what was waived: the decision rests on a commitment the process gave up
//! on winning. Either the waiver or the dependency has to go.

use parley_syntax::Diagnostic;

use super::Context;
use super::p101_skipped_step::{label_origin, push_other_does};
use crate::catalog::{Reporter, process_title, text};
use crate::model::NeedOrigin;
use crate::needs::{NeedFinding, NeedStatus};
use crate::prefetch::{ahead, further_ahead, prefetch};

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p105 = Reporter::new("P105");
    // Each message is written here, then copied out at its exact size.
    let mut message = String::new();
    // The waived needs first, so that each one's records are asked for a
    // few findings ahead.
    let waived: Vec<(&NeedFinding, usize)> = cx
        .needs
        .iter()
        .filter_map(|finding| match finding.status {
            NeedStatus::Waived { waiver } => Some((finding, waiver)),
            _ => None,
        })
        .collect();
    for (index, &(finding, waiver)) in waived.iter().enumerate() {
        cx.prefetch_need_findings(&waived, index, |&(finding, _)| finding);
        further_ahead(&waived, index, |&(finding, waiver)| {
            if let Some(process) = cx.process(finding.side) {
                prefetch(process.waivers.get(waiver));
            }
        });
        ahead(&waived, index, |&(finding, waiver)| {
            let waiver = cx
                .process(finding.side)
                .and_then(|process| process.waivers.get(waiver));
            if let Some(waiver) = waiver {
                cx.model.prefetch_conversation(waiver.conversation);
            }
        });
        let Some(process) = cx.process(finding.side) else {
            continue;
        };
        let (Some(step), Some(waiver)) =
            (process.steps.get(finding.step), process.waivers.get(waiver))
        else {
            continue;
        };
        let name = cx.model.conversation_name(step.conversation);
        let needed = cx.model.need_name(finding.need.need);
        let waived = cx.model.conversation_name(waiver.conversation);
        message.clear();
        message.push_str("in the ");
        message.push_str(process_title(process.side));
        message.push_str(", `");
        message.push_str(name);
        if let NeedOrigin::Inherited { via, .. } = finding.need.origin {
            message.push_str("` wins `");
            message.push_str(cx.model.commitment_name(via));
            message.push_str("`, which needs `");
        } else {
            message.push_str("` needs `");
        }
        message.push_str(needed);
        message.push_str("`, but the process waives `");
        message.push_str(waived);
        message.push('`');
        if waived != needed {
            message.push_str(", which would win `");
            message.push_str(needed);
            message.push('`');
        }
        push_other_does(
            &mut message,
            cx,
            process,
            step.conversation,
            finding.need.need,
        );
        let report = p105.report_labelled(
            message.as_str().to_owned(),
            step.span,
            waiver.span,
            text(&["`", waived, "` is waived here"]),
        );
        out.push(label_origin(cx.model, report, finding.need));
    }
}
