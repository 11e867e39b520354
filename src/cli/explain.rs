//! `parkaudit explain`: the chain behind one record's tonnes.

use anyhow::{Result, bail};
use clap::Args;
use parkaudit::calc::explain;
use parkaudit::io;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The project file (RON).
    project: PathBuf,
    /// The record id (e.g. A00042).
    #[arg(long, conflicts_with_all = ["sheet", "row"])]
    record: Option<String>,
    /// The imported sheet of the record (with --row).
    #[arg(long, requires = "row")]
    sheet: Option<String>,
    /// The Excel row number of the record (with --sheet).
    #[arg(long, requires = "sheet")]
    row: Option<u32>,
    /// The import the row came from (default: the latest import that has it).
    #[arg(long)]
    import: Option<u32>,
    /// Print the explanation as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: ExplainArgs) -> Result<()> {
    let project = io::load(&args.project)?;
    let file = args.project.display();
    let index = match (&args.record, &args.sheet, args.row) {
        (Some(id), _, _) => project
            .activity
            .iter()
            .position(|r| &r.id == id)
            .ok_or_else(|| anyhow::anyhow!("{file}: no record {id}"))?,
        (None, Some(sheet), Some(row)) => project
            .activity
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.source.as_ref().is_some_and(|s| {
                    &s.sheet == sheet && s.row == row && args.import.is_none_or(|i| s.import == i)
                })
            })
            .map(|(i, _)| i)
            .next_back()
            .ok_or_else(|| {
                anyhow::anyhow!("{file}: no record imported from sheet {sheet}, row {row}")
            })?,
        _ => bail!("name the record: --record ID, or --sheet SHEET --row N"),
    };
    let e = explain::explain(&project, index).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&e)?);
    } else {
        print!("{e}");
    }
    Ok(())
}
