//! The Charts sheet: each chart on its own printed page, beside a table of the
//! values it draws (label, t CO2e, share). The tables hold the engine's values
//! rather than formulas, so the charts' caches are filled and a viewer that
//! does not recalculate still draws them; the Inventory sheet recomputes the
//! same figures from the Activity sheet.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::inventory::InventoryLayout;
use super::layout::{Fmt, fit, fit_row, page};
use crate::calc::inventory::Inventory;
use rust_xlsxwriter::{Chart, ChartAxisCrossing, ChartDataLabel, ChartType, Worksheet};

/// Label, t CO2e, share of the total; a narrow gap; then the chart.
const WIDTHS: [f64; 4] = [44.0, 18.0, 10.0, 2.0];
const CHART_PX: u32 = 640;
/// Rows a chart block may use on a landscape page (with the title and table).
const BLOCK_ROWS: u32 = 30;

/// One chart: its title, kind, the rows it draws, and its height in pixels.
struct Block {
    title: &'static str,
    kind: ChartType,
    rows: Vec<(String, f64)>,
    height_px: u32,
    values_on_bars: bool,
}

pub(super) fn charts(
    ws: &mut Worksheet,
    f: &Fmt,
    inv: &Inventory,
    l: &InventoryLayout,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let blocks = [
        Block {
            title: "Emissions by scope (t CO2e) / 按范围",
            kind: ChartType::Column,
            rows: vec![
                ("Scope 1 / 范围一".into(), inv.scope1_t),
                (
                    "Scope 2, location-based / 范围二（基于位置）".into(),
                    inv.scope2_location_t,
                ),
                (
                    "Scope 2, market-based / 范围二（基于市场）".into(),
                    inv.scope2_market_t,
                ),
                ("Scope 3 / 范围三".into(), inv.scope3_t),
            ],
            height_px: 400,
            values_on_bars: true,
        },
        Block {
            title: "Top 15 entities, location-based (t CO2e) / 排放前15位实体",
            kind: ChartType::Bar,
            rows: l
                .top
                .iter()
                .map(|(_, name, v)| (name.clone(), *v))
                .collect(),
            height_px: 520,
            values_on_bars: true,
        },
        Block {
            title: "Monthly emissions, location-based (t CO2e) / 月度排放",
            kind: ChartType::Line,
            rows: inv
                .by_month
                .iter()
                .map(|(m, v)| (m.to_string(), *v))
                .collect(),
            height_px: 400,
            values_on_bars: false,
        },
        Block {
            title: "By gas, location-based (t CO2e) / 按气体",
            kind: ChartType::Bar,
            rows: inv
                .by_gas
                .iter()
                .map(|(g, v)| (g.code().to_string(), *v))
                .collect(),
            height_px: 440,
            values_on_bars: false,
        },
    ];
    let rows: u32 = blocks
        .iter()
        .map(|b| BLOCK_ROWS.max(b.rows.len() as u32 + 3))
        .sum();
    let mut w = W::new(ws, "Charts", rows + 2)?;
    w.set_plain(&f.plain);
    let mut widths = WIDTHS.to_vec();
    widths.push(f64::from(CHART_PX) / 7.0);
    page(w.ws, park, fit(true, &widths));
    for (c, width) in WIDTHS.iter().enumerate() {
        w.ws.set_column_width(c as u16, *width)?;
    }
    w.s(
        0,
        0,
        "Charts, with the values they draw / 图表及其数值",
        Some(&f.title),
    )?;
    let mut start = 2;
    let mut breaks = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            breaks.push(start);
        }
        w.s(start, 0, b.title, Some(&f.bold))?;
        let headings = ["", "t CO2e / 吨", "Share of the total / 占总量"];
        for (c, h) in headings.iter().enumerate() {
            w.s(start + 1, c as u16, h, Some(&f.header))?;
        }
        let cells: Vec<(&str, f64)> = headings
            .iter()
            .zip(WIDTHS)
            .map(|(h, width)| (*h, width / 1.3))
            .collect();
        fit_row(&mut w, start + 1, &cells)?;
        let first = start + 2;
        for (k, (label, v)) in b.rows.iter().enumerate() {
            let r = first + k as u32;
            w.s(r, 0, label, None)?;
            w.n(r, 1, *v, Some(&f.t))?;
            // Of the location-based total, for every chart (scope 2
            // market-based too, so the two scope 2 shares compare).
            if inv.total_t_co2e != 0.0 {
                w.n(r, 2, v / inv.total_t_co2e, Some(&f.share))?;
            }
        }
        let last = first + b.rows.len().max(1) as u32 - 1;
        let mut c = Chart::new(b.kind);
        c.title().set_name(b.title);
        c.set_width(CHART_PX).set_height(b.height_px);
        let series = c
            .add_series()
            .set_categories(("Charts", first, 0, last, 0))
            .set_values(("Charts", first, 1, last, 1))
            .set_name("t CO2e");
        if b.values_on_bars {
            series.set_data_label(ChartDataLabel::new().show_value().set_num_format("#,##0"));
        }
        c.legend().set_hidden();
        // Bar charts draw categories on the y axis: largest at the top, the
        // value axis kept at the bottom. Values from 0. No label is skipped
        // (no tickLblSkip): each category has room for its label — at least
        // 24 px a bar, 50 px a column — and long names go on bar charts.
        if b.kind == ChartType::Bar {
            c.y_axis()
                .set_reverse()
                .set_crossing(ChartAxisCrossing::Max);
            c.x_axis().set_num_format("#,##0").set_min(0);
        } else {
            c.y_axis().set_num_format("#,##0").set_min(0);
        }
        w.ws.insert_chart(start + 1, 4, &c)?;
        start += BLOCK_ROWS.max(b.rows.len() as u32 + 3);
    }
    w.ws.set_page_breaks(&breaks)?;
    Ok(w.finish())
}
