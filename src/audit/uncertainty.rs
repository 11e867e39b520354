//! What the inventory's uncertainty means for the verification: its 95 %
//! interval against the materiality threshold (ISO 14064-3 asks the
//! verifier to consider it), and the sources that dominate the variance on
//! poor data — the natural sampling targets.

use super::checks::{CheckFinding, Severity};
use crate::calc::summary::grouped;
use crate::calc::uncertainty::{Input, Model, Report, approach1};
use crate::model::{DataType, Project};

/// The uncertainty of the total as the verification reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The wider side of the Monte Carlo's 95 % interval, % of the total.
    pub mc_pct: f64,
    /// Approach 1's 95 % half-width, %.
    pub a1_pct: f64,
    pub materiality_pct: f64,
    /// The uncertainty is wider than the materiality threshold.
    pub exceeds: bool,
    pub en: String,
    pub zh: String,
}

/// The total's uncertainty against the materiality threshold.
pub fn verdict(p: &Project, r: &Report) -> Verdict {
    let t = &r.total;
    let (lo, hi) = (t.mc_lower_pct(), t.mc_upper_pct());
    let mc_pct = lo.max(hi);
    let m = p.engagement.materiality_pct;
    let exceeds = mc_pct > m;
    let interval_en = format!(
        "95 % interval {}–{} t CO2e (−{lo:.1} % / +{hi:.1} %, Monte Carlo, {} iterations, seed {}; Approach 1 ±{:.1} %)",
        grouped(t.mc.p2_5, 0),
        grouped(t.mc.p97_5, 0),
        grouped(f64::from(r.iterations), 0),
        r.seed,
        t.a1_pct
    );
    let interval_zh = format!(
        "95%区间 {}–{} 吨二氧化碳当量（−{lo:.1}% / +{hi:.1}%，蒙特卡罗模拟 {} 次，随机种子 {}；方法1 ±{:.1}%）",
        grouped(t.mc.p2_5, 0),
        grouped(t.mc.p97_5, 0),
        grouped(f64::from(r.iterations), 0),
        r.seed,
        t.a1_pct
    );
    let (en, zh) = if exceeds {
        (
            format!(
                "The inventory's uncertainty, {interval_en}, is wider than the materiality threshold of {m} %: the total cannot be known to that precision from the data as they stand; the largest contributors to its variance are where further evidence narrows it."
            ),
            format!(
                "清单的不确定性（{interval_zh}）大于实质性阈值 {m}%：依现有数据，总量无法达到该精度；对方差贡献最大的来源是进一步取证可缩小不确定性之处。"
            ),
        )
    } else {
        (
            format!(
                "The inventory's uncertainty, {interval_en}, is within the materiality threshold of {m} %."
            ),
            format!("清单的不确定性（{interval_zh}）在实质性阈值 {m}% 以内。"),
        )
    };
    Verdict {
        mc_pct,
        a1_pct: t.a1_pct,
        materiality_pct: m,
        exceeds,
        en,
        zh,
    }
}

/// A source's share of the variance above which poor data is flagged.
pub const LARGE_SHARE: f64 = 0.10;

/// Sources with at least [`LARGE_SHARE`] of the total's Approach 1
/// variance and poor data: estimated or proxy activity data, or a mean
/// pedigree score of 3 or worse.
pub fn check(p: &Project, m: &Model) -> Vec<CheckFinding> {
    let a1 = approach1(m, |_| true);
    let mut out = Vec::new();
    for c in a1.contributions.iter().filter(|c| c.share >= LARGE_SHARE) {
        let share = c.share * 100.0;
        match c.input {
            Input::Activity(i) => {
                let a = &m.activities[i as usize];
                let poor_type = matches!(a.data_type, DataType::Estimated | DataType::Proxy);
                let poor_pedigree = a.pedigree.is_some_and(|pd| pd.mean() >= 3.0);
                if !poor_type && !poor_pedigree {
                    continue;
                }
                let why_en = match (&a.pedigree, poor_pedigree) {
                    (Some(pd), true) => {
                        format!("pedigree scores {} (mean {:.1})", pd.text(), pd.mean())
                    }
                    _ => format!("{} data (±{} %)", a.data_type.label(), a.u_pct),
                };
                let why_zh = match (&a.pedigree, poor_pedigree) {
                    (Some(pd), true) => format!("谱系评分 {}（平均 {:.1}）", pd.text(), pd.mean()),
                    _ => format!("{}数据（±{}%）", a.data_type.label_zh(), a.u_pct),
                };
                let records: Vec<&crate::model::ActivityRecord> = p
                    .activity
                    .iter()
                    .filter(|r| match &a.record {
                        Some(id) => &r.id == id,
                        None => r.entity_id == a.entity_id && r.activity == a.activity,
                    })
                    .collect();
                out.push(CheckFinding {
                    check: "uncertainty",
                    severity: Severity::Medium,
                    entity_id: Some(a.entity_id.clone()),
                    period: None,
                    record_ids: records.iter().map(|r| r.id.clone()).collect(),
                    sources: Vec::new(),
                    message: format!(
                        "{} carries {share:.1} % of the inventory's uncertainty (Approach 1) on {why_en}: a natural sampling target — obtain metered or invoiced evidence, or test its records",
                        a.label()
                    ),
                    message_zh: format!(
                        "{} 占清单不确定性（方法1）的 {share:.1}%，其数据为{why_zh}：宜作为抽样重点——获取计量或发票证据，或测试其记录",
                        a.label()
                    ),
                });
            }
            // A factor without a stated range is flagged in the report itself
            // (`Report::defaulted`): it is not a source's data quality.
            Input::Factor(_) | Input::Gwp(_) => {}
        }
    }
    out
}
