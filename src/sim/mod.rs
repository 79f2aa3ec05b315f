//! Timeline simulation (SPEC §6): the pure engine and the readers that turn
//! scenario files and CSV streams into its events.

pub mod csv;
pub mod engine;
pub mod event;
pub mod heap;
pub mod log;
pub mod messages;
pub mod outcome;
pub mod scenario;
pub mod time;
pub mod timers;

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod proptests;
pub mod records;
