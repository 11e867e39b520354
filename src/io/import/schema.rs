//! The template's sheets and columns, with their English names and the
//! Chinese aliases accepted in their place.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SheetKind {
    Entities,
    Factors,
    Activity,
    /// The zero-carbon-park guiding indicators, entered with their evidence.
    Indicators,
}

impl SheetKind {
    /// Processing order: definitions before the activity that refers to them.
    pub const ALL: [SheetKind; 4] = [
        SheetKind::Entities,
        SheetKind::Factors,
        SheetKind::Activity,
        SheetKind::Indicators,
    ];

    /// The template's sheet name.
    pub fn name(self) -> &'static str {
        match self {
            SheetKind::Entities => "Entities",
            SheetKind::Factors => "Factors",
            SheetKind::Activity => "Activity",
            SheetKind::Indicators => "Indicators",
        }
    }

    /// Sheet names accepted for this kind in a template workbook.
    pub fn sheet_aliases(self) -> &'static [&'static str] {
        match self {
            SheetKind::Entities => &["Entities", "实体", "企业", "实体清单"],
            SheetKind::Factors => &["Factors", "排放因子", "因子"],
            SheetKind::Activity => &["Activity", "活动数据", "活动"],
            SheetKind::Indicators => &["Indicators", "零碳指标", "引导性指标"],
        }
    }

    /// The columns of this sheet, in template order.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            SheetKind::Entities => &[
                EntityId,
                Name,
                NameZh,
                Sector,
                Kind,
                OwnershipPct,
                OperationalControl,
                FinancialControl,
                Included,
                ExclusionReason,
            ],
            SheetKind::Factors => &[
                FactorId,
                Unit,
                Gas,
                KgPerUnit,
                Source,
                Description,
                Year,
                Region,
            ],
            SheetKind::Activity => &[
                EntityId,
                Period,
                Scope,
                Category,
                Activity,
                Quantity,
                Unit,
                FactorId,
                MarketFactorId,
                EvidenceRef,
                DataType,
            ],
            SheetKind::Indicators => &[Indicator, Part, Whole, Unit, EvidenceRef, Product],
        }
    }

    /// Whether `field` must be present (as a column or a fixed value).
    pub fn requires(self, field: Field) -> bool {
        use Field::*;
        match self {
            SheetKind::Entities => matches!(
                field,
                EntityId
                    | Name
                    | Sector
                    | OwnershipPct
                    | OperationalControl
                    | FinancialControl
                    | Included
            ),
            SheetKind::Factors => matches!(field, FactorId | Unit | Gas | KgPerUnit | Source),
            SheetKind::Activity => matches!(
                field,
                EntityId | Period | Scope | Activity | Quantity | Unit | FactorId
            ),
            SheetKind::Indicators => matches!(field, Indicator | Part | Whole | Unit | EvidenceRef),
        }
    }
}

impl fmt::Display for SheetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A column of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    EntityId,
    Name,
    NameZh,
    Sector,
    Kind,
    OwnershipPct,
    OperationalControl,
    FinancialControl,
    Included,
    ExclusionReason,
    Period,
    Scope,
    Category,
    Activity,
    Quantity,
    Unit,
    FactorId,
    MarketFactorId,
    EvidenceRef,
    Gas,
    KgPerUnit,
    Source,
    Description,
    Year,
    Region,
    Indicator,
    Part,
    Whole,
    Product,
    DataType,
}

impl Field {
    /// The exact English header.
    pub fn header(self) -> &'static str {
        use Field::*;
        match self {
            EntityId => "entity_id",
            Name => "name",
            NameZh => "name_zh",
            Sector => "sector",
            Kind => "kind",
            OwnershipPct => "ownership_pct",
            OperationalControl => "operational_control",
            FinancialControl => "financial_control",
            Included => "included",
            ExclusionReason => "exclusion_reason",
            Period => "period",
            Scope => "scope",
            Category => "category",
            Activity => "activity",
            Quantity => "quantity",
            Unit => "unit",
            FactorId => "factor_id",
            MarketFactorId => "market_factor_id",
            EvidenceRef => "evidence_ref",
            Gas => "gas",
            KgPerUnit => "kg_per_unit",
            Source => "source",
            Description => "description",
            Year => "year",
            Region => "region",
            Indicator => "indicator",
            Part => "part",
            Whole => "whole",
            Product => "product",
            DataType => "data_type",
        }
    }

    /// Chinese headers accepted for this column (the first is the template's).
    pub fn chinese(self) -> &'static [&'static str] {
        use Field::*;
        match self {
            EntityId => &["实体编号", "企业编号", "单位编号"],
            Name => &["名称", "实体名称", "企业名称"],
            NameZh => &["中文名称"],
            Sector => &["行业", "所属行业"],
            Kind => &["实体类型", "类型"],
            OwnershipPct => &["持股比例", "股权比例", "持股比例(%)", "持股比例（%）"],
            OperationalControl => &["运营控制权", "运营控制"],
            FinancialControl => &["财务控制权", "财务控制"],
            Included => &["是否纳入", "纳入"],
            ExclusionReason => &["排除理由", "排除原因"],
            Period => &["期间", "月份", "报告期"],
            Scope => &["范围"],
            Category => &["类别", "ISO类别"],
            Activity => &["活动", "活动类型", "排放源"],
            Quantity => &["数量", "活动数据", "消耗量"],
            Unit => &["单位", "计量单位"],
            FactorId => &["排放因子编号", "因子编号"],
            MarketFactorId => &["市场法因子编号", "市场因子编号"],
            EvidenceRef => &["证据编号", "凭证编号"],
            Gas => &["气体", "温室气体"],
            KgPerUnit => &["每单位千克", "因子值"],
            Source => &["来源", "数据来源", "出处"],
            Description => &["描述", "说明"],
            Year => &["年份"],
            Region => &["地区", "区域"],
            Indicator => &["指标", "指标名称"],
            Part => &["分子", "实现量"],
            Whole => &["分母", "总量"],
            Product => &["产品"],
            DataType => &["数据类型"],
        }
    }

    /// What the column means, in English and Chinese (for the template's instructions).
    pub fn meaning(self) -> (&'static str, &'static str) {
        use Field::*;
        match self {
            EntityId => (
                "Entity id, unique in the park (e.g. E01)",
                "实体编号，园区内唯一（如 E01）",
            ),
            Name => ("Name of the enterprise or facility", "企业或设施名称"),
            NameZh => ("Chinese name (optional)", "中文名称（可选）"),
            Sector => (
                "Sector code, e.g. steel, cement, chemicals",
                "行业代码，如 steel、cement、chemicals",
            ),
            Kind => (
                "tenant or infrastructure (optional; default tenant)",
                "tenant（企业）或 infrastructure（公共设施），可选",
            ),
            OwnershipPct => ("Ownership held, percent 0–100", "持股比例，0–100（%）"),
            OperationalControl => ("Operational control: yes/no", "是否拥有运营控制权：是/否"),
            FinancialControl => ("Financial control: yes/no", "是否拥有财务控制权：是/否"),
            Included => ("Included in the inventory: yes/no", "是否纳入清单：是/否"),
            ExclusionReason => (
                "Justification, required when included is no",
                "排除理由，未纳入时必填",
            ),
            Period => (
                "Month, YYYY-MM text or an Excel date",
                "月份，YYYY-MM 文本或 Excel 日期",
            ),
            Scope => (
                "GHG Protocol scope: 1, 2 or 3",
                "温室气体核算范围：1、2 或 3",
            ),
            Category => (
                "ISO 14064-1 category 1–6 (optional for scopes 1 and 2)",
                "ISO 14064-1 类别 1–6（范围 1、2 可省略）",
            ),
            Activity => (
                "Activity code, e.g. natural_gas_boiler",
                "活动代码，如 natural_gas_boiler",
            ),
            Quantity => (
                "Quantity, a number ≥ 0 in the unit column's unit",
                "数量，≥ 0 的数值，单位见单位列",
            ),
            Unit => (
                "Unit: t, kg, kWh, MWh, GJ, 10^4 Nm3, 万kWh …",
                "单位：t、kg、kWh、MWh、GJ、万Nm3、万kWh 等",
            ),
            FactorId => (
                "Emission factor id (Factors sheet or project)",
                "排放因子编号（因子表或项目中）",
            ),
            MarketFactorId => (
                "Scope 2 only: market-based factor id (optional)",
                "仅范围 2：市场法排放因子编号（可选）",
            ),
            EvidenceRef => (
                "Evidence reference: invoice, meter reading …",
                "证据编号：发票、抄表记录等",
            ),
            Gas => (
                "Gas code: CO2, CH4, N2O, SF6, HFC-134a, CO2e …",
                "气体代码：CO2、CH4、N2O、SF6、HFC-134a、CO2e 等",
            ),
            KgPerUnit => (
                "kg of the gas per unit of the factor's unit",
                "每单位活动的气体千克数",
            ),
            Source => ("Citation of the factor's source", "因子来源出处"),
            Description => ("What the factor is for (optional)", "因子说明（可选）"),
            Year => ("Year of the factor (optional)", "因子年份（可选）"),
            Region => ("Region of the factor (optional)", "因子适用地区（可选）"),
            Indicator => (
                "Guiding indicator: clean-energy-share, solid-waste-utilisation, waste-heat-utilisation, water-reuse, product-energy-intensity (or its Chinese name)",
                "引导性指标：清洁能源消费占比、工业固体废物综合利用率、余热/余冷/余压综合利用率、工业用水重复利用率、园区企业产出产品单位能耗（或其英文代码）",
            ),
            Part => (
                "The part: clean energy, waste utilised, heat recovered, water reused — or the product's energy per unit",
                "分子：清洁能源、已利用固废、已回收余热、重复用水量——或产品单位能耗",
            ),
            Whole => (
                "The whole it is a share of — or the advanced value the product is held to",
                "分母：对应的总量——或产品单位能耗的先进值",
            ),
            Product => (
                "For product energy intensity: the product",
                "产品单位能耗指标所指的产品",
            ),
            DataType => (
                "How the quantity was obtained (optional; sets its uncertainty): metered, invoiced, estimated or proxy",
                "数量的获取方式（可选，决定其不确定性）：计量、发票、估算或替代数据",
            ),
        }
    }

    /// Whether `text` (trimmed) names this column exactly, in English or Chinese.
    pub fn matches_exact(self, text: &str) -> bool {
        let t = text.trim();
        t == self.header() || self.chinese().contains(&t)
    }

    /// Looser matching used only to suggest a mapping: case, spaces, underscores
    /// and a unit in brackets are ignored.
    pub fn matches_loose(self, text: &str) -> bool {
        let n = loose(text);
        !n.is_empty()
            && (n == loose(self.header())
                || self.chinese().iter().any(|c| loose(c) == n)
                || self.english_synonyms().iter().any(|s| loose(s) == n))
    }

    fn english_synonyms(self) -> &'static [&'static str] {
        use Field::*;
        match self {
            EntityId => &[
                "entity",
                "entity id",
                "tenant id",
                "company id",
                "facility id",
            ],
            Name => &["entity name", "company", "company name", "enterprise"],
            OwnershipPct => &["ownership", "ownership %", "equity", "equity share"],
            Period => &["month", "date", "reporting period"],
            Activity => &["activity code", "source", "emission source", "fuel"],
            Quantity => &["amount", "consumption", "activity data", "value"],
            Unit => &["units", "uom"],
            FactorId => &["factor", "emission factor", "ef id"],
            EvidenceRef => &["evidence", "invoice", "reference", "document"],
            KgPerUnit => &["kg/unit", "factor value"],
            _ => &[],
        }
    }
}

fn loose(text: &str) -> String {
    let t = text.trim();
    // Drop a trailing unit such as "(t)" or "（吨）".
    let t = match t.find(['(', '（']) {
        Some(i) if i > 0 => &t[..i],
        _ => t,
    };
    t.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header())
    }
}

/// Excel column letters for a 0-based column index (0 → A, 26 → AA).
pub fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The 0-based index of column letters (`"AA"` → 26), if they are letters.
pub fn column_index(letters: &str) -> Option<u32> {
    let t = letters.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut n: u32 = 0;
    for c in t.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    Some(n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
        for i in [0, 5, 25, 26, 27, 51, 52, 701, 702, 16_383] {
            assert_eq!(column_index(&column_letter(i)), Some(i));
        }
        assert_eq!(column_index("b"), Some(1));
        assert_eq!(column_index("A1"), None);
    }

    #[test]
    fn header_matching() {
        assert!(Field::EntityId.matches_exact(" entity_id "));
        assert!(Field::EntityId.matches_exact("实体编号"));
        assert!(!Field::EntityId.matches_exact("Entity ID"));
        assert!(Field::EntityId.matches_loose("Entity ID"));
        assert!(Field::Quantity.matches_loose("Quantity (t)"));
        assert!(Field::Quantity.matches_loose("数量（吨）"));
        assert!(!Field::Quantity.matches_loose("(t)"));
    }

    #[test]
    fn every_field_has_both_languages() {
        for kind in SheetKind::ALL {
            for f in kind.fields() {
                assert!(!f.chinese().is_empty(), "{f}");
                let (en, zh) = f.meaning();
                assert!(!en.is_empty() && !zh.is_empty(), "{f}");
            }
        }
    }
}
