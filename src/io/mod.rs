//! Files: the project file (RON) with atomic saves, Excel import, the
//! activity template, the rejects report, the signed workbook export.

pub mod atomic;
pub mod export;
pub mod import;
pub mod progress;
pub mod project;
pub mod rejects;
pub mod template;
pub mod time;

pub use atomic::{write_atomic, write_atomic_with};
pub use progress::Progress;
pub use project::{ProjectFileError, from_ron_str, load, save, to_ron_string};

/// Who is working, for the audit trail: `PARKAUDIT_USER`, else the login name.
pub fn user_name() -> String {
    ["PARKAUDIT_USER", "USER", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".into())
}
