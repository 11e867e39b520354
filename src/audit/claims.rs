//! The carbon-neutrality claim in words, in English and Chinese: what the
//! workbook's Claims sheet and the app state, including what the claim does
//! not mean (ISO 14068-1:2023 covers organisations and products, not
//! territories).

use super::words::{significant, tonnes};
use crate::calc::claims::Balance;
use crate::model::claims::{Assurance, ClaimKind, NeutralityClaim};

fn assurance(a: Assurance) -> (&'static str, &'static str) {
    match a {
        Assurance::ThirdPartyVerified => ("third-party verified", "经第三方核查"),
        Assurance::OtherPartyValidated => ("validated by another party", "经其他方确认"),
        Assurance::SelfDeclared => ("self-declared", "自我声明"),
    }
}

/// The claim statement (English, Chinese) for the reporting `year`;
/// `base` is the base year and its footprint for the boundary, where known.
pub fn statement(
    c: &NeutralityClaim,
    b: &Balance,
    year: i32,
    base: (i32, Option<f64>),
) -> (String, String) {
    let (base_year, base_t) = base;
    let (red_en, red_zh) = match base_t {
        Some(t) if t > 0.0 => {
            let cut = t - b.footprint_t;
            (
                format!(
                    "reductions against the base year {base_year}: {} t ({} %)",
                    tonnes(cut),
                    significant(cut / t * 100.0, 3)
                ),
                format!(
                    "较基准年 {base_year} 减排 {} t（{} %）",
                    tonnes(cut),
                    significant(cut / t * 100.0, 3)
                ),
            )
        }
        _ => (
            format!(
                "reductions against the base year {base_year}: not computed (no base-year records)"
            ),
            format!("较基准年 {base_year} 的减排量：未计算（无基准年记录）"),
        ),
    };
    let (a_en, a_zh) = assurance(c.assurance);
    let credits = b.credits_avoidance_t + b.credits_removal_t;
    let boundary = c.entities.join(", ");
    let (what_en, what_zh) = match c.kind {
        ClaimKind::Achieved => (
            format!("declares carbon neutrality achieved for {year}"),
            format!("声明已于 {year} 年实现碳中和"),
        ),
        ClaimKind::Commitment => (
            format!(
                "commits to carbon neutrality by {}",
                c.target_year.map_or(String::from("—"), |y| y.to_string())
            ),
            format!(
                "承诺于 {} 年前实现碳中和",
                c.target_year.map_or(String::from("—"), |y| y.to_string())
            ),
        ),
    };
    let covered = b.surplus_t >= 0.0;
    let en = format!(
        "{subject} {what_en} under ISO 14068-1:2023 for its boundary ({boundary}): footprint {fp} t CO2e (ISO 14064-1, location-based), {red_en}, removals {rm} t, residual {res} t, against which {cr} t of retired credits are counted ({av} t avoidance, {rv} t removal){cover}. Carbon-neutrality management plan: {plan}. The claim is {a_en}. ISO 14068-1 applies to organisations and products, not territories: this is the claim of the organisation named for its boundary, not a claim that the park as a territory is carbon neutral.",
        subject = c.subject,
        fp = tonnes(b.footprint_t),
        rm = tonnes(b.removals_t),
        res = tonnes(b.residual_t),
        cr = tonnes(credits),
        av = tonnes(b.credits_avoidance_t),
        rv = tonnes(b.credits_removal_t),
        cover = if covered {
            String::new()
        } else {
            format!(
                " — {} t short of the residual",
                significant(-b.surplus_t, 6)
            )
        },
        plan = c.management_plan,
    );
    let zh = format!(
        "{subject}依据 ISO 14068-1:2023 就其边界（{boundary}）{what_zh}：碳足迹 {fp} t CO2e（ISO 14064-1，基于位置），{red_zh}，清除量 {rm} t，剩余排放 {res} t，以已注销的碳信用 {cr} t 抵消（避免类 {av} t，清除类 {rv} t）{cover}。碳中和管理计划：{plan}。本声明{a_zh}。ISO 14068-1 适用于组织和产品，而非地域：此为所列组织就其边界作出的声明，并非声明园区作为地域已实现碳中和。",
        subject = c.subject,
        fp = tonnes(b.footprint_t),
        rm = tonnes(b.removals_t),
        res = tonnes(b.residual_t),
        cr = tonnes(credits),
        av = tonnes(b.credits_avoidance_t),
        rv = tonnes(b.credits_removal_t),
        cover = if covered {
            String::new()
        } else {
            format!("——尚差 {} t", significant(-b.surplus_t, 6))
        },
        plan = c.management_plan,
    );
    (en, zh)
}
