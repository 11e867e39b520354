//! From a project and its inventory to the random inputs and the terms
//! that combine them. Records that share the same random inputs are added
//! up first, so a million records become a few hundred terms.
//!
//! The independence assumptions, stated once: an activity source (one
//! entity's activity code of one data type, with its quality entry) is one
//! measurement system — its error is shared by all its records (the same
//! meter, invoice series or estimate across the months); a record with its
//! own quality entry is a source of its own. A factor's gas is drawn once
//! for every record that uses it. Different sources and factors are
//! independent; so are the gases of one factor.

use super::spread::{Draw, lognormal_of_sigma, pedigree_sigma};
use crate::calc::inventory::{BoundaryStatus, Inventory};
use crate::calc::library::Library;
use crate::calc::treatment::{Treatment, weigh};
use crate::model::{
    DataQuality, DataType, Distribution, Gas, Pedigree, Project, QualityTarget, Spread,
    UncertaintySettings,
};
use std::collections::HashMap;

/// The project's settings, or the defaults when it has none.
pub static NO_SETTINGS: std::sync::LazyLock<UncertaintySettings> =
    std::sync::LazyLock::new(UncertaintySettings::default);

/// The default 95 % half-width (%) of activity data of a type, and why.
pub fn default_activity_pct(t: DataType) -> (f64, &'static str) {
    match t {
        DataType::Metered => (
            2.5,
            "EU MRR (Reg. 2018/2066) Annex II tier 3 for fuel quantities (±2.5 %); IPCC 2006 Vol. 2 Table 2.15 gives 2–3 % for energy-intensive industry (⚠ cells not seen in the primary table)",
        ),
        DataType::Invoiced => (
            5.0,
            "IPCC 2006 default for fossil-fuel activity data where nothing better is known (±5 %); EU MRR tier 2 (±5 %)",
        ),
        DataType::Estimated => (
            20.0,
            "ParkAudit's documented choice: the upper end of the 5–20 % IPCC 2006 Vol. 2 Table 2.15 gives for extrapolated data (⚠ cells not seen in the primary table)",
        ),
        DataType::Proxy => (
            50.0,
            "ParkAudit's documented choice for data standing in for other data (not a published value); the GHG Protocol uncertainty tool calls anything above ±30 % poor (⚠)",
        ),
    }
}

/// The stated default for a factor whose range nobody gave (flagged).
pub fn default_factor_spread(gas: Gas) -> Spread {
    if matches!(gas, Gas::Co2 | Gas::Co2e) {
        Spread::normal(
            10.0,
            "ParkAudit's stated default (not a published value): no range was given for this factor — state its own",
        )
    } else {
        Spread {
            distribution: Distribution::Lognormal,
            lower_pct: 200.0 / 3.0,
            upper_pct: 200.0,
            source: "ParkAudit's stated default (not a published value): ×/÷ 3, the span IPCC 2006 Vol. 2 Tables 2.2–2.5 give most CH4 and N2O factors — state this factor's own range".into(),
        }
    }
}

/// The spread of a GWP when the user asks for GWPs to be drawn: IPCC AR5
/// WG1 §8.7.1.4 gives ±40 % for CH₄ and ±35 % for longer-lived gases as 5–95 %
/// ranges (⚠ from a secondary reading), widened here to 95 %.
pub fn gwp_spread(gas: Gas) -> Spread {
    let ninety = if matches!(gas, Gas::Ch4 | Gas::Ch4NonFossil) {
        40.0
    } else {
        35.0
    };
    Spread::normal(
        ninety * super::spread::Z95 / 1.644_853_626_951_472_2,
        format!(
            "IPCC AR5 WG1 §8.7.1.4: GWP-100 ±{ninety} % (5–95 %), as a 95 % range (⚠ secondary reading)"
        ),
    )
}

/// Where a factor's spread comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorOrigin {
    /// The bundled library's `uncertainty.tsv`.
    Library,
    /// The project's uncertainty section.
    Project,
    /// Nobody stated one: the stated default.
    Default,
}

/// A factor's gas as a random input.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorInput {
    pub factor_id: String,
    pub gas: Gas,
    pub spread: Spread,
    pub origin: FactorOrigin,
    pub draw: Draw,
    /// t CO₂e of the inventory that scale with it.
    pub emissions_t: f64,
}

/// An activity source as a random input.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityInput {
    pub entity_id: String,
    pub activity: String,
    /// The record, for a record with its own quality entry.
    pub record: Option<String>,
    pub data_type: DataType,
    /// The 95 % half-width before the pedigree (the type's or stated).
    pub u_pct: f64,
    pub pedigree: Option<Pedigree>,
    pub spread: Spread,
    pub draw: Draw,
    pub records: usize,
    pub emissions_t: f64,
}

impl ActivityInput {
    /// `E01/natural_gas` or the record's id.
    pub fn label(&self) -> String {
        match &self.record {
            Some(id) => format!("{id} ({}/{})", self.entity_id, self.activity),
            None => format!("{}/{}", self.entity_id, self.activity),
        }
    }
}

/// A GWP as a random input (only when the settings ask for it).
#[derive(Debug, Clone, PartialEq)]
pub struct GwpInput {
    pub gas: Gas,
    pub spread: Spread,
    pub draw: Draw,
    pub emissions_t: f64,
}

/// No GWP input.
pub const NO_GWP: u32 = u32::MAX;

/// Emissions that scale with one activity input, one factor input and
/// (optionally) one GWP input, in one scope, category and entity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub activity: u32,
    pub factor: u32,
    pub gwp: u32,
    pub t: f64,
    /// 0–2.
    pub scope: u8,
    /// 0–5 (ISO category − 1).
    pub category: u8,
    /// Index into `Project::entities`.
    pub entity: u32,
    /// Index into `Model::sectors`.
    pub sector: u32,
}

/// The random inputs and the terms of an inventory.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub activities: Vec<ActivityInput>,
    pub factors: Vec<FactorInput>,
    pub gwps: Vec<GwpInput>,
    pub terms: Vec<Term>,
    /// Sector names, sorted.
    pub sectors: Vec<String>,
    pub total_t: f64,
}

/// The spread of activity data of a type, or stated, with pedigree scores.
pub fn activity_spread(
    settings: &UncertaintySettings,
    data_type: DataType,
    u_pct: Option<f64>,
    pedigree: Option<&Pedigree>,
) -> (f64, Spread) {
    let (default_pct, why) = default_activity_pct(data_type);
    let (u, source) = match (u_pct, settings.activity_pct.get(&data_type)) {
        (Some(u), _) => (u, "stated for this source".to_string()),
        (None, Some(&u)) => (
            u,
            format!("the project's value for {} data", data_type.label()),
        ),
        (None, None) => (default_pct, why.to_string()),
    };
    let spread = match pedigree {
        None => Spread::normal(u, source),
        Some(p) => {
            let sigma = pedigree_sigma(p, 1.0 + u / 100.0);
            lognormal_of_sigma(
                sigma,
                format!(
                    "±{u} % ({source}) with pedigree {}: {}",
                    p.text(),
                    super::spread::PEDIGREE_SOURCE
                ),
            )
        }
    };
    (u, spread)
}

/// What a term adds up: activity, factor and GWP inputs, scope, category, entity.
type TermKey = (u32, u32, u32, u8, u8, u32);

#[derive(Hash, PartialEq, Eq)]
enum ActKey<'a> {
    Source {
        entity: u32,
        activity: &'a str,
        data_type: DataType,
    },
    Record(&'a str),
}

/// Builds the model of an inventory that computed.
pub fn build(p: &Project, inv: &Inventory, lib: &Library) -> Model {
    let settings = p.uncertainty.as_ref().unwrap_or(&NO_SETTINGS);
    let by_source: HashMap<(&str, &str), &DataQuality> = settings
        .quality
        .iter()
        .filter_map(|q| match &q.target {
            QualityTarget::Source { entity, activity } => {
                Some(((entity.as_str(), activity.as_str()), q))
            }
            QualityTarget::Record(_) => None,
        })
        .collect();
    let by_record: HashMap<&str, &DataQuality> = settings
        .quality
        .iter()
        .filter_map(|q| match &q.target {
            QualityTarget::Record(id) => Some((id.as_str(), q)),
            QualityTarget::Source { .. } => None,
        })
        .collect();

    let mut sectors: Vec<String> = p.entities.iter().map(|e| e.sector.clone()).collect();
    sectors.sort();
    sectors.dedup();
    let entity_index: HashMap<&str, (u32, u32)> = p
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let s = sectors.binary_search(&e.sector).unwrap_or(0);
            (e.id.as_str(), (i as u32, s as u32))
        })
        .collect();

    // Per project factor: (factor input, GWP input, kg CO₂e per unit) of each inventory gas.
    let mut factors: Vec<FactorInput> = Vec::new();
    let mut gwps: Vec<GwpInput> = Vec::new();
    let mut gwp_index: HashMap<Gas, u32> = HashMap::new();
    let mut per_factor: HashMap<&str, Vec<(u32, u32, f64)>> = HashMap::new();
    for f in &p.factors {
        let Ok(w) = weigh(p, f) else { continue };
        let mut parts: Vec<(u32, u32, f64)> = Vec::new();
        let first = factors.len();
        for g in w
            .gases
            .iter()
            .filter(|g| g.treatment == Treatment::Inventory)
        {
            let stated = settings
                .factors
                .iter()
                .find(|s| s.factor_id == f.id && s.gas == Some(g.gas))
                .or_else(|| {
                    settings
                        .factors
                        .iter()
                        .find(|s| s.factor_id == f.id && s.gas.is_none())
                });
            let (spread, origin) = match stated {
                Some(s) => (s.spread.clone(), FactorOrigin::Project),
                None => match f
                    .library_version
                    .as_ref()
                    .and_then(|_| lib.spreads.lookup(&f.id, g.gas))
                {
                    Some(s) => (s.clone(), FactorOrigin::Library),
                    None => (default_factor_spread(g.gas), FactorOrigin::Default),
                },
            };
            // Only this factor's own inputs can hold the gas already.
            let fi = match factors[first..].iter().position(|x| x.gas == g.gas) {
                Some(i) => (first + i) as u32,
                None => {
                    factors.push(FactorInput {
                        factor_id: f.id.clone(),
                        gas: g.gas,
                        draw: Draw::of(&spread),
                        spread,
                        origin,
                        emissions_t: 0.0,
                    });
                    (factors.len() - 1) as u32
                }
            };
            let gi = if settings.sample_gwp && g.gas != Gas::Co2 && g.gas != Gas::Co2e {
                *gwp_index.entry(g.gas).or_insert_with(|| {
                    let spread = gwp_spread(g.gas);
                    gwps.push(GwpInput {
                        gas: g.gas,
                        draw: Draw::of(&spread),
                        spread,
                        emissions_t: 0.0,
                    });
                    (gwps.len() - 1) as u32
                })
            } else {
                NO_GWP
            };
            match parts.iter_mut().find(|(a, b, _)| *a == fi && *b == gi) {
                Some(x) => x.2 += g.kg_co2e_per_unit,
                None => parts.push((fi, gi, g.kg_co2e_per_unit)),
            }
        }
        per_factor.insert(f.id.as_str(), parts);
    }

    let mut activities: Vec<ActivityInput> = Vec::new();
    let mut act_index: HashMap<ActKey<'_>, u32> = HashMap::new();
    let mut terms: HashMap<TermKey, (f64, u32)> = HashMap::new();
    let mut order: Vec<TermKey> = Vec::new();
    for (r, res) in p.activity.iter().zip(&inv.records) {
        if res.status != BoundaryStatus::Included {
            continue;
        }
        let Some(&(entity, sector)) = entity_index.get(r.entity_id.as_str()) else {
            continue;
        };
        let Some(parts) = per_factor.get(r.factor_id.as_str()) else {
            continue;
        };
        let own = by_record.get(r.id.as_str()).copied();
        let src = by_source
            .get(&(r.entity_id.as_str(), r.activity.as_str()))
            .copied();
        let data_type = own
            .and_then(|q| q.data_type)
            .or(r.data_type)
            .or(src.and_then(|q| q.data_type))
            .unwrap_or(settings.default_type);
        let key = match own {
            Some(_) => ActKey::Record(r.id.as_str()),
            None => ActKey::Source {
                entity,
                activity: r.activity.as_str(),
                data_type,
            },
        };
        let ai = *act_index.entry(key).or_insert_with(|| {
            let u_pct = own.and_then(|q| q.u_pct).or(src.and_then(|q| q.u_pct));
            let pedigree = own
                .and_then(|q| q.pedigree)
                .or(src.and_then(|q| q.pedigree));
            let (u, spread) = activity_spread(settings, data_type, u_pct, pedigree.as_ref());
            activities.push(ActivityInput {
                entity_id: r.entity_id.clone(),
                activity: r.activity.clone(),
                record: own.map(|_| r.id.clone()),
                data_type,
                u_pct: u,
                pedigree,
                draw: Draw::of(&spread),
                spread,
                records: 0,
                emissions_t: 0.0,
            });
            (activities.len() - 1) as u32
        });
        activities[ai as usize].records += 1;
        let scope = r.scope.number() - 1;
        let category = r.category.number() - 1;
        let base = r.quantity * res.conversion * res.share / 1000.0;
        for &(fi, gi, kg) in parts {
            let k = (ai, fi, gi, scope, category, entity);
            let slot = terms.entry(k).or_insert_with(|| {
                order.push(k);
                (0.0, sector)
            });
            slot.0 += base * kg;
        }
    }
    // Terms in order of first appearance: deterministic, whatever the hasher.
    let terms: Vec<Term> = order
        .into_iter()
        .map(|k| {
            let (t, sector) = terms[&k];
            Term {
                activity: k.0,
                factor: k.1,
                gwp: k.2,
                t,
                scope: k.3,
                category: k.4,
                entity: k.5,
                sector,
            }
        })
        .collect();
    let mut total_t = 0.0;
    for t in &terms {
        activities[t.activity as usize].emissions_t += t.t;
        factors[t.factor as usize].emissions_t += t.t;
        if t.gwp != NO_GWP {
            gwps[t.gwp as usize].emissions_t += t.t;
        }
        total_t += t.t;
    }
    Model {
        activities,
        factors,
        gwps,
        terms,
        sectors,
        total_t,
    }
}
