//! The pure analysis core: transcripts, speech metrics and signal measures.
//!
//! Nothing in here touches files, devices, whisper.cpp or the GUI: functions take plain data
//! (16 kHz mono samples, a [`Transcript`]) and return plain structs, so they are fast to test
//! with hand-built cases and can run on any thread.

pub mod energy;
pub mod feedback;
pub mod metrics;
pub mod segmenter;
pub mod settings;
pub mod transcript;
pub mod voice;
pub mod wer;

pub use metrics::{SpeechMetrics, compute_metrics};
pub use settings::MetricSettings;
pub use transcript::{Transcript, Word};

/// The sample rate every part of the analysis works at (whisper.cpp requires 16 kHz mono).
pub const SAMPLE_RATE: u32 = 16_000;
