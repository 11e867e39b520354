//! Export throughput: `cargo bench --bench export` (PARKAUDIT_BENCH_RECORDS=n[,m…]
//! changes the sizes; default 300,000 and 1,000,000). Compares, each in its
//! own process (so peak RSS is its own):
//! - `XlsxWriter`: the yardstick (sizes up to 300,000), Python's XlsxWriter
//!   in constant-memory mode writing the same Activity cells, timed from the
//!   first cell to the closed file — once with the formulas (as the workbook
//!   has them; XlsxWriter parses each), once with their cached values only
//!   (the stricter yardstick) (`pip install xlsxwriter`; PARKAUDIT_PYTHON
//!   names the interpreter) — measured in the same run;
//! - `bare`: rust_xlsxwriter in constant-memory mode writing the same Activity
//!   cells (strings, numbers, and the formulas with their cached results);
//! - `export`: `io::export::export` of the whole workbook, unsigned (compute,
//!   every sheet, the canonical digest);
//! - `signed`: the same, signed: the self-check reads the workbook back and
//!   verifies it (streamed), then the file is signed.

use parkaudit::io;
use rust_xlsxwriter::{Formula, Workbook};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod support;

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/out");
    let _ = std::fs::create_dir_all(&d);
    d
}

/// One Activity cell of the bare write: text, number, or formula with its cached result.
enum Bare {
    S(String),
    N(f64),
    F(String, f64),
}

/// The Activity rows the bare writes hold: the cells the export's Activity
/// sheet writes (strings, numbers, formulas with cached results).
fn bare_rows(p: &parkaudit::model::Project) -> Result<Vec<Vec<Bare>>, Box<dyn std::error::Error>> {
    let inv = parkaudit::calc::compute(p).map_err(|e| e.to_string())?;
    let mut rows = Vec::with_capacity(p.activity.len());
    for (i, (r, res)) in p.activity.iter().zip(&inv.records).enumerate() {
        let x = i + 2;
        let f = |s: String, v: f64| Bare::F(s, v);
        rows.push(vec![
            Bare::S(r.id.clone()),
            Bare::S(r.entity_id.clone()),
            Bare::S("sector".into()),
            Bare::S(r.period.to_string()),
            Bare::N(f64::from(r.scope.number())),
            Bare::N(f64::from(r.category.number())),
            Bare::S(r.activity.clone()),
            Bare::N(r.quantity),
            Bare::S(r.unit.as_str().into()),
            Bare::S(r.factor_id.clone()),
            Bare::S(r.unit.as_str().into()),
            Bare::N(res.conversion),
            f(format!("=VLOOKUP(J{x},Factors!$R$2:$W$40,3,FALSE)"), 1.0),
            f(format!("=H{x}*L{x}*M{x}/1000"), res.gross_location_t),
            Bare::N(res.share),
            f(format!("=N{x}*O{x}"), res.location_t),
            f(format!("=H{x}*L{x}*O{x}"), r.quantity),
            Bare::S(r.factor_id.clone()),
            Bare::N(res.conversion),
            f(format!("=VLOOKUP(R{x},Factors!$R$2:$W$40,3,FALSE)"), 1.0),
            f(format!("=H{x}*S{x}*T{x}/1000*O{x}"), res.market_t),
            f(
                format!(
                    "=IF(O{x}=0,N{x},0)+H{x}*L{x}*VLOOKUP(J{x},Factors!$R$2:$W$40,5,FALSE)/1000"
                ),
                res.excluded_t,
            ),
            f(
                format!("=H{x}*L{x}*VLOOKUP(J{x},Factors!$R$2:$W$40,4,FALSE)/1000*O{x}"),
                res.biogenic_t,
            ),
            Bare::S(r.evidence_ref.clone()),
        ]);
    }
    Ok(rows)
}

/// rust_xlsxwriter in constant-memory mode writing the rows (timed from here).
fn bare(rows: &[Vec<Bare>]) -> Result<(), Box<dyn std::error::Error>> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Activity")?;
    for c in 0..24u16 {
        ws.write_string(0, c, "header")?;
    }
    for (i, cells) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            let c = c as u16;
            match cell {
                Bare::S(s) => ws.write_string(row, c, s)?,
                Bare::N(n) => ws.write_number(row, c, *n)?,
                Bare::F(f, v) => {
                    ws.write_formula(row, c, Formula::new(f).set_result(format!("{v}")))?
                }
            };
        }
    }
    wb.save(out_dir().join("bare.xlsx"))?;
    Ok(())
}

/// The rows as text for the Python yardstick: one line a row, cells by tab;
/// a formula is `=…` then its cached result after a unit separator.
fn rows_tsv(rows: &[Vec<Bare>], path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for cells in rows {
        for (c, cell) in cells.iter().enumerate() {
            if c > 0 {
                w.write_all(b"\t")?;
            }
            match cell {
                Bare::S(s) => write!(w, "{s}")?,
                Bare::N(n) => write!(w, "#{n}")?,
                Bare::F(f, v) => write!(w, "{f}\u{1f}{v}")?,
            }
        }
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(())
}

/// The yardstick: Python's XlsxWriter (constant memory, as the bare Rust
/// write) writing the same rows; only the write is timed, not reading the text.
const PYTHON_WRITE: &str = r##"
import resource, sys, time
import xlsxwriter
values_only = sys.argv[3:] == ["values"]
rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        rows.append(line.rstrip("\n").split("\t"))
t = time.perf_counter()
wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
ws = wb.add_worksheet("Activity")
for c in range(24):
    ws.write_string(0, c, "header")
for i, cells in enumerate(rows):
    r = i + 1
    for c, v in enumerate(cells):
        if v.startswith("="):
            formula, cached = v.split("\x1f")
            if values_only:
                ws.write_number(r, c, float(cached))
            else:
                ws.write_formula(r, c, formula, None, float(cached))
        elif v.startswith("#"):
            ws.write_number(r, c, float(v[1:]))
        else:
            ws.write_string(r, c, v)
wb.close()
print(f"xlsxwriter{' values' if values_only else ''}\t{time.perf_counter() - t:.2f}\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"##;

fn child(mode: &str) -> Result<(), Box<dyn std::error::Error>> {
    let p = support::sample_with_records(support::size())?;
    let rows = if mode == "bare" || mode == "tsv" {
        bare_rows(&p)?
    } else {
        Vec::new()
    };
    let t0 = Instant::now();
    match mode {
        "bare" => bare(&rows)?,
        "tsv" => rows_tsv(&rows, &out_dir().join("rows.tsv"))?,
        "export" => {
            io::export::export(
                &p,
                &out_dir().join("export.xlsx"),
                io::export::Package::Draft,
                None,
                "bench",
            )?;
        }
        "signed" => {
            let key = out_dir().join("bench_key");
            let _ = std::fs::remove_file(&key);
            io::export::signing::keygen(&key, "Bench", "Bench Org", "bench")?;
            let signer = io::export::signing::Signer::load(&key, Some("bench"), None, None)?;
            io::export::export(
                &p,
                &out_dir().join("signed.xlsx"),
                io::export::Package::Draft,
                Some(&signer),
                "bench",
            )?;
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    println!(
        "{mode}\t{:.2}\t{:.0}",
        t0.elapsed().as_secs_f64(),
        support::peak_rss_mb()
    );
    Ok(())
}

/// A measurement (seconds, peak RSS MB), or why there is none.
type Measured = Result<(f64, f64), String>;

/// Best of `runs` of a command printing `mode\tsecs\trss`: (secs, rss).
fn best_of(runs: usize, mut cmd: impl FnMut() -> Command) -> Measured {
    let mut b = (f64::INFINITY, f64::NAN);
    for _ in 0..runs {
        let out = cmd().output().map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let f: Vec<&str> = line.split('\t').collect();
        let secs: f64 = f.get(1).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
        let rss: f64 = f.get(2).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
        if secs < b.0 {
            b = (secs, rss);
        }
    }
    Ok(b)
}

/// The sizes: `PARKAUDIT_BENCH_RECORDS=n[,m…]`, or 300,000 and 1,000,000.
fn sizes() -> Vec<usize> {
    match std::env::var("PARKAUDIT_BENCH_RECORDS") {
        Ok(v) => v.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => vec![300_000, 1_000_000],
    }
}

/// Sizes up to this also run the Python yardstick (it needs minutes beyond).
const YARDSTICK_UP_TO: usize = 300_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        return child(args.get(i + 1).ok_or("mode")?);
    }
    let exe = std::env::current_exe()?;
    let python = std::env::var("PARKAUDIT_PYTHON").unwrap_or_else(|_| "python3".into());
    for n in sizes() {
        let child = |mode: &str| {
            let mut c = Command::new(&exe);
            c.args(["--child", mode])
                .env("PARKAUDIT_BENCH_RECORDS", n.to_string());
            c
        };
        let mut best: Vec<(String, Measured)> = Vec::new();
        for mode in ["bare", "export", "signed"] {
            best.push((mode.to_string(), best_of(2, || child(mode))));
        }
        if n <= YARDSTICK_UP_TO {
            let tsv = out_dir().join("rows.tsv");
            let made = best_of(1, || child("tsv"));
            // The formulas' run is several times ours: one run is enough.
            for (what, extra, runs) in [
                ("XlsxWriter", None, 1),
                ("XlsxWriter values", Some("values"), 2),
            ] {
                let yardstick = made.clone().and_then(|_| {
                    best_of(runs, || {
                        let mut c = Command::new(&python);
                        c.arg("-c")
                            .arg(PYTHON_WRITE)
                            .arg(&tsv)
                            .arg(out_dir().join("xlsxwriter.xlsx"))
                            .args(extra);
                        c
                    })
                });
                best.push((what.into(), yardstick));
            }
        }
        println!("{n} activity records (sample park repeated), project load excluded");
        println!("{:<18} {:>8} {:>12}", "what", "time s", "peak RSS MB");
        for (m, r) in &best {
            match r {
                Ok((t, rss)) => println!("{m:<18} {t:>8.2} {rss:>12.0}"),
                Err(why) => println!("{m:<18} unavailable: {why}"),
            }
        }
        let secs = |m: &str| {
            best.iter()
                .find(|(k, _)| k == m)
                .and_then(|(_, r)| r.as_ref().ok().map(|(s, _)| *s))
        };
        if let (Some(bare), Some(export)) = (secs("bare"), secs("export")) {
            println!(
                "export / bare rust_xlsxwriter write = {:.2}x",
                export / bare
            );
        }
        match (
            secs("XlsxWriter"),
            secs("XlsxWriter values"),
            secs("signed"),
        ) {
            (Some(py), Some(values), Some(signed)) => println!(
                "yardstick Python XlsxWriter {py:.2} s with the formulas, {values:.2} s with their values only: \
                 signed export {:.2}x and {:.2}x (goal ≤ 0.5x)",
                signed / py,
                signed / values
            ),
            _ if n <= YARDSTICK_UP_TO => println!(
                "yardstick missing: `pip install xlsxwriter` (or set PARKAUDIT_PYTHON) to compare"
            ),
            _ => {}
        }
        if n == 1_000_000
            && let Some(signed) = secs("signed")
        {
            println!("signed export of 1,000,000 records: {signed:.1} s (goal ≤ 40 s)");
        }
        let size = |f: &str| {
            std::fs::metadata(out_dir().join(f))
                .map(|m| m.len() as f64 / 1e6)
                .unwrap_or(f64::NAN)
        };
        println!(
            "file sizes: bare {:.1} MB, export {:.1} MB\n",
            size("bare.xlsx"),
            size("export.xlsx")
        );
    }
    Ok(())
}
