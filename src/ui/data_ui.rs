//! Step 4: importing a workbook — preview of its sheets, the column mapping
//! (auto-detected, editable), the validation result as a table, then confirm
//! or cancel. Validation runs on a copy of the project on a background
//! thread; nothing changes before Confirm.

use super::app::{App, Output, error_chain};
use super::i18n::n_;
use crate::io::import::{self, ImportOptions, ImportReport, Mapping, Workbook, WorkbookError};
use crate::model::Project;
use std::path::PathBuf;
use std::sync::Arc;

/// How many rows of each sheet the preview shows.
pub const PREVIEW_ROWS: usize = 12;

/// The first rows of a sheet.
#[derive(Debug, Clone, Default)]
pub struct SheetPreview {
    pub name: String,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// What the validation job found.
pub struct PreviewResult {
    pub path: PathBuf,
    pub revision: u64,
    pub sheets: Vec<SheetPreview>,
    /// The mapping used: the one given, or the suggested one for a workbook
    /// not in the template layout.
    pub mapping: Option<Mapping>,
    pub result: Result<(ImportReport, Option<Project>), String>,
}

/// The import in progress (nothing of it is in the project until confirmed).
#[derive(Default)]
pub struct ImportState {
    pub path: Option<PathBuf>,
    pub path_text: String,
    pub base_year: bool,
    pub skip_invalid: bool,
    pub sheets: Vec<SheetPreview>,
    pub preview_sheet: usize,
    pub mapping: Option<Mapping>,
    /// The file the current mapping was saved to, named in the provenance.
    pub mapping_file: Option<String>,
    pub report: Option<ImportReport>,
    /// The merged project, applied on Confirm.
    pub merged: Option<Arc<Project>>,
    pub error: Option<String>,
    pub selected_issue: Option<usize>,
    /// The project revision the validation ran against.
    pub for_revision: u64,
}

/// Reads up to [`PREVIEW_ROWS`] rows of every sheet.
fn preview(path: &std::path::Path) -> Result<Vec<SheetPreview>, WorkbookError> {
    let (mut wb, _) = Workbook::open(path)?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let stop = Arc::new(crate::io::Progress::default());
        wb.set_progress(Some(Arc::clone(&stop)));
        let mut rows = Vec::new();
        let read = wb.for_each_row(&name, |r, cells| {
            rows.push((r, cells.iter().map(|c| c.display()).collect()));
            if rows.len() >= PREVIEW_ROWS {
                stop.cancel(); // enough for the preview: stop reading this sheet
            }
        });
        match read {
            Ok(()) | Err(WorkbookError::Cancelled { .. }) => {}
            Err(e) => return Err(e),
        }
        out.push(SheetPreview { name, rows });
    }
    Ok(out)
}

/// Starts validating `path` against a copy of the project.
pub fn start_preview(app: &mut App, ctx: &egui::Context, path: PathBuf, mapping: Option<Mapping>) {
    let Some(doc) = &app.doc else { return };
    if app.jobs.is_running("import") {
        app.toast(app.t("An import is already being validated"), false);
        return;
    }
    let project = doc.shared();
    let revision = doc.revision;
    let state = &mut app.data;
    state.path = Some(path.clone());
    state.path_text = path.display().to_string();
    state.report = None;
    state.merged = None;
    state.error = None;
    state.selected_issue = None;
    let mapping_name = state
        .mapping_file
        .clone()
        .filter(|_| mapping.is_some())
        .unwrap_or_else(|| "mapping edited in ParkAudit".to_string());
    let mut options = ImportOptions {
        skip_invalid: state.skip_invalid,
        mapping: None,
        imported_at: crate::io::time::now_rfc3339_utc(),
        who: doc.who.clone(),
        base_year: state.base_year,
        progress: None,
    };
    let label = format!(
        "{} {}",
        app.t("Validating"),
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    app.jobs.spawn(ctx, "import", label, true, move |progress| {
        progress.phase("reading rows");
        options.progress = Some(progress);
        Output::Import(Box::new(validate(
            &project,
            path,
            revision,
            mapping.map(|m| (m, mapping_name)),
            options,
        )))
    });
}

fn validate(
    project: &Project,
    path: PathBuf,
    revision: u64,
    mapping: Option<(Mapping, String)>,
    mut options: ImportOptions,
) -> PreviewResult {
    let sheets = match preview(&path) {
        Ok(s) => s,
        Err(e) => {
            return PreviewResult {
                path,
                revision,
                sheets: Vec::new(),
                mapping: mapping.map(|(m, _)| m),
                result: Err(error_chain(&e)),
            };
        }
    };
    let run = |options: &ImportOptions| {
        import::import_workbook(project, &path, options).map(|o| (o.report, o.project))
    };
    let mut used = mapping.as_ref().map(|(m, _)| m.clone());
    options.mapping = mapping;
    let mut result = run(&options);
    if used.is_none()
        && matches!(result, Err(import::ImportError::Structure { .. }))
        && let Ok(suggested) = import::suggest_mapping(&path)
        && !suggested.sheets.is_empty()
    {
        // Not the template layout: try the headers detected in the workbook.
        options.mapping = Some((
            suggested.clone(),
            "mapping suggested by ParkAudit".to_string(),
        ));
        result = run(&options);
        used = Some(suggested);
    }
    PreviewResult {
        path,
        revision,
        sheets,
        mapping: used,
        result: result.map_err(|e| error_chain(&e)),
    }
}

pub fn preview_done(app: &mut App, r: PreviewResult) {
    let state = &mut app.data;
    if state.path.as_ref() != Some(&r.path) {
        return; // a newer preview was started, or it was cancelled
    }
    state.sheets = r.sheets;
    state.mapping = r.mapping;
    state.for_revision = r.revision;
    // Open the preview on the activity data rather than an instructions sheet.
    state.preview_sheet = state
        .sheets
        .iter()
        .position(|s| s.name.eq_ignore_ascii_case("activity") || s.name.contains("活动"))
        .unwrap_or(0);
    match r.result {
        Ok((report, merged)) => {
            state.report = Some(report);
            state.merged = merged.map(Arc::new);
        }
        Err(e) => state.error = Some(e),
    }
}

/// Writes the bundled template where the user picks (or beside the project).
fn save_template(app: &mut App, ctx: &egui::Context) {
    let default = app
        .doc
        .as_ref()
        .and_then(|d| d.path.clone())
        .and_then(|p| {
            p.parent()
                .map(|d| d.join("parkaudit-activity-template.xlsx"))
        })
        .unwrap_or_else(|| std::env::temp_dir().join("parkaudit-activity-template.xlsx"));
    let path = rfd::FileDialog::new()
        .add_filter("Workbook", &["xlsx"])
        .set_file_name("parkaudit-activity-template.xlsx")
        .save_file()
        .unwrap_or(default);
    let done = app.t("Template written:");
    app.jobs
        .spawn(ctx, "template", done.to_string(), false, move |_| {
            let written = crate::io::template::build_template()
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    crate::io::write_atomic(&path, &bytes, false).map_err(|e| e.to_string())
                });
            Output::Message(match written {
                Ok(()) => Ok(format!("{done} {}", path.display())),
                Err(e) => Err(format!("{}: {e}", path.display())),
            })
        });
}

pub(super) fn confirm(app: &mut App) {
    let Some(doc) = &mut app.doc else { return };
    if doc.revision != app.data.for_revision {
        app.toast(
            app.t("The project changed since the validation — validate again"),
            true,
        );
        return;
    }
    let Some(merged) = app.data.merged.take() else {
        return;
    };
    let added = app.data.report.as_ref().map_or(0, |r| r.records_added);
    doc.replace(Arc::unwrap_or_clone(merged));
    app.data = ImportState {
        base_year: app.data.base_year,
        skip_invalid: app.data.skip_invalid,
        ..Default::default()
    };
    app.toast(
        format!("{} {added} {}", app.t("Imported"), app.t("records")),
        false,
    );
}

pub fn data_ui(app: &mut App, ui: &mut egui::Ui) {
    let ctx = ui.ctx().clone();
    ui.heading(app.t("Data import"));
    ui.label(app.t("Import tenants' activity data from a workbook (the ParkAudit template, or any layout with a column mapping). Nothing changes until you confirm."));
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let l = ui.label(app.t("Workbook"));
        ui.add(
            egui::TextEdit::singleline(&mut app.data.path_text)
                .desired_width(420.0)
                .hint_text("/path/to/activity.xlsx"),
        )
        .labelled_by(l.id);
        if ui.button(app.t("Browse…")).clicked()
            && let Some(p) = rfd::FileDialog::new()
                .add_filter("Workbook", &["xlsx", "xlsm", "xls", "xlsb", "ods"])
                .pick_file()
        {
            app.data.path_text = p.display().to_string();
        }
    });
    ui.horizontal(|ui| {
        ui.checkbox(
            &mut app.data.skip_invalid,
            super::i18n::tr(
                app.settings.lang,
                "Take the valid rows and leave rejected ones out",
            ),
        );
        ui.checkbox(
            &mut app.data.base_year,
            super::i18n::tr(
                app.settings.lang,
                "Base-year data (kept apart from the inventory)",
            ),
        );
    });
    let busy = app.jobs.is_running("import");
    ui.horizontal(|ui| {
        let text = app.data.path_text.trim().to_string();
        if ui
            .add_enabled(
                !text.is_empty() && !busy,
                egui::Button::new(app.t("Validate")),
            )
            .clicked()
        {
            let mapping = app
                .data
                .mapping
                .clone()
                .filter(|_| app.data.path.as_deref() == Some(std::path::Path::new(&text)));
            start_preview(app, &ctx, PathBuf::from(text), mapping);
        }
        if busy {
            ui.spinner();
            ui.label(app.t("Validating…"));
        }
    });
    if ui
        .button(app.t("Save the empty activity template…"))
        .on_hover_text(
            app.t("The bilingual workbook tenants fill in (Entities, Factors, Activity)"),
        )
        .clicked()
    {
        save_template(app, &ctx);
    }
    if let Some(e) = app.data.error.clone() {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    if !app.data.sheets.is_empty() {
        ui.add_space(6.0);
        egui::CollapsingHeader::new(app.t("Sheets"))
            .default_open(true)
            .show(ui, |ui| sheets_ui(app, ui));
    }
    if app.data.mapping.is_some() {
        egui::CollapsingHeader::new(app.t("Column mapping"))
            .default_open(false)
            .show(ui, |ui| super::validation_ui::mapping_ui(app, ui, &ctx));
    }
    if app.data.report.is_some() {
        super::validation_ui::report_ui(app, ui);
    }
    ui.add_space(10.0);
    history_ui(app, ui);
}

fn sheets_ui(app: &mut App, ui: &mut egui::Ui) {
    ui.horizontal_wrapped(|ui| {
        for (i, s) in app.data.sheets.iter().enumerate() {
            if ui
                .selectable_label(app.data.preview_sheet == i, &s.name)
                .clicked()
            {
                app.data.preview_sheet = i;
            }
        }
    });
    let Some(sheet) = app.data.sheets.get(app.data.preview_sheet) else {
        return;
    };
    let cols = sheet
        .rows
        .iter()
        .map(|(_, r)| r.len())
        .max()
        .unwrap_or(0)
        .min(20);
    egui::ScrollArea::horizontal()
        .id_salt("preview_scroll")
        .show(ui, |ui| {
            egui::Grid::new(("preview", app.data.preview_sheet))
                .striped(true)
                .show(ui, |ui| {
                    ui.label("");
                    for c in 0..cols {
                        ui.strong(crate::io::import::schema::column_letter(c as u32));
                    }
                    ui.end_row();
                    for (r, cells) in &sheet.rows {
                        ui.strong(r.to_string());
                        for c in 0..cols {
                            let v = cells.get(c).map_or("", String::as_str);
                            ui.label(truncate(v, 28));
                        }
                        ui.end_row();
                    }
                });
        });
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn history_ui(app: &mut App, ui: &mut egui::Ui) {
    let Some(p) = app.project() else { return };
    ui.heading(app.t("Import history (provenance)"));
    if p.imports.is_empty() {
        ui.label(app.t("No workbook has been imported into this project."));
        return;
    }
    egui::Grid::new("imports").striped(true).show(ui, |ui| {
        for h in [
            n_("#"),
            n_("File"),
            n_("SHA-256"),
            n_("Imported at"),
            n_("Records"),
            n_("Entities"),
            n_("Factors"),
            n_("Rejected"),
            n_("Mapping"),
        ] {
            ui.strong(app.t(h));
        }
        ui.end_row();
        for i in &p.imports {
            ui.label(i.id.to_string());
            ui.label(&i.file_name);
            ui.label(i.sha256.get(..12).unwrap_or(&i.sha256))
                .on_hover_text(&i.sha256);
            ui.label(&i.imported_at);
            ui.label(i.records_added.to_string());
            ui.label(i.entities_added.to_string());
            ui.label(i.factors_added.to_string());
            ui.label(i.rejected_rows.len().to_string());
            ui.label(i.mapping.clone().unwrap_or_else(|| {
                i.template_version
                    .as_ref()
                    .map_or(String::new(), |v| format!("template v{v}"))
            }));
            ui.end_row();
        }
    });
}
