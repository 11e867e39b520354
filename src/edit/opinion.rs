//! The opinion (confirmed or overridden with a reason) and the sign-offs.

use super::Context;
use super::error::EditError;
use crate::audit::evaluation::{self, SignOffStatus};
use crate::audit::trail::Record;
use crate::calc::Inventory;
use crate::model::{Opinion, OpinionRecord, Project, Role, Section, SignOff};

type Out = Result<(Record, Option<String>), EditError>;

pub(super) fn record(
    p: &mut Project,
    inv: &Inventory,
    override_with: Option<(Opinion, String)>,
    cx: &Context<'_>,
) -> Out {
    let untested = evaluation::untested_items(p);
    if let Some(first) = untested.first() {
        return Err(EditError::UntestedItems {
            count: untested.len(),
            first: first.clone(),
        });
    }
    let (proposed, why) = evaluation::proposed_opinion(p, inv);
    let (chosen, reason) = match override_with {
        None => (proposed, None),
        Some((o, reason)) => {
            let reason = reason.trim().to_string();
            if reason.is_empty() {
                return Err(EditError::OverrideWithoutReason);
            }
            if o == proposed {
                return Err(EditError::OverrideIsProposal { opinion: o });
            }
            (o, Some(reason))
        }
    };
    if let Some(old) = &p.verification.opinion
        && old.proposed == proposed
        && old.reason == why
        && old.chosen == chosen
        && old.override_reason == reason
    {
        return Err(EditError::Unchanged {
            what: "opinion",
            value: chosen.key().into(),
        });
    }
    let (action, detail) = match &reason {
        None => (
            "opinion.confirm",
            format!("Opinion: {} (proposed, confirmed) — {why}", chosen.label()),
        ),
        Some(r) => (
            "opinion.override",
            format!(
                "Opinion: {} instead of the proposed {} — {r}",
                chosen.label(),
                proposed.label()
            ),
        ),
    };
    let record = Record::new(action, detail)
        .with("proposed", proposed.key())
        .with("chosen", chosen.key())
        .with("basis", &why)
        .with("reason", reason.clone().unwrap_or_default());
    p.verification.opinion = Some(OpinionRecord {
        proposed,
        reason: why,
        chosen,
        override_reason: reason,
        who: cx.actor.name.clone(),
        at: cx.at.clone(),
    });
    Ok((record, None))
}

fn has_valid(status: &[SignOffStatus], section: Section, role: Role) -> bool {
    status
        .iter()
        .any(|s| s.section == section && s.role == role && s.valid)
}

/// Records a sign-off, in order: the roles before this one must have signed
/// this section, and this role must have signed every earlier section; one
/// person signs a section in one role only (separation of duties).
pub(super) fn sign_off(
    p: &mut Project,
    inv: &Inventory,
    section: Section,
    role: Role,
    cx: &Context<'_>,
) -> Out {
    let who = cx.actor.name.as_str();
    let status = evaluation::signoff_status(p, inv);
    if has_valid(&status, section, role) {
        return Err(EditError::AlreadySignedOff { section, role });
    }
    if let Some(missing) = Role::ALL
        .iter()
        .take_while(|r| **r != role)
        .find(|r| !has_valid(&status, section, **r))
    {
        return Err(EditError::EarlierRole {
            section,
            role,
            missing: *missing,
        });
    }
    if let Some(missing) = Section::ALL
        .iter()
        .take_while(|s| **s != section)
        .find(|s| !has_valid(&status, **s, role))
    {
        return Err(EditError::EarlierSection {
            section,
            role,
            missing: *missing,
        });
    }
    if let Some(other) = status
        .iter()
        .find(|s| s.section == section && s.valid && s.who == who)
    {
        return Err(EditError::SeparationOfDuties {
            who: who.to_string(),
            section,
            role,
            other: other.role,
        });
    }
    let digest = evaluation::section_digest(p, inv, section);
    let record = Record::new(
        "signoff",
        format!(
            "{} signed off by the {} ({who}), section digest {digest}",
            section.label(),
            role.label()
        ),
    )
    .with("section", section.key())
    .with("role", role.key())
    .with("digest", &digest);
    p.verification.signoffs.push(SignOff {
        section,
        role,
        who: who.to_string(),
        at: cx.at.clone(),
        section_digest: digest,
    });
    Ok((record, None))
}
