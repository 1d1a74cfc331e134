//! `p106_dependency_cycle` (in progress).

use parley_syntax::Diagnostic;

use super::Context;

pub(crate) fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
