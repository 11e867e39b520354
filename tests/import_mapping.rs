//! Tenants' own layouts: a mapping file, and the suggested mapping.

mod common;

use common::Merge;
use common::xlsx::*;
use parkaudit::io::import::{ImportOptions, Mapping, import_workbook, suggest_mapping};
use parkaudit::model::{Project, Unit};
use std::path::Path;
use std::process::Command;

fn tenant_workbook(dir: &Path) -> std::path::PathBuf {
    write(
        dir,
        "tenant.xlsx",
        &[sheet(
            "能源台账",
            vec![
                vec![S("2024年用电台账（京海钢铁）")],
                vec![],
                vec![S("企业代码"), S("月份"), S("用电量"), S("备注")],
                vec![S("E1"), S("2024年1月"), N(120_000.0), S("")],
                vec![S("E1"), S("2024年2月"), N(80_000.0), S("春节停产")],
            ],
        )],
    )
}

fn project() -> Project {
    let mut p = Project::new("P", 2024);
    p.entities
        .push(common::entity("E1", 100.0, true, true, true));
    p.factors.push(common::factor(
        "grid",
        Unit::MWh,
        &[(parkaudit::model::Gas::Co2, 500.0)],
    ));
    p
}

const MAPPING: &str = r#"(
  sheets: [
    (
      sheet: "能源台账",
      kind: Activity,
      header_row: 3,
      columns: { entity_id: Header("企业代码"), period: Header("月份"), quantity: Column("C") },
      fixed: { scope: "2", activity: "grid_electricity", unit: "kWh", factor_id: "grid" },
    ),
  ],
)"#;

#[test]
fn a_mapping_reads_a_tenant_layout() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let wb = tenant_workbook(dir.path());
    let mapping = Mapping::from_ron_str(MAPPING, Path::new("m.ron"))?;
    let options = ImportOptions {
        mapping: Some((mapping, "m.ron".into())),
        imported_at: "t".into(),
        ..Default::default()
    };
    let out = import_workbook(&project(), &wb, &options)?;
    assert!(
        out.report.errors().next().is_none(),
        "{:?}",
        out.report.issues
    );
    assert_eq!(
        out.report
            .warnings()
            .map(|w| w.to_string())
            .collect::<Vec<_>>(),
        ["sheet 能源台账: extra columns ignored: 备注 (D)"]
    );
    let p = out.merged_into(&project()).expect("merged");
    assert_eq!(p.activity.len(), 2);
    assert_eq!(p.activity[1].period.to_string(), "2024-02");
    assert_eq!(p.activity[1].source.as_ref().map(|s| s.row), Some(5));
    assert_eq!(p.imports[0].mapping.as_deref(), Some("m.ron"));
    // 200 MWh × 0.5 t/MWh
    assert_eq!(out.report.total_after_t, Some(100.0));

    // Errors in a mapped sheet name the fixed value as such.
    let bad = MAPPING.replace("unit: \"kWh\"", "unit: \"MT\"");
    let options = ImportOptions {
        mapping: Some((
            Mapping::from_ron_str(&bad, Path::new("m.ron"))?,
            "m.ron".into(),
        )),
        ..Default::default()
    };
    let out = import_workbook(&project(), &wb, &options)?;
    let first = out
        .report
        .errors()
        .next()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(first.starts_with("sheet 能源台账, row 4, column unit (fixed by the mapping), value \"MT\": ambiguous unit"), "{first}");

    // A header the sheet does not have is a structural error.
    let bad = MAPPING.replace("Header(\"月份\")", "Header(\"日期\")");
    let options = ImportOptions {
        mapping: Some((
            Mapping::from_ron_str(&bad, Path::new("m.ron"))?,
            "m.ron".into(),
        )),
        ..Default::default()
    };
    let err = import_workbook(&project(), &wb, &options)
        .expect_err("no such header")
        .to_string();
    assert!(
        err.contains(
            "period: no column headed '日期' in row 3 (headers: 企业代码, 月份, 用电量, 备注)"
        ),
        "{err}"
    );
    Ok(())
}

#[test]
fn mapping_file_errors_name_line_and_column() {
    let bad = MAPPING.replace("quantity: Column", "qty: Column");
    let err = Mapping::from_ron_str(&bad, Path::new("m.ron"))
        .expect_err("unknown field")
        .to_string();
    assert!(err.starts_with("m.ron:7:"), "{err}");
    assert!(err.contains("Unexpected variant named `qty`"), "{err}");
}

#[test]
fn suggested_mapping_finds_the_header_row() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let wb = write(
        dir.path(),
        "ledger.xlsx",
        &[
            sheet("说明", vec![vec![S("本表为2024年能源消耗台账")]]),
            ledger_sheet("grid"),
        ],
    );
    let m = suggest_mapping(&wb)?;
    assert_eq!(m.sheets.len(), 1, "{m:?}");
    assert_eq!(
        (m.sheets[0].sheet.as_str(), m.sheets[0].header_row),
        ("台账", 3)
    );

    // The CLI writes it, and the written file is a usable mapping.
    let out = dir.path().join("m.ron");
    let o = Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args([
            "mapping",
            &wb.display().to_string(),
            "-o",
            &out.display().to_string(),
        ])
        .output()?;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(Mapping::load(&out)?, m);
    Ok(())
}
