//! The Cover: the park, the engagement, the headline totals (from the
//! Inventory sheet's defined names) and the verification statement.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Fmt, fit, fit_row, page};
use crate::audit::statement::tonnes;
use crate::calc::inventory::Inventory;
use crate::calc::library;
use crate::model::Project;
use rust_xlsxwriter::Worksheet;

/// The widths of the label and text columns (characters).
const WIDTHS: [f64; 2] = [50.0, 80.0];

pub(super) fn cover(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    kind: &super::Kind,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let mut w = W::new(
        ws,
        "Cover",
        60 + kind.gaps.len() as u32 + 2 * kind.statement.len() as u32,
    )?;
    w.set_plain(&f.plain);
    page(w.ws, park, fit(true, &WIDTHS));
    w.ws.set_column_width(0, WIDTHS[0])?;
    w.ws.set_column_width(1, WIDTHS[1])?;
    w.s(
        0,
        0,
        "GHG inventory verification workbook / 温室气体清单核查工作簿",
        Some(&f.title),
    )?;
    // What this package is, in the content the signature covers.
    w.s(1, 0, "Package / 文件性质", Some(&f.bold))?;
    if kind.draft() {
        w.s(1, 1, super::layout::DRAFT_MARK, Some(&f.bold))?;
    } else {
        w.s(
            1,
            1,
            "Final verification package / 最终核查文件",
            Some(&f.bold),
        )?;
    }
    let e = &p.engagement;
    let materiality_t = inv.total_t_co2e * e.materiality_pct / 100.0;
    let rows: Vec<(&str, String)> = vec![
        ("Park / 园区", p.park.name.clone()),
        ("Park (Chinese) / 园区中文名称", p.park.name_zh.clone()),
        ("Province / 省份", p.park.province.clone()),
        (
            "Reporting period / 报告期",
            format!("{0}-01-01 – {0}-12-31", p.park.reporting_year),
        ),
        ("Base year / 基准年", p.park.base_year.to_string()),
        ("Client / 委托方", e.client.clone()),
        ("Verification body / 核查机构", e.verification_body.clone()),
        ("Lead auditor / 核查组长", e.lead_auditor.clone()),
        ("Responsible party / 责任方", e.responsible_party.clone()),
        ("Intended users / 预期使用者", e.intended_users.clone()),
        ("Accreditation / 认可资质", e.accreditation.clone()),
        ("Place of issue / 出具地点", e.place.clone()),
        (
            "Level of assurance / 保证等级",
            match e.assurance {
                crate::model::AssuranceLevel::Reasonable => "Reasonable".to_string(),
                crate::model::AssuranceLevel::Limited => "Limited".to_string(),
            },
        ),
        (
            "Materiality / 实质性 (%)",
            format!(
                "{} % of the total = {} t CO2e",
                e.materiality_pct,
                tonnes(materiality_t)
            ),
        ),
        ("Standard / 标准", p.methodology.standard.to_string()),
        (
            "GWP set / 全球增温潜势",
            format!("IPCC {} (100-year)", p.methodology.gwp_set),
        ),
        (
            "Consolidation approach / 合并方法",
            p.consolidation.to_string(),
        ),
        (
            "Factor library / 因子库",
            format!("ParkAudit {}", library::LIBRARY_VERSION),
        ),
    ];
    let mut r = 2;
    for (k, v) in &rows {
        w.s(r, 0, k, Some(&f.bold_wrap))?;
        w.s(r, 1, v, Some(&f.wrap))?;
        fit_row(&mut w, r, &[(v, WIDTHS[1])])?;
        r += 1;
    }
    r += 1;
    w.s(
        r,
        0,
        "Headline totals (t CO2e) / 主要结果（吨二氧化碳当量）",
        Some(&f.bold),
    )?;
    r += 1;
    for (label, name, v) in [
        (
            "Total, location-based / 总排放（基于位置）",
            "Total_tCO2e",
            inv.total_t_co2e,
        ),
        (
            "Total, market-based / 总排放（基于市场）",
            "Total_market_tCO2e",
            inv.total_market_t_co2e,
        ),
        ("Scope 1 / 范围一", "Scope1_tCO2e", inv.scope1_t),
        (
            "Scope 2, location-based / 范围二（基于位置）",
            "Scope2_location_tCO2e",
            inv.scope2_location_t,
        ),
        (
            "Scope 2, market-based / 范围二（基于市场）",
            "Scope2_market_tCO2e",
            inv.scope2_market_t,
        ),
        ("Scope 3 / 范围三", "Scope3_tCO2e", inv.scope3_t),
        (
            "Excluded, outside the boundary (at 100 %) / 边界外排放",
            "Excluded_tCO2e",
            inv.excluded_t,
        ),
        (
            "Biogenic CO2, outside the scopes / 生物质二氧化碳",
            "Biogenic_CO2_t",
            inv.biogenic_co2_t,
        ),
    ] {
        w.s(r, 0, label, None)?;
        w.f(r, 1, &format!("={name}"), v, Some(&f.t))?;
        r += 1;
    }
    r += 1;
    // The statement, element by element: English, then Chinese beneath.
    w.s(
        r,
        0,
        if kind.draft() {
            "Verification statement (ISO 14064-3:2019) — DRAFT, not issued / 核查声明（草稿，未出具）"
        } else {
            "Verification statement (ISO 14064-3:2019) / 核查声明"
        },
        Some(&f.bold),
    )?;
    r += 1;
    for el in &kind.statement {
        let heading = format!("{} / {}", el.heading_en, el.heading_zh);
        w.s(r, 0, &heading, Some(&f.bold_wrap))?;
        w.s(r, 1, &el.en, Some(&f.wrap))?;
        fit_row(&mut w, r, &[(&heading, WIDTHS[0]), (&el.en, WIDTHS[1])])?;
        r += 1;
        w.s(r, 1, &el.zh, Some(&f.wrap))?;
        fit_row(&mut w, r, &[(&el.zh, WIDTHS[1])])?;
        r += 1;
    }
    if kind.draft() {
        r += 2;
        let heading = "Open items — why this is a draft / 未完成事项（草稿原因）";
        w.s(r, 0, heading, Some(&f.bold_wrap))?;
        fit_row(&mut w, r, &[(heading, WIDTHS[0])])?;
        let first = r;
        if kind.gaps.is_empty() {
            w.s(
                r,
                1,
                "None: a final package could be exported / 无：可导出最终文件",
                None,
            )?;
        }
        for (en, zh) in &kind.gaps {
            let text = format!("{en}\n{zh}");
            w.s(r, 1, &text, Some(&f.wrap))?;
            let beside = if r == first { heading } else { "" };
            fit_row(&mut w, r, &[(&text, WIDTHS[1]), (beside, WIDTHS[0])])?;
            r += 1;
        }
    }
    Ok(w.finish())
}
