//! Units of activity data. Parsing lives here (it is pure text → enum); the
//! conversion arithmetic lives in `calc::units`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A physical dimension. Conversions exist only within one dimension.
///
/// Normal cubic metres (gas volume at reference conditions) are a dimension
/// of their own: converting m³ at actual conditions to Nm³ needs the gas's
/// temperature and pressure, which a unit string does not carry, so the
/// engine refuses rather than guesses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Dimension {
    Mass,
    Energy,
    Volume,
    NormalVolume,
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dimension::Mass => "mass",
            Dimension::Energy => "energy",
            Dimension::Volume => "volume",
            Dimension::NormalVolume => "volume at normal conditions",
        })
    }
}

/// A unit of activity or of a factor's denominator.
///
/// Serialized as its canonical spelling (`"t"`, `"MWh"`, `"10^4 Nm3"`), so a
/// project file reads like the tenant's spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Unit {
    Kg,
    Tonne,
    Kilotonne,
    KWh,
    TenThousandKWh,
    MWh,
    GWh,
    MJ,
    GJ,
    TJ,
    /// Tonne of standard coal equivalent, 29.3076 GJ (GB/T 2589-2020).
    Tce,
    Litre,
    M3,
    TenThousandM3,
    Nm3,
    TenThousandNm3,
}

/// Every unit, in a stable order (for listings and exhaustive tests).
pub const ALL_UNITS: [Unit; 16] = [
    Unit::Kg,
    Unit::Tonne,
    Unit::Kilotonne,
    Unit::KWh,
    Unit::TenThousandKWh,
    Unit::MWh,
    Unit::GWh,
    Unit::MJ,
    Unit::GJ,
    Unit::TJ,
    Unit::Tce,
    Unit::Litre,
    Unit::M3,
    Unit::TenThousandM3,
    Unit::Nm3,
    Unit::TenThousandNm3,
];

/// Why a unit spelling was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("unknown unit '{0}' (known units: {known})", known = known_units())]
    Unknown(String),
    #[error("ambiguous unit '{0}': {1}")]
    Ambiguous(String, &'static str),
}

impl UnitError {
    /// The message in Chinese, for the app.
    pub fn zh(&self) -> String {
        match self {
            UnitError::Unknown(u) => format!("未知单位“{u}”（已知单位：{}）", known_units()),
            UnitError::Ambiguous(u, _) => {
                format!("单位“{u}”有歧义：它既用于公吨也用于百万吨；吨请写 't'，千吨请写 'kt'")
            }
        }
    }
}

fn known_units() -> String {
    ALL_UNITS
        .iter()
        .map(|u| u.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Unit {
    /// The canonical spelling, used in project files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Kg => "kg",
            Unit::Tonne => "t",
            Unit::Kilotonne => "kt",
            Unit::KWh => "kWh",
            Unit::TenThousandKWh => "10^4 kWh",
            Unit::MWh => "MWh",
            Unit::GWh => "GWh",
            Unit::MJ => "MJ",
            Unit::GJ => "GJ",
            Unit::TJ => "TJ",
            Unit::Tce => "tce",
            Unit::Litre => "L",
            Unit::M3 => "m3",
            Unit::TenThousandM3 => "10^4 m3",
            Unit::Nm3 => "Nm3",
            Unit::TenThousandNm3 => "10^4 Nm3",
        }
    }

    pub fn dimension(self) -> Dimension {
        match self {
            Unit::Kg | Unit::Tonne | Unit::Kilotonne => Dimension::Mass,
            Unit::KWh
            | Unit::TenThousandKWh
            | Unit::MWh
            | Unit::GWh
            | Unit::MJ
            | Unit::GJ
            | Unit::TJ
            | Unit::Tce => Dimension::Energy,
            Unit::Litre | Unit::M3 | Unit::TenThousandM3 => Dimension::Volume,
            Unit::Nm3 | Unit::TenThousandNm3 => Dimension::NormalVolume,
        }
    }

    /// Parses a unit as tenants write it. Case matters where it carries
    /// meaning (`MWh` is not `mWh`); `MT`/`mt` are refused because tenants use
    /// them both for metric tonnes and for megatonnes — a ×10⁶ error nobody
    /// should have to guess about.
    pub fn parse(text: &str) -> Result<Unit, UnitError> {
        let trimmed = text.trim();
        // Normalise spacing and superscripts only; never case.
        let norm: String = trimmed
            .replace('³', "3")
            .replace('⁴', "4")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let unit = match norm.as_str() {
            "kg" | "公斤" | "千克" => Unit::Kg,
            "t" | "tonne" | "tonnes" | "吨" => Unit::Tonne,
            "kt" | "千吨" => Unit::Kilotonne,
            "kWh" | "千瓦时" | "度" => Unit::KWh,
            "10^4 kWh" | "10^4kWh" | "万kWh" | "万千瓦时" => Unit::TenThousandKWh,
            "MWh" => Unit::MWh,
            "GWh" => Unit::GWh,
            "MJ" => Unit::MJ,
            "GJ" => Unit::GJ,
            "TJ" => Unit::TJ,
            "tce" | "吨标准煤" | "吨标煤" => Unit::Tce,
            "L" | "l" | "litre" | "liter" | "升" => Unit::Litre,
            "m3" | "立方米" => Unit::M3,
            "10^4 m3" | "10^4m3" | "万m3" | "万立方米" => Unit::TenThousandM3,
            "Nm3" | "标准立方米" => Unit::Nm3,
            "10^4 Nm3" | "10^4Nm3" | "万Nm3" | "万标准立方米" => Unit::TenThousandNm3,
            "MT" | "mt" | "Mt" => {
                return Err(UnitError::Ambiguous(
                    trimmed.to_string(),
                    "it is used both for metric tonnes and for megatonnes; write 't' for tonnes or 'kt' for kilotonnes",
                ));
            }
            _ => return Err(UnitError::Unknown(trimmed.to_string())),
        };
        Ok(unit)
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Unit {
    type Error = UnitError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Unit::parse(&value)
    }
}

impl From<Unit> for String {
    fn from(value: Unit) -> Self {
        value.as_str().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_spellings_round_trip() {
        for u in ALL_UNITS {
            assert_eq!(Unit::parse(u.as_str()), Ok(u), "{u}");
        }
    }

    #[test]
    fn aliases() {
        assert_eq!(Unit::parse("吨"), Ok(Unit::Tonne));
        assert_eq!(Unit::parse("tonne"), Ok(Unit::Tonne));
        assert_eq!(Unit::parse("m³"), Ok(Unit::M3));
        assert_eq!(Unit::parse("万Nm3"), Ok(Unit::TenThousandNm3));
        assert_eq!(Unit::parse("万立方米"), Ok(Unit::TenThousandM3));
        assert_eq!(Unit::parse("万kWh"), Ok(Unit::TenThousandKWh));
        assert_eq!(Unit::parse(" 10^4  Nm3 "), Ok(Unit::TenThousandNm3));
    }

    #[test]
    fn case_carries_meaning() {
        assert!(matches!(Unit::parse("mWh"), Err(UnitError::Unknown(_))));
        assert!(matches!(Unit::parse("kwh"), Err(UnitError::Unknown(_))));
        assert!(matches!(Unit::parse("MT"), Err(UnitError::Ambiguous(..))));
        assert!(matches!(Unit::parse("mt"), Err(UnitError::Ambiguous(..))));
    }

    #[test]
    fn m3_and_nm3_are_different_dimensions() {
        assert_ne!(Unit::M3.dimension(), Unit::Nm3.dimension());
    }
}
