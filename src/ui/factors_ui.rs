//! Step 5: emission factors — the bundled library (searchable), the factors
//! this project uses with their sources, and the update of the frozen
//! snapshot with its old/new diff.

use super::app::{App, Output};
use super::i18n::n_;
use super::widgets;
use crate::calc::{gwp, library, update};
use crate::model::EmissionFactor;
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct FactorsState {
    pub search: String,
    /// The update plan, for the revision it was computed against.
    pub plan: Option<(u64, Box<update::UpdatePlan>)>,
    pub rule_activity: String,
    pub rule_factor: String,
}

fn components(f: &EmissionFactor) -> String {
    f.components
        .iter()
        .map(|c| format!("{} {}", c.gas, c.kg_per_unit))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn factors_ui(app: &mut App, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    ui.heading(app.t("Emission factors"));
    project_factors_ui(app, ui);
    ui.add_space(10.0);
    update_ui(app, ui, &ctx);
    ui.add_space(10.0);
    library_ui(app, ui);
}

fn project_factors_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    let usage = app.analysis().map(|a| &a.factor_usage);
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    ui.strong(format!(
        "{} ({})",
        t("Factors this project uses"),
        p.factors.len()
    ));
    TableBuilder::new(ui)
        .id_salt("project_factors")
        .striped(true)
        .resizable(true)
        .column(Column::initial(170.0).clip(true))
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
                app.lang(),
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
                    ui.label(&f.id);
                });
                row.col(|ui| {
                    ui.label(&f.description);
                });
                row.col(|ui| {
                    ui.label(f.unit.as_str());
                });
                row.col(|ui| {
                    ui.label(components(f));
                });
                row.col(|ui| {
                    ui.label(&f.source)
                        .on_hover_text(f.derivation.as_deref().unwrap_or(&f.source));
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
}

fn update_ui(app: &mut App, ui: &mut egui::Ui, ctx: &egui::Context) {
    let lib = library::bundled();
    ui.strong(format!("{} {}", app.t("Bundled library"), lib.version));
    let Some(doc) = &app.doc else { return };
    let revision = doc.revision;
    let running = app.jobs.is_running("factor-update");
    if ui
        .add_enabled(
            !running,
            egui::Button::new(app.t("Compare the frozen factors with the library")),
        )
        .clicked()
    {
        let project = doc.shared();
        app.jobs.spawn(
            ctx,
            "factor-update",
            app.t("Comparing factors").to_string(),
            false,
            move |_| {
                let snapshot = gwp::snapshot(project.methodology.gwp_set);
                Output::FactorPlan {
                    revision,
                    result: Box::new(update::plan(&project, library::bundled(), &snapshot)),
                }
            },
        );
    }
    if running {
        ui.spinner();
    }
    let Some((rev, plan)) = &app.factors.plan else {
        return;
    };
    if *rev != revision {
        ui.label(app.t("The project changed since the comparison — compare again."));
        return;
    }
    if plan.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(40, 150, 70),
            app.t("✔ The frozen factors and GWP values match the bundled library."),
        );
        return;
    }
    egui::Grid::new("factor_diff").striped(true).show(ui, |ui| {
        ui.strong(app.t("Factor"));
        ui.strong(app.t("Old"));
        ui.strong(app.t("New"));
        ui.end_row();
        for c in &plan.factor_changes {
            ui.label(&c.old.id);
            ui.label(format!("{} / {}", components(&c.old), c.old.unit));
            ui.label(format!("{} / {}", components(&c.new), c.new.unit));
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
            app.t("no longer in the library; kept as frozen")
        ));
    }
    let t = |v: Option<f64>| v.map_or("n/a".to_string(), widgets::fmt_t);
    ui.label(format!(
        "{}: {} → {} t CO₂e",
        app.t("Total"),
        t(plan.total_before_t),
        t(plan.total_after_t)
    ));
    if ui.button(app.t("Apply the update")).clicked() {
        apply_update(app);
    }
}

fn apply_update(app: &mut App) {
    let Some((_, plan)) = app.factors.plan.take() else {
        return;
    };
    let Some(doc) = &mut app.doc else { return };
    let updated = crate::audit::trail::apply_factor_update(
        *plan,
        &library::bundled().version,
        &crate::io::time::now_rfc3339_utc(),
        &doc.who,
    );
    doc.replace(updated);
}

fn library_ui(app: &mut App, ui: &mut egui::Ui) {
    let lib = library::bundled();
    ui.strong(app.t("Bundled factor library"));
    ui.horizontal(|ui| {
        let l = ui.label(app.t("Search"));
        ui.add(
            egui::TextEdit::singleline(&mut app.factors.search).hint_text(super::i18n::tr(
                app.settings.lang,
                "fuel, grid, region, source…",
            )),
        )
        .labelled_by(l.id);
    });
    let found: Vec<&library::LibraryFactor> = if app.factors.search.trim().is_empty() {
        lib.factors.iter().collect()
    } else {
        lib.search(app.factors.search.trim())
    };
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    ui.label(format!("{} {}", found.len(), t("factors")));
    TableBuilder::new(ui)
        .id_salt("library")
        .striped(true)
        .resizable(true)
        .column(Column::initial(200.0).clip(true))
        .column(Column::initial(240.0).clip(true))
        .column(Column::auto().at_least(50.0))
        .column(Column::initial(220.0).clip(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .max_scroll_height(360.0)
        .header(22.0, |h| {
            super::widgets::header_ui(
                h,
                app.lang(),
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
                    ui.label(&f.factor.id);
                });
                row.col(|ui| {
                    let r = ui.label(&f.factor.description);
                    if let Some(c) = &f.caveat {
                        r.on_hover_text(format!("⚠ {c}"));
                    }
                });
                row.col(|ui| {
                    ui.label(f.factor.unit.as_str());
                });
                row.col(|ui| {
                    ui.label(components(&f.factor));
                });
                row.col(|ui| {
                    ui.label(&f.factor.source);
                });
            });
        });
}
