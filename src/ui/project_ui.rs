//! Step 1: the park and the engagement. Invalid values are refused by the
//! edit layer; missing ones are listed from the readiness report as you type.

use super::i18n::n_;
use super::panel::PanelCx;
use crate::audit::Area;
use crate::edit::{Edit, EngagementField, ParkField};
use crate::model::{AssuranceLevel, Project};

type Get = fn(&Project) -> &String;

fn text_row(
    ui: &mut egui::Ui,
    cx: &mut PanelCx,
    label: &'static str,
    get: Get,
    make: fn(String) -> Edit,
    required: bool,
) {
    let mut value = get(cx.project()).clone();
    let l = ui.label(cx.t(label));
    let r = ui
        .add_sized([360.0, 20.0], egui::TextEdit::singleline(&mut value))
        .labelled_by(l.id);
    if r.changed() {
        cx.edit(make(value.clone()));
    }
    if required && value.trim().is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, cx.t("required"));
    } else {
        ui.label("");
    }
    ui.end_row();
}

pub fn project_ui(ui: &mut egui::Ui, cx: &mut PanelCx) {
    ui.heading(cx.t("Project & engagement"));
    ui.label(cx.t("The park, the reporting period and who verifies it, to what level of assurance and materiality."));
    ui.add_space(8.0);
    egui::Grid::new("project_grid")
        .num_columns(3)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            text_row(
                ui,
                cx,
                n_("Park name"),
                |p| &p.park.name,
                |v| Edit::Park(ParkField::Name(v)),
                true,
            );
            text_row(
                ui,
                cx,
                n_("Park name (Chinese)"),
                |p| &p.park.name_zh,
                |v| Edit::Park(ParkField::NameZh(v)),
                false,
            );
            text_row(
                ui,
                cx,
                n_("Province"),
                |p| &p.park.province,
                |v| Edit::Park(ParkField::Province(v)),
                false,
            );
            year_row(ui, cx, true);
            year_row(ui, cx, false);
            text_row(
                ui,
                cx,
                n_("Client"),
                |p| &p.engagement.client,
                |v| Edit::Engagement(EngagementField::Client(v)),
                true,
            );
            text_row(
                ui,
                cx,
                n_("Verification body"),
                |p| &p.engagement.verification_body,
                |v| Edit::Engagement(EngagementField::VerificationBody(v)),
                true,
            );
            text_row(
                ui,
                cx,
                n_("Lead auditor"),
                |p| &p.engagement.lead_auditor,
                |v| Edit::Engagement(EngagementField::LeadAuditor(v)),
                true,
            );
            text_row(
                ui,
                cx,
                n_("Responsible party"),
                |p| &p.engagement.responsible_party,
                |v| Edit::Engagement(EngagementField::ResponsibleParty(v)),
                false,
            );
            text_row(
                ui,
                cx,
                n_("Intended users"),
                |p| &p.engagement.intended_users,
                |v| Edit::Engagement(EngagementField::IntendedUsers(v)),
                true,
            );
            text_row(
                ui,
                cx,
                n_("Accreditation"),
                |p| &p.engagement.accreditation,
                |v| Edit::Engagement(EngagementField::Accreditation(v)),
                false,
            );
            text_row(
                ui,
                cx,
                n_("Place of issue"),
                |p| &p.engagement.place,
                |v| Edit::Engagement(EngagementField::Place(v)),
                true,
            );
            assurance_row(ui, cx);
            materiality_row(ui, cx);
        });
    ui.add_space(8.0);
    let zh = cx.lang() == super::i18n::Lang::Zh;
    let gaps: Vec<String> = cx
        .derived()
        .gaps_in(Area::Engagement)
        .map(|g| g.message(zh))
        .collect();
    if gaps.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(40, 150, 70),
            cx.t("✔ The project and engagement are complete."),
        );
    } else {
        for g in gaps {
            ui.colored_label(ui.visuals().error_fg_color, format!("⚠ {g}"));
        }
    }
}

fn year_row(ui: &mut egui::Ui, cx: &mut PanelCx, reporting: bool) {
    let park = &cx.project().park;
    let label = if reporting {
        n_("Reporting year")
    } else {
        n_("Base year")
    };
    let mut v = if reporting {
        park.reporting_year
    } else {
        park.base_year
    };
    let reporting_year = park.reporting_year;
    let l = ui.label(cx.t(label));
    let r = ui
        .add(egui::DragValue::new(&mut v).range(1990..=2100).speed(0.1))
        .labelled_by(l.id);
    if r.changed() {
        cx.edit(Edit::Park(if reporting {
            ParkField::ReportingYear(v)
        } else {
            ParkField::BaseYear(v)
        }));
    }
    if !reporting && v > reporting_year {
        ui.colored_label(
            ui.visuals().error_fg_color,
            cx.t("after the reporting year"),
        );
    } else {
        ui.label("");
    }
    ui.end_row();
}

fn assurance_row(ui: &mut egui::Ui, cx: &mut PanelCx) {
    let current = cx.project().engagement.assurance;
    let mut v = current;
    ui.label(cx.t("Level of assurance"));
    ui.horizontal(|ui| {
        ui.radio_value(&mut v, AssuranceLevel::Reasonable, cx.t("Reasonable"));
        ui.radio_value(&mut v, AssuranceLevel::Limited, cx.t("Limited"));
    });
    if v != current {
        cx.edit(Edit::Engagement(EngagementField::Assurance(v)));
    }
    ui.label("");
    ui.end_row();
}

fn materiality_row(ui: &mut egui::Ui, cx: &mut PanelCx) {
    let v = cx.project().engagement.materiality_pct;
    let l = ui.label(cx.t("Materiality (% of total)"));
    ui.horizontal(|ui| {
        super::widgets::number_field(ui, cx, l.id, v, "materiality", |x| {
            Edit::Engagement(EngagementField::MaterialityPct(x))
        });
        ui.label("%");
    });
    ui.label(cx.t("5 % is common for reasonable assurance"));
    ui.end_row();
}
