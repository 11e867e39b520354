//! The uncertainty section's canonical encoding inside the `data` section
//! digest (specified in `docs/project-format.md`): the data types, stated
//! spreads and pedigree scores of the sources are data the verifier signs
//! off. Absent in projects without the section, so their digests are those
//! of earlier builds.

use super::digest::Canon;
use crate::model::{QualityTarget, Spread, UncertaintySettings};

fn spread(c: &mut Canon, s: &Spread) {
    c.str("distribution", s.distribution.key())
        .f64("lower_pct", s.lower_pct)
        .f64("upper_pct", s.upper_pct)
        .str("source", &s.source);
}

/// Writes the project's `uncertainty` object.
pub fn encode(c: &mut Canon, u: &UncertaintySettings) {
    c.obj("uncertainty", Some(u), |c, u| {
        c.list("activity_pct", &u.activity_pct, |c, (t, v)| {
            c.str("data_type", t.key()).f64("pct", *v);
        })
        .str("default_type", u.default_type.key())
        .list("quality", &u.quality, |c, q| {
            match &q.target {
                QualityTarget::Source { entity, activity } => {
                    c.str("entity", entity).str("activity", activity)
                }
                QualityTarget::Record(id) => c.str("record", id),
            };
            c.opt("data_type", q.data_type.map(|t| t.key()));
            if let Some(v) = q.u_pct {
                c.f64("u_pct", v);
            }
            if let Some(p) = &q.pedigree {
                c.str("pedigree", &p.text());
            }
            c.str("note", &q.note);
        })
        .list("factors", &u.factors, |c, f| {
            c.str("factor_id", &f.factor_id)
                .opt("gas", f.gas.map(|g| g.code()))
                .obj("spread", Some(&f.spread), spread);
        })
        .int("iterations", i64::from(u.iterations))
        .str("seed", &u.seed.to_string())
        .bool("sample_gwp", u.sample_gwp);
    });
}
