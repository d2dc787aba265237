//! Short-time energy of a recording, and the silent stretches in it.
//!
//! Whisper's word times are approximate: a word is often stretched over the silence after it. The
//! signal itself is the better witness of where the speaker was quiet, so pauses are taken from the
//! energy when the recording has a clear difference between speech and background.

use super::SAMPLE_RATE;

/// Length of one analysis frame in seconds (20 ms, the usual speech frame).
pub const FRAME_S: f64 = 0.02;

/// A recording's loudness, frame by frame.
#[derive(Debug, Clone, PartialEq)]
pub struct EnergyProfile {
    /// RMS level of each 20 ms frame in dBFS (floored at -100 dB for digital silence).
    pub frame_db: Vec<f32>,
}

/// Below this range between the quiet and loud frames (in dB), speech and background cannot be
/// told apart by level alone: the recording is all noise, all speech, or all silence.
const MIN_DYNAMIC_RANGE_DB: f32 = 15.0;

/// Loudest frames quieter than this (dBFS) mean nobody spoke: near-digital silence.
const SPEECH_MIN_DB: f32 = -50.0;

/// Frames quieter than this (dBFS) are digital silence: no microphone is this quiet.
const DIGITAL_SILENCE_DB: f32 = -90.0;

/// The value below which `fraction` of `values` lie (nearest rank).
fn percentile(mut values: Vec<f32>, fraction: f64) -> Option<f32> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f32::total_cmp);
    let idx = ((values.len() - 1) as f64 * fraction).round() as usize;
    values.get(idx).copied()
}

impl EnergyProfile {
    /// Measures 16 kHz mono samples in 20 ms frames.
    pub fn from_samples(samples: &[f32]) -> Self {
        let frame = (f64::from(SAMPLE_RATE) * FRAME_S) as usize;
        let frame_db = samples
            .chunks(frame)
            .map(|c| {
                let mean_sq = c.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / c.len() as f64;
                let db = 10.0 * mean_sq.max(1e-10).log10();
                db as f32
            })
            .collect();
        Self { frame_db }
    }

    /// The level (dB) below which `fraction` of the frames lie.
    fn percentile(&self, fraction: f64) -> Option<f32> {
        percentile(self.frame_db.clone(), fraction)
    }

    /// Like [`Self::silence_threshold_db`], but frames of digital silence (exact zeros, as an
    /// editor's padding or a muted input writes them) are left out of the background estimate.
    ///
    /// With seconds of zeros in a file the 10th percentile is the -100 dB floor, which puts the
    /// threshold below the room noise of the real recording; the voice's onset and the phrases
    /// inside the answer are then lost. Measures that look for the voice itself use this one.
    pub fn voice_threshold_db(&self) -> Option<f32> {
        let live: Vec<f32> = self
            .frame_db
            .iter()
            .copied()
            .filter(|db| *db > DIGITAL_SILENCE_DB)
            .collect();
        let floor = percentile(live.clone(), 0.10)?;
        let speech = percentile(live, 0.90)?;
        if speech - floor < MIN_DYNAMIC_RANGE_DB {
            return None;
        }
        Some(floor + 0.25 * (speech - floor))
    }

    /// The level separating speech from background, when the recording has a clear separation.
    ///
    /// Returns `None` when the loud and quiet frames are too close (steady noise, or speech with
    /// no gaps), in which case pauses must come from word times alone.
    pub fn silence_threshold_db(&self) -> Option<f32> {
        let floor = self.percentile(0.10)?;
        let speech = self.percentile(0.90)?;
        if speech - floor < MIN_DYNAMIC_RANGE_DB {
            return None;
        }
        // A quarter of the way up from the background: low enough that soft consonants and
        // trailing syllables stay "speech", high enough that breaths and room noise are silence.
        Some(floor + 0.25 * (speech - floor))
    }

    /// Whether the recording has any frame loud enough to be speech. Silence and faint hiss give
    /// false, so the transcriber can skip them instead of letting Whisper invent text.
    pub fn has_speech(&self) -> bool {
        let Some(loud) = self.percentile(0.98) else {
            return false;
        };
        loud > SPEECH_MIN_DB
            && (self.silence_threshold_db().is_some() || loud > SPEECH_MIN_DB + 20.0)
    }

    /// Silent stretches at least `min_len_s` long, as `(start, end)` in seconds.
    pub fn silences(&self, min_len_s: f64) -> Vec<(f64, f64)> {
        match self.silence_threshold_db() {
            Some(threshold) => self.runs_below(threshold, min_len_s),
            None => Vec::new(),
        }
    }

    /// Stretches of frames quieter than `threshold` dB lasting at least `min_len_s`, as
    /// `(start, end)` in seconds.
    pub fn runs_below(&self, threshold: f32, min_len_s: f64) -> Vec<(f64, f64)> {
        self.runs_where(|db| db < threshold, min_len_s)
    }

    /// Stretches of frames at least `threshold` dB loud lasting at least `min_len_s`, as
    /// `(start, end)` in seconds.
    pub fn runs_above(&self, threshold: f32, min_len_s: f64) -> Vec<(f64, f64)> {
        self.runs_where(|db| db >= threshold, min_len_s)
    }

    fn runs_where(&self, keep: impl Fn(f32) -> bool, min_len_s: f64) -> Vec<(f64, f64)> {
        runs(self.frame_db.iter().map(|db| keep(*db)))
            .into_iter()
            .map(|r| (r.start as f64 * FRAME_S, r.end as f64 * FRAME_S))
            .filter(|(start, end)| end - start >= min_len_s)
            .collect()
    }
}

/// The index ranges where `flags` is true, in order.
pub fn runs(flags: impl IntoIterator<Item = bool>) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for (i, flag) in flags.into_iter().enumerate() {
        match (flag, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
        n = i + 1;
    }
    if let Some(s) = start {
        out.push(s..n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(seconds: f64, amp: f32) -> Vec<f32> {
        let n = (seconds * f64::from(SAMPLE_RATE)) as usize;
        (0..n)
            .map(|i| amp * (i as f32 * 2.0 * std::f32::consts::PI * 220.0 / 16_000.0).sin())
            .collect()
    }

    #[test]
    fn finds_a_gap_between_two_bursts() {
        let mut s = tone(1.0, 0.3);
        s.extend(tone(1.5, 0.0005));
        s.extend(tone(1.0, 0.3));
        let p = EnergyProfile::from_samples(&s);
        assert!(p.has_speech());
        let sil = p.silences(1.0);
        assert_eq!(sil.len(), 1, "{sil:?}");
        assert!(
            (sil[0].0 - 1.0).abs() < 0.05 && (sil[0].1 - 2.5).abs() < 0.05,
            "{sil:?}"
        );
        assert!(p.silences(2.0).is_empty());
    }

    #[test]
    fn digital_silence_and_faint_hiss_have_no_speech() {
        assert!(!EnergyProfile::from_samples(&vec![0.0; 32_000]).has_speech());
        let hiss: Vec<f32> = (0..32_000u32)
            .map(|i| ((i.wrapping_mul(2_654_435_761) >> 16) as f32 / 65_536.0 - 0.5) * 0.002)
            .collect();
        assert!(!EnergyProfile::from_samples(&hiss).has_speech());
        assert!(EnergyProfile::from_samples(&[]).silences(0.5).is_empty());
    }

    #[test]
    fn steady_loud_signal_has_no_separable_silence() {
        let p = EnergyProfile::from_samples(&tone(3.0, 0.3));
        assert_eq!(p.silence_threshold_db(), None);
        assert!(p.silences(0.1).is_empty());
    }
}
