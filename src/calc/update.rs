//! Updating a project's frozen factors and GWP values to a newer library:
//! the old/new difference and its effect on the totals, shown before anything
//! changes. Nothing updates a saved inventory silently.

use super::compute;
use super::library::Library;
use crate::model::{EmissionFactor, Gas, GwpSnapshot, Project};

/// A frozen factor whose library value changed.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorChange {
    pub old: EmissionFactor,
    pub new: EmissionFactor,
}

/// The effect of an update, and the project it would give.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdatePlan {
    pub factor_changes: Vec<FactorChange>,
    /// Frozen library factors the new library no longer has (kept as they are).
    pub dropped: Vec<String>,
    /// (gas, old, new) GWP values that differ.
    pub gwp_changes: Vec<(Gas, Option<f64>, Option<f64>)>,
    pub total_before_t: Option<f64>,
    pub total_after_t: Option<f64>,
    pub updated: Project,
}

impl UpdatePlan {
    pub fn is_empty(&self) -> bool {
        self.factor_changes.is_empty() && self.gwp_changes.is_empty()
    }
}

fn same_values(a: &EmissionFactor, b: &EmissionFactor) -> bool {
    a.unit == b.unit && a.components == b.components && a.source == b.source
}

/// What differs between a project's frozen values and a library, found
/// without computing anything: frozen library factors whose values differ,
/// and GWP values of the project's set that differ.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pending {
    pub factors: Vec<String>,
    pub gwp: Vec<Gas>,
}

pub fn pending(project: &Project, library: &Library, gwp_now: &GwpSnapshot) -> Pending {
    let factors = project
        .factors
        .iter()
        .filter(|f| f.library_version.is_some())
        .filter(|f| {
            library
                .factor(&f.id)
                .is_some_and(|lf| !same_values(f, &lf.factor))
        })
        .map(|f| f.id.clone())
        .collect();
    let mut gwp = Vec::new();
    if gwp_now.set == project.methodology.gwp_set
        && let Some(old) = project
            .gwp_snapshot
            .as_ref()
            .filter(|s| s.set == gwp_now.set)
    {
        let gases: std::collections::BTreeSet<Gas> = gwp_now
            .values
            .keys()
            .chain(old.values.keys())
            .copied()
            .collect();
        gwp = gases
            .into_iter()
            .filter(|g| old.values.get(g) != gwp_now.values.get(g))
            .collect();
    }
    Pending { factors, gwp }
}

/// Compares the project's frozen factors and GWP snapshot with `library` and
/// `gwp_now` (the bundled ones in the CLI; a modified copy in tests).
pub fn plan(project: &Project, library: &Library, gwp_now: &GwpSnapshot) -> UpdatePlan {
    let mut updated = project.clone();
    let mut factor_changes = Vec::new();
    let mut dropped = Vec::new();
    for f in updated
        .factors
        .iter_mut()
        .filter(|f| f.library_version.is_some())
    {
        match library.factor(&f.id) {
            Some(lf) if !same_values(f, &lf.factor) => {
                factor_changes.push(FactorChange {
                    old: f.clone(),
                    new: lf.factor.clone(),
                });
                *f = lf.factor.clone();
            }
            Some(lf) => f.library_version = lf.factor.library_version.clone(),
            None => dropped.push(f.id.clone()),
        }
    }
    let mut gwp_changes = Vec::new();
    if gwp_now.set == project.methodology.gwp_set {
        let old = project
            .gwp_snapshot
            .as_ref()
            .filter(|s| s.set == gwp_now.set);
        let gases: std::collections::BTreeSet<Gas> = gwp_now
            .values
            .keys()
            .chain(old.iter().flat_map(|s| s.values.keys()))
            .copied()
            .collect();
        for g in gases {
            let (o, n) = (
                old.and_then(|s| s.values.get(&g).copied()),
                gwp_now.values.get(&g).copied(),
            );
            if o != n && old.is_some() {
                gwp_changes.push((g, o, n));
            }
        }
        updated.gwp_snapshot = Some(gwp_now.clone());
    }
    UpdatePlan {
        total_before_t: compute(project).ok().map(|i| i.total_t_co2e),
        total_after_t: compute(&updated).ok().map(|i| i.total_t_co2e),
        factor_changes,
        dropped,
        gwp_changes,
        updated,
    }
}
