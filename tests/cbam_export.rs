//! The CBAM communication workbook: the template's sheets, exactly named,
//! the `Summary_Communication` product table in the template's column order,
//! values and formulas that agree with the engine, signed and verified like
//! the audit workbook; and the real binary writing it.

use calamine::{Data, Reader, Xlsx, open_workbook};
use parkaudit::calc::cbam_goods;
use parkaudit::io::export::{self, Package, signing::Signer, verify};
use parkaudit::model::Project;
use std::path::Path;

fn sample() -> Project {
    parkaudit::io::load(Path::new("sample-projects/jinghai-park/jinghai-park.ron")).expect("sample")
}

/// The product table of `Summary_Communication` in the Commission's
/// Communication template for installations, v2.1.1 (13 Dec 2024), in its
/// order, as summarised in `../shared/cbam/README.md`.
const TEMPLATE_ORDER: [&str; 45] = [
    "Production process",
    "Type of aggregated good or precursor",
    "CN code",
    "CN name",
    "Product name",
    "SEE (direct)",
    "SEE (indirect)",
    "SEE (total)",
    "Unit",
    "Share of emissions by default value",
    "Source for electricity EF",
    "Embedded electricity (MWh/t)",
    "Electricity EF (t CO2/MWh)",
    "Main reducing agent of the precursor",
    "Steel mill identification number",
    "% Mn",
    "% Cr",
    "% Ni",
    "% other alloys",
    "% carbon",
    "t scrap per t steel",
    "% other materials",
    "% pre-consumer scrap",
    "t scrap per t aluminium",
    "% non-aluminium elements",
    "Clinker factor",
    "Calcined or not",
    "Concentration if hydrous solution",
    "% nitric acid",
    "% urea",
    "% N contained",
    "% N as ammonium",
    "% N as nitrate",
    "% N as urea",
    "% N in other forms",
    "Type of carbon-pricing instrument",
    "Share of embedded emissions covered by the carbon price",
    "Embedded emissions covered",
    "Currency",
    "Carbon price due per t",
    "Type of rebate",
    "Share covered by the rebate",
    "Embedded emissions covered by the rebate",
    "Amount of rebate per t",
    "Effective carbon price due per t",
];

fn num(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(v)) => *v,
        Some(Data::Int(v)) => *v as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_steel_installation_communication_has_the_template_structure_and_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("k");
    export::signing::keygen(&key, "Li Ming", "Example Verification Co.", "pass phrase")
        .expect("keygen");
    let signer = Signer::load(&key, Some("pass phrase"), None, None).expect("load");
    let out = dir.path().join("steel.xlsx");
    let p = sample();
    let s = export::export_cbam(
        &p,
        "E01",
        &out,
        Package::Draft,
        Some(&signer),
        "2026-12-02T08:00:00Z",
    )
    .expect("exports");
    assert!(s.signed.is_some());
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    assert_eq!(
        wb.sheet_names(),
        [
            "A_InstData",
            "D_Processes",
            "E_PurchPrec",
            "Summary_Products",
            "Summary_Communication",
            "Signature"
        ]
    );
    let comm = wb.worksheet_range("Summary_Communication").expect("sheet");
    let header: Vec<String> = (0..45u32)
        .map(|c| {
            comm.get_value((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(header, TEMPLATE_ORDER);
    // The goods in process order, their SEE as the engine computes them.
    let cbam = p.cbam.as_ref().expect("cbam");
    let inst = cbam.installation("E01").expect("E01");
    let r = cbam_goods::installation(&p, inst, cbam.declaration_year, cbam.certificate_price_eur)
        .expect("computes");
    for (row, g) in (1u32..).zip(&r.processes) {
        assert_eq!(
            comm.get_value((row, 0)).map(|d| d.to_string()),
            Some(g.id.clone())
        );
        assert_eq!(num(comm.get_value((row, 5))), g.see_product.direct);
        assert_eq!(num(comm.get_value((row, 6))), g.see_product.indirect);
        assert_eq!(num(comm.get_value((row, 9))), g.see.default_share);
    }
    // Hot-rolled coil (P3): CN 7208 51 20, the steel mill, the carbon price.
    assert_eq!(
        comm.get_value((3, 2)).map(|d| d.to_string()).as_deref(),
        Some("7208 51 20")
    );
    assert_eq!(
        comm.get_value((3, 14)).map(|d| d.to_string()).as_deref(),
        Some("JH-HSM-1 (sample)")
    );
    assert_eq!(
        comm.get_value((3, 35)).map(|d| d.to_string()).as_deref(),
        Some("China national ETS (CEA)")
    );
    // Live formulas where the template has them.
    let formulas = wb.worksheet_formula("D_Processes").expect("formulas");
    let direct = formulas.get_value((1, 15)).expect("a formula");
    assert!(
        direct.starts_with("MAX(0,G2+H2*I2-J2*K2+L2*56.1-M2*56.1*0.667-N2*O2)"),
        "{direct}"
    );
    let formulas = wb
        .worksheet_formula("Summary_Communication")
        .expect("formulas");
    assert_eq!(
        formulas.get_value((1, 7)).map(String::as_str),
        Some("F2+G2")
    );
    assert_eq!(
        formulas.get_value((1, 5)).map(String::as_str),
        Some("Summary_Products!N2")
    );
    // Purchased FeMn of unknown origin on the Annex IV value.
    let pp = wb.worksheet_range("E_PurchPrec").expect("sheet");
    assert_eq!(num(pp.get_value((1, 8))), 1.859);
    assert!(
        pp.get_value((1, 12))
            .map(|d| d.to_string())
            .is_some_and(|s| s.starts_with("Default value, origin unknown: Annex IV"))
    );
    // A recipient verifies it alone.
    let report = verify::verify_file(&out, None).expect("readable");
    assert!(report.is_intact(), "{:?}", report.problems);
    assert!(report.signed);
    assert_eq!(report.file_signature, verify::FileSignature::Verified);
    assert_eq!(report.digest, s.digest);
    // Same project, same content.
    let again = dir.path().join("again.xlsx");
    let s2 = export::export_cbam(&p, "E01", &again, Package::Draft, None, "t").expect("exports");
    assert_eq!(s2.digest, s.digest);
}

#[test]
fn an_unknown_installation_or_a_final_package_with_gaps_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("x.xlsx");
    let p = sample();
    let e = export::export_cbam(&p, "E99", &out, Package::Draft, None, "t").expect_err("refused");
    assert_eq!(
        e.to_string(),
        "the project has no CBAM installation E99 — `parkaudit cbam PROJECT` lists them"
    );
    assert!(e.zh().is_some_and(|z| z.contains("E99")));
    let e = export::export_cbam(&p, "E01", &out, Package::Final, None, "t").expect_err("gaps");
    assert!(
        e.to_string()
            .starts_with("the verification is not complete"),
        "{e}"
    );
    assert!(!out.exists());
}

#[test]
fn the_binary_writes_and_verifies_a_signed_communication() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = env!("CARGO_BIN_EXE_parkaudit");
    let run = |args: &[&str]| {
        std::process::Command::new(bin)
            .args(args)
            .current_dir(dir.path())
            .env("PARKAUDIT_KEY_PASSPHRASE", "pass phrase")
            .env("PARKAUDIT_AUDITOR", "Li Ming")
            .output()
            .expect("runs")
    };
    let sample =
        std::fs::canonicalize("sample-projects/jinghai-park/jinghai-park.ron").expect("sample");
    let sample = sample.to_str().expect("utf-8");
    let o = run(&["keygen", "-o", "k", "--name", "Li Ming", "--org", "X"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&[
        "export-cbam",
        sample,
        "E04",
        "-o",
        "cement.xlsx",
        "--sign",
        "k",
        "--draft",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("wrote cement.xlsx (6 sheets; content digest ")
    );
    let o = run(&["verify", "cement.xlsx"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // `cbam --json`: every good, in order.
    let o = run(&["cbam", sample, "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let goods: Vec<String> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|g| {
            format!(
                "{}/{}",
                g["installation"].as_str().unwrap_or(""),
                g["process"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        goods,
        [
            "E01/P1", "E01/P2", "E01/P3", "E02/P1", "E04/P1", "E04/P2", "E06/P1", "E06/P2",
            "E06/P3", "E10/P1", "E11/P1"
        ]
    );
    // `cbam explain` prints the chain, in Chinese on request.
    let o = run(&["cbam", "explain", sample, "E04/P2", "--zh"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("CBAM计入：直接 + 间接"), "{text}");
    let o = run(&["cbam", "explain", sample, "P1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("names 6 goods"));
}
