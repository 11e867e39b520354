//! Data import › the column mapping editor and the validation result: counts,
//! the issues table (click a row to see its values), confirm or cancel.

use super::app::{App, Output};
use super::data_ui::{ImportState, confirm, start_preview};
use super::i18n::n_;
use super::widgets;
use crate::io::import::{ColumnRef, ImportReport};
use egui_extras::{Column, TableBuilder};

pub(super) fn mapping_ui(app: &mut App, ui: &mut egui::Ui, ctx: &egui::Context) {
    ui.label(app.t(
        "Which column holds which field. Detected from the headers; change any and validate again.",
    ));
    let Some(mut mapping) = app.data.mapping.clone() else {
        return;
    };
    let sheets = app.data.sheets.clone();
    let mut changed = false;
    for (si, sm) in mapping.sheets.iter_mut().enumerate() {
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong(format!("{} ({})", sm.sheet, sm.kind.name()));
            ui.label(app.t("Header row"));
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
                    Some(ColumnRef::Column(c)) => format!("{} {c}", app.t("column")),
                    None => app.t("(by template header)").to_string(),
                };
                egui::ComboBox::from_id_salt(("map", si, field.header()))
                    .selected_text(current)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(!sm.columns.contains_key(field), app.t("(by template header)")).clicked() {
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
        app.data.mapping = Some(mapping);
        app.data.mapping_file = None; // the saved file no longer says what is used
    }
    ui.horizontal(|ui| {
        if ui.button(app.t("Validate with this mapping")).clicked()
            && let Some(path) = app.data.path.clone()
        {
            let m = app.data.mapping.clone();
            start_preview(app, ctx, path, m);
        }
        if ui
            .button(app.t("Save this mapping"))
            .on_hover_text(app.t(
                "Beside the workbook as NAME.mapping.ron, for the next import or `parkaudit import --mapping`",
            ))
            .clicked()
        {
            save_mapping(app, ctx);
        }
    });
    if let Some(f) = &app.data.mapping_file {
        ui.label(format!("{} {f}", app.t("Saved as")));
    }
}

/// Writes the mapping beside the workbook (`NAME.mapping.ron`) on a thread.
fn save_mapping(app: &mut App, ctx: &egui::Context) {
    let (Some(path), Some(mapping)) = (app.data.path.clone(), app.data.mapping.clone()) else {
        return;
    };
    let out = path.with_extension("mapping.ron");
    let label = app.t("Saving the mapping").to_string();
    app.jobs.spawn(ctx, "mapping", label, false, move |_| {
        let result = crate::io::write_atomic(&out, mapping.to_ron_string().as_bytes(), false)
            .map(|()| out.clone())
            .map_err(|e| format!("{}: {e}", out.display()));
        Output::MappingSaved(result)
    });
}

pub(super) fn report_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(report) = app.data.report.clone() else {
        return;
    };
    ui.add_space(6.0);
    ui.heading(app.t("Validation"));
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    ui.label(format!(
        "{}: {} · {}: {} · {}: {} · {}: {errors} · {}: {warnings}",
        app.t("Records to add"),
        report.records_added,
        app.t("entities"),
        report.entities_added,
        app.t("factors"),
        report.factors_added,
        app.t("errors"),
        app.t("warnings"),
    ));
    if let (Some(b), Some(a)) = (report.total_before_t, report.total_after_t) {
        ui.label(format!(
            "{}: {} → {} t CO₂e ({})",
            app.t("Total"),
            widgets::fmt_t(b),
            widgets::fmt_t(a),
            widgets::fmt_delta_t(a - b)
        ));
    }
    for s in &report.sheets {
        ui.label(format!(
            "{} — {} {}, {} {}, {} {}, {} {}",
            s.sheet,
            s.rows_read,
            app.t("read"),
            s.accepted,
            app.t("accepted"),
            s.rejected,
            app.t("rejected"),
            s.blank,
            app.t("blank")
        ));
    }
    if !report.issues.is_empty() {
        issues_table_ui(app, ui, &report);
    }
    let can_confirm = app.data.merged.is_some();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(can_confirm, egui::Button::new(app.t("Confirm import")))
            .clicked()
        {
            confirm(app);
        }
        if ui.button(app.t("Cancel import")).clicked() {
            app.data = ImportState {
                base_year: app.data.base_year,
                skip_invalid: app.data.skip_invalid,
                ..Default::default()
            };
        }
    });
    if !can_confirm {
        ui.colored_label(
            ui.visuals().error_fg_color,
            app.t("Rows were rejected: fix the workbook, or tick 'Take the valid rows' and validate again."),
        );
    }
}

fn issues_table_ui(app: &mut App, ui: &mut egui::Ui, report: &ImportReport) {
    let t = {
        let lang = app.lang();
        move |s| super::i18n::tr(lang, s)
    };
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
                    app.lang(),
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
                    row.set_selected(app.data.selected_issue == Some(i));
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
                        ui.label(&issue.message);
                    });
                    if row.response().clicked() {
                        clicked = Some(i);
                    }
                });
            });
    });
    if let Some(i) = clicked {
        app.data.selected_issue = Some(i);
    }
    let Some(issue) = app.data.selected_issue.and_then(|i| report.issues.get(i)) else {
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
        ui.label(issue.to_string());
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
                        ui.label(
                            headers.get(c).cloned().unwrap_or_else(|| {
                                crate::io::import::schema::column_letter(c as u32)
                            }),
                        );
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
