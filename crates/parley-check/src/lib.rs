//! The Parley model and checker: name resolution, the prelude of ten built-in
//! commitments, the dependency graph, each process and the negotiated one,
//! every rule with its stable code, and fixes as text edits. Pure: no IO.
//!
//! [`check_text`] is the entry point for the CLI; [`analyze`] also returns the
//! [`Model`] and the [`NegotiatedProcess`] for the plan and the server.
//!
//! ```
//! let text = r#"
//! stakeholder dana "Dana" { side buyer }
//! conversation co-design "Co-design" { with dana  wins collaborate }
//! conversation proposal "Proposal" { with dana  wins review }
//! process seller { co-design proposal }
//! process buyer { proposal }
//! "#;
//! let checked = parley_check::check_text(text);
//! let skipped = checked
//!     .diagnostics
//!     .iter()
//!     .find(|d| d.code == "P101")
//!     .expect("the buyer skips co-design");
//! assert!(skipped.message.contains("`review`, which needs `collaborate`"));
//! let fix = &skipped.fixes[0];
//! assert!(fix.preferred && fix.safe);
//! let fixed = parley_syntax::apply_edits(text, &fix.edits).unwrap();
//! assert!(fixed.contains("co-design negotiated"));
//! ```

mod catalog;
mod fix;
mod graph;
mod layout;
mod model;
mod needs;
mod negotiated;
pub mod plan;
mod prelude;
mod resolve;
mod rules;
mod suggest;
pub mod timeline;

use parley_syntax::{Diagnostic, Parse, parse};

pub use catalog::{RULES, Rule, closest_rule, find_rule, rule};
pub use graph::DependencyGraph;
pub use model::{
    Commitment, CommitmentId, CommitmentNeed, Conversation, ConversationId, Date, Level, Mention,
    Model, Need, NeedOrigin, NeedRef, Pace, PlaybookHeader, Process, QuietPeriod, Reference, Side,
    Stakeholder, StakeholderId, Step, StepNeed, Symbol, SymbolKind, UnresolvedStep, Waiver, WinRef,
};
pub use negotiated::{NegotiatedProcess, NegotiatedStep};
pub use prelude::{
    BUILTIN_COMMITMENTS, BUYER_ROLES, BuiltinCommitment, LEVELS, SELLER_ROLES, builtin_commitment,
};

/// A checked playbook: the tree and every diagnostic, syntax errors included,
/// in source order.
#[derive(Clone, Debug)]
pub struct Checked {
    pub parse: Parse,
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything the checker knows about one playbook.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub parse: Parse,
    pub model: Model,
    pub graph: DependencyGraph,
    pub negotiated: NegotiatedProcess,
    /// Syntax errors and every rule's diagnostics, sorted by span.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks one playbook's text.
pub fn check_text(text: &str) -> Checked {
    let analysis = analyze(text);
    Checked {
        parse: analysis.parse,
        diagnostics: analysis.diagnostics,
    }
}

/// Parses, resolves and checks one playbook's text, keeping the model.
pub fn analyze(text: &str) -> Analysis {
    let parse = parse(text);
    let layout = layout::Layout::new(text);
    let syntax_errors: Vec<parley_syntax::Span> =
        parse.errors.iter().map(|error| error.span).collect();
    let (model, mut diagnostics) = resolve::resolve(&parse.file, &layout, &syntax_errors);
    let graph = DependencyGraph::new(&model);
    let negotiated = NegotiatedProcess::new(&model);
    let context = rules::Context::new(&model, &graph, &negotiated, &layout, &parse.file);
    rules::run(&context, &mut diagnostics);
    let mut all = parse.errors.clone();
    all.append(&mut diagnostics);
    all.sort_by(|a, b| (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code)));
    Analysis {
        parse,
        model,
        graph,
        negotiated,
        diagnostics: all,
    }
}
