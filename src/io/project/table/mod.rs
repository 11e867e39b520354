//! Activity records as a table: the column names once, the strings that
//! repeat across records once, then one line per record — still RON, still
//! diffable, a third the size of a list of structs and read by a parser made
//! for it. The layout is specified in `docs/project-format.md`.

mod parallel;
mod read;

pub use read::parse;

use super::scan::{MAX_LIST_ITEMS, MAX_STRING_BYTES};

use crate::model::{ActivityRecord, Period, Unit};
use std::collections::HashMap;
use std::io::{self, Write};

/// A column of the table; its name is what the file's `columns` list holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Id,
    Entity,
    Period,
    Scope,
    Category,
    Activity,
    Quantity,
    Unit,
    Factor,
    MarketFactor,
    Evidence,
    SourceImport,
    SourceSheet,
    SourceRow,
    FactorRule,
    DataType,
}

/// How a column's values are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A string literal.
    Text,
    /// An index into `strings`.
    Interned,
    /// An index into `strings`, or `None`.
    OptInterned,
    /// A non-negative integer.
    Int,
    /// A non-negative integer, or `None`.
    OptInt,
    /// A finite number.
    Number,
}

/// The columns, in the order ParkAudit writes them: name, kind, required.
const COLUMNS: [(Col, &str, Kind, bool); 16] = [
    (Col::Id, "id", Kind::Text, true),
    (Col::Entity, "entity_id", Kind::Interned, true),
    (Col::Period, "period", Kind::Interned, true),
    (Col::Scope, "scope", Kind::Int, true),
    (Col::Category, "category", Kind::Int, true),
    (Col::Activity, "activity", Kind::Interned, true),
    (Col::Quantity, "quantity", Kind::Number, true),
    (Col::Unit, "unit", Kind::Interned, true),
    (Col::Factor, "factor_id", Kind::Interned, true),
    (
        Col::MarketFactor,
        "market_factor_id",
        Kind::OptInterned,
        false,
    ),
    (Col::Evidence, "evidence_ref", Kind::Text, false),
    (Col::SourceImport, "source_import", Kind::OptInt, false),
    (Col::SourceSheet, "source_sheet", Kind::OptInterned, false),
    (Col::SourceRow, "source_row", Kind::OptInt, false),
    (Col::FactorRule, "factor_rule", Kind::OptInterned, false),
    (Col::DataType, "data_type", Kind::OptInterned, false),
];

/// A column's entry in [`COLUMNS`] (listed in the order of [`Col`]).
fn spec(col: Col) -> (Col, &'static str, Kind, bool) {
    COLUMNS[col as usize]
}

/// The optional columns a set of records needs (a column nobody uses is not written).
fn used_columns(records: &[ActivityRecord]) -> Vec<Col> {
    let market = records.iter().any(|r| r.market_factor_id.is_some());
    let evidence = records.iter().any(|r| !r.evidence_ref.is_empty());
    let source = records.iter().any(|r| r.source.is_some());
    let rule = records.iter().any(|r| r.factor_rule.is_some());
    let data_type = records.iter().any(|r| r.data_type.is_some());
    COLUMNS
        .iter()
        .filter(|(col, _, _, required)| {
            *required
                || match col {
                    Col::MarketFactor => market,
                    Col::Evidence => evidence,
                    Col::SourceImport | Col::SourceSheet | Col::SourceRow => source,
                    Col::FactorRule => rule,
                    Col::DataType => data_type,
                    _ => false,
                }
        })
        .map(|c| c.0)
        .collect()
}

/// Strings in order of first use, each once.
#[derive(Default)]
struct Interner<'a> {
    index: HashMap<&'a str, u32>,
    /// Period and unit texts, which the records do not hold as strings.
    owned_index: HashMap<String, u32>,
    strings: Vec<std::borrow::Cow<'a, str>>,
    periods: HashMap<Period, u32>,
    units: HashMap<Unit, u32>,
}

impl<'a> Interner<'a> {
    fn text(&mut self, s: &'a str) -> u32 {
        if let Some(&i) = self.index.get(s).or_else(|| self.owned_index.get(s)) {
            return i;
        }
        let i = self.strings.len() as u32;
        self.index.insert(s, i);
        self.strings.push(s.into());
        i
    }

    /// Periods and units are written as their display text, which may
    /// coincide with another column's string: one entry serves both.
    fn owned(&mut self, s: String) -> u32 {
        if let Some(&i) = self
            .index
            .get(s.as_str())
            .or_else(|| self.owned_index.get(&s))
        {
            return i;
        }
        let i = self.strings.len() as u32;
        self.owned_index.insert(s.clone(), i);
        self.strings.push(s.into());
        i
    }

    fn period(&mut self, p: Period) -> u32 {
        if let Some(&i) = self.periods.get(&p) {
            return i;
        }
        let i = self.owned(p.to_string());
        self.periods.insert(p, i);
        i
    }

    fn unit(&mut self, u: Unit) -> u32 {
        if let Some(&i) = self.units.get(&u) {
            return i;
        }
        let i = self.owned(u.to_string());
        self.units.insert(u, i);
        i
    }
}

const NONE: u32 = u32::MAX;

/// Writes `  NAME: ( columns: […], strings: […], rows: […] ),` at the
/// indentation of a top-level field of the project struct.
pub fn write(w: &mut dyn Write, name: &str, records: &[ActivityRecord]) -> io::Result<()> {
    write_chunked(w, name, records, ROWS_PER_CHUNK)
}

/// [`write`], with the rows formatted `chunk_rows` at a time.
fn write_chunked(
    w: &mut dyn Write,
    name: &str,
    records: &[ActivityRecord],
    chunk_rows: usize,
) -> io::Result<()> {
    // What a reader would refuse is never written: the save fails instead.
    let unreadable = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
    if records.len() > MAX_LIST_ITEMS {
        return Err(unreadable(format!(
            "{} records are more than a project file holds ({MAX_LIST_ITEMS})",
            records.len()
        )));
    }
    let cols = used_columns(records);
    let mut interner = Interner::default();
    // Per record, the string indices of its interned columns, in `cols` order.
    let interned: Vec<Col> = cols
        .iter()
        .copied()
        .filter(|&c| matches!(spec(c).2, Kind::Interned | Kind::OptInterned))
        .collect();
    let mut indices: Vec<u32> = Vec::with_capacity(records.len() * interned.len());
    for r in records {
        for &c in &interned {
            let i = match c {
                Col::Entity => interner.text(&r.entity_id),
                Col::Period => interner.period(r.period),
                Col::Activity => interner.text(&r.activity),
                Col::Unit => interner.unit(r.unit),
                Col::Factor => interner.text(&r.factor_id),
                Col::MarketFactor => r
                    .market_factor_id
                    .as_deref()
                    .map_or(NONE, |s| interner.text(s)),
                Col::SourceSheet => r.source.as_ref().map_or(NONE, |s| interner.text(&s.sheet)),
                Col::FactorRule => r.factor_rule.as_deref().map_or(NONE, |s| interner.text(s)),
                Col::DataType => r.data_type.map_or(NONE, |t| interner.text(t.key())),
                _ => NONE,
            };
            indices.push(i);
        }
    }

    let mut line: Vec<u8> = Vec::with_capacity(256);
    write!(w, "  {name}: (\n    columns: [")?;
    for (k, c) in cols.iter().enumerate() {
        if k > 0 {
            w.write_all(b", ")?;
        }
        write!(w, "\"{}\"", spec(*c).1)?;
    }
    w.write_all(b"],\n    strings: [\n")?;
    for (i, s) in interner.strings.iter().enumerate() {
        if s.len() > MAX_STRING_BYTES {
            return Err(unreadable(format!(
                "a text longer than {} MiB in the records, which could not be read back",
                MAX_STRING_BYTES >> 20
            )));
        }
        line.clear();
        line.extend_from_slice(b"      ");
        push_text(&mut line, s);
        // The index as a comment, for a reader looking up a row's numbers.
        line.extend_from_slice(b", // ");
        push_index(&mut line, i as u32);
        line.push(b'\n');
        w.write_all(&line)?;
    }
    w.write_all(b"    ],\n    rows: [\n")?;
    let rows = Rows {
        cols: &cols,
        indices: &indices,
        per: interned.len(),
    };
    rows.write(w, records, chunk_rows.max(1))?;
    w.write_all(b"    ],\n  ),\n")
}

/// Rows formatted per chunk: the chunks alternate between this thread and a
/// helper, and are written in order (the file is the same as one thread's).
const ROWS_PER_CHUNK: usize = 16_384;

/// What formats a table's rows: its columns and each record's string indices.
struct Rows<'a> {
    cols: &'a [Col],
    indices: &'a [u32],
    /// Interned columns per record.
    per: usize,
}

impl Rows<'_> {
    /// Writes every record's row, formatting on two cores when there are
    /// several chunks; a record that cannot be written stops the save with
    /// the error of the first such record.
    fn write(
        &self,
        w: &mut dyn Write,
        records: &[ActivityRecord],
        chunk_rows: usize,
    ) -> io::Result<()> {
        let chunks: Vec<(usize, &[ActivityRecord])> = records
            .chunks(chunk_rows)
            .enumerate()
            .map(|(k, c)| (k * chunk_rows, c))
            .collect();
        if chunks.len() < 2 {
            let mut out = Vec::new();
            for &(first, chunk) in &chunks {
                self.format(&mut out, first, chunk)?;
            }
            return w.write_all(&out);
        }
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<io::Result<Vec<u8>>>(1);
            let odd: Vec<(usize, &[ActivityRecord])> =
                chunks.iter().skip(1).step_by(2).copied().collect();
            let helper = std::thread::Builder::new()
                .name("save-rows".into())
                .spawn_scoped(scope, move || {
                    for (first, chunk) in odd {
                        let mut out = Vec::new();
                        let r = self.format(&mut out, first, chunk).map(|()| out);
                        if tx.send(r).is_err() {
                            return; // the writer stopped
                        }
                    }
                });
            let mut own = Vec::new();
            for (k, &(first, chunk)) in chunks.iter().enumerate() {
                let out = if k % 2 == 0 || helper.is_err() {
                    own.clear();
                    self.format(&mut own, first, chunk)?;
                    std::mem::take(&mut own)
                } else {
                    rx.recv()
                        .map_err(|_| io::Error::other("the row formatter stopped"))??
                };
                w.write_all(&out)?;
                own = out;
            }
            Ok(())
        })
    }

    /// Appends the rows of `records` (the table's from index `first`) to `line`.
    fn format(
        &self,
        line: &mut Vec<u8>,
        first: usize,
        records: &[ActivityRecord],
    ) -> io::Result<()> {
        let mut float = ryu::Buffer::new();
        let per = self.per;
        for (n, r) in records.iter().enumerate() {
            line.extend_from_slice(b"      (");
            let mut next_interned = (first + n) * per;
            for (k, c) in self.cols.iter().enumerate() {
                if k > 0 {
                    line.extend_from_slice(b", ");
                }
                match spec(*c).2 {
                    Kind::Interned | Kind::OptInterned => {
                        push_index(line, self.indices[next_interned]);
                        next_interned += 1;
                    }
                    _ => match c {
                        Col::Scope => crate::io::push_decimal(line, u32::from(r.scope.number())),
                        Col::Category => {
                            crate::io::push_decimal(line, u32::from(r.category.number()))
                        }
                        Col::Quantity => {
                            if !r.quantity.is_finite() {
                                return Err(io::Error::new(
                                    io::ErrorKind::InvalidData,
                                    format!(
                                        "record {} has a quantity that is not a finite number",
                                        r.id
                                    ),
                                ));
                            }
                            line.extend_from_slice(float.format_finite(r.quantity).as_bytes());
                        }
                        // Options, not a marker: every u32 is a valid import or row.
                        Col::SourceImport => push_opt(line, r.source.as_ref().map(|s| s.import)),
                        Col::SourceRow => push_opt(line, r.source.as_ref().map(|s| s.row)),
                        Col::Id | Col::Evidence => {
                            let text = if *c == Col::Id {
                                &r.id
                            } else {
                                &r.evidence_ref
                            };
                            if text.len() > MAX_STRING_BYTES {
                                return Err(io::Error::new(
                                    io::ErrorKind::InvalidData,
                                    format!(
                                        "record {} holds a text longer than {} MiB, which could not be read back",
                                        r.id.chars().take(40).collect::<String>(),
                                        MAX_STRING_BYTES >> 20
                                    ),
                                ));
                            }
                            push_text(line, text);
                        }
                        _ => {}
                    },
                }
            }
            line.extend_from_slice(b"),\n");
        }
        Ok(())
    }
}

/// An integer, or `None`.
fn push_opt(out: &mut Vec<u8>, n: Option<u32>) {
    match n {
        Some(n) => crate::io::push_decimal(out, n),
        None => out.extend_from_slice(b"None"),
    }
}

/// A string index, or `None` for [`NONE`] (no table has 2³² − 1 strings).
fn push_index(out: &mut Vec<u8>, n: u32) {
    push_opt(out, (n != NONE).then_some(n));
}

/// A RON string literal: `\\`, `\"` and control characters escaped, the
/// rest (Chinese included) as it is.
fn push_text(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for ch in s.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if c.is_control() => {
                out.extend_from_slice(format!("\\u{{{:x}}}", c as u32).as_bytes());
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests;
