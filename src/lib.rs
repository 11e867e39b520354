//! ParkAudit: verification of industrial-park carbon inventories.
//!
//! Layers, each depending only on those before it: [`model`] (plain data) →
//! [`calc`] (pure inventory engine) → [`io`] (files) → the `parkaudit`
//! binary's CLI.

pub mod calc;
pub mod io;
pub mod model;
