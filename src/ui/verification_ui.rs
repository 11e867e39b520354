//! Step 7: verification — analytical checks, materiality, sampling and
//! tests, findings, the opinion and the sign-offs, over the `audit` layer.

use super::i18n::n_;
use super::jobs::{self, Pending};
use super::panel::PanelCx;
use super::widgets::fmt_t;
use crate::audit::evaluation::MaterialityState;
use crate::audit::sampling;
use crate::model::{FindingType, Opinion, Request, Role, Section};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Checks,
    Sampling,
    Findings,
    Opinion,
    SignOff,
}

/// A drawn sample: the parameters and revision it was drawn with, and its items.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub params: crate::edit::SampleParams,
    pub revision: u64,
    pub items: Vec<sampling::SampleItem>,
}

/// Step 7's state: the tab, the forms, and the sample being drawn.
pub struct VerifyPanel {
    pub tab: Tab,
    /// High and medium check results selected for a review.
    pub check_selection: BTreeSet<String>,
    pub check_note: String,
    /// The check result shown in full below the table (its key).
    pub check_shown: Option<String>,
    pub seed: u64,
    pub key_pct: f64,
    pub size: usize,
    pub tonne_unit: bool,
    pub population: crate::audit::sampling::Population,
    /// The sample drawn (not yet saved): with what and for which revision.
    pub drawn: Option<Drawn>,
    pub replace_tests: bool,
    /// How many items "Extend" adds to the saved sample.
    pub extend_by: usize,
    pub test_record: String,
    pub test_result: usize,
    pub verified_quantity: f64,
    pub test_evidence: String,
    pub kind: FindingType,
    pub request: Option<Request>,
    pub title: String,
    pub impact_t: f64,
    pub records: String,
    /// CBAM goods a new finding names (`E01/P3, …`).
    pub goods: String,
    pub override_to: Option<Opinion>,
    pub override_reason: String,
    pub role: Role,
    pub section: Section,
    /// Positions of the saved sample's records, for the revision they were found in.
    pub(super) sample_index: Option<(u64, std::collections::HashMap<String, usize>)>,
    /// A sample being drawn on a thread (large projects).
    pub(super) draw_job: Option<Pending<Drawn>>,
    /// The analysis revision the check selection was made on.
    pub(super) check_selection_revision: u64,
}

impl Default for VerifyPanel {
    fn default() -> Self {
        VerifyPanel {
            tab: Tab::Checks,
            check_selection: BTreeSet::new(),
            check_note: String::new(),
            check_shown: None,
            seed: 20_261_201,
            key_pct: 1.0,
            size: 30,
            tonne_unit: true,
            population: crate::audit::sampling::Population::Inventory,
            drawn: None,
            replace_tests: false,
            extend_by: 10,
            test_record: String::new(),
            test_result: 0,
            verified_quantity: 0.0,
            test_evidence: String::new(),
            kind: FindingType::Misstatement,
            request: Some(Request::CorrectiveAction),
            title: String::new(),
            impact_t: 0.0,
            records: String::new(),
            goods: String::new(),
            override_to: None,
            override_reason: String::new(),
            role: Role::Preparer,
            section: Section::Boundary,
            sample_index: None,
            draw_job: None,
            check_selection_revision: 0,
        }
    }
}

impl VerifyPanel {
    /// Collects the panel's finished jobs.
    pub fn poll(&mut self, cx: &mut PanelCx) {
        match jobs::take(&mut self.draw_job) {
            Some(Ok(d)) => self.drawn = Some(d),
            Some(Err(e)) => cx.error(e),
            None => {}
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        ui.heading(cx.t("Verification"));
        materiality_ui(ui, cx);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            for (tab, label) in [
                (Tab::Checks, n_("Analytical checks")),
                (Tab::Sampling, n_("Sampling & tests")),
                (Tab::Findings, n_("Findings")),
                (Tab::Opinion, n_("Opinion")),
                (Tab::SignOff, n_("Sign-offs")),
            ] {
                if ui.selectable_label(self.tab == tab, cx.t(label)).clicked() {
                    self.tab = tab;
                }
            }
        });
        ui.separator();
        match self.tab {
            Tab::Checks => self.checks_ui(ui, cx),
            Tab::Sampling => self.sampling_ui(ui, cx),
            Tab::Findings => self.findings_ui(ui, cx),
            Tab::Opinion => self.opinion_ui(ui, cx),
            Tab::SignOff => self.signoff_ui(ui, cx),
        }
    }
}

fn materiality_ui(ui: &mut egui::Ui, cx: &PanelCx) {
    let Some(a) = cx.analysis() else { return };
    let m = &a.materiality;
    let colour = match m.state {
        MaterialityState::Below => egui::Color32::from_rgb(40, 150, 70),
        MaterialityState::Near => egui::Color32::from_rgb(210, 150, 0),
        MaterialityState::Above => egui::Color32::from_rgb(200, 50, 40),
    };
    let state = match m.state {
        MaterialityState::Below => cx.t("below materiality"),
        MaterialityState::Near => cx.t("near materiality"),
        MaterialityState::Above => cx.t("above materiality"),
    };
    ui.horizontal(|ui| {
        ui.label(format!(
            "{} {} % = {} t CO₂e",
            cx.t("Materiality"),
            m.materiality_pct,
            fmt_t(m.threshold_t)
        ));
        // The share beside the bar, not on it: at a low share the bar's
        // rounded end covered the figure.
        let hover = format!(
            "{}: {} · {}: {} · {}: {} · {}: {} t CO₂e",
            cx.t("uncorrected (net)"),
            fmt_t(m.uncorrected_net_t),
            cx.t("key items"),
            fmt_t(m.key_item_misstatement_t),
            cx.t("projected"),
            fmt_t(m.projected_t),
            cx.t("aggregate"),
            fmt_t(m.aggregate_t)
        );
        ui.add(
            egui::ProgressBar::new(m.ratio.clamp(0.0, 1.0) as f32)
                .desired_width(200.0)
                .fill(colour),
        )
        .on_hover_text(&hover);
        ui.colored_label(colour, format!("{:.1} % — {state}", m.ratio * 100.0))
            .on_hover_text(hover);
    });
}
