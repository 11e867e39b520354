//! The standard activity template, and workbooks in its layout (the sample
//! park's data, test fixtures, benchmark input).

use super::import::{Field, SheetKind, TEMPLATE_VERSION, TEMPLATE_VERSION_LABEL};
use crate::model::{EntityKind, Project};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Note, Workbook,
    Worksheet, XlsxError,
};

/// The template shipped in `assets/`, embedded so `parkaudit template` works offline.
pub const TEMPLATE_XLSX: &[u8] =
    include_bytes!("../../assets/templates/park-activity-template.xlsx");

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin)
}

fn properties() -> Result<DocProperties, XlsxError> {
    // A fixed creation time keeps regenerated files stable.
    Ok(DocProperties::new()
        .set_title("ParkAudit park activity template / 园区活动数据模板")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 1, 1)?)
        .set_custom_property(TEMPLATE_VERSION_LABEL, TEMPLATE_VERSION))
}

fn instructions(ws: &mut Worksheet) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap();
    ws.set_name("Instructions")?;
    ws.write_string_with_format(
        0,
        0,
        "ParkAudit park activity template / 园区活动数据模板",
        &title,
    )?;
    ws.write_string(2, 0, TEMPLATE_VERSION_LABEL)?;
    ws.write_string(2, 1, TEMPLATE_VERSION)?;
    let notes = [
        "Fill the sheets Entities, Activity and (optionally) Factors. Header names are exact; the Chinese names below are accepted instead. Column order is free; extra columns are ignored and reported.",
        "请填写 Entities（实体）、Activity（活动数据）及可选的 Factors（排放因子）工作表。列名须完全一致，也可使用下表中的中文列名；列顺序不限，多余的列将被忽略并提示。",
        "Units / 单位: kg, t (tonne, 吨), kt, kWh, 10^4 kWh (万kWh), MWh, GWh, MJ, GJ, TJ, tce, L, m3 (m³, 立方米), 10^4 m3 (万m3, 万立方米), Nm3, 10^4 Nm3 (万Nm3). 'MT' is refused as ambiguous / 'MT' 含义不明确，不予接受.",
        "Yes/no / 是否: yes/no, true/false, 1/0, y/n, 是/否. Period / 期间: YYYY-MM or an Excel date / 或 Excel 日期.",
        "Gases / 气体: CO2, CH4, CH4_fossil, CH4_nonfossil, N2O, SF6, NF3, HFC-23, HFC-32, HFC-125, HFC-134a, HFC-143a, HFC-152a, CF4, C2F6, CO2e, CO2_biogenic.",
        "Factors: one row per gas; a factor with CO2, CH4 and N2O has three rows with the same factor_id. / 排放因子：每种气体一行，同一因子的多行使用相同的 factor_id。",
        "Rows with the same entity, period, activity and evidence reference are kept and flagged as possible duplicates. / 实体、期间、活动和证据编号均相同的行将保留并标记为可能重复。",
        "Indicators (optional): the zero-carbon-park guiding indicators the inventory cannot compute, one row each — part of whole with its unit and evidence. / Indicators（可选）：清单无法计算的零碳园区引导性指标，每项一行——分子、分母、单位及证据。",
    ];
    for (i, n) in notes.iter().enumerate() {
        ws.merge_range(4 + i as u32, 0, 4 + i as u32, 5, n, &wrap)?;
        ws.set_row_height(4 + i as u32, 30)?;
    }
    let top = 4 + notes.len() as u32 + 1;
    for (c, h) in [
        "Sheet / 工作表",
        "Column / 列名",
        "中文列名",
        "Required / 必填",
        "Meaning",
        "说明",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(top, c as u16, *h, &bold)?;
    }
    let mut row = top + 1;
    for kind in TEMPLATE_SHEETS {
        for &f in kind.fields() {
            let (en, zh) = f.meaning();
            ws.write_string(row, 0, kind.name())?;
            ws.write_string(row, 1, f.header())?;
            ws.write_string(row, 2, f.chinese().join(" / "))?;
            ws.write_string(
                row,
                3,
                if kind.requires(f) {
                    "yes / 是"
                } else {
                    "no / 否"
                },
            )?;
            ws.write_string(row, 4, en)?;
            ws.write_string(row, 5, zh)?;
            row += 1;
        }
    }
    for (c, w) in [(0, 16), (1, 22), (2, 26), (3, 14), (4, 60), (5, 50)] {
        ws.set_column_width(c, w)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The template's data sheets, in the order a tenant fills them.
const TEMPLATE_SHEETS: [SheetKind; 4] = [
    SheetKind::Entities,
    SheetKind::Activity,
    SheetKind::Factors,
    SheetKind::Indicators,
];

fn data_sheet(ws: &mut Worksheet, kind: SheetKind, with_notes: bool) -> Result<(), XlsxError> {
    ws.set_name(kind.name())?;
    let hf = header_format();
    for (c, f) in kind.fields().iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, f.header(), &hf)?;
        ws.set_column_width(c, (f.header().len() as f64 + 4.0).max(14.0))?;
        if with_notes {
            let (en, zh) = f.meaning();
            let zh_name = f.chinese().first().copied().unwrap_or("");
            ws.insert_note(
                0,
                c,
                &Note::new(format!("{zh_name}\n{en}\n{zh}"))
                    .set_width(260)
                    .set_height(110),
            )?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn validations(ws: &mut Worksheet, kind: SheetKind) -> Result<(), XlsxError> {
    let last = 1_048_575;
    for (c, f) in kind.fields().iter().enumerate() {
        let c = c as u16;
        let v = match f {
            Field::OperationalControl | Field::FinancialControl | Field::Included => {
                DataValidation::new().allow_list_strings(&["yes", "no", "是", "否"])?
            }
            Field::Scope => DataValidation::new().allow_list_strings(&["1", "2", "3"])?,
            Field::Kind => {
                DataValidation::new().allow_list_strings(&["tenant", "infrastructure"])?
            }
            Field::Indicator => {
                let keys: Vec<&str> = crate::model::claims::Guiding::ALL
                    .iter()
                    .map(|g| g.key())
                    .collect();
                DataValidation::new().allow_list_strings(&keys)?
            }
            Field::DataType => {
                let keys: Vec<&str> = crate::model::DataType::ALL
                    .iter()
                    .map(|t| t.key())
                    .collect();
                DataValidation::new().allow_list_strings(&keys)?
            }
            _ => continue,
        };
        // Lists suggest; the importer still accepts every documented spelling.
        ws.add_data_validation(
            1,
            c,
            last,
            c,
            &v.ignore_blank(true).show_error_message(false),
        )?;
    }
    Ok(())
}

/// Builds the empty template (what `assets/templates/park-activity-template.xlsx` holds).
pub fn build_template() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    instructions(wb.add_worksheet())?;
    for kind in TEMPLATE_SHEETS {
        let ws = wb.add_worksheet();
        data_sheet(ws, kind, true)?;
        validations(ws, kind)?;
    }
    wb.save_to_buffer()
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// Writes a project's entities, factors and activity in the template layout
/// (constant-memory mode, so a million rows stay small).
pub fn write_data_workbook(project: &Project, path: &std::path::Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&properties()?);
    instructions(wb.add_worksheet())?;

    let ws = wb.add_worksheet_with_constant_memory()?;
    data_sheet(ws, SheetKind::Entities, false)?;
    for (i, e) in project.entities.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &e.id)?;
        ws.write_string(r, 1, &e.name)?;
        ws.write_string(r, 2, &e.name_zh)?;
        ws.write_string(r, 3, &e.sector)?;
        ws.write_string(
            r,
            4,
            if e.kind == EntityKind::Tenant {
                "tenant"
            } else {
                "infrastructure"
            },
        )?;
        ws.write_number(r, 5, e.ownership_pct)?;
        ws.write_string(r, 6, yes_no(e.operational_control))?;
        ws.write_string(r, 7, yes_no(e.financial_control))?;
        ws.write_string(r, 8, yes_no(e.included))?;
        ws.write_string(r, 9, e.exclusion_reason.as_deref().unwrap_or(""))?;
    }

    let ws = wb.add_worksheet_with_constant_memory()?;
    data_sheet(ws, SheetKind::Activity, false)?;
    for (i, a) in project.activity.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &a.entity_id)?;
        ws.write_string(r, 1, a.period.to_string())?;
        ws.write_number(r, 2, f64::from(a.scope.number()))?;
        ws.write_number(r, 3, f64::from(a.category.number()))?;
        ws.write_string(r, 4, &a.activity)?;
        ws.write_number(r, 5, a.quantity)?;
        ws.write_string(r, 6, a.unit.as_str())?;
        ws.write_string(r, 7, &a.factor_id)?;
        ws.write_string(r, 8, a.market_factor_id.as_deref().unwrap_or(""))?;
        ws.write_string(r, 9, &a.evidence_ref)?;
        if let Some(t) = a.data_type {
            ws.write_string(r, 10, t.key())?;
        }
    }

    let ws = wb.add_worksheet_with_constant_memory()?;
    data_sheet(ws, SheetKind::Factors, false)?;
    let mut r = 1;
    for f in &project.factors {
        for c in &f.components {
            ws.write_string(r, 0, &f.id)?;
            ws.write_string(r, 1, f.unit.as_str())?;
            ws.write_string(r, 2, c.gas.code())?;
            ws.write_number(r, 3, c.kg_per_unit)?;
            ws.write_string(r, 4, &f.source)?;
            ws.write_string(r, 5, &f.description)?;
            if let Some(y) = f.year {
                ws.write_number(r, 6, f64::from(y))?;
            }
            ws.write_string(r, 7, &f.region)?;
            r += 1;
        }
    }

    if let Some(claims) = project.claims.as_ref().filter(|c| !c.indicators.is_empty()) {
        let ws = wb.add_worksheet();
        data_sheet(ws, SheetKind::Indicators, false)?;
        for (i, e) in claims.indicators.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, e.indicator.key())?;
            ws.write_number(r, 1, e.part)?;
            ws.write_number(r, 2, e.whole)?;
            ws.write_string(r, 3, &e.unit)?;
            ws.write_string(r, 4, &e.evidence)?;
            ws.write_string(r, 5, &e.product)?;
        }
    }
    wb.save(path)
}
