//! The fundamental frequency (F0) of the voiced speech, frame by frame: Boersma's
//! autocorrelation method, the one Praat uses.
//!
//! Praat is the reference the pitch measures are checked against, so the tracker follows its
//! method (Boersma 1993, "Accurate short-term analysis of the fundamental frequency and the
//! harmonics-to-noise ratio of a sampled sound", IFA Proceedings 17) with Praat's defaults for
//! speech. Each 10 ms frame is a Hann-windowed 40 ms stretch (three periods of the 75 Hz floor);
//! its autocorrelation, divided by the window's own, gives up to 14 candidate periods with
//! their strengths. A path search through every frame's candidates, with a cost for voicing
//! turning on or off and for octave jumps, then chooses one candidate per frame, or none. The
//! first tracker here was YIN, which takes each frame's first deep dip on its own: where a
//! voice's second harmonic is stronger than its fundamental, whole stretches read an octave
//! high, and three of 22 real recordings came out 0.7-1.1 semitones above every Praat figure.
//!
//! Differences from Praat, which change figures by hundredths: peaks are placed by a parabola
//! rather than by sinc interpolation, and candidates above the ceiling are dropped at once
//! (Praat keeps them and then treats them as voiceless).

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};

use super::yin::{self, Yin, YinFrame};
use crate::analysis::SAMPLE_RATE;

/// Lowest F0 searched, Hz (Praat's default pitch floor for speech).
pub const FLOOR_HZ: f64 = 75.0;
/// Highest F0 searched, Hz (Praat's default pitch ceiling).
pub const CEILING_HZ: f64 = 600.0;
/// Time between frames in seconds (Praat's default for a 75 Hz floor: 0.75 / floor).
pub const HOP_S: f64 = 0.01;
/// A first-pass median F0 below this is taken as a low (typically male) voice.
const LOW_VOICE_MEDIAN_HZ: f64 = 170.0;
/// The pitch range (floor, ceiling) Praat's manual recommends for a male voice.
const LOW_VOICE_RANGE_HZ: (f64, f64) = (75.0, 300.0);
/// The pitch range Praat's manual recommends for a female voice.
const HIGH_VOICE_RANGE_HZ: (f64, f64) = (100.0, 500.0);
/// Periods of the floor in one analysis window (Praat's default, 3).
const PERIODS_PER_WINDOW: f64 = 3.0;
/// Candidate periods kept per frame besides "unvoiced" (Praat keeps 15 with it).
const MAX_CANDIDATES: usize = 14;
/// Praat's voicing threshold: a frame whose best candidate is weaker than this is unvoiced
/// unless its neighbours pull it into a voiced stretch.
const VOICING_THRESHOLD: f64 = 0.45;
/// Praat's silence threshold: frames whose peak is below this fraction of the recording's
/// peak get a strong "unvoiced" candidate.
const SILENCE_THRESHOLD: f64 = 0.03;
/// Praat's octave cost per octave below the ceiling: favours the higher of two candidates
/// that fit about equally well, as a perfectly periodic sound's multiples of the period do.
const OCTAVE_COST: f64 = 0.01;
/// Praat's cost of a jump of one octave between neighbouring frames.
const OCTAVE_JUMP_COST: f64 = 0.35;
/// Praat's cost of voicing turning on or off between neighbouring frames.
const VOICED_UNVOICED_COST: f64 = 0.14;
/// A frame quieter than this fraction of the recording's peak can never be voiced: its
/// "unvoiced" strength exceeds any voiced candidate's (at most 1) by more than the two
/// voicing changes (2 x 0.14) a voiced frame there would spare. From Praat's formula for the
/// unvoiced strength, `0.45 + 2 - intensity / (0.03 / 1.45)`, set above 1.28.
const NEVER_VOICED_FRACTION: f64 = (2.0 + VOICING_THRESHOLD - 1.0 - 2.0 * VOICED_UNVOICED_COST)
    * SILENCE_THRESHOLD
    / (1.0 + VOICING_THRESHOLD);

/// The F0 of each frame; frame `i` is centred at `first_s + i * hop_s`.
#[derive(Debug, Clone, PartialEq)]
pub struct PitchTrack {
    /// Centre of the first frame in seconds.
    pub first_s: f64,
    /// Time between frames in seconds.
    pub hop_s: f64,
    /// F0 in Hz of each frame, 0 where the frame is unvoiced.
    pub f0_hz: Vec<f32>,
    /// The frame-local YIN reading the filler detectors use ([`super::yin`]), F0 in Hz per
    /// frame, 0 where unvoiced; its frames are centred at `local_first_s + i * hop_s`.
    pub local_hz: Vec<f32>,
    /// Centre of the first frame of `local_hz` in seconds.
    pub local_first_s: f64,
}

impl PitchTrack {
    /// The centre time of frame `i` in seconds.
    pub fn time(&self, i: usize) -> f64 {
        self.first_s + i as f64 * self.hop_s
    }

    /// The voiced frames as `(time, f0)` pairs.
    pub fn voiced(&self) -> impl Iterator<Item = (f64, f32)> + '_ {
        self.f0_hz
            .iter()
            .enumerate()
            .filter(|(_, f)| **f > 0.0)
            .map(|(i, f)| (self.time(i), *f))
    }

    /// The frame-local YIN reading as a track of its own (see [`PitchTrack::local_hz`]).
    pub fn local(&self) -> PitchTrack {
        PitchTrack {
            first_s: self.local_first_s,
            hop_s: self.hop_s,
            f0_hz: self.local_hz.clone(),
            local_hz: Vec::new(),
            local_first_s: self.local_first_s,
        }
    }

    /// The F0 values of voiced frames centred in `[start, end)`.
    pub fn voiced_between(&self, start: f64, end: f64) -> Vec<f32> {
        self.voiced()
            .filter(|(t, _)| *t >= start && *t < end)
            .map(|(_, f)| f)
            .collect()
    }
}

/// A candidate F0 of one frame and how well the frame repeats at its period (the normalised
/// autocorrelation, at most 1).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    hz: f64,
    strength: f64,
}

impl Candidate {
    /// Praat's ranking of a candidate within its frame: its strength less the octave cost.
    fn rank(&self, reference_hz: f64) -> f64 {
        self.strength - OCTAVE_COST * (reference_hz / self.hz).log2()
    }
}

/// FFT plans and buffers reused across frames.
struct Autocorrelation {
    /// Samples in one window (even).
    window: usize,
    /// The longest lag searched, samples (just past the floor's period).
    max_lag: usize,
    /// Samples either side of the centre over which the local mean is taken: one longest period.
    period: usize,
    hann: Vec<f32>,
    /// The Hann window's own autocorrelation, normalised to 1 at lag 0.
    window_r: Vec<f64>,
    forward: Arc<dyn RealToComplex<f32>>,
    inverse: Arc<dyn ComplexToReal<f32>>,
    frame: Vec<f32>,
    spectrum: Vec<Complex<f32>>,
    ac: Vec<f32>,
    r: Vec<f64>,
}

impl Autocorrelation {
    fn new() -> Self {
        let sr = f64::from(SAMPLE_RATE);
        // Praat: half a window less one sample, doubled, so the window is even.
        let half = (PERIODS_PER_WINDOW / FLOOR_HZ * sr).floor() as usize / 2 - 1;
        let window = 2 * half;
        let period = (sr / FLOOR_HZ).floor() as usize;
        let max_lag = (window as f64 / PERIODS_PER_WINDOW).floor() as usize + 2;
        // Zero padding of half a window keeps the circular correlation clear of wrap-around
        // up to the lags searched.
        let n = (window + window / 2).next_power_of_two();
        let mut planner = RealFftPlanner::<f32>::new();
        let forward = planner.plan_fft_forward(n);
        let inverse = planner.plan_fft_inverse(n);
        let hann: Vec<f32> = (1..=window)
            .map(|i| {
                let x = i as f64 * 2.0 * std::f64::consts::PI / (window + 1) as f64;
                (0.5 - 0.5 * x.cos()) as f32
            })
            .collect();
        let mut this = Self {
            window,
            max_lag,
            period,
            hann,
            window_r: Vec::new(),
            frame: forward.make_input_vec(),
            spectrum: forward.make_output_vec(),
            ac: inverse.make_output_vec(),
            r: vec![0.0; max_lag + 2],
            forward,
            inverse,
        };
        this.frame.fill(0.0);
        this.frame[..window].copy_from_slice(&this.hann);
        this.window_r = match this.correlate() {
            Some(()) if this.ac[0] > 0.0 => {
                let a0 = f64::from(this.ac[0]);
                this.ac[..max_lag + 2]
                    .iter()
                    .map(|a| f64::from(*a) / a0)
                    .collect()
            }
            // An FFT of a buffer it planned itself does not fail; if it ever did, the
            // unnormalised correlation still ranks the periods.
            _ => vec![1.0; max_lag + 2],
        };
        this
    }

    /// Samples one frame needs.
    fn span(&self) -> usize {
        self.window
    }

    /// The autocorrelation of `self.frame` into `self.ac` (unscaled).
    fn correlate(&mut self) -> Option<()> {
        self.forward
            .process(&mut self.frame, &mut self.spectrum)
            .ok()?;
        for x in &mut self.spectrum {
            *x = Complex::new(x.norm_sqr(), 0.0);
        }
        self.inverse.process(&mut self.spectrum, &mut self.ac).ok()
    }

    /// The frame's local peak (of the windowed samples, within half a longest period of the
    /// centre, as Praat measures it) and its candidate periods.
    fn analyse(&mut self, seg: &[f32]) -> (f32, Vec<Candidate>) {
        let w = self.window;
        let centre = w / 2;
        let mean_span = &seg[centre.saturating_sub(self.period)..(centre + self.period).min(w)];
        let mean = mean_span.iter().sum::<f32>() / mean_span.len().max(1) as f32;
        self.frame.fill(0.0);
        for ((out, s), h) in self.frame.iter_mut().zip(&seg[..w]).zip(&self.hann) {
            *out = (s - mean) * h;
        }
        let half_period = self.period / 2;
        let peak = self.frame[centre.saturating_sub(half_period)..(centre + half_period).min(w)]
            .iter()
            .fold(0.0f32, |m, s| m.max(s.abs()));
        if peak <= 0.0 || self.correlate().is_none() || self.ac[0] <= 0.0 {
            return (peak, Vec::new());
        }
        let a0 = f64::from(self.ac[0]);
        for (lag, r) in self.r.iter_mut().enumerate() {
            *r = f64::from(self.ac[lag]) / (a0 * self.window_r[lag]);
        }
        (peak, self.candidates())
    }

    /// The strongest maxima of `self.r` between the ceiling's and the floor's periods.
    fn candidates(&self) -> Vec<Candidate> {
        let sr = f64::from(SAMPLE_RATE);
        let r = &self.r;
        let min_lag = ((sr / CEILING_HZ).floor() as usize).max(2);
        let mut found: Vec<Candidate> = Vec::new();
        for i in min_lag..self.max_lag.min(r.len() - 1) {
            if !(r[i] > 0.5 * VOICING_THRESHOLD && r[i] > r[i - 1] && r[i] >= r[i + 1]) {
                continue;
            }
            let dr = 0.5 * (r[i + 1] - r[i - 1]);
            let d2r = 2.0 * r[i] - r[i - 1] - r[i + 1];
            let (lag, mut strength) = if d2r > 0.0 {
                (i as f64 + dr / d2r, r[i] + 0.5 * dr * dr / d2r)
            } else {
                (i as f64, r[i])
            };
            // Short windows can overshoot 1; Praat reflects such values around it.
            if strength > 1.0 {
                strength = 1.0 / strength;
            }
            let hz = sr / lag;
            // The longest lag searched stops just past the floor's period; the shortest can
            // still interpolate past the ceiling.
            if hz >= CEILING_HZ {
                continue;
            }
            let candidate = Candidate { hz, strength };
            if found.len() < MAX_CANDIDATES {
                found.push(candidate);
            } else if let Some((k, weakest)) = found
                .iter()
                .enumerate()
                .map(|(k, c)| (k, c.rank(FLOOR_HZ)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                && candidate.rank(FLOOR_HZ) > weakest
            {
                found[k] = candidate;
            }
        }
        found
    }
}

/// Tracks the F0 of 16 kHz mono samples in 10 ms frames.
pub fn track(samples: &[f32]) -> PitchTrack {
    PitchTracker::new().finish(samples)
}

/// One frame's analysis, before the path search that needs the whole recording.
#[derive(Debug, Clone, Default)]
struct RawFrame {
    /// The frame's local peak (windowed, near its centre).
    peak: f32,
    /// Its candidate F0s; empty when it has none or was not analysed because it was already
    /// too quiet beside the recording's loudest peak so far ever to be voiced.
    candidates: Vec<Candidate>,
}

/// Follows a growing 16 kHz recording frame by frame, so that when it stops only its last
/// frames are left to analyse ([`PitchTracker::finish`]).
///
/// The result is exactly [`track`]'s for the same samples: a frame's candidates depend on its
/// own samples only, and the path search, which needs the recording's loudest peak, runs in
/// `finish`. A frame is left unanalysed only when it is already too quiet to be voiced beside
/// the loudest peak heard so far, which the final peak can only make quieter.
pub struct PitchTracker {
    ac: Autocorrelation,
    hop: usize,
    frames: Vec<RawFrame>,
    yin: Yin,
    yin_frames: Vec<YinFrame>,
    /// The loudest sample so far, and how many samples it covers.
    peak: f32,
    peak_upto: usize,
}

impl Default for PitchTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl PitchTracker {
    /// A tracker that has heard nothing.
    pub fn new() -> Self {
        Self {
            ac: Autocorrelation::new(),
            hop: (HOP_S * f64::from(SAMPLE_RATE)).round() as usize,
            frames: Vec::new(),
            yin: Yin::new(),
            yin_frames: Vec::new(),
            peak: 0.0,
            peak_upto: 0,
        }
    }

    /// Analyses every frame that `samples`, the recording so far, now completes. The samples
    /// given must only grow: each call passes the same recording, longer.
    pub fn update(&mut self, samples: &[f32]) {
        if self.peak_upto < samples.len() {
            self.peak = samples[self.peak_upto..]
                .iter()
                .fold(self.peak, |m, s| m.max(s.abs()));
            self.peak_upto = samples.len();
        }
        let span = self.ac.span();
        loop {
            let start = self.frames.len() * self.hop;
            let Some(seg) = samples.get(start..start + span) else {
                break;
            };
            // The windowed local peak is at most twice the raw one (the window is at most 1,
            // and removing the local mean can at most double a sample): a frame whose raw
            // samples are already too quiet is skipped without its FFTs.
            let raw = seg.iter().fold(0.0f32, |m, s| m.max(s.abs()));
            let frame = if 2.0 * f64::from(raw) < NEVER_VOICED_FRACTION * f64::from(self.peak) {
                RawFrame::default()
            } else {
                let (peak, candidates) = self.ac.analyse(seg);
                if f64::from(peak) < NEVER_VOICED_FRACTION * f64::from(self.peak) {
                    RawFrame::default()
                } else {
                    RawFrame { peak, candidates }
                }
            };
            self.frames.push(frame);
        }
        let span = self.yin.span();
        loop {
            let start = self.yin_frames.len() * self.hop;
            let Some(seg) = samples.get(start..start + span) else {
                break;
            };
            let frame = self.yin.frame(seg, self.peak);
            self.yin_frames.push(frame);
        }
    }

    /// Frames of the frame-local reading analysed so far (the filler detectors' frames, see
    /// [`PitchTrack::local_hz`]).
    pub fn frames(&self) -> usize {
        self.yin_frames.len()
    }

    /// Whether frame `i` of the frame-local reading may turn out voiced: its dip was deep
    /// enough. Whether it is depends on the whole recording (its loudest peak, the runs around
    /// the frame); a frame for which this is false is never voiced there.
    pub fn maybe_voiced(&self, i: usize) -> bool {
        self.yin_frames.get(i).is_some_and(YinFrame::maybe_voiced)
    }

    /// The loudest sample heard so far (the recording's, once it has ended).
    pub fn peak(&self) -> f32 {
        self.peak
    }

    /// Centre of the first frame in seconds.
    fn first_s(&self) -> f64 {
        self.ac.span() as f64 / 2.0 / f64::from(SAMPLE_RATE)
    }

    /// Centre of the first frame of the frame-local reading in seconds.
    fn local_first_s(&self) -> f64 {
        self.yin.span() as f64 / 2.0 / f64::from(SAMPLE_RATE)
    }

    /// The centre time of frame `i` of the frame-local reading in seconds.
    pub fn time(&self, i: usize) -> f64 {
        self.local_first_s() + i as f64 * HOP_S
    }

    /// The track of the whole recording, `samples` (the last and longest recording passed).
    pub fn finish(mut self, samples: &[f32]) -> PitchTrack {
        self.update(samples);
        // Praat's default range lets a low voice's creak or a strong harmonic be read two
        // octaves up (5% of one man's frames above 500 Hz for a voice near 100 Hz: pitch SD
        // 8.2 semitones against 3.7 with the range Praat's manual recommends for him). So the
        // path search runs again within the range Praat's manual recommends for the voice the
        // first pass heard. The floor there only rules out candidates: the window stays three
        // periods of 75 Hz, so frames analysed while the user spoke need no second analysis.
        let first = best_path(&self.frames, self.peak, (FLOOR_HZ, CEILING_HZ));
        let f0_hz = match voice_range(&first) {
            Some(range) => best_path(&self.frames, self.peak, range),
            None => first,
        };
        let local_hz = yin::local_track(&self.yin_frames, self.peak);
        PitchTrack {
            first_s: self.first_s(),
            hop_s: HOP_S,
            f0_hz,
            local_hz,
            local_first_s: self.local_first_s(),
        }
    }
}

/// The pitch range Praat's manual recommends for the voice of a first-pass track ("Intro 4.2.
/// Configuring the pitch contour": 75-300 Hz for a male voice, 100-500 Hz for a female one),
/// telling them apart by the median F0 (adult men mostly speak at 85-155 Hz, women at
/// 165-255 Hz); `None` when nothing was voiced.
fn voice_range(f0: &[f32]) -> Option<(f64, f64)> {
    let mut voiced: Vec<f32> = f0.iter().copied().filter(|f| *f > 0.0).collect();
    if voiced.is_empty() {
        return None;
    }
    let mid = voiced.len() / 2;
    let (_, median, _) = voiced.select_nth_unstable_by(mid, f32::total_cmp);
    Some(if f64::from(*median) < LOW_VOICE_MEDIAN_HZ {
        LOW_VOICE_RANGE_HZ
    } else {
        HIGH_VOICE_RANGE_HZ
    })
}

/// Praat's path search: one candidate per frame (or "unvoiced"), maximising the candidates'
/// strengths less the costs of voicing changes and octave jumps between neighbouring frames.
/// Candidates outside `floor..ceiling` count as unvoiced, as Praat treats those above its
/// ceiling.
fn best_path(frames: &[RawFrame], global_peak: f32, (floor, ceiling): (f64, f64)) -> Vec<f32> {
    let outside = |hz: f64| hz < floor || hz >= ceiling;
    if frames.is_empty() {
        return Vec::new();
    }
    // The strength of "unvoiced" in a frame: the voicing threshold, raised in quiet frames.
    let unvoiced = |f: &RawFrame| {
        let intensity = if global_peak > 0.0 {
            f64::from(f.peak / global_peak).min(1.0)
        } else {
            0.0
        };
        let quiet = 2.0 - intensity / (SILENCE_THRESHOLD / (1.0 + VOICING_THRESHOLD));
        VOICING_THRESHOLD + quiet.max(0.0)
    };
    // State 0 of each frame is "unvoiced"; state k + 1 its candidate k.
    let hz = |f: &RawFrame, state: usize| {
        if state == 0 || outside(f.candidates[state - 1].hz) {
            0.0
        } else {
            f.candidates[state - 1].hz
        }
    };
    let local = |f: &RawFrame, state: usize| {
        if state == 0 || outside(f.candidates[state - 1].hz) {
            unvoiced(f)
        } else {
            f.candidates[state - 1].rank(ceiling)
        }
    };
    let transition = |from: f64, to: f64| match (from > 0.0, to > 0.0) {
        (false, false) => 0.0,
        (true, true) => OCTAVE_JUMP_COST * (from / to).log2().abs(),
        _ => VOICED_UNVOICED_COST,
    };
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(frames.len());
    let mut score: Vec<f64> = (0..=frames[0].candidates.len())
        .map(|s| local(&frames[0], s))
        .collect();
    back.push(vec![0; score.len()]);
    for pair in frames.windows(2) {
        let (prev, cur) = (&pair[0], &pair[1]);
        let mut next = Vec::with_capacity(cur.candidates.len() + 1);
        let mut from = Vec::with_capacity(cur.candidates.len() + 1);
        for s in 0..=cur.candidates.len() {
            let f2 = hz(cur, s);
            let (best, value) = score
                .iter()
                .enumerate()
                .map(|(p, v)| (p, v - transition(hz(prev, p), f2)))
                .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a });
            next.push(value + local(cur, s));
            from.push(best);
        }
        score = next;
        back.push(from);
    }
    let mut state = score
        .iter()
        .enumerate()
        .fold(
            (0, f64::NEG_INFINITY),
            |a, (s, v)| if *v > a.1 { (s, *v) } else { a },
        )
        .0;
    let mut f0 = vec![0.0f32; frames.len()];
    for i in (0..frames.len()).rev() {
        f0[i] = hz(&frames[i], state) as f32;
        state = back[i][state];
    }
    f0
}

/// Semitones of `hz` relative to 100 Hz (the reference cancels in a standard deviation).
pub fn semitones(hz: f32) -> f64 {
    12.0 * (f64::from(hz) / 100.0).log2()
}

/// Standard deviation in semitones of F0 values (0 for fewer than two).
pub fn sd_semitones(f0: &[f32]) -> f64 {
    if f0.len() < 2 {
        return 0.0;
    }
    let st: Vec<f64> = f0.iter().map(|f| semitones(*f)).collect();
    let mean = st.iter().sum::<f64>() / st.len() as f64;
    (st.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (st.len() - 1) as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice(hz: impl Fn(f64) -> f64, seconds: f64) -> Vec<f32> {
        let sr = f64::from(SAMPLE_RATE);
        let mut phase = 0.0f64;
        (0..(seconds * sr) as usize)
            .map(|i| {
                phase += 2.0 * std::f64::consts::PI * hz(i as f64 / sr) / sr;
                // A few harmonics, like a glottal source.
                (0.5 * phase.sin() + 0.3 * (2.0 * phase).sin() + 0.2 * (3.0 * phase).sin()) as f32
                    * 0.3
            })
            .collect()
    }

    #[test]
    fn steady_tones_are_found_across_the_range() {
        for hz in [90.0, 120.0, 220.0, 400.0] {
            let t = track(&voice(|_| hz, 1.0));
            let v: Vec<f32> = t.voiced().map(|(_, f)| f).collect();
            assert!(v.len() > 80, "{hz} Hz: {} voiced", v.len());
            for f in v {
                assert!((f64::from(f) - hz).abs() < hz * 0.01, "{hz} Hz read as {f}");
            }
        }
    }

    #[test]
    fn a_strong_second_harmonic_is_not_read_an_octave_high() {
        // 140 Hz whose second harmonic is five times the fundamental, as when a vowel's first
        // formant sits on it: YIN's first dip alone lies at half the period.
        let sr = f64::from(SAMPLE_RATE);
        let samples: Vec<f32> = (0..16_000)
            .map(|i| {
                let ph = 2.0 * std::f64::consts::PI * 140.0 * i as f64 / sr;
                (0.1 * ph.sin() + 0.5 * (2.0 * ph).sin()) as f32
            })
            .collect();
        let v: Vec<f32> = track(&samples).voiced().map(|(_, f)| f).collect();
        assert!(v.len() > 80, "{} voiced", v.len());
        for f in v {
            assert!((f - 140.0).abs() < 2.0, "read as {f} Hz");
        }
    }

    fn frame(peak: f32, candidates: &[(f64, f64)]) -> RawFrame {
        RawFrame {
            peak,
            candidates: candidates
                .iter()
                .map(|&(hz, strength)| Candidate { hz, strength })
                .collect(),
        }
    }

    #[test]
    fn the_path_search_keeps_a_voice_on_its_octave_and_voicing_on_through_a_weak_frame() {
        // 120 Hz throughout; in frame 5 the octave above (a strong second harmonic) fits a
        // little better, and frame 7 is only weakly periodic.
        let mut frames: Vec<RawFrame> = (0..12)
            .map(|_| frame(0.5, &[(120.0, 0.9), (240.0, 0.6)]))
            .collect();
        frames[5] = frame(0.5, &[(120.0, 0.85), (240.0, 0.9)]);
        frames[7] = frame(0.5, &[(120.0, 0.4)]);
        let f0 = best_path(&frames, 0.5, (FLOOR_HZ, CEILING_HZ));
        assert!(f0.iter().all(|f| (*f - 120.0).abs() < 1e-3), "{f0:?}");
        // Silent frames with the same candidates are unvoiced: their "unvoiced" strength
        // outweighs any candidate.
        let quiet: Vec<RawFrame> = (0..12).map(|_| frame(0.005, &[(120.0, 0.9)])).collect();
        assert!(
            best_path(&quiet, 0.5, (FLOOR_HZ, CEILING_HZ))
                .iter()
                .all(|f| *f == 0.0)
        );
        // A candidate outside the range is no reading.
        let f0 = best_path(&frames, 0.5, (FLOOR_HZ, 200.0));
        assert!((f0[5] - 120.0).abs() < 1e-3, "{f0:?}");
    }

    #[test]
    fn the_second_pass_takes_the_range_praat_recommends_for_the_voice() {
        assert_eq!(
            voice_range(&[0.0, 110.0, 120.0, 500.0]),
            Some(LOW_VOICE_RANGE_HZ)
        );
        assert_eq!(
            voice_range(&[210.0, 0.0, 220.0, 90.0]),
            Some(HIGH_VOICE_RANGE_HZ)
        );
        assert_eq!(voice_range(&[0.0, 0.0]), None);
        // A man's voice with a stretch read two octaves up: the second pass leaves it out.
        let mut frames: Vec<RawFrame> = (0..40)
            .map(|_| frame(0.5, &[(100.0, 0.9), (400.0, 0.5)]))
            .collect();
        for f in &mut frames[10..14] {
            *f = frame(0.5, &[(100.0, 0.5), (400.0, 0.99)]);
        }
        let first = best_path(&frames, 0.5, (FLOOR_HZ, CEILING_HZ));
        assert!(first[10..14].iter().all(|f| *f == 400.0), "{first:?}");
        let range = voice_range(&first).unwrap();
        let second = best_path(&frames, 0.5, range);
        assert!(second.iter().all(|f| *f == 100.0), "{second:?}");
    }

    #[test]
    fn a_glide_is_followed_and_noise_is_unvoiced() {
        // 100 -> 200 Hz over 2 s: an octave, so the SD of a linear semitone ramp is 12/sqrt(12).
        let t = track(&voice(|s| 100.0 * 2f64.powf(s / 2.0), 2.0));
        let v: Vec<f32> = t.voiced().map(|(_, f)| f).collect();
        let sd = sd_semitones(&v);
        assert!((sd - 12.0 / 12f64.sqrt()).abs() < 0.2, "{sd}");
        let mut rng = fastrand::Rng::with_seed(7);
        let noise: Vec<f32> = (0..16_000).map(|_| (rng.f32() - 0.5) * 0.5).collect();
        let t = track(&noise);
        assert!(t.voiced().count() < 5, "{}", t.voiced().count());
        assert!(track(&[]).f0_hz.is_empty());
    }

    #[test]
    fn following_a_recording_as_it_grows_gives_the_same_track() {
        // A quiet start, so the running peak grows as the recording does, then a glide.
        let mut samples: Vec<f32> = voice(|_| 150.0, 0.5).iter().map(|s| s * 0.01).collect();
        samples.extend(voice(|s| 100.0 * 2f64.powf(s), 1.5));
        samples.extend(vec![0.0; 4000]);
        let whole = track(&samples);
        let mut tracker = PitchTracker::new();
        // Chunks of odd sizes, as a sound card delivers them.
        let mut len = 0;
        for step in [1, 700, 333, 1601, 4410, 1, 9000].iter().cycle() {
            len = (len + step).min(samples.len());
            tracker.update(&samples[..len]);
            if len == samples.len() {
                break;
            }
        }
        assert!(tracker.frames() > 0);
        assert_eq!(tracker.finish(&samples), whole);
        assert!(whole.voiced().count() > 100);
    }
}
