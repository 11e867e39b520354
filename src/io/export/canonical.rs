//! The canonical serialization of a workbook's content, which the signature
//! covers. A recipient can re-implement the check in a few lines:
//!
//! - For each sheet in workbook order, except `Signature`: the canonical text
//!   is one line per non-empty cell in row-major order (0-based row and column):
//!   `cell\t<row>\t<col>\t<type>\t<value>\n`, where type is `s` (string),
//!   `n` (number: the 16 lower-case hex digits of its IEEE-754 binary64 bits,
//!   big-endian), `b` (`true`/`false`) or `e` (error text such as `#N/A`);
//!   a formula cell is followed by `formula\t<row>\t<col>\t<text>\n` (the
//!   formula without its leading `=`). Empty cells and empty strings are skipped.
//!   In strings and formulas `\` is written `\\`, tab `\t`, LF `\n`, CR `\r`.
//! - The sheet digest is the SHA-256 (hex) of its canonical text.
//! - The workbook digest is the SHA-256 (hex) of
//!   `parkaudit-canonical-v1\n` followed by `sheet\t<escaped name>\t<sheet digest>\n`
//!   for each sheet, then `name\t<name>\t<refers to>\n` for each defined name (not the
//!   built-in `_xlnm.` ones), sorted.
//!
//! Row-block and column locators (the first 16 hex digits of the SHA-256 of
//! the lines of each block of rows and of each column) only say *where* a
//! change is; integrity rests on the full digests and the signature.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const FORMAT: &str = "parkaudit-canonical-v1";

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
    for b in s.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// Streams one sheet's cells (row-major) into its digest and locators.
pub struct SheetCanon {
    name: String,
    sha: Sha256,
    block_rows: u32,
    block: Option<(u32, Sha256)>,
    blocks: BTreeMap<u32, String>,
    columns: Vec<Option<Sha256>>,
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
        SheetCanon {
            name: name.to_string(),
            sha: Sha256::new(),
            block_rows: block_rows_for(expected_rows),
            block: None,
            blocks: BTreeMap::new(),
            columns: Vec::new(),
            row: None,
            buf: Vec::with_capacity(4096),
            cells: Vec::with_capacity(32),
        }
    }

    /// With a given block size (verification uses the signer's).
    pub fn with_block_rows(name: &str, block_rows: u32) -> SheetCanon {
        SheetCanon {
            block_rows: block_rows.max(1),
            ..SheetCanon::new(name, 1)
        }
    }

    fn close_block(&mut self) {
        if let Some((b, h)) = self.block.take() {
            self.blocks.insert(b, hex(&h.finalize()[..8]));
        }
    }

    fn flush(&mut self) {
        let Some(row) = self.row else { return };
        let block = row / self.block_rows;
        if self.block.as_ref().is_some_and(|(b, _)| *b != block) {
            self.close_block();
        }
        let bh = &mut self.block.get_or_insert_with(|| (block, Sha256::new())).1;
        if !self.cells.is_sorted_by_key(|(c, _)| *c) {
            self.cells.sort_by_key(|(c, _)| *c);
        }
        for (col, range) in self.cells.drain(..) {
            let line = &self.buf[range];
            self.sha.update(line);
            bh.update(line);
            let c = col as usize;
            if self.columns.len() <= c {
                self.columns.resize_with(c + 1, || None);
            }
            if let Some(slot) = self.columns.get_mut(c) {
                slot.get_or_insert_with(Sha256::new).update(line);
            }
        }
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
        if self.cells.iter().any(|(c, _)| *c == col) {
            return Err(format!(
                "sheet {}: cell ({row}, {col}) written twice",
                self.name
            ));
        }
        let start = self.buf.len();
        let b = &mut self.buf;
        let _ = write!(b, "cell\t{row}\t{col}\t");
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
                let _ = write!(b, "n\t{:016x}", n.to_bits());
            }
            Value::B(v) => {
                let _ = write!(b, "b\t{v}");
            }
            Value::E(e) => {
                b.extend_from_slice(b"e\t");
                escape_into(b, e);
            }
        }
        b.push(b'\n');
        if let Some(f) = formula {
            let f = f.strip_prefix('=').unwrap_or(f);
            let _ = write!(b, "formula\t{row}\t{col}\t");
            escape_into(b, f);
            b.push(b'\n');
        }
        let end = self.buf.len();
        self.cells.push((col, start..end));
        Ok(())
    }

    pub fn finish(mut self) -> SheetDigest {
        self.flush();
        self.close_block();
        SheetDigest {
            name: self.name,
            sha256: hex(&self.sha.finalize()),
            block_rows: self.block_rows,
            blocks: self.blocks,
            columns: self
                .columns
                .into_iter()
                .enumerate()
                .filter_map(|(i, h)| h.map(|h| (i as u32, hex(&h.finalize()[..8]))))
                .collect(),
        }
    }
}

/// The workbook digest from its sheet digests, in workbook order.
pub fn workbook_digest(sheets: &[SheetDigest], names: &[(String, String)]) -> String {
    let mut text = format!("{FORMAT}\n");
    for s in sheets {
        text.push_str(&format!("sheet\t{}\t{}\n", escape(&s.name), s.sha256));
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

    #[test]
    fn lines_and_digests_are_as_specified() {
        let mut c = SheetCanon::new("S", 10);
        c.cell(0, 1, Value::S("a\tb"), None).ok();
        c.cell(0, 0, Value::N(1.5), Some("=A2*2")).ok();
        c.cell(1, 0, Value::S(""), None).ok();
        let d = c.finish();
        // Row 0: column 0 first (row-major), then column 1.
        let text = "cell\t0\t0\tn\t3ff8000000000000\nformula\t0\t0\tA2*2\ncell\t0\t1\ts\ta\\tb\n";
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
        assert_eq!(workbook_digest(&[d], &[]), wd);
        let mut c = SheetCanon::new("S", 10);
        c.cell(3, 0, Value::B(true), None).ok();
        assert!(c.cell(2, 0, Value::B(true), None).is_err());
    }
}
