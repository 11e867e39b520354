//! The frame around the steps: the menu bar (from the command list), the
//! walkthrough navigation with its badges, and the status bar.

use super::app::{App, Step};
use super::command::{self, AppCommand, Menu};
use super::document::Document;
use super::i18n::n_;
use super::widgets;

impl App {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut egui::Ui) {
        let cmds = command::commands();
        egui::MenuBar::new().ui(ui, |ui| {
            for (menu, title) in [
                (Menu::File, n_("File")),
                (Menu::Edit, n_("Edit")),
                (Menu::View, n_("View")),
                (Menu::Help, n_("Help")),
            ] {
                ui.menu_button(self.t(title), |ui| {
                    for c in cmds.iter().filter(|c| c.menu == menu) {
                        if menu == Menu::File && c.command == AppCommand::Save {
                            self.recent_menu_ui(ui);
                        }
                        let enabled = self.enabled(&c.command);
                        let mut button = egui::Button::new(self.t(c.label));
                        if let Some(s) = &c.shortcut {
                            button = button.shortcut_text(command::shortcut_text(ui.ctx(), s));
                        }
                        if ui.add_enabled(enabled, button).clicked() {
                            self.queue(c.command.clone());
                            ui.close();
                        }
                    }
                });
            }
        });
    }

    pub(super) fn recent_menu_ui(&mut self, ui: &mut egui::Ui) {
        let recent = self.settings.recent.clone();
        ui.menu_button(self.t("Open recent"), |ui| {
            if recent.is_empty() {
                ui.label(self.t("No recent projects"));
            }
            for p in recent {
                if ui.button(p.display().to_string()).clicked() {
                    self.queue(AppCommand::OpenPath(p));
                    ui.close();
                }
            }
        });
    }

    pub(super) fn enabled(&self, c: &AppCommand) -> bool {
        let doc = self.doc.as_ref();
        match c {
            AppCommand::Save | AppCommand::SaveAs | AppCommand::Import | AppCommand::Export => {
                doc.is_some()
            }
            AppCommand::CloseProject => doc.is_some(),
            AppCommand::Undo => doc.is_some_and(Document::can_undo),
            AppCommand::EditProfile => true,
            AppCommand::Redo => doc.is_some_and(Document::can_redo),
            _ => true,
        }
    }

    pub(super) fn nav_ui(&mut self, ui: &mut egui::Ui) {
        ui.add_space(6.0);
        ui.heading(self.t("Walkthrough"));
        ui.add_space(4.0);
        for (i, step) in Step::ALL.into_iter().enumerate() {
            let attention = self.attention(step);
            let selected = self.step() == step;
            let label = format!("{}. {}", i + 1, step.label(self.lang()));
            ui.horizontal(|ui| {
                let r = ui.selectable_label(selected, label);
                if r.clicked() {
                    self.queue(AppCommand::Goto(step));
                }
                widgets::badge_ui(ui, self.lang(), attention);
            });
        }
    }

    pub(super) fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match &self.doc {
                Some(d) => {
                    ui.label(
                        d.display_name(self.t("(not saved)"), self.lang() == super::i18n::Lang::Zh),
                    );
                    if d.is_dirty() {
                        ui.label(egui::RichText::new(self.t("● unsaved")).strong())
                            .on_hover_text(self.t("There are changes that are not saved"));
                    }
                }
                None => {
                    ui.label(self.t("No project open"));
                }
            }
            ui.separator();
            let mut cancel = false;
            for j in &self.jobs.running {
                ui.spinner();
                let secs = j.started.elapsed().as_secs_f32();
                let phase = phase_label(self.lang(), &j.progress.phase_name());
                let text = if phase.is_empty() {
                    format!("{} ({secs:.0} s)", j.label)
                } else {
                    format!("{} — {phase} ({secs:.0} s)", j.label)
                };
                match j.progress.fraction() {
                    Some(f) => {
                        ui.label(&j.label);
                        let phase = if phase.is_empty() {
                            String::new()
                        } else {
                            format!("{phase} ")
                        };
                        ui.add(
                            egui::ProgressBar::new(f)
                                .desired_width(220.0)
                                .text(format!("{phase}{:.0} % ({secs:.0} s)", f * 100.0)),
                        );
                    }
                    None if j.progress.done() > 0 => {
                        ui.label(format!("{text} · {} {}", j.progress.done(), self.t("rows")));
                    }
                    None => {
                        ui.label(text);
                    }
                }
                if j.cancellable && ui.button(self.t("Cancel")).clicked() {
                    cancel = true;
                }
            }
            if cancel {
                self.jobs.cancel_all();
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if let Some(a) = self.analysis() {
                    ui.label(
                        egui::RichText::new(format!(
                            "{} {} t CO₂e",
                            self.t("Total"),
                            widgets::fmt_t(a.inventory.total_t_co2e)
                        ))
                        .strong(),
                    );
                    if self.derived.computing.is_some() {
                        ui.spinner().on_hover_text(self.t("Recomputing"));
                    }
                } else if let Some(e) = &self.derived.error {
                    ui.colored_label(ui.visuals().error_fg_color, self.t("Cannot compute"))
                        .on_hover_text(e.get(self.lang()));
                }
            });
        });
    }
}

/// A job's phase (set by the engine in English) in the app's language.
fn phase_label(lang: super::i18n::Lang, phase: &str) -> String {
    use super::i18n::tr;
    let known = [
        n_("compressing"),
        n_("computing"),
        n_("loading the key"),
        n_("reading rows"),
        n_("reading the file back"),
        n_("writing sheets"),
    ];
    match known.iter().find(|k| **k == phase) {
        Some(k) => tr(lang, k).to_string(),
        None => phase.to_string(),
    }
}
