//! The names of one playbook: every declaration, every reference to a name,
//! and what each reference resolves to.
//!
//! One namespace holds stakeholders, conversations and commitments. The ten
//! built-in commitments are declared first; a `commitment` with a built-in
//! name replaces it; otherwise the first declaration of a name is the one
//! references resolve to (later ones are duplicates, `N002`).

use compact_str::CompactString;
use rustc_hash::FxHashMap;

use parley_syntax::Span;
use parley_syntax::ast::{DeclKind, Declaration, FieldKey, Item, ProcessItem, SourceFile};

use crate::prelude;

/// The kind of thing a name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    Stakeholder,
    Conversation,
    Commitment,
}

impl NameKind {
    pub fn from_decl(kind: DeclKind) -> Self {
        match kind {
            DeclKind::Stakeholder => NameKind::Stakeholder,
            DeclKind::Conversation => NameKind::Conversation,
            DeclKind::Commitment => NameKind::Commitment,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Stakeholder => "stakeholder",
            NameKind::Conversation => "conversation",
            NameKind::Commitment => "commitment",
        }
    }
}

/// What a name resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A declaration: the index of its item in [`SourceFile::items`].
    Declared(usize),
    /// A built-in commitment of the prelude.
    Builtin(&'static str),
}

/// Where a reference stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// In a field (`with`, `owner`, `needs`, `wins`) of the declaration at `item`.
    Field { item: usize, key: FieldKey },
    /// A process step, in the process at `item`.
    Step { item: usize },
    /// `waive NAME`, `quiet after NAME` or `quiet until NAME`, in the process at `item`.
    ProcessItem { item: usize },
}

/// One use of a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRef {
    /// Inline up to 24 bytes, as the tree's names are: an index of a large
    /// file makes no allocation per name.
    pub text: CompactString,
    pub span: Span,
    pub site: Site,
    /// `None` when the name is declared nowhere.
    pub target: Option<Target>,
}

/// One declaration's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclName {
    pub item: usize,
    pub kind: NameKind,
    pub text: CompactString,
    pub span: Span,
    /// Whether references resolve to this declaration (`false` for duplicates).
    pub resolves: bool,
}

/// The name index of one file.
#[derive(Clone, Debug, Default)]
pub struct Names {
    decls: Vec<DeclName>,
    refs: Vec<NameRef>,
    scope: FxHashMap<CompactString, Target>,
}

impl Names {
    pub fn new(file: &SourceFile) -> Self {
        let mut scope: FxHashMap<CompactString, Target> = prelude::BUILTINS
            .iter()
            .map(|builtin| {
                let name = CompactString::const_new(builtin.name);
                (name, Target::Builtin(builtin.name))
            })
            .collect();
        let mut decls = Vec::new();
        for (index, item) in file.items.iter().enumerate() {
            let Item::Declaration(declaration) = item else {
                continue;
            };
            let Some(name) = &declaration.name else {
                continue;
            };
            let resolves = match scope.get(name.text.as_str()) {
                None => true,
                Some(Target::Builtin(_)) => declaration.kind == DeclKind::Commitment,
                Some(Target::Declared(_)) => false,
            };
            if resolves {
                scope.insert(name.text.clone(), Target::Declared(index));
            }
            decls.push(DeclName {
                item: index,
                kind: NameKind::from_decl(declaration.kind),
                text: name.text.clone(),
                span: name.span,
                resolves,
            });
        }
        let mut names = Names {
            decls,
            refs: Vec::new(),
            scope,
        };
        names.collect_refs(file);
        names
    }

    fn collect_refs(&mut self, file: &SourceFile) {
        let mut refs = Vec::new();
        for (index, item) in file.items.iter().enumerate() {
            match item {
                Item::Declaration(declaration) => {
                    for field in declaration.fields() {
                        if !matches!(
                            field.key,
                            FieldKey::With | FieldKey::Owner | FieldKey::Needs | FieldKey::Wins
                        ) {
                            continue;
                        }
                        for name in field.names() {
                            refs.push(self.reference(
                                &name.text,
                                name.span,
                                Site::Field {
                                    item: index,
                                    key: field.key,
                                },
                            ));
                        }
                    }
                }
                Item::Process(process) => {
                    for process_item in &process.items {
                        match process_item {
                            ProcessItem::Step(step) => refs.push(self.reference(
                                &step.conversation.text,
                                step.conversation.span,
                                Site::Step { item: index },
                            )),
                            ProcessItem::Waive(waive) => {
                                if let Some(name) = &waive.conversation {
                                    refs.push(self.reference(
                                        &name.text,
                                        name.span,
                                        Site::ProcessItem { item: index },
                                    ));
                                }
                            }
                            ProcessItem::Quiet(quiet) => {
                                for name in [&quiet.after, &quiet.until].into_iter().flatten() {
                                    refs.push(self.reference(
                                        &name.text,
                                        name.span,
                                        Site::ProcessItem { item: index },
                                    ));
                                }
                            }
                        }
                    }
                }
                Item::Playbook(_) => {}
            }
        }
        refs.sort_by_key(|reference| reference.span.start());
        self.refs = refs;
    }

    fn reference(&self, text: &CompactString, span: Span, site: Site) -> NameRef {
        NameRef {
            text: text.clone(),
            span,
            site,
            target: self.resolve(text),
        }
    }

    /// What `name` resolves to in this file.
    pub fn resolve(&self, name: &str) -> Option<Target> {
        self.scope.get(name).copied()
    }

    /// Every declaration's name, in source order.
    pub fn decls(&self) -> &[DeclName] {
        &self.decls
    }

    /// Every reference, in source order.
    pub fn refs(&self) -> &[NameRef] {
        &self.refs
    }

    /// The declarations references resolve to, of one kind, in source order.
    pub fn declared(&self, kind: NameKind) -> impl Iterator<Item = &DeclName> {
        self.decls
            .iter()
            .filter(move |decl| decl.resolves && decl.kind == kind)
    }

    /// The kind of what a target denotes.
    pub fn kind_of(&self, file: &SourceFile, target: Target) -> Option<NameKind> {
        match target {
            Target::Builtin(_) => Some(NameKind::Commitment),
            Target::Declared(item) => declaration(file, item).map(|d| NameKind::from_decl(d.kind)),
        }
    }

    /// The name under the cursor: a declaration's name or a reference, with
    /// its span and what it resolves to (a duplicate declaration is its own
    /// target).
    pub fn at(&self, offset: usize) -> Option<NameAt<'_>> {
        if let Some(decl) = first_touching(&self.decls, |decl| decl.span, offset) {
            return Some(NameAt {
                text: &decl.text,
                span: decl.span,
                target: Some(Target::Declared(decl.item)),
                is_declaration: true,
            });
        }
        first_touching(&self.refs, |reference| reference.span, offset).map(|reference| NameAt {
            text: &reference.text,
            span: reference.span,
            target: reference.target,
            is_declaration: false,
        })
    }

    /// The reference whose span is `span`.
    pub fn ref_at(&self, span: Span) -> Option<&NameRef> {
        let from = self
            .refs
            .partition_point(|reference| reference.span.start() < span.start());
        self.refs
            .get(from..)?
            .iter()
            .take_while(|reference| reference.span.start() == span.start())
            .find(|reference| reference.span == span)
    }

    /// The references that resolve to `target`, in source order.
    pub fn refs_to(&self, target: Target) -> impl Iterator<Item = &NameRef> {
        self.refs
            .iter()
            .filter(move |reference| reference.target == Some(target))
    }

    /// The span of the declaration's name, for a declared target.
    pub fn decl_name(&self, target: Target) -> Option<&DeclName> {
        match target {
            Target::Declared(item) => {
                // In item order: a binary search.
                let at = self.decls.partition_point(|decl| decl.item < item);
                self.decls.get(at).filter(|decl| decl.item == item)
            }
            Target::Builtin(_) => None,
        }
    }
}

/// A name under the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameAt<'a> {
    pub text: &'a str,
    pub span: Span,
    pub target: Option<Target>,
    pub is_declaration: bool,
}

/// The first of `names` (names as written, in source order, none inside
/// another) whose span touches `offset`: a binary search, then back over
/// the few that end at or after it.
fn first_touching<T>(names: &[T], span: impl Fn(&T) -> Span, offset: usize) -> Option<&T> {
    let end = names.partition_point(|name| span(name).start() <= offset);
    let mut first = end;
    while first > 0
        && names
            .get(first - 1)
            .is_some_and(|name| span(name).end() >= offset)
    {
        first -= 1;
    }
    names.get(first..end)?.first()
}

/// The declaration at `item`, if that item is one.
pub fn declaration(file: &SourceFile, item: usize) -> Option<&Declaration> {
    match file.items.get(item) {
        Some(Item::Declaration(declaration)) => Some(declaration),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Analysis;

    use super::*;

    /// The editor's index resolves every reference the checker resolves, to
    /// the same declaration.
    #[test]
    fn agrees_with_the_checker_on_every_example() {
        for text in crate::fixture::EXAMPLES {
            let analysis = Analysis::new(text);
            let model = analysis.model();
            assert!(!model.references().is_empty());
            for reference in model.references() {
                let ours = analysis
                    .names()
                    .refs()
                    .iter()
                    .find(|ours| ours.span == reference.span)
                    .unwrap_or_else(|| panic!("{:?} is not indexed", reference.span));
                let expected = match model.declaration(reference.symbol) {
                    Some(name_span) => analysis
                        .names()
                        .decls()
                        .iter()
                        .find(|decl| decl.span == name_span)
                        .map(|decl| Target::Declared(decl.item)),
                    None => Some(Target::Builtin(
                        crate::prelude::builtin(model.name(reference.symbol))
                            .map(|builtin| builtin.name)
                            .unwrap_or_default(),
                    )),
                };
                assert_eq!(ours.target, expected, "at {:?}", reference.span);
            }
        }
    }

    /// The binary searches find what a scan from the start finds, at every
    /// offset of every example.
    #[test]
    fn lookups_find_what_a_scan_finds() {
        for text in crate::fixture::EXAMPLES {
            let analysis = Analysis::new(text);
            let names = analysis.names();
            for offset in 0..=text.len() + 1 {
                let scanned = names
                    .decls()
                    .iter()
                    .find(|decl| decl.span.touches(offset))
                    .map(|decl| (decl.span, true))
                    .or_else(|| {
                        names
                            .refs()
                            .iter()
                            .find(|reference| reference.span.touches(offset))
                            .map(|reference| (reference.span, false))
                    });
                let found = names.at(offset).map(|at| (at.span, at.is_declaration));
                assert_eq!(found, scanned, "at {offset}");
            }
            for reference in names.refs() {
                assert_eq!(names.ref_at(reference.span), Some(reference));
            }
            for decl in names.decls() {
                let target = Target::Declared(decl.item);
                assert_eq!(
                    names.decl_name(target),
                    names.decls().iter().find(|other| other.item == decl.item)
                );
            }
        }
    }
}
