//! The communication's summaries: `Summary_Products` (each good's SEE from
//! its attributed emissions, with the chain solved) and
//! `Summary_Communication` (what goes to the EU importer, its product table's
//! columns in the template's order).

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::cbam_comm::{Comm, page_header};
use super::layout::{Column, Fmt, Print, Style, col, fit_row, header, letter, page};
use crate::calc::cbam_goods::{self, ProcessResult};
use crate::model::cbam::{CarbonPrice, Installation, Process};
use rust_xlsxwriter::Worksheet;

/// `Summary_Products`: own emissions per unit by formula from
/// `D_Processes`; the SEE solved over the chain (SEE = (I − A)^-1 · SE, as
/// the template's hidden `InputOutput` sheet does); the per-t-of-product
/// and counted SEE by formula.
pub(super) const PRODUCT_COLUMNS: [Column; 21] = [
    col("Production process", 12.0, Style::General),
    col("Aggregated goods category", 18.0, Style::Wrap),
    col("CN code", 12.0, Style::General),
    col("Product", 26.0, Style::Wrap),
    col("Activity level", 14.0, Style::Num),
    col("Unit", 9.0, Style::General),
    col("Attributed direct emissions (t CO2e)", 16.0, Style::T),
    col("Attributed indirect emissions (t CO2e)", 16.0, Style::T),
    col("Own direct per unit (t CO2e/unit)", 16.0, Style::Num),
    col("Own indirect per unit (t CO2e/unit)", 16.0, Style::Num),
    col("SEE direct per unit, chain solved", 16.0, Style::Num),
    col("SEE indirect per unit, chain solved", 16.0, Style::Num),
    col("Units per t of product", 11.0, Style::Num),
    col("SEE direct (t CO2e/t)", 12.0, Style::Num),
    col("SEE indirect (t CO2e/t)", 12.0, Style::Num),
    col("Indirect counted (outside Annex II)", 16.0, Style::General),
    col("SEE counted for CBAM (t CO2e/t)", 16.0, Style::Num),
    col("Share from default values", 11.0, Style::Pct),
    col("Default value, Annex I (t CO2e/t)", 16.0, Style::Num),
    col(
        "Default value marked up for the declaration year",
        16.0,
        Style::Num,
    ),
    col("SEE counted ÷ default value", 11.0, Style::Num),
];

pub(super) fn products(
    ws: &mut Worksheet,
    f: &Fmt,
    c: &Comm<'_>,
    draft: bool,
) -> Result<SheetDigest, ExportError> {
    let inst = c.inst;
    let n = inst.processes.len() as u32;
    let mut w = W::new(ws, "Summary_Products", n + 5)?;
    w.set_plain(&f.plain);
    page(w.ws, &inst.name_en, Print::Wide { key_cols: 1 });
    page_header(w.ws, inst, draft);
    header(&mut w, f, 0, &PRODUCT_COLUMNS, None)?;
    let l = |i: u16| letter(i);
    let num = |c: u16| f.of(PRODUCT_COLUMNS[usize::from(c)].style);
    for (r, (q, g)) in (1u32..).zip(inst.processes.iter().zip(&c.result.processes)) {
        let x = r + 1;
        // D_Processes has the same processes in the same rows.
        let dp = |c: u16| format!("=D_Processes!{}{x}", letter(c));
        w.s(r, 0, &q.id, None)?;
        w.s(r, 1, q.category.label(), Some(&f.wrap))?;
        w.s(r, 2, q.cn_codes.first().map_or("", String::as_str), None)?;
        w.s(r, 3, product_name(q), Some(&f.wrap))?;
        w.f(r, 4, &dp(3), q.activity_level_t, num(4))?;
        w.s(r, 5, q.functional_unit.unit(), None)?;
        w.f(r, 6, &dp(15), g.direct_t, num(6))?;
        w.f(r, 7, &dp(19), g.indirect_t, num(7))?;
        let level = q.activity_level_t;
        let per = |t: f64| if level > 0.0 { t / level } else { 0.0 };
        let guard = |num: u16| format!("=IF({e}{x}>0,{n}{x}/{e}{x},0)", e = l(4), n = l(num));
        w.f(r, 8, &guard(6), per(g.direct_t), num(8))?;
        w.f(r, 9, &guard(7), per(g.indirect_t), num(9))?;
        w.n(r, 10, g.see.direct, num(10))?;
        w.n(r, 11, g.see.indirect, num(11))?;
        w.n(r, 12, g.content, num(12))?;
        w.f(
            r,
            13,
            &format!("={}{x}*{}{x}", l(10), l(12)),
            g.see_product.direct,
            num(13),
        )?;
        w.f(
            r,
            14,
            &format!("={}{x}*{}{x}", l(11), l(12)),
            g.see_product.indirect,
            num(14),
        )?;
        w.s(r, 15, if g.counts_indirect { "yes" } else { "no" }, None)?;
        let counted = if g.counts_indirect {
            format!("={}{x}+{}{x}", l(13), l(14))
        } else {
            format!("={}{x}", l(13))
        };
        w.f(r, 16, &counted, g.counted(), num(16))?;
        w.n(r, 17, g.see.default_share, num(17))?;
        if let Some(d) = &g.default {
            w.n(r, 18, d.counted, num(18))?;
            if let Some(m) = d.marked_up {
                w.n(r, 19, m, num(19))?;
            }
            if d.counted > 0.0 {
                w.f(
                    r,
                    20,
                    &format!("={}{x}/{}{x}", l(16), l(18)),
                    g.counted() / d.counted,
                    num(20),
                )?;
            }
        }
        fit_row(&mut w, r, &[(product_name(q), PRODUCT_COLUMNS[3].width)])?;
    }
    for (i, line) in [
        "SEE per unit are solved over the installation's chain of own processes and purchased precursors at once:",
        "SEE = (I − A)^-1 · SE, A = precursor consumed per unit of output, SE = attributed emissions ÷ activity level,",
        "direct and indirect apart. `parkaudit cbam explain PROJECT INSTALLATION/PROCESS` shows each good's chain.",
    ]
    .iter()
    .enumerate()
    {
        w.s(n + 2 + i as u32, 0, line, None)?;
    }
    Ok(w.finish())
}

fn product_name(q: &Process) -> &str {
    if q.product_name.is_empty() {
        &q.name
    } else {
        &q.product_name
    }
}

/// The product table of `Summary_Communication`, in the template's column
/// order (v2.1.1), written in English.
pub(super) const COMMUNICATION_COLUMNS: [Column; 45] = [
    col("Production process", 12.0, Style::General),
    col("Type of aggregated good or precursor", 18.0, Style::Wrap),
    col("CN code", 12.0, Style::General),
    col("CN name", 28.0, Style::Wrap),
    col("Product name", 22.0, Style::Wrap),
    col("SEE (direct)", 10.0, Style::Num),
    col("SEE (indirect)", 10.0, Style::Num),
    col("SEE (total)", 10.0, Style::Num),
    col("Unit", 10.0, Style::General),
    col("Share of emissions by default value", 16.0, Style::Pct),
    col("Source for electricity EF", 18.0, Style::Wrap),
    col("Embedded electricity (MWh/t)", 11.0, Style::Num),
    col("Electricity EF (t CO2/MWh)", 11.0, Style::Num),
    col("Main reducing agent of the precursor", 16.0, Style::Wrap),
    col("Steel mill identification number", 16.0, Style::Wrap),
    col("% Mn", 7.0, Style::Num),
    col("% Cr", 7.0, Style::Num),
    col("% Ni", 7.0, Style::Num),
    col("% other alloys", 7.0, Style::Num),
    col("% carbon", 7.0, Style::Num),
    col("t scrap per t steel", 11.0, Style::Num),
    col("% other materials", 11.0, Style::Num),
    col("% pre-consumer scrap", 11.0, Style::Num),
    col("t scrap per t aluminium", 11.0, Style::Num),
    col("% non-aluminium elements", 11.0, Style::Num),
    col("Clinker factor", 8.0, Style::Num),
    col("Calcined or not", 8.0, Style::General),
    col("Concentration if hydrous solution", 16.0, Style::Num),
    col("% nitric acid", 7.0, Style::Num),
    col("% urea", 7.0, Style::Num),
    col("% N contained", 7.0, Style::Num),
    col("% N as ammonium", 7.0, Style::Num),
    col("% N as nitrate", 7.0, Style::Num),
    col("% N as urea", 7.0, Style::Num),
    col("% N in other forms", 11.0, Style::Num),
    col("Type of carbon-pricing instrument", 18.0, Style::Wrap),
    col(
        "Share of embedded emissions covered by the carbon price",
        16.0,
        Style::Pct,
    ),
    col("Embedded emissions covered", 11.0, Style::Num),
    col("Currency", 8.0, Style::General),
    col("Carbon price due per t", 11.0, Style::Num),
    col("Type of rebate", 16.0, Style::Wrap),
    col("Share covered by the rebate", 11.0, Style::Pct),
    col("Embedded emissions covered by the rebate", 16.0, Style::Num),
    col("Amount of rebate per t", 11.0, Style::Num),
    col("Effective carbon price due per t", 16.0, Style::Num),
];

/// The carbon price that applies to a process (its own, else the
/// installation's).
fn price_of<'a>(inst: &'a Installation, q: &Process) -> Option<&'a CarbonPrice> {
    inst.carbon_prices
        .iter()
        .find(|c| c.process.as_deref() == Some(q.id.as_str()))
        .or_else(|| inst.carbon_prices.iter().find(|c| c.process.is_none()))
}

/// The CN code's name: the default-value table's description of the most
/// specific code it lists.
fn cn_name(g: &ProcessResult) -> &str {
    g.default
        .as_ref()
        .map_or("", |d| d.row.description.as_str())
}

pub(super) fn communication(
    ws: &mut Worksheet,
    f: &Fmt,
    c: &Comm<'_>,
    draft: bool,
) -> Result<SheetDigest, ExportError> {
    let inst = c.inst;
    let n = inst.processes.len() as u32;
    let mut w = W::new(ws, "Summary_Communication", n + 5)?;
    w.set_plain(&f.plain);
    page(w.ws, &inst.name_en, Print::Wide { key_cols: 1 });
    page_header(w.ws, inst, draft);
    header(&mut w, f, 0, &COMMUNICATION_COLUMNS, None)?;
    let l = |i: u16| letter(i);
    let num = |c: u16| f.of(COMMUNICATION_COLUMNS[usize::from(c)].style);
    for (r, (q, g)) in (1u32..).zip(inst.processes.iter().zip(&c.result.processes)) {
        let x = r + 1;
        let sp = |c: u16| format!("=Summary_Products!{}{x}", letter(c));
        w.s(r, 0, &q.id, None)?;
        w.s(r, 1, q.category.label(), Some(&f.wrap))?;
        w.s(r, 2, q.cn_codes.first().map_or("", String::as_str), None)?;
        w.s(r, 3, cn_name(g), Some(&f.wrap))?;
        w.s(r, 4, product_name(q), Some(&f.wrap))?;
        w.f(r, 5, &sp(13), g.see_product.direct, num(5))?;
        w.f(r, 6, &sp(14), g.see_product.indirect, num(6))?;
        w.f(
            r,
            7,
            &format!("={}{x}+{}{x}", l(5), l(6)),
            g.see_product.total(),
            num(7),
        )?;
        w.s(r, 8, "tCO2e/t", None)?;
        w.n(r, 9, g.see.default_share, num(9))?;
        w.s(r, 10, inst.electricity_source.label(), Some(&f.wrap))?;
        let level = q.activity_level_t;
        let mwh_per_t = if level > 0.0 {
            g.electricity_mwh / level * g.content
        } else {
            0.0
        };
        w.n(r, 11, mwh_per_t, num(11))?;
        w.n(r, 12, g.electricity_factor(), num(12))?;
        let k = &q.qualifying;
        w.s(r, 13, &k.main_reducing_agent, Some(&f.wrap))?;
        w.s(r, 14, &k.steel_mill_id, Some(&f.wrap))?;
        let opt = [
            (15, k.mn_pct),
            (16, k.cr_pct),
            (17, k.ni_pct),
            (18, k.other_alloys_pct),
            (19, k.carbon_pct),
            (20, k.scrap_t_per_t_steel),
            (21, k.other_materials_pct),
            (22, k.pre_consumer_scrap_pct),
            (23, k.scrap_t_per_t_aluminium),
            (24, k.non_aluminium_pct),
            (25, k.clinker_factor),
        ];
        for (col, v) in opt {
            if let Some(v) = v {
                w.n(r, col, v, num(col))?;
            }
        }
        if let Some(calcined) = k.calcined {
            w.s(
                r,
                26,
                if calcined { "calcined" } else { "not calcined" },
                None,
            )?;
        }
        for (col, v) in [
            (27, k.concentration_pct),
            (28, k.nitric_acid_pct),
            (29, k.urea_pct),
            (30, k.n_total_pct),
            (31, k.n_ammonium_pct),
            (32, k.n_nitrate_pct),
            (33, k.n_urea_pct),
            (34, k.n_other_pct),
        ] {
            if let Some(v) = v {
                w.n(r, col, v, num(col))?;
            }
        }
        if let Some(cp) = price_of(inst, q) {
            let counted = g.counted();
            let share = cp.share_covered_pct / 100.0;
            let rebate = cp.rebate_pct / 100.0;
            w.s(r, 35, &cp.instrument, Some(&f.wrap))?;
            w.n(r, 36, share, num(36))?;
            // Emissions CBAM counts for the good, times the share covered.
            let counted_cell = if g.counts_indirect {
                format!("{}{x}", l(7))
            } else {
                format!("{}{x}", l(5))
            };
            w.f(
                r,
                37,
                &format!("={counted_cell}*{}{x}", l(36)),
                counted * share,
                num(37),
            )?;
            w.s(r, 38, &cp.currency, None)?;
            w.n(r, 39, cp.price_per_t, num(39))?;
            w.s(r, 40, &cp.rebate, Some(&f.wrap))?;
            w.n(r, 41, rebate, num(41))?;
            w.f(
                r,
                42,
                &format!("={}{x}*{}{x}", l(37), l(41)),
                counted * share * rebate,
                num(42),
            )?;
            w.f(
                r,
                43,
                &format!("={}{x}*{}{x}", l(39), l(41)),
                cp.price_per_t * rebate,
                num(43),
            )?;
            w.f(
                r,
                44,
                &format!("=({}{x}-{}{x})*{}{x}", l(37), l(42), l(39)),
                (counted * share - counted * share * rebate) * cp.price_per_t,
                num(44),
            )?;
        }
        fit_row(
            &mut w,
            r,
            &[
                (cn_name(g), COMMUNICATION_COLUMNS[3].width),
                (product_name(q), COMMUNICATION_COLUMNS[4].width),
            ],
        )?;
    }
    let notes = [
        format!(
            "SEE in t CO2e per t of good ({} GWPs). Installation {} ({}), declaration year {}.",
            cbam_goods::GWP.name(),
            inst.name_en,
            inst.unlocode,
            c.year
        ),
        "Indirect emissions count in the definitive period only for goods outside Annex II of Regulation (EU) 2023/956.".to_string(),
        "Carbon price and rebate per t CO2e in their currency; effective carbon price due per t of good.".to_string(),
    ];
    for (i, line) in notes.iter().enumerate() {
        w.s(n + 2 + i as u32, 0, line, None)?;
    }
    Ok(w.finish())
}
