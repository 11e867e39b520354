//! Files: the project file (RON) with atomic saves, Excel import, the
//! activity template and the rejects report. Later: workbook export, signing.

pub mod atomic;
pub mod export;
pub mod import;
pub mod project;
pub mod rejects;
pub mod template;
pub mod time;

pub use atomic::{write_atomic, write_atomic_with};
pub use project::{ProjectFileError, from_ron_str, load, save, to_ron_string};
