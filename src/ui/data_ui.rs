//! Step 4: importing a workbook — preview of its sheets, the column mapping
//! (auto-detected, editable), the validation result as a table, then confirm
//! or cancel. Validation runs on a copy of the project on a background
//! thread; nothing changes before Confirm.

use super::i18n::n_;
use super::jobs::{self, Pending};
use super::panel::PanelCx;
use crate::edit::Edit;
use crate::io::import::{self, ImportBatch, ImportOptions, ImportReport, Mapping, SheetPreview};
use crate::model::Project;
use std::path::PathBuf;

/// What the validation job found.
pub struct PreviewResult {
    pub path: PathBuf,
    pub revision: u64,
    pub sheets: Vec<SheetPreview>,
    /// The mapping used: the one given, or the suggested one for a workbook
    /// not in the template layout.
    pub mapping: Option<Mapping>,
    pub result: Result<(ImportReport, Option<ImportBatch>), String>,
}

/// The import in progress (nothing of it is in the project until confirmed),
/// and the panel's jobs.
#[derive(Default)]
pub struct DataPanel {
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
    /// What the import adds, merged through the edit layer on Confirm.
    pub batch: Option<ImportBatch>,
    /// The auditor confirmed importing rows that repeat project records
    /// (`ImportReport::duplicate_guard`), for this validation only.
    pub duplicates_confirmed: bool,
    pub error: Option<String>,
    pub selected_issue: Option<usize>,
    /// The project revision the validation ran against.
    pub for_revision: u64,
    preview_job: Option<Pending<PreviewResult>>,
    template_job: Option<Pending<Result<String, String>>>,
    pub(super) mapping_job: Option<Pending<Result<PathBuf, String>>>,
}

impl DataPanel {
    /// A fresh import, keeping the two options.
    pub(super) fn reset(&mut self) {
        *self = DataPanel {
            base_year: self.base_year,
            skip_invalid: self.skip_invalid,
            ..Default::default()
        };
    }

    /// Collects the panel's finished jobs.
    pub fn poll(&mut self, cx: &mut PanelCx) {
        match jobs::take(&mut self.preview_job) {
            Some(Ok(r)) => self.preview_done(r),
            Some(Err(e)) => {
                self.error = Some(e.clone());
                cx.error(e);
            }
            None => {}
        }
        match jobs::take(&mut self.template_job).map(|r| r.and_then(|x| x)) {
            Some(Ok(text)) => cx.toast(text, false),
            Some(Err(e)) => cx.error(e),
            None => {}
        }
        match jobs::take(&mut self.mapping_job).map(|r| r.and_then(|x| x)) {
            Some(Ok(path)) => {
                self.mapping_file = path.file_name().map(|n| n.to_string_lossy().into_owned());
                cx.toast(format!("{} {}", cx.t("Saved as"), path.display()), false);
            }
            Some(Err(e)) => cx.error(e),
            None => {}
        }
        match cx.outcome("import") {
            Some(Ok(a)) => {
                let text = format!("{} — {}", cx.t("Imported"), a.detail);
                self.reset();
                cx.toast(text, false);
            }
            Some(Err(_)) => self.batch = None,
            None => {}
        }
    }

    /// Starts validating `path` against a copy of the project.
    pub fn start_preview(&mut self, cx: &mut PanelCx, path: PathBuf, mapping: Option<Mapping>) {
        if self.preview_job.is_some() {
            cx.toast(cx.t("An import is already being validated"), false);
            return;
        }
        let doc = cx.doc();
        let project = doc.shared();
        let revision = doc.revision;
        self.path = Some(path.clone());
        self.path_text = path.display().to_string();
        self.report = None;
        self.batch = None;
        self.error = None;
        self.selected_issue = None;
        let mapping_name = self
            .mapping_file
            .clone()
            .filter(|_| mapping.is_some())
            .unwrap_or_else(|| "mapping edited in ParkAudit".to_string());
        let mut options = ImportOptions {
            skip_invalid: self.skip_invalid,
            mapping: None,
            imported_at: crate::io::time::now_rfc3339_utc(),
            base_year: self.base_year,
            progress: None,
        };
        let label = format!(
            "{} {}",
            cx.t("Validating"),
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        let zh = cx.lang() == super::i18n::Lang::Zh;
        self.preview_job = Some(cx.spawn("import", label, true, move |progress| {
            progress.phase("reading rows");
            options.progress = Some(progress);
            validate(
                &project,
                path,
                revision,
                mapping.map(|m| (m, mapping_name)),
                options,
                zh,
            )
        }));
    }

    pub fn is_validating(&self) -> bool {
        self.preview_job.is_some()
    }
}

/// Validates on the job's thread (`io::import::preview`), for the revision.
fn validate(
    project: &Project,
    path: PathBuf,
    revision: u64,
    mapping: Option<(Mapping, String)>,
    options: ImportOptions,
    zh: bool,
) -> PreviewResult {
    match import::preview(project, &path, mapping.clone(), options) {
        Ok(p) => PreviewResult {
            path,
            revision,
            sheets: p.sheets,
            mapping: p.mapping,
            result: p
                .outcome
                .map(|o| (o.report, o.batch))
                .map_err(|e| e.message(zh)),
        },
        Err(e) => PreviewResult {
            path,
            revision,
            sheets: Vec::new(),
            mapping: mapping.map(|(m, _)| m),
            result: Err(e.message(zh)),
        },
    }
}

impl DataPanel {
    fn preview_done(&mut self, r: PreviewResult) {
        let state = self;
        if state.path.as_ref() != Some(&r.path) {
            return; // a newer preview was started, or it was cancelled
        }
        state.sheets = r.sheets;
        state.mapping = r.mapping;
        state.duplicates_confirmed = false;
        state.for_revision = r.revision;
        // Open the preview on the activity data rather than an instructions sheet.
        state.preview_sheet = state
            .sheets
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case("activity") || s.name.contains("活动"))
            .unwrap_or(0);
        match r.result {
            Ok((report, batch)) => {
                state.report = Some(report);
                state.batch = batch;
            }
            Err(e) => state.error = Some(e),
        }
    }

    /// Writes the bundled template where the user picks (or beside the project).
    fn save_template(&mut self, cx: &mut PanelCx) {
        let default = cx
            .doc()
            .path
            .clone()
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
        let done = cx.t("Template written:");
        self.template_job = Some(cx.spawn("template", done.to_string(), false, move |_| {
            let written = crate::io::template::build_template()
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    crate::io::write_atomic(&path, &bytes, false).map_err(|e| e.to_string())
                });
            match written {
                Ok(()) => Ok(format!("{done} {}", path.display())),
                Err(e) => Err(format!("{}: {e}", path.display())),
            }
        }));
    }

    /// Merges the validated import through the edit layer.
    pub(super) fn confirm(&mut self, cx: &mut PanelCx) {
        if cx.doc().revision != self.for_revision {
            cx.toast(
                cx.t("The project changed since the validation — validate again"),
                true,
            );
            return;
        }
        let guarded = self
            .report
            .as_ref()
            .and_then(ImportReport::duplicate_guard)
            .is_some();
        if guarded && !self.duplicates_confirmed {
            return; // the button is disabled until the repeat is confirmed
        }
        let Some(batch) = self.batch.take() else {
            return;
        };
        cx.edit_tagged(Edit::Import(Box::new(batch)), "import");
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PanelCx) {
        ui.heading(cx.t("Data import"));
        ui.label(cx.t("Import tenants' activity data from a workbook (the ParkAudit template, or any layout with a column mapping). Nothing changes until you confirm."));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let l = ui.label(cx.t("Workbook"));
            ui.add(
                egui::TextEdit::singleline(&mut self.path_text)
                    .desired_width(420.0)
                    .hint_text("/path/to/activity.xlsx"),
            )
            .labelled_by(l.id);
            if ui.button(cx.t("Browse…")).clicked()
                && let Some(p) = rfd::FileDialog::new()
                    .add_filter("Workbook", &["xlsx", "xlsm", "xls", "xlsb", "ods"])
                    .pick_file()
            {
                self.path_text = p.display().to_string();
            }
        });
        ui.horizontal(|ui| {
            ui.checkbox(
                &mut self.skip_invalid,
                super::i18n::tr(cx.lang(), "Take the valid rows and leave rejected ones out"),
            );
            ui.checkbox(
                &mut self.base_year,
                super::i18n::tr(cx.lang(), "Base-year data (kept apart from the inventory)"),
            );
        });
        let busy = self.preview_job.is_some();
        ui.horizontal(|ui| {
            let text = self.path_text.trim().to_string();
            if ui
                .add_enabled(
                    !text.is_empty() && !busy,
                    egui::Button::new(cx.t("Validate")),
                )
                .clicked()
            {
                let mapping = self
                    .mapping
                    .clone()
                    .filter(|_| self.path.as_deref() == Some(std::path::Path::new(&text)));
                self.start_preview(cx, PathBuf::from(text), mapping);
            }
            if busy {
                ui.spinner();
                ui.label(cx.t("Validating…"));
            }
        });
        if ui
            .button(cx.t("Save the empty activity template…"))
            .on_hover_text(
                cx.t("The bilingual workbook tenants fill in (Entities, Factors, Activity)"),
            )
            .clicked()
        {
            self.save_template(cx);
        }
        if let Some(e) = self.error.clone() {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if !self.sheets.is_empty() {
            ui.add_space(6.0);
            egui::CollapsingHeader::new(cx.t("Sheets"))
                .default_open(true)
                .show(ui, |ui| self.sheets_ui(ui));
        }
        if self.mapping.is_some() {
            egui::CollapsingHeader::new(cx.t("Column mapping"))
                .default_open(false)
                .show(ui, |ui| self.mapping_ui(ui, cx));
        }
        if self.report.is_some() {
            self.report_ui(ui, cx);
        }
        ui.add_space(10.0);
        history_ui(ui, cx);
    }

    fn sheets_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            for (i, s) in self.sheets.iter().enumerate() {
                if ui
                    .selectable_label(self.preview_sheet == i, &s.name)
                    .clicked()
                {
                    self.preview_sheet = i;
                }
            }
        });
        let Some(sheet) = self.sheets.get(self.preview_sheet) else {
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
                egui::Grid::new(("preview", self.preview_sheet))
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
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn history_ui(ui: &mut egui::Ui, cx: &PanelCx) {
    let p = cx.project();
    ui.heading(cx.t("Import history (provenance)"));
    if p.imports.is_empty() {
        ui.label(cx.t("No workbook has been imported into this project."));
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
            ui.strong(cx.t(h));
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
