//! The CBAM section's canonical encoding inside the `data` section digest
//! (specified in `docs/project-format.md`): what the verifier's sign-off of
//! the data covers of the installations. Absent in projects without CBAM
//! installations, so their digests are those of earlier builds.

use super::digest::Canon;
use crate::model::cbam::{Cbam, Installation, PrecursorSee, Process, Qualifying};

/// Writes the project's `cbam` object.
pub fn encode(c: &mut Canon, cb: &Cbam) {
    c.obj("cbam", Some(cb), |c, cb| {
        c.int("declaration_year", i64::from(cb.declaration_year))
            .f64("certificate_price_eur", cb.certificate_price_eur)
            .list("installations", &cb.installations, installation);
    });
}

fn installation(c: &mut Canon, i: &Installation) {
    c.str("entity_id", &i.entity_id)
        .str("name_en", &i.name_en)
        .str("address_en", &i.address_en)
        .str("city", &i.city)
        .str("country", &i.country)
        .str("unlocode", &i.unlocode)
        .f64("latitude_deg", i.latitude_deg)
        .f64("longitude_deg", i.longitude_deg)
        .str("economic_activity", &i.economic_activity)
        .str("representative", &i.representative)
        .list("processes", &i.processes, process)
        .list("attributions", &i.attributions, |c, a| {
            c.str("activity", &a.activity)
                .opt("record_id", a.record_id.as_deref())
                .list("shares", &a.shares, |c, s| {
                    c.str("process", &s.process).f64("pct", s.pct);
                })
                .f64("not_cbam_pct", a.not_cbam_pct);
        })
        .list("purchased", &i.purchased, |c, q| {
            c.str("id", &q.id)
                .str("name", &q.name)
                .str("category", q.category.key())
                .str("cn_code", &q.cn_code)
                .str("country", &q.country)
                .str("route", &q.route)
                .str("supplier", &q.supplier)
                .obj("see", Some(&q.see), |c, see| match see {
                    PrecursorSee::Actual {
                        direct_t_per_t,
                        indirect_t_per_t,
                        evidence,
                    } => {
                        c.str("kind", "actual")
                            .f64("direct_t_per_t", *direct_t_per_t)
                            .f64("indirect_t_per_t", *indirect_t_per_t)
                            .str("evidence", evidence);
                    }
                    PrecursorSee::Default => {
                        c.str("kind", "default");
                    }
                })
                .f64("electricity_mwh_per_t", q.electricity_mwh_per_t);
        })
        .str("electricity_source", i.electricity_source.key())
        .str("electricity_evidence", &i.electricity_evidence)
        .list("carbon_prices", &i.carbon_prices, |c, p| {
            c.opt("process", p.process.as_deref())
                .str("instrument", &p.instrument)
                .f64("share_covered_pct", p.share_covered_pct)
                .f64("price_per_t", p.price_per_t)
                .str("currency", &p.currency)
                .f64("eur_per_unit", p.eur_per_unit)
                .str("rebate", &p.rebate)
                .f64("rebate_pct", p.rebate_pct)
                .str("evidence", &p.evidence);
        });
}

fn process(c: &mut Canon, q: &Process) {
    let f = &q.flows;
    c.str("id", &q.id)
        .str("name", &q.name)
        .str("category", q.category.key())
        .str("route", &q.route)
        .strs("cn_codes", q.cn_codes.iter().map(String::as_str))
        .str("product_name", &q.product_name)
        .str("functional_unit", q.functional_unit.key())
        .f64("activity_level_t", q.activity_level_t)
        .str("activity_evidence", &q.activity_evidence)
        .list("consumes", &q.consumes, |c, k| {
            c.str("precursor", &k.precursor)
                .f64("quantity_t", k.quantity_t);
        })
        .obj("flows", (!f.is_empty()).then_some(f), |c, f| {
            c.f64("heat_imported_tj", f.heat_imported_tj)
                .f64("heat_imported_t_per_tj", f.heat_imported_t_per_tj)
                .f64("heat_exported_tj", f.heat_exported_tj)
                .f64("heat_exported_t_per_tj", f.heat_exported_t_per_tj)
                .f64("waste_gas_imported_tj", f.waste_gas_imported_tj)
                .f64("waste_gas_exported_tj", f.waste_gas_exported_tj)
                .f64("electricity_produced_mwh", f.electricity_produced_mwh)
                .f64(
                    "electricity_produced_t_per_mwh",
                    f.electricity_produced_t_per_mwh,
                )
                .f64("electricity_exported_mwh", f.electricity_exported_mwh)
                .str("source", &f.source);
        })
        .opt("default_values_reason", q.default_values_reason.as_deref())
        .obj(
            "qualifying",
            (!q.qualifying.is_empty()).then_some(&q.qualifying),
            qualifying,
        );
}

fn qualifying(c: &mut Canon, k: &Qualifying) {
    c.str("main_reducing_agent", &k.main_reducing_agent)
        .str("steel_mill_id", &k.steel_mill_id);
    let numbers = [
        ("mn_pct", k.mn_pct),
        ("cr_pct", k.cr_pct),
        ("ni_pct", k.ni_pct),
        ("other_alloys_pct", k.other_alloys_pct),
        ("carbon_pct", k.carbon_pct),
        ("scrap_t_per_t_steel", k.scrap_t_per_t_steel),
        ("other_materials_pct", k.other_materials_pct),
        ("pre_consumer_scrap_pct", k.pre_consumer_scrap_pct),
        ("scrap_t_per_t_aluminium", k.scrap_t_per_t_aluminium),
        ("non_aluminium_pct", k.non_aluminium_pct),
        ("clinker_factor", k.clinker_factor),
    ];
    for (name, v) in numbers {
        if let Some(v) = v {
            c.f64(name, v);
        }
    }
    if let Some(b) = k.calcined {
        c.bool("calcined", b);
    }
    let numbers = [
        ("concentration_pct", k.concentration_pct),
        ("nitric_acid_pct", k.nitric_acid_pct),
        ("urea_pct", k.urea_pct),
        ("n_total_pct", k.n_total_pct),
        ("n_ammonium_pct", k.n_ammonium_pct),
        ("n_nitrate_pct", k.n_nitrate_pct),
        ("n_urea_pct", k.n_urea_pct),
        ("n_other_pct", k.n_other_pct),
    ];
    for (name, v) in numbers {
        if let Some(v) = v {
            c.f64(name, v);
        }
    }
}
