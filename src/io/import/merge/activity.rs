//! The activity pass: each row cross-checked against the entities and
//! factors (the workbook's, the project's, the library's, the default rules),
//! duplicates flagged.

use super::*;

impl Pass<'_> {
    pub(super) fn activity_row(
        &mut self,
        r: &mut Row<'_, '_>,
        sheet: &mut SheetReport,
        cells: &[Cell<'_>],
    ) {
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
                        self.report.duplicates_of_project += 1;
                        r.warn(Field::EvidenceRef, Some(rec.evidence_ref.clone()), Msg::new(format!("possible duplicate of record {id} already in the project (same entity, period, activity and evidence) — kept; check it"), format!("可能与项目中已有的记录 {id} 重复（实体、期间、活动和证据均相同）——已保留，请检查")));
                    }
                    Some(Seen::New(i))
                        if self.records.get(i).is_some_and(|o| same_key(o, &rec)) =>
                    {
                        let source = self.records.get(i).and_then(|o| o.source.as_ref());
                        let at =
                            source.map_or(String::new(), |s| format!("{} row {}", s.sheet, s.row));
                        let at_zh = source.map_or(String::new(), |s| {
                            format!("工作表 {} 第 {} 行", s.sheet, s.row)
                        });
                        r.warn(Field::EvidenceRef, Some(rec.evidence_ref.clone()), Msg::new(format!("possible duplicate of {at} (same entity, period, activity and evidence) — kept; check it"), format!("可能与{at_zh}重复（实体、期间、活动和证据均相同）——已保留，请检查")));
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
                let msg = Msg::new(
                    format!("entity {} was rejected ({})", a.entity_id, def.at()),
                    format!("实体 {} 已被拒绝（{}）", a.entity_id, def.at_zh()),
                );
                r.error(Field::EntityId, Some(a.entity_id.clone()), msg);
            }
            Some(_) => {}
            None if self.project.entity(&a.entity_id).is_some() => {}
            None => r.error(
                Field::EntityId,
                Some(a.entity_id.clone()),
                Msg::new(
                    format!(
                        "unknown entity '{}' — add it to the Entities sheet or the project",
                        a.entity_id
                    ),
                    format!("未知实体“{}”——请将其加入“实体”工作表或项目", a.entity_id),
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
                            Msg::new(
                                format!("factor_id is empty and no default applies: {}", why.en),
                                format!("factor_id 为空，且没有适用的默认规则：{}", why.zh),
                            ),
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
                            Msg::new(
                                format!("unit {} ({}) does not fit factor {id}, which is per {fu} ({}) — record the quantity in a {} unit or choose another factor", a.unit, a.unit.dimension(), fu.dimension(), fu.dimension()),
                                format!("单位 {}（{}）与因子 {id} 不匹配，该因子按 {fu}（{}）计——请以{}单位记录数量，或选择其他因子", a.unit, a.unit.dimension(), fu.dimension(), fu.dimension()),
                            ),
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
            data_type: a.data_type,
        })
    }
}

fn same_key(a: &ActivityRecord, b: &ActivityRecord) -> bool {
    a.entity_id == b.entity_id
        && a.period == b.period
        && a.activity == b.activity
        && a.evidence_ref == b.evidence_ref
}
