//! A large table's rows read on several threads: cut at line starts that
//! look like rows, each cut confirmed by the piece before it.

use super::read::{Cursor, Tables};
use crate::io::project::scan::{At, MAX_LIST_ITEMS};
use crate::model::ActivityRecord;

/// What a thread read: its rows, whether it reached the `]`, and where it stopped.
type Piece = Result<(Vec<ActivityRecord>, bool, usize), At>;

/// The fewest bytes ParkAudit writes for a row (indentation, nine values).
const MIN_ROW_BYTES: usize = 48;

/// Rows shorter than this in all are read on one thread.
pub(super) const PARALLEL_FROM_BYTES: usize = 4 << 20;

/// Reads the rows after `rows: [`, up to and including the `]`. A large table
/// is cut at line starts that look like rows, and the pieces are read on
/// separate threads; a piece counts only if the piece before it ended
/// exactly where it began (so a guess inside a text, in a file edited by
/// hand, is simply read again), and whatever is not confirmed — and every
/// error — is read again in order, so the result and its errors are those
/// of a sequential read.
pub(super) fn rows_in_parallel(
    c: &mut Cursor,
    t: &Tables,
    threads: usize,
    parallel_from: usize,
) -> Result<Vec<ActivityRecord>, At> {
    let start = c.i;
    let end_guess = c.text[start..]
        .find("\n    ],")
        .map_or(c.text.len(), |k| start + k);
    let mut cuts: Vec<usize> = Vec::new();
    if threads > 1 && end_guess - start >= parallel_from {
        for j in 1..threads {
            let target = start + (end_guess - start) * j / threads;
            let from = cuts.last().map_or(target, |&last| target.max(last + 1));
            if let Some(k) = c
                .text
                .get(from..end_guess)
                .and_then(|s| s.find("\n      ("))
            {
                cuts.push(from + k + "\n      ".len());
            }
        }
    }
    if cuts.is_empty() {
        return c.rows(t, 0, usize::MAX, 0).map(|(records, _)| records);
    }
    // Room for every row in the first piece (a row takes at least
    // `MIN_ROW_BYTES`; pages reserved but never written cost no memory), so
    // that appending the others does not move it.
    let all_rows = (end_guess - start) / MIN_ROW_BYTES;
    let pieces: Vec<Piece> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..=cuts.len())
            .map(|j| {
                let from = if j == 0 { start } else { cuts[j - 1] };
                let stop = cuts.get(j).copied().unwrap_or(usize::MAX);
                let (text, s) = (c.text, c.s);
                std::thread::Builder::new()
                    .name(format!("parkaudit-rows-{j}"))
                    .spawn_scoped(scope, move || {
                        let mut piece = Cursor { text, s, i: from };
                        let capacity = if j == 0 {
                            all_rows
                        } else {
                            (stop.min(end_guess) - from) / MIN_ROW_BYTES
                        };
                        piece
                            .rows(t, 0, stop, capacity)
                            .map(|(records, ended)| (records, ended, piece.i))
                    })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|_| Err(At::new(start, "a row reader stopped"))),
                Err(e) => Err(At::new(start, e.to_string())),
            })
            .collect()
    });
    // The first piece's records become the table (they were reserved room
    // for all), and the others are moved in after them.
    let mut records: Vec<ActivityRecord> = Vec::new();
    let mut at = start;
    for (j, piece) in pieces.into_iter().enumerate() {
        let from = if j == 0 { start } else { cuts[j - 1] };
        let Ok((mut piece, ended, end)) = piece else {
            break;
        };
        if at != from {
            break;
        }
        if j == 0 {
            records = piece;
        } else {
            records.append(&mut piece);
        }
        at = end;
        if ended {
            if records.len() > MAX_LIST_ITEMS {
                // Too many in all: read again in order, for the error's place.
                c.i = start;
                return c.rows(t, 0, usize::MAX, 0).map(|(records, _)| records);
            }
            c.i = end;
            records.shrink_to_fit();
            return Ok(records);
        }
    }
    // Read on from the last confirmed place, in order.
    c.i = at;
    let (mut rest, _) = c.rows(t, records.len(), usize::MAX, 0)?;
    records.append(&mut rest);
    Ok(records)
}
