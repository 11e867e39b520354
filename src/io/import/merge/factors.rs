//! The factors pass: rows grouped by factor id and checked as a whole (one
//! unit, no conflicting value for a gas; each gas may cite its own source),
//! then each factor's unit resolved once for the activity pass.

use super::*;

impl Pass<'_> {
    /// Groups factor rows by id and checks each factor as a whole: one unit,
    /// one description, year and region, each gas once (with its own source), a GWP for each gas, and no
    /// conflict with the project or another sheet.
    pub(super) fn finish_factors(
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
            let mut problems: Vec<(u32, Field, Option<String>, Msg)> = Vec::new();
            if let Some((bad_row, _)) = failed.iter().find(|(_, fid)| *fid == id) {
                problems.push((first, Field::FactorId, Some(id.clone()), Msg::new(format!("another row of factor {id} (row {bad_row}) is invalid, so the factor is not taken"), format!("因子 {id} 的另一行（第 {bad_row} 行）无效，因此不采用该因子"))));
            }
            if let Some(def) = self.factor_defs.get(&id) {
                problems.push((
                    first,
                    Field::FactorId,
                    Some(id.clone()),
                    Msg::new(
                        format!(
                            "factor {id} is already defined in {} — one definition per factor",
                            def.at()
                        ),
                        format!("因子 {id} 已在{}定义——每个因子只能定义一次", def.at_zh()),
                    ),
                ));
            }
            for (f, _) in group.iter().skip(1) {
                if f.unit != head.unit {
                    problems.push((f.row, Field::Unit, Some(f.unit.to_string()), Msg::new(format!("factor {id} is per {} in row {}, per {} here — one factor has one unit", head.unit, head.row, f.unit), format!("因子 {id} 在第 {} 行按 {} 计，此处按 {} 计——一个因子只能有一个单位", head.row, head.unit, f.unit))));
                }
                if f.description != head.description
                    || f.year != head.year
                    || f.region != head.region
                {
                    problems.push((
                        f.row,
                        Field::FactorId,
                        Some(id.clone()),
                        Msg::new(
                            format!(
                                "factor {id} has a different description, year or region than row {}",
                                head.row
                            ),
                            format!("因子 {id} 的描述、年份或地区与第 {} 行不同", head.row),
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
                        Msg::new(
                            format!(
                                "factor {id} lists {} twice (also row {}) — one row per gas",
                                f.gas, g.row
                            ),
                            format!(
                                "因子 {id} 两次列出 {}（另见第 {} 行）——每种气体一行",
                                f.gas, g.row
                            ),
                        ),
                    ));
                }
                if gwp::for_project(self.project, f.gas).is_none() {
                    let set = self.project.methodology.gwp_set;
                    problems.push((f.row, Field::Gas, Some(f.gas.to_string()), Msg::new(format!("{} has no GWP under {set}, the project's GWP set — express it in CO2e or change the set", f.gas), format!("{} 在项目的 GWP 取值 {set} 下没有 GWP——请以 CO2e 表示或更换 GWP 取值", f.gas))));
                }
            }
            // Gases may cite different tables (CO₂ from one, CH₄ and N₂O from
            // another); each then keeps its own source.
            let per_gas = group.iter().any(|(f, _)| f.source != head.source);
            let factor = EmissionFactor {
                id: id.clone(),
                description: head.description.clone(),
                unit: head.unit,
                components: group
                    .iter()
                    .map(|(f, _)| GasComponent {
                        gas: f.gas,
                        kg_per_unit: f.kg_per_unit,
                        // Each gas keeps its own citation when the rows differ.
                        source: per_gas.then(|| f.source.clone()),
                        table: None,
                    })
                    .collect(),
                source: if per_gas {
                    combined_source(&group)
                } else {
                    head.source.clone()
                },
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
                    problems.push((first, Field::FactorId, Some(id.clone()), Msg::new(format!("factor {id} is already in the project with different values — give the workbook's factor another id"), format!("项目中已有因子 {id}，取值不同——请给工作簿中的因子另起编号"))));
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
                        Msg::new(
                            format!("factor {id} is rejected (see row {see})"),
                            format!("因子 {id} 被拒绝（见第 {see} 行）"),
                        ),
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
    pub(super) fn factor_unit(&mut self, id: &str) -> Result<Unit, Msg> {
        // Rows reuse a handful of factors: resolve each id once.
        if let Some(hit) = self.factor_units.get(id) {
            return hit.clone();
        }
        let resolved = self.resolve_factor_unit(id);
        self.factor_units.insert(id.to_string(), resolved.clone());
        resolved
    }

    fn resolve_factor_unit(&mut self, id: &str) -> Result<Unit, Msg> {
        if let Some(def) = self.factor_defs.get(id) {
            if !def.ok {
                return Err(Msg::new(
                    format!("factor {id} was rejected ({})", def.at()),
                    format!("因子 {id} 已被拒绝（{}）", def.at_zh()),
                ));
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
                let set = self.project.methodology.gwp_set;
                return Err(Msg::new(
                    format!("library factor {id} has {} with no GWP under {set}", g.gas),
                    format!("因子库因子 {id} 含 {}，在 {set} 下没有 GWP", g.gas),
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
        Err(Msg::new(
            format!(
                "unknown factor '{id}' — define it in the Factors sheet, the project, or use a library id (parkaudit factors)"
            ),
            format!(
                "未知因子“{id}”——请在“因子”工作表或项目中定义，或使用因子库编号（parkaudit factors）"
            ),
        ))
    }
}

/// The factor's citation when its gases cite different sources: each source
/// once, with the gases that cite it, in the rows' order
/// (`CO2: IPCC … Table 1.4; CH4, N2O: IPCC … Table 2.3`).
fn combined_source(group: &[(FactorRow, Vec<String>)]) -> String {
    let mut by_source: Vec<(&str, Vec<&str>)> = Vec::new();
    for (f, _) in group {
        match by_source.iter_mut().find(|(s, _)| *s == f.source) {
            Some((_, gases)) => gases.push(f.gas.code()),
            None => by_source.push((&f.source, vec![f.gas.code()])),
        }
    }
    by_source
        .iter()
        .map(|(source, gases)| format!("{}: {source}", gases.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}
