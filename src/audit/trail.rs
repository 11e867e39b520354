//! The hash-chained audit trail: each entry holds the SHA-256 of the one
//! before it, so an entry changed, removed or inserted outside ParkAudit
//! breaks the chain and is reported on load.

use crate::model::{Project, TRAIL_GENESIS, TrailEntry};
use sha2::{Digest, Sha256};

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// SHA-256 (hex) of an entry: `prev\tat\twho\taction\tdetail`, fields escaped.
pub fn entry_hash(e: &TrailEntry) -> String {
    let text = format!(
        "{}\t{}\t{}\t{}\t{}",
        esc(&e.prev),
        esc(&e.at),
        esc(&e.who),
        esc(&e.action),
        esc(&e.detail)
    );
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Appends an entry chained to the last one.
pub fn append(p: &mut Project, at: &str, who: &str, action: &str, detail: String) {
    let prev = p
        .trail
        .last()
        .map_or_else(|| TRAIL_GENESIS.to_string(), entry_hash);
    p.trail.push(TrailEntry {
        at: at.to_string(),
        who: who.to_string(),
        action: action.to_string(),
        detail,
        prev,
    });
    p.trail_head = head(p);
}

/// Applies a factor-library update plan: the updated project with the update
/// recorded in its trail (what changed and the totals before and after).
pub fn apply_factor_update(
    plan: crate::calc::update::UpdatePlan,
    library_version: &str,
    at: &str,
    who: &str,
) -> Project {
    let t = |v: Option<f64>| v.map_or("n/a".to_string(), |x| crate::calc::summary::grouped(x, 3));
    let detail = format!(
        "to library {library_version}: {} factor(s), {} GWP value(s) changed; total {} → {} t CO2e",
        plan.factor_changes.len(),
        plan.gwp_changes.len(),
        t(plan.total_before_t),
        t(plan.total_after_t)
    );
    let mut updated = plan.updated;
    append(&mut updated, at, who, "factors-update", detail);
    updated
}

/// Checks the chain; the error names the first entry (1-based) that does not follow.
pub fn verify(p: &Project) -> Result<(), String> {
    let mut prev = TRAIL_GENESIS.to_string();
    for (i, e) in p.trail.iter().enumerate() {
        if e.prev != prev {
            return Err(format!(
                "the audit trail was altered outside ParkAudit: entry {} ({} by {} at {}) does not follow entry {} — an entry was changed, removed or inserted",
                i + 1,
                e.action,
                e.who,
                e.at,
                i
            ));
        }
        prev = entry_hash(e);
    }
    if p.trail.is_empty() && !p.trail_head.is_empty() {
        return Err("the audit trail was altered outside ParkAudit: it was emptied".into());
    }
    // Every sign-off must be the one its trail entry recorded.
    for so in &p.verification.signoffs {
        let want = crate::audit::evaluation::signoff_detail(
            so.section,
            so.role,
            &so.who,
            &so.section_digest,
        );
        if !p
            .trail
            .iter()
            .any(|e| e.action == "signoff" && e.detail == want && e.who == so.who)
        {
            return Err(format!(
                "the sign-off of {:?} by the {:?} ({}) has no matching trail entry: it was added outside ParkAudit",
                so.section, so.role, so.who
            ));
        }
    }
    if !p.trail.is_empty() && p.trail_head != prev {
        return Err(format!(
            "the audit trail was altered outside ParkAudit: its last entry (entry {}) does not match the recorded trail head",
            p.trail.len()
        ));
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
                "li",
                "edit",
                format!("change {i}\twith a tab"),
            );
        }
        assert_eq!(verify(&p), Ok(()));
        let mut q = p.clone();
        q.trail[1].detail = "nothing happened".into();
        assert!(
            verify(&q).unwrap_err().contains("entry 3"),
            "the entry after the edited one no longer follows"
        );
        let mut q = p.clone();
        q.trail.remove(1);
        assert!(verify(&q).unwrap_err().contains("entry 2"));
        let mut q = p.clone();
        q.trail[0].who = "someone else".into();
        assert!(verify(&q).is_err());
        // The last entry edited: detected through the recorded head.
        let mut q = p.clone();
        q.trail[3].detail = "x".into();
        assert!(verify(&q).unwrap_err().contains("last entry (entry 4)"));
    }
}
