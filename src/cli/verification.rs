//! The verifier's commands: findings, sample tests, evaluation, opinion,
//! sign-offs. Each change is an edit (`parkaudit::edit`), saved atomically.

use super::edit::apply_and_save;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use parkaudit::audit::evaluation;
use parkaudit::calc;
use parkaudit::edit::{Edit, FindingChange, NewFinding, TestInput};
use parkaudit::io;
use parkaudit::model::{
    Actor, FindingStatus, FindingType, Opinion, Project, Request, Role, Section, TestResult,
};
use std::path::{Path, PathBuf};

fn load(path: &Path) -> Result<(Project, calc::Inventory)> {
    let p = io::load(path)?;
    let inv = calc::compute(&p).with_context(|| path.display().to_string())?;
    Ok((p, inv))
}

fn list(s: &Option<String>) -> Vec<String> {
    s.as_deref()
        .map(|x| {
            x.split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A value from its stable name (`misstatement`, `lead-verifier` …).
fn keyed<T>(from_key: fn(&str) -> Option<T>, what: &str, s: &str) -> Result<T, String> {
    from_key(s.trim()).ok_or_else(|| format!("'{s}' is not a {what}"))
}

fn kind(s: &str) -> Result<FindingType, String> {
    keyed(
        FindingType::from_key,
        "finding type (misstatement, non-conformity, observation)",
        s,
    )
}
fn request(s: &str) -> Result<Request, String> {
    keyed(Request::from_key, "request (cl, car, far)", s)
}
fn status_arg(s: &str) -> Result<FindingStatus, String> {
    keyed(
        FindingStatus::from_key,
        "status (open, responded, closed)",
        s,
    )
}
fn opinion_arg(s: &str) -> Result<Opinion, String> {
    keyed(
        Opinion::from_key,
        "opinion (unmodified, modified, adverse, disclaimer)",
        s,
    )
}
fn section_arg(s: &str) -> Result<Section, String> {
    keyed(
        Section::from_key,
        "section (boundary, methodology, data, inventory, findings, opinion)",
        s,
    )
}
fn role_arg(s: &str) -> Result<Role, String> {
    keyed(
        Role::from_key,
        "role (preparer, reviewer, lead-verifier, independent-reviewer)",
        s,
    )
}

#[derive(Args, Debug)]
pub struct FindingArgs {
    /// The project file (RON).
    project: PathBuf,
    #[command(subcommand)]
    action: FindingAction,
}

#[derive(Subcommand, Debug)]
enum FindingAction {
    /// Raise a finding.
    Add {
        /// misstatement, non-conformity or observation.
        #[arg(long = "type", value_parser = kind)]
        kind: FindingType,
        #[arg(long)]
        title: String,
        /// cl, car or far.
        #[arg(long, value_parser = request)]
        request: Option<Request>,
        /// Reported minus verified, t CO2e (positive = overstatement).
        #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
        impact: f64,
        /// Record ids, comma-separated.
        #[arg(long)]
        records: Option<String>,
        /// Entity ids, comma-separated.
        #[arg(long)]
        entities: Option<String>,
        /// CBAM goods the finding is about, comma-separated (INSTALLATION/PROCESS, e.g. E01/P3).
        #[arg(long)]
        goods: Option<String>,
        /// Guiding indicators the finding is about, comma-separated (e.g. water-reuse).
        #[arg(long)]
        indicators: Option<String>,
    },
    /// Record the client's response, the conclusion, a correction or the status
    /// (applied in that order, so a finding can be concluded and closed at once).
    Update {
        id: String,
        /// open, responded or closed (closing needs a conclusion).
        #[arg(long, value_parser = status_arg)]
        status: Option<FindingStatus>,
        #[arg(long)]
        response: Option<String>,
        #[arg(long)]
        conclusion: Option<String>,
        /// The client corrected the inventory for this misstatement.
        #[arg(long, conflicts_with = "uncorrected")]
        corrected: bool,
        /// Take back a correction recorded by mistake.
        #[arg(long)]
        uncorrected: bool,
    },
}

pub fn finding(args: FindingArgs, actor: &Actor) -> Result<()> {
    let edits = match args.action {
        FindingAction::Add {
            kind,
            title,
            request,
            impact,
            records,
            entities,
            goods,
            indicators,
        } => vec![Edit::RaiseFinding(NewFinding {
            kind,
            request,
            title,
            impact_t: impact,
            record_ids: list(&records),
            entity_ids: list(&entities),
            goods: list(&goods),
            indicators: list(&indicators),
        })],
        FindingAction::Update {
            id,
            status,
            response,
            conclusion,
            corrected,
            uncorrected,
        } => {
            let mut changes = Vec::new();
            if let Some(r) = response {
                changes.push(FindingChange::Response(r));
            }
            if let Some(c) = conclusion {
                changes.push(FindingChange::Conclusion(c));
            }
            if corrected || uncorrected {
                changes.push(FindingChange::Corrected(corrected));
            }
            if let Some(s) = status {
                changes.push(FindingChange::Status(s));
            }
            if changes.is_empty() {
                bail!(
                    "give at least one of --status, --response, --conclusion, --corrected, --uncorrected"
                );
            }
            changes
                .into_iter()
                .map(|change| Edit::Finding {
                    id: id.clone(),
                    change,
                })
                .collect()
        }
    };
    for a in apply_and_save(&args.project, edits, actor)? {
        if let Some(id) = a.created {
            println!("raised {id}");
        }
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ResultArg {
    Agreed,
    Misstated,
    NotSupported,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    project: PathBuf,
    /// The sampled record, or several comma-separated (each gets the same result).
    #[arg(
        long,
        required_unless_present = "indicator",
        conflicts_with = "indicator"
    )]
    record: Option<String>,
    /// A guiding indicator entered with its evidence (its key, with
    /// `:product` for product energy intensity); `--verified-quantity` is then
    /// the verified part.
    #[arg(long)]
    indicator: Option<String>,
    #[arg(long, value_enum)]
    result: ResultArg,
    /// With --result misstated: the quantity the evidence supports.
    #[arg(long, allow_hyphen_values = true)]
    verified_quantity: Option<f64>,
    #[arg(long, default_value = "")]
    evidence: String,
    #[arg(long, default_value = "")]
    tickmark: String,
    #[arg(long, default_value = "")]
    comment: String,
}

pub fn test(args: TestArgs, actor: &Actor) -> Result<()> {
    let result = match (args.result, args.verified_quantity) {
        (ResultArg::Agreed | ResultArg::NotSupported, Some(_)) => {
            bail!("--verified-quantity goes with --result misstated only")
        }
        (ResultArg::Agreed, None) => TestResult::Agreed,
        (ResultArg::NotSupported, None) => TestResult::NotSupported,
        (ResultArg::Misstated, Some(q)) => TestResult::Misstated {
            verified_quantity: q,
        },
        (ResultArg::Misstated, None) => bail!("--result misstated needs --verified-quantity"),
    };
    if let Some(indicator) = args.indicator {
        let t = parkaudit::edit::IndicatorTestInput {
            indicator,
            result,
            evidence_ref: args.evidence,
            comment: args.comment,
        };
        apply_and_save(&args.project, vec![Edit::TestIndicator(t)], actor)?;
        return Ok(());
    }
    let tests = list(&args.record)
        .into_iter()
        .map(|record_id| TestInput {
            record_id,
            result: result.clone(),
            evidence_ref: args.evidence.clone(),
            tickmark: args.tickmark.clone(),
            comment: args.comment.clone(),
        })
        .collect();
    apply_and_save(&args.project, vec![Edit::RecordTests(tests)], actor)?;
    Ok(())
}

#[derive(Args, Debug)]
pub struct EvaluateArgs {
    project: PathBuf,
    #[arg(long)]
    json: bool,
}

pub fn evaluate(args: EvaluateArgs) -> Result<()> {
    let (p, inv) = load(&args.project)?;
    let m = evaluation::materiality(&p, &inv);
    let (proposed, why) = evaluation::proposed_opinion(&p, &inv);
    let signoffs = evaluation::signoff_status(&p, &inv);
    let gaps = super::edit::gaps(&p);
    let u = calc::uncertainty::assess(&p, &inv, calc::library::bundled());
    let verdict = parkaudit::audit::uncertainty::verdict(&p, &u);
    if args.json {
        let v = serde_json::json!({
            "materiality": m,
            "proposed_opinion": proposed,
            "reason": why,
            "signoffs": signoffs,
            "uncertainty": {
                "mc_pct": verdict.mc_pct,
                "a1_pct": verdict.a1_pct,
                "exceeds_materiality": verdict.exceeds,
                "text": verdict.en,
            },
            "statement": evaluation::statement(&p, &inv, &verdict.en),
            "gaps": gaps.iter().map(|g| g.en()).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(());
    }
    let t = super::format::t;
    println!(
        "Materiality: {} % of {} = {} t CO2e",
        m.materiality_pct,
        t(inv.total_t_co2e),
        t(m.threshold_t)
    );
    println!(
        "  uncorrected misstatements: gross {} t, net {} t",
        t(m.uncorrected_gross_t),
        t(m.uncorrected_net_t)
    );
    println!(
        "  key items: {} t; projected from the sample: {} t",
        t(m.key_item_misstatement_t),
        t(m.projected_t)
    );
    println!(
        "  aggregate {} t = {:.0} % of the threshold: {}",
        t(m.aggregate_t),
        m.ratio * 100.0,
        m.state.label()
    );
    println!("Uncertainty: {}", verdict.en);
    println!("Proposed opinion: {} — {why}", proposed.label());
    if let Some(o) = &p.verification.opinion {
        println!(
            "Recorded opinion: {} by {} at {}{}",
            o.chosen.label(),
            o.who,
            o.at,
            o.override_reason
                .as_ref()
                .map_or(String::new(), |r| format!(" (override: {r})"))
        );
    }
    println!("Sign-offs:");
    for s in &signoffs {
        println!(
            "  {} {} by {} at {}{}",
            s.section.label(),
            s.role.label(),
            s.who,
            s.at,
            if s.valid {
                ""
            } else {
                " — EDITED AFTER REVIEW (void)"
            }
        );
    }
    if gaps.is_empty() {
        println!("Nothing is missing or open.");
    } else {
        println!("Open ({}):", gaps.len());
        for g in &gaps {
            println!("  - {g}");
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct OpinionArgs {
    project: PathBuf,
    /// Accept the proposed opinion.
    #[arg(long, conflicts_with_all = ["override_with", "reason"])]
    confirm: bool,
    /// Choose another opinion than the proposal (needs --reason): unmodified,
    /// modified, adverse or disclaimer.
    #[arg(long = "override", value_parser = opinion_arg, requires = "reason")]
    override_with: Option<Opinion>,
    #[arg(long)]
    reason: Option<String>,
}

pub fn opinion(args: OpinionArgs, actor: &Actor) -> Result<()> {
    let e = match (args.confirm, args.override_with) {
        (true, _) => Edit::ConfirmOpinion,
        (false, Some(opinion)) => Edit::OverrideOpinion {
            opinion,
            reason: args.reason.unwrap_or_default(),
        },
        _ => {
            let (p, inv) = load(&args.project)?;
            let (proposed, why) = evaluation::proposed_opinion(&p, &inv);
            bail!(
                "--confirm the proposed opinion ({}: {why}), or --override OPINION --reason TEXT",
                proposed.label()
            )
        }
    };
    apply_and_save(&args.project, vec![e], actor)?;
    Ok(())
}

#[derive(Args, Debug)]
pub struct SignoffArgs {
    project: PathBuf,
    /// boundary, methodology, data, inventory, findings or opinion.
    #[arg(long, value_parser = section_arg)]
    section: Section,
    /// preparer, reviewer, lead-verifier or independent-reviewer.
    #[arg(long, value_parser = role_arg)]
    role: Role,
}

pub fn signoff(args: SignoffArgs, actor: &Actor) -> Result<()> {
    apply_and_save(
        &args.project,
        vec![Edit::SignOff {
            section: args.section,
            role: args.role,
        }],
        actor,
    )?;
    Ok(())
}
