//! `p111_quiet_period_breach` (in progress).

use parley_syntax::Diagnostic;

use super::Context;

pub(crate) fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
