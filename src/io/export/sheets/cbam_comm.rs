//! The CBAM communication workbook of one installation, in the structure of
//! the Commission's Communication template for installations (v2.1.1, 13
//! Dec 2024, as summarised in `../shared/cbam/README.md`): `A_InstData`,
//! `D_Processes` and `E_PurchPrec` here, the summaries in `cbam_summary`.
//! In English, as the template's communication is ("to avoid translation
//! problems with reporting declarants").

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Print, Style, col, fit, header, letter, page};
use crate::calc::cbam_goods::{self, InstallationResult};
use crate::model::Project;
use crate::model::cbam::{Installation, PrecursorSee};
use rust_xlsxwriter::Worksheet;

/// What every sheet of the communication needs.
pub(in super::super) struct Comm<'a> {
    pub p: &'a Project,
    pub inst: &'a Installation,
    pub result: &'a InstallationResult,
    pub year: i32,
}

/// The page header of the communication's sheets.
pub(super) fn page_header(ws: &mut Worksheet, inst: &Installation, draft: bool) {
    let name = inst.name_en.replace('&', "&&");
    let right = if draft {
        super::layout::DRAFT_MARK
    } else {
        "CBAM communication of an installation"
    };
    ws.set_header(format!("&L{name}&R{right}"));
}

pub(super) fn inst_data(
    ws: &mut Worksheet,
    f: &Fmt,
    c: &Comm<'_>,
    draft: bool,
) -> Result<SheetDigest, ExportError> {
    let (p, inst) = (c.p, c.inst);
    let mut w = W::new(ws, "A_InstData", 60)?;
    w.set_plain(&f.plain);
    const WIDTHS: [f64; 6] = [48.0, 44.0, 24.0, 10.0, 22.0, 16.0];
    for (i, width) in WIDTHS.iter().enumerate() {
        w.ws.set_column_width(i as u16, *width)?;
    }
    page(w.ws, &inst.name_en, fit(true, &WIDTHS));
    page_header(w.ws, inst, draft);
    let mut r = 0u32;
    w.s(
        r,
        0,
        "A_InstData — installation data (structure of the Commission's Communication template for installations, v2.1.1)",
        Some(&f.title),
    )?;
    r += 2;
    let year = p.park.reporting_year;
    let entity = p.entity(&inst.entity_id);
    let coords = |v: f64| format!("{v:.5}");
    let sections: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "1. Reporting period",
            vec![
                ("Start", format!("{year}-01-01")),
                ("End", format!("{year}-12-31")),
            ],
        ),
        (
            "2. Installation",
            vec![
                ("Name of the installation", inst.name_en.clone()),
                ("Street, number / address", inst.address_en.clone()),
                ("City", inst.city.clone()),
                ("Country", inst.country.clone()),
                ("UN/LOCODE", inst.unlocode.clone()),
                (
                    "Coordinates of the main emission source: latitude",
                    coords(inst.latitude_deg),
                ),
                (
                    "Coordinates of the main emission source: longitude",
                    coords(inst.longitude_deg),
                ),
                ("Economic activity", inst.economic_activity.clone()),
                ("Authorised representative", inst.representative.clone()),
                (
                    "Operator (park entity)",
                    entity.map_or(inst.entity_id.clone(), |e| {
                        format!("{} ({})", e.name, e.id)
                    }),
                ),
            ],
        ),
        (
            "3. Verifier",
            vec![
                (
                    "Verification body",
                    p.engagement.verification_body.clone(),
                ),
                ("Accreditation", p.engagement.accreditation.clone()),
                ("Lead verifier", p.engagement.lead_auditor.clone()),
            ],
        ),
        (
            "4. Method",
            vec![
                (
                    "Declaration year (default values' mark-up)",
                    c.year.to_string(),
                ),
                (
                    "Default values",
                    "Implementing Regulation (EU) 2025/2621, Annex I (country) and Annex IV (origin unknown)"
                        .into(),
                ),
                (
                    "Global warming potentials",
                    format!(
                        "IPCC {} (100-year), as CBAM prescribes",
                        cbam_goods::GWP.name()
                    ),
                ),
                (
                    "Written by",
                    format!("ParkAudit {}", env!("CARGO_PKG_VERSION")),
                ),
            ],
        ),
    ];
    for (title, rows) in &sections {
        w.s(r, 0, title, Some(&f.bold))?;
        r += 1;
        for (k, v) in rows {
            w.s(r, 0, k, None)?;
            w.s(r, 1, v, Some(&f.wrap))?;
            super::layout::fit_row(&mut w, r, &[(v, WIDTHS[1])])?;
            r += 1;
        }
        r += 1;
    }
    // 5. Aggregated goods categories and their routes.
    w.s(
        r,
        0,
        "5. Aggregated goods categories and routes",
        Some(&f.bold),
    )?;
    r += 1;
    let mut cats: Vec<(&str, Vec<&str>)> = Vec::new();
    for q in &inst.processes {
        let label = q.category.label();
        match cats.iter_mut().find(|(l, _)| *l == label) {
            Some((_, routes)) if !q.route.is_empty() && !routes.contains(&q.route.as_str()) => {
                routes.push(&q.route)
            }
            Some(_) => {}
            None => cats.push((
                label,
                if q.route.is_empty() {
                    vec![]
                } else {
                    vec![q.route.as_str()]
                },
            )),
        }
    }
    let cats: Vec<Vec<String>> = cats
        .iter()
        .map(|(cat, routes)| vec![cat.to_string(), routes.join(", ")])
        .collect();
    r = inline_table(
        &mut w,
        f,
        r,
        &["Aggregated goods category", "Routes"],
        &cats,
    )? + 1;
    w.s(r, 0, "6. Production processes", Some(&f.bold))?;
    let processes: Vec<Vec<String>> = inst
        .processes
        .iter()
        .map(|q| {
            vec![
                q.id.clone(),
                q.name.clone(),
                q.category.label().to_string(),
                q.route.clone(),
                q.cn_codes.join(", "),
            ]
        })
        .collect();
    r = inline_table(
        &mut w,
        f,
        r + 1,
        &[
            "Process",
            "Name",
            "Aggregated goods category",
            "Route",
            "CN codes",
        ],
        &processes,
    )? + 1;
    w.s(r, 0, "7. Purchased precursors", Some(&f.bold))?;
    if inst.purchased.is_empty() {
        w.s(r + 1, 0, "None", None)?;
    } else {
        let purchased: Vec<Vec<String>> = inst
            .purchased
            .iter()
            .map(|q| {
                vec![
                    q.id.clone(),
                    q.name.clone(),
                    q.category.label().to_string(),
                    q.route.clone(),
                    q.cn_code.clone(),
                    if q.country.is_empty() {
                        "unknown".to_string()
                    } else {
                        q.country.clone()
                    },
                ]
            })
            .collect();
        inline_table(
            &mut w,
            f,
            r + 1,
            &[
                "Precursor",
                "Name",
                "Aggregated goods category",
                "Route",
                "CN code",
                "Country of origin",
            ],
            &purchased,
        )?;
    }
    Ok(w.finish())
}

/// A small table inside a sheet at row `r`: its header row, then one row
/// of texts each (the second column wrapped); returns the row after it.
fn inline_table(
    w: &mut W<'_>,
    f: &Fmt,
    mut r: u32,
    headers: &[&str],
    rows: &[Vec<String>],
) -> Result<u32, ExportError> {
    for (i, h) in headers.iter().enumerate() {
        w.s(r, i as u16, h, Some(&f.header))?;
    }
    w.ws.set_row_height(r, 30)?;
    r += 1;
    for row in rows {
        for (i, v) in row.iter().enumerate() {
            w.s(r, i as u16, v, (i == 1).then_some(&f.wrap))?;
        }
        r += 1;
    }
    Ok(r)
}

/// `D_Processes`: one row a process, its attributed emissions as the
/// template computes them (live formulas), then what each consumes.
pub(super) const PROCESS_COLUMNS: [Column; 21] = [
    col("Production process", 12.0, Style::General),
    col("Aggregated goods category", 20.0, Style::Wrap),
    col("Route", 10.0, Style::General),
    col("Activity level", 14.0, Style::Num),
    col("Unit", 10.0, Style::General),
    col("Consumed by other processes", 14.0, Style::Num),
    col("DirEm* (t CO2e)", 14.0, Style::T),
    col("Heat imported (TJ)", 11.0, Style::Num),
    col("EF of imported heat (t CO2/TJ)", 12.0, Style::Num),
    col("Heat exported (TJ)", 11.0, Style::Num),
    col("EF of exported heat (t CO2/TJ)", 12.0, Style::Num),
    col("Waste gases imported (TJ)", 11.0, Style::Num),
    col("Waste gases exported (TJ)", 11.0, Style::Num),
    col("Electricity produced (MWh)", 12.0, Style::Num),
    col("EF of electricity produced (t CO2/MWh)", 12.0, Style::Num),
    col("Attributed direct emissions (t CO2e)", 16.0, Style::T),
    col("Electricity consumed (MWh)", 14.0, Style::Num),
    col("Electricity EF (t CO2/MWh)", 12.0, Style::Num),
    col("Source for electricity EF", 20.0, Style::Wrap),
    col("Indirect emissions (t CO2e)", 14.0, Style::T),
    col("Electricity exported (MWh)", 12.0, Style::Num),
];

pub(super) fn processes(
    ws: &mut Worksheet,
    f: &Fmt,
    c: &Comm<'_>,
    draft: bool,
) -> Result<SheetDigest, ExportError> {
    let inst = c.inst;
    let n = inst.processes.len() as u32;
    let consumptions: u32 = inst.processes.iter().map(|q| q.consumes.len() as u32).sum();
    let mut w = W::new(ws, "D_Processes", n + consumptions + 6)?;
    w.set_plain(&f.plain);
    page(w.ws, &inst.name_en, Print::Wide { key_cols: 1 });
    page_header(w.ws, inst, draft);
    header(&mut w, f, 0, &PROCESS_COLUMNS, None)?;
    let l = |i: u16| letter(i);
    for (r, (q, g)) in (1u32..).zip(inst.processes.iter().zip(&c.result.processes)) {
        let x = r + 1; // Excel row
        let fl = &q.flows;
        let consumed: f64 = inst
            .processes
            .iter()
            .flat_map(|o| &o.consumes)
            .filter(|k| k.precursor == q.id)
            .map(|k| k.quantity_t)
            .sum();
        let flows_heat = fl.heat_imported_tj * fl.heat_imported_t_per_tj
            - fl.heat_exported_tj * fl.heat_exported_t_per_tj;
        // DirEm*: the process's own source streams and the heat bought as records.
        let dir_em = g.dir_em_t + (g.heat_t - flows_heat);
        let num = |c: u16| f.of(PROCESS_COLUMNS[usize::from(c)].style);
        w.s(r, 0, &q.id, None)?;
        w.s(r, 1, q.category.label(), Some(&f.wrap))?;
        w.s(r, 2, &q.route, None)?;
        w.n(r, 3, q.activity_level_t, num(3))?;
        w.s(r, 4, q.functional_unit.unit(), None)?;
        w.n(r, 5, consumed, num(5))?;
        w.n(r, 6, dir_em, num(6))?;
        for (col, v) in [
            (7, fl.heat_imported_tj),
            (8, fl.heat_imported_t_per_tj),
            (9, fl.heat_exported_tj),
            (10, fl.heat_exported_t_per_tj),
            (11, fl.waste_gas_imported_tj),
            (12, fl.waste_gas_exported_tj),
            (13, fl.electricity_produced_mwh),
            (14, fl.electricity_produced_t_per_mwh),
        ] {
            w.n(r, col, v, num(col))?;
        }
        // The template's attribution, floored at 0.
        let formula = format!(
            "=MAX(0,{g}{x}+{h}{x}*{i}{x}-{j}{x}*{k}{x}+{wi}{x}*{gas}-{we}{x}*{gas}*{share}-{ep}{x}*{ef}{x})",
            g = l(6),
            h = l(7),
            i = l(8),
            j = l(9),
            k = l(10),
            wi = l(11),
            we = l(12),
            ep = l(13),
            ef = l(14),
            gas = cbam_goods::WASTE_GAS_T_PER_TJ,
            share = cbam_goods::WASTE_GAS_EXPORT_SHARE,
        );
        w.f(r, 15, &formula, g.direct_t, num(15))?;
        w.n(r, 16, g.electricity_mwh, num(16))?;
        w.n(r, 17, g.electricity_factor(), num(17))?;
        w.s(r, 18, inst.electricity_source.label(), Some(&f.wrap))?;
        w.f(
            r,
            19,
            &format!("={}{x}*{}{x}", l(16), l(17)),
            g.indirect_t,
            num(19),
        )?;
        w.n(r, 20, fl.electricity_exported_mwh, num(20))?;
    }
    // What each process consumes.
    let mut r = n + 2;
    w.s(r, 0, "Precursors consumed", Some(&f.bold))?;
    r = inline_table(
        &mut w,
        f,
        r + 1,
        &["Production process", "Precursor", "Source", "Quantity (t)"],
        &[],
    )?;
    for q in &inst.processes {
        for k in &q.consumes {
            w.s(r, 0, &q.id, None)?;
            w.s(r, 1, &k.precursor, None)?;
            w.s(
                r,
                2,
                if inst.process(&k.precursor).is_some() {
                    "own"
                } else {
                    "purchased"
                },
                None,
            )?;
            w.n(r, 3, k.quantity_t, Some(&f.num))?;
            r += 1;
        }
    }
    Ok(w.finish())
}

/// `E_PurchPrec`: the purchased precursors with their SEE and its source.
pub(super) const PURCHASED_COLUMNS: [Column; 14] = [
    col("Purchased precursor", 12.0, Style::General),
    col("Name", 28.0, Style::Wrap),
    col("Aggregated goods category", 18.0, Style::Wrap),
    col("CN code", 12.0, Style::General),
    col("Country of origin", 10.0, Style::General),
    col("Route", 8.0, Style::General),
    col("Supplier", 22.0, Style::Wrap),
    col("Quantity consumed (t)", 14.0, Style::Num),
    col("SEE direct (t CO2e/t)", 12.0, Style::Num),
    col("Specific electricity use (MWh/t)", 12.0, Style::Num),
    col("Electricity EF (t CO2/MWh)", 12.0, Style::Num),
    col("SEE indirect (t CO2e/t)", 12.0, Style::Num),
    col("Source of the values", 24.0, Style::Wrap),
    col("Evidence or justification", 36.0, Style::Wrap),
];

pub(super) fn purchased(
    ws: &mut Worksheet,
    f: &Fmt,
    c: &Comm<'_>,
    draft: bool,
) -> Result<SheetDigest, ExportError> {
    let inst = c.inst;
    let mut w = W::new(ws, "E_PurchPrec", inst.purchased.len() as u32 + 2)?;
    w.set_plain(&f.plain);
    page(w.ws, &inst.name_en, Print::Wide { key_cols: 1 });
    page_header(w.ws, inst, draft);
    header(&mut w, f, 0, &PURCHASED_COLUMNS, None)?;
    if inst.purchased.is_empty() {
        w.s(
            1,
            0,
            "The installation buys no precursors that are CBAM goods.",
            None,
        )?;
    }
    let num = |c: u16| f.of(PURCHASED_COLUMNS[usize::from(c)].style);
    for (r, (q, s)) in (1u32..).zip(inst.purchased.iter().zip(&c.result.purchased)) {
        let x = r + 1;
        let quantity: f64 = inst
            .processes
            .iter()
            .flat_map(|o| &o.consumes)
            .filter(|k| k.precursor == q.id)
            .map(|k| k.quantity_t)
            .sum();
        w.s(r, 0, &q.id, None)?;
        w.s(r, 1, &q.name, Some(&f.wrap))?;
        w.s(r, 2, q.category.label(), Some(&f.wrap))?;
        w.s(r, 3, &q.cn_code, None)?;
        w.s(
            r,
            4,
            if q.country.is_empty() {
                "unknown"
            } else {
                &q.country
            },
            None,
        )?;
        w.s(r, 5, &q.route, None)?;
        w.s(r, 6, &q.supplier, Some(&f.wrap))?;
        w.n(r, 7, quantity, num(7))?;
        w.n(r, 8, s.direct, num(8))?;
        w.n(r, 9, q.electricity_mwh_per_t, num(9))?;
        if q.electricity_mwh_per_t > 0.0 {
            let ef = s.indirect / q.electricity_mwh_per_t;
            w.n(r, 10, ef, num(10))?;
            w.f(
                r,
                11,
                &format!("={}{x}*{}{x}", letter(9), letter(10)),
                s.indirect,
                num(11),
            )?;
        } else {
            w.n(r, 11, s.indirect, num(11))?;
        }
        let (source, evidence) = match (&q.see, &s.default) {
            (PrecursorSee::Actual { evidence, .. }, _) => (
                "Actual (supplier's communication)".to_string(),
                evidence.clone(),
            ),
            (PrecursorSee::Default, Some(d)) => (
                if q.country.is_empty() {
                    format!(
                        "Default value, origin unknown: Annex IV highest value (CN {}), marked up for {}",
                        d.row.cn_code, c.year
                    )
                } else {
                    format!(
                        "Default value: Annex I, {}{} (CN {}), marked up for {}",
                        d.row.country,
                        if d.fell_back { " (fallback)" } else { "" },
                        d.row.cn_code,
                        c.year
                    )
                },
                "No actual data from the supplier".to_string(),
            ),
            (PrecursorSee::Default, None) => (String::new(), String::new()),
        };
        w.s(r, 12, &source, Some(&f.wrap))?;
        w.s(r, 13, &evidence, Some(&f.wrap))?;
        super::layout::fit_row(
            &mut w,
            r,
            &[
                (&q.name, PURCHASED_COLUMNS[1].width),
                (&source, PURCHASED_COLUMNS[12].width),
                (&evidence, PURCHASED_COLUMNS[13].width),
            ],
        )?;
    }
    Ok(w.finish())
}
