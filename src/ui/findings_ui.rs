//! Verification › findings: the register (type, CL/CAR/FAR, impact, status),
//! raising one, and the client's response, the conclusion and the correction.

use super::app::App;
use super::i18n::n_;
use super::verification_ui::now;
use super::widgets::fmt_t;
use crate::model::{Finding, FindingStatus, FindingType, Request};

pub(super) fn findings_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    let findings = p.verification.findings.clone();
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
        for f in &findings {
            ui.label(&f.id);
            ui.label(format!("{:?}", f.kind));
            ui.label(f.request.map_or("", Request::label));
            ui.label(&f.title);
            ui.label(fmt_t(f.impact_t));
            let mut s = f.status;
            egui::ComboBox::from_id_salt(("status", &f.id))
                .selected_text(format!("{s:?}"))
                .show_ui(ui, |ui| {
                    for x in [
                        FindingStatus::Open,
                        FindingStatus::Responded,
                        FindingStatus::Closed,
                    ] {
                        ui.selectable_value(&mut s, x, format!("{x:?}"));
                    }
                });
            if s != f.status {
                status_change = Some((f.id.clone(), f.status, s));
            }
            ui.end_row();
        }
    });
    for f in &findings {
        finding_detail_ui(app, ui, f);
    }
    if let Some((id, old, new)) = status_change {
        app.edit(&format!("finding.{id}.status"), "finding", |p| {
            let f = p.verification.findings.iter_mut().find(|f| f.id == id)?;
            f.status = new;
            Some(format!("{id}: status {old:?} → {new:?}"))
        });
    }
    ui.separator();
    ui.strong(t("Raise a finding"));
    let st = &mut app.verify;
    egui::Grid::new("new_finding")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label(t("Type"));
            ui.horizontal(|ui| {
                ui.radio_value(&mut st.kind, FindingType::Misstatement, t("Misstatement"));
                ui.radio_value(
                    &mut st.kind,
                    FindingType::NonConformity,
                    t("Non-conformity"),
                );
                ui.radio_value(&mut st.kind, FindingType::Observation, t("Observation"));
            });
            ui.end_row();
            ui.label(t("Request"));
            ui.horizontal(|ui| {
                ui.radio_value(&mut st.request, None, t("none"));
                for r in [
                    Request::Clarification,
                    Request::CorrectiveAction,
                    Request::ForwardAction,
                ] {
                    ui.radio_value(&mut st.request, Some(r), r.label());
                }
            });
            ui.end_row();
            let l = ui.label(t("Title"));
            ui.add(egui::TextEdit::singleline(&mut st.title).desired_width(360.0))
                .labelled_by(l.id);
            ui.end_row();
            ui.label(t("Impact (t CO₂e, overstatement +)"));
            ui.add(egui::DragValue::new(&mut st.impact_t).speed(1.0));
            ui.end_row();
            let l = ui.label(t("Records (comma-separated)"));
            ui.add(egui::TextEdit::singleline(&mut st.records).desired_width(360.0))
                .labelled_by(l.id);
            ui.end_row();
        });
    let title = app.verify.title.trim().to_string();
    if ui
        .add_enabled(!title.is_empty(), egui::Button::new(t("Raise finding")))
        .clicked()
    {
        raise(app, title);
    }
}

/// The client's response, the verifier's conclusion and the correction of one finding.
fn finding_detail_ui(app: &mut App, ui: &mut egui::Ui, f: &Finding) {
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
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
                app.edit(&format!("finding.{id}.response"), "finding", |p| {
                    let x = p.verification.findings.iter_mut().find(|x| x.id == id)?;
                    x.client_response = response.clone();
                    Some(format!("{id}: client response {response:?}"))
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
                app.edit(&format!("finding.{id}.conclusion"), "finding", |p| {
                    let x = p.verification.findings.iter_mut().find(|x| x.id == id)?;
                    x.conclusion = conclusion.clone();
                    Some(format!("{id}: conclusion {conclusion:?}"))
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
                app.edit(&format!("finding.{id}.corrected"), "finding", |p| {
                    let x = p.verification.findings.iter_mut().find(|x| x.id == id)?;
                    x.corrected = corrected;
                    Some(format!("{id}: corrected {corrected}"))
                });
            }
        });
}

fn raise(app: &mut App, title: String) {
    let st = &app.verify;
    let record_ids: Vec<String> = st
        .records
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let Some(doc) = &app.doc else { return };
    if let Some(bad) = record_ids
        .iter()
        .find(|r| !doc.project().activity.iter().any(|a| &a.id == *r))
    {
        app.toast(format!("{}: {bad}", app.t("No such record")), true);
        return;
    }
    let (kind, request, impact_t, who) = (st.kind, st.request, st.impact_t, doc.who.clone());
    app.edit("finding.new", "finding", |p| {
        let n = p.verification.findings.len() + 1;
        let f = Finding {
            id: format!("F{n:03}"),
            kind,
            request,
            title,
            record_ids,
            entity_ids: Vec::new(),
            impact_t,
            corrected: false,
            status: FindingStatus::Open,
            client_response: String::new(),
            conclusion: String::new(),
            raised_by: who,
            raised_at: now(),
        };
        let detail = format!(
            "{} {:?}: {} (impact {} t CO2e)",
            f.id, f.kind, f.title, f.impact_t
        );
        p.verification.findings.push(f);
        Some(detail)
    });
    if let Some(d) = &mut app.doc {
        d.end_coalescing();
    }
    app.verify.title.clear();
    app.verify.records.clear();
    app.verify.impact_t = 0.0;
}
