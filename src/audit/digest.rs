//! Canonical section digests (project format 2): the SHA-256 a sign-off is
//! bound to, computed over an explicit encoding written field by field into
//! the hasher — independent of serde and of the order of fields in the Rust
//! structs, streamed (no section is ever built as one string), and specified in
//! `docs/project-format.md` so that another implementation can recompute it.
//!
//! The encoding, in short: a domain string, then each field as
//! `tag · name · value`, where `name` is a length-prefixed ASCII name and the
//! tag says how the value is written (`s` string, `f` f64, `i` i64, `b` bool,
//! `l` list of objects, `o`…`e` object). A field whose value is absent — `None`,
//! an empty string, an empty list or map — is not written at all: a field
//! added to the model later leaves every digest made before unchanged until
//! it is set.

use crate::calc::Inventory;
use crate::calc::summary::InventorySummary;
use crate::model::{
    ActivityRecord, EmissionFactor, Entity, Finding, ImportRecord, Project, SampleTest, Section,
};
use sha2::{Digest, Sha256};

/// The prefix of every section digest's input (with the section's key).
pub const DOMAIN: &str = "parkaudit/section-digest/v2";

/// A SHA-256 fed with canonically encoded fields.
pub struct Canon {
    h: Sha256,
}

impl Canon {
    /// A digest of the section named `section`.
    pub fn new(section: &str) -> Canon {
        let mut c = Canon { h: Sha256::new() };
        c.raw_str(DOMAIN);
        c.raw_str(section);
        c
    }

    fn raw_str(&mut self, s: &str) {
        self.h.update((s.len() as u64).to_be_bytes());
        self.h.update(s.as_bytes());
    }

    fn tag(&mut self, tag: u8, name: &str) {
        self.h.update([tag]);
        self.raw_str(name);
    }

    /// A string field; omitted when empty.
    pub fn str(&mut self, name: &str, v: &str) -> &mut Canon {
        if !v.is_empty() {
            self.tag(b's', name);
            self.raw_str(v);
        }
        self
    }

    /// An optional string field; omitted when `None` or empty.
    pub fn opt(&mut self, name: &str, v: Option<&str>) -> &mut Canon {
        if let Some(v) = v {
            self.str(name, v);
        }
        self
    }

    /// A number: IEEE 754 binary64, big-endian, with −0 written as +0 and
    /// every NaN as 0x7FF8000000000000.
    pub fn f64(&mut self, name: &str, v: f64) -> &mut Canon {
        self.tag(b'f', name);
        let bits = if v.is_nan() {
            0x7FF8_0000_0000_0000
        } else if v == 0.0 {
            0
        } else {
            v.to_bits()
        };
        self.h.update(bits.to_be_bytes());
        self
    }

    /// An integer, as a big-endian i64.
    pub fn int(&mut self, name: &str, v: i64) -> &mut Canon {
        self.tag(b'i', name);
        self.h.update(v.to_be_bytes());
        self
    }

    pub fn bool(&mut self, name: &str, v: bool) -> &mut Canon {
        self.tag(b'b', name);
        self.h.update([u8::from(v)]);
        self
    }

    /// A list of objects (count, then each object between `o` and `e`);
    /// omitted when empty.
    pub fn list<T>(
        &mut self,
        name: &str,
        items: impl IntoIterator<Item = T>,
        mut each: impl FnMut(&mut Canon, T),
    ) -> &mut Canon {
        let mut items = items.into_iter().peekable();
        if items.peek().is_none() {
            return self;
        }
        self.tag(b'l', name);
        for item in items {
            self.h.update([b'o']);
            each(self, item);
            self.h.update([b'e']);
        }
        // The end of the list: a count would need the items twice.
        self.h.update([b']']);
        self
    }

    /// A nested object; `None` omits it.
    pub fn obj<T>(
        &mut self,
        name: &str,
        v: Option<T>,
        each: impl FnOnce(&mut Canon, T),
    ) -> &mut Canon {
        if let Some(v) = v {
            self.tag(b'o', name);
            each(self, v);
            self.h.update([b'e']);
        }
        self
    }

    /// A list of strings; omitted when empty.
    pub fn strs<'a>(&mut self, name: &str, v: impl IntoIterator<Item = &'a str>) -> &mut Canon {
        self.list(name, v, |c, s| {
            c.str("v", s);
        })
    }

    /// A map of string keys to numbers, in key order; omitted when empty.
    pub fn map<'a>(
        &mut self,
        name: &str,
        v: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> &mut Canon {
        self.list(name, v, |c, (k, x)| {
            c.str("k", k).f64("v", x);
        })
    }

    /// The digest, lower-case hex.
    pub fn finish(self) -> String {
        self.h
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn entity(c: &mut Canon, e: &Entity) {
    c.str("id", &e.id)
        .str("name", &e.name)
        .str("name_zh", &e.name_zh)
        .str("sector", &e.sector)
        .str(
            "kind",
            match e.kind {
                crate::model::EntityKind::Tenant => "tenant",
                crate::model::EntityKind::SharedInfrastructure => "shared-infrastructure",
            },
        )
        .f64("ownership_pct", e.ownership_pct)
        .bool("operational_control", e.operational_control)
        .bool("financial_control", e.financial_control)
        .bool("included", e.included)
        .opt("exclusion_reason", e.exclusion_reason.as_deref());
}

fn factor(c: &mut Canon, f: &EmissionFactor) {
    c.str("id", &f.id)
        .str("description", &f.description)
        .str("unit", f.unit.as_str())
        .list("components", &f.components, |c, g| {
            c.str("gas", g.gas.code())
                .f64("kg_per_unit", g.kg_per_unit)
                .opt("source", g.source.as_deref())
                .opt("table", g.table.as_deref());
        })
        .str("source", &f.source)
        .obj("year", f.year, |c, y| {
            c.int("v", i64::from(y));
        })
        .str("region", &f.region)
        .opt("activity_key", f.activity_key.as_deref())
        .opt("derivation", f.derivation.as_deref())
        .opt("library_version", f.library_version.as_deref());
}

/// One activity record (the Data section streams every record through this).
pub fn record(c: &mut Canon, r: &ActivityRecord) {
    c.str("id", &r.id)
        .str("entity_id", &r.entity_id)
        .str("period", &r.period.to_string())
        .int("scope", i64::from(r.scope.number()))
        .int("category", i64::from(r.category.number()))
        .str("activity", &r.activity)
        .f64("quantity", r.quantity)
        .str("unit", r.unit.as_str())
        .str("factor_id", &r.factor_id)
        .opt("market_factor_id", r.market_factor_id.as_deref())
        .str("evidence_ref", &r.evidence_ref)
        .obj("source", r.source.as_ref(), |c, s| {
            c.int("import", i64::from(s.import))
                .str("sheet", &s.sheet)
                .int("row", i64::from(s.row));
        })
        .opt("factor_rule", r.factor_rule.as_deref())
        .opt("data_type", r.data_type.map(|t| t.key()));
}

fn import(c: &mut Canon, i: &ImportRecord) {
    c.int("id", i64::from(i.id))
        .str("file_name", &i.file_name)
        .str("sha256", &i.sha256)
        .str("imported_at", &i.imported_at)
        .opt("template_version", i.template_version.as_deref())
        .opt("mapping", i.mapping.as_deref())
        .list("sheets", &i.sheets, |c, s| {
            c.str("sheet", &s.sheet)
                .str("kind", &s.kind)
                .int("rows_read", i64::from(s.rows_read))
                .int("accepted", i64::from(s.accepted))
                .int("rejected", i64::from(s.rejected))
                .int("blank", i64::from(s.blank))
                .int("warnings", i64::from(s.warnings));
        })
        .list("rejected_rows", &i.rejected_rows, |c, r| {
            c.str("sheet", &r.sheet)
                .int("row", i64::from(r.row))
                .strs("reasons", r.reasons.iter().map(String::as_str));
        })
        .int("entities_added", i64::from(i.entities_added))
        .int("factors_added", i64::from(i.factors_added))
        .int("records_added", i64::from(i.records_added));
}

fn finding(c: &mut Canon, f: &Finding) {
    c.str("id", &f.id)
        .str("kind", f.kind.key())
        .opt("request", f.request.map(|r| r.key()))
        .str("title", &f.title)
        .strs("record_ids", f.record_ids.iter().map(String::as_str))
        .strs("entity_ids", f.entity_ids.iter().map(String::as_str))
        .strs("goods", f.goods.iter().map(String::as_str))
        .strs("indicators", f.indicators.iter().map(String::as_str))
        .f64("impact_t", f.impact_t)
        .bool("corrected", f.corrected)
        .str("status", f.status.key())
        .str("client_response", &f.client_response)
        .str("conclusion", &f.conclusion)
        .str("raised_by", &f.raised_by)
        .str("raised_at", &f.raised_at);
}

fn test(c: &mut Canon, t: &SampleTest) {
    c.str("record_id", &t.record_id)
        .str("result", t.result.key());
    if let crate::model::TestResult::Misstated { verified_quantity } = t.result {
        c.f64("verified_quantity", verified_quantity);
    }
    c.str("evidence_ref", &t.evidence_ref)
        .str("tickmark", &t.tickmark)
        .str("comment", &t.comment)
        .str("who", &t.who)
        .str("at", &t.at);
}

fn map_sorted(m: &std::collections::BTreeMap<String, f64>) -> impl Iterator<Item = (&str, f64)> {
    m.iter().map(|(k, v)| (k.as_str(), *v))
}

/// The digest of a section (format 2): what a sign-off of it is bound to.
///
/// - boundary: the park (names, province, years), the consolidation approach,
///   the entities, the operational boundary;
/// - methodology: the methodology decisions, the frozen GWP values, the factors;
/// - data: the activity and base-year records, the imports, the instruments;
/// - inventory: the computed inventory (totals and breakdowns, t CO₂e rounded
///   to 1 g);
/// - findings: the findings, the sample, the tests and check reviews;
/// - opinion: the opinion, the engagement (client, verification body, lead
///   auditor, level of assurance, materiality), and the findings and
///   inventory digests it rests on.
pub fn section_digest(p: &Project, inv: &Inventory, section: Section) -> String {
    let mut c = Canon::new(section.key());
    match section {
        Section::Boundary => {
            let park = &p.park;
            c.str("park_name", &park.name)
                .str("park_name_zh", &park.name_zh)
                .str("province", &park.province)
                .int("reporting_year", i64::from(park.reporting_year))
                .int("base_year", i64::from(park.base_year))
                .str("consolidation", p.consolidation.key())
                .list("entities", &p.entities, entity);
            let b = &p.operational_boundary;
            c.list("scopes", &b.scopes, |c, s| {
                c.int("v", i64::from(s.number()));
            })
            .list("categories", &b.iso_categories, |c, x| {
                c.int("v", i64::from(x.number()));
            })
            .strs("gases", b.gases.iter().map(|g| g.code()));
        }
        Section::Methodology => {
            let m = &p.methodology;
            c.str("standard", m.standard.key())
                .str("gwp_set", m.gwp_set.name())
                .bool("scope2_dual_reporting", m.scope2_dual_reporting)
                .str("grid_factor", m.grid_factor.key())
                .list("default_factors", &m.default_factors, |c, (a, f)| {
                    c.str("activity", a).str("factor", f);
                })
                .obj("kept_library", m.kept_library.as_ref(), |c, k| {
                    c.str("library", &k.library).str("note", &k.note);
                })
                .obj("gwp_snapshot", p.gwp_snapshot.as_ref(), |c, s| {
                    c.str("set", s.set.name())
                        .str("library_version", &s.library_version)
                        .list("values", &s.values, |c, (g, v)| {
                            c.str("gas", g.code()).f64("gwp", *v);
                        });
                })
                .list("factors", &p.factors, factor);
        }
        Section::Data => {
            c.list("activity", &p.activity, record)
                .list("base_year_activity", &p.base_year_activity, |c, r| {
                    record(c, r)
                })
                .list("imports", &p.imports, import)
                .list("instruments", &p.instruments, |c, i| {
                    c.str("id", &i.id)
                        .str("kind", &i.kind)
                        .str("entity_id", &i.entity_id)
                        .int("vintage", i64::from(i.vintage))
                        .f64("quantity_mwh", i.quantity_mwh)
                        .str("evidence_ref", &i.evidence_ref);
                });
            if let Some(cb) = &p.cbam {
                super::cbam_digest::encode(&mut c, cb);
            }
            if let Some(cl) = &p.claims {
                super::claims_digest::encode(&mut c, cl);
            }
            if let Some(u) = &p.uncertainty {
                super::uncertainty_digest::encode(&mut c, u);
            }
        }
        Section::Inventory => {
            let s = InventorySummary::new(p, inv);
            c.int("record_count", s.record_count as i64)
                .f64("total_t_co2e", s.total_t_co2e)
                .f64("total_market_t_co2e", s.total_market_t_co2e)
                .f64("scope1_t", s.scope1_t)
                .f64("scope2_location_t", s.scope2_location_t)
                .f64("scope2_market_t", s.scope2_market_t)
                .f64("scope3_t", s.scope3_t)
                .f64("excluded_t", s.excluded_t)
                .f64("biogenic_co2_t", s.biogenic_co2_t)
                .f64("excluded_biogenic_co2_t", s.excluded_biogenic_co2_t)
                .f64("other_owners_t", s.other_owners_t)
                .map("by_entity", map_sorted(&s.by_entity))
                .map("by_entity_market", map_sorted(&s.by_entity_market))
                .map("excluded_by_entity", map_sorted(&s.excluded_by_entity))
                .map("by_gas", map_sorted(&s.by_gas))
                .map("by_category", map_sorted(&s.by_category))
                .map("by_month", map_sorted(&s.by_month))
                .map("by_sector", map_sorted(&s.by_sector));
        }
        Section::Findings => {
            let v = &p.verification;
            c.list("findings", &v.findings, finding)
                .obj("sample", v.sample.as_ref(), |c, s| {
                    c.int("seed", s.seed as i64)
                        .str("method", &s.method)
                        .f64("key_pct", s.key_pct)
                        .int("size", s.size as i64)
                        .strs("key_items", s.key_items.iter().map(String::as_str))
                        .strs("sampled", s.sampled.iter().map(String::as_str))
                        .f64("population_t", s.population_t)
                        .int("population_count", s.population_count as i64)
                        .str("population", &s.population);
                })
                .list("tests", &v.tests, test)
                .list("check_reviews", &v.check_reviews, |c, r| {
                    c.str("key", &r.key)
                        .str("note", &r.note)
                        .str("who", &r.who)
                        .str("at", &r.at);
                })
                .list("set_aside_tests", &v.set_aside_tests, test)
                .list("indicator_tests", &v.indicator_tests, |c, t| {
                    c.str("indicator", &t.indicator)
                        .str("result", t.result.key());
                    if let crate::model::TestResult::Misstated { verified_quantity } = t.result {
                        c.f64("verified_quantity", verified_quantity);
                    }
                    c.str("evidence_ref", &t.evidence_ref)
                        .str("comment", &t.comment)
                        .str("who", &t.who)
                        .str("at", &t.at);
                });
        }
        Section::Opinion => {
            let e = &p.engagement;
            c.obj("opinion", p.verification.opinion.as_ref(), |c, o| {
                c.str("proposed", o.proposed.key())
                    .str("reason", &o.reason)
                    .str("chosen", o.chosen.key())
                    .opt("override_reason", o.override_reason.as_deref())
                    .str("who", &o.who)
                    .str("at", &o.at);
            })
            .str("client", &e.client)
            .str("verification_body", &e.verification_body)
            .str("lead_auditor", &e.lead_auditor)
            .str("assurance", e.assurance.key())
            .f64("materiality_pct", e.materiality_pct)
            .str("responsible_party", &e.responsible_party)
            .str("intended_users", &e.intended_users)
            .str("accreditation", &e.accreditation)
            .str("place", &e.place)
            .str(
                "findings_digest",
                &section_digest(p, inv, Section::Findings),
            )
            .str(
                "inventory_digest",
                &section_digest(p, inv, Section::Inventory),
            );
        }
    }
    c.finish()
}

/// Project format 1's digests, for migration only.
pub mod format1 {
    use crate::calc::Inventory;
    use crate::calc::InventorySummary;
    use crate::model::{Project, Section};
    use sha2::{Digest, Sha256};

    /// The section digest of project format 1: SHA-256 of `serde_json` of the
    /// model structs. Frozen, and used only to check format-1 sign-offs when a
    /// format-1 file is migrated: a later field added to the model must be
    /// skipped when unset (`skip_serializing_if`), or this stops matching.
    pub fn section_digest_v1(p: &Project, inv: &Inventory, section: Section) -> String {
        let v = &p.verification;
        let json = match section {
            Section::Boundary => {
                serde_json::to_string(&(&p.consolidation, &p.entities, &p.operational_boundary))
            }
            Section::Methodology => {
                serde_json::to_string(&(&p.methodology, &p.gwp_snapshot, &p.factors))
            }
            Section::Data => serde_json::to_string(&(
                &p.activity,
                &p.base_year_activity,
                &p.imports,
                &p.instruments,
            )),
            Section::Inventory => serde_json::to_string(&InventorySummary::new(p, inv)),
            Section::Findings => serde_json::to_string(&(&v.findings, &v.sample, &v.tests)),
            // The opinion rests on the findings and the inventory: changing either voids its sign-offs.
            Section::Opinion => serde_json::to_string(&(
                &v.opinion,
                section_digest_v1(p, inv, Section::Findings),
                section_digest_v1(p, inv, Section::Inventory),
            )),
        }
        .unwrap_or_default();
        Sha256::digest(json.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-computed digest: the domain and section, then one string field,
    /// one number and one list, each encoded as specified.
    #[test]
    fn the_encoding_is_as_specified() {
        let mut c = Canon::new("x");
        c.str("a", "é")
            .f64("n", -0.0)
            .list("l", ["p", "q"], |c, s| {
                c.str("v", s);
            });
        c.str("empty", "").opt("none", None);
        let mut want = Vec::new();
        let s = |w: &mut Vec<u8>, t: &str| {
            w.extend((t.len() as u64).to_be_bytes());
            w.extend(t.as_bytes());
        };
        s(&mut want, DOMAIN);
        s(&mut want, "x");
        want.push(b's');
        s(&mut want, "a");
        s(&mut want, "é");
        want.push(b'f');
        s(&mut want, "n");
        want.extend(0u64.to_be_bytes());
        want.push(b'l');
        s(&mut want, "l");
        for v in ["p", "q"] {
            want.push(b'o');
            want.push(b's');
            s(&mut want, "v");
            s(&mut want, v);
            want.push(b'e');
        }
        want.push(b']');
        let hex: String = Sha256::digest(&want)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(c.finish(), hex);
    }

    #[test]
    fn unset_fields_do_not_change_a_digest() {
        let a = {
            let mut c = Canon::new("s");
            c.str("a", "1");
            c.finish()
        };
        let b = {
            let mut c = Canon::new("s");
            c.str("a", "1")
                .opt("added_later", None)
                .str("also_later", "")
                .list("later_list", Vec::<&str>::new(), |_, _| {});
            c.finish()
        };
        assert_eq!(a, b);
    }
}
