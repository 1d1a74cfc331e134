//! Name resolution over the whole file: declarations in any order, one
//! namespace, the ten built-ins declared first (a `commitment` with a
//! built-in name replaces it), and the value checks. Reports `N001`-`N007`
//! and builds the [`Model`].
//!
//! A reference that fails (`N001`, `N003`) is left out of the model, and so
//! is a stakeholder without a valid side from every step: one bad name never
//! cascades into process or stakeholder rules.

use std::fmt::{self, Write as _};

use compact_str::CompactString;
use parley_syntax::ast::{
    DeclKind, Declaration, Field, FieldKey, Name, ProcessItem, Side, SourceFile, Value,
};
use parley_syntax::{Diagnostic, Fix, Span, TextEdit, ThinVec, thin_vec};

use crate::catalog::{Labelled, Reporter, diagnostic};
use crate::fix;
use crate::insertion::InsertionPoints;
use crate::layout::Layout;
use crate::model::{
    Commitment, CommitmentId, CommitmentNeed, Conversation, ConversationId, Date, Level, Mention,
    Model, Need, NeedRef, PlaybookHeader, Process, QuietPeriod, Run, Stakeholder, StakeholderFacts,
    StakeholderId, Step, Symbol, SymbolKind, UnresolvedStep, Waiver, WinRef, name_hash, push_run,
    push_text, write_text,
};
use crate::prelude::{BUILTIN_COMMITMENTS, BUYER_ROLES, LEVELS, SELLER_ROLES};
use crate::suggest;
use rustc_hash::{FxHashMap, FxHashSet};

/// The kinds a reference accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Stakeholder,
    Conversation,
    Commitment,
    /// `needs` in a conversation: a conversation or a commitment.
    Need,
}

impl Expect {
    fn accepts(self, kind: SymbolKind) -> bool {
        match self {
            Expect::Stakeholder => kind == SymbolKind::Stakeholder,
            Expect::Conversation => kind == SymbolKind::Conversation,
            Expect::Commitment => kind == SymbolKind::Commitment,
            Expect::Need => matches!(kind, SymbolKind::Conversation | SymbolKind::Commitment),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Expect::Stakeholder => "a stakeholder",
            Expect::Conversation => "a conversation",
            Expect::Commitment => "a commitment",
            Expect::Need => "a conversation or a commitment",
        }
    }

    /// Which of [`Resolver::pools`] holds the names it accepts.
    fn pool(self) -> usize {
        match self {
            Expect::Stakeholder => 0,
            Expect::Conversation => 1,
            Expect::Commitment => 2,
            Expect::Need => 3,
        }
    }

    /// The kind of declaration "declare it" creates.
    fn declares(self) -> DeclKind {
        match self {
            Expect::Stakeholder => DeclKind::Stakeholder,
            Expect::Conversation | Expect::Need => DeclKind::Conversation,
            Expect::Commitment => DeclKind::Commitment,
        }
    }
}

/// A symbol's index among its kind: the first key of the suggestion order.
fn symbol_order(symbol: Symbol) -> usize {
    match symbol {
        Symbol::Stakeholder(id) => id.0,
        Symbol::Conversation(id) => id.0,
        Symbol::Commitment(id) => id.0,
    }
}

/// Where a declaration's resolved record lives.
#[derive(Clone, Copy)]
enum Target {
    Stakeholder(StakeholderId),
    Conversation(ConversationId),
    Commitment(CommitmentId),
}

struct Resolver<'a> {
    file: &'a SourceFile,
    /// Whether every resolved reference is kept in the model (see
    /// [`References`]).
    references: References,
    layout: &'a Layout<'a>,
    /// Where fixes insert declarations, found in the first walk over the
    /// items.
    insertion: InsertionPoints,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    /// The `N001`s and `N005`s found, written once the tree is freed.
    unwritten: Unwritten,
    used: Used,
    replaced: FxHashSet<CommitmentId>,
    /// The declared names each kind of reference may use, in suggestion
    /// order, built at the first failed reference of that kind.
    pools: [Option<suggest::Pool<Symbol>>; 4],
    /// A conversation's owners while its fields are read (reused; the
    /// other lists go straight into the model's buffers).
    owners: Vec<Mention>,
    /// By stakeholder id: its side, whether it is procurement and whether
    /// it is compelled little, once its fields are read (a byte each, so
    /// conversations' mentions read this small table, not the records);
    /// the model keeps it for the rules.
    people: Vec<StakeholderFacts>,
    /// [`Resolver::roles_near`]'s answers by role and side.
    role_suggestions: FxHashMap<(CompactString, Option<Side>), Vec<&'static str>>,
    /// Whether each name's table slot is brought into the cache [`AHEAD`]
    /// of its turn: only where the table is too large to stay there.
    prefetch: bool,
    /// Did-you-mean searches left ([`DID_YOU_MEAN_LIMIT`]).
    searches_left: usize,
    /// What the last did-you-mean search found (`None` when the last
    /// failed reference was not searched): a step that fails to resolve
    /// keeps it as [`UnresolvedStep::probably`].
    last_candidates: Option<Vec<Symbol>>,
}

/// Which declarations some reference names, by id.
#[derive(Default)]
struct Used {
    stakeholders: Vec<bool>,
    conversations: Vec<bool>,
    commitments: Vec<bool>,
}

impl Used {
    fn table(&mut self, symbol: Symbol) -> (&mut Vec<bool>, usize) {
        match symbol {
            Symbol::Stakeholder(id) => (&mut self.stakeholders, id.0),
            Symbol::Conversation(id) => (&mut self.conversations, id.0),
            Symbol::Commitment(id) => (&mut self.commitments, id.0),
        }
    }

    fn insert(&mut self, symbol: Symbol) {
        let (table, index) = self.table(symbol);
        if index >= table.len() {
            table.resize(index + 1, false);
        }
        if let Some(flag) = table.get_mut(index) {
            *flag = true;
        }
    }

    fn contains(&self, symbol: Symbol) -> bool {
        let (table, index) = match symbol {
            Symbol::Stakeholder(id) => (&self.stakeholders, id.0),
            Symbol::Conversation(id) => (&self.conversations, id.0),
            Symbol::Commitment(id) => (&self.commitments, id.0),
        };
        table.get(index).copied().unwrap_or(false)
    }
}

/// Whether resolution keeps the model's index of every resolved reference.
///
/// The index is for the editor (where a name is used, what the name under
/// the cursor is): the rules never read it, so a check leaves it out. At 1 MB
/// of playbook it is 20,000 references and half a megabyte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum References {
    Keep,
    Skip,
}

/// How many failed references of one playbook get a did-you-mean search
/// (`N001`, `N003`): each search compares the name with every declared
/// name of its kind, so without a limit a large playbook with many
/// misspelt names took time in proportion to their product (a 10 MB
/// playbook with one step in five misspelt: 50 s). Past it, the
/// diagnostic is reported without candidates. Compilers limit the same
/// search the same way (clang's `-fspell-checking-limit`, 50 by default).
pub const DID_YOU_MEAN_LIMIT: usize = 50;

/// How many names ahead of its turn a name's table slot is brought into
/// the processor's cache, where the table is too large to stay there
/// ([`Model::names_outgrow_cache`]).
const AHEAD: usize = 8;

/// Resolves every name of `file` and checks every value.
///
/// `syntax_errors` are the spans of the parser's `E001`s: a declaration or
/// process with one inside may have lost names to recovery, so it counts as
/// incomplete and rules about absence stay quiet there.
pub(crate) fn resolve(
    file: &SourceFile,
    layout: &Layout,
    syntax_errors: &[Span],
    references: References,
) -> (Model, Vec<Diagnostic>, InsertionPoints, Unwritten) {
    let mut resolver = Resolver {
        file,
        references,
        layout,
        insertion: InsertionPoints::default(),
        model: Model::default(),
        diagnostics: Vec::new(),
        unwritten: Unwritten::default(),
        used: Used::default(),
        replaced: FxHashSet::default(),
        pools: [None, None, None, None],
        owners: Vec::new(),
        people: Vec::new(),
        role_suggestions: FxHashMap::default(),
        prefetch: false,
        searches_left: DID_YOU_MEAN_LIMIT,
        last_candidates: None,
    };
    let declarations = resolver.reserve();
    resolver.prefetch = resolver.model.names_outgrow_cache() || always_prefetch();
    resolver.declare_prelude();
    let (pending, processes) = resolver.declare_all(declarations);
    let model = &resolver.model;
    resolver.used = Used {
        stakeholders: vec![false; model.stakeholders.len()],
        conversations: vec![false; model.conversations.len()],
        commitments: vec![false; model.commitments.len()],
    };
    // Every stakeholder's fields were read as it was declared: a
    // conversation reads its participants' sides, and a stakeholder may be
    // declared after the conversations that name it.
    for (at, &(declaration, target)) in pending.iter().enumerate() {
        // On a playbook this large the tree is out of the caches too: the
        // declaration is asked for twice as far ahead, then the run of its
        // fields (read through it), so that reading its names below to
        // bring in their slots does not wait on either.
        if resolver.prefetch {
            if let Some((further, _)) = pending.get(at + 2 * AHEAD) {
                crate::prefetch::prefetch(Some(*further));
            }
            if let Some((ahead, _)) = pending.get(at + AHEAD) {
                let fields = ahead.fields();
                crate::prefetch::prefetch(fields.first());
                crate::prefetch::prefetch(fields.last());
            }
        }
        // A conversation names four or so: half as many declarations ahead.
        if let Some((ahead, _)) = pending.get(at + AHEAD / 2).filter(|_| resolver.prefetch) {
            for name in ahead.fields().iter().flat_map(|field| field.names()) {
                resolver.model.prefetch_name(&name.text);
            }
        }
        resolver.resolve_declaration(declaration, target);
    }
    resolver.resolve_processes(&processes);
    resolver.mark_syntax_errors(syntax_errors);
    let people = std::mem::take(&mut resolver.people);
    resolver.model.set_stakeholder_facts(people);
    resolver.find_unused();
    let references = &mut resolver.model.references;
    let key = |r: &crate::model::Reference| (r.span.start(), r.span.end());
    // Declarations before processes, as playbooks are mostly written:
    // then the references are in order already.
    if !references.is_sorted_by_key(key) {
        references.sort_by_key(key);
    }
    references.shrink_to_fit();
    (
        resolver.model,
        resolver.diagnostics,
        resolver.insertion,
        resolver.unwritten,
    )
}

/// The reports of failed references (`N001`) and unused declarations
/// (`N005`), found during resolution and written once the tree is freed
/// ([`Unwritten::write`]).
///
/// A playbook with many misspelt names has as many of these, and each
/// written report (its message, the fix that declares the name, the fix's
/// title and edit) takes about 400 bytes: written as they were found, they
/// were held beside the whole tree, the peak of a check (a 1 MB playbook
/// with one step in five misspelt: 1,200 of them, half a megabyte). What is
/// kept until then is the name, where it is and what kind it takes.
#[derive(Default)]
pub(crate) struct Unwritten {
    undeclared: Vec<Undeclared>,
    /// Each unused declaration and its name's span, in declaration order.
    unused: Vec<(Symbol, Span)>,
}

/// A reference to a name nothing declares.
struct Undeclared {
    name: CompactString,
    span: Span,
    expect: Expect,
    /// The did-you-mean fixes, nearest first (none once the searches are
    /// spent: no allocation).
    nearest: ThinVec<Fix>,
}

impl Unwritten {
    /// Writes the reports into `diagnostics`, in the order they were found:
    /// the `N001`s, then the `N005`s.
    pub(crate) fn write(
        self,
        model: &Model,
        insertion: &InsertionPoints,
        layout: &Layout,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        diagnostics.reserve_exact(self.undeclared.len() + self.unused.len());
        for undeclared in self.undeclared {
            diagnostics.push(undeclared.report(insertion, layout));
        }
        let reporter = Reporter::new("N005");
        for (symbol, span) in self.unused {
            diagnostics.push(reporter.report(unused_message(model, symbol), span));
        }
    }
}

impl Undeclared {
    /// `N001`, with the did-you-mean fixes and the one that declares it.
    fn report(self, insertion: &InsertionPoints, layout: &Layout) -> Diagnostic {
        let Undeclared {
            name,
            span,
            expect,
            nearest: mut fixes,
        } = self;
        let safe = fixes.len() == 1;
        let report = diagnostic(
            "N001",
            format!("`{name}` is not declared: expected {}", expect.describe()),
            span,
        );
        if let Some(declare) = declare_fix(insertion, layout, &name, expect) {
            fixes.push(declare);
        }
        fix::attach(report, fixes, safe)
    }
}

/// "{kind} `{name}` is declared but never used: {hint}", written piece by
/// piece (hundreds of these in a large playbook).
fn unused_message(model: &Model, symbol: Symbol) -> String {
    let (kind, hint) = match symbol.kind() {
        SymbolKind::Stakeholder => ("stakeholder", "no conversation includes them"),
        SymbolKind::Conversation => ("conversation", "no process, `needs` or `waive` names it"),
        SymbolKind::Commitment => ("commitment", "no conversation wins or needs it"),
    };
    let parts = [
        kind,
        " `",
        model.name(symbol),
        "` is declared but never used: ",
        hint,
    ];
    let mut message = String::with_capacity(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        message.push_str(part);
    }
    message
}

impl<'a> Resolver<'a> {
    /// Room for every declaration and name, from the counts the parser
    /// kept, so the model's vectors are allocated once: exactly for the
    /// records and names, and for the lists at most by the values the
    /// parser counted in the blocks' fields (neither the items nor the
    /// fields are walked here: on a large playbook a walk over the items
    /// alone reads them back from memory). Returns the number of
    /// conversations and commitments (the declarations whose fields are
    /// read after every name is declared).
    fn reserve(&mut self) -> usize {
        let values = &self.file.block_values;
        let counts = &self.file.item_counts;
        let (stakeholders, conversations, commitments) = (
            counts.of(DeclKind::Stakeholder),
            counts.of(DeclKind::Conversation),
            counts.of(DeclKind::Commitment),
        );
        // At most one reference per value or process item (a quiet period
        // has two): the vector of references grows at most once more.
        let references = values.total() + counts.process_items;
        // The shared buffers: at most one entry per value given, and the
        // text of every stakeholder's and conversation's title and doc
        // comment (a commitment keeps its own).
        let mentions = values.of(FieldKey::With) + values.of(FieldKey::Owner);
        let (needs, wins) = (values.of(FieldKey::Needs), values.of(FieldKey::Wins));
        let text = [stakeholders, conversations]
            .iter()
            .map(|kind| kind.title_bytes + kind.doc_bytes)
            .sum();
        // The spelling of every declared name, for the namespace.
        let name_bytes = BUILTIN_COMMITMENTS
            .iter()
            .map(|b| b.name.len())
            .sum::<usize>()
            + stakeholders.name_bytes
            + conversations.name_bytes
            + commitments.name_bytes;
        let (stakeholders, conversations, commitments) =
            (stakeholders.count, conversations.count, commitments.count);
        let model = &mut self.model;
        if self.references == References::Keep {
            model.references.reserve_exact(references);
        }
        model.stakeholders.reserve_exact(stakeholders);
        model.conversations.reserve_exact(conversations);
        model
            .commitments
            .reserve_exact(commitments + BUILTIN_COMMITMENTS.len());
        model.names.reserve(
            [
                stakeholders,
                conversations,
                commitments + BUILTIN_COMMITMENTS.len(),
            ],
            name_bytes,
        );
        let buffers = &mut self.model.buffers;
        buffers.mentions.reserve_exact(mentions);
        buffers.needs.reserve_exact(needs);
        buffers.wins.reserve_exact(wins);
        buffers.text.reserve_exact(text);
        // By stakeholder id, its facts as its fields are read.
        self.people = vec![StakeholderFacts::default(); stakeholders];
        conversations + commitments
    }

    fn declare_prelude(&mut self) {
        for builtin in &BUILTIN_COMMITMENTS {
            let id = CommitmentId(self.model.commitments.len());
            self.model
                .declare_name(builtin.name, Symbol::Commitment(id));
            self.model.commitments.push(Commitment {
                name: CompactString::const_new(builtin.name),
                title: CompactString::const_new(builtin.title),
                explanation: Some(CompactString::const_new(builtin.explanation)),
                builtin: true,
                name_span: None,
                span: None,
                needs: Vec::new(),
            });
        }
        // Prerequisites once every built-in has an id.
        for (index, builtin) in BUILTIN_COMMITMENTS.iter().enumerate() {
            let needs: Vec<CommitmentNeed> = builtin
                .needs
                .iter()
                .filter_map(|name| self.model.commitment_named(name))
                .map(|commitment| CommitmentNeed {
                    commitment,
                    span: None,
                })
                .collect();
            if let Some(record) = self.model.commitments.get_mut(index) {
                record.needs = needs;
            }
        }
    }

    /// Pass one: every declaration's name, so references resolve in any
    /// order, and every stakeholder's fields. `declarations` is how many
    /// conversations and commitments the file holds. Returns those to
    /// resolve and the processes, in source order (so that no later pass
    /// walks every item of a large file to find its two processes).
    fn declare_all(
        &mut self,
        declarations: usize,
    ) -> (
        Vec<(&'a Declaration, Target)>,
        Vec<&'a parley_syntax::ast::Process>,
    ) {
        let source = self.layout.text;
        let mut pending = Vec::with_capacity(declarations);
        let mut processes = Vec::new();
        let items = &self.file.items;
        for (at, item) in items.iter().enumerate() {
            if let Some(parley_syntax::ast::Item::Declaration(ahead)) =
                items.get(at + AHEAD).filter(|_| self.prefetch)
            {
                if let Some(name) = &ahead.name {
                    self.model.prefetch_name(&name.text);
                }
            }
            self.insertion.note(item);
            match item {
                parley_syntax::ast::Item::Playbook(playbook) => {
                    if let Some(first) = self.model.playbook.span {
                        let first_keyword =
                            Span::new(first.start(), first.start() + "playbook".len());
                        self.diagnostics.push(
                            diagnostic(
                                "N002",
                                "a second `playbook` header; the first one counts",
                                playbook.keyword,
                            )
                            .labelled(first_keyword, "the playbook is first declared here"),
                        );
                        continue;
                    }
                    self.model.playbook = PlaybookHeader {
                        title: playbook.title.as_ref().map(|t| t.value(source).into()),
                        span: Some(playbook.span),
                        doc: playbook.doc.as_ref().map(|d| d.text(source)),
                        ..PlaybookHeader::default()
                    };
                    self.playbook_fields(&playbook.fields);
                }
                parley_syntax::ast::Item::Declaration(declaration) => {
                    match self.declare(declaration) {
                        // A stakeholder's fields name nothing: they are read
                        // now, while the declaration is in the processor's
                        // cache, and every side is known before any
                        // conversation is read.
                        Some(target @ Target::Stakeholder(_)) => {
                            self.resolve_declaration(declaration, target);
                        }
                        Some(target) => pending.push((declaration, target)),
                        None => {}
                    }
                }
                parley_syntax::ast::Item::Process(process) => processes.push(process),
            }
        }
        (pending, processes)
    }

    fn declare(&mut self, declaration: &'a Declaration) -> Option<Target> {
        let source = self.layout.text;
        let name = declaration.name.as_ref()?;
        // A commitment's own copies of its title and doc comment (there are
        // few commitments); a stakeholder's or conversation's go to the
        // shared text.
        let commitment = || Commitment {
            name: name.text.clone(),
            title: declaration
                .title
                .as_ref()
                .map_or_else(|| name.text.clone(), |t| t.value(source).into()),
            explanation: declaration
                .doc
                .as_ref()
                .map(|d| CompactString::from(d.text(source))),
            builtin: false,
            name_span: Some(name.span),
            span: Some(declaration.span),
            needs: Vec::new(),
        };
        let hash = name_hash(&name.text);
        if let Some(existing) = self.model.lookup_hashed(&name.text, hash) {
            if let Symbol::Commitment(id) = existing {
                let is_builtin = self.model.commitment(id).is_some_and(|c| c.builtin);
                if is_builtin
                    && declaration.kind == DeclKind::Commitment
                    && self.replaced.insert(id)
                {
                    if let Some(record) = self.model.commitments.get_mut(id.0) {
                        *record = commitment();
                    }
                    return Some(Target::Commitment(id));
                }
            }
            let report = match self.model.declaration(existing) {
                Some(first) => diagnostic(
                    "N002",
                    format!(
                        "`{}` is already declared as a {}; references resolve to the first declaration",
                        name.text,
                        existing.kind().as_str()
                    ),
                    name.span,
                )
                .labelled(first, "first declared here"),
                None => diagnostic(
                    "N002",
                    format!(
                        "`{}` is a built-in commitment; only a `commitment` declaration can replace it",
                        name.text
                    ),
                    name.span,
                ),
            };
            self.diagnostics.push(report);
            return None;
        }
        let text = &mut self.model.buffers.text;
        let mut texts = || {
            [
                declaration
                    .title
                    .as_ref()
                    .map(|t| push_text(text, &t.value(source))),
                declaration
                    .doc
                    .as_ref()
                    .map(|d| write_text(text, |text| d.write_text(source, text))),
            ]
        };
        let target = match declaration.kind {
            DeclKind::Stakeholder => {
                let [display_run, doc_run] = texts();
                let id = StakeholderId(self.model.stakeholders.len());
                self.model.stakeholders.push(Stakeholder {
                    name: name.text.clone(),
                    name_span: name.span,
                    span: declaration.span,
                    side: None,
                    side_span: None,
                    role: None,
                    role_span: None,
                    compelled: None,
                    compelled_span: None,
                    display_run,
                    doc_run,
                });
                Target::Stakeholder(id)
            }
            DeclKind::Conversation => {
                let [title_run, doc_run] = texts();
                let id = ConversationId(self.model.conversations.len());
                self.model.conversations.push(Conversation {
                    name: name.text.clone(),
                    name_span: name.span,
                    span: declaration.span,
                    takes: None,
                    takes_span: None,
                    by: None,
                    by_span: None,
                    incomplete_participants: false,
                    incomplete_wins: false,
                    title_run,
                    doc_run,
                    with_run: Run::default(),
                    owners_run: Run::default(),
                    needs_run: Run::default(),
                    wins_run: Run::default(),
                });
                Target::Conversation(id)
            }
            DeclKind::Commitment => {
                let id = CommitmentId(self.model.commitments.len());
                self.model.commitments.push(commitment());
                Target::Commitment(id)
            }
        };
        let symbol = match target {
            Target::Stakeholder(id) => Symbol::Stakeholder(id),
            Target::Conversation(id) => Symbol::Conversation(id),
            Target::Commitment(id) => Symbol::Commitment(id),
        };
        self.model.declare_name_hashed(&name.text, hash, symbol);
        Some(target)
    }

    fn playbook_fields(&mut self, fields: &'a [Field]) {
        if let Some(value) = self.single_value(fields, FieldKey::Starts) {
            if let Some((date, span)) = self.date(value) {
                self.model.playbook.starts = Some(date);
                self.model.playbook.starts_span = Some(span);
            }
        }
        if let Some(value) = self.single_value(fields, FieldKey::Lead) {
            if let Some(side) = self.side_value(value, "`lead` is `seller` or `buyer`") {
                self.model.playbook.lead = side;
                self.model.playbook.lead_span = Some(value.span());
            }
        }
    }

    /// The value of a field that takes one; later repeats and extra values
    /// are `N004`.
    fn single_value(&mut self, fields: &'a [Field], key: FieldKey) -> Option<&'a Value> {
        let mut given = fields.iter().filter(|field| field.key == key);
        let first = given.next()?;
        if first.values.len() > 1 || given.next().is_some() {
            self.report_extra_values(fields, key);
        }
        first.values.first()
    }

    /// `N004` for each repeat of a field that takes one value, and for each
    /// value after its first.
    #[cold]
    #[inline(never)]
    fn report_extra_values(&mut self, fields: &'a [Field], key: FieldKey) {
        let mut first_field: Option<Span> = None;
        for field in fields.iter().filter(|field| field.key == key) {
            if let Some(first) = first_field {
                self.diagnostics.push(
                    diagnostic(
                        "N004",
                        format!("`{}` is given twice; the first one counts", key.as_str()),
                        field.key_span(),
                    )
                    .labelled(first, "first given here"),
                );
                continue;
            }
            first_field = Some(field.key_span());
            for extra in field.values.iter().skip(1) {
                self.diagnostics.push(diagnostic(
                    "N004",
                    format!("`{}` takes one value; only the first counts", key.as_str()),
                    extra.span(),
                ));
            }
        }
    }

    fn date(&mut self, value: &Value) -> Option<(Date, Span)> {
        match value {
            Value::Date(date) => match Date::new(date.year, date.month, date.day) {
                Some(valid) => Some((valid, date.span)),
                None => {
                    let nearest = Date::nearest(date.year, date.month, date.day);
                    let report = diagnostic(
                        "N004",
                        format!(
                            "`{:04}-{:02}-{:02}` is not a date that exists",
                            date.year, date.month, date.day
                        ),
                        date.span,
                    );
                    let fixes = thin_vec![fix::replace(
                        format!("Change to `{nearest}`"),
                        date.span,
                        nearest.to_string(),
                    )];
                    self.diagnostics.push(fix::attach(report, fixes, false));
                    None
                }
            },
            other => {
                self.diagnostics.push(diagnostic(
                    "N004",
                    "expected a date such as `2027-01-11`",
                    other.span(),
                ));
                None
            }
        }
    }

    fn side_value(&mut self, value: &Value, what: &str) -> Option<Side> {
        match value {
            Value::Name(name) => match Side::from_name(&name.text) {
                Some(side) => Some(side),
                None => {
                    self.closed_value(name, &["buyer", "seller"], what);
                    None
                }
            },
            other => {
                self.diagnostics
                    .push(diagnostic("N004", what.to_string(), other.span()));
                None
            }
        }
    }

    /// `N004` for a name outside a closed set, with the nearest as the fix.
    fn closed_value(&mut self, name: &Name, allowed: &[&str], what: &str) {
        let report = diagnostic(
            "N004",
            format!("`{}` is not allowed here: {what}", name.text),
            name.span,
        );
        let fixes: ThinVec<_> = suggest::closest(&name.text, allowed.iter().copied())
            .map(|nearest| fix::replace(format!("Change to `{nearest}`"), name.span, nearest))
            .into_iter()
            .collect();
        let safe = !suggest::nearest(&name.text, allowed.iter().copied()).is_empty();
        self.diagnostics.push(fix::attach(report, fixes, safe));
    }

    fn resolve_declaration(&mut self, declaration: &'a Declaration, target: Target) {
        match target {
            Target::Stakeholder(id) => self.stakeholder_fields(declaration, id),
            Target::Conversation(id) => self.conversation_fields(declaration, id),
            Target::Commitment(id) => self.commitment_fields(declaration, id),
        }
    }

    fn stakeholder_fields(&mut self, declaration: &'a Declaration, id: StakeholderId) {
        let fields = declaration.fields();
        let mut side = None;
        let mut side_span = None;
        let has_side = fields.iter().any(|field| field.key == FieldKey::Side);
        if let Some(value) = self.single_value(fields, FieldKey::Side) {
            side = self.side_value(value, "a stakeholder's `side` is `buyer` or `seller`");
            side_span = Some(value.span());
        }
        if !has_side {
            if let Some(name) = &declaration.name {
                let report = diagnostic(
                    "N006",
                    format!(
                        "`{}` has no `side`: say whether they are on the buyer's or the seller's side",
                        name.text
                    ),
                    name.span,
                );
                let (fixes, safe) = self.side_fixes(declaration);
                self.diagnostics.push(fix::attach(report, fixes, safe));
            }
        }
        let mut role = None;
        let mut role_span = None;
        if let Some(value) = self.single_value(fields, FieldKey::Role) {
            match value {
                Value::Name(name) => {
                    self.check_role(name, side, side_span);
                    role = Some(name.text.clone());
                    role_span = Some(name.span);
                }
                other => self.diagnostics.push(diagnostic(
                    "N004",
                    "expected a role such as `economic-buyer`",
                    other.span(),
                )),
            }
        }
        let mut compelled = None;
        let mut compelled_span = None;
        if let Some(value) = self.single_value(fields, FieldKey::Compelled) {
            match value {
                Value::Name(name) => match Level::from_name(&name.text) {
                    Some(level) => {
                        compelled = Some(level);
                        compelled_span = Some(name.span);
                    }
                    None => self.closed_value(
                        name,
                        &LEVELS,
                        "`compelled` is `none`, `low`, `medium` or `high`",
                    ),
                },
                other => self.diagnostics.push(diagnostic(
                    "N004",
                    "`compelled` is `none`, `low`, `medium` or `high`",
                    other.span(),
                )),
            }
        }
        if let Some(slot) = self.people.get_mut(id.0) {
            *slot = StakeholderFacts::new(side, role.as_deref(), compelled);
        }
        if let Some(record) = self.model.stakeholders.get_mut(id.0) {
            record.side = side;
            record.side_span = side_span;
            record.role = role;
            record.role_span = role_span;
            record.compelled = compelled;
            record.compelled_span = compelled_span;
        }
    }

    /// "Add `side buyer`" and "Add `side seller`", the side the role belongs
    /// to first (and then safe: the role decides).
    fn side_fixes(&self, declaration: &Declaration) -> (ThinVec<Fix>, bool) {
        // Without its `{` (an empty span where it was expected) the block
        // has no place to insert at: text there would run into the next word.
        let Some(open) = declaration
            .body
            .as_ref()
            .map(|body| body.open)
            .filter(|open| !open.is_empty())
        else {
            return (ThinVec::new(), false);
        };
        let role = declaration
            .fields_with(FieldKey::Role)
            .flat_map(|field| field.names())
            .next()
            .map(|name| name.text.as_str());
        let (order, decided) = match role {
            Some(role) if SELLER_ROLES.contains(&role) => ([Side::Seller, Side::Buyer], true),
            Some(role) if BUYER_ROLES.contains(&role) => ([Side::Buyer, Side::Seller], true),
            _ => ([Side::Buyer, Side::Seller], false),
        };
        let indent = format!(
            "{}{}",
            self.layout.indent_at(declaration.span.start()),
            self.layout.indent_unit
        );
        let close_on_same_line = declaration
            .body
            .as_ref()
            .and_then(|body| body.close)
            .is_some_and(|close| {
                self.layout.line_start(close.start()) == self.layout.line_start(open.start())
            });
        let glued = self
            .layout
            .text
            .get(open.end()..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|next| !next.is_whitespace());
        let fixes = order
            .iter()
            .map(|side| {
                let mut text = format!("{}{indent}side {}", self.layout.eol, side.as_str());
                if close_on_same_line && declaration.fields().is_empty() {
                    text.push_str(self.layout.eol);
                    text.push_str(self.layout.indent_at(declaration.span.start()));
                } else if glued {
                    // `{role champion`: the field after the brace goes on a
                    // line of its own, not onto the end of `side buyer`.
                    text.push_str(self.layout.eol);
                    text.push_str(&indent);
                }
                fix::edits(
                    format!("Add `side {}`", side.as_str()),
                    vec![TextEdit {
                        span: Span::empty(open.end()),
                        new_text: text,
                    }],
                )
            })
            .collect();
        (fixes, decided)
    }

    fn check_role(&mut self, name: &Name, side: Option<Side>, side_span: Option<Span>) {
        let role = name.text.as_str();
        let buyer = BUYER_ROLES.contains(&role);
        let seller = SELLER_ROLES.contains(&role);
        let own: &[&'static str] = match side {
            Some(Side::Buyer) => &BUYER_ROLES,
            Some(Side::Seller) => &SELLER_ROLES,
            None => &[],
        };
        match (side, side_span) {
            (Some(side), Some(side_span))
                if (side == Side::Buyer && seller) || (side == Side::Seller && buyer) =>
            {
                let other = side.other();
                let report = diagnostic(
                    "N004",
                    format!(
                        "`{role}` is a {}'s role, but this stakeholder is on the {}'s side",
                        other.as_str(),
                        side.as_str()
                    ),
                    name.span,
                )
                .labelled(side_span, format!("on the {}'s side", side.as_str()));
                let mut fixes = role_fixes(name, own);
                fixes.push(fix::replace(
                    format!("Change the side to `{}`", other.as_str()),
                    side_span,
                    other.as_str(),
                ));
                self.diagnostics.push(fix::attach(report, fixes, false));
            }
            _ if buyer || seller => {}
            _ => {
                let candidates = self.roles_near(role, side);
                let report = diagnostic("N007", format!("unknown role `{role}`"), name.span);
                let safe = candidates.len() == 1;
                let fixes = candidates
                    .iter()
                    .map(|candidate| {
                        fix::replace(format!("Change to `{candidate}`"), name.span, *candidate)
                    })
                    .collect();
                self.diagnostics.push(fix::attach(report, fixes, safe));
            }
        }
    }

    /// The roles nearest to an unknown `role` of a stakeholder on `side`
    /// (both sides' roles when it has none), found once per spelling: a
    /// misspelt role tends to be copied from stakeholder to stakeholder.
    fn roles_near(&mut self, role: &str, side: Option<Side>) -> Vec<&'static str> {
        let key = (CompactString::from(role), side);
        if let Some(found) = self.role_suggestions.get(&key) {
            return found.clone();
        }
        let pool: &[&'static str] = match side {
            Some(Side::Buyer) => &BUYER_ROLES,
            Some(Side::Seller) => &SELLER_ROLES,
            None => &[],
        };
        let candidates = if pool.is_empty() {
            suggest::nearest(role, BUYER_ROLES.iter().chain(SELLER_ROLES.iter()).copied())
        } else {
            suggest::nearest(role, pool.iter().copied())
        };
        self.role_suggestions.insert(key, candidates.clone());
        candidates
    }

    fn conversation_fields(&mut self, declaration: &'a Declaration, id: ConversationId) {
        let conversation_name = declaration.name.as_ref().map_or("", |n| n.text.as_str());
        // `with`, `needs` and `wins` go straight onto the shared vectors;
        // the owners wait in a reused vector (a second owner of a side
        // joins `with`) and follow `with`.
        let buffers = &self.model.buffers;
        let with_start = buffers.mentions.len();
        let needs_start = buffers.needs.len();
        let wins_start = buffers.wins.len();
        let mut owners = std::mem::take(&mut self.owners);
        owners.clear();
        let mut incomplete_participants = false;
        let mut incomplete_wins = false;
        for field in declaration.fields() {
            match field.key {
                FieldKey::With | FieldKey::Owner => {
                    for name in field.names() {
                        let Some(Symbol::Stakeholder(stakeholder)) = self.reference(
                            name,
                            Expect::Stakeholder,
                            if field.key == FieldKey::With {
                                "`with`"
                            } else {
                                "`owner`"
                            },
                        ) else {
                            incomplete_participants = true;
                            continue;
                        };
                        let side = self
                            .people
                            .get(stakeholder.0)
                            .and_then(|facts| facts.side());
                        let Some(side) = side else {
                            incomplete_participants = true;
                            continue;
                        };
                        let mention = Mention {
                            stakeholder,
                            span: name.span,
                        };
                        if field.key == FieldKey::With {
                            self.model.buffers.mentions.push(mention);
                            continue;
                        }
                        let people = &self.people;
                        let same_side = owners.iter().find(|owner| {
                            people
                                .get(owner.stakeholder.0)
                                .and_then(|facts| facts.side())
                                == Some(side)
                        });
                        match same_side {
                            Some(first) if first.stakeholder != stakeholder => {
                                self.diagnostics.push(
                                    diagnostic(
                                        "N004",
                                        format!(
                                            "`{}` is a second {} owner of `{conversation_name}`; a conversation has at most one owner per side",
                                            name.text,
                                            side.as_str()
                                        ),
                                        name.span,
                                    )
                                    .labelled(first.span, format!("the {} owner", side.as_str())),
                                );
                                self.model.buffers.mentions.push(mention);
                            }
                            Some(_) => {}
                            None => owners.push(mention),
                        }
                    }
                    // Values that are not names were already reported by the parser.
                }
                FieldKey::Needs => {
                    for name in field.names() {
                        let need = match self.reference(name, Expect::Need, "`needs`") {
                            Some(Symbol::Conversation(target)) => Need::Conversation(target),
                            Some(Symbol::Commitment(target)) => Need::Commitment(target),
                            _ => continue,
                        };
                        self.model.buffers.needs.push(NeedRef {
                            need,
                            span: name.span,
                        });
                    }
                }
                FieldKey::Wins => {
                    for name in field.names() {
                        match self.reference(name, Expect::Commitment, "`wins`") {
                            Some(Symbol::Commitment(target)) => {
                                let wins = &mut self.model.buffers.wins;
                                let own = wins.get(wins_start..).unwrap_or_default();
                                if !own.iter().any(|w| w.commitment == target) {
                                    wins.push(WinRef {
                                        commitment: target,
                                        span: name.span,
                                    });
                                }
                            }
                            _ => incomplete_wins = true,
                        }
                    }
                }
                _ => {}
            }
        }
        let fields = declaration.fields();
        let mut takes = None;
        let mut takes_span = None;
        if let Some(value) = self.single_value(fields, FieldKey::Takes) {
            match value {
                Value::Duration(duration) => {
                    takes = Some(duration.working_days());
                    takes_span = Some(duration.span);
                }
                other => self.diagnostics.push(diagnostic(
                    "N004",
                    "`takes` is a duration such as `3d` or `2w`",
                    other.span(),
                )),
            }
        }
        let mut by = None;
        let mut by_span = None;
        if let Some(value) = self.single_value(fields, FieldKey::By) {
            if let Some((date, span)) = self.date(value) {
                by = Some(date);
                by_span = Some(span);
            }
        }
        let buffers = &mut self.model.buffers;
        let with_run = Run::new(with_start, buffers.mentions.len());
        let owners_run = push_run(&mut buffers.mentions, &owners);
        let (needs_end, wins_end) = (buffers.needs.len(), buffers.wins.len());
        self.owners = owners;
        if let Some(record) = self.model.conversations.get_mut(id.0) {
            record.with_run = with_run;
            record.owners_run = owners_run;
            record.needs_run = Run::new(needs_start, needs_end);
            record.wins_run = Run::new(wins_start, wins_end);
            record.takes = takes;
            record.takes_span = takes_span;
            record.by = by;
            record.by_span = by_span;
            record.incomplete_participants = incomplete_participants;
            record.incomplete_wins = incomplete_wins;
        }
    }

    fn commitment_fields(&mut self, declaration: &'a Declaration, id: CommitmentId) {
        let mut needs = Vec::new();
        for field in declaration.fields_with(FieldKey::Needs) {
            for name in field.names() {
                if let Some(Symbol::Commitment(target)) =
                    self.reference(name, Expect::Commitment, "a commitment's `needs`")
                {
                    needs.push(CommitmentNeed {
                        commitment: target,
                        span: Some(name.span),
                    });
                }
            }
        }
        if let Some(record) = self.model.commitments.get_mut(id.0) {
            record.needs = needs;
        }
    }

    fn resolve_processes(&mut self, processes: &[&'a parley_syntax::ast::Process]) {
        let source = self.layout.text;
        for &process in processes {
            let Some(side_name) = &process.side else {
                continue;
            };
            let Some(side) = Side::from_name(&side_name.text) else {
                self.closed_value(
                    side_name,
                    &["buyer", "seller"],
                    "a process is the `buyer`'s or the `seller`'s",
                );
                continue;
            };
            let header = process.keyword.cover(side_name.span);
            if let Some(first) = self.model.process(side) {
                self.diagnostics.push(
                    diagnostic(
                        "N002",
                        format!("a second {} process; the first one counts", side.as_str()),
                        header,
                    )
                    .labelled(first.header, "the first one"),
                );
                continue;
            }
            let mut model = Process::new(side, header, process.span);
            model.reserve(process.items.len(), self.model.conversations.len());
            model.open = process.open;
            model.close = process.close;
            for (at, item) in process.items.iter().enumerate() {
                if let Some(ProcessItem::Step(ahead)) =
                    process.items.get(at + AHEAD).filter(|_| self.prefetch)
                {
                    self.model.prefetch_name(&ahead.conversation.text);
                }
                model.item_spans.push(item.span());
                match item {
                    ProcessItem::Step(step) => {
                        match self.reference(&step.conversation, Expect::Conversation, "a step") {
                            Some(Symbol::Conversation(conversation)) => model.push_step(Step {
                                conversation,
                                name_span: step.conversation.span,
                                span: step.span,
                                negotiated: step.negotiated.is_some(),
                                pace: step.pace.map(|mark| mark.pace),
                                pace_span: step.pace.map(|mark| mark.span),
                            }),
                            _ => model.unresolved_steps.push(UnresolvedStep {
                                name: step.conversation.text.clone(),
                                span: step.conversation.span,
                                before_step: model.steps.len(),
                                probably: self.last_candidates.take().map(|candidates| {
                                    candidates
                                        .into_iter()
                                        .filter_map(|symbol| match symbol {
                                            Symbol::Conversation(id) => Some(id),
                                            _ => None,
                                        })
                                        .collect()
                                }),
                            }),
                        }
                    }
                    ProcessItem::Waive(waive) => {
                        let Some(name) = &waive.conversation else {
                            continue;
                        };
                        if let Some(Symbol::Conversation(conversation)) =
                            self.reference(name, Expect::Conversation, "`waive`")
                        {
                            model.push_waiver(Waiver {
                                conversation,
                                name_span: name.span,
                                reason: waive.reason.as_ref().map(|r| r.value(source).into()),
                                span: waive.span,
                            });
                        }
                    }
                    ProcessItem::Quiet(quiet) => {
                        if side == Side::Seller {
                            self.diagnostics.push(diagnostic(
                                "N004",
                                "a quiet period belongs to the buyer's process: the buyer decides who may talk to the seller",
                                quiet.keyword,
                            ));
                            continue;
                        }
                        let after = quiet.after.as_ref().and_then(|name| {
                            match self.reference(name, Expect::Conversation, "`quiet after`") {
                                Some(Symbol::Conversation(id)) => Some((id, name.span)),
                                _ => None,
                            }
                        });
                        let until = quiet.until.as_ref().and_then(|name| {
                            match self.reference(name, Expect::Conversation, "`until`") {
                                Some(Symbol::Conversation(id)) => Some((id, name.span)),
                                _ => None,
                            }
                        });
                        if let (Some((after, after_span)), Some((until, until_span))) =
                            (after, until)
                        {
                            model.quiet_periods.push(QuietPeriod {
                                after,
                                after_span,
                                until,
                                until_span,
                                span: quiet.span,
                            });
                        }
                    }
                }
            }
            match side {
                Side::Seller => self.model.seller = Some(model),
                Side::Buyer => self.model.buyer = Some(model),
            }
        }
    }

    /// Resolves one reference: `N001` when nothing has the name, `N003` when
    /// it names the wrong kind. Either way the caller leaves it out.
    /// Inlined: every value of every list comes here.
    #[inline(always)]
    fn reference(&mut self, name: &Name, expect: Expect, context: &str) -> Option<Symbol> {
        match self.model.lookup(&name.text) {
            Some(symbol) => {
                if self.references == References::Keep {
                    self.model.references.push(crate::model::Reference {
                        span: name.span,
                        symbol,
                    });
                }
                self.used.insert(symbol);
                if expect.accepts(symbol.kind()) {
                    return Some(symbol);
                }
                self.wrong_kind(name, symbol, expect, context);
                None
            }
            None => {
                self.undefined(name, expect);
                None
            }
        }
    }

    /// `N003`: the name is declared, as another kind than the reference takes.
    #[cold]
    #[inline(never)]
    fn wrong_kind(&mut self, name: &Name, symbol: Symbol, expect: Expect, context: &str) {
        let mut report = diagnostic(
            "N003",
            format!(
                "`{}` is a {}, but {context} takes {}",
                name.text,
                symbol.kind().as_str(),
                expect.describe()
            ),
            name.span,
        );
        if let Some(declared) = self.model.declaration(symbol) {
            report = report.labelled(declared, format!("`{}` is declared here", name.text));
        }
        let fixes = self.change_to_nearest(name, expect);
        let safe = fixes.len() == 1;
        self.diagnostics.push(fix::attach(report, fixes, safe));
    }

    /// Builds, once per kind, the declared names a reference of this kind
    /// may use: by id, then by name (every name is declared before the
    /// first reference is resolved).
    fn fill_pool(&mut self, expect: Expect) {
        let Some(slot) = self.pools.get_mut(expect.pool()) else {
            return;
        };
        if slot.is_some() {
            return;
        }
        let model = &self.model;
        let mut symbols: Vec<Symbol> = model
            .named_symbols()
            .filter(|symbol| expect.accepts(symbol.kind()))
            .collect();
        symbols.sort_by(|&a, &b| {
            (symbol_order(a), model.name(a)).cmp(&(symbol_order(b), model.name(b)))
        });
        *slot = Some(suggest::Pool::new(symbols, |symbol| model.name(symbol)));
    }

    /// "Change to `x`" fixes for the declared names of this kind nearest to
    /// `name` (did-you-mean), nearest first; none once the playbook's
    /// searches are spent ([`DID_YOU_MEAN_LIMIT`]). Leaves what it found in
    /// [`Resolver::last_candidates`].
    fn change_to_nearest(&mut self, name: &Name, expect: Expect) -> ThinVec<Fix> {
        self.last_candidates = None;
        let Some(left) = self.searches_left.checked_sub(1) else {
            return ThinVec::new();
        };
        self.searches_left = left;
        self.fill_pool(expect);
        let model = &self.model;
        let found = self
            .pools
            .get(expect.pool())
            .and_then(Option::as_ref)
            .map(|pool| pool.nearest(&name.text, |symbol| model.name(symbol)))
            .unwrap_or_default();
        let fixes = found
            .iter()
            .map(|&symbol| {
                let candidate = model.name(symbol);
                fix::replace(format!("Change to `{candidate}`"), name.span, candidate)
            })
            .collect();
        self.last_candidates = Some(found);
        if self.searches_left == 0 {
            // No search is left to read the pools.
            self.pools = Default::default();
        }
        fixes
    }

    /// `N001`, found: written once the tree is freed ([`Unwritten`]).
    #[cold]
    #[inline(never)]
    fn undefined(&mut self, name: &Name, expect: Expect) {
        let nearest = self.change_to_nearest(name, expect);
        self.unwritten.undeclared.push(Undeclared {
            name: name.text.clone(),
            span: name.span,
            expect,
            nearest,
        });
    }

    fn mark_syntax_errors(&mut self, errors: &[Span]) {
        if errors.is_empty() {
            return;
        }
        // Where each error starts, sorted: whether one falls in a span is
        // a binary search, not a scan of every error per conversation.
        let mut starts: Vec<usize> = errors.iter().map(|error| error.start()).collect();
        starts.sort_unstable();
        let broken = |span: Span| {
            let first = starts.partition_point(|&start| start < span.start());
            starts.get(first).is_some_and(|&start| span.touches(start))
        };
        for conversation in &mut self.model.conversations {
            if broken(conversation.span) {
                conversation.incomplete_participants = true;
                conversation.incomplete_wins = true;
            }
        }
        for process in [self.model.seller.as_mut(), self.model.buyer.as_mut()]
            .into_iter()
            .flatten()
        {
            let Some(error) = errors.iter().find(|e| process.span.touches(e.start())) else {
                continue;
            };
            let before_step = process
                .steps
                .iter()
                .take_while(|step| step.span.end() <= error.start())
                .count();
            process.unresolved_steps.push(UnresolvedStep {
                name: CompactString::default(),
                span: *error,
                before_step,
                probably: None,
            });
        }
    }

    /// `N005`, found: every declaration no reference names (a built-in a
    /// playbook's own commitment replaces is not one). Written once the
    /// tree is freed ([`Unwritten`]).
    fn find_unused(&mut self) {
        let (used, replaced) = (&self.used, &self.replaced);
        let unused = self.model.declarations().filter(|&(symbol, _)| {
            !used.contains(symbol)
                && !matches!(symbol, Symbol::Commitment(id) if replaced.contains(&id))
        });
        self.unwritten.unused.extend(unused);
    }
}

/// "Declare it": a new declaration of the right kind after the last one
/// of that kind (else before the first process, else at the end).
fn declare_fix(
    insertion: &InsertionPoints,
    layout: &Layout,
    name: &str,
    expect: Expect,
) -> Option<parley_syntax::Fix> {
    let kind = expect.declares();
    let eol = layout.eol;
    let indent = &layout.indent_unit;
    let title = TitleFromName(name);
    // Room for the keyword, the name, its title and the stakeholder's side.
    let mut text = String::with_capacity(40 + 2 * name.len() + indent.len());
    // Writing into a `String` cannot fail.
    let _ = match kind {
        DeclKind::Stakeholder => write!(
            text,
            "stakeholder {name} \"{title}\" {{{eol}{indent}side buyer{eol}}}"
        ),
        DeclKind::Conversation => write!(text, "conversation {name} \"{title}\" {{{eol}}}"),
        DeclKind::Commitment => write!(text, "commitment {name} \"{title}\""),
    };
    let edit = insertion.declaration(layout, kind, &text);
    Some(fix::edits(
        ["Declare ", kind.keyword(), " `", name, "`"].concat(),
        vec![edit],
    ))
}

fn role_fixes(name: &Name, own: &[&str]) -> ThinVec<Fix> {
    suggest::nearest(&name.text, own.iter().copied())
        .into_iter()
        .map(|candidate| fix::replace(format!("Change to `{candidate}`"), name.span, candidate))
        .collect()
}

/// A declaration's title made from its name, written where it is needed:
/// `case-for-change` → `Case for change`.
struct TitleFromName<'a>(&'a str);

impl fmt::Display for TitleFromName<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        if let Some(first) = chars.next() {
            for upper in first.to_uppercase() {
                formatter.write_char(spaced(upper))?;
            }
        }
        for char in chars {
            formatter.write_char(spaced(char))?;
        }
        Ok(())
    }
}

/// A name's `-` and `_` read as spaces in its title.
fn spaced(char: char) -> char {
    match char {
        '-' | '_' => ' ',
        other => other,
    }
}

/// Whether every name's slot is brought in ahead, whatever the table's
/// size: outside tests, never.
#[cfg(not(test))]
fn always_prefetch() -> bool {
    false
}

#[cfg(test)]
use tests::always_prefetch;

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    thread_local! {
        /// Whether this thread's resolutions bring every name's slot in
        /// ahead, whatever the table's size.
        static ALWAYS_PREFETCH: Cell<bool> = const { Cell::new(false) };
    }

    pub(super) fn always_prefetch() -> bool {
        ALWAYS_PREFETCH.with(Cell::get)
    }

    /// Past [`super::DID_YOU_MEAN_LIMIT`] failed references, a name is
    /// reported without did-you-mean candidates (the fix to declare it
    /// stays), and a step that fails to resolve says it was not searched.
    #[test]
    fn did_you_mean_is_searched_for_the_first_failed_references_only() {
        let limit = super::DID_YOU_MEAN_LIMIT;
        let mut text = String::from("stakeholder dana \"Dana\" { side buyer }\n");
        text.push_str("conversation discovery \"Discovery\" { with dana }\n");
        for index in 0..limit + 10 {
            text.push_str(&format!("conversation c{index} \"C\" {{ with dnaa }}\n"));
        }
        text.push_str("process seller { discovry }\n");
        let analysis = crate::analyze(&text);
        let undefined: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == "N001")
            .collect();
        assert_eq!(undefined.len(), limit + 11);
        let searched = |d: &parley_syntax::Diagnostic| {
            d.fixes.iter().any(|fix| fix.title.starts_with("Change to"))
        };
        let with_candidates = undefined.iter().filter(|d| searched(d)).count();
        assert_eq!(with_candidates, limit);
        // In source order: the first ones were searched.
        assert!(undefined.iter().take(limit).all(|d| searched(d)));
        assert!(
            undefined
                .iter()
                .all(|d| d.fixes.iter().any(|fix| fix.title.starts_with("Declare")))
        );
        let seller = analysis
            .model
            .seller
            .as_ref()
            .expect("the seller's process");
        let [step] = seller.unresolved_steps.as_slice() else {
            panic!("{:?}", seller.unresolved_steps);
        };
        assert_eq!(step.name, "discovry");
        assert_eq!(step.probably, None);
    }

    #[test]
    fn a_title_is_made_from_a_name() {
        let title = |name| super::TitleFromName(name).to_string();
        assert_eq!(title("case-for-change"), "Case for change");
        assert_eq!(title("legal_review-2"), "Legal review 2");
        assert_eq!(title("élan"), "Élan");
        assert_eq!(title("ßig"), "SSig");
        assert_eq!(title("-x"), " x");
        assert_eq!(title(""), "");
    }

    /// Within the limit, a step that fails to resolve keeps the
    /// conversations it probably means, nearest first.
    #[test]
    fn a_misspelt_step_keeps_the_conversations_it_probably_means() {
        let text = "stakeholder dana \"Dana\" { side buyer }\n\
            conversation discovery \"Discovery\" { with dana }\n\
            conversation discover \"Discover\" { with dana }\n\
            conversation demo \"Demo\" { with dana }\n\
            process seller { discovry demo dnaa }\n";
        let analysis = crate::analyze(text);
        let model = &analysis.model;
        let seller = model.seller.as_ref().expect("the seller's process");
        let probably: Vec<Vec<&str>> = seller
            .unresolved_steps
            .iter()
            .map(|step| {
                step.probably
                    .iter()
                    .flatten()
                    .map(|&id| model.conversation_name(id))
                    .collect()
            })
            .collect();
        // `dnaa` names a stakeholder misspelt: no conversation is near it.
        assert_eq!(probably, [vec!["discovery", "discover"], vec![]]);
    }

    /// Bringing names' slots in ahead of their look-ups is a hint to the
    /// processor: the model, its references and every diagnostic are the
    /// same with it and without.
    #[test]
    fn names_brought_in_ahead_resolve_as_without() {
        let examples = crate::EXAMPLES;
        // Names declared twice, references to nothing and to the wrong
        // kind, processes repeated, syntax errors.
        let together = examples.concat();
        for text in examples.into_iter().chain([together.as_str()]) {
            let without = crate::analyze(text);
            ALWAYS_PREFETCH.with(|always| always.set(true));
            let with = crate::analyze(text);
            ALWAYS_PREFETCH.with(|always| always.set(false));
            assert!(!with.model.references.is_empty());
            assert_eq!(with.diagnostics, without.diagnostics);
            assert_eq!(format!("{:?}", with.model), format!("{:?}", without.model));
        }
    }
    /// A stakeholder whose `{` is missing: `Add `side seller`` used to
    /// insert at the empty span the parser left for the brace, right before
    /// `role`, writing `side sellerrole` (apply_every_fix fuzz target).
    #[test]
    fn no_side_fix_for_a_block_without_its_open_brace() {
        let text = "stakeholder e seller\n  role account-executive\n}\n";
        let checked = crate::check_text(text);
        for diagnostic in &checked.diagnostics {
            for fix in &diagnostic.fixes {
                let fixed = parley_syntax::apply_edits(text, &fix.edits).unwrap();
                assert!(!fixed.contains("sellerrole"), "{}: {fixed}", fix.title);
            }
        }
        let fixed_text = "stakeholder e \"E\" {\n  role account-executive\n}\n";
        let n006 = crate::check_text(fixed_text)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "N006")
            .expect("N006 for a stakeholder without a side");
        assert_eq!(n006.fixes.len(), 2, "the side fixes where the brace is");
    }

    /// `Declare stakeholder` went after the last stakeholder even when it
    /// was broken (`stakeholder} sam ... {`), inside the stray block that
    /// follows it, where the new declaration is not seen (invariants:
    /// edited playbooks). It now goes after the last whole one.
    #[test]
    fn a_declaration_is_inserted_after_a_whole_one_not_a_broken_one() {
        let text = "stakeholder dana \"D\" {\n  side buyer\n}\n\n\
                    stakeholder} sam \"Sam Ortiz\" {\n  side seller\n}\n\n\
                    conversation c \"C\" {\n  with dana\n  owner sam\n}\n";
        let before = crate::check_text(text);
        let declare = before
            .diagnostics
            .iter()
            .filter(|d| d.code == "N001")
            .flat_map(|d| &d.fixes)
            .find(|fix| fix.title == "Declare stakeholder `sam`")
            .expect("a fix declaring sam");
        let fixed = parley_syntax::apply_edits(text, &declare.edits).unwrap();
        assert!(
            fixed.starts_with(
                "stakeholder dana \"D\" {\n  side buyer\n}\n\nstakeholder sam \"Sam\" {"
            )
        );
        let after = crate::check_text(&fixed);
        assert!(
            !after.diagnostics.iter().any(|d| d.code == "N001"),
            "sam is declared"
        );
        assert_eq!(
            parley_syntax::parse(&fixed).errors.len(),
            parley_syntax::parse(text).errors.len()
        );
    }

    /// A field right after the `{`: `Add `side buyer`` wrote `side
    /// buyerrole champion` (invariants: token soups).
    #[test]
    fn a_side_fix_before_a_field_on_the_brace_line_keeps_it_apart() {
        let text = "stakeholder dana \"D\" {role champion}\n";
        let n006 = crate::check_text(text)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "N006")
            .expect("N006 for a stakeholder without a side");
        let fixed = parley_syntax::apply_edits(text, &n006.fixes[0].edits).unwrap();
        assert_eq!(
            fixed,
            "stakeholder dana \"D\" {\n  side buyer\n  role champion}\n"
        );
        assert!(parley_syntax::parse(&fixed).errors.is_empty());
    }

    /// Resolution writes no `N001` or `N005` while the tree is alive: it
    /// keeps what each needs ([`super::Unwritten`]) and writes them once
    /// the tree is freed, as they would have been written.
    #[test]
    fn failed_and_unused_names_are_written_after_resolution() {
        let text = "stakeholder dana \"Dana\" { side buyer }\n\
                    stakeholder idle \"Idle\" { side buyer }\n\
                    conversation discovery \"Discovery\" { with dana, sam }\n\
                    process seller {\n  discovry\n}\n";
        let parse = parley_syntax::parse(text);
        let layout = crate::layout::Layout::new(text);
        let (model, diagnostics, insertion, unwritten) =
            super::resolve(&parse.file, &layout, &[], super::References::Skip);
        let codes = |diagnostics: &[parley_syntax::Diagnostic]| {
            diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        };
        assert_eq!(codes(&diagnostics), Vec::<&str>::new());
        assert_eq!((unwritten.undeclared.len(), unwritten.unused.len()), (2, 2));
        let mut written = diagnostics;
        unwritten.write(&model, &insertion, &layout, &mut written);
        assert_eq!(codes(&written), ["N001", "N001", "N005", "N005"]);
        let messages: Vec<&str> = written.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`sam` is not declared: expected a stakeholder",
                "`discovry` is not declared: expected a conversation",
                "stakeholder `idle` is declared but never used: no conversation includes them",
                "conversation `discovery` is declared but never used: \
                 no process, `needs` or `waive` names it",
            ]
        );
        let titles = |d: &parley_syntax::Diagnostic| {
            d.fixes
                .iter()
                .map(|fix| fix.title.clone())
                .collect::<Vec<_>>()
        };
        // `sam` is near no stakeholder; `discovry` is near `discovery`,
        // which is the one fix to apply without a choice.
        assert_eq!(titles(&written[0]), ["Declare stakeholder `sam`"]);
        assert_eq!(
            titles(&written[1]),
            ["Change to `discovery`", "Declare conversation `discovry`"]
        );
        assert!(written[1].fixes[0].safe && !written[1].fixes[1].safe);
        // Written where each name is, and what a whole check reports.
        assert_eq!(
            written
                .iter()
                .map(|d| &text[d.span.range()])
                .collect::<Vec<_>>(),
            ["sam", "discovry", "idle", "discovery"]
        );
        let checked = crate::check_text(text).diagnostics;
        for report in &written {
            assert!(checked.contains(report), "{report:?}");
        }
    }
}
