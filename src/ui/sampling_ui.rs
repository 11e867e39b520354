//! Verification › sampling and tests: a seeded risk-based draw (key items plus
//! tonne-unit or random), the saved plan, and a test result per sampled record.

use super::app::{App, Output};
use super::i18n::n_;
use super::verification_ui::now;
use super::widgets::fmt_t;
use crate::audit::{evaluation, sampling};
use crate::model::{SampleTest, TestResult};

pub(super) fn sampling_ui(app: &mut App, ui: &mut egui::Ui) {
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
