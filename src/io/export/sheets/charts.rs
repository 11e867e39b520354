//! The Charts sheet: native charts over the Inventory sheet's blocks.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::inventory::InventoryLayout;
use super::layout::{Fmt, page};
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

pub(super) fn charts(
    ws: &mut Worksheet,
    f: &Fmt,
    l: &InventoryLayout,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let mut w = W::new(ws, "Charts", 2)?;
    page(w.ws, park);
    w.s(
        0,
        0,
        "Charts (data: the Inventory sheet) / 图表（数据见清单工作表）",
        Some(&f.title),
    )?;
    let mut add = |kind: ChartType,
                   title: &str,
                   rows: (u32, u32),
                   at: (u32, u16)|
     -> Result<(), ExportError> {
        let mut c = Chart::new(kind);
        c.title().set_name(title);
        c.add_series()
            .set_categories(("Inventory", rows.0, 0, rows.1, 0))
            .set_values(("Inventory", rows.0, 1, rows.1, 1))
            .set_name("t CO2e");
        c.legend().set_hidden();
        c.y_axis().set_num_format("#,##0");
        w.ws.insert_chart(at.0, at.1, &c)?;
        Ok(())
    };
    add(
        ChartType::Column,
        "Emissions by scope (t CO2e) / 按范围",
        l.scope_rows,
        (2, 0),
    )?;
    add(
        ChartType::Bar,
        "Top 15 entities (t CO2e) / 前15位实体",
        l.top_rows,
        (2, 9),
    )?;
    add(
        ChartType::Line,
        "Monthly trend (t CO2e) / 月度趋势",
        l.month_rows,
        (20, 0),
    )?;
    add(
        ChartType::Column,
        "By gas (t CO2e) / 按气体",
        l.gas_rows,
        (20, 9),
    )?;
    Ok(w.finish())
}
