//! Step 5: emission factors — the bundled library (searchable), the factors
//! this project uses with their sources, and the update of the frozen
//! snapshot with its old/new diff.

use super::i18n::n_;
use super::jobs::{self, Pending};
use super::panel::PanelCx;
use super::widgets;
use crate::audit::words;
use crate::calc::{gwp, library, update};
use crate::edit::{Edit, FactorUpdate};
use crate::model::EmissionFactor;
use egui_extras::{Column, TableBuilder};

/// A comparison with the bundled library: the revision it was made for, the
/// update plan, and the edit that applies it.
pub type Compared = (u64, Box<update::UpdatePlan>, Box<FactorUpdate>);

/// The library search, and the comparison with the bundled library.
#[derive(Default)]
pub struct FactorsPanel {
    pub search: String,
    pub plan: Option<Compared>,
    /// Why the frozen values are kept, when they are.
    pub keep_note: String,
    plan_job: Option<Pending<Compared>>,
}

/// A factor's description in the app's language: in Chinese, the library
/// activity's Chinese name and its kind (原油 · 燃料燃烧); the English
/// description (the source's wording) is on hover. Other factors show their
/// description as entered.
fn description(f: &EmissionFactor, lang: super::i18n::Lang) -> String {
    use crate::calc::library::ActivityKind as K;
    let activity = f
        .activity_key
        .as_deref()
        .and_then(|k| library::bundled().activity(k))
        .filter(|a| !a.name_zh.is_empty());
    match activity {
        Some(a) if lang == super::i18n::Lang::Zh => {
            let kind = match a.kind {
                K::Fuel => "燃料燃烧",
                K::Mobile => "移动源",
                K::Electricity => "外购电力",
                K::Heat => "外购热力",
                K::Process => "工业过程",
                K::Fugitive => "逸散排放",
            };
            if a.name_zh == kind {
                kind.to_string() // 外购电力, not 外购电力 · 外购电力
            } else {
                format!("{} · {kind}", a.name_zh)
            }
        }
        _ => f.description.clone(),
    }
}

/// The factor's gases to [`words::FACTOR_DIGITS`] significant digits, or
/// every digit it has (`exact`, for the hover).
fn components(f: &EmissionFactor, exact: bool) -> String {
    f.components
        .iter()
        .map(|c| {
            let v = if exact {
                c.kg_per_unit.to_string()
            } else {
                words::significant(c.kg_per_unit, words::FACTOR_DIGITS)
            };
            format!("{} {v}", c.gas)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl FactorsPanel {
    /// Collects the comparison when it is done.
    pub fn poll(&mut self, cx: &mut PanelCx) {
        match jobs::take(&mut self.plan_job) {
            Some(Ok(plan)) => self.plan = Some(plan),
            Some(Err(e)) => cx.error(e),
            None => {}
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        ui.heading(cx.t("Emission factors"));
        project_factors_ui(ui, cx);
        ui.add_space(10.0);
        self.update_ui(ui, cx);
        ui.add_space(10.0);
        self.library_ui(ui, cx);
    }
}

fn project_factors_ui(ui: &mut egui::Ui, cx: &PanelCx) {
    let p = cx.project();
    let usage = cx.analysis().map(|a| &a.factor_usage);
    let lang = cx.lang();
    let t = move |s| super::i18n::tr(lang, s);
    ui.strong(format!(
        "{} ({})",
        t("Factors this project uses"),
        p.factors.len()
    ));
    egui::ScrollArea::horizontal()
        .id_salt("project_factors_h")
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("project_factors")
                .striped(true)
                .resizable(true)
                .column(Column::auto().at_least(170.0))
                .column(Column::initial(220.0).clip(true))
                .column(Column::auto().at_least(50.0))
                .column(Column::initial(200.0).clip(true))
                .column(Column::initial(260.0).clip(true))
                .column(Column::auto().at_least(90.0))
                .column(Column::remainder().at_least(60.0))
                .max_scroll_height(300.0)
                .header(22.0, |h| {
                    super::widgets::header_ui(
                        h,
                        lang,
                        &[
                            n_("ID"),
                            n_("Description"),
                            n_("Unit"),
                            n_("kg per unit"),
                            n_("Source"),
                            n_("Frozen from"),
                            n_("Records"),
                        ],
                    )
                })
                .body(|body| {
                    body.rows(20.0, p.factors.len(), |mut row| {
                        let Some(f) = p.factors.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.add(egui::Label::new(&f.id).extend());
                        });
                        row.col(|ui| {
                            ui.label(description(f, cx.lang()))
                                .on_hover_text(&f.description);
                        });
                        row.col(|ui| {
                            ui.label(f.unit.as_str());
                        });
                        row.col(|ui| {
                            ui.label(components(f, false))
                                .on_hover_text(components(f, true));
                        });
                        row.col(|ui| {
                            ui.label(&f.source).on_hover_text(citation_hover(f));
                        });
                        row.col(|ui| {
                            ui.label(
                                f.library_version
                                    .clone()
                                    .unwrap_or_else(|| t("site-specific").to_string()),
                            );
                        });
                        row.col(|ui| {
                            ui.label(
                                usage
                                    .and_then(|u| u.get(&f.id))
                                    .copied()
                                    .unwrap_or(0)
                                    .to_string(),
                            );
                        });
                    });
                });
        });
}

impl FactorsPanel {
    fn update_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lib = library::bundled();
        ui.strong(format!("{} {}", cx.t("Bundled library"), lib.version));
        let doc = cx.doc();
        let revision = doc.revision;
        let running = self.plan_job.is_some();
        if ui
            .add_enabled(
                !running,
                egui::Button::new(cx.t("Compare the frozen factors with the library")),
            )
            .clicked()
        {
            let project = doc.shared();
            self.plan_job = Some(cx.spawn(
                "factor-update",
                cx.t("Comparing factors").to_string(),
                false,
                move |_| {
                    let lib = library::bundled();
                    let snapshot = gwp::snapshot(project.methodology.gwp_set);
                    let plan = update::plan(&project, lib, &snapshot);
                    let edit = FactorUpdate::from_plan(&project, &plan, &lib.version);
                    (revision, Box::new(plan), Box::new(edit))
                },
            ));
        }
        if running {
            ui.spinner();
        }
        let Some((rev, plan, _)) = &self.plan else {
            return;
        };
        if *rev != revision {
            ui.label(cx.t("The project changed since the comparison — compare again."));
            return;
        }
        if plan.is_empty() {
            ui.colored_label(
                egui::Color32::from_rgb(40, 150, 70),
                cx.t("✔ The frozen factors and GWP values match the bundled library."),
            );
            return;
        }
        egui::Grid::new("factor_diff").striped(true).show(ui, |ui| {
            ui.strong(cx.t("Factor"));
            ui.strong(cx.t("Old"));
            ui.strong(cx.t("New"));
            ui.end_row();
            for c in &plan.factor_changes {
                ui.label(&c.old.id);
                ui.label(format!("{} / {}", components(&c.old, false), c.old.unit))
                    .on_hover_text(components(&c.old, true));
                ui.label(format!("{} / {}", components(&c.new, false), c.new.unit))
                    .on_hover_text(components(&c.new, true));
                ui.end_row();
            }
            for (g, o, n) in &plan.gwp_changes {
                let s = |v: &Option<f64>| v.map_or("—".into(), |x| x.to_string());
                ui.label(format!("GWP {g}"));
                ui.label(s(o));
                ui.label(s(n));
                ui.end_row();
            }
        });
        for id in &plan.dropped {
            ui.label(format!(
                "{id}: {}",
                cx.t("no longer in the library; kept as frozen")
            ));
        }
        let t = |v: Option<f64>| v.map_or("n/a".to_string(), widgets::fmt_t);
        ui.label(format!(
            "{}: {} → {} t CO₂e",
            cx.t("Total"),
            t(plan.total_before_t),
            t(plan.total_after_t)
        ));
        if ui.button(cx.t("Apply the update")).clicked()
            && let Some((_, _, edit)) = self.plan.take()
        {
            cx.edit(Edit::UpdateFactors(edit));
        }
        ui.horizontal(|ui| {
            let l = ui.label(cx.t("Or keep the frozen values, because"));
            ui.add(
                egui::TextEdit::singleline(&mut self.keep_note)
                    .desired_width(380.0)
                    .hint_text(cx.t("e.g. they are the values in force for the reporting year")),
            )
            .labelled_by(l.id);
            if ui
                .add_enabled(
                    !self.keep_note.trim().is_empty(),
                    egui::Button::new(cx.t("Keep the frozen values")),
                )
                .clicked()
            {
                cx.edit_tagged(
                    Edit::KeepFrozenValues {
                        note: self.keep_note.clone(),
                    },
                    "factors.keep",
                );
            }
        });
        if let Some(Ok(_)) = cx.outcome("factors.keep") {
            self.keep_note.clear();
        }
        if let Some(k) = &cx.project().methodology.kept_library {
            ui.label(format!(
                "{} {}: {}",
                cx.t("Frozen values kept against library"),
                k.library,
                k.note
            ));
        }
    }

    fn library_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lib = library::bundled();
        ui.strong(cx.t("Bundled factor library"));
        ui.horizontal(|ui| {
            let l = ui.label(cx.t("Search"));
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text(super::i18n::tr(cx.lang(), "fuel, grid, region, source…")),
            )
            .labelled_by(l.id);
        });
        let found: Vec<&library::LibraryFactor> = if self.search.trim().is_empty() {
            lib.factors.iter().collect()
        } else {
            lib.search(self.search.trim())
        };
        let t = {
            let lang = cx.lang();
            move |s| super::i18n::tr(lang, s)
        };
        ui.label(format!("{} {}", found.len(), t("factors")));
        egui::ScrollArea::horizontal()
            .id_salt("library_h")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("library")
                    .striped(true)
                    .resizable(true)
                    .column(Column::auto().at_least(200.0))
                    .column(Column::initial(240.0).clip(true))
                    .column(Column::auto().at_least(50.0))
                    .column(Column::initial(220.0).clip(true))
                    .column(Column::remainder().at_least(200.0).clip(true))
                    .max_scroll_height(360.0)
                    .header(22.0, |h| {
                        super::widgets::header_ui(
                            h,
                            cx.lang(),
                            &[
                                n_("ID"),
                                n_("Description"),
                                n_("Unit"),
                                n_("kg per unit"),
                                n_("Source"),
                            ],
                        )
                    })
                    .body(|body| {
                        body.rows(20.0, found.len(), |mut row| {
                            let Some(f) = found.get(row.index()) else {
                                return;
                            };
                            row.col(|ui| {
                                ui.add(egui::Label::new(&f.factor.id).extend());
                            });
                            row.col(|ui| {
                                let hover = match &f.caveat {
                                    Some(c) => format!("{}\n⚠ {c}", f.factor.description),
                                    None => f.factor.description.clone(),
                                };
                                ui.label(description(&f.factor, cx.lang()))
                                    .on_hover_text(hover);
                            });
                            row.col(|ui| {
                                ui.label(f.factor.unit.as_str());
                            });
                            row.col(|ui| {
                                ui.label(components(&f.factor, false))
                                    .on_hover_text(components(&f.factor, true));
                            });
                            row.col(|ui| {
                                ui.label(&f.factor.source)
                                    .on_hover_text(citation_hover(&f.factor));
                            });
                        });
                    });
            });
    }
}

/// Each gas's citation (one line per gas when they differ) and the derivation.
fn citation_hover(f: &crate::model::EmissionFactor) -> String {
    match &f.derivation {
        Some(d) => format!("{}\n\n{d}", f.citations_text()),
        None => f.citations_text(),
    }
}
