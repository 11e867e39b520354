//! Uncertainty of the inventory, IPCC 2006 Guidelines Vol. 1 ch. 3:
//! Approach 1 (error propagation, eq. 3.1 and 3.2) and Approach 2 (Monte
//! Carlo), over random inputs built from the project — activity sources by
//! data type and pedigree, factors by their published ranges — with each
//! input's contribution to the variance and a contribution-weighted data
//! quality score. Uncertainties are half-widths of the 95 % interval in
//! percent of the value. Pure functions of the project (issue 18).

pub mod approach1;
pub mod bundled;
pub mod inputs;
pub mod monte_carlo;
pub mod spread;

pub use approach1::{Approach1, Contribution, Input, approach1};
pub use inputs::{ActivityInput, FactorInput, FactorOrigin, Model, Term};
pub use monte_carlo::{Histogram, McStats};

use crate::calc::inventory::Inventory;
use crate::calc::library::Library;
use crate::model::Project;

/// A total with its uncertainty by both approaches.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// `total`, a scope or category number, an entity id or a sector.
    pub key: String,
    pub value_t: f64,
    /// Approach 1's 95 % half-width, %.
    pub a1_pct: f64,
    /// Whether Approach 1's assumptions hold for the inputs that matter.
    pub a1_holds: bool,
    pub mc: McStats,
    /// Emission-weighted mean pedigree score (1 best – 5 worst) of the
    /// sources with scores; `None` when none has.
    pub dq_score: Option<f64>,
    /// The share of the total whose sources have pedigree scores.
    pub dq_coverage: f64,
}

impl Interval {
    /// How far the Monte Carlo's 2.5 % point lies below the value, %.
    pub fn mc_lower_pct(&self) -> f64 {
        pct_of(self.value_t - self.mc.p2_5, self.value_t)
    }

    /// How far the Monte Carlo's 97.5 % point lies above the value, %.
    pub fn mc_upper_pct(&self) -> f64 {
        pct_of(self.mc.p97_5 - self.value_t, self.value_t)
    }
}

fn pct_of(x: f64, of: f64) -> f64 {
    if of == 0.0 { 0.0 } else { x / of.abs() * 100.0 }
}

/// The uncertainty of an inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub model: Model,
    pub total: Interval,
    /// The inputs' shares of the total's Approach 1 variance, largest first.
    pub contributions: Vec<Contribution>,
    pub histogram: Histogram,
    pub by_scope: Vec<Interval>,
    pub by_category: Vec<Interval>,
    pub by_entity: Vec<Interval>,
    pub by_sector: Vec<Interval>,
    pub iterations: u32,
    pub seed: u64,
    pub sample_gwp: bool,
}

impl Report {
    /// Factor inputs on the stated default (no range given), with emissions.
    pub fn defaulted(&self) -> impl Iterator<Item = &FactorInput> {
        self.model
            .factors
            .iter()
            .filter(|f| f.origin == FactorOrigin::Default && f.emissions_t != 0.0)
    }

    /// A contribution's input, described: `activity E01/coal (invoiced)`.
    pub fn input_label(&self, input: Input) -> String {
        match input {
            Input::Activity(i) => {
                let a = &self.model.activities[i as usize];
                format!("activity {} ({})", a.label(), a.data_type.key())
            }
            Input::Factor(i) => {
                let f = &self.model.factors[i as usize];
                format!("factor {} {}", f.factor_id, f.gas.code())
            }
            Input::Gwp(i) => format!("GWP {}", self.model.gwps[i as usize].gas.code()),
        }
    }

    /// The spread of an input.
    pub fn input_spread(&self, input: Input) -> &crate::model::Spread {
        match input {
            Input::Activity(i) => &self.model.activities[i as usize].spread,
            Input::Factor(i) => &self.model.factors[i as usize].spread,
            Input::Gwp(i) => &self.model.gwps[i as usize].spread,
        }
    }
}

/// The bins of the total's histogram.
pub const HISTOGRAM_BINS: usize = 40;

/// The uncertainty of `inv` (computed from `p`) with the project's settings.
pub fn assess(p: &Project, inv: &Inventory, lib: &Library) -> Report {
    let s = p.uncertainty.as_ref().unwrap_or(&inputs::NO_SETTINGS);
    assess_with(p, inv, lib, s.iterations, s.seed)
}

/// As [`assess`], with another number of iterations or seed.
pub fn assess_with(
    p: &Project,
    inv: &Inventory,
    lib: &Library,
    iterations: u32,
    seed: u64,
) -> Report {
    let model = inputs::build(p, inv, lib);
    let n = iterations.max(1) as usize;
    let entities = p.entities.len();
    let samples = monte_carlo::run(&model, entities, n, seed);
    let interval =
        |key: String, column: usize, keep: &dyn Fn(&Term) -> bool| -> (Interval, Approach1) {
            let a1 = approach1(&model, keep);
            let (mut weighted, mut scored) = (0.0, 0.0);
            for c in &a1.contributions {
                if let Input::Activity(i) = c.input
                    && let Some(pd) = &model.activities[i as usize].pedigree
                {
                    weighted += c.emissions_t * pd.mean();
                    scored += c.emissions_t;
                }
            }
            let iv = Interval {
                key,
                value_t: a1.total_t,
                a1_pct: a1.u_pct,
                a1_holds: a1.holds,
                mc: McStats::of(samples.column(column)),
                dq_score: (scored > 0.0).then(|| weighted / scored),
                dq_coverage: if a1.total_t != 0.0 {
                    scored / a1.total_t
                } else {
                    0.0
                },
            };
            (iv, a1)
        };
    let (total, a1) = interval("total".into(), 0, &|_| true);
    let mut by_scope = Vec::new();
    for s in 0..3u8 {
        if model.terms.iter().any(|t| t.scope == s) {
            by_scope.push(interval((s + 1).to_string(), 1 + s as usize, &|t| t.scope == s).0);
        }
    }
    let mut by_category = Vec::new();
    for c in 0..6u8 {
        if model.terms.iter().any(|t| t.category == c) {
            by_category.push(interval((c + 1).to_string(), 4 + c as usize, &|t| t.category == c).0);
        }
    }
    let mut by_entity = Vec::new();
    for (e, ent) in p.entities.iter().enumerate() {
        let e = e as u32;
        if model.terms.iter().any(|t| t.entity == e) {
            by_entity.push(interval(ent.id.clone(), 10 + e as usize, &|t| t.entity == e).0);
        }
    }
    let mut by_sector = Vec::new();
    for (s, name) in model.sectors.iter().enumerate() {
        let s = s as u32;
        if model.terms.iter().any(|t| t.sector == s) {
            by_sector
                .push(interval(name.clone(), 10 + entities + s as usize, &|t| t.sector == s).0);
        }
    }
    let histogram = monte_carlo::histogram(&samples.column(0), HISTOGRAM_BINS);
    let sample_gwp = p.uncertainty.as_ref().is_some_and(|s| s.sample_gwp);
    Report {
        model,
        total,
        contributions: a1.contributions,
        histogram,
        by_scope,
        by_category,
        by_entity,
        by_sector,
        iterations: n as u32,
        seed,
        sample_gwp,
    }
}

/// The uncertainty of a product of uncertain terms (eq. 3.1):
/// U = √(U₁² + U₂² + … ).
pub fn product(u_pct: &[f64]) -> f64 {
    u_pct.iter().map(|u| u * u).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    /// Eq. 3.1: activity data ±5 %, emission factor ±7 % → √(25 + 49) =
    /// √74 = 8.602325… %.
    #[test]
    fn a_product_of_uncertain_terms() {
        assert!(close(product(&[5.0, 7.0]), 74f64.sqrt()));
        assert!(close(product(&[5.0, 7.0]), 8.602_325_267_042_627));
    }
}
