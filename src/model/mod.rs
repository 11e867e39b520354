//! Plain serde data: project, boundary, methodology, entities, activity,
//! factors. No IO, no egui — every other layer builds on these types.

pub mod activity;
pub mod entity;
pub mod factor;
pub mod gas;
pub mod guidance;
pub mod project;
pub mod provenance;
pub mod unit;
pub mod verification;

pub use activity::{ActivityRecord, IsoCategory, Period, RecordSource, Scope};
pub use entity::{Entity, EntityKind};
pub use factor::{EmissionFactor, GasComponent};
pub use gas::{ALL_GASES, Gas};
pub use project::{
    AssuranceLevel, Consolidation, Engagement, FORMAT_VERSION, GridFactorRule, GwpSet, GwpSnapshot,
    Methodology, OperationalBoundary, Park, Project, Standard,
};
pub use provenance::{
    ContractualInstrument, ImportRecord, RejectedRow, SheetCounts, TRAIL_GENESIS, TrailEntry,
};
pub use unit::{ALL_UNITS, Dimension, Unit, UnitError};
pub use verification::{
    Finding, FindingStatus, FindingType, Opinion, OpinionRecord, Request, Role, SamplePlan,
    SampleTest, Section, SignOff, TestResult, Verification,
};
