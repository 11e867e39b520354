//! The Audit trail sheet: every change in the project's hash-chained trail
//! (who, with their organisation and role, when, what), then the imports
//! (file, SHA-256, counts). The changes come first: they are the long table,
//! and their header repeats on every printed page.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Print, Style, col, fit_row, header, page};
use crate::audit::words::count;
use crate::model::Project;
use rust_xlsxwriter::Worksheet;

/// The changes table's columns (the sheet's column widths).
pub(super) const COLUMNS: [Column; 6] = [
    col("Change / 变更", 9.0, Style::General),
    col("At (UTC) / 时间", 21.0, Style::General),
    col(
        "Who: organisation, role, identified by / 操作人",
        30.0,
        Style::Wrap,
    ),
    col("Action / 操作", 20.0, Style::Wrap),
    col("Detail / 详情", 60.0, Style::Wrap),
    col(
        "Previous entry (SHA-256) / 前一条目哈希",
        66.0,
        Style::General,
    ),
];

/// The import provenance table's headings, under the same column widths.
const IMPORTS: [&str; 6] = [
    "Import / 导入",
    "Imported at (UTC) / 时间",
    "File / 文件",
    "Template / 模板",
    "Rows read, accepted, rejected; records added / 读取、接受、拒绝行数；新增记录",
    "File SHA-256 / 文件哈希",
];

pub(super) fn trail(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let rows = (p.imports.len() + p.trail.len() + 4) as u32;
    let mut w = W::new(ws, "Audit trail", rows)?;
    w.set_plain(&f.plain);
    page(w.ws, park, Print::Wide { key_cols: 1 });
    header(&mut w, f, 0, &COLUMNS, Some(p.trail.len() as u32))?;
    let width = |c: usize| COLUMNS[c].width;
    let mut r = 0;
    if p.trail.is_empty() {
        r += 1;
        w.s(r, 0, "No changes recorded. / 无变更记录。", None)?;
    }
    for (i, t) in p.trail.iter().enumerate() {
        r += 1;
        w.n(r, 0, (i + 1) as f64, None)?;
        w.s(r, 1, &t.at, None)?;
        // Format-1 entries have only `who`; later ones say more.
        let who = [
            t.who.as_str(),
            t.organisation.as_str(),
            t.role.as_str(),
            &if t.identified_by.is_empty() {
                String::new()
            } else {
                format!("identified by {}", t.identified_by)
            },
        ]
        .iter()
        .filter(|x| !x.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
        w.s(r, 2, &who, Some(&f.wrap))?;
        w.s(r, 3, &t.action, Some(&f.wrap))?;
        w.s(r, 4, &t.detail, Some(&f.wrap))?;
        w.s(r, 5, &t.prev, None)?;
        fit_row(
            &mut w,
            r,
            &[
                (&who, width(2)),
                (&t.action, width(3)),
                (&t.detail, width(4)),
            ],
        )?;
    }
    r += 2;
    w.s(r, 0, "Imports / 导入记录", Some(&f.bold))?;
    r += 1;
    for (c, h) in IMPORTS.iter().enumerate() {
        w.s(r, c as u16, h, Some(&f.header))?;
    }
    fit_row(
        &mut w,
        r,
        &IMPORTS
            .iter()
            .enumerate()
            .map(|(c, h)| (*h, width(c) / 1.3))
            .collect::<Vec<_>>(),
    )?;
    if p.imports.is_empty() {
        r += 1;
        w.s(r, 0, "No workbook imported. / 未导入工作簿。", None)?;
    }
    for imp in &p.imports {
        r += 1;
        let sum = |g: fn(&crate::model::SheetCounts) -> u32| {
            imp.sheets.iter().map(g).map(|n| n as usize).sum::<usize>()
        };
        w.n(r, 0, f64::from(imp.id), None)?;
        w.s(r, 1, &imp.imported_at, None)?;
        w.s(r, 2, &imp.file_name, Some(&f.wrap))?;
        w.s(r, 3, imp.template_version.as_deref().unwrap_or("-"), None)?;
        let counts = format!(
            "{} read, {} accepted, {} rejected; {} records added",
            count(sum(|s| s.rows_read)),
            count(sum(|s| s.accepted)),
            count(sum(|s| s.rejected)),
            count(imp.records_added as usize)
        );
        w.s(r, 4, &counts, Some(&f.wrap))?;
        w.s(r, 5, &imp.sha256, None)?;
        fit_row(
            &mut w,
            r,
            &[(&imp.file_name, width(2)), (&counts, width(4))],
        )?;
    }
    Ok(w.finish())
}
