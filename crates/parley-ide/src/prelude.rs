//! What the editor says about the ten built-in commitments and the known
//! roles, until the checker's model exposes them.

/// A built-in commitment of the prelude.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builtin {
    pub name: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub needs: &'static [&'static str],
}

/// The ten commitments a seller wins on the way to a decision, in order.
pub const BUILTINS: [Builtin; 10] = [
    Builtin {
        name: "time",
        title: "Time",
        explanation: "The buyer agrees to give time to a first meeting.",
        needs: &[],
    },
    Builtin {
        name: "explore",
        title: "Explore",
        explanation: "The buyer agrees to explore whether change is needed at all.",
        needs: &[],
    },
    Builtin {
        name: "change",
        title: "Change",
        explanation: "The buyer commits to change: the gate for every commitment after it.",
        needs: &["explore"],
    },
    Builtin {
        name: "collaborate",
        title: "Collaborate",
        explanation: "The buyer co-designs the solution with the seller.",
        needs: &["change"],
    },
    Builtin {
        name: "consensus",
        title: "Consensus",
        explanation: "The buying group is brought in and agrees.",
        needs: &["change"],
    },
    Builtin {
        name: "invest",
        title: "Invest",
        explanation: "The buyer commits the money and resources a better result needs.",
        needs: &["change"],
    },
    Builtin {
        name: "review",
        title: "Review",
        explanation: "The buyer reviews the draft solution before the proposal.",
        needs: &["collaborate"],
    },
    Builtin {
        name: "access",
        title: "Access",
        explanation: "The seller gets access to the people with authority.",
        needs: &[],
    },
    Builtin {
        name: "resolve",
        title: "Resolve",
        explanation: "Concerns are surfaced and resolved before the decision.",
        needs: &[],
    },
    Builtin {
        name: "decide",
        title: "Decide",
        explanation: "The buyer decides to buy.",
        needs: &["change", "consensus"],
    },
];

pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|builtin| builtin.name == name)
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

/// The levels of `compelled`.
pub const LEVELS: [&str; 4] = ["none", "low", "medium", "high"];

/// What a diagnostic code means, for hovers on a diagnostic.
pub fn explain_code(code: &str) -> Option<&'static str> {
    let text = match code {
        "E001" => "Syntax error. The rest of the file is still checked.",
        "N001" => "Undefined name: no stakeholder, conversation or commitment is declared with it.",
        "N002" => "Duplicate declaration: references resolve to the first one.",
        "N003" => {
            "A reference of the wrong kind, such as a conversation where a stakeholder belongs."
        }
        "N004" => {
            "Invalid value: an unknown side or level, an impossible date, a second owner on one side, or a role of the other side."
        }
        "N005" => "Unused declaration.",
        "N006" => "A stakeholder without a `side`.",
        "N007" => "Unknown role. The set of roles is open, but a typo is likely.",
        "P101" => {
            "Skipped step: a step's need is met nowhere earlier in its process, though a declared conversation could meet it. The fix inserts the negotiated steps."
        }
        "P102" => "Out of order: the need is met, but only later in the process.",
        "P103" => {
            "Order disagreement: both processes hold two steps in opposite orders and no dependency decides."
        }
        "P104" => "One-sided step: the other process has no counterpart and does not waive it.",
        "P105" => "Waived but needed: a later step needs the conversation the process waives.",
        "P106" => "Dependency cycle.",
        "P107" => "A step listed twice in one process.",
        "P108" => "Unwinnable need: no declared conversation wins the commitment a step needs.",
        "P109" => "Pace conflict: one process accelerates a shared step, the other decelerates it.",
        "P110" => "No next commitment: the conversation wins nothing.",
        "P111" => {
            "Quiet-period breach: a step inside a quiet period includes a buyer stakeholder other than procurement."
        }
        "S201" => {
            "Unengaged decision maker: an economic buyer or decision maker is in no step before the decision."
        }
        "S202" => {
            "Uncompelled approver: a stakeholder not compelled to change approves, and no earlier step with them wins `change`."
        }
        "S203" => {
            "Consensus gap: the step that wins `consensus` leaves out a key buyer stakeholder."
        }
        "S204" => "Single-threaded: only one buyer stakeholder appears in the whole process.",
        "S205" => "One-sided conversation: no buyer stakeholder takes part.",
        "S206" => {
            "Late paper process: legal, security or procurement is first engaged at or after the decision."
        }
        "S207" => "Unowned shared step: a step both processes hold has no owner on one side.",
        "T301" => {
            "Infeasible date: along the negotiated process, the step finishes after its `by` date."
        }
        "T302" => {
            "Acceleration needed: one party's order meets the deadline, the negotiated one does not."
        }
        _ => return None,
    };
    Some(text)
}
