//! The content sheets, in order: Cover, Boundary, Methodology, Factors,
//! Activity, Inventory, Charts, Findings, Audit trail. Headers are English
//! with the Chinese beside; every figure is a live formula whose cached value
//! is the engine's.

use super::canonical::SheetDigest;
use super::{ExportError, W};
use crate::calc::consolidation;
use crate::calc::inventory::{BoundaryStatus, Inventory, covers};
use crate::calc::{gwp, library};
use crate::model::guidance::Guidance;
use crate::model::{ALL_GASES, Gas, IsoCategory, Project, Scope};
use rust_xlsxwriter::{Chart, ChartType, Color, Format, FormatBorder, Workbook, Worksheet};
use std::collections::BTreeMap;

struct Fmt {
    header: Format,
    title: Format,
    bold: Format,
    t: Format,
    num: Format,
    pct: Format,
    wrap: Format,
}

fn formats() -> Fmt {
    Fmt {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border_bottom(FormatBorder::Thin),
        title: Format::new().set_bold().set_font_size(14),
        bold: Format::new().set_bold(),
        t: Format::new().set_num_format("#,##0.000"),
        num: Format::new().set_num_format("#,##0.######"),
        pct: Format::new().set_num_format("0.00%"),
        wrap: Format::new().set_text_wrap(),
    }
}

/// Print setup and header/footer shared by every sheet.
fn page(ws: &mut Worksheet, park: &str) {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&L{}&RParkAudit", park.replace('&', "&&")));
    ws.set_footer("&LPage &P of &N&R&A");
}

fn table(
    w: &mut W<'_>,
    f: &Fmt,
    headers: &[&str],
    widths: &[f64],
    rows: u32,
) -> Result<(), ExportError> {
    for (c, h) in headers.iter().enumerate() {
        w.s(0, c as u16, h, Some(&f.header))?;
    }
    for (c, wd) in widths.iter().enumerate() {
        w.ws.set_column_width(c as u16, *wd)?;
    }
    w.ws.set_row_height(0, 30)?;
    w.ws.set_freeze_panes(1, 0)?;
    w.ws.autofilter(0, 0, rows.max(1), headers.len().saturating_sub(1) as u16)?;
    Ok(())
}

/// Column letters of the Activity sheet (see `activity`).
mod col {
    pub const ENTITY: &str = "B";
    pub const SECTOR: &str = "C";
    pub const PERIOD: &str = "D";
    pub const SCOPE: &str = "E";
    pub const CATEGORY: &str = "F";
    pub const FACTOR: &str = "J";
    pub const GROSS: &str = "N";
    pub const INVENTORY: &str = "P";
    pub const CONSOLIDATED_QTY: &str = "Q";
    pub const MARKET: &str = "U";
    pub const EXCLUDED: &str = "V";
    pub const BIOGENIC: &str = "W";
}

/// `Activity!$X$2:$X$n` for a column letter.
fn act(colname: &str, n: u32) -> String {
    format!("Activity!${colname}$2:${colname}${}", n.max(2))
}

/// A SUMIFS criterion matching `s` literally: quotes doubled, and Excel's
/// wildcards `~ * ?` escaped with `~`.
fn q(s: &str) -> String {
    let lit = s.replace('~', "~~").replace('*', "~*").replace('?', "~?");
    format!("\"={}\"", lit.replace('"', "\"\""))
}

/// Defined names as (name, refers-to without `=`), covered by the digest.
pub(super) type DefinedNames = Vec<(String, String)>;

pub(super) fn write_content(
    wb: &mut Workbook,
    p: &Project,
    inv: &Inventory,
    progress: Option<&crate::io::Progress>,
) -> Result<(Vec<SheetDigest>, DefinedNames), ExportError> {
    let f = formats();
    let park = p.park.name.clone();
    let n_act = p.activity.len() as u32 + 1; // last Excel row of Activity
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

    out.push(cover(wb.add_worksheet(), &f, p, inv, &park)?);
    out.push(boundary(wb.add_worksheet(), &f, p, inv, n_act, &park)?);
    let (meth, gwp_range) = methodology(wb.add_worksheet(), &f, p, &park)?;
    out.push(meth);
    let (fac, summary_range) = factors(wb.add_worksheet(), &f, p, inv, &gwp_range, n_act, &park)?;
    out.push(fac);
    // Constant memory: a million rows are streamed to disk, not held as cells.
    out.push(activity(
        wb.add_worksheet_with_constant_memory()?,
        &f,
        p,
        inv,
        &summary_range,
        &park,
        progress,
    )?);
    out.push(inventory(
        wb.add_worksheet(),
        &f,
        p,
        inv,
        &inv_layout,
        n_act,
        &park,
    )?);
    out.push(charts(wb.add_worksheet(), &f, &inv_layout, &park)?);
    out.push(findings(wb.add_worksheet(), &f, p, inv, &park)?);
    out.push(trail(wb.add_worksheet(), &f, p, &park)?);
    Ok((out, names))
}

fn cover(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let mut w = W::new(ws, "Cover", 40)?;
    page(w.ws, park);
    w.ws.set_column_width(0, 58)?;
    w.ws.set_column_width(1, 70)?;
    w.s(
        0,
        0,
        "GHG inventory verification workbook / 温室气体清单核查工作簿",
        Some(&f.title),
    )?;
    let e = &p.engagement;
    let materiality_t = inv.total_t_co2e * e.materiality_pct / 100.0;
    let rows: Vec<(&str, String)> = vec![
        ("Park / 园区", p.park.name.clone()),
        ("Park (Chinese) / 园区中文名称", p.park.name_zh.clone()),
        ("Province / 省份", p.park.province.clone()),
        (
            "Reporting period / 报告期",
            format!("{0}-01-01 – {0}-12-31", p.park.reporting_year),
        ),
        ("Base year / 基准年", p.park.base_year.to_string()),
        ("Client / 委托方", e.client.clone()),
        ("Verification body / 核查机构", e.verification_body.clone()),
        ("Lead auditor / 核查组长", e.lead_auditor.clone()),
        (
            "Level of assurance / 保证等级",
            format!("{:?}", e.assurance),
        ),
        (
            "Materiality / 实质性 (%)",
            format!(
                "{} % of the total = {:.3} t CO2e",
                e.materiality_pct, materiality_t
            ),
        ),
        ("Standard / 标准", p.methodology.standard.to_string()),
        (
            "GWP set / 全球增温潜势",
            format!("IPCC {} (100-year)", p.methodology.gwp_set),
        ),
        (
            "Consolidation approach / 合并方法",
            p.consolidation.to_string(),
        ),
        (
            "Factor library / 因子库",
            format!("ParkAudit {}", library::LIBRARY_VERSION),
        ),
    ];
    let mut r = 2;
    for (k, v) in &rows {
        w.s(r, 0, k, Some(&f.bold))?;
        w.s(r, 1, v, None)?;
        r += 1;
    }
    r += 1;
    w.s(
        r,
        0,
        "Headline totals (t CO2e) / 主要结果（吨二氧化碳当量）",
        Some(&f.bold),
    )?;
    r += 1;
    for (label, name, v) in [
        (
            "Total, location-based / 总排放（基于位置）",
            "Total_tCO2e",
            inv.total_t_co2e,
        ),
        (
            "Total, market-based / 总排放（基于市场）",
            "Total_market_tCO2e",
            inv.total_market_t_co2e,
        ),
        ("Scope 1 / 范围一", "Scope1_tCO2e", inv.scope1_t),
        (
            "Scope 2, location-based / 范围二（基于位置）",
            "Scope2_location_tCO2e",
            inv.scope2_location_t,
        ),
        (
            "Scope 2, market-based / 范围二（基于市场）",
            "Scope2_market_tCO2e",
            inv.scope2_market_t,
        ),
        ("Scope 3 / 范围三", "Scope3_tCO2e", inv.scope3_t),
        (
            "Excluded, outside the boundary (at 100 %) / 边界外排放",
            "Excluded_tCO2e",
            inv.excluded_t,
        ),
        (
            "Biogenic CO2, outside the scopes / 生物质二氧化碳",
            "Biogenic_CO2_t",
            inv.biogenic_co2_t,
        ),
    ] {
        w.s(r, 0, label, None)?;
        w.f(r, 1, &format!("={name}"), v, Some(&f.t))?;
        r += 1;
    }
    r += 1;
    w.s(r, 0, "Verification statement / 核查声明", Some(&f.bold))?;
    w.s(
        r,
        1,
        &crate::audit::evaluation::statement(p, inv),
        Some(&f.wrap),
    )?;
    w.ws.set_row_height(r, 150)?;
    Ok(w.finish())
}

fn status_text(s: BoundaryStatus) -> &'static str {
    match s {
        BoundaryStatus::Included => "included",
        BoundaryStatus::Outside(consolidation::OutsideReason::NotIncluded) => {
            "excluded by the project"
        }
        BoundaryStatus::Outside(consolidation::OutsideReason::NoControl) => "outside: no control",
        BoundaryStatus::Outside(consolidation::OutsideReason::NoEquity) => "outside: 0 % equity",
        BoundaryStatus::ScopeNotCovered => "outside: scope not covered",
        BoundaryStatus::CategoryNotCovered => "outside: category not covered",
    }
}

fn boundary(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    n_act: u32,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let rows = p.entities.len() as u32 + 1;
    let mut w = W::new(ws, "Boundary", rows)?;
    page(w.ws, park);
    let headers = [
        "Entity id / 实体编号",
        "Name / 名称",
        "Chinese name / 中文名称",
        "Sector / 行业",
        "Kind / 类型",
        "Ownership % / 持股比例",
        "Operational control / 运营控制权",
        "Financial control / 财务控制权",
        "Included / 纳入",
        "Share applied / 计入比例",
        "Status / 状态",
        "Exclusion justification / 排除理由",
        "MEE guideline / 行业指南",
        "Emissions at 100 % (t CO2e) / 全部排放",
        "In the inventory (t CO2e) / 计入清单",
        "Excluded (t CO2e) / 边界外",
    ];
    table(
        &mut w,
        f,
        &headers,
        &[
            10.0, 34.0, 24.0, 14.0, 14.0, 12.0, 12.0, 12.0, 10.0, 12.0, 22.0, 48.0, 40.0, 18.0,
            18.0, 18.0,
        ],
        rows,
    )?;
    let mut gross: BTreeMap<&str, f64> = BTreeMap::new();
    for (r, res) in p.activity.iter().zip(&inv.records) {
        *gross.entry(r.entity_id.as_str()).or_default() += res.gross_location_t;
    }
    let g = Guidance::bundled();
    for (i, e) in p.entities.iter().enumerate() {
        let r = i as u32 + 1;
        let share = consolidation::share(e, p.consolidation);
        let yn = |b: bool| if b { "yes / 是" } else { "no / 否" };
        w.s(r, 0, &e.id, None)?;
        w.s(r, 1, &e.name, None)?;
        w.s(r, 2, &e.name_zh, None)?;
        w.s(r, 3, &e.sector, None)?;
        w.s(
            r,
            4,
            if e.kind == crate::model::EntityKind::Tenant {
                "tenant"
            } else {
                "shared infrastructure"
            },
            None,
        )?;
        w.n(r, 5, e.ownership_pct, Some(&f.num))?;
        w.s(r, 6, yn(e.operational_control), None)?;
        w.s(r, 7, yn(e.financial_control), None)?;
        w.s(r, 8, yn(e.included), None)?;
        w.n(r, 9, share.unwrap_or(0.0), Some(&f.pct))?;
        w.s(
            r,
            10,
            match share {
                Ok(_) => "inside the boundary",
                Err(reason) => status_text(BoundaryStatus::Outside(reason)),
            },
            None,
        )?;
        w.s(
            r,
            11,
            e.exclusion_reason.as_deref().unwrap_or(""),
            Some(&f.wrap),
        )?;
        w.s(
            r,
            12,
            g.guideline_for_sector(&e.sector)
                .map_or("", |x| x.name.en.as_str()),
            None,
        )?;
        let id = q(&e.id);
        let ent = act(col::ENTITY, n_act);
        w.f(
            r,
            13,
            &format!("=SUMIFS({},{ent},{id})", act(col::GROSS, n_act)),
            gross.get(e.id.as_str()).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
        w.f(
            r,
            14,
            &format!("=SUMIFS({},{ent},{id})", act(col::INVENTORY, n_act)),
            inv.by_entity.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
        w.f(
            r,
            15,
            &format!("=SUMIFS({},{ent},{id})", act(col::EXCLUDED, n_act)),
            inv.excluded_by_entity.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
    }
    Ok(w.finish())
}

/// Writes the Methodology sheet; returns its digest and the GWP table range.
fn methodology(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    park: &str,
) -> Result<(SheetDigest, String), ExportError> {
    let mut w = W::new(ws, "Methodology", 120)?;
    page(w.ws, park);
    w.ws.set_column_width(0, 36)?;
    w.ws.set_column_width(1, 40)?;
    w.ws.set_column_width(2, 90)?;
    w.s(0, 0, "Decision / 决策", Some(&f.header))?;
    w.s(0, 1, "Choice / 选择", Some(&f.header))?;
    w.s(
        0,
        2,
        "Justification and guidance / 理由与说明",
        Some(&f.header),
    )?;
    let g = Guidance::bundled();
    let text = |d: &str, o: &str| {
        g.decision(d)
            .and_then(|x| x.options.iter().find(|y| y.id == o))
            .map(|y| y.text.en.clone())
            .unwrap_or_default()
    };
    let ob = &p.operational_boundary;
    let scopes: Vec<String> = ob.scopes.iter().map(|s| s.number().to_string()).collect();
    let cats: Vec<String> = ob
        .iso_categories
        .iter()
        .map(|c| c.number().to_string())
        .collect();
    let gases: Vec<&str> = ob.gases.iter().map(|g| g.code()).collect();
    let rows: Vec<(&str, String, String)> = vec![
        ("Standard / 标准", p.methodology.standard.to_string(), "The inventory is prepared to this standard; default factors follow its rules (see README: default factors).".into()),
        ("Consolidation approach / 合并方法", p.consolidation.to_string(), text("consolidation", p.consolidation.key())),
        ("Scopes included / 纳入范围", scopes.join(", "), g.decision("operational_boundary").map(|d| d.guidance.en.clone()).unwrap_or_default()),
        ("ISO 14064-1 categories included / 纳入类别", cats.join(", "), "Categories outside the operational boundary are reported as excluded, never dropped.".into()),
        ("Gases covered / 温室气体", gases.join(", "), g.decision("gases").map(|d| d.guidance.en.clone()).unwrap_or_default()),
        ("GWP set / 全球增温潜势", format!("IPCC {}", p.methodology.gwp_set), text("gwp_set", p.methodology.gwp_set.name())),
        ("Scope 2 reporting / 范围二", if p.methodology.scope2_dual_reporting { "location- and market-based".into() } else { "location-based".into() }, g.decision("scope2").map(|d| d.guidance.en.clone()).unwrap_or_default()),
        ("Grid factor rule / 电网因子规则", format!("{:?}", p.methodology.grid_factor), text("scope2", "location")),
        ("Base year / 基准年", p.park.base_year.to_string(), text("base_year", "threshold-5")),
    ];
    let mut r = 1;
    for (k, v, t) in &rows {
        w.s(r, 0, k, Some(&f.bold))?;
        w.s(r, 1, v, Some(&f.wrap))?;
        w.s(r, 2, t, Some(&f.wrap))?;
        r += 1;
    }
    r += 1;
    w.s(r, 0, "GWP table used (100-year) / 所用GWP值", Some(&f.bold))?;
    w.s(r, 1, "GWP / 值", Some(&f.bold))?;
    w.s(r, 2, "Source / 来源", Some(&f.bold))?;
    r += 1;
    let first = r;
    for g in ALL_GASES {
        if let Some(v) = gwp::for_project(p, g) {
            w.s(r, 0, g.code(), None)?;
            w.n(r, 1, v, Some(&f.num))?;
            w.s(
                r,
                2,
                gwp::source(g).unwrap_or(
                    "mass-weighted sum of the blend's components (refrigerant-blends.tsv)",
                ),
                Some(&f.wrap),
            )?;
            r += 1;
        }
    }
    let range = format!("Methodology!$A${}:$B${}", first + 1, r.max(first + 1));
    Ok((w.finish(), range))
}

/// Gas treatment flags: (in the inventory, biogenic).
fn treatment(p: &Project, g: Gas) -> (f64, f64) {
    if g.is_biogenic() {
        (0.0, 1.0)
    } else if covers(&p.operational_boundary.gases, g) {
        (1.0, 0.0)
    } else {
        (0.0, 0.0)
    }
}

/// Writes the Factors sheet (components, and per-factor totals in columns R–W);
/// returns its digest and the factor-summary range for VLOOKUP.
fn factors(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    gwp_range: &str,
    n_act: u32,
    park: &str,
) -> Result<(SheetDigest, String), ExportError> {
    let comps: Vec<(&crate::model::EmissionFactor, &crate::model::GasComponent)> = p
        .factors
        .iter()
        .flat_map(|x| x.components.iter().map(move |c| (x, c)))
        .collect();
    let n_comp = comps.len() as u32 + 1;
    let n_fac = p.factors.len() as u32 + 1;
    let mut w = W::new(ws, "Factors", n_comp.max(n_fac))?;
    page(w.ws, park);
    let headers = [
        "Factor id / 因子编号",
        "Description / 说明",
        "Unit / 单位",
        "Gas / 气体",
        "kg per unit / 每单位千克",
        "GWP",
        "kg CO2e per unit / 每单位千克CO2e",
        "In inventory (1/0) / 计入",
        "Biogenic (1/0) / 生物质",
        "t CO2e in the inventory / 计入清单吨数",
        "Source / 来源",
        "Year / 年份",
        "Region / 地区",
        "Library version / 因子库版本",
        "Derivation / 推导",
    ];
    let widths = [
        34.0, 36.0, 10.0, 12.0, 14.0, 10.0, 16.0, 10.0, 10.0, 18.0, 60.0, 8.0, 10.0, 12.0, 60.0,
    ];
    table(&mut w, f, &headers, &widths, n_comp)?;
    let sum_headers = [
        "Factor id / 因子编号",
        "Unit / 单位",
        "kg CO2e per unit, inventory / 计入",
        "kg CO2 per unit, biogenic / 生物质",
        "kg CO2e per unit, outside / 边界外",
        "Consolidated activity (factor unit) / 计入活动量",
    ];
    let s0 = 17u16; // column R
    for (i, h) in sum_headers.iter().enumerate() {
        w.s(0, s0 + i as u16, h, Some(&f.header))?;
        w.ws.set_column_width(s0 + i as u16, 20.0)?;
    }
    let summary = format!("Factors!$R$2:$W${}", n_fac.max(2));
    // Engine values for the cached results.
    let mut consolidated: BTreeMap<&str, f64> = BTreeMap::new();
    for (r, res) in p.activity.iter().zip(&inv.records) {
        *consolidated.entry(r.factor_id.as_str()).or_default() +=
            r.quantity * res.conversion * res.share;
    }
    let kg = |fac: &crate::model::EmissionFactor, want: (f64, f64)| -> f64 {
        fac.components
            .iter()
            .filter(|c| treatment(p, c.gas) == want)
            .map(|c| c.kg_per_unit * gwp::for_project(p, c.gas).unwrap_or(0.0))
            .sum()
    };
    for r in 1..n_comp.max(n_fac) {
        let x = r + 1; // Excel row
        if let Some((fac, c)) = comps.get(r as usize - 1) {
            let (inc, bio) = treatment(p, c.gas);
            let g = gwp::for_project(p, c.gas).unwrap_or(0.0);
            w.s(r, 0, &fac.id, None)?;
            w.s(r, 1, &fac.description, None)?;
            w.s(r, 2, fac.unit.as_str(), None)?;
            w.s(r, 3, c.gas.code(), None)?;
            w.n(r, 4, c.kg_per_unit, Some(&f.num))?;
            w.f(
                r,
                5,
                &format!("=VLOOKUP(D{x},{gwp_range},2,FALSE)"),
                g,
                Some(&f.num),
            )?;
            w.f(
                r,
                6,
                &format!("=E{x}*F{x}"),
                c.kg_per_unit * g,
                Some(&f.num),
            )?;
            w.n(r, 7, inc, None)?;
            w.n(r, 8, bio, None)?;
            let cons = consolidated.get(fac.id.as_str()).copied().unwrap_or(0.0);
            w.f(
                r,
                9,
                &format!("=G{x}*H{x}*VLOOKUP(A{x},{summary},6,FALSE)/1000"),
                c.kg_per_unit * g * inc * cons / 1000.0,
                Some(&f.t),
            )?;
            w.s(r, 10, &fac.source, None)?;
            if let Some(y) = fac.year {
                w.n(r, 11, f64::from(y), None)?;
            }
            w.s(r, 12, &fac.region, None)?;
            w.s(
                r,
                13,
                fac.library_version.as_deref().unwrap_or("site-specific"),
                None,
            )?;
            w.s(r, 14, fac.derivation.as_deref().unwrap_or(""), None)?;
        }
        if let Some(fac) = p.factors.get(r as usize - 1) {
            let id = q(&fac.id);
            let comp = |c: &str| format!("Factors!${c}$2:${c}${}", n_comp.max(2));
            let (a, g7, h, i) = (comp("A"), comp("G"), comp("H"), comp("I"));
            w.s(r, s0, &fac.id, None)?;
            w.s(r, s0 + 1, fac.unit.as_str(), None)?;
            let (k_in, k_bio) = (kg(fac, (1.0, 0.0)), kg(fac, (0.0, 1.0)));
            w.f(
                r,
                s0 + 2,
                &format!("=SUMIFS({g7},{a},{id},{h},1)"),
                k_in,
                Some(&f.num),
            )?;
            w.f(
                r,
                s0 + 3,
                &format!("=SUMIFS({g7},{a},{id},{i},1)"),
                k_bio,
                Some(&f.num),
            )?;
            w.f(
                r,
                s0 + 4,
                &format!("=SUMIFS({g7},{a},{id})-T{x}-U{x}"),
                kg(fac, (0.0, 0.0)),
                Some(&f.num),
            )?;
            w.f(
                r,
                s0 + 5,
                &format!(
                    "=SUMIFS({},{},{id})",
                    act(col::CONSOLIDATED_QTY, n_act),
                    act(col::FACTOR, n_act)
                ),
                consolidated.get(fac.id.as_str()).copied().unwrap_or(0.0),
                Some(&f.num),
            )?;
        }
    }
    Ok((w.finish(), summary))
}

fn activity(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    summary: &str,
    park: &str,
    progress: Option<&crate::io::Progress>,
) -> Result<SheetDigest, ExportError> {
    let rows = p.activity.len() as u32 + 1;
    let mut w = W::new(ws, "Activity", rows)?;
    page(w.ws, park);
    let headers = [
        "Record id / 记录编号",
        "Entity id / 实体编号",
        "Sector / 行业",
        "Period / 期间",
        "Scope / 范围",
        "ISO category / 类别",
        "Activity / 活动",
        "Quantity / 数量",
        "Unit / 单位",
        "Factor id / 因子编号",
        "Factor unit / 因子单位",
        "Conversion to factor unit / 换算系数",
        "kg CO2e per factor unit / 每单位千克CO2e",
        "Emissions at 100 % (t CO2e) / 全部排放",
        "Share / 计入比例",
        "In the inventory (t CO2e) / 计入清单",
        "Consolidated quantity (factor unit) / 计入活动量",
        "Market factor id / 市场法因子",
        "Market conversion / 市场法换算",
        "Market kg CO2e per unit / 市场法每单位",
        "Market-based (t CO2e) / 基于市场",
        "Excluded (t CO2e) / 边界外",
        "Biogenic CO2 (t) / 生物质",
        "Evidence / 证据编号",
        "Source file / 来源文件",
        "Source sheet / 来源工作表",
        "Source row / 来源行",
        "Factor chosen by rule / 默认因子规则",
    ];
    let widths = [
        10.0, 10.0, 12.0, 9.0, 7.0, 8.0, 26.0, 14.0, 9.0, 34.0, 9.0, 10.0, 14.0, 16.0, 8.0, 16.0,
        16.0, 34.0, 10.0, 14.0, 16.0, 14.0, 12.0, 30.0, 24.0, 12.0, 8.0, 40.0,
    ];
    table(&mut w, f, &headers, &widths, rows)?;
    // Column formats rather than per-cell ones: a million rows need no format lookups.
    for c in [7u16, 11, 12, 16, 18, 19] {
        w.ws.set_column_format(c, &f.num)?;
    }
    for c in [13u16, 15, 20, 21, 22] {
        w.ws.set_column_format(c, &f.t)?;
    }
    w.ws.set_column_format(14, &f.pct)?;
    // Per-factor values, looked up once rather than per record.
    let fac_info: BTreeMap<&str, (&str, f64)> = p
        .factors
        .iter()
        .map(|x| {
            (
                x.id.as_str(),
                (x.unit.as_str(), factor_kg(p, Some(x), (1.0, 0.0))),
            )
        })
        .collect();
    let sector: BTreeMap<&str, &str> = p
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.sector.as_str()))
        .collect();
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
        let (fac_unit, kg_in) = fac_info
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
            Some(m) if mid != r.factor_id => {
                crate::calc::units::conversion_factor(r.unit, m.unit).unwrap_or(res.conversion)
            }
            _ => res.conversion,
        };
        w.s(row, 0, &r.id, None)?;
        w.s(row, 1, &r.entity_id, None)?;
        w.s(
            row,
            2,
            sector.get(r.entity_id.as_str()).copied().unwrap_or(""),
            None,
        )?;
        w.s(row, 3, &r.period.to_string(), None)?;
        w.n(row, 4, f64::from(r.scope.number()), None)?;
        w.n(row, 5, f64::from(r.category.number()), None)?;
        w.s(row, 6, &r.activity, None)?;
        w.n(row, 7, r.quantity, None)?;
        w.s(row, 8, r.unit.as_str(), None)?;
        w.s(row, 9, &r.factor_id, None)?;
        w.s(row, 10, fac_unit, None)?;
        w.n(row, 11, res.conversion, None)?;
        w.f(
            row,
            12,
            &format!("=VLOOKUP(J{x},{summary},3,FALSE)"),
            kg_in,
            Some(&f.num),
        )?;
        w.f(
            row,
            13,
            &format!("=H{x}*L{x}*M{x}/1000"),
            res.gross_location_t,
            Some(&f.t),
        )?;
        w.n(row, 14, res.share, None)?;
        w.f(row, 15, &format!("=N{x}*O{x}"), res.location_t, None)?;
        w.f(
            row,
            16,
            &format!("=H{x}*L{x}*O{x}"),
            r.quantity * res.conversion * res.share,
            Some(&f.num),
        )?;
        w.s(row, 17, mid, None)?;
        w.n(row, 18, mconv, None)?;
        w.f(
            row,
            19,
            &format!("=VLOOKUP(R{x},{summary},3,FALSE)"),
            mkg,
            Some(&f.num),
        )?;
        w.f(
            row,
            20,
            &format!("=H{x}*S{x}*T{x}/1000*O{x}"),
            res.market_t,
            Some(&f.t),
        )?;
        w.f(
            row,
            21,
            &format!("=IF(O{x}=0,N{x},0)+H{x}*L{x}*VLOOKUP(J{x},{summary},5,FALSE)/1000"),
            res.excluded_t,
            Some(&f.t),
        )?;
        w.f(
            row,
            22,
            &format!("=H{x}*L{x}*VLOOKUP(J{x},{summary},4,FALSE)/1000*O{x}"),
            res.biogenic_t,
            Some(&f.t),
        )?;
        w.s(row, 23, &r.evidence_ref, None)?;
        if let Some(src) = &r.source {
            w.s(
                row,
                24,
                p.import(src.import).map_or("", |i| i.file_name.as_str()),
                None,
            )?;
            w.s(row, 25, &src.sheet, None)?;
            w.n(row, 26, f64::from(src.row), None)?;
        }
        w.s(row, 27, r.factor_rule.as_deref().unwrap_or(""), None)?;
    }
    Ok(w.finish())
}

/// Σ kg CO₂e per unit of a factor's components with the given treatment.
fn factor_kg(p: &Project, fac: Option<&crate::model::EmissionFactor>, want: (f64, f64)) -> f64 {
    fac.map_or(0.0, |x| {
        x.components
            .iter()
            .filter(|c| treatment(p, c.gas) == want)
            .map(|c| c.kg_per_unit * gwp::for_project(p, c.gas).unwrap_or(0.0))
            .sum()
    })
}

/// Where the Inventory sheet's blocks are (0-based rows), for names and charts.
pub(super) struct InventoryLayout {
    total_row: u32,
    scope_rows: (u32, u32),
    top_rows: (u32, u32),
    month_rows: (u32, u32),
    gas_rows: (u32, u32),
    top: Vec<(String, f64)>,
}

impl InventoryLayout {
    fn new(p: &Project, inv: &Inventory) -> InventoryLayout {
        let mut top: Vec<(String, f64)> =
            inv.by_entity.iter().map(|(k, v)| (k.clone(), *v)).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        top.truncate(15);
        let total_row = 2;
        let scope_rows = (total_row + 10, total_row + 13);
        let cat_start = scope_rows.1 + 3;
        let gas_start = cat_start + 6 + 3;
        let gas_rows = (gas_start, gas_start + inv.by_gas.len().max(1) as u32 - 1);
        let ent_start = gas_rows.1 + 4;
        let sector_start = ent_start + p.entities.len() as u32 + 3;
        let month_start = sector_start + inv.by_sector.len() as u32 + 3;
        let month_rows = (
            month_start,
            month_start + inv.by_month.len().max(1) as u32 - 1,
        );
        let top_start = month_rows.1 + 4;
        let top_rows = (top_start, top_start + top.len().max(1) as u32 - 1);
        InventoryLayout {
            total_row,
            scope_rows,
            top_rows,
            month_rows,
            gas_rows,
            top,
        }
    }
}

fn inventory(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    l: &InventoryLayout,
    n_act: u32,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let mut w = W::new(ws, "Inventory", l.top_rows.1 + 1)?;
    page(w.ws, park);
    w.ws.set_column_width(0, 48)?;
    w.ws.set_column_width(1, 20)?;
    w.ws.set_column_width(2, 20)?;
    w.ws.set_column_width(3, 40)?;
    w.s(
        0,
        0,
        "Inventory (t CO2e) / 温室气体清单（吨二氧化碳当量）",
        Some(&f.title),
    )?;
    let a = |c: &str| act(c, n_act);
    let scope_sum = |s: u8, c: &str| format!("=SUMIFS({},{},{s})", a(c), a(col::SCOPE));
    let mut r = l.total_row;
    for (label, formula, v) in [
        (
            "Total, location-based / 总排放（基于位置）",
            format!(
                "=B{}+B{}+B{}",
                l.scope_rows.0 + 1,
                l.scope_rows.0 + 2,
                l.scope_rows.0 + 4
            ),
            inv.total_t_co2e,
        ),
        (
            "Total, market-based / 总排放（基于市场）",
            format!(
                "=B{}+B{}+B{}",
                l.scope_rows.0 + 1,
                l.scope_rows.0 + 3,
                l.scope_rows.0 + 4
            ),
            inv.total_market_t_co2e,
        ),
        (
            "Scope 1 / 范围一",
            format!("=B{}", l.scope_rows.0 + 1),
            inv.scope1_t,
        ),
        (
            "Scope 2, location-based / 范围二（基于位置）",
            format!("=B{}", l.scope_rows.0 + 2),
            inv.scope2_location_t,
        ),
        (
            "Scope 2, market-based / 范围二（基于市场）",
            format!("=B{}", l.scope_rows.0 + 3),
            inv.scope2_market_t,
        ),
        (
            "Scope 3 / 范围三",
            format!("=B{}", l.scope_rows.0 + 4),
            inv.scope3_t,
        ),
        (
            "Excluded, outside the boundary, at 100 % / 边界外排放",
            format!("=SUM({})", a(col::EXCLUDED)),
            inv.excluded_t,
        ),
        (
            "Biogenic CO2, outside the scopes / 生物质二氧化碳",
            format!("=SUM({})", a(col::BIOGENIC)),
            inv.biogenic_co2_t,
        ),
    ] {
        w.s(r, 0, label, None)?;
        w.f(r, 1, &formula, v, Some(&f.t))?;
        r += 1;
    }
    r = l.scope_rows.0 - 1;
    w.s(r, 0, "By scope / 按范围", Some(&f.bold))?;
    for (i, (label, formula, v)) in [
        ("Scope 1", scope_sum(1, col::INVENTORY), inv.scope1_t),
        (
            "Scope 2 (location-based)",
            scope_sum(2, col::INVENTORY),
            inv.scope2_location_t,
        ),
        (
            "Scope 2 (market-based)",
            scope_sum(2, col::MARKET),
            inv.scope2_market_t,
        ),
        ("Scope 3", scope_sum(3, col::INVENTORY), inv.scope3_t),
    ]
    .into_iter()
    .enumerate()
    {
        w.s(l.scope_rows.0 + i as u32, 0, label, None)?;
        w.f(l.scope_rows.0 + i as u32, 1, &formula, v, Some(&f.t))?;
    }
    r = l.scope_rows.1 + 2;
    w.s(r, 0, "By ISO 14064-1 category / 按类别", Some(&f.bold))?;
    for c in IsoCategory::all() {
        r += 1;
        w.s(r, 0, &format!("{} {}", c.number(), c.title()), None)?;
        w.f(
            r,
            1,
            &format!(
                "=SUMIFS({},{},{})",
                a(col::INVENTORY),
                a(col::CATEGORY),
                c.number()
            ),
            inv.by_category.get(&c.number()).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
    }
    w.s(
        l.gas_rows.0 - 1,
        0,
        "By gas, location-based (t CO2e) / 按气体",
        Some(&f.bold),
    )?;
    for (i, (g, v)) in inv.by_gas.iter().enumerate() {
        let row = l.gas_rows.0 + i as u32;
        w.s(row, 0, g.code(), None)?;
        w.f(
            row,
            1,
            &format!("=SUMIFS(Factors!$J:$J,Factors!$D:$D,{})", q(g.code())),
            *v,
            Some(&f.t),
        )?;
    }
    let ent_start = l.gas_rows.1 + 4;
    w.s(ent_start - 1, 0, "By entity / 按实体", Some(&f.bold))?;
    w.s(ent_start - 1, 1, "location-based / 基于位置", Some(&f.bold))?;
    w.s(ent_start - 1, 2, "market-based / 基于市场", Some(&f.bold))?;
    for (i, e) in p.entities.iter().enumerate() {
        let row = ent_start + i as u32;
        w.s(row, 0, &format!("{} {}", e.id, e.name), None)?;
        let id = q(&e.id);
        w.f(
            row,
            1,
            &format!("=SUMIFS({},{},{id})", a(col::INVENTORY), a(col::ENTITY)),
            inv.by_entity.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
        w.f(
            row,
            2,
            &format!("=SUMIFS({},{},{id})", a(col::MARKET), a(col::ENTITY)),
            inv.by_entity_market.get(&e.id).copied().unwrap_or(0.0),
            Some(&f.t),
        )?;
    }
    let sector_start = ent_start + p.entities.len() as u32 + 3;
    w.s(sector_start - 1, 0, "By sector / 按行业", Some(&f.bold))?;
    for (i, (s, v)) in inv.by_sector.iter().enumerate() {
        let row = sector_start + i as u32;
        w.s(row, 0, s, None)?;
        w.f(
            row,
            1,
            &format!("=SUMIFS({},{},{})", a(col::INVENTORY), a(col::SECTOR), q(s)),
            *v,
            Some(&f.t),
        )?;
    }
    w.s(l.month_rows.0 - 1, 0, "By month / 按月份", Some(&f.bold))?;
    for (i, (m, v)) in inv.by_month.iter().enumerate() {
        let row = l.month_rows.0 + i as u32;
        w.s(row, 0, &m.to_string(), None)?;
        w.f(
            row,
            1,
            &format!(
                "=SUMIFS({},{},{})",
                a(col::INVENTORY),
                a(col::PERIOD),
                q(&m.to_string())
            ),
            *v,
            Some(&f.t),
        )?;
    }
    w.s(
        l.top_rows.0 - 1,
        0,
        "Top 15 entities / 排放前15位实体",
        Some(&f.bold),
    )?;
    for (i, (id, v)) in l.top.iter().enumerate() {
        let row = l.top_rows.0 + i as u32;
        w.s(row, 0, id, None)?;
        w.f(
            row,
            1,
            &format!(
                "=SUMIFS({},{},{})",
                a(col::INVENTORY),
                a(col::ENTITY),
                q(id)
            ),
            *v,
            Some(&f.t),
        )?;
    }
    Ok(w.finish())
}

fn charts(
    ws: &mut Worksheet,
    f: &Fmt,
    l: &InventoryLayout,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let mut w = W::new(ws, "Charts", 2)?;
    page(w.ws, park);
    w.s(
        0,
        0,
        "Charts (data: the Inventory sheet) / 图表（数据见清单工作表）",
        Some(&f.title),
    )?;
    let mut add = |kind: ChartType,
                   title: &str,
                   rows: (u32, u32),
                   at: (u32, u16)|
     -> Result<(), ExportError> {
        let mut c = Chart::new(kind);
        c.title().set_name(title);
        c.add_series()
            .set_categories(("Inventory", rows.0, 0, rows.1, 0))
            .set_values(("Inventory", rows.0, 1, rows.1, 1))
            .set_name("t CO2e");
        c.legend().set_hidden();
        c.y_axis().set_num_format("#,##0");
        w.ws.insert_chart(at.0, at.1, &c)?;
        Ok(())
    };
    add(
        ChartType::Column,
        "Emissions by scope (t CO2e) / 按范围",
        l.scope_rows,
        (2, 0),
    )?;
    add(
        ChartType::Bar,
        "Top 15 entities (t CO2e) / 前15位实体",
        l.top_rows,
        (2, 9),
    )?;
    add(
        ChartType::Line,
        "Monthly trend (t CO2e) / 月度趋势",
        l.month_rows,
        (20, 0),
    )?;
    add(
        ChartType::Column,
        "By gas (t CO2e) / 按气体",
        l.gas_rows,
        (20, 9),
    )?;
    Ok(w.finish())
}

fn findings(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    inv: &Inventory,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    use crate::audit::evaluation;
    let v = &p.verification;
    let rows = (v.findings.len() + v.tests.len() + v.signoffs.len() + 20) as u32;
    let mut w = W::new(ws, "Findings", rows)?;
    page(w.ws, park);
    let headers = [
        "Id / 编号",
        "Type / 类型",
        "Request / 要求",
        "Title / 标题",
        "Records / 记录",
        "Entities / 实体",
        "Impact (t CO2e) / 影响",
        "Corrected / 已更正",
        "Status / 状态",
        "Client response / 委托方回复",
        "Verifier conclusion / 核查结论",
        "Raised by / 提出人",
        "Raised at (UTC) / 时间",
    ];
    table(
        &mut w,
        f,
        &headers,
        &[
            8.0, 14.0, 18.0, 36.0, 20.0, 14.0, 14.0, 10.0, 10.0, 36.0, 36.0, 14.0, 20.0,
        ],
        v.findings.len() as u32,
    )?;
    let mut r = 1;
    if v.findings.is_empty() {
        w.s(
            r,
            0,
            "No findings recorded in this project. / 本项目未记录核查发现。",
            None,
        )?;
        r += 1;
    }
    for x in &v.findings {
        w.s(r, 0, &x.id, None)?;
        w.s(r, 1, &format!("{:?}", x.kind), None)?;
        w.s(r, 2, x.request.map_or("", |q| q.label()), None)?;
        w.s(r, 3, &x.title, Some(&f.wrap))?;
        w.s(r, 4, &x.record_ids.join(", "), None)?;
        w.s(r, 5, &x.entity_ids.join(", "), None)?;
        w.n(r, 6, x.impact_t, Some(&f.t))?;
        w.s(r, 7, if x.corrected { "yes / 是" } else { "no / 否" }, None)?;
        w.s(r, 8, &format!("{:?}", x.status), None)?;
        w.s(r, 9, &x.client_response, Some(&f.wrap))?;
        w.s(r, 10, &x.conclusion, Some(&f.wrap))?;
        w.s(r, 11, &x.raised_by, None)?;
        w.s(r, 12, &x.raised_at, None)?;
        r += 1;
    }
    r += 1;
    let m = evaluation::materiality(p, inv);
    let (proposed, why) = evaluation::proposed_opinion(p, inv);
    w.s(r, 0, "Materiality / 实质性", Some(&f.bold))?;
    r += 1;
    for (label, value) in [
        ("Threshold (t CO2e) / 阈值", m.threshold_t),
        ("Uncorrected, gross / 未更正（总额）", m.uncorrected_gross_t),
        ("Uncorrected, net / 未更正（净额）", m.uncorrected_net_t),
        ("Key items (tests) / 关键项", m.key_item_misstatement_t),
        ("Projected from the sample / 抽样推断", m.projected_t),
        ("Aggregate / 合计", m.aggregate_t),
    ] {
        w.s(r, 0, label, None)?;
        w.n(r, 1, value, Some(&f.t))?;
        r += 1;
    }
    w.s(r, 0, "State / 状态", None)?;
    w.s(
        r,
        1,
        &format!("{:?} ({:.0} % of the threshold)", m.state, m.ratio * 100.0),
        None,
    )?;
    r += 1;
    w.s(r, 0, "Proposed opinion / 建议意见", None)?;
    w.s(r, 1, &format!("{proposed:?} — {why}"), None)?;
    r += 2;
    w.s(r, 0, "Sampling results / 抽样结果", Some(&f.bold))?;
    r += 1;
    if let Some(plan) = &v.sample {
        w.s(
            r,
            0,
            &format!(
                "seed {}, {}, key items ≥ {} % ({}), {} sampled from {:.3} t",
                plan.seed,
                plan.method,
                plan.key_pct,
                plan.key_items.len(),
                plan.sampled.len(),
                plan.population_t
            ),
            None,
        )?;
        r += 1;
    }
    for (c, h) in [
        "Record / 记录",
        "Result / 结果",
        "Evidence / 证据",
        "Tickmark / 标记",
        "Comment / 说明",
        "Tested by / 测试人",
        "At (UTC) / 时间",
    ]
    .iter()
    .enumerate()
    {
        w.s(r, c as u16, h, Some(&f.bold))?;
    }
    r += 1;
    for t in &v.tests {
        w.s(r, 0, &t.record_id, None)?;
        w.s(r, 1, &format!("{:?}", t.result), None)?;
        w.s(r, 2, &t.evidence_ref, None)?;
        w.s(r, 3, &t.tickmark, None)?;
        w.s(r, 4, &t.comment, None)?;
        w.s(r, 5, &t.who, None)?;
        w.s(r, 6, &t.at, None)?;
        r += 1;
    }
    r += 1;
    w.s(r, 0, "Sign-offs / 签核", Some(&f.bold))?;
    r += 1;
    for s in evaluation::signoff_status(p, inv) {
        w.s(r, 0, &format!("{:?}", s.section), None)?;
        w.s(r, 1, &format!("{:?}", s.role), None)?;
        w.s(r, 2, &s.who, None)?;
        w.s(r, 3, &s.at, None)?;
        w.s(
            r,
            4,
            if s.valid {
                "valid / 有效"
            } else {
                "edited after review — void / 复核后已修改（失效）"
            },
            None,
        )?;
        r += 1;
    }
    Ok(w.finish())
}

fn trail(ws: &mut Worksheet, f: &Fmt, p: &Project, park: &str) -> Result<SheetDigest, ExportError> {
    let rows = (p.imports.len() + p.trail.len() + 4) as u32;
    let mut w = W::new(ws, "Audit trail", rows)?;
    page(w.ws, park);
    let headers = [
        "Import / 导入",
        "File / 文件",
        "SHA-256",
        "Imported at (UTC) / 时间",
        "Template / 模板",
        "Rows read / 读取",
        "Accepted / 接受",
        "Rejected / 拒绝",
        "Records added / 新增记录",
    ];
    table(
        &mut w,
        f,
        &headers,
        &[10.0, 30.0, 66.0, 22.0, 10.0, 10.0, 10.0, 10.0, 12.0],
        p.imports.len() as u32,
    )?;
    for (i, imp) in p.imports.iter().enumerate() {
        let r = i as u32 + 1;
        let sum = |g: fn(&crate::model::SheetCounts) -> u32| {
            f64::from(imp.sheets.iter().map(g).sum::<u32>())
        };
        w.n(r, 0, f64::from(imp.id), None)?;
        w.s(r, 1, &imp.file_name, None)?;
        w.s(r, 2, &imp.sha256, None)?;
        w.s(r, 3, &imp.imported_at, None)?;
        w.s(r, 4, imp.template_version.as_deref().unwrap_or("-"), None)?;
        w.n(r, 5, sum(|s| s.rows_read), None)?;
        w.n(r, 6, sum(|s| s.accepted), None)?;
        w.n(r, 7, sum(|s| s.rejected), None)?;
        w.n(r, 8, f64::from(imp.records_added), None)?;
    }
    let mut r = p.imports.len() as u32 + 2;
    for (c, h) in [
        "Changes / 变更记录",
        "At (UTC) / 时间",
        "Who / 操作人",
        "Action / 操作",
        "Detail / 详情",
    ]
    .iter()
    .enumerate()
    {
        w.s(r, c as u16, h, Some(&f.bold))?;
    }
    for (i, t) in p.trail.iter().enumerate() {
        r += 1;
        w.n(r, 0, (i + 1) as f64, None)?;
        w.s(r, 1, &t.at, None)?;
        w.s(r, 2, &t.who, None)?;
        w.s(r, 3, &t.action, None)?;
        w.s(r, 4, &t.detail, Some(&f.wrap))?;
        w.s(r, 5, &t.prev, None)?;
    }
    Ok(w.finish())
}
