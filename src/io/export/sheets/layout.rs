//! What every sheet shares: the cell formats, the print setup, and the column
//! tables — each sheet declares its columns once (header, width, format), and
//! the writer, the formulas that refer to them by letter and the tests read
//! that one declaration.

use super::super::{ExportError, W};
use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet};

pub(super) struct Fmt {
    pub header: Styled,
    pub title: Styled,
    pub bold: Styled,
    pub bold_wrap: Styled,
    pub t: Styled,
    pub num: Styled,
    pub pct: Styled,
    pub wrap: Styled,
}

/// A cell format and its number format code, which the canonical digest
/// covers (the code is what a reader of the file sees: `General` when none).
pub(crate) struct Styled {
    pub format: Format,
    pub number_format: &'static str,
}

fn styled(format: Format, number_format: &'static str) -> Styled {
    let format = if number_format == "General" {
        format
    } else {
        format.set_num_format(number_format)
    };
    Styled {
        format,
        number_format,
    }
}

pub(super) fn formats() -> Fmt {
    Fmt {
        header: styled(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            "General",
        ),
        title: styled(Format::new().set_bold().set_font_size(14), "General"),
        bold: styled(Format::new().set_bold(), "General"),
        bold_wrap: styled(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            "General",
        ),
        t: styled(Format::new(), "#,##0.000"),
        num: styled(Format::new(), "#,##0.######"),
        pct: styled(Format::new(), "0.00%"),
        wrap: styled(
            Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            "General",
        ),
    }
}

/// Print setup and header/footer shared by every sheet.
pub(super) fn page(ws: &mut Worksheet, park: &str) {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(header_text(park, false));
    ws.set_footer("&LPage &P of &N&R&A");
}

/// The printed page header: the park, and for a draft, DRAFT in the middle.
pub(super) fn header_text(park: &str, draft: bool) -> String {
    let park = park.replace('&', "&&");
    if draft {
        format!("&L{park}&C&\"-,Bold\"{DRAFT_MARK}&RParkAudit")
    } else {
        format!("&L{park}&RParkAudit")
    }
}

/// The row height (points) that shows `text` wrapped in a column `width`
/// characters wide: 15 pt a line, a wide (CJK) character counting two.
pub(super) fn wrapped_height(text: &str, width: f64) -> f64 {
    let lines: usize = text
        .split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum();
            ((w / width).ceil() as usize).max(1)
        })
        .sum();
    lines as f64 * 15.0
}

/// What a draft says on every page and on its Cover.
pub(crate) const DRAFT_MARK: &str = "DRAFT — not a verification statement / 草稿——非核查声明";

/// A column's number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    General,
    /// `#,##0.######`: quantities, factors.
    Num,
    /// `#,##0.000`: tonnes.
    T,
    Pct,
    Wrap,
}

/// One column of a sheet's table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    pub header: &'static str,
    pub width: f64,
    pub style: Style,
}

pub(super) const fn col(header: &'static str, width: f64, style: Style) -> Column {
    Column {
        header,
        width,
        style,
    }
}

impl Fmt {
    pub fn of(&self, s: Style) -> Option<&Styled> {
        match s {
            Style::General => None,
            Style::Num => Some(&self.num),
            Style::T => Some(&self.t),
            Style::Pct => Some(&self.pct),
            Style::Wrap => Some(&self.wrap),
        }
    }
}

/// The column letter of a 0-based index (`0` → `A`, `27` → `AB`).
pub(super) fn letter(index: u16) -> String {
    crate::io::import::schema::column_letter(u32::from(index))
}

/// Writes a table's header row at `first` (bold, wrapped, 30 pt) and its
/// widths; with `filter_rows`, freezes the header and puts an autofilter over
/// that many data rows.
pub(super) fn header(
    w: &mut W<'_>,
    f: &Fmt,
    first: u16,
    cols: &[Column],
    filter_rows: Option<u32>,
) -> Result<(), ExportError> {
    for (c, h) in cols.iter().enumerate() {
        w.s(0, first + c as u16, h.header, Some(&f.header))?;
    }
    for (c, h) in cols.iter().enumerate() {
        w.ws.set_column_width(first + c as u16, h.width)?;
    }
    if let Some(rows) = filter_rows {
        w.ws.set_row_height(0, 30)?;
        w.ws.set_freeze_panes(1, 0)?;
        w.ws.autofilter(
            0,
            first,
            rows.max(1),
            first + cols.len().saturating_sub(1) as u16,
        )?;
    }
    Ok(())
}

/// A SUMIFS criterion matching `s` literally: quotes doubled, and Excel's
/// wildcards `~ * ?` escaped with `~`.
pub(super) fn q(s: &str) -> String {
    let lit = s.replace('~', "~~").replace('*', "~*").replace('?', "~?");
    format!("\"={}\"", lit.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_criteria() {
        assert_eq!(
            [letter(0), letter(25), letter(26), letter(27)],
            ["A", "Z", "AA", "AB"]
        );
        assert_eq!(q("E*1\"x"), "\"=E~*1\"\"x\"");
    }
}
