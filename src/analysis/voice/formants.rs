//! The first two formants (F1, F2) of a voiced frame, from its linear-prediction (LPC) envelope.
//!
//! The frame is pre-emphasised, windowed (Hamming), and fitted with an all-pole model by the
//! autocorrelation method (Levinson-Durbin). The model's envelope `1 / |A(e^jw)|` is evaluated
//! on a fine grid with one FFT of the coefficients, and its peaks are the formants (Markel &
//! Gray, "Linear Prediction of Speech", 1976). Picking envelope peaks instead of polynomial roots
//! can merge two formants that lie very close, which happens for back vowels (F1 and F2 both
//! under 1 kHz) but not for the central vowel of a filled pause, whose F1 and F2 lie an octave
//! apart; that is the only vowel this estimate has to recognise.

use std::sync::Arc;

use realfft::num_complex::Complex;
use realfft::{RealFftPlanner, RealToComplex};

use crate::analysis::SAMPLE_RATE;

/// Analysis window, seconds (25 ms: two to four glottal periods, as formant trackers use).
const WINDOW_S: f64 = 0.025;
/// Prediction order: two poles per kHz of bandwidth plus two for the glottal and radiation
/// slope (the usual `fs / 1000 + 2` rule, rounded down for 16 kHz).
const ORDER: usize = 16;
/// Pre-emphasis coefficient: flattens the voice's falling spectrum so the model spends its
/// poles on the formants rather than on the slope.
const PRE_EMPHASIS: f32 = 0.97;
/// Points of the envelope grid (31 Hz apart at 16 kHz, refined by parabolic interpolation).
const GRID: usize = 512;
/// Formants are looked for above this frequency, Hz: below it lie the voice's fundamental and
/// the glottal formant, not a vocal-tract resonance.
const LOWEST_FORMANT_HZ: f32 = 200.0;

/// Reusable buffers for formant estimates of many frames.
pub struct FormantEstimator {
    window: Vec<f32>,
    frame: Vec<f32>,
    fft: Arc<dyn RealToComplex<f32>>,
    coeffs: Vec<f32>,
    spectrum: Vec<Complex<f32>>,
}

impl Default for FormantEstimator {
    fn default() -> Self {
        Self::new()
    }
}

impl FormantEstimator {
    /// An estimator for 16 kHz audio.
    pub fn new() -> Self {
        let n = (WINDOW_S * f64::from(SAMPLE_RATE)).round() as usize;
        let window = (0..n)
            .map(|i| {
                let x = 2.0 * std::f32::consts::PI * i as f32 / (n - 1) as f32;
                0.54 - 0.46 * x.cos()
            })
            .collect();
        let fft = RealFftPlanner::<f32>::new().plan_fft_forward(GRID);
        Self {
            window,
            frame: vec![0.0; n],
            coeffs: fft.make_input_vec(),
            spectrum: fft.make_output_vec(),
            fft,
        }
    }

    /// F1 and F2 in Hz of the frame centred at `centre_s`, or `None` when the frame lies outside
    /// the samples, is silent, or its envelope has fewer than two peaks.
    pub fn f1_f2(&mut self, samples: &[f32], centre_s: f64) -> Option<(f32, f32)> {
        let n = self.window.len();
        let centre = (centre_s * f64::from(SAMPLE_RATE)).round() as usize;
        let start = centre.checked_sub(n / 2 + 1)?;
        let seg = samples.get(start..start + n + 1)?;
        for (i, (x, w)) in self.frame.iter_mut().zip(&self.window).enumerate() {
            *x = (seg[i + 1] - PRE_EMPHASIS * seg[i]) * w;
        }
        let a = lpc(&self.frame, ORDER)?;
        self.coeffs.fill(0.0);
        self.coeffs[..a.len()].copy_from_slice(&a);
        self.fft
            .process(&mut self.coeffs, &mut self.spectrum)
            .ok()?;
        // The envelope in dB up to an offset: -10 log10 |A|^2.
        let env: Vec<f32> = self
            .spectrum
            .iter()
            .map(|c| -10.0 * (c.norm_sqr() + 1e-20).log10())
            .collect();
        let bin_hz = SAMPLE_RATE as f32 / GRID as f32;
        let mut peaks = (1..env.len() - 1)
            .filter(|&k| env[k] > env[k - 1] && env[k] >= env[k + 1])
            .map(|k| {
                let (l, c, r) = (env[k - 1], env[k], env[k + 1]);
                let denom = l - 2.0 * c + r;
                let shift = if denom.abs() > 1e-9 {
                    (0.5 * (l - r) / denom).clamp(-0.5, 0.5)
                } else {
                    0.0
                };
                (k as f32 + shift) * bin_hz
            })
            .filter(|hz| *hz >= LOWEST_FORMANT_HZ);
        Some((peaks.next()?, peaks.next()?))
    }
}

/// Linear-prediction coefficients `[1, a1, .., a_order]` of a windowed frame by the
/// autocorrelation method (Levinson-Durbin recursion); `None` for a silent frame.
fn lpc(frame: &[f32], order: usize) -> Option<Vec<f32>> {
    let r: Vec<f64> = (0..=order)
        .map(|lag| {
            frame
                .iter()
                .zip(&frame[lag.min(frame.len())..])
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum()
        })
        .collect();
    if r[0] <= 1e-12 {
        return None;
    }
    // A tiny lag-window / white-noise correction keeps the recursion stable on very clean
    // (synthetic) frames.
    let mut err = r[0] * (1.0 + 1e-9);
    let mut a = vec![0.0f64; order + 1];
    a[0] = 1.0;
    for i in 1..=order {
        let acc: f64 = (1..i).map(|j| a[j] * r[i - j]).sum::<f64>() + r[i];
        let k = -acc / err;
        let prev = a.clone();
        for j in 1..i {
            a[j] = prev[j] + k * prev[i - j];
        }
        a[i] = k;
        err *= 1.0 - k * k;
        if err <= 0.0 {
            return None;
        }
    }
    Some(a.into_iter().map(|x| x as f32).collect())
}

#[cfg(test)]
/// A vowel made the way the voice makes one: a glottal pulse train at `f0` through two-pole
/// resonators at the given formants (frequency, bandwidth in Hz), as in Klatt's synthesiser.
pub(crate) fn synthetic_vowel(f0: f64, formants: &[(f64, f64)], seconds: f64) -> Vec<f32> {
    let sr = f64::from(SAMPLE_RATE);
    let n = (seconds * sr) as usize;
    let period = (sr / f0).round() as usize;
    let mut x: Vec<f64> = (0..n)
        .map(|i| if i % period == 0 { 1.0 } else { 0.0 })
        .collect();
    for &(f, bw) in formants {
        let r = (-std::f64::consts::PI * bw / sr).exp();
        let c1 = 2.0 * r * (2.0 * std::f64::consts::PI * f / sr).cos();
        let c2 = -r * r;
        let (mut y1, mut y2) = (0.0, 0.0);
        for s in &mut x {
            let y = *s + c1 * y1 + c2 * y2;
            y2 = y1;
            y1 = y;
            *s = y;
        }
    }
    let peak = x.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    x.iter().map(|s| (0.5 * s / peak) as f32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formants_of_synthetic_vowels_are_found() {
        // Peterson & Barney style values for a central, a front and an open vowel, at a man's
        // and a woman's pitch.
        let cases = [
            (120.0, [(620.0, 80.0), (1220.0, 90.0), (2550.0, 150.0)]),
            (210.0, [(750.0, 80.0), (1430.0, 90.0), (2800.0, 150.0)]),
            (120.0, [(390.0, 60.0), (1990.0, 100.0), (2550.0, 150.0)]),
            (200.0, [(850.0, 90.0), (1600.0, 100.0), (2900.0, 150.0)]),
        ];
        let mut est = FormantEstimator::new();
        for (f0, formants) in cases {
            let s = synthetic_vowel(f0, &formants, 0.3);
            for t in [0.1, 0.15, 0.2] {
                let (f1, f2) = est.f1_f2(&s, t).unwrap();
                let (e1, e2) = (formants[0].0 as f32, formants[1].0 as f32);
                assert!(
                    (f1 - e1).abs() < 0.1 * e1 && (f2 - e2).abs() < 0.1 * e2,
                    "f0 {f0}: found {f1:.0}/{f2:.0}, made {e1}/{e2}"
                );
            }
        }
        assert!(est.f1_f2(&vec![0.0; 8000], 0.25).is_none());
        assert!(
            est.f1_f2(&synthetic_vowel(120.0, &cases[0].1, 0.3), 0.001)
                .is_none()
        );
    }
}
