//! The resolved playbook: stakeholders, conversations, commitments (the ten
//! built-ins included), both processes as sequences of steps with their
//! waivers, quiet periods and pace marks, and every reference by byte span.
//!
//! Built by [`crate::resolve`]. References that failed to resolve (`N001`,
//! `N003`) are not here, and stakeholders without a valid side take part in
//! no step, so no later rule fires only because of a bad name; each
//! declaration remembers that something was left out, so rules that reason
//! about absence can stay quiet.

use compact_str::CompactString;
pub use parley_syntax::ast::{Pace, Side};
use parley_syntax::{Span, ThinVec};
use std::borrow::Cow;
use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;

mod names;
mod shared;

pub(crate) use names::Names;

pub(crate) use shared::{Buffers, Run, push_run, push_text, write_text};

/// A stakeholder, by index into [`Model::stakeholders`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StakeholderId(pub usize);

/// A conversation, by index into [`Model::conversations`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConversationId(pub usize);

/// A commitment, by index into [`Model::commitments`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitmentId(pub usize);

/// What a name declares. One namespace holds all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Symbol {
    Stakeholder(StakeholderId),
    Conversation(ConversationId),
    Commitment(CommitmentId),
}

/// The kind of a [`Symbol`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Stakeholder,
    Conversation,
    Commitment,
}

impl SymbolKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Stakeholder => "stakeholder",
            SymbolKind::Conversation => "conversation",
            SymbolKind::Commitment => "commitment",
        }
    }
}

impl Symbol {
    pub fn kind(self) -> SymbolKind {
        match self {
            Symbol::Stakeholder(_) => SymbolKind::Stakeholder,
            Symbol::Conversation(_) => SymbolKind::Conversation,
            Symbol::Commitment(_) => SymbolKind::Commitment,
        }
    }
}

/// How compelled to change a stakeholder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    None,
    Low,
    Medium,
    High,
}

impl Level {
    pub fn from_name(text: &str) -> Option<Level> {
        match text {
            "none" => Some(Level::None),
            "low" => Some(Level::Low),
            "medium" => Some(Level::Medium),
            "high" => Some(Level::High),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

/// A calendar date that exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date, when the day exists.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The nearest date that exists (month and day clamped).
    pub fn nearest(year: u32, month: u32, day: u32) -> Date {
        let month = month.clamp(1, 12);
        let day = day.clamp(1, days_in_month(year, month));
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub(crate) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The `playbook` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlaybookHeader {
    /// A `CompactString`, as in the syntax tree: short titles stay inline.
    pub title: Option<CompactString>,
    pub starts: Option<Date>,
    pub starts_span: Option<Span>,
    /// Whose order wins a tie; `seller` unless the playbook says otherwise.
    pub lead: Side,
    pub lead_span: Option<Span>,
    pub span: Option<Span>,
    pub doc: Option<String>,
}

impl Default for PlaybookHeader {
    fn default() -> Self {
        PlaybookHeader {
            title: None,
            starts: None,
            starts_span: None,
            lead: Side::Seller,
            lead_span: None,
            span: None,
            doc: None,
        }
    }
}

/// A party member of the sale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stakeholder {
    /// A `CompactString`, as in the syntax tree: names are short, so they
    /// stay inline (up to 24 bytes) and copying one allocates nothing.
    pub name: CompactString,
    pub name_span: Span,
    pub span: Span,
    /// `None` when missing (`N006`) or invalid (`N004`); such a stakeholder
    /// takes part in no step.
    pub side: Option<Side>,
    pub side_span: Option<Span>,
    /// A `CompactString`: a role (`economic-buyer`) stays inline.
    pub role: Option<CompactString>,
    pub role_span: Option<Span>,
    /// `None` when omitted: the level is unknown.
    pub compelled: Option<Level>,
    pub compelled_span: Option<Span>,
    /// The display name and the doc comment, as runs of the model's shared
    /// text (no allocation of their own): read with
    /// [`Stakeholder::display`] and [`Stakeholder::doc`].
    pub(crate) display_run: Option<Run>,
    pub(crate) doc_run: Option<Run>,
}

/// A record's titles, doc comments and lists are runs of buffers its model
/// holds, so each is read with the model the record belongs to (a record
/// read with another model reads that model's buffers: whatever is there,
/// or nothing). For the same reason two records compare equal when their
/// runs are equal, which says the same of their texts and lists only for
/// records of one model.
impl Stakeholder {
    /// The display name (`"Dana Reyes, CFO"`), when given.
    pub fn display<'m>(&self, model: &'m Model) -> Option<&'m str> {
        model.buffers.text(self.display_run)
    }

    /// The doc comment, when given.
    pub fn doc<'m>(&self, model: &'m Model) -> Option<&'m str> {
        model.buffers.text(self.doc_run)
    }

    /// The display name when given, else the identifier.
    pub fn label<'a>(&'a self, model: &'a Model) -> &'a str {
        self.display(model).unwrap_or(&self.name)
    }

    pub fn is_buyer(&self) -> bool {
        self.side == Some(Side::Buyer)
    }
}

/// A commitment that needs another one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitmentNeed {
    pub commitment: CommitmentId,
    /// The reference in the playbook; `None` for a built-in prerequisite.
    pub span: Option<Span>,
}

/// A commitment: one of the ten built-ins, or declared by the playbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commitment {
    /// A `CompactString`, as in the syntax tree: short names stay inline; a
    /// built-in's is its static text, not a copy.
    pub name: CompactString,
    /// A `CompactString`: short titles stay inline; a built-in's is its
    /// static text.
    pub title: CompactString,
    /// The prelude's explanation for a built-in (its static text, not a
    /// copy); the doc comment otherwise.
    pub explanation: Option<CompactString>,
    /// `true` for a built-in the playbook did not replace.
    pub builtin: bool,
    pub name_span: Option<Span>,
    pub span: Option<Span>,
    pub needs: Vec<CommitmentNeed>,
}

/// A stakeholder named in a conversation's `with` or `owner`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub stakeholder: StakeholderId,
    pub span: Span,
}

/// What a conversation needs before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Need {
    Conversation(ConversationId),
    Commitment(CommitmentId),
}

/// A `needs` reference of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeedRef {
    pub need: Need,
    pub span: Span,
}

/// A `wins` reference of a conversation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WinRef {
    pub commitment: CommitmentId,
    pub span: Span,
}

/// A conversation: who takes part, what it needs, what it wins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    /// A `CompactString`, as in the syntax tree: names are short, so they
    /// stay inline (up to 24 bytes) and copying one allocates nothing.
    pub name: CompactString,
    pub name_span: Span,
    pub span: Span,
    /// `takes`, in working days.
    pub takes: Option<u64>,
    pub takes_span: Option<Span>,
    pub by: Option<Date>,
    pub by_span: Option<Span>,
    /// A `with`/`owner` reference was left out (unresolved, or a stakeholder
    /// without a side): rules about who is absent stay quiet.
    pub incomplete_participants: bool,
    /// A `wins` reference was left out.
    pub incomplete_wins: bool,
    /// The title and the doc comment, as runs of the model's shared text,
    /// and the four lists, as runs of vectors every conversation shares:
    /// filled once, never grown, no allocation each, and two `u32`s each in
    /// the record. Read with the methods of the same names.
    pub(crate) title_run: Option<Run>,
    pub(crate) doc_run: Option<Run>,
    pub(crate) with_run: Run,
    pub(crate) owners_run: Run,
    pub(crate) needs_run: Run,
    pub(crate) wins_run: Run,
}

/// Read with the model the record belongs to, as a stakeholder's texts are.
impl Conversation {
    /// The title, when given.
    pub fn title<'m>(&self, model: &'m Model) -> Option<&'m str> {
        model.buffers.text(self.title_run)
    }

    /// The doc comment, when given.
    pub fn doc<'m>(&self, model: &'m Model) -> Option<&'m str> {
        model.buffers.text(self.doc_run)
    }

    /// The stakeholders of `with`, in order (a second owner of a side,
    /// reported, joins them).
    pub fn with<'m>(&self, model: &'m Model) -> &'m [Mention] {
        model.buffers.mentions(self.with_run)
    }

    /// The owners, at most one per side, in order.
    pub fn owners<'m>(&self, model: &'m Model) -> &'m [Mention] {
        model.buffers.mentions(self.owners_run)
    }

    /// What the conversation needs before it, in order.
    pub fn needs<'m>(&self, model: &'m Model) -> &'m [NeedRef] {
        model.buffers.needs(self.needs_run)
    }

    /// The commitments it wins, each once, in order.
    pub fn wins<'m>(&self, model: &'m Model) -> &'m [WinRef] {
        model.buffers.wins(self.wins_run)
    }

    /// Every stakeholder in `with` and `owner`, each once, in order.
    pub fn participants(&self, model: &Model) -> Vec<StakeholderId> {
        self.each_participant(model).collect()
    }

    /// [`Conversation::participants`] without a vector: each stakeholder
    /// at its first mention (a conversation names a handful).
    pub fn each_participant<'m>(
        &self,
        model: &'m Model,
    ) -> impl Iterator<Item = StakeholderId> + 'm {
        let (with, owners) = (self.with(model), self.owners(model));
        let mentions = move || with.iter().chain(owners);
        mentions().enumerate().filter_map(move |(index, mention)| {
            let first = mentions().position(|m| m.stakeholder == mention.stakeholder);
            (first == Some(index)).then_some(mention.stakeholder)
        })
    }

    pub fn includes(&self, model: &Model, stakeholder: StakeholderId) -> bool {
        self.with(model)
            .iter()
            .chain(self.owners(model))
            .any(|mention| mention.stakeholder == stakeholder)
    }

    pub fn wins_commitment(&self, model: &Model, commitment: CommitmentId) -> bool {
        self.wins(model)
            .iter()
            .any(|win| win.commitment == commitment)
    }
}

// The records the rules read most stay small: at 10 MB of playbook the
// conversations alone take 5 MB, and the rules read them by id, mostly out
// of the processor's cache; a few bytes more each showed in every stage
// after parsing. (A conversation was 200 bytes when each of its six runs
// carried a pointer of its own.)
#[cfg(target_pointer_width = "64")]
const _: () = {
    assert!(std::mem::size_of::<Conversation>() <= 160);
    assert!(std::mem::size_of::<Stakeholder>() <= 128);
};

/// One step of a process: `CONVERSATION [negotiated] [accelerate|decelerate]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub conversation: ConversationId,
    pub name_span: Span,
    /// The whole step, markers included.
    pub span: Span,
    pub negotiated: bool,
    pub pace: Option<Pace>,
    pub pace_span: Option<Span>,
}

/// `waive CONVERSATION "reason"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    pub conversation: ConversationId,
    pub name_span: Span,
    /// A `CompactString`, as in the syntax tree: a short reason stays inline.
    pub reason: Option<CompactString>,
    pub span: Span,
}

/// `quiet after A until B`: only procurement may talk to the seller between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuietPeriod {
    pub after: ConversationId,
    pub after_span: Span,
    pub until: ConversationId,
    pub until_span: Span,
    pub span: Span,
}

/// A step name that did not resolve, and how many resolved steps precede it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnresolvedStep {
    /// A `CompactString`: a short name stays inline. Empty where a syntax
    /// error may have swallowed steps.
    pub name: CompactString,
    pub span: Span,
    pub before_step: usize,
    /// The conversations the name is probably a misspelling of (its
    /// did-you-mean candidates, nearest first); `None` when it was not
    /// searched (past the playbook's did-you-mean limit, or a syntax
    /// error), so it may be any of them.
    pub probably: Option<ThinVec<ConversationId>>,
}

/// One party's process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    pub side: Side,
    /// `process seller`: the keyword and the side.
    pub header: Span,
    pub span: Span,
    pub open: Option<Span>,
    pub close: Option<Span>,
    /// Every step, first occurrences only, in order.
    pub steps: Vec<Step>,
    /// Later occurrences of a step (`P107`), with the index of the first.
    pub repeats: Vec<(Step, usize)>,
    pub waivers: Vec<Waiver>,
    pub quiet_periods: Vec<QuietPeriod>,
    pub unresolved_steps: Vec<UnresolvedStep>,
    /// The span of every item (steps, waivers, quiet periods), in order.
    pub item_spans: Vec<Span>,
    /// By conversation id: the index of its step, [`ABSENT`] when none.
    position: Vec<u32>,
    /// By conversation id: the index of its first waiver, [`ABSENT`] when none.
    waived: Vec<u32>,
    /// The steps marked `accelerate` or `decelerate`, in order: few steps
    /// are, and a rule about the marks reads these rather than every step,
    /// and compares two processes' marks without a step's record.
    marks: Vec<PaceMark>,
    /// Each step's conversation id, in order (see
    /// [`Process::step_conversations`]).
    conversations: Vec<u32>,
    /// For each of [`Process::repeats`], how many steps come before it
    /// (see [`Process::repeat_slots`]).
    repeat_slots: Vec<u32>,
}

/// A step marked `accelerate` or `decelerate`: its index in
/// [`Process::steps`], its conversation and its mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaceMark {
    pub step: u32,
    pub conversation: ConversationId,
    pub pace: Pace,
}

/// No step or waiver in a [`Process`] index by conversation id.
const ABSENT: u32 = u32::MAX;

/// An index, count or offset in the 32 bits the check's tables keep them
/// in (a playbook is at most 4 GiB); `u32::MAX` where it does not fit,
/// which the tables take for no entry.
pub(crate) fn u32_or_max(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// Where each need stands in a table by need: a place for each
/// conversation, then one for each commitment. A table of this kind, one
/// 32-bit entry a need, is what the check keeps per need in place of a
/// map: each entry of a map is a key and a value of 16 bytes or more at a
/// hashed place, and a large playbook's map leaves the processor's caches,
/// each look-up then waiting on memory; the table (720 KB a process at
/// 50 MB) stays in them far longer.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NeedKeys {
    conversations: usize,
    commitments: usize,
}

impl NeedKeys {
    /// How many places a table by need has.
    pub fn len(self) -> usize {
        self.conversations + self.commitments
    }

    /// The place of `need` in a table by need.
    pub fn of(self, need: Need) -> usize {
        match need {
            Need::Conversation(id) => id.0,
            Need::Commitment(id) => self.conversations + id.0,
        }
    }
}

/// The slot for `id` in a table by conversation id, grown as needed.
fn slot(table: &mut Vec<u32>, id: ConversationId) -> Option<&mut u32> {
    if id.0 >= table.len() {
        // Ids are indices into the model's conversations: dense and small.
        table.resize(id.0 + 1, ABSENT);
    }
    table.get_mut(id.0)
}

/// The index stored for `id`, when there is one.
fn lookup(table: &[u32], id: ConversationId) -> Option<usize> {
    table
        .get(id.0)
        .copied()
        .filter(|&index| index != ABSENT)
        .map(|index| index as usize)
}

impl Process {
    pub(crate) fn new(side: Side, header: Span, span: Span) -> Process {
        Process {
            side,
            header,
            span,
            open: None,
            close: None,
            steps: Vec::new(),
            repeats: Vec::new(),
            waivers: Vec::new(),
            quiet_periods: Vec::new(),
            unresolved_steps: Vec::new(),
            item_spans: Vec::new(),
            position: Vec::new(),
            waived: Vec::new(),
            marks: Vec::new(),
            conversations: Vec::new(),
            repeat_slots: Vec::new(),
        }
    }

    /// Reserves room for the items of a process `items` long, with
    /// conversation ids below `conversations`.
    pub(crate) fn reserve(&mut self, items: usize, conversations: usize) {
        self.steps.reserve_exact(items);
        self.conversations.reserve_exact(items);
        self.item_spans.reserve_exact(items);
        // Every id below `conversations` has its slot at once: a step does
        // not grow the table.
        self.position.resize(conversations, ABSENT);
    }

    /// Adds a step, or records it as a repeat.
    pub(crate) fn push_step(&mut self, step: Step) {
        let index = u32_or_max(self.steps.len());
        let Some(entry) = slot(&mut self.position, step.conversation) else {
            return;
        };
        if *entry == ABSENT {
            *entry = index;
            if let Some(pace) = step.pace {
                self.marks.push(PaceMark {
                    step: index,
                    conversation: step.conversation,
                    pace,
                });
            }
            self.conversations.push(u32_or_max(step.conversation.0));
            self.steps.push(step);
        } else {
            let first = *entry as usize;
            self.repeats.push((step, first));
            self.repeat_slots.push(index);
        }
    }

    /// For each of [`Process::repeats`], in order, the slot it stands at
    /// among the steps: how many steps come before it (steps are added
    /// in the text's order). A move of the step past that slot puts the
    /// repeat first; found here as the process is built, where a binary
    /// search of the steps by span read a large process's step records
    /// wherever they lay.
    pub(crate) fn repeat_slots(&self) -> &[u32] {
        &self.repeat_slots
    }

    /// Each step's conversation id, step by step: four bytes a step, for a
    /// rule that walks every step to find its few findings (a step's
    /// record is ten times as large, and a large playbook's have left the
    /// caches).
    pub(crate) fn step_conversations(&self) -> &[u32] {
        &self.conversations
    }

    /// The marks of the steps marked `accelerate` or `decelerate`, in order.
    pub fn pace_marks(&self) -> &[PaceMark] {
        &self.marks
    }

    /// The index of the step holding this conversation.
    pub fn position(&self, conversation: ConversationId) -> Option<usize> {
        lookup(&self.position, conversation)
    }

    /// Brings where [`Process::position`] reads `conversation`'s place into
    /// the processor's cache ahead of the read.
    #[inline(always)]
    pub(crate) fn prefetch_position(&self, conversation: ConversationId) {
        crate::prefetch::prefetch(self.position.get(conversation.0));
    }

    pub fn contains(&self, conversation: ConversationId) -> bool {
        self.position(conversation).is_some()
    }

    pub fn waiver(&self, conversation: ConversationId) -> Option<&Waiver> {
        lookup(&self.waived, conversation).and_then(|index| self.waivers.get(index))
    }

    /// The index in [`Process::waivers`] of the first waiver of `conversation`.
    pub(crate) fn waiver_index(&self, conversation: ConversationId) -> Option<usize> {
        lookup(&self.waived, conversation)
    }

    pub fn waives(&self, conversation: ConversationId) -> bool {
        lookup(&self.waived, conversation).is_some()
    }

    /// Adds a waiver (the first for a conversation is the one looked up).
    pub(crate) fn push_waiver(&mut self, waiver: Waiver) {
        let index = u32_or_max(self.waivers.len());
        if let Some(entry) = slot(&mut self.waived, waiver.conversation) {
            if *entry == ABSENT {
                *entry = index;
            }
        }
        self.waivers.push(waiver);
    }

    /// Whether a step name failed to resolve before step `index`.
    pub fn unresolved_before(&self, index: usize) -> bool {
        self.unresolved_steps
            .iter()
            .any(|step| step.before_step <= index)
    }

    /// `"seller's process"` or `"buyer's process"`.
    pub fn title(&self) -> &'static str {
        crate::catalog::process_title(self.side)
    }
}

/// A resolved reference: where a name is used and what it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub span: Span,
    pub symbol: Symbol,
}

/// The resolved playbook.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub playbook: PlaybookHeader,
    pub stakeholders: Vec<Stakeholder>,
    /// The built-ins first, then the playbook's own, in order.
    pub commitments: Vec<Commitment>,
    pub conversations: Vec<Conversation>,
    pub seller: Option<Process>,
    pub buyer: Option<Process>,
    pub(crate) names: Names,
    /// What the records' runs read: titles, doc comments and
    /// conversations' lists, end to end.
    pub(crate) buffers: Buffers,
    /// Every resolved reference, in source order: for the editor, so
    /// [`crate::analyze`] keeps it and [`crate::check_text`] does not.
    pub(crate) references: Vec<Reference>,
    /// For each commitment, the conversations that win it, in order, end
    /// to end: commitment `c`'s are
    /// `winner_list[winner_starts[c]..winner_starts[c + 1]]`.
    winner_list: Vec<ConversationId>,
    winner_starts: Vec<u32>,
    /// Every conversation's step needs, end to end, found once when names
    /// are resolved (the graph, the negotiated process and the rules each
    /// read them): conversation `c`'s are
    /// `step_need_list[step_need_starts[c]..step_need_starts[c + 1]]`.
    step_need_list: Vec<StepNeed>,
    step_need_starts: Vec<u32>,
    /// Whether any conversation's `wins` lost names to recovery, found
    /// with the winners.
    incomplete_wins: bool,
    /// By stakeholder id, what the rules ask of each (see
    /// [`Model::stakeholder_facts`]).
    people: Vec<StakeholderFacts>,
    /// By conversation id, what the rules ask of it at every step (see
    /// [`Model::facts`]), found with the winners.
    facts: Vec<Facts>,
    /// By conversation id, its `takes` (see [`Model::takes`]), found with
    /// the winners.
    takes: Vec<Takes>,
}

/// What the rules ask of every stakeholder before they know whether it is
/// a finding: its side, whether its role is `procurement` (the one buyer
/// who may talk to the seller in a quiet period), whether it is one of the
/// paper process's (`legal`, `security` or `procurement`) and whether it
/// is compelled `none` or `low`. A byte each, by stakeholder id
/// ([`Model::stakeholder_facts`]), kept as resolution reads each
/// stakeholder: conversations' participants, `S202`, `S204`, `S206` and
/// `P111` read this small table rather than the records (about 130 bytes
/// each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct StakeholderFacts(u8);

impl StakeholderFacts {
    const BUYER: u8 = 1;
    const SELLER: u8 = 1 << 1;
    const PROCUREMENT: u8 = 1 << 2;
    const UNCOMPELLED: u8 = 1 << 3;
    const PAPER: u8 = 1 << 4;

    pub(crate) fn new(side: Option<Side>, role: Option<&str>, compelled: Option<Level>) -> Self {
        let mut bits = match side {
            Some(Side::Buyer) => StakeholderFacts::BUYER,
            Some(Side::Seller) => StakeholderFacts::SELLER,
            None => 0,
        };
        if role == Some("procurement") {
            bits |= StakeholderFacts::PROCUREMENT;
        }
        if matches!(role, Some("legal" | "security" | "procurement")) {
            bits |= StakeholderFacts::PAPER;
        }
        if matches!(compelled, Some(Level::None | Level::Low)) {
            bits |= StakeholderFacts::UNCOMPELLED;
        }
        StakeholderFacts(bits)
    }

    fn of(stakeholder: &Stakeholder) -> Self {
        StakeholderFacts::new(
            stakeholder.side,
            stakeholder.role.as_deref(),
            stakeholder.compelled,
        )
    }

    #[inline]
    pub fn side(self) -> Option<Side> {
        // Read from a table rather than by branches: conversations'
        // participants are read this way as names resolve.
        const SIDES: [Option<Side>; 4] = [None, Some(Side::Buyer), Some(Side::Seller), None];
        SIDES[usize::from(self.0 & (StakeholderFacts::BUYER | StakeholderFacts::SELLER))]
    }

    pub fn is_buyer(self) -> bool {
        self.0 & StakeholderFacts::BUYER != 0
    }

    /// The role is `procurement`.
    pub fn is_procurement(self) -> bool {
        self.0 & StakeholderFacts::PROCUREMENT != 0
    }

    /// The role is one of the paper process's: `legal`, `security` or
    /// `procurement` (`S206`).
    pub fn in_paper_process(self) -> bool {
        self.0 & StakeholderFacts::PAPER != 0
    }

    /// Compelled `none` or `low`.
    pub fn uncompelled(self) -> bool {
        self.0 & StakeholderFacts::UNCOMPELLED != 0
    }
}

/// What the rules ask of a conversation at every step of a process, before
/// they know whether the step is a finding: whether it wins anything,
/// whether recovery cost it names, which sides take part and own it. A
/// byte each, by conversation id ([`Model::facts`]).
///
/// A rule that walks a large playbook's steps reads this small table
/// rather than each step's record (about 150 bytes) and the sides of its
/// participants' records: at 10 MB the records are 5 MB and no longer in
/// the processor's second-level cache, the facts 32 KB. The record is read
/// for a finding, whose message names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Facts(u8);

/// A conversation's `takes` as the schedule reads it at every step, in
/// four bytes by conversation id ([`Model::takes`]), where the record
/// holds it among about 150: the schedule walks the steps in the
/// negotiated order and in each party's own, and in those orders the
/// records lie anywhere; past the caches (a large playbook) each read of
/// one waited on memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Takes(u32);

impl Takes {
    /// No `takes`.
    const NONE: u32 = u32::MAX;
    /// Too many working days for the table: the record holds them.
    const LONG: u32 = u32::MAX - 1;

    fn of(takes: Option<u64>) -> Takes {
        Takes(match takes {
            None => Takes::NONE,
            Some(days) => u32::try_from(days)
                .ok()
                .filter(|&days| days < Takes::LONG)
                .unwrap_or(Takes::LONG),
        })
    }
}

impl Facts {
    const WINS: u8 = 1;
    const INCOMPLETE_WINS: u8 = 1 << 1;
    const INCOMPLETE_PARTICIPANTS: u8 = 1 << 2;
    const BUYER_TAKES_PART: u8 = 1 << 3;
    const BUYER_OWNER: u8 = 1 << 4;
    const SELLER_OWNER: u8 = 1 << 5;
    const BUYER_BESIDES_PROCUREMENT: u8 = 1 << 6;
    const DATED: u8 = 1 << 7;

    /// The facts of `conversation`, read from its record, its lists and
    /// its participants' sides.
    fn of(model: &Model, conversation: &Conversation) -> Facts {
        let mut bits = 0;
        let mut set = |bit: u8, yes: bool| {
            if yes {
                bits |= bit;
            }
        };
        set(Facts::WINS, !conversation.wins(model).is_empty());
        set(Facts::INCOMPLETE_WINS, conversation.incomplete_wins);
        set(
            Facts::INCOMPLETE_PARTICIPANTS,
            conversation.incomplete_participants,
        );
        set(
            Facts::DATED,
            conversation.by.is_some() && conversation.by_span.is_some(),
        );
        // One walk over the participants, each one's facts read once.
        let (with, owners) = (conversation.with(model), conversation.owners(model));
        for (at, mention) in with.iter().chain(owners).enumerate() {
            let person = model.stakeholder_facts(mention.stakeholder);
            let owner = at >= with.len();
            match person.side() {
                Some(Side::Buyer) => {
                    set(Facts::BUYER_TAKES_PART, true);
                    set(Facts::BUYER_OWNER, owner);
                    set(Facts::BUYER_BESIDES_PROCUREMENT, !person.is_procurement());
                }
                Some(Side::Seller) => set(Facts::SELLER_OWNER, owner),
                None => {}
            }
        }
        Facts(bits)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// It wins at least one commitment.
    pub fn wins_any(self) -> bool {
        self.has(Facts::WINS)
    }

    /// Recovery from a syntax error may have cost its `wins` a name.
    pub fn incomplete_wins(self) -> bool {
        self.has(Facts::INCOMPLETE_WINS)
    }

    /// A participant did not resolve to a stakeholder with a side, or
    /// recovery may have cost it one.
    pub fn incomplete_participants(self) -> bool {
        self.has(Facts::INCOMPLETE_PARTICIPANTS)
    }

    /// A buyer is among its participants (`with` or `owner`).
    pub fn buyer_takes_part(self) -> bool {
        self.has(Facts::BUYER_TAKES_PART)
    }

    /// A buyer owns it.
    pub fn buyer_owner(self) -> bool {
        self.has(Facts::BUYER_OWNER)
    }

    /// A seller owns it.
    pub fn seller_owner(self) -> bool {
        self.has(Facts::SELLER_OWNER)
    }

    /// A buyer whose role is not `procurement` takes part: one who may
    /// not talk to the seller during a quiet period (`P111`).
    pub fn buyer_besides_procurement(self) -> bool {
        self.has(Facts::BUYER_BESIDES_PROCUREMENT)
    }

    /// It has a `by` date (and the date's span): the schedule reads the
    /// record of a dated step only.
    pub fn dated(self) -> bool {
        self.has(Facts::DATED)
    }
}

/// The hash a name is filed under in [`Names`].
pub(crate) fn name_hash(name: &str) -> u64 {
    FxBuildHasher.hash_one(name)
}

impl Model {
    /// What a name declares.
    #[inline]
    pub fn lookup(&self, name: &str) -> Option<Symbol> {
        self.lookup_hashed(name, name_hash(name))
    }

    /// Whether the table of names is too large to stay in the processor's
    /// caches: resolution then brings each name's slot in ahead of its
    /// look-up ([`Model::prefetch_name`]).
    pub(crate) fn names_outgrow_cache(&self) -> bool {
        self.names.outgrows_cache()
    }

    /// Brings the table slot where `name` is looked up into the
    /// processor's cache ahead of its look-up.
    #[inline(always)]
    pub(crate) fn prefetch_name(&self, name: &str) {
        self.names.prefetch(name_hash(name));
    }

    /// [`Model::lookup`] with the name's [`name_hash`] already known.
    #[inline]
    pub(crate) fn lookup_hashed(&self, name: &str, hash: u64) -> Option<Symbol> {
        self.names.lookup(name, hash)
    }

    /// Files `symbol` under `name` (its declaration's name), replacing what
    /// the name declared before.
    pub(crate) fn declare_name(&mut self, name: &str, symbol: Symbol) {
        self.declare_name_hashed(name, name_hash(name), symbol);
    }

    /// [`Model::declare_name`] with the name's [`name_hash`] already known.
    pub(crate) fn declare_name_hashed(&mut self, name: &str, hash: u64, symbol: Symbol) {
        self.names.declare(name, hash, symbol);
    }

    /// Every symbol in the namespace, in no particular order.
    pub(crate) fn named_symbols(&self) -> impl Iterator<Item = Symbol> + '_ {
        self.names.symbols()
    }

    pub fn stakeholder(&self, id: StakeholderId) -> Option<&Stakeholder> {
        self.stakeholders.get(id.0)
    }

    pub fn conversation(&self, id: ConversationId) -> Option<&Conversation> {
        self.conversations.get(id.0)
    }

    pub fn commitment(&self, id: CommitmentId) -> Option<&Commitment> {
        self.commitments.get(id.0)
    }

    /// The commitment with this name (built-in or declared).
    pub fn commitment_named(&self, name: &str) -> Option<CommitmentId> {
        match self.lookup(name) {
            Some(Symbol::Commitment(id)) => Some(id),
            _ => None,
        }
    }

    /// The identifier a symbol declares.
    pub fn name(&self, symbol: Symbol) -> &str {
        match symbol {
            Symbol::Stakeholder(id) => self.stakeholder(id).map_or("", |s| s.name.as_str()),
            Symbol::Conversation(id) => self.conversation(id).map_or("", |c| c.name.as_str()),
            Symbol::Commitment(id) => self.commitment(id).map_or("", |c| c.name.as_str()),
        }
    }

    /// Brings conversation `id`'s record (its name first) into the
    /// processor's cache ahead of a read.
    #[inline(always)]
    pub(crate) fn prefetch_conversation(&self, id: ConversationId) {
        crate::prefetch::prefetch(self.conversations.get(id.0));
    }

    /// Brings only conversation `id`'s name into the processor's cache
    /// ahead of a read, for a finding that reads nothing else of the record.
    #[inline(always)]
    pub(crate) fn prefetch_conversation_name(&self, id: ConversationId) {
        crate::prefetch::prefetch(self.conversations.get(id.0).map(|record| &record.name));
    }

    /// Brings where `conversation`'s step needs start into the processor's
    /// cache, for [`Model::prefetch_step_needs`] a little later.
    #[inline(always)]
    pub(crate) fn prefetch_step_need_starts(&self, conversation: ConversationId) {
        crate::prefetch::prefetch(self.step_need_starts.get(conversation.0));
    }

    /// Brings the first of `conversation`'s step needs into the processor's
    /// cache ahead of [`Model::step_needs_of`] (reading where they start).
    #[inline(always)]
    pub(crate) fn prefetch_step_needs(&self, conversation: ConversationId) {
        let start = self.step_need_starts.get(conversation.0);
        crate::prefetch::prefetch(start.and_then(|&start| self.step_need_list.get(start as usize)));
    }

    /// Brings the record of what `need` names into the processor's cache
    /// ahead of a read.
    #[inline(always)]
    pub(crate) fn prefetch_need(&self, need: Need) {
        match need {
            Need::Conversation(id) => self.prefetch_conversation(id),
            Need::Commitment(id) => crate::prefetch::prefetch(self.commitments.get(id.0)),
        }
    }

    pub fn conversation_name(&self, id: ConversationId) -> &str {
        self.name(Symbol::Conversation(id))
    }

    pub fn commitment_name(&self, id: CommitmentId) -> &str {
        self.name(Symbol::Commitment(id))
    }

    pub fn need_name(&self, need: Need) -> &str {
        match need {
            Need::Conversation(id) => self.conversation_name(id),
            Need::Commitment(id) => self.commitment_name(id),
        }
    }

    /// The span of the name in a symbol's declaration; `None` for a built-in.
    pub fn declaration(&self, symbol: Symbol) -> Option<Span> {
        match symbol {
            Symbol::Stakeholder(id) => self.stakeholder(id).map(|s| s.name_span),
            Symbol::Conversation(id) => self.conversation(id).map(|c| c.name_span),
            Symbol::Commitment(id) => self.commitment(id).and_then(|c| c.name_span),
        }
    }

    /// The symbol whose declaration name or reference touches `offset`.
    pub fn symbol_at(&self, offset: usize) -> Option<Symbol> {
        let reference = self
            .references
            .iter()
            .find(|reference| reference.span.touches(offset));
        if let Some(reference) = reference {
            return Some(reference.symbol);
        }
        self.declarations()
            .find(|(_, span)| span.touches(offset))
            .map(|(symbol, _)| symbol)
    }

    /// Every declared symbol with the span of its name.
    pub fn declarations(&self) -> impl Iterator<Item = (Symbol, Span)> + '_ {
        let stakeholders = self
            .stakeholders
            .iter()
            .enumerate()
            .map(|(i, s)| (Symbol::Stakeholder(StakeholderId(i)), s.name_span));
        let conversations = self
            .conversations
            .iter()
            .enumerate()
            .map(|(i, c)| (Symbol::Conversation(ConversationId(i)), c.name_span));
        let commitments = self
            .commitments
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((Symbol::Commitment(CommitmentId(i)), c.name_span?)));
        stakeholders.chain(conversations).chain(commitments)
    }

    /// Every name in the namespace with what it declares, built-ins
    /// included, sorted by name (for completion).
    pub fn symbols(&self) -> Vec<(&str, Symbol)> {
        let mut symbols: Vec<(&str, Symbol)> = self
            .named_symbols()
            .map(|symbol| (self.name(symbol), symbol))
            .collect();
        symbols.sort();
        symbols
    }

    /// Every resolved reference, in source order.
    pub fn references(&self) -> &[Reference] {
        &self.references
    }

    /// The spans of every reference to a symbol, in source order.
    pub fn references_to(&self, symbol: Symbol) -> impl Iterator<Item = Span> + '_ {
        self.references
            .iter()
            .filter(move |reference| reference.symbol == symbol)
            .map(|reference| reference.span)
    }

    /// Whether any conversation's `wins` lost names to recovery (its list
    /// is incomplete): found as names are resolved, else walked for.
    pub(crate) fn any_incomplete_wins(&self) -> bool {
        if self.winner_starts.len() == self.commitments.len() + 1 {
            self.incomplete_wins
        } else {
            self.conversations.iter().any(|c| c.incomplete_wins)
        }
    }

    /// The conversations that win a commitment, in declaration order.
    pub fn winners(&self, commitment: CommitmentId) -> &[ConversationId] {
        let starts = &self.winner_starts;
        match (starts.get(commitment.0), starts.get(commitment.0 + 1)) {
            (Some(&start), Some(&end)) => self
                .winner_list
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }

    /// Finds the conversations that win each commitment (a counting sort:
    /// one list for every commitment) and every conversation's step needs
    /// (after the commitments' needs and the conversations' lists are
    /// final), in two walks over the conversations: the first counts, the
    /// second places each one's wins, appends its step needs and finds its
    /// [`Facts`] (its participants' sides from the stakeholders' facts). On
    /// a large playbook the records are read back from memory on each walk,
    /// so the indexes and the facts share them.
    pub(crate) fn index_wins_and_needs(&mut self) {
        let count = self.commitments.len();
        let mut starts = vec![0u32; count + 1];
        let mut own = 0;
        let mut incomplete_wins = false;
        for conversation in &self.conversations {
            own += conversation.needs(self).len();
            incomplete_wins |= conversation.incomplete_wins;
            for win in conversation.wins(self) {
                if let Some(slot) = starts.get_mut(win.commitment.0 + 1) {
                    *slot = slot.saturating_add(1);
                }
            }
        }
        // At most: each own need, and each need of each commitment won
        // (its winners, counted at `c + 1`, times its needs).
        let inherited: usize = self
            .commitments
            .iter()
            .zip(starts.iter().skip(1))
            .map(|(commitment, &winners)| winners as usize * commitment.needs.len())
            .sum();
        // Commitment `c`'s count is at `c + 1`: a running sum makes each
        // slot the start of the next commitment's run.
        let mut running = 0u32;
        for slot in &mut starts {
            running = running.saturating_add(*slot);
            *slot = running;
        }
        let total = starts.last().copied().unwrap_or(0) as usize;
        let mut winners = vec![ConversationId(0); total];
        let mut next = starts.clone();
        let mut needs = Vec::with_capacity(own + inherited);
        let mut need_starts = Vec::with_capacity(self.conversations.len() + 1);
        need_starts.push(0);
        let mut facts = Vec::with_capacity(self.conversations.len());
        let mut takes = Vec::with_capacity(self.conversations.len());
        for (index, conversation) in self.conversations.iter().enumerate() {
            facts.push(Facts::of(self, conversation));
            takes.push(Takes::of(conversation.takes));
            for win in conversation.wins(self) {
                if let Some(at) = next.get_mut(win.commitment.0) {
                    if let Some(slot) = winners.get_mut(*at as usize) {
                        *slot = ConversationId(index);
                    }
                    *at = at.saturating_add(1);
                }
            }
            self.append_step_needs(ConversationId(index), &mut needs);
            // Past 4 GiB entries the runs read as empty, as a text that
            // large is one syntax error anyway.
            need_starts.push(u32_or_max(needs.len()));
        }
        self.winner_list = winners;
        self.winner_starts = starts;
        self.incomplete_wins = incomplete_wins;
        self.step_need_list = needs;
        self.step_need_starts = need_starts;
        self.facts = facts;
        self.takes = takes;
    }

    /// Gives the model what the rules ask of each stakeholder, by id, as
    /// names were resolved (before [`Model::index_wins_and_needs`], which
    /// reads their sides).
    pub(crate) fn set_stakeholder_facts(&mut self, mut people: Vec<StakeholderFacts>) {
        people.truncate(self.stakeholders.len());
        self.people = people;
    }

    /// What the rules ask of a stakeholder (see [`StakeholderFacts`]);
    /// nothing for no such stakeholder.
    #[inline]
    pub(crate) fn stakeholder_facts(&self, stakeholder: StakeholderId) -> StakeholderFacts {
        match self.people.get(stakeholder.0) {
            Some(&facts) => facts,
            None => self
                .stakeholder(stakeholder)
                .map_or_else(StakeholderFacts::default, StakeholderFacts::of),
        }
    }

    /// Every stakeholder's id with its facts, in declaration order.
    pub(crate) fn each_stakeholder_facts(
        &self,
    ) -> impl Iterator<Item = (StakeholderId, StakeholderFacts)> + '_ {
        (0..self.stakeholders.len()).map(|index| {
            let id = StakeholderId(index);
            (id, self.stakeholder_facts(id))
        })
    }

    /// The side of a stakeholder, `None` when it has none (or there is no
    /// such stakeholder). Read from a byte each rather than the record.
    #[inline]
    pub fn side_of(&self, stakeholder: StakeholderId) -> Option<Side> {
        self.stakeholder_facts(stakeholder).side()
    }

    /// Brings [`Model::facts`] of `conversation` into the processor's cache
    /// ahead of the read.
    #[inline(always)]
    pub(crate) fn prefetch_facts(&self, conversation: ConversationId) {
        crate::prefetch::prefetch(self.facts.get(conversation.0));
    }

    /// What the rules ask of a conversation at every step (see [`Facts`]).
    #[inline]
    pub(crate) fn facts(&self, conversation: ConversationId) -> Facts {
        match self.facts.get(conversation.0) {
            Some(&facts) => facts,
            None => self
                .conversation(conversation)
                .map_or_else(Facts::default, |record| Facts::of(self, record)),
        }
    }

    /// Conversation `id`'s `takes`, in working days, as its record says,
    /// read from a table of four bytes a conversation ([`Takes`]); `None`
    /// also for an id the model does not hold.
    pub(crate) fn takes(&self, id: ConversationId) -> Option<u64> {
        match self.takes.get(id.0) {
            Some(&Takes(Takes::NONE)) => None,
            Some(&Takes(days)) if days != Takes::LONG => Some(u64::from(days)),
            _ => self.conversation(id).and_then(|record| record.takes),
        }
    }

    pub fn process(&self, side: Side) -> Option<&Process> {
        match side {
            Side::Seller => self.seller.as_ref(),
            Side::Buyer => self.buyer.as_ref(),
        }
    }

    pub fn processes(&self) -> impl Iterator<Item = &Process> {
        self.seller.iter().chain(self.buyer.iter())
    }

    /// Whether a step of `conversation` meets `need`.
    pub fn meets(&self, conversation: ConversationId, need: Need) -> bool {
        match need {
            Need::Conversation(id) => id == conversation,
            Need::Commitment(id) => self
                .conversation(conversation)
                .is_some_and(|c| c.wins_commitment(self, id)),
        }
    }

    /// A step's needs: the conversation's own `needs`, then the direct needs
    /// of each commitment it wins, each once. Not transitive.
    pub fn step_needs(&self, conversation: ConversationId) -> Vec<StepNeed> {
        let mut needs: Vec<StepNeed> = Vec::new();
        self.step_needs_into(conversation, &mut needs);
        needs
    }

    /// [`Model::step_needs`] into a vector the caller reuses (cleared first).
    pub fn step_needs_into(&self, conversation: ConversationId, needs: &mut Vec<StepNeed>) {
        needs.clear();
        match self.indexed_step_needs(conversation) {
            Some(list) => needs.extend_from_slice(list),
            None => self.append_step_needs(conversation, needs),
        }
    }

    /// [`Model::step_needs`], borrowed from the model's own list when names
    /// were resolved (a model built by hand has none: they are found then).
    pub fn step_needs_of(&self, conversation: ConversationId) -> Cow<'_, [StepNeed]> {
        match self.indexed_step_needs(conversation) {
            Some(list) => Cow::Borrowed(list),
            None => Cow::Owned(self.step_needs(conversation)),
        }
    }

    /// Where each of the model's needs stands in a table by need.
    pub(crate) fn need_keys(&self) -> NeedKeys {
        NeedKeys {
            conversations: self.conversations.len(),
            commitments: self.commitments.len(),
        }
    }

    /// How many step needs every conversation has together (0 before names
    /// are resolved): room to reserve for lists of them.
    pub(crate) fn step_need_count(&self) -> usize {
        self.step_need_list.len()
    }

    /// How many wins every conversation has together (each counted once
    /// per conversation).
    pub(crate) fn win_count(&self) -> usize {
        self.winner_list.len()
    }

    fn indexed_step_needs(&self, conversation: ConversationId) -> Option<&[StepNeed]> {
        let starts = &self.step_need_starts;
        if starts.len() != self.conversations.len() + 1 {
            return None;
        }
        let (&start, &end) = (starts.get(conversation.0)?, starts.get(conversation.0 + 1)?);
        self.step_need_list.get(start as usize..end as usize)
    }

    /// Appends a step's needs to `out`, each once among those appended.
    fn append_step_needs(&self, conversation: ConversationId, out: &mut Vec<StepNeed>) {
        let start = out.len();
        let Some(record) = self.conversation(conversation) else {
            return;
        };
        let seen = |out: &Vec<StepNeed>, need: Need| {
            out.get(start..)
                .unwrap_or_default()
                .iter()
                .any(|n| n.need == need)
        };
        let needs = out;
        for need in record.needs(self) {
            if !seen(needs, need.need) {
                needs.push(StepNeed {
                    need: need.need,
                    origin: NeedOrigin::Own { span: need.span },
                });
            }
        }
        for win in record.wins(self) {
            let Some(commitment) = self.commitment(win.commitment) else {
                continue;
            };
            for need in &commitment.needs {
                let need_value = Need::Commitment(need.commitment);
                if !seen(needs, need_value) {
                    needs.push(StepNeed {
                        need: need_value,
                        origin: NeedOrigin::Inherited {
                            via: win.commitment,
                            win_span: win.span,
                            need_span: need.span,
                        },
                    });
                }
            }
        }
    }

    /// `the commitment `x`` or `` `x` ``, for messages.
    pub fn describe_need(&self, need: Need) -> String {
        match need {
            Need::Conversation(id) => format!("`{}`", self.conversation_name(id)),
            Need::Commitment(id) => format!("`{}`", self.commitment_name(id)),
        }
    }
}

/// One need of a step and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepNeed {
    pub need: Need,
    pub origin: NeedOrigin,
}

/// Where a step's need comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeedOrigin {
    /// The conversation's own `needs`.
    Own { span: Span },
    /// A commitment the conversation wins needs it.
    Inherited {
        via: CommitmentId,
        win_span: Span,
        need_span: Option<Span>,
    },
}

#[cfg(test)]
mod tests {
    use super::{ConversationId, Facts, Level, Model, Side, StakeholderFacts, StakeholderId};

    /// A process lists its marked steps, first occurrences only, in
    /// order, each with its conversation and mark: what `P109` reads
    /// instead of every step.
    #[test]
    fn a_process_keeps_its_marked_steps_in_order() {
        let text = "\
stakeholder dana \"Dana\" { side buyer }
conversation a \"A\" { with dana }
conversation b \"B\" { with dana }
conversation c \"C\" { with dana }
process seller {
  a accelerate
  b
  c decelerate
  a decelerate
}
";
        let analysis = crate::analyze(text);
        let model = &analysis.model;
        let seller = model.process(Side::Seller).expect("a seller's process");
        // Each mark holds what its step's record does.
        let marked: Vec<(&str, Option<crate::model::Pace>)> = seller
            .pace_marks()
            .iter()
            .map(|mark| {
                let step = &seller.steps[mark.step as usize];
                assert_eq!(step.conversation, mark.conversation);
                assert_eq!(step.pace, Some(mark.pace));
                (model.conversation_name(mark.conversation), Some(mark.pace))
            })
            .collect();
        let every: Vec<(&str, Option<crate::model::Pace>)> = seller
            .steps
            .iter()
            .filter(|step| step.pace.is_some())
            .map(|step| (model.conversation_name(step.conversation), step.pace))
            .collect();
        assert_eq!(marked, every);
        assert_eq!(
            marked.iter().map(|&(name, _)| name).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(seller.repeats.len(), 1);
    }

    /// Every fact of every conversation, and every side, as the records
    /// and the participants' records say.
    fn assert_facts_agree_with_the_records(model: &Model, what: &str) {
        for (index, stakeholder) in model.stakeholders.iter().enumerate() {
            let id = StakeholderId(index);
            let facts = model.stakeholder_facts(id);
            let context = format!("{what}: `{}`", stakeholder.name);
            assert_eq!(model.side_of(id), stakeholder.side, "{context}");
            assert_eq!(facts.is_buyer(), stakeholder.is_buyer(), "{context}");
            assert_eq!(
                facts.is_procurement(),
                stakeholder.role.as_deref() == Some("procurement"),
                "{context}"
            );
            assert_eq!(
                facts.in_paper_process(),
                matches!(
                    stakeholder.role.as_deref(),
                    Some("legal" | "security" | "procurement")
                ),
                "{context}"
            );
            assert_eq!(
                facts.uncompelled(),
                matches!(stakeholder.compelled, Some(Level::None | Level::Low)),
                "{context}"
            );
        }
        assert_eq!(
            model.each_stakeholder_facts().count(),
            model.stakeholders.len()
        );
        let side =
            |mention: &super::Mention| model.stakeholder(mention.stakeholder).and_then(|s| s.side);
        for (index, record) in model.conversations.iter().enumerate() {
            let facts = model.facts(ConversationId(index));
            let (with, owners) = (record.with(model), record.owners(model));
            let context = format!("{what}: `{}`", record.name);
            assert_eq!(
                facts.wins_any(),
                !record.wins(model).is_empty(),
                "{context}"
            );
            assert_eq!(facts.incomplete_wins(), record.incomplete_wins, "{context}");
            assert_eq!(
                facts.incomplete_participants(),
                record.incomplete_participants,
                "{context}"
            );
            assert_eq!(
                facts.buyer_takes_part(),
                with.iter()
                    .chain(owners)
                    .any(|m| side(m) == Some(Side::Buyer)),
                "{context}"
            );
            assert_eq!(
                facts.buyer_owner(),
                owners.iter().any(|m| side(m) == Some(Side::Buyer)),
                "{context}"
            );
            assert_eq!(
                facts.seller_owner(),
                owners.iter().any(|m| side(m) == Some(Side::Seller)),
                "{context}"
            );
            let talks = |m: &super::Mention| {
                model.stakeholder(m.stakeholder).is_some_and(|s| {
                    s.side == Some(Side::Buyer) && s.role.as_deref() != Some("procurement")
                })
            };
            assert_eq!(
                facts.buyer_besides_procurement(),
                with.iter().chain(owners).any(talks),
                "{context}"
            );
            assert_eq!(
                facts.dated(),
                record.by.is_some() && record.by_span.is_some(),
                "{context}"
            );
            assert_eq!(
                model.takes(ConversationId(index)),
                record.takes,
                "{context}"
            );
        }
        for process in model.processes() {
            let from_records: Vec<u32> = process
                .steps
                .iter()
                .map(|step| u32::try_from(step.conversation.0).unwrap_or(u32::MAX))
                .collect();
            assert_eq!(
                process.step_conversations(),
                from_records,
                "{what}: the {:?} process",
                process.side
            );
            let by_spans: Vec<u32> = process
                .repeats
                .iter()
                .map(|(repeat, _)| {
                    let before = process
                        .steps
                        .partition_point(|step| step.span.start() < repeat.span.start());
                    u32::try_from(before).unwrap_or(u32::MAX)
                })
                .collect();
            assert_eq!(
                process.repeat_slots(),
                by_spans,
                "{what}: the {:?} process's repeats",
                process.side
            );
        }
    }

    #[test]
    fn a_process_keeps_each_step_s_conversation_once_however_often_it_is_named() {
        let text = "conversation a \"A\" { }\nconversation b \"B\" { }\n\
                    conversation c \"C\" { }\n\
                    process seller { a b a missing c b }\nprocess buyer { b }\n";
        let model = crate::analyze(text).model;
        assert_facts_agree_with_the_records(&model, "repeats");
        let seller = model.process(Side::Seller).expect("the seller's process");
        assert_eq!(seller.step_conversations(), [0, 1, 2]);
        assert_eq!(seller.repeats.len(), 2);
        // `a` again after two steps, `b` again after three.
        assert_eq!(seller.repeat_slots(), [2, 3]);
    }

    #[test]
    fn a_conversation_s_takes_is_its_record_s_however_long() {
        // Around the largest length the table holds, and past it, where
        // the record is read: the longest a playbook can say is `u32::MAX`
        // weeks.
        let max = u64::from(u32::MAX);
        let lengths: [(String, u64); 7] = [
            ("0d".into(), 0),
            ("1d".into(), 1),
            ("1w".into(), 5),
            (format!("{}d", max - 2), max - 2),
            (format!("{}d", max - 1), max - 1),
            (format!("{max}d"), max),
            (format!("{max}w"), max * 5),
        ];
        let mut text = String::new();
        for (index, (takes, _)) in lengths.iter().enumerate() {
            text.push_str(&format!(
                "conversation c{index} \"C\" {{ takes {takes} }}\n"
            ));
        }
        text.push_str("conversation none \"No length\" { }\n");
        let model = crate::analyze(&text).model;
        let takes: Vec<Option<u64>> = (0..model.conversations.len())
            .map(|index| model.takes(ConversationId(index)))
            .collect();
        let expected: Vec<Option<u64>> = lengths
            .iter()
            .map(|&(_, days)| Some(days))
            .chain([None])
            .collect();
        assert_eq!(takes, expected);
        assert_facts_agree_with_the_records(&model, "lengths");
        // An id the model does not hold has none.
        assert_eq!(model.takes(ConversationId(lengths.len() + 1)), None);
    }

    #[test]
    fn each_conversation_s_facts_are_what_its_record_says() {
        let text = r#"
stakeholder dana "Dana" { side buyer  role economic-buyer }
stakeholder sam "Sam" { side seller }
stakeholder nobody "No side" { role champion }
stakeholder pat "Pat" { side buyer  role procurement }
conversation both "Both" { with dana  owner sam, dana  wins explore }
conversation paper "Paper" { with pat  owner sam  wins explore }
conversation internal "Internal" { with sam  owner sam }
conversation unsided "Unsided" { with nobody  owner dana }
conversation ghost "Ghost" { with missing  owner sam  wins no-such }
conversation broken "Broken" { with dana  owner dana  wins ( }
process seller { both paper internal unsided ghost broken }
"#;
        let model = crate::analyze(text).model;
        let facts = |name: &str| match model.lookup(name) {
            Some(super::Symbol::Conversation(id)) => model.facts(id),
            other => panic!("`{name}` is {other:?}"),
        };
        let bits = |f: Facts| {
            [
                f.wins_any(),
                f.incomplete_wins(),
                f.incomplete_participants(),
                f.buyer_takes_part(),
                f.buyer_owner(),
                f.seller_owner(),
                f.buyer_besides_procurement(),
            ]
        };
        // wins, incomplete wins, incomplete participants, a buyer takes
        // part, a buyer owns it, a seller owns it, a buyer other than
        // procurement takes part.
        assert_eq!(
            bits(facts("both")),
            [true, false, false, true, true, true, true]
        );
        assert_eq!(
            bits(facts("paper")),
            [true, false, false, true, false, true, false]
        );
        assert_eq!(
            bits(facts("internal")),
            [false, false, false, false, false, true, false]
        );
        assert_eq!(
            bits(facts("unsided")),
            [false, false, true, true, true, false, true]
        );
        assert_eq!(
            bits(facts("ghost")),
            [false, true, true, false, false, true, false]
        );
        assert_eq!(
            bits(facts("broken")),
            [false, true, true, true, true, false, true]
        );
        assert_eq!(model.side_of(StakeholderId(0)), Some(Side::Buyer));
        assert_eq!(model.side_of(StakeholderId(2)), None);
        // No such stakeholder or conversation: no side, no facts.
        assert_eq!(model.side_of(StakeholderId(99)), None);
        assert_eq!(bits(model.facts(ConversationId(99))), [false; 7]);
        assert_facts_agree_with_the_records(&model, "the text above");
    }

    #[test]
    fn the_examples_facts_and_sides_agree_with_their_records() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        let mut checked = 0;
        for entry in std::fs::read_dir(&folder).expect("the examples folder") {
            let path = entry.expect("an example").path();
            let text = std::fs::read_to_string(&path).expect("an example's text");
            let model = crate::analyze(&text).model;
            assert_facts_agree_with_the_records(&model, &path.display().to_string());
            checked += model.conversations.len();
        }
        assert!(checked >= 20, "{checked} conversations");
    }

    #[test]
    fn a_stakeholder_s_facts_keep_its_side_role_and_compulsion_apart() {
        let sides = [None, Some(Side::Buyer), Some(Side::Seller)];
        let roles = [
            None,
            Some("economic-buyer"),
            Some("decision-maker"),
            Some("champion"),
            Some("legal"),
            Some("security"),
            Some("procurement"),
            Some("user"),
            Some("account-executive"),
        ];
        let levels = [
            None,
            Some(Level::None),
            Some(Level::Low),
            Some(Level::Medium),
            Some(Level::High),
        ];
        let mut seen = std::collections::HashSet::new();
        for side in sides {
            for role in roles {
                for level in levels {
                    let facts = StakeholderFacts::new(side, role, level);
                    let case = format!("{side:?} {role:?} {level:?}");
                    assert_eq!(facts.side(), side, "{case}");
                    assert_eq!(
                        facts.is_procurement(),
                        role == Some("procurement"),
                        "{case}"
                    );
                    assert_eq!(
                        facts.in_paper_process(),
                        matches!(role, Some("legal" | "security" | "procurement")),
                        "{case}"
                    );
                    let uncompelled = matches!(level, Some(Level::None | Level::Low));
                    assert_eq!(facts.uncompelled(), uncompelled, "{case}");
                    seen.insert(facts);
                }
            }
        }
        // Three sides; procurement, another paper-process role or neither;
        // compelled little or not: every combination a byte of its own.
        assert_eq!(seen.len(), 3 * 3 * 2);
    }

    #[test]
    fn a_model_built_without_the_tables_reads_the_records() {
        let mut model = crate::analyze(
            "stakeholder dana \"Dana\" { side buyer }\n\
             conversation c \"C\" { with dana  owner dana  wins explore }\n",
        )
        .model;
        model.people.clear();
        model.facts.clear();
        assert_eq!(model.side_of(StakeholderId(0)), Some(Side::Buyer));
        let facts = model.facts(ConversationId(0));
        assert!(facts.wins_any() && facts.buyer_takes_part() && facts.buyer_owner());
        assert!(!facts.seller_owner() && !facts.incomplete_participants());
    }

    #[test]
    fn same_name_agrees_with_string_equality() {
        let names = [
            "",
            "a",
            "abc",
            "abcd",
            "abce",
            "dana",
            "priya-1",
            "priya-2",
            "discovery-1",
            "discovery-2",
            "xdiscovery-1",
            "case-for-change",
            "case-for-chang3",
            "0123456789abcdef",
            "0123456789abcdeg",
            "0123456789abcdefg",
            "économie",
        ];
        for a in names {
            for b in names {
                assert_eq!(super::names::same_name(a, b), a == b, "{a} {b}");
            }
        }
    }
}
