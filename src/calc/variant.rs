//! What-if variants of a project for comparing methodologies (for
//! trainers): the same data under another GWP set, consolidation approach or
//! national grid-factor data year. A variant is a copy; the project itself
//! changes only through the edit layer.

use super::library;
use crate::model::{Consolidation, GwpSet, Project};

/// The second variant's choices (`None`: as in the project).
#[derive(Default, Clone, PartialEq)]
pub struct Variant {
    pub gwp: Option<GwpSet>,
    pub consolidation: Option<Consolidation>,
    /// Data year of the national grid factor for location-based electricity.
    pub grid_year: Option<i32>,
}

/// The project as variant B would have it.
pub fn apply_variant(p: &Project, v: &Variant) -> (Project, usize) {
    let mut q = p.clone();
    if let Some(g) = v.gwp {
        q.methodology.gwp_set = g;
        q.gwp_snapshot = Some(super::gwp::snapshot(g));
    }
    if let Some(c) = v.consolidation {
        q.consolidation = c;
    }
    let mut switched = 0;
    if let Some(year) = v.grid_year {
        let lib = library::bundled();
        let grid = lib.grid("national", "location");
        let ids: Vec<&str> = grid.iter().map(|(_, f)| f.factor.id.as_str()).collect();
        if let Some((_, target)) = grid.iter().find(|(y, _)| *y == year) {
            let target = target.factor.clone();
            for r in &mut q.activity {
                if ids.contains(&r.factor_id.as_str()) && r.factor_id != target.id {
                    r.factor_id = target.id.clone();
                    switched += 1;
                }
            }
            if q.factor(&target.id).is_none() {
                q.factors.push(target);
            }
        }
    }
    (q, switched)
}

/// AR6 against the project's set (AR5 when the project already uses AR6).
pub fn preset_gwp(p: &Project) -> Variant {
    let other = if p.methodology.gwp_set == GwpSet::AR6 {
        GwpSet::AR5
    } else {
        GwpSet::AR6
    };
    Variant {
        gwp: Some(other),
        ..Default::default()
    }
}

/// Equity share against the project's approach (operational control under equity share).
pub fn preset_consolidation(p: &Project) -> Variant {
    let other = if p.consolidation == Consolidation::EquityShare {
        Consolidation::OperationalControl
    } else {
        Consolidation::EquityShare
    };
    Variant {
        consolidation: Some(other),
        ..Default::default()
    }
}

/// The national grid factor of the data year before the one the records use.
pub fn preset_grid(p: &Project) -> Variant {
    let grid = library::bundled().grid("national", "location");
    let used = grid
        .iter()
        .find(|(_, f)| p.activity.iter().any(|r| r.factor_id == f.factor.id))
        .map(|(y, _)| *y);
    let year = match used {
        Some(y) => grid.iter().map(|(x, _)| *x).filter(|x| *x < y).max(),
        None => None,
    }
    .or_else(|| grid.iter().map(|(x, _)| *x).min());
    Variant {
        grid_year: year,
        ..Default::default()
    }
}
