//! The audit workbook: values traced to formulas with the engine's cached
//! results, signing, offline verification, and tampering detected.

use calamine::{Data, Reader, Xlsx, open_workbook};
use parkaudit::calc;
use parkaudit::io::export::{self, Package::Draft, signing::Signer, verify};
use parkaudit::io::{self as pio};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "sample-projects/jinghai-park/jinghai-park.ron";
const CONTENT: [&str; 13] = [
    "Cover",
    "Boundary",
    "Methodology",
    "Factors",
    "Activity",
    "Inventory",
    "Charts",
    "CBAM",
    "Claims",
    "Uncertainty",
    "Findings",
    "Evaluation",
    "Audit trail",
];

fn sample() -> parkaudit::model::Project {
    pio::load(Path::new(SAMPLE)).expect("sample")
}

fn key(dir: &Path, name: &str) -> (PathBuf, Signer) {
    let path = dir.join(name);
    export::signing::keygen(&path, "Li Ming", "Example Verification Co.", "pass phrase")
        .expect("keygen");
    let s = Signer::load(&path, Some("pass phrase"), None, None).expect("load");
    (path, s)
}

fn signed_sample(dir: &Path) -> (PathBuf, PathBuf) {
    let (kp, signer) = key(dir, "k");
    let out = dir.join("park.xlsx");
    export::export(
        &sample(),
        &out,
        Draft,
        Some(&signer),
        "2026-12-01T08:00:00Z",
    )
    .expect("exports");
    (out, kp)
}

fn num(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        _ => f64::NAN,
    }
}

#[test]
fn every_figure_is_a_formula_whose_cached_value_is_the_engines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = signed_sample(dir.path());
    let p = sample();
    let inv = calc::compute(&p).expect("computes");
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let names = wb.sheet_names();
    let mut want: Vec<&str> = CONTENT.to_vec();
    want.push("Signature");
    assert_eq!(names, want);

    let act = wb.worksheet_range("Activity").expect("Activity");
    let formulas = wb.worksheet_formula("Activity").expect("formulas");
    assert_eq!(act.height(), p.activity.len() + 1);
    for (i, res) in inv.records.iter().enumerate() {
        let row = act.rows().nth(i + 1).expect("row");
        assert_eq!(row[0], Data::String(p.activity[i].id.clone()));
        // P = in the inventory, U = market-based, V = excluded, W = biogenic: bit-identical cached values.
        assert_eq!(num(&row[15]).to_bits(), res.location_t.to_bits(), "row {i}");
        assert_eq!(num(&row[20]).to_bits(), res.market_t.to_bits(), "row {i}");
        assert_eq!(num(&row[21]).to_bits(), res.excluded_t.to_bits(), "row {i}");
        assert_eq!(num(&row[22]).to_bits(), res.biogenic_t.to_bits(), "row {i}");
    }
    let fr = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(fr(1, 13), "H2*L2*M2/1000");
    assert_eq!(fr(1, 15), "N2*O2");
    assert!(
        fr(1, 12).starts_with("VLOOKUP(J2,Factors!$S$2:$X$"),
        "{}",
        fr(1, 12)
    );

    let invs = wb.worksheet_range("Inventory").expect("Inventory");
    assert_eq!(
        num(invs.get((2, 1)).expect("total")).to_bits(),
        inv.total_t_co2e.to_bits()
    );
    assert_eq!(
        num(invs.get((3, 1)).expect("market")).to_bits(),
        inv.total_market_t_co2e.to_bits()
    );
    assert_eq!(
        num(invs.get((8, 1)).expect("excluded")).to_bits(),
        inv.excluded_t.to_bits()
    );
    let cover_f = wb.worksheet_formula("Cover").expect("cover");
    assert!(
        cover_f.used_cells().any(|(_, _, f)| f == "Total_tCO2e"),
        "the Cover's totals are defined names"
    );
}

/// The Uncertainty sheet: Approach 1 of the total is a live formula over
/// the inputs table whose cached value is the engine's; recomputed from the
/// table's own cells it gives the same; the Monte Carlo's seed and
/// iterations are stated, and its percentiles are the engine's.
#[test]
fn the_uncertainty_sheet_recomputes_approach_1_from_its_inputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("u.xlsx");
    let p = sample();
    export::export(&p, &out, Draft, None, "t").expect("exports");
    let inv = calc::compute(&p).expect("computes");
    let r = calc::uncertainty::assess(&p, &inv, calc::library::bundled());
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let sheet = wb.worksheet_range("Uncertainty").expect("Uncertainty");
    let formulas = wb.worksheet_formula("Uncertainty").expect("formulas");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let find = |start: &str| {
        rows.iter()
            .position(|row| matches!(&row[0], Data::String(s) if s.starts_with(start)))
            .unwrap_or_else(|| panic!("no row {start}"))
    };
    let a1_row = find("Approach 1, 95 % half-width");
    let a1 = num(&rows[a1_row][1]);
    assert!(
        (a1 - r.total.a1_pct).abs() <= 1e-12 * r.total.a1_pct,
        "{a1}"
    );
    let f = formulas
        .get_value((a1_row as u32, 1))
        .cloned()
        .unwrap_or_default();
    assert!(f.contains("SQRT(SUM(H"), "{f}");
    assert_eq!(
        num(&rows[find("Total (t CO2e)")][1]).to_bits(),
        inv.total_t_co2e.to_bits()
    );
    assert_eq!(
        num(&rows[find("Monte Carlo 2.5 %")][1]).to_bits(),
        r.total.mc.p2_5.to_bits()
    );
    assert_eq!(
        num(&rows[find("Monte Carlo 97.5 %")][1]).to_bits(),
        r.total.mc.p97_5.to_bits()
    );
    // The method's paragraphs, wrapped over several rows.
    let text: String = rows
        .iter()
        .filter_map(|row| match &row[0] {
            Data::String(s) => Some(s.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("Monte Carlo: 10,000 iterations, seed 14064")
            && text.contains("--iterations 10000 --seed 14064"),
        "{text}"
    );
    // The inputs table: recompute Approach 1 from its bounds and emissions.
    let head = find("Input / 输入");
    let inputs = &rows[head + 1..];
    assert_eq!(inputs.len(), r.contributions.len());
    let z = calc::uncertainty::spread::Z95;
    let mut var = 0.0;
    for row in inputs {
        let (lo, hi, t) = (num(&row[3]), num(&row[4]), num(&row[6]));
        let u = match &row[2] {
            Data::String(d) if d == "normal" || d == "lognormal" => lo.max(hi),
            d => panic!("a distribution the sample does not use: {d:?}"),
        };
        assert!((num(&row[5]) - u).abs() <= 1e-9 * u.max(1.0));
        var += (u / 100.0 / z * t).powi(2);
    }
    let recomputed = z * var.sqrt() / inv.total_t_co2e * 100.0;
    assert!(
        (recomputed - r.total.a1_pct).abs() <= 1e-9 * r.total.a1_pct,
        "{recomputed}"
    );
    let shares: f64 = inputs.iter().map(|row| num(&row[8])).sum();
    assert!((shares - 1.0).abs() < 1e-9);
}

#[test]
fn signed_workbook_verifies_and_is_deterministic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, kp) = signed_sample(dir.path());
    let pubkey = format!("{}.pub", kp.display());
    let r = verify::verify_file(&out, Some(&pubkey)).expect("readable");
    assert!(r.is_intact(), "{:?}", r.problems);
    assert!(r.key_checked && r.file_signature_checked);
    assert_eq!(
        (
            r.signer.as_str(),
            r.organisation.as_str(),
            r.signed_at.as_str()
        ),
        (
            "Li Ming",
            "Example Verification Co.",
            "2026-12-01T08:00:00Z"
        )
    );
    // The same project gives the same content digest (cell values), signed or not.
    let plain = dir.path().join("plain.xlsx");
    let s1 = export::export(&sample(), &plain, Draft, None, "x").expect("exports");
    let s2 = export::export(&sample(), &plain, Draft, None, "y").expect("exports");
    assert_eq!(s1.digest, s2.digest);
    assert_eq!(s1.digest, r.digest);
    // Unsigned: integrity data, but no signature.
    let r = verify::verify_file(&plain, None).expect("readable");
    assert!(!r.is_intact());
    assert!(
        r.problems.iter().any(|p| p.contains("not signed")),
        "{:?}",
        r.problems
    );
}

/// Rewrites one part of an .xlsx (a zip) with `edit`.
fn rewrite(src: &Path, dst: &Path, part: &str, edit: impl Fn(String) -> String) {
    with_parts(
        src,
        dst,
        &[],
        |name, x| if name == part { edit(x) } else { x },
    );
}

/// Changes the first string cell of a sheet's XML: a shared string is pointed
/// at another string; an inline string (constant-memory sheets) gets a suffix.
fn bump_first_string(xml: String) -> String {
    let shared = xml.find(" t=\"s\"");
    let inline = xml.find(" t=\"inlineStr\"");
    match (shared, inline) {
        (Some(i), _) if inline.is_none_or(|j| i < j) => {
            let v = i + xml[i..].find("<v>").expect("value") + 3;
            let e = v + xml[v..].find("</v>").expect("end");
            let n: u32 = xml[v..e].parse().expect("index");
            format!("{}{}{}", &xml[..v], n + 1, &xml[e..])
        }
        (_, Some(j)) => {
            let e = j + xml[j..].find("</t>").expect("text end");
            format!("{} (edited){}", &xml[..e], &xml[e..])
        }
        _ => panic!("no string cell"),
    }
}

#[test]
fn a_changed_cell_in_any_sheet_is_detected_and_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = signed_sample(dir.path());
    for (i, name) in CONTENT.iter().enumerate() {
        let t = dir.path().join(format!("t{i}.xlsx"));
        rewrite(
            &out,
            &t,
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            bump_first_string,
        );
        let r = verify::verify_file(&t, None).expect("readable");
        assert!(!r.is_intact(), "{name}");
        assert!(
            r.problems
                .iter()
                .any(|p| p.starts_with(&format!("sheet {name} changed"))),
            "{name}: {:?}",
            r.problems
        );
    }
    // A number changed at the XML level: the cell is named.
    let t = dir.path().join("num.xlsx");
    rewrite(&out, &t, "xl/worksheets/sheet5.xml", |x| {
        let i = x.find("<c r=\"H2\"").expect("cell H2");
        let v = i + x[i..].find("<v>").expect("value") + 3;
        let e = v + x[v..].find("</v>").expect("end");
        assert_eq!(&x[v..e], "30117.0");
        format!("{}30118{}", &x[..v], &x[e..])
    });
    let r = verify::verify_file(&t, None).expect("readable");
    assert!(
        r.problems
            .iter()
            .any(|p| p == "sheet Activity changed at cell H2"),
        "{:?}",
        r.problems
    );
    // The app shows the same problems in Chinese, one for one.
    assert_eq!(r.problems_zh.len(), r.problems.len());
    assert!(
        r.problems_in(true)
            .iter()
            .any(|p| p == "工作表 Activity 在单元格 H2 处已更改"),
        "{:?}",
        r.problems_zh
    );
    // A changed signer name breaks the statement's signature.
    let t = dir.path().join("signer.xlsx");
    rewrite(&out, &t, "xl/sharedStrings.xml", |x| {
        x.replacen(">Li Ming<", ">Wang Wei<", 1)
    });
    let r = verify::verify_file(&t, None).expect("readable");
    assert!(
        r.problems
            .iter()
            .any(|p| p.contains("signature in the Signature sheet is invalid")),
        "{:?}",
        r.problems
    );
}

#[test]
fn sheets_added_removed_renamed_and_a_swapped_key_are_detected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, kp) = signed_sample(dir.path());
    let t = dir.path().join("renamed.xlsx");
    rewrite(&out, &t, "xl/workbook.xml", |x| {
        x.replacen("name=\"Findings\"", "name=\"Findings (2)\"", 1)
    });
    let r = verify::verify_file(&t, None).expect("readable");
    assert!(
        r.problems
            .contains(&"sheet Findings was renamed to Findings (2)".to_string()),
        "{:?}",
        r.problems
    );

    let t = dir.path().join("removed.xlsx");
    rewrite(&out, &t, "xl/workbook.xml", |x| {
        let i = x.find("<sheet name=\"Findings\"").expect("sheet");
        let e = i + x[i..].find("/>").expect("end") + 2;
        format!("{}{}", &x[..i], &x[e..])
    });
    let r = verify::verify_file(&t, None).expect("readable");
    assert!(
        r.problems
            .contains(&"sheet Findings was removed".to_string()),
        "{:?}",
        r.problems
    );

    // Added: a workbook with an extra sheet, same content otherwise.
    let t = dir.path().join("added.xlsx");
    rewrite(&out, &t, "xl/workbook.xml", |x| {
        x.replacen(
            "<sheet name=\"Findings\"",
            "<sheet name=\"Extra\" sheetId=\"99\" r:id=\"rId8\"/><sheet name=\"Findings\"",
            1,
        )
    });
    let r = verify::verify_file(&t, None).expect("readable");
    assert!(
        r.problems.iter().any(|p| p == "sheet Extra was added"),
        "{:?}",
        r.problems
    );
    assert!(r.problems_zh.iter().any(|p| p == "新增了工作表 Extra"));

    // Another key: integrity holds, identity does not.
    let (other, _) = key(dir.path(), "other");
    let r = verify::verify_file(&out, Some(&format!("{}.pub", other.display()))).expect("readable");
    assert!(
        r.problems.iter().any(|p| p.contains("not the expected")),
        "{:?}",
        r.problems
    );
    // A fingerprint works as the expected key too.
    let fp = Signer::load(&kp, Some("pass phrase"), None, None)
        .expect("load")
        .fingerprint();
    assert!(
        verify::verify_file(&out, Some(&fp))
            .expect("readable")
            .is_intact()
    );
}

#[test]
fn imported_text_stays_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut p = sample();
    p.activity[0].evidence_ref = "=HYPERLINK(\"http://example.invalid\",\"click\")".into();
    p.entities[0].name = "+cmd|' /C calc'!A0".into();
    let out = dir.path().join("inj.xlsx");
    export::export(&p, &out, Draft, None, "t").expect("exports");
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let act = wb.worksheet_range("Activity").expect("Activity");
    assert_eq!(
        act.get((1, 23)),
        Some(&Data::String(p.activity[0].evidence_ref.clone()))
    );
    let f = wb.worksheet_formula("Activity").expect("formulas");
    assert_eq!(
        f.get_value((1, 23)).map(String::as_str).unwrap_or(""),
        "",
        "no formula in the evidence cell"
    );
    let b = wb.worksheet_range("Boundary").expect("Boundary");
    assert_eq!(
        b.get((1, 1)),
        Some(&Data::String(p.entities[0].name.clone()))
    );
}

fn bin(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .env("PARKAUDIT_KEY_PASSPHRASE", "s3cret")
        .output()
        .expect("runs")
}

#[test]
fn cli_keygen_export_verify_and_stock_openssh() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLE)
        .display()
        .to_string();
    let o = bin(
        &[
            "keygen",
            "-o",
            "auditor_key",
            "--name",
            "Li Ming",
            "--org",
            "Example Verification Co.",
        ],
        d,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(d.join("auditor_key"))
            .expect("key")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let key = std::fs::read_to_string(d.join("auditor_key")).expect("key");
    assert!(key.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    assert!(
        ssh_key::PrivateKey::from_openssh(&key)
            .expect("parses")
            .is_encrypted(),
        "the private key is encrypted"
    );

    let o = bin(
        &[
            "export",
            &sample,
            "-o",
            "park.xlsx",
            "--sign",
            "auditor_key",
            "--draft",
        ],
        d,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = bin(&["verify", "park.xlsx"], d);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("intact")
            && out.contains("Li Ming (Example Verification Co.)")
            && out.contains("integrity, not identity"),
        "{out}"
    );
    let o = bin(
        &["verify", "park.xlsx", "--expect-key", "auditor_key.pub"],
        d,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("not identity"));

    // Bytes that differ from the signed file, the content unchanged (as a
    // re-zip or a trailing byte leaves it): content intact, bytes not — exit
    // 3, and 1 with --require-sig. Stock OpenSSH refuses them below.
    let mut bytes = std::fs::read(d.join("park.xlsx")).expect("xlsx");
    bytes.push(b' ');
    std::fs::write(d.join("bad.xlsx"), &bytes).expect("write");
    std::fs::copy(d.join("park.xlsx.sig"), d.join("bad.xlsx.sig")).expect("copy");
    let o = bin(&["verify", "bad.xlsx"], d);
    assert_eq!(o.status.code(), Some(3));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("bad.xlsx: content intact, file bytes unverified")
            && out.contains("content intact, bytes differ from the signed file"),
        "{out}"
    );
    assert_eq!(
        bin(&["verify", "bad.xlsx", "--require-sig"], d)
            .status
            .code(),
        Some(1)
    );
    // No .sig beside it: one line says what is unverified; exit 3. A .sig
    // kept elsewhere is named with --sig.
    std::fs::copy(d.join("park.xlsx"), d.join("moved.xlsx")).expect("copy");
    std::fs::create_dir(d.join("sigs")).expect("dir");
    std::fs::copy(d.join("park.xlsx.sig"), d.join("sigs/moved.sig")).expect("copy");
    let o = bin(&["verify", "moved.xlsx"], d);
    assert_eq!(o.status.code(), Some(3));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out.lines()
            .filter(|l| l.contains("no detached signature"))
            .count(),
        1,
        "{out}"
    );
    assert_eq!(
        bin(&["verify", "moved.xlsx", "--require-sig"], d)
            .status
            .code(),
        Some(1)
    );
    let o = bin(&["verify", "moved.xlsx", "--sig", "sigs/moved.sig"], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    std::fs::write(d.join("junk.xlsx"), b"not a workbook").expect("write");
    assert_eq!(bin(&["verify", "junk.xlsx"], d).status.code(), Some(2));
    assert_eq!(bin(&["verify", "missing.xlsx"], d).status.code(), Some(2));

    // ssh-keygen -Y verify (installed by .ci/run, which requires it).
    if !tool_ready("ssh-keygen", &["-?"], "the stock OpenSSH check") {
        return;
    }
    let check = |file: &str, sig: &str| {
        Command::new("ssh-keygen")
            .args([
                "-Y",
                "verify",
                "-f",
                "auditor_key.allowed_signers",
                "-I",
                "li.ming",
                "-n",
                "parkaudit",
                "-s",
                sig,
            ])
            .stdin(std::fs::File::open(d.join(file)).expect("open"))
            .current_dir(d)
            .output()
            .expect("runs")
    };
    let good = check("park.xlsx", "park.xlsx.sig");
    assert!(
        good.status.success(),
        "{}{}",
        String::from_utf8_lossy(&good.stdout),
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(!check("bad.xlsx", "park.xlsx.sig").status.success());
}

#[test]
fn defined_names_stale_and_unreadable_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = signed_sample(dir.path());
    // A defined name the Cover's totals use, pointed elsewhere: Excel would show another number.
    let t = dir.path().join("names.xlsx");
    rewrite(&out, &t, "xl/workbook.xml", |x| {
        x.replacen("Inventory!$B$3<", "Inventory!$B$4<", 1)
    });
    let r = verify::verify_file(&t, None).expect("readable");
    assert!(
        r.problems.iter().any(|p| p.contains("defined name")),
        "{:?}",
        r.problems
    );
    // Signing again over an earlier export works (the self-check ignores the old .sig).
    let (_, signer) = key(dir.path(), "k2");
    export::export(
        &sample(),
        &out,
        Draft,
        Some(&signer),
        "2026-12-01T09:00:00Z",
    )
    .expect("re-exports");
    assert!(
        verify::verify_file(&out, None)
            .expect("readable")
            .is_intact()
    );
    // An unreadable .sig is a problem, not "no .sig".
    std::fs::write(export::signing::sig_path(&out), [0xFFu8]).expect("write");
    let r = verify::verify_file(&out, None).expect("readable");
    assert!(!r.is_intact(), "{:?}", r.problems);
    // An unsigned export removes a stale detached signature.
    export::export(&sample(), &out, Draft, None, "t").expect("exports");
    assert!(!export::signing::sig_path(&out).exists());
    // A signer's name with a line break would make the statement ambiguous: refused.
    let (kp, _) = key(dir.path(), "k3");
    let bad = Signer::load(
        &kp,
        Some("pass phrase"),
        Some("Li Ming\norganisation=X"),
        None,
    )
    .expect("loads");
    assert!(
        export::export(
            &sample(),
            &dir.path().join("x.xlsx"),
            Draft,
            Some(&bad),
            "t"
        )
        .is_err()
    );
}

/// The sample's workbook content is pinned, sheet by sheet: a refactoring of
/// the writers must not change a cell, a formula or a defined name. When the
/// content is changed on purpose, check the new workbook and update the digest.
#[test]
fn the_sample_workbook_content_is_pinned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("w.xlsx");
    let s = export::export(&sample(), &out, Draft, None, "2026-12-01T08:00:00Z").expect("exports");
    assert_eq!(
        s.digest, "b305b74a80a7a90044ff4db9608a2313aa389c0428faca1a65ffd157b9619d7a",
        "the sample workbook's content changed"
    );
    // No cached value is a negative zero (a factor without biogenic or
    // out-of-boundary gases sums to 0, not −0).
    let mut z = zip::ZipArchive::new(std::fs::File::open(&out).expect("open")).expect("zip");
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("part");
        let name = f.name().expect("a part name").to_string();
        if !name.starts_with("xl/worksheets/sheet") {
            continue;
        }
        let mut xml = String::new();
        f.read_to_string(&mut xml).expect("text");
        assert!(!xml.contains("<v>-0</v>"), "{name} caches a -0");
    }
}

/// Signed workbooks written by earlier builds (`tests/fixtures/workbooks/`)
/// verify in this one: their content digest, their statement signature and
/// the detached signature of their bytes, against their key.
#[test]
fn earlier_signed_workbooks_still_verify() {
    let dir = Path::new("tests/fixtures/workbooks");
    let key = std::fs::read_to_string(dir.join("fixture_key.pub")).expect("key");
    let r = verify::verify_file(&dir.join("canonical-v1-signed.xlsx"), Some(key.trim()))
        .expect("readable");
    assert!(r.is_intact(), "{:?}", r.problems);
    assert_eq!(
        r.digest,
        "6742d8305820244abbd142bc53a11823f986ad5a4f8104f27bbe57622fddac45"
    );
    assert_eq!(
        (r.signer.as_str(), r.organisation.as_str()),
        ("Li Ming", "Example Verification Co.")
    );
    assert_eq!(
        r.fingerprint,
        "SHA256:NdMTccPxh4FKPK1nw2Jg8iNAfeE55LF1C9eVJtmvagM"
    );
}

/// What a reader sees beyond the values — a number's format, hidden rows,
/// columns and sheets, merged cells, data validations — is in the content
/// digest: each forgery is reported, naming the sheet and the place, with no
/// `.sig` beside the file (as when it was saved from an e-mail).
#[test]
fn presentation_is_covered_and_reported_without_the_sig() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = signed_sample(dir.path());
    let problems = |t: &Path| -> Vec<String> {
        assert!(!export::signing::sig_path(t).exists());
        let r = verify::verify_file(t, None).expect("readable");
        assert!(!r.is_intact());
        r.problems
    };

    // The Cover's total shown as another number by a forged number format.
    let styled = dir.path().join("styled.xlsx");
    let xf_count = std::cell::Cell::new(0usize);
    rewrite(&out, &styled, "xl/styles.xml", |x| {
        let at = x.find("<cellXfs count=\"").expect("cellXfs") + "<cellXfs count=\"".len();
        let end = at + x[at..].find('"').expect("count end");
        let n: usize = x[at..end].parse().expect("count");
        xf_count.set(n);
        x.replacen(
            "</numFmts>",
            "<numFmt numFmtId=\"200\" formatCode=\"&quot;6,947,665.744&quot;\"/></numFmts>",
            1,
        )
        .replacen(
            "</cellXfs>",
            "<xf numFmtId=\"200\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>",
            1,
        )
    });
    let forged = dir.path().join("format.xlsx");
    let cell = std::cell::RefCell::new(String::new());
    rewrite(&styled, &forged, "xl/worksheets/sheet1.xml", |x| {
        let f = x.find("<f>Total_tCO2e</f>").expect("the total");
        let c = x[..f].rfind("<c r=\"").expect("its cell");
        let open_end = c + x[c..].find('>').expect("tag end");
        let tag = &x[c..open_end];
        let r = &tag["<c r=\"".len()..];
        *cell.borrow_mut() = r[..r.find('"').expect("ref end")].to_string();
        let s = tag.find(" s=\"").expect("style");
        let s_end = s + 4 + tag[s + 4..].find('"').expect("style end");
        let new_tag = format!(
            "{} s=\"{}\"{}",
            &tag[..s],
            xf_count.get(),
            &tag[s_end + 1..]
        );
        format!("{}{}{}", &x[..c], new_tag, &x[open_end..])
    });
    let want = format!("sheet Cover changed at cell {}", cell.borrow());
    assert_eq!(cell.borrow().as_str(), "B23");
    assert!(problems(&forged).contains(&want), "{:?}", problems(&forged));

    // A hidden row, a hidden column, merged cells, a data validation, a hidden sheet.
    for (part, from, to, want) in [
        (
            "xl/worksheets/sheet6.xml",
            "<row r=\"5\"",
            "<row r=\"5\" hidden=\"1\"",
            "sheet Inventory changed: row 5 hidden",
        ),
        (
            "xl/worksheets/sheet3.xml",
            "<cols>",
            "<cols><col min=\"30\" max=\"30\" width=\"9\" hidden=\"1\"/>",
            "sheet Methodology changed: column AD hidden",
        ),
        (
            "xl/worksheets/sheet2.xml",
            "<pageMargins",
            "<mergeCells count=\"1\"><mergeCell ref=\"A1:B2\"/></mergeCells><pageMargins",
            "sheet Boundary changed: A1:B2 merged",
        ),
        (
            "xl/worksheets/sheet10.xml",
            "<pageMargins",
            "<dataValidations count=\"1\"><dataValidation type=\"list\" allowBlank=\"1\" sqref=\"B3\"><formula1>\"a,b\"</formula1></dataValidation></dataValidations><pageMargins",
            "sheet Uncertainty changed: a data validation on B3",
        ),
        (
            "xl/workbook.xml",
            "<sheet name=\"Charts\" sheetId=\"7\"",
            "<sheet name=\"Charts\" state=\"hidden\" sheetId=\"7\"",
            "sheet Charts is hidden: ParkAudit writes every sheet visible",
        ),
    ] {
        let t = dir.path().join("p.xlsx");
        rewrite(&out, &t, part, |x| {
            assert!(x.contains(from), "{from} in {part}");
            x.replacen(from, to, 1)
        });
        let found = problems(&t);
        assert!(found.iter().any(|p| p == want), "{want}: {found:?}");
    }
}

/// Whether an external tool the tests use runs here. `.ci/run` installs them
/// and sets PARKAUDIT_REQUIRE_TOOLS, so there a missing tool fails the test;
/// elsewhere the check is skipped with a message.
fn tool_ready(program: &str, args: &[&str], what: &str) -> bool {
    let ok = Command::new(program).args(args).output().is_ok_and(|o| {
        // ssh-keygen -? exits 1 after printing its usage: it ran.
        o.status.success() || program == "ssh-keygen"
    });
    if !ok {
        assert!(
            std::env::var_os("PARKAUDIT_REQUIRE_TOOLS").is_none(),
            "{program} is required for {what} (PARKAUDIT_REQUIRE_TOOLS is set)"
        );
        eprintln!("{program} not available: skipping {what}");
    }
    ok
}

/// `scripts/verify_workbook.py` — an independent implementation of the
/// canonical rule with openpyxl — recomputes the digest ParkAudit signed, for
/// this build's workbooks and earlier ones, and sees a forged format; a `-0`
/// cell (which openpyxl reads as 0) changes neither reader's digest.
#[test]
fn the_python_reference_verifier_agrees() {
    // `.ci/run` names the Python that has openpyxl (the system one it installs into).
    let interpreter = std::env::var("PARKAUDIT_PYTHON").unwrap_or_else(|_| "python3".into());
    if !tool_ready(
        &interpreter,
        &["-c", "import openpyxl"],
        "the Python reference verifier",
    ) {
        return;
    }
    let python = |path: &Path| {
        Command::new(&interpreter)
            .arg("scripts/verify_workbook.py")
            .arg(path)
            .output()
            .expect("runs")
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, _) = signed_sample(dir.path());
    let signed = verify::verify_file(&out, None).expect("readable");
    let o = python(&out);
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains(&format!(
            "content digest {} matches (parkaudit-canonical-v2)",
            signed.digest
        )),
        "{stdout}"
    );
    let o = python(Path::new(
        "tests/fixtures/workbooks/canonical-v1-signed.xlsx",
    ));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // A number format changed on one cell: both readers see it.
    let forged = dir.path().join("pct.xlsx");
    rewrite(&out, &forged, "xl/worksheets/sheet4.xml", |x| {
        assert!(x.contains("<c r=\"E2\" s=\"2\">"));
        x.replacen("<c r=\"E2\" s=\"2\">", "<c r=\"E2\" s=\"4\">", 1)
    });
    assert!(
        !verify::verify_file(&forged, None)
            .expect("readable")
            .is_intact()
    );
    let o = python(&forged);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("sheet Factors changed"));

    // -0 where 0 was signed: the same digest in both.
    let negative = dir.path().join("neg.xlsx");
    rewrite(&out, &negative, "xl/worksheets/sheet4.xml", |x| {
        assert!(x.contains("<c r=\"E2\" s=\"2\"><v>0.0</v>"));
        x.replacen(
            "<c r=\"E2\" s=\"2\"><v>0.0</v>",
            "<c r=\"E2\" s=\"2\"><v>-0</v>",
            1,
        )
    });
    let r = verify::verify_file(&negative, None).expect("readable");
    assert!(r.content_intact(), "{:?}", r.problems);
    assert_eq!(r.digest, signed.digest);
    assert_eq!(python(&negative).status.code(), Some(0));
}

/// Copies a workbook adding `extra` parts (name, content) and editing parts
/// by `edit(name, xml)`.
fn with_parts(
    src: &Path,
    dst: &Path,
    extra: &[(&str, &str)],
    edit: impl Fn(&str, String) -> String,
) {
    let mut z = zip::ZipArchive::new(std::fs::File::open(src).expect("open")).expect("zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(dst).expect("create"));
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("entry name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name.ends_with(".xml") || name.ends_with(".rels") {
            data = edit(&name, String::from_utf8(data).expect("xml")).into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(&data).expect("write");
    }
    for (name, content) in extra {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(content.as_bytes()).expect("write");
    }
    w.finish().expect("finish");
}

/// Parts ParkAudit never writes — a VBA project, an external link, custom
/// XML, a hyperlink to an outside address — are outside the cells the digest
/// covers; each is reported as a change, with the `.sig` absent and with the
/// expected key given.
#[test]
fn parts_parkaudit_never_writes_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (out, key) = signed_sample(dir.path());
    let pubkey = format!("{}.pub", key.display());
    let check = |file: &str,
                 extra: &[(&str, &str)],
                 edit: &dyn Fn(&str, String) -> String,
                 want: &[&str]| {
        let t = dir.path().join(file);
        with_parts(&out, &t, extra, edit);
        let r = verify::verify_file(&t, Some(&pubkey)).expect("readable");
        assert!(
            !r.is_intact() && !r.content_intact(),
            "{file}: {:?}",
            r.problems
        );
        for w in want {
            assert!(
                r.problems.iter().any(|p| p.contains(w)),
                "{file}: {w} not in {:?}",
                r.problems
            );
        }
    };
    let same = |_: &str, x: String| x;
    check(
        "vba.xlsx",
        &[("xl/vbaProject.bin", "not really a VBA project")],
        &|name: &str, x: String| {
            if name == "[Content_Types].xml" {
                x.replace(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            } else {
                x
            }
        },
        &[
            "the package holds a VBA project or binary object (macros): xl/vbaProject.bin",
            "the workbook declares itself macro-enabled",
        ],
    );
    check(
        "external.xlsx",
        &[("xl/externalLinks/externalLink1.xml", "<externalLink/>")],
        &same,
        &["the package holds an external link: xl/externalLinks/externalLink1.xml"],
    );
    check(
        "custom.xlsx",
        &[("customXml/item1.xml", "<x/>")],
        &same,
        &["the package holds custom XML: customXml/item1.xml"],
    );
    // A hyperlink on the Cover's total, to an outside address.
    check(
        "link.xlsx",
        &[(
            "xl/worksheets/_rels/sheet1.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.com/pay\" TargetMode=\"External\"/></Relationships>",
        )],
        &|name: &str, x: String| {
            if name == "xl/worksheets/sheet1.xml" {
                x.replacen(
                    "<pageMargins",
                    "<hyperlinks><hyperlink ref=\"B23\" r:id=\"rId9\"/></hyperlinks><pageMargins",
                    1,
                )
            } else {
                x
            }
        },
        &[
            "sheet Cover holds a hyperlink at B23, which ParkAudit never writes",
            "xl/worksheets/_rels/sheet1.xml.rels: a link to an external target: https://example.com/pay",
        ],
    );
    // The untouched workbook has none of them.
    let r = verify::verify_file(&out, Some(&pubkey)).expect("readable");
    assert!(r.fully_verified(), "{:?}", r.problems);
}

/// A wrong passphrase, a missing one or a file that is no key: each named
/// with the key file, in English for the CLI and in Chinese for the app.
#[test]
fn key_errors_name_the_file_in_both_languages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (kp, _) = key(dir.path(), "k");
    // (`Signer` holds a private key: it has no Debug, so no `expect_err`.)
    let Err(wrong) = Signer::load(&kp, Some("not it"), None, None) else {
        panic!("a wrong passphrase is refused")
    };
    assert_eq!(
        wrong,
        export::signing::KeyError::WrongPassphrase { path: kp.clone() }
    );
    assert_eq!(
        wrong.to_string(),
        format!("{}: wrong passphrase", kp.display())
    );
    assert_eq!(wrong.zh(), format!("{}：口令错误", kp.display()));
    let Err(missing) = Signer::load(&kp, None, None, None) else {
        panic!("an encrypted key needs its passphrase")
    };
    assert_eq!(
        missing.zh(),
        format!("{}：密钥已加密——请填写其口令", kp.display())
    );
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a key").expect("written");
    let Err(not_key) = Signer::load(&text, Some("x"), None, None) else {
        panic!("a text file is no key")
    };
    assert!(
        not_key
            .zh()
            .starts_with(&format!("{}：不是 OpenSSH 私钥", text.display())),
        "{}",
        not_key.zh()
    );
}
