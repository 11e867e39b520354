//! Energy use in tonnes of standard coal equivalent (GB/T 2589-2020), so a
//! park can report its energy alongside its emissions (e.g. the zero-carbon
//! park indicator t CO₂ per tce).

use super::library::Library;
use crate::model::Project;
use serde::Serialize;
use std::collections::BTreeMap;

/// Energy use of the records that are energy carriers, at 100 % (not consolidated).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct EnergyUse {
    pub total_tce: f64,
    pub by_entity_tce: BTreeMap<String, f64>,
    pub by_activity_tce: BTreeMap<String, f64>,
    /// Records of energy activities whose unit does not fit the coefficient's.
    pub unconverted_records: Vec<String>,
}

/// Sums the tce of every record whose activity (or factor's activity) has a
/// GB/T 2589 coefficient. Electricity counts at its calorific equivalent.
pub fn energy_use(project: &Project, library: &Library) -> EnergyUse {
    let mut e = EnergyUse::default();
    for r in &project.activity {
        let key = project
            .factor(&r.factor_id)
            .and_then(|f| f.activity_key.clone())
            .or_else(|| library.activity(&r.activity).map(|a| a.key.clone()));
        let Some(key) = key.filter(|k| library.tce.iter().any(|c| &c.activity == k)) else {
            continue;
        };
        match library.tce(&key, r.quantity, r.unit) {
            Some(t) => {
                e.total_tce += t;
                *e.by_entity_tce.entry(r.entity_id.clone()).or_default() += t;
                *e.by_activity_tce.entry(key).or_default() += t;
            }
            None => e.unconverted_records.push(r.id.clone()),
        }
    }
    e
}
