//! How the answer sounded: measures taken from the voice itself rather than from the words.
//!
//! - [`onset`]: the voice's onset and offset, and word times fitted to them.

pub mod onset;

use super::SAMPLE_RATE;
use super::energy::EnergyProfile;
use super::metrics::{SpeechMetrics, compute_metrics};
use super::settings::MetricSettings;
use super::transcript::Transcript;

/// Measures a recorded answer: fits the word times to the voice, then computes the delivery
/// metrics and the voice measures. Returns the fitted transcript with the metrics, so what is
/// shown and stored agrees with what was measured.
pub fn measure_recording(
    samples: &[f32],
    transcript: &Transcript,
    settings: &MetricSettings,
) -> (Transcript, SpeechMetrics) {
    let energy = EnergyProfile::from_samples(samples);
    let duration_s = samples.len() as f64 / f64::from(SAMPLE_RATE);
    let mut fitted = transcript.clone();
    if let Some(span) = onset::voice_span(&energy) {
        onset::fit_words_to_voice(&mut fitted.words, span);
    }
    let metrics = compute_metrics(&fitted, duration_s, Some(&energy), settings);
    (fitted, metrics)
}
