//! The uncertainty section: activity data spreads by type, quality entries
//! of sources and records (type, stated spread, pedigree), factors' spreads
//! and the Monte Carlo's settings. A quality entry must name an entity or a
//! record of the project, a factor spread a factor of it; spreads and
//! scores are checked once here.

use super::UncertaintyChange;
use super::error::{EditError, Refusal, invalid};
use crate::audit::trail::Record;
use crate::model::{DataQuality, Distribution, Project, QualityTarget, Spread};

type Out = Result<(Record, Option<String>), EditError>;

/// A 95 % half-width of activity data: 0–100 %.
fn pct(field: &'static str, v: f64) -> Result<(), EditError> {
    if !v.is_finite() {
        return Err(invalid(field, v, Refusal::NotFinite));
    }
    if !(0.0..=100.0).contains(&v) {
        return Err(invalid(
            field,
            v,
            Refusal::Percentage { zero_allowed: true },
        ));
    }
    Ok(())
}

fn spread(s: &Spread) -> Result<(), EditError> {
    for (field, v) in [
        ("spread.lower_pct", s.lower_pct),
        ("spread.upper_pct", s.upper_pct),
    ] {
        if !v.is_finite() {
            return Err(invalid(field, v, Refusal::NotFinite));
        }
        if v < 0.0 {
            return Err(invalid(field, v, Refusal::Negative));
        }
    }
    // A lognormal's lower bound is above 0; the others reach 0 at most.
    let below_ok = match s.distribution {
        Distribution::Lognormal => s.lower_pct < 100.0,
        _ => s.lower_pct <= 100.0,
    };
    if !below_ok {
        return Err(invalid(
            "spread.lower_pct",
            s.lower_pct,
            Refusal::OneOf(
                "the lower bound lies below the value by less than 100 % (a lognormal never reaches 0)",
            ),
        ));
    }
    if s.source.trim().is_empty() {
        return Err(invalid("spread.source", "", Refusal::Required));
    }
    Ok(())
}

fn quality(p: &Project, q: &DataQuality) -> Result<(), EditError> {
    match &q.target {
        QualityTarget::Source { entity, activity } => {
            if p.entity(entity).is_none() {
                return Err(EditError::NotFound {
                    what: "entity",
                    id: entity.clone(),
                });
            }
            if activity.trim().is_empty() {
                return Err(invalid("quality.activity", "", Refusal::Required));
            }
        }
        QualityTarget::Record(id) => {
            if !p.activity.iter().any(|r| &r.id == id) {
                return Err(EditError::NotFound {
                    what: "record",
                    id: id.clone(),
                });
            }
        }
    }
    if let Some(u) = q.u_pct {
        pct("quality.u_pct", u)?;
    }
    if let Some(pd) = &q.pedigree
        && pd.scores().iter().any(|s| !(1..=5).contains(s))
    {
        return Err(invalid(
            "quality.pedigree",
            pd.text(),
            Refusal::OneOf("give five pedigree scores from 1 (best) to 5 (worst)"),
        ));
    }
    if q.data_type.is_none() && q.u_pct.is_none() && q.pedigree.is_none() {
        return Err(invalid(
            "quality",
            q.target.text(),
            Refusal::OneOf("give a data type, a stated uncertainty or pedigree scores"),
        ));
    }
    Ok(())
}

fn quality_text(q: &DataQuality) -> String {
    let mut parts = Vec::new();
    if let Some(t) = q.data_type {
        parts.push(format!("type {}", t.key()));
    }
    if let Some(u) = q.u_pct {
        parts.push(format!("±{u} %"));
    }
    if let Some(pd) = &q.pedigree {
        parts.push(format!("pedigree {}", pd.text()));
    }
    if !q.note.is_empty() {
        parts.push(format!("({})", q.note));
    }
    format!("Data quality of {}: {}", q.target.text(), parts.join(", "))
}

fn spread_text(s: &Spread) -> String {
    format!(
        "{} −{} %/+{} % ({})",
        s.distribution.key(),
        s.lower_pct,
        s.upper_pct,
        s.source
    )
}

pub(super) fn change(p: &mut Project, change: UncertaintyChange) -> Out {
    let mut u = p.uncertainty.clone().unwrap_or_default();
    let record = match change {
        UncertaintyChange::ActivityPct { data_type, pct: v } => {
            if let Some(v) = v {
                pct("uncertainty.activity_pct", v)?;
            }
            if u.activity_pct.get(&data_type).copied() == v {
                return Err(EditError::Unchanged {
                    what: "uncertainty.activity_pct",
                    value: v.map_or("the default".into(), |v| format!("{v} %")),
                });
            }
            match v {
                Some(v) => u.activity_pct.insert(data_type, v),
                None => u.activity_pct.remove(&data_type),
            };
            let (d, _) = crate::calc::uncertainty::inputs::default_activity_pct(data_type);
            Record::new(
                "uncertainty.activity",
                match v {
                    Some(v) => format!("{} data: ±{v} % (default ±{d} %)", data_type.label()),
                    None => format!("{} data: back to the default ±{d} %", data_type.label()),
                },
            )
            .with("data_type", data_type.key())
            .with("pct", v.map_or(String::new(), |v| v.to_string()))
        }
        UncertaintyChange::DefaultType(t) => {
            if u.default_type == t {
                return Err(EditError::Unchanged {
                    what: "uncertainty.default_type",
                    value: t.key().into(),
                });
            }
            u.default_type = t;
            Record::new(
                "uncertainty.default_type",
                format!("Records without a data type count as {}", t.label()),
            )
            .with("data_type", t.key())
        }
        UncertaintyChange::SetQuality(q) => {
            quality(p, &q)?;
            let r = Record::new("uncertainty.quality", quality_text(&q))
                .with("target", q.target.text());
            u.quality.retain(|x| x.target != q.target);
            u.quality.push(q);
            u.quality.sort_by(|a, b| a.target.cmp(&b.target));
            r
        }
        UncertaintyChange::RemoveQuality(target) => {
            let before = u.quality.len();
            u.quality.retain(|x| x.target != target);
            if u.quality.len() == before {
                return Err(EditError::NotFound {
                    what: "quality entry",
                    id: target.text(),
                });
            }
            Record::new(
                "uncertainty.quality_removed",
                format!("Data quality of {} removed", target.text()),
            )
            .with("target", target.text())
        }
        UncertaintyChange::SetFactor(fs) => {
            let Some(f) = p.factor(&fs.factor_id) else {
                return Err(EditError::NotFound {
                    what: "factor",
                    id: fs.factor_id.clone(),
                });
            };
            if let Some(g) = fs.gas
                && !f.components.iter().any(|c| c.gas == g)
            {
                return Err(EditError::NotFound {
                    what: "gas of the factor",
                    id: format!("{} {}", fs.factor_id, g.code()),
                });
            }
            spread(&fs.spread)?;
            let gas = fs
                .gas
                .map_or("every gas".to_string(), |g| g.code().to_string());
            let r = Record::new(
                "uncertainty.factor",
                format!(
                    "Factor {} ({gas}): {}",
                    fs.factor_id,
                    spread_text(&fs.spread)
                ),
            )
            .with("factor_id", fs.factor_id.clone())
            .with("gas", gas);
            u.factors
                .retain(|x| !(x.factor_id == fs.factor_id && x.gas == fs.gas));
            u.factors.push(fs);
            u.factors.sort_by(|a, b| {
                (a.factor_id.as_str(), a.gas.map(|g| g.code()))
                    .cmp(&(b.factor_id.as_str(), b.gas.map(|g| g.code())))
            });
            r
        }
        UncertaintyChange::RemoveFactor { factor_id, gas } => {
            let before = u.factors.len();
            u.factors
                .retain(|x| !(x.factor_id == factor_id && x.gas == gas));
            if u.factors.len() == before {
                return Err(EditError::NotFound {
                    what: "factor spread",
                    id: factor_id,
                });
            }
            Record::new(
                "uncertainty.factor_removed",
                format!("Factor {factor_id}: its stated spread removed"),
            )
            .with("factor_id", factor_id)
        }
        UncertaintyChange::Settings {
            iterations,
            seed,
            sample_gwp,
        } => {
            if !(100..=1_000_000).contains(&iterations) {
                return Err(invalid(
                    "uncertainty.iterations",
                    iterations,
                    Refusal::OneOf("give 100 to 1,000,000 iterations"),
                ));
            }
            if (u.iterations, u.seed, u.sample_gwp) == (iterations, seed, sample_gwp) {
                return Err(EditError::Unchanged {
                    what: "uncertainty settings",
                    value: format!("{iterations} iterations, seed {seed}"),
                });
            }
            u.iterations = iterations;
            u.seed = seed;
            u.sample_gwp = sample_gwp;
            Record::new(
                "uncertainty.settings",
                format!(
                    "Monte Carlo: {iterations} iterations, seed {seed}, GWPs {}",
                    if sample_gwp { "drawn" } else { "fixed" }
                ),
            )
            .with("iterations", iterations.to_string())
            .with("seed", seed.to_string())
            .with("sample_gwp", sample_gwp.to_string())
        }
    };
    p.uncertainty = Some(u);
    Ok((record, None))
}
