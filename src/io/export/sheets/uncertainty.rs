//! The Uncertainty sheet: the method with the Monte Carlo's seed and
//! iterations (so anyone can re-run it), the total with Approach 1 as a
//! live formula over the inputs table, the breakdowns by scope, category,
//! sector and entity with both approaches, the histogram of the total with
//! a native chart, and every random input: its distribution, bounds,
//! citation, the emissions that scale with it and its share of the variance
//! (formulas).

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Style, col, fit_row, letter, page};
use crate::audit::uncertainty::Verdict;
use crate::calc::summary::grouped;
use crate::calc::uncertainty::{FactorOrigin, Input, Interval, Report};
use crate::model::Project;
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

/// The sheet's name.
pub(super) const SHEET: &str = "Uncertainty";

/// The inputs table, declared once: the writer and the tests read it.
pub(super) const INPUTS: [Column; 10] = [
    col("Input / 输入", 28.0, Style::Wrap),
    col("Kind / 类型", 12.0, Style::Wrap),
    col("Distribution / 分布", 12.0, Style::General),
    col("Lower bound, % below / 下限（%）", 9.0, Style::Dec2),
    col("Upper bound, % above / 上限（%）", 12.0, Style::Dec2),
    col("Approach 1 U (95 %, %) / 方法1不确定性", 12.0, Style::Dec2),
    col("Emissions it scales (t CO2e) / 关联排放量", 12.0, Style::T0),
    col("Variance term (t²) / 方差项", 13.0, Style::General),
    col("Share of variance / 方差贡献", 9.0, Style::Share),
    col("Source / 来源", 44.0, Style::Wrap),
];

/// Column indices of [`INPUTS`].
pub(super) const IN_DIST: u16 = 2;
pub(super) const IN_LOWER: u16 = 3;
pub(super) const IN_UPPER: u16 = 4;
pub(super) const IN_U: u16 = 5;
pub(super) const IN_T: u16 = 6;
pub(super) const IN_VAR: u16 = 7;
pub(super) const IN_SHARE: u16 = 8;

/// The breakdown table, declared once.
pub(super) const BREAKDOWN: [Column; 10] = [
    col("Total / 合计", 28.0, Style::Wrap),
    col("Key / 项", 12.0, Style::Wrap),
    col("t CO2e / 吨", 12.0, Style::T0),
    col("Approach 1 ±% / 方法1", 9.0, Style::Dec2),
    col("MC mean (t) / 均值", 12.0, Style::T0),
    col("MC 2.5 % (t)", 12.0, Style::T0),
    col("MC 97.5 % (t)", 12.0, Style::T0),
    col("MC −% / 下偏", 13.0, Style::Dec2),
    col("MC +% / 上偏", 9.0, Style::Dec2),
    col("Data quality (1–5) / 数据质量", 44.0, Style::Dec2),
];

/// The engine's Z95 to the last digit, so cached and recalculated values agree.
const Z95: &str = "1.959963984540054";

fn header(w: &mut W<'_>, f: &Fmt, r: u32, cols: &[Column]) -> Result<(), ExportError> {
    for (c, h) in cols.iter().enumerate() {
        w.s(r, c as u16, h.header, Some(&f.header))?;
    }
    let cells: Vec<(&str, f64)> = cols.iter().map(|h| (h.header, h.width / 1.3)).collect();
    fit_row(w, r, &cells)
}

fn kind(r: &Report, input: Input) -> &'static str {
    match input {
        Input::Activity(_) => "activity",
        Input::Gwp(_) => "GWP",
        Input::Factor(i) => match r.model.factors[i as usize].origin {
            FactorOrigin::Library => "factor (library)",
            FactorOrigin::Project => "factor (project)",
            FactorOrigin::Default => "factor (default)",
        },
    }
}

/// Approach 1's relative U of a row's distribution, as a formula (the
/// engine's `spread::Draw::a1_sd` × Z95 × 100).
fn u_formula(x: u32) -> String {
    let (d, lo, hi) = (letter(IN_DIST), letter(IN_LOWER), letter(IN_UPPER));
    format!(
        "=IF({d}{x}=\"uniform\",({lo}{x}+{hi}{x})/SQRT(12)*{Z95},IF({d}{x}=\"triangular\",SQRT(((1-{lo}{x}/100)^2+(1+{hi}{x}/100)^2+1-(1-{lo}{x}/100)*(1+{hi}{x}/100)-(1-{lo}{x}/100)-(1+{hi}{x}/100))/18)*{Z95}*100,MAX({lo}{x},{hi}{x})))"
    )
}

pub(super) fn uncertainty_sheet(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    r: &Report,
    v: &Verdict,
    total_t: f64,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let breakdowns = r.by_scope.len() + r.by_category.len() + r.by_sector.len() + r.by_entity.len();
    let rows = 40 + breakdowns + r.histogram.counts.len() + r.contributions.len();
    let mut w = W::new(ws, SHEET, rows as u32)?;
    w.set_plain(&f.plain);
    let widths: Vec<f64> = INPUTS.iter().map(|c| c.width).collect();
    page(w.ws, park, super::layout::fit(true, &widths));
    for (i, c) in INPUTS.iter().enumerate() {
        w.ws.set_column_width(i as u16, c.width)?;
    }
    w.s(
        0,
        0,
        "Uncertainty of the inventory / 清单不确定性",
        Some(&f.title),
    )?;
    let mut row = 2;
    let lines = [
        "Method: IPCC 2006 Guidelines Vol. 1 ch. 3. Approach 1: error propagation (eq. 3.1 for products, eq. 3.2 for sums); a factor used by many records counts once, its errors fully correlated. Approach 2: Monte Carlo over the same inputs, each drawn once per iteration. / 方法：IPCC 2006年指南第1卷第3章，方法1误差传递、方法2蒙特卡罗模拟。".to_string(),
        format!(
            "Monte Carlo: {} iterations, seed {}; xoshiro256** seeded by SplitMix64, normals by Marsaglia's polar method, percentiles interpolated (type 7); GWPs {}. Re-run: parkaudit uncertainty PROJECT --iterations {} --seed {} / 可用相同种子与次数重现。",
            grouped(f64::from(r.iterations), 0),
            r.seed,
            if r.sample_gwp { "drawn" } else { "held fixed" },
            r.iterations,
            r.seed
        ),
        "Activity data of one source (an entity's activity code of one data type) share one error across their records; a record with its own quality entry is a source of its own. Pedigree scores widen a source by σ_ln = ½·√(ln(U_b)² + Σ ln(U_i)²) (ecoinvent v3 default variances, Weidema et al. 2013). / 同一来源的活动数据误差相同。".to_string(),
        v.en.clone(),
        v.zh.clone(),
    ];
    // Each paragraph in lines of about 150 characters across the columns.
    for text in &lines {
        for part in super::claims::lines(text, 160.0) {
            w.s(row, 0, &part, None)?;
            row += 1;
        }
    }
    row += 1;
    // The inputs table's rows, needed by the total's formula above it.
    let total_row = row;
    let inputs_first = total_row + 8 + breakdowns as u32 + 3 + r.histogram.counts.len() as u32 + 3;
    let inputs_last = inputs_first + r.contributions.len().max(1) as u32 - 1;
    let var = letter(IN_VAR);
    let t = &r.total;
    w.s(row, 0, "Total (t CO2e) / 排放总量", Some(&f.bold))?;
    // The inventory's total as the Inventory sheet has it (the terms add
    // up to it within rounding).
    w.f(row, 1, "=Total_tCO2e", total_t, Some(&f.t0))?;
    row += 1;
    w.s(
        row,
        0,
        "Approach 1, 95 % half-width (%) / 方法1（95%）",
        None,
    )?;
    w.f(
        row,
        1,
        &format!(
            "=IF(B{tr}=0,0,{Z95}*SQRT(SUM({var}{a}:{var}{b}))/ABS(B{tr})*100)",
            tr = total_row + 1,
            a = inputs_first + 1,
            b = inputs_last + 1
        ),
        t.a1_pct,
        Some(&f.dec2),
    )?;
    row += 1;
    for (label, value) in [
        ("Monte Carlo mean (t) / 均值", t.mc.mean),
        ("Monte Carlo median (t) / 中位数", t.mc.median),
        ("Monte Carlo 2.5 % (t)", t.mc.p2_5),
        ("Monte Carlo 97.5 % (t)", t.mc.p97_5),
    ] {
        w.s(row, 0, label, None)?;
        w.n(row, 1, value, Some(&f.t0))?;
        row += 1;
    }
    w.s(
        row,
        0,
        "Data quality, emission-weighted pedigree (1 best – 5 worst) / 数据质量",
        None,
    )?;
    match t.dq_score {
        Some(d) => {
            w.n(row, 1, d, Some(&f.dec2))?;
            w.s(
                row,
                2,
                &format!("over {:.0} % of the total", t.dq_coverage * 100.0),
                None,
            )?;
        }
        None => w.s(row, 1, "no pedigree scores / 无谱系评分", None)?,
    }
    row += 1;
    // Breakdowns.
    header(&mut w, f, row, &BREAKDOWN)?;
    row += 1;
    let name = |e: &str| p.entity(e).map_or(e.to_string(), |x| x.name.clone());
    let groups: [(&str, &[Interval]); 4] = [
        ("Scope / 范围", &r.by_scope),
        ("ISO 14064-1 category / 类别", &r.by_category),
        ("Sector / 行业", &r.by_sector),
        ("Entity / 实体", &r.by_entity),
    ];
    for (title, xs) in groups {
        for i in xs {
            let x = row + 1;
            let label = if title.starts_with("Entity") {
                name(&i.key)
            } else {
                title.to_string()
            };
            w.s(row, 0, &label, None)?;
            let st = |c: usize| f.of(BREAKDOWN[c].style);
            w.s(row, 1, &i.key, st(1))?;
            w.n(row, 2, i.value_t, st(2))?;
            w.n(row, 3, i.a1_pct, st(3))?;
            w.n(row, 4, i.mc.mean, st(4))?;
            w.n(row, 5, i.mc.p2_5, st(5))?;
            w.n(row, 6, i.mc.p97_5, st(6))?;
            w.f(
                row,
                7,
                &format!("=IF(C{x}=0,0,(C{x}-F{x})/ABS(C{x})*100)"),
                i.mc_lower_pct(),
                st(7),
            )?;
            w.f(
                row,
                8,
                &format!("=IF(C{x}=0,0,(G{x}-C{x})/ABS(C{x})*100)"),
                i.mc_upper_pct(),
                st(8),
            )?;
            if let Some(d) = i.dq_score {
                w.n(row, 9, d, st(9))?;
            }
            row += 1;
        }
    }
    row += 1;
    // The histogram of the total.
    w.s(
        row,
        0,
        "Monte Carlo histogram of the total / 总量直方图",
        Some(&f.bold),
    )?;
    row += 1;
    header(
        &mut w,
        f,
        row,
        &[
            col("From (t) / 自", 28.0, Style::T0),
            col("To (t) / 至", 12.0, Style::T),
            col("Iterations / 次数", 16.0, Style::Num),
        ],
    )?;
    row += 1;
    let h_first = row;
    let h = &r.histogram;
    for (k, count) in h.counts.iter().enumerate() {
        let from = h.min_t + h.width_t * k as f64;
        w.n(row, 0, from, Some(&f.t0))?;
        w.n(row, 1, from + h.width_t, Some(&f.t0))?;
        w.n(row, 2, f64::from(*count), None)?;
        row += 1;
    }
    let h_last = row.saturating_sub(1).max(h_first);
    let mut chart = Chart::new(ChartType::Column);
    chart
        .title()
        .set_name("Monte Carlo: the total's distribution / 总量分布");
    chart.set_width(640).set_height(320);
    chart
        .add_series()
        .set_categories((SHEET, h_first, 0, h_last, 0))
        .set_values((SHEET, h_first, 2, h_last, 2))
        .set_name("Iterations / 次数")
        .set_gap(0);
    chart.x_axis().set_num_format("#,##0");
    chart.legend().set_hidden();
    w.ws.insert_chart(h_first, 4, &chart)?;
    row += 1;
    // The inputs, largest share first.
    w.s(
        row,
        0,
        "Random inputs and their contribution to the variance (Approach 1) / 随机输入及其方差贡献",
        Some(&f.bold),
    )?;
    row += 1;
    header(&mut w, f, row, &INPUTS)?;
    row += 1;
    debug_assert_eq!(row, inputs_first);
    let row = inputs_first;
    for (k, c) in r.contributions.iter().enumerate() {
        let rr = row + k as u32;
        let x = rr + 1;
        let s = r.input_spread(c.input);
        let st = |c: u16| f.of(INPUTS[c as usize].style);
        w.s(rr, 0, &r.input_label(c.input), st(0))?;
        w.s(rr, 1, kind(r, c.input), st(1))?;
        w.s(rr, IN_DIST, s.distribution.key(), None)?;
        w.n(rr, IN_LOWER, s.lower_pct, st(IN_LOWER))?;
        w.n(rr, IN_UPPER, s.upper_pct, st(IN_UPPER))?;
        w.f(
            rr,
            IN_U,
            &u_formula(x),
            c.sd * crate::calc::uncertainty::spread::Z95 * 100.0,
            st(IN_U),
        )?;
        w.n(rr, IN_T, c.emissions_t, st(IN_T))?;
        let (u, tt) = (letter(IN_U), letter(IN_T));
        w.f(
            rr,
            IN_VAR,
            &format!("=({u}{x}/100/{Z95}*{tt}{x})^2"),
            (c.sd * c.emissions_t).powi(2),
            st(IN_VAR),
        )?;
        w.f(
            rr,
            IN_SHARE,
            &format!(
                "=IF(SUM({var}${a}:{var}${b})=0,0,{var}{x}/SUM({var}${a}:{var}${b}))",
                a = inputs_first + 1,
                b = inputs_last + 1
            ),
            c.share,
            st(IN_SHARE),
        )?;
        w.s(rr, 9, &s.source, st(9))?;
        let label = r.input_label(c.input);
        fit_row(
            &mut w,
            rr,
            &[
                (label.as_str(), INPUTS[0].width),
                (kind(r, c.input), INPUTS[1].width),
                (s.source.as_str(), INPUTS[9].width),
            ],
        )?;
    }
    Ok(w.finish())
}
