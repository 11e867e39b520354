//! ParkAudit: verification of industrial-park carbon inventories.
//!
//! Layers, each depending only on those before it: [`model`] (plain data) →
//! [`calc`] (pure inventory engine) → [`audit`] (checks, sampling,
//! readiness) → [`io`] (files) → [`edit`] (every change to a project, validated
//! and recorded in one place) → the shells: the `parkaudit` binary's CLI and,
//! with the `gui` feature, the desktop app in `ui`.

pub mod audit;
pub mod calc;
pub mod edit;
pub mod io;
pub mod model;
#[cfg(feature = "gui")]
pub mod ui;
