//! Verification › sampling and tests: a seeded risk-based draw (key items plus
//! tonne-unit or random), saved or extended through the edit layer, and a test
//! result for one or more sampled records at once.

use super::i18n::n_;
use super::panel::PanelCx;
use super::verification_ui::{Drawn, VerifyPanel};
use super::widgets::fmt_t;
use crate::audit::{evaluation, sampling};
use crate::edit::{Edit, SampleParams, TestInput};
use crate::model::TestResult;

const RESULTS: [&str; 3] = [n_("Agreed"), n_("Misstated"), n_("Not supported")];

impl VerifyPanel {
    fn method(&self) -> sampling::Method {
        if self.tonne_unit {
            sampling::Method::TonneUnit
        } else {
            sampling::Method::SimpleRandom
        }
    }

    pub(super) fn sampling_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = |s| super::i18n::tr(lang, s);
        egui::Grid::new("sampling").num_columns(2).show(ui, |ui| {
            ui.label(t("Seed"));
            ui.add(egui::DragValue::new(&mut self.seed));
            ui.end_row();
            ui.label(t("Key items at or above (% of total)"));
            ui.add(
                egui::DragValue::new(&mut self.key_pct)
                    .range(0.01..=100.0)
                    .speed(0.1)
                    .suffix(" %"),
            );
            ui.end_row();
            ui.label(t("Sample size (besides key items)"));
            ui.add(egui::DragValue::new(&mut self.size).range(0..=10_000));
            ui.end_row();
            ui.label(t("Method"));
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut self.tonne_unit,
                    true,
                    t("Tonne-unit (probability ∝ t CO₂e)"),
                );
                ui.radio_value(&mut self.tonne_unit, false, t("Simple random"));
            });
            ui.end_row();
            // Only a project with CBAM installations has a second population.
            if cx.project().cbam.is_some() {
                ui.label(t("Population"));
                ui.horizontal(|ui| {
                    for pop in sampling::Population::ALL {
                        let label = if lang == super::i18n::Lang::Zh {
                            pop.label_zh()
                        } else {
                            pop.label()
                        };
                        ui.radio_value(&mut self.population, pop, label);
                    }
                });
                ui.end_row();
            } else {
                self.population = sampling::Population::Inventory;
            }
        });
        let params = SampleParams {
            seed: self.seed,
            key_pct: self.key_pct,
            size: self.size,
            method: self.method(),
            population: self.population,
        };
        let drawing = self.draw_job.is_some();
        let current = cx.current_analysis().cloned();
        let revision = cx.doc().revision;
        if ui
            .add_enabled(
                !drawing && current.is_some(),
                egui::Button::new(t("Draw the sample")),
            )
            .clicked()
            && let Some(a) = current
        {
            let project = cx.doc().shared();
            let draw = move || Drawn {
                params,
                revision,
                items: sampling::select(&project, &a.inventory, &params),
            };
            if cx.project().activity.len() <= super::derived::INLINE_RECORDS {
                self.drawn = Some(draw());
            } else {
                self.draw_job = Some(cx.spawn(
                    "sample",
                    t("Drawing the sample").to_string(),
                    false,
                    move |_| draw(),
                ));
            }
        }
        if drawing {
            ui.spinner();
        }
        if let Some(d) = &self.drawn {
            let keys = d
                .items
                .iter()
                .filter(|i| i.reason == sampling::Reason::KeyItem)
                .count();
            ui.label(format!(
                "{keys} {} · {} {} (seed {}, {} %, {})",
                t("key items"),
                d.items.len() - keys,
                t("sampled"),
                d.params.seed,
                d.params.key_pct,
                d.params.method.key()
            ));
            let stale = d.revision != revision;
            if stale {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t("The project changed since this draw — draw the sample again."),
                );
            }
            let v = &cx.project().verification;
            let has_tests = v.sample.is_some() && !v.tests.is_empty();
            if has_tests {
                ui.checkbox(
                    &mut self.replace_tests,
                    t("Replace the saved sample (its test results are set aside)"),
                );
            }
            if ui
                .add_enabled(
                    !stale && (!has_tests || self.replace_tests),
                    egui::Button::new(t("Save this sample")),
                )
                .clicked()
            {
                // The sample as drawn and shown, whatever the fields say now.
                cx.edit_tagged(
                    Edit::SaveSample {
                        params: d.params,
                        replace: self.replace_tests,
                    },
                    "sample.save",
                );
            }
        }
        if let Some(Ok(_)) = cx.outcome("sample.save") {
            self.drawn = None;
            self.replace_tests = false;
        }
        ui.separator();
        self.tests_ui(ui, cx);
    }

    /// Where the saved sample's records are (one pass over the records per revision).
    fn sample_index(&mut self, cx: &PanelCx) -> &std::collections::HashMap<String, usize> {
        let doc = cx.doc();
        let stale = self
            .sample_index
            .as_ref()
            .is_none_or(|(r, _)| *r != doc.revision);
        if stale {
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
            self.sample_index = Some((doc.revision, index));
        }
        &self.sample_index.get_or_insert_default().1
    }

    fn tests_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let lang = cx.lang();
        let t = |s| super::i18n::tr(lang, s);
        let p = cx.project();
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
        ui.horizontal(|ui| {
            ui.label(t("Extend the sample by"));
            ui.add(egui::DragValue::new(&mut self.extend_by).range(1..=10_000));
            if ui.button(t("Extend")).clicked() {
                cx.edit(Edit::ExtendSample {
                    additional: self.extend_by,
                });
            }
        });
        let analysis = cx.analysis();
        let index = self.sample_index(cx).clone();
        let mut pick = None;
        let mut unpick = None;
        let chosen: std::collections::BTreeSet<String> = self
            .test_record
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let untested: Vec<String> = plan
            .key_items
            .iter()
            .chain(&plan.sampled)
            .filter(|id| !p.verification.tests.iter().any(|x| &x.record_id == *id))
            .cloned()
            .collect();
        ui.horizontal(|ui| {
            // Bulk results: pick rows (or every untested one), record one result for all.
            if ui
                .add_enabled(
                    !untested.is_empty(),
                    egui::Button::new(t("Select all untested")),
                )
                .clicked()
            {
                self.test_record = untested.join(", ");
            }
            if ui
                .add_enabled(
                    !chosen.is_empty(),
                    egui::Button::new(t("Clear the selection")),
                )
                .clicked()
            {
                self.test_record.clear();
            }
            ui.label(format!(
                "{} {} · {} {}",
                chosen.len(),
                t("selected"),
                untested.len(),
                t("untested")
            ));
        });
        egui::ScrollArea::both()
            .id_salt("sample_items")
            .max_height(220.0)
            .show(ui, |ui| {
                egui::Grid::new("sample_items")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.label("");
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
                            let Some(r) = p.activity.get(i) else {
                                continue;
                            };
                            let mut on = chosen.contains(id);
                            let tick = ui.add(egui::Checkbox::without_text(&mut on));
                            if super::widgets::a11y_checkbox(
                                tick,
                                on,
                                format!("{} {id}", t("Select")),
                            )
                            .changed()
                            {
                                if on {
                                    pick = Some(id.clone());
                                } else {
                                    unpick = Some(id.clone());
                                }
                            }
                            if ui.link(id).clicked() {
                                pick = Some(id.clone());
                            }
                            ui.label(&r.entity_id);
                            ui.label(format!(
                                "{} {} {}",
                                r.activity,
                                crate::audit::words::exact(r.quantity),
                                r.unit
                            ));
                            ui.label(
                                analysis
                                    .and_then(|a| a.inventory.records.get(i))
                                    .map_or(String::new(), |res| fmt_t(res.location_t)),
                            );
                            let result = p.verification.tests.iter().find(|x| &x.record_id == id);
                            ui.label(result.map_or_else(
                                || t("untested").to_string(),
                                |x| super::widgets::test_result_label(lang, &x.result),
                            ));
                            ui.end_row();
                        }
                    });
            });
        if let Some(id) = unpick {
            self.test_record = chosen
                .iter()
                .filter(|x| **x != id)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
        }
        if let Some(id) = pick {
            if self.test_record.trim().is_empty() {
                self.test_record = id;
            } else if !self.test_record.split(',').any(|x| x.trim() == id) {
                self.test_record = format!("{}, {id}", self.test_record.trim());
            }
        }
        ui.horizontal(|ui| {
            let l = ui.label(t("Record(s)"));
            ui.add(egui::TextEdit::singleline(&mut self.test_record).desired_width(200.0))
                .labelled_by(l.id)
                .on_hover_text(t(
                    "One record, or several comma-separated: each gets the same result",
                ));
            egui::ComboBox::from_id_salt("test_result")
                .selected_text(t(RESULTS[self.test_result.min(2)]))
                .show_ui(ui, |ui| {
                    for (i, r) in RESULTS.iter().enumerate() {
                        ui.selectable_value(&mut self.test_result, i, t(r));
                    }
                });
            if self.test_result == 1 {
                ui.label(t("Verified quantity"));
                ui.add(egui::DragValue::new(&mut self.verified_quantity).speed(1.0));
            }
            let l = ui.label(t("Evidence"));
            ui.add(egui::TextEdit::singleline(&mut self.test_evidence).desired_width(160.0))
                .labelled_by(l.id);
        });
        if ui.button(t("Record the test result")).clicked() {
            self.record_test(cx);
        }
        if let Some(Ok(_)) = cx.outcome("test.record") {
            self.test_record.clear();
        }
    }

    fn record_test(&mut self, cx: &mut PanelCx) {
        let result = match self.test_result {
            0 => TestResult::Agreed,
            1 => TestResult::Misstated {
                verified_quantity: self.verified_quantity,
            },
            _ => TestResult::NotSupported,
        };
        let tests: Vec<TestInput> = self
            .test_record
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|id| TestInput {
                record_id: id.to_string(),
                result: result.clone(),
                evidence_ref: self.test_evidence.clone(),
                tickmark: String::new(),
                comment: String::new(),
            })
            .collect();
        cx.edit_tagged(Edit::RecordTests(tests), "test.record");
    }
}
