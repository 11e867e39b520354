//! Compare (for trainers): the same project under a second methodology
//! choice — GWP set, consolidation approach, grid-factor data year — with the
//! totals side by side and charts of the difference.

use super::i18n::n_;
use super::jobs::{self, Pending};
use super::panel::PanelCx;
use super::widgets::{fmt_delta_t, fmt_t};
use crate::calc::variant::{Variant, apply_variant, preset_consolidation, preset_grid, preset_gwp};
use crate::calc::{self, Inventory, library};
use crate::model::{Consolidation, GwpSet};
use egui_plot::{Bar, BarChart, Plot};

pub struct Comparison {
    pub variant: Variant,
    pub revision: u64,
    pub a: Inventory,
    pub b: Inventory,
    pub grid_records: usize,
}

/// The variant being compared and the last comparison.
#[derive(Default)]
pub struct ComparePanel {
    pub variant: Variant,
    pub result: Option<Comparison>,
    pub error: Option<String>,
    job: Option<Pending<Result<Comparison, String>>>,
}

impl ComparePanel {
    /// Collects the comparison when it is done.
    pub fn poll(&mut self, _cx: &mut PanelCx) {
        match jobs::take(&mut self.job).map(|r| r.and_then(|x| x)) {
            Some(Ok(c)) => {
                self.result = Some(c);
                self.error = None;
            }
            Some(Err(e)) => self.error = Some(e),
            None => {}
        }
    }
}

impl ComparePanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let full = ui.available_width();
        ui.heading(cx.t("Compare methodologies"));
        ui.label(cx.t(
            "The same data under a second choice, side by side. Nothing in the project changes.",
        ));
        let doc = cx.doc();
        let p = doc.project();
        let revision = doc.revision;
        let lang = cx.lang();
        let t = |s| super::i18n::tr(lang, s);
        let v = &mut self.variant;
        egui::Grid::new("variant").num_columns(3).show(ui, |ui| {
            ui.label(t("GWP set"));
            ui.label(format!("A: {}", p.methodology.gwp_set));
            egui::ComboBox::from_id_salt("cmp_gwp")
                .selected_text(v.gwp.map_or(t("same").to_string(), |g| format!("B: {g}")))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut v.gwp, None, t("same"));
                    for g in GwpSet::ALL {
                        ui.selectable_value(&mut v.gwp, Some(g), g.name());
                    }
                });
            ui.end_row();
            ui.label(t("Consolidation approach"));
            ui.label(format!(
                "A: {}",
                super::widgets::consolidation_label(lang, p.consolidation)
            ));
            egui::ComboBox::from_id_salt("cmp_consolidation")
                .selected_text(v.consolidation.map_or(t("same").to_string(), |c| {
                    format!("B: {}", super::widgets::consolidation_label(lang, c))
                }))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut v.consolidation, None, t("same"));
                    for c in Consolidation::ALL {
                        ui.selectable_value(
                            &mut v.consolidation,
                            Some(c),
                            super::widgets::consolidation_label(lang, c),
                        );
                    }
                });
            ui.end_row();
            ui.label(t("National grid factor, data year"));
            ui.label(t("A: as in the records"));
            egui::ComboBox::from_id_salt("cmp_grid")
                .selected_text(
                    v.grid_year
                        .map_or(t("same").to_string(), |y| format!("B: {y}")),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut v.grid_year, None, t("same"));
                    for (y, f) in library::bundled().grid("national", "location") {
                        let kg = f.factor.components.first().map_or(0.0, |c| c.kg_per_unit);
                        ui.selectable_value(
                            &mut v.grid_year,
                            Some(y),
                            format!("{y} ({kg} kg CO₂/kWh)"),
                        );
                    }
                });
            ui.end_row();
        });
        let running = self.job.is_some();
        let mut go = false;
        ui.horizontal(|ui| {
            ui.label(t("Presets:"));
            for (label, preset) in [
                (t("Other GWP set"), preset_gwp(p)),
                (t("Other consolidation approach"), preset_consolidation(p)),
                (t("Other grid-factor year"), preset_grid(p)),
            ] {
                if ui.add_enabled(!running, egui::Button::new(label)).clicked() {
                    self.variant = preset;
                    go = true;
                }
            }
        });
        go |= ui
            .add_enabled(!running, egui::Button::new(t("Compare")))
            .clicked();
        if go {
            let project = doc.shared();
            let variant = self.variant.clone();
            self.job = Some(
                cx.spawn("compare", t("Comparing").to_string(), false, move |_| {
                    let run = || -> Result<Comparison, String> {
                        let a = calc::compute(&project).map_err(|e| e.to_string())?;
                        let (q, grid_records) = apply_variant(&project, &variant);
                        let b = calc::compute(&q).map_err(|e| format!("variant B: {e}"))?;
                        Ok(Comparison {
                            variant,
                            revision,
                            a,
                            b,
                            grid_records,
                        })
                    };
                    run()
                }),
            );
        }
        if running {
            ui.spinner();
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let Some(c) = &self.result else { return };
        if c.revision != revision {
            ui.label(t(
                "The project changed since the comparison — compare again.",
            ));
        }
        if c.variant.grid_year.is_some() {
            ui.label(format!(
                "{} {}",
                c.grid_records,
                t("electricity records take the chosen grid factor in B")
            ));
        }
        let rows = [
            (
                n_("Total (location-based)"),
                c.a.total_t_co2e,
                c.b.total_t_co2e,
            ),
            (
                n_("Total (market-based)"),
                c.a.total_market_t_co2e,
                c.b.total_market_t_co2e,
            ),
            (n_("Scope 1"), c.a.scope1_t, c.b.scope1_t),
            (
                n_("Scope 2 (location)"),
                c.a.scope2_location_t,
                c.b.scope2_location_t,
            ),
            (
                n_("Scope 2 (market)"),
                c.a.scope2_market_t,
                c.b.scope2_market_t,
            ),
            (n_("Scope 3"), c.a.scope3_t, c.b.scope3_t),
            (n_("Excluded (at 100 %)"), c.a.excluded_t, c.b.excluded_t),
            (
                n_("Biogenic CO₂ (outside scopes)"),
                c.a.biogenic_co2_t,
                c.b.biogenic_co2_t,
            ),
        ];
        egui::Grid::new("comparison").striped(true).show(ui, |ui| {
            for h in ["", "A", "B", "B − A", "%"] {
                ui.strong(h);
            }
            ui.end_row();
            for (label, a, b) in rows {
                ui.label(t(label));
                ui.label(fmt_t(a));
                ui.label(fmt_t(b));
                ui.label(fmt_delta_t(b - a));
                ui.label(if a != 0.0 {
                    format!("{:+.1} %", (b - a) / a.abs() * 100.0)
                } else {
                    "—".into()
                });
                ui.end_row();
            }
        });
        let scope_delta = [
            (t("Scope 1"), c.b.scope1_t - c.a.scope1_t),
            (
                t("Scope 2 (location)"),
                c.b.scope2_location_t - c.a.scope2_location_t,
            ),
            (
                t("Scope 2 (market)"),
                c.b.scope2_market_t - c.a.scope2_market_t,
            ),
            (t("Scope 3"), c.b.scope3_t - c.a.scope3_t),
        ];
        let mut entity_delta: Vec<(String, f64)> =
            c.a.by_entity
                .keys()
                .chain(c.b.by_entity.keys())
                .map(|id| {
                    let a = c.a.by_entity.get(id).copied().unwrap_or(0.0);
                    let b = c.b.by_entity.get(id).copied().unwrap_or(0.0);
                    (id.clone(), b - a)
                })
                .collect();
        entity_delta.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()).then(x.0.cmp(&y.0)));
        entity_delta.dedup_by(|x, y| x.0 == y.0);
        entity_delta.retain(|(_, d)| *d != 0.0);
        entity_delta.truncate(12);
        ui.horizontal_top(|ui| {
            let half = (full - 16.0) / 2.0;
            ui.vertical(|ui| {
                ui.set_width(half);
                ui.strong(t("Difference by scope (B − A)"));
                delta_plot(
                    ui,
                    half,
                    "cmp_scope",
                    scope_delta
                        .iter()
                        .map(|(n, d)| (n.to_string(), *d))
                        .collect(),
                );
            });
            ui.vertical(|ui| {
                ui.set_width(half);
                ui.strong(t("Largest differences by entity (B − A)"));
                delta_plot(ui, half, "cmp_entity", entity_delta);
            });
        });
    }
}

fn delta_plot(ui: &mut egui::Ui, width: f32, id: &str, values: Vec<(String, f64)>) {
    let labels: Vec<String> = values.iter().map(|(n, _)| n.clone()).collect();
    let bars: Vec<Bar> = values
        .iter()
        .enumerate()
        .map(|(i, (n, d))| {
            let colour = if *d >= 0.0 {
                egui::Color32::from_rgb(200, 80, 60)
            } else {
                egui::Color32::from_rgb(60, 140, 90)
            };
            Bar::new(i as f64, *d).name(n).fill(colour).width(0.7)
        })
        .collect();
    let chart = BarChart::new("B − A", bars).element_formatter(Box::new(|b, _| {
        format!("{}\n{} t CO₂e", b.name, fmt_delta_t(b.value))
    }));
    let fits = !values.is_empty() && values.len() as f32 * 64.0 < width - 80.0;
    let mut plot = Plot::new(id);
    if fits {
        plot = plot.x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]));
    }
    plot.height(220.0)
        .width(width)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .y_axis_label("Δ t CO₂e")
        .x_axis_formatter(move |m, _| {
            let v = m.value;
            if (v - v.round()).abs() < 1e-6 && v >= 0.0 {
                labels.get(v.round() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .label_formatter(|_| None)
        .y_axis_formatter(|m, _| fmt_delta_t(m.value))
        .show(ui, |pui| pui.bar_chart(chart));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AR5 → AR6 on the sample changes only non-CO₂ gases; the grid year swaps
    /// only national grid records.
    #[test]
    fn variants_change_only_what_they_name() {
        let p =
            crate::io::from_ron_str(super::super::SAMPLES[0].2, "sample".as_ref()).expect("parses");
        let (same, n) = apply_variant(&p, &Variant::default());
        assert_eq!((same == p, n), (true, 0));
        let (q, _) = apply_variant(
            &p,
            &Variant {
                gwp: Some(GwpSet::AR6),
                ..Default::default()
            },
        );
        let (a, b) = (calc::compute(&p).expect("A"), calc::compute(&q).expect("B"));
        let co2 = crate::model::Gas::Co2;
        assert_eq!(a.by_gas.get(&co2), b.by_gas.get(&co2));
        assert_ne!(a.total_t_co2e, b.total_t_co2e);
    }
}
