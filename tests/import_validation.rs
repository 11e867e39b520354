//! Every validation rule of the Excel import, each with a real workbook.

mod common;

use common::Merge;
use common::xlsx::*;
use parkaudit::io::import::{ImportError, ImportOptions, ImportOutcome, Issue, import_workbook};
use parkaudit::model::Project;
use std::path::Path;

fn empty_project() -> Project {
    Project::new("Test Park", 2024)
}

fn opts() -> ImportOptions {
    ImportOptions {
        imported_at: "2026-12-01T00:00:00Z".into(),
        ..Default::default()
    }
}

fn run(project: &Project, path: &Path) -> ImportOutcome {
    import_workbook(project, path, &opts()).expect("the workbook is readable")
}

/// Imports a workbook with the standard Entities and Factors sheets plus these activity rows.
fn with_activity(rows: Vec<Vec<V>>) -> (tempfile::TempDir, ImportOutcome) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut all = vec![activity_header()];
    all.extend(rows);
    let path = write(
        dir.path(),
        "t.xlsx",
        &[entities(), factors(), sheet("Activity", all)],
    );
    let out = run(&empty_project(), &path);
    (dir, out)
}

fn errors(out: &ImportOutcome) -> Vec<String> {
    out.report.errors().map(Issue::to_string).collect()
}

fn warnings(out: &ImportOutcome) -> Vec<String> {
    out.report.warnings().map(Issue::to_string).collect()
}

/// Asserts exactly one error, equal to `want`, and that nothing would be imported.
fn assert_one_error(out: &ImportOutcome, want: &str) {
    let errs = errors(out);
    assert_eq!(errs, vec![want.to_string()], "errors");
    assert!(
        out.batch.is_none(),
        "all-or-nothing: no project when a row is invalid"
    );
}

#[test]
fn a_clean_workbook_imports_with_provenance() {
    let (_d, out) = with_activity(vec![
        coal_row("INV-1"),
        vec![
            S("E1"),
            S("2024-02"),
            N(2.0),
            Blank,
            S("grid_electricity"),
            N(2000.0),
            S("kWh"),
            S("grid"),
            S("gec"),
            S("MTR-2"),
        ],
        vec![
            S("E2"),
            Date(2024, 3, 15),
            S("1"),
            N(1.0),
            S("coal_boiler"),
            N(5.0),
            S("吨"),
            S("coal"),
            Blank,
            S("INV-3"),
        ],
    ]);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let p = out.merged_into(&empty_project()).expect("merged project");
    assert_eq!(p.entities.len(), 2);
    assert_eq!(p.factors.len(), 3);
    assert_eq!(p.activity.len(), 3);
    assert_eq!(
        p.activity[2].period.to_string(),
        "2024-03",
        "an Excel date counts by its month"
    );
    let src = p.activity[1].source.as_ref().expect("source");
    assert_eq!(
        (src.import, src.sheet.as_str(), src.row),
        (1, "Activity", 3)
    );
    assert_eq!(p.imports.len(), 1);
    let counts = &p.imports[0].sheets;
    assert_eq!(
        counts
            .iter()
            .map(|s| (s.sheet.as_str(), s.rows_read, s.accepted))
            .collect::<Vec<_>>(),
        [("Entities", 2, 2), ("Factors", 3, 3), ("Activity", 3, 3)]
    );
    // 10 t × 2 t CO2/t = 20 t; 2 MWh × 0.5 = 1 t (market 0); E2 has no control: 5 t × 2 = 10 t excluded.
    assert_eq!(out.report.total_after_t, Some(21.0));
    let inv = parkaudit::calc::compute(&p).expect("computes");
    assert_eq!(
        (
            inv.scope1_t,
            inv.scope2_location_t,
            inv.scope2_market_t,
            inv.excluded_t
        ),
        (20.0, 1.0, 0.0, 10.0)
    );
}

#[test]
fn missing_sheet_and_missing_columns_are_structural() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "nosheet.xlsx",
        &[entities(), sheet("Data", vec![activity_header()])],
    );
    let err = import_workbook(&empty_project(), &path, &opts()).expect_err("no Activity sheet");
    let text = format!("{err}");
    assert!(matches!(err, ImportError::Structure { .. }));
    assert!(
        text.contains("missing sheet Activity (or 活动数据); the workbook has: Entities, Data"),
        "{text}"
    );

    let mut header = activity_header();
    header.remove(5); // quantity
    let path = write(dir.path(), "nocol.xlsx", &[sheet("Activity", vec![header])]);
    let text = import_workbook(&empty_project(), &path, &opts())
        .expect_err("no quantity")
        .to_string();
    assert!(text.contains("sheet Activity: header row 1: missing column quantity — add a column headed 'quantity' (or '数量')"), "{text}");

    let path = write(dir.path(), "emptysheet.xlsx", &[sheet("Activity", vec![])]);
    let text = import_workbook(&empty_project(), &path, &opts())
        .expect_err("empty sheet")
        .to_string();
    assert!(
        text.contains("no header row 1 — the sheet is empty"),
        "{text}"
    );
}

#[test]
fn unknown_entity() {
    let (_d, out) = with_activity(vec![vec![
        S("E9"),
        S("2024-01"),
        N(1.0),
        N(1.0),
        S("coal"),
        N(1.0),
        S("t"),
        S("coal"),
        Blank,
        S("x"),
    ]]);
    assert_one_error(
        &out,
        "sheet Activity, row 2, column entity_id (A), value \"E9\": unknown entity 'E9' — add it to the Entities sheet or the project",
    );
}

#[test]
fn unknown_factor() {
    let (_d, out) = with_activity(vec![vec![
        S("E1"),
        S("2024-01"),
        N(1.0),
        N(1.0),
        S("coal"),
        N(1.0),
        S("t"),
        S("lignite"),
        Blank,
        S("x"),
    ]]);
    assert_one_error(
        &out,
        "sheet Activity, row 2, column factor_id (H), value \"lignite\": unknown factor 'lignite' — define it in the Factors sheet, the project, or use a library id (parkaudit factors)",
    );
}

#[test]
fn unknown_and_ambiguous_units() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("tons"),
            S("coal"),
            Blank,
            S("x"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("MT"),
            S("coal"),
            Blank,
            S("y"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(2.0),
            N(2.0),
            S("power"),
            N(1.0),
            S("mWh"),
            S("grid"),
            Blank,
            S("z"),
        ],
    ]);
    let errs = errors(&out);
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(
        errs[0].starts_with(
            "sheet Activity, row 2, column unit (G), value \"tons\": unknown unit 'tons'"
        ),
        "{}",
        errs[0]
    );
    assert_eq!(
        errs[1],
        "sheet Activity, row 3, column unit (G), value \"MT\": ambiguous unit 'MT': it is used both for metric tonnes and for megatonnes; write 't' for tonnes or 'kt' for kilotonnes"
    );
    assert!(
        errs[2].starts_with(
            "sheet Activity, row 4, column unit (G), value \"mWh\": unknown unit 'mWh'"
        ),
        "{}",
        errs[2]
    );
}

#[test]
fn unit_of_the_wrong_dimension_for_its_factor() {
    let (_d, out) = with_activity(vec![vec![
        S("E1"),
        S("2024-01"),
        N(1.0),
        N(1.0),
        S("coal"),
        N(1.0),
        S("GJ"),
        S("coal"),
        Blank,
        S("x"),
    ]]);
    assert_one_error(
        &out,
        "sheet Activity, row 2, column unit (G), value \"GJ\": unit GJ (energy) does not fit factor coal, which is per t (mass) — record the quantity in a mass unit or choose another factor",
    );
}

#[test]
fn text_where_a_number_belongs() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            S("ten"),
            S("t"),
            S("coal"),
            Blank,
            S("x"),
        ],
        vec![
            S("E1"),
            S("2024-02"),
            N(1.0),
            N(1.0),
            S("coal"),
            S("1,250.5"),
            S("t"),
            S("coal"),
            Blank,
            S("y"),
        ],
    ]);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 2, column quantity (F), value \"ten\": text where a number belongs — enter a number"
        ]
    );
    assert!(
        warnings(&out).contains(
            &"sheet Activity, row 3, column quantity (F), value \"1,250.5\": number stored as text"
                .to_string()
        ),
        "{:?}",
        warnings(&out)
    );
}

#[test]
fn negative_nan_and_infinite_quantities() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(-5.0),
            S("t"),
            S("coal"),
            Blank,
            S("a"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            S("NaN"),
            S("t"),
            S("coal"),
            Blank,
            S("b"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            S("inf"),
            S("t"),
            S("coal"),
            Blank,
            S("c"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(0.0),
            S("t"),
            S("coal"),
            Blank,
            S("d"),
        ],
    ]);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 2, column quantity (F), value \"-5\": quantity must not be negative — record corrections as findings, not negative activity",
            "sheet Activity, row 3, column quantity (F), value \"NaN\": not a finite number (NaN or infinity)",
            "sheet Activity, row 4, column quantity (F), value \"inf\": not a finite number (NaN or infinity)",
        ]
    );
    assert!(
        warnings(&out)
            .iter()
            .any(|w| w.contains("row 5, column quantity (F), value \"0\": quantity is zero"))
    );
}

#[test]
fn excel_error_values() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            XErr("#DIV/0!"),
            S("t"),
            S("coal"),
            Blank,
            S("a"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            XErr("#N/A"),
            S("t"),
            S("coal"),
            Blank,
            S("b"),
        ],
        vec![
            XErr("#REF!"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("c"),
        ],
    ]);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 2, column quantity (F), value \"#DIV/0!\": the cell holds the Excel error #DIV/0! — fix the formula in the source workbook",
            "sheet Activity, row 3, column quantity (F), value \"#N/A\": the cell holds the Excel error #N/A — fix the formula in the source workbook",
            "sheet Activity, row 4, column entity_id (A), value \"#REF!\": the cell holds the Excel error #REF! — fix the formula in the source workbook",
        ]
    );
}

#[test]
fn period_outside_the_reporting_year_or_malformed() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2023-12"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("a"),
        ],
        vec![
            S("E1"),
            S("Dec 2024"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("b"),
        ],
    ]);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 2, column period (B), value \"2023-12\": period 2023-12 is outside the year being imported (2024)",
            "sheet Activity, row 3, column period (B), value \"Dec 2024\": expected a month as YYYY-MM text or an Excel date",
        ]
    );
}

#[test]
fn scope_must_be_1_2_or_3_and_fit_the_category() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-01"),
            N(4.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("a"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(2.0),
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("b"),
        ],
        vec![
            S("E1"),
            S("2024-01"),
            N(3.0),
            Blank,
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("c"),
        ],
    ]);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 2, column scope (C), value \"4\": scope must be 1, 2 or 3",
            "sheet Activity, row 3, column category (D), value \"2\": ISO 14064-1 category 2 belongs to scope 2, not 1",
            "sheet Activity, row 4, column category (D): scope 3 needs its ISO 14064-1 category (3–6)",
        ]
    );
}

#[test]
fn market_factor_outside_scope_2() {
    let (_d, out) = with_activity(vec![vec![
        S("E1"),
        S("2024-01"),
        N(1.0),
        N(1.0),
        S("coal"),
        N(1.0),
        S("t"),
        S("coal"),
        S("gec"),
        S("a"),
    ]]);
    assert_one_error(
        &out,
        "sheet Activity, row 2, column market_factor_id (I), value \"gec\": a market-based factor is only for scope 2 — remove it or correct the scope",
    );
}

#[test]
fn duplicate_entity_definitions_that_disagree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ents = entities();
    ents.rows.push(vec![
        S("E1"),
        S("Steel works"),
        S("steel"),
        N(60.0),
        S("yes"),
        S("yes"),
        S("yes"),
        Blank,
    ]);
    ents.rows.push(vec![
        S("E2"),
        S("Cement JV"),
        S("cement"),
        N(50.0),
        S("no"),
        S("no"),
        S("是"),
        Blank,
    ]);
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            ents,
            factors(),
            sheet("Activity", vec![activity_header(), coal_row("a")]),
        ],
    );
    let out = run(&empty_project(), &path);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Entities, row 4, column entity_id (A), value \"E1\": entity E1 is defined again with different values than Entities row 2 (ownership_pct 100 vs 60)"
        ]
    );
    assert!(warnings(&out).contains(&"sheet Entities, row 5, column entity_id (A), value \"E2\": entity E2 is repeated (same as Entities row 3)".to_string()));

    // Against the project: the same definition is fine, a different one is refused.
    let mut p = empty_project();
    let mut e1 = common::entity("E1", 100.0, true, true, true);
    e1.name = "Steel works".into();
    e1.exclusion_reason = None;
    p.entities.push(e1);
    let path = write(
        dir.path(),
        "t2.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![activity_header(), coal_row("a")]),
        ],
    );
    let out = run(&p, &path);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    assert_eq!(out.report.entities_added, 1, "E1 unchanged, E2 added");
    p.entities[0].ownership_pct = 80.0;
    let out = run(&p, &path);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Entities, row 2, column entity_id (A), value \"E1\": entity E1 is already in the project with different values (ownership_pct 80 vs 100) — correct the workbook or edit the project",
            // Never a silent fallback to the project's definition.
            "sheet Activity, row 2, column entity_id (A), value \"E1\": entity E1 was rejected (Entities row 2)",
        ]
    );
}

#[test]
fn duplicate_factor_definitions_that_disagree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut f = factors();
    f.rows.push(vec![
        S("coal"),
        S("kg"),
        S("CH4"),
        N(0.01),
        S("test factor"),
    ]);
    f.rows.push(vec![
        S("grid"),
        S("MWh"),
        S("CO2"),
        N(510.0),
        S("test grid factor"),
    ]);
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            entities(),
            f,
            sheet("Activity", vec![activity_header(), coal_row("a")]),
        ],
    );
    let out = run(&empty_project(), &path);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Factors, row 2, column factor_id (A), value \"coal\": factor coal is rejected (see row 5)",
            "sheet Factors, row 5, column unit (B), value \"kg\": factor coal is per t in row 2, per kg here — one factor has one unit",
            "sheet Factors, row 3, column factor_id (A), value \"grid\": factor grid is rejected (see row 6)",
            "sheet Factors, row 6, column gas (C), value \"CO2\": factor grid lists CO2 twice (also row 3) — one row per gas",
            "sheet Activity, row 2, column factor_id (H), value \"coal\": factor coal was rejected (Factors row 2)",
        ]
    );
}

#[test]
fn multi_gas_factors_and_gwp_availability() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = sheet(
        "Factors",
        vec![
            factors_header(),
            // IPCC 2006 diesel per t: 43 TJ/Gg × (74,100 CO2; 3 CH4; 0.6 N2O) kg/TJ / 1000.
            vec![S("diesel"), S("t"), S("CO2"), N(3186.3), S("IPCC 2006")],
            vec![S("diesel"), S("t"), S("CH4"), N(0.129), S("IPCC 2006")],
            vec![S("diesel"), S("t"), S("N2O"), N(0.0258), S("IPCC 2006")],
            vec![S("nf3"), S("kg"), S("NF3"), N(1.0), S("mass balance")],
        ],
    );
    let act = sheet(
        "Activity",
        vec![
            activity_header(),
            vec![
                S("E1"),
                S("2024-01"),
                N(1.0),
                N(1.0),
                S("trucks"),
                N(1000.0),
                S("t"),
                S("diesel"),
                Blank,
                S("a"),
            ],
        ],
    );
    let path = write(dir.path(), "t.xlsx", &[entities(), f, act]);
    let out = run(&empty_project(), &path);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    // AR5: 3,186.3 + 0.129 × 28 + 0.0258 × 265 = 3,196.749 t.
    let total = out.report.total_after_t.expect("total");
    assert!((total - 3196.749).abs() < 1e-9, "{total}");
    let mut sar = empty_project();
    sar.methodology.gwp_set = parkaudit::model::GwpSet::SAR;
    let out = run(&sar, &path);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Factors, row 5, column gas (C), value \"NF3\": NF3 has no GWP under SAR, the project's GWP set — express it in CO2e or change the set"
        ]
    );
}

/// A real IPCC-based factor sheet: CO₂ from IPCC 2006 Vol. 2 Table 1.4,
/// CH₄ and N₂O from Table 2.3. Each gas keeps its own citation — in the
/// project, in `explain` and in the workbook's Factors sheet — and the factor
/// and its records are imported.
#[test]
fn gases_of_one_factor_may_cite_different_tables() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().expect("tempdir");
    let t14 = "IPCC 2006 GL Vol. 2 Table 1.4";
    let t23 = "IPCC 2006 GL Vol. 2 Table 2.3";
    let f = sheet(
        "Factors",
        vec![
            factors_header(),
            // Natural gas, stationary combustion in manufacturing, per TJ.
            vec![S("ng"), S("TJ"), S("CO2"), N(56100.0), S(t14)],
            vec![S("ng"), S("TJ"), S("CH4"), N(1.0), S(t23)],
            vec![S("ng"), S("TJ"), S("N2O"), N(0.1), S(t23)],
        ],
    );
    let act = sheet(
        "Activity",
        vec![
            activity_header(),
            vec![
                S("E1"),
                S("2024-01"),
                N(1.0),
                N(1.0),
                S("ng_boiler"),
                N(10.0),
                S("TJ"),
                S("ng"),
                Blank,
                S("GAS-2024-01"),
            ],
        ],
    );
    let path = write(dir.path(), "t.xlsx", &[entities(), f, act]);
    let out = run(&empty_project(), &path);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    // AR5: 10 TJ × (56,100 + 1 × 28 + 0.1 × 265) kg/TJ / 1000 = 561.545 t.
    let total = out.report.total_after_t.expect("total");
    assert!((total - 561.545).abs() < 1e-9, "{total}");
    let p = out.merged_into(&empty_project()).expect("imports");
    let ng = p.factor("ng").expect("factor");
    let sources: Vec<Option<&str>> = ng.components.iter().map(|c| c.source.as_deref()).collect();
    assert_eq!(sources, [Some(t14), Some(t23), Some(t23)]);
    assert_eq!(
        ng.source,
        format!("CO2: {t14}; CH4, N2O: {t23}"),
        "the factor's citation names each source once, with its gases"
    );

    // explain: each gas line with its own citation.
    let text = parkaudit::calc::explain::explain(&p, 0)
        .expect("explains")
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    for (gas, table) in [("CO2", t14), ("CH4", t23), ("N2O", t23)] {
        let at = lines
            .iter()
            .position(|l| l.trim_start().starts_with(gas))
            .unwrap_or_else(|| panic!("{gas} in {text}"));
        assert_eq!(lines[at + 1].trim(), format!("source: {table}"), "{text}");
    }

    // The workbook's Factors sheet: the Source column is each gas's citation,
    // and the factor's whole citation stands beside it.
    let out_path = dir.path().join("w.xlsx");
    parkaudit::io::export::export(
        &p,
        &out_path,
        parkaudit::io::export::Package::Draft,
        None,
        "2026-12-02T00:00:00Z",
    )
    .expect("exports");
    let mut wb: Xlsx<_> = open_workbook(&out_path).expect("opens");
    let range = wb.worksheet_range("Factors").expect("Factors");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (gas, source, whole) = (col("Gas"), col("Source"), col("Factor's source"));
    let rows: Vec<(String, String, String)> = range
        .rows()
        .skip(1)
        .filter(|r| r[0] == "ng")
        .map(|r| {
            (
                r[gas].to_string(),
                r[source].to_string(),
                r[whole].to_string(),
            )
        })
        .collect();
    let whole_text = format!("CO2: {t14}; CH4, N2O: {t23}");
    assert_eq!(
        rows,
        [
            ("CO2".to_string(), t14.to_string(), whole_text.clone()),
            ("CH4".to_string(), t23.to_string(), whole_text.clone()),
            ("N2O".to_string(), t23.to_string(), whole_text.clone()),
        ]
    );
}

#[test]
fn blank_rows_extra_columns_and_chinese_headers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header: Vec<V> = [
        "实体编号",
        "期间",
        "范围",
        "活动",
        "数量",
        "单位",
        "排放因子编号",
        "证据编号",
        "备注",
    ]
    .into_iter()
    .map(S)
    .collect();
    let act = sheet(
        "活动数据",
        vec![
            header,
            vec![
                S("E1"),
                S("2024-01"),
                N(1.0),
                S("coal"),
                N(10.0),
                S("t"),
                S("coal"),
                S("a"),
                S("note"),
            ],
            vec![],
            vec![S("  "), Blank, Blank],
            vec![
                S("E1"),
                S("2024-02"),
                N(1.0),
                S("coal"),
                N(10.0),
                S("t"),
                S("coal"),
                S("b"),
                Blank,
            ],
        ],
    );
    let path = write(dir.path(), "t.xlsx", &[entities(), factors(), act]);
    let out = run(&empty_project(), &path);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let s = out
        .report
        .sheets
        .iter()
        .find(|s| s.sheet == "活动数据")
        .expect("sheet");
    assert_eq!((s.rows_read, s.accepted, s.rejected, s.blank), (2, 2, 0, 2));
    assert!(
        warnings(&out).contains(&"sheet 活动数据: extra columns ignored: 备注 (I)".to_string()),
        "{:?}",
        warnings(&out)
    );
}

#[test]
fn possible_duplicates_are_kept_and_flagged() {
    let (_d, out) = with_activity(vec![
        coal_row("INV-7"),
        coal_row("INV-7"),
        coal_row("INV-8"),
    ]);
    assert!(errors(&out).is_empty());
    assert_eq!(
        warnings(&out),
        vec![
            "sheet Activity, row 3, column evidence_ref (J), value \"INV-7\": possible duplicate of Activity row 2 (same entity, period, activity and evidence) — kept; check it"
        ]
    );
    let p = out.merged_into(&empty_project()).expect("merged");
    assert_eq!(p.activity.len(), 3, "never merged or overwritten");
    // Importing a second workbook with the same row flags it against the project.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "again.xlsx",
        &[sheet(
            "Activity",
            vec![activity_header(), coal_row("INV-8")],
        )],
    );
    let out2 = run(&p, &path);
    assert_eq!(
        warnings(&out2),
        vec![
            "sheet Activity, row 2, column evidence_ref (J), value \"INV-8\": possible duplicate of record A00003 already in the project (same entity, period, activity and evidence) — kept; check it"
        ]
    );
    // One repeated row of one added is more than 10 % of the import: it needs confirming.
    assert_eq!(out2.report.duplicates_of_project, 1);
    let guard = out2.report.duplicate_guard().expect("guarded");
    assert_eq!((guard.rows, guard.records_added), (1, 1));
    // The first import repeated nothing in the project (its duplicate is within the workbook).
    assert_eq!(out.report.duplicates_of_project, 0);
    assert_eq!(out.report.duplicate_guard(), None);
    let p2 = out2.merged_into(&p).expect("merged");
    assert_eq!(p2.activity.last().map(|r| r.id.as_str()), Some("A00004"));
    assert_eq!(p2.imports.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn entity_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ents = sheet(
        "Entities",
        vec![
            entities_header(),
            vec![
                S("E1"),
                S("A"),
                S("steel"),
                N(100.0),
                S("yes"),
                S("yes"),
                S("no"),
                Blank,
            ],
            vec![
                S("E2"),
                S("B"),
                S("steel"),
                N(140.0),
                S("maybe"),
                S("yes"),
                S("yes"),
                Blank,
            ],
            vec![
                S("E3"),
                S("C"),
                S("steel"),
                N(0.6),
                B(true),
                B(false),
                S("y"),
                Blank,
            ],
        ],
    );
    let path = write(
        dir.path(),
        "t.xlsx",
        &[ents, factors(), sheet("Activity", vec![activity_header()])],
    );
    let out = run(&empty_project(), &path);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Entities, row 2, column exclusion_reason (H): an excluded entity needs a written justification",
            "sheet Entities, row 3, column ownership_pct (D), value \"140\": ownership must be a percent between 0 and 100",
            "sheet Entities, row 3, column operational_control (E), value \"maybe\": expected yes/no (also true/false, 1/0, y/n, 是/否)",
        ]
    );
    assert!(warnings(&out).iter().any(|w| {
        w.contains("row 4, column ownership_pct (D), value \"0.6\": ownership is at most 1 %")
    }));
}

#[test]
fn skip_invalid_takes_the_valid_rows_and_records_the_rejects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let act = sheet(
        "Activity",
        vec![
            activity_header(),
            coal_row("a"),
            vec![
                S("E9"),
                S("2024-01"),
                N(1.0),
                N(1.0),
                S("coal"),
                N(1.0),
                S("t"),
                S("coal"),
                Blank,
                S("b"),
            ],
        ],
    );
    let path = write(dir.path(), "t.xlsx", &[entities(), factors(), act]);
    let options = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let out = import_workbook(&empty_project(), &path, &options).expect("readable");
    let p = out.merged_into(&empty_project()).expect("valid rows taken");
    assert_eq!(p.activity.len(), 1);
    assert_eq!(p.imports[0].rejected_rows.len(), 1);
    assert_eq!(p.imports[0].rejected_rows[0].row, 3);
    assert!(p.imports[0].rejected_rows[0].reasons[0].contains("unknown entity 'E9'"));
    assert_eq!(out.report.rejected_rows[0].values[0], "E9");
}

#[test]
fn the_same_workbook_twice_is_refused() {
    let (d, out) = with_activity(vec![coal_row("a")]);
    let p = out.merged_into(&empty_project()).expect("merged");
    let err = import_workbook(&p, &d.path().join("t.xlsx"), &opts()).expect_err("twice");
    assert!(
        err.to_string()
            .contains("was already imported on 2026-12-01T00:00:00Z as import 1"),
        "{err}"
    );
}

/// With --skip-invalid, rows that use a rejected factor are rejected too — they
/// never fall back to the project's different factor of the same id.
#[test]
fn rejected_definitions_never_fall_back_to_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = empty_project();
    p.factors.push(common::factor(
        "coal",
        parkaudit::model::Unit::Tonne,
        &[(parkaudit::model::Gas::Co2, 1900.0)],
    ));
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![activity_header(), coal_row("a")]),
        ],
    );
    let options = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let out = import_workbook(&p, &path, &options).expect("readable");
    let errs = errors(&out);
    assert_eq!(
        errs[0],
        "sheet Factors, row 2, column factor_id (A), value \"coal\": factor coal is already in the project with different values — give the workbook's factor another id"
    );
    assert_eq!(
        errs[1],
        "sheet Activity, row 2, column factor_id (H), value \"coal\": factor coal was rejected (Factors row 2)"
    );
    assert_eq!(
        out.merged_into(&p)
            .expect("valid rows taken")
            .activity
            .len(),
        0
    );
}

/// A factor row that fails to parse rejects its whole factor.
#[test]
fn a_bad_component_rejects_the_whole_factor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = sheet(
        "Factors",
        vec![
            factors_header(),
            vec![S("diesel"), S("t"), S("CO2"), N(3186.3), S("IPCC")],
            vec![S("diesel"), S("t"), S("CH4"), S("abc"), S("IPCC")],
            vec![S("solo"), S("t"), S("CO2"), S("x"), S("IPCC")],
        ],
    );
    let act = sheet(
        "Activity",
        vec![
            activity_header(),
            vec![
                S("E1"),
                S("2024-01"),
                N(1.0),
                N(1.0),
                S("trucks"),
                N(1.0),
                S("t"),
                S("diesel"),
                Blank,
                S("a"),
            ],
            vec![
                S("E1"),
                S("2024-01"),
                N(1.0),
                N(1.0),
                S("trucks"),
                N(1.0),
                S("t"),
                S("solo"),
                Blank,
                S("b"),
            ],
        ],
    );
    let path = write(dir.path(), "t.xlsx", &[entities(), f, act]);
    let options = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let out = import_workbook(&empty_project(), &path, &options).expect("readable");
    let errs = errors(&out);
    assert!(errs.contains(&"sheet Factors, row 2, column factor_id (A), value \"diesel\": another row of factor diesel (row 3) is invalid, so the factor is not taken".to_string()), "{errs:?}");
    assert!(errs.contains(&"sheet Activity, row 2, column factor_id (H), value \"diesel\": factor diesel was rejected (Factors row 2)".to_string()), "{errs:?}");
    assert!(errs.contains(&"sheet Activity, row 3, column factor_id (H), value \"solo\": factor solo was rejected (Factors row 4)".to_string()), "{errs:?}");
    let p = out.merged_into(&empty_project()).expect("valid rows taken");
    assert!(
        p.factors.iter().all(|f| f.id != "diesel"),
        "no partial factor"
    );
}

#[test]
fn two_sheets_of_one_kind_and_unread_sheets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            entities(),
            sheet("Activity", vec![activity_header()]),
            sheet("活动数据", vec![activity_header()]),
        ],
    );
    let err = import_workbook(&empty_project(), &path, &opts())
        .expect_err("two activity sheets")
        .to_string();
    assert!(
        err.contains("2 sheets hold Activity data (Activity, 活动数据) — keep one"),
        "{err}"
    );
    let path = write(
        dir.path(),
        "t2.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![activity_header(), coal_row("a")]),
            sheet("Activity Q2", vec![activity_header(), coal_row("b")]),
        ],
    );
    let out = run(&empty_project(), &path);
    assert!(warnings(&out).contains(&"sheet Activity Q2: this sheet is not read: its name is not a template sheet and no mapping names it".to_string()), "{:?}", warnings(&out));
}

/// A row with content only in an ignored column (a note) is skipped as blank, with a warning.
#[test]
fn a_note_alone_is_not_a_data_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut header = activity_header();
    header.push(S("备注"));
    let mut note_only: Vec<V> = (0..10).map(|_| Blank).collect();
    note_only.push(S("二月停产"));
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![header, coal_row("a"), note_only]),
        ],
    );
    let out = run(&empty_project(), &path);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    assert!(
        warnings(&out)
            .iter()
            .any(|w| w.contains("1 row(s) have content only in ignored columns")),
        "{:?}",
        warnings(&out)
    );
}

/// An import that added nothing (all rows rejected) may be retried after the project is fixed.
#[test]
fn a_failed_import_can_be_retried() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "t.xlsx",
        &[sheet("Activity", vec![activity_header(), coal_row("a")])],
    );
    let options = ImportOptions {
        skip_invalid: true,
        ..opts()
    };
    let first = import_workbook(&empty_project(), &path, &options).expect("readable");
    let mut p = first
        .merged_into(&empty_project())
        .expect("saved with its rejects");
    assert_eq!(p.imports[0].records_added, 0);
    p.entities
        .push(common::entity("E1", 100.0, true, true, true));
    p.factors.push(common::factor(
        "coal",
        parkaudit::model::Unit::Tonne,
        &[(parkaudit::model::Gas::Co2, 2000.0)],
    ));
    let again = import_workbook(&p, &path, &opts()).expect("retry allowed");
    assert_eq!(again.merged_into(&p).expect("merged").activity.len(), 1);
}

/// A record with no factor gets the methodology's default, and the reason is kept.
#[test]
fn empty_factor_id_takes_the_default_rule() {
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-03"),
            N(2.0),
            Blank,
            S("grid_electricity"),
            N(1000.0),
            S("MWh"),
            Blank,
            Blank,
            S("m1"),
        ],
        vec![
            S("E1"),
            S("2024-03"),
            N(1.0),
            Blank,
            S("unobtainium"),
            N(10.0),
            S("t"),
            Blank,
            Blank,
            S("u1"),
        ],
    ]);
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 3, column factor_id (H): factor_id is empty and no default applies: activity 'unobtainium' is not in the library's vocabulary (parkaudit factors --activities), so no default factor applies — name the factor in factor_id"
        ]
    );
    let (_d, out) = with_activity(vec![
        vec![
            S("E1"),
            S("2024-03"),
            N(2.0),
            Blank,
            S("grid_electricity"),
            N(1000.0),
            S("MWh"),
            Blank,
            Blank,
            S("m1"),
        ],
        vec![
            S("E1"),
            S("2024-03"),
            N(1.0),
            Blank,
            S("柴油"),
            N(10.0),
            S("t"),
            Blank,
            Blank,
            S("d1"),
        ],
    ]);
    let p = out.merged_into(&empty_project()).expect("merged");
    // Reporting year 2024: the latest MEE/NBS data year not after it is 2023.
    assert_eq!(p.activity[0].factor_id, "cn.mee.grid.national.2023");
    assert_eq!(
        p.activity[0].market_factor_id.as_deref(),
        Some("cn.mee.grid.national.residual.2023")
    );
    assert!(
        p.activity[0]
            .factor_rule
            .as_deref()
            .unwrap_or("")
            .contains("data year 2023, the latest published not after the reporting year 2024")
    );
    // ISO 14064-1 (the default standard) → IPCC 2006 diesel.
    assert_eq!(
        p.activity[1].factor_id,
        "ipcc2006.stationary.manufacturing.diesel"
    );
    // Library factors are frozen into the project with the library version.
    let grid = p.factor("cn.mee.grid.national.2023").expect("frozen");
    assert_eq!(
        grid.library_version.as_deref(),
        Some(parkaudit::calc::library::LIBRARY_VERSION)
    );
    // 1,000 MWh × 0.5306 = 530.6 t; 10 t diesel × 3,196.749 kg CO2e/t (AR5) / 1000 = 31.96749 t
    let total = out.report.total_after_t.expect("total");
    assert!((total - (530.6 + 31.967_49)).abs() < 1e-6, "{total}");
}

/// --base-year: the rows go to the base-year activity (ids Y…), periods in the base year.
#[test]
fn base_year_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = empty_project();
    p.park.base_year = 2020;
    let mut row = coal_row("a");
    row[1] = S("2020-01");
    let path = write(
        dir.path(),
        "b.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![activity_header(), row, coal_row("b")]),
        ],
    );
    let options = ImportOptions {
        base_year: true,
        ..opts()
    };
    let out = import_workbook(&p, &path, &options).expect("readable");
    assert_eq!(
        errors(&out),
        vec![
            "sheet Activity, row 3, column period (B), value \"2024-01\": period 2024-01 is outside the year being imported (2020)"
        ]
    );
    let options = ImportOptions {
        base_year: true,
        skip_invalid: true,
        ..opts()
    };
    let merged = import_workbook(&p, &path, &options)
        .expect("readable")
        .merged_into(&p)
        .expect("merged");
    assert_eq!(merged.activity.len(), 0);
    assert_eq!(
        merged
            .base_year_activity
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["Y00001"]
    );
}

fn indicators_header() -> Vec<V> {
    vec![
        S("indicator"),
        S("part"),
        S("whole"),
        S("unit"),
        S("evidence_ref"),
        S("product"),
    ]
}

/// The Indicators sheet: guiding indicators the inventory cannot compute,
/// entered with their evidence — by key or by Chinese name — go into the
/// project's claims with the import (one trail entry); a later import
/// replaces the same indicator.
#[test]
fn guiding_indicators_import_from_their_sheet() {
    use parkaudit::model::claims::Guiding;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![activity_header(), coal_row("INV-1")]),
            sheet(
                "Indicators",
                vec![
                    indicators_header(),
                    vec![
                        S("solid-waste-utilisation"),
                        N(412_000.0),
                        N(500_000.0),
                        S("t"),
                        S("Waste ledger 2024"),
                        Blank,
                    ],
                    vec![
                        S("工业用水重复利用率"),
                        N(7_200_000.0),
                        N(10_000_000.0),
                        S("m3"),
                        S("Water balance 2024"),
                        Blank,
                    ],
                ],
            ),
        ],
    );
    let out = run(&empty_project(), &path);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let p = out.merged_into(&empty_project()).expect("imports");
    let c = p.claims.as_ref().expect("claims section created");
    let keys: Vec<Guiding> = c.indicators.iter().map(|e| e.indicator).collect();
    assert_eq!(
        keys,
        vec![Guiding::SolidWasteUtilisation, Guiding::WaterReuse]
    );
    assert_eq!(c.indicators[1].part, 7_200_000.0);
    let last = p.trail.last().expect("trail");
    assert!(
        last.detail.ends_with(", 2 guiding indicator(s)"),
        "{}",
        last.detail
    );
}

/// Each invalid indicator row is refused naming its cell, and nothing is
/// imported.
#[test]
fn invalid_indicator_rows_are_refused_naming_the_cell() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(
        dir.path(),
        "t.xlsx",
        &[
            entities(),
            factors(),
            sheet("Activity", vec![activity_header(), coal_row("INV-1")]),
            sheet(
                "Indicators",
                vec![
                    indicators_header(),
                    vec![S("greenness"), N(1.0), N(2.0), S("t"), S("x"), Blank],
                    vec![S("water-reuse"), N(1.0), N(0.0), S("m3"), S("x"), Blank],
                    vec![
                        S("product-energy-intensity"),
                        N(548.0),
                        N(560.0),
                        S("kgce/t"),
                        S("audit"),
                        Blank,
                    ],
                    vec![S("water-reuse"), N(-1.0), N(2.0), S("m3"), S("x"), Blank],
                ],
            ),
        ],
    );
    let out = run(&empty_project(), &path);
    let errs = errors(&out);
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert!(
        errs[0].starts_with("sheet Indicators, row 2, column indicator (A), value \"greenness\": not a guiding indicator"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].starts_with("sheet Indicators, row 3, column whole (C)"),
        "{}",
        errs[1]
    );
    assert!(
        errs[1].ends_with("the whole cannot be 0 — a share of nothing is not an indicator"),
        "{}",
        errs[1]
    );
    assert_eq!(
        errs[2],
        "sheet Indicators, row 4, column product (F): product energy intensity names its product"
    );
    assert!(
        errs[3].starts_with("sheet Indicators, row 5, column part (B)"),
        "{}",
        errs[3]
    );
    assert!(
        errs[3].ends_with("must be a number of 0 or more"),
        "{}",
        errs[3]
    );
    assert!(out.batch.is_none());
}

/// The optional `data_type` column: a type in English or Chinese is kept on
/// the record; anything else is refused naming its cell, and nothing is imported.
#[test]
fn the_data_type_column_is_read_and_checked() {
    let row = |t: &'static str| {
        vec![
            S("E1"),
            S("2024-01"),
            N(1.0),
            N(1.0),
            S("coal"),
            N(1.0),
            S("t"),
            S("coal"),
            Blank,
            S("x"),
            S(t),
        ]
    };
    let run_rows = |rows: Vec<Vec<V>>| {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut header = activity_header();
        header.push(S("data_type"));
        let mut all = vec![header];
        all.extend(rows);
        let path = write(
            dir.path(),
            "t.xlsx",
            &[entities(), factors(), sheet("Activity", all)],
        );
        (dir, run(&empty_project(), &path))
    };
    let (_d, out) = run_rows(vec![row("metered"), row("估算")]);
    assert!(errors(&out).is_empty(), "{:?}", errors(&out));
    let p = out.merged_into(&empty_project()).expect("merged");
    assert_eq!(
        p.activity.iter().map(|r| r.data_type).collect::<Vec<_>>(),
        [
            Some(parkaudit::model::DataType::Metered),
            Some(parkaudit::model::DataType::Estimated)
        ]
    );
    let (_d, out) = run_rows(vec![row("guess")]);
    assert_one_error(
        &out,
        "sheet Activity, row 2, column data_type (K), value \"guess\": not a data type — write metered, invoiced, estimated or proxy, or leave it empty",
    );
}
