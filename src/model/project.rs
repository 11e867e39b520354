//! The park project: everything an engagement needs, as one serde struct.

use super::activity::{IsoCategory, Scope};
use super::entity::Entity;
use super::factor::EmissionFactor;
use super::gas::{ALL_GASES, Gas};
use super::provenance::{ContractualInstrument, ImportRecord, TrailEntry};
use super::records::Records;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The project file format this build writes. Older versions are migrated on
/// load (`io::project`); newer ones are refused.
pub const FORMAT_VERSION: u32 = 2;

/// Years a reporting period, base year or vintage may name: the edit layer
/// refuses others, and a project file holding one is refused on load.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The industrial park being inventoried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Park {
    pub name: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub province: String,
    pub reporting_year: i32,
    pub base_year: i32,
}

/// ISO 14064-3:2019 5.1.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AssuranceLevel {
    #[default]
    Reasonable,
    Limited,
}

stable_keys!(AssuranceLevel {
    Reasonable => "reasonable",
    Limited => "limited",
});

/// Who verifies what, and to what threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Engagement {
    #[serde(default)]
    pub client: String,
    #[serde(default)]
    pub verification_body: String,
    #[serde(default)]
    pub lead_auditor: String,
    #[serde(default)]
    pub assurance: AssuranceLevel,
    /// Materiality as percent of the total (5 % is common practice for
    /// reasonable assurance; ISO 14064-3 sets no number).
    #[serde(default = "default_materiality")]
    pub materiality_pct: f64,
    /// Who is responsible for the GHG statement (the statement names the
    /// client when this is empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub responsible_party: String,
    /// Whom the verification statement is for (ISO 14064-3: required).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intended_users: String,
    /// The verification body's accreditation (body and number).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accreditation: String,
    /// Where the statement is issued.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub place: String,
}

fn default_materiality() -> f64 {
    5.0
}

impl Default for Engagement {
    fn default() -> Self {
        Engagement {
            client: String::new(),
            verification_body: String::new(),
            lead_auditor: String::new(),
            assurance: AssuranceLevel::Reasonable,
            materiality_pct: default_materiality(),
            responsible_party: String::new(),
            intended_users: String::new(),
            accreditation: String::new(),
            place: String::new(),
        }
    }
}

/// GHG Protocol Corporate Standard, chapter 3.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum Consolidation {
    #[default]
    OperationalControl,
    FinancialControl,
    EquityShare,
}

stable_keys!(Consolidation {
    OperationalControl => "operational-control",
    FinancialControl => "financial-control",
    EquityShare => "equity-share",
});

impl Consolidation {
    pub const ALL: [Consolidation; 3] = [
        Consolidation::OperationalControl,
        Consolidation::FinancialControl,
        Consolidation::EquityShare,
    ];
}

impl fmt::Display for Consolidation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Consolidation::OperationalControl => "operational control",
            Consolidation::FinancialControl => "financial control",
            Consolidation::EquityShare => "equity share",
        })
    }
}

/// Which of the park's emissions the inventory covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationalBoundary {
    pub scopes: Vec<Scope>,
    pub iso_categories: Vec<IsoCategory>,
    pub gases: Vec<Gas>,
}

impl Default for OperationalBoundary {
    fn default() -> Self {
        OperationalBoundary {
            scopes: Scope::ALL.to_vec(),
            iso_categories: IsoCategory::all(),
            gases: ALL_GASES.to_vec(),
        }
    }
}

/// The standard the inventory is prepared to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Standard {
    #[default]
    Iso14064_1_2018,
    GhgProtocolCorporate,
    ChinaMeeGuidelines,
}

stable_keys!(Standard {
    Iso14064_1_2018 => "iso14064-1",
    GhgProtocolCorporate => "ghg-protocol",
    ChinaMeeGuidelines => "china-mee",
});

impl Standard {
    pub const ALL: [Standard; 3] = [
        Standard::Iso14064_1_2018,
        Standard::GhgProtocolCorporate,
        Standard::ChinaMeeGuidelines,
    ];
}

impl fmt::Display for Standard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Standard::Iso14064_1_2018 => "ISO 14064-1:2018",
            Standard::GhgProtocolCorporate => "GHG Protocol Corporate Standard",
            Standard::ChinaMeeGuidelines => "China MEE industry GHG accounting guidelines",
        })
    }
}

/// IPCC assessment report whose 100-year GWPs weight the gases.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum GwpSet {
    SAR,
    AR4,
    #[default]
    AR5,
    AR6,
}

impl GwpSet {
    pub const ALL: [GwpSet; 4] = [GwpSet::SAR, GwpSet::AR4, GwpSet::AR5, GwpSet::AR6];

    pub fn name(self) -> &'static str {
        match self {
            GwpSet::SAR => "SAR",
            GwpSet::AR4 => "AR4",
            GwpSet::AR5 => "AR5",
            GwpSet::AR6 => "AR6",
        }
    }
}

impl fmt::Display for GwpSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The GWP values a project uses, frozen from the bundled table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GwpSnapshot {
    pub set: GwpSet,
    pub library_version: String,
    pub values: std::collections::BTreeMap<Gas, f64>,
}

/// Which grid factor the default rule takes for location-based scope 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum GridFactorRule {
    /// MEE/NBS national average of the latest data year not after the reporting year.
    #[default]
    NationalAverage,
    /// The factor MEE prescribes for national carbon market reporting.
    CarbonMarket,
}

stable_keys!(GridFactorRule {
    NationalAverage => "national-average",
    CarbonMarket => "carbon-market",
});

impl GridFactorRule {
    pub const ALL: [GridFactorRule; 2] = [
        GridFactorRule::NationalAverage,
        GridFactorRule::CarbonMarket,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GridFactorRule::NationalAverage => "national average (MEE/NBS)",
            GridFactorRule::CarbonMarket => "carbon-market factor (MEE)",
        }
    }
}

/// How the inventory is quantified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    pub standard: Standard,
    pub gwp_set: GwpSet,
    /// GHG Protocol Scope 2 Guidance: report location- and market-based.
    /// The engine always computes both; this records the reporting decision.
    #[serde(default = "yes")]
    pub scope2_dual_reporting: bool,
    #[serde(default)]
    pub grid_factor: GridFactorRule,
    /// Project rules that override the library defaults: activity code → factor id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub default_factors: std::collections::BTreeMap<String, String>,
    /// The decision to keep frozen factor and GWP values that differ from a
    /// library version (e.g. the values in force for the reporting year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_library: Option<KeptLibrary>,
}

/// Frozen values kept deliberately against a library version, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeptLibrary {
    /// The library version whose differing values were reviewed.
    pub library: String,
    pub note: String,
}

fn yes() -> bool {
    true
}

impl Default for Methodology {
    fn default() -> Self {
        Methodology {
            standard: Standard::default(),
            gwp_set: GwpSet::default(),
            scope2_dual_reporting: true,
            grid_factor: GridFactorRule::default(),
            default_factors: std::collections::BTreeMap::new(),
            kept_library: None,
        }
    }
}

/// A whole park project: the persisted state of the application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub format_version: u32,
    pub park: Park,
    #[serde(default)]
    pub engagement: Engagement,
    #[serde(default)]
    pub consolidation: Consolidation,
    #[serde(default)]
    pub operational_boundary: OperationalBoundary,
    #[serde(default)]
    pub methodology: Methodology,
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Factors this project uses (site-specific ones and, later, the frozen
    /// snapshot of library factors).
    #[serde(default)]
    pub factors: Vec<EmissionFactor>,
    #[serde(default)]
    pub activity: Records,
    /// Base-year activity, for the year-over-base-year checks; not part of the inventory.
    #[serde(default, skip_serializing_if = "Records::is_empty")]
    pub base_year_activity: Records,
    /// The GWP values in use, frozen (absent in projects that predate freezing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gwp_snapshot: Option<GwpSnapshot>,
    /// Every workbook imported into the project, in order.
    #[serde(default)]
    pub imports: Vec<ImportRecord>,
    /// Every change made to the project, in order, hash-chained.
    #[serde(default)]
    pub trail: Vec<TrailEntry>,
    /// The hash of the trail's last entry, so an edit to the last entry is detected too.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub trail_head: String,
    /// Certificates and contracts behind market-based scope 2 claims.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instruments: Vec<ContractualInstrument>,
    /// Findings, sample tests, sign-offs and the opinion.
    #[serde(default)]
    pub verification: super::verification::Verification,
    /// CBAM installations, their processes and precursors (absent when the
    /// park reports no CBAM goods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cbam: Option<super::cbam::Cbam>,
    /// Zero-carbon-park indicators entered with evidence, credits, the
    /// carbon-neutrality claim and the pathway (absent until entered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<super::claims::Claims>,
    /// How uncertain the activity data and factors are, and how the Monte
    /// Carlo runs (absent: the defaults of `calc::uncertainty`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<super::uncertainty::UncertaintySettings>,
}

impl Project {
    /// An empty project for a park and reporting year.
    pub fn new(name: &str, reporting_year: i32) -> Project {
        Project {
            format_version: FORMAT_VERSION,
            park: Park {
                name: name.to_string(),
                name_zh: String::new(),
                province: String::new(),
                reporting_year,
                base_year: reporting_year,
            },
            engagement: Engagement::default(),
            consolidation: Consolidation::default(),
            operational_boundary: OperationalBoundary::default(),
            methodology: Methodology::default(),
            entities: Vec::new(),
            factors: Vec::new(),
            activity: Records::default(),
            base_year_activity: Records::default(),
            gwp_snapshot: None,
            imports: Vec::new(),
            trail: Vec::new(),
            trail_head: String::new(),
            instruments: Vec::new(),
            verification: Default::default(),
            cbam: None,
            claims: None,
            uncertainty: None,
        }
    }

    /// This project with its records repeated (fresh ids `B0000000` …, and
    /// evidence references made unique) until there are `n`: the large projects
    /// the benchmarks, tests and demonstrations use.
    pub fn scaled(mut self, n: usize) -> Project {
        let base = std::mem::take(&mut self.activity);
        self.activity = base
            .iter()
            .cycle()
            .take(n)
            .enumerate()
            .map(|(i, r)| {
                let mut r = r.clone();
                r.id = format!("B{i:07}");
                r.evidence_ref = format!("{}-{i}", r.evidence_ref);
                r
            })
            .collect();
        self
    }

    /// A copy of everything but the activity records (both lists empty): what
    /// a computation over records held elsewhere needs, without copying a
    /// million of them. Every field is named, so a new one is not forgotten.
    pub fn without_records(&self) -> Project {
        let Project {
            format_version,
            park,
            engagement,
            consolidation,
            operational_boundary,
            methodology,
            entities,
            factors,
            activity: _,
            base_year_activity: _,
            gwp_snapshot,
            imports,
            trail,
            trail_head,
            instruments,
            verification,
            cbam,
            claims,
            uncertainty,
        } = self;
        Project {
            format_version: *format_version,
            park: park.clone(),
            engagement: engagement.clone(),
            consolidation: *consolidation,
            operational_boundary: operational_boundary.clone(),
            methodology: methodology.clone(),
            entities: entities.clone(),
            factors: factors.clone(),
            activity: Records::default(),
            base_year_activity: Records::default(),
            gwp_snapshot: gwp_snapshot.clone(),
            imports: imports.clone(),
            trail: trail.clone(),
            trail_head: trail_head.clone(),
            instruments: instruments.clone(),
            verification: verification.clone(),
            cbam: cbam.clone(),
            claims: claims.clone(),
            uncertainty: uncertainty.clone(),
        }
    }

    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    pub fn factor(&self, id: &str) -> Option<&EmissionFactor> {
        self.factors.iter().find(|f| f.id == id)
    }

    pub fn import(&self, id: u32) -> Option<&ImportRecord> {
        self.imports.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod scaled_tests {
    use super::*;
    use crate::model::ActivityRecord;

    #[test]
    fn scaled_repeats_the_records_with_unique_ids_and_evidence() {
        let mut p = Project::new("P", 2024);
        let r = crate::model::activity::test_record("A1");
        p.activity = vec![
            r.clone(),
            ActivityRecord {
                id: "A2".into(),
                quantity: 3.0,
                ..r
            },
        ]
        .into();
        let q = p.scaled(5);
        let ids: std::collections::BTreeSet<&str> =
            q.activity.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), 5);
        assert_eq!(q.activity[4].id, "B0000004");
        assert_eq!(q.activity[4].evidence_ref, "INV-4");
        let total: f64 = q.activity.iter().map(|r| r.quantity).sum();
        assert_eq!(total, 2.0 + 3.0 + 2.0 + 3.0 + 2.0);
    }
}
