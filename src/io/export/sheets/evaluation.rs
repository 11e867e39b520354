//! The Evaluation sheet: materiality and the proposed opinion, the sign-offs,
//! then the sample and every test result — the long table last, its header
//! repeated on every printed page.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Style, col, fit, fit_row, page};
use crate::audit::readiness::{role_zh, section_zh};
use crate::audit::sampling::Method;
use crate::audit::words::{count, quantity, tonnes};
use crate::calc::inventory::Inventory;
use crate::model::{Project, TestResult};
use rust_xlsxwriter::Worksheet;

/// The test results table's columns (the sheet's column widths).
pub(super) const COLUMNS: [Column; 7] = [
    col("Record / 记录", 36.0, Style::General),
    col("Result / 结果", 34.0, Style::Wrap),
    col("Evidence / 证据", 20.0, Style::Wrap),
    col("Tickmark / 标记", 8.0, Style::General),
    col("Comment / 说明", 28.0, Style::Wrap),
    col("Tested by / 测试人", 14.0, Style::Wrap),
    col("At (UTC) / 时间", 20.0, Style::General),
];

/// A test result in words, both languages.
fn result_words(r: &TestResult) -> String {
    match r {
        TestResult::Agreed => "Agreed / 一致".into(),
        TestResult::Misstated { verified_quantity } => format!(
            "Misstated: verified quantity {} / 有错报：核实数量 {}",
            quantity(*verified_quantity),
            quantity(*verified_quantity)
        ),
        TestResult::NotSupported => "Not supported by evidence / 无证据支持".into(),
    }
}

pub(super) fn evaluation(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    use crate::audit::evaluation;
    let v = &p.verification;
    let signoffs = evaluation::signoff_status(p, inv);
    let rows = (v.tests.len() + signoffs.len() + 30) as u32;
    let mut w = W::new(ws, "Evaluation", rows)?;
    w.set_plain(&f.plain);
    let widths: Vec<f64> = COLUMNS.iter().map(|c| c.width).collect();
    page(w.ws, park, fit(true, &widths));
    for (c, h) in COLUMNS.iter().enumerate() {
        w.ws.set_column_width(c as u16, h.width)?;
    }
    let wide = COLUMNS[1].width;
    w.s(
        0,
        0,
        "Evaluation: materiality, proposed opinion, sign-offs, sample / 评价：实质性、建议意见、签核、抽样",
        Some(&f.title),
    )?;
    let mut r = 2;
    let m = evaluation::materiality(p, inv);
    let (proposed, why) = evaluation::proposed_opinion(p, inv);
    w.s(r, 0, "Materiality (t CO2e) / 实质性（吨）", Some(&f.bold))?;
    r += 1;
    for (label, value) in [
        ("Threshold / 阈值", m.threshold_t),
        ("Uncorrected, gross / 未更正（总额）", m.uncorrected_gross_t),
        ("Uncorrected, net / 未更正（净额）", m.uncorrected_net_t),
        ("Key items (tests) / 关键项", m.key_item_misstatement_t),
        ("Projected from the sample / 抽样推断", m.projected_t),
        ("Aggregate / 合计", m.aggregate_t),
    ] {
        w.s(r, 0, label, None)?;
        w.n(r, 1, value, Some(&f.t))?;
        r += 1;
    }
    w.s(r, 0, "State / 状态", None)?;
    let state = format!(
        "{} ({:.0} % of the threshold)",
        m.state.label(),
        m.ratio * 100.0
    );
    w.s(r, 1, &state, Some(&f.wrap))?;
    fit_row(&mut w, r, &[(&state, wide)])?;
    r += 1;
    // Proposed, never more; and not even that where the evidence cannot
    // support an opinion.
    w.s(r, 0, "Proposed opinion / 建议意见", None)?;
    let text = match evaluation::not_concluded(p) {
        Some(reason) => format!("Not concluded / 尚无结论 — {reason}"),
        None => format!(
            "{} (proposed, not the recorded opinion) — {why}",
            proposed.label()
        ),
    };
    w.s(r, 1, &text, Some(&f.wrap))?;
    fit_row(&mut w, r, &[(&text, wide)])?;
    r += 1;
    w.s(r, 0, "Recorded opinion / 已记录的意见", None)?;
    let recorded = match &v.opinion {
        Some(o) => format!(
            "{}{} — by {} at {}; basis: {}",
            o.chosen.label(),
            if o.override_reason.is_some() {
                " (overriding the proposed one)"
            } else {
                ""
            },
            o.who,
            o.at,
            o.override_reason.as_deref().unwrap_or(&o.reason)
        ),
        None => "None yet / 尚无".to_string(),
    };
    w.s(r, 1, &recorded, Some(&f.wrap))?;
    fit_row(&mut w, r, &[(&recorded, wide)])?;
    r += 2;

    w.s(r, 0, "Sign-offs / 签核", Some(&f.bold))?;
    r += 1;
    for (c, h) in [
        "Section / 部分",
        "Role / 角色",
        "Signed by / 签核人",
        "",
        "State / 状态",
        "",
        "At (UTC) / 时间",
    ]
    .iter()
    .enumerate()
    {
        w.s(r, c as u16, h, Some(&f.header))?;
    }
    r += 1;
    if signoffs.is_empty() {
        w.s(r, 0, "None yet. / 尚无签核。", None)?;
        r += 1;
    }
    for s in &signoffs {
        w.s(
            r,
            0,
            &format!("{} / {}", s.section.label(), section_zh(s.section)),
            None,
        )?;
        w.s(
            r,
            1,
            &format!("{} / {}", s.role.label(), role_zh(s.role)),
            None,
        )?;
        w.s(r, 2, &s.who, Some(&f.wrap))?;
        let state = if s.valid {
            "valid / 有效"
        } else {
            "edited after review — void / 复核后已修改（失效）"
        };
        w.s(r, 4, state, Some(&f.wrap))?;
        w.s(r, 6, &s.at, None)?;
        fit_row(
            &mut w,
            r,
            &[(&s.who, COLUMNS[2].width), (state, COLUMNS[4].width)],
        )?;
        r += 1;
    }
    r += 1;

    w.s(
        r,
        0,
        "Sample and test results / 抽样与测试结果",
        Some(&f.bold),
    )?;
    r += 1;
    match &v.sample {
        Some(plan) => {
            let (en, zh) = Method::plan_words(&plan.method);
            for (label, value) in [
                (
                    "Items sampled / 样本数量",
                    count(plan.key_items.len() + plan.sampled.len()),
                ),
                (
                    "Key items, all tested / 关键项（全部测试）",
                    format!(
                        "{} (each at least {} % of the total emissions / 每项不低于排放总量的{}%)",
                        count(plan.key_items.len()),
                        plan.key_pct,
                        plan.key_pct
                    ),
                ),
                (
                    "Drawn from the other records / 其余抽取",
                    format!("{} by {en} / {zh}", count(plan.sampled.len())),
                ),
                (
                    "Population drawn from / 抽样总体",
                    format!("{} t CO2e", tonnes(plan.population_t)),
                ),
                ("Seed / 随机种子", plan.seed.to_string()),
            ] {
                w.s(r, 0, label, None)?;
                w.s(r, 1, &value, Some(&f.wrap))?;
                fit_row(&mut w, r, &[(&value, wide)])?;
                r += 1;
            }
        }
        None => {
            w.s(r, 0, "No sample has been drawn. / 尚未抽样。", None)?;
            r += 1;
        }
    }
    r += 1;
    let header_row = r;
    for (c, h) in COLUMNS.iter().enumerate() {
        w.s(r, c as u16, h.header, Some(&f.header))?;
    }
    r += 1;
    if v.tests.is_empty() {
        w.s(r, 0, "No item tested yet. / 尚未测试。", None)?;
    }
    for t in &v.tests {
        let result = result_words(&t.result);
        w.s(r, 0, &t.record_id, None)?;
        w.s(r, 1, &result, Some(&f.wrap))?;
        w.s(r, 2, &t.evidence_ref, Some(&f.wrap))?;
        w.s(r, 3, &t.tickmark, None)?;
        w.s(r, 4, &t.comment, Some(&f.wrap))?;
        w.s(r, 5, &t.who, Some(&f.wrap))?;
        w.s(r, 6, &t.at, None)?;
        fit_row(
            &mut w,
            r,
            &[
                (&result, COLUMNS[1].width),
                (&t.evidence_ref, COLUMNS[2].width),
                (&t.comment, COLUMNS[4].width),
                (&t.who, COLUMNS[5].width),
            ],
        )?;
        r += 1;
    }
    // The test table's header on every printed page it runs over.
    w.ws.set_repeat_rows(header_row, header_row)?;
    Ok(w.finish())
}
