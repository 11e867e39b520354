//! The app's dialogs: an error with its full message, "save changes?", and a
//! typed path where no desktop file dialog is available.

use super::app::{App, PathKind};
use super::command::AppCommand;
use super::widgets;
use std::path::PathBuf;

/// Enter and Escape pressed this frame: every dialog takes Enter as its
/// default button and Escape as Cancel.
fn enter_escape(ctx: &egui::Context) -> (bool, bool) {
    ctx.input(|i| {
        (
            i.key_pressed(egui::Key::Enter),
            i.key_pressed(egui::Key::Escape),
        )
    })
}

impl App {
    pub(super) fn dialogs_ui(&mut self, ctx: &egui::Context) {
        let (enter, escape) = enter_escape(ctx);
        if let Some(err) = self.error.clone() {
            egui::Modal::new(egui::Id::unique("error_dialog")).show(ctx, |ui| {
                ui.set_max_width(640.0);
                ui.heading(self.t("Something went wrong"));
                ui.add(egui::Label::new(err.as_str()).wrap());
                ui.horizontal(|ui| {
                    if ui.button(self.t("Copy message")).clicked() {
                        ui.ctx().copy_text(err.clone());
                    }
                    if ui.button(self.t("OK")).clicked() || enter || escape {
                        self.error = None;
                    }
                });
            });
            return; // one dialog at a time takes the keys
        }
        if let Some(then) = self.confirm.as_ref().map(|c| c.then.clone()) {
            egui::Modal::new(egui::Id::unique("unsaved_dialog")).show(ctx, |ui| {
                ui.heading(self.t("Save changes?"));
                ui.label(self.t("The project has changes that are not saved."));
                ui.horizontal(|ui| {
                    if ui.button(self.t("Save")).clicked() || enter {
                        self.confirm = None;
                        match self.doc.as_ref().and_then(|d| d.path.clone()) {
                            Some(p) => self.save(ctx, p, Some(then.clone())),
                            None => self.queue(AppCommand::SaveAs),
                        }
                    }
                    if ui.button(self.t("Discard changes")).clicked() {
                        self.confirm = None;
                        if let Some(d) = &mut self.doc {
                            d.saved_revision = d.revision;
                        }
                        self.queue(then.clone());
                    }
                    if ui.button(self.t("Cancel")).clicked() || escape {
                        self.confirm = None;
                    }
                });
            });
            return;
        }
        self.path_dialog_ui(ctx);
        self.profile_ui(ctx);
        widgets::palette_ui(self, ctx);
        widgets::about_ui(self, ctx);
        widgets::references_ui(self, ctx);
        super::guide_ui::guide_ui(self, ctx);
    }

    /// The auditor's profile: name, organisation, role — asked for at first
    /// start, changed from Edit › Auditor profile… or the sign-off tab.
    pub(super) fn profile_ui(&mut self, ctx: &egui::Context) {
        let Some(mut form) = self.profile_form.clone() else {
            return;
        };
        let (enter, escape) = enter_escape(ctx);
        let mut close = escape;
        let mut save = enter && !form.name.trim().is_empty();
        egui::Modal::new(egui::Id::unique("profile_dialog")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading(self.t("Auditor profile"));
            if form.first_run {
                ui.add(egui::Label::new(self.t("ParkAudit records who makes each change — in the audit trail, findings, tests and sign-offs. Tell it who you are; you can change it later under Edit › Auditor profile…")).wrap());
            }
            egui::Grid::new("profile_grid").num_columns(2).show(ui, |ui| {
                let l = ui.label(self.t("Your name"));
                ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(300.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(self.t("Organisation"));
                ui.add(egui::TextEdit::singleline(&mut form.organisation).desired_width(300.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(self.t("Role"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.role)
                        .desired_width(300.0)
                        .hint_text(self.t("e.g. Lead verifier")),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        !form.name.trim().is_empty(),
                        egui::Button::new(self.t("Save profile")),
                    )
                    .clicked()
                {
                    save = true;
                }
                if ui.button(self.t("Cancel")).clicked() {
                    close = true;
                }
            });
        });
        if save {
            match self.save_profile(&form) {
                Ok(()) => {
                    close = true;
                    let name = self
                        .profile
                        .as_ref()
                        .map(|a| a.display())
                        .unwrap_or_default();
                    self.toast(format!("{} {name}", self.t("Acting as")), false);
                }
                Err(e) => self.error = Some(e),
            }
        }
        self.profile_form = if close { None } else { Some(form) };
    }

    pub(super) fn path_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(kind) = self.path_dialog.as_ref().map(|d| d.kind) else {
            return;
        };
        let title = match kind {
            PathKind::Open => self.t("Open project"),
            PathKind::SaveAs => self.t("Save project as"),
            PathKind::Import => self.t("Import workbook"),
        };
        let (enter, escape) = enter_escape(ctx);
        let mut close = escape;
        let mut go = None;
        egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
            ui.heading(title);
            ui.label(self.t("File path:"));
            if let Some(d) = &mut self.path_dialog {
                let r = ui.add(
                    egui::TextEdit::singleline(&mut d.text)
                        .desired_width(520.0)
                        .hint_text("/path/to/file"),
                );
                if !escape {
                    r.request_focus();
                }
                if enter {
                    go = Some(d.text.trim().to_string());
                }
            }
            ui.horizontal(|ui| {
                if ui.button(self.t("OK")).clicked() {
                    go = self.path_dialog.as_ref().map(|d| d.text.trim().to_string());
                }
                if ui.button(self.t("Cancel")).clicked() {
                    close = true;
                }
            });
        });
        if let Some(text) = go.filter(|t| !t.is_empty()) {
            let p = PathBuf::from(text);
            self.queue(match kind {
                PathKind::Open => AppCommand::OpenPath(p),
                PathKind::SaveAs => AppCommand::SaveTo(with_ron_extension(p)),
                PathKind::Import => AppCommand::ImportPath(p),
            });
            close = true;
        }
        if close {
            self.path_dialog = None;
        }
    }
}

fn with_ron_extension(p: PathBuf) -> PathBuf {
    if p.extension().is_some() {
        p
    } else {
        p.with_extension("ron")
    }
}
