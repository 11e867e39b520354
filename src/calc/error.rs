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

impl RecordRef {
    /// `记录 A00001（file, sheet S, row N）`.
    fn zh(&self) -> String {
        match &self.origin {
            Some(o) => format!("记录 {}（{o}）", self.record_id),
            None => format!("记录 {}", self.record_id),
        }
    }
}

/// `entity`, `factor`, `record` (the kinds of id the checks name) in Chinese.
fn what_zh(what: &str) -> &str {
    match what {
        "entity" => "实体",
        "factor" => "因子",
        "record" => "记录",
        other => other,
    }
}

impl CalcError {
    /// The message in Chinese, for the app (the CLI keeps English).
    pub fn zh(&self) -> String {
        match self {
            CalcError::UnknownEntity { at, entity_id } => format!(
                "{}：未知实体“{entity_id}”——请将该实体加入项目或更正 entity_id",
                at.zh()
            ),
            CalcError::UnknownFactor { at, factor_id } => format!(
                "{}：未知因子“{factor_id}”——请将该因子加入项目或更正因子编号",
                at.zh()
            ),
            CalcError::MissingFactor { at } => {
                format!("{}：未给出因子——请填写 factor_id", at.zh())
            }
            CalcError::MarketFactorOutsideScope2 { at } => format!(
                "{}：市场法因子只适用于范围二；请删除 market_factor_id 或将范围设为 2",
                at.zh()
            ),
            CalcError::UnitMismatch {
                at,
                unit,
                dim,
                factor_id,
                factor_unit,
                factor_dim,
            } => format!(
                "{}：以 {unit}（{dim}）计的数量不能用于因子“{factor_id}”，该因子按 {factor_unit}（{factor_dim}）计——请以因子量纲的单位记录数量，或选择其他因子",
                at.zh()
            ),
            CalcError::NonFiniteResult { at } => format!(
                "{}：排放量溢出（数量 × 因子过大，无法表示）——请检查数量及其单位",
                at.zh()
            ),
            CalcError::NonFiniteQuantity { at, value } => {
                format!("{}：数量 {value} 不是有限的数值", at.zh())
            }
            CalcError::CategoryScopeMismatch {
                at,
                scope,
                category,
                expected,
            } => format!(
                "{}：ISO 14064-1 类别 {category} 属于范围{expected}，但记录写的是范围{scope}——请更正范围或类别",
                at.zh()
            ),
            CalcError::NoGwp {
                factor_id,
                gas,
                set,
            } => format!(
                "因子“{factor_id}”：{gas} 在 {set} 下没有 GWP 值——请选择其他 GWP 取值，或以 CO2e 表示该组分"
            ),
            CalcError::NonFiniteFactor {
                factor_id,
                gas,
                value,
            } => format!("因子“{factor_id}”：{gas} 组分每单位 {value} kg 不是有限的数值"),
            CalcError::EmptyFactor { factor_id } => {
                format!("因子“{factor_id}”没有任何气体组分——请至少添加一个")
            }
            CalcError::BadOwnership { entity_id, value } => {
                format!("实体“{entity_id}”：持股比例 {value} % 不在 0–100 之间")
            }
            CalcError::CaseVariants { what, ids } => format!(
                "{}编号 {} 仅大小写不同——Excel 无法区分；请重命名其中一个",
                what_zh(what),
                ids.join("、")
            ),
            CalcError::DuplicateId { what, id, count } => {
                format!("{}编号“{id}”定义了 {count} 次——编号必须唯一", what_zh(what))
            }
        }
    }
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

impl CalcErrors {
    /// The list in Chinese, for the app.
    pub fn zh(&self) -> String {
        let mut s = format!("无法计算排放清单：{} 个问题", self.0.len());
        for e in &self.0 {
            s.push_str("\n  - ");
            s.push_str(&e.zh());
        }
        s
    }
}
