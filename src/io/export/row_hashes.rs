//! The hashing side of a sheet's canonical digest: each row's lines into the
//! sheet's SHA-256, its row block's and its columns'. For a large sheet the
//! hashing runs on a thread of its own (`sheet-digest`), fed rows in batches,
//! while the caller writes or reads the next cells: the digest is the same,
//! as the rows are hashed in the order they came.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::mpsc::{Receiver, SyncSender};

/// From this many expected rows, a sheet's rows are hashed on a thread.
pub const THREAD_FROM_ROWS: u32 = 20_000;
/// Rows handed to the hashing thread at a time.
const BATCH_ROWS: usize = 512;

/// The three hashes of a sheet as rows arrive.
pub struct Hashes {
    pub sha: Sha256,
    block_rows: u32,
    block: Option<(u32, Sha256)>,
    pub blocks: BTreeMap<u32, Sha256>,
    pub columns: Vec<Option<Sha256>>,
}

impl Hashes {
    pub fn new(block_rows: u32) -> Hashes {
        Hashes {
            sha: Sha256::new(),
            block_rows,
            block: None,
            blocks: BTreeMap::new(),
            columns: Vec::new(),
        }
    }

    fn close_block(&mut self) {
        if let Some((b, h)) = self.block.take() {
            self.blocks.insert(b, h);
        }
    }

    /// One row's lines (`bytes`), each cell a column and a range of them, in
    /// any column order: hashed in column order.
    pub fn row(&mut self, row: u32, bytes: &[u8], cells: &mut [(u32, Range<usize>)]) {
        let block = row / self.block_rows;
        if self.block.as_ref().is_some_and(|(b, _)| *b != block) {
            self.close_block();
        }
        let bh = &mut self.block.get_or_insert_with(|| (block, Sha256::new())).1;
        let in_order = cells.is_sorted_by_key(|(c, _)| *c);
        if in_order {
            // The lines in column order are the bytes as written: hashed whole.
            self.sha.update(bytes);
            bh.update(bytes);
        } else {
            cells.sort_by_key(|(c, _)| *c);
        }
        for (col, range) in cells.iter() {
            let line = &bytes[range.clone()];
            if !in_order {
                self.sha.update(line);
                bh.update(line);
            }
            let c = *col as usize;
            if self.columns.len() <= c {
                self.columns.resize_with(c + 1, || None);
            }
            if let Some(slot) = self.columns.get_mut(c) {
                slot.get_or_insert_with(Sha256::new).update(line);
            }
        }
    }

    /// Closes the last block: the hashes are complete.
    pub fn done(mut self) -> Hashes {
        self.close_block();
        self
    }
}

/// Rows in flight to the hashing thread: each row's bytes and cells are
/// ranges of `bytes` and `cells`.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    cells: Vec<(u32, Range<usize>)>,
    rows: Vec<(u32, Range<usize>, Range<usize>)>,
}

/// Where rows go: hashed here, or batched to a thread.
pub struct Hasher(Inner);

enum Inner {
    Inline(Hashes),
    /// Rows batched to the `sheet-digest` thread.
    Thread {
        batch: Batch,
        tx: SyncSender<Batch>,
        recycle: Receiver<Batch>,
        handle: std::thread::JoinHandle<Hashes>,
    },
}

impl Hasher {
    /// Hashes on a thread when `threaded` (and the thread starts).
    pub fn new(block_rows: u32, threaded: bool) -> Hasher {
        if !threaded {
            return Hasher(Inner::Inline(Hashes::new(block_rows)));
        }
        let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(4);
        let (recycle_tx, recycle) = std::sync::mpsc::channel::<Batch>();
        let spawned = std::thread::Builder::new()
            .name("sheet-digest".into())
            .spawn(move || {
                let mut h = Hashes::new(block_rows);
                for mut batch in rx {
                    let Batch { bytes, cells, rows } = &mut batch;
                    for (row, b, c) in rows.iter() {
                        let start = b.start;
                        let cells = &mut cells[c.clone()];
                        for (_, r) in cells.iter_mut() {
                            *r = r.start - start..r.end - start;
                        }
                        h.row(*row, &bytes[b.clone()], cells);
                    }
                    batch.bytes.clear();
                    batch.cells.clear();
                    batch.rows.clear();
                    let _ = recycle_tx.send(batch);
                }
                h.done()
            });
        Hasher(match spawned {
            Ok(handle) => Inner::Thread {
                batch: Batch::default(),
                tx,
                recycle,
                handle,
            },
            Err(_) => Inner::Inline(Hashes::new(block_rows)),
        })
    }

    /// Takes one row (see [`Hashes::row`]).
    pub fn row(&mut self, row: u32, bytes: &[u8], cells: &mut [(u32, Range<usize>)]) {
        match &mut self.0 {
            Inner::Inline(h) => h.row(row, bytes, cells),
            Inner::Thread {
                batch, tx, recycle, ..
            } => {
                let at = batch.bytes.len();
                batch.bytes.extend_from_slice(bytes);
                let first = batch.cells.len();
                batch
                    .cells
                    .extend(cells.iter().map(|(c, r)| (*c, r.start + at..r.end + at)));
                batch
                    .rows
                    .push((row, at..batch.bytes.len(), first..batch.cells.len()));
                if batch.rows.len() >= BATCH_ROWS {
                    let next = recycle.try_recv().unwrap_or_default();
                    let full = std::mem::replace(batch, next);
                    // A send fails only if the thread is gone; its join says why.
                    let _ = tx.send(full);
                }
            }
        }
    }

    /// The complete hashes, once every row is hashed.
    pub fn finish(self) -> Hashes {
        match self.0 {
            Inner::Inline(h) => h.done(),
            Inner::Thread {
                batch, tx, handle, ..
            } => {
                if !batch.rows.is_empty() {
                    let _ = tx.send(batch);
                }
                drop(tx);
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
        }
    }
}
