//! What a sheet shows beyond its cells, read from the workbook's XML for the
//! canonical digest (v2): hidden rows and columns and data validations (the
//! spreadsheet reader does not expose them). Merged ranges and sheet states
//! come from the reader. Everything is streamed; nothing is held per cell.

use super::canonical::Presentation;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};

/// Each worksheet's part in the package, by sheet name.
pub fn sheet_parts(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let workbook = read_part(&mut zip, "xl/workbook.xml")?;
    let rels = read_part(&mut zip, "xl/_rels/workbook.xml.rels")?;
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    each_element(&rels, "Relationship", |e| {
        if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
            let target = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, target);
        }
    })?;
    let mut parts = BTreeMap::new();
    each_element(&workbook, "sheet", |e| {
        if let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "r:id"))
            && let Some(t) = targets.get(&id)
        {
            parts.insert(name, t.clone());
        }
    })?;
    Ok(parts)
}

fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, String> {
    let mut f = zip.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    let mut out = Vec::new();
    // Package parts of a workbook's structure are small; a huge one is hostile.
    (&mut f)
        .take(64 << 20)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(out)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The text an entity or character reference stands for.
fn reference(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match &**r {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

fn each_element(xml: &[u8], local: &str, mut f: impl FnMut(&BytesStart<'_>)) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => f(&e),
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(e.to_string()),
            _ => {}
        }
        buf.clear();
    }
}

fn is_true(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

/// What a name of the package is, when ParkAudit never writes it.
fn foreign_kind(name: &str) -> Option<(&'static str, &'static str)> {
    let numbered = |prefix: &str, suffix: &str| {
        name.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(suffix))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let ours = matches!(
        name,
        "[Content_Types].xml"
            | "_rels/.rels"
            | "docProps/app.xml"
            | "docProps/core.xml"
            | "docProps/custom.xml"
            | "xl/workbook.xml"
            | "xl/_rels/workbook.xml.rels"
            | "xl/styles.xml"
            | "xl/theme/theme1.xml"
            | "xl/sharedStrings.xml"
    ) || numbered("xl/worksheets/sheet", ".xml")
        || numbered("xl/worksheets/_rels/sheet", ".xml.rels")
        || numbered("xl/drawings/drawing", ".xml")
        || numbered("xl/drawings/_rels/drawing", ".xml.rels")
        || numbered("xl/charts/chart", ".xml");
    if ours || name.ends_with('/') {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    Some(if lower.contains("vbaproject") || lower.ends_with(".bin") {
        (
            "a VBA project or binary object (macros)",
            "VBA 工程或二进制对象（宏）",
        )
    } else if lower.contains("externallink") {
        ("an external link", "外部链接")
    } else if lower.starts_with("customxml/") {
        ("custom XML", "自定义 XML")
    } else if lower.contains("activex")
        || lower.contains("ctrlprops")
        || lower.contains("embeddings")
    {
        ("an embedded object or control", "嵌入对象或控件")
    } else if lower.contains("comments")
        || lower.contains("threadedcomments")
        || lower.ends_with(".vml")
    {
        ("comments", "批注")
    } else {
        (
            "a part ParkAudit does not write",
            "ParkAudit 不会写入的部件",
        )
    })
}

/// Relationship types ParkAudit writes (the end of their URI).
const OUR_RELATIONSHIPS: [&str; 10] = [
    "/officeDocument",
    "/metadata/core-properties",
    "/extended-properties",
    "/custom-properties",
    "/worksheet",
    "/styles",
    "/theme",
    "/sharedStrings",
    "/drawing",
    "/chart",
];

/// Everything in the package ParkAudit never writes — parts (a VBA project,
/// external links, custom XML, embedded objects, comments …), relationships
/// of other types or to external targets, macro content types — each
/// described for the report. These sit outside the cells the digest covers,
/// so `verify` reports them as changes, with or without the `.sig`.
pub fn foreign_parts(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()).map_err(|e| e.to_string()))
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for name in &names {
        if let Some((kind, kind_zh)) = foreign_kind(name) {
            out.push((
                format!("the package holds {kind}: {name}"),
                format!("文件包中含有{kind_zh}：{name}"),
            ));
        }
    }
    for name in names
        .iter()
        .filter(|n| n.ends_with(".rels") && foreign_kind(n).is_none())
    {
        let xml = read_part(&mut zip, name)?;
        each_element(&xml, "Relationship", |e| {
            let kind = attr(e, "Type").unwrap_or_default();
            let target = attr(e, "Target").unwrap_or_default();
            if attr(e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                out.push((
                    format!("{name}: a link to an external target: {target}"),
                    format!("{name}：指向外部目标的链接：{target}"),
                ));
            } else if !OUR_RELATIONSHIPS.iter().any(|t| kind.ends_with(t)) {
                out.push((
                    format!("{name}: a relationship ParkAudit does not write: {kind} → {target}"),
                    format!("{name}：ParkAudit 不会写入的关系：{kind} → {target}"),
                ));
            }
        })?;
    }
    let types = read_part(&mut zip, "[Content_Types].xml")?;
    each_element(&types, "Override", |e| {
        if attr(e, "ContentType").is_some_and(|t| t.contains("macroEnabled")) {
            out.push((
                "the workbook declares itself macro-enabled".into(),
                "工作簿声明自身启用宏".into(),
            ));
        }
    })?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// Elements of a sheet ParkAudit never writes (hyperlinks, controls,
/// embedded objects, comments' drawing), for the report.
/// (element, English, Chinese).
const FOREIGN_SHEET_ELEMENTS: [(&str, &str, &str); 6] = [
    ("hyperlink", "a hyperlink", "超链接"),
    ("oleObject", "an embedded object", "嵌入对象"),
    ("control", "a form control", "表单控件"),
    ("legacyDrawing", "comments or shapes", "批注或形状"),
    ("picture", "a background picture", "背景图片"),
    ("tablePart", "a table", "表格"),
];

/// Hidden rows and columns and data validations of the sheet at `part`
/// (merged ranges are added by the caller).
pub fn sheet_presentation(bytes: &[u8], part: &str) -> Result<Presentation, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let file = zip.by_name(part).map_err(|e| format!("{part}: {e}"))?;
    presentation_of(BufReader::new(file), part)
}

/// [`sheet_presentation`] of sheet XML from any reader (`part` names it in errors).
pub(super) fn presentation_of(
    xml: impl std::io::BufRead,
    part: &str,
) -> Result<Presentation, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Presentation::default();
    let mut buf = Vec::new();
    // The validation being read: its attributes, then its formulas.
    let mut validation: Option<(String, String, String, String, String)> = None;
    let mut in_formula: Option<u8> = None;
    let mut row = 0u32;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("{part}: {e}"))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                "row" => {
                    row = attr(e, "r")
                        .and_then(|r| r.parse::<u32>().ok())
                        .map_or(row + 1, |r| r);
                    if is_true(attr(e, "hidden")) {
                        out.hidden_rows.push(row.saturating_sub(1));
                    }
                }
                "col" if is_true(attr(e, "hidden")) => {
                    let min = attr(e, "min").and_then(|v| v.parse::<u32>().ok());
                    let max = attr(e, "max").and_then(|v| v.parse::<u32>().ok());
                    if let (Some(min), Some(max)) = (min, max) {
                        // Columns are 1-based, at most 16,384 of them.
                        for c in min.max(1)..=max.min(16_384) {
                            out.hidden_cols.push(c - 1);
                        }
                    }
                }
                "dataValidation" => {
                    let v = (
                        attr(e, "sqref").unwrap_or_default(),
                        attr(e, "type").unwrap_or_else(|| "none".into()),
                        attr(e, "operator").unwrap_or_else(|| "between".into()),
                        String::new(),
                        String::new(),
                    );
                    if matches!(event, Event::Empty(_)) {
                        out.validations.push(v);
                    } else {
                        validation = Some(v);
                    }
                }
                "formula1" => in_formula = Some(1),
                "formula2" => in_formula = Some(2),
                other => {
                    if let Some((_, what, what_zh)) = FOREIGN_SHEET_ELEMENTS
                        .iter()
                        .find(|(el, _, _)| *el == other)
                    {
                        let r = attr(e, "ref");
                        let at = r.as_ref().map(|r| format!(" at {r}")).unwrap_or_default();
                        let at_zh = r.map(|r| format!("（位于 {r}）")).unwrap_or_default();
                        out.foreign
                            .push((format!("{what}{at}"), format!("{what_zh}{at_zh}")));
                    }
                }
            },
            Event::Text(ref t) => {
                if let (Some(n), Some(v)) = (in_formula, validation.as_mut()) {
                    let text = t.xml10_content();
                    if n == 1 {
                        v.3.push_str(&text);
                    } else {
                        v.4.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(ref r) => {
                if let (Some(n), Some(v)) = (in_formula, validation.as_mut()) {
                    let text = reference(r);
                    if n == 1 {
                        v.3.push_str(&text);
                    } else {
                        v.4.push_str(&text);
                    }
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "formula1" | "formula2" => in_formula = None,
                "dataValidation" => {
                    if let Some(v) = validation.take() {
                        out.validations.push(v);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}
