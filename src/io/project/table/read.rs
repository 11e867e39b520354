//! The table's reader: a cursor over the bytes, one function per part of the
//! grammar, and the rows read on several threads when there are many.

use super::parallel::{PARALLEL_FROM_BYTES, rows_in_parallel};
use super::{COLUMNS, Col, spec};
use crate::io::project::scan::{At, MAX_LIST_ITEMS, MAX_STRING_BYTES, skip_ws};
use crate::model::{ActivityRecord, DataType, IsoCategory, Period, RecordSource, Scope, Unit};

/// Reads a table from the `(` at `start`; the records and the offset after
/// the closing `)`.
pub fn parse(text: &str, start: usize) -> Result<(Vec<ActivityRecord>, usize), At> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    parse_with(text, start, threads, PARALLEL_FROM_BYTES)
}

/// [`parse`] on up to `threads` threads once the rows take `parallel_from` bytes.
pub(super) fn parse_with(
    text: &str,
    start: usize,
    threads: usize,
    parallel_from: usize,
) -> Result<(Vec<ActivityRecord>, usize), At> {
    let mut c = Cursor {
        text,
        s: text.as_bytes(),
        i: start,
    };
    c.expect(b'(')?;
    c.field("columns")?;
    let names = c.list(|c| {
        c.ws()?;
        let at = c.i;
        c.string().map(|s| (at, s))
    })?;
    let mut cols: Vec<Col> = Vec::new();
    for (at, name) in &names {
        let Some(spec) = COLUMNS.iter().find(|c| c.1 == name) else {
            return Err(At::new(
                *at,
                format!(
                    "unknown column `{name}` — the file was written by a newer ParkAudit, or the columns list was edited"
                ),
            ));
        };
        if cols.contains(&spec.0) {
            return Err(At::new(*at, format!("column `{name}` is listed twice")));
        }
        cols.push(spec.0);
    }
    for (col, name, _, required) in COLUMNS {
        if required && !cols.contains(&col) {
            return Err(At::new(start, format!("the table has no `{name}` column")));
        }
    }
    let sources = [Col::SourceImport, Col::SourceSheet, Col::SourceRow];
    let n_source = sources.iter().filter(|s| cols.contains(s)).count();
    if n_source != 0 && n_source != 3 {
        return Err(At::new(
            start,
            "source_import, source_sheet and source_row are columns together or not at all",
        ));
    }
    c.comma()?;
    c.field("strings")?;
    let strings = c.list(|c| c.string())?;
    // Each string parsed once as a month and as a unit, for the columns that
    // hold them (the message only for a row that uses a bad one).
    let periods: Vec<Option<Period>> = strings.iter().map(|s| Period::parse(s).ok()).collect();
    let units: Vec<Option<Unit>> = strings.iter().map(|s| Unit::parse(s).ok()).collect();
    c.comma()?;
    c.field("rows")?;
    let tables = Tables {
        cols: &cols,
        strings: &strings,
        periods: &periods,
        units: &units,
    };
    c.expect(b'[')?;
    let records = rows_in_parallel(&mut c, &tables, threads, parallel_from)?;
    c.ws()?;
    if c.peek() == Some(b',') {
        c.i += 1;
    }
    c.expect(b')')?;
    Ok((records, c.i))
}

pub(super) struct Tables<'a> {
    cols: &'a [Col],
    strings: &'a [String],
    periods: &'a [Option<Period>],
    units: &'a [Option<Unit>],
}

pub(super) struct Cursor<'a> {
    pub(super) text: &'a str,
    pub(super) s: &'a [u8],
    pub(super) i: usize,
}

fn found(s: &[u8], i: usize) -> String {
    match s.get(i) {
        None => "the end of the file".to_string(),
        Some(_) => {
            let end = (i + 12).min(s.len());
            let t = String::from_utf8_lossy(&s[i..end]);
            let t = t.split(['\n', '\r']).next().unwrap_or("");
            format!("`{t}`")
        }
    }
}

impl Cursor<'_> {
    fn ws(&mut self) -> Result<(), At> {
        self.i = skip_ws(self.s, self.i)?;
        Ok(())
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn err(&self, what: &str) -> At {
        At::new(
            self.i,
            format!("expected {what}, found {}", found(self.s, self.i)),
        )
    }

    fn expect(&mut self, b: u8) -> Result<(), At> {
        self.ws()?;
        if self.peek() == Some(b) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(&format!("`{}`", b as char)))
        }
    }

    fn comma(&mut self) -> Result<(), At> {
        self.expect(b',')
    }

    fn word(&mut self) -> &[u8] {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|b| b == b'_' || b.is_ascii_alphanumeric())
        {
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    fn field(&mut self, name: &str) -> Result<(), At> {
        self.ws()?;
        let at = self.i;
        if self.word() != name.as_bytes() {
            self.i = at;
            return Err(self.err(&format!("`{name}:`")));
        }
        self.expect(b':')
    }

    /// `[ item, item, … ]` with an optional trailing comma.
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T, At>) -> Result<Vec<T>, At> {
        self.expect(b'[')?;
        let mut out = Vec::new();
        loop {
            self.ws()?;
            if self.peek() == Some(b']') {
                self.i += 1;
                return Ok(out);
            }
            if out.len() >= MAX_LIST_ITEMS {
                return Err(At::new(
                    self.i,
                    format!(
                        "more than {MAX_LIST_ITEMS} elements in one list — this is not a ParkAudit project file"
                    ),
                ));
            }
            out.push(item(self)?);
            self.ws()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                _ => return Err(self.err("`,` or `]`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, At> {
        self.ws()?;
        let start = self.i;
        if self.peek() != Some(b'"') {
            return Err(self.err("a text in quotes"));
        }
        self.i += 1;
        let body = self.i;
        // The common case: no escapes, one copy.
        while let Some(b) = self.peek() {
            match b {
                b'"' => {
                    // Quotes are ASCII, so both ends are character boundaries.
                    let s = self.text.get(body..self.i).unwrap_or_default().to_owned();
                    self.i += 1;
                    return Ok(s);
                }
                b'\\' => break,
                _ => self.i += 1,
            }
            if self.i - body > MAX_STRING_BYTES {
                return Err(At::new(
                    start,
                    "a text longer than 16 MiB — the file is damaged or not a project",
                ));
            }
        }
        let mut out: Vec<u8> = self.s[body..self.i].to_vec();
        loop {
            // As the scanner counts: the content as written.
            if self.i - body > MAX_STRING_BYTES {
                return Err(At::new(
                    start,
                    "a text longer than 16 MiB — the file is damaged or not a project",
                ));
            }
            match self.peek() {
                None => {
                    return Err(At::new(
                        start,
                        "this text is never closed (`\"`) — the file is cut short",
                    ));
                }
                Some(b'"') => {
                    self.i += 1;
                    // Escapes only ever produce whole characters.
                    return String::from_utf8(out)
                        .map_err(|_| At::new(start, "this text is not valid UTF-8"));
                }
                Some(b'\\') => {
                    let at = self.i;
                    self.i += 1;
                    let e = self.peek();
                    self.i += 1;
                    let ch = match e {
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'0') => '\0',
                        Some(b'\\') => '\\',
                        Some(b'"') => '"',
                        Some(b'\'') => '\'',
                        Some(b'u') if self.peek() == Some(b'{') => {
                            let close = self.s[self.i..].iter().take(10).position(|&b| b == b'}');
                            let hex = close.map(|k| &self.s[self.i + 1..self.i + k]);
                            let ch = hex
                                .and_then(|h| std::str::from_utf8(h).ok())
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32);
                            match (ch, close) {
                                (Some(ch), Some(k)) => {
                                    self.i += k + 1;
                                    ch
                                }
                                _ => {
                                    return Err(At::new(
                                        at,
                                        "a \\u{…} escape that is not a character",
                                    ));
                                }
                            }
                        }
                        _ => {
                            return Err(At::new(
                                at,
                                "an unknown escape — write \\\\ for a backslash",
                            ));
                        }
                    };
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                Some(b) => {
                    out.push(b);
                    self.i += 1;
                }
            }
        }
    }

    /// A non-negative integer below 2³²; `what` names it in an error (built
    /// only then: this runs for every value of every row).
    fn int(&mut self, what: &dyn Fn() -> String) -> Result<u32, At> {
        self.ws()?;
        let start = self.i;
        let mut n: u64 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            n = n * 10 + u64::from(b - b'0');
            if n > u64::from(u32::MAX) {
                return Err(At::new(start, format!("{} is too large", what())));
            }
            self.i += 1;
        }
        if self.i == start
            || self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.')
        {
            self.i = start;
            return Err(self.err(&what()));
        }
        Ok(n as u32)
    }

    /// `None`, or what `some` reads.
    fn opt<T>(&mut self, some: impl FnOnce(&mut Self) -> Result<T, At>) -> Result<Option<T>, At> {
        self.ws()?;
        let after = self.s.get(self.i + 4).copied().unwrap_or(b' ');
        if self.s[self.i..].starts_with(b"None")
            && !(after == b'_' || after.is_ascii_alphanumeric())
        {
            self.i += 4;
            return Ok(None);
        }
        some(self).map(Some)
    }

    fn number(&mut self) -> Result<f64, At> {
        self.ws()?;
        let start = self.i;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'_'))
        {
            self.i += 1;
        }
        let token = self.text.get(start..self.i).unwrap_or("");
        let body = token.trim_start_matches(['-', '+']);
        let finite =
            !(body.starts_with("inf") || body.starts_with("NaN") || body.starts_with("nan"));
        match token.parse::<f64>() {
            Ok(v) if v.is_finite() && finite => Ok(v),
            Ok(_) => Err(At::new(
                start,
                format!(
                    "the quantity {token} is not a finite number — write the quantity as a number"
                ),
            )),
            Err(_) => {
                self.i = start;
                Err(self.err("a quantity (a number)"))
            }
        }
    }

    /// Rows until the list's `]` (consumed; `true`), or until the next row
    /// would start at or after `stop` (`false`). `n` rows came before.
    pub(super) fn rows(
        &mut self,
        t: &Tables,
        mut n: usize,
        stop: usize,
        capacity: usize,
    ) -> Result<(Vec<ActivityRecord>, bool), At> {
        let mut out = Vec::with_capacity(capacity.min(MAX_LIST_ITEMS));
        loop {
            self.ws()?;
            if self.peek() == Some(b']') {
                self.i += 1;
                return Ok((out, true));
            }
            if self.i >= stop {
                return Ok((out, false));
            }
            if n >= MAX_LIST_ITEMS {
                return Err(At::new(
                    self.i,
                    format!(
                        "more than {MAX_LIST_ITEMS} rows in one table — this is not a ParkAudit project file"
                    ),
                ));
            }
            n += 1;
            out.push(self.row(t, n)?);
            self.ws()?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {}
                _ => return Err(self.err("`,` or `]`")),
            }
        }
    }

    fn index<'t>(&mut self, t: &'t Tables, col: &str, row: usize) -> Result<(usize, &'t str), At> {
        let at = self.i;
        let i = self.int(&|| format!("row {row}: `{col}` (an index into `strings`)"))? as usize;
        match t.strings.get(i) {
            Some(s) => Ok((i, s)),
            None => Err(At::new(
                at,
                format!(
                    "row {row}: `{col}` is string {i}, but `strings` has {} entries",
                    t.strings.len()
                ),
            )),
        }
    }

    fn row(&mut self, t: &Tables, n: usize) -> Result<ActivityRecord, At> {
        self.expect(b'(')?;
        let row_at = self.i;
        let mut r = RowValues::default();
        for (k, &col) in t.cols.iter().enumerate() {
            if k > 0 {
                self.ws()?;
                if self.peek() == Some(b')') {
                    return Err(At::new(
                        self.i,
                        format!(
                            "row {n} has {k} values; the table has {} columns",
                            t.cols.len()
                        ),
                    ));
                }
                self.comma()?;
            }
            self.ws()?;
            let at = self.i;
            let name = spec(col).1;
            match col {
                Col::Id => r.id = self.string()?,
                Col::Evidence => r.evidence = self.string()?,
                Col::Entity => r.entity = self.index(t, name, n)?.1.to_string(),
                Col::Activity => r.activity = self.index(t, name, n)?.1.to_string(),
                Col::Factor => r.factor = self.index(t, name, n)?.1.to_string(),
                Col::Period => {
                    let (i, text) = self.index(t, name, n)?;
                    r.period = Some(t.periods[i].ok_or_else(|| {
                        let e = Period::parse(text)
                            .err()
                            .map(|e| e.to_string())
                            .unwrap_or_default();
                        At::new(at, format!("row {n}: {e}"))
                    })?);
                }
                Col::Unit => {
                    let (i, text) = self.index(t, name, n)?;
                    r.unit = Some(t.units[i].ok_or_else(|| {
                        let e = Unit::parse(text)
                            .err()
                            .map(|e| e.to_string())
                            .unwrap_or_default();
                        At::new(at, format!("row {n}: {e}"))
                    })?);
                }
                Col::Scope => {
                    let v = self.int(&|| format!("row {n}: the scope (1, 2 or 3)"))?;
                    r.scope = Some(
                        u8::try_from(v)
                            .ok()
                            .and_then(|v| Scope::try_from(v).ok())
                            .ok_or_else(|| {
                                At::new(at, format!("row {n}: scope must be 1, 2 or 3, not {v}"))
                            })?,
                    );
                }
                Col::Category => {
                    let v = self.int(&|| format!("row {n}: the ISO 14064-1 category (1–6)"))?;
                    r.category = Some(
                        u8::try_from(v)
                            .ok()
                            .and_then(|v| IsoCategory::new(v).ok())
                            .ok_or_else(|| {
                                At::new(
                                    at,
                                    format!(
                                        "row {n}: the ISO 14064-1 category must be 1–6, not {v}"
                                    ),
                                )
                            })?,
                    );
                }
                Col::Quantity => r.quantity = Some(self.number()?),
                Col::MarketFactor => {
                    r.market = self.opt(|c| c.index(t, name, n).map(|x| x.1.to_string()))?
                }
                Col::FactorRule => {
                    r.rule = self.opt(|c| c.index(t, name, n).map(|x| x.1.to_string()))?
                }
                Col::DataType => {
                    let at = self.i;
                    let text = self.opt(|c| c.index(t, name, n).map(|x| x.1.to_string()))?;
                    r.data_type = match text {
                        None => None,
                        Some(text) => Some(DataType::from_key(&text).ok_or_else(|| {
                            At::new(
                                at,
                                format!(
                                    "row {n}: '{text}' is not a data type (metered, invoiced, estimated or proxy)"
                                ),
                            )
                        })?),
                    };
                }
                Col::SourceSheet => {
                    r.sheet = self.opt(|c| c.index(t, name, n).map(|x| x.1.to_string()))?
                }
                Col::SourceImport => {
                    r.import = self.opt(|c| c.int(&|| format!("row {n}: the import number")))?
                }
                Col::SourceRow => {
                    r.source_row = self.opt(|c| c.int(&|| format!("row {n}: the source row")))?
                }
            }
        }
        self.ws()?;
        if self.peek() == Some(b',') {
            self.i += 1;
            self.ws()?;
        }
        if self.peek() != Some(b')') {
            return Err(At::new(
                self.i,
                format!(
                    "row {n} has more values than the table's {} columns",
                    t.cols.len()
                ),
            ));
        }
        self.i += 1;
        r.into_record().ok_or_else(|| {
            At::new(
                row_at,
                format!("row {n}: source_import, source_sheet and source_row are given together or all None"),
            )
        })
    }
}

#[derive(Default)]
struct RowValues {
    id: String,
    entity: String,
    period: Option<Period>,
    scope: Option<Scope>,
    category: Option<IsoCategory>,
    activity: String,
    quantity: Option<f64>,
    unit: Option<Unit>,
    factor: String,
    market: Option<String>,
    evidence: String,
    import: Option<u32>,
    sheet: Option<String>,
    source_row: Option<u32>,
    rule: Option<String>,
    data_type: Option<DataType>,
}

impl RowValues {
    /// The record; `None` when the source columns are given only in part
    /// (the required columns are checked against the header beforehand).
    fn into_record(self) -> Option<ActivityRecord> {
        let source = match (self.import, self.sheet, self.source_row) {
            (Some(import), Some(sheet), Some(row)) => Some(RecordSource { import, sheet, row }),
            (None, None, None) => None,
            _ => return None,
        };
        Some(ActivityRecord {
            id: self.id,
            entity_id: self.entity,
            period: self.period?,
            scope: self.scope?,
            category: self.category?,
            activity: self.activity,
            quantity: self.quantity?,
            unit: self.unit?,
            factor_id: self.factor,
            market_factor_id: self.market,
            evidence_ref: self.evidence,
            source,
            factor_rule: self.rule,
            data_type: self.data_type,
        })
    }
}
