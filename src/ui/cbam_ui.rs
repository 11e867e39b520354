//! The CBAM goods step: the installations, their processes with the
//! records attributed to them and their activity levels, the purchased
//! precursors, each good's SEE beside China's default value (a chart and a
//! table), the chain behind one good, and the way to the communication
//! workbook. Figures come from the cached analysis (`Analysis::cbam`);
//! changes go through the edit layer.

use super::command::AppCommand;
use super::i18n::{Lang, n_, tr};
use super::panel::PanelCx;
use super::widgets;
use crate::audit::words::significant;
use crate::calc::cbam_goods::InstallationResult;
use crate::edit::Edit;
use crate::model::cbam::{Installation, PrecursorSee};
use egui_plot::{Bar, BarChart, Legend, Plot};

/// The step's view state (never saved).
#[derive(Default)]
pub struct CbamPanel {
    /// The installation shown (its entity id).
    pub installation: Option<String>,
    /// The good whose chain is shown (process id).
    pub explained: Option<String>,
    /// That chain, computed once per revision, installation and good.
    explanation: Option<(CacheKey, Vec<crate::audit::cbam_explain::Line>)>,
    /// Records per attribution, computed once per revision and installation.
    attributed: Option<(CacheKey, Vec<usize>)>,
}

/// What a cached view was computed for: the revision, the installation and
/// (for an explanation) the good.
type CacheKey = (u64, String, String);

fn n(x: f64) -> String {
    significant(x, 4)
}

impl CbamPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = move |s| tr(lang, s);
        ui.heading(t("CBAM goods"));
        ui.label(t("The specific embedded emissions (SEE) of the park's goods under the EU Carbon Border Adjustment Mechanism, per installation and good, from the records attributed to each production process, beside China's default value."));
        let p = cx.project();
        let Some(cbam) = &p.cbam else {
            ui.add_space(6.0);
            ui.label(t("This project has no CBAM installations. Describe an installation as in the project file's cbam section and add it with `parkaudit cbam set PROJECT FILE`; the sample park has six."));
            return;
        };
        settings_ui(ui, cx, cbam.declaration_year, cbam.certificate_price_eur);
        if cbam.installations.is_empty() {
            ui.label(t("No installations yet."));
            return;
        }
        let Some(a) = cx.analysis().cloned() else {
            ui.spinner();
            return;
        };
        let selected = self
            .installation
            .clone()
            .filter(|id| cbam.installation(id).is_some())
            .unwrap_or_else(|| cbam.installations[0].entity_id.clone());
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(t("Installation"));
            for inst in &cbam.installations {
                let label = format!("{} · {}", inst.entity_id, inst.name_en);
                if ui
                    .selectable_label(selected == inst.entity_id, label)
                    .clicked()
                {
                    self.installation = Some(inst.entity_id.clone());
                    self.explained = None;
                }
            }
        });
        let Some((i, inst)) = cbam
            .installations
            .iter()
            .enumerate()
            .find(|(_, x)| x.entity_id == selected)
        else {
            return;
        };
        ui.separator();
        ui.horizontal(|ui| {
            installation_ui(ui, lang, inst);
            ui.add_space(24.0);
            if ui
                .button(t("Export the communication workbook…"))
                .on_hover_text(t(
                    "Opens Export & sign with this installation's CBAM communication chosen.",
                ))
                .clicked()
            {
                cx.send(AppCommand::ExportCbam(inst.entity_id.clone()));
            }
        });
        match a.cbam.get(i) {
            Some(Ok(r)) => {
                self.goods_ui(ui, cx, inst, r);
                self.explain_ui(ui, cx, inst, r, cbam.declaration_year);
                chart_ui(ui, lang, inst, r);
                let counts = self.attributed_counts(cx, inst, r);
                attributions_ui(ui, lang, inst, r, &counts);
                purchased_ui(ui, lang, inst, r);
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    if lang == Lang::Zh {
                        e.zh()
                    } else {
                        e.to_string()
                    },
                );
            }
            None => {
                ui.spinner();
            }
        }
    }

    /// The goods: activity level (editable), attributed emissions, SEE,
    /// default value, the share from defaults, the estimate.
    fn goods_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut PanelCx,
        inst: &Installation,
        r: &InstallationResult,
    ) {
        let lang = cx.lang();
        let t = move |s| tr(lang, s);
        ui.add_space(6.0);
        ui.strong(t("Goods"));
        let headers = [
            n_("Good"),
            n_("Product"),
            n_("CN code"),
            n_("Activity level"),
            n_("Direct (t CO₂e)"),
            n_("Indirect (t CO₂e)"),
            n_("SEE direct"),
            n_("SEE indirect"),
            n_("SEE counted"),
            n_("China default"),
            n_("× default"),
            n_("From defaults"),
            n_("Certificates per t (estimate)"),
        ];
        egui::ScrollArea::horizontal()
            .id_salt("cbam_goods")
            .show(ui, |ui| {
                egui::Grid::new("cbam_goods_grid")
                    .striped(true)
                    .num_columns(headers.len())
                    .show(ui, |ui| {
                        for h in headers {
                            ui.strong(t(h));
                        }
                        ui.end_row();
                        for (q, g) in inst.processes.iter().zip(&r.processes) {
                            let good = ui
                                .horizontal(|ui| {
                                    let good = ui.label(format!("{}/{}", inst.entity_id, q.id));
                                    if ui.small_button(t("Explain")).clicked() {
                                        self.explained = Some(q.id.clone());
                                    }
                                    good
                                })
                                .inner;
                            ui.label(if q.product_name.is_empty() {
                                &q.name
                            } else {
                                &q.product_name
                            })
                            .on_hover_text(if lang == Lang::Zh {
                                q.category.label_zh()
                            } else {
                                q.category.label()
                            });
                            ui.label(q.cn_codes.first().map_or("", String::as_str));
                            ui.horizontal(|ui| {
                                let id = good.id;
                                let index = inst.processes.iter().position(|x| x.id == q.id);
                                widgets::number_field(
                                    ui,
                                    cx,
                                    id,
                                    q.activity_level_t,
                                    "cbam.level",
                                    move |v| {
                                        // Cloned only when the level changes.
                                        let mut changed = inst.clone();
                                        if let Some(k) = index {
                                            changed.processes[k].activity_level_t = v;
                                        }
                                        Edit::SetInstallation(Box::new(changed))
                                    },
                                );
                                ui.label(if lang == Lang::Zh {
                                    q.functional_unit.unit_zh()
                                } else {
                                    q.functional_unit.unit()
                                });
                            });
                            ui.label(n(g.direct_t));
                            ui.label(n(g.indirect_t));
                            ui.label(n(g.see_product.direct));
                            ui.label(n(g.see_product.indirect));
                            ui.strong(n(g.counted()))
                                .on_hover_text(if g.counts_indirect {
                                    t("Direct and indirect (outside Annex II)")
                                } else {
                                    t("Direct only (Annex II: indirect emissions do not count)")
                                });
                            match &g.default {
                                Some(d) => {
                                    ui.label(n(d.counted)).on_hover_text(format!(
                                        "{} · CN {} · {}",
                                        if lang == Lang::Zh {
                                            crate::calc::cbam_defaults::country_zh(&d.row.country)
                                        } else {
                                            &d.row.country
                                        },
                                        d.row.cn_code,
                                        d.marked_up.map_or(String::new(), |m| format!(
                                            "{} {m}",
                                            t("marked up:")
                                        ))
                                    ));
                                    ui.label(if d.counted > 0.0 {
                                        format!("{}×", significant(g.counted() / d.counted, 3))
                                    } else {
                                        "–".into()
                                    });
                                }
                                None => {
                                    ui.label("–");
                                    ui.label("–");
                                }
                            }
                            ui.label(format!("{} %", significant(g.see.default_share * 100.0, 3)));
                            ui.label(
                                g.estimate
                                    .as_ref()
                                    .map_or("–".into(), |e| n(e.certificates_t)),
                            );
                            ui.end_row();
                        }
                    });
            });
    }

    fn explain_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut PanelCx,
        inst: &Installation,
        r: &InstallationResult,
        year: i32,
    ) {
        let Some(id) = &self.explained else { return };
        let Some(k) = inst.processes.iter().position(|q| &q.id == id) else {
            return;
        };
        let lang = cx.lang();
        let key = (cx.derived().revision, inst.entity_id.clone(), id.clone());
        if self.explanation.as_ref().is_none_or(|(k, _)| *k != key) {
            let lines = crate::audit::cbam_explain::explain(
                cx.project(),
                inst,
                &inst.processes[k],
                r,
                &r.processes[k],
                year,
            );
            self.explanation = Some((key, lines));
        }
        let Some((_, lines)) = &self.explanation else {
            return;
        };
        ui.add_space(6.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.strong(format!(
                "{} {}/{}",
                tr(lang, "How the SEE of"),
                inst.entity_id,
                id
            ));
            for l in lines {
                ui.label(if lang == Lang::Zh { &l.zh } else { &l.en });
            }
        });
    }

    /// Records per attribution of `inst`, counted once per revision.
    fn attributed_counts(
        &mut self,
        cx: &PanelCx,
        inst: &Installation,
        r: &InstallationResult,
    ) -> Vec<usize> {
        let key = (cx.derived().revision, inst.entity_id.clone(), String::new());
        if let Some((k, counts)) = &self.attributed
            && *k == key
        {
            return counts.clone();
        }
        let p = cx.project();
        let records: std::collections::BTreeSet<usize> = r
            .processes
            .iter()
            .flat_map(|g| &g.records)
            .map(|x| x.record)
            .collect();
        let counts: Vec<usize> = inst
            .attributions
            .iter()
            .map(|a| {
                records
                    .iter()
                    .filter(|&&i| {
                        let rec = &p.activity[i];
                        match &a.record_id {
                            Some(id) => &rec.id == id,
                            None => rec.activity == a.activity,
                        }
                    })
                    .count()
            })
            .collect();
        self.attributed = Some((key, counts.clone()));
        counts
    }
}

fn settings_ui(ui: &mut egui::Ui, cx: &mut PanelCx, year: i32, price: f64) {
    let lang = cx.lang();
    egui::Grid::new("cbam_settings")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label(tr(lang, "Declaration year (default values' mark-up)"));
            let mut v = year;
            let r = ui
                .add(egui::DragValue::new(&mut v).range(1990..=2100).speed(0.1))
                .labelled_by(l.id);
            if r.changed() && v != year {
                cx.edit(Edit::CbamSettings {
                    declaration_year: v,
                    certificate_price_eur: price,
                });
            }
            ui.end_row();
            let l = ui.label(tr(lang, "Certificate price (EUR), for the estimate"));
            widgets::number_field(ui, cx, l.id, price, "cbam.price", move |v| {
                Edit::CbamSettings {
                    declaration_year: year,
                    certificate_price_eur: v,
                }
            });
            ui.end_row();
        });
}

fn installation_ui(ui: &mut egui::Ui, lang: Lang, inst: &Installation) {
    let t = move |s| tr(lang, s);
    egui::Grid::new("cbam_installation")
        .num_columns(2)
        .show(ui, |ui| {
            for (k, v) in [
                (t("UN/LOCODE"), inst.unlocode.clone()),
                (
                    t("Main emission source"),
                    format!("{:.5}, {:.5}", inst.latitude_deg, inst.longitude_deg),
                ),
                (t("Economic activity"), inst.economic_activity.clone()),
                (
                    t("Electricity factor"),
                    if lang == Lang::Zh {
                        inst.electricity_source.label_zh().to_string()
                    } else {
                        inst.electricity_source.label().to_string()
                    },
                ),
            ] {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            }
        });
}

/// Each good's counted SEE beside China's default value for its CN code.
fn chart_ui(ui: &mut egui::Ui, lang: Lang, inst: &Installation, r: &InstallationResult) {
    let t = move |s| tr(lang, s);
    ui.add_space(6.0);
    ui.strong(t("SEE beside China's default value (t CO₂e per t)"));
    let labels: Vec<String> = inst
        .processes
        .iter()
        .map(|q| format!("{}/{}", inst.entity_id, q.id))
        .collect();
    let bar = |i: usize, v: f64, offset: f64, name: &str| {
        Bar::new(i as f64 + offset, v).width(0.38).name(name)
    };
    let actual: Vec<Bar> = r
        .processes
        .iter()
        .enumerate()
        .map(|(i, g)| bar(i, g.counted(), -0.2, &labels[i]))
        .collect();
    let default: Vec<Bar> = r
        .processes
        .iter()
        .enumerate()
        .map(|(i, g)| {
            bar(
                i,
                g.default.as_ref().map_or(0.0, |d| d.counted),
                0.2,
                &labels[i],
            )
        })
        .collect();
    let axis_labels = labels.clone();
    let x_axis = egui_plot::AxisHints::new_x().formatter(move |mark, _| {
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
    let width = ui.available_width().clamp(320.0, 720.0);
    Plot::new(("cbam_chart", &inst.entity_id))
        .height(200.0)
        .width(width)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_grid([false, true])
        .y_axis_label("t CO₂e/t")
        .custom_x_axes(vec![x_axis])
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
        .label_formatter(|_| None)
        .include_y(0.0)
        .legend(Legend::default())
        .show(ui, |pui| {
            pui.bar_chart(
                BarChart::new(t("SEE counted"), actual)
                    .color(egui::Color32::from_rgb(50, 120, 200))
                    .element_formatter(Box::new(|b, _| format!("{}\n{}", b.name, n(b.value)))),
            );
            pui.bar_chart(
                BarChart::new(t("China default"), default)
                    .color(egui::Color32::from_rgb(200, 140, 60))
                    .element_formatter(Box::new(|b, _| format!("{}\n{}", b.name, n(b.value)))),
            );
        });
}

/// How each source stream is attributed, with its records.
fn attributions_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    inst: &Installation,
    r: &InstallationResult,
    counts: &[usize],
) {
    let t = move |s| tr(lang, s);
    ui.add_space(6.0);
    ui.strong(t("Attributed records"));
    egui::Grid::new("cbam_attr").striped(true).show(ui, |ui| {
        for h in [
            n_("Source stream"),
            n_("Records"),
            n_("Shares"),
            n_("Not for CBAM goods"),
        ] {
            ui.strong(t(h));
        }
        ui.end_row();
        for (a, count) in inst.attributions.iter().zip(counts) {
            ui.label(match &a.record_id {
                Some(id) => format!("{} ({id})", a.activity),
                None => a.activity.clone(),
            });
            ui.label(count.to_string());
            ui.label(
                a.shares
                    .iter()
                    .map(|s| format!("{} {} %", s.process, significant(s.pct, 4)))
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
            ui.label(format!("{} %", significant(a.not_cbam_pct, 4)));
            ui.end_row();
        }
    });
    if !r.unattributed.is_empty() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!(
                "{} {}",
                r.unattributed.len(),
                t("records of the installation are attributed to no process.")
            ),
        );
    }
}

fn purchased_ui(ui: &mut egui::Ui, lang: Lang, inst: &Installation, r: &InstallationResult) {
    if inst.purchased.is_empty() {
        return;
    }
    let t = move |s| tr(lang, s);
    ui.add_space(6.0);
    ui.strong(t("Purchased precursors"));
    egui::Grid::new("cbam_purchased")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                n_("Precursor"),
                n_("CN code"),
                n_("Origin"),
                n_("SEE direct"),
                n_("SEE indirect"),
                n_("Source"),
            ] {
                ui.strong(t(h));
            }
            ui.end_row();
            for (q, s) in inst.purchased.iter().zip(&r.purchased) {
                ui.label(format!("{} {}", q.id, q.name));
                ui.label(&q.cn_code);
                ui.label(if q.country.is_empty() {
                    t("unknown")
                } else {
                    q.country.as_str()
                });
                ui.label(n(s.direct));
                ui.label(n(s.indirect));
                ui.label(match &q.see {
                    PrecursorSee::Actual { evidence, .. } => {
                        format!("{}: {evidence}", t("Supplier's actual values"))
                    }
                    PrecursorSee::Default => t("Default value").to_string(),
                });
                ui.end_row();
            }
        });
}
