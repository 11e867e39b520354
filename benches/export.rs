//! Export throughput: `cargo bench --bench export` (PARKAUDIT_BENCH_RECORDS
//! changes the size; default 1,000,000). Compares, each in its own process
//! (so peak RSS is its own):
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

fn bare(p: &parkaudit::model::Project) -> Result<(), Box<dyn std::error::Error>> {
    let inv = parkaudit::calc::compute(p).map_err(|e| e.to_string())?;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("Activity")?;
    for c in 0..28u16 {
        ws.write_string(0, c, "header")?;
    }
    let f = |s: &str, v: f64| Formula::new(s).set_result(format!("{v}"));
    for (i, (r, res)) in p.activity.iter().zip(&inv.records).enumerate() {
        let row = i as u32 + 1;
        let x = row + 1;
        ws.write_string(row, 0, &r.id)?;
        ws.write_string(row, 1, &r.entity_id)?;
        ws.write_string(row, 2, "sector")?;
        ws.write_string(row, 3, r.period.to_string())?;
        ws.write_number(row, 4, f64::from(r.scope.number()))?;
        ws.write_number(row, 5, f64::from(r.category.number()))?;
        ws.write_string(row, 6, &r.activity)?;
        ws.write_number(row, 7, r.quantity)?;
        ws.write_string(row, 8, r.unit.as_str())?;
        ws.write_string(row, 9, &r.factor_id)?;
        ws.write_string(row, 10, r.unit.as_str())?;
        ws.write_number(row, 11, res.conversion)?;
        ws.write_formula(
            row,
            12,
            f(&format!("=VLOOKUP(J{x},Factors!$R$2:$W$40,3,FALSE)"), 1.0),
        )?;
        ws.write_formula(
            row,
            13,
            f(&format!("=H{x}*L{x}*M{x}/1000"), res.gross_location_t),
        )?;
        ws.write_number(row, 14, res.share)?;
        ws.write_formula(row, 15, f(&format!("=N{x}*O{x}"), res.location_t))?;
        ws.write_formula(row, 16, f(&format!("=H{x}*L{x}*O{x}"), r.quantity))?;
        ws.write_string(row, 17, &r.factor_id)?;
        ws.write_number(row, 18, res.conversion)?;
        ws.write_formula(
            row,
            19,
            f(&format!("=VLOOKUP(R{x},Factors!$R$2:$W$40,3,FALSE)"), 1.0),
        )?;
        ws.write_formula(
            row,
            20,
            f(&format!("=H{x}*S{x}*T{x}/1000*O{x}"), res.market_t),
        )?;
        ws.write_formula(
            row,
            21,
            f(
                &format!(
                    "=IF(O{x}=0,N{x},0)+H{x}*L{x}*VLOOKUP(J{x},Factors!$R$2:$W$40,5,FALSE)/1000"
                ),
                res.excluded_t,
            ),
        )?;
        ws.write_formula(
            row,
            22,
            f(
                &format!("=H{x}*L{x}*VLOOKUP(J{x},Factors!$R$2:$W$40,4,FALSE)/1000*O{x}"),
                res.biogenic_t,
            ),
        )?;
        ws.write_string(row, 23, &r.evidence_ref)?;
    }
    wb.save(out_dir().join("bare.xlsx"))?;
    Ok(())
}

fn child(mode: &str) -> Result<(), Box<dyn std::error::Error>> {
    let p = support::sample_with_records(support::size())?;
    let t0 = Instant::now();
    match mode {
        "bare" => bare(&p)?,
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        return child(args.get(i + 1).ok_or("mode")?);
    }
    let exe = std::env::current_exe()?;
    let mut best: Vec<(String, f64, f64)> = Vec::new();
    for mode in ["bare", "export", "signed"] {
        let mut b = (f64::INFINITY, f64::NAN);
        for _ in 0..2 {
            let out = Command::new(&exe).args(["--child", mode]).output()?;
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
            }
            let line = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let f: Vec<&str> = line.split('\t').collect();
            let secs: f64 = f.get(1).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
            let rss: f64 = f.get(2).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
            if secs < b.0 {
                b = (secs, rss);
            }
        }
        best.push((mode.to_string(), b.0, b.1));
    }
    println!(
        "{} activity records (sample park repeated), project load excluded",
        support::size()
    );
    println!("{:<8} {:>8} {:>14}", "mode", "time s", "peak RSS MB");
    for (m, t, r) in &best {
        println!("{m:<8} {t:>8.2} {r:>14.0}");
    }
    if let [(_, bare, _), (_, export, _), ..] = best.as_slice() {
        println!("export / bare write = {:.2}x (goal ≤ 1.5x)", export / bare);
    }
    let size = |f: &str| {
        std::fs::metadata(out_dir().join(f))
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(f64::NAN)
    };
    println!(
        "file sizes: bare {:.1} MB, export {:.1} MB",
        size("bare.xlsx"),
        size("export.xlsx")
    );
    Ok(())
}
