//! Workbook formats, the bad-file corpus, and the CLI's all-or-nothing import
//! run with the real binary.

mod common;

use common::Merge;
use common::xlsx::*;
use parkaudit::io::import::{ImportError, ImportOptions, Workbook, WorkbookError, import_workbook};
use parkaudit::model::Project;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn opts() -> ImportOptions {
    ImportOptions {
        imported_at: "2026-12-01T00:00:00Z".into(),
        ..Default::default()
    }
}

/// tests/fixtures/formats/small.* hold the same data (made by `tests/fixtures/make.sh`):
/// E1 10 t coal × 2 t/t = 20 t; E1 2,000 kWh × 0.5 t/MWh = 1 t (market 0, GECs);
/// E2 (no control) 5 t × 2 = 10 t excluded.
#[test]
fn xlsx_xlsm_xls_and_ods_give_the_same_inventory() {
    for ext in ["xlsx", "xlsm", "xls", "ods"] {
        let path = fixture(&format!("formats/small.{ext}"));
        let out = import_workbook(&Project::new("P", 2024), &path, &opts())
            .unwrap_or_else(|e| panic!("{ext}: {e}"));
        let errs: Vec<String> = out.report.errors().map(|i| i.to_string()).collect();
        assert!(errs.is_empty(), "{ext}: {errs:?}");
        let p = out.merged_into(&Project::new("P", 2024)).expect("merged");
        let inv = parkaudit::calc::compute(&p).expect("computes");
        assert_eq!(
            (
                inv.total_t_co2e,
                inv.scope2_market_t,
                inv.excluded_t,
                p.activity.len()
            ),
            (21.0, 0.0, 10.0, 3),
            "{ext}"
        );
        assert_eq!(out.report.template_version.as_deref(), Some("1"), "{ext}");
        assert_eq!(p.entities[0].name_zh, "测试企业", "{ext}");
    }
}

/// Every file of the bad corpus yields one clear message, and no panic.
#[test]
fn bad_file_corpus() {
    // (file, English, Chinese): the app shows the Chinese in Chinese mode.
    let cases: &[(&str, &str, &str)] = &[
        (
            "bad/empty.xlsx",
            "the file is empty (0 bytes)",
            "文件为空（0 字节）",
        ),
        (
            "bad/csv-renamed.xlsx",
            "not an Excel or OpenDocument workbook (it looks like a CSV or text file)",
            "不是 Excel 或 OpenDocument 工作簿（看起来是CSV 或文本文件）",
        ),
        (
            "bad/pdf-renamed.xlsx",
            "not an Excel or OpenDocument workbook (it looks like a PDF document)",
            "不是 Excel 或 OpenDocument 工作簿",
        ),
        (
            "bad/random.bin",
            "not an Excel or OpenDocument workbook (it looks like an unknown binary file)",
            "不是 Excel 或 OpenDocument 工作簿",
        ),
        (
            "bad/docx-renamed.xlsx",
            "a ZIP archive without a workbook",
            "不含工作簿的 ZIP 压缩包",
        ),
        (
            "bad/truncated.xlsx",
            "the workbook is damaged or truncated",
            "工作簿已损坏或不完整",
        ),
        (
            "bad/truncated.ods",
            "the workbook is damaged or truncated",
            "工作簿已损坏或不完整",
        ),
        (
            "bad/encrypted.xlsx",
            "the workbook is password-protected (encrypted)",
            "工作簿受密码保护（已加密）",
        ),
        (
            "bad/damaged-sheet.xlsx",
            "sheet 'Activity' cannot be read",
            "无法读取工作表“Activity”",
        ),
        (
            "bad/does-not-exist.xlsx",
            "cannot read the file",
            "无法读取文件",
        ),
    ];
    for (rel, want, want_zh) in cases {
        let path = fixture(rel);
        let err = import_workbook(&Project::new("P", 2024), &path, &opts()).expect_err(rel);
        let text = format!("{err}");
        assert!(text.contains(want), "{rel}: {text}");
        assert!(
            text.starts_with(&path.display().to_string()),
            "{rel}: names the file: {text}"
        );
        assert!(matches!(err, ImportError::Workbook(_)), "{rel}");
        let zh = err.message(true);
        assert!(zh.contains(want_zh), "{rel}: {zh}");
        assert!(zh.starts_with(&path.display().to_string()), "{rel}: {zh}");
        assert!(err.message(false).starts_with(&text), "{rel}");
    }
}

fn parkaudit(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn new_project(dir: &Path) -> Vec<u8> {
    let o = parkaudit(&["new", "p.ron", "--name", "P", "--year", "2024"], dir);
    assert_eq!(o.status.code(), Some(0));
    std::fs::read(dir.join("p.ron")).expect("project")
}

/// A failed import of any kind leaves the project file byte-identical.
#[test]
fn failed_imports_leave_the_project_byte_identical() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let before = new_project(dir.path());
    let invalid = write(
        dir.path(),
        "invalid.xlsx",
        &[
            entities(),
            factors(),
            sheet(
                "Activity",
                vec![
                    activity_header(),
                    coal_row("a"),
                    vec![
                        S("E1"),
                        S("2024-13"),
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
            ),
        ],
    );
    let mut inputs: Vec<PathBuf> = vec![invalid];
    for f in [
        "bad/empty.xlsx",
        "bad/truncated.xlsx",
        "bad/encrypted.xlsx",
        "bad/damaged-sheet.xlsx",
        "bad/csv-renamed.xlsx",
    ] {
        inputs.push(fixture(f));
    }
    for input in &inputs {
        let o = parkaudit(
            &["import", "p.ron", &input.display().to_string()],
            dir.path(),
        );
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}: {}",
            input.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            std::fs::read(dir.path().join("p.ron"))?,
            before,
            "{} changed the project",
            input.display()
        );
        assert!(!dir.path().join("p.ron.bak").exists());
        assert!(!dir.path().join("p-import-1-rejects.xlsx").exists());
    }
    // The invalid row is listed with its cell, and the summary is printed.
    let o = parkaudit(&["import", "p.ron", "invalid.xlsx"], dir.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("invalid.xlsx: sheet Activity, row 3, column period (B), value \"2024-13\": expected a month"), "{out}");
    let summary: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(
        summary.contains(&vec!["Activity", "Activity", "2", "1", "1", "0", "0"]),
        "{out}"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("nothing was imported — 1 row(s) rejected"),
        "{err}"
    );
    Ok(())
}

#[test]
fn dry_run_skip_invalid_and_rejects_report() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let before = new_project(dir.path());
    let wb = write(
        dir.path(),
        "mixed.xlsx",
        &[
            entities(),
            factors(),
            sheet(
                "Activity",
                vec![
                    activity_header(),
                    coal_row("a"),
                    vec![
                        S("E1"),
                        S("2024-02"),
                        N(1.0),
                        N(1.0),
                        S("coal"),
                        S("=HYPERLINK(\"http://x\")"),
                        S("t"),
                        S("coal"),
                        Blank,
                        S("b"),
                    ],
                ],
            ),
        ],
    );
    let wb = wb.display().to_string();

    let o = parkaudit(
        &["import", "p.ron", &wb, "--dry-run", "--skip-invalid"],
        dir.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("dry run: nothing written"));
    assert_eq!(std::fs::read(dir.path().join("p.ron"))?, before);

    let o = parkaudit(&["import", "p.ron", &wb, "--skip-invalid"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let p = parkaudit::io::load(&dir.path().join("p.ron"))?;
    assert_eq!(p.activity.len(), 1);
    assert_eq!(p.imports[0].rejected_rows[0].row, 3);
    assert_eq!(
        p.imports[0].sha256,
        parkaudit::io::import::sha256_hex(&std::fs::read(&wb)?)
    );
    assert!(
        dir.path().join("p.ron.bak").exists(),
        "previous project kept"
    );

    // The rejects report holds the row, its reason and its original values, as text.
    let mut rejects = Workbook::open(&dir.path().join("p-import-1-rejects.xlsx"))?.0;
    let mut rows: Vec<Vec<String>> = Vec::new();
    rejects.for_each_row("Rejected Activity", |_, cells| {
        rows.push(cells.iter().map(|c| c.display()).collect())
    })?;
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "3");
    assert!(rows[1][1].contains("column quantity (F)"), "{:?}", rows[1]);
    assert_eq!(
        rows[1][7], "=HYPERLINK(\"http://x\")",
        "a formula-like value stays text"
    );
    Ok(())
}

#[test]
fn template_command_writes_the_bundled_template() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let o = parkaudit(&["template", "t.xlsx"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let bytes = std::fs::read(dir.path().join("t.xlsx"))?;
    assert_eq!(bytes, parkaudit::io::template::TEMPLATE_XLSX);
    assert_eq!(
        bytes,
        parkaudit::io::template::build_template()?,
        "assets/templates is up to date (cargo run --example make_template)"
    );
    assert_eq!(
        parkaudit(&["template", "t.xlsx"], dir.path()).status.code(),
        Some(1),
        "no overwrite without --force"
    );

    // The template's sheets and headers, read back.
    let (mut wb, _) = Workbook::open(&dir.path().join("t.xlsx"))?;
    assert_eq!(
        wb.sheet_names(),
        [
            "Instructions",
            "Entities",
            "Activity",
            "Factors",
            "Indicators"
        ]
    );
    let mut header = Vec::new();
    wb.for_each_row("Activity", |row, cells| {
        if row == 1 {
            header = cells.iter().map(|c| c.display()).collect();
        }
    })?;
    assert_eq!(
        header,
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
            "data_type",
        ]
    );
    let mut instructions = String::new();
    wb.for_each_row("Instructions", |_, cells| {
        for c in cells {
            instructions.push_str(&c.display());
            instructions.push('\n');
        }
    })?;
    for needle in [
        "template_version",
        "实体编号",
        "排放因子编号",
        "证据编号",
        "Units / 单位",
    ] {
        assert!(instructions.contains(needle), "{needle}");
    }
    Ok(())
}

/// Template → filled by this test (headers read from the template itself) →
/// import → compute gives the hand-computed totals.
#[test]
fn template_round_trip() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let t = dir.path().join("template.xlsx");
    std::fs::write(&t, parkaudit::io::template::TEMPLATE_XLSX)?;
    let (mut wb, _) = Workbook::open(&t)?;
    let mut headers: Vec<(&'static str, Vec<String>)> = Vec::new();
    for name in ["Entities", "Activity", "Factors"] {
        let mut h = Vec::new();
        wb.for_each_row(name, |row, cells| {
            if row == 1 {
                h = cells.iter().map(|c| c.display()).collect();
            }
        })?;
        headers.push((name, h));
    }
    // Fill by header name, so the test follows the template whatever its column order.
    let fill = |name: &'static str, rows: Vec<Vec<(&str, V)>>| {
        let h = &headers.iter().find(|(n, _)| *n == name).expect("sheet").1;
        let mut all = vec![h.iter().map(|s| Owned(s.clone())).collect::<Vec<_>>()];
        for r in rows {
            all.push(
                h.iter()
                    .map(|col| {
                        r.iter()
                            .find(|(k, _)| k == col)
                            .map_or(Blank, |(_, v)| v.clone())
                    })
                    .collect(),
            );
        }
        sheet(name, all)
    };
    let filled = write(
        dir.path(),
        "filled.xlsx",
        &[
            fill(
                "Entities",
                vec![
                    vec![
                        ("entity_id", S("T1")),
                        ("name", S("Tenant")),
                        ("sector", S("chemicals")),
                        ("ownership_pct", N(40.0)),
                        ("operational_control", S("yes")),
                        ("financial_control", S("no")),
                        ("included", S("yes")),
                    ],
                    vec![
                        ("entity_id", S("T2")),
                        ("name", S("Closed")),
                        ("sector", S("textiles")),
                        ("ownership_pct", N(100.0)),
                        ("operational_control", S("yes")),
                        ("financial_control", S("yes")),
                        ("included", S("no")),
                        ("exclusion_reason", S("Ceased operation in 2023")),
                    ],
                ],
            ),
            fill(
                "Activity",
                vec![
                    // 120 10^4 Nm3 natural gas × 21,622 kg/10^4 Nm3 = 2,594.64 t
                    vec![
                        ("entity_id", S("T1")),
                        ("period", S("2024-01")),
                        ("scope", N(1.0)),
                        ("activity", S("gas")),
                        ("quantity", N(1_200_000.0)),
                        ("unit", S("Nm3")),
                        ("factor_id", S("ng")),
                        ("evidence_ref", S("G1")),
                    ],
                    // 3,000 MWh × 536.6 kg/MWh = 1,609.8 t location; residual 585.6 → 1,756.8 t market
                    vec![
                        ("entity_id", S("T1")),
                        ("period", S("2024-02")),
                        ("scope", N(2.0)),
                        ("activity", S("power")),
                        ("quantity", N(300.0)),
                        ("unit", S("万kWh")),
                        ("factor_id", S("grid")),
                        ("market_factor_id", S("residual")),
                        ("evidence_ref", S("P1")),
                    ],
                    vec![
                        ("entity_id", S("T2")),
                        ("period", S("2024-02")),
                        ("scope", N(2.0)),
                        ("activity", S("power")),
                        ("quantity", N(1000.0)),
                        ("unit", S("MWh")),
                        ("factor_id", S("grid")),
                        ("evidence_ref", S("P2")),
                    ],
                ],
            ),
            fill(
                "Factors",
                vec![
                    vec![
                        ("factor_id", S("ng")),
                        ("unit", S("10^4 Nm3")),
                        ("gas", S("CO2")),
                        ("kg_per_unit", N(21_622.0)),
                        ("source", S("GB/T 32150-2015")),
                    ],
                    vec![
                        ("factor_id", S("grid")),
                        ("unit", S("MWh")),
                        ("gas", S("CO2")),
                        ("kg_per_unit", N(536.6)),
                        ("source", S("MEE/NBS 2022 national average")),
                    ],
                    vec![
                        ("factor_id", S("residual")),
                        ("unit", S("MWh")),
                        ("gas", S("CO2")),
                        ("kg_per_unit", N(585.6)),
                        ("source", S("MEE/NBS 2022 excl. market-traded non-fossil")),
                    ],
                ],
            ),
        ],
    );
    let out = import_workbook(&Project::new("P", 2024), &filled, &opts())?;
    assert!(
        out.report.errors().next().is_none(),
        "{:?}",
        out.report.issues
    );
    let p = out.merged_into(&Project::new("P", 2024)).expect("merged");
    let inv = parkaudit::calc::compute(&p).expect("computes");
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
    assert!(close(inv.scope1_t, 2_594.64), "{}", inv.scope1_t);
    assert!(
        close(inv.scope2_location_t, 1_609.8),
        "{}",
        inv.scope2_location_t
    );
    assert!(
        close(inv.scope2_market_t, 1_756.8),
        "{}",
        inv.scope2_market_t
    );
    assert!(close(inv.excluded_t, 536.6), "{}", inv.excluded_t);
    // Under equity share T1 counts 40 %.
    let mut eq = p.clone();
    eq.consolidation = parkaudit::model::Consolidation::EquityShare;
    let inv = parkaudit::calc::compute(&eq).expect("computes");
    assert!(close(inv.total_t_co2e, 0.4 * (2_594.64 + 1_609.8)));
    Ok(())
}

/// The sample park's workbook imported into an empty project reproduces the sample's inventory.
#[test]
fn sample_workbook_reproduces_the_sample_project() -> Result<(), Box<dyn std::error::Error>> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-projects/jinghai-park");
    let sample = parkaudit::io::load(&base.join("jinghai-park.ron"))?;
    let out = import_workbook(
        &Project::new("P", 2024),
        &base.join("jinghai-park-activity.xlsx"),
        &opts(),
    )?;
    assert!(out.report.errors().next().is_none());
    let imported = out.merged_into(&Project::new("P", 2024)).expect("merged");
    let a = parkaudit::calc::compute(&sample).expect("sample computes");
    let b = parkaudit::calc::compute(&imported).expect("import computes");
    assert_eq!(a.total_t_co2e, b.total_t_co2e);
    assert_eq!(a.excluded_t, b.excluded_t);
    assert_eq!(imported.activity.len(), sample.activity.len());
    // The data types travel with the records (the optional column).
    for (x, y) in sample.activity.iter().zip(&imported.activity) {
        assert_eq!(x.data_type, y.data_type, "{}", x.id);
    }
    assert!(imported.activity.iter().any(|r| r.data_type.is_some()));
    Ok(())
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any bytes, and any damage to a real workbook: an error or a result, never a panic.
        #[test]
        fn mutated_workbooks(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8), cut in any::<prop::sample::Index>(), do_cut in any::<bool>()) {
            let mut bytes = std::fs::read(fixture("formats/small.xlsx")).expect("fixture");
            for (at, b) in edits {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            if do_cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("m.xlsx");
            std::fs::write(&path, &bytes).expect("write");
            let _ = import_workbook(&Project::new("P", 2024), &path, &opts());
        }

        #[test]
        fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            if let Err(e) = Workbook::from_bytes(Path::new("x.xlsx"), bytes) {
                let is_read = matches!(e, WorkbookError::Read { .. });
                prop_assert!(!is_read, "bytes in memory are never a read error");
            }
        }
    }
}
