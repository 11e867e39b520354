//! Helpers shared by the integration tests: small projects built in code.
#![allow(dead_code)]

use parkaudit::model::*;

pub fn entity(id: &str, own: f64, op: bool, fin: bool, included: bool) -> Entity {
    Entity {
        id: id.into(),
        name: format!("Entity {id}"),
        name_zh: String::new(),
        sector: "steel".into(),
        kind: EntityKind::Tenant,
        ownership_pct: own,
        operational_control: op,
        financial_control: fin,
        included,
        exclusion_reason: (!included).then(|| "test exclusion".to_string()),
    }
}

pub fn factor(id: &str, unit: Unit, comps: &[(Gas, f64)]) -> EmissionFactor {
    EmissionFactor {
        id: id.into(),
        description: String::new(),
        unit,
        components: comps
            .iter()
            .map(|&(gas, kg_per_unit)| GasComponent::new(gas, kg_per_unit))
            .collect(),
        source: "test".into(),
        year: None,
        region: String::new(),
        activity_key: None,
        derivation: None,
        library_version: None,
    }
}

pub fn record(
    id: &str,
    entity: &str,
    month: u8,
    scope: u8,
    quantity: f64,
    unit: Unit,
    factor: &str,
) -> ActivityRecord {
    let category = match scope {
        1 => 1,
        2 => 2,
        _ => 4,
    };
    ActivityRecord {
        id: id.into(),
        entity_id: entity.into(),
        period: Period::new(2024, month).expect("valid month"),
        scope: Scope::try_from(scope).expect("valid scope"),
        category: IsoCategory::new(category).expect("valid category"),
        activity: "test".into(),
        quantity,
        unit,
        factor_id: factor.into(),
        market_factor_id: None,
        evidence_ref: format!("EV-{id}"),
        source: None,
        factor_rule: None,
        data_type: None,
    }
}

/// A project with one fully controlled entity `E1` and the given factors and records.
pub fn project(factors: Vec<EmissionFactor>, activity: Vec<ActivityRecord>) -> Project {
    let mut p = Project::new("Test Park", 2024);
    p.entities.push(entity("E1", 100.0, true, true, true));
    p.factors = factors;
    p.activity = activity.into();
    p
}

/// Relative closeness for hand-computed values (floating point carries ~1e-16 per operation).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[macro_export]
macro_rules! assert_close {
    ($a:expr, $b:expr) => {{
        let (a, b): (f64, f64) = ($a, $b);
        assert!(
            $crate::common::close(a, b),
            "{} = {a}, expected {b}",
            stringify!($a)
        );
    }};
}

pub mod xlsx;

/// Merges an import into a project through the edit layer, as the CLI and the
/// app do: the project with the batch applied, or `None` when rows were
/// rejected and nothing is to be merged.
pub trait Merge {
    fn merged_into(&self, project: &Project) -> Option<Project>;
}

impl Merge for parkaudit::io::import::ImportOutcome {
    fn merged_into(&self, project: &Project) -> Option<Project> {
        let batch = self.batch.clone()?;
        let mut p = project.clone();
        parkaudit::edit::apply(
            &mut p,
            parkaudit::edit::Edit::Import(Box::new(batch)),
            &Actor::new("Test Auditor", "Test Verification Co.", "Lead verifier"),
        )
        .expect("a validated import applies");
        Some(p)
    }
}
