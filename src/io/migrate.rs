//! Migrations of older project files to the current format, applied on load
//! (the file itself changes only when the project is saved).
//!
//! Format 1 → 2: the section digests sign-offs are bound to changed from
//! SHA-256 of `serde_json` of the model structs (`audit::digest::format1`) to
//! the canonical encoding (`audit::digest`). Each format-1 sign-off is checked
//! under the old rule; one that still matches its section is re-anchored to the
//! new digest, one that no longer matches (already void) is left as it was —
//! void under the new rule too. One trail entry, `project.migrate`, records
//! who opened the file with which ParkAudit, when, and each re-anchoring
//! (section, role, who, digest before and after), so the trail still accounts
//! for every sign-off.

use crate::audit::digest;
use crate::audit::trail::{self, Record};
use crate::model::{Actor, FORMAT_VERSION, Project};

/// What a migration did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Migrated {
    pub from: u32,
    /// Sign-offs re-anchored to the new digests.
    pub reanchored: usize,
    /// Sign-offs that no longer matched their section under the old rule.
    pub void: usize,
}

/// Migrates a format-1 project (already parsed and its trail verified) to
/// the current format, as `actor` at `at`.
pub fn from_format1(p: &mut Project, actor: &Actor, at: &str) -> Migrated {
    let inv = crate::calc::compute(p).ok();
    let mut record = Record::new("project.migrate", String::new())
        .with("from_format", "1")
        .with("to_format", FORMAT_VERSION.to_string())
        .with("software", concat!("ParkAudit ", env!("CARGO_PKG_VERSION")));
    let mut m = Migrated {
        from: 1,
        ..Migrated::default()
    };
    // Digests depend only on the project, so each is computed once.
    let mut old: Vec<(crate::model::Section, Option<String>, Option<String>)> = Vec::new();
    for i in 0..p.verification.signoffs.len() {
        let so = &p.verification.signoffs[i];
        let section = so.section;
        if !old.iter().any(|(s, _, _)| *s == section) {
            let pair = inv.as_ref().map(|inv| {
                (
                    digest::format1::section_digest_v1(p, inv, section),
                    digest::section_digest(p, inv, section),
                )
            });
            old.push((
                section,
                pair.as_ref().map(|x| x.0.clone()),
                pair.map(|x| x.1),
            ));
        }
        let (_, was, now) = old
            .iter()
            .find(|(s, _, _)| *s == section)
            .cloned()
            .unwrap_or((section, None, None));
        match (was, now) {
            (Some(was), Some(now)) if was == so.section_digest => {
                record = record
                    .with("section", section.key())
                    .with("role", so.role.key())
                    .with("who", so.who.clone())
                    .with("from", so.section_digest.clone())
                    .with("to", now.clone());
                p.verification.signoffs[i].section_digest = now;
                m.reanchored += 1;
            }
            _ => m.void += 1,
        }
    }
    record.detail = format!(
        "Migrated from project format 1 to {FORMAT_VERSION} by ParkAudit {}: {} sign-off(s) re-anchored to the canonical section digests{}",
        env!("CARGO_PKG_VERSION"),
        m.reanchored,
        if m.void > 0 {
            format!(
                "; {} no longer matched their section under the format-1 rule and stay void",
                m.void
            )
        } else {
            String::new()
        }
    );
    trail::append(p, at, actor, record);
    p.format_version = FORMAT_VERSION;
    m
}
