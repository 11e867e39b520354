//! Why an edit was refused: typed, naming the field and the rule, in English
//! (`Display`) and Chinese ([`EditError::zh`]).

use crate::calc::CalcErrors;
use crate::model::{Opinion, Role, Section};

/// A rule a value breaks.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A year outside 1990–2100.
    YearRange,
    /// A percentage outside (0, 100] (materiality) or [0, 100] (ownership).
    Percentage {
        zero_allowed: bool,
    },
    /// Not a finite number.
    NotFinite,
    /// Below zero.
    Negative,
    /// Empty where a value is required.
    Required,
    /// Not one of the listed values.
    OneOf(&'static str),
    /// Not an ISO 3166-1 alpha-2 country code.
    CountryCode,
    /// Not a UN/LOCODE of the installation's country.
    Unlocode,
    Latitude,
    Longitude,
    /// Not a CN code as the Combined Nomenclature writes it.
    CnCode,
    /// A CN code outside CBAM's goods.
    NotCbamGood,
    /// A CN code of another sector than the goods category's.
    OtherSector(&'static str),
    /// Attribution shares (with the part for non-CBAM goods) over 100 %.
    SharesOver100,
    /// Not an ISO 4217 currency code.
    Currency,
    /// Not a `YYYY-MM-DD` date.
    Date,
    /// Serials that are not a range with one prefix ending in a number.
    Serial,
    /// A target year not after the base year.
    AfterBaseYear,
}

impl Refusal {
    fn en(&self) -> &'static str {
        match self {
            Refusal::YearRange => "give a year between 1990 and 2100",
            Refusal::Percentage { zero_allowed: true } => "give a percentage from 0 to 100",
            Refusal::Percentage {
                zero_allowed: false,
            } => "give a percentage more than 0 and at most 100",
            Refusal::NotFinite => "give a finite number",
            Refusal::Negative => "give a number of 0 or more",
            Refusal::Required => "a value is required",
            Refusal::OneOf(list) => list,
            Refusal::CountryCode => "give the country as its two-letter ISO 3166 code, e.g. CN",
            Refusal::Unlocode => {
                "give the UN/LOCODE as five characters starting with the country code, e.g. CNTSN"
            }
            Refusal::Latitude => "give a latitude from -90 to 90 degrees",
            Refusal::Longitude => "give a longitude from -180 to 180 degrees",
            Refusal::CnCode => "give a CN code of 4, 6 or 8 digits, e.g. 7208 51 20",
            Refusal::NotCbamGood => {
                "this CN code is not a CBAM good (Regulation (EU) 2023/956 Annex I) — check the code"
            }
            Refusal::OtherSector(_) => {
                "this CN code belongs to another sector than the goods category — choose the category of the good"
            }
            Refusal::SharesOver100 => {
                "the shares and the part for other goods add up to more than 100 % — lower them"
            }
            Refusal::Currency => "give the currency as its three-letter ISO 4217 code, e.g. CNY",
            Refusal::Date => "give the date as YYYY-MM-DD, e.g. 2025-06-30",
            Refusal::Serial => {
                "give the first and last serial of the block: the same prefix ending in a number, the last not below the first"
            }
            Refusal::AfterBaseYear => "give a year after the base year",
        }
    }

    fn zh(&self) -> &'static str {
        match self {
            Refusal::YearRange => "请填写1990至2100之间的年份",
            Refusal::Percentage { zero_allowed: true } => "请填写0至100之间的百分比",
            Refusal::Percentage {
                zero_allowed: false,
            } => "请填写大于0且不超过100的百分比",
            Refusal::NotFinite => "请填写有限的数值",
            Refusal::Negative => "请填写不小于0的数值",
            Refusal::Required => "此项为必填",
            Refusal::OneOf(list) => list,
            Refusal::CountryCode => "请用两位ISO 3166国家代码填写，如 CN",
            Refusal::Unlocode => "UN/LOCODE 须为以国家代码开头的五个字符，如 CNTSN",
            Refusal::Latitude => "纬度须在 -90 至 90 度之间",
            Refusal::Longitude => "经度须在 -180 至 180 度之间",
            Refusal::CnCode => "CN编码须为4、6或8位数字，如 7208 51 20",
            Refusal::NotCbamGood => "该CN编码不属于CBAM货物（条例(EU) 2023/956附件I），请核对编码",
            Refusal::OtherSector(_) => "该CN编码属于其他行业，与货物类别不符，请选择正确的类别",
            Refusal::SharesOver100 => "各工序分配比例与非CBAM部分合计超过100%，请调低",
            Refusal::Currency => "请用三位ISO 4217货币代码填写，如 CNY",
            Refusal::Date => "请按 YYYY-MM-DD 填写日期，如 2025-06-30",
            Refusal::Serial => "请填写该批的首末序列号：前缀相同、以数字结尾，且末号不小于首号",
            Refusal::AfterBaseYear => "请填写晚于基准年的年份",
        }
    }
}

/// Why an edit was refused; the project is unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("{field} = {value}: {}", rule.en())]
    Invalid {
        /// The field's stable name, e.g. `engagement.materiality_pct`.
        field: &'static str,
        value: String,
        rule: Refusal,
    },
    #[error("{what}: already {value} — nothing to change")]
    Unchanged { what: &'static str, value: String },
    #[error("no {what} {id} in the project")]
    NotFound { what: &'static str, id: String },
    #[error("{what} {id} already exists in the project")]
    Duplicate { what: &'static str, id: String },
    #[error(
        "the GWP set {set} has no value for {} — the inventory could not be computed; choose another set or correct the factors",
        missing.join(", ")
    )]
    NoGwp { set: String, missing: Vec<String> },
    #[error(
        "factor {factor} is for activity {factor_activity}, not {activity} — choose a factor of that activity"
    )]
    FactorActivity {
        activity: String,
        factor: String,
        factor_activity: String,
    },
    #[error(
        "finding {id} cannot be closed without the verifier's conclusion — record the conclusion first"
    )]
    CloseWithoutConclusion { id: String },
    #[error(
        "the saved sample already has {tests} test result(s) — replacing it sets them aside; confirm the replacement"
    )]
    SampleHasTests { tests: usize },
    #[error("no sample is saved yet — draw and save one first")]
    NoSample,
    #[error(
        "the saved sample cannot be extended: {why} since it was drawn — draw and save a new sample (its test results are set aside)"
    )]
    SampleOutdated { why: String },
    #[error("the frozen values already match library {library} — nothing to keep")]
    NothingToKeep { library: String },
    #[error("record {id} is not in the saved sample")]
    NotInSample { id: String },
    #[error(
        "{count} sampled item(s) have no test result yet (e.g. {first}) — test them before the opinion"
    )]
    UntestedItems { count: usize, first: String },
    #[error("an override of the proposed opinion needs a reason")]
    OverrideWithoutReason,
    #[error("{} is the proposed opinion — confirm it instead of overriding", opinion.label())]
    OverrideIsProposal { opinion: Opinion },
    #[error("{} is already signed off by the {}", section.label(), role.label())]
    AlreadySignedOff { section: Section, role: Role },
    #[error(
        "{} needs the {}'s sign-off (valid, after the last edit) before the {}'s",
        section.label(), missing.label(), role.label()
    )]
    EarlierRole {
        section: Section,
        role: Role,
        missing: Role,
    },
    #[error("the {} must sign off {} before {}", role.label(), missing.label(), section.label())]
    EarlierSection {
        section: Section,
        role: Role,
        missing: Section,
    },
    #[error(
        "{who} already signed off {} as the {}; another person must sign as the {}",
        section.label(), other.label(), role.label()
    )]
    SeparationOfDuties {
        who: String,
        section: Section,
        role: Role,
        other: Role,
    },
    #[error(
        "this workbook (SHA-256 {sha256}) was already imported as import {id} — importing it again would count its activity twice"
    )]
    AlreadyImported { sha256: String, id: u32 },
    #[error("the import does not fit the project any more ({why}) — validate the workbook again")]
    StaleImport { why: String },
    #[error("the factor update does not fit the project any more ({why}) — compare again")]
    StaleUpdate { why: String },
    #[error("the inventory cannot be computed")]
    Inventory(#[source] CalcErrors),
    #[error(
        "credit block {id}: its serials count {serials} credits but its quantity is {quantity} t — correct the serials or the quantity"
    )]
    CreditCount {
        id: String,
        serials: f64,
        quantity: f64,
    },
    #[error(
        "credit block {id}: its serials overlap block {other} (retired for {claim_year}) — a credit can be retired only once"
    )]
    SerialOverlap {
        id: String,
        other: String,
        claim_year: i32,
    },
    #[error(
        "credit block {id}: retired on {retired_on}, after {by} — credits count for a claim only when retired within 12 months after its period (ISO 14068-1)"
    )]
    RetiredLate {
        id: String,
        retired_on: String,
        by: String,
    },
    #[error(
        "an achieved carbon-neutrality claim for {year} needs credits for the residual {residual_t:.3} t CO2e, but {credits_t:.3} t are retired for it — retire more credits, or make it a commitment"
    )]
    ClaimNotCovered {
        residual_t: f64,
        credits_t: f64,
        year: i32,
    },
}

/// A field's stable name (`engagement.materiality_pct`) as the Chinese app
/// names it; an unknown name is shown as it is.
pub fn field_zh(field: &str) -> &str {
    match field {
        "park.name" => "园区名称",
        "park.name_zh" => "园区中文名称",
        "park.province" => "省份",
        "park.reporting_year" => "报告年份",
        "park.base_year" => "基准年",
        "engagement.client" => "委托方",
        "engagement.verification_body" => "核查机构",
        "engagement.lead_auditor" => "核查组长",
        "engagement.responsible_party" => "责任方",
        "engagement.intended_users" => "预期使用者",
        "engagement.accreditation" => "认可资质",
        "engagement.place" => "出具地点",
        "engagement.assurance" => "保证等级",
        "engagement.materiality_pct" => "实质性（占总量%）",
        "entity.ownership_pct" => "持股比例",
        "entity.operational_control" => "运营控制",
        "entity.financial_control" => "财务控制",
        "entity.included" => "纳入",
        "entity.justification" => "理由",
        "instrument.id" => "合同工具编号",
        "instrument.kind" => "合同工具类型",
        "instrument.quantity_mwh" => "合同工具电量（MWh）",
        "instrument.vintage" => "合同工具年份",
        "methodology.default_factor" | "methodology.default_factors" => "默认因子规则",
        "methodology.kept_library" => "保留冻结值",
        "sample.key_pct" => "关键项目阈值（%）",
        "sample.size" => "样本量",
        "test.record" => "测试记录",
        "test.verified_quantity" => "核实数量",
        "finding.title" => "发现标题",
        "finding.impact_t" => "影响（t CO₂e）",
        "check.key" => "检查结果",
        "cbam.name_en" => "装置英文名称",
        "cbam.country" => "国家",
        "cbam.unlocode" => "UN/LOCODE",
        "cbam.latitude" => "纬度",
        "cbam.longitude" => "经度",
        "cbam.process.id" => "工序编号",
        "cbam.process.name" => "工序名称",
        "cbam.process.cn_code" => "工序CN编码",
        "cbam.process.activity_level_t" => "活动水平",
        "cbam.process.default_values_reason" => "采用默认值的理由",
        "cbam.process.consumed_t" => "前体消耗量",
        "cbam.process.flows" => "热力/废气/电力流量",
        "cbam.process.qualifying_pct" | "cbam.process.qualifying" => "限定参数",
        "cbam.attribution.activity" => "分配的活动",
        "cbam.attribution.share_pct" => "分配比例",
        "cbam.attribution.not_cbam_pct" => "非CBAM货物比例",
        "cbam.purchased.name" => "外购前体名称",
        "cbam.purchased.cn_code" => "外购前体CN编码",
        "cbam.purchased.country" => "外购前体原产国",
        "cbam.purchased.see" => "外购前体SEE",
        "cbam.purchased.electricity_mwh_per_t" => "外购前体单位耗电",
        "cbam.carbon_price.instrument" => "碳定价工具",
        "cbam.carbon_price.share_pct" => "碳价覆盖比例",
        "cbam.carbon_price.rebate_pct" => "返还比例",
        "cbam.carbon_price.price" => "碳价",
        "cbam.carbon_price.currency" => "货币",
        "cbam.carbon_price.eur_per_unit" => "汇率",
        "cbam.declaration_year" => "申报年份",
        "credit.id" => "碳信用批次编号",
        "credit.programme" => "碳信用机制",
        "credit.project" => "碳信用项目",
        "credit.vintage" => "碳信用年份",
        "credit.claim_year" => "声明年份",
        "credit.quantity_t" => "碳信用数量",
        "credit.retired_on" => "注销日期",
        "credit.serial" => "序列号",
        "claims.base_year_threshold_pct" => "基准年重算阈值",
        "indicator.part" | "indicator.whole" => "指标数值",
        "indicator.evidence" => "指标证据",
        "claim.subject" => "声明主体",
        "claim.management_plan" => "碳中和管理计划",
        "claim.removals_t" => "清除量",
        "claim.entities" => "声明边界内的实体",
        "claim.target_year" => "目标年份",
        "history.year" => "历史清单年份",
        "history.total_t" => "历史清单总量",
        "history.source" => "历史清单来源",
        "measure.name" => "减排措施名称",
        "measure.start_year" => "措施起始年份",
        "measure.reduction_t_per_year" => "年减排量",
        "measure.cost_cny_per_t" => "单位减排成本",
        "target.year" => "目标年份",
        "target.reduction_pct" => "减排比例",
        "cbam.certificate_price_eur" => "证书价格（EUR）",
        other => other,
    }
}

impl EditError {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            EditError::Invalid { field, value, rule } => {
                format!("{} = {value}：{}", field_zh(field), rule.zh())
            }
            EditError::Unchanged { what, value } => format!("{what} 已是 {value}，无需更改"),
            EditError::NotFound { what, id } => format!("项目中没有{what} {id}"),
            EditError::Duplicate { what, id } => format!("项目中已有{what} {id}"),
            EditError::NoGwp { set, missing } => format!(
                "GWP {set} 没有 {} 的数值，无法计算清单；请选择其他GWP版本或更正排放因子",
                missing.join("、")
            ),
            EditError::FactorActivity {
                activity,
                factor,
                factor_activity,
            } => format!(
                "因子 {factor} 适用于活动 {factor_activity}，而非 {activity}；请选择该活动的因子"
            ),
            EditError::CloseWithoutConclusion { id } => {
                format!("发现 {id} 尚无核查结论，不能关闭；请先填写结论")
            }
            EditError::SampleHasTests { tests } => {
                format!("已保存的样本已有 {tests} 条测试结果；替换将搁置这些结果，请确认替换")
            }
            EditError::NoSample => "尚未保存样本；请先抽样并保存".into(),
            EditError::SampleOutdated { why } => {
                format!("已保存的样本无法扩大：抽样后{why}；请重新抽样并保存（原测试结果将被搁置）")
            }
            EditError::NothingToKeep { library } => {
                format!("冻结值已与因子库 {library} 一致，无需保留")
            }
            EditError::NotInSample { id } => format!("记录 {id} 不在已保存的样本中"),
            EditError::UntestedItems { count, first } => {
                format!("{count} 个样本项尚无测试结果（如 {first}）；请先完成测试再出具意见")
            }
            EditError::OverrideWithoutReason => "更改建议意见须说明理由".into(),
            EditError::OverrideIsProposal { opinion } => {
                format!("{} 即为建议意见；请直接确认", opinion.label())
            }
            EditError::AlreadySignedOff { section, role } => {
                format!("{} 已由 {} 签核", section.label(), role.label())
            }
            EditError::EarlierRole {
                section,
                role,
                missing,
            } => format!(
                "{} 须先由 {} 有效签核，{} 才能签核",
                section.label(),
                missing.label(),
                role.label()
            ),
            EditError::EarlierSection {
                section,
                role,
                missing,
            } => format!(
                "{} 须先签核 {}，才能签核 {}",
                role.label(),
                missing.label(),
                section.label()
            ),
            EditError::SeparationOfDuties {
                who,
                section,
                role,
                other,
            } => format!(
                "{who} 已以 {} 身份签核 {}；{} 须由另一人签核",
                other.label(),
                section.label(),
                role.label()
            ),
            EditError::AlreadyImported { sha256, id } => format!(
                "该工作簿（SHA-256 {sha256}）已作为第 {id} 次导入；再次导入会重复计算其活动数据"
            ),
            EditError::StaleImport { why } => {
                format!("导入内容与项目已不一致（{why}）；请重新校验工作簿")
            }
            EditError::StaleUpdate { why } => {
                format!("因子更新与项目已不一致（{why}）；请重新比较")
            }
            EditError::Inventory(e) => format!("无法计算清单：{e}"),
            EditError::CreditCount {
                id,
                serials,
                quantity,
            } => format!(
                "碳信用批次 {id}：序列号共 {serials} 个，而数量为 {quantity} t——请更正序列号或数量"
            ),
            EditError::SerialOverlap {
                id,
                other,
                claim_year,
            } => format!(
                "碳信用批次 {id}：序列号与批次 {other}（已为 {claim_year} 年注销）重叠——同一信用只能注销一次"
            ),
            EditError::RetiredLate { id, retired_on, by } => format!(
                "碳信用批次 {id}：注销日期 {retired_on} 晚于 {by}——信用须在声明期结束后12个月内注销才计入（ISO 14068-1）"
            ),
            EditError::ClaimNotCovered {
                residual_t,
                credits_t,
                year,
            } => format!(
                "{year} 年“已实现”碳中和声明须以碳信用抵消剩余排放 {residual_t:.3} t CO2e，但仅注销了 {credits_t:.3} t——请注销更多信用，或改为承诺声明"
            ),
        }
    }

    /// The message in the user's language.
    pub fn message(&self, zh: bool) -> String {
        if zh { self.zh() } else { self.to_string() }
    }
}

/// A refusal of `value` in `field` by `rule`.
pub(super) fn invalid(field: &'static str, value: impl ToString, rule: Refusal) -> EditError {
    EditError::Invalid {
        field,
        value: value.to_string(),
        rule,
    }
}

/// A finite number of 0 or more.
pub(super) fn non_negative(field: &'static str, v: f64) -> Result<(), EditError> {
    if !v.is_finite() {
        return Err(invalid(field, v, Refusal::NotFinite));
    }
    if v < 0.0 {
        return Err(invalid(field, v, Refusal::Negative));
    }
    Ok(())
}

/// A text that is not blank.
pub(super) fn required(field: &'static str, v: &str) -> Result<(), EditError> {
    if v.trim().is_empty() {
        return Err(invalid(field, "", Refusal::Required));
    }
    Ok(())
}
