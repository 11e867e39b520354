//! What a park claims from its verified inventory: the zero-carbon-park
//! indicators the inventory cannot compute (entered with their evidence), a
//! register of retired carbon credits, an ISO 14068-1 carbon-neutrality
//! claim of the park operator, and the pathway (earlier inventories,
//! reduction measures, the park's own targets). Plain data: the figures are
//! `calc::claims`, the rules the edit layer applies `edit::claims`.

use serde::{Deserialize, Serialize};

/// The project's claims section (absent until something is entered).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Claims {
    /// How the core indicator counts emissions (methodology decisions).
    #[serde(default)]
    pub method: ClaimsMethod,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<IndicatorEntry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<Credit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<NeutralityClaim>,
    /// Inventories of earlier years (and of the base year), with their source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<PastInventory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    /// The park's own targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
}

/// The decisions the zero-carbon-park notice leaves open, and the base-year
/// recalculation threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimsMethod {
    /// Electricity backed by retired green certificates (a market-based
    /// factor of 0) counts with no CO₂ in the core indicator.
    #[serde(default = "yes")]
    pub green_electricity_zero: bool,
    /// Process CO₂ (clinker, lime, anodes …) counts in the core indicator
    /// besides energy-related CO₂.
    #[serde(default)]
    pub include_process_co2: bool,
    /// A change of the base year's emissions beyond this share calls for its
    /// recalculation (GHG Protocol Corporate Standard ch. 5; 5 % is common).
    #[serde(default = "five")]
    pub base_year_threshold_pct: f64,
}

fn yes() -> bool {
    true
}

fn five() -> f64 {
    5.0
}

impl Default for ClaimsMethod {
    fn default() -> Self {
        ClaimsMethod {
            green_electricity_zero: true,
            include_process_co2: false,
            base_year_threshold_pct: 5.0,
        }
    }
}

/// The guiding indicators of the zero-carbon-park notice (发改环资〔2025〕910号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Guiding {
    /// Clean energy in the park's energy consumption, ≥ 90 %.
    CleanEnergyShare,
    /// Industrial solid waste comprehensively utilised, ≥ 80 %.
    SolidWasteUtilisation,
    /// Waste heat, cold and pressure utilised, ≥ 50 %.
    WasteHeatUtilisation,
    /// Industrial water reused, ≥ 80 %.
    WaterReuse,
    /// Energy per unit of key products at or better than the national
    /// advanced value (entered as the product's value against its limit).
    ProductEnergyIntensity,
}

stable_keys!(Guiding {
    CleanEnergyShare => "clean-energy-share",
    SolidWasteUtilisation => "solid-waste-utilisation",
    WasteHeatUtilisation => "waste-heat-utilisation",
    WaterReuse => "water-reuse",
    ProductEnergyIntensity => "product-energy-intensity",
});

impl Guiding {
    pub const ALL: [Guiding; 5] = [
        Guiding::CleanEnergyShare,
        Guiding::SolidWasteUtilisation,
        Guiding::WasteHeatUtilisation,
        Guiding::WaterReuse,
        Guiding::ProductEnergyIntensity,
    ];

    /// The threshold, % (a share at least this); for product energy
    /// intensity the value must not exceed its limit (100 % of it).
    pub fn threshold_pct(self) -> f64 {
        match self {
            Guiding::CleanEnergyShare => 90.0,
            Guiding::SolidWasteUtilisation | Guiding::WaterReuse => 80.0,
            Guiding::WasteHeatUtilisation => 50.0,
            Guiding::ProductEnergyIntensity => 100.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Guiding::CleanEnergyShare => "Clean-energy share of consumption",
            Guiding::SolidWasteUtilisation => "Industrial solid-waste utilisation",
            Guiding::WasteHeatUtilisation => "Waste heat, cold and pressure utilisation",
            Guiding::WaterReuse => "Industrial water reuse",
            Guiding::ProductEnergyIntensity => "Energy per unit of key products",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Guiding::CleanEnergyShare => "清洁能源消费占比",
            Guiding::SolidWasteUtilisation => "工业固体废物综合利用率",
            Guiding::WasteHeatUtilisation => "余热/余冷/余压综合利用率",
            Guiding::WaterReuse => "工业用水重复利用率",
            Guiding::ProductEnergyIntensity => "园区企业产出产品单位能耗",
        }
    }
}

/// A guiding indicator entered with its evidence: `part` of `whole` (e.g.
/// t of solid waste utilised of t generated; tce of clean energy of tce
/// consumed; for product energy intensity, the product's value and the
/// national advanced value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorEntry {
    pub indicator: Guiding,
    pub part: f64,
    pub whole: f64,
    /// The unit of both figures (t, tce, m³, kgce/t …).
    pub unit: String,
    pub evidence: String,
    /// For product energy intensity: the product.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub product: String,
}

impl IndicatorEntry {
    /// How findings and tests name the entry: the indicator's key, with
    /// `:product` for product energy intensity.
    pub fn reference(&self) -> String {
        if self.product.is_empty() {
            self.indicator.key().to_string()
        } else {
            format!("{}:{}", self.indicator.key(), self.product)
        }
    }
}

/// Avoidance or removal (ISO 14068-1 reports them apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreditKind {
    Avoidance,
    Removal,
}

stable_keys!(CreditKind {
    Avoidance => "avoidance",
    Removal => "removal",
});

/// A block of carbon credits or certificates retired for a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// Unique in the register.
    pub id: String,
    /// CCER, VCS, Gold Standard …
    pub programme: String,
    pub project: String,
    pub kind: CreditKind,
    /// The first and last serial of the block: the same prefix, ending in
    /// a number (`CCER-2024-000001` … `CCER-2024-050000`).
    pub serial_first: String,
    pub serial_last: String,
    pub vintage: i32,
    /// t CO₂e (one credit a tonne).
    pub quantity_t: f64,
    /// `YYYY-MM-DD`.
    pub retired_on: String,
    pub registry: String,
    pub evidence: String,
    /// The reporting year of the claim the credits are retired for.
    pub claim_year: i32,
}

/// What the claim asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimKind {
    /// A commitment to carbon neutrality by a target year.
    Commitment,
    /// Carbon neutrality achieved for the period.
    Achieved,
}

stable_keys!(ClaimKind {
    Commitment => "commitment",
    Achieved => "achieved",
});

/// Who has checked the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Assurance {
    ThirdPartyVerified,
    OtherPartyValidated,
    SelfDeclared,
}

stable_keys!(Assurance {
    ThirdPartyVerified => "third-party-verified",
    OtherPartyValidated => "other-party-validated",
    SelfDeclared => "self-declared",
});

/// An ISO 14068-1:2023 carbon-neutrality claim of an organisation — the
/// park operator with its boundary (the standard covers organisations and
/// products, not territories).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeutralityClaim {
    /// The organisation that claims.
    pub subject: String,
    /// The entities of the park inside its boundary.
    pub entities: Vec<String>,
    pub kind: ClaimKind,
    /// For a commitment: when neutrality is to be reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// The carbon-neutrality management plan: targets, dates, measures.
    pub management_plan: String,
    /// t CO₂e removed within the boundary in the period.
    #[serde(default)]
    pub removals_t: f64,
    pub assurance: Assurance,
}

/// An earlier year's inventory, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PastInventory {
    pub year: i32,
    pub total_t: f64,
    /// A verified statement, an earlier ParkAudit project …
    pub source: String,
}

/// A planned reduction measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub name: String,
    /// The entity that carries it out (empty: the park).
    #[serde(default)]
    pub entity_id: String,
    pub start_year: i32,
    /// Expected reduction, t CO₂e a year, from the start year on.
    pub reduction_t_per_year: f64,
    /// Cost per tonne avoided, CNY (negative: saves money).
    pub cost_cny_per_t: f64,
}

/// One of the park's own targets: a reduction against the base year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub year: i32,
    pub reduction_pct: f64,
    #[serde(default)]
    pub source: String,
}
