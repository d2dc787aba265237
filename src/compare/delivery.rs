//! The user's own baseline: how they sound when they have not rehearsed. A recited answer
//! tends to be unusually fluent and flat at once, but "flat" only means something against the
//! same speaker's natural voice: pitch range and pace differ widely between people (and
//! between languages a speaker grew up with), so every delivery signal here is a ratio to the
//! user's own unrehearsed answers, never an absolute threshold.

use serde::Serialize;

use crate::analysis::SpeechMetrics;

/// Pace windows shorter than this (the answer's last, partial window) are left out of the pace
/// spread: a 3 s window's words-per-minute is mostly noise.
const MIN_PACE_WINDOW_S: f64 = 5.0;
/// Fewer full pace windows than this give no pace spread. With three windows (a 30 s answer)
/// the spread of one text read twice by the same synthetic voice, transcribed twice, ranged from
/// 0.03 to 0.28: Whisper's word times alone move a window's count by several words.
const MIN_PACE_WINDOWS: usize = 4;

/// The delivery measures of one answer that say how spontaneous it sounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DeliveryProfile {
    /// Fillers per minute of speaking time.
    pub fillers_per_min: f64,
    /// Long pauses per minute of speaking time.
    pub pauses_per_min: f64,
    /// Syllables per second of speech, when the answer had audio.
    pub articulation_rate: Option<f64>,
    /// Pitch variation over the whole answer in semitones, when it was measured.
    pub pitch_sd_semitones: Option<f64>,
    /// How much the pace varied between 10 s windows: the coefficient of variation (standard
    /// deviation over mean) of their words per minute. Low means an unusually even pace.
    pub pace_spread: Option<f64>,
}

impl DeliveryProfile {
    /// The profile of an answer's metrics.
    pub fn of(m: &SpeechMetrics) -> Self {
        let minutes = m.speaking_time_s / 60.0;
        let pauses_per_min = if minutes > 0.0 {
            m.pauses.len() as f64 / minutes
        } else {
            0.0
        };
        let paces: Vec<f64> = m
            .wpm_over_time
            .iter()
            .filter(|w| w.end - w.start >= MIN_PACE_WINDOW_S)
            .map(|w| w.wpm)
            .collect();
        let pace_spread = (paces.len() >= MIN_PACE_WINDOWS)
            .then(|| {
                let mean = paces.iter().sum::<f64>() / paces.len() as f64;
                let var =
                    paces.iter().map(|p| (p - mean).powi(2)).sum::<f64>() / paces.len() as f64;
                (mean > 0.0).then(|| var.sqrt() / mean)
            })
            .flatten();
        Self {
            fillers_per_min: m.fillers_per_min,
            pauses_per_min,
            articulation_rate: m.articulation_rate,
            pitch_sd_semitones: m.pitch.as_ref().map(|p| p.sd_semitones),
            pace_spread,
        }
    }
}

/// The median of each measure over the user's unrehearsed answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    /// How many unrehearsed answers it was made from.
    pub answers: usize,
    /// Median fillers per minute.
    pub fillers_per_min: Option<f64>,
    /// Median long pauses per minute.
    pub pauses_per_min: Option<f64>,
    /// Median syllables per second of speech.
    pub articulation_rate: Option<f64>,
    /// Median whole-answer pitch variation, semitones.
    pub pitch_sd_semitones: Option<f64>,
    /// Median pace spread (see [`DeliveryProfile::pace_spread`]).
    pub pace_spread: Option<f64>,
}

impl Baseline {
    /// The baseline of `profiles` (the unrehearsed answers). A measure missing from some
    /// answers (older analyses have no pitch) is the median of those that have it.
    pub fn of(profiles: &[DeliveryProfile]) -> Self {
        let med = |f: &dyn Fn(&DeliveryProfile) -> Option<f64>| {
            median(profiles.iter().filter_map(f).collect())
        };
        Self {
            answers: profiles.len(),
            fillers_per_min: med(&|p| Some(p.fillers_per_min)),
            pauses_per_min: med(&|p| Some(p.pauses_per_min)),
            articulation_rate: med(&|p| p.articulation_rate),
            pitch_sd_semitones: med(&|p| p.pitch_sd_semitones),
            pace_spread: med(&|p| p.pace_spread),
        }
    }
}

/// The median of `v` (the mean of the middle two for an even count); `None` when empty.
fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite());
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2.0
    } else {
        v[m]
    })
}

/// `now` relative to `base`: -0.4 means 40% lower. `None` when either is missing or the base is
/// zero.
pub fn relative(now: Option<f64>, base: Option<f64>) -> Option<f64> {
    match (now, base) {
        (Some(n), Some(b)) if b.abs() > 1e-9 && n.is_finite() && b.is_finite() => Some(n / b - 1.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::metrics::PaceWindow;

    fn metrics(windows: &[(f64, f64, f64)]) -> SpeechMetrics {
        let mut m = crate::analysis::compute_metrics(
            &crate::analysis::Transcript::default(),
            60.0,
            None,
            &crate::analysis::MetricSettings::default(),
        );
        m.speaking_time_s = 60.0;
        m.wpm_over_time = windows
            .iter()
            .map(|&(start, end, wpm)| PaceWindow { start, end, wpm })
            .collect();
        m
    }

    #[test]
    fn pace_spread_leaves_out_the_short_last_window() {
        let even = metrics(&[
            (0.0, 10.0, 120.0),
            (10.0, 20.0, 120.0),
            (20.0, 30.0, 120.0),
            (30.0, 40.0, 120.0),
        ]);
        assert_eq!(DeliveryProfile::of(&even).pace_spread, Some(0.0));
        let last_short = metrics(&[
            (0.0, 10.0, 100.0),
            (10.0, 20.0, 140.0),
            (20.0, 30.0, 100.0),
            (30.0, 40.0, 140.0),
            (40.0, 42.0, 30.0),
        ]);
        let s = DeliveryProfile::of(&last_short).pace_spread.unwrap();
        assert!((s - 20.0 / 120.0).abs() < 1e-9, "{s}");
        let three = metrics(&[(0.0, 10.0, 100.0), (10.0, 20.0, 140.0), (20.0, 30.0, 120.0)]);
        assert_eq!(DeliveryProfile::of(&three).pace_spread, None);
    }

    #[test]
    fn the_baseline_is_the_median_of_what_each_answer_has() {
        let p = |sd: Option<f64>, f: f64| DeliveryProfile {
            fillers_per_min: f,
            pauses_per_min: 1.0,
            articulation_rate: None,
            pitch_sd_semitones: sd,
            pace_spread: None,
        };
        let b = Baseline::of(&[p(Some(3.0), 4.0), p(None, 2.0), p(Some(5.0), 9.0)]);
        assert_eq!(b.answers, 3);
        assert_eq!(b.pitch_sd_semitones, Some(4.0));
        assert_eq!(b.fillers_per_min, Some(4.0));
        assert_eq!(b.articulation_rate, None);
        assert_eq!(Baseline::of(&[]).pitch_sd_semitones, None);
    }

    #[test]
    fn relative_change_needs_both_values() {
        assert!((relative(Some(1.8), Some(3.0)).unwrap() + 0.4).abs() < 1e-9);
        assert_eq!(relative(None, Some(3.0)), None);
        assert_eq!(relative(Some(1.0), Some(0.0)), None);
    }
}
