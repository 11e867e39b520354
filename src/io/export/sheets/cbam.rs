//! The audit workbook's CBAM sheet: per good, its SEE direct, indirect and
//! counted, the share from default values, China's default value for
//! comparison, and the certificate estimate as live formulas — labelled an
//! estimate, never a regulatory figure.

use super::super::canonical::SheetDigest;
use super::super::{ExportError, W};
use super::layout::{Column, Fmt, Print, Style, col, fit_row, header, letter, page};
use crate::calc::cbam_goods;
use crate::model::Project;
use rust_xlsxwriter::Worksheet;

pub(super) const COLUMNS: [Column; 23] = [
    col("Good / 货物", 10.0, Style::General),
    col("Product / 产品", 26.0, Style::Wrap),
    col("Category / 类别", 16.0, Style::Wrap),
    col("CN code / CN编码", 12.0, Style::General),
    col("Activity level / 活动水平", 14.0, Style::Num),
    col("Unit / 单位", 9.0, Style::General),
    col("SEE direct (t CO2e/t) / 直接", 12.0, Style::Num),
    col("SEE indirect (t CO2e/t) / 间接", 12.0, Style::Num),
    col("SEE total (t CO2e/t) / 合计", 12.0, Style::Num),
    col("Indirect counted / 计入间接", 10.0, Style::General),
    col("SEE counted for CBAM / CBAM计入", 12.0, Style::Num),
    col("Share from default values / 默认值占比", 12.0, Style::Pct),
    col("Default value, Annex I / 默认值", 12.0, Style::Num),
    col("Default marked up / 加成后默认值", 12.0, Style::Num),
    col("SEE ÷ default / 与默认值之比", 11.0, Style::Num),
    col("Benchmark (2025/2620) / 基准值", 12.0, Style::Num),
    col("CBAM factor / CBAM系数", 10.0, Style::Num),
    col("Free allocation (t/t) / 免费配额调整", 12.0, Style::Num),
    col("Carbon price paid (EUR/t) / 已付碳价", 12.0, Style::Num),
    col("Certificate price (EUR) / 证书价格", 11.0, Style::Num),
    col(
        "Certificates per t, ESTIMATE / 每吨证书（估算）",
        14.0,
        Style::Num,
    ),
    col(
        "Cost per t (EUR), ESTIMATE / 每吨成本（估算）",
        14.0,
        Style::Num,
    ),
    col("Default value row / 默认值来源", 30.0, Style::Wrap),
];

pub(super) fn cbam(
    ws: &mut Worksheet,
    f: &Fmt,
    p: &Project,
    park: &str,
) -> Result<SheetDigest, ExportError> {
    let Some(section) = &p.cbam else {
        return Err(ExportError::Canonical("no CBAM section".into()));
    };
    let results = cbam_goods::compute(p);
    let goods: usize = section
        .installations
        .iter()
        .map(|i| i.processes.len())
        .sum();
    let mut w = W::new(ws, "CBAM", goods as u32 + 8)?;
    w.set_plain(&f.plain);
    page(w.ws, park, Print::Wide { key_cols: 1 });
    header(&mut w, f, 0, &COLUMNS, None)?;
    let l = |i: u16| letter(i);
    let num = |c: u16| f.of(COLUMNS[usize::from(c)].style);
    let mut r = 1u32;
    let mut errors = Vec::new();
    for (inst, result) in section.installations.iter().zip(&results) {
        let res = match result {
            Ok(res) => res,
            Err(e) => {
                errors.push(format!("{}: {e} / {}", inst.entity_id, e.zh()));
                continue;
            }
        };
        for (q, g) in inst.processes.iter().zip(&res.processes) {
            let x = r + 1;
            let product = if q.product_name.is_empty() {
                &q.name
            } else {
                &q.product_name
            };
            w.s(r, 0, &format!("{}/{}", inst.entity_id, q.id), None)?;
            w.s(r, 1, product, Some(&f.wrap))?;
            let category = format!("{} / {}", q.category.label(), q.category.label_zh());
            w.s(r, 2, &category, Some(&f.wrap))?;
            w.s(r, 3, q.cn_codes.first().map_or("", String::as_str), None)?;
            w.n(r, 4, q.activity_level_t, num(4))?;
            w.s(r, 5, q.functional_unit.unit(), None)?;
            w.n(r, 6, g.see_product.direct, num(6))?;
            w.n(r, 7, g.see_product.indirect, num(7))?;
            w.f(
                r,
                8,
                &format!("={}{x}+{}{x}", l(6), l(7)),
                g.see_product.total(),
                num(8),
            )?;
            w.s(
                r,
                9,
                if g.counts_indirect {
                    "yes / 是"
                } else {
                    "no (Annex II) / 否"
                },
                None,
            )?;
            let counted = if g.counts_indirect {
                format!("={}{x}", l(8))
            } else {
                format!("={}{x}", l(6))
            };
            w.f(r, 10, &counted, g.counted(), num(10))?;
            w.n(r, 11, g.see.default_share, num(11))?;
            let mut source = String::new();
            if let Some(d) = &g.default {
                w.n(r, 12, d.counted, num(12))?;
                if let Some(m) = d.marked_up {
                    w.n(r, 13, m, num(13))?;
                }
                if d.counted > 0.0 {
                    w.f(
                        r,
                        14,
                        &format!("={}{x}/{}{x}", l(10), l(12)),
                        g.counted() / d.counted,
                        num(14),
                    )?;
                }
                source = format!(
                    "{}{}, CN {}{}",
                    d.row.country,
                    if d.fell_back { " (fallback)" } else { "" },
                    d.row.cn_code,
                    if d.row.route.is_empty() {
                        String::new()
                    } else {
                        format!(", route {}", d.row.route)
                    }
                );
            }
            if let Some(e) = &g.estimate {
                w.n(r, 15, e.benchmark, num(15))?;
                w.n(r, 16, e.cbam_factor, num(16))?;
                w.f(
                    r,
                    17,
                    &format!("={}{x}*{}{x}", l(15), l(16)),
                    e.free_allocation_t,
                    num(17),
                )?;
                w.n(r, 18, e.carbon_price_eur, num(18))?;
                w.n(r, 19, section.certificate_price_eur, num(19))?;
                let paid_t = format!("IF({p}{x}>0,{c}{x}/{p}{x},0)", p = l(19), c = l(18));
                w.f(
                    r,
                    20,
                    &format!("=MAX(0,{}{x}-{}{x}-{paid_t})", l(10), l(17)),
                    e.certificates_t,
                    num(20),
                )?;
                w.f(
                    r,
                    21,
                    &format!("={}{x}*{}{x}", l(20), l(19)),
                    e.cost_eur,
                    num(21),
                )?;
            }
            w.s(r, 22, &source, Some(&f.wrap))?;
            fit_row(
                &mut w,
                r,
                &[
                    (product, COLUMNS[1].width),
                    (&category, COLUMNS[2].width),
                    (&source, COLUMNS[22].width),
                ],
            )?;
            r += 1;
        }
    }
    r += 1;
    let notes = [
        format!(
            "SEE in t CO2e per t of good, CBAM's gases at {} GWPs; indirect emissions count only outside Annex II of Regulation (EU) 2023/956. / 每吨货物的特定隐含排放，CBAM温室气体，{} GWP。",
            cbam_goods::GWP.name(),
            cbam_goods::GWP.name()
        ),
        format!(
            "Default values: Implementing Regulation (EU) 2025/2621 Annex I, marked up for the declaration year {}; benchmarks: Implementing Regulation (EU) 2025/2620. / 默认值：实施条例(EU) 2025/2621附件I（申报年 {} 加成）；基准值：实施条例(EU) 2025/2620。",
            section.declaration_year, section.declaration_year
        ),
        "Certificates and cost are an ESTIMATE (counted SEE − CBAM factor × benchmark − carbon price paid ÷ certificate price), not a regulatory figure. / 证书数与成本为估算，非监管数值。".to_string(),
    ];
    for line in notes.iter().chain(&errors) {
        w.s(r, 0, line, None)?;
        r += 1;
    }
    Ok(w.finish())
}
