//! Awkward playbooks the formatter's tests share: every one parses, and each
//! stresses one part of the layout. Each test target uses a part of it.

#![allow(dead_code)]

pub mod generate;

/// `(name, text)`: the name is the snapshot's.
pub const AWKWARD: &[(&str, &str)] = &[
    (
        "acme_messy",
        r#"/// Expansion into Acme's data platform team.
playbook "Acme Corp data platform"   starts 2027-01-11
stakeholder dana "Dana Reyes, CFO" {
side buyer
      role economic-buyer
  compelled low }
stakeholder sam "Sam Ortiz" { side seller role account-executive }
conversation discovery "Discovery: current state and cost of inaction" {
    with omar owner sam
    wins explore takes 1w
}
conversation case-for-change "Make the case for change" { with omar,dana needs discovery wins change takes 2w by 2027-03-31 }
process seller { discovery case-for-change }
process buyer {
    discovery
    waive case-for-change "the buyer already knows"
}
"#,
    ),
    (
        "comments_everywhere",
        r#"// Before everything.

// A second paragraph of the header comment.
playbook "Comments" // after the title
// between the title and a header field
starts 2027-01-11 // after the date
lead buyer
// after the header
stakeholder dana "Dana" { // after the brace
  // before the first field
  side buyer // after a field
  // between fields
  role champion
  // after the last field
} // after the closing brace
// directly before a declaration
conversation discovery "Discovery" {
  with dana, // after a comma
       sam // after the last name
  wins // right after a key
    explore
}
stakeholder sam "Sam" {
  // only a comment in here
}
process seller {
  // before the first step
  discovery // after a step
  // between steps

  // after a blank line
  discovery negotiated // after a marker
  // after the last step
}
// at the very end
"#,
    ),
    (
        "doc_comments",
        r#"/// The playbook.
/// Two lines of it.
playbook "Docs"
/// A stakeholder.
stakeholder dana "Dana" {
  side buyer
}
    /// An indented doc comment.
conversation discovery "Discovery" {
  with dana
}
//// Four slashes: a plain comment.
/// The process.

process seller {
  discovery
}
"#,
    ),
    (
        "crlf",
        "playbook \"Windows\"\r\nstarts 2027-01-11\r\n// a comment\r\nstakeholder dana \"Dana\" {\r\n    side buyer   \r\n  role champion // trailing\r\n}\r\n\r\n\r\n\r\nprocess seller {\r\n  discovery\r\n\r\n\r\n  signature\r\n}",
    ),
    (
        "cr_only",
        "playbook \"Old line endings\"\r// a comment\rstakeholder dana \"Dana\" {\r    side buyer   \r}\r\r\r\rprocess seller { discovery }",
    ),
    (
        "bom",
        "\u{feff}playbook \"With a byte-order mark\"\nstakeholder dana \"Dana\" { side buyer }\n",
    ),
    (
        "empty_blocks",
        r#"stakeholder a "A" {}
stakeholder b "B" { }
stakeholder c "C" {


}
commitment budget "Budget approved"
commitment legal "Legal review" {}
commitment security "Security review" { // why it is empty
}
process buyer {}
process seller {
}
"#,
    ),
    (
        "long_lists",
        r#"conversation committee "Buying committee alignment with every stakeholder we know of" {
  with omar,dana ,priya , lee,kim,   ana, bob, carla, dmitri, elena, farid, gwen, hiro, ines, jon, kofi, lena, marco
  needs discovery,case-for-change,co-design,committee-prep,security-review,legal-review,procurement-intro
  wins consensus, invest, review, access, resolve
}
"#,
    ),
    (
        "unicode",
        r#"playbook "Ünïcödé: 日本語の商談 🤝"
stakeholder zoë "Zoë Ærøskøbing, CFO" {   side buyer   }
stakeholder 田中 "田中 太郎 \"部長\"" { side buyer role champion }
conversation größe "Größe \\ Maß 👩🏽‍💼" { with zoë, 田中 wins explore }
process buyer { größe }
"#,
    ),
    (
        "one_line",
        r#"playbook "One line" starts 2027-01-11 lead seller stakeholder dana "Dana" { side buyer role economic-buyer compelled low } stakeholder sam "Sam" { side seller } conversation discovery "Discovery" { with dana owner sam wins explore takes 1w } conversation signature "Signature" { with dana needs discovery wins decide by 2027-03-31 } commitment budget "Budget" { needs change } process seller { discovery signature negotiated accelerate } process buyer { waive discovery "done last year" signature decelerate quiet after discovery until signature }"#,
    ),
    (
        "extra_blank_lines",
        "\n\n\nplaybook \"Blank lines\"\n\n\nstarts 2027-01-11\n\n\n\nstakeholder dana \"Dana\" {\n\n  side buyer\n\n\n  role champion\n\n}\n\n\n\n\nprocess seller {\n\n\n  discovery\n  committee\n\n\n\n  proposal\n\n  signature\n\n\n}\n\n\n\n",
    ),
    (
        "tabs_and_trailing_spaces",
        "playbook \"Tabs\"\t \nstakeholder dana \"Dana\" {\t\n\tside buyer\t\t\n\trole champion // trailing spaces after a comment   \t\n}   \n",
    ),
    (
        "process_items",
        r#"process buyer {
rfp   accelerate
  quiet   after rfp   until    proposal
    proposal negotiated
waive    discovery    "the buyer ran its own discovery"
  signature   negotiated   decelerate
}
"#,
    ),
    (
        "comment_only",
        "   // only a comment   \n\n\n// and another\n\n",
    ),
    (
        "no_final_newline",
        "stakeholder dana \"Dana\" {\n  side buyer\n}",
    ),
    (
        "declarations_without_blank_lines",
        "commitment budget \"Budget\"\ncommitment legal \"Legal\"\n// leads the next one\ncommitment security \"Security\"\nstakeholder dana \"Dana\" {\n  side buyer\n}\n// trailing the stakeholders\n\nprocess seller {\n  discovery\n}\n",
    ),
];

/// Every `*.parley` file of the workspace (examples, test fixtures, grammar
/// corpora), sorted, skipping `target` and hidden folders.
pub fn workspace_playbooks() -> Vec<std::path::PathBuf> {
    fn walk(folder: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            if path.is_dir() {
                walk(&path, found);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "parley")
            {
                found.push(path);
            }
        }
    }
    // Both packages that share this module sit two folders below the root.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    walk(&root, &mut found);
    found.sort();
    found
}
