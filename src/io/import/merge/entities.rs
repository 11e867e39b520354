//! The entities pass: each row a new entity, one identical to the project's,
//! or a conflict.

use super::*;

impl Pass<'_> {
    pub(super) fn entity_row(
        &mut self,
        r: &mut Row<'_, '_>,
        sheet: &mut SheetReport,
        cells: &[Cell<'_>],
    ) {
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
                                Msg::new(
                                    format!("entity {id} is repeated (same as {})", def.at()),
                                    format!("实体 {id} 重复（与{}相同）", def.at_zh()),
                                ),
                            );
                            accepted = true;
                        }
                        Some(x) if def.ok => {
                            let d = entity_diff(x, &e);
                            r.error(
                                Field::EntityId,
                                shown,
                                Msg::new(
                                    format!("entity {id} is defined again with different values than {} ({d})", def.at()),
                                    format!("实体 {id} 再次定义，取值与{}不同（{d}）", def.at_zh()),
                                ),
                            );
                        }
                        _ => r.error(
                            Field::EntityId,
                            shown,
                            Msg::new(
                                format!(
                                    "entity {id} is defined again; its definition in {} was rejected",
                                    def.at()
                                ),
                                format!("实体 {id} 再次定义；其在{}的定义已被拒绝", def.at_zh()),
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
                            Msg::new(
                                format!("entity {id} is already in the project with different values ({}) — correct the workbook or edit the project", entity_diff(p, &e)),
                                format!("项目中已有实体 {id}，取值不同（{}）——请更正工作簿或修改项目", entity_diff(p, &e)),
                            ),
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
