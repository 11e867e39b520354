//! Analytical checks. Each finding names the entity, the period, the
//! records and their source cells, a severity, and why it was raised.

use super::benford;
use super::words::quantity;
use crate::calc::inventory::Inventory;
use crate::calc::library::{Family, Library};
use crate::calc::{RecordRef, defaults, units::conversion_factor};
use crate::model::{ActivityRecord, Period, Project, Scope, Unit};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    High,
    Medium,
    Low,
    Info,
}

/// One finding of an analytical check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckFinding {
    /// `completeness`, `anomaly`, `base_year`, `duplicate`, `unit_mix`, `quantity`, `factor_deviation`,
    /// `benford`, `scope2_instrument`, `cbam` (whose `period` names the good, `E01/P3`),
    /// `uncertainty` (a large share of the variance on poor data).
    pub check: &'static str,
    pub severity: Severity,
    pub entity_id: Option<String>,
    pub period: Option<String>,
    pub record_ids: Vec<String>,
    /// Source cells of the records (`file, sheet S, row N`), where imported.
    pub sources: Vec<String>,
    pub message: String,
    /// The same message in Chinese, for the app (the CLI and the workbook keep English).
    #[serde(skip)]
    pub message_zh: String,
}

impl CheckFinding {
    /// A stable key for the verifier's review of this result: the check, the
    /// entity and period, and a digest of the records it names. The same
    /// result on the same records keeps its key across recomputations.
    pub fn key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for id in &self.record_ids {
            h.update(id.as_bytes());
            h.update([0]);
        }
        let d = h.finalize();
        format!(
            "{}/{}/{}/{:02x}{:02x}{:02x}{:02x}",
            self.check,
            self.entity_id.as_deref().unwrap_or("-"),
            self.period.as_deref().unwrap_or("-"),
            d[0],
            d[1],
            d[2],
            d[3]
        )
    }

    /// Whether the verifier must deal with it (review it, or raise a finding).
    pub fn needs_review(&self) -> bool {
        matches!(self.severity, Severity::High | Severity::Medium)
    }
}

/// The name of a check (`CheckFinding::check`) as the app shows it.
pub fn check_label(check: &str, zh: bool) -> &'static str {
    let (en, cn) = match check {
        "completeness" => ("Completeness", "完整性"),
        "anomaly" => ("Anomaly", "异常值"),
        "base_year" => ("Base year", "基准年对比"),
        "duplicate" => ("Duplicate", "重复记录"),
        "unit_mix" => ("Unit mix", "单位混用"),
        "quantity" => ("Quantity", "数量"),
        "factor_deviation" => ("Factor deviation", "因子偏差"),
        "benford" => ("Benford", "本福特检验"),
        "scope2_instrument" => ("Scope 2 instruments", "范围二合同工具"),
        "cbam" => ("CBAM", "CBAM"),
        _ => ("Other", "其他"),
    };
    if zh { cn } else { en }
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "High",
            Severity::Medium => "Medium",
            Severity::Low => "Low",
            Severity::Info => "Info",
        }
    }
}

/// Robust outlier threshold: |0.6745 (x − median) / MAD| > 3.5 (Iglewicz and Hoaglin, 1993).
pub const MODIFIED_Z_LIMIT: f64 = 3.5;
/// A factor deviating from the library default by more than this share is flagged.
pub const FACTOR_DEVIATION_LIMIT: f64 = 0.25;
/// Benford's test is reported only for populations at least this large.
pub const BENFORD_MIN_POPULATION: usize = 500;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Modified z-scores of `xs`.
pub fn modified_z(xs: &[f64]) -> Vec<f64> {
    let mut c = xs.to_vec();
    let m = median(&mut c);
    let mut dev: Vec<f64> = xs.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut dev);
    if mad > 0.0 {
        return xs.iter().map(|x| 0.6745 * (x - m) / mad).collect();
    }
    // Over half the values equal the median: fall back to the mean absolute
    // deviation, z = (x − median) / (1.253314 × meanAD) (Iglewicz and Hoaglin's fallback).
    let mean_ad = xs.iter().map(|x| (x - m).abs()).sum::<f64>() / xs.len().max(1) as f64;
    xs.iter()
        .map(|x| {
            if mean_ad > 0.0 {
                (x - m) / (1.253_314 * mean_ad)
            } else {
                0.0
            }
        })
        .collect()
}

struct Ctx<'a> {
    p: &'a Project,
    out: Vec<CheckFinding>,
}

impl Ctx<'_> {
    // One call per result, naming every part of it where it is raised.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        check: &'static str,
        severity: Severity,
        entity: Option<&str>,
        period: Option<Period>,
        records: &[&ActivityRecord],
        message: String,
        message_zh: String,
    ) {
        self.out.push(CheckFinding {
            check,
            severity,
            entity_id: entity.map(String::from),
            period: period.map(|p| p.to_string()),
            record_ids: records.iter().map(|r| r.id.clone()).collect(),
            sources: records
                .iter()
                .filter_map(|r| RecordRef::of(self.p, r).origin)
                .collect(),
            message,
            message_zh,
        });
    }
}

/// Quantity of a record in its factor's unit (comparable across units of one dimension).
/// The unit a stream's totals are in: its first record's factor unit.
fn stream_unit<'a>(p: &'a Project, recs: &[&ActivityRecord]) -> &'a str {
    recs.first()
        .and_then(|r| p.factor(&r.factor_id))
        .map_or("", |f| f.unit.as_str())
}

fn in_factor_unit(p: &Project, r: &ActivityRecord) -> Option<f64> {
    let f = p.factor(&r.factor_id)?;
    Some(r.quantity * conversion_factor(r.unit, f.unit).ok()?)
}

/// Runs every check; findings are sorted by check, entity, period.
pub fn run_checks(p: &Project, inv: &Inventory, lib: &Library) -> Vec<CheckFinding> {
    run_checks_on(
        p,
        inv,
        lib,
        &crate::calc::cbam_goods::compute(p),
        &crate::calc::uncertainty::inputs::build(p, inv, lib),
    )
}

/// [`run_checks`] with the CBAM goods and the uncertainty model already
/// computed (the analysis has them).
pub fn run_checks_on(
    p: &Project,
    inv: &Inventory,
    lib: &Library,
    cbam: &[Result<
        crate::calc::cbam_goods::InstallationResult,
        crate::calc::cbam_goods::GoodsError,
    >],
    uncertainty: &crate::calc::uncertainty::Model,
) -> Vec<CheckFinding> {
    let mut c = Ctx { p, out: Vec::new() };
    // Streams: (entity, activity) → records, in period order.
    let mut streams: BTreeMap<(&str, &str), Vec<&ActivityRecord>> = BTreeMap::new();
    for r in &p.activity {
        streams
            .entry((r.entity_id.as_str(), r.activity.as_str()))
            .or_default()
            .push(r);
    }
    for v in streams.values_mut() {
        v.sort_by_key(|r| r.period);
    }
    completeness(&mut c, &streams);
    anomalies(&mut c, &streams);
    duplicates(&mut c, &streams);
    quantities_and_factors(&mut c, lib);
    base_year(&mut c, &streams);
    benford_check(&mut c);
    scope2_instruments(&mut c, inv, lib);
    c.out.extend(super::cbam_checks::run_on(p, lib, cbam));
    c.out.extend(super::uncertainty::check(p, uncertainty));
    c.out.sort_by(|a, b| {
        (a.check, &a.entity_id, &a.period, &a.record_ids).cmp(&(
            b.check,
            &b.entity_id,
            &b.period,
            &b.record_ids,
        ))
    });
    c.out
}

fn completeness(c: &mut Ctx<'_>, streams: &BTreeMap<(&str, &str), Vec<&ActivityRecord>>) {
    let year = c.p.park.reporting_year;
    let months: Vec<Period> = (1..=12).filter_map(|m| Period::new(year, m).ok()).collect();
    let with_data: BTreeSet<&str> = streams.keys().map(|(e, _)| *e).collect();
    for e in c.p.entities.iter().filter(|e| e.included) {
        if !with_data.contains(e.id.as_str()) {
            c.add(
                "completeness",
                Severity::High,
                Some(&e.id),
                None,
                &[],
                format!(
                    "included entity {} ({}) has no activity data at all",
                    e.id, e.name
                ),
                format!(
                    "纳入边界的实体 {}（{}）没有任何活动数据",
                    e.id,
                    if e.name_zh.is_empty() {
                        &e.name
                    } else {
                        &e.name_zh
                    }
                ),
            );
        }
    }
    for ((entity, activity), recs) in streams {
        if !c.p.entity(entity).is_some_and(|e| e.included) {
            continue;
        }
        let have: BTreeSet<Period> = recs.iter().map(|r| r.period).collect();
        let missing: Vec<Period> = months
            .iter()
            .copied()
            .filter(|m| !have.contains(m))
            .collect();
        for m in &missing {
            c.add(
                "completeness",
                Severity::Medium,
                Some(entity),
                Some(*m),
                &[],
                format!(
                    "{entity} reported {activity} in {} other month(s) of {year} but not in {m}",
                    have.len()
                ),
                format!(
                    "{entity} 在 {year} 年的其他 {} 个月报告了 {activity}，但 {m} 没有",
                    have.len()
                ),
            );
        }
    }
}

fn anomalies(c: &mut Ctx<'_>, streams: &BTreeMap<(&str, &str), Vec<&ActivityRecord>>) {
    for ((entity, activity), recs) in streams {
        // Monthly totals in the factor's unit.
        let mut monthly: BTreeMap<Period, (f64, Vec<&ActivityRecord>)> = BTreeMap::new();
        for r in recs {
            if let Some(q) = in_factor_unit(c.p, r) {
                let e = monthly.entry(r.period).or_default();
                e.0 += q;
                e.1.push(r);
            }
        }
        if monthly.len() < 6 {
            continue; // too few months for a robust spread
        }
        let periods: Vec<Period> = monthly.keys().copied().collect();
        let values: Vec<f64> = monthly.values().map(|(q, _)| *q).collect();
        let z = modified_z(&values);
        let unit = stream_unit(c.p, recs);
        for ((p, v), zi) in periods.iter().zip(&values).zip(&z) {
            if zi.abs() > MODIFIED_Z_LIMIT {
                let recs = monthly.get(p).map(|(_, r)| r.clone()).unwrap_or_default();
                c.add("anomaly", Severity::Medium, Some(entity), Some(*p), &recs, format!("{entity} {activity} in {p}: {} {unit} is an outlier against the other months (modified z = {zi:.1}, limit {MODIFIED_Z_LIMIT})", quantity(*v)), format!("{entity} {activity} 在 {p}：{} {unit} 与其他月份相比为离群值（修正 z = {zi:.1}，限值 {MODIFIED_Z_LIMIT}）", quantity(*v)));
            }
        }
        // Month-over-month changes.
        let diffs: Vec<f64> = values.windows(2).map(|w| w[1] - w[0]).collect();
        let zd = modified_z(&diffs);
        for (i, zi) in zd.iter().enumerate() {
            if zi.abs() > MODIFIED_Z_LIMIT {
                let (from, to) = (periods[i], periods[i + 1]);
                let recs = monthly.get(&to).map(|(_, r)| r.clone()).unwrap_or_default();
                c.add("anomaly", Severity::Low, Some(entity), Some(to), &recs, format!("{entity} {activity}: the change from {from} to {to} ({}{} {unit}) is an outlier among the month-over-month changes (modified z = {zi:.1})", if diffs[i] > 0.0 { "+" } else { "" }, quantity(diffs[i])), format!("{entity} {activity}：{from} 至 {to} 的变化（{}{} {unit}）在各月环比变化中为离群值（修正 z = {zi:.1}）", if diffs[i] > 0.0 { "+" } else { "" }, quantity(diffs[i])));
            }
        }
    }
}

/// Year over base year, per (entity, activity): the log ratio of the annual
/// totals (in the factor's unit) is an outlier among all streams' log ratios
/// (modified z > 3.5), or a stream exists in only one of the two years.
fn base_year(c: &mut Ctx<'_>, streams: &BTreeMap<(&str, &str), Vec<&ActivityRecord>>) {
    let p = c.p;
    if p.base_year_activity.is_empty() {
        return;
    }
    let total = |recs: &[&ActivityRecord]| -> f64 {
        recs.iter().filter_map(|r| in_factor_unit(p, r)).sum()
    };
    let mut base: BTreeMap<(&str, &str), Vec<&ActivityRecord>> = BTreeMap::new();
    for r in &p.base_year_activity {
        base.entry((r.entity_id.as_str(), r.activity.as_str()))
            .or_default()
            .push(r);
    }
    let (by, ry) = (p.park.base_year, p.park.reporting_year);
    let mut ratios: Vec<((&str, &str), f64, f64, f64)> = Vec::new();
    for (key, recs) in streams {
        match base.get(key) {
            Some(b) => {
                let (now, then) = (total(recs), total(b));
                if now > 0.0 && then > 0.0 {
                    ratios.push((*key, (now / then).ln(), now, then));
                }
            }
            None => c.add("base_year", Severity::Low, Some(key.0), None, recs, format!("{} reports {} in {ry} but not in the base year {by} — a new source, or a structural change for the recalculation policy", key.0, key.1), format!("{} 在 {ry} 年报告了 {}，但基准年 {by} 没有——新排放源，或须按基准年重新计算政策处理的结构变化", key.0, key.1)),
        }
    }
    for (key, b) in &base {
        if !streams.contains_key(key) {
            c.add("base_year", Severity::Medium, Some(key.0), None, b, format!("{} reported {} in the base year {by} but not in {ry} — a closed source, or missing data", key.0, key.1), format!("{} 在基准年 {by} 报告了 {}，但 {ry} 年没有——已关闭的排放源，或数据缺失", key.0, key.1));
        }
    }
    if ratios.len() < 3 {
        return; // too few streams for a robust spread
    }
    let logs: Vec<f64> = ratios.iter().map(|r| r.1).collect();
    for ((key, lr, now, then), z) in ratios.iter().zip(modified_z(&logs)) {
        if z.abs() > MODIFIED_Z_LIMIT {
            let recs = streams.get(key).cloned().unwrap_or_default();
            let unit = stream_unit(p, &recs);
            c.add(
                "base_year",
                Severity::Medium,
                Some(key.0),
                None,
                &recs,
                format!("{} {}: {} {unit} in {ry} against {} {unit} in the base year {by} (× {:.2}) stands out from the other sources' changes (modified z = {z:.1})", key.0, key.1, quantity(*now), quantity(*then), lr.exp()),
                format!("{} {}：{ry} 年 {} {unit}，基准年 {by} 为 {} {unit}（× {:.2}），与其他排放源的变化相比明显偏离（修正 z = {z:.1}）", key.0, key.1, quantity(*now), quantity(*then), lr.exp()),
            );
        }
    }
}

fn duplicates(c: &mut Ctx<'_>, streams: &BTreeMap<(&str, &str), Vec<&ActivityRecord>>) {
    for ((entity, activity), recs) in streams {
        let mut groups: BTreeMap<(Period, u64, &str), Vec<&ActivityRecord>> = BTreeMap::new();
        for r in recs {
            groups
                .entry((r.period, r.quantity.to_bits(), r.evidence_ref.as_str()))
                .or_default()
                .push(r);
        }
        for ((p, _, ev), g) in groups.iter().filter(|(_, g)| g.len() > 1) {
            let (q, unit) = (quantity(g[0].quantity), g[0].unit);
            c.add("duplicate", Severity::High, Some(entity), Some(*p), g, format!("{} records of {entity} {activity} in {p} share quantity {q} {unit} and evidence '{ev}'", g.len()), format!("{entity} {activity} 在 {p} 有 {} 条记录的数量（{q} {unit}）和证据“{ev}”相同", g.len()));
        }
        let units: BTreeSet<Unit> = recs.iter().map(|r| r.unit).collect();
        if units.len() > 1 {
            let names: Vec<&str> = units.iter().map(|u| u.as_str()).collect();
            c.add("unit_mix", Severity::Low, Some(entity), None, recs, format!("{entity} reports {activity} in different units ({}) — check that none is a ×1000 slip", names.join(", ")), format!("{entity} 以不同单位（{}）报告 {activity}——请检查是否有 ×1000 的换算错误", names.join("、")));
        }
    }
}

fn quantities_and_factors(c: &mut Ctx<'_>, lib: &Library) {
    let p = c.p;
    for r in &p.activity {
        if r.quantity <= 0.0 {
            let sev = if r.quantity < 0.0 {
                Severity::High
            } else {
                Severity::Low
            };
            c.add(
                "quantity",
                sev,
                Some(&r.entity_id),
                Some(r.period),
                &[r],
                format!(
                    "record {} has a {} quantity ({} {})",
                    r.id,
                    if r.quantity < 0.0 { "negative" } else { "zero" },
                    quantity(r.quantity),
                    r.unit
                ),
                format!(
                    "记录 {} 的数量为{}（{} {}）",
                    r.id,
                    if r.quantity < 0.0 { "负值" } else { "零" },
                    quantity(r.quantity),
                    r.unit
                ),
            );
        }
    }
    // Factors against the library default for the same activity and unit, once per (factor, activity).
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for r in &p.activity {
        if r.factor_rule.is_some() || !seen.insert((r.factor_id.as_str(), r.activity.as_str())) {
            continue;
        }
        let (Some(f), Ok(choice)) = (
            p.factor(&r.factor_id),
            defaults::choose(lib, p, &r.activity, r.unit, r.scope),
        ) else {
            continue;
        };
        let Some(d) = lib.factor(&choice.factor_id).map(|x| &x.factor) else {
            continue;
        };
        if d.id == f.id {
            continue;
        }
        // kg CO2e per unit of every non-biogenic gas, wherever it is reported;
        // a factor that cannot be weighed is not compared (the inventory reports it).
        let kg = |x: &crate::model::EmissionFactor| -> Option<f64> {
            let w = crate::calc::treatment::weigh(p, x).ok()?;
            Some(
                w.gases
                    .iter()
                    .filter(|g| g.treatment != crate::calc::treatment::Treatment::Biogenic)
                    .map(|g| g.kg_co2e_per_unit)
                    .sum(),
            )
        };
        let (Ok(to_f), Ok(to_d)) = (
            conversion_factor(r.unit, f.unit),
            conversion_factor(r.unit, d.unit),
        ) else {
            continue;
        };
        let (Some(kf), Some(kd)) = (kg(f), kg(d)) else {
            continue;
        };
        let (mine, default) = (kf * to_f, kd * to_d); // kg CO2e per unit of the record
        if default > 0.0 && ((mine - default) / default).abs() > FACTOR_DEVIATION_LIMIT {
            let users: Vec<&ActivityRecord> = p
                .activity
                .iter()
                .filter(|x| x.factor_id == f.id && x.activity == r.activity)
                .collect();
            let sev = if f.library_version.is_none() {
                Severity::Medium
            } else {
                Severity::Low
            };
            c.add(
                "factor_deviation",
                sev,
                None,
                None,
                &users,
                format!(
                    "factor {} for {} gives {:.4} kg CO2e per {}, {:+.0} % from the library default {} ({:.4}){}",
                    f.id,
                    r.activity,
                    mine,
                    r.unit,
                    (mine - default) / default * 100.0,
                    d.id,
                    default,
                    if f.library_version.is_none() { " — a site-specific factor needs evidence (measurement, lab report)" } else { "" }
                ),
                format!(
                    "{} 的因子 {} 为每 {} {:.4} kg CO2e，与因子库默认值 {}（{:.4}）相差 {:+.0} %{}",
                    r.activity,
                    f.id,
                    r.unit,
                    mine,
                    d.id,
                    default,
                    (mine - default) / default * 100.0,
                    if f.library_version.is_none() { "——现场特定因子须有证据（测量、化验报告）" } else { "" }
                ),
            );
        }
    }
}

fn benford_check(c: &mut Ctx<'_>) {
    let values: Vec<f64> =
        c.p.activity
            .iter()
            .map(|r| r.quantity)
            .filter(|q| *q >= 10.0)
            .collect();
    if values.len() < BENFORD_MIN_POPULATION {
        return;
    }
    let r = benford::test(values.into_iter());
    let sev = match r.conformity {
        benford::Conformity::Nonconformity => Severity::Medium,
        benford::Conformity::Marginal => Severity::Low,
        _ => Severity::Info,
    };
    c.add(
        "benford",
        sev,
        None,
        None,
        &[],
        format!(
            "first digits of {} quantities ≥ 10: chi-square {:.2} (critical {} at 5 %, 8 df), MAD {:.4} → {} (Nigrini: < 0.006 close, < 0.012 acceptable, < 0.015 marginal)",
            r.n,
            r.chi_square,
            benford::CHI2_CRITICAL_8DF_5PCT,
            r.mad,
            r.conformity.label()
        ),
        format!(
            "{} 个 ≥ 10 的数量的首位数字：卡方 {:.2}（5 % 显著性水平、8 个自由度的临界值 {}），MAD {:.4} → {}（Nigrini：< 0.006 紧密符合，< 0.012 可接受，< 0.015 边缘符合）",
            r.n,
            r.chi_square,
            benford::CHI2_CRITICAL_8DF_5PCT,
            r.mad,
            r.conformity.label_zh()
        ),
    );
}

fn scope2_instruments(c: &mut Ctx<'_>, inv: &Inventory, lib: &Library) {
    let p = c.p;
    // Market-based claims: a scope 2 market factor that is neither the location factor nor a residual mix.
    let mut claims: BTreeMap<(&str, i32), (f64, Vec<&ActivityRecord>)> = BTreeMap::new();
    for (r, res) in p.activity.iter().zip(&inv.records) {
        let Some(m) = r.market_factor_id.as_deref() else {
            continue;
        };
        if r.scope != Scope::S2 || m == r.factor_id {
            continue;
        }
        let residual = lib
            .factor(m)
            .is_some_and(|f| matches!(&f.family, Family::Grid { kind, .. } if kind == "residual"));
        if residual || res.gross_market_t >= res.gross_location_t {
            continue;
        }
        let mwh = conversion_factor(r.unit, Unit::MWh).map_or(0.0, |k| r.quantity * k);
        let e = claims
            .entry((r.entity_id.as_str(), r.period.year))
            .or_default();
        e.0 += mwh;
        e.1.push(r);
    }
    for ((entity, year), (mwh, recs)) in claims {
        let covered: f64 = p
            .instruments
            .iter()
            .filter(|i| i.entity_id == entity && i.vintage == year)
            .map(|i| i.quantity_mwh)
            .sum::<f64>()
            + 0.0; // + 0.0: no "-0"
        if covered + 1e-9 < mwh {
            c.add(
                "scope2_instrument",
                Severity::High,
                Some(entity),
                None,
                &recs,
                format!("{entity} claims {} MWh at a market-based factor below the grid in {year}, but contractual instruments (GEC, PPA, green power trading) of vintage {year} cover {} MWh — record them with their quantity and evidence", quantity(mwh), quantity(covered)),
                format!("{entity} 在 {year} 年以低于电网平均的市场法因子申报 {} MWh，但 {year} 年份的合同工具（绿证、购电协议、绿电交易）仅覆盖 {} MWh——请录入其数量和证据", quantity(mwh), quantity(covered)),
            );
        }
    }
}
