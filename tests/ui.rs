//! The desktop app driven by egui_kittest, without a display or GPU: the real
//! `App`, found and clicked by label, with the same bundled CJK font the app
//! loads (kittest panics on a missing glyph).

mod common;

use common::xlsx::{self, S};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use parkaudit::calc;
use parkaudit::model::{AssuranceLevel, Consolidation};
use parkaudit::ui::widgets::fmt_t;
use parkaudit::ui::{App, AppCommand, Lang, SAMPLES, Settings, Step};
use std::time::{Duration, Instant};

/// The auditor the tests act as (no profile file: the app keeps it in memory).
fn test_auditor() -> parkaudit::model::Actor {
    parkaudit::model::Actor::new("Test Auditor", "Test Verification Co.", "Lead verifier")
}

fn harness(mut app: App) -> Harness<'static, App> {
    if app.profile.is_none() {
        app.profile = Some(test_auditor());
    }
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(parkaudit::ui::setup_context)
        .build_ui_state(|ui, app: &mut App| app.frame_ui(ui), app)
}

/// Steps frames until background jobs are done (opening, validating, exporting).
fn settle(h: &mut Harness<'static, App>) {
    let start = Instant::now();
    loop {
        h.step();
        if !h.state().is_busy() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "a job never finished"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_steps(3);
}

fn sample_app() -> Harness<'static, App> {
    let mut app = App::new(Settings::default(), None);
    app.queue(AppCommand::OpenSample(0));
    let mut h = harness(app);
    settle(&mut h);
    assert!(h.state().doc.is_some(), "the sample opened");
    h
}

fn sample() -> parkaudit::model::Project {
    parkaudit::io::from_ron_str(SAMPLES[0].2, "jinghai-park.ron".as_ref())
        .expect("the sample parses")
}

fn nav(h: &mut Harness<'static, App>, step: Step) {
    let i = Step::ALL.iter().position(|s| *s == step).expect("a step") + 1;
    let lang = h.state().lang();
    h.get_by_label(&format!("{i}. {}", step.label(lang)))
        .click();
    h.run_steps(3);
    assert_eq!(h.state().step(), step);
}

/// Draws a sample of `size` items by label in Verification › Sampling & tests
/// and saves it; returns the saved plan.
fn draw_and_save_sample(
    h: &mut Harness<'static, App>,
    size: usize,
) -> parkaudit::model::SamplePlan {
    nav(h, Step::Verification);
    h.get_by_label("Sampling & tests").click();
    h.run_steps(2);
    h.state_mut().panels.verify.size = size;
    h.get_by_label("Draw the sample").click();
    h.run_steps(2);
    settle(h);
    h.get_by_label("Save this sample").click();
    h.run_steps(3);
    h.state()
        .project()
        .and_then(|p| p.verification.sample.clone())
        .expect("saved")
}

#[test]
fn start_screen_opens_the_bundled_sample() {
    let mut h = harness(App::new(Settings::default(), None));
    h.run_steps(2);
    h.get_by_label("Open sample jinghai-park.ron").click();
    settle(&mut h);
    let total = calc::compute(&sample()).expect("computes").total_t_co2e;
    assert_eq!(
        h.state().analysis().map(|a| a.inventory.total_t_co2e),
        Some(total)
    );
    // The status bar shows the engine's total.
    assert!(
        h.query_by_label(&format!("Total {} t CO₂e", fmt_t(total)))
            .is_some()
    );
}

#[test]
fn every_step_can_be_visited_in_both_languages() {
    let mut h = sample_app();
    for lang in [Lang::En, Lang::Zh] {
        h.state_mut().queue(AppCommand::SetLang(lang));
        h.run_steps(2);
        for step in Step::ALL {
            nav(&mut h, step);
            // The step's heading is on screen.
            assert!(
                h.query_all_by_label(step.label(lang)).next().is_some(),
                "{step:?} shows its heading in {lang:?}"
            );
        }
    }
}

#[test]
fn changing_the_consolidation_approach_updates_the_total_to_the_engine_value() {
    let mut h = sample_app();
    nav(&mut h, Step::Boundary);
    let mut p = sample();
    let before = calc::compute(&p).expect("computes").total_t_co2e;
    p.consolidation = Consolidation::EquityShare;
    let expected = calc::compute(&p).expect("computes").total_t_co2e;
    assert_ne!(before, expected, "the sample's equity share total differs");
    h.get_by_label("Equity share").click();
    h.run_steps(4);
    let label = format!("Total {} t CO₂e", fmt_t(expected));
    assert!(
        h.query_all_by_label(&label).next().is_some(),
        "{label} is shown"
    );
    assert_eq!(
        h.state().analysis().map(|a| a.inventory.total_t_co2e),
        Some(expected)
    );
    // The change is in the trail and undo restores the approach and the total.
    let doc = h.state().doc.as_ref().expect("open");
    assert_eq!(
        doc.project().trail.last().map(|e| e.action.as_str()),
        Some("methodology.consolidation")
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(4);
    assert_eq!(
        h.state().project().map(|p| p.consolidation),
        Some(Consolidation::OperationalControl)
    );
    assert_eq!(
        h.state().analysis().map(|a| a.inventory.total_t_co2e),
        Some(before)
    );
    // Redo (Ctrl+Y) puts it back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run_steps(4);
    assert_eq!(
        h.state().project().map(|p| p.consolidation),
        Some(Consolidation::EquityShare)
    );
}

#[test]
fn undo_restores_the_previous_value() {
    let mut h = sample_app();
    assert_eq!(h.state().step(), Step::Project);
    h.get_by_label("Limited").click();
    h.run_steps(3);
    assert_eq!(
        h.state().project().map(|p| p.engagement.assurance),
        Some(AssuranceLevel::Limited)
    );
    assert!(h.state().doc.as_ref().is_some_and(|d| d.is_dirty()));
    // Edit › Undo from the menu.
    h.get_by_label("Edit").click();
    h.run_steps(2);
    h.get_by_label_contains("Undo").click();
    h.run_steps(3);
    assert_eq!(
        h.state().project().map(|p| p.engagement.assurance),
        Some(AssuranceLevel::Reasonable)
    );
}

#[test]
fn typing_in_a_field_edits_the_project_and_validates() {
    let mut h = sample_app();
    h.get_by_label("Lead auditor").focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run_steps(3);
    assert_eq!(
        h.state()
            .project()
            .map(|p| p.engagement.lead_auditor.clone()),
        Some(String::new())
    );
    assert!(h.query_by_label("⚠ Lead auditor is required").is_some());
    h.get_by_label("Lead auditor").type_text("Wang Fang");
    h.run_steps(3);
    let p = h.state().project().expect("open");
    assert_eq!(p.engagement.lead_auditor, "Wang Fang");
    assert!(h.query_by_label("⚠ Lead auditor is required").is_none());
    parkaudit::audit::trail::verify(p).expect("the trail still chains");
}

#[test]
fn an_import_with_an_invalid_row_shows_it_and_changes_nothing_until_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bad = xlsx::coal_row("INV-2");
    bad[6] = S("MT");
    let path = xlsx::write(
        dir.path(),
        "tenant.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet(
                "Activity",
                vec![xlsx::activity_header(), xlsx::coal_row("INV-1"), bad],
            ),
        ],
    );
    let mut app = App::new(Settings::default(), None);
    app.queue(AppCommand::CreateProject {
        name: "Test park".into(),
        year: 2024,
    });
    let mut h = harness(app);
    h.run_steps(2);
    let before = h.state().project().cloned().expect("created");
    h.state_mut().queue(AppCommand::ImportPath(path));
    settle(&mut h);
    assert_eq!(h.state().step(), Step::Data);
    let report = h.state().panels.data.report.clone().expect("validated");
    assert_eq!(report.rows_rejected(), 1);
    // The rejected row is in the table: its row number, value and the reason.
    assert!(
        h.query_all_by_label("3").next().is_some(),
        "row 3 is listed"
    );
    assert!(
        h.query_all_by_label("MT").next().is_some(),
        "the bad value is listed"
    );
    assert_eq!(
        h.state().project(),
        Some(&before),
        "nothing changed before confirm"
    );
    // Clicking the issue shows the row's values (the first "MT" is in the sheet preview).
    h.query_all_by_label("MT").last().expect("listed").click();
    h.run_steps(3);
    assert!(h.state().panels.data.selected_issue.is_some());
    // Confirm is refused; taking the valid rows validates again and then imports one.
    assert!(h.state().panels.data.batch.is_none());
    h.get_by_label("Take the valid rows and leave rejected ones out")
        .click();
    h.run_steps(2);
    h.get_by_label("Validate").click();
    settle(&mut h);
    assert!(h.state().panels.data.batch.is_some());
    assert_eq!(h.state().project(), Some(&before), "still unchanged");
    h.get_by_label("Confirm import").click();
    h.run_steps(3);
    let p = h.state().project().expect("open");
    assert_eq!(p.activity.len(), 1);
    assert_eq!(p.imports.len(), 1);
    assert_eq!(p.imports[0].rejected_rows.len(), 1);
    // And undo takes the import back out.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(3);
    assert_eq!(h.state().project(), Some(&before));
}

#[test]
fn clicking_a_bar_filters_the_records_and_selecting_one_explains_it() {
    let mut h = sample_app();
    nav(&mut h, Step::Inventory);
    // Filter through the state the chart sets (clicking plot pixels is tested by eye).
    h.state_mut().panels.inventory.filter = Some(parkaudit::ui::RecordFilter::Entity("E01".into()));
    h.run_steps(3);
    let rows = h.state().panels.inventory.rows.clone().expect("filtered").2;
    let p = sample();
    let expected = p.activity.iter().filter(|r| r.entity_id == "E01").count();
    assert_eq!(rows.len(), expected);
    assert!(h.query_by_label(&format!("Records ({expected})")).is_some());
    let first = p
        .activity
        .iter()
        .find(|r| r.entity_id == "E01")
        .expect("E01 has records");
    h.get_by_label(&first.id).click();
    h.run_steps(3);
    assert!(
        h.query_by_label("How this record's emissions are calculated")
            .is_some()
    );
    let e = calc::explain::explain(&p, 0).expect("explains");
    let line = format!(
        "In the inventory: {} × {} = {} t CO₂e",
        fmt_t(e.location.gross_t),
        e.share,
        fmt_t(e.inventory_t)
    );
    assert!(h.query_by_label(&line).is_some(), "{line}");
}

#[test]
fn chinese_labels_and_the_sample_parks_chinese_names_render() {
    let mut h = sample_app();
    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("简体中文").click();
    h.run_steps(3);
    assert_eq!(h.state().lang(), Lang::Zh);
    assert!(h.query_by_label("6. 排放清单").is_some());
    nav(&mut h, Step::Boundary);
    let e01 = sample()
        .entities
        .into_iter()
        .find(|e| e.id == "E01")
        .expect("E01");
    assert!(!e01.name_zh.is_empty());
    assert!(
        h.query_by_label_contains(&e01.name_zh).is_some(),
        "{} is shown",
        e01.name_zh
    );
}

#[test]
fn a_signed_export_is_verified_in_the_app() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = sample_app();
    nav(&mut h, Step::Export);
    let key = dir.path().join("key");
    {
        let app = h.state_mut();
        app.panels.export.name = "Li Ming".into();
        app.panels.export.org = "Example Verification Co.".into();
        app.panels.export.new_key_path = key.display().to_string();
        app.panels.export.new_pass = "correct horse".into();
        app.panels.export.new_pass2 = "correct horse".into();
    }
    h.run_steps(2);
    h.get_by_label("Create key").click();
    settle(&mut h);
    assert_eq!(h.state().panels.export.key_path, key.display().to_string());
    let out = dir.path().join("audit.xlsx");
    {
        let app = h.state_mut();
        app.panels.export.path = out.display().to_string();
        app.panels.export.passphrase = "correct horse".into();
    }
    h.run_steps(2);
    // The sample has open items: a final package cannot be exported …
    assert!(
        h.query_by_label(
            "A final package needs the open items below closed — or tick Draft to export a draft."
        )
        .is_some()
    );
    h.get_by_label("Export workbook").click();
    h.run_steps(3);
    assert!(!out.exists(), "the disabled button did nothing");
    // … a draft can.
    h.get_by_label("Draft — not a verification statement")
        .click();
    h.run_steps(2);
    h.get_by_label("Export workbook").click();
    settle(&mut h);
    assert!(
        h.state().panels.export.error.is_none(),
        "{:?}",
        h.state().panels.export.error
    );
    assert!(
        h.query_by_label("✔ Verified: the workbook is intact and the signature is valid.")
            .is_some()
    );
    let report = parkaudit::io::export::verify::verify_file(&out, None).expect("verifies");
    assert!(report.is_intact());
    assert_eq!(report.signer, "Li Ming");
    // The passphrase is not kept after use.
    assert!(h.state().panels.export.passphrase.is_empty());
}

#[test]
fn save_is_atomic_and_clears_the_unsaved_marker() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut h = sample_app();
    h.get_by_label("Limited").click();
    h.run_steps(2);
    assert!(h.query_by_label("● unsaved").is_some());
    let path = dir.path().join("park.ron");
    h.state_mut().queue(AppCommand::SaveTo(path.clone()));
    settle(&mut h);
    assert!(h.query_by_label("● unsaved").is_none());
    let saved = parkaudit::io::load(&path).expect("the saved file loads");
    assert_eq!(saved.engagement.assurance, AssuranceLevel::Limited);
    assert_eq!(Some(&saved), h.state().project());
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = sample_app();
    h.get_by_label("Limited").click();
    h.run_steps(2);
    h.state_mut().queue(AppCommand::CloseProject);
    h.run_steps(3);
    assert!(h.state().doc.is_some(), "not closed yet");
    assert!(h.query_by_label("Save changes?").is_some());
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(h.state().doc.is_some());
    h.state_mut().queue(AppCommand::CloseProject);
    h.run_steps(3);
    h.get_by_label("Discard changes").click();
    h.run_steps(3);
    assert!(h.state().doc.is_none(), "closed after discarding");
}

#[test]
fn unsaved_work_is_autosaved_and_offered_after_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let recovery = dir.path().join("recovery.ron");
    let mut app = App::new(Settings::default(), Some(recovery.clone()));
    app.autosave_every = Duration::ZERO;
    app.queue(AppCommand::OpenSample(0));
    let mut h = harness(app);
    settle(&mut h);
    assert!(!recovery.exists(), "nothing to recover before an edit");
    h.get_by_label("Limited").click();
    h.run_steps(2);
    settle(&mut h);
    assert!(recovery.exists(), "the edit was autosaved");
    drop(h); // the app ends without a clean exit
    let app = App::new(Settings::default(), Some(recovery.clone()));
    assert!(app.recovery_offer.is_some(), "offered at the next start");
    let mut h = harness(app);
    h.run_steps(2);
    h.get_by_label("Restore unsaved work").click();
    settle(&mut h);
    let doc = h.state().doc.as_ref().expect("restored");
    assert_eq!(doc.project().engagement.assurance, AssuranceLevel::Limited);
    assert!(doc.is_dirty(), "restored work is unsaved until saved");
}

#[test]
fn a_workbook_opened_without_a_project_starts_one_and_its_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = xlsx::write(
        dir.path(),
        "tenant.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet(
                "Activity",
                vec![xlsx::activity_header(), xlsx::coal_row("INV-1")],
            ),
        ],
    );
    let mut app = App::new(Settings::default(), None);
    // As `parkaudit tenant.xlsx` hands it over (it was opened as a project file).
    app.open_file(path);
    let mut h = harness(app);
    settle(&mut h);
    assert_eq!(h.state().step(), Step::Data);
    assert_eq!(
        h.state().project().map(|p| p.park.name.as_str()),
        Some("tenant")
    );
    // The new project's reporting year is last year; the 2024 row is outside it,
    // which the validation says (and the auditor fixes in step 1).
    let year = parkaudit::io::time::current_year() - 1;
    assert_eq!(
        h.state().project().map(|p| p.park.reporting_year),
        Some(year)
    );
    let report = h.state().panels.data.report.as_ref().expect("validated");
    assert_eq!((report.records_added, report.rows_rejected()), (0, 1));
    let expected = format!("period 2024-01 is outside the year being imported ({year})");
    assert!(
        report.issues.iter().any(|i| i.message == expected),
        "{:?}",
        report.issues
    );
}

/// Above `derived::INLINE_RECORDS` the inventory is recomputed on a thread
/// (the result arrives some frames later); the figures are still the engine's.
#[test]
fn a_large_project_is_recomputed_off_the_ui_thread() {
    let n = parkaudit::ui::derived::INLINE_RECORDS + 5_000;
    let mut p = sample().scaled(n);
    let mut app = App::new(Settings::default(), None);
    app.set_document(parkaudit::ui::Document::new(p.clone(), None));
    app.settings.step = Step::Boundary;
    let mut h = harness(app);
    settle(&mut h);
    let total = calc::compute(&p).expect("computes").total_t_co2e;
    assert_eq!(
        h.state().analysis().map(|a| a.inventory.total_t_co2e),
        Some(total)
    );
    h.get_by_label("Financial control").click();
    h.run_steps(2);
    settle(&mut h);
    p.consolidation = Consolidation::FinancialControl;
    let expected = calc::compute(&p).expect("computes").total_t_co2e;
    assert_eq!(
        h.state().analysis().map(|a| a.inventory.total_t_co2e),
        Some(expected)
    );
    // The record table holds every row but lays out only the visible ones.
    nav(&mut h, Step::Inventory);
    h.state_mut().panels.inventory.scroll_to = Some(n / 2);
    h.run_steps(3);
    let row = format!("B{:07}", n / 2);
    assert!(h.query_by_label(&row).is_some(), "{row} is on screen");
    let laid_out = h.query_all_by_label_contains("B00").count();
    assert!(laid_out < 40, "{laid_out} rows laid out of {n}");
    assert!(
        h.query_by_label("B0000000").is_none(),
        "the first row is not laid out"
    );
}

#[test]
fn compare_shows_the_engines_totals_for_both_choices() {
    let mut h = sample_app();
    nav(&mut h, Step::Compare);
    h.get_by_label("Other GWP set").click();
    h.run_steps(2);
    settle(&mut h);
    let p = sample();
    let a = calc::compute(&p).expect("A").total_t_co2e;
    let mut q = p.clone();
    q.methodology.gwp_set = parkaudit::model::GwpSet::AR6;
    q.gwp_snapshot = Some(calc::gwp::snapshot(parkaudit::model::GwpSet::AR6));
    let b = calc::compute(&q).expect("B").total_t_co2e;
    assert!(h.query_all_by_label(&fmt_t(a)).next().is_some());
    assert!(
        h.query_all_by_label(&fmt_t(b)).next().is_some(),
        "B total {b}"
    );
    assert!(
        h.query_all_by_label(&parkaudit::ui::widgets::fmt_delta_t(b - a))
            .next()
            .is_some()
    );
    // The project itself is unchanged.
    assert_eq!(h.state().project(), Some(&p));
    // The grid preset swaps the national grid records' factor.
    h.get_by_label("Other grid-factor year").click();
    h.run_steps(2);
    settle(&mut h);
    let c = h.state().panels.compare.result.as_ref().expect("compared");
    assert!(c.grid_records > 0);
    assert_ne!(c.a.scope2_location_t, c.b.scope2_location_t);
    assert_eq!(c.a.scope1_t, c.b.scope1_t);
}

/// A file dropped onto the window, as the windowing layer hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_project_opens_it_and_dropping_a_workbook_starts_an_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("park.ron");
    parkaudit::io::save(&sample(), &project).expect("saved");
    let mut h = harness(App::new(Settings::default(), None));
    h.run_steps(2);
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(project.clone())));
    settle(&mut h);
    assert_eq!(h.state().project(), Some(&sample()));
    assert_eq!(
        h.state().doc.as_ref().and_then(|d| d.path.clone()),
        Some(project.clone())
    );
    let workbook = xlsx::write(
        dir.path(),
        "more.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet(
                "Activity",
                vec![xlsx::activity_header(), xlsx::coal_row("INV-9")],
            ),
        ],
    );
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(workbook)));
    settle(&mut h);
    assert_eq!(h.state().step(), Step::Data);
    let report = h.state().panels.data.report.as_ref().expect("validated");
    assert_eq!(
        (
            report.records_added,
            report.rows_rejected(),
            report.issues.len()
        ),
        (1, 0, 0)
    );
    assert!(h.state().panels.data.batch.is_some(), "ready to confirm");
    assert_eq!(
        h.state().project(),
        Some(&sample()),
        "nothing imported before confirm"
    );
}

#[test]
fn a_finding_is_raised_answered_and_corrected_through_the_trail() {
    let mut h = sample_app();
    nav(&mut h, Step::Verification);
    h.get_by_label("Findings").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::Role::TextInput, "Title")
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, "Title")
        .type_text("E03 billet quantity differs from the invoice");
    h.state_mut().panels.verify.impact_t = 120.0;
    h.state_mut().panels.verify.records = "A00001".into();
    h.run_steps(2);
    h.get_by_label("Raise finding").click();
    h.run_steps(3);
    let f = h
        .state()
        .project()
        .and_then(|p| p.verification.findings.first().cloned())
        .expect("raised");
    assert_eq!(
        (f.id.as_str(), f.impact_t, f.record_ids.clone()),
        ("F001", 120.0, vec!["A00001".to_string()])
    );
    // Materiality now counts the uncorrected misstatement.
    assert_eq!(
        h.state()
            .analysis()
            .map(|a| a.materiality.uncorrected_net_t),
        Some(120.0)
    );
    h.get_by_label("F001 — E03 billet quantity differs from the invoice")
        .click_accesskit();
    h.run_steps(10);
    assert!(h.query_by_label_contains("Raised by").is_some());
    h.get_by_role_and_label(egui::Role::MultilineTextInput, "Client response")
        .focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::MultilineTextInput, "Client response")
        .type_text("Invoice re-issued");
    h.run_steps(2);
    h.get_by_label("Corrected by the client (no longer counts toward materiality)")
        .click();
    h.run_steps(3);
    let p = h.state().project().expect("open");
    let f = &p.verification.findings[0];
    assert_eq!(f.client_response, "Invoice re-issued");
    assert!(f.corrected);
    assert_eq!(
        h.state()
            .analysis()
            .map(|a| a.materiality.uncorrected_net_t),
        Some(0.0)
    );
    let actions: Vec<&str> = p.trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["finding.raise", "finding.response", "finding.corrected"],
        "one trail entry per change, typing coalesced"
    );
    // Raised by the auditor of the profile, not "unknown".
    assert_eq!(f.raised_by, "Test Auditor");
    assert_eq!(p.trail[0].organisation, "Test Verification Co.");
    parkaudit::audit::trail::verify(p).expect("the trail chains");
}

#[test]
fn sample_test_opinion_and_sign_off_in_the_app() {
    let mut h = sample_app();
    let plan = draw_and_save_sample(&mut h, 3);
    assert_eq!(plan.sampled.len(), 3);
    // The same seed draws the same records as the engine.
    let p = sample();
    let inv = calc::compute(&p).expect("computes");
    let expected = parkaudit::audit::sampling::select(
        &p,
        &inv,
        &parkaudit::edit::SampleParams {
            seed: h.state().panels.verify.seed,
            key_pct: h.state().panels.verify.key_pct,
            size: 3,
            method: parkaudit::audit::sampling::Method::TonneUnit,
            population: parkaudit::audit::sampling::Population::Inventory,
        },
    );
    let ids: Vec<&str> = expected.iter().map(|i| i.record_id.as_str()).collect();
    let saved: Vec<&str> = plan
        .key_items
        .iter()
        .chain(&plan.sampled)
        .map(String::as_str)
        .collect();
    assert_eq!(saved, ids);
    for id in plan.key_items.iter().chain(&plan.sampled) {
        h.state_mut().panels.verify.test_record = id.clone();
        h.run_steps(1);
        h.get_by_label("Record the test result").click();
        h.run_steps(2);
    }
    let q = h.state().project().cloned().expect("open");
    assert!(parkaudit::audit::evaluation::untested_items(&q).is_empty());
    h.get_by_label("Opinion").click();
    h.run_steps(2);
    let (proposed, _) =
        parkaudit::audit::evaluation::proposed_opinion(&q, &calc::compute(&q).expect("computes"));
    h.get_by_label("Confirm the proposed opinion").click();
    h.run_steps(3);
    let opinion = h
        .state()
        .project()
        .and_then(|p| p.verification.opinion.clone())
        .expect("recorded");
    assert_eq!((opinion.proposed, opinion.chosen), (proposed, proposed));
    h.get_by_label("Sign-offs").click();
    h.run_steps(2);
    // Sign as Ann: the profile is changed in its dialog, by label.
    h.get_by_label("Change profile…").click();
    h.run_steps(6);
    assert!(
        h.state().profile_form.is_some(),
        "the profile dialog opened"
    );
    let name = h.get_by_role_and_label(egui::Role::TextInput, "Your name");
    name.focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "Your name")
        .type_text("Ann Preparer");
    h.run_steps(2);
    h.get_by_label("Save profile").click();
    h.run_steps(2);
    assert_eq!(
        h.state().profile.as_ref().map(|a| a.name.as_str()),
        Some("Ann Preparer")
    );
    h.get_by_label("Sign off").click();
    h.run_steps(3);
    assert!(h.query_by_label("✔ Ann Preparer").is_some());
    // The same person cannot also review the section.
    h.state_mut().panels.verify.role = parkaudit::model::Role::Reviewer;
    h.run_steps(2);
    h.get_by_label("Sign off").click();
    h.run_steps(3);
    let p = h.state().project().expect("open");
    assert_eq!(p.verification.signoffs.len(), 1);
    assert!(
        h.query_by_label_contains("another person must sign")
            .is_some()
    );
    parkaudit::audit::trail::verify(p).expect("the trail chains");
}

#[test]
fn a_suggested_mapping_is_saved_beside_the_workbook_and_named_in_the_provenance() {
    let dir = tempfile::tempdir().expect("temp dir");
    let wb = xlsx::write(dir.path(), "ledger.xlsx", &[xlsx::ledger_sheet("coal_t")]);
    let mut p = parkaudit::model::Project::new("Ledger park", 2024);
    p.entities
        .push(common::entity("E1", 100.0, true, true, true));
    p.factors.push(common::factor(
        "coal_t",
        parkaudit::model::Unit::Tonne,
        &[(parkaudit::model::Gas::Co2, 2_000.0)],
    ));
    let mut app = App::new(Settings::default(), None);
    app.set_document(parkaudit::ui::Document::new(p, None));
    app.queue(AppCommand::ImportPath(wb.clone()));
    let mut h = harness(app);
    settle(&mut h);
    let suggested = h
        .state()
        .panels
        .data
        .mapping
        .clone()
        .expect("a mapping was suggested");
    assert_eq!(
        (
            suggested.sheets[0].sheet.as_str(),
            suggested.sheets[0].header_row
        ),
        ("台账", 3)
    );
    h.get_by_label("Column mapping").click_accesskit();
    h.run_steps(4);
    h.get_by_label("Save this mapping").click_accesskit();
    h.run_steps(2);
    settle(&mut h);
    let saved = dir.path().join("ledger.mapping.ron");
    assert_eq!(
        parkaudit::io::import::Mapping::load(&saved).expect("loads"),
        suggested
    );
    assert_eq!(
        h.state().panels.data.mapping_file.as_deref(),
        Some("ledger.mapping.ron")
    );
    h.get_by_label("Validate with this mapping")
        .click_accesskit();
    h.run_steps(2);
    settle(&mut h);
    assert!(
        h.state().panels.data.batch.is_some(),
        "{:?}",
        h.state().panels.data.error
    );
    h.get_by_label("Confirm import").click_accesskit();
    h.run_steps(3);
    let p = h.state().project().expect("open");
    assert_eq!(p.activity.len(), 1);
    assert_eq!(p.imports[0].mapping.as_deref(), Some("ledger.mapping.ron"));
}

fn panicking_analysis(_: &parkaudit::model::Project) -> parkaudit::ui::derived::Derived {
    panic!("injected failure in the analysis")
}

/// A background job that panics becomes an error the user sees; its state is
/// cleared and the app keeps working (the inventory refreshes after the next
/// change once the analysis works again). The same for the inline analysis
/// of a small project.
#[test]
fn a_panicking_job_shows_an_error_and_the_app_keeps_working() {
    let n = parkaudit::ui::derived::INLINE_RECORDS + 5_000;
    let p = sample().scaled(n);
    let mut app = App::new(Settings::default(), None);
    app.analyser = panicking_analysis;
    app.set_document(parkaudit::ui::Document::new(p.clone(), None));
    app.settings.step = Step::Boundary;
    let mut h = harness(app);
    settle(&mut h);
    let error = h.state().error.clone().expect("the failure is shown");
    assert!(
        error.starts_with("Computing the inventory: the work stopped on an internal error (injected failure in the analysis)"),
        "{error}"
    );
    assert!(h.query_by_label("Something went wrong").is_some());
    assert_eq!(
        h.state().derived.computing,
        None,
        "the job's state is cleared"
    );
    assert!(!h.state().is_busy());
    h.get_by_label("OK").click();
    h.run_steps(2);
    assert!(h.state().error.is_none());
    // The app still works: an edit is recorded, and with a working analysis
    // the inventory is computed again.
    h.state_mut().analyser = parkaudit::ui::derived::compute;
    h.get_by_label("Financial control").click();
    h.run_steps(2);
    settle(&mut h);
    let mut q = p.clone();
    q.consolidation = Consolidation::FinancialControl;
    assert_eq!(
        h.state().analysis().map(|a| a.inventory.total_t_co2e),
        Some(calc::compute(&q).expect("computes").total_t_co2e)
    );
    assert_eq!(
        h.state().project().map(|p| p.consolidation),
        Some(Consolidation::FinancialControl)
    );

    // Inline (a small project): caught too.
    let mut app = App::new(Settings::default(), None);
    app.analyser = panicking_analysis;
    app.set_document(parkaudit::ui::Document::new(sample(), None));
    let mut h = harness(app);
    h.run_steps(3);
    assert!(
        h.state()
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with("The inventory could not be computed")),
        "{:?}",
        h.state().error
    );
    h.get_by_label("OK").click();
    h.run_steps(2);
    nav(&mut h, Step::Inventory);
    assert!(
        h.query_by_label("The inventory cannot be computed:")
            .is_some()
    );
}

/// A project another writer holds (here an import from the command line)
/// opens read-only: the app says so, refuses to save over it, and saves it
/// under another name, taking that file's lock. The CLI meanwhile cannot
/// change a project the app holds.
#[test]
fn a_project_another_writer_holds_opens_read_only_and_is_never_saved_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("park.ron");
    parkaudit::io::save(&sample(), &project).expect("saved");
    let held = parkaudit::io::lock::acquire(&project, "import", parkaudit::io::lock::WAIT)
        .expect("the other writer");
    let mut h = harness(App::new(Settings::default(), None));
    h.state_mut().queue(AppCommand::OpenPath(project.clone()));
    settle(&mut h);
    assert_eq!(h.state().project(), Some(&sample()));
    let why = h
        .state()
        .doc
        .as_ref()
        .and_then(|d| d.read_only.clone())
        .expect("read-only");
    assert!(why.contains("being changed by ParkAudit (import)"), "{why}");
    h.get_by_label("Limited").click();
    h.run_steps(2);
    h.state_mut().queue(AppCommand::Save);
    settle(&mut h);
    assert_eq!(
        parkaudit::io::load(&project).expect("loads"),
        sample(),
        "not saved over"
    );
    assert!(
        h.state()
            .error
            .as_deref()
            .is_some_and(|e| e.contains("Opened read-only:"))
    );
    h.state_mut().error = None;
    // Saved elsewhere: that file is the document's now, and held by the app.
    let copy = dir.path().join("copy.ron");
    h.state_mut().queue(AppCommand::SaveTo(copy.clone()));
    settle(&mut h);
    assert_eq!(
        parkaudit::io::load(&copy)
            .expect("loads")
            .engagement
            .assurance,
        AssuranceLevel::Limited
    );
    assert!(
        h.state()
            .doc
            .as_ref()
            .is_some_and(|d| d.read_only.is_none())
    );
    drop(held);
    let refused = parkaudit::io::lock::acquire(&copy, "set", std::time::Duration::ZERO)
        .expect_err("the app holds the copy");
    assert!(
        refused
            .to_string()
            .contains("being changed by ParkAudit (the app)")
    );
}

/// Every visible text in the accessibility tree (labels' values, widgets' labels).
fn visible_texts(h: &Harness<'static, App>) -> Vec<String> {
    let mut out = Vec::new();
    for n in h.query_all(egui_kittest::kittest::By::new()) {
        let ak = egui_kittest::kittest::NodeT::accesskit_node(&n);
        for s in [ak.label(), ak.value()].into_iter().flatten() {
            let s = s.to_string();
            if !s.trim().is_empty() {
                out.push(s);
            }
        }
    }
    out
}

/// Strings of the project's own data (names, addresses, notes, evidence,
/// factor texts): shown as entered, in whatever language they were entered.
/// Enum keys (CamelCase, no space) are left out, so a raw `LeadVerifier`
/// still counts as English.
fn data_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => {
            let camel = !s.contains(' ') && s.chars().skip(1).any(|c| c.is_ascii_uppercase());
            if s.chars().count() >= 2 && !camel {
                out.push(s.clone());
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| data_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| data_strings(x, out)),
        _ => {}
    }
}

/// Names of standards, programmes and formats, which are not translated.
const NAMES: &[&str] = &[
    "GHG Protocol Corporate Standard",
    "GHG Protocol Scope 2 Guidance",
    "China MEE industry GHG accounting guidelines",
    "Nigrini",
    "OpenSSH",
    "ParkAudit",
    "Benford",
    "Ctrl",
    "Excel",
    // egui's own screen-reader labels for a panel's resize handle and a
    // window's close button (egui has no translations of its own).
    "Resize panel",
    "Close window",
    "Resize window",
];

/// The English words left in `text` once data, standard names and
/// identifiers (anything with a digit, `_`, `.`, `-` or `/`, all-capital
/// acronyms, units) are taken out.
fn english_words(text: &str, data: &[String]) -> Vec<String> {
    // A wrapped line of a long data text (a factor's source) is a piece of it,
    // after its label ("来源: …").
    let piece = |s: &str| {
        let s = s.trim();
        s.chars().count() >= 12 && data.iter().any(|d| d.contains(s))
    };
    let after_label = text
        .split_once(": ")
        .or_else(|| text.split_once('：'))
        .map_or(text, |(_, rest)| rest);
    if piece(text) || piece(after_label) {
        return Vec::new();
    }
    // Data of five characters or more is taken out wherever it occurs; a
    // shorter one ("t", "yes") only as a whole word.
    let mut t = text.to_string();
    let names: Vec<String> = NAMES.iter().map(|s| s.to_string()).collect();
    for d in data.iter().chain(&names).filter(|d| d.chars().count() >= 5) {
        if t.contains(d.as_str()) {
            t = t.replace(d.as_str(), " ");
        }
    }
    // A wrapped row of a long data text between Chinese words ("…计划：Baseline
    // 2020; heating …") holds a run of it: a run of ASCII of five characters or
    // more that stands in a data text is data.
    let runs: Vec<String> = t
        .split(|c: char| !c.is_ascii())
        .map(|r| r.trim().to_string())
        .filter(|r| r.chars().count() >= 5 && data.iter().any(|d| d.contains(r.as_str())))
        .collect();
    for r in runs {
        t = t.replace(r.as_str(), " ");
    }
    let short: std::collections::HashSet<&str> = data
        .iter()
        .filter(|d| d.chars().count() < 5)
        .map(String::as_str)
        .collect();
    // The rest of egui's resize-handle labels ("Resize window top-left corner").
    if text.starts_with("Resize window ") {
        return Vec::new();
    }
    const UNITS: &[&str] = &[
        "kWh", "MWh", "GWh", "tce", "kgce", "Nm3", "GJ", "TJ", "kg", "df",
    ];
    t.split(|c: char| {
        c.is_whitespace() || "()（）,，:：;；·—–=×<>≥≤+%\"'“”‘’[]【】{}!?？！。、…".contains(c)
    })
    .filter(|w| w.chars().filter(char::is_ascii_alphabetic).count() >= 3)
    .filter(|w| w.is_ascii())
    .filter(|w| {
        !w.chars()
            .any(|c| c.is_ascii_digit() || "_.-/@#".contains(c))
    })
    .filter(|w| !w.chars().all(|c| !c.is_ascii_lowercase()))
    .filter(|w| !UNITS.contains(w) && !short.contains(w))
    .map(str::to_string)
    .collect()
}

#[test]
fn every_step_in_chinese_shows_no_english_outside_data_and_identifiers() {
    let mut h = sample_app();
    h.state_mut().queue(AppCommand::SetLang(Lang::Zh));
    h.run_steps(2);
    // An engagement under way: a saved sample with one item tested, a
    // finding raised, a sign-off recorded — so the tabs show their tables.
    use parkaudit::edit::{Edit, NewFinding, SampleParams, TestInput};
    let title = "E03 billet quantity differs from the invoice";
    let first_item = {
        let p = sample();
        let inv = calc::compute(&p).expect("computes");
        parkaudit::audit::sampling::select(
            &p,
            &inv,
            &parkaudit::edit::SampleParams {
                seed: 7,
                key_pct: 1.0,
                size: 3,
                method: parkaudit::audit::sampling::Method::TonneUnit,
                population: parkaudit::audit::sampling::Population::Inventory,
            },
        )[0]
        .record_id
        .clone()
    };
    for edit in [
        Edit::SaveSample {
            params: SampleParams {
                seed: 7,
                key_pct: 1.0,
                size: 3,
                method: parkaudit::audit::sampling::Method::TonneUnit,
                population: parkaudit::audit::sampling::Population::Inventory,
            },
            replace: false,
        },
        Edit::RecordTests(vec![TestInput {
            record_id: first_item,
            result: parkaudit::model::TestResult::Agreed,
            evidence_ref: "INV-1".into(),
            tickmark: String::new(),
            comment: String::new(),
        }]),
        Edit::RaiseFinding(NewFinding {
            kind: parkaudit::model::FindingType::Misstatement,
            request: Some(parkaudit::model::Request::CorrectiveAction),
            title: title.into(),
            impact_t: 120.0,
            record_ids: vec!["A00001".into()],
            entity_ids: vec!["E03".into()],
            goods: Vec::new(),
            indicators: Vec::new(),
        }),
        Edit::SignOff {
            section: parkaudit::model::Section::Boundary,
            role: parkaudit::model::Role::Preparer,
        },
    ] {
        h.state_mut().queue(AppCommand::Edit {
            edit: Box::new(edit),
            tag: None,
        });
        settle(&mut h);
    }
    let p = h.state().project().expect("open");
    assert_eq!(
        (
            p.verification.tests.len(),
            p.verification.findings.len(),
            p.verification.signoffs.len()
        ),
        (1, 1, 1)
    );
    h.state_mut().queue(AppCommand::SetLang(Lang::Zh));
    h.run_steps(2);
    let mut data = vec![title.to_string(), "INV-1".to_string()];
    data_strings(&serde_json::to_value(sample()).expect("json"), &mut data);
    for f in &parkaudit::calc::library::bundled().factors {
        data.push(f.factor.description.clone());
        data.push(f.factor.source.clone());
        data.push(f.factor.citations_text());
    }
    data.push(test_auditor().name.clone());
    data.push(test_auditor().organisation.clone());
    data.push(test_auditor().role.clone());
    // Longest first, so a name is removed before a word inside it.
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    data.dedup();
    // A tenant's workbook with problems, for the Data step's validation table.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ambiguous = xlsx::coal_row("INV-2");
    ambiguous[6] = S("MT");
    let mut unknown = xlsx::coal_row("INV-3");
    unknown[0] = S("E9");
    let mut negative = xlsx::coal_row("INV-4");
    negative[5] = xlsx::V::N(-5.0);
    let mut month = xlsx::coal_row("INV-5");
    month[1] = S("March");
    let sheets = [
        xlsx::entities(),
        xlsx::factors(),
        xlsx::sheet(
            "Activity",
            vec![
                xlsx::activity_header(),
                xlsx::coal_row("INV-1"),
                ambiguous,
                unknown,
                negative,
                month,
            ],
        ),
    ];
    // The workbook's own cells and sheet names are data too.
    for sh in &sheets {
        data.push(sh.name.to_string());
        for row in &sh.rows {
            for v in row {
                if let xlsx::V::S(t) = v {
                    data.push(t.to_string());
                }
            }
        }
    }
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    data.dedup();
    let book = xlsx::write(dir.path(), "tenant.xlsx", &sheets);
    let mut found = Vec::new();
    let mut visit = |h: &Harness<'static, App>, place: &str| {
        let texts = visible_texts(h);
        for s in &texts {
            // A cut label ("… Co., Lt…") is checked through its whole text.
            if let Some(head) = s.strip_suffix('…')
                && texts.iter().any(|o| o != s && o.starts_with(head))
            {
                continue;
            }
            let words = english_words(s, &data);
            if !words.is_empty() {
                found.push(format!("{place}: {s:?} → {words:?}"));
            }
        }
    };
    for step in Step::ALL {
        nav(&mut h, step);
        settle(&mut h);
        if step == Step::Data {
            h.state_mut().queue(AppCommand::ImportPath(book.clone()));
            settle(&mut h);
            let report = h.state().panels.data.report.clone().expect("validated");
            assert!(report.rows_rejected() >= 4, "{:?}", report.issues);
        }
        visit(&h, &format!("{step:?}"));
        if step == Step::Cbam {
            // A good's chain, for a good with an own precursor chain and a
            // purchased precursor of unknown origin (E01/P2).
            h.get_all_by_label("说明")
                .nth(1)
                .expect("P2")
                .click_accesskit();
            h.run_steps(3);
            visit(&h, "CBAM › explanation");
        }
        if step == Step::Inventory {
            // A record's explanation, boundary sentence included.
            let first = sample().activity[0].id.clone();
            h.get_by_label(&first).click();
            h.run_steps(3);
            visit(&h, "Inventory › explanation");
        }
        if step == Step::Verification {
            for tab in ["分析性检查", "抽样与测试", "发现", "核查意见", "签核"] {
                h.get_by_label(tab).click();
                h.run_steps(3);
                visit(&h, &format!("{step:?} › {tab}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English in Chinese mode:\n{}",
        found.join("\n")
    );
}

#[test]
fn bulk_test_results_record_one_result_for_every_selected_item() {
    let mut h = sample_app();
    let plan = draw_and_save_sample(&mut h, 6);
    let items: Vec<String> = plan
        .key_items
        .iter()
        .chain(&plan.sampled)
        .cloned()
        .collect();
    assert!(items.len() >= 6, "{items:?}");
    // Two rows ticked by label, one result for both.
    h.get_by_label(&format!("Select {}", items[0])).click();
    h.run_steps(2);
    h.get_by_label(&format!("Select {}", items[1])).click();
    h.run_steps(2);
    assert!(
        h.query_by_label(&format!("2 selected · {} untested", items.len()))
            .is_some()
    );
    h.get_by_label("Record the test result").click();
    h.run_steps(3);
    let tested = |h: &Harness<'static, App>| -> Vec<String> {
        let p = h.state().project().expect("open");
        let mut v: Vec<String> = p
            .verification
            .tests
            .iter()
            .map(|t| t.record_id.clone())
            .collect();
        v.sort();
        v
    };
    let mut two = vec![items[0].clone(), items[1].clone()];
    two.sort();
    assert_eq!(tested(&h), two);
    // Then every untested item at once.
    h.get_by_label("Select all untested").click();
    h.run_steps(2);
    assert!(
        h.query_by_label(&format!("{n} selected · {n} untested", n = items.len() - 2))
            .is_some()
    );
    h.get_by_label("Record the test result").click();
    h.run_steps(3);
    let mut all = items.clone();
    all.sort();
    assert_eq!(tested(&h), all);
    let p = h.state().project().expect("open");
    assert!(
        p.verification
            .tests
            .iter()
            .all(|t| t.result == parkaudit::model::TestResult::Agreed)
    );
    assert!(parkaudit::audit::evaluation::untested_items(p).is_empty());
    assert!(h.query_by_label("0 selected · 0 untested").is_some());
}

#[test]
fn importing_the_samples_own_workbook_again_asks_first_naming_the_count_and_the_change() {
    let mut h = sample_app();
    let before = h.state().project().cloned().expect("open");
    let book = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-projects/jinghai-park/jinghai-park-activity.xlsx");
    // Four of the workbook's factors differ from the project's frozen ones
    // (their rows are rejected): take the valid rows.
    h.state_mut().panels.data.skip_invalid = true;
    h.state_mut().queue(AppCommand::ImportPath(book));
    settle(&mut h);
    let report = h.state().panels.data.report.clone().expect("validated");
    // Every activity row of the workbook is already in the project (the
    // sample's other records come from elsewhere).
    let rows = report.records_added;
    assert!(rows > 800, "{rows}");
    assert_eq!(report.duplicates_of_project, rows);
    let guard = report.duplicate_guard().expect("guarded");
    let change = guard.change_t.expect("computable");
    assert_eq!(
        Some(change),
        report
            .total_after_t
            .zip(report.total_before_t)
            .map(|(a, b)| a - b)
    );
    assert!(change > 0.0);
    let text = format!(
        "⚠ {rows} of the {rows} rows repeat records already in the project (same entity, period, activity and evidence) — was this workbook imported before? The total would change by {} t CO₂e.",
        parkaudit::ui::widgets::fmt_delta_t(change)
    );
    assert!(h.query_by_label(&text).is_some(), "{text}");
    // An ordinary click on Confirm does nothing.
    h.get_by_label("Confirm import").click();
    h.run_steps(3);
    assert_eq!(h.state().project(), Some(&before));
    // Ticking the confirmation, naming the count, lets it through.
    h.get_by_label(&format!("Import the repeated rows anyway ({rows})"))
        .click();
    h.run_steps(2);
    assert!(h.state().panels.data.duplicates_confirmed);
    h.get_by_label("Confirm import").click();
    h.run_steps(3);
    settle(&mut h);
    let p = h.state().project().expect("open");
    assert_eq!(p.activity.len(), before.activity.len() + rows as usize);
}

#[test]
fn an_invalid_number_stays_in_its_field_with_the_reason_and_the_project_keeps_its_value() {
    let mut h = sample_app();
    let before = h.state().project().map(|p| p.engagement.materiality_pct);
    let field = |h: &Harness<'static, App>| {
        h.get_by_role_and_label(egui::Role::TextInput, "Materiality (% of total)")
            .value()
            .unwrap_or_default()
    };
    let retype = |h: &mut Harness<'static, App>, text: &str| {
        h.get_by_role_and_label(egui::Role::TextInput, "Materiality (% of total)")
            .focus();
        h.run_steps(1);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.key_press(egui::Key::Backspace);
        h.get_by_role_and_label(egui::Role::TextInput, "Materiality (% of total)")
            .type_text(text);
        h.run_steps(3);
    };
    // 150 % is refused by the edit layer: not clamped, not reverted.
    retype(&mut h, "150");
    assert_eq!(field(&h), "150");
    assert!(
        h.query_by_label(
            "⚠ engagement.materiality_pct = 150: give a percentage more than 0 and at most 100"
        )
        .is_some()
    );
    assert_eq!(
        h.state().project().map(|p| p.engagement.materiality_pct),
        before
    );
    assert!(
        h.state().toasts.iter().any(|t| t.error),
        "the refusal is also a toast"
    );
    // Letters are not a number: they stay, with the reason.
    retype(&mut h, "five");
    assert_eq!(field(&h), "five");
    assert!(
        h.query_by_label("⚠ not a number: type digits, e.g. 5 or 2.5")
            .is_some()
    );
    assert_eq!(
        h.state().project().map(|p| p.engagement.materiality_pct),
        before
    );
    // A valid value is taken and the message goes.
    retype(&mut h, "2.5");
    assert_eq!(
        h.state().project().map(|p| p.engagement.materiality_pct),
        Some(2.5)
    );
    // The refusal's toast is stale once the edit succeeds: it goes.
    assert!(!h.state().toasts.iter().any(|t| t.error));
    assert!(
        h.query_by_label("⚠ not a number: type digits, e.g. 5 or 2.5")
            .is_none()
    );
    assert!(
        h.query_by_label_contains("⚠ engagement.materiality_pct")
            .is_none()
    );
}

#[test]
fn enter_and_escape_answer_the_dialogs() {
    let mut h = sample_app();
    h.get_by_label("Limited").click();
    h.run_steps(2);
    // Escape cancels "Save changes?".
    h.state_mut().queue(AppCommand::CloseProject);
    h.run_steps(3);
    assert!(h.query_by_label("Save changes?").is_some());
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(h.query_by_label("Save changes?").is_none());
    assert!(h.state().doc.is_some(), "still open");
    // Enter confirms a typed path: "Save project as" writes the file.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("typed.ron");
    h.state_mut().path_dialog = Some(parkaudit::ui::PathDialog {
        kind: parkaudit::ui::PathKind::SaveAs,
        text: path.display().to_string(),
    });
    h.run_steps(2);
    assert!(h.query_by_label("Save project as").is_some());
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    settle(&mut h);
    assert!(h.state().path_dialog.is_none());
    assert!(path.exists(), "saved by Enter");
    // Escape closes a path dialog without acting.
    h.state_mut().path_dialog = Some(parkaudit::ui::PathDialog {
        kind: parkaudit::ui::PathKind::Open,
        text: "/nowhere.ron".into(),
    });
    h.run_steps(2);
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(h.state().path_dialog.is_none());
    assert_eq!(
        h.state().doc.as_ref().and_then(|d| d.path.clone()),
        Some(path)
    );
    // Enter (or Escape) closes the error dialog.
    h.state_mut().error = Some("a test error".into());
    h.run_steps(2);
    assert!(h.query_by_label("Something went wrong").is_some());
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    assert!(h.state().error.is_none());
}

#[test]
fn getting_started_tours_the_nine_steps_in_both_languages() {
    let mut h = sample_app();
    for (lang, help, title) in [
        (Lang::En, "Help", "Getting started"),
        (Lang::Zh, "帮助", "入门指南"),
    ] {
        h.state_mut().queue(AppCommand::SetLang(lang));
        h.run_steps(2);
        h.get_by_label(help).click();
        h.run_steps(2);
        h.get_by_label(title).click();
        h.run_steps(8);
        assert!(h.state().guide, "the guide opened");
        // One button per step, named as in the walkthrough; the sixth goes to the inventory.
        for (i, step) in Step::ALL.iter().enumerate() {
            let label = format!("{}. {} →", i + 1, step.label(lang));
            assert!(h.query_by_label(&label).is_some(), "{label}");
        }
        h.get_by_label(&format!("6. {} →", Step::Inventory.label(lang)))
            .click();
        h.run_steps(3);
        assert!(!h.state().guide, "closed on going");
        assert_eq!(h.state().step(), Step::Inventory);
        nav(&mut h, Step::Project);
    }
}

#[test]
fn the_engines_errors_are_shown_in_chinese_in_chinese_mode() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("future.ron");
    let text = parkaudit::io::to_ron_string(&sample()).expect("serializes");
    std::fs::write(
        &path,
        text.replacen("format_version: 2", "format_version: 99", 1),
    )
    .expect("written");
    let mut app = App::new(Settings::default(), None);
    app.queue(AppCommand::SetLang(Lang::Zh));
    app.queue(AppCommand::OpenPath(path.clone()));
    let mut h = harness(app);
    settle(&mut h);
    let want = format!(
        "{}：format_version 99 比本版 ParkAudit 支持的版本（2）更新——请用更新版本的 ParkAudit 打开",
        path.display()
    );
    assert_eq!(h.state().error.as_deref(), Some(want.as_str()));
    assert!(h.query_by_label(&want).is_some(), "shown in the dialog");
    // A workbook that is not one: the import's message is Chinese too.
    let bad = dir.path().join("notes.xlsx");
    std::fs::write(&bad, "a,b\n1,2\n").expect("written");
    h.state_mut().error = None;
    h.state_mut().queue(AppCommand::OpenSample(0));
    settle(&mut h);
    h.state_mut().queue(AppCommand::ImportPath(bad.clone()));
    settle(&mut h);
    let shown = h
        .state()
        .panels
        .data
        .error
        .clone()
        .expect("the import failed");
    assert!(
        shown.starts_with(&format!(
            "{}：不是 Excel 或 OpenDocument 工作簿（看起来是CSV 或文本文件）",
            bad.display()
        )),
        "{shown}"
    );
}

/// The CBAM goods step: each good's SEE beside China's default value, the
/// chain behind one, an activity level corrected through the edit layer,
/// and the way to the installation's communication workbook.
#[test]
fn cbam_goods_step_shows_the_goods_explains_one_and_edits_an_activity_level() {
    use parkaudit::audit::words::significant;
    let mut h = sample_app();
    nav(&mut h, Step::Cbam);
    settle(&mut h);
    let p = sample();
    let results = parkaudit::calc::cbam_goods::compute(&p);
    let steel = results[0].as_ref().expect("E01 computes");
    // The first installation is shown: its goods with the engine's figures.
    for (g, id) in steel.processes.iter().zip(["E01/P1", "E01/P2", "E01/P3"]) {
        assert!(h.query_by_label(id).is_some(), "{id}");
        assert!(
            h.query_all_by_label(&significant(g.counted(), 4))
                .next()
                .is_some(),
            "{id}: {}",
            g.counted()
        );
    }
    // Hot-rolled coil's default (China, 7208: 3.187) is beside it.
    assert!(h.query_all_by_label("3.187").next().is_some());
    // Another installation, and the chain behind its cement (own clinker).
    h.get_by_label("E04 · Jinghai Haixing Cement Co., Ltd. — kiln line 1")
        .click();
    h.run_steps(3);
    h.get_all_by_label("Explain")
        .nth(1)
        .expect("P2")
        .click_accesskit();
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("Counted for CBAM: direct + indirect = ")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("t of P1 / 1,600,000 × SEE")
            .next()
            .is_some()
    );
    // The clinker's activity level, corrected in its field: one edit, in the trail.
    let trail = h.state().project().map_or(0, |p| p.trail.len());
    let field = h.get_by_role_and_label(egui::Role::TextInput, "E04/P1");
    field.focus();
    h.run_steps(1);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::Role::TextInput, "E04/P1")
        .type_text("1460000");
    h.run_steps(3);
    settle(&mut h);
    let q = h.state().project().expect("open");
    let level = q
        .cbam
        .as_ref()
        .and_then(|c| c.installation("E04"))
        .map(|i| i.processes[0].activity_level_t);
    assert_eq!(level, Some(1_460_000.0));
    assert!(q.trail.len() > trail);
    assert_eq!(
        q.trail.last().map(|e| e.action.as_str()),
        Some("cbam.installation")
    );
    // The communication workbook: Export & sign with the installation chosen.
    h.get_by_label("Export the communication workbook…").click();
    h.run_steps(3);
    assert_eq!(h.state().step(), Step::Export);
    assert_eq!(h.state().panels.export.cbam.as_deref(), Some("E04"));
    assert!(h.state().panels.export.path.ends_with("-cbam-E04.xlsx"));
    assert!(
        visible_texts(&h)
            .iter()
            .any(|s| s.contains("CBAM communication of E04")),
        "{:?}",
        visible_texts(&h)
    );
}

/// The same step in Chinese: its labels and the chain in Chinese.
#[test]
fn cbam_goods_step_in_chinese() {
    let mut h = sample_app();
    h.state_mut().queue(AppCommand::SetLang(Lang::Zh));
    h.run_steps(2);
    nav(&mut h, Step::Cbam);
    settle(&mut h);
    assert!(h.query_by_label("CBAM货物").is_some());
    assert!(h.query_all_by_label("中国默认值").next().is_some());
    h.get_all_by_label("说明")
        .nth(2)
        .expect("P3")
        .click_accesskit();
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("CBAM计入：仅直接排放 = ")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label_contains("默认值（实施条例(EU) 2025/2621附件I，中国，CN 7208")
            .next()
            .is_some()
    );
}

/// The Claims & pathway step: the core indicator against its band, and a
/// credit block typed in — refused while its serials overlap a retired
/// block (the project unchanged, the reason shown), recorded once they do
/// not.
#[test]
fn claims_step_shows_the_indicator_and_records_a_credit_block() {
    let mut h = sample_app();
    nav(&mut h, Step::Claims);
    settle(&mut h);
    let a = h.state().analysis().cloned().expect("analysed");
    assert!(
        h.query_by_label(&parkaudit::audit::words::significant(
            a.core_indicator.value,
            4
        ))
        .is_some()
    );
    assert!(h.query_by_label("≤ 0.3").is_some());
    assert!(h.query_all_by_label("⚠ short").next().is_some());
    h.get_by_label("Add a credit block").click();
    h.run_steps(3);
    let type_in = |h: &mut Harness<'static, App>, label: &str, text: &str| {
        h.get_by_role_and_label(egui::Role::TextInput, label)
            .focus();
        h.run_steps(1);
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.get_by_role_and_label(egui::Role::TextInput, label)
            .type_text(text);
        h.run_steps(1);
    };
    for (label, text) in [
        ("Block id", "CCER-SOLAR-01"),
        ("Programme", "CCER"),
        ("Project", "Rooftop solar (test)"),
        ("First serial", "CCER-2023-W-100001"),
        ("Last serial", "CCER-2023-W-100010"),
        ("Vintage", "2023"),
        ("Quantity (t)", "10"),
        ("Retired on (YYYY-MM-DD)", "2025-02-01"),
        ("Registry", "CCER registry"),
        ("Retirement evidence", "statement 7"),
    ] {
        type_in(&mut h, label, text);
    }
    let before = h.state().project().cloned().expect("open");
    h.get_by_label("Record the block for 2024").click();
    h.run_steps(3);
    settle(&mut h);
    assert_eq!(h.state().project(), Some(&before));
    assert!(
        h.query_all_by_label_contains("overlap block CCER-WIND-01")
            .next()
            .is_some()
    );
    type_in(&mut h, "First serial", "CCER-2023-W-200001");
    type_in(&mut h, "Last serial", "CCER-2023-W-200010");
    h.get_by_label("Record the block for 2024").click();
    h.run_steps(3);
    settle(&mut h);
    let p = h.state().project().expect("open");
    let credits = p.claims.as_ref().map_or(0, |c| c.credits.len());
    assert_eq!(credits, 3);
    assert_eq!(
        p.trail.last().map(|e| e.action.as_str()),
        Some("claims.credit")
    );
}

/// The Inventory step's uncertainty: the total's 95 % interval beside the
/// headline figure, the Uncertainty panel's verdict and contributors, and a
/// source's data type changed from its row (through the edit layer: the
/// quality entry keeps its pedigree scores, one trail entry).
#[test]
fn inventory_shows_the_interval_and_a_sources_data_type_is_changed() {
    let mut h = sample_app();
    nav(&mut h, Step::Inventory);
    settle(&mut h);
    let a = h.state().analysis().cloned().expect("analysed");
    let t = &a.uncertainty.total;
    let headline = format!(
        "t CO₂e · −{:.1} % / +{:.1} % (95 %)",
        t.mc_lower_pct(),
        t.mc_upper_pct()
    );
    assert_eq!(headline, "t CO₂e · −4.7 % / +5.3 % (95 %)");
    assert!(h.query_by_label(&headline).is_some());
    // The panel opens on a click (closed, the record table stays in view).
    assert!(h.query_by_label(&a.uncertainty_verdict.en).is_none());
    h.get_by_label("Uncertainty").click();
    h.run_steps(3);
    assert!(h.query_by_label(&a.uncertainty_verdict.en).is_some());
    // The table's last line, so the whole table is in view.
    h.get_by_label_contains("more inputs: the CLI")
        .scroll_to_me();
    h.run_steps(3);
    assert!(
        h.query_by_label("activity data E03/purchased_steel_billet (estimated)")
            .is_some()
    );
    let trail = h.state().project().expect("open").trail.len();
    // The combo box shows the type as its value.
    h.get_by_value("estimated").click_accesskit();
    h.run_steps(3);
    h.get_by_label("metered and calibrated").click_accesskit();
    settle(&mut h);
    let p = h.state().project().expect("open");
    let q = p
        .uncertainty
        .as_ref()
        .and_then(|u| {
            u.quality.iter().find(|q| {
                q.target
                    == parkaudit::model::QualityTarget::Source {
                        entity: "E03".into(),
                        activity: "purchased_steel_billet".into(),
                    }
            })
        })
        .expect("the entry");
    assert_eq!(q.data_type, Some(parkaudit::model::DataType::Metered));
    assert_eq!(q.pedigree.map(|p| p.text()), Some("3,2,2,2,3".to_string()));
    assert_eq!(p.trail.len(), trail + 1);
    assert_eq!(
        p.trail.last().map(|e| e.action.as_str()),
        Some("uncertainty.quality")
    );
}
