//! Files: the project file (RON), atomic saves. Later: Excel import,
//! workbook export, signing.

pub mod atomic;
pub mod project;

pub use atomic::write_atomic;
pub use project::{ProjectFileError, from_ron_str, load, save, to_ron_string};
