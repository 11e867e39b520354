//! The Findings sheet: the register, one finding a row, its header repeated on
//! every printed page (materiality, the opinion, the tests and the sign-offs
//! are on the Evaluation sheet).

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Print, Style, col, fit_row, header, page};
use crate::model::Project;
use rust_xlsxwriter::Worksheet;

/// The findings register's columns.
pub(super) const COLUMNS: [Column; 14] = [
    col("Id / 编号", 8.0, Style::General),
    col("Type / 类型", 14.0, Style::General),
    col("Request / 要求", 18.0, Style::General),
    col("Title / 标题", 36.0, Style::Wrap),
    col("Records / 记录", 20.0, Style::Wrap),
    col("Entities / 实体", 14.0, Style::Wrap),
    col("Impact (t CO2e) / 影响", 14.0, Style::T),
    col("Corrected / 已更正", 10.0, Style::General),
    col("Status / 状态", 10.0, Style::General),
    col("Client response / 委托方回复", 36.0, Style::Wrap),
    col("Verifier conclusion / 核查结论", 36.0, Style::Wrap),
    col("Raised by / 提出人", 14.0, Style::General),
    col("Raised at (UTC) / 时间", 20.0, Style::General),
    col("CBAM goods / CBAM货物", 14.0, Style::Wrap),
];

pub(super) fn findings(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let v = &p.verification;
    let rows = v.findings.len() as u32 + 2;
    let mut w = W::new(ws, "Findings", rows)?;
    w.set_plain(&f.plain);
    page(w.ws, park, Print::Wide { key_cols: 1 });
    header(&mut w, f, 0, &COLUMNS, Some(v.findings.len() as u32))?;
    if v.findings.is_empty() {
        w.s(
            1,
            0,
            "No findings recorded in this project. / 本项目未记录核查发现。",
            None,
        )?;
    }
    for (r, x) in (1..).zip(&v.findings) {
        w.s(r, 0, &x.id, None)?;
        w.s(r, 1, x.kind.label(), None)?;
        w.s(r, 2, x.request.map_or("", |q| q.label()), None)?;
        w.s(r, 3, &x.title, Some(&f.wrap))?;
        let (records, entities) = (x.record_ids.join(", "), x.entity_ids.join(", "));
        w.s(r, 4, &records, Some(&f.wrap))?;
        w.s(r, 5, &entities, Some(&f.wrap))?;
        w.n(r, 6, x.impact_t, Some(&f.t))?;
        w.s(r, 7, if x.corrected { "yes / 是" } else { "no / 否" }, None)?;
        w.s(r, 8, x.status.label(), None)?;
        w.s(r, 9, &x.client_response, Some(&f.wrap))?;
        w.s(r, 10, &x.conclusion, Some(&f.wrap))?;
        w.s(r, 11, &x.raised_by, None)?;
        w.s(r, 12, &x.raised_at, None)?;
        w.s(r, 13, &x.goods.join(", "), Some(&f.wrap))?;
        let width = |c: usize| COLUMNS[c].width;
        fit_row(
            &mut w,
            r,
            &[
                (&x.title, width(3)),
                (&records, width(4)),
                (&entities, width(5)),
                (&x.client_response, width(9)),
                (&x.conclusion, width(10)),
            ],
        )?;
    }
    Ok(w.finish())
}
