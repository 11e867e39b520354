//! CBAM installations: what the EU's Carbon Border Adjustment Mechanism
//! needs beyond the inventory to give each exported good its specific
//! embedded emissions (Regulation (EU) 2023/956; the Commission's
//! Communication template for installations, v2.1.1). Plain data: the
//! calculation is `calc::cbam_project`, the rules the edit layer applies
//! are in `edit::cbam`.

use serde::{Deserialize, Serialize};

/// The project's CBAM section (absent in projects without CBAM goods).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cbam {
    /// The year the goods are imported into the EU: it picks the default
    /// values' mark-up (2026, 2027, 2028 onward) and the CBAM factor of the
    /// free-allocation adjustment.
    pub declaration_year: i32,
    /// EUR per CBAM certificate, an input of the certificate estimate only
    /// (the Commission publishes the price quarterly, then weekly).
    pub certificate_price_eur: f64,
    #[serde(default)]
    pub installations: Vec<Installation>,
}

/// The aggregated goods categories of the Communication template
/// (`A_InstData` section 5), by sector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum GoodsCategory {
    CalcinedClay,
    CementClinker,
    Cement,
    AluminousCement,
    Hydrogen,
    Ammonia,
    NitricAcid,
    Urea,
    MixedFertilisers,
    SinteredOre,
    PigIron,
    FeMn,
    FeCr,
    FeNi,
    Dri,
    CrudeSteel,
    IronSteelProducts,
    UnwroughtAluminium,
    AluminiumProducts,
    Electricity,
}

stable_keys!(GoodsCategory {
    CalcinedClay => "calcined-clay",
    CementClinker => "cement-clinker",
    Cement => "cement",
    AluminousCement => "aluminous-cement",
    Hydrogen => "hydrogen",
    Ammonia => "ammonia",
    NitricAcid => "nitric-acid",
    Urea => "urea",
    MixedFertilisers => "mixed-fertilisers",
    SinteredOre => "sintered-ore",
    PigIron => "pig-iron",
    FeMn => "femn",
    FeCr => "fecr",
    FeNi => "feni",
    Dri => "dri",
    CrudeSteel => "crude-steel",
    IronSteelProducts => "iron-steel-products",
    UnwroughtAluminium => "unwrought-aluminium",
    AluminiumProducts => "aluminium-products",
    Electricity => "electricity",
});

/// The CBAM sector of a goods category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CbamSector {
    Cement,
    Fertilisers,
    IronSteel,
    Aluminium,
    Hydrogen,
    Electricity,
}

impl CbamSector {
    /// The sector's name in the default-value tables (`assets/cbam/`).
    pub fn table_name(self) -> &'static str {
        match self {
            CbamSector::Cement => "Cement",
            CbamSector::Fertilisers => "Fertilisers",
            CbamSector::IronSteel => "Iron and steel",
            CbamSector::Aluminium => "Aluminium",
            CbamSector::Hydrogen => "Hydrogen",
            CbamSector::Electricity => "Electricity",
        }
    }

    /// The sector's key in the bundled goods list (`cbam-goods.tsv`).
    pub fn library_key(self) -> &'static str {
        match self {
            CbamSector::Cement => "cement",
            CbamSector::Fertilisers => "fertilisers",
            CbamSector::IronSteel => "iron_and_steel",
            CbamSector::Aluminium => "aluminium",
            CbamSector::Hydrogen => "hydrogen",
            CbamSector::Electricity => "electricity",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CbamSector::Cement => "水泥",
            CbamSector::Fertilisers => "化肥",
            CbamSector::IronSteel => "钢铁",
            CbamSector::Aluminium => "铝",
            CbamSector::Hydrogen => "氢",
            CbamSector::Electricity => "电力",
        }
    }
}

impl GoodsCategory {
    pub const ALL: [GoodsCategory; 20] = [
        GoodsCategory::CalcinedClay,
        GoodsCategory::CementClinker,
        GoodsCategory::Cement,
        GoodsCategory::AluminousCement,
        GoodsCategory::Hydrogen,
        GoodsCategory::Ammonia,
        GoodsCategory::NitricAcid,
        GoodsCategory::Urea,
        GoodsCategory::MixedFertilisers,
        GoodsCategory::SinteredOre,
        GoodsCategory::PigIron,
        GoodsCategory::FeMn,
        GoodsCategory::FeCr,
        GoodsCategory::FeNi,
        GoodsCategory::Dri,
        GoodsCategory::CrudeSteel,
        GoodsCategory::IronSteelProducts,
        GoodsCategory::UnwroughtAluminium,
        GoodsCategory::AluminiumProducts,
        GoodsCategory::Electricity,
    ];

    pub fn sector(self) -> CbamSector {
        use GoodsCategory::*;
        match self {
            CalcinedClay | CementClinker | Cement | AluminousCement => CbamSector::Cement,
            Hydrogen => CbamSector::Hydrogen,
            Ammonia | NitricAcid | Urea | MixedFertilisers => CbamSector::Fertilisers,
            SinteredOre | PigIron | FeMn | FeCr | FeNi | Dri | CrudeSteel | IronSteelProducts => {
                CbamSector::IronSteel
            }
            UnwroughtAluminium | AluminiumProducts => CbamSector::Aluminium,
            Electricity => CbamSector::Electricity,
        }
    }

    /// The template's name of the category (English, as `Summary_Communication` writes it).
    pub fn label(self) -> &'static str {
        use GoodsCategory::*;
        match self {
            CalcinedClay => "Calcined clays",
            CementClinker => "Cement clinker",
            Cement => "Cement",
            AluminousCement => "Aluminous cement",
            Hydrogen => "Hydrogen",
            Ammonia => "Ammonia",
            NitricAcid => "Nitric acid",
            Urea => "Urea",
            MixedFertilisers => "Mixed fertilisers",
            SinteredOre => "Sintered Ore",
            PigIron => "Pig Iron",
            FeMn => "FeMn",
            FeCr => "FeCr",
            FeNi => "FeNi",
            Dri => "DRI",
            CrudeSteel => "Crude steel",
            IronSteelProducts => "Iron or steel products",
            UnwroughtAluminium => "Unwrought aluminium",
            AluminiumProducts => "Aluminium products",
            Electricity => "Electricity",
        }
    }

    pub fn label_zh(self) -> &'static str {
        use GoodsCategory::*;
        match self {
            CalcinedClay => "煅烧黏土",
            CementClinker => "水泥熟料",
            Cement => "水泥",
            AluminousCement => "铝酸盐水泥",
            Hydrogen => "氢",
            Ammonia => "氨",
            NitricAcid => "硝酸",
            Urea => "尿素",
            MixedFertilisers => "复合肥",
            SinteredOre => "烧结矿",
            PigIron => "生铁",
            FeMn => "锰铁",
            FeCr => "铬铁",
            FeNi => "镍铁",
            Dri => "直接还原铁",
            CrudeSteel => "粗钢",
            IronSteelProducts => "钢铁制品",
            UnwroughtAluminium => "未锻轧铝",
            AluminiumProducts => "铝制品",
            Electricity => "电力",
        }
    }

    /// The functional unit the SEE is expressed in unless the process says
    /// otherwise: nitrogen for mixed fertilisers (reconciled to the product
    /// by its N content), MWh for electricity, else the good itself.
    pub fn default_unit(self) -> FunctionalUnit {
        match self {
            GoodsCategory::MixedFertilisers => FunctionalUnit::Nitrogen,
            GoodsCategory::Electricity => FunctionalUnit::MWh,
            _ => FunctionalUnit::Good,
        }
    }
}

/// What a process's activity level counts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum FunctionalUnit {
    /// Tonnes of the good.
    #[default]
    Good,
    /// Tonnes of clinker contained (cement): SEE per t cement = SEE per t
    /// clinker × the clinker factor.
    Clinker,
    /// Tonnes of nitrogen contained (fertilisers): SEE per t product = SEE
    /// per t N × the N content.
    Nitrogen,
    /// MWh (electricity).
    MWh,
}

stable_keys!(FunctionalUnit {
    Good => "good",
    Clinker => "clinker",
    Nitrogen => "nitrogen",
    MWh => "mwh",
});

impl FunctionalUnit {
    pub const ALL: [FunctionalUnit; 4] = [
        FunctionalUnit::Good,
        FunctionalUnit::Clinker,
        FunctionalUnit::Nitrogen,
        FunctionalUnit::MWh,
    ];

    /// The unit of the activity level and of the SEE's denominator.
    pub fn unit(self) -> &'static str {
        match self {
            FunctionalUnit::Good => "t",
            FunctionalUnit::Clinker => "t clinker",
            FunctionalUnit::Nitrogen => "t N",
            FunctionalUnit::MWh => "MWh",
        }
    }

    pub fn unit_zh(self) -> &'static str {
        match self {
            FunctionalUnit::Good => "t",
            FunctionalUnit::Clinker => "t 熟料",
            FunctionalUnit::Nitrogen => "t 氮",
            FunctionalUnit::MWh => "MWh",
        }
    }
}

/// Where the electricity emission factor of an installation comes from.
/// Actual values other than the grid's need a direct technical connection
/// or a power purchase agreement (Implementing Regulation (EU) 2025/2547,
/// as summarised in `../shared/cbam/README.md`; ⚠ not read in the Official
/// Journal) — the CBAM check asks for the evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ElectricitySource {
    /// The average emission factor of the country's grid.
    #[default]
    Grid,
    /// A direct technical connection to a generator.
    DirectConnection,
    /// A power purchase agreement with a generator.
    PowerPurchaseAgreement,
}

stable_keys!(ElectricitySource {
    Grid => "grid",
    DirectConnection => "direct-connection",
    PowerPurchaseAgreement => "ppa",
});

impl ElectricitySource {
    pub const ALL: [ElectricitySource; 3] = [
        ElectricitySource::Grid,
        ElectricitySource::DirectConnection,
        ElectricitySource::PowerPurchaseAgreement,
    ];

    /// As the template's "source for electricity EF" column says it.
    pub fn label(self) -> &'static str {
        match self {
            ElectricitySource::Grid => "Grid average (country)",
            ElectricitySource::DirectConnection => "Direct technical connection",
            ElectricitySource::PowerPurchaseAgreement => "Power purchase agreement",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ElectricitySource::Grid => "电网平均（国家）",
            ElectricitySource::DirectConnection => "直连供电",
            ElectricitySource::PowerPurchaseAgreement => "购电协议",
        }
    }
}

/// An installation: an entity of the park that produces CBAM goods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installation {
    /// The park entity (`Entity::id`) whose records the installation uses.
    pub entity_id: String,
    /// Name, address and city in English, as the template asks.
    pub name_en: String,
    #[serde(default)]
    pub address_en: String,
    #[serde(default)]
    pub city: String,
    /// ISO 3166-1 alpha-2, e.g. `CN`.
    pub country: String,
    /// UN/LOCODE of the installation's location, e.g. `CNTSN`.
    #[serde(default)]
    pub unlocode: String,
    /// Coordinates of the main emission source, decimal degrees (WGS 84).
    #[serde(default)]
    pub latitude_deg: f64,
    #[serde(default)]
    pub longitude_deg: f64,
    #[serde(default)]
    pub economic_activity: String,
    #[serde(default)]
    pub representative: String,
    #[serde(default)]
    pub processes: Vec<Process>,
    /// Which process each of the entity's source streams (or single
    /// records) goes to.
    #[serde(default)]
    pub attributions: Vec<Attribution>,
    #[serde(default)]
    pub purchased: Vec<PurchasedPrecursor>,
    #[serde(default)]
    pub electricity_source: ElectricitySource,
    /// The contract or connection behind a non-grid electricity factor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub electricity_evidence: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carbon_prices: Vec<CarbonPrice>,
}

/// A production process of an installation and the good it makes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Unique within the installation, with the purchased precursors' ids.
    pub id: String,
    pub name: String,
    pub category: GoodsCategory,
    /// The production route as the template names it (e.g. `BF/BOF`).
    #[serde(default)]
    pub route: String,
    /// CN codes of the goods (8 digits written as in the CN, `7208 51 20`);
    /// the first is the one reported and compared with the default value.
    pub cn_codes: Vec<String>,
    /// The product's commercial name.
    #[serde(default)]
    pub product_name: String,
    #[serde(default)]
    pub functional_unit: FunctionalUnit,
    /// Production in the period, in the functional unit: the SEE's
    /// denominator (what other processes consume included).
    pub activity_level_t: f64,
    /// Where the activity level comes from (production records).
    #[serde(default)]
    pub activity_evidence: String,
    /// Precursors this process consumes.
    #[serde(default)]
    pub consumes: Vec<Consumption>,
    /// Heat, waste gases and electricity exchanged.
    #[serde(default, skip_serializing_if = "Flows::is_empty")]
    pub flows: Flows,
    /// The good's SEE is taken from the default values (no actual data):
    /// the reason, as the template asks for it; `None` for actual data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_values_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Qualifying::is_empty")]
    pub qualifying: Qualifying,
}

/// A precursor consumed by a process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consumption {
    /// Another process's id, or a purchased precursor's.
    pub precursor: String,
    /// In the precursor's functional unit.
    pub quantity_t: f64,
}

/// A process's heat, waste-gas and electricity exchanges (the template's
/// `D_Processes` sections), each with its factor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Flows {
    #[serde(default)]
    pub heat_imported_tj: f64,
    #[serde(default)]
    pub heat_imported_t_per_tj: f64,
    #[serde(default)]
    pub heat_exported_tj: f64,
    #[serde(default)]
    pub heat_exported_t_per_tj: f64,
    #[serde(default)]
    pub waste_gas_imported_tj: f64,
    #[serde(default)]
    pub waste_gas_exported_tj: f64,
    /// Electricity generated by the process (its emissions are in DirEm).
    #[serde(default)]
    pub electricity_produced_mwh: f64,
    #[serde(default)]
    pub electricity_produced_t_per_mwh: f64,
    #[serde(default)]
    pub electricity_exported_mwh: f64,
    /// Where these figures come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Flows {
    pub fn is_empty(&self) -> bool {
        *self == Flows::default()
    }
}

/// Shares of a source stream (all of an entity's records of one activity
/// code) or of one record, by process. What no process takes is
/// `not_cbam_pct`; the shares and it sum to 100 % when the attribution is
/// complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The activity code of the entity's records.
    pub activity: String,
    /// One record only (it overrides the activity's attribution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    pub shares: Vec<Share>,
    /// Used for goods outside CBAM.
    #[serde(default)]
    pub not_cbam_pct: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Share {
    pub process: String,
    pub pct: f64,
}

/// Where a purchased precursor's SEE comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PrecursorSee {
    /// The supplier's communicated values, with their evidence.
    Actual {
        direct_t_per_t: f64,
        indirect_t_per_t: f64,
        evidence: String,
    },
    /// The default value of its country of origin (Annex I; Annex IV when
    /// the origin is unknown).
    Default,
}

/// A precursor bought from outside the installation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PurchasedPrecursor {
    /// Unique within the installation, with the processes' ids.
    pub id: String,
    pub name: String,
    pub category: GoodsCategory,
    pub cn_code: String,
    /// ISO 3166-1 alpha-2; empty when the origin is unknown.
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub route: String,
    #[serde(default)]
    pub supplier: String,
    pub see: PrecursorSee,
    /// Specific electricity use, MWh per t (the template's `E_PurchPrec`).
    #[serde(default)]
    pub electricity_mwh_per_t: f64,
}

/// A carbon price effectively paid in the country of origin (Article 9 of
/// Regulation (EU) 2023/956), e.g. China's national ETS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarbonPrice {
    /// The process it applies to; `None`: every process of the installation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// The type of carbon-pricing instrument.
    pub instrument: String,
    /// Share of the embedded emissions the price covers, %.
    pub share_covered_pct: f64,
    /// Price due per t CO₂e, in `currency`.
    pub price_per_t: f64,
    /// ISO 4217, e.g. `CNY`.
    pub currency: String,
    /// EUR per unit of `currency` (the exchange rate the estimate uses).
    pub eur_per_unit: f64,
    /// A rebate or free allocation (type), empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rebate: String,
    /// Share of the covered emissions the rebate returns, %.
    #[serde(default)]
    pub rebate_pct: f64,
    #[serde(default)]
    pub evidence: String,
}

/// The qualifying parameters of `Summary_Communication`, as the template
/// lists them; only those of the good's sector are filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Qualifying {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub main_reducing_agent: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub steel_mill_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mn_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cr_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ni_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_alloys_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carbon_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scrap_t_per_t_steel: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_materials_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_consumer_scrap_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scrap_t_per_t_aluminium: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_aluminium_pct: Option<f64>,
    /// t clinker per t cement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinker_factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calcined: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concentration_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nitric_acid_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urea_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_total_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_ammonium_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_nitrate_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_urea_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_other_pct: Option<f64>,
}

impl Qualifying {
    pub fn is_empty(&self) -> bool {
        *self == Qualifying::default()
    }
}

impl Cbam {
    pub fn installation(&self, entity_id: &str) -> Option<&Installation> {
        self.installations.iter().find(|i| i.entity_id == entity_id)
    }
}

impl Installation {
    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id == id)
    }

    pub fn purchased(&self, id: &str) -> Option<&PurchasedPrecursor> {
        self.purchased.iter().find(|p| p.id == id)
    }
}
