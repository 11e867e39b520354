//! Verification › analytical checks: run on a copy off the UI thread for large
//! projects (at once for small ones), listed with severity and source cells.

use super::app::{App, Output};
use super::i18n::n_;
use crate::audit::Severity;

pub(super) fn checks_ui(app: &mut App, ui: &mut egui::Ui, ctx: &egui::Context) {
    let Some(doc) = &app.doc else { return };
    let revision = doc.revision;
    let shared = doc.shared();
    let running = app.jobs.is_running("checks");
    // Small projects are checked at once; large ones on request, on a thread.
    let stale = app
        .verify
        .checks
        .as_ref()
        .is_none_or(|(r, _)| *r != revision);
    if stale
        && !running
        && doc.project().activity.len() <= super::derived::INLINE_RECORDS
        && app.derived.revision == revision
        && let Some(a) = app.analysis()
    {
        let result =
            crate::audit::run_checks(doc.project(), &a.inventory, crate::calc::library::bundled());
        app.verify.checks = Some((revision, result));
    }
    ui.horizontal(|ui| {
        let enabled = !running && app.derived.revision == revision && app.analysis().is_some();
        if ui.add_enabled(enabled, egui::Button::new(app.t("Run the checks"))).clicked()
            && let Some(a) = app.analysis().cloned()
        {
            let project = shared;
            app.jobs.spawn(ctx, "checks", app.t("Running the checks").to_string(), false, move |_| Output::Checks {
                revision,
                result: crate::audit::run_checks(&project, &a.inventory, crate::calc::library::bundled()),
            });
        }
        if running {
            ui.spinner();
        }
        ui.label(app.t("Completeness, anomalies, base year, duplicates, units, factors, Benford, scope 2 instruments."));
    });
    let Some((rev, findings)) = &app.verify.checks else {
        return;
    };
    if *rev != revision {
        ui.label(app.t("The project changed since the checks ran — run them again."));
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    ui.label(format!(
        "{} {} · {} {} · {} {} · {} {}",
        count(Severity::High),
        app.t("high"),
        count(Severity::Medium),
        app.t("medium"),
        count(Severity::Low),
        app.t("low"),
        count(Severity::Info),
        app.t("info")
    ));
    egui_extras::TableBuilder::new(ui)
        .id_salt("checks")
        .striped(true)
        .resizable(true)
        .column(egui_extras::Column::auto().at_least(60.0))
        .column(egui_extras::Column::auto().at_least(110.0))
        .column(egui_extras::Column::auto().at_least(60.0))
        .column(egui_extras::Column::auto().at_least(70.0))
        .column(egui_extras::Column::remainder().at_least(300.0).clip(true))
        .max_scroll_height(420.0)
        .header(22.0, |h| {
            super::widgets::header_ui(
                h,
                app.lang(),
                &[
                    n_("Severity"),
                    n_("Check"),
                    n_("Entity"),
                    n_("Period"),
                    n_("Finding"),
                ],
            )
        })
        .body(|body| {
            body.rows(20.0, findings.len(), |mut row| {
                let Some(f) = findings.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(format!("{:?}", f.severity));
                });
                row.col(|ui| {
                    ui.label(f.check);
                });
                row.col(|ui| {
                    ui.label(f.entity_id.clone().unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(f.period.clone().unwrap_or_default());
                });
                row.col(|ui| {
                    let r = ui.label(&f.message);
                    if !f.sources.is_empty() {
                        r.on_hover_text(f.sources.join("\n"));
                    }
                });
            });
        });
}
