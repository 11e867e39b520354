//! Materiality, the proposed opinion and the verification statement
//! (ISO 14064-3:2019 5.1.7, 8; ISO 14065:2020 Annex A), and sign-offs.
//!
//! Opinion rules (the verifier confirms or overrides with a reason):
//! - **disclaimer** when at least half of the tested items are not supported
//!   by evidence (a scope limitation);
//! - **adverse** when the aggregate misstatement is at least twice the threshold (pervasive);
//! - **modified** when it reaches the threshold, or a non-conformity is not closed;
//! - **unmodified** otherwise.

use super::words::tonnes;
use crate::calc::inventory::Inventory;
use crate::model::{FindingStatus, FindingType, Opinion, Project, Role, Section, TestResult};
use serde::Serialize;

/// Where the aggregate misstatement stands against the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MaterialityState {
    /// Below 50 % of the threshold.
    Below,
    /// At least 50 % of the threshold.
    Near,
    /// At or above the threshold.
    Above,
}

impl MaterialityState {
    pub fn label(self) -> &'static str {
        match self {
            MaterialityState::Below => "below materiality",
            MaterialityState::Near => "near materiality",
            MaterialityState::Above => "above materiality",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Materiality {
    pub materiality_pct: f64,
    pub threshold_t: f64,
    /// Σ |impact| of uncorrected misstatement findings.
    pub uncorrected_gross_t: f64,
    /// Σ impact (overstatements positive) of uncorrected misstatement findings.
    pub uncorrected_net_t: f64,
    /// Misstatements found in key items by sample tests, not already in a finding.
    pub key_item_misstatement_t: f64,
    /// Sample misstatements projected to the sampled population.
    pub projected_t: f64,
    /// Net uncorrected + key items + projection.
    pub aggregate_t: f64,
    pub ratio: f64,
    pub state: MaterialityState,
}

/// The misstatement (t CO₂e, reported − verified) a test found in a record of `t` tonnes.
fn test_misstatement(r: &crate::model::ActivityRecord, t: f64, result: &TestResult) -> f64 {
    match result {
        TestResult::Agreed => 0.0,
        TestResult::NotSupported => t,
        TestResult::Misstated { verified_quantity } if r.quantity != 0.0 => {
            t * (1.0 - verified_quantity / r.quantity)
        }
        TestResult::Misstated { .. } => 0.0,
    }
}

pub fn materiality(p: &Project, inv: &Inventory) -> Materiality {
    let v = &p.verification;
    let threshold_t = inv.total_t_co2e.abs() * p.engagement.materiality_pct / 100.0;
    let uncorrected = v
        .findings
        .iter()
        .filter(|f| f.kind == FindingType::Misstatement && !f.corrected);
    let (mut gross, mut net) = (0.0, 0.0);
    for f in uncorrected {
        gross += f.impact_t.abs();
        net += f.impact_t;
    }
    let in_finding = |id: &str| {
        v.findings
            .iter()
            .any(|f| f.record_ids.iter().any(|r| r == id))
    };
    // One pass over the records for the tested ones (not a search per test:
    // a million records × the tests would take tenths of a second).
    let tested: std::collections::HashSet<&str> =
        v.tests.iter().map(|t| t.record_id.as_str()).collect();
    let mut positions: std::collections::HashMap<&str, usize> = Default::default();
    if !tested.is_empty() {
        for (i, r) in p.activity.iter().enumerate() {
            if tested.contains(r.id.as_str()) {
                positions.entry(r.id.as_str()).or_insert(i); // the first, as before
            }
        }
    }
    let t_of = |id: &str| {
        positions
            .get(id)
            .and_then(|&i| Some((p.activity.get(i)?, inv.records.get(i)?.location_t)))
    };
    let (mut key_t, mut projected) = (0.0, 0.0);
    if let Some(plan) = &v.sample {
        // The projection rests on the sampled items actually tested.
        let tested = v
            .tests
            .iter()
            .filter(|t| plan.sampled.contains(&t.record_id))
            .count();
        let n = tested.max(1) as f64;
        let population_n = if plan.population_count > 0 {
            plan.population_count
        } else {
            p.activity.len().saturating_sub(plan.key_items.len())
        };
        for test in &v.tests {
            let Some((r, t)) = t_of(&test.record_id) else {
                continue;
            };
            let m = test_misstatement(r, t, &test.result);
            if plan.key_items.contains(&test.record_id) {
                if !in_finding(&test.record_id) {
                    key_t += m;
                }
            } else if plan.sampled.contains(&test.record_id)
                && t != 0.0
                && !in_finding(&test.record_id)
            {
                // Tonne-unit: tainting × sampling interval; simple random: mean misstatement × population size.
                projected += if plan.method == super::sampling::Method::SimpleRandom.plan_name() {
                    m * population_n as f64 / n
                } else {
                    m / t * plan.population_t / n
                };
            }
        }
    }
    let aggregate_t = net + key_t + projected;
    let ratio = if threshold_t > 0.0 {
        aggregate_t.abs() / threshold_t
    } else if aggregate_t != 0.0 {
        f64::INFINITY
    } else {
        0.0
    };
    let state = if ratio >= 1.0 {
        MaterialityState::Above
    } else if ratio >= 0.5 {
        MaterialityState::Near
    } else {
        MaterialityState::Below
    };
    Materiality {
        materiality_pct: p.engagement.materiality_pct,
        threshold_t,
        uncorrected_gross_t: gross,
        uncorrected_net_t: net,
        key_item_misstatement_t: key_t,
        projected_t: projected,
        aggregate_t,
        ratio,
        state,
    }
}

/// Sampled and key items without a test result.
pub fn untested_items(p: &Project) -> Vec<String> {
    let v = &p.verification;
    v.sample
        .as_ref()
        .map(|s| {
            s.key_items
                .iter()
                .chain(&s.sampled)
                .filter(|id| !v.tests.iter().any(|t| &t.record_id == *id))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// Why no opinion can be concluded yet — nothing sampled, nothing tested, or
/// sampled items untested — or `None` when the evidence allows one.
pub fn not_concluded(p: &Project) -> Option<String> {
    if p.verification.sample.is_none() {
        return Some("no sample has been drawn, so no item has been tested".into());
    }
    if p.verification.tests.is_empty() {
        return Some("no sampled item has been tested".into());
    }
    let untested = untested_items(p);
    (!untested.is_empty()).then(|| {
        format!(
            "{} sampled item(s) not yet tested ({}…)",
            untested.len(),
            untested
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Why the evaluation proposes its opinion: the case and its figures, so the
/// same reason reads in English and in Chinese.
enum Basis {
    NoSample,
    NoTests,
    Untested {
        count: usize,
        first: Vec<String>,
    },
    ScopeLimitation {
        unsupported: usize,
        tested: usize,
    },
    Pervasive {
        aggregate_t: f64,
        ratio: f64,
        threshold_t: f64,
    },
    Material {
        aggregate_t: f64,
        threshold_t: f64,
    },
    OpenNonConformities(Vec<String>),
    Clean {
        aggregate_t: f64,
        ratio: f64,
    },
}

impl Basis {
    fn en(&self) -> String {
        match self {
            Basis::NoSample => {
                "not concluded: no sample has been drawn, so no item has been tested".into()
            }
            Basis::NoTests => "not concluded: no sampled item has been tested".into(),
            Basis::Untested { count, first } => format!(
                "{count} sampled item(s) not yet tested ({}…): testing is incomplete",
                first.join(", ")
            ),
            Basis::ScopeLimitation {
                unsupported,
                tested,
            } => format!(
                "{unsupported} of {tested} tested items are not supported by evidence: a scope limitation"
            ),
            Basis::Pervasive {
                aggregate_t,
                ratio,
                threshold_t,
            } => format!(
                "the aggregate misstatement {} t is {ratio:.1} × the materiality threshold {} t (pervasive)",
                tonnes(*aggregate_t),
                tonnes(*threshold_t)
            ),
            Basis::Material {
                aggregate_t,
                threshold_t,
            } => format!(
                "the aggregate misstatement {} t reaches the materiality threshold {} t",
                tonnes(*aggregate_t),
                tonnes(*threshold_t)
            ),
            Basis::OpenNonConformities(ids) => {
                format!("non-conformities not closed: {}", ids.join(", "))
            }
            Basis::Clean { aggregate_t, ratio } => format!(
                "the aggregate misstatement {} t is {:.0} % of the materiality threshold and no non-conformity is open",
                tonnes(*aggregate_t),
                ratio * 100.0
            ),
        }
    }

    fn zh(&self) -> String {
        match self {
            Basis::NoSample => "尚无结论：未抽取样本，未测试任何项目".into(),
            Basis::NoTests => "尚无结论：样本项目均未测试".into(),
            Basis::Untested { count, first } => format!(
                "{count}个样本项目尚未测试（{}…）：测试未完成",
                first.join("、")
            ),
            Basis::ScopeLimitation {
                unsupported,
                tested,
            } => format!("已测试的{tested}个项目中有{unsupported}个无证据支持：范围受限"),
            Basis::Pervasive {
                aggregate_t,
                ratio,
                threshold_t,
            } => format!(
                "累计错报{}吨，为实质性阈值{}吨的{ratio:.1}倍（影响广泛）",
                tonnes(*aggregate_t),
                tonnes(*threshold_t)
            ),
            Basis::Material {
                aggregate_t,
                threshold_t,
            } => format!(
                "累计错报{}吨，达到实质性阈值{}吨",
                tonnes(*aggregate_t),
                tonnes(*threshold_t)
            ),
            Basis::OpenNonConformities(ids) => {
                format!("不符合项尚未关闭：{}", ids.join("、"))
            }
            Basis::Clean { aggregate_t, ratio } => format!(
                "累计错报{}吨，为实质性阈值的{:.0}%，且无未关闭的不符合项",
                tonnes(*aggregate_t),
                ratio * 100.0
            ),
        }
    }
}

fn basis(p: &Project, inv: &Inventory) -> (Opinion, Basis) {
    let m = materiality(p, inv);
    let tests = &p.verification.tests;
    if p.verification.sample.is_none() {
        return (Opinion::Disclaimer, Basis::NoSample);
    }
    if tests.is_empty() {
        return (Opinion::Disclaimer, Basis::NoTests);
    }
    let untested = untested_items(p);
    if !untested.is_empty() {
        return (
            Opinion::Disclaimer,
            Basis::Untested {
                count: untested.len(),
                first: untested.iter().take(3).cloned().collect(),
            },
        );
    }
    let unsupported = tests
        .iter()
        .filter(|t| t.result == TestResult::NotSupported)
        .count();
    if unsupported * 2 >= tests.len() {
        return (
            Opinion::Disclaimer,
            Basis::ScopeLimitation {
                unsupported,
                tested: tests.len(),
            },
        );
    }
    if m.ratio >= 2.0 {
        return (
            Opinion::Adverse,
            Basis::Pervasive {
                aggregate_t: m.aggregate_t,
                ratio: m.ratio,
                threshold_t: m.threshold_t,
            },
        );
    }
    if m.ratio >= 1.0 {
        return (
            Opinion::Modified,
            Basis::Material {
                aggregate_t: m.aggregate_t,
                threshold_t: m.threshold_t,
            },
        );
    }
    let open: Vec<String> = p
        .verification
        .findings
        .iter()
        .filter(|f| f.kind == FindingType::NonConformity && f.status != FindingStatus::Closed)
        .map(|f| f.id.clone())
        .collect();
    if !open.is_empty() {
        return (Opinion::Modified, Basis::OpenNonConformities(open));
    }
    (
        Opinion::Unmodified,
        Basis::Clean {
            aggregate_t: m.aggregate_t,
            ratio: m.ratio,
        },
    )
}

/// The opinion the evaluation supports, with the reason. Where the evidence
/// cannot support one (nothing sampled or tested, items untested) it is a
/// disclaimer: the verification is not concluded.
pub fn proposed_opinion(p: &Project, inv: &Inventory) -> (Opinion, String) {
    let (o, b) = basis(p, inv);
    (o, b.en())
}

/// The reason of [`proposed_opinion`], in Chinese.
pub fn proposed_reason_zh(p: &Project, inv: &Inventory) -> String {
    basis(p, inv).1.zh()
}

/// The verification statement for the workbook's Cover (ISO 14064-3:2019
/// clause 8 content), with the inventory's uncertainty (`audit::uncertainty::verdict`).
pub fn statement(p: &Project, inv: &Inventory, uncertainty: &str) -> String {
    let m = materiality(p, inv);
    let (opinion, why) = match &p.verification.opinion {
        Some(o) => (o.chosen, o.override_reason.clone().unwrap_or_else(|| o.reason.clone())),
        None => return "No verification opinion has been recorded in this project. This workbook presents the inventory as recomputed by ParkAudit from the recorded activity data, emission factors and GWP values, for verification to ISO 14064-3:2019. / 本项目尚未记录核查意见。".into(),
    };
    let level = match p.engagement.assurance {
        crate::model::AssuranceLevel::Reasonable => "reasonable",
        crate::model::AssuranceLevel::Limited => "limited",
    };
    let conclusion = match (opinion, p.engagement.assurance) {
        (Opinion::Unmodified, crate::model::AssuranceLevel::Reasonable) => {
            "In our opinion the GHG statement is prepared, in all material respects, in accordance with the criteria."
        }
        (Opinion::Unmodified, crate::model::AssuranceLevel::Limited) => {
            "Nothing has come to our attention that causes us to believe that the GHG statement is not prepared, in all material respects, in accordance with the criteria."
        }
        (Opinion::Modified, _) => {
            "Except for the effects of the matters described, the GHG statement is prepared, in all material respects, in accordance with the criteria."
        }
        (Opinion::Adverse, _) => {
            "Because of the significance of the matters described, the GHG statement is not prepared in accordance with the criteria."
        }
        (Opinion::Disclaimer, _) => {
            "Because of the significance of the matters described, we were unable to obtain sufficient appropriate evidence and do not express an opinion."
        }
    };
    format!(
        "Objective: to verify the GHG statement of {park} for {year}. Criteria: {std}, GWP {gwp}, {appr}. Scope: the organisational boundary of {n} entities under {appr}, scopes {scopes}; total {total:.3} t CO2e (location-based). Level of assurance: {level}. Materiality: {pct} % of the total = {thr:.3} t CO2e; aggregate misstatement {agg:.3} t ({state}). Conclusion ({opinion}): {conclusion} Basis: {why}. Uncertainty: {uncertainty}",
        park = p.park.name,
        year = p.park.reporting_year,
        std = p.methodology.standard,
        gwp = p.methodology.gwp_set,
        appr = p.consolidation,
        n = p.entities.len(),
        scopes = p
            .operational_boundary
            .scopes
            .iter()
            .map(|s| s.number().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        total = inv.total_t_co2e,
        pct = m.materiality_pct,
        thr = m.threshold_t,
        agg = m.aggregate_t,
        state = m.state.label(),
        opinion = opinion.label(),
    )
}

/// SHA-256 of a section's content, to which a sign-off is bound (the
/// canonical encoding of project format 2, `audit::digest`).
pub fn section_digest(p: &Project, inv: &Inventory, section: Section) -> String {
    super::digest::section_digest(p, inv, section)
}

/// A sign-off and whether it still holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignOffStatus {
    pub section: Section,
    pub role: Role,
    pub who: String,
    pub at: String,
    /// False when the section changed after the sign-off: "edited after review".
    pub valid: bool,
}

pub fn signoff_status(p: &Project, inv: &Inventory) -> Vec<SignOffStatus> {
    let digests: Vec<(Section, String)> = Section::ALL
        .iter()
        .map(|s| (*s, section_digest(p, inv, *s)))
        .collect();
    let current = |s: Section| {
        digests
            .iter()
            .find(|(x, _)| *x == s)
            .map(|(_, d)| d.as_str())
            .unwrap_or("")
    };
    let mut out: Vec<SignOffStatus> = p
        .verification
        .signoffs
        .iter()
        .map(|s| SignOffStatus {
            section: s.section,
            role: s.role,
            who: s.who.clone(),
            at: s.at.clone(),
            valid: s.section_digest == current(s.section),
        })
        .collect();
    // A sign-off also lapses when one it builds on lapsed: the earlier roles on its
    // section, and its role on the earlier sections.
    for _ in 0..Section::ALL.len() * Role::ALL.len() {
        let snapshot = out.clone();
        let ok = |sec: Section, role: Role| {
            snapshot
                .iter()
                .any(|x| x.section == sec && x.role == role && x.valid)
        };
        for s in out.iter_mut().filter(|s| s.valid) {
            let roles_ok = Role::ALL
                .iter()
                .take_while(|r| **r != s.role)
                .all(|r| ok(s.section, *r));
            let sections_ok = Section::ALL
                .iter()
                .take_while(|x| **x != s.section)
                .all(|x| ok(*x, s.role));
            s.valid = roles_ok && sections_ok;
        }
    }
    out
}
