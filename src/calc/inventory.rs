//! From a project to its inventory: units, GWP weighting, consolidation,
//! operational boundary and the totals an auditor reports.

use super::consolidation::{self, OutsideReason};
use super::error::{CalcError, CalcErrors, RecordRef};
use super::units::conversion_factor;
use crate::model::{ALL_GASES, ActivityRecord, EmissionFactor, Gas, Period, Project, Scope, Unit};
use foldhash::HashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether a record's emissions count in the inventory, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BoundaryStatus {
    Included,
    /// Outside the organisational boundary.
    Outside(OutsideReason),
    /// The record's scope is not in the operational boundary.
    ScopeNotCovered,
    /// The record's ISO category is not in the operational boundary.
    CategoryNotCovered,
}

/// The result for one activity record. Indexed like `Project::activity`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordResult {
    pub status: BoundaryStatus,
    /// Consolidation share applied (0 when outside the boundary).
    pub share: f64,
    /// Record unit → location factor unit.
    pub conversion: f64,
    /// t CO₂e at 100 %, location-based, covered gases, biogenic left out.
    pub gross_location_t: f64,
    /// t CO₂e at 100 %, market-based (equals location-based outside scope 2).
    pub gross_market_t: f64,
    /// t CO₂e of gases outside the operational boundary, at 100 %.
    pub gross_uncovered_t: f64,
    /// t biogenic CO₂ at 100 %.
    pub gross_biogenic_t: f64,
    /// Inventory contribution after consolidation, location-based.
    pub location_t: f64,
    /// Inventory contribution after consolidation, market-based.
    pub market_t: f64,
    /// Biogenic CO₂ after consolidation (reported outside the scopes).
    pub biogenic_t: f64,
    /// t CO₂e outside the boundary, at 100 %.
    pub excluded_t: f64,
}

/// The computed inventory. Derived from a project, never stored in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inventory {
    /// Scope 1 + scope 2 location-based + scope 3.
    pub total_t_co2e: f64,
    /// Scope 1 + scope 2 market-based + scope 3.
    pub total_market_t_co2e: f64,
    pub scope1_t: f64,
    pub scope2_location_t: f64,
    pub scope2_market_t: f64,
    pub scope3_t: f64,
    /// Emissions outside the organisational or operational boundary, at 100 %.
    pub excluded_t: f64,
    /// Biogenic CO₂ of entities inside the boundary, after consolidation.
    pub biogenic_co2_t: f64,
    /// Biogenic CO₂ of records outside the boundary, at 100 %.
    pub excluded_biogenic_co2_t: f64,
    /// Under equity share: the part of included entities held by others.
    pub other_owners_t: f64,
    pub by_category: BTreeMap<u8, f64>,
    pub by_entity: BTreeMap<String, f64>,
    pub by_entity_market: BTreeMap<String, f64>,
    pub excluded_by_entity: BTreeMap<String, f64>,
    pub by_gas: BTreeMap<Gas, f64>,
    pub by_month: BTreeMap<Period, f64>,
    pub by_sector: BTreeMap<String, f64>,
    pub records: Vec<RecordResult>,
}

pub use super::treatment::covers;

/// A factor with its GWP-weighted sums precomputed for one project.
struct Prepared {
    unit: Unit,
    /// kg CO₂e per unit of covered, non-biogenic gases.
    covered_kg: f64,
    /// kg CO₂e per unit of gases outside the operational boundary.
    uncovered_kg: f64,
    biogenic_kg: f64,
    /// (index into ALL_GASES, kg CO₂e per unit) for covered gases.
    per_gas: Vec<(usize, f64)>,
}

fn prepare(project: &Project, f: &EmissionFactor, errors: &mut Vec<CalcError>) -> Option<Prepared> {
    let w = match super::treatment::weigh(project, f) {
        Ok(w) => w,
        Err(e) => {
            errors.extend(e);
            return None;
        }
    };
    let mut per_gas: Vec<(usize, f64)> = Vec::new();
    for g in w
        .gases
        .iter()
        .filter(|g| g.treatment == super::treatment::Treatment::Inventory)
    {
        let idx = ALL_GASES.iter().position(|x| *x == g.gas).unwrap_or(0);
        match per_gas.iter_mut().find(|(i, _)| *i == idx) {
            Some((_, v)) => *v += g.kg_co2e_per_unit,
            None => per_gas.push((idx, g.kg_co2e_per_unit)),
        }
    }
    Some(Prepared {
        unit: f.unit,
        covered_kg: w.inventory_kg,
        uncovered_kg: w.outside_kg,
        biogenic_kg: w.biogenic_kg,
        per_gas,
    })
}

/// Ids that differ only in case: Excel's lookups in the workbook cannot tell them apart.
fn case_variants<'a>(
    what: &'static str,
    ids: impl Iterator<Item = &'a str>,
    errors: &mut Vec<CalcError>,
) {
    let mut groups: BTreeMap<String, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for id in ids {
        groups.entry(id.to_lowercase()).or_default().insert(id);
    }
    for spellings in groups.values().filter(|g| g.len() > 1) {
        errors.push(CalcError::CaseVariants {
            what,
            ids: spellings.iter().map(|s| s.to_string()).collect(),
        });
    }
}

fn duplicates<'a>(
    what: &'static str,
    ids: impl Iterator<Item = &'a str>,
    count: usize,
    errors: &mut Vec<CalcError>,
) {
    let mut counts: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(count, Default::default());
    for id in ids {
        *counts.entry(id).or_default() += 1;
    }
    let mut dups: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, c)| c > 1).collect();
    dups.sort_unstable();
    for (id, count) in dups {
        errors.push(CalcError::DuplicateId {
            what,
            id: id.to_string(),
            count,
        });
    }
}

/// Checks that are about one record alone (before any factor arithmetic).
fn check_record(project: &Project, r: &ActivityRecord, errors: &mut Vec<CalcError>) -> bool {
    let at = || RecordRef::of(project, r);
    let mut ok = true;
    if !r.quantity.is_finite() {
        errors.push(CalcError::NonFiniteQuantity {
            at: at(),
            value: r.quantity,
        });
        ok = false;
    }
    let expected = r.category.scope();
    if expected != r.scope {
        errors.push(CalcError::CategoryScopeMismatch {
            at: at(),
            scope: r.scope.number(),
            category: r.category.number(),
            expected: expected.number(),
        });
        ok = false;
    }
    if r.scope != Scope::S2 && r.market_factor_id.is_some() {
        errors.push(CalcError::MarketFactorOutsideScope2 { at: at() });
        ok = false;
    }
    if r.factor_id.trim().is_empty() {
        errors.push(CalcError::MissingFactor { at: at() });
        ok = false;
    }
    ok
}

/// Looks up a factor and converts the record's unit to it.
fn resolve<'p>(
    r: &ActivityRecord,
    factor_id: &str,
    factors: &HashMap<&str, usize>,
    prepared: &'p [Option<Prepared>],
    project: &Project,
    errors: &mut Vec<CalcError>,
) -> Option<(&'p Prepared, f64)> {
    let Some(&fi) = factors.get(factor_id) else {
        errors.push(CalcError::UnknownFactor {
            at: RecordRef::of(project, r),
            factor_id: factor_id.to_string(),
        });
        return None;
    };
    // A broken factor has already been reported once; don't repeat it per record.
    let p = prepared.get(fi)?.as_ref()?;
    match conversion_factor(r.unit, p.unit) {
        Ok(c) => Some((p, c)),
        Err(_) => {
            let f_unit = project.factors.get(fi).map(|f| f.unit).unwrap_or(p.unit);
            errors.push(CalcError::UnitMismatch {
                at: RecordRef::of(project, r),
                unit: r.unit,
                dim: r.unit.dimension(),
                factor_id: factor_id.to_string(),
                factor_unit: f_unit,
                factor_dim: f_unit.dimension(),
            });
            None
        }
    }
}

/// Computes the inventory, or every reason it cannot be computed.
///
/// Emissions of a record (t CO₂e) = quantity × conversion to the factor's
/// unit × Σ (kg per unit × GWP) / 1000. Nothing is silently dropped:
/// emissions outside the boundary go to `excluded_t`.
pub fn compute(project: &Project) -> Result<Inventory, CalcErrors> {
    compute_records(project, &[&project.activity])
}

/// [`compute`] with the project's activity replaced by `parts` one after
/// another (the inventory's records are indexed like their concatenation):
/// what an import would make of the project, computed without copying its
/// records into one list.
pub fn compute_records(
    project: &Project,
    parts: &[&[ActivityRecord]],
) -> Result<Inventory, CalcErrors> {
    let records = || parts.iter().flat_map(|p| p.iter());
    let record_count: usize = parts.iter().map(|p| p.len()).sum();
    let mut errors = Vec::new();
    duplicates(
        "entity",
        project.entities.iter().map(|e| e.id.as_str()),
        project.entities.len(),
        &mut errors,
    );
    duplicates(
        "factor",
        project.factors.iter().map(|f| f.id.as_str()),
        project.factors.len(),
        &mut errors,
    );
    duplicates(
        "record",
        records().map(|r| r.id.as_str()),
        record_count,
        &mut errors,
    );
    case_variants(
        "entity",
        project.entities.iter().map(|e| e.id.as_str()),
        &mut errors,
    );
    case_variants(
        "factor",
        project.factors.iter().map(|f| f.id.as_str()),
        &mut errors,
    );

    let factor_index: HashMap<&str, usize> = project
        .factors
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let prepared: Vec<Option<Prepared>> = project
        .factors
        .iter()
        .map(|f| prepare(project, f, &mut errors))
        .collect();

    let entity_index: HashMap<&str, usize> = project
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let shares: Vec<Result<f64, OutsideReason>> = project
        .entities
        .iter()
        .map(|e| {
            if !(0.0..=100.0).contains(&e.ownership_pct) {
                errors.push(CalcError::BadOwnership {
                    entity_id: e.id.clone(),
                    value: e.ownership_pct,
                });
            }
            consolidation::share(e, project.consolidation)
        })
        .collect();

    let ob = &project.operational_boundary;
    let mut inv = Inventory::empty();
    let mut entity_loc = vec![0.0; project.entities.len()];
    let mut entity_mkt = vec![0.0; project.entities.len()];
    let mut entity_excl = vec![0.0; project.entities.len()];
    let mut gas_t = [0.0; ALL_GASES.len()];
    inv.records.reserve(record_count);

    for r in records() {
        let mut ok = check_record(project, r, &mut errors);
        let ei = entity_index.get(r.entity_id.as_str()).copied();
        if ei.is_none() {
            errors.push(CalcError::UnknownEntity {
                at: RecordRef::of(project, r),
                entity_id: r.entity_id.clone(),
            });
            ok = false;
        }
        if !ok {
            continue;
        }
        let Some((loc, conv)) = resolve(
            r,
            &r.factor_id,
            &factor_index,
            &prepared,
            project,
            &mut errors,
        ) else {
            continue;
        };
        let market = match (&r.market_factor_id, r.scope) {
            (Some(id), Scope::S2) => resolve(r, id, &factor_index, &prepared, project, &mut errors),
            _ => Some((loc, conv)),
        };
        let (Some((mkt, mconv)), Some(ei)) = (market, ei) else {
            continue;
        };
        if !errors.is_empty() {
            // Keep validating the remaining records, but stop aggregating.
            continue;
        }

        let q = r.quantity;
        let gross_location_t = q * conv * loc.covered_kg / 1000.0;
        let gross_market_t = q * mconv * mkt.covered_kg / 1000.0;
        let gross_uncovered_t = q * conv * loc.uncovered_kg / 1000.0;
        let gross_biogenic_t = q * conv * loc.biogenic_kg / 1000.0;
        if ![
            gross_location_t,
            gross_market_t,
            gross_uncovered_t,
            gross_biogenic_t,
        ]
        .iter()
        .all(|v| v.is_finite())
        {
            errors.push(CalcError::NonFiniteResult {
                at: RecordRef::of(project, r),
            });
            continue;
        }

        let status = match shares
            .get(ei)
            .copied()
            .unwrap_or(Err(OutsideReason::NotIncluded))
        {
            Err(reason) => BoundaryStatus::Outside(reason),
            Ok(_) if !ob.scopes.contains(&r.scope) => BoundaryStatus::ScopeNotCovered,
            Ok(_) if !ob.iso_categories.contains(&r.category) => BoundaryStatus::CategoryNotCovered,
            Ok(_) => BoundaryStatus::Included,
        };
        let share = match (status, shares.get(ei)) {
            (BoundaryStatus::Included, Some(Ok(s))) => *s,
            _ => 0.0,
        };

        let mut res = RecordResult {
            status,
            share,
            conversion: conv,
            gross_location_t,
            gross_market_t,
            gross_uncovered_t,
            gross_biogenic_t,
            location_t: 0.0,
            market_t: 0.0,
            biogenic_t: 0.0,
            excluded_t: gross_uncovered_t,
        };
        if status == BoundaryStatus::Included {
            res.location_t = gross_location_t * share;
            res.market_t = gross_market_t * share;
            res.biogenic_t = gross_biogenic_t * share;
            inv.other_owners_t += gross_location_t * (1.0 - share);
            match r.scope {
                Scope::S1 => inv.scope1_t += res.location_t,
                Scope::S2 => {
                    inv.scope2_location_t += res.location_t;
                    inv.scope2_market_t += res.market_t;
                }
                Scope::S3 => inv.scope3_t += res.location_t,
            }
            for &(gi, kg) in &loc.per_gas {
                if let Some(slot) = gas_t.get_mut(gi) {
                    *slot += q * conv * kg / 1000.0 * share;
                }
            }
            *inv.by_category.entry(r.category.number()).or_default() += res.location_t;
            *inv.by_month.entry(r.period).or_default() += res.location_t;
            entity_loc[ei] += res.location_t;
            entity_mkt[ei] += res.market_t;
            inv.biogenic_co2_t += res.biogenic_t;
        } else {
            res.excluded_t += gross_location_t;
            inv.excluded_biogenic_co2_t += gross_biogenic_t;
        }
        entity_excl[ei] += res.excluded_t;
        inv.excluded_t += res.excluded_t;
        inv.records.push(res);
    }

    if !errors.is_empty() {
        return Err(CalcErrors(errors));
    }

    inv.total_t_co2e = inv.scope1_t + inv.scope2_location_t + inv.scope3_t;
    inv.total_market_t_co2e = inv.scope1_t + inv.scope2_market_t + inv.scope3_t;
    for (i, e) in project.entities.iter().enumerate() {
        if matches!(shares.get(i), Some(Ok(_))) {
            *inv.by_sector.entry(e.sector.clone()).or_default() += entity_loc[i];
            inv.by_entity.insert(e.id.clone(), entity_loc[i]);
            inv.by_entity_market.insert(e.id.clone(), entity_mkt[i]);
        }
        if entity_excl[i] != 0.0 {
            inv.excluded_by_entity.insert(e.id.clone(), entity_excl[i]);
        }
    }
    for (g, t) in ALL_GASES.iter().zip(gas_t) {
        if t != 0.0 {
            inv.by_gas.insert(*g, t);
        }
    }
    Ok(inv)
}

impl Inventory {
    fn empty() -> Inventory {
        Inventory {
            total_t_co2e: 0.0,
            total_market_t_co2e: 0.0,
            scope1_t: 0.0,
            scope2_location_t: 0.0,
            scope2_market_t: 0.0,
            scope3_t: 0.0,
            excluded_t: 0.0,
            biogenic_co2_t: 0.0,
            excluded_biogenic_co2_t: 0.0,
            other_owners_t: 0.0,
            by_category: BTreeMap::new(),
            by_entity: BTreeMap::new(),
            by_entity_market: BTreeMap::new(),
            excluded_by_entity: BTreeMap::new(),
            by_gas: BTreeMap::new(),
            by_month: BTreeMap::new(),
            by_sector: BTreeMap::new(),
            records: Vec::new(),
        }
    }
}
