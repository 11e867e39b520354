//! The content sheets, in order: Cover, Boundary, Methodology, Factors,
//! Activity, Inventory, Charts, CBAM and Claims (where the project has them), Uncertainty, Findings, Evaluation, Audit trail — one file
//! each. Headers are English with the Chinese beside; every figure is a live
//! formula whose cached value is the engine's, except the Charts sheet's
//! tables, which hold the values so that chart caches are filled. Each table's columns are declared once
//! (`layout::Column`), and formulas take column letters from that declaration.

mod activity;
mod boundary;
mod cbam;
pub(super) mod cbam_comm;
mod cbam_summary;
mod charts;
mod claims;
mod cover;
mod evaluation;
mod factors;
mod findings;
mod inventory;
pub(crate) mod layout;
mod methodology;
mod trail;
mod uncertainty;

use super::ExportError;
use super::canonical::SheetDigest;
use crate::calc::inventory::Inventory;
use crate::model::Project;
use inventory::InventoryLayout;
pub(crate) use layout::Styled;
use rust_xlsxwriter::Workbook;

/// Defined names as (name, refers-to without `=`), covered by the digest.
pub(super) type DefinedNames = Vec<(String, String)>;

/// What kind of package the sheets belong to, and what is still open.
pub(crate) struct Kind {
    pub package: super::Package,
    /// The readiness gaps (English, Chinese); empty for a final package.
    pub gaps: Vec<(String, String)>,
    /// The verification statement, element by element, in both languages.
    pub statement: Vec<crate::audit::statement::Element>,
    /// The inventory's uncertainty and its verdict against materiality.
    pub uncertainty: crate::calc::uncertainty::Report,
    pub uncertainty_verdict: crate::audit::uncertainty::Verdict,
}

impl Kind {
    pub fn draft(&self) -> bool {
        self.package == super::Package::Draft
    }
}

pub(super) fn write_content(
    wb: &mut Workbook,
    p: &Project,
    inv: &Inventory,
    kind: &Kind,
    progress: Option<&crate::io::Progress>,
) -> Result<(Vec<SheetDigest>, DefinedNames), ExportError> {
    let f = layout::formats();
    let park = p.park.name.clone();
    let n_act = p.activity.len() as u32 + 1; // last Excel row of Activity
    let weighted = factors::weighted(p)?;
    let mut out = Vec::new();
    let mut names: Vec<(String, String)> = Vec::new();

    // The Inventory sheet's layout decides the defined names the Cover uses.
    let inv_layout = InventoryLayout::new(p, inv);
    for (name, row) in [
        ("Total_tCO2e", inv_layout.total_row),
        ("Total_market_tCO2e", inv_layout.total_row + 1),
        ("Scope1_tCO2e", inv_layout.total_row + 2),
        ("Scope2_location_tCO2e", inv_layout.total_row + 3),
        ("Scope2_market_tCO2e", inv_layout.total_row + 4),
        ("Scope3_tCO2e", inv_layout.total_row + 5),
        ("Excluded_tCO2e", inv_layout.total_row + 6),
        ("Biogenic_CO2_t", inv_layout.total_row + 7),
    ] {
        let refers = format!("Inventory!$B${}", row + 1);
        wb.define_name(name, &format!("={refers}"))?;
        names.push((name.to_string(), refers));
    }

    out.push(cover::cover(wb.add_worksheet(), &f, p, inv, kind, &park)?);
    out.push(boundary::boundary(
        wb.add_worksheet(),
        &f,
        p,
        inv,
        n_act,
        &park,
    )?);
    let (meth, gwp_range) = methodology::methodology(wb.add_worksheet(), &f, p, &park)?;
    out.push(meth);
    let (fac, summary) = factors::factors(
        wb.add_worksheet(),
        &f,
        p,
        inv,
        &weighted,
        &gwp_range,
        n_act,
        &park,
    )?;
    out.push(fac);
    // Constant memory: a million rows are streamed to disk, not held as cells.
    out.push(activity::activity(
        wb.add_worksheet_with_constant_memory()?,
        &f,
        p,
        inv,
        &weighted,
        &summary,
        &park,
        progress,
    )?);
    out.push(inventory::inventory(
        wb.add_worksheet(),
        &f,
        p,
        inv,
        &inv_layout,
        n_act,
        &park,
    )?);
    out.push(charts::charts(
        wb.add_worksheet(),
        &f,
        inv,
        &inv_layout,
        &park,
    )?);
    if p.cbam.is_some() {
        out.push(cbam::cbam(wb.add_worksheet(), &f, p, &park)?);
    }
    if p.claims.is_some() {
        out.push(claims::claims_sheet(wb.add_worksheet(), &f, p, inv, &park)?);
    }
    out.push(uncertainty::uncertainty_sheet(
        wb.add_worksheet(),
        &f,
        p,
        &kind.uncertainty,
        &kind.uncertainty_verdict,
        inv.total_t_co2e,
        &park,
    )?);
    out.push(findings::findings(wb.add_worksheet(), &f, p, &park)?);
    out.push(evaluation::evaluation(
        wb.add_worksheet(),
        &f,
        p,
        inv,
        &park,
    )?);
    out.push(trail::trail(wb.add_worksheet(), &f, p, &park)?);
    if kind.draft() {
        // Every printed page of a draft says so.
        for ws in wb.worksheets_mut() {
            ws.set_header(layout::header_text(&park, true));
        }
    }
    Ok((out, names))
}

/// The CBAM communication workbook's content sheets, in the template's order.
pub(super) fn write_cbam_communication(
    wb: &mut Workbook,
    c: &cbam_comm::Comm<'_>,
    draft: bool,
) -> Result<Vec<SheetDigest>, ExportError> {
    let f = layout::formats();
    let out = vec![
        cbam_comm::inst_data(wb.add_worksheet(), &f, c, draft)?,
        cbam_comm::processes(wb.add_worksheet(), &f, c, draft)?,
        cbam_comm::purchased(wb.add_worksheet(), &f, c, draft)?,
        cbam_summary::products(wb.add_worksheet(), &f, c, draft)?,
        cbam_summary::communication(wb.add_worksheet(), &f, c, draft)?,
    ];
    Ok(out)
}
