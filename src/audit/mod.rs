//! The verification workflow over model and inventory: analytical checks,
//! risk-based sampling (ISO 14064-3:2019 6.1–6.3), evaluation, and the
//! readiness report. Pure: no IO.

pub mod analysis;
pub mod benford;
pub mod cbam_checks;
pub mod cbam_digest;
pub mod cbam_explain;
pub mod checks;
pub mod claims;
pub mod claims_digest;
pub mod digest;
pub mod evaluation;
pub mod readiness;
pub mod sampling;
pub mod statement;
pub mod trail;
pub mod uncertainty;
pub mod uncertainty_digest;
pub mod words;

pub use analysis::{Analysis, analyse};
pub use checks::{CheckFinding, Severity, run_checks};
pub use readiness::{Area, Gap, readiness};
