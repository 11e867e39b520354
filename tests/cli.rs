//! The real `parkaudit` binary, run in a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

const SAMPLE: &str = "sample-projects/jinghai-park/jinghai-park.ron";

fn parkaudit(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parkaudit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn sample_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(SAMPLE)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn new_then_compute() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let o = parkaudit(
        &["new", "park.ron", "--name", "Dezhou EDZ", "--year", "2024"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("park.ron"))?;
    assert!(text.contains("gwp_set: AR5") && text.contains("consolidation: OperationalControl"));
    assert!(text.contains("reporting_year: 2024"));

    let o = parkaudit(&["compute", "park.ron", "--json"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o))?;
    assert_eq!(v["total_t_co2e"], 0.0);
    assert_eq!(v["gwp_set"], "AR5");

    // Refuses to overwrite; --force replaces and keeps a backup.
    let o = parkaudit(&["new", "park.ron", "--name", "Other"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("park.ron: the file already exists"),
        "{}",
        stderr(&o)
    );
    let o = parkaudit(
        &[
            "new",
            "park.ron",
            "--name",
            "Other",
            "--gwp",
            "AR6",
            "--consolidation",
            "equity-share",
            "--force",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("park.ron"))?;
    assert!(text.contains("gwp_set: AR6") && text.contains("consolidation: EquityShare"));
    assert!(dir.path().join("park.ron.bak").exists());
    Ok(())
}

#[test]
fn compute_sample_json_is_complete_sorted_and_deterministic()
-> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let sample = sample_path();
    let a = parkaudit(&["compute", &sample, "--json"], dir.path());
    let b = parkaudit(&["compute", &sample, "--json"], dir.path());
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "byte-identical output");
    let text = stdout(&a);
    let v: serde_json::Value = serde_json::from_str(&text)?;
    for key in [
        "total_t_co2e",
        "scope1_t",
        "scope2_location_t",
        "scope2_market_t",
        "scope3_t",
        "excluded_t",
        "biogenic_co2_t",
        "by_entity",
        "by_gas",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let num = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let sum = num("scope1_t") + num("scope2_location_t") + num("scope3_t");
    assert!((num("total_t_co2e") - sum).abs() < 1e-5);
    assert!(
        num("total_t_co2e") > 1.0e6 && num("total_t_co2e") < 1.0e7,
        "a mid-size park: 1–10 Mt"
    );
    assert!(num("excluded_t") > 0.0 && num("biogenic_co2_t") > 0.0);
    assert!(v["by_entity"]["E01"].as_f64().unwrap_or(0.0) > 0.0);
    assert!(
        v["by_gas"].get("CO2_biogenic").is_none(),
        "biogenic left out of by_gas"
    );
    // Top-level keys appear in sorted order.
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.starts_with("   "))
        .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    Ok(())
}

#[test]
fn compute_sample_table() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let o = parkaudit(&["compute", &sample_path()], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "Scope 2, market-based",
        "Total (location-based)",
        "By entity",
        "京海滨海工业园区",
        "E01  Jinghai Iron & Steel",
    ] {
        assert!(out.contains(needle), "missing {needle} in\n{out}");
    }
    Ok(())
}

#[test]
fn invalid_input_exits_1_and_names_the_place() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    std::fs::write(
        dir.path().join("bad.ron"),
        "(\n  format_version: 1,\n  park: (name: 5),\n)\n",
    )?;
    let o = parkaudit(&["compute", "bad.ron"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: bad.ron:3:"),
        "{}",
        stderr(&o)
    );

    let o = parkaudit(&["compute", "missing.ron"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("missing.ron: cannot read the file: "),
        "cause chain printed: {}",
        stderr(&o)
    );

    // A project that parses but cannot be computed names every bad record:
    // the 12 coke records of E01 point at a factor the project lacks.
    let text = std::fs::read_to_string(sample_path())?.replacen(
        "      \"cn.gbt32150.coke\", //",
        "      \"no.such.factor\", //",
        1,
    );
    std::fs::write(dir.path().join("p.ron"), text)?;
    let o = parkaudit(&["compute", "p.ron", "--json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("p.ron: the inventory cannot be computed: 12 problem(s)"),
        "{err}"
    );
    assert!(
        err.contains("record A00001: unknown factor 'no.such.factor'"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
    Ok(())
}

#[test]
fn usage_errors_exit_2() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // No arguments opens the desktop app (feature `gui`); built without it, a usage error.
    #[cfg(not(feature = "gui"))]
    assert_eq!(parkaudit(&[], dir.path()).status.code(), Some(2));
    for args in [
        &["frobnicate"][..],
        &["compute"],
        &["compute", "x.ron", "--bogus"],
        &["new", "x.ron"],
        &["new", "x.ron", "--name", "N", "--gwp", "AR7"],
        &["new", "x.ron", "--name", "N", "--year", "twenty"],
    ] {
        let o = parkaudit(args, dir.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    assert_eq!(parkaudit(&["--help"], dir.path()).status.code(), Some(0));
    assert!(!dir.path().join("x.ron").exists());
    // A word that is neither a command nor a file says so.
    let o = parkaudit(&["frobnicate"], dir.path());
    assert!(
        stderr(&o).contains("'frobnicate' is not a ParkAudit command"),
        "{}",
        stderr(&o)
    );
    Ok(())
}

/// A mistyped command is named, with the nearest real one, whether or not a
/// file follows it — never clap's "cannot be used with '[FILE]'".
#[test]
fn an_unknown_command_is_named_with_the_nearest_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_parkaudit"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("runs");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["expot", "park.ron"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err.trim(),
        "error: 'expot' is not a ParkAudit command — did you mean `parkaudit export`? (see `parkaudit --help`)"
    );
    let (_, err) = run(&["--as", "Li Ming", "stauts"]);
    assert!(err.contains("did you mean `parkaudit status`?"), "{err}");
    let (code, err) = run(&["frobnicate", "park.ron"]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with(
            "error: 'frobnicate' is not a ParkAudit command — the commands are open, new, compute, import"
        ),
        "{err}"
    );
    let (_, err) = run(&["missing.ron"]);
    assert!(
        err.starts_with("error: missing.ron: no such file, and not a command"),
        "{err}"
    );
}

#[test]
fn importing_a_workbook_twice_is_refused_unless_allowed() -> Result<(), Box<dyn std::error::Error>>
{
    let dir = tempfile::tempdir()?;
    let project = dir.path().join("park.ron");
    std::fs::copy(sample_path(), &project)?;
    let book = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-projects/jinghai-park/jinghai-park-activity.xlsx");
    let before = std::fs::read(&project)?;
    let args = |extra: &[&'static str]| {
        // `--as` before the command (clap once refused it there).
        let mut v = vec![
            "--as".to_string(),
            "Li Ming".into(),
            "import".into(),
            project.display().to_string(),
            book.display().to_string(),
            "--skip-invalid".into(),
        ];
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        parkaudit(&a, dir.path())
    };
    let o = run(args(&[]));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    // The sample's workbook: 852 activity rows are valid, every one already in the project.
    assert!(
        stderr(&o).contains(
            "nothing was imported — 852 of the 852 rows repeat records already in the project"
        ),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("--allow-duplicates"));
    assert_eq!(std::fs::read(&project)?, before, "the project is untouched");
    let o = run(args(&["--allow-duplicates"]));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("warning: 852 of the 852 rows repeat records"));
    Ok(())
}

#[test]
fn a_file_and_a_command_together_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(sample_path(), dir.path().join("park.ron")).expect("copied");
    let o = parkaudit(&["park.ron", "compute", "park.ron"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("park.ron: give either a file to open or a command, not both"),
        "{}",
        stderr(&o)
    );
}
