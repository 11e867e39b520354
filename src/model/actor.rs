//! Who makes a change: the auditor's profile, recorded with every trail entry,
//! finding, test and sign-off.

use serde::{Deserialize, Serialize};

/// How the acting person was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ActorSource {
    /// The auditor's profile, set once in the app (or its file, for the CLI).
    #[default]
    Profile,
    /// Named on the command line (`--as`).
    Option,
    /// Named in the environment (`PARKAUDIT_AUDITOR`).
    Environment,
    /// Nothing else was set: the operating system's login name, a last resort.
    Login,
}

impl ActorSource {
    /// The stable name written to the audit trail.
    pub fn key(self) -> &'static str {
        match self {
            ActorSource::Profile => "profile",
            ActorSource::Option => "option",
            ActorSource::Environment => "environment",
            ActorSource::Login => "login",
        }
    }

    pub fn from_key(key: &str) -> Option<ActorSource> {
        [
            ActorSource::Profile,
            ActorSource::Option,
            ActorSource::Environment,
            ActorSource::Login,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// The person acting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    /// Their role in the engagement, in their words (e.g. "Lead verifier").
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub source: ActorSource,
}

impl Actor {
    /// A named person, as set in a profile.
    pub fn new(name: &str, organisation: &str, role: &str) -> Actor {
        Actor {
            name: name.trim().to_string(),
            organisation: organisation.trim().to_string(),
            role: role.trim().to_string(),
            source: ActorSource::Profile,
        }
    }

    /// How the trail and the app show the person: "Li Ming (Example
    /// Verification Co., lead verifier)", or "root (login name — no auditor
    /// profile)".
    pub fn display(&self) -> String {
        let mut extra: Vec<&str> = [self.organisation.as_str(), self.role.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        match self.source {
            ActorSource::Login => extra.push("login name — no auditor profile"),
            ActorSource::Environment => extra.push("named in PARKAUDIT_AUDITOR"),
            ActorSource::Option => extra.push("named with --as"),
            ActorSource::Profile => {}
        }
        if extra.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, extra.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_person_and_marks_a_login_name() {
        let a = Actor::new(" Li Ming ", "Example Verification Co.", "Lead verifier");
        assert_eq!(
            a.display(),
            "Li Ming (Example Verification Co., Lead verifier)"
        );
        let l = Actor {
            name: "root".into(),
            source: ActorSource::Login,
            ..Actor::default()
        };
        assert_eq!(l.display(), "root (login name — no auditor profile)");
        assert_eq!(
            ActorSource::from_key("environment"),
            Some(ActorSource::Environment)
        );
    }
}
