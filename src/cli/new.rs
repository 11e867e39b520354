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
    let year = args.year.unwrap_or_else(current_year);
    if !(1990..=2100).contains(&year) {
        bail!("--year {year}: give a reporting year between 1990 and 2100");
    }
    let mut project = Project::new(&args.name, year);
    project.consolidation = args.consolidation.into();
    project.methodology.gwp_set = args.gwp.into();
    io::save(&project, &args.out).with_context(|| format!("creating {}", args.out.display()))?;
    println!(
        "created {} ({}, reporting year {year})",
        args.out.display(),
        args.name
    );
    Ok(())
}

/// The current UTC year, from the system clock (civil-from-days, H. Hinnant).
fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year as i32
}

#[cfg(test)]
mod tests {
    #[test]
    fn current_year_is_plausible() {
        let y = super::current_year();
        assert!((2024..2200).contains(&y), "{y}");
    }
}
