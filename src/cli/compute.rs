//! `parkaudit compute`: the inventory as a table or as JSON.

use super::format::t;
use anyhow::{Context, Result};
use clap::Args;
use parkaudit::calc::{self, InventorySummary};
use parkaudit::io;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ComputeArgs {
    /// The project file (RON).
    project: PathBuf,
    /// Print one JSON object (keys sorted, values in t CO2e rounded to 1 g).
    #[arg(long)]
    json: bool,
}

pub fn run(args: ComputeArgs) -> Result<()> {
    let project = io::load(&args.project)?;
    let inv = calc::compute(&project).with_context(|| args.project.display().to_string())?;
    let summary = InventorySummary::new(&project, &inv);
    if args.json {
        println!("{}", summary.to_json());
    } else {
        print!("{}", table(&project, &summary));
    }
    Ok(())
}

fn table(project: &parkaudit::model::Project, s: &InventorySummary) -> String {
    let mut out = String::new();
    let park = &project.park;
    let zh = if park.name_zh.is_empty() {
        String::new()
    } else {
        format!(" ({})", park.name_zh)
    };
    let _ = writeln!(
        out,
        "{}{zh} — reporting year {}",
        park.name, park.reporting_year
    );
    let _ = writeln!(
        out,
        "{}, GWP {}, {}; {} activity records\n",
        project.methodology.standard, s.gwp_set, project.consolidation, s.record_count
    );
    let rows = [
        ("Scope 1", s.scope1_t),
        ("Scope 2, location-based", s.scope2_location_t),
        ("Scope 2, market-based", s.scope2_market_t),
        ("Scope 3", s.scope3_t),
        ("Total (location-based)", s.total_t_co2e),
        ("Total (market-based)", s.total_market_t_co2e),
        ("Excluded (outside boundary, at 100 %)", s.excluded_t),
        ("Other owners' share (equity share)", s.other_owners_t),
        ("Biogenic CO2 (outside the scopes)", s.biogenic_co2_t),
    ];
    let _ = writeln!(out, "{:<42} {:>16}", "", "t CO2e");
    for (label, v) in rows {
        let _ = writeln!(out, "{label:<42} {:>16}", t(v));
    }
    section(
        &mut out,
        "By ISO 14064-1 category",
        s.by_category
            .iter()
            .map(|(k, v)| (format!("category {k}"), *v)),
    );
    section(
        &mut out,
        "By gas (location-based)",
        s.by_gas.iter().map(|(k, v)| (k.clone(), *v)),
    );
    section(
        &mut out,
        "By sector",
        s.by_sector.iter().map(|(k, v)| (k.clone(), *v)),
    );
    section(
        &mut out,
        "By month",
        s.by_month.iter().map(|(k, v)| (k.clone(), *v)),
    );
    let name = |id: &str| {
        project
            .entity(id)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    section(
        &mut out,
        "By entity (after consolidation, location-based)",
        s.by_entity
            .iter()
            .map(|(k, v)| (format!("{k}  {}", name(k)), *v)),
    );
    section(
        &mut out,
        "Excluded by entity (at 100 %)",
        s.excluded_by_entity
            .iter()
            .map(|(k, v)| (format!("{k}  {}", name(k)), *v)),
    );
    out
}

fn section(out: &mut String, title: &str, rows: impl Iterator<Item = (String, f64)>) {
    let rows: Vec<_> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for (label, v) in rows {
        // Long names are cut so the figures stay aligned (char-safe for Chinese).
        let label: String = label.chars().take(56).collect();
        let _ = writeln!(out, "  {label:<56} {:>16}", t(v));
    }
}
