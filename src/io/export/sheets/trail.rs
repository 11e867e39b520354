//! The Audit trail sheet: the imports (file, SHA-256, counts) and every
//! change in the project's hash-chained trail.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Style, col, header, page};
use crate::model::Project;
use rust_xlsxwriter::Worksheet;

/// The import provenance table's columns.
pub(super) const COLUMNS: [Column; 9] = [
    col("Import / 导入", 10.0, Style::General),
    col("File / 文件", 30.0, Style::General),
    col("SHA-256", 66.0, Style::General),
    col("Imported at (UTC) / 时间", 22.0, Style::General),
    col("Template / 模板", 10.0, Style::General),
    col("Rows read / 读取", 10.0, Style::General),
    col("Accepted / 接受", 10.0, Style::General),
    col("Rejected / 拒绝", 10.0, Style::General),
    col("Records added / 新增记录", 12.0, Style::General),
];

pub(super) fn trail(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let rows = (p.imports.len() + p.trail.len() + 4) as u32;
    let mut w = W::new(ws, "Audit trail", rows)?;
    page(w.ws, park);
    header(&mut w, f, 0, &COLUMNS, Some(p.imports.len() as u32))?;
    for (i, imp) in p.imports.iter().enumerate() {
        let r = i as u32 + 1;
        let sum = |g: fn(&crate::model::SheetCounts) -> u32| {
            f64::from(imp.sheets.iter().map(g).sum::<u32>())
        };
        w.n(r, 0, f64::from(imp.id), None)?;
        w.s(r, 1, &imp.file_name, None)?;
        w.s(r, 2, &imp.sha256, None)?;
        w.s(r, 3, &imp.imported_at, None)?;
        w.s(r, 4, imp.template_version.as_deref().unwrap_or("-"), None)?;
        w.n(r, 5, sum(|s| s.rows_read), None)?;
        w.n(r, 6, sum(|s| s.accepted), None)?;
        w.n(r, 7, sum(|s| s.rejected), None)?;
        w.n(r, 8, f64::from(imp.records_added), None)?;
    }
    let mut r = p.imports.len() as u32 + 2;
    for (c, h) in [
        "Changes / 变更记录",
        "At (UTC) / 时间",
        "Who / 操作人",
        "Action / 操作",
        "Detail / 详情",
    ]
    .iter()
    .enumerate()
    {
        w.s(r, c as u16, h, Some(&f.bold))?;
    }
    for (i, t) in p.trail.iter().enumerate() {
        r += 1;
        w.n(r, 0, (i + 1) as f64, None)?;
        w.s(r, 1, &t.at, None)?;
        w.s(r, 2, &t.who, None)?;
        w.s(r, 3, &t.action, None)?;
        w.s(r, 4, &t.detail, Some(&f.wrap))?;
        w.s(r, 5, &t.prev, None)?;
    }
    Ok(w.finish())
}
