//! Default factor selection: when a record names no factor, the methodology
//! picks one from (activity, unit, standard, reporting year) by these rules,
//! in order:
//!
//! 1. A project rule (`methodology.default_factors`: activity → factor id).
//! 2. The activity must be in the library vocabulary (key or alias).
//! 3. By kind of activity:
//!    - grid electricity (scope 2): China MEE/NBS national average of the
//!      latest data year not after the reporting year (or, with
//!      `GridFactorRule::CarbonMarket`, the carbon-market factor); the
//!      market-based result uses the factor excluding market-traded
//!      non-fossil power (the residual mix) of the same data year;
//!    - purchased heat: 0.11 t CO₂/GJ (`cn.mee.heat.purchased`);
//!    - fuels: China MEE guidelines → GB/T 32150 first, then IPCC 2006;
//!      ISO 14064-1 and GHG Protocol → IPCC 2006 (manufacturing, per t or per
//!      TJ) first, then GB/T 32150 — the first whose unit fits the record's;
//!    - road vehicles: IPCC 2006 mobile (ISO/GHG Protocol) or GB/T 32150 for
//!      the fuel (China MEE), the other as fallback;
//!    - process emissions: the IPCC 2006 Tier 1 factor (the first listed where
//!      there are several technologies);
//!    - released gases: mass balance, 1 kg per kg.
//!
//! A record for which no rule applies is an error naming why — never a zero.

use super::library::{ActivityKind, Family, Library, LibraryFactor};
use crate::model::{GridFactorRule, Project, Scope, Standard, Unit};

/// A factor chosen by rule, with the reason in words.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub factor_id: String,
    pub market_factor_id: Option<String>,
    pub rule: String,
}

/// The fuel a vehicle activity burns, for the GB/T 32150 fallback.
fn vehicle_fuel(key: &str) -> &str {
    match key {
        "diesel_vehicles" => "diesel",
        "lpg_vehicles" => "lpg",
        "cng_vehicles" => "natural_gas",
        _ => "gasoline",
    }
}

/// Ids of the library factors of `family` for an activity, in file order.
fn family_ids(lib: &Library, family: &Family, key: &str) -> Vec<String> {
    lib.factors
        .iter()
        .filter(|f| &f.family == family && f.factor.activity_key.as_deref() == Some(key))
        .map(|f| f.factor.id.clone())
        .collect()
}

fn fits(f: &LibraryFactor, unit: Unit) -> bool {
    f.factor.unit.dimension() == unit.dimension()
}

/// Why no default factor applies, in English (the CLI, the rejects
/// workbook) and in Chinese (the app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoDefault {
    pub en: String,
    pub zh: String,
}

impl std::fmt::Display for NoDefault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

fn no_default(en: String, zh: String) -> NoDefault {
    NoDefault { en, zh }
}

/// Chooses the default factor for an activity in `unit` and `scope`.
pub fn choose(
    lib: &Library,
    project: &Project,
    activity: &str,
    unit: Unit,
    scope: Scope,
) -> Result<Choice, NoDefault> {
    let m = &project.methodology;
    if let Some(id) = m.default_factors.get(activity) {
        return Ok(Choice {
            factor_id: id.clone(),
            market_factor_id: None,
            rule: format!("project rule: activity '{activity}' → factor {id}"),
        });
    }
    let Some(act) = lib.activity(activity) else {
        return Err(no_default(
            format!(
                "activity '{activity}' is not in the library's vocabulary (parkaudit factors --activities), so no default factor applies — name the factor in factor_id"
            ),
            format!(
                "活动“{activity}”不在因子库的活动词汇中，没有适用的默认因子——请在 factor_id 中指定因子"
            ),
        ));
    };
    let year = project.park.reporting_year;
    let standard = m.standard;
    let china = standard == Standard::ChinaMeeGuidelines;
    let pick = |candidates: &[String], why: &str| -> Result<Choice, NoDefault> {
        let hit = candidates
            .iter()
            .filter_map(|id| lib.factor(id))
            .find(|f| fits(f, unit));
        match hit {
            Some(f) => Ok(Choice {
                factor_id: f.factor.id.clone(),
                market_factor_id: None,
                rule: format!(
                    "{standard} → {why}: {} (per {}, fits {unit})",
                    f.factor.id, f.factor.unit
                ),
            }),
            None => Err(no_default(
                format!(
                    "no default factor for '{activity}' in {unit} ({}): the candidates ({}) are per another dimension — record the quantity in their unit or name a factor",
                    unit.dimension(),
                    candidates.join(", ")
                ),
                format!(
                    "“{activity}”以 {unit}（{}）计时没有默认因子：候选因子（{}）按另一量纲计——请以其单位记录数量，或指定因子",
                    unit.dimension(),
                    candidates.join("、")
                ),
            )),
        }
    };
    match act.kind {
        ActivityKind::Electricity => {
            if scope == Scope::S1 {
                return Err(no_default(
                    "purchased grid electricity is scope 2 (or 3), not scope 1".into(),
                    "外购电网电力属于范围二（或三），不属于范围一".into(),
                ));
            }
            let (kind, label) = match m.grid_factor {
                GridFactorRule::NationalAverage => {
                    ("location", "MEE/NBS national average grid factor")
                }
                GridFactorRule::CarbonMarket => {
                    ("carbon_market", "MEE national carbon market grid factor")
                }
            };
            let Some((y, loc)) = lib
                .grid("national", kind)
                .into_iter()
                .find(|(y, _)| *y <= year)
            else {
                return Err(no_default(
                    format!("no {label} published for a data year not after {year}"),
                    format!("没有不晚于 {year} 年的数据年份所发布的{label}"),
                ));
            };
            let residual = lib
                .grid("national", "residual")
                .into_iter()
                .find(|(ry, _)| *ry == y)
                .or_else(|| {
                    lib.grid("national", "residual")
                        .into_iter()
                        .find(|(ry, _)| *ry <= year)
                });
            let market = residual.map(|(_, f)| f.factor.id.clone());
            Ok(Choice {
                factor_id: loc.factor.id.clone(),
                market_factor_id: if scope == Scope::S2 {
                    market.clone()
                } else {
                    None
                },
                rule: format!(
                    "{label} of data year {y}, the latest published not after the reporting year {year}{}",
                    match (&market, scope) {
                        (Some(id), Scope::S2) => format!("; market-based: residual mix {id}"),
                        _ => String::new(),
                    }
                ),
            })
        }
        ActivityKind::Heat => {
            if scope == Scope::S1 {
                return Err(no_default(
                    "purchased heat is scope 2 (or 3), not scope 1".into(),
                    "外购热力属于范围二（或三），不属于范围一".into(),
                ));
            }
            pick(
                &["cn.mee.heat.purchased".to_string()],
                "default factor for purchased heat (0.11 t CO2/GJ)",
            )
        }
        ActivityKind::Fuel => {
            let ipcc = [
                format!("ipcc2006.stationary.manufacturing.{}", act.key),
                format!("ipcc2006.stationary.manufacturing.{}.energy", act.key),
            ];
            let gbt = format!("cn.gbt32150.{}", act.key);
            if china {
                let mut c = vec![gbt];
                c.extend(ipcc);
                pick(
                    &c,
                    "GB/T 32150-2015 default for the fuel (IPCC 2006 where GB/T gives none)",
                )
            } else {
                let mut c = ipcc.to_vec();
                c.push(gbt);
                pick(
                    &c,
                    "IPCC 2006 default, stationary combustion in manufacturing (GB/T 32150 where the unit needs it)",
                )
            }
        }
        ActivityKind::Mobile => {
            let ipcc = [
                format!("ipcc2006.mobile.{}", act.key),
                format!("ipcc2006.mobile.{}.energy", act.key),
            ];
            let gbt = format!("cn.gbt32150.{}", vehicle_fuel(&act.key));
            if china {
                let mut c = vec![gbt];
                c.extend(ipcc);
                pick(&c, "GB/T 32150-2015 default for the vehicle fuel")
            } else {
                let mut c = ipcc.to_vec();
                c.push(gbt);
                pick(&c, "IPCC 2006 road transport default")
            }
        }
        ActivityKind::Process => pick(
            &family_ids(lib, &Family::Ipcc2006Process, &act.key),
            "IPCC 2006 Tier 1 process default (first technology listed; name another factor if the plant differs)",
        ),
        ActivityKind::Fugitive => pick(
            &family_ids(lib, &Family::Fugitive, &act.key),
            "mass balance of the released gas",
        ),
    }
}
