//! Uncertainty speed: `cargo bench --bench uncertainty` (set
//! PARKAUDIT_BENCH_RECORDS to change the size; default 1,000,000). Prints
//! the whole assessment — building the random inputs from every record,
//! Approach 1 for every breakdown, and the Monte Carlo of 10,000 iterations
//! — against `compute` of the same project as the yardstick, in the same run.
//! The goal (issue 18): ≤ 2 s for 10,000 iterations over 1,000,000 records.

use parkaudit::calc::{compute, library, uncertainty};
use std::time::Instant;

mod support;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = support::size();
    let project = support::sample_with_records(n)?;
    let lib = library::bundled();
    let runs = 3;
    let mut compute_best = f64::INFINITY;
    let mut inv = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let i = compute(&project).map_err(|e| e.to_string())?;
        compute_best = compute_best.min(t0.elapsed().as_secs_f64());
        inv = Some(i);
    }
    let inv = inv.ok_or("no run")?;
    let (mut build_best, mut all_best) = (f64::INFINITY, f64::INFINITY);
    let mut report = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let m = uncertainty::inputs::build(&project, &inv, lib);
        build_best = build_best.min(t0.elapsed().as_secs_f64());
        drop(m);
        let t0 = Instant::now();
        let r = uncertainty::assess_with(&project, &inv, lib, 10_000, 14_064);
        all_best = all_best.min(t0.elapsed().as_secs_f64());
        report = Some(r);
    }
    let r = report.ok_or("no run")?;
    println!(
        "yardstick compute: {n} records, best of {runs}: {:.0} ms",
        compute_best * 1e3
    );
    println!(
        "uncertainty, 10,000 iterations: {:.0} ms = {:.2} × compute ({} random inputs, {} terms; building them {:.0} ms); goal ≤ 2,000 ms",
        all_best * 1e3,
        all_best / compute_best,
        r.model.activities.len() + r.model.factors.len() + r.model.gwps.len(),
        r.model.terms.len(),
        build_best * 1e3
    );
    println!(
        "total {:.0} t CO2e: Approach 1 ±{:.2} %, Monte Carlo −{:.2} % / +{:.2} %",
        r.total.value_t,
        r.total.a1_pct,
        r.total.mc_lower_pct(),
        r.total.mc_upper_pct()
    );
    Ok(())
}
