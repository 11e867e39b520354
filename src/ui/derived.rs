//! Numbers derived from the project — the inventory, chart series,
//! materiality, sign-off status — computed from the model and cached against
//! its revision, never stored in it.

use crate::audit::evaluation::{self, Materiality, SignOffStatus};
use crate::calc::{self, BoundaryStatus, Inventory};
use crate::model::{Project, Scope};
use std::sync::Arc;

/// Projects up to this many records are recomputed within the frame; larger
/// ones on a background thread (1M records take 0.5–0.8 s).
pub const INLINE_RECORDS: usize = 20_000;

/// How many entities the top-entities chart shows.
pub const TOP_ENTITIES: usize = 15;

/// One entity's inventory contribution split by scope (location-based).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityBar {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub scope_t: [f64; 3],
}

impl EntityBar {
    pub fn total_t(&self) -> f64 {
        self.scope_t.iter().sum()
    }
}

/// Everything the inventory, verification and export steps show.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub inventory: Inventory,
    pub energy_tce: f64,
    /// Entities by contribution, largest first (all of them).
    pub entities: Vec<EntityBar>,
    pub materiality: Materiality,
    /// The opinion the evaluation supports, and why.
    pub proposed: (crate::model::Opinion, String),
    /// The ISO 14064-3 verification statement.
    pub statement: String,
    pub signoffs: Vec<SignOffStatus>,
    /// How many records name each factor (location or market).
    pub factor_usage: std::collections::BTreeMap<String, usize>,
}

/// Computes the analysis of a project; the error is the engine's message.
pub fn analyse(p: &Project) -> Result<Analysis, String> {
    let inventory = calc::compute(p).map_err(|e| e.to_string())?;
    let energy = calc::energy::energy_use(p, calc::library::bundled());
    let mut by_entity: std::collections::HashMap<&str, [f64; 3]> = Default::default();
    let mut usage: std::collections::HashMap<&str, usize> = Default::default();
    for (r, res) in p.activity.iter().zip(&inventory.records) {
        *usage.entry(r.factor_id.as_str()).or_default() += 1;
        if let Some(m) = &r.market_factor_id {
            *usage.entry(m.as_str()).or_default() += 1;
        }
        if res.status != BoundaryStatus::Included {
            continue;
        }
        let slot = by_entity.entry(r.entity_id.as_str()).or_default();
        let i = match r.scope {
            Scope::S1 => 0,
            Scope::S2 => 1,
            Scope::S3 => 2,
        };
        slot[i] += res.location_t;
    }
    let mut entities: Vec<EntityBar> = p
        .entities
        .iter()
        .map(|e| EntityBar {
            id: e.id.clone(),
            name: e.name.clone(),
            name_zh: e.name_zh.clone(),
            scope_t: by_entity.get(e.id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    entities.sort_by(|a, b| b.total_t().total_cmp(&a.total_t()).then(a.id.cmp(&b.id)));
    let materiality = evaluation::materiality(p, &inventory);
    let proposed = evaluation::proposed_opinion(p, &inventory);
    let statement = evaluation::statement(p, &inventory);
    // Section digests hash the whole project: only when there is a sign-off to check.
    let signoffs = if p.verification.signoffs.is_empty() {
        Vec::new()
    } else {
        evaluation::signoff_status(p, &inventory)
    };
    Ok(Analysis {
        inventory,
        energy_tce: energy.total_tce,
        entities,
        materiality,
        proposed,
        statement,
        signoffs,
        factor_usage: usage.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    })
}

/// The cached analysis and what is being recomputed.
#[derive(Default)]
pub struct DerivedCache {
    /// The revision the cached result belongs to (0 = none).
    pub revision: u64,
    pub analysis: Option<Arc<Analysis>>,
    pub error: Option<String>,
    /// The revision a background computation is working on.
    pub computing: Option<u64>,
    /// The total before the latest change, to show each change's effect.
    pub previous_total_t: Option<f64>,
}

impl DerivedCache {
    /// Stores a result for `revision`.
    pub fn set(&mut self, revision: u64, result: Result<Arc<Analysis>, String>) {
        let old = self.analysis.as_ref().map(|a| a.inventory.total_t_co2e);
        match result {
            Ok(a) => {
                if old.is_some_and(|o| o != a.inventory.total_t_co2e) {
                    self.previous_total_t = old;
                }
                self.analysis = Some(a);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        self.revision = revision;
    }

    /// Forgets everything (another project was opened).
    pub fn clear(&mut self) {
        *self = DerivedCache::default();
    }

    pub fn total_t(&self) -> Option<f64> {
        self.analysis.as_ref().map(|a| a.inventory.total_t_co2e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_bars_sum_to_the_inventory_total() {
        let p = crate::io::from_ron_str(super::super::SAMPLES[0].2, "sample".as_ref())
            .expect("the sample parses");
        let a = analyse(&p).expect("the sample computes");
        let sum: f64 = a.entities.iter().map(EntityBar::total_t).sum();
        let total = a.inventory.total_t_co2e;
        assert!(
            (sum - total).abs() <= 1e-6 * total.abs(),
            "{sum} vs {total}"
        );
        assert!(
            a.entities
                .windows(2)
                .all(|w| w[0].total_t() >= w[1].total_t())
        );
    }
}
