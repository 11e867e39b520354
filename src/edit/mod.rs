//! The edit layer: every change a user can make to a project is an [`Edit`],
//! applied by [`apply`] in one place — validated with the same rules whatever
//! the shell, then made, then recorded as exactly one typed entry in the
//! hash-chained trail. The CLI parses arguments into edits and the app's
//! panels send them; neither changes a project any other way.
//!
//! An edit is all or nothing: when `apply` returns an error the project is
//! exactly as it was (every rule is checked before anything changes).

mod cbam;
mod claims;
mod engagement;
mod error;
mod import;
mod methodology;
mod opinion;
mod uncertainty;
mod verification;

pub use error::{EditError, Refusal};

pub use cbam::new_section as new_cbam_section;
pub use import::FactorUpdate;

use crate::audit::trail;
use crate::calc::Inventory;
use crate::model::{
    Actor, AssuranceLevel, Consolidation, ContractualInstrument, FindingStatus, FindingType, Gas,
    GridFactorRule, GwpSet, IsoCategory, Opinion, Project, Request, Role, Scope, Section, Standard,
    TestResult,
};

/// A field of the park.
#[derive(Debug, Clone, PartialEq)]
pub enum ParkField {
    Name(String),
    NameZh(String),
    Province(String),
    ReportingYear(i32),
    BaseYear(i32),
}

/// A field of the engagement.
#[derive(Debug, Clone, PartialEq)]
pub enum EngagementField {
    Client(String),
    VerificationBody(String),
    LeadAuditor(String),
    Assurance(AssuranceLevel),
    MaterialityPct(f64),
    ResponsibleParty(String),
    IntendedUsers(String),
    Accreditation(String),
    Place(String),
}

/// A change to one entity of the organisational boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum EntityChange {
    OwnershipPct(f64),
    OperationalControl(bool),
    FinancialControl(bool),
    Included(bool),
    /// The written justification of an exclusion (empty removes it).
    Justification(String),
}

/// A methodology or operational-boundary decision.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodologyChange {
    Standard(Standard),
    /// Refreezes the GWP snapshot from the bundled table.
    GwpSet(GwpSet),
    Consolidation(Consolidation),
    Scope2DualReporting(bool),
    GridFactor(GridFactorRule),
    Scope(Scope, bool),
    Category(IsoCategory, bool),
    Gas(Gas, bool),
    /// A project rule for records of `activity` without a named factor: the
    /// factor (a project or bundled library factor, frozen into the project),
    /// or `None` to remove the rule.
    DefaultFactor {
        activity: String,
        factor_id: Option<String>,
    },
}

/// A change to the claims section (`model::claims`). Deserialized from the
/// change files `parkaudit claims apply` reads (an input, never saved).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub enum ClaimsChange {
    Method(crate::model::claims::ClaimsMethod),
    /// Adds a guiding indicator or replaces the one of the same indicator
    /// (and product).
    SetIndicator(crate::model::claims::IndicatorEntry),
    AddCredit(crate::model::claims::Credit),
    RemoveCredit {
        id: String,
    },
    /// The carbon-neutrality claim, or `None` to withdraw it.
    SetClaim(Option<crate::model::claims::NeutralityClaim>),
    /// Adds an earlier year's inventory or replaces the one of its year.
    SetPast(crate::model::claims::PastInventory),
    AddMeasure(crate::model::claims::Measure),
    RemoveMeasure {
        name: String,
    },
    /// Adds a target or replaces the one of its year.
    SetTarget(crate::model::claims::Target),
}

/// A change to the uncertainty section (`model::uncertainty`). Deserialized
/// from the change files `parkaudit uncertainty apply` reads (an input,
/// never saved).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub enum UncertaintyChange {
    /// The 95 % half-width of a data type's activity data, or `None` for
    /// the default.
    ActivityPct {
        data_type: crate::model::DataType,
        pct: Option<f64>,
    },
    /// The type of records that state none.
    DefaultType(crate::model::DataType),
    /// Adds a source's or record's quality entry, or replaces the one of
    /// the same target.
    SetQuality(crate::model::DataQuality),
    RemoveQuality(crate::model::QualityTarget),
    /// Adds a factor's spread, or replaces the one of the same factor and gas.
    SetFactor(crate::model::FactorSpread),
    RemoveFactor {
        factor_id: String,
        gas: Option<crate::model::Gas>,
    },
    /// The Monte Carlo's iterations and seed, and whether GWPs are drawn.
    Settings {
        iterations: u32,
        seed: u64,
        sample_gwp: bool,
    },
}

/// A finding to raise.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFinding {
    pub kind: FindingType,
    pub request: Option<Request>,
    pub title: String,
    /// Reported minus verified, t CO₂e (positive: overstatement).
    pub impact_t: f64,
    pub record_ids: Vec<String>,
    pub entity_ids: Vec<String>,
    /// CBAM goods, as `INSTALLATION/PROCESS`.
    pub goods: Vec<String>,
    /// Guiding indicators (`IndicatorEntry::reference`).
    pub indicators: Vec<String>,
}

/// A change to a raised finding.
#[derive(Debug, Clone, PartialEq)]
pub enum FindingChange {
    Status(FindingStatus),
    Response(String),
    Conclusion(String),
    /// The client corrected the inventory for it.
    Corrected(bool),
}

/// How the sample is drawn (`audit::sampling`).
pub use crate::audit::sampling::Params as SampleParams;

/// One test result to record.
#[derive(Debug, Clone, PartialEq)]
pub struct TestInput {
    pub record_id: String,
    pub result: TestResult,
    pub evidence_ref: String,
    pub tickmark: String,
    pub comment: String,
}

/// A test of a guiding indicator entered with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorTestInput {
    /// `IndicatorEntry::reference`.
    pub indicator: String,
    /// `Misstated` carries the verified part.
    pub result: TestResult,
    pub evidence_ref: String,
    pub comment: String,
}

/// Every change a user can make to a project.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Park(ParkField),
    Engagement(EngagementField),
    Entity {
        id: String,
        change: EntityChange,
    },
    Methodology(MethodologyChange),
    /// Frozen library factors and GWP values brought up to the bundled library.
    UpdateFactors(Box<FactorUpdate>),
    /// The frozen values that differ from the bundled library are kept, for
    /// the reason given (e.g. they are the ones in force for the reporting year).
    KeepFrozenValues {
        note: String,
    },
    AddInstrument(ContractualInstrument),
    RemoveInstrument {
        id: String,
    },
    RaiseFinding(NewFinding),
    Finding {
        id: String,
        change: FindingChange,
    },
    /// Draws and saves the sample; `replace` allows replacing a saved sample
    /// that has test results (they are set aside).
    SaveSample {
        params: SampleParams,
        replace: bool,
    },
    /// Enlarges the saved sample with the same seed and method: the earlier
    /// selection and its test results stay.
    ExtendSample {
        additional: usize,
    },
    /// Test results of one or more sampled records, all or none.
    RecordTests(Vec<TestInput>),
    /// The test of a guiding indicator (replacing an earlier one).
    TestIndicator(IndicatorTestInput),
    ConfirmOpinion,
    OverrideOpinion {
        opinion: Opinion,
        reason: String,
    },
    SignOff {
        section: Section,
        role: Role,
    },
    /// The verifier's disposition of high or medium analytical-check results
    /// (by their keys, `audit::CheckFinding::key`): one note for them all.
    ReviewChecks {
        keys: Vec<String>,
        note: String,
    },
    /// The merge of a validated workbook import.
    Import(Box<crate::io::import::ImportBatch>),
    /// Adds a CBAM installation, or replaces the one of the same entity.
    SetInstallation(Box<crate::model::cbam::Installation>),
    RemoveInstallation {
        entity_id: String,
    },
    /// The year the goods are imported into the EU and the certificate
    /// price of the estimate.
    CbamSettings {
        declaration_year: i32,
        certificate_price_eur: f64,
    },
    /// Claims, credits and the pathway.
    Claims(ClaimsChange),
    /// What the inventory's uncertainty rests on.
    Uncertainty(UncertaintyChange),
}

/// Who acts, when, and what the caller already knows about the project.
pub struct Context<'a> {
    pub actor: &'a Actor,
    /// UTC, RFC 3339.
    pub at: String,
    /// The project's inventory as it is now, when the caller has it (the
    /// app's cached analysis): edits that need it do not recompute.
    pub inventory: Option<&'a Inventory>,
}

impl<'a> Context<'a> {
    /// `actor`, now, no inventory at hand.
    pub fn now(actor: &'a Actor) -> Context<'a> {
        Context {
            actor,
            at: crate::io::time::now_rfc3339_utc(),
            inventory: None,
        }
    }
}

/// What an applied edit did.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// The trail entry's stable action name.
    pub action: &'static str,
    /// The change in words (the trail entry's detail).
    pub detail: String,
    /// The id of what the edit created (a finding's `F003`).
    pub created: Option<String>,
}

/// What a new project starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProject {
    pub name: String,
    pub reporting_year: i32,
    pub consolidation: Consolidation,
    pub gwp_set: GwpSet,
}

/// A new, empty project: the park's name and reporting year checked, the GWP
/// values of its set frozen, and its creation the first entry of its trail.
pub fn new_project(n: NewProject, cx: &Context<'_>) -> Result<Project, EditError> {
    let name = n.name.trim();
    if name.is_empty() {
        return Err(EditError::Invalid {
            field: "park.name",
            value: String::new(),
            rule: Refusal::Required,
        });
    }
    if !(1990..=2100).contains(&n.reporting_year) {
        return Err(EditError::Invalid {
            field: "park.reporting_year",
            value: n.reporting_year.to_string(),
            rule: Refusal::YearRange,
        });
    }
    let mut p = Project::new(name, n.reporting_year);
    p.consolidation = n.consolidation;
    p.methodology.gwp_set = n.gwp_set;
    p.gwp_snapshot = Some(crate::calc::gwp::snapshot(n.gwp_set));
    let record = trail::Record::new(
        "project.create",
        format!(
            "Project created: {name}, reporting year {}, {}, GWP {}",
            n.reporting_year,
            n.consolidation,
            n.gwp_set.name()
        ),
    )
    .with("name", name)
    .with("reporting_year", n.reporting_year.to_string())
    .with("consolidation", n.consolidation.key())
    .with("gwp_set", n.gwp_set.name());
    trail::append(&mut p, &cx.at, cx.actor, record);
    Ok(p)
}

/// Applies `edit` to `p` as `actor`, now: see [`apply_in`].
pub fn apply(p: &mut Project, edit: Edit, actor: &Actor) -> Result<Applied, EditError> {
    apply_in(p, edit, &Context::now(actor))
}

/// Validates `edit` against `p`, makes it, and appends one trail entry. On an
/// error nothing has changed.
pub fn apply_in(p: &mut Project, edit: Edit, cx: &Context<'_>) -> Result<Applied, EditError> {
    let mut computed = None;
    let out = match edit {
        Edit::Park(f) => engagement::park(p, f)?,
        Edit::Engagement(f) => engagement::engagement(p, f)?,
        Edit::Entity { id, change } => engagement::entity(p, &id, change)?,
        Edit::Methodology(c) => methodology::change(p, c)?,
        Edit::UpdateFactors(u) => import::update_factors(p, *u)?,
        Edit::KeepFrozenValues { note } => import::keep_frozen(p, note)?,
        Edit::AddInstrument(i) => import::add_instrument(p, i)?,
        Edit::RemoveInstrument { id } => import::remove_instrument(p, &id)?,
        Edit::RaiseFinding(f) => verification::raise(p, f, cx)?,
        Edit::Finding { id, change } => verification::finding(p, &id, change)?,
        Edit::SaveSample { params, replace } => {
            let inv = inventory(p, cx, &mut computed)?;
            verification::save_sample(p, inv, params, replace)?
        }
        Edit::ExtendSample { additional } => {
            let inv = inventory(p, cx, &mut computed)?;
            verification::extend_sample(p, inv, additional)?
        }
        Edit::RecordTests(tests) => verification::record_tests(p, tests, cx)?,
        Edit::TestIndicator(t) => verification::test_indicator(p, t, cx)?,
        Edit::ConfirmOpinion => {
            let inv = inventory(p, cx, &mut computed)?;
            opinion::record(p, inv, None, cx)?
        }
        Edit::OverrideOpinion { opinion, reason } => {
            let inv = inventory(p, cx, &mut computed)?;
            opinion::record(p, inv, Some((opinion, reason)), cx)?
        }
        Edit::SignOff { section, role } => {
            let inv = inventory(p, cx, &mut computed)?;
            opinion::sign_off(p, inv, section, role, cx)?
        }
        Edit::ReviewChecks { keys, note } => {
            let inv = inventory(p, cx, &mut computed)?;
            verification::review_checks(p, inv, keys, note, cx)?
        }
        Edit::Import(batch) => import::import(p, *batch)?,
        Edit::SetInstallation(i) => cbam::set_installation(p, *i)?,
        Edit::RemoveInstallation { entity_id } => cbam::remove_installation(p, &entity_id)?,
        Edit::CbamSettings {
            declaration_year,
            certificate_price_eur,
        } => cbam::settings(p, declaration_year, certificate_price_eur)?,
        Edit::Claims(c) => {
            let needs = matches!(
                c,
                ClaimsChange::SetClaim(_) | ClaimsChange::RemoveCredit { .. }
            );
            let inv = if needs {
                Some(inventory(p, cx, &mut computed)?)
            } else {
                None
            };
            claims::change(p, c, inv)?
        }
        Edit::Uncertainty(c) => uncertainty::change(p, c)?,
    };
    let (record, created) = out;
    let applied = Applied {
        action: record.action,
        detail: record.detail.clone(),
        created,
    };
    trail::append(p, &cx.at, cx.actor, record);
    Ok(applied)
}

/// The inventory of `p` as it is: the caller's, or computed once.
fn inventory<'c>(
    p: &Project,
    cx: &'c Context<'_>,
    computed: &'c mut Option<Inventory>,
) -> Result<&'c Inventory, EditError> {
    if let Some(inv) = cx.inventory {
        return Ok(inv);
    }
    let inv = crate::calc::compute(p).map_err(EditError::Inventory)?;
    Ok(computed.insert(inv))
}

impl Edit {
    /// Consecutive edits with the same key are one change while a value is
    /// being typed or dragged: the app records them as one trail entry and
    /// one undo step. `None` for edits that always stand alone.
    pub fn coalesce_key(&self) -> Option<String> {
        Some(match self {
            Edit::Park(f) => match f {
                ParkField::Name(_) => "park.name".into(),
                ParkField::NameZh(_) => "park.name_zh".into(),
                ParkField::Province(_) => "park.province".into(),
                ParkField::ReportingYear(_) => "park.reporting_year".into(),
                ParkField::BaseYear(_) => "park.base_year".into(),
            },
            Edit::Engagement(f) => match f {
                EngagementField::Client(_) => "engagement.client".into(),
                EngagementField::VerificationBody(_) => "engagement.verification_body".into(),
                EngagementField::LeadAuditor(_) => "engagement.lead_auditor".into(),
                EngagementField::MaterialityPct(_) => "engagement.materiality_pct".into(),
                EngagementField::ResponsibleParty(_) => "engagement.responsible_party".into(),
                EngagementField::IntendedUsers(_) => "engagement.intended_users".into(),
                EngagementField::Accreditation(_) => "engagement.accreditation".into(),
                EngagementField::Place(_) => "engagement.place".into(),
                EngagementField::Assurance(_) => return None,
            },
            Edit::Entity { id, change } => match change {
                EntityChange::OwnershipPct(_) => format!("entity.{id}.ownership_pct"),
                EntityChange::Justification(_) => format!("entity.{id}.justification"),
                _ => return None,
            },
            Edit::Finding { id, change } => match change {
                FindingChange::Response(_) => format!("finding.{id}.response"),
                FindingChange::Conclusion(_) => format!("finding.{id}.conclusion"),
                _ => return None,
            },
            Edit::SetInstallation(i) => format!("cbam.installation.{}", i.entity_id),
            Edit::CbamSettings { .. } => "cbam.settings".into(),
            Edit::Uncertainty(UncertaintyChange::Settings { .. }) => "uncertainty.settings".into(),
            _ => return None,
        })
    }

    /// Whether applying the edit needs the project's inventory (computed
    /// when the caller has none at hand: the app applies these on a thread
    /// for large projects).
    pub fn needs_inventory(&self) -> bool {
        matches!(
            self,
            Edit::SaveSample { .. }
                | Edit::ExtendSample { .. }
                | Edit::ConfirmOpinion
                | Edit::OverrideOpinion { .. }
                | Edit::SignOff { .. }
                | Edit::ReviewChecks { .. }
                | Edit::Claims(ClaimsChange::SetClaim(_) | ClaimsChange::RemoveCredit { .. })
        )
    }

    /// Whether applying the edit reads every record (a large project's
    /// digest, or the ids an import must not repeat).
    pub fn reads_records(&self) -> bool {
        self.needs_inventory()
            || matches!(
                self,
                Edit::Import(_)
                    | Edit::Uncertainty(UncertaintyChange::SetQuality(crate::model::DataQuality {
                        target: crate::model::QualityTarget::Record(_),
                        ..
                    }))
            )
    }
}

/// `"old" → "new"` for a trail detail.
fn change_text(old: &str, new: &str) -> String {
    format!("\"{old}\" → \"{new}\"")
}
