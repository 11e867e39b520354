//! `parkaudit methodology`: show the methodology decisions with their
//! guidance, or change them — each change an edit, recorded in the trail.

use super::edit::{apply_and_save, parse_bool};
use anyhow::{Result, anyhow};
use clap::Args;
use parkaudit::edit::{Edit, MethodologyChange};
use parkaudit::io;
use parkaudit::model::{
    Actor, Consolidation, Gas, GridFactorRule, GwpSet, IsoCategory, Project, Scope, Standard,
    guidance::Guidance,
};
use std::path::PathBuf;

fn standard(s: &str) -> Result<Standard, String> {
    Standard::from_key(s.trim())
        .ok_or_else(|| format!("'{s}': give iso14064-1, ghg-protocol or china-mee"))
}
fn grid(s: &str) -> Result<GridFactorRule, String> {
    GridFactorRule::from_key(s.trim())
        .ok_or_else(|| format!("'{s}': give national-average or carbon-market"))
}
fn scope(s: &str) -> Result<Scope, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .and_then(|n| Scope::try_from(n).ok())
        .ok_or_else(|| format!("'{s}': give 1, 2 or 3"))
}
fn category(s: &str) -> Result<IsoCategory, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .and_then(|n| IsoCategory::new(n).ok())
        .ok_or_else(|| format!("'{s}': give an ISO 14064-1 category, 1–6"))
}
fn gas(s: &str) -> Result<Gas, String> {
    Gas::parse(s).map_err(|e| e.to_string())
}

#[derive(Args, Debug)]
pub struct MethodologyArgs {
    /// The project file (RON).
    project: PathBuf,
    /// Change the GWP set (recomputes every figure; the new values are frozen).
    #[arg(long, value_enum)]
    gwp: Option<super::GwpArg>,
    /// Change the consolidation approach.
    #[arg(long, value_enum)]
    consolidation: Option<super::ConsolidationArg>,
    /// Change the standard: iso14064-1, ghg-protocol or china-mee.
    #[arg(long, value_parser = standard)]
    standard: Option<Standard>,
    /// Change the grid-factor rule: national-average or carbon-market.
    #[arg(long, value_parser = grid)]
    grid: Option<GridFactorRule>,
    /// Report scope 2 both location- and market-based (true or false).
    #[arg(long, value_parser = parse_bool, value_name = "BOOL")]
    scope2_dual: Option<bool>,
    /// Put a scope (1, 2, 3) in the operational boundary; repeatable.
    #[arg(long, value_parser = scope)]
    include_scope: Vec<Scope>,
    /// Take a scope out of the operational boundary; repeatable.
    #[arg(long, value_parser = scope)]
    exclude_scope: Vec<Scope>,
    /// Put an ISO 14064-1 category (1–6) in the boundary; repeatable.
    #[arg(long, value_parser = category)]
    include_category: Vec<IsoCategory>,
    #[arg(long, value_parser = category)]
    exclude_category: Vec<IsoCategory>,
    /// Put a gas (CO2, CH4, N2O, SF6 …) in the boundary; repeatable.
    #[arg(long, value_parser = gas)]
    include_gas: Vec<Gas>,
    #[arg(long, value_parser = gas)]
    exclude_gas: Vec<Gas>,
    /// A default-factor rule ACTIVITY=FACTOR for imported records without a factor; repeatable.
    #[arg(long, value_name = "ACTIVITY=FACTOR")]
    rule: Vec<String>,
    /// Remove the default-factor rule of an activity; repeatable.
    #[arg(long, value_name = "ACTIVITY")]
    remove_rule: Vec<String>,
    /// Guidance language: en or zh.
    #[arg(long, default_value = "en")]
    lang: String,
}

pub fn run(args: MethodologyArgs, actor: &Actor) -> Result<()> {
    use MethodologyChange as M;
    let mut changes: Vec<M> = Vec::new();
    if let Some(s) = args.standard {
        changes.push(M::Standard(s));
    }
    if let Some(g) = args.gwp {
        changes.push(M::GwpSet(GwpSet::from(g)));
    }
    if let Some(c) = args.consolidation {
        changes.push(M::Consolidation(Consolidation::from(c)));
    }
    if let Some(d) = args.scope2_dual {
        changes.push(M::Scope2DualReporting(d));
    }
    if let Some(g) = args.grid {
        changes.push(M::GridFactor(g));
    }
    changes.extend(args.include_scope.iter().map(|s| M::Scope(*s, true)));
    changes.extend(args.exclude_scope.iter().map(|s| M::Scope(*s, false)));
    changes.extend(args.include_category.iter().map(|c| M::Category(*c, true)));
    changes.extend(args.exclude_category.iter().map(|c| M::Category(*c, false)));
    changes.extend(args.include_gas.iter().map(|g| M::Gas(*g, true)));
    changes.extend(args.exclude_gas.iter().map(|g| M::Gas(*g, false)));
    for r in &args.rule {
        let (activity, factor) = r
            .split_once('=')
            .ok_or_else(|| anyhow!("--rule '{r}': write ACTIVITY=FACTOR"))?;
        changes.push(M::DefaultFactor {
            activity: activity.to_string(),
            factor_id: Some(factor.trim().to_string()),
        });
    }
    changes.extend(args.remove_rule.iter().map(|a| M::DefaultFactor {
        activity: a.clone(),
        factor_id: None,
    }));
    if changes.is_empty() {
        print_guidance(&io::load(&args.project)?, &args.lang);
        return Ok(());
    }
    let edits = changes.into_iter().map(Edit::Methodology).collect();
    apply_and_save(&args.project, edits, actor)?;
    Ok(())
}

fn describe(p: &Project) -> String {
    format!(
        "{}, GWP {}, {}, grid-factor rule: {}",
        p.methodology.standard,
        p.methodology.gwp_set,
        p.consolidation,
        p.methodology.grid_factor.label()
    )
}

fn print_guidance(p: &Project, lang: &str) {
    println!("{}", describe(p));
    let g = Guidance::bundled();
    for d in &g.decisions {
        println!("\n{}\n  {}", d.title.get(lang), d.guidance.get(lang));
        for o in &d.options {
            println!("  - {}: {}", o.label.get(lang), o.text.get(lang));
        }
    }
    println!("\nMEE industry guidelines for the project's sectors:");
    let mut sectors: Vec<&str> = p.entities.iter().map(|e| e.sector.as_str()).collect();
    sectors.sort_unstable();
    sectors.dedup();
    for s in sectors {
        match g.guideline_for_sector(s) {
            Some(gl) => println!("  {s}: {}", gl.name.get(lang)),
            None => println!("  {s}: no guideline mapped"),
        }
    }
}
