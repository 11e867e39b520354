//! The hash-chained audit trail: each entry holds the SHA-256 of the one
//! before it, so an entry changed, removed or inserted outside ParkAudit
//! breaks the chain and is reported on load.

use crate::model::{Actor, Project, SignOff, TRAIL_GENESIS, TrailEntry};
use sha2::{Digest, Sha256};

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// SHA-256 (hex) of an entry. The hashed text is, with each field escaped
/// (`\` → `\\`, tab → `\t`, newline → `\n`, CR → `\r`) and joined by tabs:
/// `prev, at, who, action, detail` — all an entry of project format 1 has —
/// and, when any of them is set, then `organisation, role, identified_by`
/// and one `name=value` per field in order (`=` in a name escaped as `\=`).
pub fn entry_hash(e: &TrailEntry) -> String {
    let mut text = [&e.prev, &e.at, &e.who, &e.action, &e.detail]
        .map(|f| esc(f))
        .join("\t");
    if !(e.organisation.is_empty()
        && e.role.is_empty()
        && e.identified_by.is_empty()
        && e.fields.is_empty())
    {
        for f in [&e.organisation, &e.role, &e.identified_by] {
            text.push('\t');
            text.push_str(&esc(f));
        }
        for (name, value) in &e.fields {
            text.push('\t');
            text.push_str(&esc(name).replace('=', "\\="));
            text.push('=');
            text.push_str(&esc(value));
        }
    }
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What one change records: its stable action name, the change in words,
/// and the change as named values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub action: &'static str,
    pub detail: String,
    pub fields: Vec<(String, String)>,
}

impl Record {
    pub fn new(action: &'static str, detail: impl Into<String>) -> Record {
        Record {
            action,
            detail: detail.into(),
            fields: Vec::new(),
        }
    }

    /// Adds a named value.
    pub fn with(mut self, name: &str, value: impl Into<String>) -> Record {
        self.fields.push((name.to_string(), value.into()));
        self
    }
}

/// Appends an entry chained to the last one.
pub fn append(p: &mut Project, at: &str, actor: &Actor, record: Record) {
    let prev = p
        .trail
        .last()
        .map_or_else(|| TRAIL_GENESIS.to_string(), entry_hash);
    p.trail.push(TrailEntry {
        at: at.to_string(),
        who: actor.name.clone(),
        organisation: actor.organisation.clone(),
        role: actor.role.clone(),
        identified_by: actor.source.key().to_string(),
        action: record.action.to_string(),
        detail: record.detail,
        fields: record.fields,
        prev,
    });
    p.trail_head = head(p);
}

/// A sign-off's digest re-anchored when its project was migrated to a
/// newer format: (section key, role key, who, digest before, digest after).
type Reanchor = (String, String, String, String, String);

/// The re-anchorings recorded by `project.migrate` entries: each sign-off
/// as five fields, `section`, `role`, `who`, `from`, `to`.
fn reanchors(p: &Project) -> Vec<Reanchor> {
    let mut out = Vec::new();
    for e in p.trail.iter().filter(|e| e.action == "project.migrate") {
        let f = &e.fields;
        for (i, (k, _)) in f.iter().enumerate() {
            if k != "section" {
                continue;
            }
            let get = |j: usize, name: &str| {
                f.get(i + j)
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
            };
            if let (Some(section), Some(role), Some(who), Some(from), Some(to)) = (
                get(0, "section"),
                get(1, "role"),
                get(2, "who"),
                get(3, "from"),
                get(4, "to"),
            ) {
                out.push((section, role, who, from, to));
            }
        }
    }
    out
}

/// Whether `e` records sign-off `so` with digest `digest`.
fn records_signoff(e: &TrailEntry, so: &SignOff, digest: &str) -> bool {
    if e.action != "signoff" || e.who != so.who {
        return false;
    }
    if e.fields.is_empty() {
        // Project format 1 wrote the sign-off as text only.
        return e.detail
            == format!(
                "{} signed off by the {} ({}), section digest {}",
                so.section.format1_name(),
                so.role.format1_name(),
                so.who,
                digest
            );
    }
    e.field("section") == Some(so.section.key())
        && e.field("role") == Some(so.role.key())
        && e.field("digest") == Some(digest)
}

/// Whether the trail recorded sign-off `so`: with its digest, or with the
/// digest a migration re-anchored to it.
fn signoff_recorded(p: &Project, so: &SignOff, reanchored: &[Reanchor]) -> bool {
    let earlier: Vec<&str> = reanchored
        .iter()
        .filter(|(s, r, w, _, to)| {
            s == so.section.key() && r == so.role.key() && *w == so.who && *to == so.section_digest
        })
        .map(|(_, _, _, from, _)| from.as_str())
        .collect();
    p.trail.iter().any(|e| {
        records_signoff(e, so, &so.section_digest)
            || earlier.iter().any(|d| records_signoff(e, so, d))
    })
}

/// How the trail fails its check (1-based entry numbers).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrailError {
    #[error(
        "the audit trail was altered outside ParkAudit: entry {entry} ({action} by {who} at {at}) does not follow entry {previous} — an entry was changed, removed or inserted"
    )]
    Broken {
        entry: usize,
        previous: usize,
        action: String,
        who: String,
        at: String,
    },
    #[error("the audit trail was altered outside ParkAudit: it was emptied")]
    Emptied,
    #[error(
        "the sign-off of {section} by the {role} ({who}) has no matching trail entry: it was added outside ParkAudit"
    )]
    SignOffNotRecorded {
        section: &'static str,
        role: &'static str,
        who: String,
    },
    #[error(
        "the audit trail was altered outside ParkAudit: its last entry (entry {entry}) does not match the recorded trail head"
    )]
    HeadMismatch { entry: usize },
}

impl TrailError {
    /// The message in Chinese, for the app.
    pub fn zh(&self) -> String {
        match self {
            TrailError::Broken {
                entry,
                previous,
                action,
                who,
                at,
            } => format!(
                "审计追踪在 ParkAudit 之外被改动：第 {entry} 条（{who} 于 {at} 的 {action}）与第 {previous} 条不衔接——有条目被修改、删除或插入"
            ),
            TrailError::Emptied => "审计追踪在 ParkAudit 之外被改动：已被清空".into(),
            TrailError::SignOffNotRecorded { section, role, who } => format!(
                "{section} 由 {role}（{who}）的签核没有对应的审计追踪条目：它是在 ParkAudit 之外添加的"
            ),
            TrailError::HeadMismatch { entry } => format!(
                "审计追踪在 ParkAudit 之外被改动：最后一条（第 {entry} 条）与记录的追踪头不符"
            ),
        }
    }
}

/// Checks the chain; the error names the first entry (1-based) that does not follow.
pub fn verify(p: &Project) -> Result<(), TrailError> {
    let mut prev = TRAIL_GENESIS.to_string();
    for (i, e) in p.trail.iter().enumerate() {
        if e.prev != prev {
            return Err(TrailError::Broken {
                entry: i + 1,
                previous: i,
                action: e.action.clone(),
                who: e.who.clone(),
                at: e.at.clone(),
            });
        }
        prev = entry_hash(e);
    }
    if p.trail.is_empty() && !p.trail_head.is_empty() {
        return Err(TrailError::Emptied);
    }
    // Every sign-off must be the one its trail entry recorded.
    let reanchored = reanchors(p);
    for so in &p.verification.signoffs {
        if !signoff_recorded(p, so, &reanchored) {
            return Err(TrailError::SignOffNotRecorded {
                section: so.section.label(),
                role: so.role.label(),
                who: so.who.clone(),
            });
        }
    }
    if !p.trail.is_empty() && p.trail_head != prev {
        return Err(TrailError::HeadMismatch {
            entry: p.trail.len(),
        });
    }
    Ok(())
}

/// The hash of the whole trail (of its last entry), for the workbook.
pub fn head(p: &Project) -> String {
    p.trail
        .last()
        .map_or_else(|| TRAIL_GENESIS.to_string(), entry_hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_break_the_chain() {
        let mut p = Project::new("P", 2024);
        for i in 0..4 {
            append(
                &mut p,
                &format!("2026-12-01T00:00:0{i}Z"),
                &Actor::new("li", "", ""),
                Record::new("edit", format!("change {i}\twith a tab")).with("n", i.to_string()),
            );
        }
        assert_eq!(verify(&p), Ok(()));
        let mut q = p.clone();
        q.trail[1].detail = "nothing happened".into();
        // The entry after the edited one no longer follows.
        assert!(matches!(
            verify(&q),
            Err(TrailError::Broken {
                entry: 3,
                previous: 2,
                ..
            })
        ));
        let mut q = p.clone();
        q.trail.remove(1);
        assert!(matches!(
            verify(&q),
            Err(TrailError::Broken { entry: 2, .. })
        ));
        let mut q = p.clone();
        q.trail[0].who = "someone else".into();
        assert!(verify(&q).is_err());
        // The last entry edited: detected through the recorded head.
        let mut q = p.clone();
        q.trail[3].detail = "x".into();
        let e = verify(&q).unwrap_err();
        assert_eq!(e, TrailError::HeadMismatch { entry: 4 });
        assert!(e.to_string().contains("last entry (entry 4)"));
        assert_eq!(
            e.zh(),
            "审计追踪在 ParkAudit 之外被改动：最后一条（第 4 条）与记录的追踪头不符"
        );
    }
}
