//! sessadm: inventory, validation, history and simulation of Dynamics 365 /
//! Power Platform session timeout settings.

// A `Violation` carries the value, the allowed range and where in a file:
// errors are the cold path, and keeping them whole keeps every message exact.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod duration;
pub mod envspec;
pub mod error;
pub mod input;
pub mod located;
pub mod man;
pub mod model;
pub mod policy;
pub mod render;
pub mod rules;
pub mod shell;
pub mod sim;
pub mod store;
pub mod suggest;
pub mod tenant;
pub mod term;
pub mod text;
pub mod whatif;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod layers;
