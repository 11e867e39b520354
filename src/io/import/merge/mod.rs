//! The import pass: sheets in order (entities, factors, activity), every row
//! validated and cross-checked; what was accepted becomes the import batch
//! (`ImportBatch`) the edit layer merges. One file per pass: entities,
//! factors, activity; this one plans the sheets, runs the passes and finishes.
//!
//! Cross-references resolve in this order: the workbook's own definitions
//! (a rejected one rejects the rows that use it — never a silent fallback),
//! then the project, then the bundled library (whose factors are frozen into
//! the project), then — for an empty factor id — the methodology's default rule.

mod activity;
mod entities;
mod factors;
mod indicators;

use super::issue::{Issue, Msg, Severity};
use super::mapping::{Layout, SheetMapping};
use super::rows::{self, ActivityRow, FactorRow, Row};
use super::schema::{Field, SheetKind};
use super::workbook::{Cell, Workbook};
use super::{
    ImportError, ImportOptions, ImportOutcome, ImportReport, RejectedRow, SheetReport, provenance,
};
use crate::calc::{self, defaults, gwp, library, units::conversion_factor};
use crate::model::{
    ActivityRecord, EmissionFactor, Entity, Gas, GasComponent, Project, RecordSource, Unit,
};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

/// Sheets read for their template version only, never reported as unread.
const INFO_SHEETS: [&str; 3] = ["Instructions", "说明", "About"];

/// Plans the sheets to read: the mapping's, or the template's by sheet name.
fn plan(
    wb: &Workbook,
    options: &ImportOptions,
) -> (Result<Vec<SheetMapping>, Vec<Issue>>, Vec<Issue>) {
    let names = wb.sheet_names();
    let mut problems = Vec::new();
    let mut plans: Vec<SheetMapping> = Vec::new();
    match &options.mapping {
        Some((m, mapping_name)) => {
            for s in &m.sheets {
                if !names.contains(&s.sheet) {
                    problems.push(Issue::sheet(&s.sheet, Severity::Error, Msg::new(format!("the mapping {mapping_name} names this sheet, but the workbook has only: {}", names.join(", ")), format!("映射 {mapping_name} 指定了此工作表，但工作簿中只有：{}", names.join("、")))));
                } else if plans.iter().any(|p| p.sheet == s.sheet && p.kind == s.kind) {
                    problems.push(Issue::sheet(&s.sheet, Severity::Error, Msg::new(format!("the mapping {mapping_name} lists this sheet twice as {} — its rows would be read twice", s.kind), format!("映射 {mapping_name} 将此工作表两次列为 {}——其行会被读取两次", s.kind))));
                } else {
                    plans.push(s.clone());
                }
            }
            if m.sheets.is_empty() {
                problems.push(Issue::sheet(
                    "-",
                    Severity::Error,
                    Msg::new(
                        format!("the mapping {mapping_name} lists no sheets"),
                        format!("映射 {mapping_name} 未列出任何工作表"),
                    ),
                ));
            }
        }
        None => {
            for kind in SheetKind::ALL {
                let found: Vec<&String> = names
                    .iter()
                    .filter(|n| kind.sheet_aliases().contains(&n.trim()))
                    .collect();
                match found.as_slice() {
                    [n] => plans.push(SheetMapping { sheet: (*n).clone(), kind, header_row: 1, columns: BTreeMap::new(), fixed: BTreeMap::new() }),
                    [] if kind == SheetKind::Activity => problems.push(Issue::sheet(
                        kind.name(),
                        Severity::Error,
                        Msg::new(
                            format!(
                                "missing sheet Activity (or 活动数据); the workbook has: {} — use the template (parkaudit template) or describe your layout with --mapping (parkaudit mapping suggests one)",
                                names.join(", ")
                            ),
                            format!(
                                "缺少工作表 Activity（或“活动数据”）；工作簿中有：{}——请使用模板，或在“数据导入”步骤中设置列映射",
                                names.join("、")
                            ),
                        ),
                    )),
                    [] => {}
                    many => problems.push(Issue::sheet(
                        kind.name(),
                        Severity::Error,
                        Msg::new(
                            format!("{} sheets hold {kind} data ({}) — keep one, or name each in a mapping", many.len(), many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
                            format!("有 {} 个工作表包含 {kind} 数据（{}）——请只保留一个，或在映射中分别指定", many.len(), many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("、")),
                        ),
                    )),
                }
            }
        }
    }
    let mut unread: Vec<Issue> = names
        .iter()
        .filter(|n| !plans.iter().any(|p| &p.sheet == *n) && !INFO_SHEETS.contains(&n.as_str()))
        .map(|n| {
            Issue::sheet(
                n,
                Severity::Warning,
                Msg::new(
                    "this sheet is not read: its name is not a template sheet and no mapping names it",
                    "未读取此工作表：其名称不是模板工作表，也没有映射指定它",
                ),
            )
        })
        .collect();
    if wb.external_links() > 0 {
        unread.push(Issue::sheet(
            "(workbook)",
            Severity::Warning,
            Msg::new(
                format!(
                    "the workbook links to {} other workbook(s): values computed from them are imported as last saved, not refreshed — paste them as values, or check them against their source",
                    wb.external_links()
                ),
                format!(
                    "工作簿链接了 {} 个其他工作簿：由其计算的值按上次保存时导入，未刷新——请粘贴为数值，或与来源核对",
                    wb.external_links()
                ),
            ),
        ));
    }
    // A hidden sheet that is read: its rows are imported though nobody sees
    // them in Excel.
    for n in wb.hidden_sheets() {
        if plans.iter().any(|p| p.sheet == n) {
            unread.push(Issue::sheet(
                &n,
                Severity::Warning,
                Msg::new(
                    "this sheet is hidden in the workbook, and its rows are imported like any other — unhide it in Excel and check them",
                    "此工作表在工作簿中被隐藏，其行与其他行一样被导入——请在 Excel 中取消隐藏并检查",
                ),
            ));
        }
    }
    plans.sort_by_key(|p| p.kind);
    (
        if problems.is_empty() {
            Ok(plans)
        } else {
            Err(problems)
        },
        unread,
    )
}

/// The template version from the Instructions sheet, if the workbook has one.
fn template_version(wb: &mut Workbook) -> Option<String> {
    let sheet = wb
        .sheet_names()
        .into_iter()
        .find(|n| n == "Instructions" || n == "说明")?;
    let mut version = None;
    let _ = wb.for_each_row(&sheet, |_, cells| {
        for pair in cells.windows(2) {
            if let [Cell::Text(label), value] = pair
                && label.trim() == super::TEMPLATE_VERSION_LABEL
                && version.is_none()
            {
                version = Some(value.display().trim().to_string());
            }
        }
    });
    version
}

/// Where an id was defined in the workbook, and whether that definition was taken.
#[derive(Debug, Clone)]
struct Def {
    sheet: String,
    row: u32,
    ok: bool,
}

impl Def {
    fn at(&self) -> String {
        format!("{} row {}", self.sheet, self.row)
    }

    fn at_zh(&self) -> String {
        format!("工作表 {} 第 {} 行", self.sheet, self.row)
    }
}

struct Pass<'p> {
    project: &'p Project,
    library: &'static library::Library,
    report: ImportReport,
    entity_defs: HashMap<String, Def>,
    /// Accepted workbook entities (new ones and ones identical to the project's).
    entities_seen: HashMap<String, Entity>,
    new_entities: Vec<Entity>,
    factor_defs: HashMap<String, Def>,
    new_factors: Vec<EmissionFactor>,
    /// Records go to `base_year_activity` (ids `Y…`) instead of the inventory.
    base_year: bool,
    /// Factor id → its unit (or why it cannot be used), resolved once per import.
    factor_units: HashMap<String, Result<Unit, Msg>>,
    records: Vec<ActivityRecord>,
    /// Accepted rows of the Indicators sheet.
    indicators: Vec<crate::model::claims::IndicatorEntry>,
    next_id: u64,
    import_id: u32,
    /// Hash of (entity, period, activity, evidence) → where it was first seen.
    seen: HashMap<u64, Seen>,
}

#[derive(Clone, Copy)]
enum Seen {
    Project(usize),
    New(usize),
}

fn dup_key(entity: &str, period: crate::model::Period, activity: &str, evidence: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (entity, period, activity, evidence).hash(&mut h);
    h.finish()
}

fn next_record_number(project: &Project, base_year: bool) -> u64 {
    let (list, prefix) = if base_year {
        (&project.base_year_activity, 'Y')
    } else {
        (&project.activity, 'A')
    };
    list.iter()
        .filter_map(|r| r.id.strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        .saturating_add(1)
}

/// Factors are the same when unit, source and the set of gas components agree
/// (component order does not matter).
fn same_factor(a: &EmissionFactor, b: &EmissionFactor) -> bool {
    fn sorted(f: &EmissionFactor) -> Vec<(Gas, u64, Option<&str>)> {
        let mut v: Vec<(Gas, u64, Option<&str>)> = f
            .components
            .iter()
            .map(|c| (c.gas, c.kg_per_unit.to_bits(), c.source.as_deref()))
            .collect();
        v.sort_unstable();
        v
    }
    a.unit == b.unit && a.source == b.source && sorted(a) == sorted(b)
}

pub(super) fn run(
    project: &Project,
    wb: &mut Workbook,
    file_name: String,
    sha256: String,
    options: &ImportOptions,
) -> Result<ImportOutcome, ImportError> {
    let path = wb.path().to_path_buf();
    let (plans, unread) = plan(wb, options);
    let plans = plans.map_err(|problems| ImportError::Structure {
        path: path.clone(),
        problems,
    })?;
    let template_version = template_version(wb);
    let mut pass = Pass {
        project,
        library: library::bundled(),
        report: ImportReport {
            file_name,
            sha256,
            template_version,
            sheets: Vec::new(),
            issues: unread,
            rejected_rows: Vec::new(),
            entities_added: 0,
            factors_added: 0,
            records_added: 0,
            duplicates_of_project: 0,
            total_before_t: None,
            total_after_t: None,
        },
        entity_defs: HashMap::new(),
        entities_seen: HashMap::new(),
        new_entities: Vec::new(),
        factor_defs: HashMap::new(),
        new_factors: Vec::new(),
        factor_units: HashMap::new(),
        base_year: options.base_year,
        records: Vec::new(),
        indicators: Vec::new(),
        next_id: next_record_number(project, options.base_year),
        import_id: project
            .imports
            .iter()
            .map(|i| i.id)
            .max()
            .unwrap_or(0)
            .saturating_add(1),
        seen: HashMap::new(),
    };
    for (i, r) in project.activity.iter().enumerate() {
        pass.seen
            .entry(dup_key(
                &r.entity_id,
                r.period,
                &r.activity,
                &r.evidence_ref,
            ))
            .or_insert(Seen::Project(i));
    }

    let mut structure = Vec::new();
    for plan in &plans {
        let mut sheet = SheetReport {
            sheet: plan.sheet.clone(),
            kind: Some(plan.kind),
            header_row: plan.header_row,
            ..Default::default()
        };
        let mut layout: Option<Result<Layout, Vec<String>>> = None;
        let mut factor_rows: Vec<(FactorRow, Vec<String>)> = Vec::new();
        let mut failed_factor_rows: Vec<(u32, String)> = Vec::new();
        let mut last_row = plan.header_row;
        let mut only_ignored = 0u32;
        // The last row holding anything (spaces, ignored columns) after the
        // header: rows after the last data row up to it are blank too.
        let mut last_present = plan.header_row;
        // Hidden rows are found by a scan on a thread of its own while the sheet is read.
        let scan = wb.scan_rows(&plan.sheet);
        let read = wb.for_each_row(&plan.sheet, |row, cells| {
            if row < plan.header_row {
                return;
            }
            if row == plan.header_row {
                layout = Some(Layout::resolve(plan, cells));
                return;
            }
            let Some(Ok(l)) = &layout else { return };
            last_present = last_present.max(row);
            if rows::is_blank_row(l, cells) {
                if !rows::row_values(cells).iter().all(|v| v.trim().is_empty()) {
                    only_ignored += 1;
                }
                return; // counted from the gaps below
            }
            sheet.blank = sheet
                .blank
                .saturating_add(row.saturating_sub(last_row.saturating_add(1)));
            last_row = row;
            sheet.rows_read += 1;
            let mut r = Row::new(l, row, cells);
            match plan.kind {
                SheetKind::Entities => pass.entity_row(&mut r, &mut sheet, cells),
                SheetKind::Factors => {
                    if let Some(f) = rows::factor(&mut r) {
                        factor_rows.push((f, rows::row_values(cells)));
                    } else {
                        let id = r
                            .cell(Field::FactorId)
                            .map(|c| c.display().trim().to_string())
                            .unwrap_or_default();
                        failed_factor_rows.push((row, id));
                        pass.reject(&mut sheet, &r, cells);
                    }
                    let issues = std::mem::take(&mut r.issues);
                    pass.take_issues(&mut sheet, issues);
                }
                SheetKind::Activity => pass.activity_row(&mut r, &mut sheet, cells),
                SheetKind::Indicators => pass.indicator_row(&mut r, &mut sheet, cells),
            }
        });
        read?;
        match layout {
            None => structure.push(Issue::sheet(
                &plan.sheet,
                Severity::Error,
                Msg::new(
                    format!(
                        "no header row {} — the sheet is empty or shorter than that",
                        plan.header_row
                    ),
                    format!("没有第 {} 行表头——工作表为空或行数不足", plan.header_row),
                ),
            )),
            Some(Err(problems)) => structure.extend(problems.into_iter().map(|p| {
                Issue::sheet(
                    &plan.sheet,
                    Severity::Error,
                    Msg::new(
                        format!("header row {}: {p}", plan.header_row),
                        format!("第 {} 行表头：{p}", plan.header_row),
                    ),
                )
            })),
            Some(Ok(l)) => {
                // Blank rows between the header and the last data row are
                // counted from the gaps; these are the ones after it that
                // hold only spaces or ignored columns.
                sheet.blank = sheet
                    .blank
                    .saturating_add(last_present.saturating_sub(last_row));
                sheet.headers = l.headers.clone();
                if plan.kind == SheetKind::Factors {
                    pass.finish_factors(&l, &mut sheet, factor_rows, failed_factor_rows);
                }
                if !l.extra.is_empty() {
                    let cols: Vec<String> = l
                        .extra
                        .iter()
                        .map(|(i, h)| format!("{} ({})", h, super::schema::column_letter(*i)))
                        .collect();
                    sheet.warnings += 1;
                    pass.report.issues.push(Issue::sheet(
                        &plan.sheet,
                        Severity::Warning,
                        Msg::new(
                            format!("extra columns ignored: {}", cols.join(", ")),
                            format!("已忽略多余的列：{}", cols.join("、")),
                        ),
                    ));
                }
                let scan = scan.and_then(|h| h.join().ok()).unwrap_or_default();
                if scan.malformed > 0 {
                    sheet.warnings += 1;
                    let first: Vec<&str> = scan
                        .malformed_refs
                        .iter()
                        .take(5)
                        .map(String::as_str)
                        .collect();
                    pass.report.issues.push(Issue::sheet(
                        &plan.sheet,
                        Severity::Warning,
                        Msg::new(
                            format!(
                                "{} cell(s) carry a reference that names no cell ({}{}) and could not be read — their values are not imported; open the workbook in Excel, save it, and import it again",
                                scan.malformed,
                                first.join(", "),
                                if scan.malformed > 5 { " …" } else { "" }
                            ),
                            format!(
                                "{} 个单元格的引用不指向任何单元格（{}{}），无法读取——其值未导入；请在 Excel 中打开工作簿、保存后重新导入",
                                scan.malformed,
                                first.join("、"),
                                if scan.malformed > 5 { " …" } else { "" }
                            ),
                        ),
                    ));
                }
                let hidden: Vec<u32> = scan
                    .hidden_rows
                    .into_iter()
                    .filter(|r| *r > plan.header_row && *r <= last_present)
                    .collect();
                if !hidden.is_empty() {
                    sheet.warnings += 1;
                    let first: Vec<String> = hidden.iter().take(10).map(u32::to_string).collect();
                    pass.report.issues.push(Issue::sheet(
                        &plan.sheet,
                        Severity::Warning,
                        Msg::new(
                            format!(
                                "{} row(s) are hidden in the workbook (rows {}{}) and were read like any other — unhide them in Excel and check them",
                                hidden.len(),
                                first.join(", "),
                                if hidden.len() > 10 { " …" } else { "" }
                            ),
                            format!(
                                "工作簿中有 {} 行被隐藏（第 {}{} 行），已与其他行一样读取——请在 Excel 中取消隐藏并检查",
                                hidden.len(),
                                first.join("、"),
                                if hidden.len() > 10 { " …" } else { "" }
                            ),
                        ),
                    ));
                }
                if only_ignored > 0 {
                    sheet.warnings += 1;
                    pass.report.issues.push(Issue::sheet(
                        &plan.sheet,
                        Severity::Warning,
                        Msg::new(
                            format!("{only_ignored} row(s) have content only in ignored columns and were skipped as blank"),
                            format!("{only_ignored} 行仅在被忽略的列中有内容，已作为空行跳过"),
                        ),
                    ));
                }
            }
        }
        pass.report.sheets.push(sheet);
    }
    if !structure.is_empty() {
        return Err(ImportError::Structure {
            path,
            problems: structure,
        });
    }
    pass.finish(options, path)
}

impl Pass<'_> {
    fn take_issues(&mut self, sheet: &mut SheetReport, issues: Vec<Issue>) {
        sheet.warnings += issues.iter().filter(|i| !i.is_error()).count() as u32;
        self.report.issues.extend(issues);
    }

    fn reject(&mut self, sheet: &mut SheetReport, r: &Row<'_, '_>, cells: &[Cell<'_>]) {
        sheet.rejected += 1;
        self.report.rejected_rows.push(RejectedRow {
            sheet: sheet.sheet.clone(),
            row: r.row,
            values: rows::row_values(cells),
            reasons: r
                .issues
                .iter()
                .filter(|i| i.is_error())
                .map(|i| i.to_string())
                .collect(),
        });
    }

    fn finish(
        mut self,
        options: &ImportOptions,
        path: std::path::PathBuf,
    ) -> Result<ImportOutcome, ImportError> {
        let has_errors = self.report.errors().next().is_some();
        self.report.total_before_t = calc::compute(self.project).ok().map(|i| i.total_t_co2e);
        self.report.entities_added = self.new_entities.len() as u32;
        self.report.factors_added = self.new_factors.len() as u32;
        self.report.records_added = self.records.len() as u32;
        if has_errors && !options.skip_invalid {
            return Ok(ImportOutcome {
                report: self.report,
                batch: None,
            });
        }
        let import = provenance(self.import_id, &self.report, options);
        // The total after: the project's records and the new ones, computed
        // where they are, over a copy of everything else.
        let mut merged = self.project.without_records();
        merged.entities.extend(self.new_entities.iter().cloned());
        merged.factors.extend(self.new_factors.iter().cloned());
        if merged.gwp_snapshot.is_none() {
            merged.gwp_snapshot = Some(gwp::snapshot(merged.methodology.gwp_set));
        }
        // Base-year records are not in the inventory.
        let added: &[ActivityRecord] = if self.base_year { &[] } else { &self.records };
        let computed = calc::compute_records(&merged, &[&self.project.activity, added]);
        drop(merged);
        let inv = computed.map_err(|source| ImportError::Inventory { path, source })?;
        self.report.total_after_t = Some(inv.total_t_co2e);
        Ok(ImportOutcome {
            report: self.report,
            batch: Some(super::ImportBatch {
                import,
                entities: self.new_entities,
                factors: self.new_factors,
                records: self.records,
                indicators: self.indicators,
                base_year: self.base_year,
            }),
        })
    }
}
