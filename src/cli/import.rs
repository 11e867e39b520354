//! `parkaudit import`: add a workbook's entities, factors and activity to a project.

use super::format::t;
use anyhow::{Context, Result, bail};
use clap::Args;
use parkaudit::edit::Edit;
use parkaudit::io::{self, import};
use parkaudit::model::Actor;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The project file (RON); saved atomically unless --dry-run.
    project: PathBuf,
    /// The workbook: .xlsx, .xlsm, .xls or .ods.
    workbook: PathBuf,
    /// Validate and report; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Take the valid rows; write the rejected ones with their reasons to NAME-import-N-rejects.xlsx beside the project (N: the import number).
    #[arg(long)]
    skip_invalid: bool,
    /// A mapping file (RON) for a workbook not in the template layout (see `parkaudit mapping`).
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// The workbook holds base-year activity (for the year-over-base-year checks), not the inventory's.
    #[arg(long)]
    base_year: bool,
    /// Import even though many rows repeat records already in the project (a workbook imported twice doubles the inventory).
    #[arg(long)]
    allow_duplicates: bool,
}

/// Warnings shown in full; the rest are counted.
const WARNINGS_SHOWN: usize = 50;
/// Errors shown in full; the rest are counted by sheet and column (all of
/// them are in the rejects workbook with --skip-invalid).
const ERRORS_SHOWN: usize = 200;

pub fn run(args: ImportArgs, actor: &Actor) -> Result<()> {
    // One writer at a time, from the load to the save (a dry run writes nothing).
    let _lock = match args.dry_run {
        true => None,
        false => Some(io::lock::acquire(&args.project, "import", io::lock::WAIT)?),
    };
    let mut project = io::load(&args.project)?;
    let mapping = match &args.mapping {
        Some(p) => {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some((import::Mapping::load(p)?, name))
        }
        None => None,
    };
    let options = import::ImportOptions {
        skip_invalid: args.skip_invalid,
        mapping,
        imported_at: io::time::now_rfc3339_utc(),
        base_year: args.base_year,
        progress: None,
    };
    let outcome = import::import_workbook(&project, &args.workbook, &options)?;
    let report = &outcome.report;
    let wb_name = args.workbook.display();

    println!("{wb_name} (SHA-256 {})", report.sha256);
    match &report.template_version {
        Some(v) => println!("template version {v}"),
        None => println!("not the ParkAudit template (no template_version)"),
    }
    println!(
        "{:<24} {:<9} {:>10} {:>10} {:>10} {:>8} {:>9}",
        "sheet", "kind", "rows read", "accepted", "rejected", "blank", "warnings"
    );
    for s in &report.sheets {
        let kind = s.kind.map(|k| k.name()).unwrap_or("-");
        println!(
            "{:<24} {:<9} {:>10} {:>10} {:>10} {:>8} {:>9}",
            s.sheet, kind, s.rows_read, s.accepted, s.rejected, s.blank, s.warnings
        );
    }
    let errors: Vec<_> = report.errors().collect();
    let warnings: Vec<_> = report.warnings().collect();
    if !errors.is_empty() {
        println!("\n{} error(s):", errors.len());
        for e in errors.iter().take(ERRORS_SHOWN) {
            println!("  {wb_name}: {e}");
        }
        if errors.len() > ERRORS_SHOWN {
            let mut by_place: std::collections::BTreeMap<(String, String), usize> =
                Default::default();
            for e in &errors[ERRORS_SHOWN..] {
                let column = e
                    .column
                    .as_ref()
                    .map_or("(whole row)".into(), |c| c.0.clone());
                *by_place.entry((e.sheet.clone(), column)).or_default() += 1;
            }
            println!(
                "  … and {} more (--skip-invalid writes every one, with its reason, to the rejects workbook):",
                errors.len() - ERRORS_SHOWN
            );
            for ((sheet, column), n) in by_place {
                println!(
                    "    {n} in sheet {}, column {}",
                    parkaudit::io::import::issue::visible(&sheet),
                    parkaudit::io::import::issue::visible(&column)
                );
            }
        }
    }
    if !warnings.is_empty() {
        println!("\n{} warning(s):", warnings.len());
        for w in warnings.iter().take(WARNINGS_SHOWN) {
            println!("  {wb_name}: {w}");
        }
        if warnings.len() > WARNINGS_SHOWN {
            println!("  … and {} more", warnings.len() - WARNINGS_SHOWN);
        }
    }

    let Some(batch) = outcome.batch else {
        bail!(
            "{wb_name}: nothing was imported — {} row(s) rejected; fix them, or pass --skip-invalid to take the valid rows",
            report.rows_rejected()
        );
    };
    println!(
        "\nadds {} entities, {} factors, {} activity records; total {} → {} t CO2e (location-based)",
        report.entities_added,
        report.factors_added,
        report.records_added,
        report.total_before_t.map_or_else(|| "n/a".into(), t),
        report.total_after_t.map_or_else(|| "n/a".into(), t),
    );
    if let Some(g) = report.duplicate_guard() {
        let change = g.change_t.map_or_else(String::new, |c| {
            format!(" and change the total by {} t CO2e", t(c))
        });
        let text = format!(
            "{} of the {} rows repeat records already in the project (same entity, period, activity and evidence); importing them would double-count them{change}",
            g.rows, g.records_added
        );
        if args.dry_run || args.allow_duplicates {
            println!("\nwarning: {text}");
        } else {
            bail!(
                "{wb_name}: nothing was imported — {text}. If they are genuinely new, run again with --allow-duplicates"
            );
        }
    }
    if args.dry_run {
        println!("dry run: nothing written");
        return Ok(());
    }
    let id = batch.import.id;
    let applied = super::edit::apply_all(
        &mut project,
        &args.project,
        vec![Edit::Import(Box::new(batch))],
        actor,
    )?;
    if applied.is_empty() {
        return Ok(());
    }
    io::save(&project, &args.project)?;
    if !report.rejected_rows.is_empty() {
        // The project (with the rejected rows in its provenance) is saved first;
        // the report is a convenience copy for the tenant.
        let path = io::rejects::rejects_path(&args.project, id);
        io::rejects::write_rejects(report, &path).with_context(|| {
            format!("the project was saved, but the rejects report {} could not be written (the rejected rows are listed above and in the project's import record)", path.display())
        })?;
        println!("rejected rows and their reasons: {}", path.display());
    }
    println!("saved {}", args.project.display());
    Ok(())
}
