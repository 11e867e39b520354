//! What the inventory's uncertainty rests on: the spread of each activity
//! datum (by data type, with per-source and per-record overrides and
//! pedigree scores) and of the factors the bundled library does not cover,
//! and how the Monte Carlo runs. Plain data: the propagation is
//! `calc::uncertainty`, the rules the edit layer applies `edit::uncertainty`.

use super::gas::Gas;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How an activity datum was obtained; each type has a default spread
/// (`calc::uncertainty::default_activity_pct`) the project may override.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum DataType {
    /// Read from a calibrated meter (fiscal or custody-transfer metering).
    Metered,
    /// From a supplier's invoice (itself based on the supplier's meter).
    #[default]
    Invoiced,
    /// Estimated from related data (operating hours × rated consumption …).
    Estimated,
    /// A proxy: data of another site, period or process standing in.
    Proxy,
}

stable_keys!(DataType {
    Metered => "metered",
    Invoiced => "invoiced",
    Estimated => "estimated",
    Proxy => "proxy",
});

impl DataType {
    pub const ALL: [DataType; 4] = [
        DataType::Metered,
        DataType::Invoiced,
        DataType::Estimated,
        DataType::Proxy,
    ];

    /// The stable key or its Chinese name (as the template's list offers it).
    pub fn parse(text: &str) -> Option<DataType> {
        let t = text.trim();
        DataType::from_key(&t.to_ascii_lowercase()).or(match t {
            "计量" | "仪表计量" => Some(DataType::Metered),
            "发票" | "结算" => Some(DataType::Invoiced),
            "估算" => Some(DataType::Estimated),
            "替代" | "代用数据" => Some(DataType::Proxy),
            _ => None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            DataType::Metered => "metered and calibrated",
            DataType::Invoiced => "invoiced",
            DataType::Estimated => "estimated",
            DataType::Proxy => "proxy",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DataType::Metered => "计量（已校准）",
            DataType::Invoiced => "发票",
            DataType::Estimated => "估算",
            DataType::Proxy => "替代数据",
        }
    }
}

/// The shape of an input's probability distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Distribution {
    /// Bounds are the 95 % interval, symmetric (the larger side is taken).
    #[default]
    Normal,
    /// Bounds are the 95 % interval; the value is the median.
    Lognormal,
    /// Bounds are the whole range, evenly likely.
    Uniform,
    /// Bounds are the whole range; the value is the mode.
    Triangular,
}

stable_keys!(Distribution {
    Normal => "normal",
    Lognormal => "lognormal",
    Uniform => "uniform",
    Triangular => "triangular",
});

/// An input's spread around its value: bounds in percent below and above
/// it, with the distribution they belong to and where they come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spread {
    pub distribution: Distribution,
    /// How far below the value the lower bound lies, % of the value (< 100).
    pub lower_pct: f64,
    /// How far above the value the upper bound lies, % of the value.
    pub upper_pct: f64,
    /// Citation of the range (table, document) or the reason for a judgement.
    pub source: String,
}

impl Spread {
    /// A symmetric normal spread of ±`pct` (95 %).
    pub fn normal(pct: f64, source: impl Into<String>) -> Spread {
        Spread {
            distribution: Distribution::Normal,
            lower_pct: pct,
            upper_pct: pct,
            source: source.into(),
        }
    }
}

/// Pedigree-matrix scores, 1 (best) to 5 (worst), after Weidema & Wesnæs
/// (1996) as used by ecoinvent: each adds spread to the activity datum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pedigree {
    pub reliability: u8,
    pub completeness: u8,
    pub temporal: u8,
    pub geographical: u8,
    pub technological: u8,
}

impl Pedigree {
    /// The five scores in the matrix's order.
    pub fn scores(&self) -> [u8; 5] {
        [
            self.reliability,
            self.completeness,
            self.temporal,
            self.geographical,
            self.technological,
        ]
    }

    /// The mean score (1–5), the data-quality rating the totals weight.
    pub fn mean(&self) -> f64 {
        self.scores().iter().map(|&s| f64::from(s)).sum::<f64>() / 5.0
    }

    /// The scores written `1,2,1,3,1` (the template's and CLI's form).
    pub fn text(&self) -> String {
        self.scores().map(|s| s.to_string()).join(",")
    }

    /// Five comma-separated scores 1–5 (`1,2,1,3,1`).
    pub fn parse(text: &str) -> Option<Pedigree> {
        let v: Vec<u8> = text
            .split([',', '，', ' ', '/'])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().ok().filter(|n| (1..=5).contains(n)))
            .collect::<Option<_>>()?;
        match v[..] {
            [
                reliability,
                completeness,
                temporal,
                geographical,
                technological,
            ] => Some(Pedigree {
                reliability,
                completeness,
                temporal,
                geographical,
                technological,
            }),
            _ => None,
        }
    }
}

/// What a quality entry applies to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum QualityTarget {
    /// Every record of an entity with this activity code (one meter, one
    /// supplier, one estimate: a source).
    Source { entity: String, activity: String },
    /// One record (takes precedence over its source).
    Record(String),
}

impl QualityTarget {
    /// `E01/natural_gas` or `A00042`.
    pub fn text(&self) -> String {
        match self {
            QualityTarget::Source { entity, activity } => format!("{entity}/{activity}"),
            QualityTarget::Record(id) => id.clone(),
        }
    }
}

/// The data quality of a source or a record: its data type, an explicit
/// spread (instead of the type's), and pedigree scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataQuality {
    pub target: QualityTarget,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<DataType>,
    /// 95 % half-width in % (normal), replacing the data type's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub u_pct: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pedigree: Option<Pedigree>,
    /// Why (the meter's calibration certificate, the estimate's basis …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The spread of a project factor (a site-specific one, or a library
/// factor whose range the project replaces).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactorSpread {
    pub factor_id: String,
    /// One gas of the factor; `None`: every gas it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gas: Option<Gas>,
    pub spread: Spread,
}

/// The project's uncertainty section (absent: every default applies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySettings {
    /// 95 % half-width (%) of activity data by type, replacing the defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub activity_pct: BTreeMap<DataType, f64>,
    /// The type of records that state none.
    #[serde(default)]
    pub default_type: DataType,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quality: Vec<DataQuality>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<FactorSpread>,
    #[serde(default = "default_iterations")]
    pub iterations: u32,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Whether the Monte Carlo also draws the GWPs (off: GWPs are a
    /// convention of the inventory, not a measurement of it).
    #[serde(default)]
    pub sample_gwp: bool,
}

/// The Monte Carlo's default number of iterations.
pub const DEFAULT_ITERATIONS: u32 = 10_000;
/// The Monte Carlo's default seed.
pub const DEFAULT_SEED: u64 = 14_064;

fn default_iterations() -> u32 {
    DEFAULT_ITERATIONS
}

fn default_seed() -> u64 {
    DEFAULT_SEED
}

impl Default for UncertaintySettings {
    fn default() -> Self {
        UncertaintySettings {
            activity_pct: BTreeMap::new(),
            default_type: DataType::default(),
            quality: Vec::new(),
            factors: Vec::new(),
            iterations: DEFAULT_ITERATIONS,
            seed: DEFAULT_SEED,
            sample_gwp: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pedigree_text_round_trips_and_refuses_bad_scores() {
        let p = Pedigree::parse("1,2, 1,3,5").expect("five scores");
        assert_eq!(p.scores(), [1, 2, 1, 3, 5]);
        assert_eq!(p.text(), "1,2,1,3,5");
        assert_eq!(Pedigree::parse(&p.text()), Some(p));
        assert!((p.mean() - 2.4).abs() < 1e-12);
        assert_eq!(Pedigree::parse("1,2,1,3"), None);
        assert_eq!(Pedigree::parse("1,2,1,3,6"), None);
        assert_eq!(Pedigree::parse("1,2,1,3,0"), None);
        assert_eq!(Pedigree::parse("a,2,1,3,1"), None);
    }

    #[test]
    fn data_types_parse_in_both_languages() {
        assert_eq!(DataType::parse(" Metered "), Some(DataType::Metered));
        assert_eq!(DataType::parse("估算"), Some(DataType::Estimated));
        assert_eq!(DataType::parse("guess"), None);
        for t in DataType::ALL {
            assert_eq!(DataType::parse(t.key()), Some(t));
        }
    }
}
