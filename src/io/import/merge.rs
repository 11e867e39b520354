//! The import pass: sheets in order (entities, factors, activity), every row
//! validated and cross-checked, the accepted ones merged into a copy of the project.
//!
//! Cross-references resolve in this order: the workbook's own definitions
//! (a rejected one rejects the rows that use it — never a silent fallback),
//! then the project, then the bundled library (whose factors are frozen into
//! the project), then — for an empty factor id — the methodology's default rule.

use super::issue::{Issue, Severity};
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
                    problems.push(Issue::sheet(&s.sheet, Severity::Error, format!("the mapping {mapping_name} names this sheet, but the workbook has only: {}", names.join(", "))));
                } else if plans.iter().any(|p| p.sheet == s.sheet && p.kind == s.kind) {
                    problems.push(Issue::sheet(&s.sheet, Severity::Error, format!("the mapping {mapping_name} lists this sheet twice as {} — its rows would be read twice", s.kind)));
                } else {
                    plans.push(s.clone());
                }
            }
            if m.sheets.is_empty() {
                problems.push(Issue::sheet(
                    "-",
                    Severity::Error,
                    format!("the mapping {mapping_name} lists no sheets"),
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
                        format!(
                            "missing sheet Activity (or 活动数据); the workbook has: {} — use the template (parkaudit template) or describe your layout with --mapping (parkaudit mapping suggests one)",
                            names.join(", ")
                        ),
                    )),
                    [] => {}
                    many => problems.push(Issue::sheet(
                        kind.name(),
                        Severity::Error,
                        format!("{} sheets hold {kind} data ({}) — keep one, or name each in a mapping", many.len(), many.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")),
                    )),
                }
            }
        }
    }
    let unread: Vec<Issue> = names
        .iter()
        .filter(|n| !plans.iter().any(|p| &p.sheet == *n) && !INFO_SHEETS.contains(&n.as_str()))
        .map(|n| {
            Issue::sheet(
                n,
                Severity::Warning,
                "this sheet is not read: its name is not a template sheet and no mapping names it",
            )
        })
        .collect();
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
    factor_units: HashMap<String, Result<Unit, String>>,
    records: Vec<ActivityRecord>,
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
    let sorted = |f: &EmissionFactor| {
        let mut v: Vec<(Gas, u64)> = f
            .components
            .iter()
            .map(|c| (c.gas, c.kg_per_unit.to_bits()))
            .collect();
        v.sort_unstable();
        v
    };
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
        let read = wb.for_each_row(&plan.sheet, |row, cells| {
            if row < plan.header_row {
                return;
            }
            if row == plan.header_row {
                layout = Some(Layout::resolve(plan, cells));
                return;
            }
            let Some(Ok(l)) = &layout else { return };
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
            }
        });
        read?;
        match layout {
            None => structure.push(Issue::sheet(
                &plan.sheet,
                Severity::Error,
                format!(
                    "no header row {} — the sheet is empty or shorter than that",
                    plan.header_row
                ),
            )),
            Some(Err(problems)) => structure.extend(problems.into_iter().map(|p| {
                Issue::sheet(
                    &plan.sheet,
                    Severity::Error,
                    format!("header row {}: {p}", plan.header_row),
                )
            })),
            Some(Ok(l)) => {
                // Blank rows between the header and the last data row.
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
                        format!("extra columns ignored: {}", cols.join(", ")),
                    ));
                }
                if only_ignored > 0 {
                    sheet.warnings += 1;
                    sheet.blank += only_ignored;
                    pass.report.issues.push(Issue::sheet(
                        &plan.sheet,
                        Severity::Warning,
                        format!("{only_ignored} row(s) have content only in ignored columns and were skipped as blank"),
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

    fn entity_row(&mut self, r: &mut Row<'_, '_>, sheet: &mut SheetReport, cells: &[Cell<'_>]) {
        let here = Def {
            sheet: sheet.sheet.clone(),
            row: r.row,
            ok: false,
        };
        let mut accepted = false;
        match rows::entity(r) {
            Some(e) => {
                let id = e.id.clone();
                let shown = Some(id.clone());
                if let Some(def) = self.entity_defs.get(&id).cloned() {
                    match self.entities_seen.get(&id) {
                        Some(x) if def.ok && *x == e => {
                            r.warn(
                                Field::EntityId,
                                shown,
                                format!("entity {id} is repeated (same as {})", def.at()),
                            );
                            accepted = true;
                        }
                        Some(x) if def.ok => {
                            let d = entity_diff(x, &e);
                            r.error(Field::EntityId, shown, format!("entity {id} is defined again with different values than {} ({d})", def.at()));
                        }
                        _ => r.error(
                            Field::EntityId,
                            shown,
                            format!(
                                "entity {id} is defined again; its definition in {} was rejected",
                                def.at()
                            ),
                        ),
                    }
                } else if let Some(p) = self.project.entity(&id) {
                    if *p == e {
                        accepted = true; // already in the project, unchanged
                        self.entities_seen.insert(id.clone(), e);
                        self.entity_defs.insert(id, Def { ok: true, ..here });
                    } else {
                        r.error(
                            Field::EntityId,
                            shown,
                            format!("entity {id} is already in the project with different values ({}) — correct the workbook or edit the project", entity_diff(p, &e)),
                        );
                        // Rows that use this id must not fall back to the project's definition.
                        self.entity_defs.insert(id, here);
                    }
                } else {
                    accepted = true;
                    self.entities_seen.insert(id.clone(), e.clone());
                    self.entity_defs.insert(id, Def { ok: true, ..here });
                    self.new_entities.push(e);
                }
            }
            None => {
                if let Some(id) = r
                    .cell(Field::EntityId)
                    .map(|c| c.display().trim().to_string())
                    .filter(|s| !s.is_empty())
                {
                    self.entity_defs.entry(id).or_insert(here);
                }
            }
        }
        if accepted {
            sheet.accepted += 1;
        } else {
            self.reject(sheet, r, cells);
        }
        let issues = std::mem::take(&mut r.issues);
        self.take_issues(sheet, issues);
    }

    /// Groups factor rows by id and checks each factor as a whole: one unit,
    /// one source and provenance, each gas once, a GWP for each gas, and no
    /// conflict with the project or another sheet.
    fn finish_factors(
        &mut self,
        layout: &Layout,
        sheet: &mut SheetReport,
        factor_rows: Vec<(FactorRow, Vec<String>)>,
        failed: Vec<(u32, String)>,
    ) {
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<(FactorRow, Vec<String>)>> = HashMap::new();
        for (f, values) in factor_rows {
            if !groups.contains_key(&f.id) {
                order.push(f.id.clone());
            }
            groups.entry(f.id.clone()).or_default().push((f, values));
        }
        // Factors all of whose rows failed: remember them as rejected.
        for (row, id) in &failed {
            if !id.is_empty() && !groups.contains_key(id) && !self.factor_defs.contains_key(id) {
                self.factor_defs.insert(
                    id.clone(),
                    Def {
                        sheet: layout.sheet.clone(),
                        row: *row,
                        ok: false,
                    },
                );
            }
        }
        for id in order {
            let Some(group) = groups.remove(&id) else {
                continue;
            };
            let Some((head, _)) = group.first() else {
                continue;
            };
            let first = head.row;
            let mut problems: Vec<(u32, Field, Option<String>, String)> = Vec::new();
            if let Some((bad_row, _)) = failed.iter().find(|(_, fid)| *fid == id) {
                problems.push((first, Field::FactorId, Some(id.clone()), format!("another row of factor {id} (row {bad_row}) is invalid, so the factor is not taken")));
            }
            if let Some(def) = self.factor_defs.get(&id) {
                problems.push((
                    first,
                    Field::FactorId,
                    Some(id.clone()),
                    format!(
                        "factor {id} is already defined in {} — one definition per factor",
                        def.at()
                    ),
                ));
            }
            for (f, _) in group.iter().skip(1) {
                if f.unit != head.unit {
                    problems.push((f.row, Field::Unit, Some(f.unit.to_string()), format!("factor {id} is per {} in row {}, per {} here — one factor has one unit", head.unit, head.row, f.unit)));
                }
                if f.source != head.source {
                    problems.push((
                        f.row,
                        Field::Source,
                        Some(f.source.clone()),
                        format!("factor {id} cites a different source in row {}", head.row),
                    ));
                }
                if f.description != head.description
                    || f.year != head.year
                    || f.region != head.region
                {
                    problems.push((
                        f.row,
                        Field::FactorId,
                        Some(id.clone()),
                        format!(
                            "factor {id} has a different description, year or region than row {}",
                            head.row
                        ),
                    ));
                }
            }
            for (i, (f, _)) in group.iter().enumerate() {
                if let Some((g, _)) = group.iter().take(i).find(|(g, _)| g.gas == f.gas) {
                    problems.push((
                        f.row,
                        Field::Gas,
                        Some(f.gas.to_string()),
                        format!(
                            "factor {id} lists {} twice (also row {}) — one row per gas",
                            f.gas, g.row
                        ),
                    ));
                }
                if gwp::for_project(self.project, f.gas).is_none() {
                    let set = self.project.methodology.gwp_set;
                    problems.push((f.row, Field::Gas, Some(f.gas.to_string()), format!("{} has no GWP under {set}, the project's GWP set — express it in CO2e or change the set", f.gas)));
                }
            }
            let factor = EmissionFactor {
                id: id.clone(),
                description: head.description.clone(),
                unit: head.unit,
                components: group
                    .iter()
                    .map(|(f, _)| GasComponent {
                        gas: f.gas,
                        kg_per_unit: f.kg_per_unit,
                    })
                    .collect(),
                source: head.source.clone(),
                year: head.year,
                region: head.region.clone(),
                activity_key: None,
                derivation: None,
                library_version: None,
            };
            let mut is_new = true;
            if let Some(p) = self.project.factor(&id) {
                if same_factor(p, &factor) {
                    is_new = false;
                } else {
                    problems.push((first, Field::FactorId, Some(id.clone()), format!("factor {id} is already in the project with different values — give the workbook's factor another id")));
                }
            }
            let ok = problems.is_empty();
            if !self.factor_defs.contains_key(&id) {
                self.factor_defs.insert(
                    id.clone(),
                    Def {
                        sheet: layout.sheet.clone(),
                        row: first,
                        ok,
                    },
                );
            }
            if ok {
                sheet.accepted += group.len() as u32;
                if is_new {
                    self.new_factors.push(factor);
                }
                continue;
            }
            let see = problems.first().map_or(first, |p| p.0);
            for (f, values) in &group {
                let mut reasons: Vec<Issue> = problems
                    .iter()
                    .filter(|p| p.0 == f.row)
                    .map(|(row, field, value, msg)| {
                        Issue::at(
                            layout,
                            Severity::Error,
                            *row,
                            *field,
                            value.clone(),
                            msg.clone(),
                        )
                    })
                    .collect();
                if reasons.is_empty() {
                    reasons.push(Issue::at(
                        layout,
                        Severity::Error,
                        f.row,
                        Field::FactorId,
                        Some(id.clone()),
                        format!("factor {id} is rejected (see row {see})"),
                    ));
                }
                sheet.rejected += 1;
                self.report.rejected_rows.push(RejectedRow {
                    sheet: layout.sheet.clone(),
                    row: f.row,
                    values: values.clone(),
                    reasons: reasons.iter().map(|i| i.to_string()).collect(),
                });
                self.report.issues.extend(reasons);
            }
        }
    }

    /// The unit of a factor id a record uses: the workbook's definition, the
    /// project's, or the library's (frozen into the project on first use).
    fn factor_unit(&mut self, id: &str) -> Result<Unit, String> {
        // Rows reuse a handful of factors: resolve each id once.
        if let Some(hit) = self.factor_units.get(id) {
            return hit.clone();
        }
        let resolved = self.resolve_factor_unit(id);
        self.factor_units.insert(id.to_string(), resolved.clone());
        resolved
    }

    fn resolve_factor_unit(&mut self, id: &str) -> Result<Unit, String> {
        if let Some(def) = self.factor_defs.get(id) {
            if !def.ok {
                return Err(format!("factor {id} was rejected ({})", def.at()));
            }
            if let Some(f) = self.new_factors.iter().find(|f| f.id == id) {
                return Ok(f.unit);
            }
        }
        if let Some(f) = self.project.factor(id) {
            return Ok(f.unit);
        }
        if let Some(lf) = self.library.factor(id) {
            if let Some(g) = lf
                .factor
                .components
                .iter()
                .find(|c| gwp::for_project(self.project, c.gas).is_none())
            {
                return Err(format!(
                    "library factor {id} has {} with no GWP under {}",
                    g.gas, self.project.methodology.gwp_set
                ));
            }
            self.new_factors.push(lf.factor.clone());
            self.factor_defs.insert(
                id.to_string(),
                Def {
                    sheet: "library".into(),
                    row: 0,
                    ok: true,
                },
            );
            return Ok(lf.factor.unit);
        }
        Err(format!(
            "unknown factor '{id}' — define it in the Factors sheet, the project, or use a library id (parkaudit factors)"
        ))
    }

    fn activity_row(&mut self, r: &mut Row<'_, '_>, sheet: &mut SheetReport, cells: &[Cell<'_>]) {
        let year = if self.base_year {
            self.project.park.base_year
        } else {
            self.project.park.reporting_year
        };
        let parsed = rows::activity(r, year);
        let record = parsed.and_then(|a| self.cross_check(r, a));
        match record {
            Some(rec) => {
                let key = dup_key(&rec.entity_id, rec.period, &rec.activity, &rec.evidence_ref);
                match self.seen.get(&key).copied() {
                    Some(Seen::Project(i))
                        if self
                            .project
                            .activity
                            .get(i)
                            .is_some_and(|o| same_key(o, &rec)) =>
                    {
                        let id = self
                            .project
                            .activity
                            .get(i)
                            .map(|o| o.id.clone())
                            .unwrap_or_default();
                        r.warn(Field::EvidenceRef, Some(rec.evidence_ref.clone()), format!("possible duplicate of record {id} already in the project (same entity, period, activity and evidence) — kept; check it"));
                    }
                    Some(Seen::New(i))
                        if self.records.get(i).is_some_and(|o| same_key(o, &rec)) =>
                    {
                        let at = self
                            .records
                            .get(i)
                            .and_then(|o| o.source.as_ref())
                            .map_or(String::new(), |s| format!("{} row {}", s.sheet, s.row));
                        r.warn(Field::EvidenceRef, Some(rec.evidence_ref.clone()), format!("possible duplicate of {at} (same entity, period, activity and evidence) — kept; check it"));
                    }
                    Some(_) => {}
                    None => {
                        self.seen.insert(key, Seen::New(self.records.len()));
                    }
                }
                self.records.push(rec);
                sheet.accepted += 1;
            }
            None => self.reject(sheet, r, cells),
        }
        let issues = std::mem::take(&mut r.issues);
        self.take_issues(sheet, issues);
    }

    fn cross_check(&mut self, r: &mut Row<'_, '_>, a: ActivityRow) -> Option<ActivityRecord> {
        match self.entity_defs.get(&a.entity_id) {
            Some(def) if !def.ok => {
                let msg = format!("entity {} was rejected ({})", a.entity_id, def.at());
                r.error(Field::EntityId, Some(a.entity_id.clone()), msg);
            }
            Some(_) => {}
            None if self.project.entity(&a.entity_id).is_some() => {}
            None => r.error(
                Field::EntityId,
                Some(a.entity_id.clone()),
                format!(
                    "unknown entity '{}' — add it to the Entities sheet or the project",
                    a.entity_id
                ),
            ),
        }
        // No factor named: the methodology's default rule chooses, and says why.
        let (factor_id, market_factor_id, factor_rule) = match a.factor_id {
            Some(id) => (id, a.market_factor_id, None),
            None => {
                match defaults::choose(self.library, self.project, &a.activity, a.unit, a.scope) {
                    Ok(c) => {
                        let market = a.market_factor_id.or(c.market_factor_id);
                        (c.factor_id, market, Some(c.rule))
                    }
                    Err(why) => {
                        r.error(
                            Field::FactorId,
                            None,
                            format!("factor_id is empty and no default applies: {why}"),
                        );
                        return None;
                    }
                }
            }
        };
        for (field, id) in [
            (Field::FactorId, Some(&factor_id)),
            (Field::MarketFactorId, market_factor_id.as_ref()),
        ] {
            let Some(id) = id else { continue };
            match self.factor_unit(id) {
                Ok(fu) => {
                    if conversion_factor(a.unit, fu).is_err() {
                        r.error(
                            Field::Unit,
                            Some(a.unit.to_string()),
                            format!("unit {} ({}) does not fit factor {id}, which is per {fu} ({}) — record the quantity in a {} unit or choose another factor", a.unit, a.unit.dimension(), fu.dimension(), fu.dimension()),
                        );
                    }
                }
                Err(msg) => r.error(field, Some(id.clone()), msg),
            }
        }
        if r.has_errors() {
            return None;
        }
        let id = format!(
            "{}{:05}",
            if self.base_year { 'Y' } else { 'A' },
            self.next_id
        );
        self.next_id = self.next_id.saturating_add(1);
        Some(ActivityRecord {
            id,
            entity_id: a.entity_id,
            period: a.period,
            scope: a.scope,
            category: a.category,
            activity: a.activity,
            quantity: a.quantity,
            unit: a.unit,
            factor_id,
            market_factor_id,
            evidence_ref: a.evidence_ref,
            source: Some(RecordSource {
                import: self.import_id,
                sheet: r.layout.sheet.clone(),
                row: a.row,
            }),
            factor_rule,
        })
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
        // The total after: the records on a copy of the project, moved back after.
        let mut merged = self.project.clone();
        merged.entities.extend(self.new_entities.iter().cloned());
        merged.factors.extend(self.new_factors.iter().cloned());
        if merged.gwp_snapshot.is_none() {
            merged.gwp_snapshot = Some(gwp::snapshot(merged.methodology.gwp_set));
        }
        let list = if self.base_year {
            &mut merged.base_year_activity
        } else {
            &mut merged.activity
        };
        let at = list.len();
        list.append(&mut self.records);
        let computed = calc::compute(&merged);
        let list = if self.base_year {
            &mut merged.base_year_activity
        } else {
            &mut merged.activity
        };
        self.records = list.split_off(at);
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
                base_year: self.base_year,
            }),
        })
    }
}

fn same_key(a: &ActivityRecord, b: &ActivityRecord) -> bool {
    a.entity_id == b.entity_id
        && a.period == b.period
        && a.activity == b.activity
        && a.evidence_ref == b.evidence_ref
}

fn entity_diff(a: &Entity, b: &Entity) -> String {
    let mut d = Vec::new();
    if a.name != b.name {
        d.push(format!("name '{}' vs '{}'", a.name, b.name));
    }
    if a.sector != b.sector {
        d.push(format!("sector {} vs {}", a.sector, b.sector));
    }
    if a.ownership_pct != b.ownership_pct {
        d.push(format!(
            "ownership_pct {} vs {}",
            a.ownership_pct, b.ownership_pct
        ));
    }
    if a.operational_control != b.operational_control {
        d.push("operational_control".into());
    }
    if a.financial_control != b.financial_control {
        d.push("financial_control".into());
    }
    if a.included != b.included {
        d.push("included".into());
    }
    if a.exclusion_reason != b.exclusion_reason {
        d.push("exclusion_reason".into());
    }
    if a.name_zh != b.name_zh || a.kind != b.kind {
        d.push("name_zh or kind".into());
    }
    if d.is_empty() {
        "same values".into()
    } else {
        d.join("; ")
    }
}
