//! `parkaudit new`: an empty project.

use super::{ConsolidationArg, GwpArg};
use anyhow::{Context, Result, anyhow, bail};
use clap::Args;
use parkaudit::edit;
use parkaudit::io;
use parkaudit::model::Actor;
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

pub fn run(args: NewArgs, actor: &Actor) -> Result<()> {
    if args.out.exists() && !args.force {
        bail!(
            "{}: the file already exists — choose another name or pass --force",
            args.out.display()
        );
    }
    let year = args.year.unwrap_or_else(io::time::current_year);
    let project = edit::new_project(
        edit::NewProject {
            name: args.name.clone(),
            reporting_year: year,
            consolidation: args.consolidation.into(),
            gwp_set: args.gwp.into(),
        },
        &edit::Context::now(actor),
    )
    .map_err(|e| anyhow!(e))?;
    let _lock = io::lock::acquire(&args.out, "new", io::lock::WAIT)?;
    io::save(&project, &args.out).with_context(|| format!("creating {}", args.out.display()))?;
    println!(
        "created {} ({}, reporting year {year})",
        args.out.display(),
        args.name
    );
    Ok(())
}
