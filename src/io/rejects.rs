//! The rejects report written beside the project by `import --skip-invalid`:
//! every rejected row with its reasons and original values, one sheet per
//! source sheet. Values are written as text, never as formulas.

use super::import::ImportReport;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// `DIR/NAME.ron` → `DIR/NAME-import-rejects.xlsx`.
pub fn rejects_path(project: &Path) -> PathBuf {
    let stem = project
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    project.with_file_name(format!("{stem}-import-rejects.xlsx"))
}

/// Writes the report's rejected rows to `path` (atomically).
pub fn write_rejects(report: &ImportReport, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for sheet in &report.sheets {
        let rows: Vec<_> = report
            .rejected_rows
            .iter()
            .filter(|r| r.sheet == sheet.sheet)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let ws = wb.add_worksheet();
        let name: String = format!("Rejected {}", sheet.sheet)
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(name)?;
        ws.write_string_with_format(0, 0, "source row / 原行号", &bold)?;
        ws.write_string_with_format(0, 1, "reasons / 原因", &bold)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16 + 2, h, &bold)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            ws.write_number(row, 0, f64::from(r.row))?;
            ws.write_string_with_format(row, 1, r.reasons.join("\n"), &wrap)?;
            for (c, v) in r.values.iter().enumerate() {
                ws.write_string(row, c as u16 + 2, v)?;
            }
        }
        ws.set_column_width(1, 80)?;
        ws.set_freeze_panes(1, 0)?;
    }
    let info = wb.add_worksheet();
    info.set_name("About")?;
    info.write_string(0, 0, "workbook")?;
    info.write_string(0, 1, &report.file_name)?;
    info.write_string(1, 0, "sha256")?;
    info.write_string(1, 1, &report.sha256)?;
    info.write_string(2, 0, "rows rejected")?;
    info.write_number(2, 1, report.rejected_rows.len() as f64)?;
    let bytes = wb.save_to_buffer()?;
    super::write_atomic(path, &bytes, false).map_err(XlsxError::IoError)
}
