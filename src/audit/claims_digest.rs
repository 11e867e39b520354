//! The claims section's canonical encoding inside the `data` section
//! digest (specified in `docs/project-format.md`): indicators entered with
//! their evidence, the credits register, the claim, earlier inventories,
//! measures and targets are data the verifier signs off. Absent in projects
//! without claims, so their digests are those of earlier builds.

use super::digest::Canon;
use crate::model::claims::Claims;

/// Writes the project's `claims` object.
pub fn encode(c: &mut Canon, cl: &Claims) {
    c.obj("claims", Some(cl), |c, cl| {
        let m = &cl.method;
        c.obj("method", Some(m), |c, m| {
            c.bool("green_electricity_zero", m.green_electricity_zero)
                .bool("include_process_co2", m.include_process_co2)
                .f64("base_year_threshold_pct", m.base_year_threshold_pct);
        })
        .list("indicators", &cl.indicators, |c, e| {
            c.str("indicator", e.indicator.key())
                .f64("part", e.part)
                .f64("whole", e.whole)
                .str("unit", &e.unit)
                .str("evidence", &e.evidence)
                .str("product", &e.product);
        })
        .list("credits", &cl.credits, |c, k| {
            c.str("id", &k.id)
                .str("programme", &k.programme)
                .str("project", &k.project)
                .str("kind", k.kind.key())
                .str("serial_first", &k.serial_first)
                .str("serial_last", &k.serial_last)
                .int("vintage", i64::from(k.vintage))
                .f64("quantity_t", k.quantity_t)
                .str("retired_on", &k.retired_on)
                .str("registry", &k.registry)
                .str("evidence", &k.evidence)
                .int("claim_year", i64::from(k.claim_year));
        })
        .obj("claim", cl.claim.as_ref(), |c, k| {
            c.str("subject", &k.subject)
                .strs("entities", k.entities.iter().map(String::as_str))
                .str("kind", k.kind.key());
            if let Some(y) = k.target_year {
                c.int("target_year", i64::from(y));
            }
            c.str("management_plan", &k.management_plan)
                .f64("removals_t", k.removals_t)
                .str("assurance", k.assurance.key());
        })
        .list("history", &cl.history, |c, h| {
            c.int("year", i64::from(h.year))
                .f64("total_t", h.total_t)
                .str("source", &h.source);
        })
        .list("measures", &cl.measures, |c, m| {
            c.str("name", &m.name)
                .str("entity_id", &m.entity_id)
                .int("start_year", i64::from(m.start_year))
                .f64("reduction_t_per_year", m.reduction_t_per_year)
                .f64("cost_cny_per_t", m.cost_cny_per_t);
        })
        .list("targets", &cl.targets, |c, t| {
            c.int("year", i64::from(t.year))
                .f64("reduction_pct", t.reduction_pct)
                .str("source", &t.source);
        });
    });
}
