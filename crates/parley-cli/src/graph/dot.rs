//! The scene as Graphviz DOT: `rankdir=LR`, one cluster per lane, HTML-like
//! labels (the step in bold, what it wins and takes, its codes in colour),
//! `ordering=out` so each lane keeps its order from one run to the next.
//! Only the order inside a lane and the aligned shared steps shape the
//! layout (`newrank` ranks them together across the lanes); dependencies
//! and conflicts are drawn with `constraint=false`, so forty steps still
//! lay out as two rows.

use std::fmt::Write;

use super::{EdgeKind, Finding, Node, Scene, severity_color, worst};

pub(super) fn render(scene: &Scene) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph parley {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, ordering=out, nodesep=0.25, ranksep=0.3, fontname=\"Helvetica\", fontsize=14, labelloc=t, label=<{}>];",
        title(scene)
    );
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#555555\", fontname=\"Helvetica\", fontsize=10, margin=\"0.1,0.05\"];\n");
    out.push_str(
        "  edge [color=\"#555555\", arrowsize=0.6, fontname=\"Helvetica\", fontsize=9];\n",
    );
    for lane in &scene.lanes {
        let _ = writeln!(out, "\n  subgraph cluster_{} {{", lane.key);
        let mut label = format!("<b>{}</b>", html(&lane.title));
        if !lane.findings.is_empty() {
            let _ = write!(label, "  {}", codes(&lane.findings));
        }
        let color = worst(&lane.findings).map_or("#bbbbbb", severity_color);
        let _ = writeln!(
            out,
            "    label=<{label}>; labeljust=l; style=rounded; color=\"{color}\"; fontsize=12;"
        );
        for node in &lane.nodes {
            let _ = writeln!(out, "    {}", node_statement(node));
        }
        for edge in scene
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Sequence && lane.nodes.iter().any(|n| n.id == e.from))
        {
            let _ = writeln!(out, "    {} -> {} [weight=10];", edge.from, edge.to);
        }
        // Waived conversations sit after the last step.
        let last_step = lane.nodes.iter().rev().find(|n| !n.waived);
        if let Some(last) = last_step {
            for node in lane.nodes.iter().filter(|n| n.waived) {
                let _ = writeln!(out, "    {} -> {} [style=invis];", last.id, node.id);
            }
        }
        out.push_str("  }\n");
    }
    let mut wrote_heading = false;
    for edge in &scene.edges {
        let statement = match edge.kind {
            EdgeKind::Sequence => continue,
            EdgeKind::Dependency => format!(
                "{} -> {} [style=dashed, color=\"#888888\", constraint=false];",
                edge.from, edge.to
            ),
            EdgeKind::Shared { aligned: true } => format!(
                "{{ rank=same; {}; {}; }}\n  {} -> {} [dir=none, style=dotted, color=\"#999999\"];",
                edge.from, edge.to, edge.from, edge.to
            ),
            EdgeKind::Shared { aligned: false } => format!(
                "{} -> {} [dir=none, style=dotted, color=\"#999999\", constraint=false];",
                edge.from, edge.to
            ),
            EdgeKind::Conflict(finding) => format!(
                "{} -> {} [color=\"{color}\", fontcolor=\"{color}\", penwidth=1.5, label=\"{}\", constraint=false];",
                edge.from,
                edge.to,
                finding.code,
                color = finding.color()
            ),
        };
        if !wrote_heading {
            out.push('\n');
            wrote_heading = true;
        }
        let _ = writeln!(out, "  {statement}");
    }
    out.push_str("}\n");
    out
}

fn title(scene: &Scene) -> String {
    let mut title = format!("<b>{}</b>", html(&scene.title));
    if !scene.loose.is_empty() {
        let _ = write!(title, "<br/>{}", codes(&scene.loose));
    }
    title
}

fn node_statement(node: &Node) -> String {
    let name = match node.number {
        Some(number) => format!("{number} {}", node.name),
        None => node.name.clone(),
    };
    let mut label = format!("<b>{}</b><br/>{}", html(&name), html(&node.detail));
    if !node.findings.is_empty() {
        let _ = write!(label, "<br/>{}", codes(&node.findings));
    }
    let mut attributes = format!("label=<{label}>");
    if node.waived {
        attributes.push_str(", style=\"rounded,dashed\", fontcolor=\"#888888\", color=\"#aaaaaa\"");
    }
    if let Some(severity) = worst(&node.findings) {
        let _ = write!(
            attributes,
            ", color=\"{}\", penwidth=2",
            severity_color(severity)
        );
    }
    format!("{} [{attributes}];", node.id)
}

/// The codes, each in its colour.
fn codes(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("<font color=\"{}\">{}</font>", f.color(), f.code))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text inside an HTML-like label.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_text_is_escaped() {
        assert_eq!(html("a<b> & \"c\""), "a&lt;b&gt; &amp; &quot;c&quot;");
    }
}
