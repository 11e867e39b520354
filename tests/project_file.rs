//! The RON project file: round trips, errors with line and column, versions, atomic saves.

mod common;

use parkaudit::io::{self, ProjectFileError, from_ron_str, to_ron_string};
use parkaudit::model::*;
use std::path::Path;

const SAMPLE: &str = "sample-projects/jinghai-park/jinghai-park.ron";

#[test]
fn sample_round_trips_byte_identical() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(SAMPLE)?;
    let p = from_ron_str(&text, Path::new(SAMPLE))?;
    // load → save → load gives the same project, and the canonical text is stable.
    let again = to_ron_string(&p)?;
    assert_eq!(again, text, "the committed sample is not in canonical form");
    assert_eq!(from_ron_str(&again, Path::new("x"))?, p);
    Ok(())
}

#[test]
fn save_and_load_through_disk_keep_backup() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("park.ron");
    let mut p = Project::new("测试园区 Test", 2023);
    p.park.name_zh = "德州经济技术开发区".into();
    p.entities
        .push(common::entity("E1", 55.5, true, false, false));
    p.activity.push(common::record(
        "R1",
        "E1",
        2,
        1,
        12.5,
        Unit::TenThousandNm3,
        "f",
    ));
    p.activity[0].market_factor_id = Some("m".into());
    io::save(&p, &path)?;
    assert_eq!(io::load(&path)?, p);
    let text = std::fs::read_to_string(&path)?;
    assert!(
        text.contains("德州经济技术开发区"),
        "Chinese is written as text, not escaped"
    );
    assert_eq!(
        text,
        to_ron_string(&p)?,
        "the streamed save is the canonical text"
    );
    assert!(text.contains("\"10^4 Nm3\""));

    let mut p2 = p.clone();
    p2.park.reporting_year = 2024;
    io::save(&p2, &path)?;
    assert_eq!(io::load(&path)?, p2);
    assert_eq!(
        io::load(&dir.path().join("park.ron.bak"))?,
        p,
        "previous file kept as .bak"
    );
    Ok(())
}

fn syntax_error(text: &str) -> (usize, usize, String) {
    match from_ron_str(text, Path::new("bad.ron")) {
        Err(ProjectFileError::Syntax {
            line, col, message, ..
        }) => (line, col, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn malformed_files_name_line_and_column() {
    let good = to_ron_string(&Project::new("P", 2024)).expect("serializes");
    // Break line 5 (reporting_year) with text where a number belongs.
    let broken = good.replacen("reporting_year: 2024", "reporting_year: \"x\"", 1);
    let line_no = broken
        .lines()
        .position(|l| l.contains("reporting_year"))
        .expect("line")
        + 1;
    let (line, _col, msg) = syntax_error(&broken);
    assert_eq!(line, line_no, "{msg}");

    // An ambiguous unit is refused with its reason and position.
    let mut p = Project::new("P", 2024);
    p.entities
        .push(common::entity("E1", 100.0, true, true, true));
    p.activity
        .push(common::record("R1", "E1", 1, 1, 1.0, Unit::Tonne, "f"));
    // The unit is in the activity table's strings, and the error is at the
    // record that uses it.
    let text = to_ron_string(&p)
        .expect("serializes")
        .replace("\"t\", //", "\"MT\", //");
    let (line, col, msg) = syntax_error(&text);
    let want_line = text
        .lines()
        .position(|l| l.contains("(\"R1\""))
        .expect("line")
        + 1;
    assert_eq!(line, want_line);
    assert!(col > 1);
    assert!(msg.contains("ambiguous unit 'MT'"), "{msg}");

    // Truncated, empty, garbage: errors, never panics.
    for text in [
        &good[..good.len() / 2],
        "",
        "\u{0}\u{1}",
        "(",
        "[1,2]",
        "(format_version: \"one\")",
    ] {
        assert!(
            from_ron_str(text, Path::new("bad.ron")).is_err(),
            "{text:?}"
        );
    }
    let err = from_ron_str("(park: ())", Path::new("bad.ron")).expect_err("no version");
    assert!(err.to_string().starts_with("bad.ron:1:"), "{err}");
}

/// The sample project's text with `from` (once) replaced by `to`; the error
/// it gives, with the line and column `to` begins at.
fn sample_error(from: &str, to: &str) -> ((usize, usize), (usize, usize), String) {
    let good = std::fs::read_to_string(SAMPLE).expect("sample");
    let at = good
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} not in the sample"));
    let text = good.replacen(from, to, 1);
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let (l, c, msg) = syntax_error(&text);
    ((l, c), (line, col), msg)
}

/// Crafted files — the shapes that crash or exhaust naive parsers — are
/// refused with the line and column, without a stack overflow and without
/// allocating what the file merely declares.
#[test]
fn crafted_files_are_refused_with_their_place() {
    use parkaudit::io::project::{MAX_DEPTH, MAX_LIST_ITEMS, MAX_STRING_BYTES};
    let head = "(\n  format_version: 2,\n";

    // 100,000 levels of brackets: refused at the first bracket past the limit.
    let deep = format!(
        "{head}  park: {}{},\n)\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let (line, col, msg) = syntax_error(&deep);
    // `  park: ` is 8 characters; the top-level `(` is level 1, so the
    // MAX_DEPTH-th `(` of the value is the first one too deep.
    assert_eq!((line, col), (3, 8 + MAX_DEPTH), "{msg}");
    assert!(msg.contains("nested more than 128 deep"), "{msg}");
    // The same inside the activity table's rows.
    let deep_rows = std::fs::read_to_string(SAMPLE).expect("sample").replacen(
        "    rows: [\n",
        &format!("    rows: [\n{}", "(".repeat(100_000)),
        1,
    );
    assert!(from_ron_str(&deep_rows, Path::new("bad.ron")).is_err());

    // A 200 MB text: refused at its opening quote, before it is copied.
    let huge = format!("{head}  park: (name: \"{}\"),\n)\n", "x".repeat(200 << 20));
    let (line, col, msg) = syntax_error(&huge);
    assert_eq!((line, col), (3, 16), "{msg}");
    assert!(
        msg.contains(&format!("longer than {} MiB", MAX_STRING_BYTES >> 20)),
        "{msg}"
    );
    drop(huge);
    // The same as a record id in the activity table.
    let ((l, c), want, msg) =
        sample_error("(\"A00001\"", &format!("(\"{}\"", "x".repeat(200 << 20)));
    assert_eq!((l, c), (want.0, want.1 + 1), "{msg}");
    assert!(msg.contains("longer than 16 MiB"), "{msg}");

    // 10⁸ elements in one list: refused at the first element past the limit.
    let many = format!("{head}  entities: [{}],\n)\n", "0,".repeat(100_000_000));
    let (line, col, msg) = syntax_error(&many);
    // Element k (from 0) is at column 14 + 2k: element MAX_LIST_ITEMS (the
    // MAX+1-th) is refused where it begins.
    assert_eq!((line, col), (3, 14 + 2 * MAX_LIST_ITEMS), "{msg}");
    assert!(msg.contains("more than 16777216 elements"), "{msg}");
    drop(many);
    // Exactly MAX_LIST_ITEMS elements, no trailing comma: within the limit
    // (the error is RON's: a number is not an entity).
    let at_limit = format!(
        "{head}  entities: [0{}],\n)\n",
        ",0".repeat(MAX_LIST_ITEMS - 1)
    );
    let (_, col, msg) = syntax_error(&at_limit);
    assert!(!msg.contains("more than"), "{msg}");
    assert_eq!(col, 14, "{msg}");
    drop(at_limit);

    // NaN and infinity where numbers belong, in RON fields and in the table,
    // in every spelling RON reads as one.
    // (replaced, replacement, where in the replacement the error is)
    let huge_integer = format!("kg_per_unit: 1{}", "0".repeat(400));
    for (from, to, offset) in [
        ("materiality_pct: 5.0", "materiality_pct: NaN", 17),
        ("materiality_pct: 5.0", "materiality_pct: NaNf64", 17),
        ("kg_per_unit: 190.0", "kg_per_unit: inff32", 13),
        ("kg_per_unit: 190.0", "kg_per_unit: 1e999f64", 13),
        ("kg_per_unit: 190.0", huge_integer.as_str(), 13),
        ("kg_per_unit: 190.0", "kg_per_unit: inf", 13),
        ("kg_per_unit: 190.0", "kg_per_unit: -inf", 13),
        ("kg_per_unit: 190.0", "kg_per_unit: 1e999", 13),
        ("30117.0, 3,", "NaN, 3,", 0),
        ("30117.0, 3,", "inf, 3,", 0),
        ("30117.0, 3,", "-1e400, 3,", 0),
    ] {
        let ((l, c), (line, col), msg) = sample_error(from, to);
        assert_eq!((l, c), (line, col + offset), "{to}: {msg}");
        assert!(msg.contains("finite number"), "{to}: {msg}");
    }
}

/// What `ron` reports after a table keeps the column it has in the file;
/// a byte-order mark is not part of the text.
#[test]
fn positions_after_a_table_and_a_byte_order_mark() -> Result<(), Box<dyn std::error::Error>> {
    let good = std::fs::read_to_string(SAMPLE)?;
    let text = good.replacen(
        "    ],\n  ),\n  gwp_snapshot",
        "    ],\n  ) bogus,\n  gwp_snapshot",
        1,
    );
    let line = text.lines().position(|l| l == "  ) bogus,").ok_or("line")? + 1;
    let (l, c, msg) = syntax_error(&text);
    assert_eq!((l, c), (line, 5), "{msg}");
    let with_bom = format!("\u{feff}{good}");
    assert_eq!(
        from_ron_str(&with_bom, Path::new("bom.ron"))?,
        io::load(Path::new(SAMPLE))?
    );
    Ok(())
}

/// A value a reader would refuse is never written: the save fails and the
/// file on disk stays as it was.
#[test]
fn a_project_that_could_not_be_read_back_is_not_saved() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("p.ron");
    let mut p = io::load(Path::new(SAMPLE))?;
    io::save(&p, &path)?;
    let before = std::fs::read(&path)?;
    p.factors[0].components[0].kg_per_unit = f64::NAN;
    match io::save(&p, &path) {
        Err(ProjectFileError::Serialize(msg)) => {
            assert!(msg.contains("could not be read back"), "{msg}");
            assert!(msg.contains("NaN or infinity"), "{msg}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(to_ron_string(&p).is_err());
    let mut q = io::load(Path::new(SAMPLE))?;
    q.activity[0].evidence_ref = "x".repeat((16 << 20) + 1);
    assert!(matches!(
        io::save(&q, &path),
        Err(ProjectFileError::Serialize(_))
    ));
    assert_eq!(std::fs::read(&path)?, before, "the file is unchanged");
    Ok(())
}

#[test]
fn versions() {
    let good = to_ron_string(&Project::new("P", 2024)).expect("serializes");
    assert!(
        good.contains("format_version: 2,"),
        "this build writes format 2"
    );
    let newer = good.replacen("format_version: 2", "format_version: 99", 1);
    let err = from_ron_str(&newer, Path::new("new.ron")).expect_err("newer");
    assert!(matches!(
        err,
        ProjectFileError::NewerVersion { found: 99, .. }
    ));
    assert!(
        err.to_string().contains("open it with a newer ParkAudit"),
        "{err}"
    );
    // The app shows it in Chinese, naming the file the same way.
    assert_eq!(
        err.message(true),
        "new.ron：format_version 99 比本版 ParkAudit 支持的版本（2）更新——请用更新版本的 ParkAudit 打开"
    );
    assert_eq!(err.message(false), err.to_string());
    let zero = good.replacen("format_version: 2", "format_version: 0", 1);
    assert!(matches!(
        from_ron_str(&zero, Path::new("z.ron")),
        Err(ProjectFileError::UnknownVersion { found: 0, .. })
    ));
    // The version is read from the head, without parsing the rest.
    assert_eq!(
        io::project::head_version(
            "#![enable(implicit_some)]\n// note\n(\n  format_version: 2,\n  park: (garbage"
        ),
        Some(2)
    );
    assert_eq!(
        io::project::head_version("(park: (), format_version: 2)"),
        None
    );
    // A version that is not the first field is still found (by a full parse).
    let moved = "(park: (name: \"P\", reporting_year: 2024, base_year: 2024), format_version: 7)";
    assert!(matches!(
        from_ron_str(moved, Path::new("m.ron")),
        Err(ProjectFileError::NewerVersion { found: 7, .. })
    ));
}

#[test]
fn unreadable_files() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let missing = dir.path().join("nope.ron");
    let err = io::load(&missing).expect_err("missing");
    assert!(format!("{err}").contains("nope.ron: cannot read the file"));
    let bin = dir.path().join("bin.ron");
    std::fs::write(&bin, b"(format_version: 1,\n  park: (name: \"\xff\xfe\"")?;
    match io::load(&bin) {
        // `  park: (name: "` is 16 characters: the bad byte is column 17.
        Err(ProjectFileError::Syntax {
            line: 2, col: 17, ..
        }) => {}
        other => panic!("{other:?}"),
    }
    Ok(())
}

#[test]
fn failed_save_leaves_the_file_as_it_was() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // Saving into a folder that does not exist fails cleanly.
    let err = io::save(
        &Project::new("P", 2024),
        &dir.path().join("no/such/dir/p.ron"),
    )
    .expect_err("fails");
    assert!(err.to_string().contains("the previous file is unchanged"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join("p.ron");
        io::save(&Project::new("P", 2024), &path)?;
        let before = std::fs::read(&path)?;
        // A read-only folder: the temporary file cannot be created.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500))?;
        let is_root = std::fs::write(dir.path().join("probe"), b"").is_ok();
        if !is_root {
            assert!(io::save(&Project::new("Changed", 2025), &path).is_err());
            assert_eq!(std::fs::read(&path)?, before);
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn small_project_text() -> String {
        let mut p = Project::new("P", 2024);
        p.entities
            .push(common::entity("E1", 100.0, true, true, true));
        p.factors
            .push(common::factor("f", Unit::MWh, &[(Gas::Co2, 530.6)]));
        p.activity
            .push(common::record("R1", "E1", 1, 2, 10.0, Unit::KWh, "f"));
        to_ron_string(&p).expect("serializes")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Arbitrary text is an error or a project, never a panic.
        #[test]
        fn arbitrary_text(s in "\\PC{0,200}") {
            let _ = from_ron_str(&s, Path::new("fuzz.ron"));
        }

        /// A valid file with bytes overwritten, cut or deleted: parse, then compute, never panic.
        #[test]
        fn mutated_project(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)) {
            let mut bytes = small_project_text().into_bytes();
            for (at, byte, kind) in edits {
                if bytes.is_empty() { break; }
                let i = at.index(bytes.len());
                match kind {
                    0 => bytes[i] = byte,
                    1 => { bytes.remove(i); }
                    _ => bytes.truncate(i),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(p) = from_ron_str(&text, Path::new("fuzz.ron")) {
                let _ = parkaudit::calc::compute(&p);
            }
        }
    }
}

/// A project written by an earlier build (see `tests/fixtures/projects/README.md`)
/// loads, migrated to format 2: every sign-off checked under the format-1 rule
/// and re-anchored to the canonical digests, the migration in the trail; saved
/// and loaded again, every sign-off still holds.
#[test]
fn a_format_1_project_with_signoffs_loads_intact() -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new("tests/fixtures/projects/format1-verified.ron");
    let text = std::fs::read_to_string(path)?;
    assert!(text.contains("format_version: 1,"));
    let p = io::load(path)?;
    assert_eq!(p.format_version, FORMAT_VERSION);
    assert_eq!(p.trail.len(), 18, "17 entries and the migration");
    assert_eq!(p.verification.findings.len(), 2);
    assert_eq!(p.verification.signoffs.len(), 7);
    let inv = parkaudit::calc::compute(&p)?;
    // 10 t coal × 2,000 kg/t + 2,000 kWh × 500 kg/MWh = 20 + 1 t (E2 is outside
    // the operational-control boundary).
    assert_eq!(inv.total_t_co2e, 21.0);
    let valid = |p: &Project| -> Result<Vec<bool>, Box<dyn std::error::Error>> {
        let inv = parkaudit::calc::compute(p)?;
        Ok(parkaudit::audit::evaluation::signoff_status(p, &inv)
            .iter()
            .map(|s| s.valid)
            .collect())
    };
    assert_eq!(valid(&p)?, [true; 7], "every sign-off still holds");
    let m = p.trail.last().ok_or("no trail")?;
    assert_eq!(m.action, "project.migrate");
    assert_eq!(
        (m.field("from_format"), m.field("to_format")),
        (Some("1"), Some("2"))
    );
    assert_eq!(m.fields.iter().filter(|(k, _)| k == "section").count(), 7);
    // The first re-anchoring: the Boundary sign-off of the preparer, from the
    // digest the format-1 trail recorded.
    let first = m
        .fields
        .iter()
        .position(|(k, _)| k == "section")
        .ok_or("none")?;
    assert_eq!(
        m.fields[first..first + 4]
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>(),
        [
            "section=boundary",
            "role=preparer",
            "who=Li Ming",
            "from=7bb645a47d8b884bef4e3a9fecd39a35cb2f9971d3057d08de8efa39e7c040df"
        ]
    );
    assert!(
        m.detail.contains("7 sign-off(s) re-anchored"),
        "{}",
        m.detail
    );
    let o = p.verification.opinion.as_ref().ok_or("no opinion")?;
    assert_eq!(o.chosen, Opinion::Unmodified);
    // Saved as format 2 and read back: the trail still accounts for every
    // sign-off (through the migration entry), and each still holds.
    let dir = tempfile::tempdir()?;
    let f = dir.path().join("v2.ron");
    io::save(&p, &f)?;
    assert!(std::fs::read_to_string(&f)?.contains("format_version: 2,"));
    let q = io::load(&f)?;
    assert_eq!(q, p, "format 2 loads as saved, with nothing to migrate");
    assert_eq!(valid(&q)?, [true; 7]);
    // A sign-off whose digest was changed by hand is caught, migration or not.
    let mut r = q.clone();
    r.verification.signoffs[0].section_digest = "0".repeat(64);
    assert!(parkaudit::audit::trail::verify(&r).is_err());
    Ok(())
}

/// A format-1 project whose sign-off no longer matched its section when the
/// file was written is migrated without re-anchoring it: it stays void.
#[test]
fn a_void_format_1_signoff_stays_void() -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new("tests/fixtures/projects/format1-verified.ron");
    // The boundary edited after its sign-offs, with the trail left consistent
    // (as ParkAudit format 1 would have recorded it): append a trail entry.
    let mut p: Project = ron::from_str(&std::fs::read_to_string(path)?)?;
    p.entities[0].ownership_pct = 80.0;
    parkaudit::audit::trail::append(
        &mut p,
        "2026-12-02T05:00:00Z",
        &Actor::new("Li Ming", "", ""),
        parkaudit::audit::trail::Record::new("entity", "E1 ownership 80 %"),
    );
    p.format_version = 1;
    let text = to_ron_string(&p)?.replacen("format_version: 2", "format_version: 1", 1);
    let q = from_ron_str(&text, Path::new("v1.ron"))?;
    let m = q.trail.last().ok_or("no trail")?;
    assert_eq!(m.action, "project.migrate");
    // Both boundary sign-offs, and those that build on them, were void in format 1.
    let reanchored = m.fields.iter().filter(|(k, _)| k == "section").count();
    assert_eq!(reanchored, 5, "{}", m.detail);
    assert!(m.detail.contains("2 no longer matched"), "{}", m.detail);
    let inv = parkaudit::calc::compute(&q)?;
    let status = parkaudit::audit::evaluation::signoff_status(&q, &inv);
    assert!(
        status.iter().all(|s| !s.valid),
        "the lapse carries forward: {status:?}"
    );
    Ok(())
}

/// A project written with the edit layer's typed trail loads with its trail
/// chained and its sign-offs valid, names each change by its stable action and
/// fields, and, migrated to format 2, saves back byte for byte (the encoding is
/// explicit and stable).
#[test]
fn a_project_with_a_typed_trail_loads_and_saves_unchanged() -> Result<(), Box<dyn std::error::Error>>
{
    let path = Path::new("tests/fixtures/projects/format1-typed-trail.ron");
    let text = std::fs::read_to_string(path)?;
    let p = io::load(path)?;
    // Every field of the format-1 file reads as it was written (the explicit
    // names are stable): the loaded project is the file's plus the migration.
    let raw: Project = ron::from_str(&text)?;
    assert_eq!(raw.activity, p.activity);
    assert_eq!(raw.trail[..], p.trail[..raw.trail.len()]);
    assert_eq!(raw.verification.findings, p.verification.findings);
    // Loaded, it is migrated to format 2 (one trail entry) and written as
    // format 2 — never format 1 again — and from then on stable: saved and
    // loaded, it saves back byte for byte.
    let saved = to_ron_string(&p)?;
    assert!(saved.contains("format_version: 2,") && !saved.contains("format_version: 1"));
    assert!(saved.contains("  activity: (\n    columns: ["));
    assert_eq!(to_ron_string(&from_ron_str(&saved, path)?)?, saved);
    assert_eq!(from_ron_str(&saved, path)?, p);
    let actions: Vec<&str> = p.trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "import",
            "engagement.client",
            "engagement.verification_body",
            "engagement.lead_auditor",
            "park.province",
            "entity.justification",
            "entity.included",
            "methodology.gwp_set",
            "boundary.gas",
            "instrument.add",
            "sample.save",
            "finding.raise",
            "finding.response",
            "finding.conclusion",
            "finding.corrected",
            "finding.status",
            "test.record",
            "check.review",
            "opinion.confirm",
            "signoff",
            "signoff",
            "signoff",
            "project.migrate",
        ]
    );
    let reviewer = &p.trail[20];
    assert_eq!(
        (
            reviewer.who.as_str(),
            reviewer.role.as_str(),
            reviewer.identified_by.as_str(),
            reviewer.field("section"),
            reviewer.field("role")
        ),
        (
            "Wang Fang",
            "Reviewer",
            "profile",
            Some("boundary"),
            Some("reviewer")
        )
    );
    assert_eq!(p.trail[7].field("to"), Some("AR6"));
    assert_eq!(p.verification.check_reviews.len(), 10);
    let inv = parkaudit::calc::compute(&p)?;
    let status = parkaudit::audit::evaluation::signoff_status(&p, &inv);
    assert_eq!(status.len(), 3);
    assert!(status.iter().all(|s| s.valid), "{status:?}");
    Ok(())
}

/// A gas's own citation is part of what the methodology sign-off covers:
/// setting it changes the section's digest, and a factor whose gases cite
/// nothing of their own keeps the digest it had before the field existed.
#[test]
fn a_gas_citation_is_covered_by_the_methodology_digest() -> Result<(), Box<dyn std::error::Error>> {
    use parkaudit::audit::evaluation::section_digest;
    let mut p = io::load(Path::new(SAMPLE))?;
    let i = p
        .factors
        .iter()
        .position(|f| !f.has_per_gas_sources())
        .ok_or("a single-source factor")?;
    let inv = parkaudit::calc::compute(&p)?;
    let before = section_digest(&p, &inv, Section::Methodology);
    p.factors[i].components[0].source = None;
    p.factors[i].components[0].table = None;
    assert_eq!(section_digest(&p, &inv, Section::Methodology), before);
    p.factors[i].components[0].source = Some("IPCC 2006 GL Vol. 2 Table 2.3".into());
    let cited = section_digest(&p, &inv, Section::Methodology);
    assert_ne!(cited, before);
    p.factors[i].components[0].table = Some("IPCC 2006 GL Vol. 2 Table 2.3".into());
    assert_ne!(section_digest(&p, &inv, Section::Methodology), cited);
    Ok(())
}
