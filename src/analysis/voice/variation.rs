//! Pitch variation: how much the voice moves, over the whole answer and in sliding windows, and
//! the stretches where it stays flat (monotone).

use serde::{Deserialize, Serialize};

use super::pitch::{PitchTrack, sd_semitones};
use crate::analysis::settings::MetricSettings;

/// A window needs at least this much voiced speech (seconds) for its variation to mean anything:
/// a window that is mostly pause says nothing about the voice.
const MIN_VOICED_S: f64 = 2.0;

/// Pitch variation in one window of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitchWindow {
    /// Window start in seconds.
    pub start: f64,
    /// Window end in seconds.
    pub end: f64,
    /// Standard deviation of F0 in semitones over the window's voiced frames.
    pub sd_semitones: f64,
}

/// A stretch where the pitch varied less than the monotone threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonotoneStretch {
    /// Start in seconds.
    pub start: f64,
    /// End in seconds.
    pub end: f64,
    /// Standard deviation of F0 in semitones over the stretch.
    pub sd_semitones: f64,
}

/// The pitch measures of an answer (`metrics.pitch` in the report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PitchMetrics {
    /// Median F0 of the voiced speech in Hz.
    pub median_hz: f64,
    /// Standard deviation of F0 in semitones over the whole answer.
    pub sd_semitones: f64,
    /// Variation in sliding windows (the pitch window setting wide, half a window apart).
    pub windows: Vec<PitchWindow>,
    /// Stretches whose windows all stayed under the monotone threshold, merged.
    pub monotone: Vec<MonotoneStretch>,
    /// The F0 contour for plotting: `[time s, F0 Hz]` of every voiced 10 ms frame inside the
    /// answer.
    pub contour: Vec<[f32; 2]>,
}

/// Window bounds over `[t0, t1]`: `width` wide, `width / 2` apart, the last one ending at `t1`.
/// An answer shorter than one window is a single window.
fn window_bounds(t0: f64, t1: f64, width: f64) -> Vec<(f64, f64)> {
    if t1 <= t0 || width <= 0.0 {
        return Vec::new();
    }
    if t1 - t0 <= width {
        return vec![(t0, t1)];
    }
    let mut out = Vec::new();
    let mut s = t0;
    while s + width < t1 {
        out.push((s, s + width));
        s += width / 2.0;
    }
    out.push((t1 - width, t1));
    out
}

/// Measures the pitch variation of the voiced frames inside the answer `[t0, t1]`. `None` when
/// too little of it was voiced to say anything.
pub fn pitch_metrics(
    track: &PitchTrack,
    span: (f64, f64),
    settings: &MetricSettings,
) -> Option<PitchMetrics> {
    let (t0, t1) = span;
    let voiced = track.voiced_between(t0, t1);
    let min_frames = (MIN_VOICED_S / track.hop_s) as usize;
    if voiced.len() < min_frames.min(50) {
        return None;
    }
    let mut sorted = voiced.clone();
    sorted.sort_by(f32::total_cmp);
    let median_hz = f64::from(sorted[sorted.len() / 2]);
    let windows: Vec<PitchWindow> = window_bounds(t0, t1, settings.pitch_window_s)
        .into_iter()
        .filter_map(|(start, end)| {
            let v = track.voiced_between(start, end);
            (v.len() >= min_frames).then(|| PitchWindow {
                start,
                end,
                sd_semitones: sd_semitones(&v),
            })
        })
        .collect();
    let mut flat: Vec<(f64, f64)> = Vec::new();
    for w in windows
        .iter()
        .filter(|w| w.sd_semitones < settings.monotone_sd_semitones)
    {
        match flat.last_mut() {
            Some(last) if w.start <= last.1 => last.1 = last.1.max(w.end),
            _ => flat.push((w.start, w.end)),
        }
    }
    let monotone = flat
        .into_iter()
        .map(|(start, end)| MonotoneStretch {
            start,
            end,
            sd_semitones: sd_semitones(&track.voiced_between(start, end)),
        })
        .collect();
    let contour = track
        .voiced()
        .filter(|(t, _)| *t >= t0 && *t < t1)
        .map(|(t, f)| [t as f32, f])
        .collect();
    Some(PitchMetrics {
        median_hz,
        sd_semitones: sd_semitones(&voiced),
        windows,
        monotone,
        contour,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A track at 10 ms frames whose F0 follows `hz(t)`.
    fn track(seconds: f64, hz: impl Fn(f64) -> f32) -> PitchTrack {
        let n = (seconds / 0.01) as usize;
        PitchTrack {
            first_s: 0.0,
            hop_s: 0.01,
            f0_hz: (0..n).map(|i| hz(i as f64 * 0.01)).collect(),
            local_hz: Vec::new(),
            local_first_s: 0.0,
        }
    }

    #[test]
    fn windows_slide_by_half_and_end_at_the_answer_end() {
        assert_eq!(window_bounds(0.0, 8.0, 10.0), [(0.0, 8.0)]);
        assert_eq!(
            window_bounds(0.0, 22.0, 10.0),
            [(0.0, 10.0), (5.0, 15.0), (10.0, 20.0), (12.0, 22.0)]
        );
    }

    #[test]
    fn a_flat_stretch_between_lively_ones_is_monotone() {
        // Lively (an F0 swinging +-6 semitones) for 15 s, flat for 20 s, lively again for 15 s.
        let lively = |t: f64| (150.0 * 2f64.powf((t * 1.3).sin() * 6.0 / 12.0)) as f32;
        let t = track(50.0, |s| {
            if (15.0..35.0).contains(&s) {
                150.0
            } else {
                lively(s)
            }
        });
        let m = pitch_metrics(&t, (0.0, 50.0), &MetricSettings::default()).unwrap();
        assert!(m.sd_semitones > 2.0, "{}", m.sd_semitones);
        assert!((m.median_hz - 150.0).abs() < 5.0);
        assert_eq!(m.monotone.len(), 1, "{:?}", m.monotone);
        let s = &m.monotone[0];
        assert!(s.start >= 14.9 && s.end <= 35.1, "{s:?}");
        assert!(s.sd_semitones < 2.0);
        // Too little voice says nothing.
        let silent = track(20.0, |_| 0.0);
        assert!(pitch_metrics(&silent, (0.0, 20.0), &MetricSettings::default()).is_none());
    }
}
