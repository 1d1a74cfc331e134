//! `s206_late_paper_process` (in progress).

use parley_syntax::Diagnostic;

use super::Context;

pub(crate) fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
