//! Filled pauses ("uh", "um", "er") that the transcript left out, found in the signal.
//!
//! Whisper was trained on text whose normaliser removed "um" and "uh" (Radford et al. 2022,
//! appendix C), so it drops or folds many of them even with a prompt that contains fillers. A
//! filled pause is acoustically plain: a central vowel (F1 and F2 near the middle of the vowel
//! space, sometimes closing into a hum) whose formants stay put, held longer than most vowels
//! inside words. Two detectors look for it:
//!
//! - Held central vowels: stretches whose LPC formants ([`super::formants`]) stay in the central
//!   region and barely move, lying mostly outside the transcript's words (where Whisper wrote
//!   nothing).
//! - Steady voiced stretches of at least 0.2 s whose spectral envelope and pitch barely move,
//!   lying in a gap between words or inside a word much longer than its letters allow (where
//!   Whisper stretched the word over the filler). These rules follow erm's detector
//!   (dougcalobrisi/erm, docs/detection.md): gaps from 350 ms, words longer than
//!   (0.18 + 0.12 x letters) s x 1.6.
//!
//! Neither can hear a filler that Whisper covered with a word of ordinary length: a short filled
//! pause inside a word's time is acoustically just another syllable.

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{RealFftPlanner, RealToComplex};

use super::formants::FormantEstimator;
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
/// F1 of a central vowel, Hz: schwa and the vowel of "uh" lie at about 500-650 Hz in men's
/// voices and 600-900 Hz in women's (Hillenbrand et al. 1995, JASA 97(5)); the range is widened
/// a little for the estimate's error.
const CENTRAL_F1_HZ: std::ops::Range<f32> = 400.0..1050.0;
/// F2 of a central vowel, Hz: about 1200-1400 Hz for men and 1400-1700 Hz for women (same
/// source); front vowels lie above, back vowels below.
const CENTRAL_F2_HZ: std::ops::Range<f32> = 1000.0..1900.0;
/// Shortest held central vowel (with its closing hum), seconds. Filled pauses last about
/// 0.2-0.6 s; most vowels inside words are shorter than this. Measured, not derived: on fluent
/// read speech (jfk, espeak-ng and hibari-tts readings) 0.13 s gave one false filler in two
/// minutes, 0.12 s two (a 0.12 s vowel of espeak-ng's), and longer minimums lost more fillers
/// than false ones.
const MIN_VOWEL_S: f64 = 0.13;
/// Largest F1 and F2 standard deviations over a held vowel, Hz: the tongue stays put in a filled
/// pause, while within words the formants glide towards the next sound. Set on the same
/// fixtures as [`MIN_VOWEL_S`] (150 Hz let a held "that" in espeak-ng's reading through).
const MAX_FORMANT_SD_HZ: f32 = 100.0;
/// A held vowel counts as a filler outside words when no more than this share of it lies
/// inside the transcript's words: word times are off by 0.1-0.2 s, so a filler Whisper left out
/// often overlaps the word before or after it a little.
const MAX_SHARE_IN_WORDS: f64 = 0.5;
/// A held vowel counts as a filler outside words only when at least this much of it (seconds)
/// lies outside every word that explains it. Word times are off by 0.1-0.2 s, so an ordinary
/// vowel next to a short gap between words can lie half outside them; a filled pause Whisper
/// left out leaves a gap about as long as itself. Measured: on 6.7 minutes of fluent espeak-ng
/// reading transcribed in one run, 12 vowels of ordinary words were called fillers: 7 lay
/// 0.10-0.15 s outside the words around them, 4 0.16-0.20 s and one 0.32 s; the held fillers
/// found in the filler fixtures lay 0.20-0.25 s outside, with one exception at 0.07 s.
const MIN_OUTSIDE_WORDS_S: f64 = 0.15;
/// Word times follow the voice when no more than this share of the words lie mostly in
/// silence. Both detectors trust the word times, and a transcript of a long recording in one
/// run can drift by a second (seen on a two-minute reading: 23% of the words lay mostly in the
/// pauses, and every vowel near a drifted word looked like a filler). Transcripts that follow
/// the voice had 2-11% such words (one- or two-word silences at phrase ends).
const MAX_WORDS_IN_SILENCE: f64 = 0.15;
/// Word times have collapsed when more than this share of the words are stamped with no length
/// at all: whisper.cpp then stacks the words it could not place on one instant, often the end
/// of the recording, and a word before them stretches over the speech they stand for. Seen on
/// short real recordings (the Montreal Forced Aligner's test clips): 67-80% of the words on one
/// instant where the times had collapsed, and in two clips a vowel inside the stretched word
/// called a filler; transcripts whose times follow the voice had 0-14% such words.
const MAX_ZERO_LENGTH_WORDS: f64 = 1.0 / 3.0;
/// A word stamped shorter than this (seconds) has no length: whisper.cpp's times come in 10 ms
/// steps.
const ZERO_LENGTH_S: f64 = 0.005;
/// Silences shorter than this are not used to judge word times (stop closures, short gaps).
pub const TIMING_SILENCE_S: f64 = 0.1;
/// How far from a transcript filler's time the same filler may be heard, seconds: tiny.en's word
/// times are often 0.1-0.3 s off the voice (seen on the filler fixtures), so a held vowel this
/// close to a written "um" is that "um", not a second filler.
const TRANSCRIPT_FILLER_MARGIN_S: f64 = 0.3;
/// A word counts as explaining the part of a held vowel inside it only when the vowel fills less
/// than this share of the word's time: a word is more than its vowel.
const MAX_FILL: f64 = 0.9;
/// Frames quieter than this fraction of the recording's peak (-20 dB) are not vowel nuclei:
/// breath, hum-only and fading frames.
const LOUD_FRACTION: f32 = 0.1;
/// A gap between words at least this long can hold a filled pause (erm: 350 ms).
const MIN_GAP_S: f64 = 0.35;
/// How much longer than its letters allow a word must be to hide a filler (erm: 1.6 times).
const LONG_WORD_FACTOR: f64 = 1.6;

/// The most sounding time a word can have beyond its letters' allowance and still be one word
/// stretched over a filler, seconds. A word that sounds longer covers speech Whisper left out:
/// the multilingual base model, on jfk.wav read ten times over, skipped whole phrases and
/// stamped the words either side over them ("ask" over 5.4 s), and the steady vowels of the
/// skipped words were called fillers (36 in 1.9 minutes).
const MAX_HIDDEN_FILLER_S: f64 = 1.5;

/// The time a word of `letters` letters takes at an ordinary pace (erm's model).
fn expected_word_s(letters: usize) -> f64 {
    0.18 + 0.12 * letters as f64
}

/// Coarse spectral envelopes, one per voiced pitch frame (`None` for unvoiced frames).
pub(super) struct Envelopes {
    fft: Arc<dyn RealToComplex<f32>>,
    input: Vec<f32>,
    output: Vec<Complex<f32>>,
    window: Vec<f32>,
}

impl Envelopes {
    pub(super) fn new() -> Self {
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
    pub(super) fn shape(&mut self, samples: &[f32], centre_s: f64) -> Option<[f32; BANDS]> {
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

/// A frame's spectral envelope shape ([`Envelopes::shape`]).
pub(super) type Shape = Option<[f32; BANDS]>;

/// Spectral measures of pitch frames already taken, while the answer was spoken
/// ([`super::follow`]). Each is a function of the samples around its frame alone, so one taken
/// early is the one the end would take; frames not in it are measured when needed.
#[derive(Debug, Clone, Default)]
pub struct FrameMemo {
    /// F1 and F2 of frame `i` ([`FormantEstimator::f1_f2`]), when taken.
    pub(super) formants: Vec<Option<Option<(f32, f32)>>>,
    /// The envelope shape of frame `i`, when taken.
    pub(super) shapes: Vec<Option<Shape>>,
}

impl FrameMemo {
    fn formants(&self, i: usize) -> Option<Option<(f32, f32)>> {
        self.formants.get(i).copied().flatten()
    }

    fn shape(&self, i: usize) -> Option<Shape> {
        self.shapes.get(i).copied().flatten()
    }
}

/// Steady voiced stretches (seconds) of at least [`MIN_FILLER_S`]: neighbouring frames differ
/// little in spectral shape and pitch, and the stretch's pitch is flat.
fn steady_stretches(samples: &[f32], track: &PitchTrack, memo: &FrameMemo) -> Vec<(f64, f64)> {
    let mut env = Envelopes::new();
    let shapes: Vec<Shape> = (0..track.f0_hz.len())
        .map(|i| {
            if track.f0_hz[i] > 0.0 {
                memo.shape(i)
                    .unwrap_or_else(|| env.shape(samples, track.time(i)))
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

/// A central vowel held across frames, found by its formants.
struct HeldVowel {
    /// Start of the vowel, seconds.
    start: f64,
    /// End of the vowel and of any hum that closes it ("um"), seconds.
    end: f64,
    /// Standard deviation of F1 over the vowel, Hz.
    f1_sd: f32,
    /// Standard deviation of F2 over the vowel, Hz.
    f2_sd: f32,
}

/// The median of a few values (0 for none).
fn median(values: &[f32]) -> f32 {
    let mut v = values.to_vec();
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Sample standard deviation (0 for fewer than two values).
fn std_dev(values: &[f32]) -> f32 {
    if values.len() < 2 {
        return 0.0;
    }
    let mean = values.iter().sum::<f32>() / values.len() as f32;
    let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / (values.len() - 1) as f32;
    var.sqrt()
}

/// The peak level over two frames around the frame centred at `centre_s`.
pub(super) fn frame_peak(samples: &[f32], centre_s: f64, hop_s: f64) -> f32 {
    let half_frame = (hop_s * f64::from(SAMPLE_RATE)) as usize;
    let c = (centre_s * f64::from(SAMPLE_RATE)) as usize;
    let seg = samples
        .get(c.saturating_sub(half_frame)..(c + half_frame).min(samples.len()))
        .unwrap_or(&[]);
    seg.iter().fold(0.0f32, |m, s| m.max(s.abs()))
}

/// Whether a frame of peak `frame_peak` is loud enough to be a vowel nucleus in a recording
/// whose loudest sample is `peak` (see [`LOUD_FRACTION`]).
pub(super) fn is_loud(frame_peak: f32, peak: f32) -> bool {
    frame_peak > LOUD_FRACTION * peak
}

/// Whether each pitch frame is loud enough to be a vowel nucleus (see [`LOUD_FRACTION`]).
fn loud_frames(samples: &[f32], track: &PitchTrack) -> Vec<bool> {
    let peak = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    (0..track.f0_hz.len())
        .map(|i| is_loud(frame_peak(samples, track.time(i), track.hop_s), peak))
        .collect()
}

/// F1 and F2 of each pitch frame that is loud or voiced (`None` elsewhere), each the median of
/// five frames' estimates so that a single misread frame (two formants merged into one peak)
/// does not break a stretch.
fn frame_formants(
    samples: &[f32],
    track: &PitchTrack,
    loud: &[bool],
    memo: &FrameMemo,
) -> Vec<Option<(f32, f32)>> {
    let n = track.f0_hz.len();
    let mut est = FormantEstimator::new();
    let raw: Vec<Option<(f32, f32)>> = (0..n)
        .map(|i| {
            let near = i.saturating_sub(2)..(i + 3).min(n);
            let wanted = near.clone().any(|k| loud[k] || track.f0_hz[k] > 0.0);
            if wanted {
                memo.formants(i)
                    .unwrap_or_else(|| est.f1_f2(samples, track.time(i)))
            } else {
                None
            }
        })
        .collect();
    (0..n)
        .map(|k| {
            let (f1, f2): (Vec<f32>, Vec<f32>) = raw[k.saturating_sub(2)..(k + 3).min(n)]
                .iter()
                .flatten()
                .copied()
                .unzip();
            (f1.len() >= 3).then(|| (median(&f1), median(&f2)))
        })
        .collect()
}

/// Stretches of at least [`MIN_VOWEL_S`] whose frames are loud and whose formants lie in the
/// central vowel region, each extended over the hum that closes an "um" (voiced frames after it
/// with an F1 below the region).
fn held_vowels(
    track: &PitchTrack,
    loud: &[bool],
    formants: &[Option<(f32, f32)>],
) -> Vec<HeldVowel> {
    let n = track.f0_hz.len();
    let central = (0..n).map(|i| {
        loud[i]
            && matches!(formants[i], Some((f1, f2))
                if CENTRAL_F1_HZ.contains(&f1) && CENTRAL_F2_HZ.contains(&f2))
    });
    let min_frames = (MIN_VOWEL_S / track.hop_s).round() as usize;
    let half = track.hop_s / 2.0;
    runs(central)
        .into_iter()
        .filter(|r| r.len() >= min_frames)
        .map(|r| {
            let (f1, f2): (Vec<f32>, Vec<f32>) = r.clone().filter_map(|i| formants[i]).unzip();
            let mut end = r.end;
            while end < n
                && track.f0_hz[end] > 0.0
                && matches!(formants[end], Some((f1, _)) if f1 < CENTRAL_F1_HZ.start)
            {
                end += 1;
            }
            HeldVowel {
                start: track.time(r.start) - half,
                end: track.time(end - 1) + half,
                f1_sd: std_dev(&f1),
                f2_sd: std_dev(&f2),
            }
        })
        .collect()
}

/// Whether the transcript's word times follow the voice: few words lie mostly in the
/// `silences` (see [`MAX_WORDS_IN_SILENCE`]) and few are stamped with no length (see
/// [`MAX_ZERO_LENGTH_WORDS`]).
pub fn words_follow_voice(words: &[Word], silences: &[(f64, f64)]) -> bool {
    if words.is_empty() {
        return true;
    }
    let zero_length = words
        .iter()
        .filter(|w| w.end - w.start < ZERO_LENGTH_S)
        .count();
    if zero_length as f64 > MAX_ZERO_LENGTH_WORDS * words.len() as f64 {
        return false;
    }
    let in_silence = words
        .iter()
        .filter(|w| {
            let len = w.end - w.start;
            len > 0.0 && silent_in((w.start, w.end), silences) > 0.5 * len
        })
        .count();
    in_silence as f64 <= MAX_WORDS_IN_SILENCE * words.len() as f64
}

/// Seconds of `span` that lie in the `silences`.
fn silent_in(span: (f64, f64), silences: &[(f64, f64)]) -> f64 {
    silences.iter().map(|s| overlap(span, *s)).sum()
}

/// Overlap of two intervals in seconds.
fn overlap(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0.0)
}

/// Filled pauses heard in the answer `span` but absent from the transcript, as fillers with
/// `source: acoustic`, `word_count` 0 and `word_index` the word they come before or inside.
/// `memo` holds spectral measures already taken ([`FrameMemo::default`] for none);
/// `silences` are the recording's silent stretches (a word's sounding time leaves them out).
pub fn acoustic_fillers(
    samples: &[f32],
    track: &PitchTrack,
    memo: &FrameMemo,
    silences: &[(f64, f64)],
    words: &[Word],
    transcript_fillers: &[TimedPhrase],
    span: (f64, f64),
) -> Vec<TimedPhrase> {
    let within = |start: f64, end: f64| start >= span.0 - 0.05 && end <= span.1 + 0.05;
    // Already a filler in the transcript.
    let in_transcript = |start: f64, end: f64| {
        transcript_fillers.iter().any(|f| {
            let margin = TRANSCRIPT_FILLER_MARGIN_S;
            overlap((start, end), (f.start - margin, f.end + margin)) > 0.0
        })
    };
    // The word after the filler, or the last word for a filler after the last one, so the index
    // always names a word of the transcript.
    let word_after = |start: f64, end: f64| {
        words
            .iter()
            .position(|w| w.end > (start + end) / 2.0)
            .unwrap_or(words.len())
    };
    let acoustic = |start: f64, end: f64, after: usize| TimedPhrase {
        text: "uh".into(),
        start,
        end,
        word_index: after.min(words.len().saturating_sub(1)),
        word_count: 0,
        source: FillerSource::Acoustic,
    };
    // The detectors' thresholds were measured on the frame-local YIN reading (see
    // `super::yin`), so they read it rather than the path-searched contour.
    let track = &track.local();
    let mut out: Vec<TimedPhrase> = Vec::new();
    let loud = loud_frames(samples, track);
    let formants = frame_formants(samples, track, &loud, memo);
    for h in held_vowels(track, &loud, &formants) {
        let (start, end) = (h.start, h.end);
        let steady = h.f1_sd <= MAX_FORMANT_SD_HZ && h.f2_sd <= MAX_FORMANT_SD_HZ;
        if !steady || !within(start, end) || in_transcript(start, end) {
            continue;
        }
        // The parts of the vowel inside words that have room for it besides: a word whose whole
        // time the vowel fills (a "was" timed over the "uh" after it) does not explain it.
        let in_words: f64 = words
            .iter()
            .map(|w| overlap((start, end), (w.start, w.end)))
            .zip(words)
            .filter(|(o, w)| *o < MAX_FILL * (w.end - w.start))
            .map(|(o, _)| o)
            .sum();
        let outside = (end - start) - in_words;
        if in_words > MAX_SHARE_IN_WORDS * (end - start) || outside < MIN_OUTSIDE_WORDS_S {
            continue;
        }
        out.push(acoustic(start, end, word_after(start, end)));
    }
    for (start, end) in steady_stretches(samples, track, memo) {
        let len = end - start;
        let taken = out
            .iter()
            .any(|f| overlap((start, end), (f.start, f.end)) > 0.0);
        if taken || !within(start, end) || in_transcript(start, end) {
            continue;
        }
        // Its spectrum is steady, but it must be a central vowel too (a held "ee" is not "uh").
        let i0 = ((start - track.first_s) / track.hop_s).max(0.0).round() as usize;
        let i1 = (((end - track.first_s) / track.hop_s).round() as usize).min(formants.len());
        let f2: Vec<f32> = formants[i0.min(i1)..i1]
            .iter()
            .flatten()
            .map(|f| f.1)
            .collect();
        if !CENTRAL_F2_HZ.contains(&median(&f2)) {
            continue;
        }
        // Lies inside a gap between words long enough to hold a filler, or inside a word that is
        // far longer than its letters allow.
        let inside: Vec<&Word> = words
            .iter()
            .filter(|w| overlap((start, end), (w.start, w.end)) > 0.5 * len.min(w.end - w.start))
            .collect();
        let after = word_after(start, end);
        let in_gap = inside.is_empty() && {
            let prev_end = after
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .map_or(span.0, |w| w.end);
            let next_start = words.get(after).map_or(span.1, |w| w.start);
            next_start - prev_end >= MIN_GAP_S.min(len)
        };
        // A word's sounding time, not its stamped span: Whisper stretches words over the
        // silence around them (a "Hello?" stamped over 2.3 s of which 1.2 s was silent), and a
        // word stretched over silence hides no filler.
        let in_long_word = inside.iter().any(|w| {
            let letters = w.text.chars().filter(|c| c.is_alphanumeric()).count();
            let sounding = w.end - w.start - silent_in((w.start, w.end), silences);
            let expected = expected_word_s(letters);
            sounding > expected * LONG_WORD_FACTOR && sounding - expected <= MAX_HIDDEN_FILLER_S
        });
        if in_gap || in_long_word {
            out.push(acoustic(start, end, after));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::voice::formants::synthetic_vowel;
    use crate::analysis::voice::pitch::track;

    /// Words as vowels that change every 0.1 s (an "ee", an "ah", an "oo"), so their formants
    /// move as in speech, from 0 to 0.6 s and from 1.1 to 1.7 s; between them, from 0.65 to
    /// 1.05 s, a held central vowel ("uh": F1 620 Hz, F2 1220 Hz) on a flat 130 Hz pitch.
    fn answer() -> Vec<f32> {
        let word_vowels = [
            [(300.0, 60.0), (2300.0, 100.0), (3000.0, 150.0)],
            [(750.0, 80.0), (1100.0, 90.0), (2500.0, 150.0)],
            [(320.0, 60.0), (900.0, 90.0), (2300.0, 150.0)],
        ];
        let word = |k: usize| {
            (0..6)
                .flat_map(|i| {
                    synthetic_vowel(170.0 + 10.0 * k as f64, &word_vowels[(i + k) % 3], 0.1)
                })
                .collect::<Vec<f32>>()
        };
        let gap = |seconds: f64| vec![0.0f32; (seconds * f64::from(SAMPLE_RATE)) as usize];
        let uh = synthetic_vowel(
            130.0,
            &[(620.0, 80.0), (1220.0, 90.0), (2550.0, 150.0)],
            0.4,
        );
        [word(0), gap(0.05), uh, gap(0.05), word(1)].concat()
    }

    #[test]
    fn a_held_uh_between_words_is_a_filler_once() {
        let samples = answer();
        let t = track(&samples);
        // No spectral measures taken beforehand, no silences: the answer as one file.
        let heard = |words: &[Word], written: &[TimedPhrase]| {
            acoustic_fillers(
                &samples,
                &t,
                &FrameMemo::default(),
                &[],
                words,
                written,
                (0.0, 1.7),
            )
        };
        let words = vec![
            Word::new("answer", 0.0, 0.6),
            Word::new("questions", 1.1, 1.7),
        ];
        let found = heard(&words, &[]);
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
        assert!(heard(&words, &[um]).is_empty());
        // Inside a word with room for it besides, it is that word's vowel.
        let held = vec![
            Word::new("answer", 0.0, 0.55),
            Word::new("son", 0.55, 1.12),
            Word::new("questions", 1.12, 1.7),
        ];
        assert!(heard(&held, &[]).is_empty());
        // A word whose whole time it fills (Whisper stretched "was" over the "uh") does not
        // explain it.
        let stretched = vec![
            Word::new("answer", 0.0, 0.6),
            Word::new("was", 0.66, 1.04),
            Word::new("questions", 1.1, 1.7),
        ];
        let found = heard(&stretched, &[]);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn word_times_that_drift_into_the_pauses_or_collapse_are_not_trusted() {
        // Phrases of speech with pauses from 1.0 to 1.6 s and from 3.0 to 3.6 s.
        let silences = [(1.0, 1.6), (3.0, 3.6)];
        let phrase = |from: f64| {
            (0..4).map(move |k| {
                let start = from + 0.25 * f64::from(k);
                Word::new("word", start, start + 0.22)
            })
        };
        let on_voice: Vec<Word> = phrase(0.0).chain(phrase(1.6)).chain(phrase(3.6)).collect();
        assert!(words_follow_voice(&on_voice, &silences));
        // The same words 0.6 s late: the last words of the first two phrases now lie in the
        // pauses (3 of 12).
        let late: Vec<Word> = on_voice
            .iter()
            .map(|w| Word::new("word", w.start + 0.6, w.end + 0.6))
            .collect();
        assert!(!words_follow_voice(&late, &silences));
        assert!(words_follow_voice(&[], &silences));
        // Half the words stacked on the last instant, the first stretched over their speech.
        let mut collapsed = on_voice.clone();
        collapsed[0].end = 4.6;
        for w in &mut collapsed[6..] {
            (w.start, w.end) = (4.6, 4.6);
        }
        assert!(!words_follow_voice(&collapsed, &[]));
        // One or two words without length (a short "a" stamped on an instant) are ordinary.
        let mut instant = on_voice.clone();
        instant[2].end = instant[2].start;
        instant[9].end = instant[9].start;
        assert!(words_follow_voice(&instant, &silences));
    }

    #[test]
    fn a_word_stamped_over_speech_whisper_skipped_hides_no_filler() {
        // The answer twice over (3.4 s), each time with its held "uh".
        let samples = [answer(), answer()].concat();
        let t = track(&samples);
        let memo = FrameMemo::default();
        let heard =
            |words: &[Word]| acoustic_fillers(&samples, &t, &memo, &[], words, &[], (0.0, 3.4));
        // Stretched over the first "uh" and a little more, "so" hides it.
        let stretched = vec![
            Word::new("answer", 0.0, 0.6),
            Word::new("so", 0.6, 1.3),
            Word::new("questions", 1.3, 1.7),
            Word::new("answer", 1.7, 2.3),
            Word::new("questions", 2.3, 3.4),
        ];
        let found = heard(&stretched);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].start > 0.6 && found[0].end < 1.1, "{found:?}");
        // Stamped over everything after the first word, it stands for words Whisper left out,
        // whose steady vowels are no fillers.
        let skipped = vec![Word::new("answer", 0.0, 0.6), Word::new("so", 0.6, 3.4)];
        assert!(heard(&skipped).is_empty(), "{:?}", heard(&skipped));
    }

    #[test]
    fn a_word_is_long_by_its_sounding_time_not_by_the_silence_stamped_into_it() {
        // A second of silence, then a held vowel and a word; Whisper stamps "hello" over the
        // silence and the vowel (1.45 s, where five letters take about 0.8 s).
        let uh = synthetic_vowel(
            130.0,
            &[(620.0, 80.0), (1220.0, 90.0), (2550.0, 150.0)],
            0.4,
        );
        let samples = [vec![0.0f32; 16_000], uh, vec![0.0f32; 800]].concat();
        let t = track(&samples);
        let words = vec![Word::new("hello", 0.0, 1.45)];
        let memo = FrameMemo::default();
        // Taken at its stamped length the word hides a filler.
        let found = acoustic_fillers(&samples, &t, &memo, &[], &words, &[], (0.0, 1.45));
        assert_eq!(found.len(), 1, "{found:?}");
        // Its sounding time, with the silence left out, is ordinary.
        let silences = [(0.0, 1.0)];
        let found = acoustic_fillers(&samples, &t, &memo, &silences, &words, &[], (0.0, 1.45));
        assert!(found.is_empty(), "{found:?}");
    }
}
