//! The dependency graph over declarations: a conversation needs what its
//! `needs` names and what the commitments it wins need; a commitment needs
//! its prerequisites (built-ins included); and a commitment that only one
//! conversation wins depends on that conversation. Its strongly connected
//! components (Tarjan, iterative) are the dependency cycles of `P106`.

use std::collections::VecDeque;

use parley_syntax::Span;

use crate::model::{CommitmentId, ConversationId, Model, Need, Symbol};

/// Why one declaration depends on another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A conversation's or commitment's own `needs`.
    Needs,
    /// A conversation inherits the needs of a commitment it wins.
    Inherited { via: CommitmentId },
    /// A commitment only this conversation wins.
    SoleWinner,
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
#[derive(Clone, Debug, Default)]
pub struct DependencyGraph {
    conversation_count: usize,
    edges: Vec<Vec<Edge>>,
    component: Vec<usize>,
    cyclic_component: Vec<bool>,
    cycles: Vec<Cycle>,
}

impl DependencyGraph {
    pub fn new(model: &Model) -> DependencyGraph {
        let conversation_count = model.conversations.len();
        let node_count = conversation_count + model.commitments.len();
        let mut graph = DependencyGraph {
            conversation_count,
            edges: vec![Vec::new(); node_count],
            ..DependencyGraph::default()
        };
        for (index, conversation) in model.conversations.iter().enumerate() {
            let from = Symbol::Conversation(ConversationId(index));
            for need in &conversation.needs {
                let to = match need.need {
                    Need::Conversation(id) => Symbol::Conversation(id),
                    Need::Commitment(id) => Symbol::Commitment(id),
                };
                graph.add(Edge {
                    from,
                    to,
                    kind: EdgeKind::Needs,
                    span: Some(need.span),
                });
            }
            for win in &conversation.wins {
                let Some(commitment) = model.commitment(win.commitment) else {
                    continue;
                };
                for need in &commitment.needs {
                    graph.add(Edge {
                        from,
                        to: Symbol::Commitment(need.commitment),
                        kind: EdgeKind::Inherited {
                            via: win.commitment,
                        },
                        span: Some(win.span),
                    });
                }
            }
        }
        for (index, commitment) in model.commitments.iter().enumerate() {
            let from = Symbol::Commitment(CommitmentId(index));
            for need in &commitment.needs {
                graph.add(Edge {
                    from,
                    to: Symbol::Commitment(need.commitment),
                    kind: EdgeKind::Needs,
                    span: need.span,
                });
            }
            if let [only] = model.winners(CommitmentId(index)) {
                let span = model
                    .conversation(*only)
                    .and_then(|c| c.wins.iter().find(|w| w.commitment.0 == index))
                    .map(|w| w.span);
                graph.add(Edge {
                    from,
                    to: Symbol::Conversation(*only),
                    kind: EdgeKind::SoleWinner,
                    span,
                });
            }
        }
        graph.find_components();
        graph.find_cycles();
        graph
    }

    fn node(&self, symbol: Symbol) -> Option<usize> {
        match symbol {
            Symbol::Conversation(id) => Some(id.0),
            Symbol::Commitment(id) => Some(self.conversation_count + id.0),
            Symbol::Stakeholder(_) => None,
        }
    }

    fn symbol(&self, node: usize) -> Symbol {
        if node < self.conversation_count {
            Symbol::Conversation(ConversationId(node))
        } else {
            Symbol::Commitment(CommitmentId(node - self.conversation_count))
        }
    }

    fn add(&mut self, edge: Edge) {
        if let Some(list) = self.node(edge.from).and_then(|n| self.edges.get_mut(n)) {
            list.push(edge);
        }
    }

    /// Every dependency of a declaration.
    pub fn edges_from(&self, symbol: Symbol) -> &[Edge] {
        self.node(symbol)
            .and_then(|n| self.edges.get(n))
            .map_or(&[], Vec::as_slice)
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
        let to = match need {
            Need::Conversation(id) => Symbol::Conversation(id),
            Need::Commitment(id) => Symbol::Commitment(id),
        };
        self.on_one_cycle(Symbol::Conversation(conversation), to)
    }

    /// Tarjan's algorithm without recursion.
    fn find_components(&mut self) {
        let count = self.edges.len();
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
                let targets = &self.edges[node];
                if let Some(target) = targets.get(edge) {
                    if let Some(top) = work.last_mut() {
                        top.1 += 1;
                    }
                    let Some(next) = self.node(target.to) else {
                        continue;
                    };
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
        for (node, edges) in self.edges.iter().enumerate() {
            if edges.iter().any(|edge| self.node(edge.to) == Some(node)) {
                if let Some(flag) = component.get(node).and_then(|&c| cyclic.get_mut(c)) {
                    *flag = true;
                }
            }
        }
        self.component = component;
        self.cyclic_component = cyclic;
    }

    fn find_cycles(&mut self) {
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
                for edge in &self.edges[node] {
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
            let path = self.walk_back(anchor, c);
            let mut member_symbols: Vec<Symbol> = nodes.iter().map(|&n| self.symbol(n)).collect();
            member_symbols.sort();
            cycles.push(Cycle {
                path,
                members: member_symbols,
                span,
            });
        }
        cycles.sort_by_key(|cycle| (cycle.span.start, cycle.span.end));
        self.cycles = cycles;
    }

    /// A closed walk: `anchor`, then the shortest way back to its start
    /// inside the component (breadth-first).
    fn walk_back(&self, anchor: Edge, component: usize) -> Vec<Edge> {
        let (Some(start), Some(goal)) = (self.node(anchor.to), self.node(anchor.from)) else {
            return vec![anchor];
        };
        if start == goal {
            return vec![anchor];
        }
        let mut previous: Vec<Option<Edge>> = vec![None; self.edges.len()];
        let mut seen = vec![false; self.edges.len()];
        let mut queue = VecDeque::from([start]);
        if let Some(flag) = seen.get_mut(start) {
            *flag = true;
        }
        while let Some(node) = queue.pop_front() {
            if node == goal {
                break;
            }
            for edge in &self.edges[node] {
                let Some(next) = self.node(edge.to) else {
                    continue;
                };
                if self.component.get(next) != Some(&component) || seen.get(next) != Some(&false) {
                    continue;
                }
                seen[next] = true;
                previous[next] = Some(*edge);
                queue.push_back(next);
            }
        }
        let mut path = Vec::new();
        let mut node = goal;
        while node != start {
            let Some(edge) = previous.get(node).copied().flatten() else {
                break;
            };
            path.push(edge);
            match self.node(edge.from) {
                Some(from) => node = from,
                None => break,
            }
        }
        path.reverse();
        let mut walk = vec![anchor];
        walk.extend(path);
        walk
    }
}
