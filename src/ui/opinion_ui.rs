//! Verification › the opinion (proposed, confirmed or overridden with a
//! reason, and the statement) and the sign-offs by section and role — each
//! an edit, by the auditor of the current profile.

use super::panel::PanelCx;
use super::verification_ui::VerifyPanel;
use super::widgets;
use crate::audit::evaluation;
use crate::edit::Edit;
use crate::model::{Opinion, Role, Section};

impl VerifyPanel {
    pub(super) fn opinion_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let Some(a) = cx.analysis() else {
            return;
        };
        let lang = cx.lang();
        let t = move |s| super::i18n::tr(lang, s);
        let p = cx.project();
        let (proposed, why) = &a.proposed;
        let proposed = *proposed;
        let untested = evaluation::untested_items(p);
        ui.label(format!(
            "{}: {}",
            t("Proposed opinion"),
            widgets::opinion_label(lang, proposed)
        ));
        ui.label(if lang == super::i18n::Lang::Zh {
            a.proposed_zh.as_str()
        } else {
            why.as_str()
        });
        if let Some(o) = &p.verification.opinion {
            ui.label(
                egui::RichText::new(format!(
                    "{}: {} ({} {}, {})",
                    t("Recorded opinion"),
                    widgets::opinion_label(lang, o.chosen),
                    t("by"),
                    o.who,
                    o.at
                ))
                .strong(),
            );
        }
        if !untested.is_empty() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!(
                    "{} {} ({})",
                    untested.len(),
                    t("sampled item(s) are untested — test them before the opinion"),
                    untested.first().map_or("", String::as_str)
                ),
            );
            return;
        }
        if ui.button(t("Confirm the proposed opinion")).clicked() {
            cx.edit(Edit::ConfirmOpinion);
        }
        ui.horizontal(|ui| {
            ui.label(t("Or override with"));
            for o in Opinion::ALL {
                ui.radio_value(
                    &mut self.override_to,
                    Some(o),
                    widgets::opinion_label(lang, o),
                );
            }
        });
        let l = ui.label(t("Reason for the override"));
        ui.add(egui::TextEdit::multiline(&mut self.override_reason).desired_rows(2))
            .labelled_by(l.id);
        let reason = self.override_reason.trim().to_string();
        if let Some(o) = self.override_to
            && ui
                .add_enabled(
                    !reason.is_empty() && o != proposed,
                    egui::Button::new(t("Record the override")),
                )
                .clicked()
        {
            cx.edit(Edit::OverrideOpinion { opinion: o, reason });
        }
        ui.separator();
        // The statement as the workbook will state it, in the app's language;
        // drawn only when opened (it reads the whole verification record).
        egui::CollapsingHeader::new(t("Verification statement (as in the workbook)"))
            .id_salt("statement")
            .show(ui, |ui| {
                for e in crate::audit::statement::statement(p, a) {
                    let zh = lang == super::i18n::Lang::Zh;
                    ui.strong(if zh { e.heading_zh } else { e.heading_en });
                    ui.label(if zh { &e.zh } else { &e.en });
                    ui.add_space(4.0);
                }
            });
    }

    pub(super) fn signoff_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let Some(a) = cx.analysis() else {
            return;
        };
        let lang = cx.lang();
        let t = move |s| super::i18n::tr(lang, s);
        ui.label(t("Each section is signed in order: preparer → reviewer → lead verifier → independent reviewer. An edit after a sign-off voids it."));
        egui::Grid::new("signoffs").striped(true).show(ui, |ui| {
            ui.label("");
            for r in Role::ALL {
                ui.strong(widgets::role_label(lang, r));
            }
            ui.end_row();
            for s in Section::ALL {
                ui.strong(widgets::section_label(lang, s));
                for r in Role::ALL {
                    match a
                        .signoffs
                        .iter()
                        .rev()
                        .find(|x| x.section == s && x.role == r)
                    {
                        Some(x) if x.valid => {
                            ui.colored_label(
                                egui::Color32::from_rgb(40, 150, 70),
                                format!("✔ {}", x.who),
                            );
                        }
                        Some(x) => {
                            ui.colored_label(
                                egui::Color32::from_rgb(210, 120, 0),
                                format!("⚠ {} ({})", x.who, t("edited after review")),
                            );
                        }
                        None => {
                            ui.label("—");
                        }
                    }
                }
                ui.end_row();
            }
        });
        ui.horizontal(|ui| {
            ui.label(format!("{}: {}", t("Signing as"), cx.actor().display()));
            if ui.button(t("Change profile…")).clicked() {
                cx.send(super::command::AppCommand::EditProfile);
            }
        });
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("signoff_role")
                .selected_text(widgets::role_label(lang, self.role))
                .show_ui(ui, |ui| {
                    for r in Role::ALL {
                        ui.selectable_value(&mut self.role, r, widgets::role_label(lang, r));
                    }
                });
            egui::ComboBox::from_id_salt("signoff_section")
                .selected_text(widgets::section_label(lang, self.section))
                .show_ui(ui, |ui| {
                    for s in Section::ALL {
                        ui.selectable_value(&mut self.section, s, widgets::section_label(lang, s));
                    }
                });
            if ui.button(t("Sign off")).clicked() {
                cx.edit_tagged(
                    Edit::SignOff {
                        section: self.section,
                        role: self.role,
                    },
                    "signoff",
                );
            }
        });
        if let Some(Ok(applied)) = cx.outcome("signoff") {
            cx.toast(applied.detail.clone(), false);
        }
    }
}
