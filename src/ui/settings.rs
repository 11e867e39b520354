//! What the app remembers between runs (eframe storage): language, theme,
//! zoom, recent files, the step last shown, the signer's details. Never the
//! project itself — that lives in its own file.

use super::app::Step;
use super::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many recent files are listed.
pub const RECENT_LIMIT: usize = 10;

/// Seconds between autosaves of unsaved work to the recovery file.
pub const AUTOSAVE_SECS: u64 = 120;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub dark: bool,
    pub zoom: f32,
    pub recent: Vec<PathBuf>,
    pub step: Step,
    pub signer_name: String,
    pub signer_org: String,
    pub key_path: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            dark: false,
            zoom: 1.0,
            recent: Vec::new(),
            step: Step::Project,
            signer_name: String::new(),
            signer_org: String::new(),
            key_path: String::new(),
        }
    }
}

impl Settings {
    /// `PARKAUDIT_STEP` (e.g. `inventory`) and `PARKAUDIT_LANG` (`en`, `zh`)
    /// override the remembered step and language: for scripted screenshots
    /// and demonstrations.
    pub fn apply_env(&mut self) {
        if let Ok(s) = std::env::var("PARKAUDIT_STEP")
            && let Some(step) = Step::ALL
                .into_iter()
                .find(|x| format!("{x:?}").eq_ignore_ascii_case(s.trim()))
        {
            self.step = step;
        }
        match std::env::var("PARKAUDIT_LANG").as_deref() {
            Ok("zh") => self.lang = Lang::Zh,
            Ok("en") => self.lang = Lang::En,
            _ => {}
        }
        if std::env::var_os("PARKAUDIT_DARK").is_some() {
            self.dark = true;
        }
    }

    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }
}

/// The recovery file: unsaved work, written every [`AUTOSAVE_SECS`] and
/// removed on a clean exit, so finding it at start-up means a crash.
pub fn recovery_path() -> Option<PathBuf> {
    eframe::storage_dir(super::APP_ID).map(|d| d.join("recovery.ron"))
}

/// The file beside the recovery file that says which project it was.
pub fn recovery_meta_path(recovery: &Path) -> PathBuf {
    recovery.with_extension("json")
}

/// What the recovery file belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryMeta {
    pub original: Option<PathBuf>,
    pub saved_at: String,
    pub park: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_files_are_unique_newest_first_and_bounded() {
        let mut s = Settings::default();
        for i in 0..12 {
            s.remember(Path::new(&format!("/nonexistent/p{i}.ron")));
        }
        s.remember(Path::new("/nonexistent/p5.ron"));
        assert_eq!(s.recent.len(), RECENT_LIMIT);
        assert_eq!(s.recent[0], PathBuf::from("/nonexistent/p5.ron"));
        assert_eq!(s.recent.iter().filter(|p| p.ends_with("p5.ron")).count(), 1);
    }
}
