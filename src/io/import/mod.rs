//! Excel import: the standard template or a mapped tenant workbook, validated
//! to the cell, merged into a copy of the project. Nothing changes in the
//! caller's project: the outcome carries a new one, or none when rows were
//! rejected and `skip_invalid` is off.

pub mod issue;
pub mod mapping;
mod merge;
pub mod parse;
pub mod rows;
pub mod scan;
pub mod schema;
pub mod workbook;
mod xlsx_rows;

pub use issue::{Issue, Severity};
pub use mapping::{ColumnRef, Layout, Mapping, MappingError, SheetMapping};
pub use schema::{Field, SheetKind};
pub use workbook::{Cell, Format, Workbook, WorkbookError};

use crate::calc::CalcErrors;
use crate::model::{ImportRecord, Project};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The template version this build writes and recognises.
pub const TEMPLATE_VERSION: &str = "1";

/// The label in the Instructions sheet whose right-hand cell holds the template version.
pub const TEMPLATE_VERSION_LABEL: &str = "template_version";

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Take the valid rows and leave the rejected ones out (they are listed in the report).
    pub skip_invalid: bool,
    /// A mapping for a workbook not in the template layout, with its file name.
    pub mapping: Option<(Mapping, String)>,
    /// UTC time stamp (RFC 3339) recorded in the provenance.
    pub imported_at: String,
    /// Import base-year activity (periods in the park's base year) for the
    /// year-over-base-year checks, kept apart from the inventory's records.
    pub base_year: bool,
    /// Rows read so far, and a cancel request checked after every row.
    pub progress: Option<std::sync::Arc<crate::io::Progress>>,
}

/// Why nothing could be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    #[error("{}: {}", path.display(), list(problems))]
    Structure { path: PathBuf, problems: Vec<Issue> },
    #[error(
        "{}: this workbook (SHA-256 {sha256}) was already imported on {when} as import {id} — importing it again would count its activity twice",
        path.display()
    )]
    AlreadyImported {
        path: PathBuf,
        sha256: String,
        when: String,
        id: u32,
    },
    #[error("{}: the imported data cannot be computed", path.display())]
    Inventory {
        path: PathBuf,
        #[source]
        source: CalcErrors,
    },
}

impl ImportError {
    /// The message in Chinese, for the app (the CLI keeps English). The
    /// layout problems and calculation errors it lists keep their English
    /// detail, each naming its sheet, row and column.
    pub fn zh(&self) -> String {
        match self {
            ImportError::Workbook(e) => e.zh(),
            ImportError::Structure { path, problems } => {
                let mut s = format!(
                    "{}：工作簿的格式有 {} 个问题",
                    path.display(),
                    problems.len()
                );
                for p in problems {
                    s.push_str("\n  - ");
                    s.push_str(&p.to_string());
                }
                s
            }
            ImportError::AlreadyImported {
                path,
                sha256,
                when,
                id,
            } => format!(
                "{}：该工作簿（SHA-256 {sha256}）已于 {when} 作为第 {id} 次导入导入过——再次导入会使其活动数据重复计算",
                path.display()
            ),
            ImportError::Inventory { path, source } => {
                format!("{}：导入的数据无法计算：{source}", path.display())
            }
        }
    }

    /// The message in the app's language, with its cause.
    pub fn message(&self, zh: bool) -> String {
        if zh {
            self.zh()
        } else {
            crate::io::error_chain(self)
        }
    }
}

fn list(problems: &[Issue]) -> String {
    let mut s = format!("{} problem(s) with the workbook's layout", problems.len());
    for p in problems {
        s.push_str("\n  - ");
        s.push_str(&p.to_string());
    }
    s
}

/// Counts and findings for one sheet.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SheetReport {
    pub sheet: String,
    pub kind: Option<SheetKind>,
    pub header_row: u32,
    pub rows_read: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub blank: u32,
    pub warnings: u32,
    /// Header row text, for the rejects report.
    pub headers: Vec<String>,
}

/// A rejected row with its original values (for the rejects report).
#[derive(Debug, Clone, PartialEq)]
pub struct RejectedRow {
    pub sheet: String,
    pub row: u32,
    pub values: Vec<String>,
    pub reasons: Vec<String>,
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub file_name: String,
    pub sha256: String,
    pub template_version: Option<String>,
    pub sheets: Vec<SheetReport>,
    /// Every error and warning, in sheet and row order.
    pub issues: Vec<Issue>,
    pub rejected_rows: Vec<RejectedRow>,
    pub entities_added: u32,
    pub factors_added: u32,
    pub records_added: u32,
    /// Rows that repeat a record already in the project (same entity, period,
    /// activity and evidence): the sign of a workbook imported twice.
    pub duplicates_of_project: u32,
    /// The inventory total before and after (t CO₂e, location-based), when computable.
    pub total_before_t: Option<f64>,
    pub total_after_t: Option<f64>,
}

impl ImportReport {
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| !i.is_error())
    }

    pub fn rows_rejected(&self) -> u32 {
        self.sheets.iter().map(|s| s.rejected).sum()
    }

    /// Whether this import must be confirmed explicitly because it repeats
    /// records already in the project: at least [`DUPLICATE_GUARD_ROWS`] rows,
    /// or more than [`DUPLICATE_GUARD_SHARE`] of the rows it adds. A stray
    /// duplicate stays a warning; re-importing a workbook (every row a
    /// duplicate, the total doubled) never goes through on an ordinary click.
    pub fn duplicate_guard(&self) -> Option<DuplicateGuard> {
        let n = self.duplicates_of_project;
        let share = f64::from(n) / f64::from(self.records_added.max(1));
        (n >= DUPLICATE_GUARD_ROWS || (n > 0 && share > DUPLICATE_GUARD_SHARE)).then(|| {
            DuplicateGuard {
                rows: n,
                records_added: self.records_added,
                change_t: self
                    .total_before_t
                    .zip(self.total_after_t)
                    .map(|(b, a)| a - b),
            }
        })
    }
}

/// Rows repeating project records from which an import needs explicit confirmation.
pub const DUPLICATE_GUARD_ROWS: u32 = 10;
/// Share of the added rows repeating project records from which an import needs explicit confirmation.
pub const DUPLICATE_GUARD_SHARE: f64 = 0.10;

/// What the confirmation of a duplicating import names: how many rows repeat
/// project records, and how the total would change.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicateGuard {
    pub rows: u32,
    pub records_added: u32,
    /// Total after − total before (t CO₂e, location-based), when computable.
    pub change_t: Option<f64>,
}

/// What a validated import adds to the project: new entities, factors and
/// records, and its provenance. The edit layer (`edit::Edit::Import`) checks
/// that it still fits the project and merges it; nothing else does.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportBatch {
    /// The provenance entry (its `id` is the import's number in the project).
    pub import: ImportRecord,
    pub entities: Vec<crate::model::Entity>,
    pub factors: Vec<crate::model::EmissionFactor>,
    pub records: Vec<crate::model::ActivityRecord>,
    /// Guiding indicators of the Indicators sheet (each replaces the
    /// project's entry of the same indicator and product).
    pub indicators: Vec<crate::model::claims::IndicatorEntry>,
    /// The records are base-year activity (kept apart from the inventory).
    pub base_year: bool,
}

impl ImportBatch {
    /// Appends the batch to `p` (no checks: `edit::apply` checks first).
    pub fn append_to(self, p: &mut Project) {
        p.entities.extend(self.entities);
        p.factors.extend(self.factors);
        if self.base_year {
            p.base_year_activity.extend(self.records);
        } else {
            p.activity.extend(self.records);
        }
        if !self.indicators.is_empty() {
            let claims = p.claims.get_or_insert_with(Default::default);
            for e in self.indicators {
                claims
                    .indicators
                    .retain(|x| !(x.indicator == e.indicator && x.product == e.product));
                claims.indicators.push(e);
            }
            claims
                .indicators
                .sort_by(|a, b| (a.indicator, &a.product).cmp(&(b.indicator, &b.product)));
        }
        p.imports.push(self.import);
    }
}

/// The result of an import: the report, and the batch to merge unless rows
/// were rejected without `skip_invalid`.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub report: ImportReport,
    pub batch: Option<ImportBatch>,
}

/// Reads and validates `path` against `project`; the outcome holds what the
/// import would add (see [`ImportBatch`]) and its effect on the total.
pub fn import_workbook(
    project: &Project,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportOutcome, ImportError> {
    let (mut wb, sha256) = Workbook::open(path)?;
    wb.set_progress(options.progress.clone());
    // The same bytes again would count their activity twice; an earlier import
    // of them that added nothing (all rows rejected) may be retried after a fix.
    let added = |i: &ImportRecord| i.records_added + i.entities_added + i.factors_added > 0;
    if let Some(prev) = project
        .imports
        .iter()
        .find(|i| i.sha256 == sha256 && added(i))
    {
        return Err(ImportError::AlreadyImported {
            path: path.to_path_buf(),
            sha256,
            when: prev.imported_at.clone(),
            id: prev.id,
        });
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    merge::run(project, &mut wb, file_name, sha256, options)
}

/// Builds the provenance entry for a finished import.
pub(crate) fn provenance(id: u32, report: &ImportReport, options: &ImportOptions) -> ImportRecord {
    ImportRecord {
        id,
        file_name: report.file_name.clone(),
        sha256: report.sha256.clone(),
        imported_at: options.imported_at.clone(),
        template_version: report.template_version.clone(),
        mapping: options.mapping.as_ref().map(|(_, name)| name.clone()),
        sheets: report
            .sheets
            .iter()
            .map(|s| crate::model::SheetCounts {
                sheet: s.sheet.clone(),
                kind: s.kind.map(|k| k.name().to_string()).unwrap_or_default(),
                rows_read: s.rows_read,
                accepted: s.accepted,
                rejected: s.rejected,
                blank: s.blank,
                warnings: s.warnings,
            })
            .collect(),
        rejected_rows: report
            .rejected_rows
            .iter()
            .map(|r| crate::model::RejectedRow {
                sheet: r.sheet.clone(),
                row: r.row,
                reasons: r.reasons.clone(),
            })
            .collect(),
        entities_added: report.entities_added,
        factors_added: report.factors_added,
        records_added: report.records_added,
    }
}

/// How many rows of each sheet a preview shows.
pub const PREVIEW_ROWS: usize = 12;

/// The first rows of a sheet, as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetPreview {
    pub name: String,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// What a workbook holds and what importing it would do.
#[derive(Debug)]
pub struct Preview {
    /// Up to [`PREVIEW_ROWS`] rows of every sheet.
    pub sheets: Vec<SheetPreview>,
    /// The mapping used: the one given, or — for a workbook not in the
    /// template layout — the one suggested from its headers (for the user to
    /// check before confirming).
    pub mapping: Option<Mapping>,
    pub outcome: Result<ImportOutcome, ImportError>,
}

/// Reads up to [`PREVIEW_ROWS`] rows of every sheet.
pub fn sheet_previews(path: &Path) -> Result<Vec<SheetPreview>, WorkbookError> {
    let (mut wb, _) = Workbook::open(path)?;
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let stop = std::sync::Arc::new(crate::io::Progress::default());
        wb.set_progress(Some(std::sync::Arc::clone(&stop)));
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

/// Previews and validates `path` for an interactive import: with `mapping`,
/// or in the template layout, or — when the workbook is not in it and no
/// mapping is given — with the mapping suggested from its headers, which the
/// preview names so that the user checks it before confirming. (The CLI does
/// not guess: it asks for `--mapping`, see `parkaudit mapping`.)
pub fn preview(
    project: &Project,
    path: &Path,
    mapping: Option<(Mapping, String)>,
    mut options: ImportOptions,
) -> Result<Preview, WorkbookError> {
    let sheets = sheet_previews(path)?;
    let mut used = mapping.as_ref().map(|(m, _)| m.clone());
    options.mapping = mapping;
    let mut outcome = import_workbook(project, path, &options);
    if used.is_none()
        && matches!(outcome, Err(ImportError::Structure { .. }))
        && let Ok(suggested) = suggest_mapping(path)
        && !suggested.sheets.is_empty()
    {
        options.mapping = Some((
            suggested.clone(),
            "mapping suggested by ParkAudit".to_string(),
        ));
        outcome = import_workbook(project, path, &options);
        used = Some(suggested);
    }
    Ok(Preview {
        sheets,
        mapping: used,
        outcome,
    })
}

/// Suggests a mapping for every sheet of a workbook from its first 30 rows.
pub fn suggest_mapping(path: &Path) -> Result<Mapping, WorkbookError> {
    let (mut wb, _) = Workbook::open(path)?;
    let mut mapping = Mapping::default();
    for sheet in wb.sheet_names() {
        let mut first: Vec<(u32, Vec<String>)> = Vec::new();
        wb.for_each_row(&sheet, |row, cells| {
            if row <= 30 {
                first.push((
                    row,
                    cells
                        .iter()
                        .map(|c| c.display().trim().to_string())
                        .collect(),
                ));
            }
        })?;
        if let Some(m) = mapping::suggest_sheet(&sheet, &first) {
            mapping.sheets.push(m);
        }
    }
    Ok(mapping)
}
