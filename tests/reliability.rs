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
