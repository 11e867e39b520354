//! What stands between a project and a complete verification: required
//! engagement fields, unjustified exclusions, empty boundary lists, values
//! differing from the library, checks, findings, the sample, the opinion and
//! the sign-offs. The app's step badges, `parkaudit status`, `evaluate` and
//! `export` all read this one list.

use super::analysis::Analysis;
use super::checks::Severity;
use super::evaluation;
use crate::model::{FindingStatus, Opinion, Project, Role, Section};

/// The part of the verification a gap belongs to (a step of the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Engagement,
    Boundary,
    Methodology,
    Data,
    Factors,
    Inventory,
    Verification,
}

impl Area {
    pub fn key(self) -> &'static str {
        match self {
            Area::Engagement => "engagement",
            Area::Boundary => "boundary",
            Area::Methodology => "methodology",
            Area::Data => "data",
            Area::Factors => "factors",
            Area::Inventory => "inventory",
            Area::Verification => "verification",
        }
    }
}

/// One thing that is missing or open.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// A required field is empty (`park.name`, `engagement.client`,
    /// `engagement.verification_body`, `engagement.lead_auditor`).
    Missing {
        field: &'static str,
    },
    BaseYearAfterReportingYear {
        base: i32,
        reporting: i32,
    },
    UnjustifiedExclusion {
        entity: String,
    },
    NoScopes,
    NoCategories,
    NoGases,
    NoActivity,
    /// Frozen factors or GWP values differ from the bundled library.
    LibraryDiffers {
        factors: usize,
        gwp: usize,
        library: String,
    },
    /// The inventory cannot be computed (the engine's message).
    Inventory {
        message: String,
    },
    ChecksNotRun,
    /// A high or medium check result the verifier has not reviewed.
    CheckOpen {
        key: String,
        check: String,
        severity: Severity,
        message: String,
    },
    NoSample,
    /// Records were added (or removed) since the sample was drawn: they were
    /// never in its population.
    SampleOutdated {
        drawn_from: usize,
        records: usize,
    },
    Untested {
        count: usize,
        first: String,
    },
    /// A guiding indicator entered with its evidence and not tested.
    IndicatorUntested {
        indicator: String,
    },
    FindingOpen {
        id: String,
        status: FindingStatus,
    },
    NoOpinion,
    /// The recorded opinion is not the one the evaluation now proposes.
    OpinionOutdated {
        recorded: Opinion,
        proposed: Opinion,
    },
    SignOffMissing {
        section: Section,
        roles: Vec<Role>,
    },
    SignOffVoid {
        section: Section,
        role: Role,
        who: String,
    },
}

fn field_label(field: &str) -> (&'static str, &'static str) {
    match field {
        "park.name" => ("Park name", "园区名称"),
        "engagement.client" => ("Client", "委托方"),
        "engagement.verification_body" => ("Verification body", "核查机构"),
        "engagement.lead_auditor" => ("Lead auditor", "核查组长"),
        "engagement.intended_users" => ("Intended users", "预期使用者"),
        "engagement.place" => ("Place of issue", "出具地点"),
        _ => ("A required field", "必填项"),
    }
}

fn roles(list: &[Role]) -> String {
    list.iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn roles_zh(list: &[Role]) -> String {
    list.iter()
        .map(|r| role_zh(*r))
        .collect::<Vec<_>>()
        .join("、")
}

/// The Chinese name of a sign-off role.
pub fn role_zh(r: Role) -> &'static str {
    match r {
        Role::Preparer => "编制人",
        Role::Reviewer => "复核人",
        Role::LeadVerifier => "核查组长",
        Role::IndependentReviewer => "独立评审人",
    }
}

/// The Chinese name of a sign-off section.
pub fn section_zh(s: Section) -> &'static str {
    match s {
        Section::Boundary => "边界",
        Section::Methodology => "方法学",
        Section::Data => "数据",
        Section::Inventory => "清单",
        Section::Findings => "发现",
        Section::Opinion => "意见",
    }
}

impl Gap {
    pub fn area(&self) -> Area {
        match self {
            Gap::Missing { .. } | Gap::BaseYearAfterReportingYear { .. } => Area::Engagement,
            Gap::UnjustifiedExclusion { .. } => Area::Boundary,
            Gap::NoScopes | Gap::NoCategories | Gap::NoGases => Area::Methodology,
            Gap::NoActivity => Area::Data,
            Gap::LibraryDiffers { .. } => Area::Factors,
            Gap::Inventory { .. } => Area::Inventory,
            _ => Area::Verification,
        }
    }

    /// A stable name for the kind of gap (`status --json`).
    pub fn kind(&self) -> &'static str {
        match self {
            Gap::Missing { .. } => "missing",
            Gap::BaseYearAfterReportingYear { .. } => "base_year_after_reporting_year",
            Gap::UnjustifiedExclusion { .. } => "unjustified_exclusion",
            Gap::NoScopes => "no_scopes",
            Gap::NoCategories => "no_categories",
            Gap::NoGases => "no_gases",
            Gap::NoActivity => "no_activity",
            Gap::LibraryDiffers { .. } => "library_differs",
            Gap::Inventory { .. } => "inventory",
            Gap::ChecksNotRun => "checks_not_run",
            Gap::CheckOpen { .. } => "check_open",
            Gap::NoSample => "no_sample",
            Gap::SampleOutdated { .. } => "sample_outdated",
            Gap::Untested { .. } => "untested",
            Gap::IndicatorUntested { .. } => "indicator_untested",
            Gap::FindingOpen { .. } => "finding_open",
            Gap::NoOpinion => "no_opinion",
            Gap::OpinionOutdated { .. } => "opinion_outdated",
            Gap::SignOffMissing { .. } => "signoff_missing",
            Gap::SignOffVoid { .. } => "signoff_void",
        }
    }

    /// What is missing and what to do, in English.
    pub fn en(&self) -> String {
        match self {
            Gap::Missing { field } => format!("{} is required", field_label(field).0),
            Gap::BaseYearAfterReportingYear { base, reporting } => {
                format!("The base year {base} is after the reporting year {reporting}")
            }
            Gap::UnjustifiedExclusion { entity } => {
                format!("Entity {entity} is excluded without a written justification")
            }
            Gap::NoScopes => "No scope is in the operational boundary".into(),
            Gap::NoCategories => "No ISO 14064-1 category is in the operational boundary".into(),
            Gap::NoGases => "No gas is in the operational boundary".into(),
            Gap::NoActivity => "No activity data has been imported".into(),
            Gap::LibraryDiffers {
                factors,
                gwp,
                library,
            } => format!(
                "{factors} frozen factor(s) and {gwp} GWP value(s) differ from the bundled library {library} — apply the update, or keep the frozen values with a reason"
            ),
            Gap::Inventory { message } => format!("The inventory cannot be computed: {message}"),
            Gap::ChecksNotRun => "The analytical checks have not been run".into(),
            Gap::CheckOpen {
                check,
                severity,
                message,
                ..
            } => format!(
                "{} check result not reviewed ({check}): {message}",
                severity.label()
            ),
            Gap::NoSample => "No sample has been saved for testing".into(),
            Gap::SampleOutdated {
                drawn_from,
                records,
            } => format!(
                "The sample was drawn from {drawn_from} records; the project now has {records} — draw and save the sample again"
            ),
            Gap::Untested { count, first } => {
                format!("{count} sampled item(s) are not tested yet (e.g. {first})")
            }
            Gap::IndicatorUntested { indicator } => format!(
                "Guiding indicator {indicator} is entered, but its evidence is not tested yet"
            ),
            Gap::FindingOpen { id, status } => {
                format!("Finding {id} is not closed ({})", status.label())
            }
            Gap::NoOpinion => "No verification opinion has been recorded".into(),
            Gap::OpinionOutdated { recorded, proposed } => format!(
                "The recorded opinion ({}) is no longer the proposed one ({}) — confirm or override it again",
                recorded.label(),
                proposed.label()
            ),
            Gap::SignOffMissing { section, roles: r } => {
                format!("{} is not signed off by: {}", section.label(), roles(r))
            }
            Gap::SignOffVoid { section, role, who } => format!(
                "The {} sign-off of {} by {who} is void: the section changed after it",
                role.label(),
                section.label()
            ),
        }
    }

    /// The same in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Gap::Missing { field } => format!("{}为必填项", field_label(field).1),
            Gap::BaseYearAfterReportingYear { base, reporting } => {
                format!("基准年 {base} 晚于报告年度 {reporting}")
            }
            Gap::UnjustifiedExclusion { entity } => format!("实体 {entity} 被排除但没有书面理由"),
            Gap::NoScopes => "运营边界中没有任何范围".into(),
            Gap::NoCategories => "运营边界中没有任何ISO 14064-1类别".into(),
            Gap::NoGases => "运营边界中没有任何温室气体".into(),
            Gap::NoActivity => "尚未导入活动数据".into(),
            Gap::LibraryDiffers {
                factors,
                gwp,
                library,
            } => format!(
                "{factors} 个冻结因子和 {gwp} 个GWP值与内置因子库 {library} 不同；请应用更新，或说明理由后保留冻结值"
            ),
            Gap::Inventory { message } => format!("无法计算清单：{message}"),
            Gap::ChecksNotRun => "尚未运行分析性检查".into(),
            Gap::CheckOpen {
                check,
                severity,
                message,
                ..
            } => format!(
                "{}级检查结果未审阅（{check}）：{message}",
                match severity {
                    Severity::High => "高",
                    Severity::Medium => "中",
                    Severity::Low => "低",
                    Severity::Info => "提示",
                }
            ),
            Gap::NoSample => "尚未保存测试样本".into(),
            Gap::SampleOutdated {
                drawn_from,
                records,
            } => format!("样本抽自 {drawn_from} 条记录，项目现有 {records} 条；请重新抽样并保存"),
            Gap::Untested { count, first } => format!("{count} 个样本项尚未测试（如 {first}）"),
            Gap::IndicatorUntested { indicator } => {
                format!("引导性指标 {indicator} 已填写，但其证据尚未测试")
            }
            Gap::FindingOpen { id, status } => format!(
                "发现 {id} 尚未关闭（{}）",
                match status {
                    FindingStatus::Open => "未回复",
                    FindingStatus::Responded => "已回复",
                    FindingStatus::Closed => "已关闭",
                }
            ),
            Gap::NoOpinion => "尚未记录核查意见".into(),
            Gap::OpinionOutdated { recorded, proposed } => format!(
                "已记录的意见（{}）已不是当前建议意见（{}）；请重新确认或更改",
                recorded.label(),
                proposed.label()
            ),
            Gap::SignOffMissing { section, roles: r } => {
                format!("{}尚缺以下签核：{}", section_zh(*section), roles_zh(r))
            }
            Gap::SignOffVoid { section, role, who } => format!(
                "{who} 以{}身份对{}的签核已失效：该部分在签核后被修改",
                role_zh(*role),
                section_zh(*section)
            ),
        }
    }

    pub fn message(&self, zh: bool) -> String {
        if zh { self.zh() } else { self.en() }
    }
}

impl std::fmt::Display for Gap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// Gaps that need only the project (no inventory).
fn project_gaps(p: &Project) -> Vec<Gap> {
    let mut out = Vec::new();
    for (field, value) in [
        ("park.name", &p.park.name),
        ("engagement.client", &p.engagement.client),
        (
            "engagement.verification_body",
            &p.engagement.verification_body,
        ),
        ("engagement.lead_auditor", &p.engagement.lead_auditor),
        ("engagement.intended_users", &p.engagement.intended_users),
        ("engagement.place", &p.engagement.place),
    ] {
        if value.trim().is_empty() {
            out.push(Gap::Missing { field });
        }
    }
    if p.park.base_year > p.park.reporting_year {
        out.push(Gap::BaseYearAfterReportingYear {
            base: p.park.base_year,
            reporting: p.park.reporting_year,
        });
    }
    for e in &p.entities {
        if !e.included
            && e.exclusion_reason
                .as_deref()
                .is_none_or(|r| r.trim().is_empty())
        {
            out.push(Gap::UnjustifiedExclusion {
                entity: e.id.clone(),
            });
        }
    }
    let b = &p.operational_boundary;
    if b.scopes.is_empty() {
        out.push(Gap::NoScopes);
    }
    if b.iso_categories.is_empty() {
        out.push(Gap::NoCategories);
    }
    if b.gases.is_empty() {
        out.push(Gap::NoGases);
    }
    if p.activity.is_empty() {
        out.push(Gap::NoActivity);
    }
    out
}

/// Every gap of `p`, in the order of the verification.
pub fn readiness(p: &Project, a: &Analysis) -> Vec<Gap> {
    let mut out = project_gaps(p);
    let kept = p
        .methodology
        .kept_library
        .as_ref()
        .is_some_and(|k| k.library == crate::calc::library::LIBRARY_VERSION);
    let differs = !(a.library.factors.is_empty() && a.library.gwp.is_empty());
    if differs && !kept {
        out.push(Gap::LibraryDiffers {
            factors: a.library.factors.len(),
            gwp: a.library.gwp.len(),
            library: crate::calc::library::LIBRARY_VERSION.to_string(),
        });
    }
    let v = &p.verification;
    match &a.checks {
        None => out.push(Gap::ChecksNotRun),
        Some(checks) => {
            for c in checks.iter().filter(|c| c.needs_review()) {
                let key = c.key();
                if !v.check_reviews.iter().any(|r| r.key == key) {
                    out.push(Gap::CheckOpen {
                        key,
                        check: c.check.to_string(),
                        severity: c.severity,
                        message: c.message.clone(),
                    });
                }
            }
        }
    }
    match &v.sample {
        None => out.push(Gap::NoSample),
        Some(plan) => {
            let drawn_from = plan.population_count + plan.key_items.len();
            // The population now: every record, or those of CBAM goods.
            let records = match super::sampling::Population::from_plan_name(&plan.population) {
                Some(pop @ super::sampling::Population::CbamGoods) => {
                    pop.members(p).map_or(0, |m| m.len())
                }
                _ => p.activity.len(),
            };
            if drawn_from != records {
                out.push(Gap::SampleOutdated {
                    drawn_from,
                    records,
                });
            }
        }
    }
    let untested = evaluation::untested_items(p);
    if let Some(first) = untested.first() {
        out.push(Gap::Untested {
            count: untested.len(),
            first: first.clone(),
        });
    }
    for e in p.claims.iter().flat_map(|c| &c.indicators) {
        let r = e.reference();
        if !v.indicator_tests.iter().any(|t| t.indicator == r) {
            out.push(Gap::IndicatorUntested { indicator: r });
        }
    }
    for f in v
        .findings
        .iter()
        .filter(|f| f.status != FindingStatus::Closed)
    {
        out.push(Gap::FindingOpen {
            id: f.id.clone(),
            status: f.status,
        });
    }
    match &v.opinion {
        None => out.push(Gap::NoOpinion),
        Some(o) if o.proposed != a.proposed.0 => out.push(Gap::OpinionOutdated {
            recorded: o.chosen,
            proposed: a.proposed.0,
        }),
        Some(_) => {}
    }
    for section in Section::ALL {
        let valid = |role: Role| {
            a.signoffs
                .iter()
                .any(|s| s.section == section && s.role == role && s.valid)
        };
        for s in a
            .signoffs
            .iter()
            .filter(|s| s.section == section && !s.valid)
        {
            if !valid(s.role) {
                out.push(Gap::SignOffVoid {
                    section,
                    role: s.role,
                    who: s.who.clone(),
                });
            }
        }
        let missing: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| {
                !valid(*r)
                    && !a
                        .signoffs
                        .iter()
                        .any(|s| s.section == section && s.role == *r)
            })
            .collect();
        if !missing.is_empty() {
            out.push(Gap::SignOffMissing {
                section,
                roles: missing,
            });
        }
    }
    out
}

/// The gaps of a project whose inventory cannot be computed: the project's
/// own, and the engine's reason.
pub fn readiness_uncomputable(p: &Project, message: &str) -> Vec<Gap> {
    let mut out = project_gaps(p);
    out.push(Gap::Inventory {
        message: message.to_string(),
    });
    out
}
