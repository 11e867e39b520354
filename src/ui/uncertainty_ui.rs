//! The inventory step's Uncertainty panel: the total's 95 % interval by
//! both approaches against materiality, the Monte Carlo's histogram, the
//! inputs that dominate the variance, the data quality of the sources (a
//! source's data type changed through the edit layer) and the Monte Carlo's
//! settings. Every figure comes from the cached analysis.

use super::i18n::{Lang, n_, tr};
use super::panel::PanelCx;
use super::widgets::fmt_t;
use crate::audit::Analysis;
use crate::calc::uncertainty::{FactorOrigin, Input, Report};
use crate::edit::{Edit, UncertaintyChange};
use crate::model::{DataQuality, DataType, QualityTarget};
use egui_plot::{Bar, BarChart, Line, Plot, PlotPoints};

/// How many inputs the contributions table lists.
const TOP_INPUTS: usize = 12;

/// The headline interval of a total: `−4.7 % / +5.3 % (95 %)`.
pub fn interval_text(lower_pct: f64, upper_pct: f64) -> String {
    format!("−{lower_pct:.1} % / +{upper_pct:.1} % (95 %)")
}

pub fn uncertainty_ui(ui: &mut egui::Ui, cx: &mut PanelCx, a: &Analysis) {
    let lang = cx.lang();
    let t = move |s| tr(lang, s);
    let r = &a.uncertainty;
    let v = &a.uncertainty_verdict;
    let text = match lang {
        Lang::En => &v.en,
        Lang::Zh => &v.zh,
    };
    if v.exceeds {
        ui.colored_label(ui.visuals().warn_fg_color, text);
    } else {
        ui.label(text);
    }
    if !r.total.a1_holds {
        ui.label(
            egui::RichText::new(t(
                "Approach 1 assumes small, symmetric uncertainties; an input that matters is skewed or wide, so the Monte Carlo interval is the one to read.",
            ))
            .weak(),
        );
    }
    let width = ui.available_width();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width((width * 0.45).max(280.0));
            ui.strong(t("Monte Carlo: the total's distribution"));
            histogram_ui(ui, lang, r, (width * 0.45).max(280.0));
        });
        ui.vertical(|ui| {
            ui.strong(t("Data quality"));
            match r.total.dq_score {
                Some(d) => ui.label(format!(
                    "{} {d:.2} / 5 · {} {:.0} %",
                    t("Pedigree score, weighted by emissions:"),
                    t("sources scored:"),
                    r.total.dq_coverage * 100.0
                )),
                None => ui.label(t("No source has pedigree scores yet.")),
            };
            let defaulted: Vec<String> = r
                .defaulted()
                .map(|f| format!("{} {}", f.factor_id, f.gas.code()))
                .collect();
            if !defaulted.is_empty() {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} {}",
                        t("Factors without a stated range (the default applies):"),
                        defaulted.join(", ")
                    ),
                );
            }
            settings_ui(ui, cx, r);
        });
    });
    ui.add_space(4.0);
    ui.strong(t("Contribution to the variance"));
    contributions_ui(ui, cx, r);
}

fn histogram_ui(ui: &mut egui::Ui, lang: Lang, r: &Report, width: f32) {
    let h = &r.histogram;
    let bars: Vec<Bar> = h
        .counts
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let x = h.min_t + h.width_t * (k as f64 + 0.5);
            Bar::new(x, f64::from(c))
                .width(h.width_t * 0.95)
                .fill(egui::Color32::from_rgb(120, 150, 200))
        })
        .collect();
    let top = h.counts.iter().copied().max().unwrap_or(0) as f64;
    let t = &r.total;
    Plot::new("uncertainty_histogram")
        .height(180.0)
        .width(width)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_axes([true, false])
        .x_axis_formatter(|mark, _| fmt_t(mark.value))
        .label_formatter(|_| None)
        .show(ui, |pui| {
            pui.bar_chart(BarChart::new(tr(lang, "Iterations"), bars));
            for (x, colour) in [
                (t.value_t, egui::Color32::from_rgb(200, 60, 50)),
                (t.mc.p2_5, egui::Color32::DARK_GRAY),
                (t.mc.p97_5, egui::Color32::DARK_GRAY),
            ] {
                pui.line(
                    Line::new("", PlotPoints::from(vec![[x, 0.0], [x, top]]))
                        .color(colour)
                        .width(1.5),
                );
            }
        });
    ui.small(format!(
        "{} {} t · 2.5 % {} t · 97.5 % {} t · {} {} · {} {}",
        tr(lang, "reported"),
        fmt_t(t.value_t),
        fmt_t(t.mc.p2_5),
        fmt_t(t.mc.p97_5),
        tr(lang, "iterations"),
        r.iterations,
        tr(lang, "seed"),
        r.seed
    ));
}

fn settings_ui(ui: &mut egui::Ui, cx: &mut PanelCx, r: &Report) {
    let lang = cx.lang();
    let t = move |s| tr(lang, s);
    let (mut iterations, mut seed, mut gwp) = (r.iterations, r.seed, r.sample_gwp);
    egui::Grid::new("uncertainty_settings")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(t("Iterations"));
            ui.add(
                egui::DragValue::new(&mut iterations)
                    .range(100..=1_000_000)
                    .speed(100),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(t("Seed"));
            ui.add(egui::DragValue::new(&mut seed)).labelled_by(l.id);
            ui.end_row();
        });
    ui.checkbox(&mut gwp, t("Draw the GWPs too (IPCC AR5 ranges)"));
    if (iterations, seed, gwp) != (r.iterations, r.seed, r.sample_gwp) {
        cx.edit(Edit::Uncertainty(UncertaintyChange::Settings {
            iterations,
            seed,
            sample_gwp: gwp,
        }));
    }
}

fn origin(lang: Lang, r: &Report, input: Input) -> &'static str {
    tr(
        lang,
        match input {
            Input::Activity(_) => n_("activity data"),
            Input::Gwp(_) => n_("GWP"),
            Input::Factor(i) => match r.model.factors[i as usize].origin {
                FactorOrigin::Library => n_("library range"),
                FactorOrigin::Project => n_("project range"),
                FactorOrigin::Default => n_("default range"),
            },
        },
    )
}

/// An input, named in the current language (ids and codes stay as they are).
fn input_label(lang: Lang, r: &Report, input: Input) -> String {
    match input {
        Input::Activity(i) => {
            let a = &r.model.activities[i as usize];
            let kind = match lang {
                Lang::En => a.data_type.label(),
                Lang::Zh => a.data_type.label_zh(),
            };
            format!("{} {} ({kind})", tr(lang, "activity data"), a.label())
        }
        Input::Factor(i) => {
            let f = &r.model.factors[i as usize];
            format!("{} {} {}", tr(lang, "factor"), f.factor_id, f.gas.code())
        }
        Input::Gwp(i) => format!("GWP {}", r.model.gwps[i as usize].gas.code()),
    }
}

fn distribution(lang: Lang, d: crate::model::Distribution) -> &'static str {
    use crate::model::Distribution as D;
    tr(
        lang,
        match d {
            D::Normal => n_("normal"),
            D::Lognormal => n_("lognormal"),
            D::Uniform => n_("uniform"),
            D::Triangular => n_("triangular"),
        },
    )
}

fn contributions_ui(ui: &mut egui::Ui, cx: &mut PanelCx, r: &Report) {
    let lang = cx.lang();
    let t = move |s| tr(lang, s);
    let mut change: Option<DataQuality> = None;
    egui::Grid::new("uncertainty_contributions")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for h in [
                n_("Input"),
                n_("Share of the variance"),
                n_("t CO₂e it scales"),
                n_("Range (95 %)"),
                n_("Data type"),
            ] {
                ui.strong(t(h));
            }
            ui.end_row();
            for c in r.contributions.iter().take(TOP_INPUTS) {
                // Narrow windows wrap the name rather than cut the columns off.
                ui.scope(|ui| {
                    ui.set_max_width(230.0);
                    ui.add(egui::Label::new(input_label(lang, r, c.input)).wrap())
                        .on_hover_text(&r.input_spread(c.input).source);
                });
                ui.add(
                    egui::ProgressBar::new(c.share as f32)
                        .desired_width(80.0)
                        .text(format!("{:.1} %", c.share * 100.0)),
                );
                ui.label(fmt_t(c.emissions_t));
                let s = r.input_spread(c.input);
                ui.label(format!(
                    "−{:.1} % / +{:.1} % {} · {}",
                    s.lower_pct,
                    s.upper_pct,
                    distribution(lang, s.distribution),
                    origin(lang, r, c.input)
                ));
                match c.input {
                    Input::Activity(i) => {
                        let a = &r.model.activities[i as usize];
                        let mut chosen = a.data_type;
                        egui::ComboBox::from_id_salt(("data_type", i))
                            .selected_text(match lang {
                                Lang::En => a.data_type.label(),
                                Lang::Zh => a.data_type.label_zh(),
                            })
                            .show_ui(ui, |ui| {
                                for dt in DataType::ALL {
                                    let name = match lang {
                                        Lang::En => dt.label(),
                                        Lang::Zh => dt.label_zh(),
                                    };
                                    ui.selectable_value(&mut chosen, dt, name);
                                }
                            });
                        if chosen != a.data_type {
                            let target = match &a.record {
                                Some(id) => QualityTarget::Record(id.clone()),
                                None => QualityTarget::Source {
                                    entity: a.entity_id.clone(),
                                    activity: a.activity.clone(),
                                },
                            };
                            // Keeps the entry's other fields: only the type changes.
                            let mut q = cx
                                .project()
                                .uncertainty
                                .as_ref()
                                .and_then(|u| u.quality.iter().find(|q| q.target == target))
                                .cloned()
                                .unwrap_or(DataQuality {
                                    target,
                                    data_type: None,
                                    u_pct: None,
                                    pedigree: None,
                                    note: String::new(),
                                });
                            q.data_type = Some(chosen);
                            change = Some(q);
                        }
                    }
                    _ => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    if let Some(q) = change {
        cx.edit(Edit::Uncertainty(UncertaintyChange::SetQuality(q)));
    }
    if r.contributions.len() > TOP_INPUTS {
        ui.small(format!(
            "{} {}",
            r.contributions.len() - TOP_INPUTS,
            t("more inputs: the CLI (parkaudit uncertainty) and the workbook's Uncertainty sheet list them all.")
        ));
    }
}
