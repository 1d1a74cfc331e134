//! The prelude: the ten built-in commitments every playbook sees, with their
//! prerequisites and what each means, and the known roles and levels.
//!
//! The ten follow the commitments a seller wins on the way to a decision
//! (Iannarino, *The Lost Art of Closing*). The prerequisites are minimal on
//! purpose: a sale is not linear, so only the gates that matter are here.

/// A commitment of the prelude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinCommitment {
    pub name: &'static str,
    pub title: &'static str,
    /// What winning it means, in the project's own words (hover text).
    pub explanation: &'static str,
    /// Its prerequisites: commitments that must be won before it.
    pub needs: &'static [&'static str],
}

/// The ten commitments, in the order a sale usually wins them.
pub const BUILTIN_COMMITMENTS: [BuiltinCommitment; 10] = [
    BuiltinCommitment {
        name: "time",
        title: "Time",
        explanation: "The buyer gives time to a first meeting. Nothing else can be won \
                      without it, but it proves little on its own.",
        needs: &[],
    },
    BuiltinCommitment {
        name: "explore",
        title: "Explore",
        explanation: "The buyer agrees to explore whether change is needed: to look at the \
                      current state and what doing nothing costs.",
        needs: &[],
    },
    BuiltinCommitment {
        name: "change",
        title: "Change",
        explanation: "The buyer commits to change. This is the gate for everything after it: \
                      a buyer who has not decided to change is only shopping.",
        needs: &["explore"],
    },
    BuiltinCommitment {
        name: "collaborate",
        title: "Collaborate",
        explanation: "The buyer co-designs the solution with the seller, so the solution is \
                      theirs as much as the seller's.",
        needs: &["change"],
    },
    BuiltinCommitment {
        name: "consensus",
        title: "Consensus",
        explanation: "The buying group is brought in and agrees on the change, so no one who \
                      must approve is surprised.",
        needs: &["change"],
    },
    BuiltinCommitment {
        name: "invest",
        title: "Invest",
        explanation: "The buyer commits the money, time and people a better result needs.",
        needs: &["change"],
    },
    BuiltinCommitment {
        name: "review",
        title: "Review",
        explanation: "The buyer reviews the draft solution before the proposal. A proposal \
                      before co-design is premature.",
        needs: &["collaborate"],
    },
    BuiltinCommitment {
        name: "access",
        title: "Access",
        explanation: "The seller gets access to the people with authority over the decision.",
        needs: &[],
    },
    BuiltinCommitment {
        name: "resolve",
        title: "Resolve",
        explanation: "Concerns are surfaced and resolved while they can still be addressed, \
                      not discovered at signature.",
        needs: &[],
    },
    BuiltinCommitment {
        name: "decide",
        title: "Decide",
        explanation: "The buyer decides to buy. It stands on the commitment to change and on \
                      the buying group's consensus.",
        needs: &["change", "consensus"],
    },
];

/// The built-in commitment with this name.
pub fn builtin_commitment(name: &str) -> Option<&'static BuiltinCommitment> {
    BUILTIN_COMMITMENTS
        .iter()
        .find(|commitment| commitment.name == name)
}

/// Known roles on the buyer's side.
pub const BUYER_ROLES: [&str; 10] = [
    "economic-buyer",
    "decision-maker",
    "champion",
    "influencer",
    "user",
    "procurement",
    "legal",
    "security",
    "technical-buyer",
    "blocker",
];

/// Known roles on the seller's side.
pub const SELLER_ROLES: [&str; 4] = [
    "account-executive",
    "sales-engineer",
    "executive-sponsor",
    "customer-success",
];

/// The levels of `compelled`, least first.
pub const LEVELS: [&str; 4] = ["none", "low", "medium", "high"];
