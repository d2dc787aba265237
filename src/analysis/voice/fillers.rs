//! Filled pauses ("uh", "um", "er") that the transcript left out, found in the signal.
//!
//! Whisper was trained on text whose normaliser removed "um" and "uh" (Radford et al. 2022,
//! appendix C), so it drops or folds many of them even with a prompt that contains fillers. A
//! filled pause is acoustically plain: a steady central vowel (sometimes closing into a hum) on a
//! flat pitch, held far longer than a vowel inside a word. The detector looks for exactly that:
//! voiced stretches of at least a quarter second whose spectrum and pitch barely move, lying in a
//! gap between words or inside a word much longer than its letters allow (where Whisper stretched
//! the word over the filler). The rules follow erm's detector (dougcalobrisi/erm,
//! docs/detection.md): gaps from 350 ms, words longer than (0.18 + 0.12 x letters) s x 1.6.

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{RealFftPlanner, RealToComplex};

use super::pitch::{PitchTrack, semitones};
use crate::analysis::SAMPLE_RATE;
use crate::analysis::energy::runs;
use crate::analysis::metrics::{FillerSource, TimedPhrase};
use crate::analysis::transcript::Word;

/// Shortest filled pause, seconds. Filled pauses in conversation last about 0.2-0.6 s and more;
/// vowels inside fluent words rarely stay steady this long.
const MIN_FILLER_S: f64 = 0.2;
/// Spectral analysis window for the stability measure, in samples (32 ms).
const SPECTRUM_WINDOW: usize = 512;
/// Bands of the coarse spectral envelope, spread evenly over 0-4 kHz (where the first two
/// formants of every vowel lie).
const BANDS: usize = 16;
/// Upper edge of the envelope in Hz.
const TOP_HZ: f32 = 4000.0;
/// Mean change of the envelope's shape from one 10 ms frame to the next (dB, level removed) below
/// which a frame is steady: a held vowel changes by a dB or two, a transition between sounds by
/// many.
const STEADY_CHANGE_DB: f32 = 3.0;
/// Largest F0 change between neighbouring frames of a steady stretch, semitones.
const STEADY_PITCH_STEP: f64 = 0.5;
/// Largest pitch standard deviation of a filled pause, semitones (its pitch is flat or falls a
/// little).
const FLAT_PITCH_SD: f64 = 2.5;
/// A gap between words at least this long can hold a filled pause (erm: 350 ms).
const MIN_GAP_S: f64 = 0.35;
/// How much longer than its letters allow a word must be to hide a filler (erm: 1.6 times).
const LONG_WORD_FACTOR: f64 = 1.6;

/// The time a word of `letters` letters takes at an ordinary pace (erm's model).
fn expected_word_s(letters: usize) -> f64 {
    0.18 + 0.12 * letters as f64
}

/// Coarse spectral envelopes, one per voiced pitch frame (`None` for unvoiced frames).
struct Envelopes {
    fft: Arc<dyn RealToComplex<f32>>,
    input: Vec<f32>,
    output: Vec<Complex<f32>>,
    window: Vec<f32>,
}

impl Envelopes {
    fn new() -> Self {
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(SPECTRUM_WINDOW);
        let window = (0..SPECTRUM_WINDOW)
            .map(|i| {
                let x = std::f32::consts::PI * 2.0 * i as f32 / SPECTRUM_WINDOW as f32;
                0.5 - 0.5 * x.cos()
            })
            .collect();
        Self {
            input: fft.make_input_vec(),
            output: fft.make_output_vec(),
            fft,
            window,
        }
    }

    /// Band levels in dB, with their mean removed (the envelope's shape, not its loudness).
    fn shape(&mut self, samples: &[f32], centre_s: f64) -> Option<[f32; BANDS]> {
        let centre = (centre_s * f64::from(SAMPLE_RATE)) as usize;
        let start = centre.checked_sub(SPECTRUM_WINDOW / 2)?;
        let seg = samples.get(start..start + SPECTRUM_WINDOW)?;
        for ((x, s), w) in self.input.iter_mut().zip(seg).zip(&self.window) {
            *x = s * w;
        }
        self.fft.process(&mut self.input, &mut self.output).ok()?;
        let bin_hz = SAMPLE_RATE as f32 / SPECTRUM_WINDOW as f32;
        let per_band = ((TOP_HZ / bin_hz) as usize / BANDS).max(1);
        let mut bands = [0f32; BANDS];
        for (b, band) in bands.iter_mut().enumerate() {
            let power: f32 = self.output[1 + b * per_band..1 + (b + 1) * per_band]
                .iter()
                .map(|c| c.norm_sqr())
                .sum();
            *band = 10.0 * (power + 1e-12).log10();
        }
        let mean = bands.iter().sum::<f32>() / BANDS as f32;
        for band in &mut bands {
            *band -= mean;
        }
        Some(bands)
    }
}

/// Steady voiced stretches (seconds) of at least [`MIN_FILLER_S`]: neighbouring frames differ
/// little in spectral shape and pitch, and the stretch's pitch is flat.
fn steady_stretches(samples: &[f32], track: &PitchTrack) -> Vec<(f64, f64)> {
    let mut env = Envelopes::new();
    let shapes: Vec<Option<[f32; BANDS]>> = (0..track.f0_hz.len())
        .map(|i| {
            if track.f0_hz[i] > 0.0 {
                env.shape(samples, track.time(i))
            } else {
                None
            }
        })
        .collect();
    let step_ok = |i: usize| -> bool {
        let (Some(a), Some(b)) = (shapes[i - 1], shapes[i]) else {
            return false;
        };
        let change = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).sum::<f32>() / BANDS as f32;
        let pitch_step = (semitones(track.f0_hz[i]) - semitones(track.f0_hz[i - 1])).abs();
        change < STEADY_CHANGE_DB && pitch_step < STEADY_PITCH_STEP
    };
    let n = track.f0_hz.len();
    let steady: Vec<bool> = (0..n).map(|i| i > 0 && step_ok(i)).collect();
    // One unsteady frame between steady ones (a glitch in the envelope) does not break a run.
    let steady: Vec<bool> = (0..n)
        .map(|i| {
            steady[i]
                || (i > 0 && i + 1 < n && steady[i - 1] && steady[i + 1] && track.f0_hz[i] > 0.0)
        })
        .collect();
    let min_frames = (MIN_FILLER_S / track.hop_s).round() as usize;
    let half = track.hop_s / 2.0;
    // A steady step at frame i joins frames i - 1 and i, so a run of steps r spans frames
    // r.start - 1 ..= r.end - 1.
    runs(steady)
        .into_iter()
        .map(|r| r.start.saturating_sub(1)..r.end)
        .filter(|r| r.len() >= min_frames)
        .filter(|r| super::pitch::sd_semitones(&track.f0_hz[r.clone()]) <= FLAT_PITCH_SD)
        .map(|r| (track.time(r.start) - half, track.time(r.end - 1) + half))
        .collect()
}

/// Overlap of two intervals in seconds.
fn overlap(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0.0)
}

/// Filled pauses heard in the answer `span` but absent from the transcript, as fillers with
/// `source: acoustic`, `word_count` 0 and `word_index` the word they come before or inside.
pub fn acoustic_fillers(
    samples: &[f32],
    track: &PitchTrack,
    words: &[Word],
    transcript_fillers: &[TimedPhrase],
    span: (f64, f64),
) -> Vec<TimedPhrase> {
    let mut out = Vec::new();
    for (start, end) in steady_stretches(samples, track) {
        let len = end - start;
        if start < span.0 - 0.05 || end > span.1 + 0.05 {
            continue;
        }
        // Already a filler in the transcript.
        if transcript_fillers
            .iter()
            .any(|f| overlap((start, end), (f.start - 0.15, f.end + 0.15)) > 0.0)
        {
            continue;
        }
        // Lies inside a gap between words long enough to hold a filler, or inside a word that is
        // far longer than its letters allow.
        let inside: Vec<(usize, &Word)> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| {
                overlap((start, end), (w.start, w.end)) > 0.5 * len.min(w.end - w.start)
            })
            .collect();
        // The word after the filler, or the last word for a filler after the last one, so the
        // index always names a word of the transcript.
        let after = words
            .iter()
            .position(|w| w.end > start + len / 2.0)
            .unwrap_or(words.len());
        let word_index = after.min(words.len().saturating_sub(1));
        let in_gap = inside.is_empty() && {
            let prev_end = after
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .map_or(span.0, |w| w.end);
            let next_start = words.get(after).map_or(span.1, |w| w.start);
            next_start - prev_end >= MIN_GAP_S.min(len)
        };
        let in_long_word = inside.iter().any(|(_, w)| {
            let letters = w.text.chars().filter(|c| c.is_alphanumeric()).count();
            w.end - w.start > expected_word_s(letters) * LONG_WORD_FACTOR
        });
        if in_gap || in_long_word {
            out.push(TimedPhrase {
                text: "uh".into(),
                start,
                end,
                word_index,
                word_count: 0,
                source: FillerSource::Acoustic,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::voice::pitch::track;

    /// A harmonic voice whose F0 follows `hz(t)` over `[0, seconds)`.
    fn voice(seconds: f64, hz: impl Fn(f64) -> f64) -> Vec<f32> {
        let sr = f64::from(SAMPLE_RATE);
        let mut phase = 0.0f64;
        (0..(seconds * sr) as usize)
            .map(|i| {
                let t = i as f64 / sr;
                let f = hz(t);
                phase += 2.0 * std::f64::consts::PI * f / sr;
                if f <= 0.0 {
                    return 0.0005 * (i as f32 * 0.37).sin();
                }
                (0.5 * phase.sin() + 0.3 * (2.0 * phase).sin() + 0.2 * (3.0 * phase).sin()) as f32
                    * 0.3
            })
            .collect()
    }

    /// Speech-like pitch movement (a 4 Hz swing of +-40 Hz) for the words, a flat 130 Hz hum
    /// from 0.65 to 1.05 s, silence around it.
    fn answer() -> Vec<f32> {
        voice(1.7, |t| match t {
            t if !(0.6..1.1).contains(&t) => {
                180.0 + 40.0 * (2.0 * std::f64::consts::PI * 4.0 * t).sin()
            }
            t if (0.65..1.05).contains(&t) => 130.0,
            _ => 0.0,
        })
    }

    #[test]
    fn a_hum_between_words_is_a_filler_once() {
        let samples = answer();
        let t = track(&samples);
        let words = vec![
            Word::new("answer", 0.0, 0.6),
            Word::new("questions", 1.1, 1.7),
        ];
        let found = acoustic_fillers(&samples, &t, &words, &[], (0.0, 1.7));
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert!(
            f.start > 0.6 && f.start < 0.75 && f.end > 0.95 && f.end < 1.1,
            "{f:?}"
        );
        assert_eq!((f.word_index, f.word_count), (1, 0));
        assert_eq!(f.source, FillerSource::Acoustic);
        // Already in the transcript: not counted twice.
        let um = TimedPhrase {
            text: "um".into(),
            start: 0.65,
            end: 1.05,
            word_index: 1,
            word_count: 1,
            source: FillerSource::Transcript,
        };
        assert!(acoustic_fillers(&samples, &t, &words, &[um], (0.0, 1.7)).is_empty());
        // Inside a word of ordinary length it is that word's vowel.
        let held = vec![
            Word::new("answer", 0.0, 0.6),
            Word::new("so", 0.62, 1.08),
            Word::new("questions", 1.1, 1.7),
        ];
        assert!(acoustic_fillers(&samples, &t, &held, &[], (0.0, 1.7)).is_empty());
    }
}
