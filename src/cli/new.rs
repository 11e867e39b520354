//! `parkaudit new`: an empty project.

use super::{ConsolidationArg, GwpArg};
use anyhow::{Context, Result, bail};
use clap::Args;
use parkaudit::io;
use parkaudit::model::Project;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct NewArgs {
    /// The project file to create (RON).
    out: PathBuf,
    /// The park's name.
    #[arg(long)]
    name: String,
    /// Reporting year (default: the current year).
    #[arg(long)]
    year: Option<i32>,
    #[arg(long, value_enum, default_value = "operational-control")]
    consolidation: ConsolidationArg,
    #[arg(long, value_enum, default_value = "AR5")]
    gwp: GwpArg,
    /// Replace the file if it exists (the old one is kept as NAME.bak).
    #[arg(long)]
    force: bool,
}

pub fn run(args: NewArgs) -> Result<()> {
    if args.out.exists() && !args.force {
        bail!(
            "{}: the file already exists — choose another name or pass --force",
            args.out.display()
        );
    }
    let year = args.year.unwrap_or_else(io::time::current_year);
    if !(1990..=2100).contains(&year) {
        bail!("--year {year}: give a reporting year between 1990 and 2100");
    }
    let mut project = Project::new(&args.name, year);
    project.consolidation = args.consolidation.into();
    project.methodology.gwp_set = args.gwp.into();
    project.gwp_snapshot = Some(parkaudit::calc::gwp::snapshot(project.methodology.gwp_set));
    io::save(&project, &args.out).with_context(|| format!("creating {}", args.out.display()))?;
    println!(
        "created {} ({}, reporting year {year})",
        args.out.display(),
        args.name
    );
    Ok(())
}
