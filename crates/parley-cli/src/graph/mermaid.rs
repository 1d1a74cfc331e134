//! The scene as a Mermaid flowchart: `flowchart LR`, one subgraph per lane
//! (`direction LR`), the same arrows as the DOT picture (solid: order,
//! dashed: needs, a plain line: the same step in both lanes, coloured and
//! labelled with the code: a conflict). Nodes with findings take a class per
//! severity; links are coloured by index with `linkStyle`.

use std::fmt::Write;

use parley_syntax::Severity;

use super::{EdgeKind, Scene, severity_color, worst};

pub(super) fn render(scene: &Scene) -> String {
    let mut out = String::new();
    // The title is YAML front matter: a double-quoted YAML string.
    let title = scene.title.replace('\\', "\\\\").replace('"', "\\\"");
    let _ = writeln!(out, "---\ntitle: \"{title}\"\n---");
    out.push_str("flowchart LR\n");
    // Link statements are numbered in the order they appear.
    let mut links = 0usize;
    let mut link_styles: Vec<(usize, String)> = Vec::new();
    for lane in &scene.lanes {
        let mut title = text(&lane.title);
        for finding in &lane.findings {
            let _ = write!(title, " · {}", finding.code);
        }
        let _ = writeln!(out, "  subgraph {} [\"{title}\"]", lane.key);
        out.push_str("    direction LR\n");
        for node in &lane.nodes {
            let name = match node.number {
                Some(number) => format!("{number} {}", node.name),
                None => node.name.clone(),
            };
            let mut label = format!("<b>{}</b><br/>{}", text(&name), text(&node.detail));
            if !node.findings.is_empty() {
                let codes: Vec<&str> = node.findings.iter().map(|f| f.code).collect();
                let _ = write!(label, "<br/>{}", codes.join(" "));
            }
            let _ = writeln!(out, "    {}[\"{label}\"]", node.id);
        }
        for edge in scene
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Sequence && lane.nodes.iter().any(|n| n.id == e.from))
        {
            let _ = writeln!(out, "    {} --> {}", edge.from, edge.to);
            links += 1;
        }
        out.push_str("  end\n");
    }
    for edge in &scene.edges {
        let (statement, style) = match edge.kind {
            EdgeKind::Sequence => continue,
            EdgeKind::Dependency => (
                format!("{} -.-> {}", edge.from, edge.to),
                Some("stroke:#888888".to_string()),
            ),
            EdgeKind::Shared { .. } => (
                format!("{} --- {}", edge.from, edge.to),
                Some("stroke:#999999,stroke-dasharray:2 3".to_string()),
            ),
            EdgeKind::Conflict(finding) => (
                format!("{} -. {} .-> {}", edge.from, finding.code, edge.to),
                Some(format!(
                    "stroke:{color},color:{color},stroke-width:2px",
                    color = finding.color()
                )),
            ),
        };
        let _ = writeln!(out, "  {statement}");
        if let Some(style) = style {
            link_styles.push((links, style));
        }
        links += 1;
    }
    // One `linkStyle` per style, listing its links.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for (index, style) in link_styles {
        match grouped.iter_mut().find(|(known, _)| *known == style) {
            Some((_, indices)) => indices.push(index.to_string()),
            None => grouped.push((style, vec![index.to_string()])),
        }
    }
    for (style, indices) in grouped {
        let _ = writeln!(out, "  linkStyle {} {style}", indices.join(","));
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Hint] {
        let ids: Vec<&str> = scene
            .lanes
            .iter()
            .flat_map(|lane| &lane.nodes)
            .filter(|node| worst(&node.findings).map(class_severity) == Some(severity))
            .map(|node| node.id.as_str())
            .collect();
        if ids.is_empty() {
            continue;
        }
        let name = class_name(severity);
        let _ = writeln!(
            out,
            "  classDef {name} stroke:{},stroke-width:3px",
            severity_color(severity)
        );
        let _ = writeln!(out, "  class {} {name}", ids.join(","));
    }
    let waived: Vec<&str> = scene
        .lanes
        .iter()
        .flat_map(|lane| &lane.nodes)
        .filter(|node| node.waived)
        .map(|node| node.id.as_str())
        .collect();
    if !waived.is_empty() {
        out.push_str("  classDef waived stroke-dasharray:4 3,color:#888888\n");
        let _ = writeln!(out, "  class {} waived", waived.join(","));
    }
    out
}

/// Infos draw as hints.
fn class_severity(severity: Severity) -> Severity {
    match severity {
        Severity::Info => Severity::Hint,
        other => other,
    }
}

fn class_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "hint",
    }
}

/// Text inside a quoted Mermaid label: quotes and angle brackets as entities.
fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            _ => out.push(ch),
        }
    }
    out
}
