//! The chain behind one good's SEE, from its records to t CO₂e per t, in
//! English and Chinese: what `parkaudit cbam explain` prints and the app's
//! CBAM step shows.

use super::words::significant;
use crate::calc::cbam_defaults::country_zh;
use crate::calc::cbam_goods::{InstallationResult, ProcessResult, Stream};
use crate::model::Project;
use crate::model::cbam::{Installation, PrecursorSee, Process};
use serde::Serialize;
use std::collections::BTreeMap;

/// One line of an explanation in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub en: String,
    pub zh: String,
}

fn line(en: String, zh: String) -> Line {
    Line { en, zh }
}

fn stream_label(s: Stream) -> (&'static str, &'static str) {
    match s {
        Stream::Direct => ("direct", "直接排放"),
        Stream::Heat => ("heat imported", "外购热力"),
        Stream::Electricity => ("electricity", "电力"),
    }
}

/// The records of one source stream at one share.
struct Group {
    count: usize,
    quantity: f64,
    unit: String,
    share: f64,
    t: f64,
    kind: Stream,
    factor: String,
}

/// The explanation of process `proc` of `inst`.
pub fn explain(
    p: &Project,
    inst: &Installation,
    proc: &Process,
    result: &InstallationResult,
    r: &ProcessResult,
    year: i32,
) -> Vec<Line> {
    let n = |x: f64| significant(x, 6);
    let mut out = Vec::new();
    let cn = proc.cn_codes.first().map_or("", String::as_str);
    let unit = proc.functional_unit.unit();
    let unit_zh = proc.functional_unit.unit_zh();
    out.push(line(
        format!(
            "{} — CN {cn}, {}{}; process {} of installation {} ({})",
            if proc.product_name.is_empty() {
                &proc.name
            } else {
                &proc.product_name
            },
            proc.category.label(),
            if proc.route.is_empty() {
                String::new()
            } else {
                format!(", route {}", proc.route)
            },
            proc.id,
            inst.entity_id,
            inst.name_en
        ),
        format!(
            "{} — CN {cn}，{}{}；装置 {}（{}）的工序 {}",
            if proc.product_name.is_empty() {
                &proc.name
            } else {
                &proc.product_name
            },
            proc.category.label_zh(),
            if proc.route.is_empty() {
                String::new()
            } else {
                format!("，路线 {}", proc.route)
            },
            inst.entity_id,
            inst.name_en,
            proc.id
        ),
    ));
    if proc.default_values_reason.is_none() {
        // The records, by source stream.
        let mut groups: BTreeMap<(String, u32), Group> = BTreeMap::new();
        for a in &r.records {
            let rec = &p.activity[a.record];
            let key = (rec.activity.clone(), (a.share * 1e4).round() as u32);
            let g = groups.entry(key).or_insert_with(|| Group {
                count: 0,
                quantity: 0.0,
                unit: rec.unit.to_string(),
                share: a.share,
                t: 0.0,
                kind: a.kind,
                factor: rec.factor_id.clone(),
            });
            g.count += 1;
            g.quantity += rec.quantity;
            g.t += a.t_co2e;
        }
        for ((activity, _), g) in &groups {
            let Group {
                count,
                quantity: qty,
                unit: u,
                share,
                t,
                kind,
                factor,
            } = g;
            let (k_en, k_zh) = stream_label(*kind);
            out.push(line(
                format!(
                    "  {activity} ({k_en}): {count} records, {} {u} × {}% attributed × factor {factor} (CBAM gases, AR5) = {} t CO₂e",
                    n(*qty),
                    n(share * 100.0),
                    n(*t)
                ),
                format!(
                    "  {activity}（{k_zh}）：{count} 条记录，{} {u} × 分配 {}% × 因子 {factor}（CBAM温室气体，AR5）= {} t CO₂e",
                    n(*qty),
                    n(share * 100.0),
                    n(*t)
                ),
            ));
        }
        out.push(line(
            format!(
                "Attributed direct emissions = DirEm {} + heat {} + waste gases {} − electricity produced {} = {} t CO₂e (not below 0)",
                n(r.dir_em_t),
                n(r.heat_t),
                n(r.waste_gas_t),
                n(r.electricity_produced_t),
                n(r.direct_t)
            ),
            format!(
                "归属直接排放 = 直接排放 {} + 热力 {} + 废气 {} − 自发电 {} = {} t CO₂e（不低于0）",
                n(r.dir_em_t),
                n(r.heat_t),
                n(r.waste_gas_t),
                n(r.electricity_produced_t),
                n(r.direct_t)
            ),
        ));
        out.push(line(
            format!(
                "Indirect emissions = {} MWh × {} t CO₂/MWh = {} t CO₂e",
                n(r.electricity_mwh),
                n(r.electricity_factor()),
                n(r.indirect_t)
            ),
            format!(
                "间接排放 = {} MWh × {} t CO₂/MWh = {} t CO₂e",
                n(r.electricity_mwh),
                n(r.electricity_factor()),
                n(r.indirect_t)
            ),
        ));
        out.push(line(
            format!(
                "Activity level: {} {unit}{}",
                n(proc.activity_level_t),
                if proc.activity_evidence.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", proc.activity_evidence)
                }
            ),
            format!(
                "活动水平：{} {unit_zh}{}",
                n(proc.activity_level_t),
                if proc.activity_evidence.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", proc.activity_evidence)
                }
            ),
        ));
        let level = proc.activity_level_t;
        if level > 0.0 {
            out.push(line(
                format!(
                    "Own: direct {} / {} = {}, indirect {} / {} = {} t CO₂e/{unit}",
                    n(r.direct_t),
                    n(level),
                    n(r.direct_t / level),
                    n(r.indirect_t),
                    n(level),
                    n(r.indirect_t / level)
                ),
                format!(
                    "本工序：直接 {} / {} = {}，间接 {} / {} = {} t CO₂e/{unit_zh}",
                    n(r.direct_t),
                    n(level),
                    n(r.direct_t / level),
                    n(r.indirect_t),
                    n(level),
                    n(r.indirect_t / level)
                ),
            ));
        }
        for c in &proc.consumes {
            let (d, i, what_en, what_zh) = if let Some(q) = inst
                .processes
                .iter()
                .zip(&result.processes)
                .find(|(proc, _)| proc.id == c.precursor)
                .map(|(_, q)| q)
            {
                (
                    q.see.direct,
                    q.see.indirect,
                    "own process".to_string(),
                    "自有工序".to_string(),
                )
            } else if let Some((q, pr)) = inst
                .purchased
                .iter()
                .zip(&result.purchased)
                .find(|(q, _)| q.id == c.precursor)
            {
                let (en, zh) = match (&q.see, &pr.default) {
                    (PrecursorSee::Actual { evidence, .. }, _) => (
                        format!("purchased, supplier's actual values ({evidence})"),
                        format!("外购，供应商实际值（{evidence}）"),
                    ),
                    (PrecursorSee::Default, Some(d)) if q.country.is_empty() => (
                        format!(
                            "purchased, origin unknown: Annex IV highest default {} marked up for {year}",
                            d.row.cn_code
                        ),
                        format!(
                            "外购，原产地不明：附件IV最高默认值 {}，{year} 年加成",
                            d.row.cn_code
                        ),
                    ),
                    (PrecursorSee::Default, Some(d)) => (
                        format!(
                            "purchased from {}: default value ({}{}, CN {}) marked up for {year}",
                            q.country,
                            d.row.country,
                            if d.fell_back { ", fallback" } else { "" },
                            d.row.cn_code
                        ),
                        format!(
                            "外购自 {}：默认值（{}{}，CN {}），{year} 年加成",
                            q.country,
                            country_zh(&d.row.country),
                            if d.fell_back { "，替代" } else { "" },
                            d.row.cn_code
                        ),
                    ),
                    (PrecursorSee::Default, None) => (String::new(), String::new()),
                };
                (pr.direct, pr.indirect, en, zh)
            } else {
                continue;
            };
            out.push(line(
                format!(
                    "  + {} t of {} / {} × SEE (direct {}, indirect {}) — {what_en}",
                    n(c.quantity_t),
                    c.precursor,
                    n(level),
                    n(d),
                    n(i)
                ),
                format!(
                    "  + {} t {} / {} × SEE（直接 {}，间接 {}）——{what_zh}",
                    n(c.quantity_t),
                    c.precursor,
                    n(level),
                    n(d),
                    n(i)
                ),
            ));
        }
    } else {
        let reason = proc.default_values_reason.as_deref().unwrap_or("");
        out.push(line(
            format!("No actual data: the default value is used ({reason})"),
            format!("无实际数据：采用默认值（{reason}）"),
        ));
    }
    out.push(line(
        format!(
            "SEE = direct {} + indirect {} = {} t CO₂e/{unit} (SEE = (I − A)^-1 · SE over the installation's chain); {}% from default values",
            n(r.see.direct),
            n(r.see.indirect),
            n(r.see.total()),
            n(r.see.default_share * 100.0)
        ),
        format!(
            "SEE = 直接 {} + 间接 {} = {} t CO₂e/{unit_zh}（对装置全链求解 SEE = (I − A)^-1 · SE）；其中 {}% 来自默认值",
            n(r.see.direct),
            n(r.see.indirect),
            n(r.see.total()),
            n(r.see.default_share * 100.0)
        ),
    ));
    if r.content != 1.0 {
        out.push(line(
            format!(
                "Per t of product: × {} {unit} per t = direct {}, indirect {} t CO₂e/t",
                n(r.content),
                n(r.see_product.direct),
                n(r.see_product.indirect)
            ),
            format!(
                "折算每吨产品：× {} {unit_zh}/t = 直接 {}，间接 {} t CO₂e/t",
                n(r.content),
                n(r.see_product.direct),
                n(r.see_product.indirect)
            ),
        ));
    }
    out.push(if r.counts_indirect {
        line(
            format!(
                "Counted for CBAM: direct + indirect = {} t CO₂e/t (the good is outside Annex II of Regulation (EU) 2023/956)",
                n(r.counted())
            ),
            format!(
                "CBAM计入：直接 + 间接 = {} t CO₂e/t（该货物不在条例(EU) 2023/956附件II之列）",
                n(r.counted())
            ),
        )
    } else {
        line(
            format!(
                "Counted for CBAM: direct only = {} t CO₂e/t (Annex II of Regulation (EU) 2023/956: indirect emissions do not count)",
                n(r.counted())
            ),
            format!(
                "CBAM计入：仅直接排放 = {} t CO₂e/t（条例(EU) 2023/956附件II：间接排放不计入）",
                n(r.counted())
            ),
        )
    });
    if let Some(d) = &r.default {
        let ratio = if d.counted > 0.0 {
            r.counted() / d.counted
        } else {
            0.0
        };
        out.push(line(
            format!(
                "Default value (Implementing Regulation (EU) 2025/2621 Annex I, {}{}, CN {}{}): {} t CO₂e/t; marked up for {year}: {} — the SEE is {}× the default",
                d.row.country,
                if d.fell_back { ", fallback" } else { "" },
                d.row.cn_code,
                if d.row.route.is_empty() { String::new() } else { format!(", route {}", d.row.route) },
                n(d.counted),
                d.marked_up.map_or("none".to_string(), &n),
                n(ratio)
            ),
            format!(
                "默认值（实施条例(EU) 2025/2621附件I，{}{}，CN {}{}）：{} t CO₂e/t；{year} 年加成后：{}——SEE为默认值的 {} 倍",
                country_zh(&d.row.country),
                if d.fell_back { "，替代" } else { "" },
                d.row.cn_code,
                if d.row.route.is_empty() { String::new() } else { format!("，路线 {}", d.row.route) },
                n(d.counted),
                d.marked_up.map_or("无".to_string(), &n),
                n(ratio)
            ),
        ));
    }
    if let Some(e) = &r.estimate {
        out.push(line(
            format!(
                "Estimate (not a regulatory figure): certificates per t = max(0, {} − CBAM factor {} × benchmark {} (CN {}{}) − carbon price paid {} EUR/t ÷ certificate price) = {} t, {} EUR/t",
                n(r.counted()),
                n(e.cbam_factor),
                n(e.benchmark),
                e.benchmark_cn,
                if e.lowest_taken { ", the lowest of several" } else { "" },
                n(e.carbon_price_eur),
                n(e.certificates_t),
                n(e.cost_eur)
            ),
            format!(
                "估算（非监管数值）：每吨应缴证书 = MAX(0, {} − CBAM系数 {} × 基准值 {}（CN {}{}）− 已付碳价 {} EUR/t ÷ 证书价格) = {} t，{} EUR/t",
                n(r.counted()),
                n(e.cbam_factor),
                n(e.benchmark),
                e.benchmark_cn,
                if e.lowest_taken { "，取多个中的最低值" } else { "" },
                n(e.carbon_price_eur),
                n(e.certificates_t),
                n(e.cost_eur)
            ),
        ));
    }
    out
}
