//! The syntax tree of a playbook.
//!
//! Every node, name and value carries its byte [`Span`]. Parsing never fails,
//! so the parts a user may not have typed yet are `Option`s: a half-typed
//! `stakeholder dana` is a [`Declaration`] with a name and no title or body.
//! Comments are kept in [`SourceFile::comments`]; `///` doc comments are also
//! attached to the declaration they precede.
//!
//! The tree holds no copy of the text's longer runs: a string literal and a
//! doc comment are their spans, and [`StringLit::value`] and
//! [`DocComment::text`] read them from the text the tree was parsed from.
//! (Names stay copies: they are short, held inline, and compared often.)

use crate::{Span, TokenKind};
use compact_str::CompactString;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::sync::Arc;

/// The values of a [`Field`]: one held inline, more on the heap. Nearly
/// every field has exactly one value (`side buyer`, `by 3d`), so the usual
/// field allocates nothing for its values.
pub type Values = SmallVec<[Value; 1]>;

/// A whole `.parley` file.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SourceFile {
    pub items: Vec<Item>,
    /// Every `//` and `///` comment, in source order.
    pub comments: Vec<Comment>,
    /// How many values the fields of the declarations' blocks hold, by
    /// key (see [`BlockValues`]).
    pub block_values: BlockValues,
    /// What the items hold, by kind (see [`ItemCounts`]).
    pub item_counts: ItemCounts,
    pub span: Span,
}

/// What a file's items hold, counted as the parser finishes them: what a
/// consumer needs to size its tables without a walk over every item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ItemCounts {
    /// By declaration kind, in [`DeclKind`]'s order.
    declarations: [DeclarationCounts; 3],
    /// The items of every process (steps, waivers, quiet periods).
    pub process_items: usize,
}

/// The declarations of one kind in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct DeclarationCounts {
    /// How many there are, named or not.
    pub count: usize,
    /// The bytes of their names.
    pub name_bytes: usize,
    /// The bytes of their titles as written between the quotes: at least
    /// the bytes of their values.
    pub title_bytes: usize,
    /// The bytes their doc comments span: at least the bytes of their
    /// text.
    pub doc_bytes: usize,
}

impl ItemCounts {
    /// The declarations of `kind`.
    pub fn of(&self, kind: DeclKind) -> DeclarationCounts {
        self.declarations
            .get(kind as usize)
            .copied()
            .unwrap_or_default()
    }

    /// Counts `item` in (the parser, as it finishes each item).
    pub(crate) fn count(&mut self, item: &Item) {
        match item {
            Item::Declaration(declaration) => {
                if let Some(counts) = self.declarations.get_mut(declaration.kind as usize) {
                    counts.count += 1;
                    counts.name_bytes += declaration.name.as_ref().map_or(0, |n| n.text.len());
                    counts.title_bytes +=
                        declaration.title.as_ref().map_or(0, |t| t.contents().len());
                    counts.doc_bytes += declaration.doc.as_ref().map_or(0, |d| d.span.len());
                }
            }
            Item::Process(process) => self.process_items += process.items.len(),
            Item::Playbook(_) => {}
        }
    }

    /// Adds what `other` counted (a text parsed in parts).
    pub(crate) fn add_all(&mut self, other: &ItemCounts) {
        for (counts, more) in self.declarations.iter_mut().zip(&other.declarations) {
            counts.count += more.count;
            counts.name_bytes += more.name_bytes;
            counts.title_bytes += more.title_bytes;
            counts.doc_bytes += more.doc_bytes;
        }
        self.process_items += other.process_items;
    }
}

/// How many values the fields of a file's declaration blocks hold, by
/// [`FieldKey`], counted as the parser reads them: what a consumer needs to
/// size its tables without walking every field of every block first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct BlockValues([u32; FieldKey::ALL.len()]);

impl BlockValues {
    /// The values of every block field with this key.
    pub fn of(&self, key: FieldKey) -> usize {
        self.0.get(key as usize).map_or(0, |&count| count as usize)
    }

    /// The values of every block field.
    pub fn total(&self) -> usize {
        self.0.iter().map(|&count| count as usize).sum()
    }

    /// Counts `count` more values under `key`.
    pub(crate) fn add(&mut self, key: FieldKey, count: usize) {
        if let Some(total) = self.0.get_mut(key as usize) {
            *total = total.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
        }
    }

    /// Adds what `other` counted, key by key (a text parsed in parts).
    pub(crate) fn add_all(&mut self, other: &BlockValues) {
        for (total, &count) in self.0.iter_mut().zip(&other.0) {
            *total = total.saturating_add(count);
        }
    }
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// `playbook "Title"` with its header fields (`starts`, `lead`).
    Playbook(Playbook),
    /// `stakeholder`, `commitment` or `conversation`.
    Declaration(Declaration),
    /// `process buyer { ... }` or `process seller { ... }`.
    Process(Process),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Playbook(playbook) => playbook.span,
            Item::Declaration(declaration) => declaration.span,
            Item::Process(process) => process.span,
        }
    }

    pub fn doc(&self) -> Option<&DocComment> {
        match self {
            Item::Playbook(playbook) => playbook.doc.as_ref(),
            Item::Declaration(declaration) => declaration.doc.as_ref(),
            Item::Process(process) => process.doc.as_ref(),
        }
    }
}

/// `playbook "Title"`, followed by its header fields:
/// `starts DATE` and `lead seller|buyer`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Playbook {
    pub doc: Option<DocComment>,
    /// The `playbook` keyword.
    pub keyword: Span,
    pub title: Option<StringLit>,
    pub fields: Vec<Field>,
    pub span: Span,
}

/// The three declarations of the form `KEYWORD ID "Title" { fields }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclKind {
    Stakeholder,
    Commitment,
    Conversation,
}

impl DeclKind {
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Stakeholder => "stakeholder",
            DeclKind::Commitment => "commitment",
            DeclKind::Conversation => "conversation",
        }
    }

    /// The field keys this declaration accepts, in canonical order.
    pub fn fields(self) -> &'static [FieldKey] {
        match self {
            DeclKind::Stakeholder => &[FieldKey::Side, FieldKey::Role, FieldKey::Compelled],
            DeclKind::Commitment => &[FieldKey::Needs],
            DeclKind::Conversation => &[
                FieldKey::With,
                FieldKey::Owner,
                FieldKey::Needs,
                FieldKey::Wins,
                FieldKey::Takes,
                FieldKey::By,
            ],
        }
    }
}

/// `stakeholder ID "Display" { ... }`, `commitment ID "Title" { ... }` (the
/// block is optional) or `conversation ID "Title" { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declaration {
    pub kind: DeclKind,
    pub doc: Option<DocComment>,
    /// The declaring keyword.
    pub keyword: Span,
    pub name: Option<Name>,
    pub title: Option<StringLit>,
    pub body: Option<Block>,
    pub span: Span,
}

impl Declaration {
    /// The fields of the body, empty when there is none.
    pub fn fields(&self) -> &[Field] {
        self.body.as_ref().map_or(&[], |body| &body.fields)
    }

    /// Every field with this key, in source order.
    pub fn fields_with(&self, key: FieldKey) -> impl Iterator<Item = &Field> {
        self.fields().iter().filter(move |field| field.key == key)
    }
}

/// `{ field ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The `{`; an empty span where the first field starts when the `{` is
    /// missing (an `E001` is reported then).
    pub open: Span,
    /// A run of the fields every block of the file shares (see
    /// [`Fields`]); reads as a slice.
    pub fields: Fields,
    /// The `}`, `None` when the block is unclosed.
    pub close: Option<Span>,
}

/// A block's fields: a run of one buffer that holds the fields of every
/// block of a file, end to end, in source order. It reads as a slice
/// (`&block.fields[..]`, `block.fields.iter()`).
///
/// One buffer rather than an allocation per block: a playbook is mostly
/// blocks, and their fields side by side are read in one sweep, where an
/// allocation each cost the parser an allocation and the tree's owner a
/// free per declaration (two thirds of all the tree's allocations).
#[derive(Clone, Default)]
pub struct Fields {
    /// `None` until the parse that read the fields shares its buffer.
    buffer: Option<Arc<Vec<Field>>>,
    start: u32,
    end: u32,
}

impl Fields {
    /// The run `start..end` of a buffer the parser hands out once every
    /// field is read ([`Fields::share`]); empty until then.
    pub(crate) fn pending(start: usize, end: usize) -> Self {
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        Fields {
            buffer: None,
            start: offset(start),
            end: offset(end),
        }
    }

    /// Reads this run in `buffer`.
    pub(crate) fn share(&mut self, buffer: &Arc<Vec<Field>>) {
        self.buffer = Some(Arc::clone(buffer));
    }
}

impl From<Vec<Field>> for Fields {
    /// Fields in a buffer of their own.
    fn from(fields: Vec<Field>) -> Self {
        let end = u32::try_from(fields.len()).unwrap_or(u32::MAX);
        Fields {
            buffer: Some(Arc::new(fields)),
            start: 0,
            end,
        }
    }
}

impl std::ops::Deref for Fields {
    type Target = [Field];

    fn deref(&self) -> &[Field] {
        self.buffer
            .as_deref()
            .and_then(|buffer| buffer.get(self.start as usize..self.end as usize))
            .unwrap_or(&[])
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = &'a Field;
    type IntoIter = std::slice::Iter<'a, Field>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        **self == **other
    }
}

impl Eq for Fields {}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The key of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKey {
    Starts,
    Lead,
    Side,
    Role,
    Compelled,
    With,
    Owner,
    Needs,
    Wins,
    Takes,
    By,
}

impl FieldKey {
    pub const ALL: [FieldKey; 11] = [
        FieldKey::Starts,
        FieldKey::Lead,
        FieldKey::Side,
        FieldKey::Role,
        FieldKey::Compelled,
        FieldKey::With,
        FieldKey::Owner,
        FieldKey::Needs,
        FieldKey::Wins,
        FieldKey::Takes,
        FieldKey::By,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FieldKey::Starts => "starts",
            FieldKey::Lead => "lead",
            FieldKey::Side => "side",
            FieldKey::Role => "role",
            FieldKey::Compelled => "compelled",
            FieldKey::With => "with",
            FieldKey::Owner => "owner",
            FieldKey::Needs => "needs",
            FieldKey::Wins => "wins",
            FieldKey::Takes => "takes",
            FieldKey::By => "by",
        }
    }

    /// The field a keyword token opens (`with` opens [`FieldKey::With`]),
    /// if any.
    pub fn opened_by(kind: TokenKind) -> Option<FieldKey> {
        Some(match kind {
            TokenKind::Starts => FieldKey::Starts,
            TokenKind::Lead => FieldKey::Lead,
            TokenKind::Side => FieldKey::Side,
            TokenKind::Role => FieldKey::Role,
            TokenKind::Compelled => FieldKey::Compelled,
            TokenKind::With => FieldKey::With,
            TokenKind::Owner => FieldKey::Owner,
            TokenKind::Needs => FieldKey::Needs,
            TokenKind::Wins => FieldKey::Wins,
            TokenKind::Takes => FieldKey::Takes,
            TokenKind::By => FieldKey::By,
            _ => return None,
        })
    }

    /// Whether the field takes a comma-separated list of names.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            FieldKey::With | FieldKey::Owner | FieldKey::Needs | FieldKey::Wins
        )
    }
}

/// `key value` or `key value, value, ...`.
///
/// A field starts at its key: it keeps the key's length rather than a span
/// of its own ([`Field::key_span`]), 56 bytes a field rather than 64 (a
/// playbook is mostly fields: 23,000 at 1 MB, held until names are
/// resolved, the check's peak).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: FieldKey,
    /// The key's length in bytes: a keyword of a few letters.
    key_len: u8,
    /// Empty when the value is missing (an `E001` is reported then).
    /// A [`Values`]: one value inline, so the usual single-valued field
    /// makes no allocation of its own; a list of names spills to the heap.
    pub values: Values,
    /// From the key to the last value.
    pub span: Span,
}

impl Field {
    /// A field whose key is at `key_span`, from there to the end of
    /// `span` (which starts with the key).
    pub fn new(key: FieldKey, key_span: Span, values: Values, span: Span) -> Field {
        let key_len = key_span.end().saturating_sub(key_span.start());
        Field {
            key,
            key_len: u8::try_from(key_len).unwrap_or(u8::MAX),
            values,
            span: span.cover(key_span),
        }
    }

    /// Where the key is.
    pub fn key_span(&self) -> Span {
        let start = self.span.start();
        Span::new(start, start + usize::from(self.key_len))
    }

    /// The values that are names, in order.
    pub fn names(&self) -> impl Iterator<Item = &Name> {
        self.values.iter().filter_map(|value| match value {
            Value::Name(name) => Some(name),
            _ => None,
        })
    }
}

/// A field's value. The parser checks the value's form (a date where a date
/// belongs); the checker checks whether it is allowed (`N004`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// An identifier, or the keyword `buyer` or `seller`.
    Name(Name),
    Date(DateLit),
    Duration(DurationLit),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Name(name) => name.span,
            Value::Date(date) => date.span,
            Value::Duration(duration) => duration.span,
        }
    }
}

/// An identifier as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    /// A `CompactString`: names are short (`discovery-12`), so they stay
    /// inline, up to 24 bytes, with no allocation of their own.
    pub text: CompactString,
    pub span: Span,
}

/// A string literal, as written: its value is read from the text the tree
/// was parsed from ([`StringLit::value`]), so the tree holds no copy of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StringLit {
    /// The literal, quotes included.
    pub span: Span,
    /// Whether the closing quote is there (an unterminated string runs to
    /// the end of its line, and is reported).
    pub terminated: bool,
    /// Whether the contents hold a backslash, as the parser found: only
    /// then is the value unescaped rather than borrowed from the text.
    pub escaped: bool,
}

impl StringLit {
    /// What lies between the quotes (up to the literal's end when the
    /// closing quote is missing).
    pub fn contents(&self) -> Span {
        let start = self.span.start().saturating_add(1).min(self.span.end());
        let end = if self.terminated {
            self.span.end().saturating_sub(1)
        } else {
            self.span.end()
        };
        Span::new(start, end.max(start))
    }

    /// The value, read from `text`, the text the tree was parsed from: `\"`
    /// and `\\` unescaped, an unknown escape kept as written (the parser
    /// reports it). Borrowed from `text` unless something is escaped;
    /// empty if `text` does not hold the literal.
    pub fn value<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let contents = text.get(self.contents().range()).unwrap_or("");
        if self.escaped {
            Cow::Owned(unescape(contents, |_, _| {}))
        } else {
            Cow::Borrowed(contents)
        }
    }
}

/// Whether `bytes` holds a backslash: asked of every string literal, so
/// eight bytes at a time.
pub(crate) fn has_backslash(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        // A byte of `found` is zero where the byte is a backslash; the
        // classic test sets its high bit then (and only if some byte is zero).
        let found = u64::from_ne_bytes(eight) ^ BACKSLASHES;
        if found.wrapping_sub(ONES) & !found & HIGHS != 0 {
            return true;
        }
    }
    words.remainder().contains(&b'\\')
}

/// A string literal's contents unescaped: `\"` and `\\` become the
/// character they escape; any other escape is kept as written, and
/// `unknown` is told where it starts in `contents` and which character it
/// escapes.
pub(crate) fn unescape(contents: &str, mut unknown: impl FnMut(usize, char)) -> String {
    let mut value = String::with_capacity(contents.len());
    // Copied a stretch at a time, from one backslash to the next.
    let mut rest = contents;
    while let Some((before, after)) = rest.split_once('\\') {
        value.push_str(before);
        let mut chars = after.chars();
        match chars.next() {
            Some(escaped @ ('"' | '\\')) => value.push(escaped),
            Some(escaped) => {
                unknown(contents.len() - after.len() - 1, escaped);
                value.push('\\');
                value.push(escaped);
            }
            None => value.push('\\'),
        }
        rest = chars.as_str();
    }
    value.push_str(rest);
    value
}

/// `YYYY-MM-DD` as written; whether the day exists is the checker's concern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateLit {
    pub year: u32,
    pub month: u32,
    pub day: u32,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    /// `d`: working days.
    Days,
    /// `w`: weeks of five working days.
    Weeks,
}

/// `3d` or `2w`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DurationLit {
    pub amount: u32,
    pub unit: DurationUnit,
    pub span: Span,
}

impl DurationLit {
    /// The duration in working days.
    pub fn working_days(&self) -> u64 {
        match self.unit {
            DurationUnit::Days => u64::from(self.amount),
            DurationUnit::Weeks => u64::from(self.amount) * 5,
        }
    }
}

/// The two parties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Seller,
    Buyer,
}

impl Side {
    pub fn from_name(text: &str) -> Option<Side> {
        match text {
            "seller" => Some(Side::Seller),
            "buyer" => Some(Side::Buyer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Seller => "seller",
            Side::Buyer => "buyer",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Seller => Side::Buyer,
            Side::Buyer => Side::Seller,
        }
    }
}

/// `process buyer { ... }` or `process seller { ... }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    pub doc: Option<DocComment>,
    /// The `process` keyword.
    pub keyword: Span,
    /// `buyer` or `seller` as written; anything else is `N004`.
    pub side: Option<Name>,
    /// The `{`, `None` when missing.
    pub open: Option<Span>,
    pub items: Vec<ProcessItem>,
    /// The `}`, `None` when the block is unclosed.
    pub close: Option<Span>,
    pub span: Span,
}

impl Process {
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.items.iter().filter_map(|item| match item {
            ProcessItem::Step(step) => Some(step),
            _ => None,
        })
    }
}

/// One line of a process.
///
/// `waive` and `quiet` lines are rare and larger than a step, so they are
/// boxed: every item is then as small as a [`Step`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProcessItem {
    Step(Step),
    Waive(Box<Waive>),
    Quiet(Box<Quiet>),
}

impl ProcessItem {
    pub fn span(&self) -> Span {
        match self {
            ProcessItem::Step(step) => step.span,
            ProcessItem::Waive(waive) => waive.span,
            ProcessItem::Quiet(quiet) => quiet.span,
        }
    }
}

/// `CONVERSATION [negotiated] [accelerate|decelerate]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub conversation: Name,
    /// The `negotiated` marker, when present.
    pub negotiated: Option<Span>,
    pub pace: Option<PaceMark>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pace {
    Accelerate,
    Decelerate,
}

impl Pace {
    pub fn as_str(self) -> &'static str {
        match self {
            Pace::Accelerate => "accelerate",
            Pace::Decelerate => "decelerate",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaceMark {
    pub pace: Pace,
    pub span: Span,
}

/// `waive CONVERSATION "reason"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waive {
    pub keyword: Span,
    pub conversation: Option<Name>,
    pub reason: Option<StringLit>,
    pub span: Span,
}

/// `quiet after CONVERSATION until CONVERSATION` (buyer process only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quiet {
    pub keyword: Span,
    pub after: Option<Name>,
    pub until: Option<Name>,
    pub span: Span,
}

/// A run of `///` lines attached to the declaration after it: its span,
/// from the first `///` to the end of the last line's comment. Its text is
/// read from the text the tree was parsed from ([`DocComment::text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocComment {
    pub span: Span,
}

impl DocComment {
    /// The text, read from `text` (the text the tree was parsed from): the
    /// lines without their `///`, one following space and trailing
    /// whitespace, joined by `\n`. Empty if `text` does not hold the
    /// comment.
    pub fn text(&self, text: &str) -> String {
        let mut out = String::new();
        self.write_text(text, &mut out);
        out
    }

    /// Appends [`DocComment::text`] to `out`.
    pub fn write_text(&self, text: &str, out: &mut String) {
        let run = text.get(self.span.range()).unwrap_or("");
        // The run's comments, one a line, with only the whitespace the
        // lexer skips between them (see `parser::comments`): a line ends at
        // `\n`, `\r\n` or a lone `\r`, as a comment does. Nearly every
        // run has no `\r`, and is split at `\n` alone, which is searched
        // for far faster than either of two characters.
        let mut first = true;
        let line = |line: &str| {
            let line = line.trim_start_matches([' ', '\t', '\u{c}', '\u{feff}']);
            if line.is_empty() {
                return;
            }
            if !first {
                out.push('\n');
            }
            first = false;
            let line = line.strip_prefix("///").unwrap_or(line);
            out.push_str(line.strip_prefix(' ').unwrap_or(line).trim_end());
        };
        if run.contains('\r') {
            run.split(['\n', '\r']).for_each(line);
        } else {
            run.split('\n').for_each(line);
        }
    }
}

/// What a comment is, as the lexer tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommentKind {
    /// `// ...`, and `//// ...`, which is not a doc comment.
    Line,
    /// `/// ...`, whether or not it documents a declaration.
    Doc,
}

impl CommentKind {
    /// The kind of token [`lex`](crate::lex) gives a comment of this kind:
    /// [`TokenKind::Comment`] for a line comment, [`TokenKind::DocComment`]
    /// for a doc comment.
    pub fn token_kind(self) -> TokenKind {
        match self {
            CommentKind::Line => TokenKind::Comment,
            CommentKind::Doc => TokenKind::DocComment,
        }
    }
}

/// A comment as written, `//` included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub kind: CommentKind,
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::size_of;

    /// The speed budget's memory figure (`parley check` under 10x the
    /// input) relies on these sizes: a tree holds one `Item` per
    /// declaration, one `Field` per field and one `ProcessItem` per process
    /// line, so a node that grows shows here before it shows in the budget.
    #[test]
    fn the_nodes_stay_as_small_as_the_memory_budget_needs() {
        assert!(size_of::<Item>() <= 136, "Item: {}", size_of::<Item>());
        assert!(size_of::<Block>() <= 40, "Block: {}", size_of::<Block>());
        // A block's fields are a pointer and a run, no larger than the
        // boxed slice they replace.
        assert_eq!(size_of::<Fields>(), 16);
        // One value inline: no allocation for a single-valued field; the
        // key's length, not its span.
        assert!(size_of::<Field>() <= 56, "Field: {}", size_of::<Field>());
        assert!(size_of::<Value>() <= 32, "Value: {}", size_of::<Value>());
        // `waive` and `quiet` are boxed: an item is no larger than a step.
        assert!(size_of::<Step>() <= 64, "Step: {}", size_of::<Step>());
        assert_eq!(size_of::<ProcessItem>(), size_of::<Step>());
        // A doc comment and a string literal are their spans: no pointer,
        // no copy of the text.
        assert!(size_of::<Option<DocComment>>() <= 12);
        assert!(size_of::<Option<StringLit>>() <= 12);
    }

    #[test]
    fn every_block_reads_its_own_run_of_one_buffer_of_fields() {
        let parse = crate::parse(
            "stakeholder dana \"Dana\" { side buyer role cfo }\n\
             stakeholder empty \"Empty\" {}\n\
             conversation intro \"Intro\" { with dana }\n",
        );
        assert!(parse.errors.is_empty(), "{:?}", parse.errors);
        let blocks: Vec<&Block> = parse
            .file
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Declaration(declaration) => declaration.body.as_ref(),
                _ => None,
            })
            .collect();
        let keys = |block: &Block| block.fields.iter().map(|f| f.key).collect::<Vec<_>>();
        // Each field's key where it is written, its span from there.
        let text = "stakeholder dana \"Dana\" { side buyer role cfo }\n";
        let spans: Vec<(&str, &str)> = blocks[0]
            .fields
            .iter()
            .map(|f| (&text[f.key_span().range()], &text[f.span.range()]))
            .collect();
        assert_eq!(spans, [("side", "side buyer"), ("role", "role cfo")]);
        assert_eq!(keys(blocks[0]), [FieldKey::Side, FieldKey::Role]);
        assert_eq!(keys(blocks[1]), []);
        assert_eq!(keys(blocks[2]), [FieldKey::With]);
        let buffer = |block: &Block| block.fields.buffer.clone().expect("shared");
        assert!(Arc::ptr_eq(&buffer(blocks[0]), &buffer(blocks[2])));
        assert_eq!(buffer(blocks[0]).len(), 3);
        // A clone reads the same run; fields of their own compare equal.
        let copy = blocks[2].fields.clone();
        assert_eq!(copy, blocks[2].fields);
        assert_eq!(Fields::from(copy.to_vec()), blocks[2].fields);
        assert_ne!(Fields::from(Vec::new()), blocks[2].fields);
        assert!(Fields::default().is_empty());
    }

    #[test]
    fn a_single_value_stays_inline_and_a_list_spills() {
        let name = |text: &str, at: usize| {
            Value::Name(Name {
                text: text.into(),
                span: Span::new(at, at + text.len()),
            })
        };
        let one: Values = smallvec::smallvec![name("dana", 5)];
        assert!(!one.spilled());
        let two: Values = smallvec::smallvec![name("dana", 5), name("omar", 11)];
        assert!(two.spilled());
        assert_eq!(two.len(), 2);
    }
}
