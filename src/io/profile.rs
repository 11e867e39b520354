//! The auditor's profile: who is acting, set once (in the app's settings, or
//! by hand) and read by the app and the CLI alike, so the trail, findings,
//! tests and sign-offs name a person and not a login.
//!
//! Who acts, in order: `--as NAME` on the command line, `PARKAUDIT_AUDITOR`
//! (or the older `PARKAUDIT_USER`), the profile file, and only as a last
//! resort the operating system's login name, marked as such in the trail.

use crate::model::{Actor, ActorSource};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The profile file's content (RON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
struct ProfileFile {
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    role: String,
}

/// Why the profile could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("{}: cannot read the auditor profile", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: the auditor profile is not valid ({message}) — set it again in the app's settings or delete the file", path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: cannot write the auditor profile", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where the profile lives: `PARKAUDIT_PROFILE`, else the user's
/// configuration folder (`$XDG_CONFIG_HOME` or `~/.config` on Linux,
/// `~/Library/Application Support` on macOS, `%APPDATA%` on Windows) `/parkaudit/profile.ron`.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PARKAUDIT_PROFILE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let base = if cfg!(windows) {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        home.map(|h| h.join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_CONFIG_HOME")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
            .or_else(|| home.map(|h| h.join(".config")))
    };
    base.map(|b| b.join("parkaudit").join("profile.ron"))
}

/// The profile at `path`, or `None` when there is none yet.
pub fn load(path: &Path) -> Result<Option<Actor>, ProfileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(ProfileError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let f: ProfileFile = ron::from_str(&text).map_err(|e| ProfileError::Parse {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    if f.name.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(Actor::new(&f.name, &f.organisation, &f.role)))
}

/// Writes the profile (atomically).
pub fn save(path: &Path, actor: &Actor) -> Result<(), ProfileError> {
    let f = ProfileFile {
        name: actor.name.trim().to_string(),
        organisation: actor.organisation.trim().to_string(),
        role: actor.role.trim().to_string(),
    };
    let text =
        ron::ser::to_string_pretty(&f, ron::ser::PrettyConfig::default()).unwrap_or_default();
    let write = || -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::io::write_atomic(path, text.as_bytes(), false)
    };
    write().map_err(|source| ProfileError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The operating system's login name (`USER`, `USERNAME`), marked as such.
pub fn login_actor() -> Actor {
    let name = ["USER", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".into());
    Actor {
        name,
        source: ActorSource::Login,
        ..Actor::default()
    }
}

/// Who acts: `named` (from `--as`), else `PARKAUDIT_AUDITOR` /
/// `PARKAUDIT_USER`, else `profile`, else the login name. A name given on the
/// command line or in the environment keeps the profile's organisation and
/// role when it is the profile's own name.
pub fn resolve(named: Option<&str>, profile: Option<&Actor>) -> Actor {
    let from = |name: &str, source: ActorSource| {
        let name = name.trim();
        match profile.filter(|p| p.name == name) {
            Some(p) => Actor {
                source,
                ..p.clone()
            },
            None => Actor {
                name: name.to_string(),
                source,
                ..Actor::default()
            },
        }
    };
    if let Some(n) = named.filter(|n| !n.trim().is_empty()) {
        return from(n, ActorSource::Option);
    }
    if let Some(n) = ["PARKAUDIT_AUDITOR", "PARKAUDIT_USER"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    {
        return from(&n, ActorSource::Environment);
    }
    profile.cloned().unwrap_or_else(login_actor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_round_trips_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("sub").join("profile.ron");
        assert!(load(&path).expect("no file is fine").is_none());
        let a = Actor::new("Li Ming", "Example Verification Co.", "Lead verifier");
        save(&path, &a).expect("saved");
        assert_eq!(load(&path).expect("read"), Some(a.clone()));
        std::fs::write(&path, "(name: ").expect("write");
        let e = load(&path).expect_err("broken");
        assert!(e.to_string().contains("profile.ron"), "{e}");
    }

    #[test]
    fn a_named_actor_keeps_the_profile_details_for_the_same_name() {
        let p = Actor::new("Li Ming", "Example Verification Co.", "Lead verifier");
        let a = resolve(Some("Li Ming"), Some(&p));
        assert_eq!(a.organisation, "Example Verification Co.");
        assert_eq!(a.source, ActorSource::Option);
        let b = resolve(Some("Wang Fang"), Some(&p));
        assert_eq!(
            (b.name.as_str(), b.organisation.as_str()),
            ("Wang Fang", "")
        );
    }
}
