//! Loudness across the answer: phrases (speech between short silences), how much their levels
//! vary, and phrases whose end is much quieter than their start (trailing off).

use serde::{Deserialize, Serialize};

use crate::analysis::energy::{EnergyProfile, FRAME_S};
use crate::analysis::settings::MetricSettings;

/// Phrases shorter than this (seconds) are single syllables between pauses: too short to have a
/// start and an end of their own.
const MIN_PHRASE_S: f64 = 0.2;

/// A phrase needs at least this length (seconds) to be judged for trailing off: its first and last
/// thirds must each hold a syllable or two.
const MIN_TRAILING_PHRASE_S: f64 = 1.0;

/// A phrase whose end was much quieter than its start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrailingOff {
    /// Phrase start in seconds.
    pub start: f64,
    /// Phrase end in seconds.
    pub end: f64,
    /// How much quieter the last third was than the first, in dB.
    pub drop_db: f64,
}

/// The loudness measures of an answer (`metrics.loudness` in the report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoudnessMetrics {
    /// Standard deviation of the phrases' levels in dB (0 with fewer than two phrases).
    pub sd_db: f64,
    /// Phrases that trailed off, in time order.
    pub trailing_off: Vec<TrailingOff>,
    /// Number of phrases measured.
    pub phrases: usize,
}

/// The phrases inside `span`: stretches of voice separated by silences of at least `pause_s`,
/// as `(start, end)` in seconds. `None` when the recording does not separate voice from
/// background.
pub fn phrases(energy: &EnergyProfile, span: (f64, f64), pause_s: f64) -> Option<Vec<(f64, f64)>> {
    let threshold = energy.voice_threshold_db()?;
    let (t0, t1) = span;
    let mut out = Vec::new();
    let mut start = t0;
    for (s, e) in energy.runs_below(threshold, pause_s) {
        if e <= t0 || s >= t1 {
            continue;
        }
        if s - start >= MIN_PHRASE_S {
            out.push((start, s));
        }
        start = e.max(start);
    }
    if t1 - start >= MIN_PHRASE_S {
        out.push((start, t1));
    }
    Some(out)
}

/// Power-mean level in dB of the frames in `[start, end)`.
fn level_db(energy: &EnergyProfile, start: f64, end: f64) -> Option<f64> {
    let a = (start / FRAME_S).floor().max(0.0) as usize;
    let b = ((end / FRAME_S).ceil() as usize).min(energy.frame_db.len());
    let frames = energy.frame_db.get(a..b)?;
    if frames.is_empty() {
        return None;
    }
    let power = frames
        .iter()
        .map(|db| 10f64.powf(f64::from(*db) / 10.0))
        .sum::<f64>()
        / frames.len() as f64;
    Some(10.0 * power.log10())
}

/// Measures loudness over the phrases of the answer `span`. `None` when the recording does not
/// separate voice from background or holds no phrase.
pub fn loudness_metrics(
    energy: &EnergyProfile,
    span: (f64, f64),
    settings: &MetricSettings,
) -> Option<LoudnessMetrics> {
    let phrases = phrases(energy, span, settings.articulation_pause_s)?;
    if phrases.is_empty() {
        return None;
    }
    let levels: Vec<f64> = phrases
        .iter()
        .filter_map(|(s, e)| level_db(energy, *s, *e))
        .collect();
    let sd_db = if levels.len() < 2 {
        0.0
    } else {
        let mean = levels.iter().sum::<f64>() / levels.len() as f64;
        (levels.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (levels.len() - 1) as f64).sqrt()
    };
    let trailing_off = phrases
        .iter()
        .filter(|(s, e)| e - s >= MIN_TRAILING_PHRASE_S)
        .filter_map(|&(start, end)| {
            let third = (end - start) / 3.0;
            let first = level_db(energy, start, start + third)?;
            let last = level_db(energy, end - third, end)?;
            let drop_db = first - last;
            (drop_db >= settings.trailing_off_db).then_some(TrailingOff {
                start,
                end,
                drop_db,
            })
        })
        .collect();
    Some(LoudnessMetrics {
        sd_db,
        trailing_off,
        phrases: phrases.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::SAMPLE_RATE;

    /// A tone whose amplitude follows `amp(t)` for `seconds`.
    fn tone(seconds: f64, amp: impl Fn(f64) -> f32) -> Vec<f32> {
        let sr = f64::from(SAMPLE_RATE);
        (0..(seconds * sr) as usize)
            .map(|i| amp(i as f64 / sr) * (i as f32 * 0.09).sin())
            .collect()
    }

    #[test]
    fn a_fading_phrase_trails_off_and_steady_ones_do_not() {
        let mut s = tone(0.5, |_| 0.001);
        s.extend(tone(2.0, |_| 0.3));
        s.extend(tone(0.5, |_| 0.001));
        // From 0.3 down to 0.03 (-20 dB) over 2 s.
        s.extend(tone(2.0, |t| 0.3 * 10f32.powf(-(t as f32) / 2.0)));
        s.extend(tone(0.5, |_| 0.001));
        s.extend(tone(2.0, |_| 0.1));
        s.extend(tone(0.5, |_| 0.001));
        let e = EnergyProfile::from_samples(&s);
        let m = loudness_metrics(&e, (0.5, 7.5), &MetricSettings::default()).unwrap();
        assert_eq!(m.phrases, 3, "{m:?}");
        assert_eq!(m.trailing_off.len(), 1, "{m:?}");
        let t = &m.trailing_off[0];
        assert!(
            (t.start - 3.0).abs() < 0.05 && (t.end - 5.0).abs() < 0.05,
            "{t:?}"
        );
        // The last third of a steady 20 dB fade is about 13 dB below the first.
        assert!(t.drop_db > 11.0 && t.drop_db < 16.0, "{t:?}");
        // Levels of about -13, -18 and -23 dB.
        assert!(m.sd_db > 3.0 && m.sd_db < 8.0, "{}", m.sd_db);
    }
}
