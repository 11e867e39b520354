//! Greenhouse-gas codes as they appear in project files and factor tables.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A gas component of an emission factor.
///
/// `CO2e` is a component that is already weighted (GWP 1 under every set);
/// `CO2_biogenic` is carbon from biomass, reported outside the scopes as the
/// GHG Protocol requires. `CH4` without origin takes the value each IPCC
/// report gives for methane without distinguishing origin (see
/// `calc::gwp`); use `CH4_fossil`/`CH4_nonfossil` where the origin is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Gas {
    Co2,
    Ch4,
    Ch4Fossil,
    Ch4NonFossil,
    N2o,
    Sf6,
    Nf3,
    Hfc23,
    Hfc32,
    Hfc125,
    Hfc134a,
    Hfc143a,
    Hfc152a,
    Cf4,
    C2f6,
    Co2e,
    Co2Biogenic,
    /// Refrigerant blends: their GWP is the mass-weighted sum of their
    /// components' (`assets/library/refrigerant-blends.tsv`).
    R404a,
    R407c,
    R410a,
}

/// Every gas, in a stable order.
pub const ALL_GASES: [Gas; 20] = [
    Gas::Co2,
    Gas::Ch4,
    Gas::Ch4Fossil,
    Gas::Ch4NonFossil,
    Gas::N2o,
    Gas::Sf6,
    Gas::Nf3,
    Gas::Hfc23,
    Gas::Hfc32,
    Gas::Hfc125,
    Gas::Hfc134a,
    Gas::Hfc143a,
    Gas::Hfc152a,
    Gas::Cf4,
    Gas::C2f6,
    Gas::Co2e,
    Gas::Co2Biogenic,
    Gas::R404a,
    Gas::R407c,
    Gas::R410a,
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown gas code '{0}' (known: {known})", known = ALL_GASES.iter().map(|g| g.code()).collect::<Vec<_>>().join(", "))]
pub struct GasError(pub String);

impl GasError {
    /// The message in Chinese, for the app.
    pub fn zh(&self) -> String {
        let known: Vec<&str> = ALL_GASES.iter().map(|g| g.code()).collect();
        format!("未知气体代码“{}”（已知：{}）", self.0, known.join(", "))
    }
}

impl Gas {
    /// The code used in files, e.g. `HFC-134a`.
    pub fn code(self) -> &'static str {
        match self {
            Gas::Co2 => "CO2",
            Gas::Ch4 => "CH4",
            Gas::Ch4Fossil => "CH4_fossil",
            Gas::Ch4NonFossil => "CH4_nonfossil",
            Gas::N2o => "N2O",
            Gas::Sf6 => "SF6",
            Gas::Nf3 => "NF3",
            Gas::Hfc23 => "HFC-23",
            Gas::Hfc32 => "HFC-32",
            Gas::Hfc125 => "HFC-125",
            Gas::Hfc134a => "HFC-134a",
            Gas::Hfc143a => "HFC-143a",
            Gas::Hfc152a => "HFC-152a",
            Gas::Cf4 => "CF4",
            Gas::C2f6 => "C2F6",
            Gas::Co2e => "CO2e",
            Gas::Co2Biogenic => "CO2_biogenic",
            Gas::R404a => "R-404A",
            Gas::R407c => "R-407C",
            Gas::R410a => "R-410A",
        }
    }

    /// Parses a gas code; exact codes, plus the common subscript and
    /// `R-134a` spellings tenants use.
    pub fn parse(text: &str) -> Result<Gas, GasError> {
        let t = text.trim();
        let folded: String = t
            .chars()
            .map(|c| match c {
                '₂' => '2',
                '₃' => '3',
                '₄' => '4',
                '₆' => '6',
                other => other,
            })
            .collect();
        ALL_GASES
            .iter()
            .copied()
            .find(|g| g.code() == folded)
            .or(match folded.as_str() {
                "R-134a" | "R134a" | "HFC134a" => Some(Gas::Hfc134a),
                "R-32" | "R32" => Some(Gas::Hfc32),
                "R-125" => Some(Gas::Hfc125),
                "R-23" => Some(Gas::Hfc23),
                "CO2_bio" | "biogenic CO2" => Some(Gas::Co2Biogenic),
                "R404A" | "R404a" => Some(Gas::R404a),
                "R407C" | "R407c" => Some(Gas::R407c),
                "R410A" | "R410a" => Some(Gas::R410a),
                _ => None,
            })
            .ok_or_else(|| GasError(t.to_string()))
    }

    /// True for a refrigerant blend (its GWP is computed from its components).
    pub fn is_blend(self) -> bool {
        matches!(self, Gas::R404a | Gas::R407c | Gas::R410a)
    }

    /// True for the gas that is reported outside the scope totals.
    pub fn is_biogenic(self) -> bool {
        self == Gas::Co2Biogenic
    }
}

impl fmt::Display for Gas {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl TryFrom<String> for Gas {
    type Error = GasError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Gas::parse(&value)
    }
}

impl From<Gas> for String {
    fn from(value: Gas) -> Self {
        value.code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for g in ALL_GASES {
            assert_eq!(Gas::parse(g.code()), Ok(g));
        }
        assert_eq!(Gas::parse("CH₄"), Ok(Gas::Ch4));
        assert_eq!(Gas::parse("R-134a"), Ok(Gas::Hfc134a));
        assert!(Gas::parse("co2").is_err());
    }
}
