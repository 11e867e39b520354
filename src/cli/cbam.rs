//! `parkaudit cbam`: the specific embedded emissions of the park's CBAM
//! goods, the chain behind one, and the installations' edits.

use super::edit::apply_and_save;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use parkaudit::audit::words::significant;
use parkaudit::calc::cbam_goods::{self, GoodRow};
use parkaudit::edit::Edit;
use parkaudit::io;
use parkaudit::model::Actor;
use parkaudit::model::cbam::Installation;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CbamArgs {
    #[command(subcommand)]
    action: Option<CbamAction>,
    /// The project file (RON): prints the SEE of every good.
    project: Option<PathBuf>,
    /// Print the goods as JSON (an array, in installation and process order).
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum CbamAction {
    /// The chain behind one good's SEE, from its records to t CO2e per t.
    Explain {
        project: PathBuf,
        /// The good: INSTALLATION/PROCESS (e.g. E01/P3), a process id that is
        /// unique in the project, or a CN code.
        good: String,
        /// In Chinese.
        #[arg(long)]
        zh: bool,
    },
    /// Add or replace an installation from a RON file (one `Installation`,
    /// as in the project file's `cbam` section).
    Set { project: PathBuf, file: PathBuf },
    /// Remove an installation (by its entity id).
    Remove { project: PathBuf, entity: String },
    /// The declaration year (the default values' mark-up and the CBAM
    /// factor) and the certificate price of the estimate.
    Settings {
        project: PathBuf,
        #[arg(long)]
        year: i32,
        /// EUR per certificate.
        #[arg(long)]
        price: f64,
    },
}

pub fn run(args: CbamArgs, actor: &Actor) -> Result<()> {
    match args.action {
        Some(CbamAction::Explain { project, good, zh }) => explain(&project, &good, zh),
        Some(CbamAction::Set { project, file }) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("{}: cannot read the installation", file.display()))?;
            let inst: Installation = ron::from_str(&text).map_err(|e| {
                anyhow::anyhow!(
                    "{}:{}:{}: not an installation: {} — write it as in the project file's cbam section",
                    file.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )
            })?;
            apply_and_save(&project, vec![Edit::SetInstallation(Box::new(inst))], actor)?;
            Ok(())
        }
        Some(CbamAction::Remove { project, entity }) => {
            apply_and_save(
                &project,
                vec![Edit::RemoveInstallation { entity_id: entity }],
                actor,
            )?;
            Ok(())
        }
        Some(CbamAction::Settings {
            project,
            year,
            price,
        }) => {
            apply_and_save(
                &project,
                vec![Edit::CbamSettings {
                    declaration_year: year,
                    certificate_price_eur: price,
                }],
                actor,
            )?;
            Ok(())
        }
        None => {
            let Some(path) = args.project else {
                bail!("name the project: parkaudit cbam PROJECT.ron");
            };
            list(&path, args.json)
        }
    }
}

/// Every good's row, or the first installation's error.
fn rows(path: &Path) -> Result<(parkaudit::model::Project, Vec<GoodRow>)> {
    let p = io::load(path)?;
    let file = path.display().to_string();
    let Some(cbam) = &p.cbam else {
        bail!("{file}: the project has no CBAM installations — add one with `parkaudit cbam set`");
    };
    let mut out = Vec::new();
    for (inst, r) in cbam.installations.iter().zip(cbam_goods::compute(&p)) {
        let r = r.with_context(|| file.clone())?;
        for (proc, pr) in inst.processes.iter().zip(&r.processes) {
            out.push(GoodRow::new(inst, proc, pr));
        }
    }
    Ok((p, out))
}

fn list(path: &Path, json: bool) -> Result<()> {
    let (p, rows) = rows(path)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    let n = |x: f64| significant(x, 4);
    let year = p.cbam.as_ref().map_or(0, |c| c.declaration_year);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "CBAM goods of {} — SEE in t CO2e per t of good (AR5); default values of China for {year}\n",
        p.park.name
    );
    let _ = writeln!(
        out,
        "{:<7} {:<34} {:<11} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9} {:>7} {:>9}",
        "Good",
        "Product",
        "CN",
        "direct",
        "indirect",
        "counted",
        "default",
        "×default",
        "from dflt",
        "est.cert",
        "EUR/t"
    );
    for r in &rows {
        let opt = |v: Option<f64>| v.map_or("–".to_string(), n);
        let _ = writeln!(
            out,
            "{:<7} {:<34} {:<11} {:>9} {:>9} {:>9} {:>9} {:>8} {:>8}% {:>7} {:>9}",
            format!("{}/{}", r.installation, r.process),
            r.product.chars().take(34).collect::<String>(),
            r.cn_code,
            n(r.see_direct_t_per_t),
            n(r.see_indirect_t_per_t),
            n(r.see_counted_t_per_t),
            opt(r.default_value_t_per_t),
            opt(r.ratio_to_default),
            significant(r.default_share * 100.0, 3),
            opt(r.estimate_certificates_t_per_t),
            opt(r.estimate_cost_eur_per_t),
        );
    }
    let _ = writeln!(
        out,
        "\ncounted: direct, plus indirect for goods outside Annex II (cement, fertilisers, electricity).\n\
         est.cert, EUR/t: an ESTIMATE of the certificates an EU importer surrenders per t — not a regulatory figure.\n\
         `parkaudit cbam explain {} GOOD` shows the chain behind a good.",
        path.display()
    );
    print!("{out}");
    Ok(())
}

fn explain(path: &Path, good: &str, zh: bool) -> Result<()> {
    let p = io::load(path)?;
    let file = path.display().to_string();
    let Some(cbam) = &p.cbam else {
        bail!("{file}: the project has no CBAM installations");
    };
    let matches: Vec<(usize, usize)> = cbam
        .installations
        .iter()
        .enumerate()
        .flat_map(|(i, inst)| {
            inst.processes
                .iter()
                .enumerate()
                .filter(move |(_, q)| {
                    good == format!("{}/{}", inst.entity_id, q.id)
                        || good == q.id
                        || q.cn_codes.iter().any(|c| {
                            parkaudit::calc::cbam_defaults::cn_digits(c)
                                == parkaudit::calc::cbam_defaults::cn_digits(good)
                        })
                })
                .map(move |(j, _)| (i, j))
        })
        .collect();
    let (i, j) = match matches.as_slice() {
        [one] => *one,
        [] => bail!(
            "{file}: no good {good} — name it INSTALLATION/PROCESS (e.g. E01/P3); `parkaudit cbam {file}` lists them"
        ),
        several => bail!(
            "{file}: {good} names {} goods ({}) — name one as INSTALLATION/PROCESS",
            several.len(),
            several
                .iter()
                .map(|&(i, j)| format!(
                    "{}/{}",
                    cbam.installations[i].entity_id, cbam.installations[i].processes[j].id
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let inst = &cbam.installations[i];
    let result =
        cbam_goods::installation(&p, inst, cbam.declaration_year, cbam.certificate_price_eur)
            .with_context(|| file.clone())?;
    let lines = parkaudit::audit::cbam_explain::explain(
        &p,
        inst,
        &inst.processes[j],
        &result,
        &result.processes[j],
        cbam.declaration_year,
    );
    for l in lines {
        println!("{}", if zh { l.zh } else { l.en });
    }
    Ok(())
}
