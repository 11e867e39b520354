//! The claims a park makes from its inventory, computed: the zero-carbon-
//! park indicators (NDRC/MIIT/NEA notice 发改环资〔2025〕910号, July 2025), the
//! credits retired for an ISO 14068-1:2023 claim, and the pathway against
//! the national goals, the 2 ℃ industry range and the park's own targets.
//! Pure: the same project gives the same figures.

use super::library::{ActivityKind, Library};
use super::units::conversion_factor;
use crate::model::claims::{Claims, CreditKind, Guiding, IndicatorEntry, Measure};
use crate::model::{ActivityRecord, Gas, Project, Scope};

/// The claims of a project that has none: the default decisions, nothing entered.
pub static NO_CLAIMS: Claims = Claims {
    method: crate::model::claims::ClaimsMethod {
        green_electricity_zero: true,
        include_process_co2: false,
        base_year_threshold_pct: 5.0,
    },
    indicators: Vec::new(),
    credits: Vec::new(),
    claim: None,
    history: Vec::new(),
    measures: Vec::new(),
    targets: Vec::new(),
};

/// A park using at least this much energy a year (tce) has the 0.30 t/tce
/// threshold; from [`SMALL_PARK_TCE`] up to it, 0.20 (notice 910, annex:
/// the core indicator "单位能耗碳排放").
pub const LARGE_PARK_TCE: f64 = 1_000_000.0;
/// Below this the notice sets no national threshold (provinces may: e.g.
/// Hunan's system starts at 20,000 tce); the app says so instead of
/// guessing.
pub const SMALL_PARK_TCE: f64 = 200_000.0;

/// The core indicator: CO₂ per unit of energy consumption.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreIndicator {
    pub energy_tce: f64,
    pub co2_t: f64,
    /// t CO₂ per tce.
    pub value: f64,
    /// The threshold of the park's band; `None` below [`SMALL_PARK_TCE`].
    pub threshold: Option<f64>,
    /// CO₂ over the threshold (0 when it is met), t.
    pub excess_co2_t: f64,
    /// The grid electricity that, replaced by certificate-backed green
    /// electricity, would remove the excess, MWh (at the grid factor the
    /// records use); `None` when the park buys too little grid electricity
    /// for that alone.
    pub green_mwh_to_close: Option<f64>,
    pub grid_mwh: f64,
    pub grid_t_per_mwh: f64,
}

impl CoreIndicator {
    pub fn passes(&self) -> Option<bool> {
        self.threshold.map(|t| self.value <= t)
    }
}

/// The threshold of a park using `energy_tce` a year.
pub fn threshold(energy_tce: f64) -> Option<f64> {
    if energy_tce >= LARGE_PARK_TCE {
        Some(0.30)
    } else if energy_tce >= SMALL_PARK_TCE {
        Some(0.20)
    } else {
        None
    }
}

/// The library activity kind of a record (its factor's activity first).
fn kind(p: &Project, lib: &Library, r: &ActivityRecord) -> Option<ActivityKind> {
    let key = p
        .factor(&r.factor_id)
        .and_then(|f| f.activity_key.as_deref())
        .unwrap_or(&r.activity);
    lib.activity(key).map(|a| a.kind)
}

/// t CO₂ (the gas, not CO₂e) of a record under `factor_id`.
fn co2_t(p: &Project, r: &ActivityRecord, factor_id: &str) -> f64 {
    let Some(f) = p.factor(factor_id) else {
        return 0.0;
    };
    let Ok(conversion) = conversion_factor(r.unit, f.unit) else {
        return 0.0;
    };
    let kg: f64 = f
        .components
        .iter()
        .filter(|c| c.gas == Gas::Co2)
        .map(|c| c.kg_per_unit)
        .sum();
    r.quantity * conversion * kg / 1000.0
}

/// The core indicator over the park's included entities at 100 % (the
/// indicator is territorial: the park's whole consumption, not a
/// consolidated share). Energy: every record with a GB/T 2589 coefficient
/// (electricity at its calorific equivalent, as `calc::energy`). CO₂:
/// fossil CO₂ of energy use (fuels, mobile, purchased electricity and heat;
/// scope 3 never), process CO₂ only when the method says so; CH₄, N₂O and
/// the F-gases never (the indicator is CO₂ per tce); electricity backed by
/// retired certificates (a market factor with no CO₂) at zero when the
/// method says so. Records of an activity outside the vocabulary count as
/// energy when they are scope 1 or 2.
pub fn core(p: &Project, lib: &Library, claims: &Claims) -> CoreIndicator {
    let m = &claims.method;
    let (mut energy, mut co2, mut grid_mwh, mut grid_t) = (0.0, 0.0, 0.0, 0.0);
    for r in &p.activity {
        if !p.entity(&r.entity_id).is_some_and(|e| e.included) || r.scope == Scope::S3 {
            continue;
        }
        let key = p
            .factor(&r.factor_id)
            .and_then(|f| f.activity_key.clone())
            .unwrap_or_else(|| r.activity.clone());
        if let Some(t) = lib.tce(&key, r.quantity, r.unit) {
            energy += t;
        }
        let k = kind(p, lib, r);
        let counts = match k {
            Some(ActivityKind::Process) => m.include_process_co2,
            Some(ActivityKind::Fugitive) => false,
            _ => true,
        };
        if !counts {
            continue;
        }
        let location = co2_t(p, r, &r.factor_id);
        let green = m.green_electricity_zero
            && r.market_factor_id
                .as_deref()
                .is_some_and(|f| co2_t(p, r, f) == 0.0 && location > 0.0);
        if !green {
            co2 += location;
        }
        if k == Some(ActivityKind::Electricity) && !green {
            let mwh =
                conversion_factor(r.unit, crate::model::Unit::MWh).unwrap_or(0.0) * r.quantity;
            grid_mwh += mwh;
            grid_t += location;
        }
    }
    let value = if energy > 0.0 { co2 / energy } else { 0.0 };
    let threshold = threshold(energy);
    let excess = threshold.map_or(0.0, |t| (co2 - t * energy).max(0.0));
    let factor = if grid_mwh > 0.0 {
        grid_t / grid_mwh
    } else {
        0.0
    };
    let green_mwh = (factor > 0.0)
        .then(|| excess / factor)
        .filter(|mwh| *mwh <= grid_mwh);
    CoreIndicator {
        energy_tce: energy,
        co2_t: co2,
        value,
        threshold,
        excess_co2_t: excess,
        green_mwh_to_close: green_mwh,
        grid_mwh,
        grid_t_per_mwh: factor,
    }
}

/// A guiding indicator as entered, against its threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct GuidingResult {
    pub indicator: Guiding,
    /// `part ÷ whole`, %.
    pub value_pct: f64,
    pub passes: bool,
    /// How much more `part` (in the entry's unit) would meet the threshold;
    /// for product energy intensity, how much lower the value must be.
    pub gap: f64,
}

pub fn guiding(e: &IndicatorEntry) -> GuidingResult {
    let value_pct = if e.whole > 0.0 {
        e.part / e.whole * 100.0
    } else {
        0.0
    };
    let t = e.indicator.threshold_pct();
    let (passes, gap) = match e.indicator {
        // The product's energy per unit must not exceed the advanced value.
        Guiding::ProductEnergyIntensity => (e.part <= e.whole, (e.part - e.whole).max(0.0)),
        _ => (value_pct >= t, (t / 100.0 * e.whole - e.part).max(0.0)),
    };
    GuidingResult {
        indicator: e.indicator,
        value_pct,
        passes,
        gap,
    }
}

/// The credits retired for a claim year, avoidance and removal apart, t.
pub fn credits_for(claims: &Claims, year: i32) -> (f64, f64) {
    claims
        .credits
        .iter()
        .filter(|c| c.claim_year == year)
        .fold((0.0, 0.0), |(a, r), c| match c.kind {
            CreditKind::Avoidance => (a + c.quantity_t, r),
            CreditKind::Removal => (a, r + c.quantity_t),
        })
}

/// The claim's balance for the reporting year: the subject's footprint,
/// removals, residual and the credits against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Balance {
    /// The subject's entities' location-based emissions (the inventory's
    /// headline basis), t CO₂e.
    pub footprint_t: f64,
    pub removals_t: f64,
    /// Footprint − removals.
    pub residual_t: f64,
    pub credits_avoidance_t: f64,
    pub credits_removal_t: f64,
    /// Credits − residual (negative: short).
    pub surplus_t: f64,
}

pub fn balance(
    claims: &Claims,
    by_entity: &std::collections::BTreeMap<String, f64>,
    year: i32,
) -> Option<Balance> {
    let c = claims.claim.as_ref()?;
    let footprint: f64 = c
        .entities
        .iter()
        .map(|e| by_entity.get(e).copied().unwrap_or(0.0))
        .sum();
    let residual = footprint - c.removals_t;
    let (a, r) = credits_for(claims, year);
    Some(Balance {
        footprint_t: footprint,
        removals_t: c.removals_t,
        residual_t: residual,
        credits_avoidance_t: a,
        credits_removal_t: r,
        surplus_t: a + r - residual,
    })
}

/// A serial split into its prefix and number (`CCER-2024-000123` →
/// (`CCER-2024-`, 123)); `None` when it does not end in digits.
pub fn serial(s: &str) -> Option<(&str, u64)> {
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 18 {
        return None;
    }
    let (prefix, n) = s.split_at(s.len() - digits);
    Some((prefix, n.parse().ok()?))
}

/// The last day a credit for `claim_year` may be retired: 12 months after
/// the period's end (ISO 14068-1:2023, as summarised in
/// `../shared/domain-reference.md`; ⚠ the standard's text was not read).
pub fn retire_by(claim_year: i32) -> String {
    format!("{:04}-12-31", claim_year + 1)
}

/// The reference points of the pathway.
pub mod pathway {
    /// The 2 ℃ range for industry (Energy Foundation China, Synthesis
    /// Report 2020, as quoted in `../shared/domain-reference.md`): reductions
    /// against 2015 of 20–35 % by 2035 and 50–80 % by 2050.
    pub const REFERENCE_YEAR: i32 = 2015;
    pub const RANGE_2035: (f64, f64) = (0.20, 0.35);
    pub const RANGE_2050: (f64, f64) = (0.50, 0.80);
    /// China's goals: CO₂ peak before 2030, carbon neutrality before 2060.
    pub const PEAK_YEAR: i32 = 2030;
    pub const NEUTRAL_YEAR: i32 = 2060;

    /// The 2 ℃ band in `year` for a park that emitted `t2015` in 2015:
    /// (upper, lower) t CO₂e, linear between 2015, 2035 and 2050, flat after.
    pub fn band(t2015: f64, year: i32) -> (f64, f64) {
        let lerp = |a: f64, b: f64, y0: i32, y1: i32| {
            let f = f64::from((year - y0).clamp(0, y1 - y0)) / f64::from(y1 - y0);
            a + (b - a) * f
        };
        let cut = |by2035: f64, by2050: f64| {
            if year <= 2035 {
                lerp(0.0, by2035, REFERENCE_YEAR, 2035)
            } else {
                lerp(by2035, by2050, 2035, 2050)
            }
        };
        (
            t2015 * (1.0 - cut(RANGE_2035.0, RANGE_2050.0)),
            t2015 * (1.0 - cut(RANGE_2035.1, RANGE_2050.1)),
        )
    }

    /// The national line: the current level held until the peak year, then
    /// straight down to zero in the neutrality year.
    pub fn national(current_t: f64, current_year: i32, year: i32) -> f64 {
        if year <= PEAK_YEAR.max(current_year) {
            current_t
        } else if year >= NEUTRAL_YEAR {
            0.0
        } else {
            let from = PEAK_YEAR.max(current_year);
            current_t * f64::from(NEUTRAL_YEAR - year) / f64::from(NEUTRAL_YEAR - from)
        }
    }
}

/// One year of the trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct Year {
    pub year: i32,
    /// Recorded (history, or this project's inventory).
    pub actual_t: Option<f64>,
    /// The current level less the measures running by then.
    pub planned_t: Option<f64>,
    /// The park's own target, interpolated between its targets.
    pub target_t: Option<f64>,
    pub national_t: Option<f64>,
    /// The 2 ℃ band (upper, lower), where a 2015 inventory is known.
    pub band_t: Option<(f64, f64)>,
    /// Planned − target (positive: the measures fall short), t.
    pub gap_t: Option<f64>,
}

/// The trajectory from the earliest known year to 2060.
pub fn trajectory(claims: &Claims, base_year: i32, year: i32, current_t: f64) -> Vec<Year> {
    let mut history: Vec<(i32, f64)> = claims.history.iter().map(|h| (h.year, h.total_t)).collect();
    history.retain(|(y, _)| *y != year);
    history.push((year, current_t));
    history.sort_by_key(|(y, _)| *y);
    let base_t = history
        .iter()
        .find(|(y, _)| *y == base_year)
        .map(|(_, t)| *t);
    let t2015 = history
        .iter()
        .find(|(y, _)| *y == pathway::REFERENCE_YEAR)
        .map(|(_, t)| *t);
    // The park's own targets as points (base year at 0 % reduction).
    let mut points: Vec<(i32, f64)> = Vec::new();
    if let Some(b) = base_t {
        points.push((base_year, b));
        let mut ts: Vec<(i32, f64)> = claims
            .targets
            .iter()
            .map(|t| (t.year, b * (1.0 - t.reduction_pct / 100.0)))
            .collect();
        ts.sort_by_key(|(y, _)| *y);
        points.extend(ts);
    }
    let target_at = |y: i32| -> Option<f64> {
        if points.len() < 2 || y < points[0].0 || y > points[points.len() - 1].0 {
            return None;
        }
        let w = points.windows(2).find(|w| w[0].0 <= y && y <= w[1].0)?;
        if w[1].0 == w[0].0 {
            return Some(w[1].1);
        }
        let f = f64::from(y - w[0].0) / f64::from(w[1].0 - w[0].0);
        Some(w[0].1 + (w[1].1 - w[0].1) * f)
    };
    let first = history.first().map_or(year, |(y, _)| *y).min(base_year);
    (first..=pathway::NEUTRAL_YEAR)
        .map(|y| {
            let actual_t = history.iter().find(|(hy, _)| *hy == y).map(|(_, t)| *t);
            let planned_t = (y >= year).then(|| planned(current_t, &claims.measures, y));
            let target_t = target_at(y);
            Year {
                year: y,
                actual_t,
                planned_t,
                target_t,
                national_t: (y >= year).then(|| pathway::national(current_t, year, y)),
                band_t: t2015
                    .filter(|_| y >= pathway::REFERENCE_YEAR)
                    .map(|t| pathway::band(t, y)),
                gap_t: match (planned_t, target_t) {
                    (Some(p), Some(t)) => Some(p - t),
                    _ => None,
                },
            }
        })
        .collect()
}

/// The current level less every measure running in `year`, not below 0.
pub fn planned(current_t: f64, measures: &[Measure], year: i32) -> f64 {
    let cut: f64 = measures
        .iter()
        .filter(|m| m.start_year <= year)
        .map(|m| m.reduction_t_per_year)
        .sum();
    (current_t - cut).max(0.0)
}

/// The marginal abatement cost curve: measures from the cheapest, with the
/// cumulative reduction each brings the park to (t CO₂e a year).
pub fn abatement_curve(measures: &[Measure]) -> Vec<(&Measure, f64)> {
    let mut sorted: Vec<&Measure> = measures.iter().collect();
    sorted.sort_by(|a, b| {
        a.cost_cny_per_t
            .total_cmp(&b.cost_cny_per_t)
            .then(a.name.cmp(&b.name))
    });
    let mut total = 0.0;
    sorted
        .into_iter()
        .map(|m| {
            total += m.reduction_t_per_year;
            (m, total)
        })
        .collect()
}

/// The base year's recalculation check (GHG Protocol Corporate Standard
/// ch. 5): the base-year inventory on record against the project's
/// base-year records under today's boundary and methodology.
#[derive(Debug, Clone, PartialEq)]
pub struct BaseYearCheck {
    pub recorded_t: f64,
    pub recomputed_t: f64,
    /// (recomputed − recorded) ÷ recorded, %.
    pub change_pct: f64,
    /// The change exceeds the threshold: recalculate the base year.
    pub recalculate: bool,
}

/// `None` without a recorded base-year inventory or base-year records, or
/// when those records cannot be computed.
pub fn base_year_check(p: &Project, claims: &Claims) -> Option<BaseYearCheck> {
    let recorded = claims
        .history
        .iter()
        .find(|h| h.year == p.park.base_year)?
        .total_t;
    if p.base_year_activity.is_empty() || recorded <= 0.0 {
        return None;
    }
    let mut base = p.clone();
    base.activity = std::mem::take(&mut base.base_year_activity);
    let recomputed = super::compute(&base).ok()?.total_t_co2e;
    let change_pct = (recomputed - recorded) / recorded * 100.0;
    Some(BaseYearCheck {
        recorded_t: recorded,
        recomputed_t: recomputed,
        change_pct,
        recalculate: change_pct.abs() > claims.method.base_year_threshold_pct,
    })
}

/// The claim boundary's base-year footprint (location-based) from the
/// project's base-year records under today's methodology; `None` without
/// base-year records or a claim, or when they cannot be computed.
pub fn base_year_footprint(p: &Project, claims: &Claims) -> Option<f64> {
    let c = claims.claim.as_ref()?;
    if p.base_year_activity.is_empty() {
        return None;
    }
    let mut base = p.clone();
    base.activity = std::mem::take(&mut base.base_year_activity);
    let inv = super::compute(&base).ok()?;
    Some(
        c.entities
            .iter()
            .map(|e| inv.by_entity.get(e).copied().unwrap_or(0.0))
            .sum(),
    )
}

/// Whether the planned measures meet the park's own targets: at each
/// target year, planned ≤ target. `None` without targets (or without a
/// base-year inventory to take them from); else the first target year
/// missed with its gap, or `Ok` when every one is met.
pub fn targets_met(claims: &Claims, years: &[Year]) -> Option<Result<(), (i32, f64)>> {
    let mut any = false;
    for t in &claims.targets {
        let Some(y) = years.iter().find(|y| y.year == t.year) else {
            continue;
        };
        let Some(gap) = y.gap_t else { continue };
        any = true;
        if gap > 0.0 {
            return Some(Err((t.year, gap)));
        }
    }
    any.then_some(Ok(()))
}
