//! The Claims sheet: the zero-carbon-park indicators (the core one and the
//! guiding ones entered with evidence), the credits register, the claim
//! statement in English and Chinese, the base-year check, the trajectory
//! with a native line chart, and the abatement measures. Ratios, totals and
//! cumulative sums are live formulas; the figures the engine computes from
//! the records (energy, CO₂, the trajectory) are values.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Fmt, fit_row, letter, page};
use crate::calc::{Inventory, claims, library};
use crate::model::Project;
use crate::model::claims::Claims;
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

const WIDTHS: [f64; 11] = [
    46.0, 16.0, 16.0, 14.0, 20.0, 20.0, 14.0, 14.0, 14.0, 24.0, 12.0,
];

fn header(w: &mut W<'_>, f: &Fmt, r: u32, cols: &[&str]) -> Result<(), ExportError> {
    for (c, h) in cols.iter().enumerate() {
        w.s(r, c as u16, h, Some(&f.header))?;
    }
    let cells: Vec<(&str, f64)> = cols
        .iter()
        .zip(WIDTHS)
        .map(|(h, width)| (*h, width / 1.3))
        .collect();
    fit_row(w, r, &cells)
}

/// `text` cut at spaces (or anywhere, for CJK) into lines of about
/// `units` characters (a wide character counts two).
pub(super) fn lines(text: &str, units: f64) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for ch in text.chars() {
        let wch = if ch.is_ascii() { 1.0 } else { 2.0 };
        if used + wch > units {
            // Break at the last space when there is one in the line.
            let cut = if ch.is_ascii() { line.rfind(' ') } else { None };
            match cut {
                Some(i) if i > 0 => {
                    let rest = line[i + 1..].to_string();
                    line.truncate(i);
                    out.push(std::mem::take(&mut line));
                    used = rest
                        .chars()
                        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                        .sum();
                    line = rest;
                }
                _ => {
                    out.push(std::mem::take(&mut line));
                    used = 0.0;
                }
            }
        }
        line.push(ch);
        used += wch;
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

pub(super) fn claims_sheet(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let c: Claims = p.claims.clone().unwrap_or_default();
    let year = p.park.reporting_year;
    let core = claims::core(p, library::bundled(), &c);
    let years = claims::trajectory(&c, p.park.base_year, year, inv.total_t_co2e);
    let rows = 60 + c.indicators.len() + c.credits.len() + years.len() + c.measures.len();
    let mut w = W::new(ws, "Claims", rows as u32)?;
    w.set_plain(&f.plain);
    page(w.ws, park, super::layout::Print::Wide { key_cols: 1 });
    for (i, width) in WIDTHS.iter().enumerate() {
        w.ws.set_column_width(i as u16, *width)?;
    }
    let l = |i: u16| letter(i);
    w.s(0, 0, "Claims and pathway / 声明与路径", Some(&f.title))?;
    let mut r = 2;
    // 1. The core indicator.
    w.s(
        r,
        0,
        "Zero-carbon park, core indicator (发改环资〔2025〕910号) / 零碳园区核心指标：单位能耗碳排放",
        Some(&f.bold),
    )?;
    r += 1;
    let first = r;
    let rows: [(&str, f64); 2] = [
        ("Energy consumption (tce) / 综合能源消费量", core.energy_tce),
        ("CO2 counted (t) / 计入的二氧化碳", core.co2_t),
    ];
    for (label, v) in rows {
        w.s(r, 0, label, None)?;
        w.n(r, 1, v, Some(&f.t))?;
        r += 1;
    }
    w.s(r, 0, "CO2 per tce / 单位能耗碳排放", None)?;
    w.f(
        r,
        1,
        &format!("=IF(B{e}>0,B{c}/B{e},0)", e = first + 1, c = first + 2),
        core.value,
        Some(&f.num),
    )?;
    r += 1;
    w.s(r, 0, "Threshold (t CO2/tce) / 阈值", None)?;
    match core.threshold {
        Some(t) => w.n(r, 1, t, Some(&f.num))?,
        None => w.s(
            r,
            1,
            "none: the notice sets none under 200,000 tce / 通知未对20万tce以下园区设阈值",
            None,
        )?,
    }
    r += 1;
    w.s(r, 0, "Meets it / 是否达标", None)?;
    w.s(
        r,
        1,
        match core.passes() {
            Some(true) => "yes / 是",
            Some(false) => "no / 否",
            None => "not assessed / 未评估",
        },
        None,
    )?;
    r += 1;
    w.s(
        r,
        0,
        "CO2 over the threshold (t) / 超出阈值的二氧化碳",
        None,
    )?;
    w.n(r, 1, core.excess_co2_t, Some(&f.t))?;
    r += 1;
    if let Some(mwh) = core.green_mwh_to_close {
        w.s(
            r,
            0,
            "or grid electricity to replace by green (MWh) / 或需替换为绿电的电网电量",
            None,
        )?;
        w.n(r, 1, mwh, Some(&f.t))?;
        r += 1;
    }
    w.s(
        r,
        0,
        &format!(
            "Decisions: certificate-backed green electricity at zero: {}; process CO2 counted: {}. Energy-related CO2 of the park's included entities at 100 %, scope 3 excluded. / 方法学决定：绿证电力按零计：{}；计入工业过程二氧化碳：{}。",
            if c.method.green_electricity_zero { "yes" } else { "no" },
            if c.method.include_process_co2 { "yes" } else { "no" },
            if c.method.green_electricity_zero { "是" } else { "否" },
            if c.method.include_process_co2 { "是" } else { "否" }
        ),
        None,
    )?;
    r += 2;
    // 2. Guiding indicators.
    w.s(r, 0, "Guiding indicators / 引导性指标", Some(&f.bold))?;
    r += 1;
    header(
        &mut w,
        f,
        r,
        &[
            "Indicator / 指标",
            "Part / 分子",
            "Whole / 分母",
            "Unit / 单位",
            "Value (%) / 数值",
            "Threshold (%) / 阈值",
            "Meets it / 达标",
            "Gap / 差距",
            "Tested / 核查测试",
            "Evidence / 证据",
        ],
    )?;
    r += 1;
    for e in &c.indicators {
        let g = claims::guiding(e);
        let x = r + 1;
        let name = if e.product.is_empty() {
            format!("{} / {}", e.indicator.label(), e.indicator.label_zh())
        } else {
            format!(
                "{} / {} ({})",
                e.indicator.label(),
                e.indicator.label_zh(),
                e.product
            )
        };
        w.s(r, 0, &name, Some(&f.wrap))?;
        w.n(r, 1, e.part, Some(&f.num))?;
        w.n(r, 2, e.whole, Some(&f.num))?;
        w.s(r, 3, &e.unit, None)?;
        w.f(
            r,
            4,
            &format!("=IF({c}{x}>0,{b}{x}/{c}{x}*100,0)", b = l(1), c = l(2)),
            g.value_pct,
            Some(&f.num),
        )?;
        w.n(r, 5, e.indicator.threshold_pct(), Some(&f.num))?;
        w.s(r, 6, if g.passes { "yes / 是" } else { "no / 否" }, None)?;
        w.n(r, 7, g.gap, Some(&f.num))?;
        let reference = e.reference();
        let tested = p
            .verification
            .indicator_tests
            .iter()
            .find(|t| t.indicator == reference)
            .map_or("not tested / 未测试", |t| match t.result {
                crate::model::TestResult::Agreed => "agreed / 相符",
                crate::model::TestResult::Misstated { .. } => "misstated / 有误",
                crate::model::TestResult::NotSupported => "not supported / 无证据支持",
            });
        w.s(r, 8, tested, None)?;
        w.s(r, 9, &e.evidence, Some(&f.wrap))?;
        fit_row(&mut w, r, &[(&name, WIDTHS[0]), (&e.evidence, WIDTHS[9])])?;
        r += 1;
    }
    if c.indicators.is_empty() {
        w.s(r, 0, "None entered / 未填写", None)?;
        r += 1;
    }
    r += 1;
    // 3. Credits register.
    w.s(r, 0, "Credits retired / 已注销的碳信用", Some(&f.bold))?;
    r += 1;
    header(
        &mut w,
        f,
        r,
        &[
            "Block / 批次",
            "Programme / 机制",
            "Project / 项目",
            "Kind / 类型",
            "First serial / 首号",
            "Last serial / 末号",
            "Vintage / 年份",
            "Quantity (t) / 数量",
            "Retired on / 注销日期",
            "Registry, evidence / 登记簿与证据",
            "Claim year / 声明年份",
        ],
    )?;
    r += 1;
    let credits_first = r + 1;
    for k in &c.credits {
        w.s(r, 0, &k.id, None)?;
        w.s(r, 1, &k.programme, None)?;
        w.s(r, 2, &k.project, Some(&f.wrap))?;
        w.s(r, 3, k.kind.key(), None)?;
        w.s(r, 4, &k.serial_first, None)?;
        w.s(r, 5, &k.serial_last, None)?;
        w.n(r, 6, f64::from(k.vintage), None)?;
        w.n(r, 7, k.quantity_t, Some(&f.t))?;
        w.s(r, 8, &k.retired_on, None)?;
        let reg = format!("{}; {}", k.registry, k.evidence);
        w.s(r, 9, &reg, Some(&f.wrap))?;
        w.n(r, 10, f64::from(k.claim_year), None)?;
        fit_row(&mut w, r, &[(&k.project, WIDTHS[2]), (&reg, WIDTHS[9])])?;
        r += 1;
    }
    let credits_last = r.max(credits_first);
    let (avoid, remove) = claims::credits_for(&c, year);
    for (kind, v) in [("avoidance", avoid), ("removal", remove)] {
        w.s(
            r,
            0,
            &format!(
                "Retired for {year}, {kind} (t) / {year} 年注销，{}",
                if kind == "avoidance" {
                    "避免类"
                } else {
                    "清除类"
                }
            ),
            None,
        )?;
        w.f(
            r,
            7,
            &format!(
                "=SUMIFS(H{credits_first}:H{credits_last},D{credits_first}:D{credits_last},\"{kind}\",K{credits_first}:K{credits_last},{year})"
            ),
            v,
            Some(&f.t),
        )?;
        r += 1;
    }
    r += 1;
    // 4. The claim.
    w.s(
        r,
        0,
        "Carbon-neutrality claim (ISO 14068-1:2023) / 碳中和声明",
        Some(&f.bold),
    )?;
    r += 1;
    match (c.claim.as_ref(), claims::balance(&c, &inv.by_entity, year)) {
        (Some(claim), Some(b)) => {
            let base = (p.park.base_year, claims::base_year_footprint(p, &c));
            let (en, zh) = crate::audit::claims::statement(claim, &b, year, base);
            // Line by line, each running over the empty cells to its right
            // (no merged cells: a recipient's viewer shows them alike).
            for text in [en, zh] {
                for line in lines(&text, 150.0) {
                    w.s(r, 0, &line, None)?;
                    r += 1;
                }
                r += 1;
            }
        }
        _ => {
            w.s(r, 0, "No claim recorded / 未记录声明", None)?;
            r += 1;
        }
    }
    if let Some(b) = claims::base_year_check(p, &c) {
        w.s(
            r,
            0,
            &format!(
                "Base year {}: recorded {} t, recomputed {} t ({:.2} %); threshold {} % — {} / 基准年重算检查",
                p.park.base_year,
                b.recorded_t,
                b.recomputed_t,
                b.change_pct,
                c.method.base_year_threshold_pct,
                if b.recalculate { "recalculate the base year" } else { "no recalculation needed" }
            ),
            None,
        )?;
        r += 1;
    }
    r += 1;
    // 5. The trajectory, with its chart.
    w.s(r, 0, "Trajectory (t CO2e) / 排放路径", Some(&f.bold))?;
    r += 1;
    header(
        &mut w,
        f,
        r,
        &[
            "Year / 年份",
            "Actual / 实际",
            "Planned / 计划",
            "Park target / 园区目标",
            "National 30/60 / 国家目标",
            "2 °C upper / 2°C 上限",
            "2 °C lower / 2°C 下限",
            "Gap / 差距",
        ],
    )?;
    r += 1;
    let t_first = r;
    for y in &years {
        w.n(r, 0, f64::from(y.year), None)?;
        let cells = [
            y.actual_t,
            y.planned_t,
            y.target_t,
            y.national_t,
            y.band_t.map(|b| b.0),
            y.band_t.map(|b| b.1),
        ];
        for (k, v) in cells.iter().enumerate() {
            if let Some(v) = v {
                w.n(r, k as u16 + 1, *v, Some(&f.t))?;
            }
        }
        if let (Some(_), Some(_)) = (y.planned_t, y.target_t) {
            let x = r + 1;
            w.f(
                r,
                7,
                &format!("={}{x}-{}{x}", l(2), l(3)),
                y.gap_t.unwrap_or(0.0),
                Some(&f.t),
            )?;
        }
        r += 1;
    }
    let t_last = r.saturating_sub(1).max(t_first);
    let mut chart = Chart::new(ChartType::Line);
    chart
        .title()
        .set_name("Trajectory against the targets (t CO2e) / 排放路径与目标");
    chart.set_width(760).set_height(420);
    for (col, name) in [
        (1u16, "Actual / 实际"),
        (2, "Planned / 计划"),
        (3, "Park target / 园区目标"),
        (4, "National 30/60 / 国家"),
        (5, "2 °C upper / 上限"),
        (6, "2 °C lower / 下限"),
    ] {
        chart
            .add_series()
            .set_categories(("Claims", t_first, 0, t_last, 0))
            .set_values(("Claims", t_first, col, t_last, col))
            .set_name(name);
    }
    chart.y_axis().set_num_format("#,##0").set_min(0);
    w.ws.insert_chart(t_first, 9, &chart)?;
    r += 1;
    // 6. Measures, cheapest first, with the cumulative reduction.
    w.s(
        r,
        0,
        "Reduction measures, cheapest first / 减排措施（按成本排序）",
        Some(&f.bold),
    )?;
    r += 1;
    header(
        &mut w,
        f,
        r,
        &[
            "Measure / 措施",
            "Entity / 实体",
            "From / 起始年",
            "t CO2e a year / 年减排量",
            "CNY per t / 元每吨",
            "Cumulative t a year / 累计",
        ],
    )?;
    r += 1;
    let m_first = r + 1;
    for (m, cum) in claims::abatement_curve(&c.measures) {
        let x = r + 1;
        w.s(r, 0, &m.name, Some(&f.wrap))?;
        w.s(r, 1, &m.entity_id, None)?;
        w.n(r, 2, f64::from(m.start_year), None)?;
        w.n(r, 3, m.reduction_t_per_year, Some(&f.t))?;
        w.n(r, 4, m.cost_cny_per_t, Some(&f.num))?;
        w.f(
            r,
            5,
            &format!("=SUM({d}{m_first}:{d}{x})", d = l(3)),
            cum,
            Some(&f.t),
        )?;
        fit_row(&mut w, r, &[(&m.name, WIDTHS[0])])?;
        r += 1;
    }
    Ok(w.finish())
}
