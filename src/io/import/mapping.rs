//! Which sheet, header row and columns hold which fields: the template's
//! fixed layout, or a mapping file (RON) for a tenant's own workbook.

use super::schema::{Field, SheetKind, column_index, column_letter};
use super::workbook::Cell;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Where a field's values are: under a header, or in a column by letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnRef {
    Header(String),
    Column(String),
}

/// How to read one sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetMapping {
    /// The sheet's name in the workbook.
    pub sheet: String,
    pub kind: SheetKind,
    /// Excel row number of the header row (1 = first row).
    #[serde(default = "first_row")]
    pub header_row: u32,
    /// Field → column. Fields not listed are found by their template header names.
    #[serde(default)]
    pub columns: BTreeMap<Field, ColumnRef>,
    /// Field → one value for every row of the sheet (e.g. the unit or the entity).
    #[serde(default)]
    pub fixed: BTreeMap<Field, String>,
}

fn first_row() -> u32 {
    1
}

/// A mapping file: how to read a workbook that is not in the template layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Mapping {
    pub sheets: Vec<SheetMapping>,
}

/// Why a mapping file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("{}: cannot read the mapping file", path.display())]
    Read {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        path: std::path::PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
}

impl Mapping {
    pub fn load(path: &Path) -> Result<Mapping, MappingError> {
        let text = std::fs::read_to_string(path).map_err(|source| MappingError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Mapping::from_ron_str(&text, path)
    }

    pub fn from_ron_str(text: &str, path: &Path) -> Result<Mapping, MappingError> {
        ron::from_str(text).map_err(|e| MappingError::Syntax {
            path: path.to_path_buf(),
            line: e.span.start.line,
            col: e.span.start.col,
            message: e.code.to_string(),
        })
    }

    pub fn to_ron_string(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(false)
            .escape_strings(false)
            .indentor("  ");
        ron::ser::to_string_pretty(self, config).unwrap_or_default() + "\n"
    }
}

/// A field's resolved place in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Column { index: u32, header: String },
    Fixed(String),
}

/// The resolved layout of one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub sheet: String,
    pub kind: SheetKind,
    pub header_row: u32,
    pub fields: BTreeMap<Field, Place>,
    /// Columns with a header that no field uses: (index, header).
    pub extra: Vec<(u32, String)>,
    /// The header row as text, for reports.
    pub headers: Vec<String>,
}

impl Layout {
    /// Resolves a sheet's layout against its header row. `problems` are structural:
    /// a required field without a column, a header that does not exist, a field twice.
    pub fn resolve(mapping: &SheetMapping, header: &[Cell<'_>]) -> Result<Layout, Vec<String>> {
        let headers: Vec<String> = header
            .iter()
            .map(|c| c.display().trim().to_string())
            .collect();
        let mut fields = BTreeMap::new();
        let mut problems = Vec::new();
        let mut used = vec![false; headers.len()];
        for (field, _) in mapping
            .columns
            .iter()
            .filter(|(f, _)| mapping.fixed.contains_key(f))
        {
            problems.push(format!(
                "{field} has both a column and a fixed value in the mapping — keep one"
            ));
        }
        for field in mapping.columns.keys().chain(mapping.fixed.keys()) {
            if !mapping.kind.fields().contains(field) {
                problems.push(format!(
                    "{field} is not a column of a {} sheet",
                    mapping.kind
                ));
            }
        }
        for &field in mapping.kind.fields() {
            if let Some(v) = mapping.fixed.get(&field) {
                fields.insert(field, Place::Fixed(v.clone()));
                continue;
            }
            let found: Vec<u32> = match mapping.columns.get(&field) {
                Some(ColumnRef::Column(letters)) => match column_index(letters) {
                    Some(i) => vec![i],
                    None => {
                        problems.push(format!(
                            "{field}: '{letters}' is not a column letter (A, B, … AA)"
                        ));
                        continue;
                    }
                },
                Some(ColumnRef::Header(h)) => {
                    let hits: Vec<u32> = (0..headers.len() as u32)
                        .filter(|&i| headers.get(i as usize).is_some_and(|x| x == h.trim()))
                        .collect();
                    if hits.is_empty() {
                        problems.push(format!(
                            "{field}: no column headed '{h}' in row {} (headers: {})",
                            mapping.header_row,
                            list(&headers)
                        ));
                        continue;
                    }
                    hits
                }
                None => (0..headers.len() as u32)
                    .filter(|&i| {
                        headers
                            .get(i as usize)
                            .is_some_and(|x| field.matches_exact(x))
                    })
                    .collect(),
            };
            match found.as_slice() {
                [] => {
                    if mapping.kind.requires(field) {
                        let near: Vec<&String> =
                            headers.iter().filter(|h| field.matches_loose(h)).collect();
                        let hint = match near.first() {
                            Some(h) => format!(
                                " — did you mean '{h}'? Rename the header or map it with --mapping"
                            ),
                            None => format!(
                                " — add a column headed '{field}' (or '{}')",
                                field.chinese().first().unwrap_or(&"")
                            ),
                        };
                        problems.push(format!("missing column {field}{hint}"));
                    }
                }
                [i] => {
                    if let Some((other, _)) = fields
                        .iter()
                        .find(|(_, p)| matches!(p, Place::Column { index, .. } if index == i))
                    {
                        problems.push(format!("{field} and {other} both read column {} — map each field to its own column", column_letter(*i)));
                    }
                    if let Some(u) = used.get_mut(*i as usize) {
                        *u = true;
                    }
                    let header = headers.get(*i as usize).cloned().unwrap_or_default();
                    fields.insert(field, Place::Column { index: *i, header });
                }
                many => problems.push(format!(
                    "{field} appears in {} columns ({}) — keep one",
                    many.len(),
                    many.iter()
                        .map(|&i| column_letter(i))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let extra = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !h.is_empty() && !used.get(*i).copied().unwrap_or(false))
            .map(|(i, h)| (i as u32, h.clone()))
            .collect();
        Ok(Layout {
            sheet: mapping.sheet.clone(),
            kind: mapping.kind,
            header_row: mapping.header_row,
            fields,
            extra,
            headers,
        })
    }
}

fn list(headers: &[String]) -> String {
    let shown: Vec<&str> = headers
        .iter()
        .filter(|h| !h.is_empty())
        .map(String::as_str)
        .collect();
    if shown.is_empty() {
        "none".into()
    } else {
        shown.join(", ")
    }
}

/// Suggests how to read one sheet from its first rows: the row with the most
/// recognised headers (English or Chinese, loosely matched) is the header row,
/// and the sheet's kind is the one whose fields match best.
pub fn suggest_sheet(sheet: &str, first_rows: &[(u32, Vec<String>)]) -> Option<SheetMapping> {
    let mut best: Option<(usize, u32, SheetKind, BTreeMap<Field, ColumnRef>)> = None;
    for (row, cells) in first_rows {
        for kind in SheetKind::ALL {
            let mut columns = BTreeMap::new();
            for &field in kind.fields() {
                let hit = cells
                    .iter()
                    .find(|c| field.matches_exact(c))
                    .or_else(|| cells.iter().find(|c| field.matches_loose(c)));
                if let Some(h) = hit {
                    columns.insert(field, ColumnRef::Header(h.trim().to_string()));
                }
            }
            let required_hits = columns.keys().filter(|f| kind.requires(**f)).count();
            if required_hits >= 3 && best.as_ref().is_none_or(|b| required_hits > b.0) {
                best = Some((required_hits, *row, kind, columns));
            }
        }
    }
    best.map(|(_, header_row, kind, columns)| SheetMapping {
        sheet: sheet.to_string(),
        kind,
        header_row,
        columns,
        fixed: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn cells(v: &[&'static str]) -> Vec<Cell<'static>> {
        v.iter().map(|s| Cell::Text(Cow::Borrowed(*s))).collect()
    }

    #[test]
    fn template_headers_in_any_order_with_extras() {
        let m = SheetMapping {
            sheet: "Activity".into(),
            kind: SheetKind::Activity,
            header_row: 1,
            columns: BTreeMap::new(),
            fixed: BTreeMap::new(),
        };
        let header = cells(&[
            "数量",
            "entity_id",
            "period",
            "scope",
            "activity",
            "单位",
            "factor_id",
            "comment",
        ]);
        let l = Layout::resolve(&m, &header).expect("resolves");
        assert_eq!(
            l.fields.get(&Field::Quantity),
            Some(&Place::Column {
                index: 0,
                header: "数量".into()
            })
        );
        assert_eq!(l.extra, vec![(7, "comment".to_string())]);
        let err = Layout::resolve(&m, &cells(&["entity_id", "Quantity"])).expect_err("missing");
        assert!(
            err.iter()
                .any(|e| e.contains("missing column quantity — did you mean 'Quantity'?")),
            "{err:?}"
        );
    }

    #[test]
    fn mapping_file_syntax() {
        let text = r#"(sheets: [(sheet: "用电", kind: Activity, header_row: 3,
            columns: { entity_id: Header("企业代码"), quantity: Column("D") },
            fixed: { unit: "kWh", scope: "2" })])"#;
        let m = Mapping::from_ron_str(text, Path::new("m.ron")).expect("parses");
        assert_eq!(
            m.sheets[0].columns.get(&Field::Quantity),
            Some(&ColumnRef::Column("D".into()))
        );
        assert_eq!(
            Mapping::from_ron_str(&m.to_ron_string(), Path::new("m.ron")).expect("round trip"),
            m
        );
        let bad = Mapping::from_ron_str(
            "(sheets: [(sheet: \"x\", kind: Activity, columns: { qty: Column(\"D\") })])",
            Path::new("m.ron"),
        );
        assert!(
            matches!(bad, Err(MappingError::Syntax { line: 1, .. })),
            "{bad:?}"
        );
    }

    #[test]
    fn suggests_header_row_and_kind() {
        let rows = vec![
            (1, vec!["2024年能源消耗台账".to_string()]),
            (2, vec![]),
            (
                3,
                [
                    "企业编号",
                    "月份",
                    "范围",
                    "排放源",
                    "消耗量（吨）",
                    "单位",
                    "因子编号",
                ]
                .map(String::from)
                .to_vec(),
            ),
        ];
        let m = suggest_sheet("台账", &rows).expect("suggests");
        assert_eq!((m.kind, m.header_row), (SheetKind::Activity, 3));
        assert_eq!(
            m.columns.get(&Field::Quantity),
            Some(&ColumnRef::Header("消耗量（吨）".into()))
        );
    }
}
