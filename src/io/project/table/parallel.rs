//! A large table's rows read on several threads: cut at line starts that
//! look like rows, each cut confirmed by the piece before it.

use super::read::{Cursor, Tables};
use crate::io::project::scan::{At, MAX_LIST_ITEMS};
use crate::model::ActivityRecord;

/// What a thread read: its rows, whether it reached the `]`, and where it stopped.
type Piece = Result<(Vec<ActivityRecord>, bool, usize), At>;

/// Line breaks in `s[from..to]`: ParkAudit writes a row per line, so this is
/// the room a piece's rows need (a file edited by hand just grows further).
fn lines(s: &[u8], from: usize, to: usize) -> usize {
    s.get(from..to)
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

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
    // The first piece makes room for every row, so that appending the others
    // does not move it.
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
                        let to = if j == 0 {
                            end_guess
                        } else {
                            stop.min(end_guess)
                        };
                        let capacity = lines(s, from, to) + 1;
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
        if records.len() > MAX_LIST_ITEMS {
            // Too many in all: read again in order, for the error's place.
            c.i = start;
            return c.rows(t, 0, usize::MAX, 0).map(|(records, _)| records);
        }
        at = end;
        if ended {
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
