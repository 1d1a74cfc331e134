//! Completion, by context: stakeholders after `with` and `owner`,
//! commitments after `wins`, conversations and commitments after `needs`,
//! inside a process the conversations not yet in it (in dependency order),
//! field keys valid for the block, known roles after `role`, levels after
//! `compelled`, sides after `side`, `lead` and `process`.
//!
//! The context comes from the tokens before the cursor, so it holds while a
//! line is half typed; the names come from the name index.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use parley_syntax::ast::{DeclKind, FieldKey, Item, Process, ProcessItem};
use parley_syntax::{Span, Token, TokenKind};

use crate::Analysis;
use crate::names::{NameKind, Target, declaration};
use crate::prelude;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Stakeholder,
    Conversation,
    Commitment,
    Keyword,
    /// A value from a fixed set: a side, a level, a role.
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A title or display name.
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// Orders the items when set (otherwise by label).
    pub sort_text: Option<String>,
    /// The text the item replaces: the part of the word before the cursor.
    pub replace: Span,
}

/// What the cursor is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    TopLevel,
    /// After `playbook "..."`, where `starts` and `lead` may follow.
    PlaybookHeader,
    Declaration(DeclKind),
    Process,
}

/// The completions at `offset`.
pub fn completion(analysis: &Analysis, offset: usize) -> Vec<CompletionItem> {
    let text = analysis.text();
    if offset > text.len() || !text.is_char_boundary(offset) {
        return Vec::new();
    }
    let word_start = word_start(text, offset);
    let replace = Span::new(word_start, offset);
    let tokens = analysis.tokens();
    if in_comment_or_string(tokens, offset) {
        return Vec::new();
    }
    let before = tokens_before(tokens, word_start);
    let block = block_at(&before);
    let previous = before.last().map(|token| token.kind);
    let ctx = Context {
        analysis,
        replace,
        offset,
    };
    match block {
        Block::Declaration(kind) => ctx.in_declaration(kind, &before, previous),
        Block::Process => ctx.in_process(&before, previous, word_start),
        Block::TopLevel | Block::PlaybookHeader => {
            // A declaration starts a line: after `conversation a "A"` on the
            // same line comes its `{`, not another keyword.
            let new_line = before.last().is_none_or(|token| {
                token.kind == TokenKind::RBrace
                    || text
                        .get(token.span.end()..word_start)
                        .is_some_and(|gap| gap.contains('\n'))
            });
            match previous {
                Some(TokenKind::Process | TokenKind::Lead) => ctx.top_level(block, previous),
                _ if new_line => ctx.top_level(block, previous),
                _ => Vec::new(),
            }
        }
    }
}

/// Whether the cursor is inside a comment or a string (where nothing is
/// offered). Tokens do not overlap, so only the last one starting before
/// the cursor can hold it.
fn in_comment_or_string(tokens: &[Token], offset: usize) -> bool {
    let starting_before = tokens.partition_point(|token| token.span.start() < offset);
    starting_before
        .checked_sub(1)
        .and_then(|last| tokens.get(last))
        .is_some_and(|token| {
            matches!(
                token.kind,
                TokenKind::Comment
                    | TokenKind::DocComment
                    | TokenKind::String
                    | TokenKind::UnterminatedString
            ) && offset <= token.span.end()
                && !(token.kind == TokenKind::String && offset == token.span.end())
        })
}

/// The tokens (comments left out) that end before the word at the cursor,
/// from the last keyword that starts a block: nothing before it changes
/// what the cursor is in ([`block_at`]) or which list it is in
/// ([`list_key`]), so a request costs the block's tokens, not the file's.
fn tokens_before(tokens: &[Token], word_start: usize) -> Vec<Token> {
    let ended = tokens.partition_point(|token| token.span.end() <= word_start);
    let prefix = tokens.get(..ended).unwrap_or_default();
    let from = prefix
        .iter()
        .rposition(|token| token.kind.starts_item())
        .unwrap_or(0);
    prefix
        .get(from..)
        .unwrap_or_default()
        .iter()
        .filter(|token| !token.kind.is_trivia())
        .copied()
        .collect()
}

fn word_start(text: &str, offset: usize) -> usize {
    let mut start = offset;
    for (index, ch) in text.get(..offset).unwrap_or_default().char_indices().rev() {
        if ch.is_alphanumeric() || ch == '-' || ch == '_' {
            start = index;
        } else {
            break;
        }
    }
    start
}

/// Which block the tokens before the cursor leave it in. A declaration
/// keyword inside a block closes it: keywords are never names, so the block
/// was left unclosed. Everything it knows is reset at each keyword that
/// starts a block.
fn block_at(before: &[Token]) -> Block {
    let mut block = Block::TopLevel;
    let mut header = Block::TopLevel;
    let mut inside = false;
    for token in before {
        let starts = match token.kind {
            TokenKind::Stakeholder => Some(Block::Declaration(DeclKind::Stakeholder)),
            TokenKind::Conversation => Some(Block::Declaration(DeclKind::Conversation)),
            TokenKind::Commitment => Some(Block::Declaration(DeclKind::Commitment)),
            TokenKind::Process => Some(Block::Process),
            TokenKind::Playbook => Some(Block::PlaybookHeader),
            _ => None,
        };
        if let Some(starts) = starts {
            inside = false;
            header = starts;
            block = if starts == Block::PlaybookHeader {
                Block::PlaybookHeader
            } else {
                Block::TopLevel
            };
            continue;
        }
        match token.kind {
            TokenKind::LBrace if !inside => {
                inside = true;
                block = header;
            }
            TokenKind::RBrace => {
                inside = false;
                block = Block::TopLevel;
                header = Block::TopLevel;
            }
            _ => {}
        }
    }
    block
}

struct Context<'a> {
    analysis: &'a Analysis,
    replace: Span,
    offset: usize,
}

impl Context<'_> {
    fn item(&self, label: &str, kind: CompletionKind, detail: Option<String>) -> CompletionItem {
        CompletionItem {
            label: label.to_string(),
            kind,
            detail,
            documentation: None,
            sort_text: None,
            replace: self.replace,
        }
    }

    fn keywords(&self, words: &[&str]) -> Vec<CompletionItem> {
        words
            .iter()
            .map(|word| self.item(word, CompletionKind::Keyword, None))
            .collect()
    }

    fn values(&self, words: &[&str]) -> Vec<CompletionItem> {
        words
            .iter()
            .map(|word| self.item(word, CompletionKind::Value, None))
            .collect()
    }

    /// The declared names of `kinds` (built-in commitments included), minus `exclude`.
    fn names(&self, kinds: &[NameKind], exclude: &HashSet<String>) -> Vec<CompletionItem> {
        let file = self.analysis.file();
        let names = self.analysis.names();
        let mut items = Vec::new();
        for decl in names.decls() {
            if !decl.resolves || !kinds.contains(&decl.kind) || exclude.contains(decl.text.as_str())
            {
                continue;
            }
            // The half-typed word itself is parsed as a name: skip it.
            if decl.span.touches(self.offset) {
                continue;
            }
            let declaration = declaration(file, decl.item);
            let mut item = self.item(
                &decl.text,
                completion_kind(decl.kind),
                declaration
                    .and_then(|d| d.title.as_ref())
                    .map(|title| title.value(self.analysis.text()).into_owned()),
            );
            item.documentation = declaration
                .and_then(|d| d.doc.as_ref())
                .map(|doc| doc.text(self.analysis.text()));
            items.push(item);
        }
        if kinds.contains(&NameKind::Commitment) {
            for builtin in &prelude::BUILTINS {
                if exclude.contains(builtin.name)
                    || names.resolve(builtin.name) != Some(Target::Builtin(builtin.name))
                {
                    continue;
                }
                let mut item = self.item(
                    builtin.name,
                    CompletionKind::Commitment,
                    Some("built-in commitment".into()),
                );
                item.documentation = Some(builtin.explanation.to_string());
                items.push(item);
            }
        }
        items
    }

    fn top_level(&self, block: Block, previous: Option<TokenKind>) -> Vec<CompletionItem> {
        match previous {
            Some(TokenKind::Process) => {
                let declared: HashSet<&str> = self
                    .analysis
                    .file()
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Process(process) if !process.span.touches(self.offset) => {
                            process.side.as_ref().map(|side| side.text.as_str())
                        }
                        _ => None,
                    })
                    .collect();
                let sides: Vec<&str> = ["seller", "buyer"]
                    .into_iter()
                    .filter(|side| !declared.contains(side))
                    .collect();
                self.values(&sides)
            }
            Some(TokenKind::Lead) => self.values(&["seller", "buyer"]),
            Some(
                TokenKind::Stakeholder
                | TokenKind::Conversation
                | TokenKind::Commitment
                | TokenKind::Playbook
                | TokenKind::Starts,
            ) => Vec::new(),
            _ => {
                let mut words = vec!["stakeholder", "conversation", "commitment", "process"];
                if block == Block::PlaybookHeader {
                    words.extend(["starts", "lead"]);
                }
                let has_playbook = self
                    .analysis
                    .file()
                    .items
                    .iter()
                    .any(|item| matches!(item, Item::Playbook(_)));
                if !has_playbook && block == Block::TopLevel {
                    words.push("playbook");
                }
                self.keywords(&words)
            }
        }
    }

    fn in_declaration(
        &self,
        kind: DeclKind,
        before: &[Token],
        previous: Option<TokenKind>,
    ) -> Vec<CompletionItem> {
        let (key, mut listed) = match previous {
            Some(TokenKind::Comma) => list_key(self.analysis.text(), before),
            Some(kind) => (FieldKey::opened_by(kind), HashSet::default()),
            None => (None, HashSet::default()),
        };
        // A declaration never names itself.
        if let Some(name) = self.current_declaration().and_then(|d| d.name.as_ref()) {
            listed.insert(name.text.to_string());
        }
        match key {
            Some(FieldKey::With) => self.names(&[NameKind::Stakeholder], &listed),
            Some(FieldKey::Owner) => {
                // At most one owner per side: a side that has one is done.
                let owned = self.owned_sides();
                let mut items = self.names(&[NameKind::Stakeholder], &listed);
                items.retain(|item| {
                    self.stakeholder_side(&item.label)
                        .is_none_or(|side| !owned.contains(&side))
                });
                items
            }
            Some(FieldKey::Wins) => self.names(&[NameKind::Commitment], &listed),
            Some(FieldKey::Needs) if kind == DeclKind::Commitment => {
                self.names(&[NameKind::Commitment], &listed)
            }
            Some(FieldKey::Needs) => {
                self.names(&[NameKind::Conversation, NameKind::Commitment], &listed)
            }
            Some(FieldKey::Role) => self.roles(),
            Some(FieldKey::Compelled) => self.values(&prelude::LEVELS),
            Some(FieldKey::Side | FieldKey::Lead) => self.values(&["buyer", "seller"]),
            Some(FieldKey::Takes | FieldKey::By | FieldKey::Starts) => Vec::new(),
            None => self.field_keys(kind),
        }
    }

    /// The keys valid in the block, those not yet used first.
    fn field_keys(&self, kind: DeclKind) -> Vec<CompletionItem> {
        let used: HashSet<FieldKey> = self
            .current_declaration()
            .map(|declaration| declaration.fields().iter().map(|field| field.key).collect())
            .unwrap_or_default();
        kind.fields()
            .iter()
            .enumerate()
            .map(|(index, key)| {
                let mut item = self.item(key.as_str(), CompletionKind::Keyword, None);
                let rank = if used.contains(key) { 1 } else { 0 };
                item.sort_text = Some(format!("{rank}{index:02}"));
                item
            })
            .collect()
    }

    /// The side of a declared stakeholder, as written.
    fn stakeholder_side(&self, name: &str) -> Option<String> {
        let Some(Target::Declared(item)) = self.analysis.names().resolve(name) else {
            return None;
        };
        declaration(self.analysis.file(), item)?
            .fields_with(FieldKey::Side)
            .flat_map(|field| field.names())
            .next()
            .map(|side| side.text.to_string())
    }

    /// The sides the current conversation's owners already cover, leaving
    /// out the name being typed.
    fn owned_sides(&self) -> HashSet<String> {
        self.current_declaration()
            .into_iter()
            .flat_map(|declaration| declaration.fields_with(FieldKey::Owner))
            .flat_map(|field| field.names())
            .filter(|name| !name.span.touches(self.offset))
            .filter_map(|name| self.stakeholder_side(&name.text))
            .collect()
    }

    fn roles(&self) -> Vec<CompletionItem> {
        let side = self.current_declaration().and_then(|declaration| {
            declaration
                .fields_with(FieldKey::Side)
                .flat_map(|field| field.names())
                .next()
                .map(|name| name.text.clone())
        });
        let mut roles: Vec<&str> = Vec::new();
        if side.as_deref() != Some("seller") {
            roles.extend(prelude::BUYER_ROLES);
        }
        if side.as_deref() != Some("buyer") {
            roles.extend(prelude::SELLER_ROLES);
        }
        self.values(&roles)
    }

    /// The item the cursor is in: the last one starting before it, unless
    /// its block closed before the cursor.
    fn current_item(&self) -> Option<&Item> {
        let item = self
            .analysis
            .file()
            .items
            .iter()
            .rev()
            .find(|item| item.span().start() < self.offset)?;
        let close = match item {
            Item::Declaration(declaration) => declaration
                .body
                .as_ref()
                .map_or(Some(declaration.span), |body| body.close),
            Item::Process(process) => process.close,
            Item::Playbook(playbook) => Some(playbook.span),
        };
        match close {
            Some(close) if close.end() < self.offset => None,
            _ => Some(item),
        }
    }

    fn current_declaration(&self) -> Option<&parley_syntax::ast::Declaration> {
        match self.current_item()? {
            Item::Declaration(declaration) => Some(declaration),
            _ => None,
        }
    }

    fn current_process(&self) -> Option<&Process> {
        match self.current_item()? {
            Item::Process(process) => Some(process),
            _ => None,
        }
    }

    fn in_process(
        &self,
        before: &[Token],
        previous: Option<TokenKind>,
        word_start: usize,
    ) -> Vec<CompletionItem> {
        let text = self.analysis.text();
        let same_line = before.last().is_some_and(|token| {
            text.get(token.span.end()..word_start)
                .is_some_and(|gap| !gap.contains('\n'))
        });
        match previous {
            Some(TokenKind::Waive) => self.waivable(),
            Some(TokenKind::After | TokenKind::Until) => {
                self.names(&[NameKind::Conversation], &HashSet::default())
            }
            Some(TokenKind::Quiet) => self.keywords(&["after"]),
            Some(TokenKind::Ident) if same_line => {
                self.keywords(&["negotiated", "accelerate", "decelerate"])
            }
            Some(TokenKind::Negotiated) if same_line => {
                self.keywords(&["accelerate", "decelerate"])
            }
            _ => {
                let mut items = self.missing_steps();
                let mut words = vec!["waive"];
                if self
                    .current_process()
                    .and_then(|process| process.side.as_ref())
                    .is_some_and(|side| side.text == "buyer")
                {
                    words.push("quiet");
                }
                for mut item in self.keywords(&words) {
                    item.sort_text = Some(format!("9{}", item.label));
                    items.push(item);
                }
                items
            }
        }
    }

    /// After `waive`: the conversations the current process neither holds
    /// nor waives yet (a waiver is for a step this process leaves out),
    /// those the other process holds first, in its order, then the rest in
    /// declaration order.
    fn waivable(&self) -> Vec<CompletionItem> {
        let Some(process) = self.current_process() else {
            return self.names(&[NameKind::Conversation], &HashSet::default());
        };
        let mut taken: HashSet<String> = HashSet::default();
        for item in process
            .items
            .iter()
            .filter(|item| !item.span().touches(self.offset))
        {
            let name = match item {
                ProcessItem::Step(step) => Some(&step.conversation),
                ProcessItem::Waive(waive) => waive.conversation.as_ref(),
                ProcessItem::Quiet(_) => None,
            };
            taken.extend(name.map(|name| name.text.to_string()));
        }
        let side = process.side.as_ref().map(|side| side.text.as_str());
        // Each conversation's first place in the other process.
        let mut other: HashMap<&str, usize> = HashMap::default();
        let other_steps = self
            .analysis
            .file()
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Process(other) if other.side.as_ref().map(|s| s.text.as_str()) != side => {
                    Some(other)
                }
                _ => None,
            })
            .flat_map(|other| other.steps());
        for (place, step) in other_steps.enumerate() {
            other
                .entry(step.conversation.text.as_str())
                .or_insert(place);
        }
        let mut items = self.names(&[NameKind::Conversation], &taken);
        for (index, item) in items.iter_mut().enumerate() {
            item.sort_text = Some(match other.get(item.label.as_str()) {
                Some(place) => format!("0{place:06}"),
                None => format!("1{index:06}"),
            });
        }
        items
    }

    /// The conversations not yet in the current process, each after the
    /// conversations it needs (declaration order breaks ties).
    fn missing_steps(&self) -> Vec<CompletionItem> {
        let file = self.analysis.file();
        let names = self.analysis.names();
        let present: HashSet<String> = self
            .current_process()
            .map(|process| {
                process
                    .steps()
                    .filter(|step| !step.span.touches(self.offset))
                    .map(|step| step.conversation.text.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let mut missing: Vec<&crate::names::DeclName> = names
            .declared(NameKind::Conversation)
            .filter(|decl| !present.contains(decl.text.as_str()) && !decl.span.touches(self.offset))
            .collect();
        // Among those free to go next, the negotiated plan's order first
        // (it keeps the other process's order), then declaration order.
        let model = self.analysis.model();
        let negotiated = self.analysis.negotiated();
        // Each conversation's first place in the plan, looked up once (not a
        // scan of the plan per comparison).
        let mut planned: HashMap<parley_check::ConversationId, usize> = HashMap::default();
        for (index, step) in negotiated.steps.iter().enumerate() {
            planned.entry(step.conversation).or_insert(index);
        }
        missing.sort_by_cached_key(|decl| match model.lookup(&decl.text) {
            Some(parley_check::Symbol::Conversation(id)) => {
                planned.get(&id).copied().unwrap_or(usize::MAX)
            }
            _ => usize::MAX,
        });
        // Who wins each commitment, among the declared conversations.
        let mut winners: HashMap<Target, Vec<usize>> = HashMap::default();
        for decl in names.declared(NameKind::Conversation) {
            for name in declaration(file, decl.item)
                .into_iter()
                .flat_map(|d| d.fields_with(FieldKey::Wins))
                .flat_map(|field| field.names())
            {
                if let Some(target) = names.resolve(&name.text) {
                    winners.entry(target).or_default().push(decl.item);
                }
            }
        }
        // What each missing conversation waits for among the missing ones:
        // the conversations it needs, and for a commitment it needs, every
        // missing conversation that wins it (but itself). Placed in the
        // sorted order, each as soon as all it waits for is placed; a cycle
        // gives way to the first one left. Linear: a commitment's winners
        // are counted once, not listed for every conversation needing it.
        let slot: HashMap<usize, usize> = missing
            .iter()
            .enumerate()
            .map(|(k, decl)| (decl.item, k))
            .collect();
        let mut groups: HashMap<Target, usize> = HashMap::default();
        // Per commitment group: its missing winners, and who waits for all
        // of them (`full`) or for all but themselves (`all_but_self`).
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut full: Vec<Vec<usize>> = Vec::new();
        let mut all_but_self: Vec<Vec<usize>> = Vec::new();
        let mut unmet = vec![0usize; missing.len()];
        let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); missing.len()];
        for (k, decl) in missing.iter().enumerate() {
            let Some(conversation) = declaration(file, decl.item) else {
                continue;
            };
            let mut waits_for: HashSet<usize> = HashSet::default();
            let mut waits_for_group: HashSet<usize> = HashSet::default();
            for name in conversation
                .fields_with(FieldKey::Needs)
                .flat_map(|f| f.names())
            {
                match names.resolve(&name.text) {
                    Some(Target::Declared(other))
                        if declaration(file, other)
                            .is_some_and(|d| d.kind == DeclKind::Conversation) =>
                    {
                        if let Some(&j) = slot.get(&other)
                            && j != k
                        {
                            waits_for.insert(j);
                        }
                    }
                    Some(target) => {
                        let group = *groups.entry(target).or_insert_with(|| {
                            let mut winning: Vec<usize> = winners
                                .get(&target)
                                .into_iter()
                                .flatten()
                                .filter_map(|item| slot.get(item).copied())
                                .collect();
                            winning.sort_unstable();
                            winning.dedup();
                            members.push(winning);
                            full.push(Vec::new());
                            all_but_self.push(Vec::new());
                            members.len() - 1
                        });
                        waits_for_group.insert(group);
                    }
                    None => {}
                }
            }
            for j in waits_for {
                unmet[k] += 1;
                if let Some(list) = needed_by.get_mut(j) {
                    list.push(k);
                }
            }
            for group in waits_for_group {
                let winning = members.get(group).map_or(&[][..], Vec::as_slice);
                let is_winner = winning.binary_search(&k).is_ok();
                let others = winning.len() - usize::from(is_winner);
                if others == 0 {
                    continue;
                }
                unmet[k] += 1;
                let list = if is_winner {
                    all_but_self.get_mut(group)
                } else {
                    full.get_mut(group)
                };
                if let Some(list) = list {
                    list.push(k);
                }
            }
        }
        // Which groups each missing conversation wins.
        let mut wins_groups: Vec<Vec<usize>> = vec![Vec::new(); missing.len()];
        for (group, winning) in members.iter().enumerate() {
            for &k in winning {
                if let Some(list) = wins_groups.get_mut(k) {
                    list.push(group);
                }
            }
        }
        let mut placed_in_group = vec![0usize; members.len()];
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = unmet
            .iter()
            .enumerate()
            .filter(|(_, n)| **n == 0)
            .map(|(k, _)| std::cmp::Reverse(k))
            .collect();
        let mut placed = vec![false; missing.len()];
        let mut first_left = 0;
        let mut order = Vec::with_capacity(missing.len());
        while order.len() < missing.len() {
            let next = match ready.pop() {
                Some(std::cmp::Reverse(k)) => k,
                None => {
                    // A cycle: the first one left.
                    while placed.get(first_left) == Some(&true) {
                        first_left += 1;
                    }
                    first_left
                }
            };
            if placed.get(next) != Some(&false) {
                continue;
            }
            placed[next] = true;
            if let Some(&decl) = missing.get(next) {
                order.push(decl);
            }
            let mut freed: Vec<usize> = needed_by.get(next).cloned().unwrap_or_default();
            for &group in wins_groups.get(next).map_or(&[][..], Vec::as_slice) {
                let Some(count) = placed_in_group.get_mut(group) else {
                    continue;
                };
                *count += 1;
                let size = members.get(group).map_or(0, Vec::len);
                if *count + 1 == size {
                    freed.extend(all_but_self.get(group).into_iter().flatten().copied());
                }
                if *count == size {
                    freed.extend(full.get(group).into_iter().flatten().copied());
                }
            }
            for k in freed {
                if let Some(left) = unmet.get_mut(k) {
                    *left = left.saturating_sub(1);
                    if *left == 0 && placed.get(k) == Some(&false) {
                        ready.push(std::cmp::Reverse(k));
                    }
                }
            }
        }
        order
            .into_iter()
            .enumerate()
            .map(|(rank, decl)| {
                let declaration = declaration(file, decl.item);
                let mut item = self.item(
                    &decl.text,
                    CompletionKind::Conversation,
                    declaration
                        .and_then(|d| d.title.as_ref())
                        .map(|title| title.value(self.analysis.text()).into_owned()),
                );
                item.documentation = declaration
                    .and_then(|d| d.doc.as_ref())
                    .map(|doc| doc.text(self.analysis.text()));
                item.sort_text = Some(format!("0{rank:04}"));
                item
            })
            .collect()
    }
}

fn completion_kind(kind: NameKind) -> CompletionKind {
    match kind {
        NameKind::Stakeholder => CompletionKind::Stakeholder,
        NameKind::Conversation => CompletionKind::Conversation,
        NameKind::Commitment => CompletionKind::Commitment,
    }
}

/// For a cursor after `key a, b,`: the key, and the names already listed.
fn list_key(text: &str, before: &[Token]) -> (Option<FieldKey>, HashSet<String>) {
    let mut listed = HashSet::default();
    let mut expect_comma = true;
    for token in before.iter().rev() {
        match token.kind {
            TokenKind::Comma if expect_comma => expect_comma = false,
            TokenKind::Ident | TokenKind::Buyer | TokenKind::Seller if !expect_comma => {
                listed.insert(text.get(token.span.range()).unwrap_or_default().to_string());
                expect_comma = true;
            }
            kind => {
                return (
                    FieldKey::opened_by(kind).filter(|key| key.is_list()),
                    listed,
                );
            }
        }
    }
    (None, listed)
}

#[cfg(test)]
mod tests {
    use crate::fixture::Fixture;

    use super::*;

    /// The labels offered at the cursor, in the order an editor shows them.
    fn labels(source: &str) -> Vec<String> {
        let fixture = Fixture::new(source);
        let mut items = completion(&fixture.analysis, fixture.cursor);
        items.sort_by(|a, b| {
            (a.sort_text.as_ref().unwrap_or(&a.label)).cmp(b.sort_text.as_ref().unwrap_or(&b.label))
        });
        items.into_iter().map(|item| item.label).collect()
    }

    const PEOPLE: &str = r#"stakeholder omar "Omar" { side buyer }
stakeholder dana "Dana" { side buyer }
stakeholder sam "Sam" { side seller }
commitment budget "Budget"
"#;

    #[test]
    fn stakeholders_after_with_and_owner() {
        let source = format!("{PEOPLE}conversation c \"C\" {{ with $0 }}");
        assert_eq!(labels(&source), ["dana", "omar", "sam"]);
        let source = format!("{PEOPLE}conversation c \"C\" {{ with omar, d$0 }}");
        assert_eq!(labels(&source), ["dana", "sam"]);
        let source = format!("{PEOPLE}conversation c \"C\" {{\n  owner $0\n}}");
        assert_eq!(labels(&source), ["dana", "omar", "sam"]);
        // One owner per side: with a buyer owner, only the seller is left.
        let source = format!("{PEOPLE}conversation c \"C\" {{\n  owner omar, $0\n}}");
        assert_eq!(labels(&source), ["sam"]);
    }

    #[test]
    fn commitments_after_wins_built_ins_included() {
        let source = format!("{PEOPLE}conversation c \"C\" {{ wins $0 }}");
        assert_eq!(
            labels(&source),
            [
                "access",
                "budget",
                "change",
                "collaborate",
                "consensus",
                "decide",
                "explore",
                "invest",
                "resolve",
                "review",
                "time"
            ]
        );
    }

    #[test]
    fn conversations_and_commitments_after_needs() {
        let source = format!(
            "{PEOPLE}conversation d \"D\" {{ }}\nconversation c \"C\" {{ needs budget, $0 }}"
        );
        let found = labels(&source);
        assert!(found.contains(&"d".to_string()) && found.contains(&"change".to_string()));
        assert!(!found.contains(&"budget".to_string()) && !found.contains(&"omar".to_string()));
        assert!(
            !found.contains(&"c".to_string()),
            "a conversation does not need itself"
        );
    }

    #[test]
    fn field_keys_of_the_block_unused_first() {
        assert_eq!(
            labels("stakeholder a \"A\" {\n  side buyer\n  $0\n}"),
            ["role", "compelled", "side"]
        );
        assert_eq!(
            labels("conversation a \"A\" { $0 }"),
            ["with", "owner", "needs", "wins", "takes", "by"]
        );
    }

    #[test]
    fn roles_of_the_stakeholder_side_and_levels() {
        assert_eq!(
            labels("stakeholder a \"A\" { side seller role $0 }"),
            [
                "account-executive",
                "customer-success",
                "executive-sponsor",
                "sales-engineer"
            ]
        );
        assert_eq!(
            labels("stakeholder a \"A\" { compelled $0 }"),
            ["high", "low", "medium", "none"]
        );
        assert_eq!(
            labels("stakeholder a \"A\" { side $0 }"),
            ["buyer", "seller"]
        );
    }

    #[test]
    fn a_commitment_need_waits_for_every_missing_winner_but_itself() {
        // `gated` needs `collaborate`: both of its winners go first. `both`
        // wins it and needs it: it waits only for the other winner. `a` and
        // `b` need each other: the cycle gives way in declaration order.
        let source = r#"conversation gated "G" { needs collaborate }
conversation both "B" { wins collaborate needs collaborate }
conversation one "O" { wins collaborate }
conversation a "A" { needs b }
conversation b "B" { needs a }
process seller {
  $0
}"#;
        assert_eq!(labels(source), ["one", "both", "gated", "a", "b", "waive"]);
    }

    #[test]
    fn missing_conversations_in_a_process_in_dependency_order() {
        let source = r#"conversation late "L" { needs early }
conversation early "E" { wins change }
conversation shared "S" { }
conversation gated "G" { needs change }
process seller {
  shared
  $0
}"#;
        assert_eq!(labels(source), ["early", "late", "gated", "waive"]);
    }

    #[test]
    fn in_the_buyer_process_the_seller_order_first() {
        let acme = include_str!("../../../examples/acme.parley");
        let source = acme.replace("process buyer {\n", "process buyer {\n  $0\n");
        assert_eq!(
            labels(&source),
            [
                "discovery",
                "case-for-change",
                "co-design",
                "committee",
                "quiet",
                "waive"
            ]
        );
    }

    #[test]
    fn in_a_half_typed_file() {
        let half = include_str!("../../../examples/half-typed.parley");
        // After an unclosed conversation block, a process is still a process.
        let source = half.replace(
            "  pilot\n  pilot-review\n}",
            "  pilot\n  pilot-review\n  $0\n}",
        );
        assert_eq!(labels(&source), ["waive"]);
        // At the very end, in the middle of a step's name.
        let source = format!("{half}$0");
        assert_eq!(labels(&source), ["pilot", "pilot-review", "quiet", "waive"]);
        // The level that is not typed yet.
        let source = half.replace("  compelled\n", "  compelled $0\n");
        assert_eq!(labels(&source), ["high", "low", "medium", "none"]);
    }

    #[test]
    fn after_waive_what_the_process_leaves_out_the_other_process_order_first() {
        let source = r#"conversation a "A" { }
conversation b "B" { }
conversation c "C" { }
conversation d "D" { }
conversation e "E" { }
process seller {
  a
  d
  c
}
process buyer {
  a
  waive b "not for us"
  waive $0
}"#;
        // `a` is held and `b` waived already; `d` and `c` in the seller's
        // order, then `e`, which neither process holds.
        assert_eq!(labels(source), ["d", "c", "e"]);
    }

    #[test]
    fn step_markers_on_the_step_line() {
        let source = "conversation a \"A\" { }\nprocess seller {\n  a $0\n}";
        assert_eq!(labels(source), ["accelerate", "decelerate", "negotiated"]);
    }

    #[test]
    fn declarations_at_top_level_and_nothing_in_comments() {
        assert_eq!(
            labels("$0"),
            [
                "commitment",
                "conversation",
                "playbook",
                "process",
                "stakeholder"
            ]
        );
        assert_eq!(labels("// with $0"), Vec::<String>::new());
        assert_eq!(labels("process seller { }\nprocess $0"), ["buyer"]);
        assert_eq!(labels("conversation a \"A\" $0"), Vec::<String>::new());
        assert_eq!(
            labels("playbook \"P\"\n$0"),
            [
                "commitment",
                "conversation",
                "lead",
                "process",
                "stakeholder",
                "starts"
            ]
        );
    }

    /// What the cursor is in, the token before it and the list it is in are
    /// what a scan of every token from the start finds, at every offset of
    /// every example.
    #[test]
    fn the_tokens_before_the_cursor_give_what_a_scan_of_all_gives() {
        for text in crate::fixture::EXAMPLES {
            let tokens = parley_syntax::lex(text);
            let mut blocks = std::collections::BTreeSet::new();
            for offset in (0..=text.len()).filter(|&offset| text.is_char_boundary(offset)) {
                let scanned = tokens.iter().any(|token| {
                    matches!(
                        token.kind,
                        TokenKind::Comment
                            | TokenKind::DocComment
                            | TokenKind::String
                            | TokenKind::UnterminatedString
                    ) && token.span.start() < offset
                        && offset <= token.span.end()
                        && !(token.kind == TokenKind::String && offset == token.span.end())
                });
                assert_eq!(
                    in_comment_or_string(&tokens, offset),
                    scanned,
                    "at {offset}"
                );
                let start = word_start(text, offset);
                let all: Vec<Token> = tokens
                    .iter()
                    .filter(|token| token.span.end() <= start && !token.kind.is_trivia())
                    .copied()
                    .collect();
                let before = tokens_before(&tokens, start);
                assert_eq!(block_at(&before), block_at(&all), "at {offset}");
                assert_eq!(before.last(), all.last(), "at {offset}");
                assert_eq!(list_key(text, &before), list_key(text, &all), "at {offset}");
                blocks.insert(format!("{:?}", block_at(&all)));
            }
            assert!(blocks.len() >= 3, "{blocks:?}");
        }
    }
}
