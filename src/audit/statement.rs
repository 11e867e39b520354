//! The verification statement (ISO 14064-3:2019, clause 9 and its content
//! requirements) in English and Chinese: intended user, responsibilities,
//! objective, scope, criteria, assurance and materiality, the GHG statement,
//! the verification activities, the opinion and its basis, limitations, the
//! verifier and independence, place and date. Every count and total comes
//! from the project and its analysis; [`Figures`] holds them for the tests.

use super::analysis::Analysis;
use crate::calc::consolidation;
use crate::model::{
    AssuranceLevel, FindingStatus, FindingType, Opinion, Project, Role, TestResult,
};

/// One element of the statement, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Stable name (`objective`, `ghg_statement` …).
    pub key: &'static str,
    pub heading_en: &'static str,
    pub heading_zh: &'static str,
    pub en: String,
    pub zh: String,
}

/// The numbers the statement states, as the engine computed them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    pub entities: usize,
    pub entities_inside: usize,
    pub total_t: f64,
    pub total_market_t: f64,
    pub scope1_t: f64,
    pub scope2_location_t: f64,
    pub scope2_market_t: f64,
    pub scope3_t: f64,
    pub excluded_t: f64,
    pub biogenic_t: f64,
    pub threshold_t: f64,
    pub checks_run: usize,
    /// Results of high or medium severity: the ones the verifier must review.
    pub checks_to_review: usize,
    pub checks_reviewed: usize,
    pub sampled: usize,
    pub tested: usize,
    pub findings: usize,
    pub findings_closed: usize,
}

pub use super::words::{count, tonnes};

fn opinion_words(o: Opinion) -> (&'static str, &'static str) {
    match o {
        Opinion::Unmodified => ("unmodified", "无保留意见"),
        Opinion::Modified => ("modified (qualified)", "保留意见"),
        Opinion::Adverse => ("adverse", "否定意见"),
        Opinion::Disclaimer => ("disclaimer of opinion", "无法表示意见"),
    }
}

fn role_words(r: Role) -> (&'static str, &'static str) {
    match r {
        Role::Preparer => ("preparer", super::readiness::role_zh(r)),
        Role::Reviewer => ("reviewer", super::readiness::role_zh(r)),
        Role::LeadVerifier => ("lead verifier", super::readiness::role_zh(r)),
        Role::IndependentReviewer => ("independent reviewer", super::readiness::role_zh(r)),
    }
}

fn or_not_stated<'a>(s: &'a str, en: &'a str) -> &'a str {
    if s.trim().is_empty() { en } else { s }
}

/// The figures the statement states.
pub fn figures(p: &Project, a: &Analysis) -> Figures {
    let inv = &a.inventory;
    let inside = p
        .entities
        .iter()
        .filter(|e| consolidation::share(e, p.consolidation).is_ok_and(|s| s > 0.0))
        .count();
    let v = &p.verification;
    Figures {
        entities: p.entities.len(),
        entities_inside: inside,
        total_t: inv.total_t_co2e,
        total_market_t: inv.total_market_t_co2e,
        scope1_t: inv.scope1_t,
        scope2_location_t: inv.scope2_location_t,
        scope2_market_t: inv.scope2_market_t,
        scope3_t: inv.scope3_t,
        excluded_t: inv.excluded_t,
        biogenic_t: inv.biogenic_co2_t,
        threshold_t: a.materiality.threshold_t,
        checks_run: a.checks.as_ref().map_or(0, Vec::len),
        checks_to_review: a
            .checks
            .as_ref()
            .map_or(0, |c| c.iter().filter(|x| x.needs_review()).count()),
        checks_reviewed: v.check_reviews.len(),
        sampled: v
            .sample
            .as_ref()
            .map_or(0, |s| s.key_items.len() + s.sampled.len()),
        tested: v.tests.len(),
        findings: v.findings.len(),
        findings_closed: v
            .findings
            .iter()
            .filter(|f| f.status == FindingStatus::Closed)
            .count(),
    }
}

/// The statement's elements, in the order ISO 14064-3 lists them.
pub fn statement(p: &Project, a: &Analysis) -> Vec<Element> {
    let f = figures(p, a);
    let e = &p.engagement;
    let v = &p.verification;
    let park = &p.park.name;
    let park_zh = if p.park.name_zh.is_empty() {
        park.as_str()
    } else {
        p.park.name_zh.as_str()
    };
    let year = p.park.reporting_year;
    let responsible = or_not_stated(&e.responsible_party, &e.client);
    let body = or_not_stated(&e.verification_body, "the verification body (not stated)");
    let body_zh = or_not_stated(&e.verification_body, "核查机构（未填写）");
    let t = |x: f64| tonnes(x);
    let mut out = Vec::new();
    let mut push = |key, heading_en, heading_zh, en: String, zh: String| {
        out.push(Element {
            key,
            heading_en,
            heading_zh,
            en,
            zh,
        });
    };

    push(
        "intended_user",
        "Intended user",
        "预期使用者",
        format!(
            "This statement is intended for {}.",
            or_not_stated(
                &e.intended_users,
                "the client (no other intended user was stated)"
            )
        ),
        format!(
            "本声明的预期使用者为：{}。",
            or_not_stated(&e.intended_users, "委托方（未注明其他预期使用者）")
        ),
    );
    push(
        "responsibilities",
        "Responsibilities",
        "责任",
        format!(
            "{responsible} is responsible for the preparation and fair presentation of the GHG statement of {park} in accordance with the criteria below, and for the data and evidence it rests on. {body} is responsible for expressing an opinion on the GHG statement, based on the verification it performed in accordance with ISO 14064-3:2019."
        ),
        format!(
            "{responsible}负责按照下述准则编制并公允列报{park_zh}的温室气体声明，并对其所依据的数据和证据负责。{body_zh}负责依据ISO 14064-3:2019实施核查，并对温室气体声明发表意见。"
        ),
    );
    let scopes: Vec<String> = p
        .operational_boundary
        .scopes
        .iter()
        .map(|s| s.number().to_string())
        .collect();
    let categories: Vec<String> = p
        .operational_boundary
        .iso_categories
        .iter()
        .map(|c| c.number().to_string())
        .collect();
    let approach = p.consolidation.to_string();
    let approach_zh = match p.consolidation {
        crate::model::Consolidation::OperationalControl => "运营控制权法",
        crate::model::Consolidation::FinancialControl => "财务控制权法",
        crate::model::Consolidation::EquityShare => "股权比例法",
    };
    push(
        "objective_scope",
        "Objective and scope",
        "核查目的与范围",
        format!(
            "Objective: to express an opinion on whether the GHG statement of {park} for 1 January – 31 December {year} is prepared, in all material respects, in accordance with the criteria. Organisational boundary: {} of the park's {} entities are inside the boundary under the {approach} approach (the Boundary sheet lists every entity, its share and, for those outside, why). Operational boundary: scopes {}; ISO 14064-1 categories {}; {} greenhouse gases.",
            count(f.entities_inside),
            count(f.entities),
            scopes.join(", "),
            categories.join(", "),
            p.operational_boundary.gases.len()
        ),
        format!(
            "目的：就{park_zh}{year}年1月1日至12月31日的温室气体声明是否在所有重大方面按照准则编制发表意见。组织边界：按{approach_zh}，园区{}个实体中有{}个在边界内（边界工作表列出每个实体、其纳入比例及边界外实体的原因）。运营边界：范围{}；ISO 14064-1类别{}；{}种温室气体。",
            count(f.entities),
            count(f.entities_inside),
            scopes.join("、"),
            categories.join("、"),
            p.operational_boundary.gases.len()
        ),
    );
    let m = &p.methodology;
    let (grid_en, grid_zh) = match m.grid_factor {
        crate::model::GridFactorRule::NationalAverage => (
            "the national average grid factor published by MEE/NBS",
            "生态环境部、国家统计局发布的全国平均电网排放因子",
        ),
        crate::model::GridFactorRule::CarbonMarket => (
            "the grid factor MEE prescribes for carbon-market reporting",
            "生态环境部规定的碳市场报告用电网排放因子",
        ),
    };
    push(
        "criteria",
        "Criteria",
        "准则",
        format!(
            "{}; global warming potentials of IPCC {} (100-year); scope 2 reported {}, location-based with {grid_en}; emission factors frozen from the ParkAudit library {} or evidenced site-specific values, each cited on the Factors sheet.",
            m.standard,
            m.gwp_set,
            if m.scope2_dual_reporting {
                "both location-based and market-based"
            } else {
                "location-based"
            },
            crate::calc::library::LIBRARY_VERSION
        ),
        format!(
            "{}；采用IPCC {} 100年全球增温潜势；范围二{}，基于位置的结果采用{grid_zh}；排放因子取自ParkAudit因子库{}或有证据支持的场地特定值，均在因子工作表中注明出处。",
            m.standard,
            m.gwp_set,
            if m.scope2_dual_reporting {
                "同时按基于位置和基于市场两种方法报告"
            } else {
                "按基于位置的方法报告"
            },
            crate::calc::library::LIBRARY_VERSION
        ),
    );
    let (level_en, level_zh) = match e.assurance {
        AssuranceLevel::Reasonable => ("reasonable", "合理保证"),
        AssuranceLevel::Limited => ("limited", "有限保证"),
    };
    push(
        "assurance_materiality",
        "Level of assurance and materiality",
        "保证等级与实质性",
        format!(
            "Level of assurance: {level_en}. Materiality: {} % of the total emissions = {} t CO2e.",
            e.materiality_pct,
            t(f.threshold_t)
        ),
        format!(
            "保证等级：{level_zh}。实质性：排放总量的{}% = {} 吨二氧化碳当量。",
            e.materiality_pct,
            t(f.threshold_t)
        ),
    );
    let cats: Vec<(u8, f64)> = a
        .inventory
        .by_category
        .iter()
        .map(|(k, v)| (*k, *v))
        .collect();
    let cats_en: Vec<String> = cats
        .iter()
        .map(|(c, v)| format!("category {c} {} t", t(*v)))
        .collect();
    let cats_zh: Vec<String> = cats
        .iter()
        .map(|(c, v)| format!("类别{c} {} 吨", t(*v)))
        .collect();
    push(
        "ghg_statement",
        "The GHG statement",
        "温室气体声明",
        format!(
            "Total emissions {} t CO2e location-based and {} t CO2e market-based: scope 1 {} t; scope 2 {} t location-based, {} t market-based; scope 3 {} t. By ISO 14064-1 category: {}. Reported separately and not in the totals: emissions of entities outside the boundary {} t CO2e (at 100 %), biogenic CO2 {} t.",
            t(f.total_t),
            t(f.total_market_t),
            t(f.scope1_t),
            t(f.scope2_location_t),
            t(f.scope2_market_t),
            t(f.scope3_t),
            cats_en.join("; "),
            t(f.excluded_t),
            t(f.biogenic_t)
        ),
        format!(
            "排放总量：基于位置 {} 吨二氧化碳当量，基于市场 {} 吨二氧化碳当量；其中范围一 {} 吨，范围二基于位置 {} 吨、基于市场 {} 吨，范围三 {} 吨。按ISO 14064-1类别：{}。单独报告、不计入总量：边界外实体排放 {} 吨二氧化碳当量（按100%计），生物质二氧化碳 {} 吨。",
            t(f.total_t),
            t(f.total_market_t),
            t(f.scope1_t),
            t(f.scope2_location_t),
            t(f.scope2_market_t),
            t(f.scope3_t),
            cats_zh.join("；"),
            t(f.excluded_t),
            t(f.biogenic_t)
        ),
    );
    let tests_by =
        |pred: fn(&TestResult) -> bool| v.tests.iter().filter(|x| pred(&x.result)).count();
    let agreed = tests_by(|r| matches!(r, TestResult::Agreed));
    let misstated = tests_by(|r| matches!(r, TestResult::Misstated { .. }));
    let unsupported = tests_by(|r| matches!(r, TestResult::NotSupported));
    let by_kind = |k: FindingType| v.findings.iter().filter(|x| x.kind == k).count();
    let (sample_en, sample_zh) = match &v.sample {
        Some(s) => (
            format!(
                "{} items sampled ({} key items of at least {} % of the total emissions each, the rest by {} sampling, seed {}) from a population of {} t CO2e",
                count(f.sampled),
                count(s.key_items.len()),
                s.key_pct,
                super::sampling::Method::plan_words(&s.method).0,
                s.seed,
                t(s.population_t)
            ),
            format!(
                "抽取样本{}项（关键项{}项，每项不低于排放总量的{}%；其余采用{}，随机种子{}），总体为{}吨二氧化碳当量",
                count(f.sampled),
                count(s.key_items.len()),
                s.key_pct,
                super::sampling::Method::plan_words(&s.method).1,
                s.seed,
                t(s.population_t)
            ),
        ),
        None => ("no sample was drawn".to_string(), "未抽取样本".to_string()),
    };
    push(
        "activities",
        "Verification activities",
        "核查活动",
        format!(
            "Analytical review: {} check results, {} of them of high or medium severity; {} reviewed by the verifier. Sampling: {sample_en}; {} items tested against evidence — {agreed} agreed, {misstated} misstated, {unsupported} not supported. Findings: {} raised ({} misstatements, {} non-conformities, {} observations), {} closed; each with its response and conclusion on the Findings sheet.",
            count(f.checks_run),
            count(f.checks_to_review),
            count(f.checks_reviewed),
            count(f.tested),
            count(f.findings),
            by_kind(FindingType::Misstatement),
            by_kind(FindingType::NonConformity),
            by_kind(FindingType::Observation),
            count(f.findings_closed)
        ),
        format!(
            "分析性复核：检查结果{}项，其中高、中级{}项；核查人员已复核{}项。抽样：{sample_zh}；对照证据测试{}项——一致{agreed}项、有错报{misstated}项、无证据支持{unsupported}项。发现：共{}项（错报{}项、不符合项{}项、观察项{}项），已关闭{}项；各项的回复和结论见发现工作表。",
            count(f.checks_run),
            count(f.checks_to_review),
            count(f.checks_reviewed),
            count(f.tested),
            count(f.findings),
            by_kind(FindingType::Misstatement),
            by_kind(FindingType::NonConformity),
            by_kind(FindingType::Observation),
            count(f.findings_closed)
        ),
    );
    let (opinion_en, opinion_zh) = match &v.opinion {
        Some(o) => {
            let (w_en, w_zh) = opinion_words(o.chosen);
            let (c_en, c_zh) = match (o.chosen, e.assurance) {
                (Opinion::Unmodified, AssuranceLevel::Reasonable) => (
                    "In our opinion the GHG statement is prepared, in all material respects, in accordance with the criteria.",
                    "我们认为，温室气体声明在所有重大方面按照准则编制。",
                ),
                (Opinion::Unmodified, AssuranceLevel::Limited) => (
                    "Nothing has come to our attention that causes us to believe that the GHG statement is not prepared, in all material respects, in accordance with the criteria.",
                    "我们未注意到任何事项使我们认为温室气体声明未在所有重大方面按照准则编制。",
                ),
                (Opinion::Modified, _) => (
                    "Except for the effects of the matters described in the basis, the GHG statement is prepared, in all material respects, in accordance with the criteria.",
                    "除依据部分所述事项的影响外，温室气体声明在所有重大方面按照准则编制。",
                ),
                (Opinion::Adverse, _) => (
                    "Because of the significance of the matters described in the basis, the GHG statement is not prepared in accordance with the criteria.",
                    "由于依据部分所述事项的重大影响，温室气体声明未按照准则编制。",
                ),
                (Opinion::Disclaimer, _) => (
                    "Because of the significance of the matters described in the basis, we were unable to obtain sufficient appropriate evidence and do not express an opinion.",
                    "由于依据部分所述事项的重大影响，我们无法获取充分、适当的证据，因此不发表意见。",
                ),
            };
            // The basis as recorded; in Chinese too where it is still the
            // evaluation's own reason (an override is the verifier's words).
            let basis = o
                .override_reason
                .clone()
                .unwrap_or_else(|| o.reason.clone());
            let basis_zh = if o.override_reason.is_none()
                && super::evaluation::proposed_opinion(p, &a.inventory).1 == o.reason
            {
                super::evaluation::proposed_reason_zh(p, &a.inventory)
            } else {
                basis.clone()
            };
            (
                format!(
                    "Opinion ({w_en}): {c_en} Basis: {basis}. {}",
                    a.uncertainty_verdict.en
                ),
                format!(
                    "意见（{w_zh}）：{c_zh} 依据：{basis_zh}。{}",
                    a.uncertainty_verdict.zh
                ),
            )
        }
        None => (
            "No opinion has been recorded: this workbook is not a verification statement."
                .to_string(),
            "尚未记录核查意见：本工作簿不构成核查声明。".to_string(),
        ),
    };
    push("opinion", "Opinion", "核查意见", opinion_en, opinion_zh);
    push(
        "limitations",
        "Limitations and inherent uncertainty",
        "局限性与固有不确定性",
        format!(
            "The verification relied on the activity data, invoices, meter readings and other evidence the responsible party provided, tested on a sample; a sample cannot detect every misstatement. Activity data, emission factors and global warming potentials are estimates with inherent uncertainty, and the GHG statement is subject to that uncertainty, assessed by IPCC 2006 Vol. 1 ch. 3 Approaches 1 and 2 (GWPs {}): {} The opinion concerns the GHG statement for the period stated, not the future.",
            if a.uncertainty.sample_gwp {
                "drawn"
            } else {
                "held fixed"
            },
            a.uncertainty_verdict.en
        ),
        format!(
            "核查依赖于责任方提供的活动数据、发票、计量读数及其他证据，并以抽样方式测试；抽样无法发现所有错报。活动数据、排放因子和全球增温潜势为估计值，具有固有不确定性，温室气体声明亦受其影响；按IPCC 2006年指南第1卷第3章方法1和方法2评估（全球增温潜势{}）：{}本意见仅针对所述期间的温室气体声明，不涉及未来。",
            if a.uncertainty.sample_gwp {
                "参与抽样"
            } else {
                "取固定值"
            },
            a.uncertainty_verdict.zh
        ),
    );
    let mut team: Vec<(Role, String)> = Vec::new();
    for s in &a.signoffs {
        if s.valid && !team.iter().any(|(r, w)| *r == s.role && *w == s.who) {
            team.push((s.role, s.who.clone()));
        }
    }
    team.sort_by_key(|(r, _)| Role::ALL.iter().position(|x| x == r));
    let team_en: Vec<String> = team
        .iter()
        .map(|(r, w)| format!("{w} ({})", role_words(*r).0))
        .collect();
    let team_zh: Vec<String> = team
        .iter()
        .map(|(r, w)| format!("{w}（{}）", role_words(*r).1))
        .collect();
    push(
        "verifier",
        "Verifier and independence",
        "核查方与独立性",
        format!(
            "Verification body: {body}; accreditation: {}. Lead verifier: {}. Team, as signed off: {}. The verification body and the team declare that they are independent of {responsible}, that they had no part in preparing the GHG statement, and that they have no conflict of interest with it.",
            or_not_stated(&e.accreditation, "not stated"),
            or_not_stated(&e.lead_auditor, "not stated"),
            if team_en.is_empty() {
                "none yet".to_string()
            } else {
                team_en.join(", ")
            }
        ),
        format!(
            "核查机构：{body_zh}；认可资质：{}。核查组长：{}。核查组（按签署）：{}。核查机构及核查组声明独立于{responsible}，未参与温室气体声明的编制，与其不存在利益冲突。",
            or_not_stated(&e.accreditation, "未填写"),
            or_not_stated(&e.lead_auditor, "未填写"),
            if team_zh.is_empty() {
                "尚无".to_string()
            } else {
                team_zh.join("、")
            }
        ),
    );
    let date = v
        .opinion
        .as_ref()
        .map(|o| o.at.chars().take(10).collect::<String>())
        .unwrap_or_default();
    push(
        "place_date",
        "Place and date",
        "地点与日期",
        format!(
            "Issued at {}, {}.",
            or_not_stated(&e.place, "place not stated"),
            or_not_stated(&date, "no opinion recorded yet")
        ),
        format!(
            "出具于{}，{}。",
            or_not_stated(&e.place, "地点未填写"),
            or_not_stated(&date, "尚未记录意见")
        ),
    );
    out
}
