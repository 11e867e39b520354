//! Step 1: the park and the engagement — validated as you type.

use super::app::App;
use super::i18n::{Lang, n_, tr};
use crate::model::{AssuranceLevel, Project};

/// What is wrong or missing, each naming the field.
pub fn problems(p: &Project, lang: Lang) -> Vec<String> {
    let t = |s| tr(lang, s);
    let mut out = Vec::new();
    if p.park.name.trim().is_empty() {
        out.push(t("Park name is required").to_string());
    }
    if !(1990..=2100).contains(&p.park.reporting_year) {
        out.push(t("Reporting year must be between 1990 and 2100").to_string());
    }
    if p.park.base_year > p.park.reporting_year {
        out.push(t("Base year cannot be after the reporting year").to_string());
    }
    if p.engagement.client.trim().is_empty() {
        out.push(t("Client is required").to_string());
    }
    if p.engagement.verification_body.trim().is_empty() {
        out.push(t("Verification body is required").to_string());
    }
    if p.engagement.lead_auditor.trim().is_empty() {
        out.push(t("Lead auditor is required").to_string());
    }
    let m = p.engagement.materiality_pct;
    if !(m > 0.0 && m <= 100.0) {
        out.push(t("Materiality must be more than 0 % and at most 100 %").to_string());
    }
    out
}

type Get = fn(&Project) -> &String;
type Set = fn(&mut Project, String);

fn text_row(
    app: &mut App,
    ui: &mut egui::Ui,
    key: &str,
    label: &'static str,
    get: Get,
    set: Set,
    required: bool,
) {
    let Some(p) = app.project() else { return };
    let mut value = get(p).clone();
    let l = ui.label(app.t(label));
    let r = ui
        .add_sized([360.0, 20.0], egui::TextEdit::singleline(&mut value))
        .labelled_by(l.id);
    if r.changed() {
        let v = value.clone();
        app.edit(key, "edit", |p| {
            set(p, v.clone());
            Some(format!("{key}: {v:?}"))
        });
    }
    if required && value.trim().is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, app.t("required"));
    } else {
        ui.label("");
    }
    ui.end_row();
}

pub fn project_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.heading(app.t("Project & engagement"));
    ui.label(app.t("The park, the reporting period and who verifies it, to what level of assurance and materiality."));
    ui.add_space(8.0);
    egui::Grid::new("project_grid")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            text_row(
                app,
                ui,
                "park.name",
                n_("Park name"),
                |p| &p.park.name,
                |p, v| p.park.name = v,
                true,
            );
            text_row(
                app,
                ui,
                "park.name_zh",
                n_("Park name (Chinese)"),
                |p| &p.park.name_zh,
                |p, v| p.park.name_zh = v,
                false,
            );
            text_row(
                app,
                ui,
                "park.province",
                n_("Province"),
                |p| &p.park.province,
                |p, v| p.park.province = v,
                false,
            );
            year_row(app, ui, true);
            year_row(app, ui, false);
            text_row(
                app,
                ui,
                "engagement.client",
                n_("Client"),
                |p| &p.engagement.client,
                |p, v| p.engagement.client = v,
                true,
            );
            text_row(
                app,
                ui,
                "engagement.verification_body",
                n_("Verification body"),
                |p| &p.engagement.verification_body,
                |p, v| p.engagement.verification_body = v,
                true,
            );
            text_row(
                app,
                ui,
                "engagement.lead_auditor",
                n_("Lead auditor"),
                |p| &p.engagement.lead_auditor,
                |p, v| p.engagement.lead_auditor = v,
                true,
            );
            assurance_row(app, ui);
            materiality_row(app, ui);
        });
    ui.add_space(8.0);
    let Some(p) = app.project() else { return };
    let issues = problems(p, app.lang());
    if issues.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(40, 150, 70),
            app.t("✔ The project and engagement are complete."),
        );
    } else {
        for i in issues {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {i}"));
        }
    }
}

fn year_row(app: &mut App, ui: &mut egui::Ui, reporting: bool) {
    let Some(p) = app.project() else { return };
    let (label, key) = if reporting {
        (n_("Reporting year"), "park.reporting_year")
    } else {
        (n_("Base year"), "park.base_year")
    };
    let mut v = if reporting {
        p.park.reporting_year
    } else {
        p.park.base_year
    };
    let reporting_year = p.park.reporting_year;
    let l = ui.label(app.t(label));
    let r = ui
        .add(egui::DragValue::new(&mut v).range(1990..=2100).speed(0.1))
        .labelled_by(l.id);
    if r.changed() {
        app.edit(key, "edit", |p| {
            if reporting {
                p.park.reporting_year = v;
            } else {
                p.park.base_year = v;
            }
            Some(format!("{key}: {v}"))
        });
    }
    if !reporting && v > reporting_year {
        ui.colored_label(
            ui.visuals().error_fg_color,
            app.t("after the reporting year"),
        );
    } else {
        ui.label("");
    }
    ui.end_row();
}

fn assurance_row(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    let mut v = p.engagement.assurance;
    ui.label(app.t("Level of assurance"));
    ui.horizontal(|ui| {
        ui.radio_value(&mut v, AssuranceLevel::Reasonable, app.t("Reasonable"));
        ui.radio_value(&mut v, AssuranceLevel::Limited, app.t("Limited"));
    });
    if v != p.engagement.assurance {
        app.edit("engagement.assurance", "edit", |p| {
            p.engagement.assurance = v;
            Some(format!("assurance: {v:?}"))
        });
    }
    ui.label("");
    ui.end_row();
}

fn materiality_row(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    let mut v = p.engagement.materiality_pct;
    let l = ui.label(app.t("Materiality (% of total)"));
    let r = ui
        .add(
            egui::DragValue::new(&mut v)
                .range(0.0..=100.0)
                .speed(0.1)
                .suffix(" %"),
        )
        .labelled_by(l.id);
    if r.changed() {
        app.edit("engagement.materiality_pct", "edit", |p| {
            p.engagement.materiality_pct = v;
            Some(format!("materiality: {v} %"))
        });
    }
    if v <= 0.0 {
        ui.colored_label(ui.visuals().error_fg_color, app.t("must be more than 0 %"));
    } else {
        ui.label(app.t("5 % is common for reasonable assurance"));
    }
    ui.end_row();
}
