//! Data edits: the merge of a validated import, a factor-library update,
//! contractual instruments.

use super::error::{EditError, Refusal};
use crate::audit::trail::Record;
use crate::calc::gwp;
use crate::calc::summary::grouped;
use crate::io::import::ImportBatch;
use crate::model::{ContractualInstrument, EmissionFactor, GwpSnapshot, Project};
use foldhash::HashSet;

type Out = Result<(Record, Option<String>), EditError>;

/// Frozen library factors and GWP values brought up to a library: what
/// `calc::update::plan` found, with the values it expects the project to
/// hold (the edit is refused if they changed meanwhile).
#[derive(Debug, Clone, PartialEq)]
pub struct FactorUpdate {
    pub library_version: String,
    /// (frozen now, in the library) for each factor whose values or version differ.
    pub factors: Vec<(EmissionFactor, EmissionFactor)>,
    /// (frozen now, the library's) when the GWP values differ.
    pub gwp: Option<(Option<GwpSnapshot>, GwpSnapshot)>,
    /// Factors and GWP values whose values change (for the record).
    pub factor_changes: usize,
    pub gwp_changes: usize,
    pub total_before_t: Option<f64>,
    pub total_after_t: Option<f64>,
}

impl FactorUpdate {
    /// The edit for an update plan of `project`.
    pub fn from_plan(
        project: &Project,
        plan: &crate::calc::update::UpdatePlan,
        library_version: &str,
    ) -> FactorUpdate {
        let factors = project
            .factors
            .iter()
            .zip(&plan.updated.factors)
            .filter(|(old, new)| old != new)
            .map(|(old, new)| (old.clone(), new.clone()))
            .collect();
        let gwp = (project.gwp_snapshot != plan.updated.gwp_snapshot)
            .then(|| {
                plan.updated
                    .gwp_snapshot
                    .clone()
                    .map(|new| (project.gwp_snapshot.clone(), new))
            })
            .flatten();
        FactorUpdate {
            library_version: library_version.to_string(),
            factors,
            gwp,
            factor_changes: plan.factor_changes.len(),
            gwp_changes: plan.gwp_changes.len(),
            total_before_t: plan.total_before_t,
            total_after_t: plan.total_after_t,
        }
    }
}

pub(super) fn update_factors(p: &mut Project, u: FactorUpdate) -> Out {
    if u.factors.is_empty() && u.gwp.is_none() {
        return Err(EditError::Unchanged {
            what: "factors.update",
            value: format!("library {}", u.library_version),
        });
    }
    for (old, _) in &u.factors {
        if p.factor(&old.id) != Some(old) {
            return Err(EditError::StaleUpdate {
                why: format!("factor {} changed", old.id),
            });
        }
    }
    if let Some((old, new)) = &u.gwp {
        if p.gwp_snapshot != *old {
            return Err(EditError::StaleUpdate {
                why: "the GWP values changed".into(),
            });
        }
        if new.set != p.methodology.gwp_set {
            return Err(EditError::StaleUpdate {
                why: "the GWP set changed".into(),
            });
        }
    }
    for (_, new) in &u.factors {
        if let Some(f) = p.factors.iter_mut().find(|f| f.id == new.id) {
            *f = new.clone();
        }
    }
    if let Some((_, new)) = u.gwp {
        p.gwp_snapshot = Some(new);
    }
    let t = |v: Option<f64>| v.map_or("n/a".to_string(), |x| grouped(x, 3));
    let ids: Vec<&str> = u.factors.iter().map(|(o, _)| o.id.as_str()).collect();
    Ok((
        Record::new(
            "factors.update",
            format!(
                "to library {}: {} factor(s), {} GWP value(s) changed; total {} → {} t CO2e",
                u.library_version,
                u.factor_changes,
                u.gwp_changes,
                t(u.total_before_t),
                t(u.total_after_t)
            ),
        )
        .with("library", &u.library_version)
        .with("factors", ids.join(","))
        .with("gwp_values", u.gwp_changes.to_string())
        .with("total_before_t", t(u.total_before_t))
        .with("total_after_t", t(u.total_after_t)),
        None,
    ))
}

pub(super) fn keep_frozen(p: &mut Project, note: String) -> Out {
    let note = note.trim().to_string();
    if note.is_empty() {
        return Err(EditError::Invalid {
            field: "methodology.kept_library",
            value: String::new(),
            rule: Refusal::Required,
        });
    }
    let lib = crate::calc::library::bundled();
    let pending = crate::calc::update::pending(p, lib, &gwp::snapshot(p.methodology.gwp_set));
    if pending.factors.is_empty() && pending.gwp.is_empty() {
        return Err(EditError::NothingToKeep {
            library: lib.version.clone(),
        });
    }
    let kept = crate::model::KeptLibrary {
        library: lib.version.clone(),
        note: note.clone(),
    };
    if p.methodology.kept_library.as_ref() == Some(&kept) {
        return Err(EditError::Unchanged {
            what: "factors.keep",
            value: note,
        });
    }
    let record = Record::new(
        "factors.keep",
        format!(
            "Frozen values kept against library {}: {} factor(s), {} GWP value(s) differ — {note}",
            lib.version,
            pending.factors.len(),
            pending.gwp.len()
        ),
    )
    .with("library", &lib.version)
    .with("factors", pending.factors.join(","))
    .with("gwp_values", pending.gwp.len().to_string())
    .with("note", &note);
    p.methodology.kept_library = Some(kept);
    Ok((record, None))
}

/// The instrument kinds the GHG Protocol Scope 2 Guidance's quality criteria are checked for.
pub const INSTRUMENT_KINDS: [&str; 3] = ["GEC", "PPA", "green_power_trading"];

pub(super) fn add_instrument(p: &mut Project, i: ContractualInstrument) -> Out {
    let invalid = |field, value: String, rule| Err(EditError::Invalid { field, value, rule });
    if i.id.trim().is_empty() {
        return invalid("instrument.id", String::new(), Refusal::Required);
    }
    if p.instruments.iter().any(|x| x.id == i.id) {
        return Err(EditError::Duplicate {
            what: "instrument",
            id: i.id,
        });
    }
    let Some(kind) = INSTRUMENT_KINDS
        .iter()
        .find(|k| k.eq_ignore_ascii_case(i.kind.trim()))
    else {
        return invalid(
            "instrument.kind",
            i.kind,
            Refusal::OneOf("give GEC, PPA or green_power_trading"),
        );
    };
    let mut i = i;
    i.kind = kind.to_string();
    if p.entity(&i.entity_id).is_none() {
        return Err(EditError::NotFound {
            what: "entity",
            id: i.entity_id,
        });
    }
    if !(1990..=2100).contains(&i.vintage) {
        return invalid(
            "instrument.vintage",
            i.vintage.to_string(),
            Refusal::YearRange,
        );
    }
    if !(i.quantity_mwh.is_finite() && i.quantity_mwh > 0.0) {
        return invalid(
            "instrument.quantity_mwh",
            i.quantity_mwh.to_string(),
            Refusal::NotFinite,
        );
    }
    let record = Record::new(
        "instrument.add",
        format!(
            "Instrument {} ({}) for {}: {} MWh of {}, evidence {}",
            i.id, i.kind, i.entity_id, i.quantity_mwh, i.vintage, i.evidence_ref
        ),
    )
    .with("instrument", &i.id)
    .with("kind", &i.kind)
    .with("entity", &i.entity_id)
    .with("vintage", i.vintage.to_string())
    .with("quantity_mwh", i.quantity_mwh.to_string())
    .with("evidence", &i.evidence_ref);
    let id = i.id.clone();
    p.instruments.push(i);
    Ok((record, Some(id)))
}

pub(super) fn remove_instrument(p: &mut Project, id: &str) -> Out {
    let Some(pos) = p.instruments.iter().position(|x| x.id == id) else {
        return Err(EditError::NotFound {
            what: "instrument",
            id: id.to_string(),
        });
    };
    let i = p.instruments.remove(pos);
    Ok((
        Record::new(
            "instrument.remove",
            format!(
                "Instrument {} ({}) for {} removed",
                i.id, i.kind, i.entity_id
            ),
        )
        .with("instrument", &i.id),
        None,
    ))
}

fn stale(why: String) -> EditError {
    EditError::StaleImport { why }
}

pub(super) fn import(p: &mut Project, batch: ImportBatch) -> Out {
    let next = p.imports.iter().map(|i| i.id).max().unwrap_or(0) + 1;
    if batch.import.id != next {
        return Err(stale(format!(
            "it was prepared as import {}, the next is {next}",
            batch.import.id
        )));
    }
    let added =
        |i: &crate::model::ImportRecord| i.records_added + i.entities_added + i.factors_added > 0;
    if let Some(prev) = p
        .imports
        .iter()
        .find(|i| i.sha256 == batch.import.sha256 && added(i))
    {
        return Err(EditError::AlreadyImported {
            sha256: prev.sha256.clone(),
            id: prev.id,
        });
    }
    if let Some(e) = batch.entities.iter().find(|e| p.entity(&e.id).is_some()) {
        return Err(stale(format!("entity {} is already in the project", e.id)));
    }
    if let Some(f) = batch.factors.iter().find(|f| p.factor(&f.id).is_some()) {
        return Err(stale(format!("factor {} is already in the project", f.id)));
    }
    {
        let existing: HashSet<&str> = p
            .activity
            .iter()
            .chain(&p.base_year_activity)
            .map(|r| r.id.as_str())
            .collect();
        let entities: HashSet<&str> = p
            .entities
            .iter()
            .chain(&batch.entities)
            .map(|e| e.id.as_str())
            .collect();
        let factors: HashSet<&str> = p
            .factors
            .iter()
            .chain(&batch.factors)
            .map(|f| f.id.as_str())
            .collect();
        let mut ids = HashSet::with_capacity_and_hasher(batch.records.len(), Default::default());
        for r in &batch.records {
            if existing.contains(r.id.as_str()) || !ids.insert(r.id.as_str()) {
                return Err(stale(format!("record {} is already in the project", r.id)));
            }
            if !entities.contains(r.entity_id.as_str()) {
                return Err(stale(format!(
                    "record {} names entity {}, which the project does not have",
                    r.id, r.entity_id
                )));
            }
            if let Some(f) = std::iter::once(r.factor_id.as_str())
                .chain(r.market_factor_id.as_deref())
                .find(|f| !factors.contains(f))
            {
                return Err(stale(format!(
                    "record {} names factor {f}, which the project does not have",
                    r.id
                )));
            }
        }
    }
    let i = &batch.import;
    let mut record = Record::new(
        "import",
        format!(
            "{} (SHA-256 {}): +{} entities, +{} factors, +{} {}records, {} rows rejected",
            i.file_name,
            i.sha256,
            batch.entities.len(),
            batch.factors.len(),
            batch.records.len(),
            if batch.base_year { "base-year " } else { "" },
            i.rejected_rows.len()
        ),
    )
    .with("import", i.id.to_string())
    .with("file", &i.file_name)
    .with("sha256", &i.sha256)
    .with("entities", batch.entities.len().to_string())
    .with("factors", batch.factors.len().to_string())
    .with("records", batch.records.len().to_string())
    .with("rejected_rows", i.rejected_rows.len().to_string())
    .with("base_year", batch.base_year.to_string());
    if !batch.indicators.is_empty() {
        // Only when there are some: earlier imports' entries keep their hash.
        record.detail.push_str(&format!(
            ", {} guiding indicator(s)",
            batch.indicators.len()
        ));
        record = record.with("indicators", batch.indicators.len().to_string());
    }
    let id = i.id.to_string();
    batch.append_to(p);
    if p.gwp_snapshot.is_none() {
        // Freeze the GWP values the inventory now rests on.
        p.gwp_snapshot = Some(gwp::snapshot(p.methodology.gwp_set));
    }
    Ok((record, Some(id)))
}
