//! The verifier's commands: findings, sample tests, evaluation, opinion, sign-offs.
//! Every change is saved atomically and appended to the hash-chained trail.

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use parkaudit::audit::{evaluation, trail};
use parkaudit::calc;
use parkaudit::io;
use parkaudit::model::{
    Finding, FindingStatus, FindingType, Opinion, OpinionRecord, Project, Request, Role,
    SampleTest, Section, TestResult,
};
use std::path::{Path, PathBuf};

fn now() -> String {
    io::time::now_rfc3339_utc()
}

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

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Misstatement,
    NonConformity,
    Observation,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RequestArg {
    Cl,
    Car,
    Far,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusArg {
    Open,
    Responded,
    Closed,
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
        #[arg(long = "type", value_enum)]
        kind: KindArg,
        #[arg(long)]
        title: String,
        #[arg(long, value_enum)]
        request: Option<RequestArg>,
        /// Reported minus verified, t CO2e (positive = overstatement).
        #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
        impact: f64,
        /// Record ids, comma-separated.
        #[arg(long)]
        records: Option<String>,
        /// Entity ids, comma-separated.
        #[arg(long)]
        entities: Option<String>,
    },
    /// Record the client's response, the conclusion, the status or a correction.
    Update {
        id: String,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        #[arg(long)]
        response: Option<String>,
        #[arg(long)]
        conclusion: Option<String>,
        /// The client corrected the inventory for this misstatement.
        #[arg(long)]
        corrected: bool,
    },
}

pub fn finding(args: FindingArgs) -> Result<()> {
    let (mut p, _) = load(&args.project)?;
    let who = super::who();
    let at = now();
    match args.action {
        FindingAction::Add {
            kind,
            title,
            request,
            impact,
            records,
            entities,
        } => {
            if !impact.is_finite() {
                bail!("--impact must be a number");
            }
            let record_ids = list(&records);
            if let Some(bad) = record_ids
                .iter()
                .find(|r| !p.activity.iter().any(|a| &a.id == *r))
            {
                bail!("{}: no record {bad}", args.project.display());
            }
            let n = p.verification.findings.len() + 1;
            let f = Finding {
                id: format!("F{n:03}"),
                kind: match kind {
                    KindArg::Misstatement => FindingType::Misstatement,
                    KindArg::NonConformity => FindingType::NonConformity,
                    KindArg::Observation => FindingType::Observation,
                },
                request: request.map(|r| match r {
                    RequestArg::Cl => Request::Clarification,
                    RequestArg::Car => Request::CorrectiveAction,
                    RequestArg::Far => Request::ForwardAction,
                }),
                title,
                record_ids,
                entity_ids: list(&entities),
                impact_t: impact,
                corrected: false,
                status: FindingStatus::Open,
                client_response: String::new(),
                conclusion: String::new(),
                raised_by: who.clone(),
                raised_at: at.clone(),
            };
            let detail = format!(
                "{} {:?}: {} (impact {} t CO2e)",
                f.id, f.kind, f.title, f.impact_t
            );
            println!("raised {}", f.id);
            p.verification.findings.push(f);
            trail::append(&mut p, &at, &who, "finding", detail);
        }
        FindingAction::Update {
            id,
            status,
            response,
            conclusion,
            corrected,
        } => {
            let f = p
                .verification
                .findings
                .iter_mut()
                .find(|f| f.id == id)
                .ok_or_else(|| anyhow!("{}: no finding {id}", args.project.display()))?;
            let old = format!("{:?}", f.status);
            if let Some(s) = status {
                f.status = match s {
                    StatusArg::Open => FindingStatus::Open,
                    StatusArg::Responded => FindingStatus::Responded,
                    StatusArg::Closed => FindingStatus::Closed,
                };
            }
            if let Some(r) = response {
                f.client_response = r;
            }
            if let Some(c) = conclusion {
                f.conclusion = c;
            }
            f.corrected |= corrected;
            let detail = format!(
                "{id}: status {old} → {:?}{}",
                f.status,
                if corrected {
                    ", corrected by the client"
                } else {
                    ""
                }
            );
            trail::append(&mut p, &at, &who, "finding", detail);
        }
    }
    io::save(&p, &args.project)?;
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
    #[arg(long)]
    record: String,
    #[arg(long, value_enum)]
    result: ResultArg,
    /// With --result misstated: the quantity the evidence supports.
    #[arg(long)]
    verified_quantity: Option<f64>,
    #[arg(long, default_value = "")]
    evidence: String,
    #[arg(long, default_value = "")]
    tickmark: String,
    #[arg(long, default_value = "")]
    comment: String,
}

pub fn test(args: TestArgs) -> Result<()> {
    let (mut p, _) = load(&args.project)?;
    let in_sample =
        p.verification.sample.as_ref().is_some_and(|s| {
            s.key_items.contains(&args.record) || s.sampled.contains(&args.record)
        });
    if !in_sample {
        bail!(
            "{}: record {} is not in the saved sample (parkaudit sample … --save)",
            args.project.display(),
            args.record
        );
    }
    let result = match (args.result, args.verified_quantity) {
        (ResultArg::Agreed, _) => TestResult::Agreed,
        (ResultArg::NotSupported, _) => TestResult::NotSupported,
        (ResultArg::Misstated, Some(q)) if q.is_finite() => TestResult::Misstated {
            verified_quantity: q,
        },
        (ResultArg::Misstated, _) => bail!("--result misstated needs --verified-quantity"),
    };
    let (who, at) = (super::who(), now());
    let detail = format!("record {}: {result:?}", args.record);
    p.verification.tests.retain(|t| t.record_id != args.record);
    p.verification.tests.push(SampleTest {
        record_id: args.record,
        result,
        evidence_ref: args.evidence,
        tickmark: args.tickmark,
        comment: args.comment,
        who: who.clone(),
        at: at.clone(),
    });
    trail::append(&mut p, &at, &who, "sample-test", detail);
    io::save(&p, &args.project)?;
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
    if args.json {
        let v = serde_json::json!({"materiality": m, "proposed_opinion": proposed, "reason": why, "signoffs": signoffs, "statement": evaluation::statement(&p, &inv)});
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
        "  aggregate {} t = {:.0} % of the threshold: {:?}",
        t(m.aggregate_t),
        m.ratio * 100.0,
        m.state
    );
    println!("Proposed opinion: {proposed:?} — {why}");
    if let Some(o) = &p.verification.opinion {
        println!(
            "Recorded opinion: {:?} by {} at {}{}",
            o.chosen,
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
            "  {:?} {:?} by {} at {}{}",
            s.section,
            s.role,
            s.who,
            s.at,
            if s.valid {
                ""
            } else {
                " — EDITED AFTER REVIEW (void)"
            }
        );
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OpinionArg {
    Unmodified,
    Modified,
    Adverse,
    Disclaimer,
}

#[derive(Args, Debug)]
pub struct OpinionArgs {
    project: PathBuf,
    /// Accept the proposed opinion.
    #[arg(long, conflicts_with = "override_with")]
    confirm: bool,
    /// Choose another opinion than the proposal (needs --reason).
    #[arg(long = "override", value_enum, requires = "reason")]
    override_with: Option<OpinionArg>,
    #[arg(long)]
    reason: Option<String>,
}

pub fn opinion(args: OpinionArgs) -> Result<()> {
    let (mut p, inv) = load(&args.project)?;
    let (proposed, why) = evaluation::proposed_opinion(&p, &inv);
    let untested = evaluation::untested_items(&p);
    if !untested.is_empty() {
        bail!(
            "{}: {} sampled item(s) have no test result yet (e.g. {}) — test them before the opinion",
            args.project.display(),
            untested.len(),
            untested[0]
        );
    }
    let chosen = match (args.confirm, args.override_with) {
        (true, _) => proposed,
        (false, Some(o)) => match o {
            OpinionArg::Unmodified => Opinion::Unmodified,
            OpinionArg::Modified => Opinion::Modified,
            OpinionArg::Adverse => Opinion::Adverse,
            OpinionArg::Disclaimer => Opinion::Disclaimer,
        },
        _ => bail!(
            "--confirm the proposed opinion ({proposed:?}: {why}), or --override OPINION --reason TEXT"
        ),
    };
    let (who, at) = (super::who(), now());
    let reason = if chosen == proposed {
        None
    } else {
        args.reason.clone()
    };
    p.verification.opinion = Some(OpinionRecord {
        reason: why.clone(),
        proposed,
        chosen,
        override_reason: reason.clone(),
        who: who.clone(),
        at: at.clone(),
    });
    trail::append(
        &mut p,
        &at,
        &who,
        "opinion",
        format!(
            "proposed {proposed:?}, chosen {chosen:?}{}",
            reason.map_or(String::new(), |r| format!(" — {r}"))
        ),
    );
    io::save(&p, &args.project)?;
    println!("opinion {chosen:?} recorded");
    Ok(())
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SectionArg {
    Boundary,
    Methodology,
    Data,
    Inventory,
    Findings,
    Opinion,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum RoleArg {
    Preparer,
    Reviewer,
    LeadVerifier,
    IndependentReviewer,
}

#[derive(Args, Debug)]
pub struct SignoffArgs {
    project: PathBuf,
    #[arg(long, value_enum)]
    section: SectionArg,
    #[arg(long, value_enum)]
    role: RoleArg,
}

pub fn signoff(args: SignoffArgs) -> Result<()> {
    let (mut p, inv) = load(&args.project)?;
    let section = match args.section {
        SectionArg::Boundary => Section::Boundary,
        SectionArg::Methodology => Section::Methodology,
        SectionArg::Data => Section::Data,
        SectionArg::Inventory => Section::Inventory,
        SectionArg::Findings => Section::Findings,
        SectionArg::Opinion => Section::Opinion,
    };
    let role = match args.role {
        RoleArg::Preparer => Role::Preparer,
        RoleArg::Reviewer => Role::Reviewer,
        RoleArg::LeadVerifier => Role::LeadVerifier,
        RoleArg::IndependentReviewer => Role::IndependentReviewer,
    };
    evaluation::sign_off(&mut p, &inv, section, role, &super::who(), &now())
        .map_err(|e| anyhow!("{}: {e}", args.project.display()))?;
    io::save(&p, &args.project)?;
    println!("{section:?} signed off by the {role:?}");
    Ok(())
}
