//! Everything derived from a project that the shells show and the readiness
//! report reads: the inventory, energy use, materiality, the proposed opinion
//! and statement, sign-off status, the checks and the library differences.
//! Computed from the model, never stored in it.

use super::checks::{self, CheckFinding};
use super::evaluation::{self, Materiality, SignOffStatus};
use crate::calc::{self, BoundaryStatus, CalcErrors, Inventory, library, update};
use crate::model::{Opinion, Project, Scope};
use std::collections::{BTreeMap, HashMap};

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

/// The analysis of a project.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub inventory: Inventory,
    pub energy_tce: f64,
    /// Entities by contribution, largest first (all of them).
    pub entities: Vec<EntityBar>,
    pub materiality: Materiality,
    /// The opinion the evaluation supports, and why.
    pub proposed: (Opinion, String),
    /// The reason of `proposed`, in Chinese.
    pub proposed_zh: String,
    /// The ISO 14064-3 verification statement.
    pub statement: String,
    /// Every recorded sign-off and whether it still holds.
    pub signoffs: Vec<SignOffStatus>,
    /// How many records name each factor (location or market).
    pub factor_usage: BTreeMap<String, usize>,
    /// The analytical checks, when they were run.
    pub checks: Option<Vec<CheckFinding>>,
    /// Frozen values that differ from the bundled library.
    pub library: update::Pending,
    /// The CBAM installations' goods (in the project's order), each or
    /// the reason it cannot be computed.
    pub cbam: Vec<Result<calc::cbam_goods::InstallationResult, calc::cbam_goods::GoodsError>>,
    /// The zero-carbon-park core indicator under the project's claims
    /// decisions (the default ones when it has none).
    pub core_indicator: calc::claims::CoreIndicator,
    /// The base-year recalculation check, where there is one.
    pub base_year: Option<calc::claims::BaseYearCheck>,
    /// The claim boundary's base-year footprint, where there are base-year records.
    pub claim_base_t: Option<f64>,
    /// The inventory's uncertainty (both approaches) with the project's settings.
    pub uncertainty: calc::uncertainty::Report,
    /// That uncertainty against the materiality threshold.
    pub uncertainty_verdict: super::uncertainty::Verdict,
}

/// Analyses `p`; with `run_checks`, the analytical checks too.
pub fn analyse(p: &Project, run_checks: bool) -> Result<Analysis, CalcErrors> {
    let inventory = calc::compute(p)?;
    let lib = library::bundled();
    let energy = calc::energy::energy_use(p, lib);
    let mut by_entity: HashMap<&str, [f64; 3]> = HashMap::new();
    let mut usage: HashMap<&str, usize> = HashMap::new();
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
    let proposed_zh = evaluation::proposed_reason_zh(p, &inventory);
    let uncertainty = calc::uncertainty::assess(p, &inventory, lib);
    let uncertainty_verdict = super::uncertainty::verdict(p, &uncertainty);
    let statement = evaluation::statement(p, &inventory, &uncertainty_verdict.en);
    // Section digests hash the whole project: only when there is a sign-off to check.
    let signoffs = if p.verification.signoffs.is_empty() {
        Vec::new()
    } else {
        evaluation::signoff_status(p, &inventory)
    };
    let cbam = calc::cbam_goods::compute(p);
    let checks =
        run_checks.then(|| checks::run_checks_on(p, &inventory, lib, &cbam, &uncertainty.model));
    let library = update::pending(p, lib, &calc::gwp::snapshot(p.methodology.gwp_set));
    Ok(Analysis {
        inventory,
        energy_tce: energy.total_tce,
        entities,
        materiality,
        proposed,
        proposed_zh,
        statement,
        signoffs,
        factor_usage: usage.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        checks,
        library,
        cbam,
        core_indicator: calc::claims::core(
            p,
            lib,
            p.claims.as_ref().unwrap_or(&calc::claims::NO_CLAIMS),
        ),
        base_year: p
            .claims
            .as_ref()
            .and_then(|c| calc::claims::base_year_check(p, c)),
        claim_base_t: p
            .claims
            .as_ref()
            .and_then(|c| calc::claims::base_year_footprint(p, c)),
        uncertainty,
        uncertainty_verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_bars_sum_to_the_inventory_total() {
        let text = include_str!("../../sample-projects/jinghai-park/jinghai-park.ron");
        let p = crate::io::from_ron_str(text, "sample".as_ref()).expect("the sample parses");
        let a = analyse(&p, false).expect("the sample computes");
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
        assert!(a.checks.is_none());
    }
}
