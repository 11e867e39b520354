//! Pure functions from the model to an inventory: units, GWP, consolidation,
//! scopes. No IO, no egui.

pub mod cbam;
pub mod cbam_defaults;
pub mod cbam_goods;
pub mod claims;
pub mod consolidation;
pub mod defaults;
pub mod energy;
pub mod error;
pub mod explain;
pub mod gwp;
pub mod inventory;
pub mod library;
pub mod summary;
pub mod treatment;
pub mod uncertainty;
pub mod units;
pub mod update;
pub mod variant;

pub use error::{CalcError, CalcErrors, RecordRef};
pub use inventory::{BoundaryStatus, Inventory, RecordResult, compute, compute_records};
pub use summary::InventorySummary;
