//! Thresholds for the delivery metrics, with their sources.
//!
//! Every figure here comes from published studies or coaching tools (cited on each field) and is
//! a setting rather than a constant, because the sources give ranges and coaches disagree. This
//! is the one home of these thresholds: the delivery notes read them, and so does the scorer
//! (through `coaching::Settings::delivery`), so a change on the Settings screen moves both.

use serde::{Deserialize, Serialize};

/// Thresholds for pace, pauses and fillers. Saved with the user's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricSettings {
    /// Lower edge of the comfortable pace band, words per minute (Orai/Speaker Coach: ~120).
    pub pace_low_wpm: f64,
    /// Upper edge of the comfortable pace band (Speaker Coach guides to 100-165).
    pub pace_high_wpm: f64,
    /// Below this pace listeners find speech slow and laboured.
    pub pace_hard_low_wpm: f64,
    /// Above this pace comprehension drops (~190 wpm).
    pub pace_hard_high_wpm: f64,
    /// A silence at least this long counts as a pause worth reporting, in seconds. Tools flag
    /// long pauses at 0.6, 1.2 or 2.5 s; 1.2 s keeps natural sentence-end pauses (~0.6 s) out.
    pub pause_threshold_s: f64,
    /// Filler rate that drew no penalty from listeners (Laske & DiGennaro Reed 2024: <= 5/min).
    pub fillers_ok_per_min: f64,
    /// Filler rate that hurt listeners' ratings (same study: 12/min).
    pub fillers_bad_per_min: f64,
    /// Width of the windows for pace over time, in seconds.
    pub pace_window_s: f64,
    /// Width of the sliding windows for pitch variation, in seconds. Hincks (2005, Interspeech)
    /// found pitch variation over 10 s windows correlated r = .83 with listeners' ratings of
    /// liveliness.
    pub pitch_window_s: f64,
    /// Pitch variation (standard deviation in semitones over a window) below which the voice
    /// sounds monotone. Speech-coaching tools flag under about 2 semitones over 8-10 s windows;
    /// Hincks & Edlund (2009, Language Learning & Technology 13(3)) used the same measure as
    /// feedback.
    pub monotone_sd_semitones: f64,
    /// A phrase whose end is this many dB quieter than its start is "trailing off". A 10 dB drop
    /// is heard as about half as loud (Stevens' sone scale), far beyond the few dB of natural
    /// declination at the end of a phrase; no published cut-off exists for this measure.
    pub trailing_off_db: f64,
    /// Silences at least this long (seconds) are left out of the articulation rate. De Jong &
    /// Bosker (2013) found 250 ms the cut-off that best predicts fluency ratings, following
    /// Goldman-Eisler's long-used 250 ms.
    pub articulation_pause_s: f64,
}

impl Default for MetricSettings {
    fn default() -> Self {
        Self {
            pace_low_wpm: 120.0,
            pace_high_wpm: 165.0,
            pace_hard_low_wpm: 100.0,
            pace_hard_high_wpm: 190.0,
            pause_threshold_s: 1.2,
            fillers_ok_per_min: 5.0,
            fillers_bad_per_min: 12.0,
            pace_window_s: 10.0,
            pitch_window_s: 10.0,
            monotone_sd_semitones: 2.0,
            trailing_off_db: 10.0,
            articulation_pause_s: 0.25,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_before_the_voice_measures_still_load() {
        let old = r#"{"pace_low_wpm":110.0,"pace_high_wpm":160.0,"pace_hard_low_wpm":100.0,
            "pace_hard_high_wpm":190.0,"pause_threshold_s":1.0,"fillers_ok_per_min":5.0,
            "fillers_bad_per_min":12.0,"pace_window_s":10.0}"#;
        let s: MetricSettings = serde_json::from_str(old).unwrap();
        assert_eq!(s.pace_low_wpm, 110.0);
        assert_eq!(s.monotone_sd_semitones, 2.0);
        assert_eq!(s.articulation_pause_s, 0.25);
    }
}
