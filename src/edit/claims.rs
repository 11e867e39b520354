//! The claims section: the methodology decisions of the core indicator, the
//! guiding indicators entered with their evidence, the credits register,
//! the ISO 14068-1 claim, earlier inventories, measures and targets. A
//! credit block whose serials overlap another's, that was retired too late
//! or whose count is not its quantity is refused; so is an "achieved" claim
//! the retired credits do not cover.

use super::ClaimsChange;
use super::error::{EditError, Refusal, invalid, non_negative as number, required};
use crate::audit::trail::Record;
use crate::calc::Inventory;
use crate::calc::claims as calc;
use crate::model::Project;
use crate::model::claims::{ClaimKind, Claims, Credit};

type Out = Result<(Record, Option<String>), EditError>;

fn year(field: &'static str, y: i32) -> Result<(), EditError> {
    if crate::model::project::PLAUSIBLE_YEARS.contains(&y) {
        Ok(())
    } else {
        Err(invalid(field, y, Refusal::YearRange))
    }
}

/// A `YYYY-MM-DD` date (checked as text: the months and days exist).
fn date(field: &'static str, d: &str) -> Result<(), EditError> {
    let ok = d.len() == 10
        && d.as_bytes()[4] == b'-'
        && d.as_bytes()[7] == b'-'
        && d[..4].parse::<i32>().is_ok()
        && d[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && d[8..].parse::<u32>().is_ok_and(|x| (1..=31).contains(&x));
    if ok {
        Ok(())
    } else {
        Err(invalid(field, d, Refusal::Date))
    }
}

/// Every rule a new credit block meets against the register.
pub(super) fn check_credit(claims: &Claims, c: &Credit) -> Result<(), EditError> {
    required("credit.id", &c.id)?;
    if claims.credits.iter().any(|x| x.id == c.id) {
        return Err(EditError::Duplicate {
            what: "credit block",
            id: c.id.clone(),
        });
    }
    required("credit.programme", &c.programme)?;
    required("credit.project", &c.project)?;
    year("credit.vintage", c.vintage)?;
    year("credit.claim_year", c.claim_year)?;
    number("credit.quantity_t", c.quantity_t)?;
    date("credit.retired_on", &c.retired_on)?;
    let (Some((p1, first)), Some((p2, last))) =
        (calc::serial(&c.serial_first), calc::serial(&c.serial_last))
    else {
        return Err(invalid(
            "credit.serial",
            format!("{} … {}", c.serial_first, c.serial_last),
            Refusal::Serial,
        ));
    };
    if p1 != p2 || last < first {
        return Err(invalid(
            "credit.serial",
            format!("{} … {}", c.serial_first, c.serial_last),
            Refusal::Serial,
        ));
    }
    let count = (last - first + 1) as f64;
    if count != c.quantity_t {
        return Err(EditError::CreditCount {
            id: c.id.clone(),
            serials: count,
            quantity: c.quantity_t,
        });
    }
    // Serial ranges never overlap or repeat, whatever claim or year.
    for x in &claims.credits {
        if x.programme != c.programme {
            continue;
        }
        let (Some((q1, a)), Some((_, b))) =
            (calc::serial(&x.serial_first), calc::serial(&x.serial_last))
        else {
            continue;
        };
        if q1 == p1 && first <= b && a <= last {
            return Err(EditError::SerialOverlap {
                id: c.id.clone(),
                other: x.id.clone(),
                claim_year: x.claim_year,
            });
        }
    }
    let by = calc::retire_by(c.claim_year);
    if c.retired_on.as_str() > by.as_str() {
        return Err(EditError::RetiredLate {
            id: c.id.clone(),
            retired_on: c.retired_on.clone(),
            by,
        });
    }
    Ok(())
}

/// Whether an achieved claim is covered by the credits after a change.
fn covered(p: &Project, claims: &Claims, inv: &Inventory) -> Result<(), EditError> {
    let Some(c) = &claims.claim else {
        return Ok(());
    };
    if c.kind != ClaimKind::Achieved {
        return Ok(());
    }
    let year = p.park.reporting_year;
    if let Some(b) = calc::balance(claims, &inv.by_entity, year)
        && b.surplus_t < 0.0
    {
        return Err(EditError::ClaimNotCovered {
            residual_t: b.residual_t,
            credits_t: b.credits_avoidance_t + b.credits_removal_t,
            year,
        });
    }
    Ok(())
}

pub(super) fn change(p: &mut Project, change: ClaimsChange, inv: Option<&Inventory>) -> Out {
    let mut claims = p.claims.clone().unwrap_or_default();
    let record = match change {
        ClaimsChange::Method(m) => {
            number("claims.base_year_threshold_pct", m.base_year_threshold_pct)?;
            if claims.method == m {
                return Err(EditError::Unchanged {
                    what: "claims.method",
                    value: "the same decisions".into(),
                });
            }
            let r = Record::new(
                "claims.method",
                format!(
                    "Core indicator: green electricity at zero {}, process CO2 counted {}; base-year recalculation threshold {} %",
                    m.green_electricity_zero, m.include_process_co2, m.base_year_threshold_pct
                ),
            )
            .with("green_electricity_zero", m.green_electricity_zero.to_string())
            .with("include_process_co2", m.include_process_co2.to_string())
            .with("base_year_threshold_pct", m.base_year_threshold_pct.to_string());
            claims.method = m;
            r
        }
        ClaimsChange::SetIndicator(e) => {
            number("indicator.part", e.part)?;
            number("indicator.whole", e.whole)?;
            required("indicator.evidence", &e.evidence)?;
            let r = Record::new(
                "claims.indicator",
                format!(
                    "{}: {} of {} {} ({})",
                    e.indicator.label(),
                    e.part,
                    e.whole,
                    e.unit,
                    e.evidence
                ),
            )
            .with("indicator", e.indicator.key())
            .with("part", e.part.to_string())
            .with("whole", e.whole.to_string());
            claims
                .indicators
                .retain(|x| !(x.indicator == e.indicator && x.product == e.product));
            claims.indicators.push(e);
            claims
                .indicators
                .sort_by(|a, b| (a.indicator, &a.product).cmp(&(b.indicator, &b.product)));
            r
        }
        ClaimsChange::AddCredit(c) => {
            check_credit(&claims, &c)?;
            let r = Record::new(
                "claims.credit",
                format!(
                    "Credits {} retired for {}: {} t {} ({}, {}, serials {} … {}, vintage {}, retired {})",
                    c.id,
                    c.claim_year,
                    c.quantity_t,
                    c.kind.key(),
                    c.programme,
                    c.project,
                    c.serial_first,
                    c.serial_last,
                    c.vintage,
                    c.retired_on
                ),
            )
            .with("credit", &c.id)
            .with("quantity_t", c.quantity_t.to_string())
            .with("claim_year", c.claim_year.to_string());
            claims.credits.push(c);
            r
        }
        ClaimsChange::RemoveCredit { id } => {
            let Some(i) = claims.credits.iter().position(|c| c.id == id) else {
                return Err(EditError::NotFound {
                    what: "credit block",
                    id,
                });
            };
            claims.credits.remove(i);
            if let Some(inv) = inv {
                covered(p, &claims, inv)?;
            }
            Record::new("claims.credit.remove", format!("Credits {id} removed")).with("credit", id)
        }
        ClaimsChange::SetClaim(c) => {
            if let Some(c) = &c {
                required("claim.subject", &c.subject)?;
                required("claim.management_plan", &c.management_plan)?;
                number("claim.removals_t", c.removals_t)?;
                if c.entities.is_empty() {
                    return Err(invalid("claim.entities", "", Refusal::Required));
                }
                if let Some(bad) = c.entities.iter().find(|e| p.entity(e).is_none()) {
                    return Err(EditError::NotFound {
                        what: "entity",
                        id: bad.clone(),
                    });
                }
                if c.kind == ClaimKind::Commitment {
                    match c.target_year {
                        Some(y) if y >= p.park.reporting_year && y <= 2100 => {}
                        other => {
                            return Err(invalid(
                                "claim.target_year",
                                other.map_or(String::new(), |y| y.to_string()),
                                Refusal::YearRange,
                            ));
                        }
                    }
                }
            }
            let text = c.as_ref().map_or("none".to_string(), |c| {
                format!(
                    "{} claim of {} ({})",
                    c.kind.key(),
                    c.subject,
                    c.entities.join(", ")
                )
            });
            claims.claim = c;
            if let Some(inv) = inv {
                covered(p, &claims, inv)?;
            }
            Record::new("claims.claim", format!("Carbon-neutrality claim: {text}"))
        }
        ClaimsChange::SetPast(h) => {
            year("history.year", h.year)?;
            number("history.total_t", h.total_t)?;
            required("history.source", &h.source)?;
            let r = Record::new(
                "claims.history",
                format!(
                    "Inventory of {}: {} t CO2e ({})",
                    h.year, h.total_t, h.source
                ),
            )
            .with("year", h.year.to_string())
            .with("total_t", h.total_t.to_string());
            claims.history.retain(|x| x.year != h.year);
            claims.history.push(h);
            claims.history.sort_by_key(|x| x.year);
            r
        }
        ClaimsChange::AddMeasure(m) => {
            required("measure.name", &m.name)?;
            year("measure.start_year", m.start_year)?;
            number("measure.reduction_t_per_year", m.reduction_t_per_year)?;
            if !m.cost_cny_per_t.is_finite() {
                return Err(invalid(
                    "measure.cost_cny_per_t",
                    m.cost_cny_per_t,
                    Refusal::NotFinite,
                ));
            }
            if !m.entity_id.is_empty() && p.entity(&m.entity_id).is_none() {
                return Err(EditError::NotFound {
                    what: "entity",
                    id: m.entity_id.clone(),
                });
            }
            if claims.measures.iter().any(|x| x.name == m.name) {
                return Err(EditError::Duplicate {
                    what: "measure",
                    id: m.name.clone(),
                });
            }
            let r = Record::new(
                "claims.measure",
                format!(
                    "Measure {}: {} t CO2e/a from {}, {} CNY/t",
                    m.name, m.reduction_t_per_year, m.start_year, m.cost_cny_per_t
                ),
            )
            .with("measure", &m.name);
            claims.measures.push(m);
            r
        }
        ClaimsChange::RemoveMeasure { name } => {
            let before = claims.measures.len();
            claims.measures.retain(|m| m.name != name);
            if claims.measures.len() == before {
                return Err(EditError::NotFound {
                    what: "measure",
                    id: name,
                });
            }
            Record::new("claims.measure.remove", format!("Measure {name} removed"))
                .with("measure", name)
        }
        ClaimsChange::SetTarget(t) => {
            year("target.year", t.year)?;
            if !(t.reduction_pct.is_finite() && (0.0..=100.0).contains(&t.reduction_pct)) {
                return Err(invalid(
                    "target.reduction_pct",
                    t.reduction_pct,
                    Refusal::Percentage { zero_allowed: true },
                ));
            }
            if t.year <= p.park.base_year {
                return Err(invalid("target.year", t.year, Refusal::AfterBaseYear));
            }
            let r = Record::new(
                "claims.target",
                format!(
                    "Target: −{} % by {} against the base year {}",
                    t.reduction_pct, t.year, p.park.base_year
                ),
            )
            .with("year", t.year.to_string())
            .with("reduction_pct", t.reduction_pct.to_string());
            claims.targets.retain(|x| x.year != t.year);
            claims.targets.push(t);
            claims.targets.sort_by_key(|x| x.year);
            r
        }
    };
    p.claims = Some(claims);
    Ok((record, None))
}
