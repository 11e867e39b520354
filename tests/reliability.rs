//! Nothing lost: concurrent writers on one project, saves through links, a
//! rejects file where the README says. Each test runs the real binary.

mod common;

use common::xlsx::{self, *};
use std::path::Path;
use std::process::{Command, Output};

fn bin(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .env("PARKAUDIT_AUDITOR", "Test Auditor")
        .output()
        .expect("runs")
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A workbook of `rows` coal rows of E1, each with evidence `TAG-n`.
fn activity_workbook(dir: &Path, tag: &str, rows: usize) -> std::path::PathBuf {
    let mut sheet_rows = vec![activity_header()];
    for n in 0..rows {
        let mut row = coal_row("");
        row[9] = Owned(format!("{tag}-{n}"));
        sheet_rows.push(row);
    }
    xlsx::write(
        dir,
        &format!("{tag}.xlsx"),
        &[xlsx::sheet("Activity", sheet_rows)],
    )
}

/// A new project `p.ron` in `d`, and a template workbook `name` with the
/// test entities and factors and these activity rows (after the header).
fn project_and_book(d: &Path, name: &str, rows: Vec<Vec<V>>) -> std::path::PathBuf {
    ok(bin(
        &["new", "p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    let mut sheet_rows = vec![activity_header()];
    sheet_rows.extend(rows);
    xlsx::write(
        d,
        name,
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet("Activity", sheet_rows),
        ],
    )
}

/// Copies the workbook `src` to `dst` as Excel or another tool might have
/// written it: `edit(part, xml)` changes one part's text, `extra` parts are
/// added.
fn repack(src: &Path, dst: &Path, edit: (&str, &dyn Fn(String) -> String), extra: &[(&str, &str)]) {
    use std::io::{Read, Write};
    let mut z = zip::ZipArchive::new(std::fs::File::open(src).expect("open")).expect("zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(dst).expect("create"));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("entry");
        let name = f.name().expect("name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read");
        if name == edit.0 {
            data = edit.1(String::from_utf8(data).expect("xml")).into_bytes();
        }
        w.start_file(name.as_str(), options).expect("start");
        w.write_all(&data).expect("write");
    }
    for (name, content) in extra {
        w.start_file(*name, options).expect("start");
        w.write_all(content.as_bytes()).expect("write");
    }
    w.finish().expect("finish");
}

/// Twelve imports into one project at once: every import that reports
/// success keeps every one of its records (and its place in the history);
/// any other is refused with the lock message and adds nothing. Three rounds.
#[test]
fn concurrent_imports_lose_nothing() {
    const WRITERS: usize = 12;
    const ROWS: usize = 40;
    for round in 0..3 {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        ok(bin(
            &["new", "p.ron", "--name", "Park", "--year", "2024"],
            d,
        ));
        let base = xlsx::write(
            d,
            "base.xlsx",
            &[
                xlsx::entities(),
                xlsx::factors(),
                xlsx::sheet("Activity", vec![activity_header(), coal_row("BASE")]),
            ],
        );
        ok(bin(&["import", "p.ron", base.to_str().expect("utf-8")], d));
        let books: Vec<_> = (0..WRITERS)
            .map(|i| activity_workbook(d, &format!("W{i}"), ROWS))
            .collect();
        let children: Vec<_> = books
            .iter()
            .map(|b| {
                Command::new(env!("CARGO_BIN_EXE_parkaudit"))
                    .args(["import", "p.ron", b.to_str().expect("utf-8")])
                    .current_dir(d)
                    .env("PARKAUDIT_AUDITOR", "Test Auditor")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawns")
            })
            .collect();
        let outputs: Vec<Output> = children
            .into_iter()
            .map(|c| c.wait_with_output().expect("waits"))
            .collect();
        let p = parkaudit::io::load(&d.join("p.ron")).expect("the project loads");
        let mut succeeded = 0;
        for (i, o) in outputs.iter().enumerate() {
            let tag = format!("W{i}-");
            let kept = p
                .activity
                .iter()
                .filter(|r| r.evidence_ref.starts_with(&tag))
                .count();
            if o.status.success() {
                succeeded += 1;
                assert_eq!(kept, ROWS, "round {round}: import {i} said saved");
            } else {
                let err = String::from_utf8_lossy(&o.stderr);
                assert!(
                    err.contains("p.ron: being changed by ParkAudit (import), process"),
                    "round {round}: import {i}: {err}"
                );
                assert_eq!(kept, 0, "round {round}: a refused import adds nothing");
            }
        }
        assert!(succeeded >= 1);
        assert_eq!(p.activity.len(), 1 + succeeded * ROWS, "round {round}");
        assert_eq!(p.imports.len(), 1 + succeeded, "round {round}");
        // The trail still chains: no save overwrote another's entries.
        assert!(parkaudit::audit::trail::verify(&p).is_ok());
    }
}

/// A project reached through a symbolic link (a shared folder): the import
/// goes into the file the link points to, and the link stays a link.
#[cfg(unix)]
#[test]
fn an_import_through_a_link_changes_the_shared_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::create_dir(d.join("shared")).expect("folder");
    ok(bin(
        &["new", "shared/p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    std::os::unix::fs::symlink("shared/p.ron", d.join("link.ron")).expect("link");
    let base = xlsx::write(
        d,
        "base.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet("Activity", vec![activity_header(), coal_row("BASE")]),
        ],
    );
    ok(bin(
        &["import", "link.ron", base.to_str().expect("utf-8")],
        d,
    ));
    assert!(
        std::fs::symlink_metadata(d.join("link.ron"))
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    let p = parkaudit::io::load(&d.join("shared/p.ron")).expect("loads");
    assert_eq!(p.activity.len(), 1);
}

/// A cell holding a terminal escape sequence is shown escaped, never sent to
/// the terminal raw (it could clear the screen and print a fake "import OK").
#[test]
fn escape_sequences_in_cells_are_shown_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let mut row = coal_row("EV-1");
    row[0] = S("E1\u{1b}[2J\u{1b}[Himport OK");
    let book = project_and_book(d, "evil.xlsx", vec![row]);
    let o = bin(&["import", "p.ron", book.to_str().expect("utf-8")], d);
    assert!(!o.status.success());
    let all = [o.stdout, o.stderr].concat();
    assert!(!all.contains(&0x1b), "a raw escape reached the terminal");
    let text = String::from_utf8_lossy(&all);
    assert!(text.contains("E1\\u{1b}[2J\\u{1b}[Himport OK"), "{text}");
}

/// A workbook whose sheet unpacks to 1,000 times its packed size (a
/// decompression bomb: 64 MiB of whitespace in 0.1 MB) is refused from the
/// archive's directory, naming the part and the limit, before anything is
/// unpacked — under a 1 GB address-space cap, exit 1 and a message, never an
/// abort.
#[cfg(unix)]
#[test]
fn a_decompression_bomb_is_refused_before_it_is_unpacked() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(bin(
        &["new", "p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    let good = xlsx::write(
        d,
        "good.xlsx",
        &[xlsx::sheet(
            "Activity",
            vec![activity_header(), coal_row("EV-1")],
        )],
    );
    let bomb = d.join("bomb.xlsx");
    {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&good).expect("open")).expect("zip");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&bomb).expect("create"));
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for i in 0..z.len() {
            let mut f = z.by_index(i).expect("entry");
            let name = f.name().expect("name").to_string();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            w.start_file(name.as_str(), deflate).expect("start");
            if name == "xl/worksheets/sheet1.xml" {
                let text = String::from_utf8(data).expect("xml");
                let (head, tail) = text.split_at(text.find("<sheetData").expect("sheetData"));
                w.write_all(head.as_bytes()).expect("head");
                let spaces = vec![b' '; 1 << 20];
                for _ in 0..64 {
                    w.write_all(&spaces).expect("spaces");
                }
                w.write_all(tail.as_bytes()).expect("tail");
            } else {
                w.write_all(&data).expect("data");
            }
        }
        w.finish().expect("finish");
    }
    assert!(std::fs::metadata(&bomb).expect("meta").len() < 2 << 20);
    let before = std::fs::read(d.join("p.ron")).expect("project");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec '{}' import p.ron bomb.xlsx",
            env!("CARGO_BIN_EXE_parkaudit")
        ))
        .current_dir(d)
        .env("PARKAUDIT_AUDITOR", "Test Auditor")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bomb.xlsx: part xl/worksheets/sheet1.xml would unpack to 64 MB")
            && err.contains("over ParkAudit's limit of 200× packing for a part over 10 MB"),
        "{err}"
    );
    assert_eq!(std::fs::read(d.join("p.ron")).expect("project"), before);
}

/// A workbook of a thousand bad rows prints the first 200 errors and counts
/// the rest by sheet and column, rather than a line for each.
#[test]
fn a_thousand_bad_rows_print_two_hundred_errors_and_a_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let mut row = coal_row("EV");
    row[5] = S("lots"); // quantity: not a number
    let book = project_and_book(d, "bad.xlsx", vec![row; 1000]);
    let o = bin(&["import", "p.ron", book.to_str().expect("utf-8")], d);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let shown = out
        .lines()
        .filter(|l| l.contains("bad.xlsx: sheet Activity, row"))
        .count();
    assert_eq!(shown, 200, "{out}");
    assert!(out.contains("1000 error(s):"), "{out}");
    assert!(out.contains("… and 800 more"), "{out}");
    assert!(
        out.contains("    800 in sheet Activity, column quantity"),
        "{out}"
    );
}

/// A project file that parses but holds what the edit layer never lets in is
/// refused on load, naming the file, line and column — not blamed on the
/// workbook being imported into it.
#[test]
fn invalid_values_in_a_project_file_are_refused_at_their_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(bin(
        &["new", "p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    let base = xlsx::write(
        d,
        "base.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet("Activity", vec![activity_header(), coal_row("BASE")]),
        ],
    );
    ok(bin(&["import", "p.ron", base.to_str().expect("utf-8")], d));
    let text = std::fs::read_to_string(d.join("p.ron")).expect("text");
    let line_of = |needle: &str, nth: usize| {
        let at = text.match_indices(needle).nth(nth).expect("needle").0;
        text[..at].matches('\n').count() + 1
    };
    let cases = [
        (
            text.replace("materiality_pct: 5.0", "materiality_pct: -5.0"),
            format!("p.ron:{}:", line_of("materiality_pct:", 0)),
            "engagement.materiality_pct is -5 — it must be more than 0 and at most 100",
        ),
        (
            text.replace("reporting_year: 2024", "reporting_year: -1"),
            format!("p.ron:{}:", line_of("reporting_year:", 0)),
            "park.reporting_year is -1 — give a year between 1990 and 2100",
        ),
        (
            text.replacen("id: \"E2\"", "id: \"E1\"", 1),
            format!("p.ron:{}:", line_of("id: \"E2\"", 0)),
            "entity id 'E1' is defined twice",
        ),
    ];
    for (i, (bad, place, message)) in cases.iter().enumerate() {
        let name = format!("bad{i}.ron");
        std::fs::write(d.join(&name), bad).expect("write");
        let err = parkaudit::io::load(&d.join(&name)).expect_err("refused");
        let msg = err.to_string();
        assert!(
            msg.contains(&place.replace("p.ron", &name)) && msg.contains(message),
            "{msg}"
        );
        // The import names the project, not the workbook.
        let o = bin(&["import", &name, base.to_str().expect("utf-8")], d);
        let errtext = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success());
        assert!(
            errtext.contains(&name) && !errtext.contains("base.xlsx:"),
            "{errtext}"
        );
    }
}

/// A field this version does not know is refused at its place, not dropped
/// at the next save (a newer file is caught by its format_version first).
#[test]
fn unknown_fields_in_a_project_file_are_refused_at_their_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(bin(
        &["new", "p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    let text = std::fs::read_to_string(d.join("p.ron")).expect("text");
    let bad = text.replacen(
        "materiality_pct:",
        "colour: \"red\",\n    materiality_pct:",
        1,
    );
    let line = bad[..bad.find("colour").expect("inserted")]
        .matches('\n')
        .count()
        + 1;
    std::fs::write(d.join("bad.ron"), &bad).expect("write");
    let msg = parkaudit::io::load(&d.join("bad.ron"))
        .expect_err("refused")
        .to_string();
    assert!(
        msg.contains(&format!("bad.ron:{line}:")) && msg.contains("colour"),
        "{msg}"
    );
    let newer = text.replacen("format_version: 2", "format_version: 3", 1);
    std::fs::write(d.join("newer.ron"), newer).expect("write");
    let msg = parkaudit::io::load(&d.join("newer.ron"))
        .expect_err("refused")
        .to_string();
    assert!(msg.contains("format_version 3"), "{msg}");
}

/// A hidden sheet whose rows are imported is named in the warnings: nobody
/// looking at the workbook in Excel sees those rows.
#[test]
fn a_hidden_sheet_that_is_imported_is_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let shown = project_and_book(d, "shown.xlsx", vec![coal_row("EV-1")]);
    let hide = |x: String| {
        x.replacen(
            "<sheet name=\"Activity\"",
            "<sheet name=\"Activity\" state=\"hidden\"",
            1,
        )
    };
    repack(
        &shown,
        &d.join("hidden.xlsx"),
        ("xl/workbook.xml", &hide),
        &[],
    );
    let out = ok(bin(&["import", "p.ron", "hidden.xlsx"], d));
    assert!(
        out.contains(
            "sheet Activity: this sheet is hidden in the workbook, and its rows are imported"
        ),
        "{out}"
    );
}

/// Rows that look blank — only spaces, or content only in an ignored
/// column — are counted as blank, wherever they are, exactly once.
#[test]
fn blank_looking_rows_are_counted_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(bin(
        &["new", "p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    let mut header = activity_header();
    header.push(S("note"));
    let spaces = || vec![S("   ")];
    let mut ignored_only: Vec<V> = vec![Blank; 10];
    ignored_only.push(S("remark only"));
    let rows = vec![
        header,
        coal_row("EV-1"), // row 2: data
        spaces(),         // row 3: spaces
        coal_row("EV-2"), // row 4: data
        ignored_only,     // row 5: only the ignored column
        coal_row("EV-3"), // row 6: data
        spaces(),         // row 7: spaces
        spaces(),         // row 8: spaces
    ];
    let book = xlsx::write(
        d,
        "rows.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet("Activity", rows),
        ],
    );
    let out = ok(bin(&["import", "p.ron", book.to_str().expect("utf-8")], d));
    let line = out
        .lines()
        .find(|l| l.starts_with("Activity "))
        .unwrap_or_else(|| panic!("{out}"));
    let n: Vec<&str> = line.split_whitespace().collect();
    // sheet, kind, rows read, accepted, rejected, blank, warnings
    assert_eq!(&n[2..6], ["3", "3", "0", "4"], "{out}");
}

/// A workbook linking to other workbooks: the values it took from them are
/// imported as last saved, and the import says so.
#[test]
fn external_links_are_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let plain = project_and_book(d, "plain.xlsx", vec![coal_row("EV-1")]);
    repack(
        &plain,
        &d.join("linked.xlsx"),
        ("", &|x| x),
        &[("xl/externalLinks/externalLink1.xml", "<externalLink/>")],
    );
    let out = ok(bin(&["import", "p.ron", "linked.xlsx"], d));
    assert!(
        out.contains("the workbook links to 1 other workbook(s): values computed from them are imported as last saved"),
        "{out}"
    );
}

/// Hidden rows of a sheet that is imported are named in the warnings: they
/// are read like any other, though nobody sees them in Excel.
#[test]
fn hidden_rows_are_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let rows = vec![coal_row("EV-1"), coal_row("EV-2"), coal_row("EV-3")];
    let book = project_and_book(d, "plain.xlsx", rows);
    // Rows 3 and 4 of Activity hidden, as Excel writes it.
    let hide = |x: String| {
        x.replacen("<row r=\"3\"", "<row r=\"3\" hidden=\"1\"", 1)
            .replacen("<row r=\"4\"", "<row r=\"4\" hidden=\"1\"", 1)
    };
    repack(
        &book,
        &d.join("hidden.xlsx"),
        ("xl/worksheets/sheet3.xml", &hide),
        &[],
    );
    let out = ok(bin(&["import", "p.ron", "hidden.xlsx"], d));
    assert!(
        out.contains("sheet Activity: 2 row(s) are hidden in the workbook (rows 3, 4) and were read like any other"),
        "{out}"
    );
}

/// A cell whose reference names no cell is not read by the spreadsheet
/// reader; the import says so instead of dropping it silently.
#[test]
fn cells_with_malformed_references_are_warned_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let book = project_and_book(d, "plain.xlsx", vec![coal_row("EV-1"), coal_row("EV-2")]);
    // Row 3's evidence cell (column J) moved to a column past XFD.
    let misplace = |x: String| x.replacen("r=\"J3\"", "r=\"XFZ3\"", 1);
    repack(
        &book,
        &d.join("bad-ref.xlsx"),
        ("xl/worksheets/sheet3.xml", &misplace),
        &[],
    );
    let o = bin(&["import", "p.ron", "bad-ref.xlsx"], d);
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains("1 cell(s) carry a reference that names no cell (XFZ3)"),
        "{out}"
    );
}

/// With --skip-invalid, the rejects workbook holds every warning too, not
/// only the rejected rows.
#[test]
fn the_rejects_workbook_lists_the_warnings() {
    use calamine::Reader;
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(bin(
        &["new", "p.ron", "--name", "Park", "--year", "2024"],
        d,
    ));
    let mut bad = coal_row("EV-2");
    bad[5] = S("lots");
    let mut header = activity_header();
    header.push(S("note"));
    let book = xlsx::write(
        d,
        "mixed.xlsx",
        &[
            xlsx::entities(),
            xlsx::factors(),
            xlsx::sheet("Activity", vec![header, coal_row("EV-1"), bad]),
        ],
    );
    ok(bin(
        &[
            "import",
            "p.ron",
            book.to_str().expect("utf-8"),
            "--skip-invalid",
        ],
        d,
    ));
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook(d.join("p-import-1-rejects.xlsx")).expect("rejects");
    let warnings = wb.worksheet_range("Warnings").expect("a Warnings sheet");
    let text: Vec<String> = warnings.rows().map(|r| r[4].to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("extra columns ignored: note (K)")),
        "{text:?}"
    );
}
