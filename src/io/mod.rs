//! Files: the project file (RON) with atomic saves, Excel import, the
//! activity template, the rejects report, the signed workbook export.

pub mod atomic;

/// An error with its causes, `outer: cause: cause …` — how the app and the
/// typed errors' English `message` show a failure whole.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(c) = source {
        s.push_str(": ");
        s.push_str(&c.to_string());
        source = c.source();
    }
    s
}

pub mod export;
pub mod import;
pub mod lock;
pub mod migrate;
pub mod profile;
pub mod progress;
pub mod project;
pub mod rejects;
pub mod template;
pub mod time;

pub use atomic::{write_atomic, write_atomic_with};
pub use progress::Progress;
pub use project::{ProjectFileError, from_ron_str, load, save, to_ron_string};
