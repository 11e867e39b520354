//! The canonical serialization of a workbook's content, which the signature
//! covers. A recipient can re-implement the check in a few lines
//! (`scripts/verify_workbook.py` does, with openpyxl). Two versions exist;
//! a workbook names its own in the Signature sheet and is checked by it.
//!
//! **parkaudit-canonical-v2** (written since this version):
//!
//! - For each sheet in workbook order, except `Signature`: the canonical text
//!   is one line per non-empty cell in row-major order (0-based row and column):
//!   `cell\t<row>\t<col>\t<type>\t<value>\t<number format>\n`, where type is
//!   `s` (string), `n` (number: the 16 lower-case hex digits of its IEEE-754
//!   binary64 bits, big-endian, −0 written as 0), `b` (`true`/`false`) or `e`
//!   (error text such as `#N/A`), and the number format is the cell's format
//!   code (a built-in one by the code ECMA-376 gives it: `General`, `0.00%` …);
//!   a formula cell is followed by `formula\t<row>\t<col>\t<text>\n` (the
//!   formula without its leading `=`). Empty cells and empty strings are skipped.
//!   In strings, formats and formulas `\` is written `\\`, tab `\t`, LF `\n`,
//!   CR `\r`.
//! - Then the sheet's presentation: `hidden_row\t<row>\n` for each hidden row
//!   and `hidden_col\t<col>\n` for each hidden column (ascending),
//!   `merge\t<first row>\t<first col>\t<last row>\t<last col>\n` for each
//!   merged range and `validation\t<ranges>\t<type>\t<operator>\t<formula1>\t<formula2>\n`
//!   for each data validation (each list sorted).
//! - The sheet digest is the SHA-256 (hex) of its canonical text.
//! - The workbook digest is the SHA-256 (hex) of `parkaudit-canonical-v2\n`
//!   followed by `sheet\t<escaped name>\t<state>\t<sheet digest>\n` for each
//!   sheet (state `visible`, `hidden` or `veryHidden`), then
//!   `name\t<name>\t<refers to>\n` for each defined name (not the built-in
//!   `_xlnm.` ones), sorted.
//!
//! **parkaudit-canonical-v1** (workbooks signed before): the same without the
//! number format field, the presentation lines and the sheet state, −0 kept.
//!
//! Row-block and column locators (the first 16 hex digits of the SHA-256 of
//! the lines of each block of rows and of each column) only say *where* a
//! change is; integrity rests on the full digests and the signature.

use super::row_hashes::{Hasher, THREAD_FROM_ROWS};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The canonical format ParkAudit writes.
pub const FORMAT: &str = "parkaudit-canonical-v2";

/// A canonical format version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canonical {
    V1,
    V2,
}

impl Canonical {
    /// The name a workbook records in its Signature sheet.
    pub fn key(self) -> &'static str {
        match self {
            Canonical::V1 => "parkaudit-canonical-v1",
            Canonical::V2 => FORMAT,
        }
    }

    pub fn parse(key: &str) -> Option<Canonical> {
        [Canonical::V1, Canonical::V2]
            .into_iter()
            .find(|c| c.key() == key)
    }
}

/// What a sheet shows beyond its cells (v2): hidden rows and columns, merged
/// ranges, data validations. ParkAudit writes none; a verifier reads them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Presentation {
    pub hidden_rows: Vec<u32>,
    pub hidden_cols: Vec<u32>,
    /// (first row, first col, last row, last col), 0-based.
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// (ranges, type, operator, formula1, formula2).
    pub validations: Vec<(String, String, String, String, String)>,
    /// Elements ParkAudit never writes (hyperlinks, controls …), described
    /// in English and Chinese: not part of the digest; `verify` reports
    /// each as a change.
    pub foreign: Vec<(String, String)>,
}

impl Presentation {
    pub fn is_empty(&self) -> bool {
        self.hidden_rows.is_empty()
            && self.hidden_cols.is_empty()
            && self.merges.is_empty()
            && self.validations.is_empty()
    }

    /// What it holds, for a report (`row 25 hidden; A1:B2 merged`).
    pub fn describe(&self) -> String {
        self.describe_in(false)
    }

    /// [`Self::describe`] in Chinese (`第 25 行被隐藏；A1:B2 已合并`).
    pub fn describe_zh(&self) -> String {
        self.describe_in(true)
    }

    fn describe_in(&self, zh: bool) -> String {
        let col = crate::io::import::schema::column_letter;
        let a1 = |r: u32, c: u32| format!("{}{}", col(c), r + 1);
        let mut parts: Vec<String> = Vec::new();
        parts.extend(self.hidden_rows.iter().take(10).map(|r| match zh {
            true => format!("第 {} 行被隐藏", r + 1),
            false => format!("row {} hidden", r + 1),
        }));
        parts.extend(self.hidden_cols.iter().take(10).map(|c| match zh {
            true => format!("{} 列被隐藏", col(*c)),
            false => format!("column {} hidden", col(*c)),
        }));
        parts.extend(self.merges.iter().take(10).map(|&(r1, c1, r2, c2)| {
            let range = format!("{}:{}", a1(r1, c1), a1(r2, c2));
            if zh {
                format!("{range} 已合并")
            } else {
                format!("{range} merged")
            }
        }));
        parts.extend(self.validations.iter().take(10).map(|v| match zh {
            true => format!("{} 上的数据验证", v.0),
            false => format!("a data validation on {}", v.0),
        }));
        parts.join(if zh { "；" } else { "; " })
    }

    fn lines(&self) -> Vec<u8> {
        use std::io::Write as _;
        let mut out = Vec::new();
        let mut rows = self.hidden_rows.clone();
        rows.sort_unstable();
        rows.dedup();
        for r in rows {
            let _ = writeln!(out, "hidden_row\t{r}");
        }
        let mut cols = self.hidden_cols.clone();
        cols.sort_unstable();
        cols.dedup();
        for c in cols {
            let _ = writeln!(out, "hidden_col\t{c}");
        }
        let mut merges = self.merges.clone();
        merges.sort_unstable();
        for (r1, c1, r2, c2) in merges {
            let _ = writeln!(out, "merge\t{r1}\t{c1}\t{r2}\t{c2}");
        }
        let mut validations: Vec<Vec<u8>> = self
            .validations
            .iter()
            .map(|(a, b, c, d, e)| {
                let mut line = b"validation".to_vec();
                for field in [a, b, c, d, e] {
                    line.push(b'\t');
                    escape_into(&mut line, field);
                }
                line.push(b'\n');
                line
            })
            .collect();
        validations.sort();
        for v in validations {
            out.extend(v);
        }
        out
    }
}

/// Escapes `\`, tab, LF and CR.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// A canonical cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    S(&'a str),
    N(f64),
    B(bool),
    E(&'a str),
}

/// The digest and locators of one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetDigest {
    pub name: String,
    pub sha256: String,
    /// Rows per locator block.
    pub block_rows: u32,
    /// Block index → first 16 hex digits of the SHA-256 of its lines.
    pub blocks: BTreeMap<u32, String>,
    /// Column index → first 16 hex digits of the SHA-256 of its lines.
    pub columns: BTreeMap<u32, String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends `s` escaped (`\`, tab, LF, CR) to `out`.
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let special = |b: &u8| matches!(b, b'\\' | b'\t' | b'\n' | b'\r');
    // Most texts have nothing to escape: copied in one piece.
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(special) {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(match rest[i] {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            _ => b"\\r",
        });
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
}

/// 64 bits as 16 lowercase hex digits, as `{:016x}` formats them.
fn push_hex16(out: &mut Vec<u8>, bits: u64) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut digits = [0u8; 16];
    for (i, d) in digits.iter_mut().enumerate() {
        *d = HEX[((bits >> (60 - 4 * i)) & 0xf) as usize];
    }
    out.extend_from_slice(&digits);
}

/// Streams one sheet's cells (row-major) into its digest and locators.
pub struct SheetCanon {
    version: Canonical,
    name: String,
    block_rows: u32,
    /// Hashes each finished row (on a thread for a large sheet).
    hasher: Hasher,
    row: Option<u32>,
    /// The current row's lines, and each cell's column and byte range in it.
    buf: Vec<u8>,
    cells: Vec<(u32, std::ops::Range<usize>)>,
}

/// How many rows a locator block spans for a sheet of `rows` rows (≤ 2,000 blocks).
pub fn block_rows_for(rows: u32) -> u32 {
    rows.div_ceil(2_000).max(1)
}

impl SheetCanon {
    pub fn new(name: &str, expected_rows: u32) -> SheetCanon {
        SheetCanon::build(
            name,
            block_rows_for(expected_rows),
            Canonical::V2,
            expected_rows >= THREAD_FROM_ROWS,
        )
    }

    /// With a given block size and version (verification uses the signer's).
    pub fn with_block_rows(name: &str, block_rows: u32, version: Canonical) -> SheetCanon {
        let block_rows = block_rows.max(1);
        // The signer's block size tells how long the sheet was.
        let large = block_rows >= block_rows_for(THREAD_FROM_ROWS);
        SheetCanon::build(name, block_rows, version, large)
    }

    fn build(name: &str, block_rows: u32, version: Canonical, threaded: bool) -> SheetCanon {
        SheetCanon {
            version,
            name: name.to_string(),
            block_rows,
            hasher: Hasher::new(block_rows, threaded),
            row: None,
            buf: Vec::with_capacity(4096),
            cells: Vec::with_capacity(32),
        }
    }

    fn flush(&mut self) {
        let Some(row) = self.row else { return };
        self.hasher.row(row, &self.buf, &mut self.cells);
        self.cells.clear();
        self.buf.clear();
    }

    /// Adds a cell. Rows must come in increasing order; a cell of an earlier
    /// row is a programming error and is reported.
    pub fn cell(
        &mut self,
        row: u32,
        col: u32,
        value: Value<'_>,
        formula: Option<&str>,
    ) -> Result<(), String> {
        self.cell_formatted(row, col, value, formula, "General")
    }

    /// Adds a cell with its number format (v2; v1 ignores the format).
    pub fn cell_formatted(
        &mut self,
        row: u32,
        col: u32,
        value: Value<'_>,
        formula: Option<&str>,
        number_format: &str,
    ) -> Result<(), String> {
        use std::io::Write as _;
        match self.row {
            Some(r) if row < r => {
                return Err(format!(
                    "sheet {}: cell ({row}, {col}) written after row {r}",
                    self.name
                ));
            }
            Some(r) if row == r => {}
            _ => {
                self.flush();
                self.row = Some(row);
            }
        }
        // Cells come in column order: only one that does not can repeat one.
        let after_last = self.cells.last().is_none_or(|(c, _)| *c < col);
        if !after_last && self.cells.iter().any(|(c, _)| *c == col) {
            return Err(format!(
                "sheet {}: cell ({row}, {col}) written twice",
                self.name
            ));
        }
        let start = self.buf.len();
        let b = &mut self.buf;
        b.extend_from_slice(b"cell\t");
        crate::io::push_decimal(b, row);
        b.push(b'\t');
        crate::io::push_decimal(b, col);
        b.push(b'\t');
        match value {
            Value::S("") => {
                self.buf.truncate(start);
                return Ok(());
            }
            Value::S(s) => {
                b.extend_from_slice(b"s\t");
                escape_into(b, s);
            }
            Value::N(n) => {
                // v2: −0 as 0 (readers disagree on it).
                let n = if self.version == Canonical::V2 && n == 0.0 {
                    0.0
                } else {
                    n
                };
                b.extend_from_slice(b"n\t");
                push_hex16(b, n.to_bits());
            }
            Value::B(v) => {
                let _ = write!(b, "b\t{v}");
            }
            Value::E(e) => {
                b.extend_from_slice(b"e\t");
                escape_into(b, e);
            }
        }
        if self.version == Canonical::V2 {
            b.push(b'\t');
            escape_into(b, number_format);
        }
        b.push(b'\n');
        if let Some(f) = formula {
            let f = f.strip_prefix('=').unwrap_or(f);
            b.extend_from_slice(b"formula\t");
            crate::io::push_decimal(b, row);
            b.push(b'\t');
            crate::io::push_decimal(b, col);
            b.push(b'\t');
            escape_into(b, f);
            b.push(b'\n');
        }
        let end = self.buf.len();
        self.cells.push((col, start..end));
        Ok(())
    }

    pub fn finish(self) -> SheetDigest {
        self.finish_with(&Presentation::default())
    }

    /// The digest with the sheet's presentation lines (v2).
    pub fn finish_with(mut self, presentation: &Presentation) -> SheetDigest {
        self.flush();
        let mut h = self.hasher.finish();
        if self.version == Canonical::V2 {
            h.sha.update(presentation.lines());
        }
        SheetDigest {
            name: self.name,
            sha256: hex(&h.sha.finalize()),
            block_rows: self.block_rows,
            blocks: h
                .blocks
                .into_iter()
                .map(|(b, bh)| (b, hex(&bh.finalize()[..8])))
                .collect(),
            columns: h
                .columns
                .into_iter()
                .enumerate()
                .filter_map(|(i, h)| h.map(|h| (i as u32, hex(&h.finalize()[..8]))))
                .collect(),
        }
    }
}

/// The workbook digest (canonical v2) from its sheet digests, in workbook
/// order, every sheet visible (as ParkAudit writes them).
pub fn workbook_digest(sheets: &[SheetDigest], names: &[(String, String)]) -> String {
    let states: Vec<&str> = sheets.iter().map(|_| "visible").collect();
    workbook_digest_as(Canonical::V2, sheets, &states, names)
}

/// The workbook digest under `version`; `states` (v2) is each sheet's
/// visibility: `visible`, `hidden` or `veryHidden`.
pub fn workbook_digest_as(
    version: Canonical,
    sheets: &[SheetDigest],
    states: &[&str],
    names: &[(String, String)],
) -> String {
    let mut text = format!("{}\n", version.key());
    for (i, s) in sheets.iter().enumerate() {
        match version {
            Canonical::V1 => text.push_str(&format!("sheet\t{}\t{}\n", escape(&s.name), s.sha256)),
            Canonical::V2 => text.push_str(&format!(
                "sheet\t{}\t{}\t{}\n",
                escape(&s.name),
                states.get(i).copied().unwrap_or("visible"),
                s.sha256
            )),
        }
    }
    // Defined names change what formulas show when Excel recalculates on open.
    let mut names: Vec<&(String, String)> = names
        .iter()
        .filter(|(n, _)| !n.starts_with("_xlnm."))
        .collect();
    names.sort();
    for (n, v) in names {
        text.push_str(&format!(
            "name\t{}\t{}\n",
            escape(n),
            escape(v.strip_prefix('=').unwrap_or(v))
        ));
    }
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The canonical rule as the formatting machinery states it (what the
    /// fast writers must reproduce byte for byte).
    fn reference_escape(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    }

    proptest! {
        /// Decimal, hex and escaping written by hand equal `format!`'s.
        #[test]
        fn hand_written_formatting_equals_format(n in any::<u32>(), bits in any::<u64>(), s in "[a-z\\\\\t\n\r中 ]{0,12}") {
            let mut out = Vec::new();
            crate::io::push_decimal(&mut out, n);
            prop_assert_eq!(out, format!("{n}").into_bytes());
            let mut out = Vec::new();
            push_hex16(&mut out, bits);
            prop_assert_eq!(out, format!("{bits:016x}").into_bytes());
            let mut out = Vec::new();
            escape_into(&mut out, &s);
            prop_assert_eq!(String::from_utf8(out).expect("UTF-8"), reference_escape(&s));
        }

        /// Rows hashed on the `sheet-digest` thread give the digest, blocks
        /// and columns of rows hashed inline — across batches and blocks,
        /// with cells in any column order.
        #[test]
        fn a_thread_hashes_as_inline(rows in 1u32..2_000, reversed_every in 1u32..50) {
            let digest = |threaded: bool| {
                let mut c = SheetCanon::build("S", 7, Canonical::V2, threaded);
                for row in 0..rows {
                    let mut cols: Vec<u32> = (0..4).collect();
                    if row % reversed_every == 0 {
                        cols.reverse();
                    }
                    for col in cols {
                        let n = f64::from(row * 4 + col);
                        c.cell_formatted(row, col, Value::N(n), None, "0.0").expect("cell");
                    }
                }
                c.finish_with(&Presentation { hidden_rows: vec![3], ..Default::default() })
            };
            prop_assert_eq!(digest(true), digest(false));
        }

        /// A row's cells in any column order hash as in column order.
        #[test]
        fn cells_in_any_order_give_one_digest(order in Just((0u32..6).collect::<Vec<_>>()).prop_shuffle()) {
            let digest = |cols: &[u32]| {
                let mut c = SheetCanon::new("S", 3);
                for row in 0..3 {
                    for &col in cols {
                        let text = format!("r{row}c{col}\t");
                        c.cell_formatted(row, col, Value::S(&text), Some("=A1"), "0.00").expect("cell");
                    }
                }
                c.finish()
            };
            prop_assert_eq!(digest(&order), digest(&[0, 1, 2, 3, 4, 5]));
        }
    }

    #[test]
    fn presentation_is_described_in_both_languages() {
        let p = Presentation {
            hidden_rows: vec![24],
            hidden_cols: vec![2],
            merges: vec![(0, 0, 1, 1)],
            validations: vec![(
                "B2:B9".into(),
                "list".into(),
                String::new(),
                String::new(),
                String::new(),
            )],
            foreign: Vec::new(),
        };
        assert_eq!(
            p.describe(),
            "row 25 hidden; column C hidden; A1:B2 merged; a data validation on B2:B9"
        );
        assert_eq!(
            p.describe_zh(),
            "第 25 行被隐藏；C 列被隐藏；A1:B2 已合并；B2:B9 上的数据验证"
        );
    }

    /// Canonical v2, by hand: a number with its format (−0 as 0), a formula,
    /// a string in General, a hidden row and a merge; the workbook line with
    /// the sheet's state.
    #[test]
    fn lines_and_digests_are_as_specified() {
        let sha = |t: &str| -> String {
            Sha256::digest(t.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        let mut c = SheetCanon::new("S", 10);
        c.cell(0, 1, Value::S("a\tb"), None).ok();
        c.cell_formatted(0, 0, Value::N(1.5), Some("=A2*2"), "#,##0.000")
            .ok();
        c.cell_formatted(1, 0, Value::N(-0.0), None, "0.00%").ok();
        c.cell(2, 0, Value::S(""), None).ok();
        let p = Presentation {
            hidden_rows: vec![4],
            merges: vec![(0, 0, 1, 1)],
            ..Default::default()
        };
        let d = c.finish_with(&p);
        // Row 0: column 0 first (row-major), then column 1.
        let text = "cell\t0\t0\tn\t3ff8000000000000\t#,##0.000\nformula\t0\t0\tA2*2\ncell\t0\t1\ts\ta\\tb\tGeneral\ncell\t1\t0\tn\t0000000000000000\t0.00%\nhidden_row\t4\nmerge\t0\t0\t1\t1\n";
        let want = sha(text);
        assert_eq!(d.sha256, want);
        let manifest = format!("parkaudit-canonical-v2\nsheet\tS\thidden\t{want}\n");
        assert_eq!(
            workbook_digest_as(Canonical::V2, &[d], &["hidden"], &[]),
            sha(&manifest)
        );
        let mut c = SheetCanon::new("S", 10);
        c.cell(3, 0, Value::B(true), None).ok();
        assert!(c.cell(2, 0, Value::B(true), None).is_err());
    }

    /// Canonical v1 as it was: no formats, −0 kept, no states.
    #[test]
    fn version_1_is_unchanged() {
        let mut c = SheetCanon::with_block_rows("S", 1, Canonical::V1);
        c.cell_formatted(0, 0, Value::N(-0.0), Some("=A2*2"), "0.00%")
            .ok();
        let d = c.finish_with(&Presentation {
            hidden_rows: vec![1],
            ..Default::default()
        });
        let text = "cell\t0\t0\tn\t8000000000000000\nformula\t0\t0\tA2*2\n";
        let want: String = Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(d.sha256, want);
        let manifest = format!("parkaudit-canonical-v1\nsheet\tS\t{want}\n");
        let wd: String = Sha256::digest(manifest.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            workbook_digest_as(Canonical::V1, &[d], &["hidden"], &[]),
            wd
        );
    }
}
