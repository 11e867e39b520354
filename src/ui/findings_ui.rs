//! Verification › findings: the register (type, CL/CAR/FAR, impact, status),
//! raising one, and the client's response, the conclusion and the correction
//! — each an edit.

use super::i18n::n_;
use super::panel::PanelCx;
use super::verification_ui::VerifyPanel;
use super::widgets::{self, fmt_t};
use crate::edit::{Edit, FindingChange, NewFinding};
use crate::model::{Finding, FindingStatus, FindingType, Request};

impl VerifyPanel {
    pub(super) fn findings_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = move |s| super::i18n::tr(lang, s);
        let findings = &cx.project().verification.findings;
        if findings.is_empty() {
            ui.label(t("No findings are recorded."));
        }
        let mut status_change = None;
        egui::Grid::new("findings").striped(true).show(ui, |ui| {
            for h in [
                n_("ID"),
                n_("Type"),
                n_("Request"),
                n_("Title"),
                n_("Impact t CO₂e"),
                n_("Status"),
            ] {
                ui.strong(t(h));
            }
            ui.end_row();
            for f in findings {
                ui.label(&f.id);
                ui.label(widgets::finding_type_label(lang, f.kind));
                ui.label(f.request.map_or("", Request::label));
                ui.label(&f.title);
                ui.label(fmt_t(f.impact_t));
                let mut s = f.status;
                egui::ComboBox::from_id_salt(("status", &f.id))
                    .selected_text(widgets::status_label(lang, s))
                    .show_ui(ui, |ui| {
                        for x in FindingStatus::ALL {
                            ui.selectable_value(&mut s, x, widgets::status_label(lang, x));
                        }
                    });
                if s != f.status {
                    status_change = Some((f.id.clone(), s));
                }
                ui.end_row();
            }
        });
        for f in findings {
            finding_detail_ui(ui, cx, f);
        }
        if let Some((id, s)) = status_change {
            cx.edit(Edit::Finding {
                id,
                change: FindingChange::Status(s),
            });
        }
        ui.separator();
        ui.strong(t("Raise a finding"));
        egui::Grid::new("new_finding")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label(t("Type"));
                ui.horizontal(|ui| {
                    for k in FindingType::ALL {
                        ui.radio_value(&mut self.kind, k, widgets::finding_type_label(lang, k));
                    }
                });
                ui.end_row();
                ui.label(t("Request"));
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.request, None, t("none"));
                    for r in Request::ALL {
                        ui.radio_value(&mut self.request, Some(r), r.label());
                    }
                });
                ui.end_row();
                let l = ui.label(t("Title"));
                ui.add(egui::TextEdit::singleline(&mut self.title).desired_width(360.0))
                    .labelled_by(l.id);
                ui.end_row();
                ui.label(t("Impact (t CO₂e, overstatement +)"));
                ui.add(egui::DragValue::new(&mut self.impact_t).speed(1.0));
                ui.end_row();
                let l = ui.label(t("Records (comma-separated)"));
                ui.add(egui::TextEdit::singleline(&mut self.records).desired_width(360.0))
                    .labelled_by(l.id);
                ui.end_row();
                if cx.project().cbam.is_some() {
                    let l = ui.label(t("CBAM goods (e.g. E01/P3, comma-separated)"));
                    ui.add(egui::TextEdit::singleline(&mut self.goods).desired_width(360.0))
                        .labelled_by(l.id);
                    ui.end_row();
                }
            });
        if ui
            .add_enabled(
                !self.title.trim().is_empty(),
                egui::Button::new(t("Raise finding")),
            )
            .clicked()
        {
            let list = |text: &str| -> Vec<String> {
                text.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            };
            let record_ids = list(&self.records);
            let goods = list(&self.goods);
            cx.edit_tagged(
                Edit::RaiseFinding(NewFinding {
                    kind: self.kind,
                    request: self.request,
                    title: self.title.clone(),
                    impact_t: self.impact_t,
                    record_ids,
                    entity_ids: Vec::new(),
                    goods,
                    indicators: Vec::new(),
                }),
                "finding.raise",
            );
        }
        if let Some(Ok(_)) = cx.outcome("finding.raise") {
            self.title.clear();
            self.records.clear();
            self.goods.clear();
            self.impact_t = 0.0;
        }
    }
}

/// The client's response, the verifier's conclusion and the correction of one finding.
fn finding_detail_ui(ui: &mut egui::Ui, cx: &mut PanelCx, f: &Finding) {
    let lang = cx.lang();
    let t = move |s| super::i18n::tr(lang, s);
    egui::CollapsingHeader::new(format!("{} — {}", f.id, f.title))
        .id_salt(("finding_detail", &f.id))
        .show(ui, |ui| {
            ui.label(format!(
                "{} {} · {}",
                t("Raised by"),
                f.raised_by,
                f.raised_at
            ));
            if !f.record_ids.is_empty() {
                ui.label(format!("{}: {}", t("Records"), f.record_ids.join(", ")));
            }
            let id = f.id.clone();
            let mut response = f.client_response.clone();
            let l = ui.label(t("Client response"));
            if ui
                .add(
                    egui::TextEdit::multiline(&mut response)
                        .desired_rows(2)
                        .desired_width(600.0),
                )
                .labelled_by(l.id)
                .changed()
            {
                cx.edit(Edit::Finding {
                    id: id.clone(),
                    change: FindingChange::Response(response),
                });
            }
            let mut conclusion = f.conclusion.clone();
            let l = ui.label(t("Verifier's conclusion"));
            if ui
                .add(
                    egui::TextEdit::multiline(&mut conclusion)
                        .desired_rows(2)
                        .desired_width(600.0),
                )
                .labelled_by(l.id)
                .changed()
            {
                cx.edit(Edit::Finding {
                    id: id.clone(),
                    change: FindingChange::Conclusion(conclusion),
                });
            }
            let mut corrected = f.corrected;
            if ui
                .checkbox(
                    &mut corrected,
                    t("Corrected by the client (no longer counts toward materiality)"),
                )
                .changed()
            {
                cx.edit(Edit::Finding {
                    id,
                    change: FindingChange::Corrected(corrected),
                });
            }
        });
}
