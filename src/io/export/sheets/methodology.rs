//! The Methodology sheet: each decision with its justification, and the GWP
//! table the Factors sheet looks up.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Fmt, fit, fit_row, page};
use crate::calc::gwp;
use crate::model::guidance::Guidance;
use crate::model::{ALL_GASES, Project};
use rust_xlsxwriter::Worksheet;

/// Writes the Methodology sheet; returns its digest and the GWP table range.
pub(super) fn methodology(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    park: &str,
) -> Result<(SheetDigest, String), ExportError> {
    let mut w = W::new(ws, "Methodology", 120)?;
    w.set_plain(&f.plain);
    const WIDTHS: [f64; 3] = [36.0, 30.0, 80.0];
    page(w.ws, park, fit(true, &WIDTHS));
    for (c, width) in WIDTHS.iter().enumerate() {
        w.ws.set_column_width(c as u16, *width)?;
    }
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
        ("Standard / 标准", p.methodology.standard.to_string(), "The inventory is prepared to this standard; default factors follow its rules: a record without a factor gets one by a stated rule, named on the Activity sheet in the column Factor chosen by rule.".into()),
        ("Consolidation approach / 合并方法", p.consolidation.to_string(), text("consolidation", p.consolidation.key())),
        ("Scopes included / 纳入范围", scopes.join(", "), g.decision("operational_boundary").map(|d| d.guidance.en.clone()).unwrap_or_default()),
        ("ISO 14064-1 categories included / 纳入类别", cats.join(", "), "Categories outside the operational boundary are reported as excluded, never dropped.".into()),
        ("Gases covered / 温室气体", gases.join(", "), g.decision("gases").map(|d| d.guidance.en.clone()).unwrap_or_default()),
        ("GWP set / 全球增温潜势", format!("IPCC {}", p.methodology.gwp_set), text("gwp_set", p.methodology.gwp_set.name())),
        ("Scope 2 reporting / 范围二", if p.methodology.scope2_dual_reporting { "location- and market-based".into() } else { "location-based".into() }, g.decision("scope2").map(|d| d.guidance.en.clone()).unwrap_or_default()),
        ("Grid factor rule / 电网因子规则", p.methodology.grid_factor.label().to_string(), text("scope2", "location")),
        ("Base year / 基准年", p.park.base_year.to_string(), text("base_year", "threshold-5")),
    ];
    let mut r = 1;
    for (k, v, t) in &rows {
        w.s(r, 0, k, Some(&f.bold_wrap))?;
        w.s(r, 1, v, Some(&f.wrap))?;
        w.s(r, 2, t, Some(&f.wrap))?;
        fit_row(&mut w, r, &[(k, WIDTHS[0]), (v, WIDTHS[1]), (t, WIDTHS[2])])?;
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
            let source = gwp::source(g).unwrap_or(
                "mass-weighted sum of the GWPs of the blend's components, by their mass shares (ASHRAE 34 compositions)",
            );
            w.s(r, 2, source, Some(&f.wrap))?;
            fit_row(&mut w, r, &[(source, WIDTHS[2])])?;
            r += 1;
        }
    }
    let range = format!("Methodology!$A${}:$B${}", first + 1, r.max(first + 1));
    Ok((w.finish(), range))
}
