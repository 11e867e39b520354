//! `parkaudit mapping`: suggest a mapping for a tenant's own workbook layout.

use anyhow::{Context, Result, bail};
use clap::Args;
use parkaudit::io::{self, import};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct MappingArgs {
    /// The workbook to inspect.
    workbook: PathBuf,
    /// Write the suggestion to this file (RON) instead of printing it.
    #[arg(short, long)]
    out: Option<PathBuf>,
}

pub fn run(args: MappingArgs) -> Result<()> {
    let mapping = import::suggest_mapping(&args.workbook)?;
    if mapping.sheets.is_empty() {
        bail!(
            "{}: no sheet has recognisable headers (English or Chinese) in its first 30 rows — write a mapping by hand (see the README)",
            args.workbook.display()
        );
    }
    let text = format!(
        "// Suggested by `parkaudit mapping` for {}; check every column, then add fixed values\n// (e.g. fixed: {{ unit: \"kWh\", scope: \"2\" }}) for fields the sheet lacks.\n{}",
        args.workbook
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        mapping.to_ron_string()
    );
    match &args.out {
        Some(p) => {
            io::write_atomic(p, text.as_bytes(), true)
                .with_context(|| format!("{}: cannot write the mapping", p.display()))?;
            println!("wrote {}", p.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
