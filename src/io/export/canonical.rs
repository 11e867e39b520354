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
//!   for each sheet.
//!
//! Row-block and column locators (FNV-1a 64 over the lines of each block of
//! rows and of each column) only say *where* a change is; integrity rests on
//! the SHA-256 digests and the signature.

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

fn fnv(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The digest and locators of one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetDigest {
    pub name: String,
    pub sha256: String,
    /// Rows per locator block.
    pub block_rows: u32,
    /// Block index → FNV-1a 64 (hex) of its lines.
    pub blocks: BTreeMap<u32, String>,
    /// Column index → FNV-1a 64 (hex) of its lines.
    pub columns: BTreeMap<u32, String>,
}

/// Streams one sheet's cells (row-major) into its digest and locators.
pub struct SheetCanon {
    name: String,
    sha: Sha256,
    block_rows: u32,
    blocks: BTreeMap<u32, u64>,
    columns: BTreeMap<u32, u64>,
    row: Option<u32>,
    /// The current row's lines by column (cells may be written in any column order within a row).
    pending: BTreeMap<u32, Vec<u8>>,
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
            blocks: BTreeMap::new(),
            columns: BTreeMap::new(),
            row: None,
            pending: BTreeMap::new(),
        }
    }

    /// With a given block size (verification uses the signer's).
    pub fn with_block_rows(name: &str, block_rows: u32) -> SheetCanon {
        SheetCanon {
            block_rows: block_rows.max(1),
            ..SheetCanon::new(name, 1)
        }
    }

    fn flush(&mut self) {
        let Some(row) = self.row else { return };
        let block = row / self.block_rows;
        for (col, line) in std::mem::take(&mut self.pending) {
            self.sha.update(&line);
            fnv(self.blocks.entry(block).or_insert(FNV_OFFSET), &line);
            fnv(self.columns.entry(col).or_insert(FNV_OFFSET), &line);
        }
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
        let mut line = match value {
            Value::S("") => return Ok(()),
            Value::S(s) => format!("cell\t{row}\t{col}\ts\t{}\n", escape(s)),
            Value::N(n) => format!("cell\t{row}\t{col}\tn\t{:016x}\n", n.to_bits()),
            Value::B(b) => format!("cell\t{row}\t{col}\tb\t{b}\n"),
            Value::E(e) => format!("cell\t{row}\t{col}\te\t{}\n", escape(e)),
        };
        if let Some(f) = formula {
            let f = f.strip_prefix('=').unwrap_or(f);
            line.push_str(&format!("formula\t{row}\t{col}\t{}\n", escape(f)));
        }
        self.pending.insert(col, line.into_bytes());
        Ok(())
    }

    pub fn finish(mut self) -> SheetDigest {
        self.flush();
        let hex = |v: u64| format!("{v:016x}");
        SheetDigest {
            name: self.name,
            sha256: self
                .sha
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
            block_rows: self.block_rows,
            blocks: self.blocks.into_iter().map(|(k, v)| (k, hex(v))).collect(),
            columns: self.columns.into_iter().map(|(k, v)| (k, hex(v))).collect(),
        }
    }
}

/// The workbook digest from its sheet digests, in workbook order.
pub fn workbook_digest(sheets: &[SheetDigest]) -> String {
    let mut text = format!("{FORMAT}\n");
    for s in sheets {
        text.push_str(&format!("sheet\t{}\t{}\n", escape(&s.name), s.sha256));
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
        assert_eq!(workbook_digest(&[d]), wd);
        let mut c = SheetCanon::new("S", 10);
        c.cell(3, 0, Value::B(true), None).ok();
        assert!(c.cell(2, 0, Value::B(true), None).is_err());
    }
}
