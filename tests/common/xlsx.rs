//! Building real .xlsx fixture workbooks in tests (rust_xlsxwriter).

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use std::path::{Path, PathBuf};

/// A cell to write.
#[derive(Debug, Clone)]
pub enum V {
    S(&'static str),
    Owned(String),
    N(f64),
    B(bool),
    /// A formula whose cached result is an Excel error, e.g. `#DIV/0!`.
    XErr(&'static str),
    /// A date-formatted cell.
    Date(u16, u8, u8),
    Blank,
}

pub use V::*;

pub struct SheetSpec {
    pub name: &'static str,
    pub rows: Vec<Vec<V>>,
}

pub fn sheet(name: &'static str, rows: Vec<Vec<V>>) -> SheetSpec {
    SheetSpec { name, rows }
}

/// Writes the sheets to `dir/file` and returns the path.
pub fn write(dir: &Path, file: &str, sheets: &[SheetSpec]) -> PathBuf {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(s.name).expect("sheet name");
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    S(t) => ws.write_string(r, c, *t).map(|_| ()),
                    Owned(t) => ws.write_string(r, c, t).map(|_| ()),
                    N(n) => ws.write_number(r, c, *n).map(|_| ()),
                    B(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                    XErr(e) => ws
                        .write_formula(r, c, Formula::new("=1/0").set_result(*e))
                        .map(|_| ()),
                    Date(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                        ws.write_datetime_with_format(r, c, &dt, &date).map(|_| ())
                    }
                    Blank => Ok(()),
                }
                .expect("write cell");
            }
        }
    }
    let path = dir.join(file);
    wb.save(&path).expect("save workbook");
    path
}

pub fn entities_header() -> Vec<V> {
    [
        "entity_id",
        "name",
        "sector",
        "ownership_pct",
        "operational_control",
        "financial_control",
        "included",
        "exclusion_reason",
    ]
    .into_iter()
    .map(S)
    .collect()
}

pub fn activity_header() -> Vec<V> {
    [
        "entity_id",
        "period",
        "scope",
        "category",
        "activity",
        "quantity",
        "unit",
        "factor_id",
        "market_factor_id",
        "evidence_ref",
    ]
    .into_iter()
    .map(S)
    .collect()
}

pub fn factors_header() -> Vec<V> {
    ["factor_id", "unit", "gas", "kg_per_unit", "source"]
        .into_iter()
        .map(S)
        .collect()
}

/// Two entities: E1 fully controlled; E2 50 % owned without control.
pub fn entities() -> SheetSpec {
    sheet(
        "Entities",
        vec![
            entities_header(),
            vec![
                S("E1"),
                S("Steel works"),
                S("steel"),
                N(100.0),
                S("yes"),
                S("yes"),
                S("yes"),
                Blank,
            ],
            vec![
                S("E2"),
                S("Cement JV"),
                S("cement"),
                N(50.0),
                S("no"),
                S("no"),
                S("是"),
                Blank,
            ],
        ],
    )
}

/// Coal 2,000 kg CO2/t; grid 500 kg CO2/MWh; green certificates 0.
pub fn factors() -> SheetSpec {
    sheet(
        "Factors",
        vec![
            factors_header(),
            vec![S("coal"), S("t"), S("CO2"), N(2000.0), S("test factor")],
            vec![
                S("grid"),
                S("MWh"),
                S("CO2"),
                N(500.0),
                S("test grid factor"),
            ],
            vec![S("gec"), S("MWh"), S("CO2"), N(0.0), S("retired GECs")],
        ],
    )
}

/// A valid activity row for E1 (coal, 10 t, January).
pub fn coal_row(evidence: &'static str) -> Vec<V> {
    vec![
        S("E1"),
        S("2024-01"),
        N(1.0),
        N(1.0),
        S("coal_boiler"),
        N(10.0),
        S("t"),
        S("coal"),
        Blank,
        S(evidence),
    ]
}

/// A tenant's own ledger sheet (not the template layout): a title, a blank row,
/// Chinese headers on row 3 and one coal row of E1 naming `factor_id`.
pub fn ledger_sheet(factor_id: &'static str) -> SheetSpec {
    sheet(
        "台账",
        vec![
            vec![S("2024年能源消耗台账")],
            vec![],
            vec![
                S("企业编号"),
                S("月份"),
                S("范围"),
                S("排放源"),
                S("消耗量（吨）"),
                S("单位"),
                S("因子编号"),
            ],
            vec![
                S("E1"),
                S("2024-01"),
                N(1.0),
                S("coal"),
                N(10.0),
                S("t"),
                S(factor_id),
            ],
        ],
    )
}
