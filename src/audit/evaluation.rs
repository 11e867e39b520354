//! Materiality, the proposed opinion and the verification statement
//! (ISO 14064-3:2019 5.1.7, 8; ISO 14065:2020 Annex A), and sign-offs.
//!
//! Opinion rules (the verifier confirms or overrides with a reason):
//! - **disclaimer** when at least half of the tested items are not supported
//!   by evidence (a scope limitation);
//! - **adverse** when the aggregate misstatement is at least twice the threshold (pervasive);
//! - **modified** when it reaches the threshold, or a non-conformity is not closed;
//! - **unmodified** otherwise.

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

/// The opinion the evaluation supports, with the reason. Where the evidence
/// cannot support one (nothing sampled or tested, items untested) it is a
/// disclaimer: the verification is not concluded.
pub fn proposed_opinion(p: &Project, inv: &Inventory) -> (Opinion, String) {
    let m = materiality(p, inv);
    let tests = &p.verification.tests;
    if p.verification.sample.is_none() || tests.is_empty() {
        return (
            Opinion::Disclaimer,
            format!("not concluded: {}", not_concluded(p).unwrap_or_default()),
        );
    }
    let untested = untested_items(p);
    if !untested.is_empty() {
        return (
            Opinion::Disclaimer,
            format!(
                "{} sampled item(s) not yet tested ({}…): testing is incomplete",
                untested.len(),
                untested
                    .iter()
                    .take(3)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    let unsupported = tests
        .iter()
        .filter(|t| t.result == TestResult::NotSupported)
        .count();
    if !tests.is_empty() && unsupported * 2 >= tests.len() {
        return (
            Opinion::Disclaimer,
            format!(
                "{unsupported} of {} tested items are not supported by evidence: a scope limitation",
                tests.len()
            ),
        );
    }
    if m.ratio >= 2.0 {
        return (
            Opinion::Adverse,
            format!(
                "the aggregate misstatement {:.3} t is {:.1} × the materiality threshold {:.3} t (pervasive)",
                m.aggregate_t, m.ratio, m.threshold_t
            ),
        );
    }
    if m.ratio >= 1.0 {
        return (
            Opinion::Modified,
            format!(
                "the aggregate misstatement {:.3} t reaches the materiality threshold {:.3} t",
                m.aggregate_t, m.threshold_t
            ),
        );
    }
    let open: Vec<&str> = p
        .verification
        .findings
        .iter()
        .filter(|f| f.kind == FindingType::NonConformity && f.status != FindingStatus::Closed)
        .map(|f| f.id.as_str())
        .collect();
    if !open.is_empty() {
        return (
            Opinion::Modified,
            format!("non-conformities not closed: {}", open.join(", ")),
        );
    }
    (
        Opinion::Unmodified,
        format!(
            "the aggregate misstatement {:.3} t is {:.0} % of the materiality threshold and no non-conformity is open",
            m.aggregate_t,
            m.ratio * 100.0
        ),
    )
}

/// The verification statement for the workbook's Cover (ISO 14064-3:2019 clause 8 content).
pub fn statement(p: &Project, inv: &Inventory) -> String {
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
        "Objective: to verify the GHG statement of {park} for {year}. Criteria: {std}, GWP {gwp}, {appr}. Scope: the organisational boundary of {n} entities under {appr}, scopes {scopes}; total {total:.3} t CO2e (location-based). Level of assurance: {level}. Materiality: {pct} % of the total = {thr:.3} t CO2e; aggregate misstatement {agg:.3} t ({state}). Conclusion ({opinion}): {conclusion} Basis: {why}.",
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
