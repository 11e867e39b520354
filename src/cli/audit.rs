//! `parkaudit check`, `parkaudit sample`, `parkaudit sample-size`.

use super::edit::apply_and_save;
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, ValueEnum};
use parkaudit::audit::{self, sampling};
use parkaudit::calc::{self, library};
use parkaudit::edit::{self, Edit, SampleParams};
use parkaudit::io;
use parkaudit::model::Actor;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The project file (RON).
    project: PathBuf,
    /// Print a JSON list of findings.
    #[arg(long, conflicts_with = "review")]
    json: bool,
    /// Record your review of a high or medium result by its key (shown in
    /// brackets), with --note; repeatable; a key ending in * stands for every
    /// result it begins (e.g. completeness/E02/*).
    #[arg(long, value_name = "KEY", requires = "note")]
    review: Vec<String>,
    /// The review: how the result was explained, or the finding it led to.
    #[arg(long, requires = "review")]
    note: Option<String>,
}

fn load_and_compute(
    path: &std::path::Path,
) -> Result<(parkaudit::model::Project, calc::Inventory)> {
    let p = io::load(path)?;
    let inv = calc::compute(&p).with_context(|| path.display().to_string())?;
    Ok((p, inv))
}

pub fn check(args: CheckArgs, actor: &Actor) -> Result<()> {
    let (p, inv) = load_and_compute(&args.project)?;
    let findings = audit::run_checks(&p, &inv, library::bundled());
    if !args.review.is_empty() {
        let mut keys = Vec::new();
        for pattern in &args.review {
            let matching: Vec<String> = findings
                .iter()
                .filter(|f| f.needs_review())
                .map(|f| f.key())
                .filter(|k| match pattern.strip_suffix('*') {
                    Some(prefix) => k.starts_with(prefix),
                    None => k == pattern,
                })
                .collect();
            if matching.is_empty() {
                bail!(
                    "{}: no high or medium check result has the key {pattern} (run `parkaudit check` to list them)",
                    args.project.display()
                );
            }
            keys.extend(matching);
        }
        let e = Edit::ReviewChecks {
            keys,
            note: args.note.unwrap_or_default(),
        };
        apply_and_save(&args.project, vec![e], actor)?;
        return Ok(());
    }
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
        let review = p
            .verification
            .check_reviews
            .iter()
            .find(|r| r.key == f.key());
        let key = if f.needs_review() {
            format!(" [{}]", f.key())
        } else {
            String::new()
        };
        println!(
            "[{}] {} {}: {}{key}",
            f.severity.label(),
            f.check,
            at,
            f.message
        );
        if let Some(r) = review {
            println!("    reviewed by {} at {}: {}", r.who, r.at, r.note);
        }
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

/// The records a sample is drawn from.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PopulationArg {
    /// Every record of the inventory.
    Inventory,
    /// The records attributed to CBAM goods.
    CbamGoods,
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
    /// The records to draw from (key items are measured against their total).
    #[arg(long, value_enum, default_value = "inventory")]
    population: PopulationArg,
    #[arg(long)]
    json: bool,
    /// Save the sample in the project (for tests, evaluation and the workbook).
    #[arg(long)]
    save: bool,
    /// With --save: replace a saved sample that already has test results
    /// (results of records no longer sampled are set aside).
    #[arg(long, requires = "save")]
    force: bool,
}

#[derive(Args, Debug)]
pub struct ExtendArgs {
    /// The project file (RON).
    project: PathBuf,
    /// How many more items to sample (same seed and method: the earlier
    /// selection and its test results stay).
    #[arg(long)]
    by: usize,
}

pub fn extend(args: ExtendArgs, actor: &Actor) -> Result<()> {
    apply_and_save(
        &args.project,
        vec![Edit::ExtendSample {
            additional: args.by,
        }],
        actor,
    )?;
    Ok(())
}

pub fn sample(args: SampleArgs, actor: &Actor) -> Result<()> {
    let _lock = match args.save {
        true => Some(io::lock::acquire(&args.project, "sample", io::lock::WAIT)?),
        false => None,
    };
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
    let population = match args.population {
        PopulationArg::Inventory => sampling::Population::Inventory,
        PopulationArg::CbamGoods => sampling::Population::CbamGoods,
    };
    if population == sampling::Population::CbamGoods && p.cbam.is_none() {
        bail!(
            "{}: the project has no CBAM installations, so no records are attributed to CBAM goods",
            args.project.display()
        );
    }
    let params = SampleParams {
        seed: args.seed,
        key_pct: args.key_pct,
        size,
        method,
        population,
    };
    let items = sampling::select(&p, &inv, &params);
    if args.save {
        let mut q = p.clone();
        let e = Edit::SaveSample {
            params,
            replace: args.force,
        };
        let cx = edit::Context {
            inventory: Some(&inv),
            ..edit::Context::now(actor)
        };
        let a = edit::apply_in(&mut q, e, &cx)
            .with_context(|| format!("{}: refused", args.project.display()))?;
        io::save(&q, &args.project)?;
        eprintln!("{}: {}", args.project.display(), a.detail);
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
        "{}: {keys} key item(s) (≥ {} % of the total, tested 100 %) and {} sampled ({}, seed {})",
        args.project.display(),
        args.key_pct,
        items.len() - keys,
        method.label(),
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
        let reason = match i.reason {
            sampling::Reason::KeyItem => "key item",
            sampling::Reason::Sampled => "sampled",
        };
        println!(
            "  {:<8} {reason:<8}  {:>16.3} t CO2e  {what}",
            i.record_id, i.t_co2e
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
