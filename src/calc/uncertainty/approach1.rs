//! Approach 1 (IPCC 2006 Vol. 1 §3.2.3.1) over the model: first-order
//! error propagation. Each random input contributes (sd × the emissions
//! that scale with it)² to the variance of a total — for one record this is
//! eq. 3.1, for independent sources eq. 3.2, and a factor shared by many
//! records counts its emissions together (fully correlated).

use super::inputs::{Model, NO_GWP, Term};
use super::spread::Z95;

/// Which random input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    Activity(u32),
    Factor(u32),
    Gwp(u32),
}

/// One input's share of a total's Approach 1 variance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Contribution {
    pub input: Input,
    /// t CO₂e of the total that scale with the input.
    pub emissions_t: f64,
    /// The input's relative standard deviation.
    pub sd: f64,
    /// (sd × emissions)² ÷ the total's variance.
    pub share: f64,
}

/// Approach 1 for the terms `keep` selects.
#[derive(Debug, Clone, PartialEq)]
pub struct Approach1 {
    pub total_t: f64,
    /// 95 % half-width, % of the total (0 for a total of 0).
    pub u_pct: f64,
    /// Largest share first (ties by input).
    pub contributions: Vec<Contribution>,
    /// Whether every input with at least 1 % of the variance is symmetric
    /// with sd < 0.3 — where not, the Monte Carlo is the better estimate.
    pub holds: bool,
}

/// Approach 1 of the terms that `keep` selects.
pub fn approach1(m: &Model, keep: impl Fn(&Term) -> bool) -> Approach1 {
    let mut act = vec![0.0; m.activities.len()];
    let mut fac = vec![0.0; m.factors.len()];
    let mut gwp = vec![0.0; m.gwps.len()];
    let mut total_t = 0.0;
    for t in m.terms.iter().filter(|t| keep(t)) {
        act[t.activity as usize] += t.t;
        fac[t.factor as usize] += t.t;
        if t.gwp != NO_GWP {
            gwp[t.gwp as usize] += t.t;
        }
        total_t += t.t;
    }
    let mut parts: Vec<(Input, f64, f64, bool)> = Vec::new();
    for (i, e) in act.iter().enumerate().filter(|(_, e)| **e != 0.0) {
        let d = m.activities[i].draw;
        parts.push((Input::Activity(i as u32), *e, d.a1_sd(), d.a1_holds()));
    }
    for (i, e) in fac.iter().enumerate().filter(|(_, e)| **e != 0.0) {
        let d = m.factors[i].draw;
        parts.push((Input::Factor(i as u32), *e, d.a1_sd(), d.a1_holds()));
    }
    for (i, e) in gwp.iter().enumerate().filter(|(_, e)| **e != 0.0) {
        let d = m.gwps[i].draw;
        parts.push((Input::Gwp(i as u32), *e, d.a1_sd(), d.a1_holds()));
    }
    let var: f64 = parts.iter().map(|(_, e, sd, _)| (sd * e).powi(2)).sum();
    let mut contributions: Vec<Contribution> = parts
        .iter()
        .map(|&(input, e, sd, _)| Contribution {
            input,
            emissions_t: e,
            sd,
            share: if var > 0.0 {
                (sd * e).powi(2) / var
            } else {
                0.0
            },
        })
        .collect();
    let holds = parts
        .iter()
        .zip(&contributions)
        .all(|((_, _, _, ok), c)| *ok || c.share < 0.01);
    contributions.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.input.cmp(&b.input)));
    Approach1 {
        total_t,
        u_pct: if total_t != 0.0 {
            Z95 * var.sqrt() / total_t.abs() * 100.0
        } else {
            0.0
        },
        contributions,
        holds,
    }
}
