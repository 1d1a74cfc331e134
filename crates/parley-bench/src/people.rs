//! The pools a synthetic playbook draws its people and accounts from: first
//! and last names, job titles by role, and company names.

/// First names; an id is the lowercase first name and the workstream number.
pub const FIRST_NAMES: &[&str] = &[
    "Dana", "Omar", "Priya", "Sam", "Maria", "James", "Linda", "Ray", "Kim", "Theo", "Aisha",
    "Bruno", "Chen", "Delia", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas", "Keiko", "Luca",
    "Mateo", "Nadia", "Oskar", "Paula", "Quinn", "Rosa", "Sven", "Tariq", "Ursula", "Victor",
    "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bjorn", "Carmen", "Dmitri", "Elena", "Felix",
];

pub const LAST_NAMES: &[&str] = &[
    "Reyes",
    "Lee",
    "Shah",
    "Ortiz",
    "Chen",
    "Okafor",
    "Park",
    "Alvarez",
    "Novak",
    "Brandt",
    "Haddad",
    "Costa",
    "Nakamura",
    "Moreau",
    "Adeyemi",
    "Karimi",
    "Petrov",
    "Suzuki",
    "Ferreira",
    "Lindqvist",
    "Tanaka",
    "Rossi",
    "Garcia",
    "Haddou",
    "Berg",
    "Silva",
    "Murphy",
    "Ibarra",
];

pub const COMPANIES: &[&str] = &[
    "Acme Corp",
    "Northwind Logistics",
    "Globex Health",
    "Initech Finance",
    "Umbrella Retail",
    "Riverside County",
    "Stark Manufacturing",
    "Wayne Energy",
    "Hooli Cloud",
    "Vandelay Imports",
    "Soylent Foods",
    "Tyrell Biotech",
];

pub const TEAMS: &[&str] = &[
    "data platform",
    "finance operations",
    "customer support",
    "supply chain",
    "field service",
    "security operations",
    "HR systems",
    "marketing analytics",
];

/// A buyer role with the titles people in it hold.
pub struct BuyerRole {
    pub role: &'static str,
    pub titles: &'static [&'static str],
}

pub const ECONOMIC_BUYER: BuyerRole = BuyerRole {
    role: "economic-buyer",
    titles: &["CFO", "VP Finance", "COO"],
};
pub const CHAMPION: BuyerRole = BuyerRole {
    role: "champion",
    titles: &[
        "VP Operations",
        "Director of Engineering",
        "Head of Support",
    ],
};
pub const DECISION_MAKER: BuyerRole = BuyerRole {
    role: "decision-maker",
    titles: &["CEO", "General Manager", "Board of Directors"],
};
pub const TECHNICAL_BUYER: BuyerRole = BuyerRole {
    role: "technical-buyer",
    titles: &["CIO", "Chief Architect", "CTO"],
};
pub const PROCUREMENT: BuyerRole = BuyerRole {
    role: "procurement",
    titles: &["Procurement Officer", "Category Manager"],
};
pub const LEGAL: BuyerRole = BuyerRole {
    role: "legal",
    titles: &["General Counsel", "Contracts Manager"],
};
pub const SECURITY: BuyerRole = BuyerRole {
    role: "security",
    titles: &["CISO", "Security Architect"],
};
pub const USER: BuyerRole = BuyerRole {
    role: "user",
    titles: &["Team Lead", "Analyst", "Operations Manager"],
};
pub const INFLUENCER: BuyerRole = BuyerRole {
    role: "influencer",
    titles: &["Senior Engineer", "Industry Advisor"],
};

/// Seller roles, the account executive first.
pub const SELLER_ROLES: &[&str] = &[
    "account-executive",
    "sales-engineer",
    "executive-sponsor",
    "customer-success",
];

/// Roles as people mistype them: each one draws `N007` (unknown role).
pub const MISTYPED_ROLES: &[&str] = &["champoin", "econmic-buyer", "procurment", "sponsor"];

/// `compelled` levels; `None` leaves the field out.
pub const LEVELS: &[Option<&str>] = &[
    None,
    Some("none"),
    Some("low"),
    Some("medium"),
    Some("high"),
    Some("high"),
];
