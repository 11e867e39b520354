//! Help › Getting started: the eleven steps on the sample park, one sentence
//! each on what to do there, with a button that goes to the step. For a
//! newcomer and for trainers; in the app's language.

use super::app::{App, Step};
use super::command::AppCommand;
use super::i18n::n_;

/// What to do in each step, in the order of the walkthrough.
const TOUR: [(Step, &str); 11] = [
    (
        Step::Project,
        n_(
            "Name the park, the reporting and base years, the client, the verification body and the lead auditor; choose the level of assurance and the materiality.",
        ),
    ),
    (
        Step::Boundary,
        n_(
            "Choose the consolidation approach and check each entity: ownership, control, included or excluded with a justification.",
        ),
    ),
    (
        Step::Methodology,
        n_(
            "Choose the standard, the GWP set, the scopes, ISO categories and gases; read the guidance beside each choice.",
        ),
    ),
    (
        Step::Data,
        n_(
            "Import the tenants' workbooks: every error names the sheet, row and column; nothing changes until you confirm.",
        ),
    ),
    (
        Step::Factors,
        n_(
            "See which factors the project uses, with their sources, and compare the frozen values with the bundled library.",
        ),
    ),
    (
        Step::Inventory,
        n_(
            "Read the totals and charts; click a bar to filter the records and a record to see how its emissions are calculated.",
        ),
    ),
    (
        Step::Cbam,
        n_(
            "See each CBAM good's specific embedded emissions beside China's default value, the chain behind it, and export the installation's communication workbook.",
        ),
    ),
    (
        Step::Claims,
        n_(
            "See whether the park meets the zero-carbon-park indicators, the operator's carbon-neutrality claim with its retired credits, and the pathway to 2030 and 2060.",
        ),
    ),
    (
        Step::Verification,
        n_(
            "Review the analytical checks, draw a sample and record the test results, raise findings, then confirm the opinion and sign off.",
        ),
    ),
    (
        Step::Export,
        n_(
            "Export the audit workbook, signed with your key; the app reads it back and verifies it.",
        ),
    ),
    (
        Step::Compare,
        n_(
            "Show how the totals change under another GWP set, consolidation approach or grid-factor year, without changing the project.",
        ),
    ),
];

pub(super) fn guide_ui(app: &mut App, ctx: &egui::Context) {
    if !app.guide {
        return;
    }
    let mut go = None;
    let mut close = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    egui::Modal::new(egui::Id::unique("getting_started")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.heading(app.t("Getting started"));
        ui.label(app.t("A verification walks through eleven steps, top to bottom in the left panel. Each shows ⚠ with the number of open items until nothing is left to do. The sample park has every step filled in to try them out."));
        if app.doc.is_none() && ui.button(app.t("Open the sample park")).clicked() {
            go = Some(AppCommand::OpenSample(0));
        }
        ui.add_space(6.0);
        {
            egui::Grid::new("tour").num_columns(2).striped(true).show(ui, |ui| {
                for (i, (step, what)) in TOUR.iter().enumerate() {
                    let title = format!("{}. {} →", i + 1, step.label(app.lang()));
                    if ui
                        .add_enabled(app.doc.is_some(), egui::Button::new(title))
                        .clicked()
                    {
                        go = Some(AppCommand::Goto(*step));
                    }
                    ui.add(egui::Label::new(app.t(what)).wrap());
                    ui.end_row();
                }
            });
        }
        if ui.button(app.t("Close")).clicked() {
            close = true;
        }
    });
    if let Some(c) = go {
        app.queue(c);
        close = true;
    }
    if close {
        app.guide = false;
    }
}
