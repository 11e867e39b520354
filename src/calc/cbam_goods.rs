//! From a project's CBAM installations to the specific embedded emissions
//! of each good: the records attributed to each process (CBAM's gases,
//! AR5 GWPs), the process's heat, waste-gas and electricity flows, the
//! chain of own and purchased precursors solved by [`cbam::solve`], the
//! default value for comparison, and the certificate estimate. Pure: the
//! same project gives the same figures.

use super::cbam::{self, CbamError, Consumed, From, See};
use super::cbam_defaults::{self, DefaultRow};
use crate::model::cbam::{
    Attribution, CbamSector, FunctionalUnit, Installation, PrecursorSee, Process,
    PurchasedPrecursor,
};
use crate::model::{ActivityRecord, GwpSet, Project, Scope, Unit};

/// CBAM's GWPs are those of the IPCC's Fifth Assessment Report
/// (Implementing Regulation (EU) 2025/2547, as summarised in
/// `../shared/cbam/README.md`), whatever set the inventory uses.
pub const GWP: GwpSet = GwpSet::AR5;

/// t CO₂ per TJ of waste gas, the natural-gas reference of the template's
/// `D_Processes` waste-gas correction.
pub const WASTE_GAS_T_PER_TJ: f64 = 56.1;
/// The share of an exported waste gas's emissions the exporter deducts.
pub const WASTE_GAS_EXPORT_SHARE: f64 = 0.667;

/// What one record gives one process.
#[derive(Debug, Clone, PartialEq)]
pub struct Attributed {
    /// Index into `Project::activity`.
    pub record: usize,
    /// Share of the record, 0–1.
    pub share: f64,
    pub kind: Stream,
    /// t CO₂e of CBAM's gases (AR5) for the share.
    pub t_co2e: f64,
    /// MWh of electricity for the share (electricity records).
    pub mwh: f64,
}

/// How a record enters a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Scope 1: the process's own emissions (DirEm).
    Direct,
    /// Scope 2 heat or steam: imported heat, counted in direct emissions.
    Heat,
    /// Scope 2 electricity: indirect emissions.
    Electricity,
}

/// A process's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessResult {
    pub id: String,
    pub records: Vec<Attributed>,
    /// Scope-1 records' share, t CO₂e.
    pub dir_em_t: f64,
    /// Heat imported as records (scope 2 heat) and as flows, less heat
    /// exported; waste gases; electricity produced. t CO₂e, signed.
    pub heat_t: f64,
    pub waste_gas_t: f64,
    pub electricity_produced_t: f64,
    /// Attributed direct emissions, floored at 0.
    pub direct_t: f64,
    pub electricity_mwh: f64,
    pub indirect_t: f64,
    /// SEE per functional unit.
    pub see: See,
    /// t of functional unit per t of product (clinker factor, N content; 1).
    pub content: f64,
    /// SEE per t of product.
    pub see_product: See,
    /// Indirect emissions count for the good (Annex II).
    pub counts_indirect: bool,
    /// The default value of the good's CN code for comparison.
    pub default: Option<DefaultValue>,
    pub estimate: Option<Estimate>,
}

impl ProcessResult {
    /// The SEE per t of product that CBAM counts (direct, plus indirect
    /// outside Annex II).
    pub fn counted(&self) -> f64 {
        self.see_product.direct
            + if self.counts_indirect {
                self.see_product.indirect
            } else {
                0.0
            }
    }

    /// Electricity per unit of good, MWh per t (per functional unit).
    pub fn mwh_per_t(&self, p: &Process) -> f64 {
        if p.activity_level_t > 0.0 {
            self.electricity_mwh / p.activity_level_t
        } else {
            0.0
        }
    }

    /// t CO₂ per MWh of the electricity the process consumed.
    pub fn electricity_factor(&self) -> f64 {
        if self.electricity_mwh > 0.0 {
            self.indirect_t / self.electricity_mwh
        } else {
            0.0
        }
    }
}

/// A default value of Annex I (or IV).
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultValue {
    pub row: &'static DefaultRow,
    /// The country's own row was missing: "Other Countries and Territories".
    pub fell_back: bool,
    /// Unmarked direct and indirect (indirect 0 where "NA"), and the total
    /// CBAM counts for the good.
    pub direct: f64,
    pub indirect: f64,
    pub counted: f64,
    /// The published marked-up total of the declaration year.
    pub marked_up: Option<f64>,
}

/// The certificates an EU importer would surrender per t of good — an
/// estimate, not a regulatory figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    pub benchmark: f64,
    pub benchmark_cn: String,
    /// Several benchmarks applied and the lowest was taken.
    pub lowest_taken: bool,
    pub cbam_factor: f64,
    /// CBAM factor × benchmark, t per t.
    pub free_allocation_t: f64,
    /// Carbon price effectively paid in the country of origin, EUR per t of good.
    pub carbon_price_eur: f64,
    /// That price as certificates (÷ the certificate price), t per t.
    pub carbon_price_t: f64,
    /// max(0, counted SEE − free allocation − carbon price as certificates).
    pub certificates_t: f64,
    pub cost_eur: f64,
}

/// A purchased precursor's SEE as used.
#[derive(Debug, Clone, PartialEq)]
pub struct PurchasedResult {
    pub id: String,
    pub direct: f64,
    pub indirect: f64,
    /// `None`: the supplier's actual values; else the default row used.
    pub default: Option<DefaultValue>,
}

/// An installation's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct InstallationResult {
    pub entity_id: String,
    pub processes: Vec<ProcessResult>,
    pub purchased: Vec<PurchasedResult>,
    /// Records of the installation's entity that no attribution covers.
    pub unattributed: Vec<usize>,
}

/// Why an installation's SEE cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GoodsError {
    #[error("installation {installation}: {source}")]
    Solve {
        installation: String,
        #[source]
        source: CbamError,
    },
    #[error(
        "installation {installation}: {what} {id} has no default value for CN {cn_code} — give its actual SEE with the supplier's evidence, or correct the CN code"
    )]
    NoDefault {
        installation: String,
        what: &'static str,
        id: String,
        cn_code: String,
    },
    #[error(
        "installation {installation}: process {process} counts per {unit} and needs the {what} to report per t of product — enter it under its qualifying parameters"
    )]
    NoContent {
        installation: String,
        process: String,
        unit: &'static str,
        what: &'static str,
    },
    #[error(
        "installation {installation}: process {process} consumes {precursor}, which the installation does not have"
    )]
    UnknownPrecursor {
        installation: String,
        process: String,
        precursor: String,
    },
    #[error("installation {installation}: process {process} has no CN code")]
    NoCnCode {
        installation: String,
        process: String,
    },
}

impl GoodsError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            GoodsError::Solve {
                installation,
                source,
            } => format!("装置 {installation}：{}", solve_zh(source)),
            GoodsError::NoDefault {
                installation,
                what,
                id,
                cn_code,
            } => format!(
                "装置 {installation}：{} {id} 的 CN {cn_code} 没有默认值——请填写供应商提供的实际SEE及证据，或更正CN编码",
                if *what == "process" {
                    "工序"
                } else {
                    "外购前体"
                }
            ),
            GoodsError::NoContent {
                installation,
                process,
                what,
                ..
            } => format!(
                "装置 {installation}：工序 {process} 按功能单位计量，须填写{}才能折算为每吨产品——请在限定参数中填写",
                if *what == "clinker factor" {
                    "熟料系数"
                } else {
                    "含氮量"
                }
            ),
            GoodsError::UnknownPrecursor {
                installation,
                process,
                precursor,
            } => format!("装置 {installation}：工序 {process} 消耗的 {precursor} 不存在"),
            GoodsError::NoCnCode {
                installation,
                process,
            } => format!("装置 {installation}：工序 {process} 没有CN编码"),
        }
    }
}

fn solve_zh(e: &CbamError) -> String {
    match e {
        CbamError::NoActivity { process, value } => {
            format!("工序 {process} 的活动水平须大于0 t（现为 {value}）")
        }
        CbamError::UnknownPrecursor { process, index } => {
            format!("工序 {process} 消耗了不存在的前体（序号 {index}）")
        }
        CbamError::Singular => "各工序循环消耗彼此的全部产出，无法求得SEE——请检查消耗量".into(),
    }
}

/// t CO₂e of CBAM's gases per unit of the record (AR5), and whether the
/// record is electricity: `None` when its factor or unit is unknown (the
/// inventory reports that error).
fn per_unit(p: &Project, r: &ActivityRecord, sector: CbamSector) -> Option<(f64, Stream, f64)> {
    let f = p.factor(&r.factor_id)?;
    let conversion = super::units::conversion_factor(r.unit, f.unit).ok()?;
    let kg: f64 = f
        .components
        .iter()
        .filter(|c| cbam::covered(sector, c.gas))
        .map(|c| c.kg_per_unit * super::gwp::gwp(GWP, c.gas).unwrap_or(0.0))
        .sum();
    let stream = match r.scope {
        Scope::S2
            if matches!(
                f.unit,
                Unit::KWh | Unit::TenThousandKWh | Unit::MWh | Unit::GWh
            ) =>
        {
            Stream::Electricity
        }
        Scope::S2 => Stream::Heat,
        _ => Stream::Direct,
    };
    let mwh = match stream {
        Stream::Electricity => super::units::conversion_factor(r.unit, Unit::MWh).unwrap_or(0.0),
        _ => 0.0,
    };
    Some((conversion * kg / 1000.0, stream, mwh))
}

/// The attribution that applies to a record: its own, else its activity's.
fn attribution<'a>(inst: &'a Installation, r: &ActivityRecord) -> Option<&'a Attribution> {
    inst.attributions
        .iter()
        .find(|a| a.record_id.as_deref() == Some(r.id.as_str()))
        .or_else(|| {
            inst.attributions
                .iter()
                .find(|a| a.record_id.is_none() && a.activity == r.activity)
        })
}

/// t of functional unit per t of product.
fn content(inst: &Installation, p: &Process) -> Result<f64, GoodsError> {
    let missing = |unit: FunctionalUnit, what| GoodsError::NoContent {
        installation: inst.entity_id.clone(),
        process: p.id.clone(),
        unit: unit.unit(),
        what,
    };
    match p.functional_unit {
        FunctionalUnit::Good | FunctionalUnit::MWh => Ok(1.0),
        FunctionalUnit::Clinker => p
            .qualifying
            .clinker_factor
            .filter(|v| *v > 0.0)
            .ok_or_else(|| missing(FunctionalUnit::Clinker, "clinker factor")),
        FunctionalUnit::Nitrogen => p
            .qualifying
            .n_total_pct
            .filter(|v| *v > 0.0)
            .map(|v| v / 100.0)
            .ok_or_else(|| missing(FunctionalUnit::Nitrogen, "N content")),
    }
}

/// The default value of a good: Annex I for `country` (empty: Annex IV), by
/// CN-code prefix, the row of `route` where several apply.
pub fn default_value(
    country: &str,
    cn_code: &str,
    route: &str,
    sector: CbamSector,
    year: i32,
) -> Option<DefaultValue> {
    let country_name = country_name(country);
    let (rows, fell_back) = cbam_defaults::lookup_prefix(
        (!country.is_empty()).then_some(country_name.unwrap_or(country)),
        cn_code,
    );
    let row = rows
        .iter()
        .find(|r| !route.is_empty() && r.route == route)
        .or_else(|| rows.first())
        .copied()?;
    let total = row.total?;
    let direct = row.direct.unwrap_or(total);
    let indirect = row.indirect.unwrap_or(0.0);
    Some(DefaultValue {
        row,
        fell_back: fell_back || (country_name.is_none() && !country.is_empty()),
        direct,
        indirect,
        // The published total where indirect emissions count, else direct.
        counted: if cbam::counts_indirect(sector) {
            total
        } else {
            direct
        },
        marked_up: row.marked_up_for(year),
    })
}

/// The tables' name of a country code (only China has its own rows bundled).
fn country_name(code: &str) -> Option<&'static str> {
    match code {
        "CN" => Some("China"),
        _ => None,
    }
}

/// The SEE of a purchased precursor: the supplier's actual values, or the
/// default (marked up for the year, split direct/indirect in the unmarked
/// proportion; Annex IV's single value is direct).
fn purchased(
    inst: &Installation,
    q: &PurchasedPrecursor,
    year: i32,
) -> Result<PurchasedResult, GoodsError> {
    match &q.see {
        PrecursorSee::Actual {
            direct_t_per_t,
            indirect_t_per_t,
            ..
        } => Ok(PurchasedResult {
            id: q.id.clone(),
            direct: *direct_t_per_t,
            indirect: *indirect_t_per_t,
            default: None,
        }),
        PrecursorSee::Default => {
            let d = default_value(&q.country, &q.cn_code, &q.route, q.category.sector(), year)
                .ok_or_else(|| GoodsError::NoDefault {
                    installation: inst.entity_id.clone(),
                    what: "purchased precursor",
                    id: q.id.clone(),
                    cn_code: q.cn_code.clone(),
                })?;
            let (direct, indirect) = marked_split(&d);
            Ok(PurchasedResult {
                id: q.id.clone(),
                direct,
                indirect,
                default: Some(d),
            })
        }
    }
}

/// A default value as used in place of actual data: the year's published
/// marked-up total (the unmarked one before 2026), split into direct and
/// indirect in the unmarked proportion.
pub fn marked_split(d: &DefaultValue) -> (f64, f64) {
    let unmarked = d.direct + d.indirect;
    let total = d.marked_up.unwrap_or(unmarked);
    if unmarked > 0.0 {
        (total * d.direct / unmarked, total * d.indirect / unmarked)
    } else {
        (total, 0.0)
    }
}

/// Computes every installation of the project; an installation that cannot
/// be computed gives its error in its place.
pub fn compute(p: &Project) -> Vec<Result<InstallationResult, GoodsError>> {
    let Some(cbam) = &p.cbam else {
        return Vec::new();
    };
    cbam.installations
        .iter()
        .map(|inst| installation(p, inst, cbam.declaration_year, cbam.certificate_price_eur))
        .collect()
}

/// One installation's figures.
pub fn installation(
    p: &Project,
    inst: &Installation,
    year: i32,
    certificate_price_eur: f64,
) -> Result<InstallationResult, GoodsError> {
    let n = inst.processes.len();
    let mut records: Vec<Vec<Attributed>> = vec![Vec::new(); n];
    let mut unattributed = Vec::new();
    for (i, r) in p.activity.iter().enumerate() {
        // Scope 3 is not the installation's emissions: what it buys enters
        // as a purchased precursor.
        if r.entity_id != inst.entity_id || r.scope == Scope::S3 {
            continue;
        }
        let Some(a) = attribution(inst, r) else {
            unattributed.push(i);
            continue;
        };
        for s in &a.shares {
            let Some(j) = inst.processes.iter().position(|q| q.id == s.process) else {
                continue;
            };
            let sector = inst.processes[j].category.sector();
            let Some((t_per_unit, kind, mwh_per_unit)) = per_unit(p, r, sector) else {
                continue;
            };
            let share = s.pct / 100.0;
            records[j].push(Attributed {
                record: i,
                share,
                kind,
                t_co2e: r.quantity * t_per_unit * share,
                mwh: r.quantity * mwh_per_unit * share,
            });
        }
    }
    let purchased: Vec<PurchasedResult> = inst
        .purchased
        .iter()
        .map(|q| purchased(inst, q, year))
        .collect::<Result<_, _>>()?;
    // The solver's view of the chain.
    let mut chain = Vec::with_capacity(n);
    let mut partial = Vec::with_capacity(n);
    for (j, proc) in inst.processes.iter().enumerate() {
        let sum = |k: Stream| -> f64 {
            records[j]
                .iter()
                .filter(|a| a.kind == k)
                .map(|a| a.t_co2e)
                .sum()
        };
        let f = &proc.flows;
        let dir_em_t = sum(Stream::Direct);
        let heat_t = sum(Stream::Heat) + f.heat_imported_tj * f.heat_imported_t_per_tj
            - f.heat_exported_tj * f.heat_exported_t_per_tj;
        let waste_gas_t = f.waste_gas_imported_tj * WASTE_GAS_T_PER_TJ
            - f.waste_gas_exported_tj * WASTE_GAS_T_PER_TJ * WASTE_GAS_EXPORT_SHARE;
        let electricity_produced_t = f.electricity_produced_mwh * f.electricity_produced_t_per_mwh;
        let direct_t = (dir_em_t + heat_t + waste_gas_t - electricity_produced_t).max(0.0);
        let indirect_t = sum(Stream::Electricity);
        let electricity_mwh: f64 = records[j].iter().map(|a| a.mwh).sum();
        let content = content(inst, proc)?;
        let cn = proc.cn_codes.first().ok_or_else(|| GoodsError::NoCnCode {
            installation: inst.entity_id.clone(),
            process: proc.id.clone(),
        })?;
        let default = default_value(&inst.country, cn, &proc.route, proc.category.sector(), year);
        let fixed = match &proc.default_values_reason {
            None => None,
            Some(_) => {
                let d = default.as_ref().ok_or_else(|| GoodsError::NoDefault {
                    installation: inst.entity_id.clone(),
                    what: "process",
                    id: proc.id.clone(),
                    cn_code: cn.clone(),
                })?;
                // The default is per t of product: per functional unit ÷ content.
                let (direct, indirect) = marked_split(d);
                Some((direct / content, indirect / content))
            }
        };
        let mut consumed = Vec::new();
        for c in &proc.consumes {
            let from = if let Some(k) = inst.processes.iter().position(|q| q.id == c.precursor) {
                From::Own(k)
            } else if let Some(k) = inst.purchased.iter().position(|q| q.id == c.precursor) {
                From::Purchased(k)
            } else {
                return Err(GoodsError::UnknownPrecursor {
                    installation: inst.entity_id.clone(),
                    process: proc.id.clone(),
                    precursor: c.precursor.clone(),
                });
            };
            consumed.push(Consumed {
                from,
                quantity_t: c.quantity_t,
            });
        }
        chain.push(cbam::Process {
            id: proc.id.clone(),
            activity_level_t: proc.activity_level_t,
            direct_t,
            indirect_t,
            consumed,
            fixed,
        });
        partial.push((
            dir_em_t,
            heat_t,
            waste_gas_t,
            electricity_produced_t,
            direct_t,
            electricity_mwh,
            indirect_t,
            content,
            default,
        ));
    }
    let bought: Vec<cbam::Purchased> = purchased
        .iter()
        .map(|q| cbam::Purchased {
            id: q.id.clone(),
            see_direct: q.direct,
            see_indirect: q.indirect,
            default: q.default.is_some(),
        })
        .collect();
    let sees = cbam::solve(&chain, &bought).map_err(|source| GoodsError::Solve {
        installation: inst.entity_id.clone(),
        source,
    })?;
    let mut processes = Vec::with_capacity(n);
    for (((proc, see), recs), part) in inst.processes.iter().zip(sees).zip(records).zip(partial) {
        let (
            dir_em_t,
            heat_t,
            waste_gas_t,
            electricity_produced_t,
            direct_t,
            electricity_mwh,
            indirect_t,
            content,
            default,
        ) = part;
        let see_product = See {
            direct: see.direct * content,
            indirect: see.indirect * content,
            default_share: see.default_share,
        };
        let counts_indirect = cbam::counts_indirect(proc.category.sector());
        let mut r = ProcessResult {
            id: proc.id.clone(),
            records: recs,
            dir_em_t,
            heat_t,
            waste_gas_t,
            electricity_produced_t,
            direct_t,
            electricity_mwh,
            indirect_t,
            see,
            content,
            see_product,
            counts_indirect,
            default,
            estimate: None,
        };
        r.estimate = estimate(inst, proc, &r, year, certificate_price_eur);
        processes.push(r);
    }
    Ok(InstallationResult {
        entity_id: inst.entity_id.clone(),
        processes,
        purchased,
        unattributed,
    })
}

/// The carbon price effectively paid per t of product, EUR: for each price
/// that applies to the process, counted SEE × share covered × (1 − rebate)
/// × price × exchange rate.
pub fn carbon_price_eur(inst: &Installation, proc: &Process, counted: f64) -> f64 {
    inst.carbon_prices
        .iter()
        .filter(|c| c.process.as_deref().is_none_or(|id| id == proc.id))
        .map(|c| {
            counted * c.share_covered_pct / 100.0
                * (1.0 - c.rebate_pct / 100.0)
                * c.price_per_t
                * c.eur_per_unit
        })
        .sum()
}

fn estimate(
    inst: &Installation,
    proc: &Process,
    r: &ProcessResult,
    year: i32,
    certificate_price_eur: f64,
) -> Option<Estimate> {
    let cn = proc.cn_codes.first()?;
    // Column A benchmarks go with actual emissions, column B with defaults.
    let column = if proc.default_values_reason.is_some() {
        'B'
    } else {
        'A'
    };
    let (b, lowest_taken) = cbam_defaults::benchmark(cn, column, &proc.route)?;
    let cbam_factor = cbam_defaults::cbam_factor(year);
    let free_allocation_t = cbam_factor * b.value;
    let counted = r.counted();
    let carbon_price_eur = carbon_price_eur(inst, proc, counted);
    let carbon_price_t = if certificate_price_eur > 0.0 {
        carbon_price_eur / certificate_price_eur
    } else {
        0.0
    };
    let certificates_t = (counted - free_allocation_t - carbon_price_t).max(0.0);
    Some(Estimate {
        benchmark: b.value,
        benchmark_cn: b.cn_code.clone(),
        lowest_taken,
        cbam_factor,
        free_allocation_t,
        carbon_price_eur,
        carbon_price_t,
        certificates_t,
        cost_eur: certificates_t * certificate_price_eur,
    })
}

/// One good's figures for listings and JSON (field names are part of the
/// CLI's output format).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct GoodRow {
    pub installation: String,
    pub process: String,
    pub product: String,
    pub category: &'static str,
    pub cn_code: String,
    pub route: String,
    pub activity_level: f64,
    pub functional_unit: &'static str,
    pub see_direct_t_per_t: f64,
    pub see_indirect_t_per_t: f64,
    pub see_total_t_per_t: f64,
    pub see_counted_t_per_t: f64,
    pub indirect_counts: bool,
    pub default_share: f64,
    pub on_default_values: bool,
    pub default_value_t_per_t: Option<f64>,
    pub default_marked_up_t_per_t: Option<f64>,
    pub default_fell_back: bool,
    pub ratio_to_default: Option<f64>,
    pub estimate_certificates_t_per_t: Option<f64>,
    pub estimate_cost_eur_per_t: Option<f64>,
}

impl GoodRow {
    pub fn new(inst: &Installation, proc: &Process, r: &ProcessResult) -> GoodRow {
        let d = r.default.as_ref();
        GoodRow {
            installation: inst.entity_id.clone(),
            process: proc.id.clone(),
            product: if proc.product_name.is_empty() {
                proc.name.clone()
            } else {
                proc.product_name.clone()
            },
            category: proc.category.label(),
            cn_code: proc.cn_codes.first().cloned().unwrap_or_default(),
            route: proc.route.clone(),
            activity_level: proc.activity_level_t,
            functional_unit: proc.functional_unit.unit(),
            see_direct_t_per_t: r.see_product.direct,
            see_indirect_t_per_t: r.see_product.indirect,
            see_total_t_per_t: r.see_product.total(),
            see_counted_t_per_t: r.counted(),
            indirect_counts: r.counts_indirect,
            default_share: r.see.default_share,
            on_default_values: proc.default_values_reason.is_some(),
            default_value_t_per_t: d.map(|d| d.counted),
            default_marked_up_t_per_t: d.and_then(|d| d.marked_up),
            default_fell_back: d.is_some_and(|d| d.fell_back),
            ratio_to_default: d
                .filter(|d| d.counted > 0.0)
                .map(|d| r.counted() / d.counted),
            estimate_certificates_t_per_t: r.estimate.as_ref().map(|e| e.certificates_t),
            estimate_cost_eur_per_t: r.estimate.as_ref().map(|e| e.cost_eur),
        }
    }
}
