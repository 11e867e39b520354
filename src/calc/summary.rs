//! The inventory as a flat, serializable summary: what `compute --json`
//! prints and what later reports build on. Every map is a `BTreeMap`, so the
//! output is byte-identical for the same project.

use super::inventory::Inventory;
use crate::model::Project;
use serde::Serialize;
use std::collections::BTreeMap;

/// `x` with `decimals` decimals and thousands separators (`1,234,567.891`), for
/// readable tables in the CLI, the app and the trail; `-0.000` prints as `0.000`.
pub fn grouped(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Values are rounded to 6 decimals (1 g CO₂e): finer digits are float
/// noise, and rounding keeps the output stable across platforms.
pub fn round_t(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r } // no "-0.0"
}

fn rounded<K: Ord + Clone>(m: &BTreeMap<K, f64>) -> BTreeMap<K, f64> {
    m.iter().map(|(k, v)| (k.clone(), round_t(*v))).collect()
}

/// A summary of the inventory, in t CO₂e unless the key says otherwise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InventorySummary {
    pub park: String,
    pub reporting_year: i32,
    pub gwp_set: String,
    pub consolidation: String,
    pub record_count: usize,
    pub unit: &'static str,
    pub total_t_co2e: f64,
    pub total_market_t_co2e: f64,
    pub scope1_t: f64,
    pub scope2_location_t: f64,
    pub scope2_market_t: f64,
    pub scope3_t: f64,
    pub excluded_t: f64,
    pub biogenic_co2_t: f64,
    pub excluded_biogenic_co2_t: f64,
    pub other_owners_t: f64,
    pub by_entity: BTreeMap<String, f64>,
    pub by_entity_market: BTreeMap<String, f64>,
    pub excluded_by_entity: BTreeMap<String, f64>,
    pub by_gas: BTreeMap<String, f64>,
    pub by_category: BTreeMap<String, f64>,
    pub by_month: BTreeMap<String, f64>,
    pub by_sector: BTreeMap<String, f64>,
    /// Energy use of the energy-carrier records, t of standard coal equivalent (GB/T 2589), at 100 %.
    pub energy_tce: f64,
    /// Total (location-based) per tce: the zero-carbon park core indicator (t CO₂e/tce).
    pub carbon_intensity_t_per_tce: Option<f64>,
}

impl InventorySummary {
    pub fn new(project: &Project, inv: &Inventory) -> InventorySummary {
        let energy = super::energy::energy_use(project, super::library::bundled());
        InventorySummary {
            energy_tce: round_t(energy.total_tce),
            carbon_intensity_t_per_tce: (energy.total_tce > 0.0)
                .then(|| round_t(inv.total_t_co2e / energy.total_tce)),
            park: project.park.name.clone(),
            reporting_year: project.park.reporting_year,
            gwp_set: project.methodology.gwp_set.name().to_string(),
            consolidation: project.consolidation.key().to_string(),
            record_count: project.activity.len(),
            unit: "t CO2e",
            total_t_co2e: round_t(inv.total_t_co2e),
            total_market_t_co2e: round_t(inv.total_market_t_co2e),
            scope1_t: round_t(inv.scope1_t),
            scope2_location_t: round_t(inv.scope2_location_t),
            scope2_market_t: round_t(inv.scope2_market_t),
            scope3_t: round_t(inv.scope3_t),
            excluded_t: round_t(inv.excluded_t),
            biogenic_co2_t: round_t(inv.biogenic_co2_t),
            excluded_biogenic_co2_t: round_t(inv.excluded_biogenic_co2_t),
            other_owners_t: round_t(inv.other_owners_t),
            by_entity: rounded(&inv.by_entity),
            by_entity_market: rounded(&inv.by_entity_market),
            excluded_by_entity: rounded(&inv.excluded_by_entity),
            by_gas: inv
                .by_gas
                .iter()
                .map(|(g, v)| (g.code().to_string(), round_t(*v)))
                .collect(),
            by_category: inv
                .by_category
                .iter()
                .map(|(c, v)| (c.to_string(), round_t(*v)))
                .collect(),
            by_month: inv
                .by_month
                .iter()
                .map(|(p, v)| (p.to_string(), round_t(*v)))
                .collect(),
            by_sector: rounded(&inv.by_sector),
        }
    }

    /// Pretty JSON with every object's keys sorted.
    pub fn to_json(&self) -> String {
        // serde_json's Value map is a BTreeMap (no `preserve_order`), which
        // sorts the struct's own keys too.
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}
