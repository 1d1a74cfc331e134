//! `parley graph`: draws the seller's and the buyer's processes as two swim
//! lanes (Graphviz DOT clusters or Mermaid subgraphs), left to right.
//!
//! What a reader sees:
//! - each lane's steps in order (solid arrows), numbered, with what each
//!   step wins and how long it takes; waived conversations greyed, dashed;
//! - dependencies inside a lane (dashed arrows: the step that meets a need,
//!   to the step that has it);
//! - each step both processes hold, linked across the lanes (dotted); where
//!   the orders agree the two are drawn one above the other;
//! - every diagnostic the checker reports, in colour with its code (red for
//!   errors, orange for warnings, blue for hints), on the step, lane or
//!   conversation it points at, and as an arrow of that colour from each
//!   step its labels name (`P101`: from the step of the other process that
//!   would meet the need).
//!
//! The picture is built once as a [`Scene`]; `graph/dot.rs` and
//! `graph/mermaid.rs` only write it out. Like `parley plan`, a playbook
//! with syntax or name errors is not drawn (exit 1, see `plan.rs`).

mod dot;
mod mermaid;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use parley_check::timeline::duration_text;
use parley_check::{Analysis, Model, Process};
use parley_syntax::ast::Side;
use parley_syntax::{Diagnostic, Severity, Span};

use crate::plan::load;

/// Draw both processes, their dependencies and their conflicts.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Examples:
  parley graph examples/acme.parley | dot -Tsvg > acme.svg
  parley graph --format mermaid examples/acme.parley > acme.mmd

Solid arrows: each process's order. Dashed: a need and the step meeting it.
Dotted: the same step in both processes. Red, orange, blue: the checker's
errors, warnings and hints, with their codes.
Exit status: 0 drawn, 1 the playbook has syntax or name errors (run
`parley check`), 2 could not run.")]
pub struct GraphArgs {
    /// The playbook to draw; `-` reads stdin.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// Output format: Graphviz DOT or a Mermaid flowchart.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    format: GraphFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
}

pub fn run(args: GraphArgs) -> ExitCode {
    let analysis = match load("graph", &args.file) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let scene = Scene::new(&analysis);
    let text = match args.format {
        GraphFormat::Dot => dot::render(&scene),
        GraphFormat::Mermaid => mermaid::render(&scene),
    };
    crate::streams::print(&text)
}

/// A diagnostic as the picture shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub code: &'static str,
    pub severity: Severity,
}

impl Finding {
    /// The colour of a severity.
    pub fn color(self) -> &'static str {
        severity_color(self.severity)
    }
}

pub(crate) fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#d62728",
        Severity::Warning => "#ff7f0e",
        Severity::Info | Severity::Hint => "#1f77b4",
    }
}

/// The most severe of some findings.
pub(crate) fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).min()
}

/// One box in a lane.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// `s3`: the lane's letter and the item's index.
    pub id: String,
    /// From 1 in the lane; `None` for a waived conversation.
    pub number: Option<usize>,
    pub name: String,
    /// What it wins and how long it takes: `change · 2w`.
    pub detail: String,
    pub waived: bool,
    pub findings: Vec<Finding>,
}

/// One process.
#[derive(Clone, Debug)]
pub(crate) struct Lane {
    /// `seller` or `buyer`.
    pub key: &'static str,
    pub title: String,
    /// Steps in order, then waived conversations.
    pub nodes: Vec<Node>,
    /// Diagnostics on the process itself (its header).
    pub findings: Vec<Finding>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EdgeKind {
    /// One step after the other in a process.
    Sequence,
    /// `to` needs what `from` wins (or `from` itself).
    Dependency,
    /// The same conversation in both processes; `aligned` when the orders
    /// agree on it, so the two are drawn one above the other.
    Shared { aligned: bool },
    /// A diagnostic on `to` whose label names `from`.
    Conflict(Finding),
}

#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
}

/// The whole picture.
#[derive(Clone, Debug)]
pub(crate) struct Scene {
    pub title: String,
    pub lanes: Vec<Lane>,
    pub edges: Vec<Edge>,
    /// Diagnostics that point at nothing drawn.
    pub loose: Vec<Finding>,
}

impl Scene {
    pub fn new(analysis: &Analysis) -> Scene {
        let model = &analysis.model;
        let mut scene = Scene {
            title: model
                .playbook
                .title
                .as_deref()
                .unwrap_or("Untitled playbook")
                .to_string(),
            lanes: Vec::new(),
            edges: Vec::new(),
            loose: Vec::new(),
        };
        for process in model.processes() {
            scene.add_lane(model, process);
        }
        scene.link_shared_steps(model);
        for diagnostic in &analysis.diagnostics {
            scene.add_finding(model, diagnostic);
        }
        scene
    }

    fn add_lane(&mut self, model: &Model, process: &Process) {
        let key = process.side.as_str();
        let letter = lane_letter(process.side);
        let mut nodes = Vec::new();
        for (index, step) in process.steps.iter().enumerate() {
            let conversation = model.conversation(step.conversation);
            let wins: Vec<&str> = conversation
                .map(|c| {
                    c.wins(model)
                        .iter()
                        .map(|w| model.commitment_name(w.commitment))
                        .collect()
                })
                .unwrap_or_default();
            let takes = conversation.and_then(|c| c.takes).unwrap_or(1);
            let mut detail = wins.join(", ");
            if !detail.is_empty() {
                detail.push_str(" · ");
            }
            detail.push_str(&duration_text(takes));
            nodes.push(Node {
                id: format!("{letter}{index}"),
                number: Some(index + 1),
                name: model.conversation_name(step.conversation).to_string(),
                detail,
                waived: false,
                findings: Vec::new(),
            });
            if index > 0 {
                self.edges.push(Edge {
                    from: format!("{letter}{}", index - 1),
                    to: format!("{letter}{index}"),
                    kind: EdgeKind::Sequence,
                });
            }
            // Each need met earlier in this process: from the first step meeting it.
            for need in model.step_needs_of(step.conversation).iter() {
                let provider = process
                    .steps
                    .iter()
                    .take(index)
                    .position(|earlier| model.meets(earlier.conversation, need.need));
                if let Some(provider) = provider {
                    let edge = Edge {
                        from: format!("{letter}{provider}"),
                        to: format!("{letter}{index}"),
                        kind: EdgeKind::Dependency,
                    };
                    if !self.has_edge(&edge) {
                        self.edges.push(edge);
                    }
                }
            }
        }
        for (index, waiver) in process.waivers.iter().enumerate() {
            nodes.push(Node {
                id: format!("{letter}w{index}"),
                number: None,
                name: model.conversation_name(waiver.conversation).to_string(),
                detail: "waived".to_string(),
                waived: true,
                findings: Vec::new(),
            });
        }
        self.lanes.push(Lane {
            key,
            title: match process.side {
                Side::Seller => "Seller's process".to_string(),
                Side::Buyer => "Buyer's process".to_string(),
            },
            nodes,
            findings: Vec::new(),
        });
    }

    fn has_edge(&self, edge: &Edge) -> bool {
        self.edges
            .iter()
            .any(|e| e.from == edge.from && e.to == edge.to && e.kind == edge.kind)
    }

    /// Links each step both processes hold; aligns those on which the
    /// orders agree (in the lead's order, each whose place in the other
    /// process comes after the last aligned one's).
    fn link_shared_steps(&mut self, model: &Model) {
        let lead_side = model.playbook.lead;
        let (Some(lead), Some(other)) =
            (model.process(lead_side), model.process(lead_side.other()))
        else {
            return;
        };
        let mut last_aligned: Option<usize> = None;
        for (index, step) in lead.steps.iter().enumerate() {
            let Some(position) = other.position(step.conversation) else {
                continue;
            };
            let aligned = last_aligned.is_none_or(|last| position > last);
            if aligned {
                last_aligned = Some(position);
            }
            let (seller, buyer) = match lead_side {
                Side::Seller => (index, position),
                Side::Buyer => (position, index),
            };
            self.edges.push(Edge {
                from: format!("s{seller}"),
                to: format!("b{buyer}"),
                kind: EdgeKind::Shared { aligned },
            });
        }
    }

    /// Places one diagnostic: on the nodes its span points at, as arrows
    /// from the nodes its labels point at, on a lane, or loose.
    fn add_finding(&mut self, model: &Model, diagnostic: &Diagnostic) {
        if diagnostic.code.starts_with('E') || diagnostic.code.starts_with('N') {
            return;
        }
        let finding = Finding {
            code: diagnostic.code,
            severity: diagnostic.severity,
        };
        let mut targets = step_nodes_at(model, diagnostic.span);
        if targets.is_empty() {
            targets = conversation_nodes_at(model, diagnostic.span);
        }
        if targets.is_empty() {
            let lane = model
                .processes()
                .find(|p| p.header.contains_span(diagnostic.span));
            match lane.and_then(|p| self.lanes.iter_mut().find(|l| l.key == p.side.as_str())) {
                Some(lane) => push_once(&mut lane.findings, finding),
                None => push_once(&mut self.loose, finding),
            }
            return;
        }
        for lane in &mut self.lanes {
            for node in &mut lane.nodes {
                if targets.contains(&node.id) {
                    push_once(&mut node.findings, finding);
                }
            }
        }
        for label in &diagnostic.labels {
            for from in step_nodes_at(model, label.span) {
                for to in &targets {
                    if from == *to {
                        continue;
                    }
                    let edge = Edge {
                        from: from.clone(),
                        to: to.clone(),
                        kind: EdgeKind::Conflict(finding),
                    };
                    if !self.has_edge(&edge) {
                        self.edges.push(edge);
                    }
                }
            }
        }
    }
}

/// Adds a finding once, keeping the most severe first, then by code.
fn push_once(findings: &mut Vec<Finding>, finding: Finding) {
    if !findings.contains(&finding) {
        findings.push(finding);
        findings.sort_by_key(|f| (f.severity, f.code));
    }
}

fn lane_letter(side: Side) -> char {
    match side {
        Side::Seller => 's',
        Side::Buyer => 'b',
    }
}

/// The nodes of the steps (or repeats, or waivers) whose span holds `span`.
fn step_nodes_at(model: &Model, span: Span) -> Vec<String> {
    let mut nodes = Vec::new();
    for process in model.processes() {
        let letter = lane_letter(process.side);
        for (index, step) in process.steps.iter().enumerate() {
            if step.span.contains_span(span) {
                nodes.push(format!("{letter}{index}"));
            }
        }
        for (repeat, first) in &process.repeats {
            if repeat.span.contains_span(span) {
                nodes.push(format!("{letter}{first}"));
            }
        }
        for (index, waiver) in process.waivers.iter().enumerate() {
            if waiver.span.contains_span(span) {
                nodes.push(format!("{letter}w{index}"));
            }
        }
    }
    nodes
}

/// The nodes of every step of the conversation whose declaration holds `span`.
fn conversation_nodes_at(model: &Model, span: Span) -> Vec<String> {
    let Some(conversation) = model
        .conversations
        .iter()
        .position(|c| c.span.contains_span(span))
    else {
        return Vec::new();
    };
    let mut nodes = Vec::new();
    for process in model.processes() {
        let letter = lane_letter(process.side);
        for (index, step) in process.steps.iter().enumerate() {
            if step.conversation.0 == conversation {
                nodes.push(format!("{letter}{index}"));
            }
        }
    }
    nodes
}
