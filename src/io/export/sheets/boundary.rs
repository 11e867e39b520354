//! The Boundary sheet: each entity, its control and ownership, the share the
//! consolidation approach applies, and its emissions from the Activity sheet.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::activity::A;
use super::layout::{Column, Fmt, Print, Style, col, fit_row, header, page, q};
use crate::calc::consolidation;
use crate::calc::inventory::{BoundaryStatus, Inventory};
use crate::model::Project;
use crate::model::guidance::Guidance;
use rust_xlsxwriter::Worksheet;
use std::collections::BTreeMap;

/// The Boundary sheet's columns.
pub(super) const COLUMNS: [Column; 16] = [
    col("Entity id / 实体编号", 10.0, Style::General),
    col("Name / 名称", 34.0, Style::Wrap),
    col("Chinese name / 中文名称", 24.0, Style::Wrap),
    col("Sector / 行业", 14.0, Style::General),
    col("Kind / 类型", 14.0, Style::General),
    col("Ownership % / 持股比例", 12.0, Style::Num),
    col("Operational control / 运营控制权", 12.0, Style::General),
    col("Financial control / 财务控制权", 12.0, Style::General),
    col("Included / 纳入", 10.0, Style::General),
    col("Share applied / 计入比例", 12.0, Style::Pct),
    col("Status / 状态", 22.0, Style::General),
    col("Exclusion justification / 排除理由", 48.0, Style::Wrap),
    col("MEE guideline / 行业指南", 40.0, Style::Wrap),
    col("Emissions at 100 % (t CO2e) / 全部排放", 18.0, Style::T),
    col("In the inventory (t CO2e) / 计入清单", 18.0, Style::T),
    col("Excluded (t CO2e) / 边界外", 18.0, Style::T),
];

fn status_text(s: BoundaryStatus) -> &'static str {
    match s {
        BoundaryStatus::Included => "included",
        BoundaryStatus::Outside(consolidation::OutsideReason::NotIncluded) => {
            "excluded by the project"
        }
        BoundaryStatus::Outside(consolidation::OutsideReason::NoControl) => "outside: no control",
        BoundaryStatus::Outside(consolidation::OutsideReason::NoEquity) => "outside: 0 % equity",
        BoundaryStatus::ScopeNotCovered => "outside: scope not covered",
        BoundaryStatus::CategoryNotCovered => "outside: category not covered",
    }
}

pub(super) fn boundary(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    n_act: u32,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let rows = p.entities.len() as u32 + 1;
    let mut w = W::new(ws, "Boundary", rows)?;
    w.set_plain(&f.plain);
    page(w.ws, park, Print::Wide { key_cols: 2 });
    header(&mut w, f, 0, &COLUMNS, Some(rows))?;
    let mut gross: BTreeMap<&str, f64> = BTreeMap::new();
    for (r, res) in p.activity.iter().zip(&inv.records) {
        *gross.entry(r.entity_id.as_str()).or_default() += res.gross_location_t;
    }
    let g = Guidance::bundled();
    for (i, e) in p.entities.iter().enumerate() {
        let r = i as u32 + 1;
        let share = consolidation::share(e, p.consolidation);
        let yn = |b: bool| if b { "yes / 是" } else { "no / 否" };
        w.s(r, 0, &e.id, None)?;
        w.s(r, 1, &e.name, Some(&f.wrap))?;
        w.s(r, 2, &e.name_zh, Some(&f.wrap))?;
        w.s(r, 3, &e.sector, None)?;
        w.s(
            r,
            4,
            if e.kind == crate::model::EntityKind::Tenant {
                "tenant"
            } else {
                "shared infrastructure"
            },
            None,
        )?;
        w.n(r, 5, e.ownership_pct, Some(&f.num))?;
        w.s(r, 6, yn(e.operational_control), None)?;
        w.s(r, 7, yn(e.financial_control), None)?;
        w.s(r, 8, yn(e.included), None)?;
        w.n(r, 9, share.unwrap_or(0.0), Some(&f.pct))?;
        w.s(
            r,
            10,
            match share {
                Ok(_) => "inside the boundary",
                Err(reason) => status_text(BoundaryStatus::Outside(reason)),
            },
            None,
        )?;
        let why = e.exclusion_reason.as_deref().unwrap_or("");
        w.s(r, 11, why, Some(&f.wrap))?;
        let guideline = g
            .guideline_for_sector(&e.sector)
            .map_or("", |x| x.name.en.as_str());
        w.s(r, 12, guideline, Some(&f.wrap))?;
        fit_row(
            &mut w,
            r,
            &[
                (&e.name, COLUMNS[1].width),
                (&e.name_zh, COLUMNS[2].width),
                (why, COLUMNS[11].width),
                (guideline, COLUMNS[12].width),
            ],
        )?;
        let id = q(&e.id);
        let ent = A::Entity.range(n_act);
        w.f(
            r,
            13,
            &format!("=SUMIFS({},{ent},{id})", A::Gross.range(n_act)),
            gross.get(e.id.as_str()).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
        w.f(
            r,
            14,
            &format!("=SUMIFS({},{ent},{id})", A::Inventory.range(n_act)),
            inv.by_entity.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
        w.f(
            r,
            15,
            &format!("=SUMIFS({},{ent},{id})", A::Excluded.range(n_act)),
            inv.excluded_by_entity.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
    }
    Ok(w.finish())
}
