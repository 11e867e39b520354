//! Engine throughput: `cargo bench --bench compute` (set PARKAUDIT_BENCH_RECORDS
//! to change the size; default 1,000,000). Prints records per second, and —
//! against `compute` as the yardstick, in the same run — the whole analysis
//! the app recomputes after a change (inventory, checks, evaluation,
//! readiness) and edits through the edit layer (a field; a sign-off, which
//! hashes every record).

use parkaudit::calc::compute;
use std::time::Instant;

mod support;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n = support::size();
    let project = support::sample_with_records(n)?;

    let runs = 5;
    let mut best = f64::INFINITY;
    let mut total = 0.0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let inv = compute(&project).map_err(|e| e.to_string())?;
        let secs = t0.elapsed().as_secs_f64();
        best = best.min(secs);
        total = inv.total_t_co2e;
    }
    println!(
        "compute: {n} records, best of {runs}: {:.1} ms ({:.2} M records/s); total {total:.0} t CO2e",
        best * 1e3,
        n as f64 / best / 1e6
    );

    // The analysis the app recomputes after each change, against compute.
    let t0 = Instant::now();
    let a = parkaudit::audit::analyse(&project, true).map_err(|e| e.to_string())?;
    let gaps = parkaudit::audit::readiness(&project, &a);
    let analysis = t0.elapsed().as_secs_f64();
    println!(
        "analysis (inventory, checks, evaluation) and readiness: {:.0} ms = {:.1} × compute; {} checks, {} gaps",
        analysis * 1e3,
        analysis / best,
        a.checks.as_ref().map_or(0, Vec::len),
        gaps.len()
    );
    let actor = parkaudit::model::Actor::new("Bench", "", "");
    let mut q = project.clone();
    let cx = parkaudit::edit::Context {
        actor: &actor,
        at: "2026-12-02T00:00:00Z".into(),
        inventory: Some(&a.inventory),
    };
    let t0 = Instant::now();
    parkaudit::edit::apply_in(
        &mut q,
        parkaudit::edit::Edit::Engagement(parkaudit::edit::EngagementField::LeadAuditor(
            "Bench".into(),
        )),
        &cx,
    )?;
    let field = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    parkaudit::edit::apply_in(
        &mut q,
        parkaudit::edit::Edit::SignOff {
            section: parkaudit::model::Section::Boundary,
            role: parkaudit::model::Role::Preparer,
        },
        &cx,
    )?;
    let signoff = t0.elapsed().as_secs_f64();
    println!(
        "edits: a field {:.3} ms; a sign-off (section digests over every record) {:.0} ms = {:.1} × compute",
        field * 1e3,
        signoff * 1e3,
        signoff / best
    );
    drop(q);

    Ok(())
}
