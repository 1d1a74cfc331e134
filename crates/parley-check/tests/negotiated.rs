//! Properties of the negotiated process over generated playbooks: it holds
//! every non-waived step of both processes once; it honours every need that
//! the steps can meet when the needs have no cycle; and two processes that
//! already agree (and meet their own needs) negotiate to their own order.

use std::collections::HashSet;

use parley_check::{Side, analyze};
use proptest::prelude::*;

const COMMITMENTS: &[&str] = &[
    "explore",
    "change",
    "collaborate",
    "consensus",
    "review",
    "decide",
    "resolve",
];

/// A generated playbook: each conversation's needs point only at earlier
/// conversations (no cycles), and each wins one commitment or none.
#[derive(Clone, Debug)]
struct Generated {
    needs: Vec<Vec<usize>>,
    wins: Vec<Option<usize>>,
    seller: Vec<usize>,
    buyer: Vec<usize>,
    waived_by_buyer: Vec<usize>,
    lead_buyer: bool,
}

impl Generated {
    fn text(&self) -> String {
        let mut text = String::from("stakeholder b \"B\" {\n  side buyer\n}\n\n");
        if self.lead_buyer {
            text = format!("playbook \"P\"\nlead buyer\n\n{text}");
        }
        for (index, needs) in self.needs.iter().enumerate() {
            text.push_str(&format!("conversation c{index} \"C\" {{\n  with b\n"));
            if !needs.is_empty() {
                let names: Vec<String> = needs.iter().map(|n| format!("c{n}")).collect();
                text.push_str(&format!("  needs {}\n", names.join(", ")));
            }
            if let Some(Some(win)) = self.wins.get(index) {
                text.push_str(&format!("  wins {}\n", COMMITMENTS[*win]));
            }
            text.push_str("}\n\n");
        }
        for (side, steps) in [("seller", &self.seller), ("buyer", &self.buyer)] {
            text.push_str(&format!("process {side} {{\n"));
            for step in steps {
                text.push_str(&format!("  c{step}\n"));
            }
            if side == "buyer" {
                for waived in &self.waived_by_buyer {
                    text.push_str(&format!("  waive c{waived} \"not this time\"\n"));
                }
            }
            text.push_str("}\n\n");
        }
        text
    }
}

fn generated() -> impl Strategy<Value = Generated> {
    (2usize..9).prop_flat_map(|count| {
        let needs = (0..count)
            .map(|index| {
                prop::collection::vec(0..index.max(1), 0..3)
                    .prop_map(move |v| v.into_iter().filter(|&n| n < index).collect::<Vec<_>>())
            })
            .collect::<Vec<_>>();
        let wins = prop::collection::vec(prop::option::of(0..COMMITMENTS.len()), count);
        let order = Just((0..count).collect::<Vec<_>>()).prop_shuffle();
        let other = Just((0..count).collect::<Vec<_>>()).prop_shuffle();
        let keep = prop::collection::vec(any::<bool>(), count);
        let waive = prop::collection::vec(0..count, 0..2);
        (needs, wins, order, other, keep, waive, any::<bool>()).prop_map(
            |(needs, wins, seller, buyer, keep, waive, lead_buyer)| {
                let buyer: Vec<usize> = buyer
                    .into_iter()
                    .zip(keep)
                    .filter_map(|(step, keep)| keep.then_some(step))
                    .collect();
                Generated {
                    needs,
                    wins,
                    seller,
                    buyer,
                    waived_by_buyer: waive,
                    lead_buyer,
                }
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn holds_every_non_waived_step_once(g in generated()) {
        let analysis = analyze(&g.text());
        let names: Vec<&str> = analysis
            .negotiated
            .steps
            .iter()
            .map(|s| analysis.model.conversation_name(s.conversation))
            .collect();
        let unique: HashSet<&str> = names.iter().copied().collect();
        prop_assert_eq!(unique.len(), names.len());
        let waived: HashSet<String> = g.waived_by_buyer.iter().map(|w| format!("c{w}")).collect();
        let expected: HashSet<String> = g
            .seller
            .iter()
            .chain(&g.buyer)
            .map(|s| format!("c{s}"))
            .filter(|s| !waived.contains(s))
            .collect();
        let found: HashSet<String> = names.iter().map(|s| s.to_string()).collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn honours_every_need_its_steps_can_meet(g in generated()) {
        let analysis = analyze(&g.text());
        let model = &analysis.model;
        let negotiated = &analysis.negotiated;
        // Only when some order honours every need the steps can meet: place
        // any step whose needs each have a placed provider (or none at all).
        let steps: Vec<_> = negotiated.steps.iter().map(|s| s.conversation).collect();
        let mut placed: Vec<bool> = vec![false; steps.len()];
        loop {
            let next = (0..steps.len()).find(|&i| {
                !placed[i]
                    && model.step_needs(steps[i]).iter().all(|need| {
                        let providers: Vec<usize> = (0..steps.len())
                            .filter(|&j| j != i && model.meets(steps[j], need.need))
                            .collect();
                        providers.is_empty() || providers.iter().any(|&j| placed[j])
                    })
            });
            match next {
                Some(i) => placed[i] = true,
                None => break,
            }
        }
        prop_assume!(placed.iter().all(|&p| p));
        for (position, step) in negotiated.steps.iter().enumerate() {
            for need in model.step_needs(step.conversation) {
                let meeting: Vec<usize> = negotiated
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, other)| other.conversation != step.conversation)
                    .filter(|(_, other)| model.meets(other.conversation, need.need))
                    .map(|(at, _)| at)
                    .collect();
                if meeting.is_empty() {
                    continue;
                }
                prop_assert!(
                    meeting.iter().any(|&at| at < position),
                    "{} needs {} but it comes later",
                    model.conversation_name(step.conversation),
                    model.need_name(need.need)
                );
            }
        }
    }

    #[test]
    fn agreeing_processes_negotiate_to_their_own_order(g in generated()) {
        // Both processes hold the same order, which meets every need: keep
        // only needs on earlier steps and commitments without prerequisites.
        let mut g = g;
        g.buyer = g.seller.clone();
        g.waived_by_buyer.clear();
        let position = |c: usize| g.seller.iter().position(|&s| s == c);
        let needs: Vec<Vec<usize>> = g
            .needs
            .iter()
            .enumerate()
            .map(|(index, needs)| {
                needs.iter().copied().filter(|&n| position(n) < position(index)).collect()
            })
            .collect();
        g.needs = needs;
        g.wins = g.wins.iter().map(|w| w.map(|_| 0)).collect();
        let analysis = analyze(&g.text());
        let unmet = analysis
            .diagnostics
            .iter()
            .any(|d| matches!(d.code, "P101" | "P102" | "P105" | "P106" | "P108"));
        prop_assert!(!unmet);
        let names: Vec<String> = analysis
            .negotiated
            .steps
            .iter()
            .map(|s| analysis.model.conversation_name(s.conversation).to_string())
            .collect();
        let expected: Vec<String> = g.seller.iter().map(|s| format!("c{s}")).collect();
        prop_assert_eq!(names, expected);
        let lead = if g.lead_buyer { Side::Buyer } else { Side::Seller };
        prop_assert_eq!(analysis.negotiated.lead, Some(lead));
    }
}
