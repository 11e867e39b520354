//! Emission factors: kg of each gas per unit of activity, with their source.

use super::gas::Gas;
use super::unit::Unit;
use serde::{Deserialize, Serialize};

/// One gas of a factor: kg of that gas per unit of the factor's `unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GasComponent {
    pub gas: Gas,
    pub kg_per_unit: f64,
}

/// An emission factor with its provenance. The citation is mandatory: every
/// tonne in the inventory must trace to a published or evidenced number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmissionFactor {
    pub id: String,
    /// What the factor is for, e.g. "Natural gas, stationary combustion".
    #[serde(default)]
    pub description: String,
    /// The unit of activity the factor applies to (its denominator).
    pub unit: Unit,
    pub components: Vec<GasComponent>,
    /// Citation: document, table, page or announcement number.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default)]
    pub region: String,
    /// The library activity this factor is for (e.g. `diesel`), linking it to
    /// energy conversion (tce) and default rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_key: Option<String>,
    /// How the value was derived from published parameters, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
    /// The bundled library version this factor was frozen from; `None` for
    /// site-specific factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_version: Option<String>,
}
