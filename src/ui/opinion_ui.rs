//! Verification › the opinion (proposed, confirmed or overridden with a reason,
//! and the statement) and the sign-offs by section and role.

use super::app::{App, Output};
use super::verification_ui::now;
use crate::audit::evaluation;
use crate::model::{Opinion, OpinionRecord, Role, Section};

pub(super) fn opinion_ui(app: &mut App, ui: &mut egui::Ui) {
    let (Some(p), Some(a)) = (app.project(), app.analysis().cloned()) else {
        return;
    };
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    let (proposed, why) = a.proposed.clone();
    let untested = evaluation::untested_items(p);
    let statement = a.statement.clone();
    ui.label(format!("{}: {proposed:?}", t("Proposed opinion")));
    ui.label(why.as_str());
    if let Some(o) = p.verification.opinion.clone() {
        ui.label(
            egui::RichText::new(format!(
                "{}: {:?} ({} {}, {})",
                t("Recorded opinion"),
                o.chosen,
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
    ui.horizontal(|ui| {
        if ui.button(t("Confirm the proposed opinion")).clicked() {
            record_opinion(app, proposed, why.clone(), proposed, None);
        }
    });
    ui.horizontal(|ui| {
        ui.label(t("Or override with"));
        for o in [
            Opinion::Unmodified,
            Opinion::Modified,
            Opinion::Adverse,
            Opinion::Disclaimer,
        ] {
            ui.radio_value(&mut app.verify.override_to, Some(o), format!("{o:?}"));
        }
    });
    let l = ui.label(t("Reason for the override"));
    ui.add(egui::TextEdit::multiline(&mut app.verify.override_reason).desired_rows(2))
        .labelled_by(l.id);
    let reason = app.verify.override_reason.trim().to_string();
    if let Some(o) = app.verify.override_to
        && ui
            .add_enabled(
                !reason.is_empty() && o != proposed,
                egui::Button::new(t("Record the override")),
            )
            .clicked()
    {
        record_opinion(app, proposed, why, o, Some(reason));
    }
    ui.separator();
    ui.label(egui::RichText::new(statement).italics());
}

fn record_opinion(
    app: &mut App,
    proposed: Opinion,
    why: String,
    chosen: Opinion,
    reason: Option<String>,
) {
    let Some(doc) = &app.doc else { return };
    let who = doc.who.clone();
    app.edit("opinion", "opinion", |p| {
        let at = now();
        p.verification.opinion = Some(OpinionRecord {
            proposed,
            reason: why,
            chosen,
            override_reason: reason.clone(),
            who,
            at,
        });
        Some(format!(
            "proposed {proposed:?}, chosen {chosen:?}{}",
            reason.map_or(String::new(), |r| format!(" — {r}"))
        ))
    });
    if let Some(d) = &mut app.doc {
        d.end_coalescing();
    }
}

pub(super) fn signoff_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(a) = app.analysis().cloned() else {
        return;
    };
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    ui.label(t("Each section is signed in order: preparer → reviewer → lead verifier → independent reviewer. An edit after a sign-off voids it."));
    egui::Grid::new("signoffs").striped(true).show(ui, |ui| {
        ui.label("");
        for r in Role::ALL {
            ui.strong(format!("{r:?}"));
        }
        ui.end_row();
        for s in Section::ALL {
            ui.strong(format!("{s:?}"));
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
        let l = ui.label(t("Signing as"));
        ui.add(egui::TextEdit::singleline(&mut app.verify.signer).desired_width(140.0))
            .labelled_by(l.id);
        egui::ComboBox::from_id_salt("signoff_role")
            .selected_text(format!("{:?}", app.verify.role))
            .show_ui(ui, |ui| {
                for r in Role::ALL {
                    ui.selectable_value(&mut app.verify.role, r, format!("{r:?}"));
                }
            });
        egui::ComboBox::from_id_salt("signoff_section")
            .selected_text(format!("{:?}", app.verify.section))
            .show_ui(ui, |ui| {
                for s in Section::ALL {
                    ui.selectable_value(&mut app.verify.section, s, format!("{s:?}"));
                }
            });
    });
    let current = app
        .doc
        .as_ref()
        .is_some_and(|d| d.revision == app.derived.revision);
    let who = app.verify.signer.trim().to_string();
    if ui
        .add_enabled(current && !who.is_empty(), egui::Button::new(t("Sign off")))
        .clicked()
    {
        let (section, role) = (app.verify.section, app.verify.role);
        let done = format!("{section:?} {} ({role:?})", app.t("signed off"));
        let Some(d) = &mut app.doc else { return };
        if d.project().activity.len() <= super::derived::INLINE_RECORDS {
            match d.run(|p| evaluation::sign_off(p, &a.inventory, section, role, &who, &now())) {
                Ok(()) => app.toast(done, false),
                Err(e) => app.toast(e, true),
            }
        } else {
            // Section digests hash every record: on a copy, off the UI thread.
            let (project, revision) = (d.shared(), d.revision);
            let ctx = ui.ctx().clone();
            app.jobs.spawn(
                &ctx,
                "signoff",
                t("Signing off").to_string(),
                false,
                move |_| {
                    let mut q = (*project).clone();
                    let result =
                        evaluation::sign_off(&mut q, &a.inventory, section, role, &who, &now())
                            .map(|()| q);
                    Output::Replaced {
                        revision,
                        done,
                        result: Box::new(result),
                    }
                },
            );
        }
    }
}
