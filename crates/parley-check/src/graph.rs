//! The dependency graph over declarations: a conversation needs what its
//! `needs` names and what the commitments it wins need; a commitment needs
//! its prerequisites (built-ins included); and a commitment that only one
//! conversation wins depends on that conversation. Its strongly connected
//! components (Tarjan, iterative, once Kahn finds a cycle at all) are the
//! dependency cycles of `P106`.

use std::collections::VecDeque;

use parley_syntax::Span;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{CommitmentId, ConversationId, Model, Need, NeedOrigin, Symbol, u32_or_max};

/// Why one declaration depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A conversation's or commitment's own `needs`.
    Needs,
    /// A conversation inherits the needs of a commitment it wins.
    Inherited { via: CommitmentId },
    /// A commitment only this conversation wins.
    SoleWinner,
    /// A commitment is won by this conversation (one of several).
    WonBy,
}

/// One dependency: `from` cannot happen before `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: Symbol,
    pub to: Symbol,
    pub kind: EdgeKind,
    /// The reference that makes it (`needs x`, or `wins y`); `None` for a
    /// built-in prerequisite.
    pub span: Option<Span>,
}

/// A dependency cycle: no order of steps can honour it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// One closed walk through the cycle, each edge leading to the next.
    pub path: Vec<Edge>,
    /// Every member of the strongly connected component, in declaration order.
    pub members: Vec<Symbol>,
    /// Where to report it: a `needs` reference on the cycle.
    pub span: Span,
}

/// The declaration graph and its cycles.
///
/// What the checks ask of it is whether a need lies on a cycle, and which
/// cycles there are; so it keeps each node's component only when the
/// graph has a cycle at all, and never its edges: a node's edges are made
/// again from the model where a cycle is walked ([`each_edge`]). While it
/// is built, the nodes each node leads to are numbers of 32 bits. A
/// playbook's graph held 64 bytes an edge and 17 bytes a node before (a
/// third of a megabyte at 1 MB, through the whole of the rules), and its
/// building wrote and read them back.
#[derive(Clone, Debug, Default)]
pub struct DependencyGraph {
    conversation_count: usize,
    /// Conversations and commitments.
    node_count: usize,
    /// Each node's strongly connected component; empty when the graph has
    /// no cycle (every node is then a component of its own, on no cycle).
    component: Vec<usize>,
    cyclic_component: Vec<bool>,
    cycles: Vec<Cycle>,
    /// Needs of conversations caught in a cycle of alternatives: every
    /// conversation that could meet them needs, in turn, the one asking.
    stuck_needs: FxHashSet<(ConversationId, Need)>,
}

/// Nodes and, for each, the nodes it leads to: node `n`'s are
/// `targets[starts[n]..starts[n + 1]]`, in 32 bits (a playbook has fewer
/// than 2^32 declarations and references).
struct Adjacency {
    starts: Vec<u32>,
    targets: Vec<u32>,
}

impl Adjacency {
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn of(&self, node: usize) -> &[u32] {
        match (self.starts.get(node), self.starts.get(node + 1)) {
            (Some(&start), Some(&end)) => self
                .targets
                .get(start as usize..end as usize)
                .unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The start of each node's run in a list of `(node, item)` sorted by node.
fn run_starts(count: usize, nodes: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut starts = vec![0usize; count + 1];
    for node in nodes {
        if let Some(slot) = starts.get_mut(node + 1) {
            *slot += 1;
        }
    }
    for node in 0..count {
        starts[node + 1] += starts[node];
    }
    starts
}

impl DependencyGraph {
    pub fn new(model: &Model) -> DependencyGraph {
        let conversation_count = model.conversations.len();
        let node_count = conversation_count + model.commitments.len();
        let mut graph = DependencyGraph {
            conversation_count,
            node_count,
            ..DependencyGraph::default()
        };
        // Where each node leads, for its components: a conversation to its
        // step needs (its own and those of what it wins, each once: an edge
        // twice changes no component), read from the model's compact list
        // of them rather than from the records (at 50 MB a pass over the
        // conversations' records reads 50 MB); a commitment along its
        // edges. The edges themselves are made again only for a cycle.
        let commitment_edges: usize = model
            .commitments
            .iter()
            .enumerate()
            .map(|(index, c)| {
                c.needs.len() + usize::from(model.winners(CommitmentId(index)).len() == 1)
            })
            .sum();
        let mut starts = Vec::with_capacity(node_count + 1);
        let mut targets = Vec::with_capacity(model.step_need_count() + commitment_edges);
        starts.push(0);
        // What each node waits for, for the cycles of alternatives (see
        // [`DependencyGraph::find_stuck_cycles`]): a conversation for its
        // step needs but an unwinnable commitment (`P108` speaks), a
        // commitment for any one of its winners. Read in the same pass as
        // the targets: the list of step needs is read once.
        let mut wait_targets: Vec<u32> =
            Vec::with_capacity(model.step_need_count() + model.win_count());
        let mut wait_starts: Vec<u32> = Vec::with_capacity(node_count + 1);
        wait_starts.push(0);
        for conversation in 0..conversation_count {
            for need in model.step_needs_of(ConversationId(conversation)).iter() {
                let target = match need.need {
                    Need::Conversation(id) => id.0,
                    Need::Commitment(id) => conversation_count + id.0,
                };
                targets.push(u32_or_max(target));
                let winnable = match need.need {
                    Need::Conversation(_) => true,
                    Need::Commitment(id) => !model.winners(id).is_empty(),
                };
                if winnable {
                    wait_targets.push(u32_or_max(target));
                }
            }
            starts.push(u32_or_max(targets.len()));
            wait_starts.push(u32_or_max(wait_targets.len()));
        }
        for node in conversation_count..node_count {
            each_edge(model, conversation_count, node, |edge| {
                if let Some(target) = node_of(conversation_count, edge.to) {
                    targets.push(u32_or_max(target));
                }
            });
            starts.push(u32_or_max(targets.len()));
            let winners = model.winners(CommitmentId(node - conversation_count));
            wait_targets.extend(winners.iter().map(|winner| u32_or_max(winner.0)));
            wait_starts.push(u32_or_max(wait_targets.len()));
        }
        let waits_for = Adjacency {
            starts: wait_starts,
            targets: wait_targets,
        };
        let adjacency = Adjacency { starts, targets };
        // Every component is one node, on no cycle, when Kahn's algorithm
        // places every node: Tarjan's bookkeeping is not needed to say so.
        if !is_acyclic(&adjacency) {
            (graph.component, graph.cyclic_component) = strongly_connected(&adjacency);
        }
        drop(adjacency);
        graph.find_cycles(model);
        graph.find_stuck_cycles(model, waits_for);
        graph
            .cycles
            .sort_by_key(|cycle| (cycle.span.start(), cycle.span.end()));
        graph
    }

    fn node(&self, symbol: Symbol) -> Option<usize> {
        node_of(self.conversation_count, symbol)
    }

    fn symbol(&self, node: usize) -> Symbol {
        if node < self.conversation_count {
            Symbol::Conversation(ConversationId(node))
        } else {
            Symbol::Commitment(CommitmentId(node - self.conversation_count))
        }
    }

    /// Every dependency of a declaration, in the order the model gives
    /// them: a conversation's own needs, then those it inherits from each
    /// commitment it wins; a commitment's needs, then the conversation
    /// that alone wins it. Made from the model (the graph keeps no edges).
    pub fn edges_from(&self, model: &Model, symbol: Symbol) -> Vec<Edge> {
        let mut edges = Vec::new();
        if let Some(node) = self.node(symbol).filter(|&node| node < self.node_count) {
            each_edge(model, self.conversation_count, node, |edge| {
                edges.push(edge)
            });
        }
        edges
    }

    /// Every dependency cycle.
    pub fn cycles(&self) -> &[Cycle] {
        &self.cycles
    }

    /// Whether `a` and `b` lie on one dependency cycle.
    pub fn on_one_cycle(&self, a: Symbol, b: Symbol) -> bool {
        let (Some(a), Some(b)) = (self.node(a), self.node(b)) else {
            return false;
        };
        match (self.component.get(a), self.component.get(b)) {
            (Some(x), Some(y)) if x == y => self.cyclic_component.get(*x) == Some(&true),
            _ => false,
        }
    }

    /// Whether the need `need` of a step of `conversation` lies on a cycle.
    pub fn need_on_cycle(&self, conversation: ConversationId, need: Need) -> bool {
        if self.stuck_needs.contains(&(conversation, need)) {
            return true;
        }
        let to = match need {
            Need::Conversation(id) => Symbol::Conversation(id),
            Need::Commitment(id) => Symbol::Commitment(id),
        };
        self.on_one_cycle(Symbol::Conversation(conversation), to)
    }

    /// Cycles of alternatives the declaration graph cannot see: a
    /// conversation needs a commitment that several conversations win, but
    /// each of them needs, in turn, the one asking. A least fixpoint finds
    /// what no order can place: a conversation once each of its needs is
    /// placed, a commitment once any conversation that wins it is (linear,
    /// with counters). The cycles among the rest are reported unless the
    /// declaration graph already has them.
    fn find_stuck_cycles(&mut self, model: &Model, waits_for: Adjacency) {
        let conversations = self.conversation_count;
        let count = self.node_count;
        // Node `n` waits for the nodes `waits_for.of(n)` (the edges
        // themselves are built only when some node is stuck). When nothing
        // waits, however indirectly, on itself, everything is placed (a
        // node once everything it waits for is): Kahn's count over these
        // lists says so without the lists of who waits on whom.
        if is_acyclic(&waits_for) {
            return;
        }
        let waits = |node: usize| waits_for.of(node);
        let is_commitment = |node: usize| node >= conversations;
        // The least fixpoint.
        let mut unmet: Vec<usize> = (0..count)
            .map(|node| {
                let list = waits(node);
                if is_commitment(node) {
                    usize::from(!list.is_empty())
                } else {
                    list.len()
                }
            })
            .collect();
        // Who waits on each node, grouped the same way.
        let targets = |node: usize| waits(node).iter().map(|&target| target as usize);
        let waiting_starts = run_starts(count, (0..count).flat_map(targets));
        let mut waiting_nodes = vec![0usize; waiting_starts.last().copied().unwrap_or(0)];
        let mut next_slot = waiting_starts.clone();
        for node in 0..count {
            for target in targets(node) {
                if let Some(at) = next_slot.get_mut(target) {
                    if let Some(slot) = waiting_nodes.get_mut(*at) {
                        *slot = node;
                    }
                    *at += 1;
                }
            }
        }
        let waiting_on = Adjacency {
            starts: waiting_starts.into_iter().map(u32_or_max).collect(),
            targets: waiting_nodes.into_iter().map(u32_or_max).collect(),
        };
        let mut placed = vec![false; count];
        let mut queue: Vec<usize> = Vec::with_capacity(count);
        queue.extend((0..count).filter(|&node| unmet[node] == 0));
        while let Some(node) = queue.pop() {
            if placed[node] {
                continue;
            }
            placed[node] = true;
            for &waiting in waiting_on.of(node) {
                let waiting = waiting as usize;
                if placed[waiting] || unmet[waiting] == 0 {
                    continue;
                }
                // A conversation waiting twice on one node counts it twice.
                unmet[waiting] -= 1;
                if unmet[waiting] == 0 {
                    queue.push(waiting);
                }
            }
        }
        if placed.iter().all(|&p| p) {
            return;
        }
        self.report_stuck_cycles(model, &placed);
    }

    /// The cycles among the nodes [`DependencyGraph::find_stuck_cycles`]
    /// could not place (`placed` is false for them).
    #[cold]
    #[inline(never)]
    fn report_stuck_cycles(&mut self, model: &Model, placed: &[bool]) {
        let conversations = self.conversation_count;
        let count = self.node_count;
        // What each node waits for: a conversation for all of its needs, a
        // commitment for any one of its winners. Node `n` waits for
        // `wait_edges[wait_starts[n]..wait_starts[n + 1]]`.
        let mut wait_edges: Vec<Edge> =
            Vec::with_capacity(model.step_need_count() + model.win_count());
        let mut wait_starts: Vec<usize> = Vec::with_capacity(count + 1);
        for index in 0..conversations {
            wait_starts.push(wait_edges.len());
            let from = Symbol::Conversation(ConversationId(index));
            for &need in model.step_needs_of(ConversationId(index)).iter() {
                let to = match need.need {
                    Need::Conversation(id) => Symbol::Conversation(id),
                    Need::Commitment(id) => {
                        if model.winners(id).is_empty() {
                            continue; // unwinnable: `P108` speaks
                        }
                        Symbol::Commitment(id)
                    }
                };
                let (kind, span) = match need.origin {
                    NeedOrigin::Own { span } => (EdgeKind::Needs, Some(span)),
                    NeedOrigin::Inherited { via, win_span, .. } => {
                        (EdgeKind::Inherited { via }, Some(win_span))
                    }
                };
                wait_edges.push(Edge {
                    from,
                    to,
                    kind,
                    span,
                });
            }
        }
        for commitment in 0..count.saturating_sub(conversations) {
            wait_starts.push(wait_edges.len());
            let id = CommitmentId(commitment);
            for &winner in model.winners(id) {
                let span = model
                    .conversation(winner)
                    .and_then(|c| c.wins(model).iter().find(|w| w.commitment == id))
                    .map(|w| w.span);
                wait_edges.push(Edge {
                    from: Symbol::Commitment(id),
                    to: Symbol::Conversation(winner),
                    kind: EdgeKind::WonBy,
                    span,
                });
            }
        }
        wait_starts.push(wait_edges.len());
        let waits = |node: usize| -> &[Edge] {
            match (wait_starts.get(node), wait_starts.get(node + 1)) {
                (Some(&start), Some(&end)) => wait_edges.get(start..end).unwrap_or(&[]),
                _ => &[],
            }
        };
        let is_commitment = |node: usize| node >= conversations;
        // Among the stuck, every edge to a stuck node is part of the problem.
        let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); count];
        for node in (0..count).filter(|&n| !placed[n]) {
            for edge in waits(node) {
                if self.node(edge.to).is_some_and(|t| !placed[t]) {
                    edges[node].push(*edge);
                }
            }
        }
        let mut starts = Vec::with_capacity(count + 1);
        let mut targets = Vec::new();
        starts.push(0);
        for list in &edges {
            targets.extend(list.iter().filter_map(|e| self.node(e.to)).map(u32_or_max));
            starts.push(u32_or_max(targets.len()));
        }
        let (component, cyclic) = strongly_connected(&Adjacency { starts, targets });
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); cyclic.len()];
        for node in (0..count).filter(|&n| !placed[n]) {
            if let Some(&c) = component.get(node) {
                if cyclic.get(c) == Some(&true) {
                    members[c].push(node);
                }
            }
        }
        for (c, nodes) in members.iter().enumerate() {
            if nodes.is_empty() {
                continue;
            }
            let inside = |edge: &Edge| {
                node_of(conversations, edge.to).is_some_and(|t| component.get(t) == Some(&c))
            };
            for &node in nodes.iter().filter(|&&n| !is_commitment(n)) {
                for edge in edges[node].iter().filter(|e| inside(e)) {
                    let need = match edge.to {
                        Symbol::Conversation(id) => Need::Conversation(id),
                        Symbol::Commitment(id) => Need::Commitment(id),
                        Symbol::Stakeholder(_) => continue,
                    };
                    self.stuck_needs.insert((ConversationId(node), need));
                }
            }
            // Already reported through the declaration graph?
            let known = nodes.iter().all(|&node| {
                self.component
                    .get(node)
                    .is_some_and(|&main| self.cyclic_component.get(main) == Some(&true))
            });
            if known {
                continue;
            }
            let anchor = nodes
                .iter()
                .flat_map(|&node| edges[node].iter())
                .filter(|edge| inside(edge) && edge.span.is_some())
                .min_by_key(|edge| (edge.kind != EdgeKind::Needs, edge.span));
            let Some(&anchor) = anchor else {
                continue;
            };
            let Some(span) = anchor.span else {
                continue;
            };
            let out = |node: usize| edges.get(node).into_iter().flatten().copied();
            let path = closed_walk_symbols(out, conversations, anchor, |node| {
                component.get(node) == Some(&c)
            });
            let mut symbols: Vec<Symbol> = nodes.iter().map(|&node| self.symbol(node)).collect();
            symbols.sort();
            self.cycles.push(Cycle {
                path,
                members: symbols,
                span,
            });
        }
    }

    /// The cycles of the declaration graph, each walked through the edges
    /// of its members, made again from the model.
    #[cold]
    #[inline(never)]
    fn find_cycles(&mut self, model: &Model) {
        if !self.cyclic_component.contains(&true) {
            return;
        }
        let conversations = self.conversation_count;
        let edges_of = |node: usize| {
            let mut edges = Vec::new();
            each_edge(model, conversations, node, |edge| edges.push(edge));
            edges
        };
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.cyclic_component.len()];
        for (node, &c) in self.component.iter().enumerate() {
            if self.cyclic_component.get(c) == Some(&true) {
                if let Some(list) = members.get_mut(c) {
                    list.push(node);
                }
            }
        }
        let mut cycles = Vec::new();
        for (c, nodes) in members.iter().enumerate() {
            if nodes.is_empty() {
                continue;
            }
            let inside = |edge: &Edge| {
                self.node(edge.to)
                    .and_then(|n| self.component.get(n))
                    .is_some_and(|&other| other == c)
            };
            // The edge to report on: a `needs` reference, else any reference.
            let mut anchor: Option<Edge> = None;
            for &node in nodes {
                for edge in &edges_of(node) {
                    if !inside(edge) || edge.span.is_none() {
                        continue;
                    }
                    let better = match anchor {
                        None => true,
                        Some(current) => {
                            current.kind != EdgeKind::Needs && edge.kind == EdgeKind::Needs
                        }
                    };
                    if better {
                        anchor = Some(*edge);
                    }
                }
            }
            let Some(anchor) = anchor else {
                continue;
            };
            let Some(span) = anchor.span else {
                continue;
            };
            let node_component = &self.component;
            let path = closed_walk_symbols(edges_of, self.conversation_count, anchor, |node| {
                node_component.get(node) == Some(&c)
            });
            let mut member_symbols: Vec<Symbol> = nodes.iter().map(|&n| self.symbol(n)).collect();
            member_symbols.sort();
            cycles.push(Cycle {
                path,
                members: member_symbols,
                span,
            });
        }
        self.cycles = cycles;
    }
}

/// Tarjan's strongly connected components, without recursion: each node's
/// component, and for each component whether it holds a cycle (more than
/// one member, or a node that depends on itself).
/// Whether a graph has no cycle, self-loops included: Kahn's algorithm
/// places every node (most playbooks' declarations form no cycle). Targets
/// past the last node are left out, as in [`strongly_connected`].
fn is_acyclic(adjacency: &Adjacency) -> bool {
    let count = adjacency.len();
    let mut waiting = vec![0u32; count];
    for &target in &adjacency.targets {
        if let Some(count) = waiting.get_mut(target as usize) {
            *count = count.saturating_add(1);
        }
    }
    // Room for every node: each is ready once.
    let mut ready: Vec<u32> = Vec::with_capacity(count);
    ready.extend((0..u32_or_max(count)).filter(|&node| waiting.get(node as usize) == Some(&0)));
    let mut placed = 0;
    while let Some(node) = ready.pop() {
        placed += 1;
        for &target in adjacency.of(node as usize) {
            if let Some(count) = waiting.get_mut(target as usize) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    ready.push(target);
                }
            }
        }
    }
    placed == count
}

fn strongly_connected(adjacency: &Adjacency) -> (Vec<usize>, Vec<bool>) {
    let count = adjacency.len();
    let unvisited = usize::MAX;
    let mut index = vec![unvisited; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack: Vec<usize> = Vec::new();
    let mut component = vec![unvisited; count];
    let mut component_count = 0;
    let mut next_index = 0;
    // (node, next edge to look at)
    let mut work: Vec<(usize, usize)> = Vec::new();
    for root in 0..count {
        if index[root] != unvisited {
            continue;
        }
        work.push((root, 0));
        while let Some(&(node, edge)) = work.last() {
            if edge == 0 && index[node] == unvisited {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = adjacency.of(node).get(edge) {
                let next = next as usize;
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if next >= count {
                    continue;
                }
                if index[next] == unvisited {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = component_count;
                    if member == node {
                        break;
                    }
                }
                component_count += 1;
            }
        }
    }
    let mut sizes = vec![0usize; component_count];
    for &c in &component {
        if let Some(size) = sizes.get_mut(c) {
            *size += 1;
        }
    }
    let mut cyclic: Vec<bool> = sizes.iter().map(|&size| size > 1).collect();
    for node in 0..count {
        if adjacency.of(node).contains(&u32_or_max(node)) {
            if let Some(flag) = component.get(node).and_then(|&c| cyclic.get_mut(c)) {
                *flag = true;
            }
        }
    }
    (component, cyclic)
}

/// Each dependency of node `node` (conversations first, then
/// commitments), in the order the graph takes them: a conversation's own
/// needs, then, for each commitment it wins, that commitment's needs; a
/// commitment's needs, then the conversation that alone wins it, if one
/// does.
fn each_edge(model: &Model, conversations: usize, node: usize, mut visit: impl FnMut(Edge)) {
    if let Some(conversation) = model.conversations.get(node) {
        let from = Symbol::Conversation(ConversationId(node));
        for need in conversation.needs(model) {
            let to = match need.need {
                Need::Conversation(id) => Symbol::Conversation(id),
                Need::Commitment(id) => Symbol::Commitment(id),
            };
            visit(Edge {
                from,
                to,
                kind: EdgeKind::Needs,
                span: Some(need.span),
            });
        }
        for win in conversation.wins(model) {
            let Some(commitment) = model.commitment(win.commitment) else {
                continue;
            };
            for need in &commitment.needs {
                visit(Edge {
                    from,
                    to: Symbol::Commitment(need.commitment),
                    kind: EdgeKind::Inherited {
                        via: win.commitment,
                    },
                    span: Some(win.span),
                });
            }
        }
        return;
    }
    let Some(index) = node.checked_sub(conversations) else {
        return;
    };
    let Some(commitment) = model.commitments.get(index) else {
        return;
    };
    let from = Symbol::Commitment(CommitmentId(index));
    for need in &commitment.needs {
        visit(Edge {
            from,
            to: Symbol::Commitment(need.commitment),
            kind: EdgeKind::Needs,
            span: need.span,
        });
    }
    if let [only] = model.winners(CommitmentId(index)) {
        let span = model
            .conversation(*only)
            .and_then(|c| c.wins(model).iter().find(|w| w.commitment.0 == index))
            .map(|w| w.span);
        visit(Edge {
            from,
            to: Symbol::Conversation(*only),
            kind: EdgeKind::SoleWinner,
            span,
        });
    }
}

/// The index of a conversation or commitment symbol in the graph's nodes.
fn node_of(conversation_count: usize, symbol: Symbol) -> Option<usize> {
    match symbol {
        Symbol::Conversation(id) => Some(id.0),
        Symbol::Commitment(id) => Some(conversation_count + id.0),
        Symbol::Stakeholder(_) => None,
    }
}

/// A closed walk: `anchor`, then the shortest way back to its start among
/// the nodes `inside` accepts (nodes numbered conversations first, then
/// commitments).
///
/// Its memory is the component's, not the graph's: a playbook with many
/// small cycles walks each in time proportional to its own size.
fn closed_walk_symbols<E: IntoIterator<Item = Edge>>(
    edges: impl Fn(usize) -> E,
    conversation_count: usize,
    anchor: Edge,
    inside: impl Fn(usize) -> bool,
) -> Vec<Edge> {
    let node = |symbol: Symbol| node_of(conversation_count, symbol);
    let (Some(start), Some(goal)) = (node(anchor.to), node(anchor.from)) else {
        return vec![anchor];
    };
    if start == goal {
        return vec![anchor];
    }
    // The edge each reached node was reached by (the start: none).
    let mut previous: FxHashMap<usize, Option<Edge>> = FxHashMap::default();
    previous.insert(start, None);
    let mut queue = VecDeque::from([start]);
    while let Some(current) = queue.pop_front() {
        if current == goal {
            break;
        }
        for edge in edges(current) {
            let Some(next) = node(edge.to) else {
                continue;
            };
            if !inside(next) || previous.contains_key(&next) {
                continue;
            }
            previous.insert(next, Some(edge));
            queue.push_back(next);
        }
    }
    let mut path = Vec::new();
    let mut current = goal;
    while current != start {
        let Some(edge) = previous.get(&current).copied().flatten() else {
            break;
        };
        path.push(edge);
        match node(edge.from) {
            Some(from) => current = from,
            None => break,
        }
    }
    path.reverse();
    let mut walk = vec![anchor];
    walk.extend(path);
    walk
}

#[cfg(test)]
mod tests {
    use super::{Edge, EdgeKind};
    use crate::model::{CommitmentId, ConversationId, Symbol};

    const PLAYBOOK: &str = "\
stakeholder dana \"Dana\" { side buyer }
commitment budget \"Budget\" { needs pain }
commitment pain \"Pain\"
conversation discovery \"Discovery\" { with dana wins pain }
conversation pitch \"Pitch\" { with dana needs discovery wins budget }
";

    /// A node's edges are made from the model, in the graph's order: a
    /// conversation's own needs, then what it inherits through each win; a
    /// commitment's needs, then its sole winner.
    #[test]
    fn a_declarations_dependencies_come_from_the_model_in_order() {
        let analysis = crate::analyze(PLAYBOOK);
        let (model, graph) = (&analysis.model, &analysis.graph);
        let symbol = |name: &str| model.lookup(name).expect(name);
        let [discovery, pitch, budget, pain] = ["discovery", "pitch", "budget", "pain"].map(symbol);
        let (Symbol::Commitment(budget_id), Symbol::Commitment(_)) = (budget, pain) else {
            panic!("budget and pain are commitments");
        };
        let ends = |edges: Vec<Edge>| -> Vec<(Symbol, EdgeKind)> {
            edges.iter().map(|edge| (edge.to, edge.kind)).collect()
        };
        assert_eq!(
            ends(graph.edges_from(model, pitch)),
            [
                (discovery, EdgeKind::Needs),
                (pain, EdgeKind::Inherited { via: budget_id }),
            ]
        );
        assert_eq!(
            ends(graph.edges_from(model, budget)),
            [(pain, EdgeKind::Needs), (pitch, EdgeKind::SoleWinner)]
        );
        assert_eq!(
            ends(graph.edges_from(model, pain)),
            [(discovery, EdgeKind::SoleWinner)]
        );
        assert_eq!(ends(graph.edges_from(model, discovery)), []);
        // Each edge leaves the node asked about, and names the text that
        // makes it: the `needs`, the `wins` it is inherited through.
        let edges = graph.edges_from(model, pitch);
        assert!(edges.iter().all(|edge| edge.from == pitch));
        let spans: Vec<&str> = edges
            .iter()
            .map(|edge| &PLAYBOOK[edge.span.expect("a reference").range()])
            .collect();
        assert_eq!(spans, ["discovery", "budget"]);
        // A stakeholder, or a node past the model, has none.
        assert!(graph.edges_from(model, symbol("dana")).is_empty());
        assert!(
            graph
                .edges_from(model, Symbol::Conversation(ConversationId(99)))
                .is_empty()
        );
        assert!(
            graph
                .edges_from(model, Symbol::Commitment(CommitmentId(99)))
                .is_empty()
        );
    }

    /// Without a cycle, the graph keeps no table of components, and no
    /// need lies on a cycle; with one, it does, and the cycle's needs do.
    #[test]
    fn only_a_graph_with_a_cycle_keeps_its_components() {
        let acyclic = crate::analyze(PLAYBOOK);
        assert!(acyclic.graph.component.is_empty());
        assert!(acyclic.graph.cyclic_component.is_empty());
        assert!(acyclic.graph.cycles().is_empty());
        let cyclic = format!(
            "{PLAYBOOK}conversation a \"A\" {{ with dana needs b }}\n\
             conversation b \"B\" {{ with dana needs a }}\n"
        );
        let analysis = crate::analyze(&cyclic);
        let (model, graph) = (&analysis.model, &analysis.graph);
        assert_eq!(
            graph.component.len(),
            model.conversations.len() + model.commitments.len()
        );
        assert_eq!(graph.cycles().len(), 1);
        let id = |name: &str| match model.lookup(name) {
            Some(Symbol::Conversation(id)) => id,
            other => panic!("{name}: {other:?}"),
        };
        assert!(graph.need_on_cycle(id("a"), crate::model::Need::Conversation(id("b"))));
        assert!(!graph.need_on_cycle(
            id("pitch"),
            crate::model::Need::Conversation(id("discovery"))
        ));
    }

    /// The components found from each conversation's step needs (each
    /// once) are those of the graph's edges (an inherited need that is also
    /// the conversation's own is two edges): the same cycles, numbered
    /// alike.
    #[test]
    fn components_from_the_step_needs_are_those_of_the_edges() {
        let cyclic = "\
stakeholder dana \"Dana\" { side buyer }
commitment budget \"Budget\" { needs pain }
commitment pain \"Pain\" { needs budget }
conversation a \"A\" { with dana  needs b, pain  wins budget }
conversation b \"B\" { with dana  needs a }
conversation c \"C\" { with dana  needs c }
conversation d \"D\" { with dana  wins pain  needs budget }
commitment gate \"Gate\" { needs key }
commitment key \"Key\"
conversation e \"E\" { with dana  wins gate }
conversation f \"F\" { with dana  wins key  needs e }
";
        let texts = [
            PLAYBOOK,
            cyclic,
            include_str!("../../../examples/acme.parley"),
            include_str!("../../../examples/county-rfp.parley"),
        ];
        for (round, text) in texts.into_iter().enumerate() {
            let analysis = crate::analyze(text);
            let (model, graph) = (&analysis.model, &analysis.graph);
            let conversations = model.conversations.len();
            let count = conversations + model.commitments.len();
            let mut starts = vec![0];
            let mut targets = Vec::new();
            for node in 0..count {
                super::each_edge(model, conversations, node, |edge| {
                    if let Some(target) = super::node_of(conversations, edge.to) {
                        targets.push(crate::model::u32_or_max(target));
                    }
                });
                starts.push(crate::model::u32_or_max(targets.len()));
            }
            let edges = super::Adjacency { starts, targets };
            if super::is_acyclic(&edges) {
                assert!(graph.component.is_empty(), "playbook {round}");
            } else {
                let (component, cyclic) = super::strongly_connected(&edges);
                assert_eq!(
                    (&graph.component, &graph.cyclic_component),
                    (&component, &cyclic),
                    "playbook {round}"
                );
            }
        }
        // The cyclic playbook: `c` on itself; `a`, `b`, `d`, `budget` and
        // `pain` in one component (each commitment needs the other, and is
        // won by `a` or `d` alone, which need it back); and `e`, `key` and
        // `f` through a need `e` only inherits (from `gate`, which it wins).
        let analysis = crate::analyze(cyclic);
        let mut sizes: Vec<usize> = analysis
            .graph
            .cycles()
            .iter()
            .map(|cycle| cycle.members.len())
            .collect();
        sizes.sort_unstable();
        assert_eq!(sizes, [1, 3, 5]);
    }
}
