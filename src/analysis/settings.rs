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
        }
    }
}
