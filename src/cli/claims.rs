//! `parkaudit claims`: the zero-carbon-park indicators, the credits and the
//! carbon-neutrality claim, the base-year check and the pathway; `claims
//! apply` makes changes from a file, all or none.

use super::edit::apply_and_save;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use parkaudit::audit::words::significant;
use parkaudit::calc::{self, claims, library};
use parkaudit::edit::{ClaimsChange, Edit};
use parkaudit::io;
use parkaudit::model::{Actor, Project};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ClaimsArgs {
    #[command(subcommand)]
    action: Option<ClaimsAction>,
    /// The project file (RON).
    project: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
enum ClaimsAction {
    /// Apply the changes of a RON file — a list such as
    /// `[AddCredit((id: "C1", …)), SetTarget((year: 2030, reduction_pct: 30.0))]` —
    /// each one edit, all or none.
    Apply { project: PathBuf, file: PathBuf },
    /// Record an earlier ParkAudit project's inventory as an earlier year of
    /// this one (its reporting year and total; the source names the file,
    /// its SHA-256 and its methodology).
    ImportYear { project: PathBuf, earlier: PathBuf },
}

pub fn run(args: ClaimsArgs, actor: &Actor) -> Result<()> {
    match args.action {
        Some(ClaimsAction::Apply { project, file }) => {
            super::edit::apply_changes_file::<ClaimsChange>(
                &project,
                &file,
                "claims",
                Edit::Claims,
                actor,
            )
        }
        Some(ClaimsAction::ImportYear { project, earlier }) => {
            let bytes = std::fs::read(&earlier).with_context(|| {
                format!("{}: cannot read the earlier project", earlier.display())
            })?;
            let other = io::load(&earlier)?;
            let inv = calc::compute(&other).with_context(|| earlier.display().to_string())?;
            let sha = {
                use sha2::{Digest, Sha256};
                Sha256::digest(&bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            };
            let name = earlier.file_name().map_or_else(
                || earlier.display().to_string(),
                |n| n.to_string_lossy().to_string(),
            );
            let past = parkaudit::model::claims::PastInventory {
                year: other.park.reporting_year,
                total_t: inv.total_t_co2e,
                source: format!(
                    "ParkAudit project {name} (SHA-256 {sha}): {} records, {}, GWP {}, {}",
                    other.activity.len(),
                    other.methodology.standard,
                    other.methodology.gwp_set,
                    other.consolidation
                ),
            };
            let applied = apply_and_save(
                &project,
                vec![Edit::Claims(ClaimsChange::SetPast(past))],
                actor,
            )?;
            for a in applied {
                eprintln!("{}: {}", project.display(), a.detail);
            }
            Ok(())
        }
        None => {
            let Some(path) = args.project else {
                bail!("name the project: parkaudit claims PROJECT.ron");
            };
            report(&path, args.json)
        }
    }
}

fn report(path: &Path, json_out: bool) -> Result<()> {
    let p = io::load(path)?;
    let inv = calc::compute(&p).with_context(|| path.display().to_string())?;
    let c = p.claims.clone().unwrap_or_default();
    let v = to_json(&p, &inv, &c);
    if json_out {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", text(&p, &v));
    }
    Ok(())
}

/// The report as one JSON object (keys are the CLI's output format).
pub fn to_json(p: &Project, inv: &calc::Inventory, c: &parkaudit::model::claims::Claims) -> Value {
    let lib = library::bundled();
    let core = claims::core(p, lib, c);
    let year = p.park.reporting_year;
    let guiding: Vec<Value> = c
        .indicators
        .iter()
        .map(|e| {
            let g = claims::guiding(e);
            json!({
                "indicator": e.indicator.key(),
                "product": e.product,
                "value_pct": g.value_pct,
                "threshold_pct": e.indicator.threshold_pct(),
                "passes": g.passes,
                "gap": g.gap,
                "unit": e.unit,
                "evidence": e.evidence,
            })
        })
        .collect();
    let (avoid, remove) = claims::credits_for(c, year);
    let claim = claims::balance(c, &inv.by_entity, year).map(|b| {
        let k = c.claim.as_ref().map_or("", |k| k.kind.key());
        json!({
            "kind": k,
            "subject": c.claim.as_ref().map_or("", |k| k.subject.as_str()),
            "footprint_t": b.footprint_t,
            "removals_t": b.removals_t,
            "residual_t": b.residual_t,
            "credits_avoidance_t": b.credits_avoidance_t,
            "credits_removal_t": b.credits_removal_t,
            "surplus_t": b.surplus_t,
        })
    });
    let base = claims::base_year_check(p, c).map(|b| {
        json!({
            "recorded_t": b.recorded_t,
            "recomputed_t": b.recomputed_t,
            "change_pct": b.change_pct,
            "threshold_pct": c.method.base_year_threshold_pct,
            "recalculate": b.recalculate,
        })
    });
    let pathway: Vec<Value> = claims::trajectory(c, p.park.base_year, year, inv.total_t_co2e)
        .into_iter()
        .map(|y| {
            json!({
                "year": y.year,
                "actual_t": y.actual_t,
                "planned_t": y.planned_t,
                "target_t": y.target_t,
                "national_t": y.national_t,
                "band_upper_t": y.band_t.map(|b| b.0),
                "band_lower_t": y.band_t.map(|b| b.1),
                "gap_t": y.gap_t,
            })
        })
        .collect();
    let curve: Vec<Value> = claims::abatement_curve(&c.measures)
        .into_iter()
        .map(|(m, cum)| {
            json!({
                "measure": m.name,
                "entity": m.entity_id,
                "start_year": m.start_year,
                "reduction_t_per_year": m.reduction_t_per_year,
                "cost_cny_per_t": m.cost_cny_per_t,
                "cumulative_t_per_year": cum,
            })
        })
        .collect();
    let years = claims::trajectory(c, p.park.base_year, year, inv.total_t_co2e);
    let met = match claims::targets_met(c, &years) {
        None => Value::Null,
        Some(Ok(())) => json!({ "met": true }),
        Some(Err((y, gap))) => json!({ "met": false, "first_missed_year": y, "gap_t": gap }),
    };
    json!({
        "reporting_year": year,
        "targets": met,
        "core": {
            "energy_tce": core.energy_tce,
            "co2_t": core.co2_t,
            "value_t_per_tce": core.value,
            "threshold_t_per_tce": core.threshold,
            "passes": core.passes(),
            "excess_co2_t": core.excess_co2_t,
            "green_mwh_to_close": core.green_mwh_to_close,
            "green_electricity_zero": c.method.green_electricity_zero,
            "include_process_co2": c.method.include_process_co2,
        },
        "guiding": guiding,
        "credits": {
            "blocks": c.credits.len(),
            "avoidance_t": avoid,
            "removal_t": remove,
        },
        "claim": claim,
        "base_year": base,
        "pathway": pathway,
        "abatement": curve,
    })
}

fn text(p: &Project, v: &Value) -> String {
    let n = |x: &Value| x.as_f64().map_or("–".to_string(), |x| significant(x, 6));
    let mut out = String::new();
    let core = &v["core"];
    let _ = writeln!(
        out,
        "Claims of {} for {}\n\nZero-carbon park, core indicator (发改环资〔2025〕910号): {} t CO2 / {} tce = {} t CO2/tce; threshold {} → {}",
        p.park.name,
        p.park.reporting_year,
        n(&core["co2_t"]),
        n(&core["energy_tce"]),
        n(&core["value_t_per_tce"]),
        if core["threshold_t_per_tce"].is_null() {
            "none set by the notice for parks under 200,000 tce".to_string()
        } else {
            n(&core["threshold_t_per_tce"])
        },
        match core["passes"].as_bool() {
            Some(true) => "meets it".to_string(),
            Some(false) => format!(
                "short by {} t CO2{}",
                n(&core["excess_co2_t"]),
                if core["green_mwh_to_close"].is_null() {
                    String::new()
                } else {
                    format!(
                        " (or {} MWh of grid electricity replaced by certificate-backed green electricity)",
                        n(&core["green_mwh_to_close"])
                    )
                }
            ),
            None => "not assessed".to_string(),
        }
    );
    for g in v["guiding"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {}{}: {} % (threshold {} %) {}",
            g["indicator"].as_str().unwrap_or(""),
            g["product"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map_or(String::new(), |s| format!(" ({s})")),
            n(&g["value_pct"]),
            n(&g["threshold_pct"]),
            if g["passes"].as_bool() == Some(true) {
                "meets it".to_string()
            } else {
                format!(
                    "short by {} {}",
                    n(&g["gap"]),
                    g["unit"].as_str().unwrap_or("")
                )
            }
        );
    }
    let cr = &v["credits"];
    let _ = writeln!(
        out,
        "\nCredits retired for {}: {} t avoidance, {} t removal ({} blocks in the register)",
        p.park.reporting_year,
        n(&cr["avoidance_t"]),
        n(&cr["removal_t"]),
        cr["blocks"]
    );
    if !v["claim"].is_null() {
        let c = &v["claim"];
        let _ = writeln!(
            out,
            "ISO 14068-1 claim ({}) of {}: footprint {} − removals {} = residual {} t CO2e; credits {} t; {}",
            c["kind"].as_str().unwrap_or(""),
            c["subject"].as_str().unwrap_or(""),
            n(&c["footprint_t"]),
            n(&c["removals_t"]),
            n(&c["residual_t"]),
            significant(
                c["credits_avoidance_t"].as_f64().unwrap_or(0.0)
                    + c["credits_removal_t"].as_f64().unwrap_or(0.0),
                6
            ),
            if c["surplus_t"].as_f64().unwrap_or(-1.0) >= 0.0 {
                "covered".to_string()
            } else {
                format!(
                    "short by {} t",
                    n(&Value::from(-c["surplus_t"].as_f64().unwrap_or(0.0)))
                )
            }
        );
    }
    if !v["base_year"].is_null() {
        let b = &v["base_year"];
        let _ = writeln!(
            out,
            "Base year {}: recorded {} t, recomputed today {} t ({} %){}",
            p.park.base_year,
            n(&b["recorded_t"]),
            n(&b["recomputed_t"]),
            n(&b["change_pct"]),
            if b["recalculate"].as_bool() == Some(true) {
                " — beyond the threshold: recalculate the base year"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        out,
        "\nPathway (t CO2e): year, actual, planned, own target, national, 2 °C band, gap"
    );
    for y in v["pathway"].as_array().into_iter().flatten() {
        let year = y["year"].as_i64().unwrap_or(0);
        if !(year == p.park.reporting_year as i64
            || [2015, 2020, 2025, 2030, 2035, 2040, 2050, 2060].contains(&year))
        {
            continue;
        }
        let band = if y["band_lower_t"].is_null() {
            "–".to_string()
        } else {
            format!("{}–{}", n(&y["band_lower_t"]), n(&y["band_upper_t"]))
        };
        let _ = writeln!(
            out,
            "  {year}  {}  {}  {}  {}  {band}  {}",
            n(&y["actual_t"]),
            n(&y["planned_t"]),
            n(&y["target_t"]),
            n(&y["national_t"]),
            n(&y["gap_t"])
        );
    }
    match v["targets"]["met"].as_bool() {
        Some(true) => {
            let _ = writeln!(out, "The planned measures meet every target of the park.");
        }
        Some(false) => {
            let _ = writeln!(
                out,
                "The planned measures fall short of the park's target in {}: {} t CO2e",
                v["targets"]["first_missed_year"],
                n(&v["targets"]["gap_t"])
            );
        }
        None => {}
    }
    let curve = v["abatement"].as_array().cloned().unwrap_or_default();
    if !curve.is_empty() {
        let _ = writeln!(
            out,
            "\nAbatement, cheapest first (CNY/t, t/a, cumulative t/a):"
        );
        for m in curve {
            let _ = writeln!(
                out,
                "  {}: {}  {}  {}",
                m["measure"].as_str().unwrap_or(""),
                n(&m["cost_cny_per_t"]),
                n(&m["reduction_t_per_year"]),
                n(&m["cumulative_t_per_year"])
            );
        }
    }
    out
}
