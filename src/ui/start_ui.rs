//! The start screen: open, recent, new, the bundled samples, and the offer to
//! restore unsaved work after a crash.

use super::app::App;
use super::command::AppCommand;
use super::i18n::Lang;

pub struct StartState {
    pub show_new: bool,
    pub new_name: String,
    pub new_year: i32,
}

impl Default for StartState {
    fn default() -> Self {
        StartState {
            show_new: false,
            new_name: String::new(),
            new_year: crate::io::time::current_year() - 1,
        }
    }
}

pub fn start_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.heading(egui::RichText::new("ParkAudit").size(32.0));
        ui.label(app.t("Verify the carbon inventory of an industrial park, offline."));
    });
    ui.add_space(16.0);
    if let Some(meta) = app.recovery_offer.clone() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(
                egui::RichText::new(
                    app.t("Unsaved work was found from a session that did not close normally."),
                )
                .strong(),
            );
            ui.label(format!(
                "{} — {} ({})",
                meta.park,
                meta.original.as_ref().map_or_else(
                    || app.t("not saved").to_string(),
                    |p| p.display().to_string()
                ),
                meta.saved_at
            ));
            ui.horizontal(|ui| {
                if ui.button(app.t("Restore unsaved work")).clicked() {
                    app.queue(AppCommand::RestoreRecovery);
                }
                if ui.button(app.t("Discard it")).clicked() {
                    app.queue(AppCommand::DiscardRecovery);
                }
            });
        });
        ui.add_space(12.0);
    }
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.heading(app.t("Start"));
        if ui.button(app.t("Open project…")).clicked() {
            app.queue(AppCommand::Open);
        }
        if ui.button(app.t("New project…")).clicked() {
            app.start.show_new = !app.start.show_new;
        }
        if app.start.show_new {
            new_project_ui(app, ui);
        }
        ui.add_space(12.0);
        ui.heading(app.t("Sample projects"));
        for (i, (name, file, _)) in super::SAMPLES.iter().enumerate() {
            ui.horizontal(|ui| {
                if ui
                    .button(format!("{} {file}", app.t("Open sample")))
                    .clicked()
                {
                    app.queue(AppCommand::OpenSample(i));
                }
                ui.label(*name);
            });
        }
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            ui.label(app.t("Language"));
            for (l, label) in [(Lang::En, "English"), (Lang::Zh, "简体中文")] {
                if ui.selectable_label(app.lang() == l, label).clicked() {
                    app.queue(AppCommand::SetLang(l));
                }
            }
        });
        let ui = &mut cols[1];
        ui.heading(app.t("Recent projects"));
        if app.settings.recent.is_empty() {
            ui.label(app.t("No recent projects"));
        }
        for p in app.settings.recent.clone() {
            if ui.link(p.display().to_string()).clicked() {
                app.queue(AppCommand::OpenPath(p));
            }
        }
        ui.add_space(12.0);
        ui.label(
            egui::RichText::new(
                app.t("Tip: drop a project (.ron) or a workbook (.xlsx) onto the window."),
            )
            .weak(),
        );
    });
}

fn new_project_ui(app: &mut App, ui: &mut egui::Ui) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::Grid::new("new_project")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(app.t("Park name"));
                ui.add(
                    egui::TextEdit::singleline(&mut app.start.new_name).hint_text(super::i18n::tr(
                        app.settings.lang,
                        "e.g. Binhai Chemical Park",
                    )),
                );
                ui.end_row();
                ui.label(app.t("Reporting year"));
                ui.add(egui::DragValue::new(&mut app.start.new_year).range(1990..=2100));
                ui.end_row();
            });
        let name = app.start.new_name.trim().to_string();
        if ui
            .add_enabled(!name.is_empty(), egui::Button::new(app.t("Create project")))
            .clicked()
        {
            app.queue(AppCommand::CreateProject {
                name,
                year: app.start.new_year,
            });
            app.start.show_new = false;
        }
    });
}
