//! The rejects report written beside the project by `import --skip-invalid`:
//! every rejected row with its reasons and original values, one sheet per
//! source sheet. Values are written as text, never as formulas.

use super::import::ImportReport;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

/// `DIR/NAME.ron` and import 3 → `DIR/NAME-import-3-rejects.xlsx` (one
/// report per import, so an old report is never mistaken for a new one).
pub fn rejects_path(project: &Path, import_id: u32) -> PathBuf {
    let stem = project
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    project.with_file_name(format!("{stem}-import-{import_id}-rejects.xlsx"))
}

/// A valid, unique worksheet name (≤ 31 characters, none of `[]:*?/\`, no
/// leading or trailing apostrophe).
fn sheet_name(base: &str, taken: &[String]) -> String {
    let clean: String = base.chars().filter(|c| !"[]:*?/\\".contains(*c)).collect();
    let clean = clean.trim_matches('\'').to_string();
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let room = 31 - suffix.chars().count();
        let name: String = clean.chars().take(room).collect::<String>() + &suffix;
        if !taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            return name;
        }
        n += 1;
    }
}

/// Writes the report's rejected rows to `path` (atomically).
pub fn write_rejects(report: &ImportReport, path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let mut taken: Vec<String> = vec!["About".into()];
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
        let name = sheet_name(&format!("Rejected {}", sheet.sheet), &taken);
        taken.push(name.clone());
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
    // Every warning too (hidden sheets and rows, links to other workbooks,
    // unread cells …), so nothing the import passed over is only on screen.
    let warnings: Vec<_> = report.warnings().collect();
    if !warnings.is_empty() {
        let ws = wb.add_worksheet();
        ws.set_name("Warnings")?;
        for (c, h) in [
            "sheet / 工作表",
            "row / 行",
            "column / 列",
            "value / 值",
            "warning / 警告",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        // A sheet holds 1,048,576 rows; the count is on the About sheet.
        for (i, w) in warnings.iter().take(1_000_000).enumerate() {
            let r = i as u32 + 1;
            let text = |s: &str| super::import::issue::visible(s).into_owned();
            ws.write_string(r, 0, text(&w.sheet))?;
            if let Some(row) = w.row {
                ws.write_number(r, 1, f64::from(row))?;
            }
            if let Some((name, letter)) = &w.column {
                ws.write_string(r, 2, format!("{name} ({letter})"))?;
            }
            if let Some(v) = &w.value {
                ws.write_string(r, 3, text(v))?;
            }
            ws.write_string_with_format(r, 4, text(&w.message), &wrap)?;
        }
        ws.set_column_width(4, 80)?;
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
    info.write_string(3, 0, "warnings")?;
    info.write_number(3, 1, warnings.len() as f64)?;
    let bytes = wb.save_to_buffer()?;
    super::write_atomic(path, &bytes, false).map_err(XlsxError::IoError)
}

#[cfg(test)]
mod tests {
    use super::sheet_name;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "Rejected 二〇二四年第一季度各企业能源消耗台账（含公共设施）";
        let a = sheet_name(long, &[]);
        let b = sheet_name(long, std::slice::from_ref(&a));
        assert_ne!(a, b);
        assert!(a.chars().count() <= 31 && b.chars().count() <= 31);
        assert_eq!(sheet_name("'Rejected [x]'", &[]), "Rejected x");
    }
}
