//! One sheet's canonical digest as read back from a workbook, the passes
//! over its XML run side by side: the cells with their formulas on the
//! caller's thread, each cell's style on another (streamed to it in file
//! order), the presentation (hidden rows and columns, data validations) and
//! the merged ranges on two more. Each pass reads the sheet with its own
//! reader; what they find is what the passes found one after another.

use super::canonical::{self, Canonical, SheetCanon, Value};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::mpsc::{Receiver, SyncSender};

/// Styled cells handed from the style pass to the cells pass at a time.
const STYLE_BLOCK: usize = 4096;

type Book<'b> = Xlsx<Cursor<&'b [u8]>>;

/// A block of styled cells (row, column, style id), or why the pass stopped.
type StyleBlock = Result<Vec<(u32, u32, usize)>, String>;

fn open(bytes: &[u8]) -> Result<Book<'_>, String> {
    Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not a readable .xlsx workbook ({e})"))
}

/// The style pass: every styled cell's (row, column, style id) in file order.
fn stream_styles(bytes: &[u8], name: &str, tx: &SyncSender<StyleBlock>) {
    let run = || -> Result<(), String> {
        let mut wb = open(bytes)?;
        let mut reader = wb
            .worksheet_cells_reader(name)
            .map_err(|e| format!("sheet {name}: {e}"))?;
        let mut block = Vec::with_capacity(STYLE_BLOCK);
        while let Some(cell) = reader
            .next_style_id()
            .map_err(|e| format!("sheet {name}: {e}"))?
        {
            block.push(cell);
            if block.len() == STYLE_BLOCK {
                let full = std::mem::replace(&mut block, Vec::with_capacity(STYLE_BLOCK));
                if tx.send(Ok(full)).is_err() {
                    return Ok(()); // the cells pass stopped
                }
            }
        }
        if !block.is_empty() {
            let _ = tx.send(Ok(block));
        }
        Ok(())
    };
    if let Err(e) = run() {
        let _ = tx.send(Err(e));
    }
}

/// The cells pass's view of the style stream. The styled cells are the
/// style pass's subsequence of the cells the cells pass meets, in the same
/// file order: a cell takes the next styled entry when that entry is at its
/// position, else it is unstyled (style 0). A position met twice is refused
/// by the digest anyway.
struct Styles {
    rx: Option<Receiver<StyleBlock>>,
    block: Vec<(u32, u32, usize)>,
    next: usize,
}

impl Styles {
    fn at(&mut self, r: u32, c: u32) -> Result<usize, String> {
        loop {
            if let Some(&(sr, sc, id)) = self.block.get(self.next) {
                if (sr, sc) == (r, c) {
                    self.next += 1;
                    return Ok(id);
                }
                return Ok(0);
            }
            let Some(rx) = &self.rx else { return Ok(0) };
            match rx.recv() {
                Ok(Ok(block)) => {
                    self.block = block;
                    self.next = 0;
                }
                Ok(Err(e)) => return Err(e),
                Err(_) => {
                    self.rx = None; // the stream ended: no more styled cells
                }
            }
        }
    }
}

/// A sheet's hidden rows and columns, merged ranges and data validations
/// (the merged ranges on a thread of their own).
fn presentation(
    bytes: &[u8],
    parts: &BTreeMap<String, String>,
    name: &str,
) -> Result<canonical::Presentation, String> {
    let part = parts
        .get(name)
        .ok_or_else(|| format!("sheet {name}: its part is not in the package"))?;
    std::thread::scope(|s| {
        let merges = std::thread::Builder::new()
            .name("verify-merges".into())
            .spawn_scoped(s, || merges(bytes, name))
            .map_err(|e| e.to_string())?;
        let mut p = super::presentation::sheet_presentation(bytes, part)?;
        p.merges = merges
            .join()
            .map_err(|_| format!("sheet {name}: the reader failed on its content"))??;
        Ok(p)
    })
}

fn merges(bytes: &[u8], name: &str) -> Result<Vec<(u32, u32, u32, u32)>, String> {
    Ok(open(bytes)?
        .merge_cells_by_sheet_name(name)
        .map_err(|e| format!("sheet {name}: {e}"))?
        .iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect())
}

/// The canonical digest of sheet `name` as read back, with the signer's block
/// size and canonical version, and the sheet's presentation. Cells are
/// streamed in file order (no dense grid, so a sparse hostile sheet cannot
/// exhaust memory); cells out of row order or repeated are a problem.
pub(super) fn sheet_digest(
    bytes: &[u8],
    parts: &BTreeMap<String, String>,
    name: &str,
    block_rows: u32,
    version: Canonical,
) -> Result<(canonical::SheetDigest, canonical::Presentation), String> {
    std::thread::scope(|s| {
        let spawn_err = |e: std::io::Error| format!("cannot start a verification thread: {e}");
        // Read under either rule: what ParkAudit never writes is reported even
        // where the rule (v1) does not cover presentation.
        let presentation = std::thread::Builder::new()
            .name("verify-presentation".into())
            .spawn_scoped(s, || presentation(bytes, parts, name))
            .map_err(spawn_err)?;
        let mut styles = Styles {
            rx: None,
            block: Vec::new(),
            next: 0,
        };
        if version == Canonical::V2 {
            let (tx, rx) = std::sync::mpsc::sync_channel(8);
            std::thread::Builder::new()
                .name("verify-styles".into())
                .spawn_scoped(s, move || stream_styles(bytes, name, &tx))
                .map_err(spawn_err)?;
            styles.rx = Some(rx);
        }
        let canon = cells(bytes, name, block_rows, version, &mut styles);
        // Ends the style pass if the cells pass stopped early.
        drop(styles);
        let canon = canon?;
        let presentation = presentation
            .join()
            .map_err(|_| format!("sheet {name}: the reader failed on its content"))??;
        let digest = match version {
            Canonical::V1 => canon.finish_with(&canonical::Presentation::default()),
            Canonical::V2 => canon.finish_with(&presentation),
        };
        Ok((digest, presentation))
    })
}

/// Each style's number format code (`General` where it has none).
pub(super) fn format_codes(styles: &[calamine::Style]) -> Vec<String> {
    styles
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .map(|n| n.format_code.clone())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| "General".to_string())
        })
        .collect()
}

/// The cells pass: every cell's value, formula and number format into the canon.
fn cells(
    bytes: &[u8],
    name: &str,
    block_rows: u32,
    version: Canonical,
    styles: &mut Styles,
) -> Result<SheetCanon, String> {
    let mut wb = open(bytes)?;
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| format!("sheet {name}: {e}"))?;
    let codes = format_codes(reader.styles());
    let code_of = |id: usize| codes.get(id).map_or("General", String::as_str);
    let mut canon = SheetCanon::with_block_rows(name, block_rows, version);
    while let Some(cell) = reader
        .next_cell_with_formula()
        .map_err(|e| format!("sheet {name}: {e}"))?
    {
        let (r, c) = cell.pos;
        // Every cell the style pass saw is met here, valued or not.
        let style = match version {
            Canonical::V2 => styles.at(r, c)?,
            Canonical::V1 => 0,
        };
        let owned;
        let value = match &cell.value {
            DataRef::String(s) => Value::S(s),
            DataRef::SharedString(s) => Value::S(s),
            DataRef::Float(x) => Value::N(*x),
            DataRef::Int(i) => Value::N(*i as f64),
            DataRef::Bool(b) => Value::B(*b),
            DataRef::Error(e) => {
                owned = e.to_string();
                Value::E(&owned)
            }
            DataRef::DateTime(d) => Value::N(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::S(s),
            DataRef::Empty => match cell.formula {
                // A formula whose cached value was removed: never what ParkAudit writes.
                Some(_) => Value::E("#NO-CACHED-VALUE"),
                None => continue,
            },
        };
        let value = match (value, &cell.formula) {
            (Value::S(""), Some(_)) => Value::E("#NO-CACHED-VALUE"),
            (v, _) => v,
        };
        canon.cell_formatted(
            r,
            c,
            value,
            cell.formula.as_deref().filter(|f| !f.is_empty()),
            code_of(style),
        )?;
    }
    Ok(canon)
}
