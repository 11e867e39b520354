//! Activity data: what a tenant consumed or emitted, month by month.

use super::unit::Unit;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A reporting month, written `YYYY-MM` in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(try_from = "String", into = "String")]
pub struct Period {
    pub year: i32,
    /// 1–12.
    pub month: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a month: write it as YYYY-MM, e.g. 2024-03")]
pub struct PeriodError(pub String);

impl Period {
    pub fn new(year: i32, month: u8) -> Result<Period, PeriodError> {
        if (1..=12).contains(&month) && (1900..=2200).contains(&year) {
            Ok(Period { year, month })
        } else {
            Err(PeriodError(format!("{year:04}-{month:02}")))
        }
    }

    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let err = || PeriodError(text.to_string());
        let (y, m) = text.trim().split_once('-').ok_or_else(err)?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 {
            return Err(err());
        }
        let year: i32 = y.parse().map_err(|_| err())?;
        let month: u8 = m.parse().map_err(|_| err())?;
        Period::new(year, month).map_err(|_| err())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Period {
    type Error = PeriodError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Period::parse(&value)
    }
}

impl From<Period> for String {
    fn from(value: Period) -> Self {
        value.to_string()
    }
}

/// GHG Protocol scope, written as the number 1, 2 or 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Scope {
    S1,
    S2,
    S3,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("scope must be 1, 2 or 3, not {0}")]
pub struct ScopeError(pub String);

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::S1, Scope::S2, Scope::S3];

    pub fn number(self) -> u8 {
        match self {
            Scope::S1 => 1,
            Scope::S2 => 2,
            Scope::S3 => 3,
        }
    }

    /// The ISO 14064-1:2018 categories that belong to this scope
    /// (1 ≈ scope 1, 2 ≈ scope 2, 3–6 ≈ scope 3).
    pub fn iso_categories(self) -> &'static [u8] {
        match self {
            Scope::S1 => &[1],
            Scope::S2 => &[2],
            Scope::S3 => &[3, 4, 5, 6],
        }
    }
}

impl TryFrom<u8> for Scope {
    type Error = ScopeError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(Scope::S1),
            2 => Ok(Scope::S2),
            3 => Ok(Scope::S3),
            other => Err(ScopeError(other.to_string())),
        }
    }
}

impl From<Scope> for u8 {
    fn from(value: Scope) -> Self {
        value.number()
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scope {}", self.number())
    }
}

/// ISO 14064-1:2018 category (clause 5.2.4), 1–6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(try_from = "u8", into = "u8")]
pub struct IsoCategory(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ISO 14064-1 category must be 1–6, not {0}")]
pub struct CategoryError(pub String);

impl IsoCategory {
    pub fn new(n: u8) -> Result<IsoCategory, CategoryError> {
        if (1..=6).contains(&n) {
            Ok(IsoCategory(n))
        } else {
            Err(CategoryError(n.to_string()))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// All six categories.
    pub fn all() -> Vec<IsoCategory> {
        (1..=6).map(IsoCategory).collect()
    }

    /// The title ISO 14064-1:2018 gives the category.
    pub fn title(self) -> &'static str {
        match self.0 {
            1 => "Direct GHG emissions and removals",
            2 => "Indirect GHG emissions from imported energy",
            3 => "Indirect GHG emissions from transportation",
            4 => "Indirect GHG emissions from products used by the organization",
            5 => "Indirect GHG emissions associated with the use of products from the organization",
            _ => "Indirect GHG emissions from other sources",
        }
    }

    /// The GHG Protocol scope this category corresponds to.
    pub fn scope(self) -> Scope {
        match self.0 {
            1 => Scope::S1,
            2 => Scope::S2,
            _ => Scope::S3,
        }
    }
}

impl TryFrom<u8> for IsoCategory {
    type Error = CategoryError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        IsoCategory::new(value)
    }
}

impl From<IsoCategory> for u8 {
    fn from(value: IsoCategory) -> Self {
        value.0
    }
}

/// Where a record came from, so any figure can be traced back to its cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSource {
    /// The import (`Project::imports[].id`) that brought the record in.
    pub import: u32,
    pub sheet: String,
    /// Excel row number (1-based, as Excel shows it).
    pub row: u32,
}

/// One line of activity data: a quantity of fuel, electricity, material …
/// for one entity and one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityRecord {
    /// Stable record id, unique within the project (e.g. `A00042`).
    pub id: String,
    pub entity_id: String,
    pub period: Period,
    pub scope: Scope,
    pub category: IsoCategory,
    /// Activity code, e.g. `natural_gas_combustion`, `grid_electricity`.
    pub activity: String,
    pub quantity: f64,
    pub unit: Unit,
    /// Factor used for the location-based result (and for every scope other than 2).
    pub factor_id: String,
    /// Scope 2 only: factor for the market-based result; absent means the
    /// location-based factor is used for both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_factor_id: Option<String>,
    /// Reference to the evidence (invoice, meter reading …) the auditor can ask for.
    #[serde(default)]
    pub evidence_ref: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<RecordSource>,
    /// Why the factor was chosen, when a default rule chose it (the record
    /// named none); `None` when the record named its factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor_rule: Option<String>,
    /// How the quantity was obtained (sets its uncertainty); `None`: the
    /// source's or the project's default type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<super::uncertainty::DataType>,
}

/// A plain record for the model's own tests: 2 t of coal, scope 1, January 2024.
#[cfg(test)]
pub(crate) fn test_record(id: &str) -> ActivityRecord {
    ActivityRecord {
        id: id.into(),
        entity_id: "E1".into(),
        period: Period::new(2024, 1).expect("valid"),
        scope: Scope::S1,
        category: IsoCategory::new(1).expect("valid"),
        activity: "coal".into(),
        quantity: 2.0,
        unit: Unit::Tonne,
        factor_id: "f".into(),
        market_factor_id: None,
        evidence_ref: "INV".into(),
        source: None,
        factor_rule: None,
        data_type: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_parse() {
        assert_eq!(
            Period::parse("2024-03"),
            Ok(Period {
                year: 2024,
                month: 3
            })
        );
        assert_eq!(
            Period::parse("2024-3"),
            Ok(Period {
                year: 2024,
                month: 3
            })
        );
        assert!(Period::parse("2024-13").is_err());
        assert!(Period::parse("2024/03").is_err());
        assert!(Period::parse("24-03").is_err());
        assert!(Period::parse("").is_err());
        assert_eq!(
            Period::new(2024, 1).map(|p| p.to_string()),
            Ok("2024-01".to_string())
        );
    }

    #[test]
    fn scope_and_category() {
        assert!(Scope::try_from(4).is_err());
        assert!(IsoCategory::new(0).is_err());
        assert!(IsoCategory::new(7).is_err());
        assert_eq!(IsoCategory::new(4).map(|c| c.scope()), Ok(Scope::S3));
    }
}
