//! interview-coach: rehearse interview answers out loud and get private, on-device feedback.
//!
//! The crate is layered so the architecture is visible (see ARCHITECTURE.md):
//! - [`analysis`]: the pure core (metrics, feedback) with no I/O, devices, GUI or model code;
//! - [`audio`]: reading recordings and converting them to 16 kHz mono;
//! - [`transcribe`]: whisper.cpp through whisper-rs;
//! - [`models`]: the model manifest, installer, converter and validator;
//! - [`pipeline`] and [`report`]: a recording in, a report out;
//! - [`cli`]: the command line.

pub mod analysis;
pub mod audio;
pub mod cli;
pub mod models;
pub mod pipeline;
pub mod report;
pub mod transcribe;
