//! `p105_waived_but_needed` (in progress).

use parley_syntax::Diagnostic;

use super::Context;

pub(crate) fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
