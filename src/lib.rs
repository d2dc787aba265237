//! interview-coach: rehearse interview answers out loud and get private, on-device feedback.
//!
//! The crate is layered so the architecture is visible (see ARCHITECTURE.md):
//! - [`analysis`]: the pure core (metrics, feedback) with no I/O, devices, GUI or model code;
//! - [`audio`]: reading recordings and converting them to 16 kHz mono;
//! - [`transcribe`]: whisper.cpp through whisper-rs;
//! - [`models`]: the model manifest, installer, converter and validator;
//! - [`meaning`]: the local sentence-embedding model behind meaning-based scoring;
//! - [`coaching`] and [`bank`]: the question bank and the own-it / contextualize-it / move-on
//!   scorer (pure, like `analysis`; the bank also loads packs from disk);
//! - [`pipeline`] and [`report`]: a recording in, a report out;
//! - [`format`] and [`highlight`]: pure text helpers shared by the window, the CLI and the
//!   HTML report (times, names, shortened text; the highlighted transcript);
//! - [`app`]: the egui desktop app;
//! - [`cli`]: the command line.

pub mod analysis;
pub mod app;
pub mod audio;
pub mod bank;
pub mod cli;
pub mod coaching;
pub mod compare;
pub mod format;
pub mod highlight;
pub mod meaning;
pub mod models;
pub mod pipeline;
pub mod report;
pub mod sessions;
pub mod transcribe;
pub mod user_file;
