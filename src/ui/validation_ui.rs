//! Data import › the column mapping editor and the validation result: counts,
//! the issues table (click a row to see its values), confirm or cancel.

use super::data_ui::DataPanel;
use super::i18n::n_;
use super::panel::PanelCx;
use super::widgets;
use crate::io::import::{ColumnRef, ImportReport};
use egui_extras::{Column, TableBuilder};

impl DataPanel {
    pub(super) fn mapping_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        ui.label(cx.t(
        "Which column holds which field. Detected from the headers; change any and validate again.",
    ));
        let Some(mut mapping) = self.mapping.clone() else {
            return;
        };
        let sheets = self.sheets.clone();
        let mut changed = false;
        for (si, sm) in mapping.sheets.iter_mut().enumerate() {
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(format!("{} ({})", sm.sheet, sm.kind.name()));
                ui.label(cx.t("Header row"));
                changed |= ui
                    .add(egui::DragValue::new(&mut sm.header_row).range(1..=1000))
                    .changed();
            });
            let headers: Vec<String> = sheets
                .iter()
                .find(|s| s.name == sm.sheet)
                .and_then(|s| s.rows.iter().find(|(r, _)| *r == sm.header_row))
                .map(|(_, cells)| {
                    cells
                        .iter()
                        .filter(|c| !c.trim().is_empty())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            egui::Grid::new(("mapping", si)).num_columns(2).show(ui, |ui| {
            for field in sm.kind.fields() {
                ui.label(format!("{}{}", field.header(), if sm.kind.requires(*field) { " *" } else { "" }));
                let current = match sm.columns.get(field) {
                    Some(ColumnRef::Header(h)) => h.clone(),
                    Some(ColumnRef::Column(c)) => format!("{} {c}", cx.t("column")),
                    None => cx.t("(by template header)").to_string(),
                };
                egui::ComboBox::from_id_salt(("map", si, field.header()))
                    .selected_text(current)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(!sm.columns.contains_key(field), cx.t("(by template header)")).clicked() {
                            sm.columns.remove(field);
                            changed = true;
                        }
                        for h in &headers {
                            let sel = matches!(sm.columns.get(field), Some(ColumnRef::Header(x)) if x == h);
                            if ui.selectable_label(sel, h).clicked() {
                                sm.columns.insert(*field, ColumnRef::Header(h.clone()));
                                changed = true;
                            }
                        }
                    });
                ui.end_row();
            }
        });
        }
        if changed {
            self.mapping = Some(mapping);
            self.mapping_file = None; // the saved file no longer says what is used
        }
        ui.horizontal(|ui| {
        if ui.button(cx.t("Validate with this mapping")).clicked()
            && let Some(path) = self.path.clone()
        {
            let m = self.mapping.clone();
            self.start_preview(cx, path, m);
        }
        if ui
            .button(cx.t("Save this mapping"))
            .on_hover_text(cx.t(
                "Beside the workbook as NAME.mapping.ron, for the next import or `parkaudit import --mapping`",
            ))
            .clicked()
        {
            self.save_mapping(cx);
        }
    });
        if let Some(f) = &self.mapping_file {
            ui.label(format!("{} {f}", cx.t("Saved as")));
        }
    }

    /// Writes the mapping beside the workbook (`NAME.mapping.ron`) on a thread.
    fn save_mapping(&mut self, cx: &mut PanelCx) {
        let (Some(path), Some(mapping)) = (self.path.clone(), self.mapping.clone()) else {
            return;
        };
        let out = path.with_extension("mapping.ron");
        let label = cx.t("Saving the mapping").to_string();
        self.mapping_job = Some(cx.spawn("mapping", label, false, move |_| {
            crate::io::write_atomic(&out, mapping.to_ron_string().as_bytes(), false)
                .map(|()| out.clone())
                .map_err(|e| format!("{}: {e}", out.display()))
        }));
    }

    pub(super) fn report_ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        let Some(report) = self.report.clone() else {
            return;
        };
        ui.add_space(6.0);
        ui.heading(cx.t("Validation"));
        let errors = report.errors().count();
        let warnings = report.warnings().count();
        ui.label(format!(
            "{}: {} · {}: {} · {}: {} · {}: {errors} · {}: {warnings}",
            cx.t("Records to add"),
            report.records_added,
            cx.t("entities"),
            report.entities_added,
            cx.t("factors"),
            report.factors_added,
            cx.t("errors"),
            cx.t("warnings"),
        ));
        if let (Some(b), Some(a)) = (report.total_before_t, report.total_after_t) {
            ui.label(format!(
                "{}: {} → {} t CO₂e ({})",
                cx.t("Total"),
                widgets::fmt_t(b),
                widgets::fmt_t(a),
                widgets::fmt_delta_t(a - b)
            ));
        }
        let guard = report.duplicate_guard();
        if let Some(g) = guard {
            // Re-importing a workbook doubles its records: never on an ordinary click.
            let change = g.change_t.map_or_else(String::new, |c| {
                format!(
                    " {} {} t CO₂e.",
                    cx.t("The total would change by"),
                    widgets::fmt_delta_t(c)
                )
            });
            ui.colored_label(
                egui::Color32::from_rgb(210, 120, 0),
                format!(
                    "⚠ {} {} {} {}{change}",
                    g.rows,
                    cx.t("of the"),
                    g.records_added,
                    cx.t("rows repeat records already in the project (same entity, period, activity and evidence) — was this workbook imported before?"),
                ),
            );
            ui.checkbox(
                &mut self.duplicates_confirmed,
                format!("{} ({})", cx.t("Import the repeated rows anyway"), g.rows),
            );
        }
        let can_confirm = self.batch.is_some() && (guard.is_none() || self.duplicates_confirmed);
        ui.horizontal(|ui| {
            if ui
                .add_enabled(can_confirm, egui::Button::new(cx.t("Confirm import")))
                .clicked()
            {
                self.confirm(cx);
            }
            if ui.button(cx.t("Cancel import")).clicked() {
                self.reset();
            }
        });
        if self.batch.is_none() {
            ui.colored_label(
            ui.visuals().error_fg_color,
            cx.t("Rows were rejected: fix the workbook, or tick 'Take the valid rows' and validate again."),
        );
        }
        for s in &report.sheets {
            ui.label(format!(
                "{} — {} {}, {} {}, {} {}, {} {}",
                s.sheet,
                s.rows_read,
                cx.t("read"),
                s.accepted,
                cx.t("accepted"),
                s.rejected,
                cx.t("rejected"),
                s.blank,
                cx.t("blank")
            ));
        }
        if !report.issues.is_empty() {
            self.issues_table_ui(ui, cx, &report);
        }
    }

    fn issues_table_ui(&mut self, ui: &mut egui::Ui, cx: &PanelCx, report: &ImportReport) {
        let t = {
            let lang = cx.lang();
            move |s| super::i18n::tr(lang, s)
        };
        let zh = cx.lang() == super::i18n::Lang::Zh;
        let mut clicked = None;
        ui.scope(|ui| {
            // Plain (not selectable) labels, so a click selects the row.
            ui.style_mut().interaction.selectable_labels = false;
            TableBuilder::new(ui)
                .id_salt("issues")
                .striped(true)
                .sense(egui::Sense::click())
                .column(Column::auto().at_least(60.0))
                .column(Column::auto().at_least(90.0))
                .column(Column::auto().at_least(40.0))
                .column(Column::auto().at_least(120.0))
                .column(Column::initial(140.0).clip(true))
                .column(Column::remainder().at_least(200.0).clip(true))
                .max_scroll_height(260.0)
                .header(22.0, |h| {
                    super::widgets::header_ui(
                        h,
                        cx.lang(),
                        &[
                            n_("Severity"),
                            n_("Sheet"),
                            n_("Row"),
                            n_("Column"),
                            n_("Value"),
                            n_("Reason"),
                        ],
                    )
                })
                .body(|body| {
                    body.rows(20.0, report.issues.len(), |mut row| {
                        let i = row.index();
                        let Some(issue) = report.issues.get(i) else {
                            return;
                        };
                        row.set_selected(self.selected_issue == Some(i));
                        row.col(|ui| {
                            if issue.is_error() {
                                ui.colored_label(ui.visuals().error_fg_color, t("error"));
                            } else {
                                ui.label(t("warning"));
                            }
                        });
                        row.col(|ui| {
                            ui.label(&issue.sheet);
                        });
                        row.col(|ui| {
                            ui.label(issue.row.map_or(String::new(), |r| r.to_string()));
                        });
                        row.col(|ui| {
                            ui.label(issue.column.as_ref().map_or(String::new(), |(h, l)| {
                                if l.is_empty() {
                                    h.clone()
                                } else {
                                    format!("{h} ({l})")
                                }
                            }));
                        });
                        row.col(|ui| {
                            ui.label(issue.value.clone().unwrap_or_default());
                        });
                        row.col(|ui| {
                            let text = if zh {
                                &issue.message_zh
                            } else {
                                &issue.message
                            };
                            ui.label(text.as_str());
                        });
                        if row.response().clicked() {
                            clicked = Some(i);
                        }
                    });
                });
        });
        if let Some(i) = clicked {
            self.selected_issue = Some(i);
        }
        let Some(issue) = self.selected_issue.and_then(|i| report.issues.get(i)) else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.strong(format!(
                "{} {}, {} {}",
                t("Sheet"),
                issue.sheet,
                t("row"),
                issue.row.unwrap_or(0)
            ));
            ui.label(if zh {
                issue.message_zh.clone()
            } else {
                issue.to_string()
            });
            let rejected = report
                .rejected_rows
                .iter()
                .find(|r| r.sheet == issue.sheet && Some(r.row) == issue.row);
            let headers = report
                .sheets
                .iter()
                .find(|s| s.sheet == issue.sheet)
                .map(|s| s.headers.clone())
                .unwrap_or_default();
            match rejected {
                Some(r) => {
                    egui::Grid::new("issue_row").striped(true).show(ui, |ui| {
                        for (c, v) in r.values.iter().enumerate() {
                            ui.label(headers.get(c).cloned().unwrap_or_else(|| {
                                crate::io::import::schema::column_letter(c as u32)
                            }));
                            ui.label(v);
                            ui.end_row();
                        }
                    });
                }
                None => {
                    ui.label(t("The row's values are shown for rejected rows."));
                }
            }
        });
    }
}
