//! The Factors sheet: every component of every factor with its GWP,
//! treatment and own citation (columns A–Q), and per factor the weighted sums the Activity
//! sheet looks up (the summary, columns S–X).

use super::super::{ExportError, W};
use super::activity::A;
use super::layout::{Column, Fmt, Print, Style, col, fit_row, header, letter, page, q};
use crate::calc::inventory::Inventory;
use crate::calc::treatment::{Treatment, WeightedFactor};
use crate::calc::{CalcErrors, treatment};
use crate::model::Project;
use rust_xlsxwriter::Worksheet;
use std::collections::BTreeMap;

/// The component table's columns.
#[derive(Debug, Clone, Copy)]
#[repr(u16)]
pub(super) enum C {
    Factor,
    Description,
    Unit,
    Gas,
    KgPerUnit,
    Gwp,
    KgCo2e,
    InInventory,
    Biogenic,
    Tonnes,
    Source,
    Year,
    Region,
    Library,
    Table,
    FactorSource,
    Derivation,
}

pub(super) const COMPONENTS: [Column; 17] = [
    col("Factor id / 因子编号", 42.0, Style::General),
    col("Description / 说明", 36.0, Style::General),
    col("Unit / 单位", 10.0, Style::General),
    col("Gas / 气体", 12.0, Style::General),
    col("kg per unit / 每单位千克", 14.0, Style::Num),
    col("GWP", 10.0, Style::Num),
    col("kg CO2e per unit / 每单位千克CO2e", 16.0, Style::Num),
    col("In inventory (1/0) / 计入", 10.0, Style::General),
    col("Biogenic (1/0) / 生物质", 10.0, Style::General),
    col("t CO2e in the inventory / 计入清单吨数", 18.0, Style::T),
    col("Source / 来源", 60.0, Style::General),
    col("Year / 年份", 8.0, Style::General),
    col("Region / 地区", 10.0, Style::General),
    col("Library version / 因子库版本", 12.0, Style::General),
    col("Published table / 出处表", 28.0, Style::General),
    col(
        "Factor's source, when gases differ / 因子总来源",
        40.0,
        Style::General,
    ),
    col("Derivation / 推导", 60.0, Style::General),
];

const _: () = assert!(COMPONENTS.len() == C::Derivation as usize + 1);

/// The per-factor summary's columns (from column S).
#[derive(Debug, Clone, Copy)]
#[repr(u16)]
pub(super) enum S {
    Factor,
    Unit,
    KgInventory,
    KgBiogenic,
    KgOutside,
    Consolidated,
}

/// Column S: the summary sits to the right of the component table, after one
/// empty column.
const SUMMARY_FIRST: u16 = COMPONENTS.len() as u16 + 1;

pub(super) const SUMMARY: [Column; 6] = [
    col("Factor id / 因子编号", 42.0, Style::General),
    col("Unit / 单位", 20.0, Style::General),
    col("kg CO2e per unit, inventory / 计入", 20.0, Style::Num),
    col("kg CO2 per unit, biogenic / 生物质", 20.0, Style::Num),
    col("kg CO2e per unit, outside / 边界外", 20.0, Style::Num),
    col(
        "Consolidated activity (factor unit) / 计入活动量",
        20.0,
        Style::Num,
    ),
];

const _: () = assert!(SUMMARY.len() == S::Consolidated as usize + 1);

impl C {
    fn i(self) -> u16 {
        self as u16
    }

    fn letter(self) -> String {
        letter(self.i())
    }
}

impl S {
    fn i(self) -> u16 {
        SUMMARY_FIRST + self as u16
    }

    fn letter(self) -> String {
        letter(self.i())
    }
}

/// Where the per-factor summary is, for the Activity sheet's VLOOKUPs.
pub(super) struct Summary {
    /// `Factors!$R$2:$W$n`.
    pub range: String,
}

impl Summary {
    /// The 1-based VLOOKUP column of `s` within [`Summary::range`].
    pub fn lookup(&self, s: S) -> u16 {
        s as u16 + 1
    }
}

/// Every factor of the project weighted with its GWP values
/// (`calc::treatment`): a gas without a GWP is an error, never a 0.
pub(super) fn weighted(p: &Project) -> Result<BTreeMap<&str, WeightedFactor>, ExportError> {
    let mut out = BTreeMap::new();
    let mut errors = Vec::new();
    for x in &p.factors {
        match treatment::weigh(p, x) {
            Ok(w) => {
                out.insert(x.id.as_str(), w);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(ExportError::Inventory(CalcErrors(errors)))
    }
}

/// Writes the Factors sheet; returns its digest and where the summary is.
#[allow(clippy::too_many_arguments)]
pub(super) fn factors(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    weighted: &BTreeMap<&str, WeightedFactor>,
    gwp_range: &str,
    n_act: u32,
    park: &str,
) -> Result<(super::super::canonical::SheetDigest, Summary), ExportError> {
    // Each weighed gas beside its component (weighing keeps the order).
    type Row<'a> = (
        &'a crate::model::EmissionFactor,
        &'a crate::model::GasComponent,
        &'a treatment::WeightedGas,
    );
    let comps: Vec<Row> = p
        .factors
        .iter()
        .filter_map(|x| weighted.get(x.id.as_str()).map(|w| (x, w)))
        .flat_map(|(x, w)| {
            x.components
                .iter()
                .zip(&w.gases)
                .map(move |(c, g)| (x, c, g))
        })
        .collect();
    let n_comp = comps.len() as u32 + 1;
    let n_fac = p.factors.len() as u32 + 1;
    let mut w = W::new(ws, "Factors", n_comp.max(n_fac))?;
    w.set_plain(&f.plain);
    page(w.ws, park, Print::Wide { key_cols: 1 });
    header(&mut w, f, 0, &COMPONENTS, Some(n_comp))?;
    for (i, h) in SUMMARY.iter().enumerate() {
        let c = SUMMARY_FIRST + i as u16;
        w.s(0, c, h.header, Some(&f.header))?;
        w.ws.set_column_width(c, h.width)?;
    }
    let summary = Summary {
        range: format!(
            "Factors!${}$2:${}${}",
            S::Factor.letter(),
            S::Consolidated.letter(),
            n_fac.max(2)
        ),
    };
    // Engine values for the cached results.
    let mut consolidated: BTreeMap<&str, f64> = BTreeMap::new();
    for (r, res) in p.activity.iter().zip(&inv.records) {
        *consolidated.entry(r.factor_id.as_str()).or_default() +=
            r.quantity * res.conversion * res.share;
    }
    let comp = |c: C| format!("Factors!${0}$2:${0}${1}", c.letter(), n_comp.max(2));
    let (a, g7, h, i) = (
        comp(C::Factor),
        comp(C::KgCo2e),
        comp(C::InInventory),
        comp(C::Biogenic),
    );
    let (e_, f_, g_, h_, a_) = (
        C::KgPerUnit.letter(),
        C::Gwp.letter(),
        C::KgCo2e.letter(),
        C::InInventory.letter(),
        C::Factor.letter(),
    );
    let (t_, u_) = (S::KgInventory.letter(), S::KgBiogenic.letter());
    for r in 1..n_comp.max(n_fac) {
        let x = r + 1; // Excel row
        if let Some((fac, component, g)) = comps.get(r as usize - 1) {
            let (inc, bio) = g.treatment.flags();
            w.s(r, C::Factor.i(), &fac.id, None)?;
            w.s(r, C::Description.i(), &fac.description, Some(&f.wrap))?;
            w.s(r, C::Unit.i(), fac.unit.as_str(), None)?;
            w.s(r, C::Gas.i(), g.gas.code(), None)?;
            w.n(r, C::KgPerUnit.i(), g.kg_per_unit, Some(&f.num))?;
            w.f(
                r,
                C::Gwp.i(),
                &format!("=VLOOKUP({}{x},{gwp_range},2,FALSE)", C::Gas.letter()),
                g.gwp,
                Some(&f.num),
            )?;
            w.f(
                r,
                C::KgCo2e.i(),
                &format!("={e_}{x}*{f_}{x}"),
                g.kg_co2e_per_unit,
                Some(&f.num),
            )?;
            w.n(r, C::InInventory.i(), inc, None)?;
            w.n(r, C::Biogenic.i(), bio, None)?;
            let cons = consolidated.get(fac.id.as_str()).copied().unwrap_or(0.0);
            w.f(
                r,
                C::Tonnes.i(),
                &format!(
                    "={g_}{x}*{h_}{x}*VLOOKUP({a_}{x},{},{},FALSE)/1000",
                    summary.range,
                    summary.lookup(S::Consolidated)
                ),
                g.kg_co2e_per_unit * inc * cons / 1000.0,
                Some(&f.t),
            )?;
            // Each gas's own citation (the factor's when it has none).
            w.s(r, C::Source.i(), fac.citation(component), Some(&f.wrap))?;
            if let Some(y) = fac.year {
                w.n(r, C::Year.i(), f64::from(y), None)?;
            }
            w.s(r, C::Region.i(), &fac.region, None)?;
            w.s(
                r,
                C::Library.i(),
                fac.library_version.as_deref().unwrap_or("site-specific"),
                None,
            )?;
            let table = component.table.as_deref().unwrap_or("");
            w.s(r, C::Table.i(), table, Some(&f.wrap))?;
            // Where gases cite their own sources, the factor's whole citation
            // (with its caveats) stays beside each of them.
            let whole = if fac.has_per_gas_sources() {
                fac.source.as_str()
            } else {
                ""
            };
            w.s(r, C::FactorSource.i(), whole, Some(&f.wrap))?;
            let derivation = fac.derivation.as_deref().unwrap_or("");
            w.s(r, C::Derivation.i(), derivation, Some(&f.wrap))?;
            let width = |c: C| COMPONENTS[c.i() as usize].width;
            fit_row(
                &mut w,
                r,
                &[
                    (&fac.description, width(C::Description)),
                    (fac.citation(component), width(C::Source)),
                    (table, width(C::Table)),
                    (whole, width(C::FactorSource)),
                    (derivation, width(C::Derivation)),
                ],
            )?;
        }
        if let Some(fac) = p.factors.get(r as usize - 1) {
            let id = q(&fac.id);
            let wf = weighted.get(fac.id.as_str());
            let kg = |t: Treatment| wf.map_or(0.0, |w| w.sum(t));
            w.s(r, S::Factor.i(), &fac.id, None)?;
            w.s(r, S::Unit.i(), fac.unit.as_str(), None)?;
            w.f(
                r,
                S::KgInventory.i(),
                &format!("=SUMIFS({g7},{a},{id},{h},1)"),
                kg(Treatment::Inventory),
                Some(&f.num),
            )?;
            w.f(
                r,
                S::KgBiogenic.i(),
                &format!("=SUMIFS({g7},{a},{id},{i},1)"),
                kg(Treatment::Biogenic),
                Some(&f.num),
            )?;
            w.f(
                r,
                S::KgOutside.i(),
                &format!("=SUMIFS({g7},{a},{id})-{t_}{x}-{u_}{x}"),
                kg(Treatment::Outside),
                Some(&f.num),
            )?;
            w.f(
                r,
                S::Consolidated.i(),
                &format!(
                    "=SUMIFS({},{},{id})",
                    A::ConsolidatedQty.range(n_act),
                    A::Factor.range(n_act)
                ),
                consolidated.get(fac.id.as_str()).copied().unwrap_or(0.0),
                Some(&f.num),
            )?;
        }
    }
    Ok((w.finish(), summary))
}
