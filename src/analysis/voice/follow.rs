//! Voice measures taken while the answer is spoken, so that Stop leaves only the last moments
//! to measure.
//!
//! The costly parts of the voice measures are per-frame analyses of the signal: the YIN pitch
//! frames, and the formants and spectral shape that the filler detectors read. Each depends on
//! the samples around its frame alone, so [`VoiceFollower`] takes them as the recording grows;
//! everything that needs the whole recording (its loudest peak, the word times) is decided at
//! the end, by the same code as for a recording measured in one go. The result is therefore
//! exactly the same (see the tests), only sooner.

use super::fillers::{Envelopes, FrameMemo, frame_peak, is_loud};
use super::formants::FormantEstimator;
use super::pitch::{HOP_S, PitchTrack, PitchTracker};

/// Frames on either side of a frame that decide whether its formants are wanted (the filler
/// detector takes a five-frame median).
const NEIGHBOURS: usize = 2;

/// Follows a growing 16 kHz recording; see the module documentation.
pub struct VoiceFollower {
    pitch: PitchTracker,
    memo: FrameMemo,
    formants: FormantEstimator,
    envelopes: Envelopes,
    /// The next frame whose spectral measures are to be taken.
    next: usize,
}

impl std::fmt::Debug for VoiceFollower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceFollower")
            .field("frames", &self.pitch.frames())
            .field("spectral_frames", &self.next)
            .finish()
    }
}

impl Default for VoiceFollower {
    fn default() -> Self {
        Self::new()
    }
}

impl VoiceFollower {
    /// A follower that has heard nothing.
    pub fn new() -> Self {
        Self {
            pitch: PitchTracker::new(),
            memo: FrameMemo::default(),
            formants: FormantEstimator::new(),
            envelopes: Envelopes::new(),
            next: 0,
        }
    }

    /// Measures what `samples`, the recording so far, now completes. The samples must only
    /// grow: each call passes the same recording, longer.
    ///
    /// A frame's formants and shape are taken whenever the end might want them: a frame can
    /// only turn out voiced if its dip was deep, and only loud beside a peak at least as high
    /// as the loudest so far, so the end never wants a measure that was skipped here.
    pub fn update(&mut self, samples: &[f32]) {
        self.pitch.update(samples);
        let frames = self.pitch.frames();
        let peak = self.pitch.peak();
        let maybe = |k: usize| {
            self.pitch.maybe_voiced(k)
                || is_loud(frame_peak(samples, self.pitch.time(k), HOP_S), peak)
        };
        let mut formants = Vec::new();
        let mut shapes = Vec::new();
        while self.next + NEIGHBOURS < frames {
            let i = self.next;
            let t = self.pitch.time(i);
            let wanted = (i.saturating_sub(NEIGHBOURS)..=i + NEIGHBOURS).any(maybe);
            formants.push(wanted.then(|| self.formants.f1_f2(samples, t)));
            shapes.push(
                self.pitch
                    .maybe_voiced(i)
                    .then(|| self.envelopes.shape(samples, t)),
            );
            self.next += 1;
        }
        self.memo.formants.extend(formants);
        self.memo.shapes.extend(shapes);
    }

    /// Frames whose measures are taken (the pitch frames run up to two further).
    pub fn frames(&self) -> usize {
        self.next
    }

    /// The pitch track of the whole recording, `samples`, and the spectral measures taken so
    /// far (the filler detectors take the rest).
    pub fn finish(self, samples: &[f32]) -> (PitchTrack, FrameMemo) {
        (self.pitch.finish(samples), self.memo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::settings::MetricSettings;
    use crate::analysis::transcript::{Transcript, Word};
    use crate::analysis::voice::formants::synthetic_vowel;
    use crate::analysis::voice::{measure_followed, measure_recording};

    #[test]
    fn following_the_voice_as_it_is_spoken_measures_what_the_end_would() {
        // A faint start (so the loudest peak grows as the recording does), "words" of changing
        // vowels, a held "uh" the transcript leaves out, more words, and silence.
        let faint: Vec<f32> = synthetic_vowel(140.0, &[(500.0, 80.0), (1500.0, 90.0)], 0.4)
            .iter()
            .map(|s| s * 0.02)
            .collect();
        let vowels = [
            [(300.0, 60.0), (2300.0, 100.0), (3000.0, 150.0)],
            [(750.0, 80.0), (1100.0, 90.0), (2500.0, 150.0)],
            [(320.0, 60.0), (900.0, 90.0), (2300.0, 150.0)],
        ];
        let word = |k: usize| -> Vec<f32> {
            (0..6)
                .flat_map(|i| synthetic_vowel(170.0 + 7.0 * i as f64, &vowels[(i + k) % 3], 0.1))
                .collect()
        };
        let uh = synthetic_vowel(
            130.0,
            &[(620.0, 80.0), (1220.0, 90.0), (2550.0, 150.0)],
            0.4,
        );
        let gap = vec![0.0f32; 1600];
        let samples = [faint, word(0), gap.clone(), uh, gap.clone(), word(1), gap].concat();
        let transcript = Transcript::from_words(vec![
            Word::new("answer", 0.4, 1.0),
            Word::new("questions", 1.6, 2.2),
        ]);
        let settings = MetricSettings::default();
        let whole = measure_recording(&samples, &transcript, &settings);

        let mut follower = VoiceFollower::new();
        let mut len = 0;
        while len < samples.len() {
            len = (len + 1777).min(samples.len());
            follower.update(&samples[..len]);
        }
        assert!(follower.frames() > 0);
        let followed = measure_followed(&samples, &transcript, &settings, follower);
        assert_eq!(followed, whole);
        // The measures compared are real ones: a pitch track, and the "uh" heard in the audio.
        assert!(whole.1.pitch.is_some(), "{:?}", whole.1);
        assert_eq!(whole.1.fillers.len(), 1, "{:?}", whole.1.fillers);
    }
}
