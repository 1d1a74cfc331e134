//! `P105` waived but needed: a step's need is unmet because its process
//! waives the conversation that would meet it (reported instead of `P101`).
//!
//! Why it matters: the waiver was agreed, but a later step still depends on
//! what was waived: the decision rests on a commitment the process gave up
//! on winning. Either the waiver or the dependency has to go.

use parley_syntax::Diagnostic;

use super::Context;
use super::p101_skipped_step::{label_origin, other_does};
use crate::catalog::{Labelled, diagnostic};
use crate::model::NeedOrigin;
use crate::needs::NeedStatus;

// Never inlined into `rules::run`: a profile shows each rule apart.
#[inline(never)]
pub(crate) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for finding in &cx.needs {
        let NeedStatus::Waived { waiver } = finding.status else {
            continue;
        };
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
        let because = match finding.need.origin {
            NeedOrigin::Own { .. } => format!("`{name}` needs `{needed}`"),
            NeedOrigin::Inherited { via, .. } => format!(
                "`{name}` wins `{}`, which needs `{needed}`",
                cx.model.commitment_name(via)
            ),
        };
        let meets = if waived == needed {
            String::new()
        } else {
            format!(", which would win `{needed}`")
        };
        let report = diagnostic(
            "P105",
            format!(
                "in the {}, {because}, but the process waives `{waived}`{meets}{}",
                process.title(),
                other_does(cx, process, step.conversation, finding.need.need)
            ),
            step.span,
        )
        .labelled(waiver.span, format!("`{waived}` is waived here"));
        out.push(label_origin(cx.model, report, finding.need));
    }
}
