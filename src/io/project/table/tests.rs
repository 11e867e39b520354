//! The table: written and read back, on any number of threads.
use super::read::parse_with;
use super::*;
use crate::model::{IsoCategory, RecordSource, Scope};

fn record(i: usize, evidence: &str) -> ActivityRecord {
    ActivityRecord {
        id: format!("R{i}"),
        entity_id: format!("E{}", i % 3),
        period: Period::new(2024, (i % 12) as u8 + 1).expect("month"),
        scope: Scope::S1,
        category: IsoCategory::new(1).expect("category"),
        activity: "diesel".into(),
        quantity: i as f64 * 0.25,
        unit: Unit::Tonne,
        factor_id: "f".into(),
        market_factor_id: None,
        evidence_ref: evidence.into(),
        source: None,
        factor_rule: i.is_multiple_of(2).then(|| "default rule".into()),
        data_type: i
            .is_multiple_of(3)
            .then_some(crate::model::DataType::Metered),
    }
}

fn table(records: &[ActivityRecord]) -> String {
    let mut out = Vec::new();
    write(&mut out, "activity", records).expect("writes");
    String::from_utf8(out).expect("UTF-8")
}

/// Every way of cutting the rows gives the records of a sequential read,
/// even when every row holds a text that looks like the start of a row.
#[test]
fn pieces_read_on_threads_agree_with_one_thread() {
    for evidence in ["plain", "looks like a row:\n      (\"R0\", 0"] {
        let records: Vec<_> = (0..500).map(|i| record(i, evidence)).collect();
        let mut text = table(&records);
        // A raw line break in a text (allowed in RON): the writer escapes it,
        // a person editing the file might not.
        text = text.replace("\\n", "\n");
        let start = text.find('(').expect("table");
        for threads in 1..=5 {
            let (back, end) = parse_with(&text, start, threads, 0)
                .map_err(|e| e.message)
                .expect("parses");
            assert!(back == records, "{threads} threads, {evidence:?}");
            assert_eq!(&text[end..], ",\n", "ends after the table's `)`");
        }
    }
}

/// An error in any piece is reported as a sequential read reports it.
#[test]
fn an_error_is_the_same_on_any_number_of_threads() {
    let records: Vec<_> = (0..300).map(|i| record(i, "e")).collect();
    let good = table(&records);
    // Row 251 (R250): its period, the third value, points past `strings`.
    let line = good
        .lines()
        .position(|l| l.contains("(\"R250\""))
        .expect("row");
    let mut values: Vec<&str> = good.lines().nth(line).expect("row").split(", ").collect();
    let col = values[..2].iter().map(|v| v.len() + 2).sum::<usize>() + 1;
    values[2] = "99";
    let bad_row = values.join(", ");
    let text = good.replace(good.lines().nth(line).expect("row"), &bad_row);
    let start = text.find('(').expect("table");
    let errors: Vec<(usize, usize, String)> = (1..=4)
        .map(|threads| {
            let Err(e) = parse_with(&text, start, threads, 0) else {
                panic!("the bad index was not refused");
            };
            let (line, col) = e.line_col(&text);
            (line, col, e.message)
        })
        .collect();
    assert!(
        errors[0]
            .2
            .starts_with("row 251: `period` is string 99, but `strings` has"),
        "{}",
        errors[0].2
    );
    assert_eq!((errors[0].0, errors[0].1), (line + 1, col));
    assert!(errors.iter().all(|e| *e == errors[0]), "{errors:?}");
}

/// Rows formatted in chunks on two threads make the file one thread makes,
/// and a record that cannot be written stops the save with its own error,
/// whichever thread formatted it.
#[test]
fn rows_written_in_chunks_on_two_threads_are_the_same_file() {
    let mut records: Vec<_> = (0..101).map(|i| record(i, "e")).collect();
    let one = table(&records);
    for chunk in [1, 2, 3, 7, 50, 100, 101, 1000] {
        let mut out = Vec::new();
        write_chunked(&mut out, "activity", &records, chunk).expect("writes");
        assert!(out == one.as_bytes(), "chunks of {chunk}");
    }
    records[77].quantity = f64::NAN;
    records[90].quantity = f64::INFINITY;
    for chunk in [1, 2, 5, 1000] {
        let Err(e) = write_chunked(&mut Vec::new(), "activity", &records, chunk) else {
            panic!("a NaN quantity was written");
        };
        assert_eq!(
            e.to_string(),
            "record R77 has a quantity that is not a finite number",
            "chunks of {chunk}"
        );
    }
}

/// Values round-trip exactly: texts with quotes, backslashes, control
/// characters and Chinese; quantities at the edges of f64.
#[test]
fn values_round_trip() {
    let mut records: Vec<_> = (0..8).map(|i| record(i, "")).collect();
    let texts = [
        "a \"quoted\" \\ path",
        "tab\there\r\n",
        "\u{1}\u{7f}",
        "京海钢铁 — 焦炭",
        "",
    ];
    let quantities = [
        0.0,
        -0.0,
        1e-300,
        1.7976931348623157e308,
        0.1 + 0.2,
        -12.5,
        5e-324,
        123456789.0,
    ];
    for (i, r) in records.iter_mut().enumerate() {
        r.evidence_ref = texts[i % texts.len()].into();
        r.quantity = quantities[i];
        r.market_factor_id = (i % 3 == 0).then(|| texts[(i + 1) % texts.len()].to_string());
        r.source = (i % 2 == 1).then(|| RecordSource {
            // The largest import number and row are values, not a marker.
            import: if i == 1 { u32::MAX } else { i as u32 },
            sheet: texts[(i + 2) % texts.len()].into(),
            row: u32::MAX,
        });
    }
    let text = table(&records);
    // The shortest round-trip decimal (Ryū), as docs/project-format.md says.
    for written in [
        ", 123456789.0,",
        ", 1e-300,",
        ", -0.0,",
        ", 1.7976931348623157e308,",
        ", 5e-324,",
        ", 0.30000000000000004,",
    ] {
        assert!(text.contains(written), "{written} in {text}");
    }
    let start = text.find('(').expect("table");
    let (back, _) = parse_with(&text, start, 1, 0).expect("parses");
    assert_eq!(back, records);
    for (a, b) in back.iter().zip(&records) {
        assert_eq!(a.quantity.to_bits(), b.quantity.to_bits(), "bit for bit");
    }
}

#[test]
fn columns_are_listed_in_the_order_of_col() {
    for (i, c) in COLUMNS.iter().enumerate() {
        assert_eq!(c.0 as usize, i, "{}", c.1);
    }
}

/// A period or unit text that equals another column's string is listed once.
#[test]
fn each_string_is_listed_once() {
    let mut a = record(0, "e");
    a.factor_id = "t".into();
    let mut b = record(1, "e");
    b.entity_id = "2024-01".into();
    let text = table(&[a.clone(), b.clone()]);
    let strings =
        &text[text.find("strings: [").expect("strings")..text.find("rows:").expect("rows")];
    for s in ["\"t\",", "\"2024-01\","] {
        assert_eq!(strings.matches(s).count(), 1, "{s} in {strings}");
    }
    let start = text.find('(').expect("table");
    let (back, _) = parse_with(&text, start, 1, 0).expect("parses");
    assert_eq!(back, [a, b]);
}
