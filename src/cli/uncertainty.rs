//! `parkaudit uncertainty`: the inventory's uncertainty by IPCC 2006 Vol. 1
//! ch. 3 Approaches 1 and 2, its contributors and data quality, against the
//! materiality threshold; `uncertainty apply` changes what it rests on.

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use parkaudit::audit::uncertainty::verdict;
use parkaudit::calc::summary::grouped;
use parkaudit::calc::uncertainty::{self, FactorOrigin, Input, Interval, Report};
use parkaudit::calc::{self, library};
use parkaudit::edit::{Edit, UncertaintyChange};
use parkaudit::io;
use parkaudit::model::{Actor, Spread};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct UncertaintyArgs {
    #[command(subcommand)]
    action: Option<UncertaintyAction>,
    /// The project file (RON).
    project: Option<PathBuf>,
    /// Monte Carlo iterations (default: the project's, else 10,000).
    #[arg(long)]
    iterations: Option<u32>,
    /// Monte Carlo seed (default: the project's, else 14064).
    #[arg(long)]
    seed: Option<u64>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum UncertaintyAction {
    /// Apply the changes of a RON file — a list such as
    /// `[SetQuality((target: Source(entity: "E01", activity: "coal"), data_type: Some(Metered), pedigree: Some((reliability: 1, completeness: 1, temporal: 1, geographical: 1, technological: 2)))), Settings(iterations: 20000, seed: 7, sample_gwp: false)]`
    /// — each one edit, all or none.
    Apply { project: PathBuf, file: PathBuf },
}

pub fn run(args: UncertaintyArgs, actor: &Actor) -> Result<()> {
    match args.action {
        Some(UncertaintyAction::Apply { project, file }) => {
            super::edit::apply_changes_file::<UncertaintyChange>(
                &project,
                &file,
                "uncertainty",
                Edit::Uncertainty,
                actor,
            )
        }
        None => {
            let Some(path) = args.project else {
                bail!("name the project: parkaudit uncertainty PROJECT.ron");
            };
            if args
                .iterations
                .is_some_and(|n| !(100..=1_000_000).contains(&n))
            {
                bail!("--iterations: give 100 to 1,000,000");
            }
            report(&path, args.iterations, args.seed, args.json)
        }
    }
}

fn report(path: &Path, iterations: Option<u32>, seed: Option<u64>, json_out: bool) -> Result<()> {
    let p = io::load(path)?;
    let inv = calc::compute(&p).with_context(|| path.display().to_string())?;
    let settings = p.uncertainty.clone().unwrap_or_default();
    let r = uncertainty::assess_with(
        &p,
        &inv,
        library::bundled(),
        iterations.unwrap_or(settings.iterations),
        seed.unwrap_or(settings.seed),
    );
    let v = to_json(&p, &r);
    if json_out {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", text(&p, &r));
    }
    Ok(())
}

fn spread_json(s: &Spread) -> Value {
    json!({
        "distribution": s.distribution.key(),
        "lower_pct": s.lower_pct,
        "upper_pct": s.upper_pct,
        "source": s.source,
    })
}

fn interval_json(i: &Interval) -> Value {
    json!({
        "key": i.key,
        "value_t": i.value_t,
        "a1_pct": i.a1_pct,
        "a1_holds": i.a1_holds,
        "mc_mean_t": i.mc.mean,
        "mc_median_t": i.mc.median,
        "mc_p2_5_t": i.mc.p2_5,
        "mc_p97_5_t": i.mc.p97_5,
        "mc_lower_pct": i.mc_lower_pct(),
        "mc_upper_pct": i.mc_upper_pct(),
        "dq_score": i.dq_score,
        "dq_coverage": i.dq_coverage,
    })
}

fn origin(r: &Report, input: Input) -> &'static str {
    match input {
        Input::Activity(_) => "activity",
        Input::Gwp(_) => "gwp",
        Input::Factor(i) => match r.model.factors[i as usize].origin {
            FactorOrigin::Library => "library",
            FactorOrigin::Project => "project",
            FactorOrigin::Default => "default",
        },
    }
}

/// The report as one JSON object (keys are the CLI's output format).
pub fn to_json(p: &parkaudit::model::Project, r: &Report) -> Value {
    let v = verdict(p, r);
    let list = |xs: &[Interval]| xs.iter().map(interval_json).collect::<Vec<_>>();
    json!({
        "method": "IPCC 2006 Guidelines Vol. 1 ch. 3: Approach 1 (error propagation, eq. 3.1/3.2, shared factors correlated) and Approach 2 (Monte Carlo)",
        "iterations": r.iterations,
        "seed": r.seed,
        "sample_gwp": r.sample_gwp,
        "total": interval_json(&r.total),
        "by_scope": list(&r.by_scope),
        "by_category": list(&r.by_category),
        "by_entity": list(&r.by_entity),
        "by_sector": list(&r.by_sector),
        "contributions": r.contributions.iter().map(|c| json!({
            "input": r.input_label(c.input),
            "origin": origin(r, c.input),
            "emissions_t": c.emissions_t,
            "share": c.share,
            "spread": spread_json(r.input_spread(c.input)),
        })).collect::<Vec<_>>(),
        "defaulted_factors": r.defaulted().map(|f| format!("{} {}", f.factor_id, f.gas.code())).collect::<Vec<_>>(),
        "histogram": {
            "min_t": r.histogram.min_t,
            "width_t": r.histogram.width_t,
            "counts": r.histogram.counts,
        },
        "materiality": {
            "materiality_pct": v.materiality_pct,
            "uncertainty_pct": v.mc_pct,
            "exceeds": v.exceeds,
            "text": v.en,
        },
    })
}

fn line(out: &mut String, i: &Interval, label: &str) {
    let _ = writeln!(
        out,
        "  {label:<28} {:>14} t  A1 ±{:>5.1} %{}  MC {:>14} – {:<14} (−{:.1} % / +{:.1} %){}",
        grouped(i.value_t, 0),
        i.a1_pct,
        if i.a1_holds { " " } else { "*" },
        grouped(i.mc.p2_5, 0),
        grouped(i.mc.p97_5, 0),
        i.mc_lower_pct(),
        i.mc_upper_pct(),
        i.dq_score.map_or(String::new(), |d| format!(
            "  DQ {d:.1} ({:.0} %)",
            i.dq_coverage * 100.0
        ))
    );
}

fn text(p: &parkaudit::model::Project, r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Uncertainty of the inventory of {} {} (IPCC 2006 Vol. 1 ch. 3)",
        p.park.name, p.park.reporting_year
    );
    let _ = writeln!(
        out,
        "Approach 1: error propagation (eq. 3.1, 3.2; a factor shared by records counts once). Approach 2: Monte Carlo, {} iterations, seed {}; GWPs {}.",
        grouped(f64::from(r.iterations), 0),
        r.seed,
        if r.sample_gwp { "drawn" } else { "held fixed" }
    );
    let t = &r.total;
    let _ = writeln!(
        out,
        "Total {} t CO2e: Approach 1 ±{:.2} %; Monte Carlo mean {} t, median {} t, 95 % interval {} – {} t (−{:.2} % / +{:.2} %)",
        grouped(t.value_t, 0),
        t.a1_pct,
        grouped(t.mc.mean, 0),
        grouped(t.mc.median, 0),
        grouped(t.mc.p2_5, 0),
        grouped(t.mc.p97_5, 0),
        t.mc_lower_pct(),
        t.mc_upper_pct()
    );
    if !t.a1_holds {
        let _ = writeln!(
            out,
            "  Approach 1's assumptions do not hold for an input that matters (asymmetric or wider than 30 % sd): take the Monte Carlo interval."
        );
    }
    match t.dq_score {
        Some(d) => {
            let _ = writeln!(
                out,
                "Data quality (pedigree, emission-weighted, 1 best – 5 worst): {d:.2} over {:.0} % of the total",
                t.dq_coverage * 100.0
            );
        }
        None => {
            let _ = writeln!(out, "Data quality: no source has pedigree scores");
        }
    }
    let _ = writeln!(out, "{}", verdict(p, r).en);
    let groups: [(&str, &[Interval], &str); 4] = [
        ("By scope", &r.by_scope, "scope "),
        ("By ISO 14064-1 category", &r.by_category, "category "),
        ("By sector", &r.by_sector, ""),
        ("By entity", &r.by_entity, ""),
    ];
    for (title, xs, prefix) in groups {
        let _ = writeln!(out, "{title}:");
        for i in xs {
            line(&mut out, i, &format!("{prefix}{}", i.key));
        }
    }
    let _ = writeln!(out, "Largest contributions to the variance (Approach 1):");
    for c in r.contributions.iter().take(12) {
        let s = r.input_spread(c.input);
        let _ = writeln!(
            out,
            "  {:>5.1} %  {} — {} t, {} −{:.1} %/+{:.1} % [{}]",
            c.share * 100.0,
            r.input_label(c.input),
            grouped(c.emissions_t, 0),
            s.distribution.key(),
            s.lower_pct,
            s.upper_pct,
            origin(r, c.input)
        );
    }
    let defaulted: Vec<String> = r
        .defaulted()
        .map(|f| format!("{} {}", f.factor_id, f.gas.code()))
        .collect();
    if !defaulted.is_empty() {
        let _ = writeln!(
            out,
            "Factors without a stated range (the stated default applies): {}",
            defaulted.join(", ")
        );
    }
    out
}
