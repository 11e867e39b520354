//! CBAM specific embedded emissions (SEE) of goods: the chain of an
//! installation's own production processes and its purchased precursors,
//! solved at once as the Commission's Communication template does,
//! SEE = (I − A)^-1 · SE (Implementing Regulation (EU) 2025/2547 Annex, as
//! summarised in `../shared/cbam/README.md`; ⚠ not read in the Official
//! Journal). Direct and indirect emissions are kept apart throughout.
//!
//! This is the pure calculation; the model (installations, attribution of
//! records, activity levels) feeds it.

use crate::model::Gas;
use crate::model::cbam::CbamSector;

/// Where a process's precursor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From {
    /// Another production process of the installation (its index).
    Own(usize),
    /// A purchased precursor (its index).
    Purchased(usize),
}

/// A precursor consumed by a process over the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Consumed {
    pub from: From,
    pub quantity_t: f64,
}

/// A production process: what it emits itself (already attributed) and
/// what it consumes.
#[derive(Debug, Clone, PartialEq)]
pub struct Process {
    pub id: String,
    /// Tonnes of good produced in the period (or of the functional unit:
    /// clinker, nitrogen), the SEE denominator — including what other
    /// processes consume.
    pub activity_level_t: f64,
    /// Attributed direct emissions, t CO₂e.
    pub direct_t: f64,
    /// Attributed indirect emissions (electricity consumed × its factor), t CO₂e.
    pub indirect_t: f64,
    pub consumed: Vec<Consumed>,
    /// The process has no actual data: its SEE (direct, indirect) is a
    /// default value, taken as it is (the activity level and what it
    /// consumes are not used).
    pub fixed: Option<(f64, f64)>,
}

/// A purchased precursor with its SEE, actual (supplier's evidence) or default.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchased {
    pub id: String,
    pub see_direct: f64,
    pub see_indirect: f64,
    /// The SEE is a default value (Annex I, or Annex IV for unknown origin).
    pub default: bool,
}

/// The SEE of one process's good, t CO₂e per t (of the functional unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct See {
    pub direct: f64,
    pub indirect: f64,
    /// Share of `direct + indirect` that comes from default values.
    pub default_share: f64,
}

impl See {
    pub fn total(&self) -> f64 {
        self.direct + self.indirect
    }
}

/// Why the chain cannot be solved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CbamError {
    #[error("process {process}: the activity level must be more than 0 t (it is {value})")]
    NoActivity { process: String, value: f64 },
    #[error("process {process}: it consumes a precursor that does not exist (index {index})")]
    UnknownPrecursor { process: String, index: usize },
    #[error(
        "the processes consume each other's whole output in a loop, so no SEE exists — check the consumed quantities"
    )]
    Singular,
}

/// Solves the SEE of every process: x = SE + A·x + B·p, i.e.
/// (I − A)·x = SE + B·p, with A[i][j] = t of process j's good consumed by
/// process i per t of i's output, B[i][k] the same for purchased precursor
/// k, SE[i] = attributed emissions ÷ activity level, p the purchased SEE.
/// Direct and indirect are solved apart; the default share is the part of
/// the solution that the default-valued purchases alone produce.
pub fn solve(processes: &[Process], purchased: &[Purchased]) -> Result<Vec<See>, CbamError> {
    let n = processes.len();
    let mut a = vec![vec![0.0; n]; n];
    // Right-hand sides: direct, indirect, and the default-valued part of each.
    let mut rhs = vec![[0.0f64; 4]; n];
    for (i, p) in processes.iter().enumerate() {
        if let Some((direct, indirect)) = p.fixed {
            rhs[i] = [direct, indirect, direct, indirect];
            continue;
        }
        if !(p.activity_level_t.is_finite() && p.activity_level_t > 0.0) {
            return Err(CbamError::NoActivity {
                process: p.id.clone(),
                value: p.activity_level_t,
            });
        }
        let level = p.activity_level_t;
        rhs[i][0] = p.direct_t / level;
        rhs[i][1] = p.indirect_t / level;
        for c in &p.consumed {
            let per_t = c.quantity_t / level;
            match c.from {
                From::Own(j) if j < n => a[i][j] += per_t,
                From::Purchased(k) if k < purchased.len() => {
                    let q = &purchased[k];
                    rhs[i][0] += per_t * q.see_direct;
                    rhs[i][1] += per_t * q.see_indirect;
                    if q.default {
                        rhs[i][2] += per_t * q.see_direct;
                        rhs[i][3] += per_t * q.see_indirect;
                    }
                }
                From::Own(index) | From::Purchased(index) => {
                    return Err(CbamError::UnknownPrecursor {
                        process: p.id.clone(),
                        index,
                    });
                }
            }
        }
    }
    // (I − A), solved for the four right-hand sides by Gaussian elimination
    // with partial pivoting.
    let mut m: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| f64::from(u8::from(i == j)) - a[i][j])
                .collect()
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| m[x][col].abs().total_cmp(&m[y][col].abs()))
            .unwrap_or(col);
        if m[pivot][col].abs() < 1e-12 {
            return Err(CbamError::Singular);
        }
        m.swap(col, pivot);
        rhs.swap(col, pivot);
        for row in 0..n {
            if row == col {
                continue;
            }
            let f = m[row][col] / m[col][col];
            if f == 0.0 {
                continue;
            }
            let pivot_row = m[col].clone();
            for (x, p) in m[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            let pivot_rhs = rhs[col];
            for (x, p) in rhs[row].iter_mut().zip(pivot_rhs) {
                *x -= f * p;
            }
        }
    }
    Ok((0..n)
        .map(|i| {
            let d = m[i][i];
            let [direct, indirect, default_direct, default_indirect] = rhs[i].map(|v| v / d);
            let total = direct + indirect;
            See {
                direct,
                indirect,
                default_share: if total > 0.0 {
                    (default_direct + default_indirect) / total
                } else {
                    0.0
                },
            }
        })
        .collect())
}

/// Whether indirect emissions count in a good's embedded emissions in the
/// definitive period: only for goods outside Annex II of Regulation (EU)
/// 2023/956 (as amended). Iron and steel, aluminium and hydrogen are in
/// Annex II (direct emissions only); cement, fertilisers and electricity are
/// not. ⚠ The ammonia case is disputed between sources (see the README).
pub fn counts_indirect(sector: CbamSector) -> bool {
    !matches!(
        sector,
        CbamSector::IronSteel | CbamSector::Aluminium | CbamSector::Hydrogen
    )
}

/// The greenhouse gases CBAM counts for a sector (Regulation (EU) 2023/956,
/// Annex I): CO₂ everywhere, N₂O for fertilisers, PFCs (CF₄, C₂F₆) for
/// aluminium. CH₄ and the other gases of the inventory are not counted; a
/// factor given only as CO₂e cannot be split and counts in full.
pub fn covered(sector: CbamSector, gas: Gas) -> bool {
    match gas {
        Gas::Co2 | Gas::Co2e => true,
        Gas::N2o => sector == CbamSector::Fertilisers,
        Gas::Cf4 | Gas::C2f6 => sector == CbamSector::Aluminium,
        _ => false,
    }
}
