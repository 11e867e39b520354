//! An xlsx sheet's rows on two cores: a `sheet-reader` thread unpacks and
//! parses the XML (calamine's cell stream) into blocks of rows, while the
//! caller's thread validates them — the import's reading overlaps its
//! checking. Rows arrive in the order, and with the cells, of a sequential
//! read; a reader error ends the read with that error; a cancel stops the
//! reader.

use super::workbook::{Bytes, Cell, WorkbookError, from_data_ref};
use calamine::Xlsx;
use std::io::Cursor;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

/// Rows the sheet reader hands over at a time.
const BLOCK_ROWS: usize = 512;
/// Blocks in flight between the reader and the caller.
const BLOCKS_IN_FLIGHT: usize = 4;

/// Rows of an xlsx sheet, flattened: each row is its Excel row and a range of `cells`.
#[derive(Default)]
struct RowBlock<'a> {
    rows: Vec<(u32, std::ops::Range<usize>)>,
    cells: Vec<Cell<'a>>,
}

/// Calls `f(excel_row, cells)` for each row of `sheet` that has cells, in
/// order, counting rows in `progress` and stopping when it is cancelled.
pub(super) fn read(
    x: &mut Xlsx<Cursor<Bytes>>,
    sheet: &str,
    path: &Path,
    progress: Option<&crate::io::Progress>,
    f: &mut dyn FnMut(u32, &[Cell<'_>]),
) -> Result<(), WorkbookError> {
    read_in_blocks(x, sheet, path, progress, f, BLOCK_ROWS)
}

/// [`read`], handing rows over `block_rows` at a time.
fn read_in_blocks(
    x: &mut Xlsx<Cursor<Bytes>>,
    sheet: &str,
    path: &Path,
    progress: Option<&crate::io::Progress>,
    f: &mut dyn FnMut(u32, &[Cell<'_>]),
    block_rows: usize,
) -> Result<(), WorkbookError> {
    let sheet_err = |detail: String| WorkbookError::Sheet {
        path: path.to_path_buf(),
        sheet: sheet.to_string(),
        detail,
    };
    let reader = x
        .worksheet_cells_reader(sheet)
        .map_err(|e| sheet_err(e.to_string()))?;
    std::thread::scope(|scope| {
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<Result<RowBlock<'_>, String>>(BLOCKS_IN_FLIGHT);
        // Blocks the caller is done with come back to be refilled.
        let (recycle_tx, recycle_rx) = std::sync::mpsc::channel::<RowBlock<'_>>();
        let parser = std::thread::Builder::new()
            .name("sheet-reader".into())
            .spawn_scoped(scope, move || {
                let tx_panic = tx.clone();
                // The reader can panic on some corrupt sheets (an overflow on a
                // mangled cell reference): that is a damaged sheet, not a crash.
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                    parse_blocks(reader, &tx, &recycle_rx, block_rows.max(1))
                }));
                if run.is_err() {
                    let _ = tx_panic.send(Err("the reader failed on its content".into()));
                }
            });
        if let Err(e) = parser {
            return Err(sheet_err(format!("cannot start the sheet reader: {e}")));
        }
        for msg in rx {
            let block = msg.map_err(sheet_err)?;
            for (row, cells) in &block.rows {
                f(row + 1, &block.cells[cells.clone()]);
                if progress.is_some_and(|p| {
                    p.add(1);
                    p.is_cancelled()
                }) {
                    // Returning drops the receiver: the reader stops at its next block.
                    return Err(WorkbookError::Cancelled {
                        path: path.to_path_buf(),
                    });
                }
            }
            // Emptied here, so that the reader's thread does not spend its
            // time freeing the strings it allocated.
            let mut block = block;
            block.rows.clear();
            block.cells.clear();
            let _ = recycle_tx.send(block);
        }
        Ok(())
    })
}

/// The reader's side of [`read_xlsx_rows`]: cells grouped into rows (a
/// row's cells indexed by column, gaps empty), sent in blocks. Stops when
/// the sheet ends, on an error (sent), or when the receiver is gone.
fn parse_blocks<'a>(
    mut reader: calamine::XlsxCellReader<'a, Cursor<Bytes>>,
    tx: &SyncSender<Result<RowBlock<'a>, String>>,
    recycle: &Receiver<RowBlock<'a>>,
    block_rows: usize,
) {
    let fresh = |recycle: &Receiver<RowBlock<'a>>| {
        let mut b = recycle.try_recv().unwrap_or_default();
        b.rows.clear();
        b.cells.clear();
        b
    };
    let mut block = fresh(recycle);
    // The row being filled: its number and where its cells start in the block.
    let mut current: Option<(u32, usize)> = None;
    loop {
        let cell = match reader.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => {
                // The rows finished before the error arrive first, as in a
                // sequential read; the row being read when it broke does not.
                if !block.rows.is_empty() && tx.send(Ok(block)).is_err() {
                    return;
                }
                let _ = tx.send(Err(e.to_string()));
                return;
            }
        };
        let (r, c) = cell.get_position();
        if current.is_none_or(|(row, _)| row != r) {
            if let Some((row, start)) = current {
                block.rows.push((row, start..block.cells.len()));
                if block.rows.len() >= block_rows {
                    let full = std::mem::replace(&mut block, fresh(recycle));
                    if tx.send(Ok(full)).is_err() {
                        return; // the caller stopped reading
                    }
                }
            }
            current = Some((r, block.cells.len()));
        }
        let c = c as usize;
        if c >= 16_384 {
            continue; // beyond Excel's last column: malformed, ignore
        }
        let start = current.map_or(0, |(_, s)| s);
        let at = start + c;
        if block.cells.len() <= at {
            block.cells.resize(at + 1, Cell::Empty);
        }
        if let Some(slot) = block.cells.get_mut(at) {
            *slot = from_data_ref(cell.get_value().clone());
        }
    }
    if let Some((row, start)) = current {
        block.rows.push((row, start..block.cells.len()));
    }
    if !block.rows.is_empty() {
        let _ = tx.send(Ok(block));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::Workbook as Writer;

    /// A sheet of `rows` rows: row r (0-based) has a number in A, a text in
    /// C (B left empty), and every seventh row is skipped.
    fn book(rows: u32) -> Vec<u8> {
        let mut wb = Writer::new();
        let ws = wb.add_worksheet();
        ws.set_name("Data").expect("name");
        for r in (0..rows).filter(|r| r % 7 != 3) {
            ws.write_number(r, 0, f64::from(r)).expect("write");
            ws.write_string(r, 2, format!("text {r}")).expect("write");
        }
        wb.save_to_buffer().expect("saves")
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Bytes>> {
        calamine::Reader::new(Cursor::new(Bytes::from(bytes))).expect("opens")
    }

    type Rows = Vec<(u32, Vec<String>)>;

    fn read_all(
        bytes: &[u8],
        block_rows: usize,
        progress: Option<&crate::io::Progress>,
    ) -> (Result<(), WorkbookError>, Rows) {
        let mut x = open(bytes.to_vec());
        let mut rows = Vec::new();
        let r = read_in_blocks(
            &mut x,
            "Data",
            Path::new("t.xlsx"),
            progress,
            &mut |row, cells| rows.push((row, cells.iter().map(Cell::display).collect())),
            block_rows,
        );
        (r, rows)
    }

    /// Whatever the block size, the rows are those of a sequential read:
    /// Excel row numbers, gaps skipped, empty columns empty.
    #[test]
    fn rows_arrive_in_order_with_their_cells_in_any_block_size() {
        let bytes = book(100);
        let expected: Rows = (0..100u32)
            .filter(|r| r % 7 != 3)
            .map(|r| {
                (
                    r + 1,
                    vec![r.to_string(), String::new(), format!("text {r}")],
                )
            })
            .collect();
        for block in [1, 2, 5, 64, 512] {
            let (r, rows) = read_all(&bytes, block, None);
            assert!(r.is_ok(), "{block}: {r:?}");
            assert_eq!(rows, expected, "blocks of {block}");
        }
    }

    /// A cancel stops the read right after the row that saw it.
    #[test]
    fn a_cancel_stops_after_the_current_row() {
        let bytes = book(100);
        let progress = crate::io::Progress::default();
        let mut x = open(bytes);
        let mut seen = 0;
        let r = read_in_blocks(
            &mut x,
            "Data",
            Path::new("t.xlsx"),
            Some(&progress),
            &mut |_, _| {
                seen += 1;
                if seen == 10 {
                    progress.cancel();
                }
            },
            4,
        );
        assert!(matches!(r, Err(WorkbookError::Cancelled { .. })), "{r:?}");
        assert_eq!(seen, 10);
        assert_eq!(progress.done(), 10);
    }

    /// A sheet whose XML breaks in row 61: the rows completed before it
    /// arrive, then the read ends with an error naming the file and sheet.
    #[test]
    fn a_damaged_sheet_ends_the_read_with_its_error() {
        let bytes = book(100);
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).expect("zip");
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("part");
            let name = f.name().expect("name").to_string();
            let mut text = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut text).expect("read");
            if name == "xl/worksheets/sheet1.xml" {
                let s = String::from_utf8(text).expect("utf-8");
                let cut = s.find("<row r=\"61\"").expect("row 61");
                text = format!("{}<row r=\"61\"><c r=\"A61\"><v>1</v></x></row>", &s[..cut])
                    .into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start");
            std::io::Write::write_all(&mut out, &text).expect("write");
        }
        let damaged = out.finish().expect("finish").into_inner();
        let (r, rows) = read_all(&damaged, 8, None);
        let Err(WorkbookError::Sheet { path, sheet, .. }) = &r else {
            panic!("not refused: {r:?}");
        };
        assert_eq!(
            (path.as_path(), sheet.as_str()),
            (Path::new("t.xlsx"), "Data")
        );
        // As in a sequential read: a row is complete when the next row's first
        // cell arrives, so row 59 (then 61, broken) is not handed over.
        assert_eq!(rows.last().map(|r| r.0), Some(58), "every completed row");
        assert_eq!(rows.len(), 50);
    }
}
