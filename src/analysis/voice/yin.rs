//! A frame-local F0 reading by YIN, which the filler detectors judge steadiness and length by.
//!
//! YIN (de Cheveigné & Kawahara 2002, JASA 111(4)) finds each frame's period as the first deep
//! dip of the cumulative-mean-normalised difference function, from that frame alone. It was
//! the app's first pitch tracker; the pitch measures now follow Praat's method
//! ([`super::pitch`]), but the filler detectors' thresholds (0.2 s steady stretches, pitch
//! steps under half a semitone) were measured on YIN's readings. Moved to the Praat-style
//! track, the detectors found 17 of the 40 synthetic fillers from the audio alone instead of
//! 21; that track's voiced stretches are a frame or two shorter, but widening each by a frame,
//! or reading the autocorrelation's candidates frame by frame with YIN's smoothing, got back
//! only one. So they keep YIN's reading, at the cost of one more FFT correlation per frame.

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};

use super::pitch::{CEILING_HZ, FLOOR_HZ};
use crate::analysis::SAMPLE_RATE;
use crate::analysis::energy::runs;

/// Length of the integration window in seconds: three periods of the floor, as Praat uses.
const WINDOW_S: f64 = 0.04;
/// YIN's absolute threshold: the first dip of the normalised difference below this is taken as
/// the period (the paper's 0.1-0.15 range).
const DIP_THRESHOLD: f32 = 0.15;
/// How much lower the energy-normalised difference must be at twice the period YIN found for
/// the frame to take the longer period instead (one council member's stretches read an octave
/// high without it).
const OCTAVE_MARGIN: f32 = 0.05;
/// A frame whose best dip is above this is aperiodic (breath, fricative, noise): unvoiced.
const VOICING_THRESHOLD: f32 = 0.45;
/// Frames whose peak amplitude is below this fraction of the recording's peak are silent
/// (Praat's silence threshold, 0.03).
const SILENCE_FRACTION: f32 = 0.03;
/// Voiced runs shorter than this many frames are dropped as spurious (30 ms).
const MIN_RUN_FRAMES: usize = 3;

/// One frame's YIN reading: its peak amplitude and, unless it was silent beside the loudest
/// peak so far, its period in samples with the depth of its dip.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct YinFrame {
    peak: f32,
    period: Option<(f64, f32)>,
}

impl YinFrame {
    /// Whether the frame may turn out voiced: its dip was deep enough.
    pub(super) fn maybe_voiced(&self) -> bool {
        matches!(self.period, Some((_, depth)) if depth < VOICING_THRESHOLD)
    }
}

/// Reads frames one at a time ([`Yin::frame`]) and turns them into a track ([`local_track`]).
pub(super) struct Yin {
    window: usize,
    max_lag: usize,
    min_lag: usize,
    forward: Arc<dyn RealToComplex<f32>>,
    inverse: Arc<dyn ComplexToReal<f32>>,
    a: Vec<f32>,
    b: Vec<f32>,
    spec_a: Vec<Complex<f32>>,
    spec_b: Vec<Complex<f32>>,
    corr: Vec<f32>,
    cmndf: Vec<f32>,
    nd: Vec<f32>,
}

impl Yin {
    /// Plans the FFTs for 16 kHz frames.
    pub(super) fn new() -> Self {
        let sr = f64::from(SAMPLE_RATE);
        let window = (WINDOW_S * sr).round() as usize;
        let max_lag = (sr / FLOOR_HZ).ceil() as usize;
        let min_lag = (sr / CEILING_HZ).floor() as usize;
        let n = (window + max_lag + 1).next_power_of_two();
        let mut planner = RealFftPlanner::<f32>::new();
        let forward = planner.plan_fft_forward(n);
        let inverse = planner.plan_fft_inverse(n);
        Self {
            window,
            max_lag,
            min_lag,
            a: forward.make_input_vec(),
            b: forward.make_input_vec(),
            spec_a: forward.make_output_vec(),
            spec_b: forward.make_output_vec(),
            corr: inverse.make_output_vec(),
            cmndf: vec![1.0; max_lag + 2],
            nd: vec![1.0; max_lag + 2],
            forward,
            inverse,
        }
    }

    /// Samples one frame needs: the window plus the longest lag.
    pub(super) fn span(&self) -> usize {
        self.window + self.max_lag + 1
    }

    /// The period in samples (fractional) and the depth of its dip for one frame.
    fn period(&mut self, seg: &[f32]) -> Option<(f64, f32)> {
        let w = self.window;
        self.a.fill(0.0);
        self.b.fill(0.0);
        self.a[..w].copy_from_slice(&seg[..w]);
        self.b[..seg.len()].copy_from_slice(seg);
        self.forward.process(&mut self.a, &mut self.spec_a).ok()?;
        self.forward.process(&mut self.b, &mut self.spec_b).ok()?;
        for (x, y) in self.spec_a.iter_mut().zip(&self.spec_b) {
            *x = x.conj() * y;
        }
        self.inverse
            .process(&mut self.spec_a, &mut self.corr)
            .ok()?;
        let scale = 1.0 / self.corr.len() as f32;
        // Energy of the window shifted by each lag, kept as a running sum.
        let mut energy_lag: f32 = seg[..w].iter().map(|s| s * s).sum();
        let energy0 = energy_lag;
        if energy0 <= 0.0 {
            return None;
        }
        let mut running = 0.0f32;
        self.cmndf[0] = 1.0;
        for tau in 1..=self.max_lag {
            energy_lag += seg[w + tau - 1] * seg[w + tau - 1] - seg[tau - 1] * seg[tau - 1];
            let d = (energy0 + energy_lag - 2.0 * self.corr[tau] * scale).max(0.0);
            running += d;
            let e = energy0 + energy_lag;
            self.nd[tau] = if e > 0.0 { d / e } else { 1.0 };
            self.cmndf[tau] = if running > 0.0 {
                d * tau as f32 / running
            } else {
                1.0
            };
        }
        let range = self.min_lag.max(2)..self.max_lag;
        let mut best = None;
        for tau in range.clone() {
            if self.cmndf[tau] < DIP_THRESHOLD {
                let mut t = tau;
                while t + 1 < self.max_lag && self.cmndf[t + 1] < self.cmndf[t] {
                    t += 1;
                }
                best = Some(t);
                break;
            }
        }
        let mut tau = match best {
            Some(t) => t,
            None => range.min_by(|x, y| self.cmndf[*x].total_cmp(&self.cmndf[*y]))?,
        };
        // YIN's first dip can be half the period where the second harmonic is stronger than the
        // fundamental: the whole stretch then reads an octave high. The plain difference,
        // normalised by the two windows' energy (1 - their correlation, close to the measure Praat
        // ranks its candidates by), is then clearly lower at twice the lag.
        if 2 * tau + 3 < self.max_lag {
            let double = (2 * tau - 2..=2 * tau + 2)
                .min_by(|x, y| self.nd[*x].total_cmp(&self.nd[*y]))
                .unwrap_or(2 * tau);
            if self.nd[double] + OCTAVE_MARGIN < self.nd[tau] {
                tau = double;
            }
        }
        // A parabola through the dip and its neighbours places the period between samples.
        let (l, c, r) = (self.cmndf[tau - 1], self.cmndf[tau], self.cmndf[tau + 1]);
        let denom = l - 2.0 * c + r;
        let shift = if denom.abs() > 1e-9 {
            (0.5 * (l - r) / denom).clamp(-0.5, 0.5)
        } else {
            0.0
        };
        Some((tau as f64 + f64::from(shift), c))
    }
}

impl Yin {
    /// The reading of one frame, `seg` ([`Yin::span`] samples); `running_peak` is the loudest
    /// sample heard so far (a frame already silent beside it is not analysed).
    pub(super) fn frame(&mut self, seg: &[f32], running_peak: f32) -> YinFrame {
        let peak = seg.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        let period = if peak < SILENCE_FRACTION * running_peak {
            None
        } else {
            self.period(seg)
        };
        YinFrame { peak, period }
    }
}

/// The frame-local track: F0 where a frame's dip was deep and the frame not silent beside the
/// recording's peak, short runs dropped, octave slips folded back and a five-frame median
/// taken within each run.
pub(super) fn local_track(frames: &[YinFrame], global_peak: f32) -> Vec<f32> {
    let sr = f64::from(SAMPLE_RATE);
    let mut f0: Vec<f32> = frames
        .iter()
        .map(|f| match f.period {
            _ if f.peak < SILENCE_FRACTION * global_peak => 0.0,
            Some((period, depth)) if depth < VOICING_THRESHOLD => (sr / period) as f32,
            _ => 0.0,
        })
        .collect();
    drop_short_runs(&mut f0);
    fix_octave_jumps(&mut f0);
    median_smooth(&mut f0);
    f0
}

/// The voiced runs of a track as index ranges.
fn voiced_runs(f0: &[f32]) -> Vec<std::ops::Range<usize>> {
    runs(f0.iter().map(|f| *f > 0.0))
}

fn drop_short_runs(f0: &mut [f32]) {
    for run in voiced_runs(f0) {
        if run.len() < MIN_RUN_FRAMES {
            f0[run].fill(0.0);
        }
    }
}

/// Halves or doubles frames an octave away from the rest of their voiced run: YIN's typical
/// error is picking twice or half the period on a single frame, while a speaker's F0 does not
/// jump an octave within a syllable.
fn fix_octave_jumps(f0: &mut [f32]) {
    for run in voiced_runs(f0) {
        let mut values: Vec<f32> = f0[run.clone()].to_vec();
        values.sort_by(f32::total_cmp);
        let median = values[values.len() / 2];
        for f in &mut f0[run] {
            let ratio = *f / median;
            if ratio > 1.6 {
                *f /= 2.0;
            } else if ratio < 0.625 {
                *f *= 2.0;
            }
        }
    }
}

/// A five-frame median within each voiced run: a single frame's wrong dip (common at the edges
/// of voicing, where the period is not yet stable) is replaced by its neighbours' value.
fn median_smooth(f0: &mut [f32]) {
    for run in voiced_runs(f0) {
        let original: Vec<f32> = f0[run.clone()].to_vec();
        for (k, f) in f0[run].iter_mut().enumerate() {
            let lo = k.saturating_sub(2);
            let hi = (k + 3).min(original.len());
            let mut w: Vec<f32> = original[lo..hi].to_vec();
            w.sort_by(f32::total_cmp);
            *f = w[w.len() / 2];
        }
    }
}
