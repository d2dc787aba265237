//! Cutting a recording that is still growing at its natural pauses, so each closed piece can be
//! transcribed while the speaker goes on.
//!
//! The rule is the energy one the pause measures use (a quarter of the way from the background
//! to the speech level, see [`EnergyProfile`](super::energy::EnergyProfile)), applied to the audio
//! received so far: a piece closes at the first stretch of at least [`PAUSE_S`] below that level
//! once it is [`MIN_PIECE_S`] long. Cutting inside a pause means no word is split between two
//! runs of the recogniser. Someone who never pauses still gets a cut at [`MAX_PIECE_S`], at the
//! quietest moment of the last seconds, because Whisper's window is 30 s.

use super::energy::FRAME_S;

/// A pause must last this long (seconds) to close a piece. Pauses between sentences and
/// clauses last 0.4-1 s; the gaps inside a phrase (stop consonants, short breaths) are shorter.
pub const PAUSE_S: f64 = 0.4;
/// A piece is never closed before it is this long: each run of the recogniser has a fixed cost,
/// and a few words give it too little to go on.
pub const MIN_PIECE_S: f64 = 3.0;
/// A piece without any pause is cut when it reaches this length.
pub const MAX_PIECE_S: f64 = 20.0;
/// How far into the pause the cut is made: the end of the last word stays in its piece even
/// when the level drop came a little early.
const CUT_INTO_PAUSE_S: f64 = 0.2;
/// When no pause came, the cut is searched for in this many final seconds of the piece.
const FORCED_SEARCH_S: f64 = 5.0;
/// Energy thresholds are only trusted after this much audio (the background must be heard).
const MIN_HISTORY_S: f64 = 2.0;
/// Below this range between background and speech (dB) the level cannot tell them apart.
const MIN_DYNAMIC_RANGE_DB: f32 = 15.0;
/// Frames quieter than this (dBFS) are digital silence, left out of the background estimate.
const DIGITAL_SILENCE_DB: f32 = -90.0;

/// Follows a growing recording and says where its pieces end.
#[derive(Debug, Clone)]
pub struct PauseSegmenter {
    /// Samples per 20 ms frame at the input rate.
    frame_len: usize,
    /// Samples of the frame not yet complete.
    partial: Vec<f32>,
    /// Level of each complete frame, dBFS.
    frame_db: Vec<f32>,
}

impl PauseSegmenter {
    /// A segmenter for mono audio at `sample_rate`.
    pub fn new(sample_rate: u32) -> Self {
        let frame_len = ((f64::from(sample_rate) * FRAME_S).round() as usize).max(1);
        Self {
            frame_len,
            partial: Vec::with_capacity(frame_len),
            frame_db: Vec::new(),
        }
    }

    /// Adds the next samples of the recording.
    pub fn push(&mut self, mut samples: &[f32]) {
        while !samples.is_empty() {
            let take = (self.frame_len - self.partial.len()).min(samples.len());
            self.partial.extend_from_slice(&samples[..take]);
            samples = &samples[take..];
            if self.partial.len() == self.frame_len {
                let mean_sq = self
                    .partial
                    .iter()
                    .map(|s| f64::from(*s).powi(2))
                    .sum::<f64>()
                    / self.frame_len as f64;
                self.frame_db
                    .push((10.0 * mean_sq.max(1e-10).log10()) as f32);
                self.partial.clear();
            }
        }
    }

    /// Seconds of audio measured so far.
    pub fn received_s(&self) -> f64 {
        self.frame_db.len() as f64 * FRAME_S
    }

    /// The level separating speech from background in the audio so far, once it can be told.
    pub fn threshold_db(&self) -> Option<f32> {
        if self.received_s() < MIN_HISTORY_S {
            return None;
        }
        let mut live: Vec<f32> = self
            .frame_db
            .iter()
            .copied()
            .filter(|db| *db > DIGITAL_SILENCE_DB)
            .collect();
        if live.is_empty() {
            return None;
        }
        live.sort_by(f32::total_cmp);
        let at = |f: f64| live[((live.len() - 1) as f64 * f).round() as usize];
        let (floor, speech) = (at(0.10), at(0.90));
        (speech - floor >= MIN_DYNAMIC_RANGE_DB).then_some(floor + 0.25 * (speech - floor))
    }

    /// The end of the piece that starts at `from` (seconds), once the audio so far decides it:
    /// inside the first long enough pause after [`MIN_PIECE_S`], or at the quietest moment near
    /// [`MAX_PIECE_S`]. `None` while the piece is still open.
    pub fn next_cut(&self, from: f64) -> Option<f64> {
        let first = (from / FRAME_S).round() as usize;
        let earliest = ((from + MIN_PIECE_S) / FRAME_S).round() as usize;
        let pause_frames = (PAUSE_S / FRAME_S).round() as usize;
        if let Some(threshold) = self.threshold_db() {
            let mut heard_speech = false;
            let mut quiet_run = 0usize;
            for (i, db) in self.frame_db.iter().enumerate().skip(first) {
                if *db >= threshold {
                    heard_speech = true;
                    quiet_run = 0;
                    continue;
                }
                quiet_run += 1;
                let run_start = i + 1 - quiet_run;
                // A piece that is all silence so far is not cut: its silence simply grows, and
                // the recogniser is never run on nothing.
                if quiet_run >= pause_frames && heard_speech && run_start >= earliest {
                    return Some(run_start as f64 * FRAME_S + CUT_INTO_PAUSE_S);
                }
            }
        }
        self.forced_cut(from)
    }

    /// The quietest 100 ms in the last seconds of a piece that reached [`MAX_PIECE_S`].
    fn forced_cut(&self, from: f64) -> Option<f64> {
        let end = ((from + MAX_PIECE_S) / FRAME_S).round() as usize;
        if self.frame_db.len() < end {
            return None;
        }
        let start = ((from + MAX_PIECE_S - FORCED_SEARCH_S) / FRAME_S).round() as usize;
        let window = 5;
        let quietest = (start..end.saturating_sub(window))
            .min_by(|&a, &b| {
                let mean = |i: usize| self.frame_db[i..i + window].iter().sum::<f32>();
                mean(a).total_cmp(&mean(b))
            })
            .unwrap_or(start);
        Some((quietest + window / 2) as f64 * FRAME_S)
    }

    /// Seconds of frames at or above the speech level between `from` and `to`; all of it when
    /// no level can be told yet.
    pub fn speech_s(&self, from: f64, to: f64) -> f64 {
        let a = ((from / FRAME_S).round() as usize).min(self.frame_db.len());
        let b = ((to / FRAME_S).round() as usize).clamp(a, self.frame_db.len());
        match self.threshold_db() {
            Some(threshold) => {
                self.frame_db[a..b]
                    .iter()
                    .filter(|db| **db >= threshold)
                    .count() as f64
                    * FRAME_S
            }
            None => (b - a) as f64 * FRAME_S,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RATE: u32 = 16_000;

    /// `seconds` of a 200 Hz tone at `amp` (a stand-in for voiced speech) or silence with faint
    /// noise when `amp` is 0.
    fn sound(seconds: f64, amp: f32) -> Vec<f32> {
        let n = (seconds * f64::from(RATE)) as usize;
        let mut rng = fastrand::Rng::with_seed(7);
        (0..n)
            .map(|i| {
                let noise = (rng.f32() - 0.5) * 0.002;
                amp * (i as f32 * 2.0 * std::f32::consts::PI * 200.0 / RATE as f32).sin() + noise
            })
            .collect()
    }

    fn fed(parts: &[(f64, f32)]) -> PauseSegmenter {
        let mut s = PauseSegmenter::new(RATE);
        for &(secs, amp) in parts {
            // Pushed in odd-sized chunks, as a device delivers them.
            for chunk in sound(secs, amp).chunks(441) {
                s.push(chunk);
            }
        }
        s
    }

    #[test]
    fn cuts_inside_the_first_pause_after_the_minimum_length() {
        // Speech 1 s, short pause 0.6 s (too early), speech 3 s, pause 0.8 s, speech 2 s.
        let s = fed(&[
            (0.5, 0.0),
            (1.0, 0.3),
            (0.6, 0.0),
            (3.0, 0.3),
            (0.8, 0.0),
            (2.0, 0.3),
        ]);
        let cut = s.next_cut(0.0).expect("a pause after 3 s closes the piece");
        assert!(
            (cut - (5.1 + CUT_INTO_PAUSE_S)).abs() < 0.05,
            "cut at {cut}"
        );
        // The next piece is still open: 2 s of speech and no pause yet.
        assert_eq!(s.next_cut(cut), None);
        assert!(s.speech_s(0.0, cut) > 3.8 && s.speech_s(0.0, cut) < 4.2);
    }

    #[test]
    fn a_short_pause_does_not_cut() {
        let s = fed(&[(4.0, 0.3), (0.25, 0.0), (2.0, 0.3)]);
        assert_eq!(s.next_cut(0.0), None);
    }

    #[test]
    fn silence_alone_is_never_a_piece() {
        let s = fed(&[(6.0, 0.0), (1.0, 0.3)]);
        assert_eq!(s.next_cut(0.0), None, "no cut before any speech");
    }

    #[test]
    fn speech_without_pauses_is_cut_at_its_quietest_moment_near_the_limit() {
        // 17 s loud, 0.1 s softer (not a pause: above the threshold), 5 s loud.
        let mut parts = vec![(0.5, 0.0), (17.0, 0.3), (0.1, 0.08), (5.0, 0.3)];
        let s = fed(&parts);
        let cut = s.next_cut(0.0).expect("forced cut");
        assert!((cut - 17.55).abs() < 0.1, "cut at {cut}");
        parts.truncate(3);
        assert_eq!(fed(&parts).next_cut(0.0), None, "not before the limit");
    }

    #[test]
    fn steady_noise_has_no_threshold_and_only_forced_cuts() {
        let s = fed(&[(25.0, 0.3)]);
        assert_eq!(s.threshold_db(), None);
        let cut = s.next_cut(0.0).expect("forced cut");
        assert!((15.0..=20.0).contains(&cut));
    }
}
