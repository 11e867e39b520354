//! What every sheet shares: the cell formats, the print setup, and the column
//! tables — each sheet declares its columns once (header, width, format), and
//! the writer, the formulas that refer to them by letter and the tests read
//! that one declaration.

use super::super::{ExportError, W};
use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet};

pub(super) struct Fmt {
    /// No number format, top-aligned: what a cell without one gets.
    pub plain: Styled,
    pub header: Styled,
    pub title: Styled,
    pub bold: Styled,
    pub bold_wrap: Styled,
    pub t: Styled,
    pub num: Styled,
    pub pct: Styled,
    /// Two decimals: a percentage written as a number (±5.26), a score.
    pub dec2: Styled,
    /// Whole tonnes, for figures whose uncertainty is far above a tonne.
    pub t0: Styled,
    /// A share: `< 0.01%` for one too small to show, not `0.00%`.
    pub share: Styled,
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
    let top = rust_xlsxwriter::FormatAlign::Top;
    Fmt {
        plain: styled(Format::new().set_align(top), "General"),
        header: styled(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            "General",
        ),
        title: styled(Format::new().set_bold().set_font_size(14), "General"),
        bold: styled(Format::new().set_bold().set_align(top), "General"),
        bold_wrap: styled(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            "General",
        ),
        t: styled(Format::new().set_align(top), "#,##0.000"),
        num: styled(Format::new().set_align(top), "#,##0.######"),
        pct: styled(Format::new().set_align(top), "0.00%"),
        dec2: styled(Format::new().set_align(top), "#,##0.00"),
        t0: styled(Format::new().set_align(top), "#,##0"),
        share: styled(
            Format::new().set_align(top),
            "[=0]0.00%;[<0.0001]\"< 0.01%\";0.00%",
        ),
        wrap: styled(
            Format::new()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Top),
            "General",
        ),
    }
}

/// How a sheet prints. Always A4 (ISO paper, where the recipients are), with
/// the park and DRAFT in the header and the sheet and page X of Y in the
/// footer; never below [`MIN_SCALE_PCT`] so no text is under 8 pt.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Print {
    /// A sheet narrow enough for one page across: scaled to fit the width
    /// (at most 100 %), the scale computed here from the column widths.
    Fit {
        landscape: bool,
        width_chars: f64,
        columns: usize,
    },
    /// A wide table (its header on row 1, as [`header`] writes it): landscape
    /// at [`WIDE_SCALE_PCT`], split over pages across and down (across first,
    /// so a row's pages follow each other), with the header row and the first
    /// `key_cols` columns repeated on every page.
    Wide { key_cols: u16 },
}

/// 11 pt body text × 0.80 = 8.8 pt printed.
pub(crate) const WIDE_SCALE_PCT: u16 = 80;
/// 11 pt × 0.73 = 8.03 pt: the smallest scale that keeps body text at 8 pt.
pub(crate) const MIN_SCALE_PCT: u16 = 73;

/// Printable width of A4 with Excel's default 0.7 in side margins, in pixels
/// at 96 dpi: (297 mm or 210 mm) / 25.4 − 1.4 in.
fn printable_px(landscape: bool) -> f64 {
    let paper_in = if landscape { 297.0 } else { 210.0 } / 25.4;
    (paper_in - 1.4) * 96.0
}

/// The scale (percent) at which `columns` columns `width_chars` wide in total
/// fit the printable width, with 3 % to spare. Excel draws a column 7 px per
/// character plus 5 px padding (default 11 pt font); LibreOffice about 10 %
/// wider, and the wider of the two decides.
pub(crate) fn fit_scale(landscape: bool, width_chars: f64, columns: usize) -> u16 {
    let px = width_chars * 7.7 + 5.0 * columns as f64;
    let pct = (printable_px(landscape) * 0.97 / px * 100.0).floor();
    pct.clamp(f64::from(MIN_SCALE_PCT), 100.0) as u16
}

/// A [`Print::Fit`] for columns of these widths (characters).
pub(crate) fn fit(landscape: bool, widths: &[f64]) -> Print {
    Print::Fit {
        landscape,
        width_chars: widths.iter().sum(),
        columns: widths.len(),
    }
}

/// Print setup, header and footer; shared by every sheet, the Signature
/// sheet included (a draft's header is set over it, for every sheet at once).
pub(crate) fn page(ws: &mut Worksheet, park: &str, print: Print) {
    ws.set_paper_size(9); // A4
    ws.set_header(header_text(park, false));
    ws.set_footer("&L&A&CPage &P of &N&RParkAudit");
    match print {
        Print::Fit {
            landscape,
            width_chars,
            columns,
        } => {
            if landscape {
                ws.set_landscape();
            } else {
                ws.set_portrait();
            }
            // An explicit scale, not fit-to-page: every renderer prints the
            // same size, and a test can read it.
            ws.set_print_scale(fit_scale(landscape, width_chars, columns));
        }
        Print::Wide { key_cols } => {
            ws.set_landscape();
            ws.set_print_scale(WIDE_SCALE_PCT);
            ws.set_page_order(false); // across, then down
            // Both only fail on out-of-range arguments, which these are not.
            let _ = ws.set_repeat_rows(0, 0);
            if key_cols > 0 {
                let _ = ws.set_repeat_columns(0, key_cols - 1);
            }
        }
    }
}

/// The printed page header: the park, and for a draft, DRAFT on the right.
pub(crate) fn header_text(park: &str, draft: bool) -> String {
    let park = park.replace('&', "&&");
    if draft {
        format!("&L{park}&R&\"-,Bold\"{DRAFT_MARK}")
    } else {
        format!("&L{park}&RGHG verification workbook / 温室气体核查工作簿")
    }
}

/// Sets row `r`'s height to show every wrapped cell in it: `cells` are
/// (text, column width in characters); never below one line.
pub(super) fn fit_row(w: &mut W<'_>, r: u32, cells: &[(&str, f64)]) -> Result<(), ExportError> {
    let h = cells
        .iter()
        .map(|(t, width)| wrapped_height(t, *width))
        .fold(15.0, f64::max);
    if h > 15.0 {
        w.ws.set_row_height(r, h)?;
    }
    Ok(())
}

/// The row height (points) that shows `text` wrapped in a column `width`
/// characters wide: 15 pt a line. A character of the default font counts 0.8
/// of the column's unit (text is proportional; the unit is a digit), a wide
/// (CJK) one 2.1, and a line holds three units less than the width (padding,
/// the word that did not fit) — generous rather than clipped.
pub(crate) fn wrapped_height(text: &str, width: f64) -> f64 {
    let per_line = (width - 3.0).max(1.0);
    let lines: usize = text
        .split('\n')
        .map(|line| {
            let w: f64 = line
                .chars()
                .map(|c| if c.is_ascii() { 0.8 } else { 2.1 })
                .sum();
            ((w / per_line).ceil() as usize).max(1)
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
    /// `#,##0.00`: percentages written as numbers, scores.
    Dec2,
    /// A share, `< 0.01%` when too small to show.
    Share,
    /// `#,##0`: whole tonnes.
    T0,
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
            Style::Dec2 => Some(&self.dec2),
            Style::Share => Some(&self.share),
            Style::T0 => Some(&self.t0),
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
    // Tall enough for the longest wrapped heading (bold: a little wider).
    let height = cols
        .iter()
        .map(|h| wrapped_height(h.header, h.width / 1.3))
        .fold(30.0, f64::max);
    w.ws.set_row_height(0, height)?;
    if let Some(rows) = filter_rows {
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
