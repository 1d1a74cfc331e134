//! The model other parts use: the prelude, resolution in any order, the
//! symbol under a cursor and every reference to it, processes with their
//! waivers, quiet periods and pace marks, and the negotiated process.

use parley_check::{
    BUILTIN_COMMITMENTS, Level, Need, Pace, Side, Symbol, SymbolKind, analyze, check_text,
};

const PLAYBOOK: &str = r#"playbook "Order"
lead buyer

process seller {
  discovery
  demo accelerate
  proposal
}

process buyer {
  rfp
  proposal decelerate
  demo negotiated
  waive discovery "we know our needs"
  quiet after rfp until proposal
}

conversation discovery "Discovery" { with dana  wins explore }
conversation rfp "RFP" { with priya  wins time }
conversation demo "Demo" { with dana  owner sam  needs rfp  wins resolve }
conversation proposal "Proposal" { with dana  wins review }

commitment review "Review, as this buyer means it" {
  needs resolve
}

stakeholder dana "Dana" { side buyer  role economic-buyer  compelled low }
stakeholder priya "Priya" { side buyer  role procurement }
stakeholder sam "Sam" { side seller }
"#;

#[test]
fn the_prelude_has_ten_commitments_with_their_prerequisites() {
    let analysis = analyze("");
    assert_eq!(BUILTIN_COMMITMENTS.len(), 10);
    assert_eq!(analysis.model.commitments.len(), 10);
    let decide = analysis.model.commitment_named("decide").unwrap();
    let needs: Vec<&str> = analysis.model.commitments[decide.0]
        .needs
        .iter()
        .map(|n| analysis.model.commitment_name(n.commitment))
        .collect();
    assert_eq!(needs, ["change", "consensus"]);
    for commitment in &analysis.model.commitments {
        assert!(commitment.builtin);
        assert!(
            commitment
                .explanation
                .as_deref()
                .is_some_and(|e| e.len() > 20)
        );
    }
}

#[test]
fn names_resolve_in_any_order_and_a_commitment_replaces_a_builtin() {
    let analysis = analyze(PLAYBOOK);
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with('N') || d.code == "E001")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let model = &analysis.model;
    let review = model.commitment_named("review").unwrap();
    let record = model.commitment(review).unwrap();
    assert!(!record.builtin);
    assert_eq!(record.title, "Review, as this buyer means it");
    assert_eq!(
        record
            .needs
            .iter()
            .map(|n| model.commitment_name(n.commitment))
            .collect::<Vec<_>>(),
        ["resolve"]
    );
    // Still ten commitments: the declaration took the built-in's place.
    assert_eq!(model.commitments.len(), 10);
    let dana = model
        .stakeholders
        .iter()
        .find(|s| s.name == "dana")
        .unwrap();
    assert_eq!(dana.side, Some(Side::Buyer));
    assert_eq!(dana.compelled, Some(Level::Low));
    assert_eq!(model.playbook.lead, Side::Buyer);
    // The stakeholders come last in the file, yet every conversation has
    // its participants, read with their sides.
    let demo = model
        .conversations
        .iter()
        .find(|c| c.name == "demo")
        .unwrap();
    let names = |mentions: &[parley_check::Mention]| -> Vec<&str> {
        mentions
            .iter()
            .map(|m| model.stakeholder(m.stakeholder).unwrap().name.as_str())
            .collect()
    };
    assert_eq!(names(demo.with(model)), ["dana"]);
    assert_eq!(names(demo.owners(model)), ["sam"]);
    assert!(!demo.incomplete_participants);
}

#[test]
fn processes_keep_steps_waivers_quiet_periods_and_pace() {
    let analysis = analyze(PLAYBOOK);
    let model = &analysis.model;
    let buyer = model.process(Side::Buyer).unwrap();
    let names: Vec<&str> = buyer
        .steps
        .iter()
        .map(|s| model.conversation_name(s.conversation))
        .collect();
    assert_eq!(names, ["rfp", "proposal", "demo"]);
    assert_eq!(buyer.steps[1].pace, Some(Pace::Decelerate));
    assert!(buyer.steps[2].negotiated);
    assert_eq!(buyer.waivers.len(), 1);
    assert_eq!(
        buyer.waivers[0].reason.as_deref(),
        Some("we know our needs")
    );
    assert_eq!(buyer.quiet_periods.len(), 1);
    assert_eq!(model.conversation_name(buyer.quiet_periods[0].after), "rfp");
    let demo = model.process(Side::Seller).unwrap().position(
        model
            .lookup("demo")
            .map(|s| match s {
                Symbol::Conversation(id) => id,
                _ => unreachable!(),
            })
            .unwrap(),
    );
    assert_eq!(demo, Some(1));
}

#[test]
fn the_symbol_under_the_cursor_and_every_reference_to_it() {
    let analysis = analyze(PLAYBOOK);
    let model = &analysis.model;
    let use_of_dana = PLAYBOOK.find("with dana").unwrap() + "with ".len();
    let symbol = model.symbol_at(use_of_dana + 2).unwrap();
    assert_eq!(symbol.kind(), SymbolKind::Stakeholder);
    assert_eq!(model.name(symbol), "dana");
    let declaration = model.declaration(symbol).unwrap();
    assert_eq!(&PLAYBOOK[declaration.range()], "dana");
    assert!(declaration.start() > PLAYBOOK.find("stakeholder dana").unwrap());
    // The declaration's own name also finds the symbol.
    assert_eq!(model.symbol_at(declaration.start()), Some(symbol));
    let references: Vec<_> = model.references_to(symbol).collect();
    assert_eq!(references.len(), 3);
    for span in references {
        assert_eq!(&PLAYBOOK[span.range()], "dana");
    }
    // A built-in has no declaration but is referenced.
    let explore = model.lookup("explore").unwrap();
    assert_eq!(model.declaration(explore), None);
    assert_eq!(model.references_to(explore).count(), 1);
}

#[test]
fn step_needs_are_own_needs_then_the_needs_of_what_it_wins() {
    let analysis = analyze(PLAYBOOK);
    let model = &analysis.model;
    let Some(Symbol::Conversation(demo)) = model.lookup("demo") else {
        panic!("demo is a conversation");
    };
    let needs: Vec<String> = model
        .step_needs(demo)
        .iter()
        .map(|n| match n.need {
            Need::Conversation(c) => format!("conversation {}", model.conversation_name(c)),
            Need::Commitment(c) => format!("commitment {}", model.commitment_name(c)),
        })
        .collect();
    // `resolve` has no prerequisites.
    assert_eq!(needs, ["conversation rfp"]);
    let Some(Symbol::Conversation(proposal)) = model.lookup("proposal") else {
        panic!("proposal is a conversation");
    };
    let needs: Vec<&str> = model
        .step_needs(proposal)
        .iter()
        .map(|n| model.need_name(n.need))
        .collect();
    assert_eq!(needs, ["resolve"]);
}

#[test]
fn the_negotiated_process_leaves_waived_steps_out_and_follows_the_lead() {
    let analysis = analyze(PLAYBOOK);
    let model = &analysis.model;
    let names: Vec<&str> = analysis
        .negotiated
        .steps
        .iter()
        .map(|s| model.conversation_name(s.conversation))
        .collect();
    // The buyer leads: rfp, then demo before proposal because proposal's
    // `review` needs `resolve`, which demo wins; discovery is waived.
    assert_eq!(names, ["rfp", "demo", "proposal"]);
    assert_eq!(analysis.negotiated.lead, Some(Side::Buyer));
    assert_eq!(analysis.negotiated.waived.len(), 1);
}

#[test]
fn a_declaration_with_a_builtin_name_that_is_not_a_commitment_is_a_duplicate() {
    let text = "stakeholder change \"C\" { side buyer }\n";
    let checked = check_text(text);
    let n002: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "N002")
        .collect();
    assert_eq!(n002.len(), 1);
    assert!(n002[0].message.contains("built-in commitment"));
}

#[test]
fn every_name_is_listed_for_completion_builtins_included() {
    let analysis = analyze(PLAYBOOK);
    let symbols = analysis.model.symbols();
    let names: Vec<&str> = symbols.iter().map(|(name, _)| *name).collect();
    for expected in ["dana", "demo", "decide", "review", "time"] {
        assert!(names.contains(&expected), "{expected}");
    }
    // Ten commitments (one replaced), four conversations, three stakeholders.
    assert_eq!(symbols.len(), 17);
    assert!(names.windows(2).all(|pair| pair[0] <= pair[1]));
}
