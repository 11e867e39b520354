//! CBAM installations and settings. What is invalid (a share over 100 %, a
//! CN code outside CBAM, a precursor that does not exist) is refused; what
//! is only incomplete (no activity level yet, shares short of 100 %, a
//! precursor's evidence) is taken and reported by the CBAM checks.

use super::error::{EditError, Refusal, invalid, non_negative, required};
use crate::audit::trail::Record;
use crate::model::Project;
use crate::model::cbam::{Cbam, Installation, PrecursorSee};

type Out = Result<(Record, Option<String>), EditError>;

fn pct(field: &'static str, v: f64) -> Result<(), EditError> {
    if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
        return Err(invalid(
            field,
            v,
            Refusal::Percentage { zero_allowed: true },
        ));
    }
    Ok(())
}

fn country(field: &'static str, v: &str) -> Result<(), EditError> {
    if v.len() == 2 && v.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(invalid(field, v, Refusal::CountryCode))
    }
}

/// A CN code of a CBAM good of `sector` (Regulation (EU) 2023/956 Annex I,
/// the bundled list): 4 to 8 digits, spaces allowed as the CN writes them.
fn cn_code(
    field: &'static str,
    code: &str,
    sector: crate::model::cbam::CbamSector,
) -> Result<(), EditError> {
    let digits = crate::calc::cbam_defaults::cn_digits(code);
    let well_formed = code.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && (4..=8).contains(&digits.len())
        && digits.len().is_multiple_of(2);
    if !well_formed {
        return Err(invalid(field, code, Refusal::CnCode));
    }
    let lib = crate::calc::library::bundled();
    let good = lib.cbam.iter().find(|g| {
        let d = crate::calc::cbam_defaults::cn_digits(&g.cn_code);
        !d.is_empty() && digits.starts_with(&d)
    });
    match good {
        None => Err(invalid(field, code, Refusal::NotCbamGood)),
        Some(g) if g.sector != sector.library_key() => Err(invalid(
            field,
            code,
            Refusal::OtherSector(sector.table_name()),
        )),
        Some(_) => Ok(()),
    }
}

/// Empty, or five characters: the country code, then three letters or
/// digits 2–9 (UN/LOCODE).
fn unlocode_ok(lo: &str, country: &str) -> bool {
    let rest = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_uppercase() || ('2'..='9').contains(&c))
    };
    lo.is_empty() || (lo.len() == 5 && lo.strip_prefix(country).is_some_and(rest))
}

/// Every rule an installation must meet, against the project.
pub(super) fn validate(p: &Project, inst: &Installation) -> Result<(), EditError> {
    if p.entity(&inst.entity_id).is_none() {
        return Err(EditError::NotFound {
            what: "entity",
            id: inst.entity_id.clone(),
        });
    }
    required("cbam.name_en", &inst.name_en)?;
    country("cbam.country", &inst.country)?;
    if !unlocode_ok(&inst.unlocode, &inst.country) {
        return Err(invalid("cbam.unlocode", &inst.unlocode, Refusal::Unlocode));
    }
    if !(inst.latitude_deg.is_finite() && (-90.0..=90.0).contains(&inst.latitude_deg)) {
        return Err(invalid(
            "cbam.latitude",
            inst.latitude_deg,
            Refusal::Latitude,
        ));
    }
    if !(inst.longitude_deg.is_finite() && (-180.0..=180.0).contains(&inst.longitude_deg)) {
        return Err(invalid(
            "cbam.longitude",
            inst.longitude_deg,
            Refusal::Longitude,
        ));
    }
    let mut ids: Vec<&str> = inst
        .processes
        .iter()
        .map(|q| q.id.as_str())
        .chain(inst.purchased.iter().map(|q| q.id.as_str()))
        .collect();
    for id in &ids {
        required("cbam.process.id", id)?;
    }
    ids.sort_unstable();
    if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
        return Err(EditError::Duplicate {
            what: "process or precursor",
            id: w[0].to_string(),
        });
    }
    for q in &inst.processes {
        required("cbam.process.name", &q.name)?;
        if q.cn_codes.is_empty() {
            return Err(invalid("cbam.process.cn_code", "", Refusal::Required));
        }
        for c in &q.cn_codes {
            cn_code("cbam.process.cn_code", c, q.category.sector())?;
        }
        non_negative("cbam.process.activity_level_t", q.activity_level_t)?;
        if let Some(reason) = &q.default_values_reason {
            required("cbam.process.default_values_reason", reason)?;
        }
        for c in &q.consumes {
            if c.precursor == q.id || !ids.contains(&c.precursor.as_str()) {
                return Err(EditError::NotFound {
                    what: "precursor",
                    id: c.precursor.clone(),
                });
            }
            non_negative("cbam.process.consumed_t", c.quantity_t)?;
        }
        let f = &q.flows;
        for v in [
            f.heat_imported_tj,
            f.heat_imported_t_per_tj,
            f.heat_exported_tj,
            f.heat_exported_t_per_tj,
            f.waste_gas_imported_tj,
            f.waste_gas_exported_tj,
            f.electricity_produced_mwh,
            f.electricity_produced_t_per_mwh,
            f.electricity_exported_mwh,
        ] {
            non_negative("cbam.process.flows", v)?;
        }
        let k = &q.qualifying;
        for v in [
            k.mn_pct,
            k.cr_pct,
            k.ni_pct,
            k.other_alloys_pct,
            k.carbon_pct,
            k.other_materials_pct,
            k.pre_consumer_scrap_pct,
            k.non_aluminium_pct,
            k.concentration_pct,
            k.nitric_acid_pct,
            k.urea_pct,
            k.n_total_pct,
            k.n_ammonium_pct,
            k.n_nitrate_pct,
            k.n_urea_pct,
            k.n_other_pct,
        ]
        .into_iter()
        .flatten()
        {
            pct("cbam.process.qualifying_pct", v)?;
        }
        for v in [
            k.scrap_t_per_t_steel,
            k.scrap_t_per_t_aluminium,
            k.clinker_factor,
        ]
        .into_iter()
        .flatten()
        {
            non_negative("cbam.process.qualifying", v)?;
        }
    }
    let mut keys = Vec::new();
    for a in &inst.attributions {
        required("cbam.attribution.activity", &a.activity)?;
        if let Some(id) = &a.record_id {
            let found = p
                .activity
                .iter()
                .any(|r| &r.id == id && r.entity_id == inst.entity_id && r.activity == a.activity);
            if !found {
                return Err(EditError::NotFound {
                    what: "record of the installation with that activity",
                    id: id.clone(),
                });
            }
        }
        let key = (a.activity.as_str(), a.record_id.as_deref());
        if keys.contains(&key) {
            return Err(EditError::Duplicate {
                what: "attribution",
                id: a.record_id.clone().unwrap_or_else(|| a.activity.clone()),
            });
        }
        keys.push(key);
        pct("cbam.attribution.not_cbam_pct", a.not_cbam_pct)?;
        let mut sum = a.not_cbam_pct;
        for s in &a.shares {
            if inst.process(&s.process).is_none() {
                return Err(EditError::NotFound {
                    what: "process",
                    id: s.process.clone(),
                });
            }
            pct("cbam.attribution.share_pct", s.pct)?;
            sum += s.pct;
        }
        if sum > 100.0 + 1e-9 {
            return Err(invalid(
                "cbam.attribution.share_pct",
                format!("{sum}"),
                Refusal::SharesOver100,
            ));
        }
    }
    for q in &inst.purchased {
        required("cbam.purchased.name", &q.name)?;
        cn_code("cbam.purchased.cn_code", &q.cn_code, q.category.sector())?;
        if !q.country.is_empty() {
            country("cbam.purchased.country", &q.country)?;
        }
        if let PrecursorSee::Actual {
            direct_t_per_t,
            indirect_t_per_t,
            ..
        } = &q.see
        {
            non_negative("cbam.purchased.see", *direct_t_per_t)?;
            non_negative("cbam.purchased.see", *indirect_t_per_t)?;
        }
        non_negative(
            "cbam.purchased.electricity_mwh_per_t",
            q.electricity_mwh_per_t,
        )?;
    }
    for c in &inst.carbon_prices {
        required("cbam.carbon_price.instrument", &c.instrument)?;
        if let Some(id) = &c.process
            && inst.process(id).is_none()
        {
            return Err(EditError::NotFound {
                what: "process",
                id: id.clone(),
            });
        }
        pct("cbam.carbon_price.share_pct", c.share_covered_pct)?;
        pct("cbam.carbon_price.rebate_pct", c.rebate_pct)?;
        non_negative("cbam.carbon_price.price", c.price_per_t)?;
        if !(c.currency.len() == 3 && c.currency.chars().all(|x| x.is_ascii_uppercase())) {
            return Err(invalid(
                "cbam.carbon_price.currency",
                &c.currency,
                Refusal::Currency,
            ));
        }
        non_negative("cbam.carbon_price.eur_per_unit", c.eur_per_unit)?;
    }
    Ok(())
}

/// A summary of an installation for the trail: its processes with CN code
/// and activity level, explicit (never a serialization of the struct).
fn summary(inst: &Installation) -> String {
    let processes: Vec<String> = inst
        .processes
        .iter()
        .map(|q| {
            format!(
                "{} {} (CN {}, {} {})",
                q.id,
                q.name,
                q.cn_codes.join("/"),
                q.activity_level_t,
                q.functional_unit.unit()
            )
        })
        .collect();
    format!(
        "{}; {} attribution(s), {} purchased precursor(s), {} carbon price(s)",
        if processes.is_empty() {
            "no processes".to_string()
        } else {
            processes.join(", ")
        },
        inst.attributions.len(),
        inst.purchased.len(),
        inst.carbon_prices.len()
    )
}

/// The settings a new CBAM section starts with: goods imported next year
/// (from 2026, the first of the definitive period), at a certificate price
/// the user replaces.
pub fn new_section(p: &Project) -> Cbam {
    Cbam {
        declaration_year: (p.park.reporting_year + 1).max(2026),
        certificate_price_eur: 0.0,
        installations: Vec::new(),
    }
}

pub(super) fn set_installation(p: &mut Project, inst: Installation) -> Out {
    validate(p, &inst)?;
    let existing = p.cbam.as_ref().and_then(|c| {
        c.installations
            .iter()
            .position(|i| i.entity_id == inst.entity_id)
    });
    if let (Some(c), Some(i)) = (&p.cbam, existing)
        && c.installations[i] == inst
    {
        return Err(EditError::Unchanged {
            what: "cbam.installation",
            value: inst.entity_id.clone(),
        });
    }
    let what = summary(&inst);
    let id = inst.entity_id.clone();
    let verb = if existing.is_some() {
        "changed"
    } else {
        "added"
    };
    let section = match p.cbam.take() {
        Some(c) => c,
        None => new_section(p),
    };
    let cbam = p.cbam.insert(section);
    match existing {
        Some(i) => cbam.installations[i] = inst,
        None => {
            cbam.installations.push(inst);
            cbam.installations
                .sort_by(|a, b| a.entity_id.cmp(&b.entity_id));
        }
    }
    Ok((
        Record::new(
            "cbam.installation",
            format!("CBAM installation {id} {verb}: {what}"),
        )
        .with("entity", id)
        .with("change", verb)
        .with("content", what),
        None,
    ))
}

pub(super) fn remove_installation(p: &mut Project, entity_id: &str) -> Out {
    let Some(i) = p.cbam.as_ref().and_then(|c| {
        c.installations
            .iter()
            .position(|i| i.entity_id == entity_id)
    }) else {
        return Err(EditError::NotFound {
            what: "CBAM installation",
            id: entity_id.to_string(),
        });
    };
    if let Some(c) = p.cbam.as_mut() {
        c.installations.remove(i);
    }
    Ok((
        Record::new(
            "cbam.installation.remove",
            format!("CBAM installation {entity_id} removed"),
        )
        .with("entity", entity_id),
        None,
    ))
}

pub(super) fn settings(p: &mut Project, year: i32, price_eur: f64) -> Out {
    if !crate::model::project::PLAUSIBLE_YEARS.contains(&year) {
        return Err(invalid("cbam.declaration_year", year, Refusal::YearRange));
    }
    non_negative("cbam.certificate_price_eur", price_eur)?;
    let fresh = new_section(p);
    let old = p
        .cbam
        .as_ref()
        .map(|c| (c.declaration_year, c.certificate_price_eur));
    if old == Some((year, price_eur)) {
        return Err(EditError::Unchanged {
            what: "cbam.settings",
            value: format!("{year}, {price_eur} EUR"),
        });
    }
    let old = old.unwrap_or((fresh.declaration_year, fresh.certificate_price_eur));
    let cbam = p.cbam.get_or_insert(fresh);
    cbam.declaration_year = year;
    cbam.certificate_price_eur = price_eur;
    Ok((
        Record::new(
            "cbam.settings",
            format!(
                "CBAM settings: declaration year {} → {year}, certificate price {} → {price_eur} EUR",
                old.0, old.1
            ),
        )
        .with("declaration_year", year.to_string())
        .with("certificate_price_eur", price_eur.to_string()),
        None,
    ))
}
