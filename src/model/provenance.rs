//! Import provenance: which workbook brought what into the project, so every
//! figure traces back to a file (by SHA-256), a sheet and a row.

use serde::{Deserialize, Serialize};

/// Row counts of one imported sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SheetCounts {
    pub sheet: String,
    /// `Entities`, `Activity` or `Factors`.
    pub kind: String,
    /// Non-blank data rows read.
    pub rows_read: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub blank: u32,
    pub warnings: u32,
}

/// A row that was not taken, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectedRow {
    pub sheet: String,
    pub row: u32,
    pub reasons: Vec<String>,
}

/// One import of a workbook into the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportRecord {
    /// 1, 2, 3 … in order of import; records point here via `RecordSource::import`.
    pub id: u32,
    pub file_name: String,
    /// SHA-256 of the workbook's bytes, hex.
    pub sha256: String,
    /// UTC, RFC 3339 (`2026-12-01T06:18:23Z`).
    pub imported_at: String,
    /// The ParkAudit template version the workbook declares, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_version: Option<String>,
    /// The mapping file used for a workbook not in the template layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<String>,
    pub sheets: Vec<SheetCounts>,
    #[serde(default)]
    pub rejected_rows: Vec<RejectedRow>,
    pub entities_added: u32,
    pub factors_added: u32,
    pub records_added: u32,
}

/// One change to the project: who did what, when, old → new, hash-chained.
///
/// Entries written since the edit layer carry the action's stable name and
/// its explicit fields (`fields`), and who acted with their organisation,
/// role and how they were identified. Entries of project format 1 have only
/// `who`, `action` and the free-text `detail`; they are kept and hashed as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrailEntry {
    /// UTC, RFC 3339.
    pub at: String,
    pub who: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// How `who` was established (`profile`, `option`, `environment`, `login`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub identified_by: String,
    /// The stable action name, e.g. `engagement.lead_auditor`, `finding.raise`, `signoff`.
    pub action: String,
    /// The change in words, as it was when made.
    pub detail: String,
    /// The change as named values (`("finding", "F001")`, `("to", "closed")` …),
    /// in the order the action defines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
    /// SHA-256 (hex) of the previous entry (64 zeros for the first): a trail
    /// edited outside ParkAudit no longer chains.
    #[serde(default)]
    pub prev: String,
}

impl TrailEntry {
    /// The value of a named field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The genesis `prev` of a trail.
pub const TRAIL_GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A contractual instrument behind a market-based scope 2 claim (GHG Protocol
/// Scope 2 Guidance, ch. 7): a green electricity certificate, a PPA or green
/// power trading, with its vintage and quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractualInstrument {
    pub id: String,
    /// `GEC`, `PPA` or `green_power_trading`.
    pub kind: String,
    pub entity_id: String,
    /// The generation year the instrument covers.
    pub vintage: i32,
    pub quantity_mwh: f64,
    #[serde(default)]
    pub evidence_ref: String,
}
