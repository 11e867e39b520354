//! The verifier's records (ISO 14064-3:2019): findings, sample tests,
//! sign-offs and the opinion. Derived states (materiality, edited-after-review)
//! are computed in `audit`, never stored.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingType {
    Misstatement,
    NonConformity,
    Observation,
}

stable_keys!(FindingType {
    Misstatement => "misstatement",
    NonConformity => "non-conformity",
    Observation => "observation",
});

impl FindingType {
    pub const ALL: [FindingType; 3] = [
        FindingType::Misstatement,
        FindingType::NonConformity,
        FindingType::Observation,
    ];

    /// How a report names it.
    pub fn label(self) -> &'static str {
        match self {
            FindingType::Misstatement => "Misstatement",
            FindingType::NonConformity => "Non-conformity",
            FindingType::Observation => "Observation",
        }
    }
}

/// The request labels of Chinese and CDM-style verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// CL, 澄清要求.
    Clarification,
    /// CAR, 纠正措施要求.
    CorrectiveAction,
    /// FAR, 持续改进要求.
    ForwardAction,
}

stable_keys!(Request {
    Clarification => "cl",
    CorrectiveAction => "car",
    ForwardAction => "far",
});

impl Request {
    pub const ALL: [Request; 3] = [
        Request::Clarification,
        Request::CorrectiveAction,
        Request::ForwardAction,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Request::Clarification => "CL / 澄清要求",
            Request::CorrectiveAction => "CAR / 纠正措施要求",
            Request::ForwardAction => "FAR / 持续改进要求",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FindingStatus {
    #[default]
    Open,
    Responded,
    Closed,
}

stable_keys!(FindingStatus {
    Open => "open",
    Responded => "responded",
    Closed => "closed",
});

impl FindingStatus {
    pub const ALL: [FindingStatus; 3] = [
        FindingStatus::Open,
        FindingStatus::Responded,
        FindingStatus::Closed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            FindingStatus::Open => "Open",
            FindingStatus::Responded => "Responded",
            FindingStatus::Closed => "Closed",
        }
    }
}

/// One entry of the findings register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub id: String,
    pub kind: FindingType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    pub title: String,
    #[serde(default)]
    pub record_ids: Vec<String>,
    #[serde(default)]
    pub entity_ids: Vec<String>,
    /// CBAM goods the finding is about, as `INSTALLATION/PROCESS` (`E01/P3`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goods: Vec<String>,
    /// Guiding indicators the finding is about (`IndicatorEntry::reference`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// Reported minus verified, t CO₂e: positive is an overstatement.
    #[serde(default)]
    pub impact_t: f64,
    /// The client corrected the inventory for it (no longer an uncorrected misstatement).
    #[serde(default)]
    pub corrected: bool,
    #[serde(default)]
    pub status: FindingStatus,
    #[serde(default)]
    pub client_response: String,
    #[serde(default)]
    pub conclusion: String,
    pub raised_by: String,
    pub raised_at: String,
}

/// The result of testing one sampled record against its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TestResult {
    Agreed,
    Misstated { verified_quantity: f64 },
    NotSupported,
}

impl TestResult {
    /// The stable name written to the audit trail.
    pub fn key(&self) -> &'static str {
        match self {
            TestResult::Agreed => "agreed",
            TestResult::Misstated { .. } => "misstated",
            TestResult::NotSupported => "not-supported",
        }
    }

    /// How a report names it, e.g. "Misstated (verified 1900)".
    pub fn label(&self) -> String {
        match self {
            TestResult::Agreed => "Agreed".into(),
            TestResult::Misstated { verified_quantity } => {
                format!("Misstated (verified quantity {verified_quantity})")
            }
            TestResult::NotSupported => "Not supported".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleTest {
    pub record_id: String,
    pub result: TestResult,
    #[serde(default)]
    pub evidence_ref: String,
    #[serde(default)]
    pub tickmark: String,
    #[serde(default)]
    pub comment: String,
    pub who: String,
    pub at: String,
}

/// The sample as drawn, so it can be re-drawn and extended identically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplePlan {
    pub seed: u64,
    /// `TonneUnit` or `SimpleRandom`.
    pub method: String,
    pub key_pct: f64,
    pub size: usize,
    /// Key items first, then sampled items in selection order.
    pub key_items: Vec<String>,
    pub sampled: Vec<String>,
    /// t CO₂e of the population the sampled items were drawn from (key items excluded).
    pub population_t: f64,
    /// Records in that population (for projecting simple random samples).
    #[serde(default)]
    pub population_count: usize,
    /// The population drawn from: empty for every record of the inventory,
    /// `cbam-goods` for the records attributed to CBAM goods.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub population: String,
}

/// Sections signed off, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Section {
    Boundary,
    Methodology,
    Data,
    Inventory,
    Findings,
    Opinion,
}

stable_keys!(Section {
    Boundary => "boundary",
    Methodology => "methodology",
    Data => "data",
    Inventory => "inventory",
    Findings => "findings",
    Opinion => "opinion",
});

impl Section {
    /// The name the trail of project format 1 wrote (frozen: sign-offs recorded
    /// then are matched against it on load).
    pub fn format1_name(self) -> &'static str {
        match self {
            Section::Boundary => "Boundary",
            Section::Methodology => "Methodology",
            Section::Data => "Data",
            Section::Inventory => "Inventory",
            Section::Findings => "Findings",
            Section::Opinion => "Opinion",
        }
    }

    pub fn label(self) -> &'static str {
        self.format1_name()
    }

    pub const ALL: [Section; 6] = [
        Section::Boundary,
        Section::Methodology,
        Section::Data,
        Section::Inventory,
        Section::Findings,
        Section::Opinion,
    ];
}

/// Roles, in sign-off order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Preparer,
    Reviewer,
    LeadVerifier,
    IndependentReviewer,
}

stable_keys!(Role {
    Preparer => "preparer",
    Reviewer => "reviewer",
    LeadVerifier => "lead-verifier",
    IndependentReviewer => "independent-reviewer",
});

impl Role {
    /// The name the trail of project format 1 wrote (frozen, see [`Section::format1_name`]).
    pub fn format1_name(self) -> &'static str {
        match self {
            Role::Preparer => "Preparer",
            Role::Reviewer => "Reviewer",
            Role::LeadVerifier => "LeadVerifier",
            Role::IndependentReviewer => "IndependentReviewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Preparer => "Preparer",
            Role::Reviewer => "Reviewer",
            Role::LeadVerifier => "Lead verifier",
            Role::IndependentReviewer => "Independent reviewer",
        }
    }

    pub const ALL: [Role; 4] = [
        Role::Preparer,
        Role::Reviewer,
        Role::LeadVerifier,
        Role::IndependentReviewer,
    ];
}

/// A sign-off of a section by a role, bound to the section's content digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    pub section: Section,
    pub role: Role,
    pub who: String,
    pub at: String,
    /// SHA-256 of the section's content when signed; a different digest now means "edited after review".
    pub section_digest: String,
}

/// ISO 14065:2020 Annex A opinion types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Opinion {
    Unmodified,
    Modified,
    Adverse,
    Disclaimer,
}

stable_keys!(Opinion {
    Unmodified => "unmodified",
    Modified => "modified",
    Adverse => "adverse",
    Disclaimer => "disclaimer",
});

impl Opinion {
    pub const ALL: [Opinion; 4] = [
        Opinion::Unmodified,
        Opinion::Modified,
        Opinion::Adverse,
        Opinion::Disclaimer,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Opinion::Unmodified => "Unmodified",
            Opinion::Modified => "Modified",
            Opinion::Adverse => "Adverse",
            Opinion::Disclaimer => "Disclaimer",
        }
    }
}

/// The opinion the verifier confirmed (or chose over the proposal, with a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionRecord {
    pub proposed: Opinion,
    /// Why the evaluation proposed it, when it was recorded.
    #[serde(default)]
    pub reason: String,
    pub chosen: Opinion,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    pub who: String,
    pub at: String,
}

/// The verifier's disposition of an analytical-check result that needed
/// attention (high or medium): explained, or taken up in a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckReview {
    /// The check result's stable key (`audit::checks::CheckFinding::key`).
    pub key: String,
    pub note: String,
    pub who: String,
    pub at: String,
}

/// Everything the verification adds to a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<SamplePlan>,
    #[serde(default)]
    pub tests: Vec<SampleTest>,
    #[serde(default)]
    pub signoffs: Vec<SignOff>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<OpinionRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_reviews: Vec<CheckReview>,
    /// Test results of records no longer in the sample after it was
    /// replaced: kept as evidence of the work done, outside the evaluation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_aside_tests: Vec<SampleTest>,
    /// Tests of the guiding indicators entered with their evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicator_tests: Vec<IndicatorTest>,
}

/// The verifier's test of a guiding indicator entered with its evidence:
/// they are few, so each is tested rather than sampled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorTest {
    /// `IndicatorEntry::reference`: the key, with `:product` for product
    /// energy intensity.
    pub indicator: String,
    /// `Misstated` carries the verified part.
    pub result: TestResult,
    #[serde(default)]
    pub evidence_ref: String,
    #[serde(default)]
    pub comment: String,
    pub who: String,
    pub at: String,
}
