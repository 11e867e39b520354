//! The Inventory sheet: totals, by scope, category, gas, entity, sector and
//! month, and the top 15 entities — each a SUMIFS over the Activity sheet.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::activity::A;
use super::layout::{Fmt, fit, fit_row, fit_scale, page, q};
use crate::calc::inventory::Inventory;
use crate::model::{IsoCategory, Project};
use rust_xlsxwriter::Worksheet;

/// Where the Inventory sheet's blocks are (0-based rows), for names and charts.
pub(crate) struct InventoryLayout {
    pub total_row: u32,
    pub scope_rows: (u32, u32),
    pub top_rows: (u32, u32),
    pub month_rows: (u32, u32),
    pub gas_rows: (u32, u32),
    pub sector_rows: (u32, u32),
    pub entity_rows: (u32, u32),
    /// The top 15 entities: id, "id name" and t CO2e, largest first.
    pub top: Vec<(String, String, f64)>,
}

impl InventoryLayout {
    pub fn new(p: &Project, inv: &Inventory) -> InventoryLayout {
        let mut top: Vec<(String, String, f64)> = inv
            .by_entity
            .iter()
            .map(|(k, v)| {
                let name = p
                    .entities
                    .iter()
                    .find(|e| &e.id == k)
                    .map_or(k.clone(), |e| format!("{} {}", e.id, e.name));
                (k.clone(), name, *v)
            })
            .collect();
        top.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        top.truncate(15);
        let total_row = 2;
        let scope_rows = (total_row + 10, total_row + 13);
        let cat_start = scope_rows.1 + 3;
        let gas_start = cat_start + 6 + 3;
        let gas_rows = (gas_start, gas_start + inv.by_gas.len().max(1) as u32 - 1);
        let ent_start = gas_rows.1 + 4;
        let sector_start = ent_start + p.entities.len() as u32 + 3;
        let month_start = sector_start + inv.by_sector.len() as u32 + 3;
        let month_rows = (
            month_start,
            month_start + inv.by_month.len().max(1) as u32 - 1,
        );
        let top_start = month_rows.1 + 4;
        let top_rows = (top_start, top_start + top.len().max(1) as u32 - 1);
        InventoryLayout {
            total_row,
            scope_rows,
            top_rows,
            month_rows,
            gas_rows,
            sector_rows: (
                sector_start,
                sector_start + inv.by_sector.len().max(1) as u32 - 1,
            ),
            entity_rows: (ent_start, ent_start + p.entities.len().max(1) as u32 - 1),
            top,
        }
    }

    /// Rows before which a page breaks, so that each block (its title, its
    /// rows) starts on a new page when it would not fit the rest of the
    /// current one; `rows_per_page` printed rows fit a page.
    pub fn page_breaks(&self, rows_per_page: u32) -> Vec<u32> {
        let blocks = [
            (self.gas_rows.0 - 1, self.gas_rows.1),
            (self.entity_rows.0 - 1, self.entity_rows.1),
            (self.sector_rows.0 - 1, self.sector_rows.1),
            (self.month_rows.0 - 1, self.month_rows.1),
            (self.top_rows.0 - 1, self.top_rows.1),
        ];
        let mut breaks = Vec::new();
        let mut page_start = 0;
        for (first, last) in blocks {
            if last + 1 - page_start > rows_per_page {
                breaks.push(first);
                page_start = first;
            }
        }
        breaks
    }
}

pub(super) fn inventory(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    l: &InventoryLayout,
    n_act: u32,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let mut w = W::new(ws, "Inventory", l.top_rows.1 + 1)?;
    w.set_plain(&f.plain);
    // Portrait: a column of labels and two of figures.
    const WIDTHS: [f64; 3] = [64.0, 22.0, 22.0];
    page(w.ws, park, fit(false, &WIDTHS));
    for (c, width) in WIDTHS.iter().enumerate() {
        w.ws.set_column_width(c as u16, *width)?;
    }
    // A4 portrait less 0.75 in margins top and bottom: 733 pt of rows, 15 pt
    // each at the print scale; a few rows spare for taller ones.
    let scale = f64::from(fit_scale(false, WIDTHS.iter().sum(), WIDTHS.len())) / 100.0;
    let rows_per_page = (733.0 / (15.0 * scale)) as u32 - 4;
    w.ws.set_page_breaks(&l.page_breaks(rows_per_page))?;
    w.s(
        0,
        0,
        "Inventory (t CO2e) / 温室气体清单（吨二氧化碳当量）",
        Some(&f.title),
    )?;
    let a = |c: A| c.range(n_act);
    let scope_sum = |s: u8, c: A| format!("=SUMIFS({},{},{s})", a(c), a(A::Scope));
    let mut r = l.total_row;
    for (label, formula, v) in [
        (
            "Total, location-based / 总排放（基于位置）",
            format!(
                "=B{}+B{}+B{}",
                l.scope_rows.0 + 1,
                l.scope_rows.0 + 2,
                l.scope_rows.0 + 4
            ),
            inv.total_t_co2e,
        ),
        (
            "Total, market-based / 总排放（基于市场）",
            format!(
                "=B{}+B{}+B{}",
                l.scope_rows.0 + 1,
                l.scope_rows.0 + 3,
                l.scope_rows.0 + 4
            ),
            inv.total_market_t_co2e,
        ),
        (
            "Scope 1 / 范围一",
            format!("=B{}", l.scope_rows.0 + 1),
            inv.scope1_t,
        ),
        (
            "Scope 2, location-based / 范围二（基于位置）",
            format!("=B{}", l.scope_rows.0 + 2),
            inv.scope2_location_t,
        ),
        (
            "Scope 2, market-based / 范围二（基于市场）",
            format!("=B{}", l.scope_rows.0 + 3),
            inv.scope2_market_t,
        ),
        (
            "Scope 3 / 范围三",
            format!("=B{}", l.scope_rows.0 + 4),
            inv.scope3_t,
        ),
        (
            "Excluded, outside the boundary, at 100 % / 边界外排放",
            format!("=SUM({})", a(A::Excluded)),
            inv.excluded_t,
        ),
        (
            "Biogenic CO2, outside the scopes / 生物质二氧化碳",
            format!("=SUM({})", a(A::Biogenic)),
            inv.biogenic_co2_t,
        ),
    ] {
        w.s(r, 0, label, None)?;
        w.f(r, 1, &formula, v, Some(&f.t))?;
        r += 1;
    }
    r = l.scope_rows.0 - 1;
    w.s(r, 0, "By scope / 按范围", Some(&f.bold))?;
    for (i, (label, formula, v)) in [
        ("Scope 1", scope_sum(1, A::Inventory), inv.scope1_t),
        (
            "Scope 2 (location-based)",
            scope_sum(2, A::Inventory),
            inv.scope2_location_t,
        ),
        (
            "Scope 2 (market-based)",
            scope_sum(2, A::Market),
            inv.scope2_market_t,
        ),
        ("Scope 3", scope_sum(3, A::Inventory), inv.scope3_t),
    ]
    .into_iter()
    .enumerate()
    {
        w.s(l.scope_rows.0 + i as u32, 0, label, None)?;
        w.f(l.scope_rows.0 + i as u32, 1, &formula, v, Some(&f.t))?;
    }
    r = l.scope_rows.1 + 2;
    w.s(r, 0, "By ISO 14064-1 category / 按类别", Some(&f.bold))?;
    for c in IsoCategory::all() {
        r += 1;
        let label = format!("{} {}", c.number(), c.title());
        w.s(r, 0, &label, Some(&f.wrap))?;
        fit_row(&mut w, r, &[(&label, WIDTHS[0])])?;
        w.f(
            r,
            1,
            &format!(
                "=SUMIFS({},{},{})",
                a(A::Inventory),
                a(A::Category),
                c.number()
            ),
            inv.by_category.get(&c.number()).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
    }
    w.s(
        l.gas_rows.0 - 1,
        0,
        "By gas, location-based (t CO2e) / 按气体",
        Some(&f.bold),
    )?;
    for (i, (g, v)) in inv.by_gas.iter().enumerate() {
        let row = l.gas_rows.0 + i as u32;
        w.s(row, 0, g.code(), None)?;
        w.f(
            row,
            1,
            &format!("=SUMIFS(Factors!$J:$J,Factors!$D:$D,{})", q(g.code())),
            *v,
            Some(&f.t),
        )?;
    }
    let ent_start = l.gas_rows.1 + 4;
    w.s(ent_start - 1, 0, "By entity / 按实体", Some(&f.bold))?;
    w.s(
        ent_start - 1,
        1,
        "location-based / 基于位置",
        Some(&f.bold_wrap),
    )?;
    w.s(
        ent_start - 1,
        2,
        "market-based / 基于市场",
        Some(&f.bold_wrap),
    )?;
    for (i, e) in p.entities.iter().enumerate() {
        let row = ent_start + i as u32;
        w.s(row, 0, &format!("{} {}", e.id, e.name), None)?;
        let id = q(&e.id);
        w.f(
            row,
            1,
            &format!("=SUMIFS({},{},{id})", a(A::Inventory), a(A::Entity)),
            inv.by_entity.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
        w.f(
            row,
            2,
            &format!("=SUMIFS({},{},{id})", a(A::Market), a(A::Entity)),
            inv.by_entity_market.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
    }
    let sector_start = ent_start + p.entities.len() as u32 + 3;
    w.s(sector_start - 1, 0, "By sector / 按行业", Some(&f.bold))?;
    for (i, (s, v)) in inv.by_sector.iter().enumerate() {
        let row = sector_start + i as u32;
        w.s(row, 0, s, None)?;
        w.f(
            row,
            1,
            &format!("=SUMIFS({},{},{})", a(A::Inventory), a(A::Sector), q(s)),
            *v,
            Some(&f.t),
        )?;
    }
    w.s(l.month_rows.0 - 1, 0, "By month / 按月份", Some(&f.bold))?;
    for (i, (m, v)) in inv.by_month.iter().enumerate() {
        let row = l.month_rows.0 + i as u32;
        w.s(row, 0, &m.to_string(), None)?;
        w.f(
            row,
            1,
            &format!(
                "=SUMIFS({},{},{})",
                a(A::Inventory),
                a(A::Period),
                q(&m.to_string())
            ),
            *v,
            Some(&f.t),
        )?;
    }
    w.s(
        l.top_rows.0 - 1,
        0,
        "Top 15 entities / 排放前15位实体",
        Some(&f.bold),
    )?;
    for (i, (id, name, v)) in l.top.iter().enumerate() {
        let row = l.top_rows.0 + i as u32;
        w.s(row, 0, name, None)?;
        w.f(
            row,
            1,
            &format!("=SUMIFS({},{},{})", a(A::Inventory), a(A::Entity), q(id)),
            *v,
            Some(&f.t),
        )?;
    }
    Ok(w.finish())
}
