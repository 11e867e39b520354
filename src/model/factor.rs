//! Emission factors: kg of each gas per unit of activity, with their source.

use super::gas::Gas;
use super::unit::Unit;
use serde::{Deserialize, Serialize};

/// One gas of a factor: kg of that gas per unit of the factor's `unit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GasComponent {
    pub gas: Gas,
    pub kg_per_unit: f64,
    /// This gas's own citation, when it differs from the factor's (an
    /// IPCC-based factor takes CO₂ from one table and CH₄, N₂O from another);
    /// `None`: the factor's `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// For a library factor: the published table this gas's value is from
    /// (e.g. `IPCC 2006 GL Vol. 2 Table 2.3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
}

impl GasComponent {
    /// A component citing the factor's source.
    pub fn new(gas: Gas, kg_per_unit: f64) -> GasComponent {
        GasComponent {
            gas,
            kg_per_unit,
            source: None,
            table: None,
        }
    }
}

/// An emission factor with its provenance. The citation is mandatory: every
/// tonne in the inventory must trace to a published or evidenced number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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

impl EmissionFactor {
    /// The citation of one of this factor's gases: its own, or the factor's.
    pub fn citation<'a>(&'a self, component: &'a GasComponent) -> &'a str {
        component.source.as_deref().unwrap_or(&self.source)
    }

    /// Whether any gas cites a source of its own.
    pub fn has_per_gas_sources(&self) -> bool {
        self.components
            .iter()
            .any(|c| c.source.is_some() || c.table.is_some())
    }

    /// One line per gas — `CO2: citation (table)` — for a factor whose gases
    /// cite their own sources; the factor's source otherwise.
    pub fn citations_text(&self) -> String {
        if !self.has_per_gas_sources() {
            return self.source.clone();
        }
        self.components
            .iter()
            .map(|c| match &c.table {
                Some(t) => format!("{}: {} ({t})", c.gas.code(), self.citation(c)),
                None => format!("{}: {}", c.gas.code(), self.citation(c)),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
