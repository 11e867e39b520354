//! Import throughput on a 300,000- and a 1,000,000-row Activity sheet:
//! `cargo bench --bench import` (PARKAUDIT_BENCH_ROWS=n[,m…] changes the sizes).
//!
//! Each measurement runs in a process of its own, so its peak RSS is its own:
//! - `python-calamine`: the yardstick, Python's calamine binding reading the
//!   sheet into lists (`pip install python-calamine`; PARKAUDIT_PYTHON names
//!   the interpreter) — measured in the same run;
//! - `read`: the bare calamine read of the sheet (`worksheet_range`, every cell touched);
//! - `import`: `import_workbook` — read, validate, convert and compute — and
//!   the merge through the edit layer;
//! - `import+save`: the same, then the atomic save of the project file.

use calamine::{Reader, Xlsx, open_workbook};
use parkaudit::io::{self, import};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod support;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

/// The workbook: the sample park's entities and factors, its records repeated to `n` rows
/// with distinct evidence references.
fn workbook(n: usize) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let path = data_dir().join(format!("activity-{n}.xlsx"));
    if path.exists() {
        return Ok(path);
    }
    std::fs::create_dir_all(data_dir())?;
    let p = support::sample_with_records(n)?;
    let t0 = Instant::now();
    io::template::write_data_workbook(&p, &path)?;
    eprintln!(
        "generated {} ({n} rows) in {:.1} s",
        path.display(),
        t0.elapsed().as_secs_f64()
    );
    Ok(path)
}

fn child(mode: &str, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let t0 = Instant::now();
    let detail = match mode {
        "read" => {
            let mut wb: Xlsx<_> = open_workbook(path)?;
            let range = wb.worksheet_range("Activity")?;
            let cells = range.used_cells().count();
            format!("{cells} cells")
        }
        "import" | "import+save" => {
            let mut project = parkaudit::model::Project::new("Bench", 2024);
            let options = import::ImportOptions {
                imported_at: "bench".into(),
                ..Default::default()
            };
            let out = import::import_workbook(&project, path, &options)?;
            let total = out.report.total_after_t.unwrap_or(f64::NAN);
            let batch = out.batch.ok_or("rows rejected")?;
            let actor = parkaudit::model::Actor::new("Bench", "", "");
            parkaudit::edit::apply(
                &mut project,
                parkaudit::edit::Edit::Import(Box::new(batch)),
                &actor,
            )?;
            let merged = project;
            if mode == "import+save" {
                let dir = tempfile_dir()?;
                io::save(&merged, &dir.join("bench.ron"))?;
            }
            format!(
                "{} records, total {:.0} t CO2e",
                merged.activity.len(),
                total
            )
        }
        other => return Err(format!("unknown mode {other}").into()),
    };
    println!(
        "{mode}\t{:.2}\t{:.0}\t{detail}",
        t0.elapsed().as_secs_f64(),
        support::peak_rss_mb()
    );
    Ok(())
}

fn tempfile_dir() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let d = data_dir().join("out");
    std::fs::create_dir_all(&d)?;
    Ok(d)
}

/// The yardstick: python-calamine's bare read of the same sheet into Python
/// lists (`CalamineWorkbook.from_path(…).get_sheet_by_name("Activity").to_python()`),
/// what a user's script would do first. Seconds and peak RSS (MB), or why not.
const PYTHON_READ: &str = r#"
import resource, sys, time
from python_calamine import CalamineWorkbook
t = time.perf_counter()
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name("Activity").to_python()
print(f"python-calamine\t{time.perf_counter() - t:.2f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\t{len(rows)} rows")
"#;

fn python() -> String {
    std::env::var("PARKAUDIT_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// A measurement: the best time and its output line, or why there is none.
type Measured = Result<(f64, String), String>;

/// Best of `runs` (seconds, the line) of a command printing `secs\trss\tdetail`.
fn best_of(runs: usize, mut cmd: impl FnMut() -> Command) -> Measured {
    let mut best: Option<(f64, String)> = None;
    for _ in 0..runs {
        let out = cmd().output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let secs: f64 = line
            .split('\t')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(f64::NAN);
        if best.as_ref().is_none_or(|(b, _)| secs < *b) {
            best = Some((secs, line));
        }
    }
    best.ok_or_else(|| "no run".into())
}

/// The sizes to measure: `PARKAUDIT_BENCH_ROWS`, or 300,000 and 1,000,000.
fn sizes() -> Vec<usize> {
    match std::env::var("PARKAUDIT_BENCH_ROWS") {
        Ok(v) => v.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![300_000, 1_000_000],
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let mode = args.get(i + 1).ok_or("mode")?;
        let path = args.get(i + 2).ok_or("path")?;
        return child(mode, Path::new(path));
    }
    let exe = std::env::current_exe()?;
    for n in sizes() {
        let path = workbook(n)?;
        let size_mb = std::fs::metadata(&path)?.len() as f64 / 1e6;
        let file = path.display().to_string();
        // Best of 3 wall-clock times, each run in its own process; peak RSS of the fastest.
        let mut results: Vec<(String, Measured)> = Vec::new();
        for mode in ["read", "import", "import+save"] {
            let r = best_of(3, || {
                let mut c = Command::new(&exe);
                c.args(["--child", mode, &file]);
                c
            });
            results.push((mode.to_string(), r));
        }
        let yardstick = best_of(3, || {
            let mut c = Command::new(python());
            c.args(["-c", PYTHON_READ, &file]);
            c
        });
        results.push(("python-calamine".into(), yardstick));
        println!("workbook: {n} activity rows, {size_mb:.1} MB");
        println!(
            "{:<16} {:>8} {:>12}  detail",
            "what", "time s", "peak RSS MB"
        );
        for (mode, r) in &results {
            match r {
                Ok((_, line)) => {
                    let f: Vec<&str> = line.split('\t').collect();
                    println!(
                        "{:<16} {:>8} {:>12}  {}",
                        mode,
                        f.get(1).unwrap_or(&""),
                        f.get(2).unwrap_or(&""),
                        f.get(3).unwrap_or(&"")
                    );
                }
                Err(why) => println!("{mode:<16} unavailable: {why}"),
            }
        }
        let secs = |m: &str| {
            results
                .iter()
                .find(|(k, _)| k == m)
                .and_then(|(_, r)| r.as_ref().ok().map(|(s, _)| *s))
        };
        if let (Some(read), Some(imp)) = (secs("read"), secs("import")) {
            println!("import / bare Rust read = {:.2}x", imp / read);
        }
        match (secs("python-calamine"), secs("import"), secs("import+save")) {
            (Some(py), Some(imp), Some(saved)) => println!(
                "yardstick python-calamine {py:.2} s: import {:.2}x, import+save {:.2}x (goal ≤ 0.8x)",
                imp / py,
                saved / py
            ),
            _ => println!(
                "yardstick missing: `pip install python-calamine` (or set PARKAUDIT_PYTHON) to compare"
            ),
        }
        println!();
    }
    Ok(())
}
