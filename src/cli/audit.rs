//! `parkaudit check`, `parkaudit sample`, `parkaudit sample-size`.

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, ValueEnum};
use parkaudit::audit::{self, sampling};
use parkaudit::calc::{self, library};
use parkaudit::io;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The project file (RON).
    project: PathBuf,
    /// Print a JSON list of findings.
    #[arg(long)]
    json: bool,
}

fn load_and_compute(
    path: &std::path::Path,
) -> Result<(parkaudit::model::Project, calc::Inventory)> {
    let p = io::load(path)?;
    let inv = calc::compute(&p).with_context(|| path.display().to_string())?;
    Ok((p, inv))
}

pub fn check(args: CheckArgs) -> Result<()> {
    let (p, inv) = load_and_compute(&args.project)?;
    let findings = audit::run_checks(&p, &inv, library::bundled());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&findings)?);
        return Ok(());
    }
    println!("{}: {} finding(s)", args.project.display(), findings.len());
    for f in &findings {
        let at = [f.entity_id.clone(), f.period.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        println!("[{:?}] {} {}: {}", f.severity, f.check, at, f.message);
        if !f.record_ids.is_empty() {
            let shown: Vec<&str> = f.record_ids.iter().take(10).map(String::as_str).collect();
            let more = if f.record_ids.len() > 10 {
                format!(" … +{}", f.record_ids.len() - 10)
            } else {
                String::new()
            };
            println!("    records: {}{more}", shown.join(", "));
        }
        for s in f.sources.iter().take(3) {
            println!("    source: {s}");
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum MethodArg {
    TonneUnit,
    Random,
}

#[derive(Args, Debug)]
pub struct SampleArgs {
    /// The project file (RON).
    project: PathBuf,
    /// Seed: the same seed gives the same sample on every machine.
    #[arg(long)]
    seed: u64,
    /// Items to sample besides the key items.
    #[arg(long, conflicts_with_all = ["confidence", "tolerable", "expected"])]
    size: Option<usize>,
    /// Confidence level (e.g. 0.95), with --tolerable and --expected.
    #[arg(long, requires_all = ["tolerable", "expected"])]
    confidence: Option<f64>,
    /// Tolerable deviation rate (e.g. 0.05).
    #[arg(long)]
    tolerable: Option<f64>,
    /// Expected deviation rate (e.g. 0.01).
    #[arg(long)]
    expected: Option<f64>,
    /// Key-item threshold, percent of the total (tested 100 %).
    #[arg(long, default_value_t = 1.0)]
    key_pct: f64,
    #[arg(long, value_enum, default_value = "tonne-unit")]
    method: MethodArg,
    #[arg(long)]
    json: bool,
    /// Save the sample in the project (for tests, evaluation and the workbook).
    #[arg(long)]
    save: bool,
    /// With --save: replace a saved sample that already has test results.
    #[arg(long, requires = "save")]
    force: bool,
}

pub fn sample(args: SampleArgs) -> Result<()> {
    let (p, inv) = load_and_compute(&args.project)?;
    let size = match (args.size, args.confidence, args.tolerable, args.expected) {
        (Some(n), ..) => n,
        (None, Some(c), Some(t), Some(e)) => {
            sampling::sample_size(c, t, e).map_err(|e| anyhow!(e))? as usize
        }
        _ => bail!("give --size N, or --confidence C --tolerable T --expected E"),
    };
    let method = match args.method {
        MethodArg::TonneUnit => sampling::Method::TonneUnit,
        MethodArg::Random => sampling::Method::SimpleRandom,
    };
    let items = sampling::select(&p, &inv, args.seed, args.key_pct, size, method);
    if args.save {
        if p.verification.sample.is_some() && !p.verification.tests.is_empty() && !args.force {
            bail!(
                "{}: the saved sample already has {} test result(s) — re-drawing would set them aside; pass --force to replace it (recorded in the trail)",
                args.project.display(),
                p.verification.tests.len()
            );
        }
        let mut q = p.clone();
        let plan = sampling::plan_record(&q, &inv, args.seed, args.key_pct, size, method, &items);
        let detail = format!(
            "sample saved: seed {}, {:?}, {} key items, {} sampled",
            args.seed,
            method,
            plan.key_items.len(),
            plan.sampled.len()
        );
        q.verification.sample = Some(plan);
        parkaudit::audit::trail::append(
            &mut q,
            &io::time::now_rfc3339_utc(),
            &super::who(),
            "sample",
            detail,
        );
        io::save(&q, &args.project)?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(());
    }
    let keys = items
        .iter()
        .filter(|i| i.reason == sampling::Reason::KeyItem)
        .count();
    println!(
        "{}: {keys} key item(s) (≥ {} % of the total, tested 100 %) and {} sampled ({:?}, seed {})",
        args.project.display(),
        args.key_pct,
        items.len() - keys,
        method,
        args.seed
    );
    for i in &items {
        let r = p.activity.iter().find(|r| r.id == i.record_id);
        let what = r.map_or(String::new(), |r| {
            format!(
                "{} {} {} {} {}",
                r.entity_id, r.period, r.activity, r.quantity, r.unit
            )
        });
        println!(
            "  {:<8} {:?}  {:>16.3} t CO2e  {what}",
            i.record_id, i.reason, i.t_co2e
        );
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct SampleSizeArgs {
    #[arg(long)]
    confidence: f64,
    #[arg(long)]
    tolerable: f64,
    #[arg(long)]
    expected: f64,
}

pub fn sample_size(args: SampleSizeArgs) -> Result<()> {
    let n = sampling::sample_size(args.confidence, args.tolerable, args.expected)
        .map_err(|e| anyhow!(e))?;
    println!("{n}");
    Ok(())
}
