//! The inventory's charts (egui_plot): by scope, top entities stacked by
//! scope, monthly trend, by gas, by sector. Each reads the cached analysis;
//! hovering shows the value with its unit, clicking a bar returns a filter
//! for the record table.

use super::derived::TOP_ENTITIES;
use super::i18n::{Lang, n_, tr};
use super::inventory_ui::RecordFilter;
use super::widgets::fmt_t;
use crate::audit::Analysis;
use egui::Color32;
use egui_plot::{Bar, BarChart, Legend, Plot};

pub const SCOPE_COLOURS: [Color32; 3] = [
    Color32::from_rgb(214, 96, 77),
    Color32::from_rgb(67, 147, 195),
    Color32::from_rgb(120, 170, 90),
];

const CHART_HEIGHT: f32 = 220.0;
/// The size of the category labels under the bars.
const LABEL_PT: f32 = 12.0;
/// Room one entity label (`E01`) needs under its bar, in points.
const ENTITY_LABEL_PX: f32 = 26.0;

/// egui_plot's hover text for a bar.
type BarFormatter = Box<dyn Fn(&Bar, &BarChart) -> String>;

fn formatter() -> BarFormatter {
    Box::new(|bar, _| format!("{}\n{} t CO₂e", bar.name, fmt_t(bar.value)))
}

/// A bar plot whose x positions 0, 1, 2 … carry `labels`; returns the index of a clicked bar.
fn bar_plot(
    ui: &mut egui::Ui,
    width: f32,
    id: &str,
    labels: Vec<String>,
    charts: Vec<BarChart>,
    legend: bool,
) -> Option<usize> {
    let n = labels.len();
    // Every bar is labelled, in a smaller font: shortened to the room it has
    // (about 6.5 px per Latin character, 12 per Chinese one at 12 pt); the
    // full name is on hover.
    let per_bar_px = (width - 70.0) / (n as f32 + 0.6);
    let axis_labels: Vec<String> = labels
        .iter()
        .map(|l| fit_label(l, per_bar_px - 4.0))
        .collect();
    let x_axis = egui_plot::AxisHints::new_x()
        .label_spacing(8.0..=12.0)
        .tick_label_font(egui::FontId::proportional(LABEL_PT))
        .formatter(move |mark, _| {
            let v = mark.value;
            if (v - v.round()).abs() < 1e-6 && v >= 0.0 {
                axis_labels
                    .get(v.round() as usize)
                    .cloned()
                    .unwrap_or_default()
            } else {
                String::new()
            }
        });
    let mut plot = Plot::new(id)
        .height(CHART_HEIGHT)
        .width(width)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .y_axis_label("t CO₂e")
        .custom_x_axes(vec![x_axis])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
        .grid_spacing(4.0..=300.0)
        .y_axis_formatter(|mark, _| fmt_t(mark.value))
        .label_formatter(|_| None)
        .include_y(0.0);
    if legend {
        plot = plot.legend(Legend::default());
    }
    let resp = plot.show(ui, |pui| {
        for c in charts {
            pui.bar_chart(c);
        }
        pui.pointer_coordinate()
    });
    if resp.response.clicked()
        && let Some(pt) = resp.inner
    {
        let i = pt.x.round();
        if i >= 0.0 && (i as usize) < n && (pt.x - i).abs() <= 0.45 {
            return Some(i as usize);
        }
    }
    None
}

/// `label` cut to about `room_px` points, ending in "…" when cut; at least
/// one character is kept, so no bar goes unlabelled.
pub fn fit_label(label: &str, room_px: f32) -> String {
    let width = |c: char| if c.is_ascii() { 6.5 } else { 12.0 };
    let total: f32 = label.chars().map(width).sum();
    if total <= room_px {
        return label.to_string();
    }
    let mut out = String::new();
    let mut used = 6.5; // the ellipsis
    for c in label.chars() {
        if used + width(c) > room_px && !out.is_empty() {
            break;
        }
        used += width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// Categories under 1 % of the largest bar cannot be seen in the chart: they
/// are listed under it with their values.
fn too_small_ui(ui: &mut egui::Ui, lang: Lang, values: &[(String, f64)]) {
    let max = values.iter().map(|(_, v)| v.abs()).fold(0.0, f64::max);
    let small: Vec<String> = values
        .iter()
        .filter(|(_, v)| v.abs() < max * 0.01)
        .map(|(n, v)| format!("{n} {} t", fmt_t(*v)))
        .collect();
    if !small.is_empty() {
        ui.small(format!(
            "{}: {}",
            tr(lang, "Too small to see"),
            small.join(" · ")
        ));
    }
}

fn bars(values: &[(String, f64)], colour: Color32) -> Vec<Bar> {
    values
        .iter()
        .enumerate()
        .map(|(i, (name, v))| Bar::new(i as f64, *v).name(name).fill(colour).width(0.7))
        .collect()
}

pub fn by_scope_ui(
    ui: &mut egui::Ui,
    width: f32,
    lang: Lang,
    a: &Analysis,
) -> Option<RecordFilter> {
    let inv = &a.inventory;
    let values = [
        (tr(lang, "Scope 1").to_string(), inv.scope1_t),
        (
            tr(lang, "Scope 2 (location)").to_string(),
            inv.scope2_location_t,
        ),
        (
            tr(lang, "Scope 2 (market)").to_string(),
            inv.scope2_market_t,
        ),
        (tr(lang, "Scope 3").to_string(), inv.scope3_t),
    ];
    let colours = [
        SCOPE_COLOURS[0],
        SCOPE_COLOURS[1],
        Color32::from_rgb(140, 190, 225),
        SCOPE_COLOURS[2],
    ];
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, (n, v))| Bar::new(i as f64, *v).name(n).fill(colours[i]).width(0.7))
        .collect();
    let chart = BarChart::new(tr(lang, "By scope"), bars).element_formatter(formatter());
    let labels = values.iter().map(|(n, _)| n.clone()).collect();
    bar_plot(ui, width, "chart_scope", labels, vec![chart], false).map(|i| {
        RecordFilter::Scope(match i {
            0 => 1,
            1 | 2 => 2,
            _ => 3,
        })
    })
}

pub fn top_entities_ui(
    ui: &mut egui::Ui,
    width: f32,
    lang: Lang,
    a: &Analysis,
) -> Option<RecordFilter> {
    // As many entities as can be named under their bars (at least five).
    let fit = ((width - 70.0) / ENTITY_LABEL_PX).floor().max(5.0) as usize;
    let top: Vec<_> = a.entities.iter().take(TOP_ENTITIES.min(fit)).collect();
    let labels: Vec<String> = top.iter().map(|e| e.id.clone()).collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for (s, name) in [
        (0, n_("Scope 1")),
        (1, n_("Scope 2 (location)")),
        (2, n_("Scope 3")),
    ] {
        let bars: Vec<Bar> = top
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let who = if lang == Lang::Zh && !e.name_zh.is_empty() {
                    &e.name_zh
                } else {
                    &e.name
                };
                Bar::new(i as f64, e.scope_t[s])
                    .name(format!("{} {who} — {}", e.id, tr(lang, name)))
                    .fill(SCOPE_COLOURS[s])
                    .width(0.7)
            })
            .collect();
        let refs: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(tr(lang, name), bars)
            .color(SCOPE_COLOURS[s])
            .element_formatter(formatter())
            .stack_on(&refs);
        charts.push(chart);
    }
    let ids = labels.clone();
    bar_plot(ui, width, "chart_entities", labels, charts, true)
        .and_then(|i| ids.get(i).cloned())
        .map(RecordFilter::Entity)
}

pub fn monthly_ui(ui: &mut egui::Ui, width: f32, lang: Lang, a: &Analysis) -> Option<RecordFilter> {
    let months: Vec<_> = a.inventory.by_month.iter().map(|(p, t)| (*p, *t)).collect();
    let values: Vec<(String, f64)> = months.iter().map(|(p, t)| (p.to_string(), *t)).collect();
    let chart = BarChart::new(
        tr(lang, "Monthly trend"),
        bars(&values, Color32::from_rgb(110, 110, 180)),
    )
    .element_formatter(formatter());
    // Months of one year are labelled 01…12 (the full period is on hover).
    let one_year = months.windows(2).all(|w| w[0].0.year == w[1].0.year);
    let labels = months
        .iter()
        .map(|(p, _)| {
            if one_year {
                format!("{:02}", p.month)
            } else {
                p.to_string()
            }
        })
        .collect();
    bar_plot(ui, width, "chart_month", labels, vec![chart], false)
        .and_then(|i| months.get(i).map(|(p, _)| *p))
        .map(RecordFilter::Month)
}

pub fn by_gas_ui(ui: &mut egui::Ui, width: f32, lang: Lang, a: &Analysis) -> Option<RecordFilter> {
    let gases: Vec<_> = a
        .inventory
        .by_gas
        .iter()
        .filter(|(_, t)| **t != 0.0)
        .map(|(g, t)| (*g, *t))
        .collect();
    let values: Vec<(String, f64)> = gases.iter().map(|(g, t)| (g.to_string(), *t)).collect();
    let chart = BarChart::new(
        tr(lang, "By gas"),
        bars(&values, Color32::from_rgb(170, 120, 60)),
    )
    .element_formatter(formatter());
    let labels = values.iter().map(|(n, _)| n.clone()).collect();
    let clicked = bar_plot(ui, width, "chart_gas", labels, vec![chart], false)
        .and_then(|i| gases.get(i).map(|(g, _)| *g))
        .map(RecordFilter::Gas);
    too_small_ui(ui, lang, &values);
    clicked
}

pub fn by_sector_ui(
    ui: &mut egui::Ui,
    width: f32,
    lang: Lang,
    a: &Analysis,
) -> Option<RecordFilter> {
    let mut sectors: Vec<(String, f64)> = a
        .inventory
        .by_sector
        .iter()
        .map(|(s, t)| (s.clone(), *t))
        .collect();
    sectors.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let named: Vec<(String, f64)> = sectors
        .iter()
        .map(|(s, t)| (super::widgets::sector_label(lang, s), *t))
        .collect();
    let chart = BarChart::new(
        tr(lang, "By sector"),
        bars(&named, Color32::from_rgb(90, 160, 150)),
    )
    .element_formatter(formatter());
    let labels = named.iter().map(|(n, _)| n.clone()).collect();
    let clicked = bar_plot(ui, width, "chart_sector", labels, vec![chart], false)
        .and_then(|i| sectors.get(i).map(|(s, _)| s.clone()))
        .map(RecordFilter::Sector);
    too_small_ui(ui, lang, &named);
    clicked
}
