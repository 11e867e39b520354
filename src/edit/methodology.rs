//! Methodology and operational-boundary decisions. A GWP set the engine
//! cannot compute the project's factors with is refused.

use super::MethodologyChange;
use super::error::{EditError, Refusal};
use crate::audit::trail::Record;
use crate::calc::{gwp, library};
use crate::model::{GwpSet, Project};

type Out = Result<(Record, Option<String>), EditError>;

fn keyed(action: &'static str, label: &str, from: &str, to: &str) -> Out {
    if from == to {
        return Err(EditError::Unchanged {
            what: action,
            value: to.to_string(),
        });
    }
    Ok((
        Record::new(action, format!("{label}: {from} → {to}"))
            .with("from", from)
            .with("to", to),
        None,
    ))
}

/// Adds or removes `item`, keeping the list sorted.
fn toggle<T: PartialEq + Ord + Copy>(list: &mut Vec<T>, item: T, on: bool) -> bool {
    if list.contains(&item) == on {
        return false;
    }
    list.retain(|x| *x != item);
    if on {
        list.push(item);
        list.sort();
    }
    true
}

fn in_out(on: bool) -> &'static str {
    if on { "included" } else { "excluded" }
}

/// The gases of the project's factors that `set` has no GWP for, as
/// "factor: gas" — the engine weighs every factor of the project, so any
/// of them would stop the inventory.
fn missing_gwp(p: &Project, set: GwpSet) -> Vec<String> {
    let mut missing: Vec<String> = p
        .factors
        .iter()
        .flat_map(|f| {
            f.components
                .iter()
                .filter(|c| gwp::gwp(set, c.gas).is_none())
                .map(move |c| format!("{}: {}", f.id, c.gas))
        })
        .collect();
    missing.sort();
    missing
}

pub(super) fn change(p: &mut Project, c: MethodologyChange) -> Out {
    let m = &mut p.methodology;
    match c {
        MethodologyChange::Standard(s) => {
            let out = keyed(
                "methodology.standard",
                "Standard",
                m.standard.key(),
                s.key(),
            )?;
            m.standard = s;
            Ok(out)
        }
        MethodologyChange::GwpSet(set) => {
            let from = m.gwp_set;
            // Values of the same set change only through a factor update.
            if from == set {
                return Err(EditError::Unchanged {
                    what: "methodology.gwp_set",
                    value: set.name().into(),
                });
            }
            let missing = missing_gwp(p, set);
            if !missing.is_empty() {
                return Err(EditError::NoGwp {
                    set: set.name().into(),
                    missing,
                });
            }
            p.methodology.gwp_set = set;
            p.gwp_snapshot = Some(gwp::snapshot(set));
            Ok((
                Record::new(
                    "methodology.gwp_set",
                    format!(
                        "GWP set: {} → {} (values frozen from library {})",
                        from.name(),
                        set.name(),
                        library::LIBRARY_VERSION
                    ),
                )
                .with("from", from.name())
                .with("to", set.name())
                .with("library", library::LIBRARY_VERSION),
                None,
            ))
        }
        MethodologyChange::Consolidation(c) => {
            let out = keyed(
                "methodology.consolidation",
                "Consolidation approach",
                p.consolidation.key(),
                c.key(),
            )?;
            p.consolidation = c;
            Ok(out)
        }
        MethodologyChange::Scope2DualReporting(on) => {
            let out = keyed(
                "methodology.scope2_dual_reporting",
                "Scope 2 dual reporting",
                &m.scope2_dual_reporting.to_string(),
                &on.to_string(),
            )?;
            m.scope2_dual_reporting = on;
            Ok(out)
        }
        MethodologyChange::GridFactor(g) => {
            let out = keyed(
                "methodology.grid_factor",
                "Grid-factor rule",
                m.grid_factor.key(),
                g.key(),
            )?;
            m.grid_factor = g;
            Ok(out)
        }
        MethodologyChange::Scope(s, on) => {
            let b = &mut p.operational_boundary;
            if !toggle(&mut b.scopes, s, on) {
                return Err(EditError::Unchanged {
                    what: "boundary.scope",
                    value: format!("scope {} {}", s.number(), in_out(on)),
                });
            }
            Ok((
                Record::new(
                    "boundary.scope",
                    format!("Scope {} {}", s.number(), in_out(on)),
                )
                .with("scope", s.number().to_string())
                .with("included", on.to_string()),
                None,
            ))
        }
        MethodologyChange::Category(c, on) => {
            let b = &mut p.operational_boundary;
            if !toggle(&mut b.iso_categories, c, on) {
                return Err(EditError::Unchanged {
                    what: "boundary.category",
                    value: format!("category {} {}", c.number(), in_out(on)),
                });
            }
            Ok((
                Record::new(
                    "boundary.category",
                    format!("ISO 14064-1 category {} {}", c.number(), in_out(on)),
                )
                .with("category", c.number().to_string())
                .with("included", on.to_string()),
                None,
            ))
        }
        MethodologyChange::Gas(g, on) => {
            let b = &mut p.operational_boundary;
            if !toggle(&mut b.gases, g, on) {
                return Err(EditError::Unchanged {
                    what: "boundary.gas",
                    value: format!("{} {}", g.code(), in_out(on)),
                });
            }
            Ok((
                Record::new("boundary.gas", format!("Gas {} {}", g.code(), in_out(on)))
                    .with("gas", g.code())
                    .with("included", on.to_string()),
                None,
            ))
        }
        MethodologyChange::DefaultFactor {
            activity,
            factor_id,
        } => default_factor(p, activity, factor_id),
    }
}

fn default_factor(p: &mut Project, activity: String, factor_id: Option<String>) -> Out {
    let activity = activity.trim().to_string();
    if activity.is_empty() {
        return Err(EditError::Invalid {
            field: "methodology.default_factors",
            value: String::new(),
            rule: Refusal::Required,
        });
    }
    let Some(factor_id) = factor_id else {
        let Some(old) = p.methodology.default_factors.remove(&activity) else {
            return Err(EditError::NotFound {
                what: "default-factor rule for activity",
                id: activity,
            });
        };
        return Ok((
            Record::new(
                "methodology.default_factor",
                format!("Default-factor rule for {activity} removed (was {old})"),
            )
            .with("activity", activity)
            .with("from", old)
            .with("to", ""),
            None,
        ));
    };
    let frozen = p.factor(&factor_id).cloned();
    let lib = library::bundled()
        .factor(&factor_id)
        .map(|f| f.factor.clone());
    let Some(factor) = frozen.clone().or(lib) else {
        return Err(EditError::NotFound {
            what: "factor (in the project or the bundled library)",
            id: factor_id,
        });
    };
    if let Some(a) = factor.activity_key.as_deref()
        && a != activity
    {
        return Err(EditError::FactorActivity {
            activity,
            factor: factor_id,
            factor_activity: a.to_string(),
        });
    }
    let old = p.methodology.default_factors.get(&activity).cloned();
    if old.as_deref() == Some(factor_id.as_str()) {
        return Err(EditError::Unchanged {
            what: "methodology.default_factor",
            value: format!("{activity} → {factor_id}"),
        });
    }
    // The rule's factor is frozen into the project like any library factor.
    if frozen.is_none() {
        p.factors.push(factor);
    }
    p.methodology
        .default_factors
        .insert(activity.clone(), factor_id.clone());
    Ok((
        Record::new(
            "methodology.default_factor",
            format!("Default-factor rule: {activity} → {factor_id}"),
        )
        .with("activity", activity)
        .with("from", old.unwrap_or_default())
        .with("to", factor_id),
        None,
    ))
}
