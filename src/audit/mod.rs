//! The verification workflow over model and inventory: analytical checks and
//! risk-based sampling (ISO 14064-3:2019 6.1–6.3). Pure: no IO.

pub mod benford;
pub mod checks;
pub mod evaluation;
pub mod sampling;
pub mod trail;

pub use checks::{CheckFinding, Severity, run_checks};
