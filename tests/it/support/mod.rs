//! Helpers shared by the suites, not tests themselves: fixtures and the model (`common`), the
//! private PulseAudio daemon with a virtual microphone and speaker (`pulse`), headless Chromium
//! (`chromium`), running `record` (`recording`), signal comparison (`signal`) and a small disk that fills up (`tmpfs`).

pub mod chromium;
pub mod common;
pub mod pulse;
pub mod recording;
pub mod signal;
pub mod tmpfs;
