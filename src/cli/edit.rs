//! The CLI side of the edit layer: load the project, apply each edit with
//! `edit::apply_in`, save atomically once — or, on the first refused edit,
//! save nothing. Also `set`, `entity`, `instrument` and `status`.

use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};
use parkaudit::audit::{self, Gap};
use parkaudit::edit::{self, Applied, Edit, EditError, EngagementField, EntityChange, ParkField};
use parkaudit::io;
use parkaudit::model::{Actor, AssuranceLevel, ContractualInstrument, Project};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Applies `edits` in order to the project at `path` and saves it once.
/// An edit that would change nothing is reported and skipped; a refused one
/// leaves the file as it was. Prints each change; returns them.
/// `COMMAND apply PROJECT FILE`: the changes of a RON file (a list of `T`),
/// each one edit, all or none; prints each applied change.
pub fn apply_changes_file<T: serde::de::DeserializeOwned>(
    project: &Path,
    file: &Path,
    command: &str,
    edit: impl Fn(T) -> Edit,
    actor: &Actor,
) -> Result<()> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow!("{}: cannot read the changes: {e}", file.display()))?;
    let changes: Vec<T> = ron::from_str(&text).map_err(|e| {
        anyhow!(
            "{}:{}:{}: not a list of {command} changes: {} — see `parkaudit {command} --help` and the README",
            file.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })?;
    if changes.is_empty() {
        bail!("{}: no changes in the file", file.display());
    }
    let applied = apply_and_save(project, changes.into_iter().map(edit).collect(), actor)?;
    for a in applied {
        eprintln!("{}: {}", project.display(), a.detail);
    }
    Ok(())
}

pub fn apply_and_save(path: &Path, edits: Vec<Edit>, actor: &Actor) -> Result<Vec<Applied>> {
    // One writer at a time, from the load to the save.
    let _lock = io::lock::acquire(path, "a change", io::lock::WAIT)?;
    let mut project = io::load(path)?;
    let applied = apply_all(&mut project, path, edits, actor)?;
    if !applied.is_empty() {
        io::save(&project, path)?;
    }
    Ok(applied)
}

/// Applies `edits` to `project` in memory (see [`apply_and_save`]).
pub fn apply_all(
    project: &mut Project,
    path: &Path,
    edits: Vec<Edit>,
    actor: &Actor,
) -> Result<Vec<Applied>> {
    let file = path.display();
    let mut applied = Vec::new();
    let mut lines = Vec::new();
    for e in edits {
        let cx = edit::Context::now(actor);
        match edit::apply_in(project, e, &cx) {
            Ok(a) => {
                lines.push(a.detail.clone());
                applied.push(a);
            }
            Err(e @ EditError::Unchanged { .. }) => lines.push(e.to_string()),
            Err(e) => bail!("{file}: {e} — nothing was changed"),
        }
    }
    for l in lines {
        println!("{file}: {l}");
    }
    Ok(applied)
}

/// `true`/`false`, `yes`/`no`, `on`/`off`.
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        other => Err(format!("'{other}': give true or false")),
    }
}

/// The fields `parkaudit set` knows.
const FIELDS: &str = "park.name, park.name_zh, park.province, park.reporting_year, park.base_year, engagement.client, engagement.verification_body, engagement.lead_auditor, engagement.assurance (reasonable|limited), engagement.materiality_pct";

/// `FIELD=VALUE` as an edit.
fn field_edit(pair: &str) -> Result<Edit> {
    let (field, value) = pair
        .split_once('=')
        .ok_or_else(|| anyhow!("'{pair}': write FIELD=VALUE (fields: {FIELDS})"))?;
    let int = |v: &str| {
        v.trim()
            .parse::<i32>()
            .map_err(|_| anyhow!("{field}: '{v}' is not a year"))
    };
    let v = value.to_string();
    Ok(match field.trim() {
        "park.name" => Edit::Park(ParkField::Name(v)),
        "park.name_zh" => Edit::Park(ParkField::NameZh(v)),
        "park.province" => Edit::Park(ParkField::Province(v)),
        "park.reporting_year" => Edit::Park(ParkField::ReportingYear(int(value)?)),
        "park.base_year" => Edit::Park(ParkField::BaseYear(int(value)?)),
        "engagement.client" => Edit::Engagement(EngagementField::Client(v)),
        "engagement.verification_body" => Edit::Engagement(EngagementField::VerificationBody(v)),
        "engagement.lead_auditor" => Edit::Engagement(EngagementField::LeadAuditor(v)),
        "engagement.responsible_party" => Edit::Engagement(EngagementField::ResponsibleParty(v)),
        "engagement.intended_users" => Edit::Engagement(EngagementField::IntendedUsers(v)),
        "engagement.accreditation" => Edit::Engagement(EngagementField::Accreditation(v)),
        "engagement.place" => Edit::Engagement(EngagementField::Place(v)),
        "engagement.assurance" => Edit::Engagement(EngagementField::Assurance(
            AssuranceLevel::from_key(value.trim())
                .ok_or_else(|| anyhow!("{field}: give reasonable or limited, not '{value}'"))?,
        )),
        "engagement.materiality_pct" => Edit::Engagement(EngagementField::MaterialityPct(
            value
                .trim()
                .trim_end_matches('%')
                .trim()
                .parse()
                .map_err(|_| anyhow!("{field}: '{value}' is not a number"))?,
        )),
        other => bail!("unknown field '{other}' (fields: {FIELDS})"),
    })
}

#[derive(Args, Debug)]
pub struct SetArgs {
    /// The project file (RON).
    project: PathBuf,
    /// FIELD=VALUE pairs, applied in order, e.g. engagement.lead_auditor="Li Ming".
    #[arg(required = true, value_name = "FIELD=VALUE")]
    values: Vec<String>,
}

pub fn set(args: SetArgs, actor: &Actor) -> Result<()> {
    let edits = args
        .values
        .iter()
        .map(|p| field_edit(p))
        .collect::<Result<Vec<_>>>()?;
    apply_and_save(&args.project, edits, actor)?;
    Ok(())
}

#[derive(Args, Debug)]
pub struct EntityArgs {
    /// The project file (RON).
    project: PathBuf,
    /// The entity's id.
    id: String,
    /// Share held by the reporting organisation, 0–100 (equity share).
    #[arg(long)]
    ownership: Option<f64>,
    #[arg(long, value_parser = parse_bool, value_name = "BOOL")]
    operational_control: Option<bool>,
    #[arg(long, value_parser = parse_bool, value_name = "BOOL")]
    financial_control: Option<bool>,
    /// Whether the entity is in the inventory (an exclusion needs --justification).
    #[arg(long, value_parser = parse_bool, value_name = "BOOL")]
    included: Option<bool>,
    /// The written justification of an exclusion ("" removes it).
    #[arg(long)]
    justification: Option<String>,
}

pub fn entity(args: EntityArgs, actor: &Actor) -> Result<()> {
    let mut changes = Vec::new();
    if let Some(v) = args.ownership {
        changes.push(EntityChange::OwnershipPct(v));
    }
    if let Some(v) = args.operational_control {
        changes.push(EntityChange::OperationalControl(v));
    }
    if let Some(v) = args.financial_control {
        changes.push(EntityChange::FinancialControl(v));
    }
    // The justification before the exclusion, as an auditor would write it.
    if let Some(v) = args.justification {
        changes.push(EntityChange::Justification(v));
    }
    if let Some(v) = args.included {
        changes.push(EntityChange::Included(v));
    }
    if changes.is_empty() {
        bail!(
            "give at least one of --ownership, --operational-control, --financial-control, --included, --justification"
        );
    }
    let edits = changes
        .into_iter()
        .map(|change| Edit::Entity {
            id: args.id.clone(),
            change,
        })
        .collect();
    apply_and_save(&args.project, edits, actor)?;
    Ok(())
}

#[derive(Args, Debug)]
pub struct InstrumentArgs {
    /// The project file (RON).
    project: PathBuf,
    #[command(subcommand)]
    action: InstrumentAction,
}

#[derive(Subcommand, Debug)]
enum InstrumentAction {
    /// Record a contractual instrument behind a market-based scope 2 claim.
    Add {
        #[arg(long)]
        id: String,
        /// GEC, PPA or green_power_trading.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        entity: String,
        /// The generation year it covers.
        #[arg(long)]
        vintage: i32,
        #[arg(long)]
        mwh: f64,
        #[arg(long, default_value = "")]
        evidence: String,
    },
    /// Remove an instrument.
    Remove { id: String },
}

pub fn instrument(args: InstrumentArgs, actor: &Actor) -> Result<()> {
    let e = match args.action {
        InstrumentAction::Add {
            id,
            kind,
            entity,
            vintage,
            mwh,
            evidence,
        } => Edit::AddInstrument(ContractualInstrument {
            id,
            kind,
            entity_id: entity,
            vintage,
            quantity_mwh: mwh,
            evidence_ref: evidence,
        }),
        InstrumentAction::Remove { id } => Edit::RemoveInstrument { id },
    };
    apply_and_save(&args.project, vec![e], actor)?;
    Ok(())
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The project file (RON).
    project: PathBuf,
    #[arg(long)]
    json: bool,
    /// Messages in Chinese.
    #[arg(long)]
    zh: bool,
}

/// The readiness gaps of a project (running the checks), or the engine's
/// reason it cannot be computed.
pub fn gaps(p: &Project) -> Vec<Gap> {
    match audit::analyse(p, true) {
        Ok(a) => audit::readiness(p, &a),
        Err(e) => audit::readiness::readiness_uncomputable(p, &e.to_string()),
    }
}

/// Exit 0 when nothing is missing, 1 when something is, 2 when the project
/// cannot be read.
pub fn status(args: StatusArgs) -> ExitCode {
    let p = match io::load(&args.project) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {:#}", anyhow!(e));
            return ExitCode::from(2);
        }
    };
    let gaps = gaps(&p);
    if args.json {
        let list: Vec<_> = gaps
            .iter()
            .map(|g| {
                serde_json::json!({
                    "area": g.area().key(),
                    "kind": g.kind(),
                    "message": g.message(args.zh),
                })
            })
            .collect();
        let v = serde_json::json!({ "ready": gaps.is_empty(), "gaps": list });
        println!(
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_else(|_| "{}".into())
        );
    } else if gaps.is_empty() {
        println!(
            "{}: ready — nothing is missing or open",
            args.project.display()
        );
    } else {
        println!(
            "{}: {} gap(s) before the verification is complete",
            args.project.display(),
            gaps.len()
        );
        let mut area = None;
        for g in &gaps {
            if area != Some(g.area()) {
                area = Some(g.area());
                println!("{}:", g.area().key());
            }
            println!("  - {}", g.message(args.zh));
        }
    }
    if gaps.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
