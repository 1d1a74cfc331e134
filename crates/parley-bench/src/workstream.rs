//! One workstream of a synthetic playbook: a deal with one account's buying
//! group and the seller's team, the conversations of a sale from discovery to
//! signature, and the two processes' fragments for it, with the
//! disagreements real processes have (skipped steps, order swaps, one-sided
//! steps, waivers, a quiet period, pace conflicts).

use std::fmt::Write as _;

use crate::calendar::{after_working_days, date_text};
use crate::people::{self, BuyerRole};
use crate::rng::Rng;

/// A person in the workstream.
#[derive(Clone, Debug)]
struct Stakeholder {
    id: String,
    role: &'static str,
    buyer: bool,
}

/// A conversation before it is written.
#[derive(Clone, Debug, Default)]
struct Conversation {
    id: String,
    title: String,
    doc: Option<&'static str>,
    with: Vec<String>,
    owner: Vec<String>,
    needs: Vec<String>,
    wins: Vec<String>,
    /// Working days; `None` leaves `takes` out (the step takes one day).
    takes: Option<i64>,
    by: Option<String>,
}

/// What one workstream adds to each process.
#[derive(Default)]
pub struct Fragments {
    pub seller: String,
    pub buyer: String,
}

/// Writes workstream number `number` into `out` (declarations) and into the
/// process fragments; `clock` counts the negotiated plan's working days so
/// far, so deadlines follow the plan.
pub fn write(rng: &mut Rng, number: usize, clock: &mut i64, out: &mut String) -> Fragments {
    let company = rng.pick(people::COMPANIES).copied().unwrap_or("Acme Corp");
    let team = rng.pick(people::TEAMS).copied().unwrap_or("operations");
    let _ = writeln!(
        out,
        "// ---------------------------------------------------------------\n\
         // Workstream {number}: {company}, {team}\n\
         // ---------------------------------------------------------------\n"
    );

    let buying_group = buying_group(rng, number, out);
    let team_members = seller_team(rng, number, out);
    let declared = commitments(rng, number, out);

    let find = |role: &str| -> Option<String> {
        buying_group
            .iter()
            .find(|s| s.role == role)
            .map(|s| s.id.clone())
    };
    let champion = find("champion")
        .or_else(|| buying_group.first().map(|s| s.id.clone()))
        .unwrap_or_default();
    let economic = find("economic-buyer").unwrap_or_else(|| champion.clone());
    let technical = find("technical-buyer");
    let procurement = find("procurement");
    let legal = find("legal");
    let security = find("security");
    let decision = find("decision-maker");
    let user = find("user").or_else(|| find("influencer"));
    let ae = team_members
        .first()
        .map(|s| s.id.clone())
        .unwrap_or_default();
    let se = team_members
        .iter()
        .find(|s| s.role == "sales-engineer")
        .map(|s| s.id.clone());
    let sponsor = team_members
        .iter()
        .find(|s| s.role == "executive-sponsor")
        .map(|s| s.id.clone());

    let key = |name: &str| format!("{name}-{number}");
    let mut conversations: Vec<Conversation> = Vec::new();
    let mut seller_order: Vec<String> = Vec::new();

    conversations.push(Conversation {
        id: key("discovery"),
        title: format!("Discovery with {company}: current state and cost of inaction"),
        doc: Some("Why change, and why now: the cost of doing nothing."),
        with: vec![champion.clone()],
        owner: vec![ae.clone()],
        wins: vec!["explore".into()],
        takes: Some(5),
        ..Conversation::default()
    });
    conversations.push(Conversation {
        id: key("case-for-change"),
        title: "Make the case for change".into(),
        with: dedup(vec![champion.clone(), economic.clone()]),
        owner: vec![ae.clone(), champion.clone()],
        needs: vec![key("discovery")],
        wins: vec!["change".into()],
        takes: Some(10),
        ..Conversation::default()
    });
    if let Some(technical) = &technical {
        conversations.push(Conversation {
            id: key("deep-dive"),
            title: "Technical deep dive with the architects".into(),
            with: dedup(
                [Some(technical.clone()), user.clone()]
                    .into_iter()
                    .flatten()
                    .collect(),
            ),
            owner: se.iter().cloned().collect(),
            needs: vec![key("discovery")],
            // Half the time the team forgets to ask for a commitment (P110).
            wins: if rng.chance(50) {
                vec!["access".into()]
            } else {
                Vec::new()
            },
            takes: Some(rng.between(2, 5) as i64),
            ..Conversation::default()
        });
    }
    conversations.push(Conversation {
        id: key("co-design"),
        title: format!("Co-design the solution with the {team} team"),
        with: dedup(
            [Some(champion.clone()), user.clone()]
                .into_iter()
                .flatten()
                .collect(),
        ),
        owner: dedup(
            [se.clone().or(Some(ae.clone())), Some(champion.clone())]
                .into_iter()
                .flatten()
                .collect(),
        ),
        wins: vec!["collaborate".into()],
        takes: Some(10),
        ..Conversation::default()
    });
    if let (Some(security), Some(approved)) = (&security, declared.security.as_ref()) {
        conversations.push(Conversation {
            id: key("security-review"),
            title: "Security questionnaire and architecture review".into(),
            doc: Some("The security team signs off before any data moves."),
            with: vec![security.clone()],
            owner: se.iter().cloned().collect(),
            wins: vec![approved.clone()],
            takes: Some(rng.between(5, 15) as i64),
            ..Conversation::default()
        });
    }
    conversations.push(Conversation {
        id: key("committee"),
        title: "Buying committee alignment".into(),
        with: dedup(
            [
                Some(champion.clone()),
                // The committee often forgets someone (S203).
                if rng.chance(70) {
                    Some(economic.clone())
                } else {
                    None
                },
                decision.clone(),
                procurement.clone(),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        owner: vec![ae.clone()],
        wins: vec!["consensus".into()],
        takes: Some(5),
        ..Conversation::default()
    });
    conversations.push(Conversation {
        id: key("business-case"),
        title: "Budget and business case".into(),
        with: vec![economic.clone()],
        owner: vec![ae.clone()],
        wins: vec!["invest".into()],
        takes: Some(rng.between(3, 10) as i64),
        ..Conversation::default()
    });
    if let Some(sponsor) = &sponsor {
        conversations.push(Conversation {
            id: key("executive-meeting"),
            title: "Executive sponsors meet".into(),
            with: dedup(
                [decision.clone(), Some(economic.clone())]
                    .into_iter()
                    .flatten()
                    .collect(),
            ),
            owner: vec![sponsor.clone()],
            wins: vec!["access".into()],
            takes: None,
            ..Conversation::default()
        });
    }
    conversations.push(Conversation {
        id: key("proposal"),
        title: "Proposal review".into(),
        with: dedup(vec![economic.clone(), champion.clone()]),
        owner: if rng.chance(50) {
            vec![ae.clone(), champion.clone()]
        } else {
            vec![ae.clone()]
        },
        wins: vec!["review".into()],
        takes: Some(5),
        ..Conversation::default()
    });
    conversations.push(Conversation {
        id: key("concerns"),
        title: "Surface and resolve concerns".into(),
        with: dedup(
            [Some(champion.clone()), technical.clone(), legal.clone()]
                .into_iter()
                .flatten()
                .collect(),
        ),
        owner: vec![ae.clone()],
        wins: vec!["resolve".into()],
        takes: if rng.chance(50) { Some(3) } else { None },
        ..Conversation::default()
    });
    conversations.push(Conversation {
        id: key("signature"),
        title: format!("{company} signs"),
        with: dedup(
            [Some(economic.clone()), decision.clone(), legal.clone()]
                .into_iter()
                .flatten()
                .collect(),
        ),
        owner: vec![ae.clone()],
        wins: vec!["decide".into()],
        takes: Some(5),
        ..Conversation::default()
    });
    if let Some(signed) = &declared.signed {
        conversations.push(Conversation {
            id: key("paper-process"),
            title: "Paper process: contract and order form".into(),
            with: dedup(
                [procurement.clone(), legal.clone(), Some(economic.clone())]
                    .into_iter()
                    .flatten()
                    .collect(),
            ),
            owner: vec![ae.clone()],
            wins: vec![signed.clone()],
            takes: Some(rng.between(5, 15) as i64),
            ..Conversation::default()
        });
    }
    for conversation in &conversations {
        seller_order.push(conversation.id.clone());
    }

    // The buyer's own steps, which the seller's process does not have.
    let mut buyer_only: Vec<Conversation> = Vec::new();
    let rfp = procurement.is_some() && rng.chance(45);
    if let Some(procurement) = procurement.clone().filter(|_| rfp) {
        buyer_only.push(Conversation {
            id: key("rfp"),
            title: "Formal RFP response".into(),
            doc: Some("Procurement's questionnaire, scored against two other vendors."),
            with: vec![procurement],
            // A bare RFP step wins nothing the seller can name (P110).
            wins: if rng.chance(50) {
                vec!["resolve".into()]
            } else {
                Vec::new()
            },
            takes: Some(15),
            ..Conversation::default()
        });
    }
    if rng.chance(35) {
        buyer_only.push(Conversation {
            id: key("reference-calls"),
            title: "Reference calls with existing customers".into(),
            with: dedup(
                [Some(champion.clone()), technical.clone()]
                    .into_iter()
                    .flatten()
                    .collect(),
            ),
            wins: vec!["resolve".into()],
            takes: Some(3),
            ..Conversation::default()
        });
    }

    let (buyer_order, waived) = buyer_order(rng, number, &seller_order, &buyer_only, rfp);

    // The deadline: where the plan puts the signature (waived steps are
    // left out of it), with some slack, or one to three weeks too little (a
    // close date the plan cannot reach).
    let planned = |c: &&Conversation| !waived.contains(&c.id);
    let after_signature: i64 = conversations
        .iter()
        .filter(planned)
        .filter(|c| c.id == key("paper-process"))
        .map(|c| c.takes.unwrap_or(1))
        .sum();
    let total: i64 = conversations
        .iter()
        .chain(&buyer_only)
        .filter(planned)
        .map(|c| c.takes.unwrap_or(1))
        .sum();
    let signature_finish = *clock + total - after_signature;
    *clock += total;
    let slack = if rng.chance(25) {
        -(rng.between(5, 15) as i64)
    } else {
        total / 3 + 5
    };
    if let Some(by) = date_text(after_working_days(signature_finish + slack))
        && let Some(signature) = conversations.iter_mut().find(|c| c.id == key("signature"))
    {
        signature.by = Some(by);
    }

    for conversation in conversations.iter().chain(&buyer_only) {
        write_conversation(out, conversation);
    }

    Fragments {
        seller: fragment(rng, number, "seller", &seller_order),
        buyer: buyer_order,
    }
}

/// The buyer's side of the deal: three to six people, always a champion and
/// an economic buyer, the others drawn from the roles a buying group has.
fn buying_group(rng: &mut Rng, number: usize, out: &mut String) -> Vec<Stakeholder> {
    let mut roles: Vec<&BuyerRole> = vec![&people::CHAMPION, &people::ECONOMIC_BUYER];
    let optional: [&BuyerRole; 7] = [
        &people::TECHNICAL_BUYER,
        &people::PROCUREMENT,
        &people::DECISION_MAKER,
        &people::LEGAL,
        &people::SECURITY,
        &people::USER,
        &people::INFLUENCER,
    ];
    let extra = rng.between(1, 5);
    for index in rng.distinct(optional.len(), extra) {
        if let Some(role) = optional.get(index) {
            roles.push(role);
        }
    }
    let names = rng.distinct(people::FIRST_NAMES.len(), roles.len() + 4);
    let mut group = Vec::new();
    for (role, name) in roles.into_iter().zip(names) {
        let first = people::FIRST_NAMES.get(name).copied().unwrap_or("Alex");
        let last = rng.pick(people::LAST_NAMES).copied().unwrap_or("Smith");
        let title = rng.pick(role.titles).copied().unwrap_or("Director");
        let id = format!("{}-{number}", first.to_lowercase());
        if rng.chance(15) {
            let _ = writeln!(
                out,
                "/// {first} joined in the last reorganisation; ask before assuming."
            );
        }
        let _ = writeln!(out, "stakeholder {id} \"{first} {last}, {title}\" {{");
        out.push_str("  side buyer\n");
        let written_role = if rng.chance(2) {
            rng.pick(people::MISTYPED_ROLES)
                .copied()
                .unwrap_or(role.role)
        } else {
            role.role
        };
        let _ = writeln!(out, "  role {written_role}");
        if let Some(Some(level)) = rng.pick(people::LEVELS) {
            let _ = writeln!(out, "  compelled {level}");
        }
        out.push_str("}\n\n");
        group.push(Stakeholder {
            id,
            role: role.role,
            buyer: true,
        });
    }
    group
}

/// The seller's side: an account executive, usually a sales engineer, now
/// and then an executive sponsor or customer success.
fn seller_team(rng: &mut Rng, number: usize, out: &mut String) -> Vec<Stakeholder> {
    let mut roles = vec!["account-executive"];
    for role in people::SELLER_ROLES {
        let percent = match *role {
            "account-executive" => continue,
            "sales-engineer" => 80,
            _ => 30,
        };
        if rng.chance(percent) {
            roles.push(role);
        }
    }
    let mut team = Vec::new();
    for (position, role) in roles.into_iter().enumerate() {
        let first = rng.pick(people::FIRST_NAMES).copied().unwrap_or("Alex");
        let last = rng.pick(people::LAST_NAMES).copied().unwrap_or("Smith");
        let id = format!("{}-s{position}-{number}", first.to_lowercase());
        let _ = writeln!(
            out,
            "stakeholder {id} \"{first} {last}\" {{\n  side seller\n  role {role}\n}}\n"
        );
        team.push(Stakeholder {
            id,
            role,
            buyer: false,
        });
    }
    debug_assert!(team.iter().all(|s| !s.buyer));
    team
}

/// The workstream's own commitments, beyond the ten built-in ones.
#[derive(Default)]
struct Declared {
    security: Option<String>,
    signed: Option<String>,
}

fn commitments(rng: &mut Rng, number: usize, out: &mut String) -> Declared {
    let mut declared = Declared::default();
    if rng.chance(60) {
        let id = format!("security-approved-{number}");
        let _ = writeln!(
            out,
            "/// Security signs off on the architecture.\ncommitment {id} \"Security approval\" {{\n  needs collaborate\n}}\n"
        );
        declared.security = Some(id);
    }
    if rng.chance(60) {
        let id = format!("signed-{number}");
        let _ = writeln!(
            out,
            "commitment {id} \"A signed contract\" {{\n  needs decide\n}}\n"
        );
        declared.signed = Some(id);
    }
    declared
}

fn write_conversation(out: &mut String, conversation: &Conversation) {
    if let Some(doc) = conversation.doc {
        let _ = writeln!(out, "/// {doc}");
    }
    let _ = writeln!(
        out,
        "conversation {} \"{}\" {{",
        conversation.id, conversation.title
    );
    let lists = [
        ("with", &conversation.with),
        ("owner", &conversation.owner),
        ("needs", &conversation.needs),
        ("wins", &conversation.wins),
    ];
    for (key, names) in lists {
        if !names.is_empty() {
            let _ = writeln!(out, "  {key} {}", names.join(", "));
        }
    }
    if let Some(days) = conversation.takes {
        if days % 5 == 0 {
            let _ = writeln!(out, "  takes {}w", days / 5);
        } else {
            let _ = writeln!(out, "  takes {days}d");
        }
    }
    if let Some(by) = &conversation.by {
        let _ = writeln!(out, "  by {by}");
    }
    out.push_str("}\n\n");
}

/// A process fragment: a comment naming the workstream, then its steps.
fn fragment(rng: &mut Rng, number: usize, side: &str, steps: &[String]) -> String {
    let mut text = format!("  // workstream {number}, as the {side} runs it\n");
    for step in steps {
        text.push_str("  ");
        text.push_str(step);
        if rng.chance(3) {
            text.push_str(" accelerate");
        }
        text.push('\n');
    }
    text
}

/// The buyer's order: the seller's, minus the steps the buyer skips or
/// waives, with a swapped pair, the buyer's own steps, a quiet period around
/// an RFP, and now and then a pace conflict or a step listed twice. Returns
/// the fragment and the conversations it waives.
fn buyer_order(
    rng: &mut Rng,
    number: usize,
    seller: &[String],
    buyer_only: &[Conversation],
    rfp: bool,
) -> (String, Vec<String>) {
    let key = |name: &str| format!("{name}-{number}");
    let mut steps: Vec<String> = seller.to_vec();
    let mut waived: Vec<(String, &str)> = Vec::new();

    // Skipped: the buyer does not see the value of early conversations.
    let skippable = [
        "discovery",
        "deep-dive",
        "co-design",
        "executive-meeting",
        "business-case",
    ];
    for name in skippable {
        let id = key(name);
        if rng.chance(18) && steps.contains(&id) {
            if rng.chance(40) {
                let reason = match name {
                    "discovery" => "We ran our own assessment last quarter",
                    "co-design" => "The requirements are fixed by the RFP",
                    _ => "Not needed for a renewal of this size",
                };
                waived.push((id.clone(), reason));
            }
            steps.retain(|step| *step != id);
        }
    }
    // Order swap: the buyer wants the proposal before the committee meets.
    if rng.chance(40) && steps.len() > 3 {
        let at = rng.between(1, steps.len() - 2);
        steps.swap(at, at + 1);
    }
    // The buyer's own steps, before the proposal.
    let proposal_at = steps
        .iter()
        .position(|step| *step == key("proposal"))
        .unwrap_or(steps.len());
    for (offset, conversation) in buyer_only.iter().enumerate() {
        steps.insert(
            (proposal_at + offset).min(steps.len()),
            conversation.id.clone(),
        );
    }

    let mut text = format!("  // workstream {number}, as the buyer runs it\n");
    for (id, reason) in &waived {
        let _ = writeln!(text, "  waive {id} \"{reason}\"");
    }
    for step in &steps {
        text.push_str("  ");
        text.push_str(step);
        if rng.chance(4) {
            text.push_str(" decelerate");
        }
        text.push('\n');
        if rfp && *step == key("rfp") && rng.chance(70) {
            let _ = writeln!(
                text,
                "  quiet after {} until {}",
                key("rfp"),
                key("signature")
            );
        }
        if rng.chance(1) {
            // Listed twice after a copy and paste (P107).
            text.push_str("  ");
            text.push_str(step);
            text.push('\n');
        }
    }
    let waived = waived.into_iter().map(|(id, _)| id).collect();
    (text, waived)
}

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| seen.insert(name.clone()));
    names
}
