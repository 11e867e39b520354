//! `parkaudit methodology`: show the methodology decisions with their guidance,
//! or change the GWP set, consolidation approach, standard or grid-factor rule
//! — recomputing everything and recording the change.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use parkaudit::calc::{self, gwp};
use parkaudit::io;
use parkaudit::model::{GridFactorRule, Project, Standard, guidance::Guidance};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StandardArg {
    Iso14064,
    GhgProtocol,
    ChinaMee,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum GridArg {
    NationalAverage,
    CarbonMarket,
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
    /// Change the standard (this changes which default factors new imports get).
    #[arg(long, value_enum)]
    standard: Option<StandardArg>,
    /// Change the grid-factor rule for default electricity factors.
    #[arg(long, value_enum)]
    grid: Option<GridArg>,
    /// Guidance language: en or zh.
    #[arg(long, default_value = "en")]
    lang: String,
}

fn describe(p: &Project) -> String {
    format!(
        "{}, GWP {}, {}, grid factor rule {:?}",
        p.methodology.standard, p.methodology.gwp_set, p.consolidation, p.methodology.grid_factor
    )
}

pub fn run(args: MethodologyArgs) -> Result<()> {
    let mut project = io::load(&args.project)?;
    let file = args.project.display().to_string();
    let before = project.clone();
    if let Some(g) = args.gwp {
        project.methodology.gwp_set = g.into();
        project.gwp_snapshot = Some(gwp::snapshot(project.methodology.gwp_set));
    }
    if let Some(c) = args.consolidation {
        project.consolidation = c.into();
    }
    if let Some(s) = args.standard {
        project.methodology.standard = match s {
            StandardArg::Iso14064 => Standard::Iso14064_1_2018,
            StandardArg::GhgProtocol => Standard::GhgProtocolCorporate,
            StandardArg::ChinaMee => Standard::ChinaMeeGuidelines,
        };
    }
    if let Some(g) = args.grid {
        project.methodology.grid_factor = match g {
            GridArg::NationalAverage => GridFactorRule::NationalAverage,
            GridArg::CarbonMarket => GridFactorRule::CarbonMarket,
        };
    }
    if project == before {
        print_guidance(&project, &args.lang);
        return Ok(());
    }
    let total = |p: &Project| calc::compute(p).map(|i| i.total_t_co2e);
    let old_total = total(&before).ok();
    let new_total = total(&project).with_context(|| {
        format!("{file}: the inventory cannot be computed with the new methodology")
    })?;
    let t = |v: Option<f64>| v.map_or("n/a".to_string(), super::format::t);
    let detail = format!(
        "{} → {}; total {} → {} t CO2e",
        describe(&before),
        describe(&project),
        t(old_total),
        t(Some(new_total))
    );
    parkaudit::audit::trail::append(
        &mut project,
        &io::time::now_rfc3339_utc(),
        &super::who(),
        "methodology",
        detail.clone(),
    );
    io::save(&project, &args.project)?;
    println!("{file}: {detail}");
    Ok(())
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
