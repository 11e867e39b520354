//! Files: the project file (RON) with atomic saves, Excel import, the
//! activity template, the rejects report, the signed workbook export.

pub mod atomic;
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
