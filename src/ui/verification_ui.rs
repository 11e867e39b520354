//! Step 7: verification — analytical checks, materiality, sampling and
//! tests, findings, the opinion and the sign-offs, over the `audit` layer.

use super::app::App;
use super::i18n::n_;
use super::widgets::fmt_t;
use crate::audit::evaluation::MaterialityState;
use crate::audit::{CheckFinding, sampling};
use crate::model::{FindingType, Opinion, Request, Role, Section};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Checks,
    Sampling,
    Findings,
    Opinion,
    SignOff,
}

pub struct VerifyState {
    pub tab: Tab,
    pub checks: Option<(u64, Vec<CheckFinding>)>,
    pub seed: u64,
    pub key_pct: f64,
    pub size: usize,
    pub tonne_unit: bool,
    pub drawn: Option<Vec<sampling::SampleItem>>,
    pub replace_tests: bool,
    pub test_record: String,
    pub test_result: usize,
    pub verified_quantity: f64,
    pub test_evidence: String,
    pub kind: FindingType,
    pub request: Option<Request>,
    pub title: String,
    pub impact_t: f64,
    pub records: String,
    pub override_to: Option<Opinion>,
    pub override_reason: String,
    pub signer: String,
    pub role: Role,
    pub section: Section,
    /// Positions of the saved sample's records, for the revision they were found in.
    pub(super) sample_index: Option<(u64, std::collections::HashMap<String, usize>)>,
}

impl Default for VerifyState {
    fn default() -> Self {
        VerifyState {
            tab: Tab::Checks,
            checks: None,
            seed: 20_261_201,
            key_pct: 1.0,
            size: 30,
            tonne_unit: true,
            drawn: None,
            replace_tests: false,
            test_record: String::new(),
            test_result: 0,
            verified_quantity: 0.0,
            test_evidence: String::new(),
            kind: FindingType::Misstatement,
            request: Some(Request::CorrectiveAction),
            title: String::new(),
            impact_t: 0.0,
            records: String::new(),
            override_to: None,
            override_reason: String::new(),
            signer: crate::io::user_name(),
            role: Role::Preparer,
            section: Section::Boundary,
            sample_index: None,
        }
    }
}

pub(super) fn now() -> String {
    crate::io::time::now_rfc3339_utc()
}

pub fn verification_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.heading(app.t("Verification"));
    materiality_ui(app, ui);
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        for (tab, label) in [
            (Tab::Checks, n_("Analytical checks")),
            (Tab::Sampling, n_("Sampling & tests")),
            (Tab::Findings, n_("Findings")),
            (Tab::Opinion, n_("Opinion")),
            (Tab::SignOff, n_("Sign-offs")),
        ] {
            if ui
                .selectable_label(app.verify.tab == tab, app.t(label))
                .clicked()
            {
                app.verify.tab = tab;
            }
        }
    });
    ui.separator();
    let ctx = ui.ctx().clone();
    match app.verify.tab {
        Tab::Checks => super::checks_ui::checks_ui(app, ui, &ctx),
        Tab::Sampling => super::sampling_ui::sampling_ui(app, ui),
        Tab::Findings => super::findings_ui::findings_ui(app, ui),
        Tab::Opinion => super::opinion_ui::opinion_ui(app, ui),
        Tab::SignOff => super::opinion_ui::signoff_ui(app, ui),
    }
}

fn materiality_ui(app: &App, ui: &mut egui::Ui) {
    let Some(a) = app.analysis() else { return };
    let m = &a.materiality;
    let colour = match m.state {
        MaterialityState::Below => egui::Color32::from_rgb(40, 150, 70),
        MaterialityState::Near => egui::Color32::from_rgb(210, 150, 0),
        MaterialityState::Above => egui::Color32::from_rgb(200, 50, 40),
    };
    let state = match m.state {
        MaterialityState::Below => app.t("below materiality"),
        MaterialityState::Near => app.t("near materiality"),
        MaterialityState::Above => app.t("above materiality"),
    };
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} {} % = {} t CO₂e",
            app.t("Materiality"),
            m.materiality_pct,
            fmt_t(m.threshold_t)
        ));
        ui.add(
            egui::ProgressBar::new(m.ratio.clamp(0.0, 1.0) as f32)
                .desired_width(240.0)
                .fill(colour)
                .text(format!("{:.0} % — {state}", m.ratio * 100.0)),
        )
        .on_hover_text(format!(
            "{}: {} · {}: {} · {}: {} · {}: {} t CO₂e",
            app.t("uncorrected (net)"),
            fmt_t(m.uncorrected_net_t),
            app.t("key items"),
            fmt_t(m.key_item_misstatement_t),
            app.t("projected"),
            fmt_t(m.projected_t),
            app.t("aggregate"),
            fmt_t(m.aggregate_t)
        ));
    });
}
