//! Every UI string, in English and Simplified Chinese. A string is looked up
//! by its English text; the test below checks that every entry has both
//! languages and that every `tr("…")` in the UI code has an entry.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The code the methodology guidance uses (`en`, `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

fn table() -> &'static HashMap<&'static str, &'static str> {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| TABLE.iter().copied().collect())
}

/// The text of `en` in `lang`; a string missing from the table shows in English
/// (the test makes that a failure, not a user-visible gap).
pub fn tr(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => table().get(en).copied().unwrap_or(en),
    }
}

/// Marks a string for the table where it is not translated on the spot (a
/// column header in an array, a label passed on); `tr` translates it where shown.
pub const fn n_(s: &'static str) -> &'static str {
    s
}

/// English → 简体中文.
pub const TABLE: &[(&str, &str)] = &[
    ("factor", "排放因子"),
    ("normal", "正态"),
    ("lognormal", "对数正态"),
    ("uniform", "均匀"),
    ("triangular", "三角"),
    ("Uncertainty", "不确定性"),
    (
        "Approach 1 assumes small, symmetric uncertainties; an input that matters is skewed or wide, so the Monte Carlo interval is the one to read.",
        "方法1假定不确定性较小且对称；由于有重要输入呈偏态或范围较宽，应以蒙特卡罗区间为准。",
    ),
    (
        "Monte Carlo: the total's distribution",
        "蒙特卡罗模拟：总量分布",
    ),
    ("Data quality", "数据质量"),
    (
        "Pedigree score, weighted by emissions:",
        "按排放量加权的谱系评分：",
    ),
    ("sources scored:", "已评分来源："),
    (
        "No source has pedigree scores yet.",
        "尚无来源给出谱系评分。",
    ),
    (
        "Factors without a stated range (the default applies):",
        "未给出不确定性范围的排放因子（采用默认值）：",
    ),
    ("Iterations", "模拟次数"),
    ("reported", "报告值"),
    ("iterations", "模拟次数"),
    ("seed", "随机种子"),
    (
        "Draw the GWPs too (IPCC AR5 ranges)",
        "同时对全球增温潜势抽样（IPCC AR5范围）",
    ),
    ("activity data", "活动数据"),
    ("library range", "因子库范围"),
    ("project range", "项目给定范围"),
    ("default range", "默认范围"),
    ("Input", "输入"),
    ("Share of the variance", "方差占比"),
    ("t CO₂e it scales", "关联排放量（吨）"),
    ("Range (95 %)", "范围（95%）"),
    ("Data type", "数据类型"),
    (
        "more inputs: the CLI (parkaudit uncertainty) and the workbook's Uncertainty sheet list them all.",
        "项其他输入：命令行（parkaudit uncertainty）和工作簿的不确定性工作表列出全部输入。",
    ),
    ("Contribution to the variance", "方差贡献"),
    (
        "✔ The planned measures meet every target of the park.",
        "✔ 计划措施可实现园区的全部目标。",
    ),
    (
        "The planned measures fall short of the park's target in",
        "计划措施未能实现园区目标，年份",
    ),
    ("Tested", "核查测试"),
    ("not tested", "未测试"),
    (
        " — beyond the threshold: recalculate the base year",
        "——超出阈值：应重算基准年",
    ),
    ("2 °C lower", "2°C 下限"),
    ("2 °C upper", "2°C 上限"),
    ("Actual", "实际"),
    ("Add a credit block", "添加碳信用批次"),
    ("Avoidance", "避免类"),
    ("Block id", "批次编号"),
    ("CO₂ counted", "计入的二氧化碳"),
    ("CO₂ per tce", "单位能耗碳排放"),
    (
        "Carbon-neutrality claim (ISO 14068-1:2023)",
        "碳中和声明（ISO 14068-1:2023）",
    ),
    (
        "Certificate-backed green electricity counts at zero",
        "有绿证支持的绿电按零排放计",
    ),
    ("Claim year", "声明年份"),
    ("Claims & pathway", "声明与路径"),
    ("Credits register", "碳信用登记"),
    (
        "Credits short of the residual:",
        "碳信用不足以抵消剩余排放，差额：",
    ),
    ("Energy consumption", "综合能源消费量"),
    ("First serial", "首个序列号"),
    ("Gap", "差距"),
    (
        "Give the vintage and the quantity as numbers.",
        "请以数字填写年份和数量。",
    ),
    ("Guiding indicators", "引导性指标"),
    ("Indicator", "指标"),
    ("Kind", "类型"),
    ("Last serial", "末个序列号"),
    (
        "Marginal abatement cost curve (CNY per t CO₂e, width: t CO₂e a year)",
        "边际减排成本曲线（元/t CO₂e，宽度：每年减排 t CO₂e）",
    ),
    ("Measures", "减排措施"),
    ("National 30/60", "国家双碳目标"),
    ("No claim recorded.", "尚未记录声明。"),
    ("No credits retired yet.", "尚未注销碳信用。"),
    (
        "None entered yet: enter them with their evidence (`parkaudit claims apply`).",
        "尚未填写：请连同证据录入（`parkaudit claims apply`）。",
    ),
    ("Park target", "园区目标"),
    ("Planned", "计划"),
    (
        "Planned minus the park's target (t CO₂e)",
        "计划排放减园区目标（t CO₂e）",
    ),
    ("Process CO₂ counts as well", "同时计入工业过程二氧化碳"),
    ("Programme", "机制"),
    ("Project", "项目"),
    ("Quantity (t)", "数量（t）"),
    ("Record the block for", "记录该批次，声明年份"),
    ("Registry", "登记簿"),
    ("Removal", "清除类"),
    ("Retired on (YYYY-MM-DD)", "注销日期（YYYY-MM-DD）"),
    ("Retirement evidence", "注销证明"),
    (
        "See whether the park meets the zero-carbon-park indicators, the operator's carbon-neutrality claim with its retired credits, and the pathway to 2030 and 2060.",
        "查看园区是否达到零碳园区指标、运营方以已注销碳信用支撑的碳中和声明，以及通往2030年和2060年的路径。",
    ),
    ("Serials", "序列号"),
    ("Threshold", "阈值"),
    (
        "Trajectory against the targets (t CO₂e)",
        "排放路径与目标（t CO₂e）",
    ),
    ("Vintage", "年份"),
    (
        "What the park can claim from its verified inventory: the national zero-carbon-park indicators, an ISO 14068-1 carbon-neutrality claim of the park operator with its retired credits, and the pathway to the 2030 and 2060 goals.",
        "园区可依据经核查的清单作出的声明：国家零碳园区指标、园区运营方以已注销碳信用支撑的 ISO 14068-1 碳中和声明，以及通往2030年和2060年目标的路径。",
    ),
    (
        "Zero-carbon park: CO₂ per unit of energy consumption (发改环资〔2025〕910号)",
        "零碳园区：单位能耗碳排放（发改环资〔2025〕910号）",
    ),
    (
        "none: the notice sets none under 200,000 tce",
        "无：通知未对年能耗20万tce以下园区设定阈值",
    ),
    ("not assessed", "未评估"),
    ("of green electricity", "绿电"),
    ("or", "或"),
    ("recomputed today", "按现行方法重算"),
    ("recorded", "记录值"),
    ("✔ meets it", "✔ 达标"),
    ("⚠ short", "⚠ 未达标"),
    ("CBAM goods", "CBAM货物"),
    (
        "The specific embedded emissions (SEE) of the park's goods under the EU Carbon Border Adjustment Mechanism, per installation and good, from the records attributed to each production process, beside China's default value.",
        "欧盟碳边境调节机制（CBAM）下园区货物的特定隐含排放（SEE）：按装置和货物，由分配给各生产工序的记录计算，并与中国默认值对照。",
    ),
    (
        "This project has no CBAM installations. Describe an installation as in the project file's cbam section and add it with `parkaudit cbam set PROJECT FILE`; the sample park has six.",
        "本项目没有CBAM装置。请按项目文件cbam部分的格式描述装置，并用 `parkaudit cbam set PROJECT FILE` 添加；示例园区有六个。",
    ),
    ("No installations yet.", "尚无装置。"),
    ("Installation", "装置"),
    ("Export the communication workbook…", "导出排放通报工作簿…"),
    (
        "Opens Export & sign with this installation's CBAM communication chosen.",
        "打开“导出与签名”，并选中本装置的CBAM排放通报。",
    ),
    ("Goods", "货物"),
    ("Good", "货物"),
    ("Product", "产品"),
    ("CN code", "CN编码"),
    ("Activity level", "活动水平"),
    ("Direct (t CO₂e)", "直接排放（t CO₂e）"),
    ("Indirect (t CO₂e)", "间接排放（t CO₂e）"),
    ("SEE direct", "SEE 直接"),
    ("SEE indirect", "SEE 间接"),
    ("SEE counted", "SEE 计入值"),
    ("China default", "中国默认值"),
    ("× default", "与默认值之比"),
    ("From defaults", "来自默认值"),
    ("Certificates per t (estimate)", "每吨证书（估算）"),
    (
        "Direct and indirect (outside Annex II)",
        "直接与间接（不在附件II之列）",
    ),
    (
        "Direct only (Annex II: indirect emissions do not count)",
        "仅直接排放（附件II：间接排放不计入）",
    ),
    ("marked up:", "加成后："),
    ("Explain", "说明"),
    ("How the SEE of", "SEE 的计算过程："),
    (
        "Declaration year (default values' mark-up)",
        "申报年份（默认值加成）",
    ),
    (
        "Certificate price (EUR), for the estimate",
        "证书价格（EUR，用于估算）",
    ),
    ("UN/LOCODE", "UN/LOCODE"),
    ("Main emission source", "主要排放源坐标"),
    ("Economic activity", "经济活动"),
    ("Electricity factor", "电力排放因子"),
    (
        "SEE beside China's default value (t CO₂e per t)",
        "SEE 与中国默认值对照（t CO₂e/t）",
    ),
    ("Attributed records", "已分配的记录"),
    ("Source stream", "排放源流"),
    ("Shares", "分配比例"),
    ("Not for CBAM goods", "非CBAM货物"),
    (
        "records of the installation are attributed to no process.",
        "条装置记录未分配给任何工序。",
    ),
    ("Purchased precursors", "外购前体"),
    ("Precursor", "前体"),
    ("Origin", "原产国"),
    ("unknown", "不明"),
    ("Supplier's actual values", "供应商实际值"),
    ("Default value", "默认值"),
    ("What to export", "导出内容"),
    ("The audit workbook", "核查工作簿"),
    ("CBAM communication of", "CBAM排放通报："),
    (
        "See each CBAM good's specific embedded emissions beside China's default value, the chain behind it, and export the installation's communication workbook.",
        "查看每种CBAM货物的特定隐含排放及其与中国默认值的对照和计算链，并导出装置的排放通报工作簿。",
    ),
    ("Or keep the frozen values, because", "或保留冻结值，理由是"),
    (
        "e.g. they are the values in force for the reporting year",
        "例如：这是报告年度适用的数值",
    ),
    ("Keep the frozen values", "保留冻结值"),
    (
        "Frozen values kept against library",
        "已针对因子库保留冻结值",
    ),
    (
        "The project changed since this draw — draw the sample again.",
        "抽样后项目已更改，请重新抽样。",
    ),
    ("(not saved)", "（未保存）"),
    ("Acting as", "当前身份："),
    ("Adverse", "否定意见"),
    (
        "Another change is still being recorded — try again in a moment",
        "另一项更改仍在记录中，请稍后再试",
    ),
    ("Auditor profile", "核查员信息"),
    ("Auditor profile…", "核查员信息…"),
    ("Change profile…", "更改身份…"),
    ("Closed", "已关闭"),
    ("Data", "数据"),
    ("Disclaimer", "无法表示意见"),
    ("Extend", "扩大"),
    ("Extend the sample by", "将样本扩大"),
    (
        "Give your name: it is recorded with every change you make.",
        "请填写姓名：您所做的每项更改都会记录姓名。",
    ),
    ("High", "高"),
    (
        "How it was explained, or the finding it led to",
        "如何解释，或由此提出的发现",
    ),
    ("Independent reviewer", "独立评审人"),
    ("Info", "提示"),
    ("Lead verifier", "核查组长"),
    ("Low", "低"),
    ("Medium", "中"),
    ("Methodology", "方法学"),
    ("Modified", "保留意见"),
    (
        "One record, or several comma-separated: each gets the same result",
        "一条记录，或以逗号分隔的多条记录：每条记录得到相同结果",
    ),
    ("Open", "未回复"),
    (
        "ParkAudit records who makes each change — in the audit trail, findings, tests and sign-offs. Tell it who you are; you can change it later under Edit › Auditor profile…",
        "ParkAudit 会在审计轨迹、发现、测试和签核中记录每项更改由谁完成。请填写您的身份；之后可在“编辑 › 核查员信息…”中更改。",
    ),
    ("Preparer", "编制人"),
    ("Raised", "已提出"),
    ("Record the review", "记录审阅结论"),
    ("Record(s)", "记录"),
    ("Recording the change", "正在记录更改"),
    ("Responded", "已回复"),
    ("Review", "审阅"),
    ("Review of the selected results", "所选结果的审阅结论"),
    ("Reviewer", "复核人"),
    ("Role", "职责"),
    ("Save profile", "保存"),
    ("Select", "选择"),
    ("The checks have not been run.", "尚未运行检查。"),
    (
        "The inventory could not be computed: an internal error stopped it. Your project is unchanged; please report it.",
        "无法计算清单：内部错误中断了计算。项目未被更改；请报告此问题。",
    ),
    (
        "The project changed — the checks are being run again.",
        "项目已更改，正在重新运行检查。",
    ),
    ("The verification is not complete", "核查尚未完成"),
    ("Unmodified", "无保留意见"),
    ("Your name", "姓名"),
    ("e.g. Lead verifier", "例如：核查组长"),
    ("not reviewed", "未审阅"),
    ("verified", "核实值"),
    (
        "✔ Nothing is missing or open: the verification is complete.",
        "✔ 没有缺失或未完成事项：核查已完成。",
    ),
    ("Redo", "重做"),
    ("New project…", "新建项目…"),
    ("Open…", "打开…"),
    ("Save", "保存"),
    ("Save as…", "另存为…"),
    ("Import Excel…", "导入Excel…"),
    ("Export workbook…", "导出工作簿…"),
    ("Close project", "关闭项目"),
    ("Quit", "退出"),
    ("Undo", "撤销"),
    ("Command palette…", "命令面板…"),
    ("English", "English"),
    ("简体中文", "简体中文"),
    ("Light / dark theme", "浅色/深色主题"),
    ("Zoom in", "放大"),
    ("Zoom out", "缩小"),
    ("Reset zoom", "重置缩放"),
    ("Methodology references", "方法学参考"),
    ("About ParkAudit", "关于 ParkAudit"),
    ("Project & engagement", "项目与委托"),
    ("Organisational boundary", "组织边界"),
    ("Operational boundary & methodology", "运营边界与方法学"),
    ("Data import", "数据导入"),
    ("Emission factors", "排放因子"),
    ("Inventory", "排放清单"),
    ("Verification", "核查"),
    ("Export & sign", "导出与签名"),
    ("Compare methodologies", "方法学比较"),
    (
        "not a project (.ron) or a workbook (.xlsx, .xls, .ods)",
        "不是项目文件（.ron）或工作簿（.xlsx、.xls、.ods）",
    ),
    ("Saved", "已保存"),
    ("Autosave failed", "自动保存失败"),
    (
        "The project changed meanwhile — nothing was recorded; try again",
        "项目在此期间已更改——未记录任何内容，请重试",
    ),
    ("Saved as", "已保存为"),
    ("Computing the inventory", "正在计算排放清单"),
    ("Opening", "正在打开"),
    ("Opened read-only:", "已只读打开："),
    (
        "save it under another name with Save as.",
        "请用“另存为”以其他名称保存。",
    ),
    (
        "A new project was started for the workbook; check the reporting year in step 1",
        "已为该工作簿新建项目；请在第1步核对报告年份",
    ),
    ("Nothing to undo", "没有可撤销的操作"),
    ("Nothing to redo", "没有可重做的操作"),
    ("A save is already running", "正在保存中"),
    ("Saving", "正在保存"),
    ("Consolidation approach", "合并方法"),
    ("Operational control", "运营控制权"),
    ("Financial control", "财务控制权"),
    ("Equity share", "股权比例"),
    ("Total", "合计"),
    ("last change", "上次更改"),
    ("The total cannot be computed yet.", "目前无法计算合计。"),
    ("Excluded without justification", "排除但未说明理由"),
    ("Filter", "筛选"),
    ("Sort by", "排序"),
    ("ID", "编号"),
    ("Name", "名称"),
    ("Sector", "行业"),
    ("Ownership %", "持股比例 %"),
    ("t CO₂e", "吨二氧化碳当量"),
    ("Op. control", "运营控制"),
    ("Fin. control", "财务控制"),
    ("Included", "纳入"),
    ("Justification", "理由"),
    (
        "Share held by the reporting organisation (equity share)",
        "报告组织持有的股份（股权比例法）",
    ),
    ("justification required", "需填写理由"),
    ("Scope 1", "范围一"),
    ("Scope 2 (location)", "范围二（基于位置）"),
    ("Scope 2 (market)", "范围二（基于市场）"),
    ("Scope 3", "范围三"),
    ("By scope", "按范围"),
    ("Monthly trend", "月度趋势"),
    ("By gas", "按气体"),
    ("By sector", "按行业"),
    (
        "Completeness, anomalies, base year, duplicates, units, factors, Benford, scope 2 instruments.",
        "完整性、异常值、基准年、重复、单位、因子、本福特定律、范围二合同工具。",
    ),
    ("high", "高"),
    ("medium", "中"),
    ("low", "低"),
    ("info", "提示"),
    ("Severity", "严重程度"),
    ("Check", "检查项"),
    ("Entity", "企业"),
    ("Period", "期间"),
    ("Finding", "发现"),
    (
        "The same data under a second choice, side by side. Nothing in the project changes.",
        "同一数据在另一种方法学选择下的结果并列显示，项目本身不会改变。",
    ),
    ("GWP set", "GWP取值"),
    ("same", "相同"),
    (
        "National grid factor, data year",
        "全国电网排放因子数据年份",
    ),
    ("A: as in the records", "A：按记录"),
    ("Presets:", "预设："),
    ("Other GWP set", "另一种GWP取值"),
    ("Other consolidation approach", "另一种合并方法"),
    ("Other grid-factor year", "另一电网因子年份"),
    ("Compare", "比较"),
    ("Comparing", "正在比较"),
    (
        "The project changed since the comparison — compare again.",
        "比较后项目已更改——请重新比较。",
    ),
    (
        "electricity records take the chosen grid factor in B",
        "条电力记录在B中采用所选电网因子",
    ),
    ("Total (location-based)", "合计（基于位置）"),
    ("Total (market-based)", "合计（基于市场）"),
    ("Excluded (at 100 %)", "排除量（按100%）"),
    ("Biogenic CO₂ (outside scopes)", "生物质CO₂（范围外）"),
    ("Difference by scope (B − A)", "按范围的差异（B − A）"),
    (
        "Largest differences by entity (B − A)",
        "按企业的最大差异（B − A）",
    ),
    ("An import is already being validated", "已有导入正在校验"),
    ("Validating", "正在校验"),
    ("Template written:", "模板已写入："),
    (
        "The project changed since the validation — validate again",
        "校验后项目已更改——请重新校验",
    ),
    ("Imported", "已导入"),
    (
        "Import tenants' activity data from a workbook (the ParkAudit template, or any layout with a column mapping). Nothing changes until you confirm.",
        "从工作簿导入入园企业的活动数据（ParkAudit模板，或配合列映射的任意格式）。确认前项目不会有任何改变。",
    ),
    ("Workbook", "工作簿"),
    ("Browse…", "浏览…"),
    (
        "Take the valid rows and leave rejected ones out",
        "导入有效行，舍弃被拒绝的行",
    ),
    (
        "Base-year data (kept apart from the inventory)",
        "基准年数据（与清单分开保存）",
    ),
    ("Validate", "校验"),
    ("Validating…", "正在校验…"),
    ("Save the empty activity template…", "保存空白活动数据模板…"),
    (
        "The bilingual workbook tenants fill in (Entities, Factors, Activity)",
        "供入园企业填写的中英双语工作簿（企业、因子、活动数据）",
    ),
    ("Sheets", "工作表"),
    ("Column mapping", "列映射"),
    ("Import history (provenance)", "导入历史（数据来源）"),
    (
        "No workbook has been imported into this project.",
        "此项目尚未导入任何工作簿。",
    ),
    ("#", "序号"),
    ("File", "文件"),
    ("SHA-256", "SHA-256"),
    ("Imported at", "导入时间"),
    ("Records", "记录"),
    ("Source cells", "来源单元格"),
    (
        "This record cannot be explained (the reason is on hover).",
        "无法说明此记录（原因见悬停提示）。",
    ),
    (
        "The detached signature (.sig) does not match the file's bytes.",
        "独立签名文件（.sig）与文件字节不符。",
    ),
    (
        "The detached signature (.sig) cannot be read.",
        "无法读取独立签名文件（.sig）。",
    ),
    ("S1", "范围一"),
    ("S2 loc.", "二·位置"),
    ("S2 mkt.", "二·市场"),
    ("S3", "范围三"),
    ("compressing", "压缩中"),
    ("computing", "计算中"),
    ("loading the key", "加载密钥"),
    ("reading rows", "读取行"),
    ("reading the file back", "读回文件"),
    ("writing sheets", "写入工作表"),
    (
        "a file already exists there — choose another name (an existing key is never overwritten)",
        "该位置已有文件——请另选文件名（不会覆盖已有的密钥）",
    ),
    ("Scope 2 loc.", "范围二·位置"),
    ("Scope 2 mkt.", "范围二·市场"),
    (
        "items are still open: this draft's cover says it is not a verification statement.",
        "项尚未完成：此草稿的封面注明其不是核查声明。",
    ),
    ("Other", "其他"),
    ("Record explanation", "记录说明"),
    ("Getting started", "入门指南"),
    ("Open the sample park", "打开示例园区"),
    (
        "A verification walks through eleven steps, top to bottom in the left panel. Each shows ⚠ with the number of open items until nothing is left to do. The sample park has every step filled in to try them out.",
        "一次核查按左侧面板自上而下的十一个步骤进行。每个步骤在仍有待办事项时显示 ⚠ 及其数量，直至全部完成。示例园区的每个步骤都已填好，可用来试用。",
    ),
    (
        "Name the park, the reporting and base years, the client, the verification body and the lead auditor; choose the level of assurance and the materiality.",
        "填写园区名称、报告年度和基准年、委托方、核查机构和核查组长；选择保证等级和实质性水平。",
    ),
    (
        "Choose the consolidation approach and check each entity: ownership, control, included or excluded with a justification.",
        "选择合并方法并逐一检查实体：持股比例、控制权、纳入或排除（附理由）。",
    ),
    (
        "Choose the standard, the GWP set, the scopes, ISO categories and gases; read the guidance beside each choice.",
        "选择标准、GWP取值、范围、ISO类别和温室气体；阅读每项选择旁的指南。",
    ),
    (
        "Import the tenants' workbooks: every error names the sheet, row and column; nothing changes until you confirm.",
        "导入入园企业的工作簿：每个错误都注明工作表、行和列；确认前项目不会改变。",
    ),
    (
        "See which factors the project uses, with their sources, and compare the frozen values with the bundled library.",
        "查看项目使用的因子及其来源，并将冻结值与内置因子库比较。",
    ),
    (
        "Read the totals and charts; click a bar to filter the records and a record to see how its emissions are calculated.",
        "查看合计和图表；点击柱形筛选记录，点击记录查看其排放的计算过程。",
    ),
    (
        "Review the analytical checks, draw a sample and record the test results, raise findings, then confirm the opinion and sign off.",
        "复核分析性检查结果，抽取样本并记录测试结果，提出发现，然后确认核查意见并签核。",
    ),
    (
        "Export the audit workbook, signed with your key; the app reads it back and verifies it.",
        "导出以您的密钥签名的核查工作簿；应用会读回并验证。",
    ),
    (
        "Show how the totals change under another GWP set, consolidation approach or grid-factor year, without changing the project.",
        "在不改变项目的情况下，展示采用另一GWP取值、合并方法或电网因子年份时合计的变化。",
    ),
    (
        "Give the file to write the workbook to.",
        "请指定工作簿的保存文件。",
    ),
    (
        "Give the signing key and its passphrase, or untick Sign the workbook.",
        "请指定签名密钥及其口令，或取消勾选“签署工作簿”。",
    ),
    (
        "not a number: type digits, e.g. 5 or 2.5",
        "不是数字：请输入数字，例如 5 或 2.5",
    ),
    ("The total would change by", "合计将变化"),
    ("of the", "行（共"),
    (
        "rows repeat records already in the project (same entity, period, activity and evidence) — was this workbook imported before?",
        "行）与项目中已有记录重复（实体、期间、活动和证据均相同）——该工作簿是否已导入过？",
    ),
    ("Import the repeated rows anyway", "仍然导入重复的行"),
    ("Select all untested", "选择全部未测试项"),
    ("Clear the selection", "清除选择"),
    ("selected", "已选"),
    ("Too small to see", "过小无法显示"),
    (
        "Verification statement (as in the workbook)",
        "核查声明（与工作簿一致）",
    ),
    ("Entities", "企业"),
    ("Factors", "因子"),
    ("Rejected", "被拒绝"),
    ("Mapping", "映射"),
    ("Something went wrong", "出现错误"),
    ("Copy message", "复制信息"),
    ("OK", "确定"),
    ("Save changes?", "保存更改？"),
    (
        "The project has changes that are not saved.",
        "项目有尚未保存的更改。",
    ),
    ("Discard changes", "放弃更改"),
    ("Cancel", "取消"),
    ("Open project", "打开项目"),
    ("Save project as", "项目另存为"),
    ("Import workbook", "导入工作簿"),
    ("File path:", "文件路径："),
    (
        "Writes the audit workbook (cover, boundary, methodology, factors, activity, inventory, charts, findings, trail) and signs it with your Ed25519 key.",
        "生成核查工作簿（封面、边界、方法学、因子、活动数据、清单、图表、发现、审计轨迹），并用您的Ed25519密钥签名。",
    ),
    ("Output workbook", "输出工作簿"),
    ("Sign the workbook", "签署工作簿"),
    ("Draft — not a verification statement", "草稿——非核查声明"),
    (
        "A final package needs the open items below closed — or tick Draft to export a draft.",
        "最终文件须先处理下列未完成事项——或勾选“草稿”导出草稿。",
    ),
    ("Key file", "密钥文件"),
    ("Passphrase", "口令"),
    ("Signer name", "签署人姓名"),
    ("Organisation", "机构"),
    ("Export workbook", "导出工作簿"),
    ("Exporting…", "正在导出…"),
    ("Create a signing key", "创建签名密钥"),
    ("Exporting", "正在导出"),
    ("Exported", "已导出"),
    ("Written", "已写入"),
    ("Content digest (SHA-256)", "内容摘要（SHA-256）"),
    ("Detached signature", "独立签名文件"),
    ("Signer", "签署人"),
    ("Fingerprint", "指纹"),
    ("Signed at", "签署时间"),
    (
        "✔ Verified: the workbook is intact and the signature is valid.",
        "✔ 已验证：工作簿完整，签名有效。",
    ),
    (
        "The workbook is not signed; its content digest was checked.",
        "工作簿未签名；已校验其内容摘要。",
    ),
    ("The workbook does not verify:", "工作簿验证未通过："),
    (
        "An Ed25519 key in OpenSSH format, encrypted with a passphrase; the .pub file beside it is what a recipient checks the signature against.",
        "OpenSSH格式的Ed25519密钥，以口令加密；接收方用旁边的.pub文件验证签名。",
    ),
    ("New key file", "新密钥文件"),
    ("New passphrase", "新口令"),
    ("Repeat the passphrase", "再次输入口令"),
    ("The passphrases differ.", "两次输入的口令不一致。"),
    (
        "Enter the signer name above first (Sign the workbook).",
        "请先在上方填写签署人姓名（签署工作簿）。",
    ),
    ("Create key", "创建密钥"),
    ("Creating the key", "正在创建密钥"),
    ("Key created:", "密钥已创建："),
    ("Factors this project uses", "本项目使用的因子"),
    ("Description", "说明"),
    ("Unit", "单位"),
    ("kg per unit", "每单位千克"),
    ("Source", "来源"),
    ("Frozen from", "冻结自"),
    ("site-specific", "现场特定"),
    ("Bundled library", "内置因子库"),
    (
        "Compare the frozen factors with the library",
        "将冻结的因子与因子库比较",
    ),
    ("Comparing factors", "正在比较因子"),
    (
        "✔ The frozen factors and GWP values match the bundled library.",
        "✔ 冻结的因子和GWP值与内置因子库一致。",
    ),
    ("Factor", "因子"),
    ("Old", "原值"),
    ("New", "新值"),
    (
        "no longer in the library; kept as frozen",
        "已不在因子库中；保留冻结值",
    ),
    ("Apply the update", "应用更新"),
    ("Bundled factor library", "内置排放因子库"),
    ("Search", "搜索"),
    ("fuel, grid, region, source…", "燃料、电网、地区、来源…"),
    ("factors", "因子"),
    ("No findings are recorded.", "尚无发现记录。"),
    ("Type", "类型"),
    ("Request", "要求"),
    ("Title", "标题"),
    ("Impact t CO₂e", "影响（吨CO₂当量）"),
    ("Status", "状态"),
    ("Raise a finding", "提出发现"),
    ("Misstatement", "错报"),
    ("Non-conformity", "不符合项"),
    ("Observation", "观察项"),
    ("none", "无"),
    (
        "Impact (t CO₂e, overstatement +)",
        "影响（吨CO₂当量，高估为正）",
    ),
    ("Records (comma-separated)", "记录（逗号分隔）"),
    (
        "CBAM goods (e.g. E01/P3, comma-separated)",
        "CBAM货物（如 E01/P3，逗号分隔）",
    ),
    ("Population", "抽样总体"),
    ("Raise finding", "提出发现"),
    ("Raised by", "提出人"),
    ("Client response", "委托方回复"),
    ("Verifier's conclusion", "核查结论"),
    (
        "Corrected by the client (no longer counts toward materiality)",
        "委托方已更正（不再计入实质性）",
    ),
    ("Scope", "范围"),
    ("Month", "月份"),
    ("Gas", "气体"),
    ("The inventory cannot be computed:", "无法计算排放清单："),
    ("Computing the inventory…", "正在计算排放清单…"),
    (
        "Recomputing after a change; the figures below are from before it.",
        "更改后正在重新计算；下列数字为更改前的结果。",
    ),
    ("Top entities by scope", "主要企业（按范围）"),
    (
        "Click a bar to show its records below. Error bars: the 95 % interval (Monte Carlo).",
        "点击柱形可在下方显示其记录。误差线：95%区间（蒙特卡罗模拟）。",
    ),
    ("Energy", "能源消费"),
    ("Standard", "标准"),
    ("Scope 2", "范围二"),
    (
        "Report both location-based and market-based scope 2",
        "同时报告基于位置和基于市场的范围二排放",
    ),
    ("Grid factor rule", "电网因子规则"),
    (
        "National average (MEE/NBS)",
        "全国平均（生态环境部/国家统计局）",
    ),
    ("Carbon-market factor (MEE)", "碳市场因子（生态环境部）"),
    ("Scopes in the boundary", "边界内的范围"),
    ("ISO 14064-1 categories", "ISO 14064-1 类别"),
    ("Gases", "温室气体"),
    ("Default-factor rules", "默认因子规则"),
    (
        "Imported records without a named factor take the library default for their activity; a project rule overrides it for imports from now on.",
        "未指定因子的导入记录采用因子库中该活动的默认值；项目规则将覆盖此后导入的默认值。",
    ),
    ("Activity", "活动"),
    ("Remove", "删除"),
    ("Activity…", "活动…"),
    ("Factor…", "因子…"),
    ("Add rule", "添加规则"),
    ("Proposed opinion", "建议意见"),
    ("Recorded opinion", "已记录的意见"),
    ("by", "由"),
    (
        "sampled item(s) are untested — test them before the opinion",
        "个抽样项尚未测试——请在出具意见前完成测试",
    ),
    ("Confirm the proposed opinion", "确认建议意见"),
    ("Or override with", "或改为"),
    ("Reason for the override", "修改理由"),
    ("Record the override", "记录修改"),
    (
        "Each section is signed in order: preparer → reviewer → lead verifier → independent reviewer. An edit after a sign-off voids it.",
        "各部分按顺序签核：编制人 → 复核人 → 核查组长 → 独立复核人。签核后的修改会使其失效。",
    ),
    ("edited after review", "复核后已修改"),
    ("Signing as", "签核人"),
    ("Sign off", "签核"),
    ("required", "必填"),
    (
        "The park, the reporting period and who verifies it, to what level of assurance and materiality.",
        "园区、报告期、核查方，以及保证等级和实质性。",
    ),
    ("Park name", "园区名称"),
    ("Park name (Chinese)", "园区中文名称"),
    ("Province", "省份"),
    ("Client", "委托方"),
    ("Verification body", "核查机构"),
    ("Lead auditor", "核查组长"),
    ("Responsible party", "责任方"),
    ("Intended users", "预期使用者"),
    ("Accreditation", "认可资质"),
    ("Place of issue", "出具地点"),
    (
        "✔ The project and engagement are complete.",
        "✔ 项目与委托信息已完整。",
    ),
    ("Reporting year", "报告年份"),
    ("Base year", "基准年"),
    ("after the reporting year", "晚于报告年份"),
    ("Level of assurance", "保证等级"),
    ("Reasonable", "合理保证"),
    ("Limited", "有限保证"),
    ("Materiality (% of total)", "实质性（占总量%）"),
    ("5 % is common for reasonable assurance", "合理保证通常取5%"),
    ("Go to row", "跳转到行"),
    ("Show all records", "显示全部记录"),
    ("Quantity", "数量"),
    ("included", "纳入"),
    ("excluded", "排除"),
    (
        "How this record's emissions are calculated",
        "该记录排放量的计算过程",
    ),
    ("Record", "记录"),
    ("Location-based", "基于位置"),
    ("Market-based", "基于市场"),
    ("Conversion", "单位换算"),
    ("Why this factor", "选用该因子的原因"),
    ("Gases × GWP", "气体 × GWP"),
    ("GWP", "GWP"),
    ("kg CO₂e per unit", "每单位千克CO₂当量"),
    ("Treatment", "处理方式"),
    ("Result at 100 %", "按100%计的结果"),
    ("Boundary", "边界"),
    ("In the inventory", "计入清单"),
    ("Autosaving", "自动保存中"),
    ("Seed", "随机种子"),
    (
        "Key items at or above (% of total)",
        "关键项阈值（占总量%）",
    ),
    ("Sample size (besides key items)", "样本量（关键项以外）"),
    ("Method", "方法"),
    (
        "Tonne-unit (probability ∝ t CO₂e)",
        "按吨抽样（概率与吨CO₂当量成正比）",
    ),
    ("Simple random", "简单随机"),
    ("Draw the sample", "抽取样本"),
    ("Drawing the sample", "正在抽取样本"),
    ("key items", "关键项"),
    ("sampled", "抽样项"),
    (
        "Replace the saved sample (its test results are set aside)",
        "替换已保存的样本（其测试结果将被搁置）",
    ),
    ("Save this sample", "保存此样本"),
    ("Agreed", "相符"),
    ("Misstated", "有错报"),
    ("Not supported", "无支持证据"),
    ("No sample is saved yet.", "尚未保存样本。"),
    ("Saved sample", "已保存的样本"),
    ("untested", "未测试"),
    ("Result", "结果"),
    ("Verified quantity", "核实数量"),
    ("Evidence", "证据"),
    ("Record the test result", "记录测试结果"),
    ("Edit", "编辑"),
    ("View", "视图"),
    ("Help", "帮助"),
    ("Open recent", "最近打开"),
    ("No recent projects", "没有最近的项目"),
    ("Walkthrough", "核查步骤"),
    ("● unsaved", "● 未保存"),
    ("There are changes that are not saved", "有尚未保存的更改"),
    ("No project open", "未打开项目"),
    ("rows", "行"),
    ("Recomputing", "正在重新计算"),
    ("Cannot compute", "无法计算"),
    (
        "Verify the carbon inventory of an industrial park, offline.",
        "离线核查产业园区碳排放清单。",
    ),
    (
        "Unsaved work was found from a session that did not close normally.",
        "发现上次未正常关闭时尚未保存的工作。",
    ),
    ("not saved", "未保存"),
    ("Restore unsaved work", "恢复未保存的工作"),
    ("Discard it", "丢弃"),
    ("Start", "开始"),
    ("Open project…", "打开项目…"),
    ("Sample projects", "示例项目"),
    ("Open sample", "打开示例"),
    ("Language", "语言"),
    ("Recent projects", "最近的项目"),
    (
        "Tip: drop a project (.ron) or a workbook (.xlsx) onto the window.",
        "提示：可将项目文件（.ron）或工作簿（.xlsx）拖入窗口。",
    ),
    ("e.g. Binhai Chemical Park", "例如：滨海化工园区"),
    ("Create project", "创建项目"),
    (
        "Which column holds which field. Detected from the headers; change any and validate again.",
        "各字段所在的列。根据表头自动识别；可修改后重新校验。",
    ),
    ("Header row", "表头行"),
    ("column", "列"),
    ("(by template header)", "（按模板表头）"),
    ("Validate with this mapping", "按此映射校验"),
    ("Save this mapping", "保存此映射"),
    (
        "Beside the workbook as NAME.mapping.ron, for the next import or `parkaudit import --mapping`",
        "保存在工作簿旁，文件名为 NAME.mapping.ron，供下次导入或 `parkaudit import --mapping` 使用",
    ),
    ("Saving the mapping", "正在保存映射"),
    ("Validation", "校验结果"),
    ("Records to add", "将新增记录"),
    ("entities", "企业"),
    ("errors", "错误"),
    ("warnings", "警告"),
    ("read", "已读取"),
    ("accepted", "已接受"),
    ("rejected", "已拒绝"),
    ("blank", "空行"),
    ("Confirm import", "确认导入"),
    ("Cancel import", "取消导入"),
    (
        "Rows were rejected: fix the workbook, or tick 'Take the valid rows' and validate again.",
        "有行被拒绝：请修正工作簿，或勾选“导入有效行”后重新校验。",
    ),
    ("Sheet", "工作表"),
    ("Row", "行"),
    ("Column", "列"),
    ("Value", "值"),
    ("Reason", "原因"),
    ("error", "错误"),
    ("warning", "警告"),
    ("row", "行"),
    (
        "The row's values are shown for rejected rows.",
        "仅显示被拒绝行的原始值。",
    ),
    ("Analytical checks", "分析性检查"),
    ("Sampling & tests", "抽样与测试"),
    ("Findings", "发现"),
    ("Opinion", "核查意见"),
    ("Sign-offs", "签核"),
    ("below materiality", "低于实质性"),
    ("near materiality", "接近实质性"),
    ("above materiality", "超过实质性"),
    ("Materiality", "实质性"),
    ("uncorrected (net)", "未更正（净额）"),
    ("projected", "推断值"),
    ("aggregate", "汇总"),
    ("Complete", "已完成"),
    ("Needs attention", "需要处理"),
    ("Command palette", "命令面板"),
    ("Type to filter", "输入以筛选"),
    ("Close", "关闭"),
    (
        "Offline verification of industrial-park carbon inventories (ISO 14064-1/-3, GHG Protocol).",
        "产业园区碳排放清单离线核查（ISO 14064-1/-3、温室气体核算体系）。",
    ),
    ("Factor library", "因子库"),
    (
        "Chinese font: Noto Sans CJK SC (subset), SIL Open Font License 1.1.",
        "中文字体：思源黑体（Noto Sans CJK SC）子集，SIL开源字体许可1.1。",
    ),
    ("Last frame", "上一帧"),
    ("worst", "最慢"),
    (
        "Organisation-level GHG inventories: categories 1–6, boundaries, reporting.",
        "组织层面温室气体清单：类别1–6、边界、报告。",
    ),
    (
        "Verification and validation: evidence, materiality, the opinion.",
        "核查与审定：证据、实质性、意见。",
    ),
    (
        "Carbon neutrality: the path from inventory to claims.",
        "碳中和：从清单到声明的路径。",
    ),
    (
        "Consolidation approaches, scopes 1–3, base year.",
        "合并方法、范围一至三、基准年。",
    ),
    (
        "Location- and market-based scope 2, quality criteria for instruments.",
        "基于位置和基于市场的范围二，合同工具质量准则。",
    ),
    (
        "Default emission factors and methods.",
        "默认排放因子与方法。",
    ),
    (
        "China's general guideline for industrial enterprises' GHG accounting.",
        "中国工业企业温室气体排放核算通则。",
    ),
    ("MEE sector guidelines", "生态环境部行业核算指南"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Reads a string literal starting just after its opening quote.
    fn literal(rest: &str) -> String {
        let mut key = String::new();
        let mut chars = rest.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        key.push(if n == 'n' { '\n' } else { n });
                    }
                }
                '"' => break,
                c => key.push(c),
            }
        }
        key
    }

    /// Every string the UI translates: literals in `t("…")`, `n_("…")` and
    /// `tr(lang, "…")`, and the command list's labels.
    fn used_keys() -> BTreeSet<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut keys: BTreeSet<String> = super::super::command::commands()
            .into_iter()
            .map(|c| c.label.to_string())
            .collect();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("src/ui is readable")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("i18n.rs"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("source is readable");
            for (i, _) in text.match_indices('(') {
                let before = &text[..i];
                let name: String = before
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let after = &text[i + 1..];
                let start = match name.as_str() {
                    "t" | "n_" => after.trim_start().strip_prefix('"'),
                    // tr(LANG, "…"): the first argument has no comma or quote.
                    "tr" => after
                        .find(',')
                        .filter(|&c| !after[..c].contains('"'))
                        .and_then(|c| after[c + 1..].trim_start().strip_prefix('"')),
                    _ => None,
                };
                if let Some(rest) = start {
                    keys.insert(literal(rest));
                }
            }
        }
        keys
    }

    #[test]
    fn every_entry_has_both_languages_and_is_unique() {
        let mut seen = BTreeSet::new();
        for (en, zh) in TABLE {
            assert!(!en.trim().is_empty(), "an entry has no English text");
            assert!(!zh.trim().is_empty(), "{en:?} has no Chinese text");
            assert!(seen.insert(*en), "{en:?} is in the table twice");
            // Placeholders must survive translation.
            for ph in ["{n}", "{a}", "{b}", "{t}", "{path}", "{name}"] {
                assert_eq!(en.contains(ph), zh.contains(ph), "{en:?}: placeholder {ph}");
            }
        }
    }

    #[test]
    fn every_ui_string_is_in_the_table() {
        let table: BTreeSet<&str> = TABLE.iter().map(|(en, _)| *en).collect();
        let used = used_keys();
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !table.contains(k.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "strings without a translation: {missing:#?}"
        );
        let unused: Vec<&&str> = table.iter().filter(|k| !used.contains(**k)).collect();
        assert!(
            unused.is_empty(),
            "translations no UI code uses: {unused:#?}"
        );
    }

    #[test]
    fn lookup_switches_language() {
        assert_eq!(tr(Lang::En, "Inventory"), "Inventory");
        assert_eq!(tr(Lang::Zh, "Inventory"), "排放清单");
    }
}
