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
mod insertion;
mod layout;
mod model;
mod needs;
mod negotiated;
pub mod plan;
mod prefetch;
mod prelude;
mod resolve;
mod rules;
mod suggest;
pub mod timeline;

use parley_syntax::{Diagnostic, Parse, Token, parse, parse_keeping_tokens};

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
pub use resolve::DID_YOU_MEAN_LIMIT;

/// A checked playbook: every diagnostic, syntax errors included, in source
/// order.
#[derive(Clone, Debug)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything the checker knows about one playbook.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub parse: Parse,
    /// The tokens the parser read: every token that is not a comment, in
    /// source order. The comments are `parse.file.comments`; merged by
    /// their starts, the two are what [`parley_syntax::lex`] returns, so
    /// the editor's token list needs no second lexing.
    pub tokens: Vec<Token>,
    pub model: Model,
    pub graph: DependencyGraph,
    pub negotiated: NegotiatedProcess,
    /// Syntax errors and every rule's diagnostics, sorted by span.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks one playbook's text.
///
/// The syntax tree is freed as soon as the names are resolved: the rules
/// read the model, so what the check holds at its peak is the text, the
/// model and the diagnostics, not the tree as well.
pub fn check_text(text: &str) -> Checked {
    check_text_staged(text, &mut |_| {})
}

/// Lets the checks run on this thread (or stops them from) share a large
/// playbook's work with helper threads: parsing the second part of its
/// text, freeing its tree, and a share of its rules. Allowed by default.
///
/// A caller that already checks one playbook per core (`parley check` on a
/// folder) turns it off on its threads: a helper there would only take a
/// core from another playbook's check. So does one whose threads share one
/// heap (the server): there two threads' allocations wait on each other.
/// Where the system has one core, no helper is started whatever this says.
pub fn allow_helper_thread(allowed: bool) {
    HELPER_ALLOWED.with(|cell| cell.set(allowed));
}

thread_local! {
    /// See [`allow_helper_thread`].
    static HELPER_ALLOWED: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// When a check starts helper threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Helpers {
    /// On a large playbook ([`HELPER_FROM_STEPS`]), where this thread
    /// allows it ([`allow_helper_thread`]) and the system has more than one
    /// core: what every check does.
    WhenLarge,
    /// Never: what a small playbook's check does, and a check that times
    /// each rule ([`check_text_by_rule`]).
    Never,
    /// Whatever the playbook's size (for the tests).
    #[cfg(test)]
    Always,
}

impl Helpers {
    /// Whether the check of `model` on this thread starts helpers.
    fn start_for(self, model: &Model) -> bool {
        match self {
            Helpers::WhenLarge => {
                let steps: usize = model.processes().map(|p| p.steps.len()).sum();
                steps >= HELPER_FROM_STEPS && helpers_allowed_here()
            }
            Helpers::Never => false,
            #[cfg(test)]
            Helpers::Always => true,
        }
    }

    /// Whether this thread parses `text` in two parts, the second on a
    /// helper thread.
    fn parse_in_parts(self, text: &str) -> bool {
        match self {
            Helpers::WhenLarge => text.len() >= PARTS_FROM_BYTES && helpers_allowed_here(),
            Helpers::Never => false,
            #[cfg(test)]
            Helpers::Always => true,
        }
    }
}

/// Whether this thread allows helpers ([`allow_helper_thread`]) and the
/// system has more than one core for them.
fn helpers_allowed_here() -> bool {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    HELPER_ALLOWED
        .try_with(std::cell::Cell::get)
        .unwrap_or(false)
        && *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from)) > 1
}

/// How long a text is, at least, for its check to parse it in two parts at
/// once: about the playbook of [`HELPER_FROM_STEPS`] steps. Parsing 2 MB
/// takes about 5 ms, against tens of microseconds to start a thread.
const PARTS_FROM_BYTES: usize = 2 << 20;

/// Parses `text`, in two parts at once where `helpers` says so: this
/// thread the first, a helper the second ([`parley_syntax::split_point`]),
/// then the two joined into the whole's parse. Where the text has no place
/// to cut, the first part has a syntax error, or no helper can be
/// started, the whole is parsed here.
fn parse_with(text: &str, helpers: Helpers) -> Parse {
    let split = helpers
        .parse_in_parts(text)
        .then(|| parley_syntax::split_point(text))
        .flatten();
    let Some(split) = split else {
        return parse(text);
    };
    let (first, second) = with_helper_thread(
        "parley-parse",
        &|| parley_syntax::parse_part(text, split..text.len()),
        || parley_syntax::parse_part(text, 0..split),
    );
    parley_syntax::join_parts(text, first, second).unwrap_or_else(|| parse(text))
}

/// Runs `work` on a scoped helper thread named `name` while `here` runs on
/// this thread, and returns what `here` and `work` returned. A helper that
/// cannot be started leaves `work` to this thread, after `here`; a panic
/// on the helper is re-raised here, as the panic it would have been.
pub(crate) fn with_helper_thread<H, W: Send>(
    name: &str,
    work: &(impl Fn() -> W + Sync),
    here: impl FnOnce() -> H,
) -> (H, W) {
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name(name.into())
            .spawn_scoped(scope, work);
        let mine = here();
        let theirs = match helper {
            Ok(helper) => helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => work(),
        };
        (mine, theirs)
    })
}

/// How many steps the two processes hold together, at least, for a check
/// to start helper threads. Starting one and taking its work back costs
/// tens of microseconds, and each thread's own heap and stack some hundred
/// KiB: at 12,000 steps (a playbook of about 2 MB) the rules alone take
/// about 2 ms; at 1 MB (6,000 steps) a helper added 300 to 700 KiB to a
/// peak of 9.5 MiB, against a target of 9.8.
const HELPER_FROM_STEPS: usize = 12_000;

/// A stage of [`check_text`], in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Lexing and parsing.
    Parse,
    /// The layout, where fixes insert declarations, and name resolution:
    /// the model.
    Resolve,
    /// Freeing the syntax tree, which nothing after resolution reads.
    FreeTree,
    /// The model's indexes, resolution's last reports (both once the
    /// tree is freed) and the dependency graph.
    Graph,
    /// The negotiated process.
    Negotiated,
    /// What the rules share: the timeline, the needs of each step, ...
    RulesContext,
    /// Every rule.
    Rules,
    /// Merging in the syntax errors and sorting by span.
    Sort,
}

impl Stage {
    /// Every stage, in order.
    pub const ALL: [Stage; 8] = [
        Stage::Parse,
        Stage::Resolve,
        Stage::FreeTree,
        Stage::Graph,
        Stage::Negotiated,
        Stage::RulesContext,
        Stage::Rules,
        Stage::Sort,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Resolve => "resolve names",
            Stage::Graph => "dependency graph",
            Stage::Negotiated => "negotiated process",
            Stage::FreeTree => "free the tree",
            Stage::RulesContext => "rules' shared context",
            Stage::Rules => "rules",
            Stage::Sort => "sort diagnostics",
        }
    }
}

/// [`check_text`], calling `done` as each [`Stage`] ends, for a profiler
/// that times them (`cargo run --release -p parley-bench --example stages`).
pub fn check_text_staged(text: &str, done: &mut dyn FnMut(Stage)) -> Checked {
    check_with(text, done, Helpers::WhenLarge)
}

/// [`check_text_staged`] on this thread alone, its rules one by one:
/// `rule_done` is called after each rule with its code and what it found,
/// between the ends of [`Stage::RulesContext`] and [`Stage::Rules`], for a
/// profiler that times each rule (`cargo run --release -p parley-bench
/// --example rules`). What several rules share (where each stakeholder is
/// first engaged, which steps need what) is built before the first rule,
/// for both processes, and reported first under the code `shared` with
/// nothing found: [`check_text`] builds each when a rule first asks for
/// it. Finds what [`check_text`] finds.
pub fn check_text_by_rule(
    text: &str,
    done: &mut dyn FnMut(Stage),
    rule_done: &mut dyn FnMut(&'static str, &[Diagnostic]),
) -> Checked {
    check_running(text, done, Helpers::Never, Some(rule_done))
}

/// [`check_text_staged`], starting helper threads as `helpers` says.
fn check_with(text: &str, done: &mut dyn FnMut(Stage), helpers: Helpers) -> Checked {
    check_running(text, done, helpers, None)
}

/// [`check_with`], its rules one by one where `rule_done` is given (see
/// [`check_text_by_rule`]).
fn check_running(
    text: &str,
    done: &mut dyn FnMut(Stage),
    helpers: Helpers,
    rule_done: Option<&mut RuleDone<'_>>,
) -> Checked {
    let Parse { file, errors } = parse_with(text, helpers);
    done(Stage::Parse);
    let named = Named::new(text, &file, &errors, resolve::References::Skip);
    done(Stage::Resolve);
    let helped = helpers.start_for(&named.model);
    let resolved = if helped {
        // A large playbook's tree is freed on a helper thread while the
        // graph and the negotiated process are built (at 10 MB, 2 ms of
        // freeing beside 2.5 ms of building). A helper that cannot be
        // started leaves the tree to be freed here.
        std::thread::scope(|scope| {
            let freeing = std::thread::Builder::new()
                .name("parley-free".into())
                .spawn_scoped(scope, move || drop(file));
            done(Stage::FreeTree);
            let resolved = named.plan(done);
            if let Ok(freeing) = freeing
                && let Err(panic) = freeing.join()
            {
                std::panic::resume_unwind(panic);
            }
            resolved
        })
    } else {
        // Before the graph and the negotiated process are built: the tree
        // and those are then never held together.
        drop(file);
        done(Stage::FreeTree);
        named.plan(done)
    };
    let rules = match rule_done {
        Some(rule_done) => RuleRun::OneByOne(rule_done),
        None => RuleRun::Together { helped },
    };
    let (_, diagnostics) = resolved.check(errors.into_iter(), rules, done);
    Checked { diagnostics }
}

/// Parses, resolves and checks one playbook's text, keeping the tree, its
/// tokens, the model and the negotiated process (for the plan and the
/// server).
pub fn analyze(text: &str) -> Analysis {
    let (parse, tokens) = parse_keeping_tokens(text);
    let resolved = Resolved::new(text, &parse.file, &parse.errors);
    let helped = Helpers::WhenLarge.start_for(&resolved.model);
    let rules = RuleRun::Together { helped };
    let (resolved, diagnostics) = resolved.check(parse.errors.iter().cloned(), rules, &mut |_| {});
    Analysis {
        parse,
        tokens,
        model: resolved.model,
        graph: resolved.graph,
        negotiated: resolved.negotiated,
        diagnostics,
    }
}

/// How a check runs its rules.
enum RuleRun<'r> {
    /// All of them, a share on a helper thread where `helped` (a large
    /// playbook, see [`Helpers`]).
    Together { helped: bool },
    /// One by one on this thread, `rule_done` called after each with its
    /// code and what it found ([`check_text_by_rule`]).
    OneByOne(&'r mut RuleDone<'r>),
}

/// What is called after each rule when they run one by one: the rule's
/// code and what it found.
type RuleDone<'r> = dyn FnMut(&'static str, &[Diagnostic]) + 'r;

/// A playbook with its names resolved: what the rules read, none of it
/// borrowed from the tree.
struct Resolved<'a> {
    layout: layout::Layout<'a>,
    insertion: insertion::InsertionPoints,
    model: Model,
    graph: DependencyGraph,
    negotiated: NegotiatedProcess,
    /// Resolution's own diagnostics so far.
    diagnostics: Vec<Diagnostic>,
}

/// A playbook with its names resolved, before the graph and the
/// negotiated process are built from the model.
struct Named<'a> {
    layout: layout::Layout<'a>,
    insertion: insertion::InsertionPoints,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    /// Resolution's reports written once the tree is freed.
    unwritten: resolve::Unwritten,
}

impl<'a> Named<'a> {
    /// Resolves the tree: after this, nothing reads it.
    fn new(
        text: &'a str,
        file: &parley_syntax::ast::SourceFile,
        errors: &[Diagnostic],
        references: resolve::References,
    ) -> Self {
        let layout = layout::Layout::new(text);
        let syntax_errors: Vec<parley_syntax::Span> =
            errors.iter().map(|error| error.span).collect();
        let (model, diagnostics, insertion, unwritten) =
            resolve::resolve(file, &layout, &syntax_errors, references);
        Named {
            layout,
            insertion,
            model,
            diagnostics,
            unwritten,
        }
    }

    /// The model's indexes built ([`Model::index_wins_and_needs`]) and
    /// resolution's last reports written ([`resolve::Unwritten`]), the tree
    /// freed by now or being freed, then the dependency graph and the
    /// negotiated process, calling `done` as each is built.
    ///
    /// The indexes are built from the model's records alone: built at the
    /// end of resolution, they were held beside the whole tree, which is
    /// where a check holds most (a 1 MB playbook: 0.2 MB of the heap's
    /// 5.9 MB there).
    fn plan(mut self, done: &mut dyn FnMut(Stage)) -> Resolved<'a> {
        self.model.index_wins_and_needs();
        self.unwritten.write(
            &self.model,
            &self.insertion,
            &self.layout,
            &mut self.diagnostics,
        );
        let graph = DependencyGraph::new(&self.model);
        done(Stage::Graph);
        let negotiated = NegotiatedProcess::new(&self.model);
        done(Stage::Negotiated);
        Resolved {
            layout: self.layout,
            insertion: self.insertion,
            model: self.model,
            graph,
            negotiated,
            diagnostics: self.diagnostics,
        }
    }
}

impl<'a> Resolved<'a> {
    /// What the rules read of this playbook (for the tests of what the
    /// rules share).
    #[cfg(test)]
    fn context(&self) -> rules::Context<'_> {
        rules::Context::new(
            &self.model,
            &self.graph,
            &self.negotiated,
            &self.layout,
            &self.insertion,
        )
    }

    /// Resolves the tree and builds the graph and the negotiated process.
    fn new(text: &'a str, file: &parley_syntax::ast::SourceFile, errors: &[Diagnostic]) -> Self {
        Named::new(text, file, errors, resolve::References::Keep).plan(&mut |_| {})
    }

    /// Runs every rule as `rules` says and merges the syntax errors in,
    /// sorted by span, calling `done` as each stage ends.
    fn check(
        mut self,
        syntax_errors: impl ExactSizeIterator<Item = Diagnostic>,
        rules: RuleRun<'_>,
        done: &mut dyn FnMut(Stage),
    ) -> (Self, Vec<Diagnostic>) {
        let mut diagnostics = std::mem::take(&mut self.diagnostics);
        // Room for about one diagnostic per step and stakeholder, and for the
        // syntax errors, allocated once: grown by doubling, the vector would
        // be copied a dozen times on a large playbook. What is not used is
        // given back below.
        let steps: usize = self.model.processes().map(|p| p.steps.len()).sum();
        diagnostics.reserve(steps + self.model.stakeholders.len() + syntax_errors.len());
        {
            // Dropped before the diagnostics are merged: what the rules share
            // is not held while the result is.
            let context = rules::Context::new(
                &self.model,
                &self.graph,
                &self.negotiated,
                &self.layout,
                &self.insertion,
            );
            done(Stage::RulesContext);
            match rules {
                RuleRun::Together { helped } => rules::run(&context, &mut diagnostics, helped),
                RuleRun::OneByOne(rule_done) => {
                    rules::run_each(&context, &mut diagnostics, rule_done);
                }
            }
        }
        done(Stage::Rules);
        // The syntax errors join the rules' diagnostics (no code of the
        // checker's is `E001`, so the order below is as if they came first).
        diagnostics.extend(syntax_errors);
        sort_by_span(&mut diagnostics);
        diagnostics.shrink_to_fit();
        done(Stage::Sort);
        (self, diagnostics)
    }
}

/// From this many bytes of diagnostics (72 each, about 230,000 of them, a
/// playbook of about 35 MB), sorting moves them into a new vector
/// ([`move_in_order`]) rather than in place ([`swap_in_order`]).
const MOVE_SORTED_FROM_BYTES: usize = 16 << 20;

/// Below this many diagnostics, they are sorted themselves (a stable sort,
/// whose scratch space is as large as they are: 288 KB at most), which is
/// faster than an order of indices sorted and then applied: the sorting
/// stage of a 10 KB check (71 diagnostics) took 1.9 µs instead of 2.5, and
/// of a 100 KB one (684) 15 µs instead of 17 (different playbooks in
/// turn).
const SORT_DIRECTLY_BELOW: usize = 4096;

/// The order diagnostics are reported in: by span, then code.
fn sort_key(diagnostic: &Diagnostic) -> (usize, usize, &'static str) {
    (
        diagnostic.span.start(),
        diagnostic.span.end(),
        diagnostic.code,
    )
}

/// Sorts diagnostics by span, then code, keeping the order of equals:
/// fewer than [`SORT_DIRECTLY_BELOW`] themselves, more by an order of
/// indices ([`sort_by_index`]).
fn sort_by_span(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.is_sorted_by_key(sort_key) {
        return;
    }
    if diagnostics.len() < SORT_DIRECTLY_BELOW {
        diagnostics.sort_by_key(sort_key);
    } else {
        sort_by_index(diagnostics);
    }
}

/// [`sort_by_span`]'s way for many diagnostics: an order of indices is
/// sorted (a stable sort, which finds each rule's already sorted run; its
/// scratch space is 4 bytes a diagnostic, where sorting the diagnostics
/// themselves takes half their size again), then applied: in place, or,
/// for more diagnostics than the processor's caches hold
/// ([`MOVE_SORTED_FROM_BYTES`]), by moving them into a new vector.
fn sort_by_index(diagnostics: &mut Vec<Diagnostic>) {
    let Ok(count) = u32::try_from(diagnostics.len()) else {
        diagnostics.sort_by_key(sort_key);
        return;
    };
    let mut order: Vec<u32> = (0..count).collect();
    order.sort_by(|&a, &b| {
        let key_of = |i: u32| diagnostics.get(i as usize).map(sort_key);
        key_of(a).cmp(&key_of(b))
    });
    if std::mem::size_of_val(diagnostics.as_slice()) >= MOVE_SORTED_FROM_BYTES {
        move_in_order(diagnostics, &order);
    } else {
        swap_in_order(diagnostics, order);
    }
}

/// Puts `order[k]` at place `k` for every `k` (a permutation of the
/// indices), in place: each cycle of the permutation is followed, swapping
/// along it. Each swap waits on the one before, which costs little while
/// the diagnostics are in the processor's caches.
fn swap_in_order(diagnostics: &mut [Diagnostic], mut order: Vec<u32>) {
    for start in 0..order.len() {
        let mut current = start;
        while let Some(&source) = order.get(current) {
            let source = source as usize;
            if let Some(slot) = order.get_mut(current) {
                *slot = current as u32;
            }
            if source == start || source == current {
                break;
            }
            diagnostics.swap(current, source);
            current = source;
        }
    }
}

/// [`swap_in_order`], by moving each diagnostic once into a new vector of
/// their exact number: the diagnostics are read in any order, but no read
/// waits on the one before. At 50 MB (320,000 diagnostics, 23 MB, past
/// the third-level cache) this took 2.9 ms where following the cycles took
/// 11.8. The new vector is the diagnostics' own size, which a command's
/// peak memory then holds twice: at 1 MB, half a megabyte more (`parley
/// check` peaked at 9,696 to 9,960 KiB against 9,224 to 9,444, where ten
/// times the input is 9,771), so smaller lists are sorted in place.
fn move_in_order(diagnostics: &mut Vec<Diagnostic>, order: &[u32]) {
    // Each taken from where it was once (the option in place: the same
    // allocation, as a diagnostic's code is never null).
    let mut taken: Vec<Option<Diagnostic>> =
        std::mem::take(diagnostics).into_iter().map(Some).collect();
    let mut sorted = Vec::with_capacity(order.len());
    sorted.extend(
        order
            .iter()
            .filter_map(|&at| taken.get_mut(at as usize).and_then(Option::take)),
    );
    *diagnostics = sorted;
}

/// The four example playbooks (`examples/`), for the crate's tests: three
/// without syntax errors, `half-typed.parley` with some.
#[cfg(test)]
pub(crate) const EXAMPLES: [&str; 4] = [
    include_str!("../../../examples/acme.parley"),
    include_str!("../../../examples/county-rfp.parley"),
    include_str!("../../../examples/half-typed.parley"),
    include_str!("../../../examples/renewal.parley"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use parley_syntax::{Severity, Span};

    fn at(code: &'static str, start: usize, end: usize, message: &str) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message, Span::new(start, end))
    }

    fn order(diagnostics: &[Diagnostic]) -> Vec<(&str, usize, usize, &str)> {
        diagnostics
            .iter()
            .map(|d| (d.code, d.span.start(), d.span.end(), d.message.as_str()))
            .collect()
    }

    #[test]
    fn a_staged_check_ends_every_stage_once_in_order_and_checks_the_same() {
        let text = include_str!("../../../examples/acme.parley");
        let mut ended = Vec::new();
        let staged = check_text_staged(text, &mut |stage| ended.push(stage));
        assert_eq!(ended, Stage::ALL);
        let plain = check_text(text);
        assert!(!plain.diagnostics.is_empty());
        assert_eq!(staged.diagnostics, plain.diagnostics);
        let names: std::collections::HashSet<&str> =
            Stage::ALL.iter().map(|stage| stage.as_str()).collect();
        assert_eq!(names.len(), Stage::ALL.len());
    }

    #[test]
    fn a_check_rule_by_rule_names_what_rules_share_then_every_rule_once_with_what_it_found() {
        // The rules' codes: the catalog's, but the parser's and resolution's.
        let mut codes: Vec<&str> = catalog::RULES
            .iter()
            .map(|rule| rule.code)
            .filter(|code| !code.starts_with(['E', 'N']))
            .collect();
        codes.sort_unstable();
        let together = EXAMPLES.concat();
        let mut found_codes = std::collections::HashSet::new();
        for text in EXAMPLES.into_iter().chain([together.as_str()]) {
            let mut named = Vec::new();
            let mut found = Vec::new();
            let mut stages = Vec::new();
            let mut rules_between = Vec::new();
            let rules_done = std::cell::Cell::new(0);
            let checked = check_text_by_rule(
                text,
                &mut |stage| {
                    stages.push(stage);
                    rules_between.push(rules_done.get());
                },
                &mut |code, diagnostics| {
                    rules_done.set(rules_done.get() + 1);
                    named.push(code);
                    for diagnostic in diagnostics {
                        assert_eq!(diagnostic.code, code);
                        found.push(diagnostic.clone());
                    }
                },
            );
            assert_eq!(stages, Stage::ALL);
            // No rule before the rules' shared context ends, every rule
            // before the rules' stage does.
            let at = |stage: Stage| rules_between[stage as usize];
            assert_eq!(at(Stage::RulesContext), 0);
            assert_eq!(at(Stage::Rules), codes.len() + 1);
            // What several rules share comes first, and finds nothing.
            assert_eq!(named.first(), Some(&"shared"));
            named.remove(0);
            named.sort_unstable();
            assert_eq!(named, codes);
            // What the rules found, in the check's order, is the check's
            // diagnostics but the syntax errors and resolution's.
            sort_by_span(&mut found);
            let from_rules: Vec<Diagnostic> = checked
                .diagnostics
                .iter()
                .filter(|d| !d.code.starts_with(['E', 'N']))
                .cloned()
                .collect();
            assert_eq!(found, from_rules);
            assert_eq!(checked.diagnostics, check_text(text).diagnostics);
            found_codes.extend(found.iter().map(|d| d.code));
        }
        // The examples hold findings of rules of both shares.
        assert!(found_codes.contains("P101") && found_codes.contains("S201"));
    }

    #[test]
    fn the_rules_with_one_label_for_every_finding_borrow_its_message() {
        let together = EXAMPLES.concat();
        // A step listed twice (`P107`), which no example holds.
        let twice = "conversation a \"A\" { takes 1w }\nprocess seller { a a }\n";
        let mut diagnostics = check_text(&together).diagnostics;
        diagnostics.extend(check_text(twice).diagnostics);
        let mut borrowed = std::collections::BTreeSet::new();
        for diagnostic in &diagnostics {
            let constant = match diagnostic.code {
                "S201" => "a decision maker",
                "P107" => "first listed here",
                "P110" => "declared without `wins`",
                _ => continue,
            };
            for label in &diagnostic.labels {
                assert_eq!(label.message, constant, "{}", diagnostic.code);
                assert!(
                    matches!(label.message, std::borrow::Cow::Borrowed(_)),
                    "{}",
                    diagnostic.code
                );
                borrowed.insert(diagnostic.code);
            }
        }
        assert_eq!(borrowed.len(), 3, "{borrowed:?}");
    }

    #[test]
    fn a_check_with_helper_threads_finds_the_same_in_the_same_order() {
        let examples = EXAMPLES;
        // All four in one text: names declared twice, processes repeated,
        // syntax errors, findings of every kind from both threads' rules.
        let together = examples.concat();
        for text in examples.into_iter().chain([together.as_str()]) {
            let alone = check_with(text, &mut |_| {}, Helpers::Never).diagnostics;
            let mut ended = Vec::new();
            let helped = check_with(text, &mut |stage| ended.push(stage), Helpers::Always);
            assert_eq!(helped.diagnostics, alone);
            assert_eq!(ended, Stage::ALL);
        }
        let codes: std::collections::HashSet<&str> =
            check_with(&together, &mut |_| {}, Helpers::Always)
                .diagnostics
                .iter()
                .map(|d| d.code)
                .collect();
        // Both threads' rules found something (the helper's rules are `P111`
        // and the stakeholder rules up to `S206`).
        assert!(
            codes.contains("P103") || codes.contains("P104"),
            "{codes:?}"
        );
        assert!(codes.iter().any(|code| code.starts_with('S')), "{codes:?}");
    }

    #[test]
    fn only_a_large_playbook_on_a_thread_that_allows_it_starts_helpers() {
        // Each step a conversation of its own (a step listed twice is one
        // step and a repeat).
        let model_of = |steps: usize| {
            let mut text = String::new();
            for step in 0..steps {
                text.push_str(&format!("conversation c{step} \"C\" {{ takes 1d }}\n"));
            }
            text.push_str("process seller {\n");
            for step in 0..steps {
                text.push_str(&format!("  c{step}\n"));
            }
            text.push_str("}\n");
            let parse = parse(&text);
            Named::new(&text, &parse.file, &parse.errors, resolve::References::Skip).model
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let large = model_of(HELPER_FROM_STEPS);
        let small = model_of(HELPER_FROM_STEPS - 1);
        assert_eq!(Helpers::WhenLarge.start_for(&large), cores > 1);
        assert!(!Helpers::WhenLarge.start_for(&small));
        allow_helper_thread(false);
        assert!(!Helpers::WhenLarge.start_for(&large));
        allow_helper_thread(true);
        assert_eq!(Helpers::WhenLarge.start_for(&large), cores > 1);
        assert!(Helpers::Always.start_for(&small));
        assert!(!Helpers::Never.start_for(&large));
    }

    #[test]
    fn only_a_long_text_on_a_thread_that_allows_it_is_parsed_in_parts() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let long = " ".repeat(PARTS_FROM_BYTES);
        let short = &long[1..];
        assert_eq!(Helpers::WhenLarge.parse_in_parts(&long), cores > 1);
        assert!(!Helpers::WhenLarge.parse_in_parts(short));
        allow_helper_thread(false);
        assert!(!Helpers::WhenLarge.parse_in_parts(&long));
        allow_helper_thread(true);
        assert!(Helpers::Always.parse_in_parts(short));
        assert!(!Helpers::Never.parse_in_parts(&long));
    }

    #[test]
    fn a_text_parsed_in_parts_is_the_text_parsed_whole() {
        let [acme, county, half_typed, renewal] = EXAMPLES;
        // Without syntax errors, with some in the second part only (the
        // parts are joined), and with some in the first (the whole is
        // parsed again).
        let clean = [acme, county, renewal].join("\n");
        let errors_last = [acme, county, renewal, half_typed].join("\n");
        let errors_first = [half_typed, renewal, county, acme].join("\n");
        for (text, joined) in [(&clean, true), (&errors_last, true), (&errors_first, false)] {
            let whole = parse(text);
            assert_eq!(whole.errors.is_empty(), text == &clean);
            assert_eq!(parse_with(text, Helpers::Always), whole);
            let split = parley_syntax::split_point(text).expect("a place to cut");
            let first = parley_syntax::parse_part(text, 0..split);
            let second = parley_syntax::parse_part(text, split..text.len());
            let parts = parley_syntax::join_parts(text, first, second);
            assert_eq!(parts.is_some(), joined);
        }
    }

    #[test]
    fn the_model_is_indexed_once_the_tree_is_freed_and_checks_the_same() {
        let text = include_str!("../../../examples/acme.parley");
        let parse = parse(text);
        let named = Named::new(text, &parse.file, &parse.errors, resolve::References::Skip);
        // Resolved, not yet indexed: no step needs, no winners.
        assert!(named.model.conversations.len() > 5);
        assert_eq!(named.model.step_need_count(), 0);
        assert_eq!(named.model.win_count(), 0);
        drop(parse.file);
        let planned = named.plan(&mut |_| {});
        assert!(planned.model.step_need_count() > 0);
        assert!(planned.model.win_count() > 0);
        let (_, diagnostics) = planned.check(
            parse.errors.iter().cloned(),
            RuleRun::Together { helped: false },
            &mut |_| {},
        );
        assert_eq!(diagnostics, check_text(text).diagnostics);
    }

    #[test]
    fn a_check_leaves_out_the_reference_index_and_finds_the_same() {
        let text = include_str!("../../../examples/acme.parley");
        let parse = parse(text);
        let resolve = |references| {
            let named = Named::new(text, &parse.file, &parse.errors, references);
            let (resolved, diagnostics) = named.plan(&mut |_| {}).check(
                parse.errors.iter().cloned(),
                RuleRun::Together { helped: false },
                &mut |_| {},
            );
            (resolved.model, diagnostics)
        };
        let (kept, kept_diagnostics) = resolve(resolve::References::Keep);
        let (skipped, skipped_diagnostics) = resolve(resolve::References::Skip);
        assert!(kept.references().len() > 20);
        assert!(skipped.references().is_empty());
        assert!(!kept_diagnostics.is_empty());
        assert_eq!(kept_diagnostics, skipped_diagnostics);
        assert_eq!(check_text(text).diagnostics, skipped_diagnostics);
        assert_eq!(analyze(text).model.references(), kept.references());
    }

    #[test]
    fn diagnostics_sort_by_start_end_and_code_keeping_equals_in_order() {
        let mut diagnostics = vec![
            at("P104", 9, 12, "later"),
            at("S207", 3, 5, "first of two equals"),
            at("P101", 3, 8, "longer span"),
            at("N001", 3, 5, "lower code"),
            at("S207", 3, 5, "second of two equals"),
            at("E001", 0, 1, "syntax"),
            at("S20", 3, 5, "a prefix sorts first"),
        ];
        sort_by_span(&mut diagnostics);
        assert_eq!(
            order(&diagnostics),
            [
                ("E001", 0, 1, "syntax"),
                ("N001", 3, 5, "lower code"),
                ("S20", 3, 5, "a prefix sorts first"),
                ("S207", 3, 5, "first of two equals"),
                ("S207", 3, 5, "second of two equals"),
                ("P101", 3, 8, "longer span"),
                ("P104", 9, 12, "later"),
            ]
        );
    }

    #[test]
    fn moving_and_swapping_put_the_diagnostics_in_the_same_order() {
        // The examples' diagnostics as the rules leave them (each rule's in
        // order of span, one rule after another), one example after
        // another: spans of different texts fall together, and equal keys
        // must keep their order.
        let mut runs = Vec::new();
        for text in EXAMPLES {
            let mut diagnostics = check_text(text).diagnostics;
            diagnostics.sort_by_key(|d| d.code);
            runs.extend(diagnostics);
        }
        assert!(runs.len() > 20, "{} diagnostics", runs.len());
        let mut order: Vec<u32> = (0..runs.len() as u32).collect();
        order.sort_by_key(|&i| sort_key(&runs[i as usize]));
        let mut expected = runs.clone();
        expected.sort_by_key(sort_key);
        let mut swapped = runs.clone();
        swap_in_order(&mut swapped, order.clone());
        let mut by_index = runs.clone();
        sort_by_index(&mut by_index);
        let mut moved = runs;
        move_in_order(&mut moved, &order);
        assert_eq!(swapped, expected);
        assert_eq!(moved, expected);
        assert_eq!(by_index, expected);
        assert_eq!(moved.capacity(), moved.len());
    }

    #[test]
    fn codes_of_any_length_sort_as_strings_do() {
        let mut diagnostics = vec![
            at("LONGER1", 4, 5, "b"),
            at("P101", 4, 5, "a"),
            at("LONGER1", 4, 5, "c"),
            at("LONGER0", 1, 2, "d"),
        ];
        let mut by_index = diagnostics.clone();
        sort_by_span(&mut diagnostics);
        sort_by_index(&mut by_index);
        let expected = [
            ("LONGER0", 1, 2, "d"),
            ("LONGER1", 4, 5, "b"),
            ("LONGER1", 4, 5, "c"),
            ("P101", 4, 5, "a"),
        ];
        assert_eq!(order(&diagnostics), expected);
        assert_eq!(order(&by_index), expected);
    }
}
