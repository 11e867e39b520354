//! The whole chain behind one record's tonnes: quantity and unit, conversion,
//! the factor chosen and why, each gas × GWP, the result, and the boundary.

use super::consolidation::{self, OutsideReason};
use super::treatment::Treatment;
use super::units::conversion_factor;
use crate::model::{ActivityRecord, EmissionFactor, Project, Scope};
use serde::Serialize;
use std::fmt;

/// One gas of a factor, weighted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GasLine {
    pub gas: String,
    pub kg_per_unit: f64,
    pub gwp: f64,
    pub kg_co2e_per_unit: f64,
    /// `inventory`, `biogenic (outside the scopes)` or `outside the operational boundary`.
    pub treatment: String,
    /// This gas's citation (its own, or the factor's).
    pub source: String,
    /// The published table, for a library factor's gas that names one.
    pub table: Option<String>,
}

/// A factor applied to the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorChain {
    pub factor_id: String,
    pub description: String,
    pub source: String,
    pub library_version: Option<String>,
    pub derivation: Option<String>,
    /// Whether the gases cite sources of their own (then each gas line shows its own).
    pub per_gas_sources: bool,
    /// Why this factor: named in the record (with its source cell) or a default rule.
    pub why: String,
    /// `why` in Chinese, for the app.
    #[serde(skip)]
    pub why_zh: String,
    pub factor_unit: String,
    pub conversion: f64,
    pub quantity_in_factor_unit: f64,
    pub gases: Vec<GasLine>,
    /// Σ kg CO₂e per unit over the gases counted in the inventory.
    pub kg_co2e_per_unit: f64,
    /// t CO₂e at 100 % = quantity in factor unit × kg CO₂e per unit / 1000.
    pub gross_t: f64,
}

/// The explanation of one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub record_id: String,
    pub entity: String,
    pub period: String,
    pub scope: u8,
    pub category: u8,
    pub activity: String,
    pub quantity: f64,
    pub unit: String,
    pub origin: Option<String>,
    pub evidence_ref: String,
    pub gwp_set: String,
    pub gwp_basis: String,
    pub location: FactorChain,
    pub market: Option<FactorChain>,
    pub boundary: String,
    /// `boundary` in Chinese, for the app.
    #[serde(skip)]
    pub boundary_zh: String,
    pub share: f64,
    pub inventory_t: f64,
    pub inventory_market_t: Option<f64>,
    pub biogenic_t: f64,
    pub excluded_t: f64,
}

fn chain(
    project: &Project,
    r: &ActivityRecord,
    f: &EmissionFactor,
    (why, why_zh): (String, String),
) -> Result<FactorChain, String> {
    let conversion =
        conversion_factor(r.unit, f.unit).map_err(|e| format!("record {}: {e}", r.id))?;
    let q = r.quantity * conversion;
    let weighted = super::treatment::weigh(project, f).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let kg = weighted.inventory_kg;
    // Weighing keeps the components' order.
    let gases = weighted
        .gases
        .iter()
        .zip(&f.components)
        .map(|(g, c)| GasLine {
            gas: g.gas.code().into(),
            kg_per_unit: g.kg_per_unit,
            gwp: g.gwp,
            kg_co2e_per_unit: g.kg_co2e_per_unit,
            treatment: g.treatment.label().into(),
            source: f.citation(c).to_string(),
            table: c.table.clone(),
        })
        .collect();
    Ok(FactorChain {
        factor_id: f.id.clone(),
        description: f.description.clone(),
        source: f.source.clone(),
        library_version: f.library_version.clone(),
        derivation: f.derivation.clone(),
        per_gas_sources: f.has_per_gas_sources(),
        why,
        why_zh,
        factor_unit: f.unit.to_string(),
        conversion,
        quantity_in_factor_unit: q,
        gases,
        kg_co2e_per_unit: kg,
        gross_t: r.quantity * conversion * kg / 1000.0,
    })
}

/// Explains the record at `index` of `project.activity`.
pub fn explain(project: &Project, index: usize) -> Result<Explanation, String> {
    let r = project
        .activity
        .get(index)
        .ok_or_else(|| format!("no record at position {index}"))?;
    let origin = r.source.as_ref().map(|s| match project.import(s.import) {
        Some(i) => format!(
            "{} (import {}, SHA-256 {}…), sheet {}, row {}",
            i.file_name,
            i.id,
            i.sha256.get(..12).unwrap_or(&i.sha256),
            s.sheet,
            s.row
        ),
        None => format!("import {}, sheet {}, row {}", s.import, s.sheet, s.row),
    });
    let named = |what: &str| match &origin {
        Some(o) => (
            format!("named in the record's {what} column ({o})"),
            format!("记录的 {what} 列中指定（{o}）"),
        ),
        None => (
            format!("named in the record ({what})"),
            format!("记录中指定（{what}）"),
        ),
    };
    let f = project
        .factor(&r.factor_id)
        .ok_or_else(|| format!("record {}: unknown factor '{}'", r.id, r.factor_id))?;
    let why = r.factor_rule.clone().map_or_else(
        || named("factor_id"),
        |rule| (format!("default rule: {rule}"), format!("默认规则：{rule}")),
    );
    let location = chain(project, r, f, why)?;
    let market = match (r.scope, &r.market_factor_id) {
        (Scope::S2, Some(id)) => {
            let mf = project
                .factor(id)
                .ok_or_else(|| format!("record {}: unknown market factor '{id}'", r.id))?;
            let why = if r.factor_rule.is_some() {
                (
                    "default rule: residual mix of the same data year".to_string(),
                    "默认规则：同一数据年份的剩余组合因子".to_string(),
                )
            } else {
                named("market_factor_id")
            };
            Some(chain(project, r, mf, why)?)
        }
        (Scope::S2, None) => Some(FactorChain {
            why: "no market-based factor given: the location-based factor is used for both".into(),
            why_zh: "未给出市场法因子：两种方法均采用基于位置的因子".into(),
            ..location.clone()
        }),
        _ => None,
    };
    let entity = project
        .entity(&r.entity_id)
        .ok_or_else(|| format!("record {}: unknown entity '{}'", r.id, r.entity_id))?;
    let approach = project.consolidation;
    let ob = &project.operational_boundary;
    let approach_zh = match approach {
        crate::model::Consolidation::OperationalControl => "运营控制权法",
        crate::model::Consolidation::FinancialControl => "财务控制权法",
        crate::model::Consolidation::EquityShare => "股权比例法",
    };
    let id = &entity.id;
    let (share, (boundary, boundary_zh)) = match consolidation::share(entity, approach) {
        Err(OutsideReason::NotIncluded) => {
            let why = entity.exclusion_reason.as_deref();
            (
                0.0,
                (
                    format!(
                        "entity {id} is excluded from the inventory: {}",
                        why.unwrap_or("no justification recorded")
                    ),
                    format!(
                        "实体 {id} 被排除在清单之外：{}",
                        why.unwrap_or("未记录理由")
                    ),
                ),
            )
        }
        Err(OutsideReason::NoControl) => (
            0.0,
            (
                format!(
                    "{approach}: the park does not have that control over {id} → outside the boundary"
                ),
                format!("{approach_zh}：园区对 {id} 不具有该控制权 → 在边界之外"),
            ),
        ),
        Err(OutsideReason::NoEquity) => (
            0.0,
            (
                format!("{approach}: {id} has 0 % ownership → outside the boundary"),
                format!("{approach_zh}：{id} 的持股比例为 0 % → 在边界之外"),
            ),
        ),
        Ok(_) if !ob.scopes.contains(&r.scope) => (
            0.0,
            (
                format!("{} is not in the operational boundary", r.scope),
                format!("范围{}不在运营边界内", r.scope.number()),
            ),
        ),
        Ok(_) if !ob.iso_categories.contains(&r.category) => (
            0.0,
            (
                format!(
                    "ISO category {} is not in the operational boundary",
                    r.category.number()
                ),
                format!("ISO 类别 {} 不在运营边界内", r.category.number()),
            ),
        ),
        Ok(s) => (
            s,
            match approach {
                crate::model::Consolidation::EquityShare => (
                    format!(
                        "{approach}: {} % of {id} is held → share {s}",
                        entity.ownership_pct
                    ),
                    format!(
                        "{approach_zh}：持有 {id} 的 {} % → 份额 {s}",
                        entity.ownership_pct
                    ),
                ),
                _ => (
                    format!("{approach}: the park has that control over {id} → 100 %"),
                    format!("{approach_zh}：园区对 {id} 具有该控制权 → 100 %"),
                ),
            },
        ),
    };
    let uncovered: f64 = location
        .gases
        .iter()
        .filter(|g| g.treatment == Treatment::Outside.label())
        .map(|g| g.kg_co2e_per_unit)
        .sum::<f64>()
        * location.quantity_in_factor_unit
        / 1000.0;
    let bio: f64 = location
        .gases
        .iter()
        .filter(|g| g.treatment == Treatment::Biogenic.label())
        .map(|g| g.kg_co2e_per_unit)
        .sum::<f64>()
        * location.quantity_in_factor_unit
        / 1000.0;
    let inside = share > 0.0;
    Ok(Explanation {
        record_id: r.id.clone(),
        entity: format!("{} {}", entity.id, entity.name),
        period: r.period.to_string(),
        scope: r.scope.number(),
        category: r.category.number(),
        activity: r.activity.clone(),
        quantity: r.quantity,
        unit: r.unit.to_string(),
        origin,
        evidence_ref: r.evidence_ref.clone(),
        gwp_set: project.methodology.gwp_set.name().into(),
        gwp_basis: match &project.gwp_snapshot {
            Some(s) if s.set == project.methodology.gwp_set => {
                format!("frozen snapshot, library {}", s.library_version)
            }
            _ => format!("bundled table, library {}", super::library::LIBRARY_VERSION),
        },
        inventory_t: if inside {
            location.gross_t * share
        } else {
            0.0
        },
        inventory_market_t: market
            .as_ref()
            .map(|m| if inside { m.gross_t * share } else { 0.0 }),
        biogenic_t: if inside { bio * share } else { 0.0 },
        excluded_t: uncovered + if inside { 0.0 } else { location.gross_t },
        location,
        market,
        boundary,
        boundary_zh,
        share,
    })
}

fn num(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let s = format!("{x:.6}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn chain_fmt(
    f: &mut fmt::Formatter<'_>,
    title: &str,
    c: &FactorChain,
    e: &Explanation,
) -> fmt::Result {
    writeln!(f, "{title}: factor {} — {}", c.factor_id, c.description)?;
    writeln!(f, "  why: {}", c.why)?;
    writeln!(f, "  source: {}", c.source)?;
    if let Some(v) = &c.library_version {
        writeln!(f, "  frozen from library {v}")?;
    }
    if let Some(d) = &c.derivation {
        writeln!(f, "  derivation: {d}")?;
    }
    writeln!(
        f,
        "  conversion: {} {} × {} = {} {}",
        num(e.quantity),
        e.unit,
        num(c.conversion),
        num(c.quantity_in_factor_unit),
        c.factor_unit
    )?;
    writeln!(f, "  gases (GWP {}, {}):", e.gwp_set, e.gwp_basis)?;
    for g in &c.gases {
        writeln!(
            f,
            "    {:<14} {} kg/{} × GWP {} = {} kg CO2e/{}  [{}]",
            g.gas,
            num(g.kg_per_unit),
            c.factor_unit,
            num(g.gwp),
            num(g.kg_co2e_per_unit),
            c.factor_unit,
            g.treatment
        )?;
        if c.per_gas_sources {
            match &g.table {
                Some(t) => writeln!(f, "      source: {} [{t}]", g.source)?,
                None => writeln!(f, "      source: {}", g.source)?,
            }
        }
    }
    writeln!(
        f,
        "  emissions at 100 %: {} {} × {} kg CO2e/{} / 1000 = {} t CO2e",
        num(c.quantity_in_factor_unit),
        c.factor_unit,
        num(c.kg_co2e_per_unit),
        c.factor_unit,
        num(c.gross_t)
    )
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Record {} — {}, {}, scope {}, ISO category {}, activity {}",
            self.record_id, self.entity, self.period, self.scope, self.category, self.activity
        )?;
        writeln!(f, "Quantity: {} {}", num(self.quantity), self.unit)?;
        if let Some(o) = &self.origin {
            writeln!(f, "Source: {o}")?;
        }
        if !self.evidence_ref.is_empty() {
            writeln!(f, "Evidence: {}", self.evidence_ref)?;
        }
        chain_fmt(f, "Location-based", &self.location, self)?;
        if let Some(m) = &self.market {
            chain_fmt(f, "Market-based", m, self)?;
        }
        writeln!(f, "Boundary: {}", self.boundary)?;
        writeln!(
            f,
            "In the inventory: {} t CO2e × share {} = {} t CO2e (location-based)",
            num(self.location.gross_t),
            num(self.share),
            num(self.inventory_t)
        )?;
        if let Some(m) = self.inventory_market_t {
            writeln!(f, "In the inventory: {} t CO2e (market-based)", num(m))?;
        }
        if self.biogenic_t != 0.0 {
            writeln!(
                f,
                "Biogenic CO2 (outside the scopes): {} t",
                num(self.biogenic_t)
            )?;
        }
        if self.excluded_t != 0.0 {
            writeln!(f, "Excluded (at 100 %): {} t CO2e", num(self.excluded_t))?;
        }
        Ok(())
    }
}
