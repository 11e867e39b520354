//! Verification › analytical checks: computed with every analysis (on a
//! thread for large projects), listed with severity and source cells. High
//! and medium results need the verifier's review — a note, or a finding —
//! recorded through the edit layer.

use super::i18n::n_;
use super::panel::PanelCx;
use super::verification_ui::VerifyPanel;
use crate::audit::Severity;
use crate::edit::Edit;

impl VerifyPanel {
    pub(super) fn checks_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        ui.label(cx.t("Completeness, anomalies, base year, duplicates, units, factors, Benford, scope 2 instruments."));
        let Some(a) = cx.analysis() else {
            if cx.derived().computing.is_some() {
                ui.spinner();
            }
            return;
        };
        let Some(findings) = &a.checks else {
            ui.label(cx.t("The checks have not been run."));
            return;
        };
        if cx.current_analysis().is_none() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(cx.t("The project changed — the checks are being run again."));
            });
        }
        // A selection made on an earlier analysis may name results that are gone.
        if self.check_selection_revision != cx.derived().revision {
            self.check_selection.clear();
            self.check_selection_revision = cx.derived().revision;
        }
        let reviews = &cx.project().verification.check_reviews;
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        ui.label(format!(
            "{} {} · {} {} · {} {} · {} {}",
            count(Severity::High),
            cx.t("high"),
            count(Severity::Medium),
            cx.t("medium"),
            count(Severity::Low),
            cx.t("low"),
            count(Severity::Info),
            cx.t("info")
        ));
        let lang = cx.lang();
        let t = |s| super::i18n::tr(lang, s);
        let zh = lang == super::i18n::Lang::Zh;
        let keys: Vec<String> = findings.iter().map(|f| f.key()).collect();
        let mut toggled = None;
        let mut shown = None;
        egui::ScrollArea::horizontal()
            .id_salt("checks_h")
            .show(ui, |ui| {
                egui_extras::TableBuilder::new(ui)
                    .id_salt("checks")
                    .striped(true)
                    .resizable(true)
                    .column(egui_extras::Column::auto().at_least(24.0))
                    .column(egui_extras::Column::auto().at_least(60.0))
                    .column(egui_extras::Column::auto().at_least(110.0))
                    .column(egui_extras::Column::auto().at_least(60.0))
                    .column(egui_extras::Column::auto().at_least(70.0))
                    .column(
                        egui_extras::Column::initial(420.0)
                            .at_least(200.0)
                            .clip(true),
                    )
                    .column(egui_extras::Column::remainder().at_least(160.0).clip(true))
                    .max_scroll_height(420.0)
                    .header(22.0, |h| {
                        super::widgets::header_ui(
                            h,
                            lang,
                            &[
                                n_("Select"),
                                n_("Severity"),
                                n_("Check"),
                                n_("Entity"),
                                n_("Period"),
                                n_("Finding"),
                                n_("Review"),
                            ],
                        )
                    })
                    .body(|body| {
                        body.rows(20.0, findings.len(), |mut row| {
                            let i = row.index();
                            let (Some(f), Some(key)) = (findings.get(i), keys.get(i)) else {
                                return;
                            };
                            let review = reviews.iter().find(|r| &r.key == key);
                            row.col(|ui| {
                                if f.needs_review() {
                                    let mut on = self.check_selection.contains(key);
                                    let r = ui.add(egui::Checkbox::without_text(&mut on));
                                    if super::widgets::a11y_checkbox(
                                        r,
                                        on,
                                        format!(
                                            "{} {} {} {}",
                                            t("Select"),
                                            crate::audit::checks::check_label(f.check, zh),
                                            f.entity_id.as_deref().unwrap_or(""),
                                            f.period.as_deref().unwrap_or("")
                                        )
                                        .trim_end()
                                        .to_string(),
                                    )
                                    .changed()
                                    {
                                        toggled = Some((key.clone(), on));
                                    }
                                }
                            });
                            row.col(|ui| {
                                ui.label(super::widgets::severity_label(lang, f.severity));
                            });
                            row.col(|ui| {
                                ui.label(crate::audit::checks::check_label(f.check, zh));
                            });
                            row.col(|ui| {
                                ui.label(f.entity_id.clone().unwrap_or_default());
                            });
                            row.col(|ui| {
                                ui.label(f.period.clone().unwrap_or_default());
                            });
                            row.col(|ui| {
                                let text = if zh { &f.message_zh } else { &f.message };
                                // egui shows a cut label's whole text on hover by itself.
                                let r = ui.add(
                                    egui::Label::new(text.as_str()).sense(egui::Sense::click()),
                                );
                                if r.clicked() {
                                    shown = Some(key.clone());
                                }
                            });
                            row.col(|ui| match review {
                                Some(r) => {
                                    ui.label(format!("✔ {}", r.note))
                                        .on_hover_text(format!("{} · {}", r.who, r.at));
                                }
                                None if f.needs_review() => {
                                    ui.colored_label(
                                        egui::Color32::from_rgb(210, 120, 0),
                                        t("not reviewed"),
                                    );
                                }
                                None => {}
                            });
                        });
                    });
            });
        if let Some(key) = shown {
            self.check_shown = Some(key);
        }
        // The whole of the result last clicked (or selected): the table cuts long messages.
        let detail = self
            .check_shown
            .as_ref()
            .and_then(|k| keys.iter().position(|x| x == k))
            .and_then(|i| findings.get(i));
        if let Some(f) = detail {
            ui.separator();
            ui.label(egui::RichText::new(if zh { &f.message_zh } else { &f.message }).strong());
            if !f.sources.is_empty() {
                ui.label(format!("{}: {}", t("Source cells"), f.sources.join("; ")));
            }
            if !f.record_ids.is_empty() {
                ui.label(format!("{}: {}", t("Records"), f.record_ids.join(", ")));
            }
        }
        if let Some((key, on)) = toggled {
            if on {
                self.check_shown = Some(key.clone());
            }
            if on {
                self.check_selection.insert(key);
            } else {
                self.check_selection.remove(&key);
            }
        }
        ui.horizontal(|ui| {
            let l = ui.label(cx.t("Review of the selected results"));
            ui.add(
                egui::TextEdit::singleline(&mut self.check_note)
                    .desired_width(420.0)
                    .hint_text(cx.t("How it was explained, or the finding it led to")),
            )
            .labelled_by(l.id);
            let ready = !self.check_selection.is_empty() && !self.check_note.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new(cx.t("Record the review")))
                .clicked()
            {
                cx.edit_tagged(
                    Edit::ReviewChecks {
                        keys: self.check_selection.iter().cloned().collect(),
                        note: self.check_note.clone(),
                    },
                    "check.review",
                );
            }
        });
        if let Some(Ok(_)) = cx.outcome("check.review") {
            self.check_selection.clear();
            self.check_note.clear();
        }
    }
}
