//! Plain serde data: project, boundary, methodology, entities, activity,
//! factors. No IO, no egui — every other layer builds on these types.

/// Explicit, stable names for the values the audit trail records (never
/// `Debug` output: renaming a Rust variant must not change a saved file).
macro_rules! stable_keys {
    ($t:ty { $($v:ident => $k:literal),+ $(,)? }) => {
        impl $t {
            /// The stable name written to the audit trail and accepted on the command line.
            pub fn key(self) -> &'static str {
                match self { $(<$t>::$v => $k),+ }
            }
            /// The value of a stable name.
            pub fn from_key(key: &str) -> Option<$t> {
                match key { $($k => Some(<$t>::$v),)+ _ => None }
            }
        }
    };
}

pub mod activity;
pub mod actor;
pub mod cbam;
pub mod claims;
pub mod entity;
pub mod factor;
pub mod gas;
pub mod guidance;
pub mod project;
pub mod provenance;
pub mod records;
pub mod uncertainty;
pub mod unit;
pub mod verification;

pub use activity::{ActivityRecord, IsoCategory, Period, RecordSource, Scope};
pub use actor::{Actor, ActorSource};
pub use entity::{Entity, EntityKind};
pub use factor::{EmissionFactor, GasComponent};
pub use gas::{ALL_GASES, Gas};
pub use project::{
    AssuranceLevel, Consolidation, Engagement, FORMAT_VERSION, GridFactorRule, GwpSet, GwpSnapshot,
    KeptLibrary, Methodology, OperationalBoundary, Park, Project, Standard,
};
pub use provenance::{
    ContractualInstrument, ImportRecord, RejectedRow, SheetCounts, TRAIL_GENESIS, TrailEntry,
};
pub use records::Records;
pub use uncertainty::{
    DataQuality, DataType, Distribution, FactorSpread, Pedigree, QualityTarget, Spread,
    UncertaintySettings,
};
pub use unit::{ALL_UNITS, Dimension, Unit, UnitError};
pub use verification::{
    CheckReview, Finding, FindingStatus, FindingType, IndicatorTest, Opinion, OpinionRecord,
    Request, Role, SamplePlan, SampleTest, Section, SignOff, TestResult, Verification,
};
