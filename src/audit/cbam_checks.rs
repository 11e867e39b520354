//! The CBAM checks: what a verifier of an installation's SEE looks at first.
//! Activity levels missing or out of line with the production the records
//! imply, attribution incomplete, SEE far from the default value, precursor
//! SEE without evidence, and the electricity factor rule.

use super::checks::{CheckFinding, Severity};
use super::words::significant;
use crate::calc::cbam_goods::{self, InstallationResult};
use crate::calc::library::{Family, Library};
use crate::model::cbam::{ElectricitySource, GoodsCategory, Installation, PrecursorSee};
use crate::model::{ActivityRecord, Project};

/// An SEE below 0.3× or above 3× the default value of its CN code is
/// flagged: a factor that wide is rarely explained by technology alone (a
/// convention; the regulation sets no band).
pub const SEE_BAND: (f64, f64) = (0.3, 3.0);
/// An activity level differing from the production the records imply by
/// more than this share is flagged.
pub const PRODUCTION_TOLERANCE: f64 = 0.05;

/// The goods category a process-emission factor's activity measures (the
/// record's quantity is then tonnes of that good).
fn produced_by(activity_key: &str) -> Option<GoodsCategory> {
    match activity_key {
        "clinker" => Some(GoodsCategory::CementClinker),
        "nitric_acid" => Some(GoodsCategory::NitricAcid),
        "primary_aluminium" => Some(GoodsCategory::UnwroughtAluminium),
        _ => None,
    }
}

struct Out<'a> {
    p: &'a Project,
    out: Vec<CheckFinding>,
}

impl Out<'_> {
    fn add(
        &mut self,
        severity: Severity,
        inst: &Installation,
        good: Option<&str>,
        records: &[&ActivityRecord],
        en: String,
        zh: String,
    ) {
        self.out.push(CheckFinding {
            check: "cbam",
            severity,
            entity_id: Some(inst.entity_id.clone()),
            period: good.map(|g| format!("{}/{g}", inst.entity_id)),
            record_ids: records.iter().map(|r| r.id.clone()).collect(),
            sources: records
                .iter()
                .filter_map(|r| crate::calc::RecordRef::of(self.p, r).origin)
                .collect(),
            message: en,
            message_zh: zh,
        });
    }
}

/// Runs the CBAM checks of every installation.
pub fn run(p: &Project, lib: &Library) -> Vec<CheckFinding> {
    run_on(p, lib, &cbam_goods::compute(p))
}

/// [`run`] on the goods already computed (`cbam_goods::compute`, in the
/// installations' order), so the analysis computes them once.
pub fn run_on(
    p: &Project,
    lib: &Library,
    results: &[Result<InstallationResult, cbam_goods::GoodsError>],
) -> Vec<CheckFinding> {
    let Some(cbam) = &p.cbam else {
        return Vec::new();
    };
    let mut o = Out { p, out: Vec::new() };
    for (inst, result) in cbam.installations.iter().zip(results) {
        definition(&mut o, inst);
        match result {
            Ok(r) => computed(&mut o, inst, r, lib),
            Err(e) => o.add(
                Severity::High,
                inst,
                None,
                &[],
                format!("the SEE cannot be computed: {e}"),
                format!("无法计算SEE：{}", e.zh()),
            ),
        }
    }
    o.out
}

/// What the installation's data says without computing.
fn definition(o: &mut Out<'_>, inst: &Installation) {
    for q in &inst.processes {
        if q.default_values_reason.is_none() && q.activity_level_t <= 0.0 {
            o.add(
                Severity::High,
                inst,
                Some(&q.id),
                &[],
                format!(
                    "process {} ({}) has no activity level — enter the production of the period from the production records",
                    q.id, q.name
                ),
                format!("工序 {}（{}）没有活动水平——请按生产记录填写本期产量", q.id, q.name),
            );
        }
        let consumed: f64 = inst
            .processes
            .iter()
            .flat_map(|other| &other.consumes)
            .filter(|c| c.precursor == q.id)
            .map(|c| c.quantity_t)
            .sum();
        if q.default_values_reason.is_none()
            && q.activity_level_t > 0.0
            && consumed > q.activity_level_t * (1.0 + 1e-9)
        {
            o.add(
                Severity::High,
                inst,
                Some(&q.id),
                &[],
                format!(
                    "process {}: other processes consume {} {} of its good, more than its activity level {} — one of the figures is wrong",
                    q.id,
                    significant(consumed, 6),
                    q.functional_unit.unit(),
                    significant(q.activity_level_t, 6)
                ),
                format!(
                    "工序 {}：其他工序消耗其产品 {} {}，超过其活动水平 {}——其中必有错误",
                    q.id,
                    significant(consumed, 6),
                    q.functional_unit.unit_zh(),
                    significant(q.activity_level_t, 6)
                ),
            );
        }
        if let Some(reason) = &q.default_values_reason {
            o.add(
                Severity::Low,
                inst,
                Some(&q.id),
                &[],
                format!(
                    "process {} ({}) reports on default values: {reason}",
                    q.id, q.name
                ),
                format!("工序 {}（{}）采用默认值：{reason}", q.id, q.name),
            );
        }
    }
    for a in &inst.attributions {
        let sum: f64 = a.not_cbam_pct + a.shares.iter().map(|s| s.pct).sum::<f64>();
        if (sum - 100.0).abs() > 1e-6 {
            let what = a
                .record_id
                .as_ref()
                .map_or_else(|| a.activity.clone(), |r| format!("{} ({r})", a.activity));
            o.add(
                Severity::High,
                inst,
                None,
                &[],
                format!(
                    "the attribution of {what} adds up to {}%, not 100% — give the rest to a process or to goods outside CBAM",
                    significant(sum, 6)
                ),
                format!(
                    "{what} 的分配合计 {}%，不是100%——请把其余部分分给某一工序或非CBAM货物",
                    significant(sum, 6)
                ),
            );
        }
    }
    for q in &inst.purchased {
        if let PrecursorSee::Actual { evidence, .. } = &q.see
            && evidence.trim().is_empty()
        {
            o.add(
                Severity::High,
                inst,
                Some(&q.id),
                &[],
                format!(
                    "purchased precursor {} ({}) uses actual SEE without the supplier's evidence — obtain the supplier's communication, or use the default value",
                    q.id, q.name
                ),
                format!(
                    "外购前体 {}（{}）采用实际SEE但无供应商证据——请取得供应商的排放通报，或改用默认值",
                    q.id, q.name
                ),
            );
        }
    }
    if inst.electricity_source != ElectricitySource::Grid
        && inst.electricity_evidence.trim().is_empty()
    {
        o.add(
            Severity::High,
            inst,
            None,
            &[],
            format!(
                "the electricity factor is an actual value ({}) without the contract or connection that allows it — record the evidence, or use the grid average",
                inst.electricity_source.label()
            ),
            format!(
                "电力排放因子采用实际值（{}），但没有允许使用该值的合同或直连证明——请记录证据，或改用电网平均值",
                inst.electricity_source.label_zh()
            ),
        );
    }
}

/// What the computed figures say.
fn computed(o: &mut Out<'_>, inst: &Installation, r: &InstallationResult, lib: &Library) {
    let p = o.p;
    if !r.unattributed.is_empty() {
        let recs: Vec<&ActivityRecord> = r.unattributed.iter().map(|&i| &p.activity[i]).collect();
        let mut activities: Vec<&str> = recs.iter().map(|r| r.activity.as_str()).collect();
        activities.sort_unstable();
        activities.dedup();
        o.add(
            Severity::High,
            inst,
            None,
            &recs,
            format!(
                "{} record(s) of the installation are attributed to no process ({}) — attribute them, or mark them as not for CBAM goods",
                recs.len(),
                activities.join(", ")
            ),
            format!(
                "装置有 {} 条记录未分配给任何工序（{}）——请分配，或标为非CBAM货物",
                recs.len(),
                activities.join("、")
            ),
        );
    }
    for (q, g) in inst.processes.iter().zip(&r.processes) {
        // Production the records imply (process emissions counted per t of the good).
        let mut implied = 0.0;
        let mut from: Vec<&ActivityRecord> = Vec::new();
        for a in &g.records {
            let rec = &p.activity[a.record];
            let key = p
                .factor(&rec.factor_id)
                .and_then(|f| f.activity_key.as_deref())
                .or_else(|| {
                    lib.factor(&rec.factor_id)
                        .and_then(|f| f.factor.activity_key.as_deref())
                });
            if key.and_then(produced_by) == Some(q.category)
                && let Ok(t) = crate::calc::units::convert(
                    rec.quantity * a.share,
                    rec.unit,
                    crate::model::Unit::Tonne,
                )
            {
                implied += t;
                from.push(rec);
            }
        }
        if implied > 0.0
            && q.default_values_reason.is_none()
            && ((q.activity_level_t - implied).abs() > PRODUCTION_TOLERANCE * implied)
        {
            o.add(
                Severity::Medium,
                inst,
                Some(&q.id),
                &from,
                format!(
                    "process {}: activity level {} t differs from the {} t of {} the records imply (more than {}%) — reconcile with the production records",
                    q.id,
                    significant(q.activity_level_t, 6),
                    significant(implied, 6),
                    q.category.label(),
                    PRODUCTION_TOLERANCE * 100.0
                ),
                format!(
                    "工序 {}：活动水平 {} t 与记录所示 {} 产量 {} t 相差超过 {}%——请与生产记录核对",
                    q.id,
                    significant(q.activity_level_t, 6),
                    q.category.label_zh(),
                    significant(implied, 6),
                    PRODUCTION_TOLERANCE * 100.0
                ),
            );
        }
        if let Some(d) = &g.default
            && q.default_values_reason.is_none()
            && d.counted > 0.0
        {
            let ratio = g.counted() / d.counted;
            if !(SEE_BAND.0..=SEE_BAND.1).contains(&ratio) {
                o.add(
                    Severity::Medium,
                    inst,
                    Some(&q.id),
                    &[],
                    format!(
                        "{} (CN {}): SEE {} t CO₂e/t is {}× the default value {} ({}) — outside {}×–{}×; ask for the explanation (technology, boundary, attribution)",
                        q.name,
                        d.row.cn_code,
                        significant(g.counted(), 4),
                        significant(ratio, 3),
                        significant(d.counted, 4),
                        d.row.country,
                        SEE_BAND.0,
                        SEE_BAND.1
                    ),
                    format!(
                        "{}（CN {}）：SEE {} t CO₂e/t 为默认值 {}（{}）的 {} 倍，超出 {}–{} 倍范围——请要求说明（技术、边界、分配）",
                        q.name,
                        d.row.cn_code,
                        significant(g.counted(), 4),
                        significant(d.counted, 4),
                        crate::calc::cbam_defaults::country_zh(&d.row.country),
                        significant(ratio, 3),
                        SEE_BAND.0,
                        SEE_BAND.1
                    ),
                );
            }
        }
        if inst.electricity_source == ElectricitySource::Grid {
            let off_grid: Vec<&ActivityRecord> = g
                .records
                .iter()
                .filter(|a| a.kind == cbam_goods::Stream::Electricity)
                .map(|a| &p.activity[a.record])
                .filter(|rec| {
                    !matches!(
                        lib.factor(&rec.factor_id).map(|f| &f.family),
                        Some(Family::Grid { kind, .. }) if kind == "location"
                    )
                })
                .collect();
            if !off_grid.is_empty() {
                o.add(
                    Severity::Medium,
                    inst,
                    Some(&q.id),
                    &off_grid,
                    format!(
                        "process {}: {} electricity record(s) use a factor that is not a grid average ({}) although the installation declares grid electricity — use the grid average, or record the contract or connection",
                        q.id,
                        off_grid.len(),
                        off_grid[0].factor_id
                    ),
                    format!(
                        "工序 {}：{} 条电力记录采用的因子不是电网平均值（{}），但装置申报为电网供电——请改用电网平均值，或记录购电合同或直连证明",
                        q.id,
                        off_grid.len(),
                        off_grid[0].factor_id
                    ),
                );
            }
        }
    }
}
