//! The inventory's charts (egui_plot): by scope, top entities stacked by
//! scope, monthly trend, by gas, by sector. Each reads the cached analysis;
//! hovering shows the value with its unit, clicking a bar returns a filter
//! for the record table. Scopes and sectors carry their 95 % intervals
//! (Monte Carlo) as error bars.

use super::derived::TOP_ENTITIES;
use super::i18n::{Lang, n_, tr};
use super::inventory_ui::RecordFilter;
use super::widgets::fmt_t;
use crate::audit::Analysis;
use egui::Color32;
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};

/// An error bar: x, and the 95 % interval's ends (Monte Carlo, t CO₂e).
pub type Whisker = (f64, f64, f64);

const WHISKER_COLOUR: Color32 = Color32::from_rgb(60, 60, 60);

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
/// Room a category label needs under its bar: four characters and "…".
const CATEGORY_LABEL_PX: f32 = 36.0;
/// The plot's width that is not bars: the value axis with its numbers and
/// title, and the margins.
const PLOT_MARGIN_PX: f32 = 100.0;

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
    whiskers: &[Whisker],
) -> Option<usize> {
    let n = labels.len();
    // Every bar is labelled, in a smaller font: shortened to the room it has
    // (see `fit_label`); the full name is on hover.
    let room = bar_room_px(width, n);
    let axis_labels: Vec<String> = labels.iter().map(|l| fit_label(l, room)).collect();
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
    let whisker_name = "95 %";
    let resp = plot.show(ui, |pui| {
        for c in charts {
            pui.bar_chart(c);
        }
        for &(x, lo, hi) in whiskers {
            for pts in [
                vec![[x, lo], [x, hi]],
                vec![[x - 0.12, lo], [x + 0.12, lo]],
                vec![[x - 0.12, hi], [x + 0.12, hi]],
            ] {
                pui.line(
                    Line::new(whisker_name, PlotPoints::from(pts))
                        .color(WHISKER_COLOUR)
                        .width(1.5),
                );
            }
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

/// The room a label has under one of `n` bars in a plot `width` wide
/// (less the value axis, the margins and a gap between labels).
fn bar_room_px(width: f32, n: usize) -> f32 {
    (width - PLOT_MARGIN_PX) / (n as f32 + 0.5) - 4.0
}

/// `label` cut to about `room_px` points, ending in "…" when cut; at least
/// one character is kept, so no bar goes unlabelled.
pub fn fit_label(label: &str, room_px: f32) -> String {
    let width = |c: char| if c.is_ascii() { 7.0 } else { 12.5 };
    let total: f32 = label.chars().map(width).sum();
    if total <= room_px {
        return label.to_string();
    }
    let mut out = String::new();
    let mut used = 7.0; // the ellipsis
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
    // Names under the bars that keep the two scope 2 bars apart: the long
    // ones where they fit, else the short ones (S2 loc.); the full names
    // are on hover.
    let room = bar_room_px(width, 4);
    let long = [
        n_("Scope 1"),
        n_("Scope 2 loc."),
        n_("Scope 2 mkt."),
        n_("Scope 3"),
    ];
    let short = [n_("S1"), n_("S2 loc."), n_("S2 mkt."), n_("S3")];
    let fits = long.iter().all(|l| {
        let l = tr(lang, l);
        fit_label(l, room) == l
    });
    let labels = (if fits { long } else { short })
        .iter()
        .map(|l| tr(lang, l).to_string())
        .collect();
    // The 95 % intervals (Monte Carlo) of the location-based scopes.
    let u = &a.uncertainty;
    let whiskers: Vec<Whisker> = [(0.0, "1"), (1.0, "2"), (3.0, "3")]
        .iter()
        .filter_map(|&(x, key)| {
            let i = u.by_scope.iter().find(|i| i.key == key)?;
            Some((x, i.mc.p2_5, i.mc.p97_5))
        })
        .collect();
    bar_plot(
        ui,
        width,
        "chart_scope",
        labels,
        vec![chart],
        false,
        &whiskers,
    )
    .map(|i| {
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
    let fit = ((width - PLOT_MARGIN_PX) / ENTITY_LABEL_PX)
        .floor()
        .max(5.0) as usize;
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
    bar_plot(ui, width, "chart_entities", labels, charts, true, &[])
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
    bar_plot(ui, width, "chart_month", labels, vec![chart], false, &[])
        .and_then(|i| months.get(i).map(|(p, _)| *p))
        .map(RecordFilter::Month)
}

/// The largest categories that can be named under their bars in `width`,
/// the rest folded into one "Other" bar (listed under the chart). Returns
/// the bars (key, label, value) — `None` for "Other" — and the folded ones.
type Folded<K> = (Vec<(Option<K>, String, f64)>, Vec<(String, f64)>);

fn fold_to_fit<K: Clone>(mut values: Vec<(K, String, f64)>, width: f32, lang: Lang) -> Folded<K> {
    values.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.1.cmp(&y.1)));
    let room = (((width - PLOT_MARGIN_PX) / CATEGORY_LABEL_PX).floor() as usize).max(3);
    if values.len() <= room {
        return (
            values
                .into_iter()
                .map(|(k, n, v)| (Some(k), n, v))
                .collect(),
            Vec::new(),
        );
    }
    let rest: Vec<(String, f64)> = values
        .split_off(room - 1)
        .into_iter()
        .map(|(_, n, v)| (n, v))
        .collect();
    let mut shown: Vec<(Option<K>, String, f64)> = values
        .into_iter()
        .map(|(k, n, v)| (Some(k), n, v))
        .collect();
    shown.push((
        None,
        tr(lang, "Other").to_string(),
        rest.iter().map(|(_, v)| v).sum(),
    ));
    (shown, rest)
}

/// A chart of categories (gases, sectors): as many bars as can be named,
/// the rest as "Other"; what is folded or too small to see is listed under it.
// Each chart names its id, title, colour, values and intervals here.
#[allow(clippy::too_many_arguments)]
fn categories_ui<K: Clone>(
    ui: &mut egui::Ui,
    width: f32,
    lang: Lang,
    id: &str,
    title: &'static str,
    colour: Color32,
    values: Vec<(K, String, f64)>,
    interval: &dyn Fn(&K) -> Option<(f64, f64)>,
) -> Option<K> {
    let (shown, folded) = fold_to_fit(values, width, lang);
    let whiskers: Vec<Whisker> = shown
        .iter()
        .enumerate()
        .filter_map(|(x, (k, _, _))| {
            let (lo, hi) = interval(k.as_ref()?)?;
            Some((x as f64, lo, hi))
        })
        .collect();
    let named: Vec<(String, f64)> = shown.iter().map(|(_, n, v)| (n.clone(), *v)).collect();
    let chart = BarChart::new(tr(lang, title), bars(&named, colour)).element_formatter(formatter());
    let labels = named.iter().map(|(n, _)| n.clone()).collect();
    let clicked = bar_plot(ui, width, id, labels, vec![chart], false, &whiskers)
        .and_then(|i| shown.get(i).and_then(|(k, _, _)| k.clone()));
    if !folded.is_empty() {
        let list: Vec<String> = folded
            .iter()
            .map(|(n, v)| format!("{n} {} t", fmt_t(*v)))
            .collect();
        ui.small(format!("{}: {}", tr(lang, "Other"), list.join(" · ")));
    }
    let visible: Vec<(String, f64)> = shown
        .iter()
        .filter(|(k, _, _)| k.is_some())
        .map(|(_, n, v)| (n.clone(), *v))
        .collect();
    too_small_ui(ui, lang, &visible);
    clicked
}

pub fn by_gas_ui(ui: &mut egui::Ui, width: f32, lang: Lang, a: &Analysis) -> Option<RecordFilter> {
    let values = a
        .inventory
        .by_gas
        .iter()
        .filter(|(_, t)| **t != 0.0)
        .map(|(g, t)| (*g, g.to_string(), *t))
        .collect();
    categories_ui(
        ui,
        width,
        lang,
        "chart_gas",
        n_("By gas"),
        Color32::from_rgb(170, 120, 60),
        values,
        &|_| None,
    )
    .map(RecordFilter::Gas)
}

pub fn by_sector_ui(
    ui: &mut egui::Ui,
    width: f32,
    lang: Lang,
    a: &Analysis,
) -> Option<RecordFilter> {
    let values = a
        .inventory
        .by_sector
        .iter()
        .map(|(s, t)| (s.clone(), super::widgets::sector_label(lang, s), *t))
        .collect();
    categories_ui(
        ui,
        width,
        lang,
        "chart_sector",
        n_("By sector"),
        Color32::from_rgb(90, 160, 150),
        values,
        &|s: &String| {
            a.uncertainty
                .by_sector
                .iter()
                .find(|i| &i.key == s)
                .map(|i| (i.mc.p2_5, i.mc.p97_5))
        },
    )
    .map(RecordFilter::Sector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_to_their_room_and_never_empty() {
        // 7 px per Latin character, 7 for the ellipsis: 60 px holds seven characters and "…".
        assert_eq!(fit_label("Scope 2 (location)", 60.0), "Scope 2…");
        assert_eq!(fit_label("E01", 30.0), "E01");
        // 12.5 px per Chinese character: 40 px holds two and "…".
        assert_eq!(fit_label("范围二（基于位置）", 40.0), "范围…");
        // No room at all still names the bar by its first character.
        assert_eq!(fit_label("CH4_nonfossil", 5.0), "C…");
    }

    #[test]
    fn categories_beyond_the_room_are_one_other_bar_with_their_sum() {
        let values: Vec<(u32, String, f64)> = (1..=10)
            .map(|i| (i, format!("c{i}"), f64::from(i)))
            .collect();
        // (254 − 100) / 36 = 4.3, so 4 bars: the three largest and "Other" (1 + … + 7 = 28).
        let (shown, folded) = fold_to_fit(values.clone(), 254.0, Lang::En);
        let bars: Vec<(Option<u32>, &str, f64)> =
            shown.iter().map(|(k, n, v)| (*k, n.as_str(), *v)).collect();
        assert_eq!(
            bars,
            [
                (Some(10), "c10", 10.0),
                (Some(9), "c9", 9.0),
                (Some(8), "c8", 8.0),
                (None, "Other", 28.0)
            ]
        );
        assert_eq!(folded.len(), 7);
        // Room for all: nothing folded.
        let (shown, folded) = fold_to_fit(values, 1000.0, Lang::Zh);
        assert_eq!((shown.len(), folded.len()), (10, 0));
    }
}
