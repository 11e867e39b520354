//! `parkaudit template`: write the standard activity template.

use anyhow::{Context, Result, bail};
use clap::Args;
use parkaudit::io;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// Where to write the template (.xlsx).
    out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: TemplateArgs) -> Result<()> {
    if args.out.exists() && !args.force {
        bail!(
            "{}: the file already exists — choose another name or pass --force",
            args.out.display()
        );
    }
    io::write_atomic(&args.out, io::template::TEMPLATE_XLSX, false)
        .with_context(|| format!("{}: cannot write the template", args.out.display()))?;
    println!(
        "wrote {} (ParkAudit activity template version {})",
        args.out.display(),
        io::import::TEMPLATE_VERSION
    );
    Ok(())
}
