//! The Findings sheet: the register, materiality and the proposed opinion,
//! the sample and its tests, and the sign-offs.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Style, col, header, page};
use crate::calc::inventory::Inventory;
use crate::model::Project;
use rust_xlsxwriter::Worksheet;

/// The findings register's columns.
pub(super) const COLUMNS: [Column; 13] = [
    col("Id / 编号", 8.0, Style::General),
    col("Type / 类型", 14.0, Style::General),
    col("Request / 要求", 18.0, Style::General),
    col("Title / 标题", 36.0, Style::Wrap),
    col("Records / 记录", 20.0, Style::General),
    col("Entities / 实体", 14.0, Style::General),
    col("Impact (t CO2e) / 影响", 14.0, Style::T),
    col("Corrected / 已更正", 10.0, Style::General),
    col("Status / 状态", 10.0, Style::General),
    col("Client response / 委托方回复", 36.0, Style::Wrap),
    col("Verifier conclusion / 核查结论", 36.0, Style::Wrap),
    col("Raised by / 提出人", 14.0, Style::General),
    col("Raised at (UTC) / 时间", 20.0, Style::General),
];

pub(super) fn findings(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    use crate::audit::evaluation;
    let v = &p.verification;
    let rows = (v.findings.len() + v.tests.len() + v.signoffs.len() + 20) as u32;
    let mut w = W::new(ws, "Findings", rows)?;
    page(w.ws, park);
    header(&mut w, f, 0, &COLUMNS, Some(v.findings.len() as u32))?;
    let mut r = 1;
    if v.findings.is_empty() {
        w.s(
            r,
            0,
            "No findings recorded in this project. / 本项目未记录核查发现。",
            None,
        )?;
        r += 1;
    }
    for x in &v.findings {
        w.s(r, 0, &x.id, None)?;
        w.s(r, 1, x.kind.label(), None)?;
        w.s(r, 2, x.request.map_or("", |q| q.label()), None)?;
        w.s(r, 3, &x.title, Some(&f.wrap))?;
        w.s(r, 4, &x.record_ids.join(", "), None)?;
        w.s(r, 5, &x.entity_ids.join(", "), None)?;
        w.n(r, 6, x.impact_t, Some(&f.t))?;
        w.s(r, 7, if x.corrected { "yes / 是" } else { "no / 否" }, None)?;
        w.s(r, 8, x.status.label(), None)?;
        w.s(r, 9, &x.client_response, Some(&f.wrap))?;
        w.s(r, 10, &x.conclusion, Some(&f.wrap))?;
        w.s(r, 11, &x.raised_by, None)?;
        w.s(r, 12, &x.raised_at, None)?;
        r += 1;
    }
    r += 1;
    let m = evaluation::materiality(p, inv);
    let (proposed, why) = evaluation::proposed_opinion(p, inv);
    w.s(r, 0, "Materiality / 实质性", Some(&f.bold))?;
    r += 1;
    for (label, value) in [
        ("Threshold (t CO2e) / 阈值", m.threshold_t),
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
    w.s(
        r,
        1,
        &format!(
            "{} ({:.0} % of the threshold)",
            m.state.label(),
            m.ratio * 100.0
        ),
        None,
    )?;
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
    r += 2;
    w.s(r, 0, "Sampling results / 抽样结果", Some(&f.bold))?;
    r += 1;
    if let Some(plan) = &v.sample {
        w.s(
            r,
            0,
            &format!(
                "seed {}, {}, key items ≥ {} % ({}), {} sampled from {:.3} t",
                plan.seed,
                plan.method,
                plan.key_pct,
                plan.key_items.len(),
                plan.sampled.len(),
                plan.population_t
            ),
            None,
        )?;
        r += 1;
    }
    for (c, h) in [
        "Record / 记录",
        "Result / 结果",
        "Evidence / 证据",
        "Tickmark / 标记",
        "Comment / 说明",
        "Tested by / 测试人",
        "At (UTC) / 时间",
    ]
    .iter()
    .enumerate()
    {
        w.s(r, c as u16, h, Some(&f.bold))?;
    }
    r += 1;
    for t in &v.tests {
        w.s(r, 0, &t.record_id, None)?;
        w.s(r, 1, &t.result.label(), None)?;
        w.s(r, 2, &t.evidence_ref, None)?;
        w.s(r, 3, &t.tickmark, None)?;
        w.s(r, 4, &t.comment, None)?;
        w.s(r, 5, &t.who, None)?;
        w.s(r, 6, &t.at, None)?;
        r += 1;
    }
    r += 1;
    w.s(r, 0, "Sign-offs / 签核", Some(&f.bold))?;
    r += 1;
    for s in evaluation::signoff_status(p, inv) {
        w.s(r, 0, s.section.label(), None)?;
        w.s(r, 1, s.role.label(), None)?;
        w.s(r, 2, &s.who, None)?;
        w.s(r, 3, &s.at, None)?;
        w.s(
            r,
            4,
            if s.valid {
                "valid / 有效"
            } else {
                "edited after review — void / 复核后已修改（失效）"
            },
            None,
        )?;
        r += 1;
    }
    Ok(w.finish())
}
