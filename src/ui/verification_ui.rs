//! Step 7: verification — analytical checks, materiality, sampling and
//! tests, findings, the opinion and the sign-offs, over the `audit` layer.

use super::app::{App, Output};
use super::i18n::n_;
use super::widgets::fmt_t;
use crate::audit::evaluation::{self, MaterialityState};
use crate::audit::{CheckFinding, Severity, sampling};
use crate::model::{
    Finding, FindingStatus, FindingType, Opinion, OpinionRecord, Request, Role, SampleTest,
    Section, TestResult,
};

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
    sample_index: Option<(u64, std::collections::HashMap<String, usize>)>,
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

fn now() -> String {
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
        Tab::Checks => checks_ui(app, ui, &ctx),
        Tab::Sampling => sampling_ui(app, ui),
        Tab::Findings => findings_ui(app, ui),
        Tab::Opinion => opinion_ui(app, ui),
        Tab::SignOff => signoff_ui(app, ui),
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

fn checks_ui(app: &mut App, ui: &mut egui::Ui, ctx: &egui::Context) {
    let Some(doc) = &app.doc else { return };
    let revision = doc.revision;
    let shared = doc.shared();
    let running = app.jobs.is_running("checks");
    // Small projects are checked at once; large ones on request, on a thread.
    let stale = app
        .verify
        .checks
        .as_ref()
        .is_none_or(|(r, _)| *r != revision);
    if stale
        && !running
        && doc.project().activity.len() <= super::derived::INLINE_RECORDS
        && app.derived.revision == revision
        && let Some(a) = app.analysis()
    {
        let result =
            crate::audit::run_checks(doc.project(), &a.inventory, crate::calc::library::bundled());
        app.verify.checks = Some((revision, result));
    }
    ui.horizontal(|ui| {
        let enabled = !running && app.derived.revision == revision && app.analysis().is_some();
        if ui.add_enabled(enabled, egui::Button::new(app.t("Run the checks"))).clicked()
            && let Some(a) = app.analysis().cloned()
        {
            let project = shared;
            app.jobs.spawn(ctx, "checks", app.t("Running the checks").to_string(), false, move |_| Output::Checks {
                revision,
                result: crate::audit::run_checks(&project, &a.inventory, crate::calc::library::bundled()),
            });
        }
        if running {
            ui.spinner();
        }
        ui.label(app.t("Completeness, anomalies, base year, duplicates, units, factors, Benford, scope 2 instruments."));
    });
    let Some((rev, findings)) = &app.verify.checks else {
        return;
    };
    if *rev != revision {
        ui.label(app.t("The project changed since the checks ran — run them again."));
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    ui.label(format!(
        "{} {} · {} {} · {} {} · {} {}",
        count(Severity::High),
        app.t("high"),
        count(Severity::Medium),
        app.t("medium"),
        count(Severity::Low),
        app.t("low"),
        count(Severity::Info),
        app.t("info")
    ));
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    egui_extras::TableBuilder::new(ui)
        .id_salt("checks")
        .striped(true)
        .resizable(true)
        .column(egui_extras::Column::auto().at_least(60.0))
        .column(egui_extras::Column::auto().at_least(110.0))
        .column(egui_extras::Column::auto().at_least(60.0))
        .column(egui_extras::Column::auto().at_least(70.0))
        .column(egui_extras::Column::remainder().at_least(300.0).clip(true))
        .max_scroll_height(420.0)
        .header(22.0, |mut h| {
            for c in [
                n_("Severity"),
                n_("Check"),
                n_("Entity"),
                n_("Period"),
                n_("Finding"),
            ] {
                h.col(|ui| {
                    ui.strong(t(c));
                });
            }
        })
        .body(|body| {
            body.rows(20.0, findings.len(), |mut row| {
                let Some(f) = findings.get(row.index()) else {
                    return;
                };
                row.col(|ui| {
                    ui.label(format!("{:?}", f.severity));
                });
                row.col(|ui| {
                    ui.label(f.check);
                });
                row.col(|ui| {
                    ui.label(f.entity_id.clone().unwrap_or_default());
                });
                row.col(|ui| {
                    ui.label(f.period.clone().unwrap_or_default());
                });
                row.col(|ui| {
                    let r = ui.label(&f.message);
                    if !f.sources.is_empty() {
                        r.on_hover_text(f.sources.join("\n"));
                    }
                });
            });
        });
}

fn sampling_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(a) = app.analysis().cloned() else {
        return;
    };
    let st = &mut app.verify;
    let lang = app.settings.lang;
    let t = |s| super::i18n::tr(lang, s);
    egui::Grid::new("sampling").num_columns(2).show(ui, |ui| {
        ui.label(t("Seed"));
        ui.add(egui::DragValue::new(&mut st.seed));
        ui.end_row();
        ui.label(t("Key items at or above (% of total)"));
        ui.add(
            egui::DragValue::new(&mut st.key_pct)
                .range(0.01..=100.0)
                .speed(0.1)
                .suffix(" %"),
        );
        ui.end_row();
        ui.label(t("Sample size (besides key items)"));
        ui.add(egui::DragValue::new(&mut st.size).range(0..=10_000));
        ui.end_row();
        ui.label(t("Method"));
        ui.horizontal(|ui| {
            ui.radio_value(
                &mut st.tonne_unit,
                true,
                t("Tonne-unit (probability ∝ t CO₂e)"),
            );
            ui.radio_value(&mut st.tonne_unit, false, t("Simple random"));
        });
        ui.end_row();
    });
    let method = if st.tonne_unit {
        sampling::Method::TonneUnit
    } else {
        sampling::Method::SimpleRandom
    };
    let drawing = app.jobs.is_running("sample");
    if ui
        .add_enabled(!drawing, egui::Button::new(t("Draw the sample")))
        .clicked()
        && let Some(doc) = &app.doc
    {
        let (seed, key_pct, size) = (app.verify.seed, app.verify.key_pct, app.verify.size);
        if doc.project().activity.len() <= super::derived::INLINE_RECORDS {
            app.verify.drawn = Some(sampling::select(
                doc.project(),
                &a.inventory,
                seed,
                key_pct,
                size,
                method,
            ));
        } else {
            let (project, a) = (doc.shared(), a.clone());
            let ctx = ui.ctx().clone();
            app.jobs.spawn(
                &ctx,
                "sample",
                t("Drawing the sample").to_string(),
                false,
                move |_| {
                    Output::Drawn(sampling::select(
                        &project,
                        &a.inventory,
                        seed,
                        key_pct,
                        size,
                        method,
                    ))
                },
            );
        }
    }
    if drawing {
        ui.spinner();
    }
    if let Some(items) = app.verify.drawn.clone() {
        let keys = items
            .iter()
            .filter(|i| i.reason == sampling::Reason::KeyItem)
            .count();
        ui.label(format!(
            "{keys} {} · {} {}",
            t("key items"),
            items.len() - keys,
            t("sampled")
        ));
        let has_tests = app
            .project()
            .is_some_and(|p| p.verification.sample.is_some() && !p.verification.tests.is_empty());
        if has_tests {
            ui.checkbox(
                &mut app.verify.replace_tests,
                t("Replace the saved sample (its test results are set aside)"),
            );
        }
        if ui
            .add_enabled(
                !has_tests || app.verify.replace_tests,
                egui::Button::new(t("Save this sample")),
            )
            .clicked()
        {
            let (seed, key_pct, size) = (app.verify.seed, app.verify.key_pct, app.verify.size);
            let inv = a.inventory.clone();
            app.edit("sample", "sample", |p| {
                let plan = sampling::plan_record(p, &inv, seed, key_pct, size, method, &items);
                let detail = format!(
                    "sample saved: seed {seed}, {method:?}, {} key items, {} sampled",
                    plan.key_items.len(),
                    plan.sampled.len()
                );
                p.verification.sample = Some(plan);
                Some(detail)
            });
            app.verify.drawn = None;
        }
    }
    ui.separator();
    tests_ui(app, ui, &a);
}

const RESULTS: [&str; 3] = [n_("Agreed"), n_("Misstated"), n_("Not supported")];

/// Where the saved sample's records are (one pass over the records per revision).
fn sample_index(app: &mut App) {
    let Some(doc) = &app.doc else { return };
    if app
        .verify
        .sample_index
        .as_ref()
        .is_some_and(|(r, _)| *r == doc.revision)
    {
        return;
    }
    let p = doc.project();
    let mut index = std::collections::HashMap::new();
    if let Some(plan) = &p.verification.sample {
        let wanted: std::collections::HashSet<&str> = plan
            .key_items
            .iter()
            .chain(&plan.sampled)
            .map(String::as_str)
            .collect();
        for (i, r) in p.activity.iter().enumerate() {
            if wanted.contains(r.id.as_str()) {
                index.insert(r.id.clone(), i);
            }
        }
    }
    app.verify.sample_index = Some((doc.revision, index));
}

fn tests_ui(app: &mut App, ui: &mut egui::Ui, a: &super::derived::Analysis) {
    sample_index(app);
    let Some(p) = app.project() else { return };
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
    let Some(plan) = &p.verification.sample else {
        ui.label(t("No sample is saved yet."));
        return;
    };
    let untested = evaluation::untested_items(p);
    ui.strong(format!(
        "{}: {} {}, {} {} · {} {}",
        t("Saved sample"),
        plan.key_items.len(),
        t("key items"),
        plan.sampled.len(),
        t("sampled"),
        untested.len(),
        t("untested")
    ));
    let index: std::collections::HashMap<&str, usize> = p
        .activity
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let mut pick = None;
    egui::ScrollArea::vertical()
        .id_salt("sample_items")
        .max_height(220.0)
        .show(ui, |ui| {
            egui::Grid::new("sample_items")
                .striped(true)
                .show(ui, |ui| {
                    for h in [
                        n_("Record"),
                        n_("Entity"),
                        n_("Activity"),
                        n_("t CO₂e"),
                        n_("Result"),
                    ] {
                        ui.strong(t(h));
                    }
                    ui.end_row();
                    for id in plan.key_items.iter().chain(&plan.sampled) {
                        let Some(&i) = index.get(id.as_str()) else {
                            continue;
                        };
                        let (Some(r), Some(res)) = (p.activity.get(i), a.inventory.records.get(i))
                        else {
                            continue;
                        };
                        if ui.link(id).clicked() {
                            pick = Some(id.clone());
                        }
                        ui.label(&r.entity_id);
                        ui.label(format!("{} {} {}", r.activity, r.quantity, r.unit));
                        ui.label(fmt_t(res.location_t));
                        let result = p.verification.tests.iter().find(|x| &x.record_id == id);
                        ui.label(result.map_or_else(
                            || t("untested").to_string(),
                            |x| format!("{:?}", x.result),
                        ));
                        ui.end_row();
                    }
                });
        });
    if let Some(id) = pick {
        app.verify.test_record = id;
    }
    ui.horizontal(|ui| {
        let l = ui.label(t("Record"));
        ui.add(egui::TextEdit::singleline(&mut app.verify.test_record).desired_width(90.0))
            .labelled_by(l.id);
        egui::ComboBox::from_id_salt("test_result")
            .selected_text(t(RESULTS[app.verify.test_result.min(2)]))
            .show_ui(ui, |ui| {
                for (i, r) in RESULTS.iter().enumerate() {
                    ui.selectable_value(&mut app.verify.test_result, i, t(r));
                }
            });
        if app.verify.test_result == 1 {
            ui.label(t("Verified quantity"));
            ui.add(egui::DragValue::new(&mut app.verify.verified_quantity).speed(1.0));
        }
        let l = ui.label(t("Evidence"));
        ui.add(egui::TextEdit::singleline(&mut app.verify.test_evidence).desired_width(160.0))
            .labelled_by(l.id);
    });
    if ui.button(t("Record the test result")).clicked() {
        record_test(app);
    }
}

fn record_test(app: &mut App) {
    let st = &app.verify;
    let id = st.test_record.trim().to_string();
    let result = match st.test_result {
        0 => TestResult::Agreed,
        1 => TestResult::Misstated {
            verified_quantity: st.verified_quantity,
        },
        _ => TestResult::NotSupported,
    };
    let evidence = st.test_evidence.clone();
    let Some(doc) = &app.doc else { return };
    let who = doc.who.clone();
    let in_sample = doc
        .project()
        .verification
        .sample
        .as_ref()
        .is_some_and(|s| s.key_items.contains(&id) || s.sampled.contains(&id));
    if !in_sample {
        app.toast(format!("{id}: {}", app.t("not in the saved sample")), true);
        return;
    }
    app.edit(&format!("test.{id}"), "sample-test", |p| {
        let detail = format!("record {id}: {result:?}");
        p.verification.tests.retain(|t| t.record_id != id);
        p.verification.tests.push(SampleTest {
            record_id: id.clone(),
            result,
            evidence_ref: evidence,
            tickmark: String::new(),
            comment: String::new(),
            who,
            at: now(),
        });
        Some(detail)
    });
    if let Some(d) = &mut app.doc {
        d.end_coalescing();
    }
}

fn findings_ui(app: &mut App, ui: &mut egui::Ui) {
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

fn opinion_ui(app: &mut App, ui: &mut egui::Ui) {
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

fn signoff_ui(app: &mut App, ui: &mut egui::Ui) {
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
