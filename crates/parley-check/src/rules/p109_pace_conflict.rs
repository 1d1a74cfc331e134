//! `p109_pace_conflict` (in progress).

use parley_syntax::Diagnostic;

use super::Context;

pub(crate) fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
