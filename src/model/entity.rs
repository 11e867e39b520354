//! The park's tenant enterprises and its shared infrastructure.

use serde::{Deserialize, Serialize};

/// Whether an entity is a tenant enterprise or infrastructure the park runs
/// for all tenants (heating plant, wastewater plant, street lighting …).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum EntityKind {
    #[default]
    Tenant,
    SharedInfrastructure,
}

/// An enterprise or facility inside the park.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_zh: String,
    /// Sector code, e.g. `steel`, `cement`, `chemicals`.
    pub sector: String,
    #[serde(default)]
    pub kind: EntityKind,
    /// Share held by the reporting organisation (0–100), used under equity share.
    pub ownership_pct: f64,
    pub operational_control: bool,
    pub financial_control: bool,
    /// An entity can be excluded from the inventory whatever the approach;
    /// an exclusion needs a written justification.
    pub included: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusion_reason: Option<String>,
}
