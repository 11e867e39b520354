//! Park, engagement and entity fields. Values that are invalid are refused;
//! values that are only incomplete (an empty lead auditor, an exclusion not
//! yet justified) are taken and reported by `audit::readiness`.

use super::error::{EditError, Refusal};
use super::{EngagementField, EntityChange, ParkField, change_text};
use crate::audit::trail::Record;
use crate::model::Project;

type Out = Result<(Record, Option<String>), EditError>;

const YEARS: std::ops::RangeInclusive<i32> = crate::model::project::PLAUSIBLE_YEARS;

fn year(field: &'static str, v: i32) -> Result<(), EditError> {
    if YEARS.contains(&v) {
        Ok(())
    } else {
        Err(EditError::Invalid {
            field,
            value: v.to_string(),
            rule: Refusal::YearRange,
        })
    }
}

fn text(action: &'static str, label: &str, slot: &mut String, new: String) -> Out {
    if *slot == new {
        return Err(EditError::Unchanged {
            what: action,
            value: format!("\"{new}\""),
        });
    }
    let record = Record::new(action, format!("{label}: {}", change_text(slot, &new)))
        .with("from", slot.clone())
        .with("to", new.clone());
    *slot = new;
    Ok((record, None))
}

fn number<T: PartialEq + ToString + Copy>(
    action: &'static str,
    label: &str,
    slot: &mut T,
    new: T,
) -> Out {
    if *slot == new {
        return Err(EditError::Unchanged {
            what: action,
            value: new.to_string(),
        });
    }
    let (from, to) = (slot.to_string(), new.to_string());
    *slot = new;
    Ok((
        Record::new(action, format!("{label}: {from} → {to}"))
            .with("from", from)
            .with("to", to),
        None,
    ))
}

pub(super) fn park(p: &mut Project, f: ParkField) -> Out {
    let park = &mut p.park;
    match f {
        ParkField::Name(v) => text("park.name", "Park name", &mut park.name, v),
        ParkField::NameZh(v) => text("park.name_zh", "Park name (Chinese)", &mut park.name_zh, v),
        ParkField::Province(v) => text("park.province", "Province", &mut park.province, v),
        ParkField::ReportingYear(v) => {
            year("park.reporting_year", v)?;
            number(
                "park.reporting_year",
                "Reporting year",
                &mut park.reporting_year,
                v,
            )
        }
        ParkField::BaseYear(v) => {
            year("park.base_year", v)?;
            number("park.base_year", "Base year", &mut park.base_year, v)
        }
    }
}

pub(super) fn engagement(p: &mut Project, f: EngagementField) -> Out {
    let e = &mut p.engagement;
    match f {
        EngagementField::Client(v) => text("engagement.client", "Client", &mut e.client, v),
        EngagementField::VerificationBody(v) => text(
            "engagement.verification_body",
            "Verification body",
            &mut e.verification_body,
            v,
        ),
        EngagementField::LeadAuditor(v) => text(
            "engagement.lead_auditor",
            "Lead auditor",
            &mut e.lead_auditor,
            v,
        ),
        EngagementField::ResponsibleParty(v) => text(
            "engagement.responsible_party",
            "Responsible party",
            &mut e.responsible_party,
            v,
        ),
        EngagementField::IntendedUsers(v) => text(
            "engagement.intended_users",
            "Intended users",
            &mut e.intended_users,
            v,
        ),
        EngagementField::Accreditation(v) => text(
            "engagement.accreditation",
            "Accreditation",
            &mut e.accreditation,
            v,
        ),
        EngagementField::Place(v) => text("engagement.place", "Place of issue", &mut e.place, v),
        EngagementField::Assurance(v) => {
            if e.assurance == v {
                return Err(EditError::Unchanged {
                    what: "engagement.assurance",
                    value: v.key().into(),
                });
            }
            let from = e.assurance.key();
            e.assurance = v;
            Ok((
                Record::new(
                    "engagement.assurance",
                    format!("Level of assurance: {from} → {}", v.key()),
                )
                .with("from", from)
                .with("to", v.key()),
                None,
            ))
        }
        EngagementField::MaterialityPct(v) => {
            if !(v.is_finite() && v > 0.0 && v <= 100.0) {
                return Err(EditError::Invalid {
                    field: "engagement.materiality_pct",
                    value: v.to_string(),
                    rule: Refusal::Percentage {
                        zero_allowed: false,
                    },
                });
            }
            number(
                "engagement.materiality_pct",
                "Materiality (% of the total)",
                &mut e.materiality_pct,
                v,
            )
        }
    }
}

pub(super) fn entity(p: &mut Project, id: &str, change: EntityChange) -> Out {
    let e = p
        .entities
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or_else(|| EditError::NotFound {
            what: "entity",
            id: id.to_string(),
        })?;
    let (action, label) = match &change {
        EntityChange::OwnershipPct(_) => ("entity.ownership_pct", "ownership %"),
        EntityChange::OperationalControl(_) => {
            ("entity.operational_control", "operational control")
        }
        EntityChange::FinancialControl(_) => ("entity.financial_control", "financial control"),
        EntityChange::Included(_) => ("entity.included", "included"),
        EntityChange::Justification(_) => ("entity.justification", "exclusion justification"),
    };
    // (from, to) as field values, and whether they are text (quoted in the detail).
    let (from, to, quoted) = match change {
        EntityChange::OwnershipPct(v) => {
            if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
                return Err(EditError::Invalid {
                    field: "entity.ownership_pct",
                    value: v.to_string(),
                    rule: Refusal::Percentage { zero_allowed: true },
                });
            }
            let from = e.ownership_pct.to_string();
            e.ownership_pct = v;
            (from, v.to_string(), false)
        }
        EntityChange::OperationalControl(v) => flag(&mut e.operational_control, v),
        EntityChange::FinancialControl(v) => flag(&mut e.financial_control, v),
        EntityChange::Included(v) => flag(&mut e.included, v),
        EntityChange::Justification(v) => {
            let from = e.exclusion_reason.clone().unwrap_or_default();
            let new = (!v.trim().is_empty()).then(|| v.clone());
            let to = new.clone().unwrap_or_default();
            if from == to {
                // Nothing to record: leave the field exactly as it is.
                return Err(EditError::Unchanged {
                    what: action,
                    value: to,
                });
            }
            e.exclusion_reason = new;
            (from, to, true)
        }
    };
    if from == to {
        return Err(EditError::Unchanged {
            what: action,
            value: to,
        });
    }
    let detail = if quoted {
        format!("{id} {label}: {}", change_text(&from, &to))
    } else {
        format!("{id} {label}: {from} → {to}")
    };
    Ok((
        Record::new(action, detail)
            .with("entity", id)
            .with("from", from)
            .with("to", to),
        None,
    ))
}

fn flag(slot: &mut bool, v: bool) -> (String, String, bool) {
    let from = slot.to_string();
    *slot = v;
    (from, v.to_string(), false)
}
