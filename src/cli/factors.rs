//! `parkaudit factors`: list and search the bundled library, or update a
//! project's frozen factors to it.

use anyhow::{Context, Result};
use clap::Args;
use parkaudit::calc::{gwp, library, update};
use parkaudit::edit::{Edit, FactorUpdate};
use parkaudit::io;
use parkaudit::model::Actor;
use serde_json::json;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct FactorsArgs {
    /// Only factors whose id, description, source, activity or region contain TEXT.
    #[arg(long)]
    search: Option<String>,
    /// List the activity vocabulary (codes and aliases the default rules know) instead.
    #[arg(long)]
    activities: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Compare a project's frozen factors and GWP values with this library and apply the update.
    #[arg(long, value_name = "PROJECT.ron")]
    update: Option<PathBuf>,
    /// With --update: show the differences and their effect, change nothing.
    #[arg(long, requires = "update")]
    dry_run: bool,
    /// Keep a project's frozen values that differ from this library, for the reason in --note.
    #[arg(
        long,
        value_name = "PROJECT.ron",
        conflicts_with = "update",
        requires = "note"
    )]
    keep: Option<PathBuf>,
    /// With --keep: why the frozen values stay (e.g. they are the ones in force for the reporting year).
    #[arg(long, requires = "keep")]
    note: Option<String>,
}

pub fn run(args: FactorsArgs, actor: &Actor) -> Result<()> {
    let lib = library::bundled();
    if let Some(path) = &args.update {
        return run_update(path, args.dry_run, lib, actor);
    }
    if let Some(path) = &args.keep {
        let e = Edit::KeepFrozenValues {
            note: args.note.clone().unwrap_or_default(),
        };
        super::edit::apply_and_save(path, vec![e], actor)?;
        return Ok(());
    }
    if args.activities {
        for a in &lib.activities {
            if args.json {
                println!(
                    "{}",
                    json!({"key": a.key, "name_en": a.name_en, "name_zh": a.name_zh, "aliases": a.aliases})
                );
            } else {
                println!(
                    "{:<28} {:<48} {}  [{}]",
                    a.key,
                    a.name_en,
                    a.name_zh,
                    a.aliases.join(", ")
                );
            }
        }
        return Ok(());
    }
    let factors = match &args.search {
        Some(t) => lib.search(t),
        None => lib.factors.iter().collect(),
    };
    if args.json {
        let list: Vec<_> = factors
            .iter()
            .map(|f| {
                let x = &f.factor;
                json!({
                    "id": x.id, "activity": x.activity_key, "description": x.description, "unit": x.unit.as_str(),
                    "components": x.components.iter().map(|c| json!({"gas": c.gas.code(), "kg_per_unit": c.kg_per_unit})).collect::<Vec<_>>(),
                    "source": x.source, "year": x.year, "region": x.region, "derivation": x.derivation,
                    "library_version": x.library_version, "unconfirmed": f.caveat.is_some(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    println!(
        "ParkAudit factor library {} — {} factors",
        lib.version,
        factors.len()
    );
    for f in factors {
        let x = &f.factor;
        let comps: Vec<String> = x
            .components
            .iter()
            .map(|c| format!("{} {}", c.gas, c.kg_per_unit))
            .collect();
        println!(
            "{}  [{}]  kg per {}: {}",
            x.id,
            x.activity_key.as_deref().unwrap_or("-"),
            x.unit,
            comps.join(", ")
        );
        println!(
            "    {} | {} | {}{}",
            x.description,
            x.year.map_or("-".into(), |y| y.to_string()),
            x.region,
            if f.caveat.is_some() {
                " | ⚠ partly unconfirmed"
            } else {
                ""
            }
        );
        println!("    source: {}", x.source);
    }
    Ok(())
}

fn run_update(
    path: &std::path::Path,
    dry_run: bool,
    lib: &library::Library,
    actor: &Actor,
) -> Result<()> {
    let _lock = match dry_run {
        true => None,
        false => Some(io::lock::acquire(path, "factor update", io::lock::WAIT)?),
    };
    let mut project = io::load(path)?;
    let plan = update::plan(&project, lib, &gwp::snapshot(project.methodology.gwp_set));
    let file = path.display();
    if plan.is_empty() {
        println!(
            "{file}: the frozen factors and GWP values match library {}; nothing to update",
            lib.version
        );
        return Ok(());
    }
    println!("{file}: differences from library {}", lib.version);
    for c in &plan.factor_changes {
        let fmt = |f: &parkaudit::model::EmissionFactor| {
            f.components
                .iter()
                .map(|c| format!("{} {}", c.gas, c.kg_per_unit))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "  factor {} (frozen from {})",
            c.old.id,
            c.old.library_version.as_deref().unwrap_or("?")
        );
        println!("    old: kg per {}: {}", c.old.unit, fmt(&c.old));
        println!("    new: kg per {}: {}", c.new.unit, fmt(&c.new));
    }
    for (g, o, n) in &plan.gwp_changes {
        let s = |v: &Option<f64>| v.map_or("none".into(), |x| x.to_string());
        println!(
            "  GWP {g} ({}): {} → {}",
            project.methodology.gwp_set,
            s(o),
            s(n)
        );
    }
    for id in &plan.dropped {
        println!("  factor {id} is no longer in the library: kept as frozen");
    }
    let t = |v: Option<f64>| v.map_or("n/a".to_string(), super::format::t);
    println!(
        "  total (location-based): {} → {} t CO2e",
        t(plan.total_before_t),
        t(plan.total_after_t)
    );
    if dry_run {
        println!("dry run: nothing changed");
        return Ok(());
    }
    let update = FactorUpdate::from_plan(&project, &plan, &lib.version);
    drop(plan);
    super::edit::apply_all(
        &mut project,
        path,
        vec![Edit::UpdateFactors(Box::new(update))],
        actor,
    )?;
    io::save(&project, path).with_context(|| format!("{file}: saving the update"))?;
    println!("updated {file}");
    Ok(())
}
