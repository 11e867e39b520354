//! Why a project cannot be computed. Each error names the record (and the
//! workbook cell it came from, when imported) and says what to do.

use crate::model::{ActivityRecord, Dimension, Gas, GwpSet, Project, Unit};
use std::fmt;

/// Where in the project a problem sits, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub record_id: String,
    /// `file, sheet S, row N` when the record was imported.
    pub origin: Option<String>,
}

impl RecordRef {
    pub fn of(project: &Project, record: &ActivityRecord) -> RecordRef {
        RecordRef {
            record_id: record.id.clone(),
            origin: record.source.as_ref().map(|s| {
                let file = project
                    .import(s.import)
                    .map_or("unknown import", |i| i.file_name.as_str());
                format!("{file}, sheet {}, row {}", s.sheet, s.row)
            }),
        }
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {}", self.record_id)?;
        if let Some(o) = &self.origin {
            write!(f, " ({o})")?;
        }
        Ok(())
    }
}

/// One reason the inventory cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalcError {
    #[error(
        "{at}: unknown entity '{entity_id}' — add the entity to the project or correct entity_id"
    )]
    UnknownEntity { at: RecordRef, entity_id: String },
    #[error(
        "{at}: unknown factor '{factor_id}' — add the factor to the project or correct the factor id"
    )]
    UnknownFactor { at: RecordRef, factor_id: String },
    #[error("{at}: no factor given — set factor_id")]
    MissingFactor { at: RecordRef },
    #[error(
        "{at}: a market-based factor is only meaningful for scope 2; remove market_factor_id or set scope 2"
    )]
    MarketFactorOutsideScope2 { at: RecordRef },
    #[error(
        "{at}: quantity in {unit} ({dim}) cannot be used with factor '{factor_id}', which is per {factor_unit} ({factor_dim}) — record the quantity in a unit of the factor's dimension or choose another factor"
    )]
    UnitMismatch {
        at: RecordRef,
        unit: Unit,
        dim: Dimension,
        factor_id: String,
        factor_unit: Unit,
        factor_dim: Dimension,
    },
    #[error(
        "{at}: the emissions overflow (quantity × factor is too large to represent) — check the quantity and its unit"
    )]
    NonFiniteResult { at: RecordRef },
    #[error("{at}: quantity {value} is not a finite number")]
    NonFiniteQuantity { at: RecordRef, value: f64 },
    #[error(
        "{at}: ISO 14064-1 category {category} belongs to scope {expected}, but the record says scope {scope} — correct the scope or the category"
    )]
    CategoryScopeMismatch {
        at: RecordRef,
        scope: u8,
        category: u8,
        expected: u8,
    },
    #[error(
        "factor '{factor_id}': {gas} has no GWP under {set} — choose another GWP set or express the component in CO2e"
    )]
    NoGwp {
        factor_id: String,
        gas: Gas,
        set: GwpSet,
    },
    #[error("factor '{factor_id}': {gas} component {value} kg per unit is not a finite number")]
    NonFiniteFactor {
        factor_id: String,
        gas: Gas,
        value: f64,
    },
    #[error("factor '{factor_id}' has no gas components — add at least one")]
    EmptyFactor { factor_id: String },
    #[error("entity '{entity_id}': ownership {value} % is outside 0–100")]
    BadOwnership { entity_id: String, value: f64 },
    #[error("{what} ids {} differ only in case — Excel cannot tell them apart; rename one", ids.join(", "))]
    CaseVariants {
        what: &'static str,
        ids: Vec<String>,
    },
    #[error("{what} id '{id}' is defined {count} times — ids must be unique")]
    DuplicateId {
        what: &'static str,
        id: String,
        count: usize,
    },
}

/// All the reasons a project cannot be computed, in project order.
#[derive(Debug, Clone, PartialEq)]
pub struct CalcErrors(pub Vec<CalcError>);

impl fmt::Display for CalcErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the inventory cannot be computed: {} problem(s)",
            self.0.len()
        )?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CalcErrors {}
