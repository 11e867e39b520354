//! The Activity sheet: one row per record, with live formulas (gross, share,
//! inventory, market-based, excluded, biogenic) whose cached values are the
//! engine's. Written with constant memory: a million rows are streamed.

use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Print, Style, col, header, letter, page};
use crate::calc::inventory::Inventory;
use crate::calc::treatment::WeightedFactor;
use crate::model::{Project, Scope};
use rust_xlsxwriter::Worksheet;
use std::collections::BTreeMap;

/// The Activity sheet's columns, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub(super) enum A {
    Record,
    Entity,
    Sector,
    Period,
    Scope,
    Category,
    Activity,
    Quantity,
    Unit,
    Factor,
    FactorUnit,
    Conversion,
    KgPerUnit,
    Gross,
    Share,
    Inventory,
    ConsolidatedQty,
    MarketFactor,
    MarketConversion,
    MarketKg,
    Market,
    Excluded,
    Biogenic,
    Evidence,
    SourceFile,
    SourceSheet,
    SourceRow,
    Rule,
}

/// Header, width and column format of each of [`A`]'s columns.
pub(super) const COLUMNS: [Column; 28] = [
    col("Record id / 记录编号", 10.0, Style::General),
    col("Entity id / 实体编号", 10.0, Style::General),
    col("Sector / 行业", 12.0, Style::General),
    col("Period / 期间", 9.0, Style::General),
    col("Scope / 范围", 7.0, Style::General),
    col("ISO category / 类别", 8.0, Style::General),
    col("Activity / 活动", 26.0, Style::General),
    col("Quantity / 数量", 14.0, Style::Num),
    col("Unit / 单位", 9.0, Style::General),
    col("Factor id / 因子编号", 42.0, Style::General),
    col("Factor unit / 因子单位", 9.0, Style::General),
    col("Conversion to factor unit / 换算系数", 10.0, Style::Num),
    col("kg CO2e per factor unit / 每单位千克CO2e", 14.0, Style::Num),
    col("Emissions at 100 % (t CO2e) / 全部排放", 16.0, Style::T),
    col("Share / 计入比例", 8.0, Style::Pct),
    col("In the inventory (t CO2e) / 计入清单", 16.0, Style::T),
    col(
        "Consolidated quantity (factor unit) / 计入活动量",
        16.0,
        Style::Num,
    ),
    col("Market factor id / 市场法因子", 42.0, Style::General),
    col("Market conversion / 市场法换算", 10.0, Style::Num),
    col("Market kg CO2e per unit / 市场法每单位", 14.0, Style::Num),
    col("Market-based (t CO2e) / 基于市场", 16.0, Style::T),
    col("Excluded (t CO2e) / 边界外", 14.0, Style::T),
    col("Biogenic CO2 (t) / 生物质", 12.0, Style::T),
    col("Evidence / 证据编号", 30.0, Style::General),
    col("Source file / 来源文件", 24.0, Style::General),
    col("Source sheet / 来源工作表", 12.0, Style::General),
    col("Source row / 来源行", 8.0, Style::General),
    col("Factor chosen by rule / 默认因子规则", 40.0, Style::General),
];

const _: () = assert!(COLUMNS.len() == A::Rule as usize + 1);

impl A {
    pub fn index(self) -> u16 {
        self as u16
    }

    pub fn letter(self) -> String {
        letter(self.index())
    }

    /// `Activity!$X$2:$X$n`, the column's data rows (`last` = last Excel row).
    pub fn range(self, last: u32) -> String {
        let c = self.letter();
        format!("Activity!${c}$2:${c}${}", last.max(2))
    }
}

/// Writes the Activity sheet; `summary` is the Factors sheet's per-factor range.
#[allow(clippy::too_many_arguments)]
pub(super) fn activity(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    weighted: &BTreeMap<&str, WeightedFactor>,
    summary: &super::factors::Summary,
    park: &str,
    progress: Option<&crate::io::Progress>,
) -> Result<super::super::canonical::SheetDigest, ExportError> {
    let rows = p.activity.len() as u32 + 1;
    let mut w = W::new(ws, "Activity", rows)?;
    page(w.ws, park, Print::Wide { key_cols: 1 });
    header(&mut w, f, 0, &COLUMNS, Some(rows))?;
    // Column formats rather than per-cell ones: a million rows need no format lookups.
    for (i, c) in COLUMNS.iter().enumerate() {
        if let Some(fmt) = f.of(c.style) {
            w.set_column_format(i as u16, fmt)?;
        }
    }
    // Per-factor values, looked up once rather than per record.
    let fac_info: BTreeMap<&str, (&str, f64)> = p
        .factors
        .iter()
        .map(|x| {
            let kg = weighted.get(x.id.as_str()).map_or(0.0, |w| w.inventory_kg);
            (x.id.as_str(), (x.unit.as_str(), kg))
        })
        .collect();
    let sector: BTreeMap<&str, &str> = p
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.sector.as_str()))
        .collect();
    // The letters the row formulas use, once.
    let [h, j, l, m, n, o, r_, s_, t_] = [
        A::Quantity,
        A::Factor,
        A::Conversion,
        A::KgPerUnit,
        A::Gross,
        A::Share,
        A::MarketFactor,
        A::MarketConversion,
        A::MarketKg,
    ]
    .map(A::letter);
    let (kg_in, kg_bio, kg_out) = (
        summary.lookup(super::factors::S::KgInventory),
        summary.lookup(super::factors::S::KgBiogenic),
        summary.lookup(super::factors::S::KgOutside),
    );
    let range = &summary.range;
    for (i, (r, res)) in p.activity.iter().zip(&inv.records).enumerate() {
        if let Some(pr) = progress
            && i % 4096 == 0
        {
            if pr.is_cancelled() {
                return Err(ExportError::Cancelled);
            }
            pr.add(if i == 0 { 0 } else { 4096 });
        }
        let row = i as u32 + 1;
        let x = row + 1;
        let (fac_unit, kg) = fac_info
            .get(r.factor_id.as_str())
            .copied()
            .unwrap_or(("", 0.0));
        let mid = r
            .market_factor_id
            .as_deref()
            .filter(|_| r.scope == Scope::S2)
            .unwrap_or(&r.factor_id);
        let mkg = fac_info.get(mid).map_or(0.0, |x| x.1);
        let mconv = match p.factor(mid) {
            Some(mf) if mid != r.factor_id => {
                crate::calc::units::conversion_factor(r.unit, mf.unit).unwrap_or(res.conversion)
            }
            _ => res.conversion,
        };
        let c = |a: A| a.index();
        w.s(row, c(A::Record), &r.id, None)?;
        w.s(row, c(A::Entity), &r.entity_id, None)?;
        w.s(
            row,
            c(A::Sector),
            sector.get(r.entity_id.as_str()).copied().unwrap_or(""),
            None,
        )?;
        w.s(row, c(A::Period), &r.period.to_string(), None)?;
        w.n(row, c(A::Scope), f64::from(r.scope.number()), None)?;
        w.n(row, c(A::Category), f64::from(r.category.number()), None)?;
        w.s(row, c(A::Activity), &r.activity, None)?;
        w.n(row, c(A::Quantity), r.quantity, None)?;
        w.s(row, c(A::Unit), r.unit.as_str(), None)?;
        w.s(row, c(A::Factor), &r.factor_id, None)?;
        w.s(row, c(A::FactorUnit), fac_unit, None)?;
        w.n(row, c(A::Conversion), res.conversion, None)?;
        w.f(
            row,
            c(A::KgPerUnit),
            &format!("=VLOOKUP({j}{x},{range},{kg_in},FALSE)"),
            kg,
            Some(&f.num),
        )?;
        w.f(
            row,
            c(A::Gross),
            &format!("={h}{x}*{l}{x}*{m}{x}/1000"),
            res.gross_location_t,
            Some(&f.t),
        )?;
        w.n(row, c(A::Share), res.share, None)?;
        w.f(
            row,
            c(A::Inventory),
            &format!("={n}{x}*{o}{x}"),
            res.location_t,
            None,
        )?;
        w.f(
            row,
            c(A::ConsolidatedQty),
            &format!("={h}{x}*{l}{x}*{o}{x}"),
            r.quantity * res.conversion * res.share,
            Some(&f.num),
        )?;
        w.s(row, c(A::MarketFactor), mid, None)?;
        w.n(row, c(A::MarketConversion), mconv, None)?;
        w.f(
            row,
            c(A::MarketKg),
            &format!("=VLOOKUP({r_}{x},{range},{kg_in},FALSE)"),
            mkg,
            Some(&f.num),
        )?;
        w.f(
            row,
            c(A::Market),
            &format!("={h}{x}*{s_}{x}*{t_}{x}/1000*{o}{x}"),
            res.market_t,
            Some(&f.t),
        )?;
        w.f(
            row,
            c(A::Excluded),
            &format!(
                "=IF({o}{x}=0,{n}{x},0)+{h}{x}*{l}{x}*VLOOKUP({j}{x},{range},{kg_out},FALSE)/1000"
            ),
            res.excluded_t,
            Some(&f.t),
        )?;
        w.f(
            row,
            c(A::Biogenic),
            &format!("={h}{x}*{l}{x}*VLOOKUP({j}{x},{range},{kg_bio},FALSE)/1000*{o}{x}"),
            res.biogenic_t,
            Some(&f.t),
        )?;
        w.s(row, c(A::Evidence), &r.evidence_ref, None)?;
        if let Some(src) = &r.source {
            w.s(
                row,
                c(A::SourceFile),
                p.import(src.import).map_or("", |i| i.file_name.as_str()),
                None,
            )?;
            w.s(row, c(A::SourceSheet), &src.sheet, None)?;
            w.n(row, c(A::SourceRow), f64::from(src.row), None)?;
        }
        w.s(
            row,
            c(A::Rule),
            r.factor_rule.as_deref().unwrap_or(""),
            None,
        )?;
    }
    Ok(w.finish())
}
