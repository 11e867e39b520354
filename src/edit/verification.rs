//! Findings, the sample and its tests, and check reviews.

use super::error::{EditError, Refusal, required};
use super::{Context, FindingChange, NewFinding, SampleParams, TestInput, change_text};
use crate::audit::sampling::{self, Method};
use crate::audit::trail::Record;
use crate::calc::Inventory;
use crate::model::{
    CheckReview, Finding, FindingStatus, Project, SamplePlan, SampleTest, TestResult,
};
use std::collections::HashSet;

type Out = Result<(Record, Option<String>), EditError>;

fn finite(field: &'static str, v: f64) -> Result<(), EditError> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(EditError::Invalid {
            field,
            value: v.to_string(),
            rule: Refusal::NotFinite,
        })
    }
}

pub(super) fn raise(p: &mut Project, f: NewFinding, cx: &Context<'_>) -> Out {
    required("finding.title", &f.title)?;
    finite("finding.impact_t", f.impact_t)?;
    if !f.record_ids.is_empty() {
        let ids: HashSet<&str> = p
            .activity
            .iter()
            .chain(&p.base_year_activity)
            .map(|r| r.id.as_str())
            .collect();
        if let Some(bad) = f.record_ids.iter().find(|r| !ids.contains(r.as_str())) {
            return Err(EditError::NotFound {
                what: "record",
                id: bad.clone(),
            });
        }
    }
    if let Some(bad) = f.entity_ids.iter().find(|e| p.entity(e).is_none()) {
        return Err(EditError::NotFound {
            what: "entity",
            id: bad.clone(),
        });
    }
    let good_exists = |g: &str| {
        g.split_once('/').is_some_and(|(inst, proc)| {
            p.cbam
                .as_ref()
                .and_then(|c| c.installation(inst))
                .is_some_and(|i| i.process(proc).is_some())
        })
    };
    let entered = |r: &str| {
        p.claims
            .as_ref()
            .is_some_and(|c| c.indicators.iter().any(|e| e.reference() == r))
    };
    if let Some(bad) = f.indicators.iter().find(|r| !entered(r)) {
        return Err(EditError::NotFound {
            what: "guiding indicator",
            id: bad.clone(),
        });
    }
    if let Some(bad) = f.goods.iter().find(|g| !good_exists(g)) {
        return Err(EditError::NotFound {
            what: "CBAM good",
            id: bad.clone(),
        });
    }
    let mut n = p.verification.findings.len() + 1;
    while p
        .verification
        .findings
        .iter()
        .any(|x| x.id == format!("F{n:03}"))
    {
        n += 1;
    }
    let id = format!("F{n:03}");
    let title = f.title.trim().to_string();
    let request = f.request.map_or("", |r| r.key());
    let mut detail = format!(
        "{id} {}: {title} (impact {} t CO2e)",
        f.kind.label(),
        f.impact_t
    );
    if let Some(r) = f.request {
        detail.push_str(&format!(", {}", r.label()));
    }
    if !f.record_ids.is_empty() {
        detail.push_str(&format!(", records {}", f.record_ids.join(", ")));
    }
    if !f.goods.is_empty() {
        detail.push_str(&format!(", CBAM goods {}", f.goods.join(", ")));
    }
    if !f.indicators.is_empty() {
        detail.push_str(&format!(", indicators {}", f.indicators.join(", ")));
    }
    let mut record = Record::new("finding.raise", detail)
        .with("finding", &id)
        .with("type", f.kind.key())
        .with("request", request)
        .with("title", &title)
        .with("impact_t", f.impact_t.to_string())
        .with("records", f.record_ids.join(","))
        .with("entities", f.entity_ids.join(","));
    if !f.goods.is_empty() {
        record = record.with("goods", f.goods.join(","));
    }
    if !f.indicators.is_empty() {
        record = record.with("indicators", f.indicators.join(","));
    }
    p.verification.findings.push(Finding {
        id: id.clone(),
        kind: f.kind,
        request: f.request,
        title,
        record_ids: f.record_ids,
        entity_ids: f.entity_ids,
        goods: f.goods,
        indicators: f.indicators,
        impact_t: f.impact_t,
        corrected: false,
        status: FindingStatus::Open,
        client_response: String::new(),
        conclusion: String::new(),
        raised_by: cx.actor.name.clone(),
        raised_at: cx.at.clone(),
    });
    Ok((record, Some(id)))
}

pub(super) fn finding(p: &mut Project, id: &str, change: FindingChange) -> Out {
    let f = p
        .verification
        .findings
        .iter_mut()
        .find(|f| f.id == id)
        .ok_or_else(|| EditError::NotFound {
            what: "finding",
            id: id.to_string(),
        })?;
    let unchanged = |what: &'static str, value: String| Err(EditError::Unchanged { what, value });
    let record = match change {
        FindingChange::Status(s) => {
            if f.status == s {
                return unchanged("finding.status", s.key().into());
            }
            if s == FindingStatus::Closed && f.conclusion.trim().is_empty() {
                return Err(EditError::CloseWithoutConclusion { id: id.to_string() });
            }
            let from = f.status;
            f.status = s;
            Record::new(
                "finding.status",
                format!("{id} status: {} → {}", from.label(), s.label()),
            )
            .with("from", from.key())
            .with("to", s.key())
        }
        FindingChange::Response(text) => {
            if f.client_response == text {
                return unchanged("finding.response", text);
            }
            let d = format!(
                "{id} client response: {}",
                change_text(&f.client_response, &text)
            );
            let r = Record::new("finding.response", d)
                .with("from", f.client_response.clone())
                .with("to", text.clone());
            f.client_response = text;
            r
        }
        FindingChange::Conclusion(text) => {
            if f.conclusion == text {
                return unchanged("finding.conclusion", text);
            }
            if text.trim().is_empty() && f.status == FindingStatus::Closed {
                return Err(EditError::CloseWithoutConclusion { id: id.to_string() });
            }
            let d = format!(
                "{id} verifier's conclusion: {}",
                change_text(&f.conclusion, &text)
            );
            let r = Record::new("finding.conclusion", d)
                .with("from", f.conclusion.clone())
                .with("to", text.clone());
            f.conclusion = text;
            r
        }
        FindingChange::Corrected(on) => {
            if f.corrected == on {
                return unchanged("finding.corrected", on.to_string());
            }
            f.corrected = on;
            Record::new(
                "finding.corrected",
                if on {
                    format!("{id}: corrected by the client")
                } else {
                    format!("{id}: no longer marked corrected")
                },
            )
            .with("from", (!on).to_string())
            .with("to", on.to_string())
        }
    };
    Ok((record.with("finding", id), None))
}

fn sample_params(params: &SampleParams) -> Result<(), EditError> {
    if !(params.key_pct.is_finite() && params.key_pct > 0.0 && params.key_pct <= 100.0) {
        return Err(EditError::Invalid {
            field: "sample.key_pct",
            value: params.key_pct.to_string(),
            rule: Refusal::Percentage {
                zero_allowed: false,
            },
        });
    }
    Ok(())
}

/// Draws the plan, moving test results of records no longer in it aside.
/// Returns how many were set aside.
fn install(p: &mut Project, plan: SamplePlan) -> usize {
    let v = &mut p.verification;
    let in_plan: HashSet<&str> = plan
        .key_items
        .iter()
        .chain(&plan.sampled)
        .map(String::as_str)
        .collect();
    let (keep, aside): (Vec<SampleTest>, Vec<SampleTest>) = std::mem::take(&mut v.tests)
        .into_iter()
        .partition(|t| in_plan.contains(t.record_id.as_str()));
    let n = aside.len();
    v.tests = keep;
    v.set_aside_tests.extend(aside);
    v.sample = Some(plan);
    n
}

fn sample_record(
    action: &'static str,
    mut detail: String,
    plan: &SamplePlan,
    method: Method,
    aside: usize,
) -> Record {
    if aside > 0 {
        detail.push_str(&format!("; {aside} earlier test result(s) set aside"));
    }
    let record = Record::new(action, detail)
        .with("seed", plan.seed.to_string())
        .with("method", method.key())
        .with("key_pct", plan.key_pct.to_string())
        .with("size", plan.size.to_string())
        .with("key_items", plan.key_items.len().to_string())
        .with("sampled", plan.sampled.len().to_string())
        .with("tests_set_aside", aside.to_string());
    if plan.population.is_empty() {
        record
    } else {
        record.with("population", plan.population.clone())
    }
}

pub(super) fn save_sample(
    p: &mut Project,
    inv: &Inventory,
    params: SampleParams,
    replace: bool,
) -> Out {
    sample_params(&params)?;
    let v = &p.verification;
    if v.sample.is_some() && !v.tests.is_empty() && !replace {
        return Err(EditError::SampleHasTests {
            tests: v.tests.len(),
        });
    }
    let SampleParams {
        seed,
        key_pct,
        method,
        population,
        ..
    } = params;
    let items = sampling::select(p, inv, &params);
    let plan = sampling::plan_record(p, inv, &params, &items);
    let detail = format!(
        "Sample saved: seed {seed}, {}, from {}, key items at or above {key_pct} % of the total: {} key item(s), {} sampled",
        method.label(),
        population.label(),
        plan.key_items.len(),
        plan.sampled.len()
    );
    let shown = plan.clone();
    let aside = install(p, plan);
    Ok((
        sample_record("sample.save", detail, &shown, method, aside),
        None,
    ))
}

pub(super) fn extend_sample(p: &mut Project, inv: &Inventory, additional: usize) -> Out {
    let Some(old) = p.verification.sample.clone() else {
        return Err(EditError::NoSample);
    };
    if additional == 0 {
        return Err(EditError::Unchanged {
            what: "sample.size",
            value: old.size.to_string(),
        });
    }
    let method = Method::from_plan_name(&old.method).unwrap_or(Method::TonneUnit);
    let population = sampling::Population::from_plan_name(&old.population).unwrap_or_default();
    let size = old.size.saturating_add(additional);
    let params = SampleParams {
        seed: old.seed,
        key_pct: old.key_pct,
        size,
        method,
        population,
    };
    let items = sampling::select(p, inv, &params);
    let plan = sampling::plan_record(p, inv, &params, &items);
    // The earlier selection must still be the start of the new one: it is,
    // unless records, factors or the methodology changed the population.
    if plan.key_items != old.key_items {
        return Err(EditError::SampleOutdated {
            why: "the key items changed".into(),
        });
    }
    if !plan.sampled.starts_with(&old.sampled) {
        return Err(EditError::SampleOutdated {
            why: "the population changed".into(),
        });
    }
    let added = plan.sampled.len() - old.sampled.len();
    let detail = format!(
        "Sample extended by {additional} to {size} (seed {}): {added} new item(s) to test",
        old.seed
    );
    let shown = plan.clone();
    let aside = install(p, plan);
    Ok((
        sample_record("sample.extend", detail, &shown, method, aside),
        None,
    ))
}

pub(super) fn record_tests(p: &mut Project, tests: Vec<TestInput>, cx: &Context<'_>) -> Out {
    let Some(plan) = &p.verification.sample else {
        return Err(EditError::NoSample);
    };
    if tests.is_empty() {
        return Err(EditError::Invalid {
            field: "test.record",
            value: String::new(),
            rule: Refusal::Required,
        });
    }
    let mut seen = HashSet::new();
    for t in &tests {
        if !(plan.key_items.contains(&t.record_id) || plan.sampled.contains(&t.record_id)) {
            return Err(EditError::NotInSample {
                id: t.record_id.clone(),
            });
        }
        if !seen.insert(t.record_id.as_str()) {
            return Err(EditError::Duplicate {
                what: "test result for record",
                id: t.record_id.clone(),
            });
        }
        if let TestResult::Misstated { verified_quantity } = t.result {
            finite("test.verified_quantity", verified_quantity)?;
            if verified_quantity < 0.0 {
                return Err(EditError::Invalid {
                    field: "test.verified_quantity",
                    value: verified_quantity.to_string(),
                    rule: Refusal::Negative,
                });
            }
        }
    }
    let mut record = Record::new(
        "test.record",
        tests
            .iter()
            .map(|t| format!("{}: {}", t.record_id, t.result.label()))
            .collect::<Vec<_>>()
            .join("; "),
    );
    for t in &tests {
        record = record
            .with("record", &t.record_id)
            .with("result", t.result.key());
        if let TestResult::Misstated { verified_quantity } = t.result {
            record = record.with("verified_quantity", verified_quantity.to_string());
        }
        if !t.evidence_ref.is_empty() {
            record = record.with("evidence", &t.evidence_ref);
        }
    }
    let v = &mut p.verification;
    v.tests.retain(|x| !seen.contains(x.record_id.as_str()));
    for t in tests {
        v.tests.push(SampleTest {
            record_id: t.record_id,
            result: t.result,
            evidence_ref: t.evidence_ref,
            tickmark: t.tickmark,
            comment: t.comment,
            who: cx.actor.name.clone(),
            at: cx.at.clone(),
        });
    }
    Ok((record, None))
}

pub(super) fn review_checks(
    p: &mut Project,
    inv: &Inventory,
    keys: Vec<String>,
    note: String,
    cx: &Context<'_>,
) -> Out {
    if keys.iter().all(|k| k.trim().is_empty()) {
        return Err(EditError::Invalid {
            field: "check.key",
            value: String::new(),
            rule: Refusal::Required,
        });
    }
    required("check.note", &note)?;
    let note = note.trim().to_string();
    let mut keys: Vec<String> = keys
        .into_iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    // Only results the checks give now, and only those that need a review.
    let open: HashSet<String> = crate::audit::run_checks(p, inv, crate::calc::library::bundled())
        .iter()
        .filter(|c| c.needs_review())
        .map(|c| c.key())
        .collect();
    if let Some(bad) = keys.iter().find(|k| !open.contains(*k)) {
        return Err(EditError::NotFound {
            what: "high or medium check result (the data may have changed since it was shown)",
            id: bad.clone(),
        });
    }
    let reviews = &mut p.verification.check_reviews;
    keys.retain(|k| !reviews.iter().any(|r| &r.key == k && r.note == note));
    if keys.is_empty() {
        return Err(EditError::Unchanged {
            what: "check.review",
            value: note,
        });
    }
    let detail = match keys.as_slice() {
        [one] => format!("Check result {one} reviewed: {note}"),
        many => format!("{} check results reviewed: {note}", many.len()),
    };
    let mut record = Record::new("check.review", detail).with("note", &note);
    for key in &keys {
        record = record.with("check", key);
        let review = CheckReview {
            key: key.clone(),
            note: note.clone(),
            who: cx.actor.name.clone(),
            at: cx.at.clone(),
        };
        match reviews.iter().position(|r| &r.key == key) {
            Some(i) => reviews[i] = review,
            None => reviews.push(review),
        }
    }
    Ok((record, None))
}

/// Records the test of a guiding indicator entered with its evidence.
pub(super) fn test_indicator(
    p: &mut Project,
    t: super::IndicatorTestInput,
    cx: &Context<'_>,
) -> Out {
    let entered = p
        .claims
        .as_ref()
        .is_some_and(|c| c.indicators.iter().any(|e| e.reference() == t.indicator));
    if !entered {
        return Err(EditError::NotFound {
            what: "guiding indicator",
            id: t.indicator,
        });
    }
    if let TestResult::Misstated { verified_quantity } = t.result
        && !(verified_quantity.is_finite() && verified_quantity >= 0.0)
    {
        return Err(EditError::Invalid {
            field: "test.verified_quantity",
            value: verified_quantity.to_string(),
            rule: Refusal::Negative,
        });
    }
    let detail = format!(
        "Indicator {} tested: {}{}",
        t.indicator,
        t.result.key(),
        if t.evidence_ref.is_empty() {
            String::new()
        } else {
            format!(" ({})", t.evidence_ref)
        }
    );
    let record = Record::new("indicator.test", detail)
        .with("indicator", &t.indicator)
        .with("result", t.result.key());
    let v = &mut p.verification;
    v.indicator_tests.retain(|x| x.indicator != t.indicator);
    v.indicator_tests.push(crate::model::IndicatorTest {
        indicator: t.indicator,
        result: t.result,
        evidence_ref: t.evidence_ref,
        comment: t.comment,
        who: cx.actor.name.clone(),
        at: cx.at.clone(),
    });
    v.indicator_tests
        .sort_by(|a, b| a.indicator.cmp(&b.indicator));
    Ok((record, None))
}
