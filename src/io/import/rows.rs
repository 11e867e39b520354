//! Parsing one data row of each sheet kind into model values, collecting
//! every problem of the row (not just the first).

use super::issue::{Issue, Msg, Severity};
use super::mapping::{Layout, Place};
use super::parse;
use super::schema::Field;
use super::workbook::Cell;
use crate::model::{Entity, EntityKind, Gas, IsoCategory, Period, Scope, Unit};
use std::borrow::Cow;

/// One row being read: its cells, and the problems found so far.
pub struct Row<'a, 'c> {
    pub layout: &'a Layout,
    pub row: u32,
    cells: &'a [Cell<'c>],
    pub issues: Vec<Issue>,
}

impl<'a, 'c> Row<'a, 'c> {
    pub fn new(layout: &'a Layout, row: u32, cells: &'a [Cell<'c>]) -> Row<'a, 'c> {
        Row {
            layout,
            row,
            cells,
            issues: Vec::new(),
        }
    }

    /// The cell for `field`: its column's cell, or the mapping's fixed value.
    pub fn cell(&self, field: Field) -> Option<Cell<'a>> {
        match self.layout.fields.get(&field)? {
            Place::Column { index, .. } => Some(match self.cells.get(*index as usize) {
                Some(Cell::Text(t)) => Cell::Text(Cow::Borrowed(t.as_ref())),
                Some(other) => other.clone().into_owned_static(),
                None => Cell::Empty,
            }),
            Place::Fixed(v) => Some(Cell::Text(Cow::Borrowed(v.as_str()))),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }

    pub fn error(&mut self, field: Field, value: Option<String>, message: impl Into<Msg>) {
        self.issues.push(Issue::at(
            self.layout,
            Severity::Error,
            self.row,
            field,
            value,
            message,
        ));
    }

    pub fn warn(&mut self, field: Field, value: Option<String>, message: impl Into<Msg>) {
        self.issues.push(Issue::at(
            self.layout,
            Severity::Warning,
            self.row,
            field,
            value,
            message,
        ));
    }

    /// Parses a required field; records the problem and returns `None` when it fails.
    fn required<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&Cell<'_>) -> Result<T, Msg>,
    ) -> Option<T> {
        let Some(cell) = self.cell(field) else {
            self.error(field, None, Msg::new("no such column", "没有此列"));
            return None;
        };
        if cell.is_blank() {
            self.error(
                field,
                None,
                Msg::new(
                    format!("{field} is empty — enter a value"),
                    format!("{field} 为空——请填写"),
                ),
            );
            return None;
        }
        match parse(&cell) {
            Ok(v) => Some(v),
            Err(msg) => {
                self.error(field, Some(cell.display()), msg);
                None
            }
        }
    }

    /// Parses an optional field: `Some(None)` when absent or blank.
    fn optional<T>(
        &mut self,
        field: Field,
        parse: impl Fn(&Cell<'_>) -> Result<T, Msg>,
    ) -> Option<Option<T>> {
        match self.cell(field) {
            None => Some(None),
            Some(c) if c.is_blank() => Some(None),
            Some(c) => match parse(&c) {
                Ok(v) => Some(Some(v)),
                Err(msg) => {
                    self.error(field, Some(c.display()), msg);
                    None
                }
            },
        }
    }

    fn required_text(&mut self, field: Field) -> Option<String> {
        self.required(field, parse::text)
    }

    fn optional_text(&mut self, field: Field) -> Option<String> {
        self.optional(field, parse::text).flatten()
    }

    fn required_number(&mut self, field: Field) -> Option<f64> {
        let cell = self.cell(field);
        let (v, warning) = self.required(field, parse::number)?;
        if let Some(w) = warning {
            self.warn(field, cell.map(|c| c.display()), w);
        }
        Some(v)
    }
}

impl Cell<'_> {
    fn into_owned_static(self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Number(n) => Cell::Number(n),
            Cell::Text(t) => Cell::Text(Cow::Owned(t.into_owned())),
            Cell::Bool(b) => Cell::Bool(b),
            Cell::Date(y, m, d) => Cell::Date(y, m, d),
            Cell::Error(e) => Cell::Error(e),
        }
    }
}

/// Whether every cell the layout reads is blank (cells of ignored columns do not count).
pub fn is_blank_row(layout: &Layout, cells: &[Cell<'_>]) -> bool {
    layout.fields.values().all(|p| match p {
        Place::Column { index, .. } => cells.get(*index as usize).is_none_or(Cell::is_blank),
        Place::Fixed(_) => true,
    })
}

/// The display values of a row, for the rejects report.
pub fn row_values(cells: &[Cell<'_>]) -> Vec<String> {
    cells.iter().map(Cell::display).collect()
}

pub fn entity(r: &mut Row<'_, '_>) -> Option<Entity> {
    let id = r.required_text(Field::EntityId);
    let name = r.required_text(Field::Name);
    let name_zh = r.optional_text(Field::NameZh).unwrap_or_default();
    let sector = r.required_text(Field::Sector);
    let kind = r.optional(Field::Kind, |c| {
        match parse::text(c)?.to_lowercase().as_str() {
            "tenant" | "企业" | "入驻企业" => Ok(EntityKind::Tenant),
            "infrastructure"
            | "shared infrastructure"
            | "shared_infrastructure"
            | "公共设施"
            | "基础设施" => Ok(EntityKind::SharedInfrastructure),
            _ => Err(Msg::new(
                "expected tenant or infrastructure (企业 / 公共设施)",
                "应为 企业 或 公共设施（tenant / infrastructure）",
            )),
        }
    });
    let own_cell = r.cell(Field::OwnershipPct);
    let ownership = r.required_number(Field::OwnershipPct);
    if let Some(o) = ownership {
        let shown = own_cell.map(|c| c.display());
        if !(0.0..=100.0).contains(&o) {
            r.error(
                Field::OwnershipPct,
                shown,
                Msg::new(
                    "ownership must be a percent between 0 and 100",
                    "持股比例必须是 0 至 100 之间的百分数",
                ),
            );
        } else if o > 0.0 && o <= 1.0 {
            r.warn(
                Field::OwnershipPct,
                shown,
                Msg::new(
                    "ownership is at most 1 %: if the cell is formatted as a percentage (e.g. 60 %), enter 60 instead",
                    "持股比例不超过 1 %：如果单元格为百分比格式（如 60 %），请改填 60",
                ),
            );
        }
    }
    let op = r.required(Field::OperationalControl, parse::yes_no);
    let fin = r.required(Field::FinancialControl, parse::yes_no);
    let included = r.required(Field::Included, parse::yes_no);
    let reason = r.optional_text(Field::ExclusionReason);
    if included == Some(false) && reason.is_none() {
        r.error(
            Field::ExclusionReason,
            None,
            Msg::new(
                "an excluded entity needs a written justification",
                "被排除的实体需要书面理由",
            ),
        );
    }
    if r.has_errors() {
        return None;
    }
    Some(Entity {
        id: id?,
        name: name?,
        name_zh,
        sector: sector?,
        kind: kind?.unwrap_or_default(),
        ownership_pct: ownership?,
        operational_control: op?,
        financial_control: fin?,
        included: included?,
        exclusion_reason: reason,
    })
}

/// One row of the Factors sheet: one gas component of a factor.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorRow {
    pub row: u32,
    pub id: String,
    pub unit: Unit,
    pub gas: Gas,
    pub kg_per_unit: f64,
    pub source: String,
    pub description: String,
    pub year: Option<i32>,
    pub region: String,
}

pub fn factor(r: &mut Row<'_, '_>) -> Option<FactorRow> {
    let id = r.required_text(Field::FactorId);
    let unit = r.required(Field::Unit, parse::unit);
    let gas = r.required(Field::Gas, parse::gas);
    let kg_cell = r.cell(Field::KgPerUnit);
    let kg = r.required_number(Field::KgPerUnit);
    if kg.is_some_and(|k| k < 0.0) {
        r.error(
            Field::KgPerUnit,
            kg_cell.map(|c| c.display()),
            Msg::new("kg per unit must not be negative", "每单位 kg 不能为负"),
        );
    }
    let source = r.required_text(Field::Source);
    let description = r.optional_text(Field::Description).unwrap_or_default();
    let year = r.optional(Field::Year, |c| {
        let (y, _) = parse::number(c)?;
        if y.fract() == 0.0 && (1900.0..=2200.0).contains(&y) {
            Ok(y as i32)
        } else {
            Err(Msg::new(
                "expected a year such as 2023",
                "应为年份，如 2023",
            ))
        }
    });
    let region = r.optional_text(Field::Region).unwrap_or_default();
    if r.has_errors() {
        return None;
    }
    Some(FactorRow {
        row: r.row,
        id: id?,
        unit: unit?,
        gas: gas?,
        kg_per_unit: kg?,
        source: source?,
        description,
        year: year?,
        region,
    })
}

/// One row of the Activity sheet, before cross-references are checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub row: u32,
    pub entity_id: String,
    pub period: Period,
    pub scope: Scope,
    pub category: IsoCategory,
    pub activity: String,
    pub quantity: f64,
    pub unit: Unit,
    /// `None` when the row names no factor: the methodology's default applies.
    pub factor_id: Option<String>,
    pub market_factor_id: Option<String>,
    pub evidence_ref: String,
    pub data_type: Option<crate::model::DataType>,
}

pub fn activity(r: &mut Row<'_, '_>, reporting_year: i32) -> Option<ActivityRow> {
    let entity_id = r.required_text(Field::EntityId);
    let period_cell = r.cell(Field::Period);
    let period = r.required(Field::Period, parse::period);
    if let Some(p) = period
        && p.year != reporting_year
    {
        r.error(
            Field::Period,
            period_cell.map(|c| c.display()),
            Msg::new(
                format!("period {p} is outside the year being imported ({reporting_year})"),
                format!("期间 {p} 不在导入的年度（{reporting_year}）内"),
            ),
        );
    }
    let scope = r.required(Field::Scope, parse::scope);
    let category_cell = r.cell(Field::Category);
    let category = match r.optional(Field::Category, parse::category) {
        Some(Some(c)) => {
            if let Some(s) = scope
                && c.scope() != s
            {
                r.error(
                    Field::Category,
                    category_cell.map(|c| c.display()),
                    Msg::new(
                        format!(
                            "ISO 14064-1 category {} belongs to scope {}, not {}",
                            c.number(),
                            c.scope().number(),
                            s.number()
                        ),
                        format!(
                            "ISO 14064-1 类别 {} 属于范围{}，而非范围{}",
                            c.number(),
                            c.scope().number(),
                            s.number()
                        ),
                    ),
                );
            }
            Some(c)
        }
        Some(None) => match scope {
            Some(Scope::S1) => IsoCategory::new(1).ok(),
            Some(Scope::S2) => IsoCategory::new(2).ok(),
            Some(Scope::S3) => {
                r.error(
                    Field::Category,
                    None,
                    Msg::new(
                        "scope 3 needs its ISO 14064-1 category (3–6)",
                        "范围三须填写 ISO 14064-1 类别（3–6）",
                    ),
                );
                None
            }
            None => None,
        },
        None => None,
    };
    let activity = r.required_text(Field::Activity);
    let q_cell = r.cell(Field::Quantity);
    let quantity = r.required_number(Field::Quantity);
    match quantity {
        Some(q) if q < 0.0 => r.error(
            Field::Quantity,
            q_cell.map(|c| c.display()),
            Msg::new(
                "quantity must not be negative — record corrections as findings, not negative activity",
                "数量不能为负——更正应记为发现，而不是负的活动数据",
            ),
        ),
        Some(0.0) => r.warn(
            Field::Quantity,
            q_cell.map(|c| c.display()),
            Msg::new("quantity is zero", "数量为零"),
        ),
        _ => {}
    }
    let unit = r.required(Field::Unit, parse::unit);
    let factor_id = r.optional_text(Field::FactorId);
    let market_factor_id = r.optional_text(Field::MarketFactorId);
    if market_factor_id.is_some() && scope.is_some_and(|s| s != Scope::S2) {
        r.error(
            Field::MarketFactorId,
            market_factor_id.clone(),
            Msg::new(
                "a market-based factor is only for scope 2 — remove it or correct the scope",
                "市场法因子只适用于范围二——请删除或更正范围",
            ),
        );
    }
    let evidence_ref = r.optional_text(Field::EvidenceRef).unwrap_or_default();
    let data_type = r
        .optional_text(Field::DataType)
        .and_then(|text| match crate::model::DataType::parse(&text) {
            Some(t) => Some(t),
            None => {
                r.error(
                    Field::DataType,
                    Some(text),
                    Msg::new(
                        "not a data type — write metered, invoiced, estimated or proxy, or leave it empty",
                        "不是有效的数据类型——请填写计量、发票、估算或替代数据，或留空",
                    ),
                );
                None
            }
        });
    if r.has_errors() {
        return None;
    }
    Some(ActivityRow {
        row: r.row,
        entity_id: entity_id?,
        period: period?,
        scope: scope?,
        category: category?,
        activity: activity?,
        quantity: quantity?,
        unit: unit?,
        factor_id,
        market_factor_id,
        evidence_ref,
        data_type,
    })
}

/// A guiding indicator of the Indicators sheet: its key, English or Chinese
/// name; part and whole ≥ 0 (the whole above 0); unit and evidence; the
/// product for product energy intensity.
pub fn indicator(r: &mut Row<'_, '_>) -> Option<crate::model::claims::IndicatorEntry> {
    use crate::model::claims::Guiding;
    let indicator = r.required(Field::Indicator, |c| {
        let t = parse::text(c)?;
        let t = t.trim();
        Guiding::ALL
            .into_iter()
            .find(|g| {
                g.key() == t
                    || g.label().eq_ignore_ascii_case(t)
                    || g.label_zh() == t
            })
            .ok_or_else(|| {
                Msg::new(
                    "not a guiding indicator: write clean-energy-share, solid-waste-utilisation, waste-heat-utilisation, water-reuse or product-energy-intensity (or the Chinese name)",
                    "不是引导性指标：请填写 清洁能源消费占比、工业固体废物综合利用率、余热/余冷/余压综合利用率、工业用水重复利用率 或 园区企业产出产品单位能耗（或英文代码）",
                )
            })
    });
    let part = r.required_number(Field::Part);
    let whole_cell = r.cell(Field::Whole);
    let whole = r.required_number(Field::Whole);
    for (field, v) in [(Field::Part, part), (Field::Whole, whole)] {
        if v.is_some_and(|v| v < 0.0) {
            let shown = r.cell(field).map(|c| c.display());
            r.error(
                field,
                shown,
                Msg::new("must be a number of 0 or more", "必须是不小于 0 的数值"),
            );
        }
    }
    if whole == Some(0.0) {
        r.error(
            Field::Whole,
            whole_cell.map(|c| c.display()),
            Msg::new(
                "the whole cannot be 0 — a share of nothing is not an indicator",
                "分母不能为 0",
            ),
        );
    }
    let unit = r.required_text(Field::Unit);
    let evidence = r.required_text(Field::EvidenceRef);
    let product = r.optional_text(Field::Product).unwrap_or_default();
    if indicator == Some(Guiding::ProductEnergyIntensity) && product.is_empty() {
        r.error(
            Field::Product,
            None,
            Msg::new(
                "product energy intensity names its product",
                "产品单位能耗指标须注明产品",
            ),
        );
    }
    if r.has_errors() {
        return None;
    }
    Some(crate::model::claims::IndicatorEntry {
        indicator: indicator?,
        part: part?,
        whole: whole?,
        unit: unit?,
        evidence: evidence?,
        product,
    })
}
