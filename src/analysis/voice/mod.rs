//! How the answer sounded: measures taken from the voice itself rather than from the words.
//!
//! - [`onset`]: the voice's onset and offset, and word times fitted to them.
//! - [`pitch`]: the F0 track (YIN); [`variation`]: pitch variation and monotone stretches.
//! - [`follow`]: the per-frame analyses taken while the answer is spoken.
//! - [`loudness`]: phrase levels and trailing off; [`articulation`]: syllables per second.

pub mod articulation;
pub mod fillers;
pub mod follow;
pub mod formants;
pub mod loudness;
pub mod onset;
pub mod pitch;
pub mod variation;
mod yin;

use super::SAMPLE_RATE;
use super::energy::EnergyProfile;
use super::metrics::{SpeechMetrics, compute_metrics};
use super::settings::MetricSettings;
use super::transcript::Transcript;
use follow::VoiceFollower;

/// Measures a recorded answer: fits the word times to the voice, then computes the delivery
/// metrics and the voice measures. Returns the fitted transcript with the metrics, so what is
/// shown and stored agrees with what was measured.
pub fn measure_recording(
    samples: &[f32],
    transcript: &Transcript,
    settings: &MetricSettings,
) -> (Transcript, SpeechMetrics) {
    measure_followed(samples, transcript, settings, VoiceFollower::new())
}

/// [`measure_recording`] for an answer whose voice was followed while it was spoken: what
/// `follower` has measured already is used, not measured again. The result is the same.
pub fn measure_followed(
    samples: &[f32],
    transcript: &Transcript,
    settings: &MetricSettings,
    follower: VoiceFollower,
) -> (Transcript, SpeechMetrics) {
    let energy = EnergyProfile::from_samples(samples);
    let duration_s = samples.len() as f64 / f64::from(SAMPLE_RATE);
    let mut fitted = transcript.clone();
    let silences = energy.silences(fillers::TIMING_SILENCE_S);
    onset::move_edges_out_of_silence(&mut fitted.words, &silences);
    if let Some(span) = onset::voice_span(&energy) {
        onset::fit_words_to_voice(&mut fitted.words, span);
    }
    let mut metrics = compute_metrics(&fitted, duration_s, Some(&energy), settings);
    let (Some(first), Some(last)) = (fitted.words.first(), fitted.words.last()) else {
        return (fitted, metrics);
    };
    let span = (first.start, last.end.max(first.start));
    let (track, memo) = follower.finish(samples);
    metrics.pitch = variation::pitch_metrics(&track, span, settings);
    metrics.loudness = loudness::loudness_metrics(&energy, span, settings);
    let phonation_s = match loudness::phrases(&energy, span, settings.articulation_pause_s) {
        Some(phrases) => phrases.iter().map(|(s, e)| e - s).sum(),
        None => speech_time_from_words(&fitted, settings.articulation_pause_s),
    };
    metrics.articulation_rate = articulation::articulation_rate(&fitted.words, phonation_s);
    // Both filler detectors place what they hear against the word times; where those have
    // drifted from the voice they would call ordinary vowels fillers, so none are sought.
    let heard = if fillers::words_follow_voice(&fitted.words, &silences) {
        fillers::acoustic_fillers(
            samples,
            &track,
            &memo,
            &silences,
            &fitted.words,
            &metrics.fillers,
            span,
        )
    } else {
        Vec::new()
    };
    if !heard.is_empty() {
        // Acoustic fillers join the filler count and rate; the word count and pace stay as the
        // transcript has them, since a filler Whisper left out was never counted as a word.
        metrics.fillers.extend(heard);
        metrics.fillers.sort_by(|a, b| a.start.total_cmp(&b.start));
        let minutes = metrics.speaking_time_s / 60.0;
        if minutes > 0.0 {
            metrics.fillers_per_min = metrics.fillers.len() as f64 / minutes;
        }
    }
    (fitted, metrics)
}

/// Speaking time minus the gaps of at least `pause_s` between words: the phonation time when the
/// signal cannot tell voice from background.
fn speech_time_from_words(t: &Transcript, pause_s: f64) -> f64 {
    let (Some(first), Some(last)) = (t.words.first(), t.words.last()) else {
        return 0.0;
    };
    let gaps: f64 = t
        .words
        .windows(2)
        .map(|p| p[1].start - p[0].end)
        .filter(|g| *g >= pause_s)
        .sum();
    (last.end - first.start - gaps).max(0.0)
}
