//! Telling steady broadband noise from speech by the shape of its spectrum.
//!
//! Whisper is trained to write something for every window it is given; on a minute of white
//! noise tiny.en invents sentences. The loudness gate in [`crate::analysis::energy`] cannot help,
//! because loud noise is loud. The spectrum can: speech concentrates its energy in a few
//! harmonics and formants, so its power spectrum is peaked, while hiss, fan and white noise
//! spread it evenly. Spectral flatness (the geometric mean of the power spectrum over its
//! arithmetic mean; 1 for a perfectly flat spectrum, about 0.56 for a frame of white noise,
//! usually below 0.1 for voiced speech) measures that.

use realfft::RealFftPlanner;

use crate::analysis::SAMPLE_RATE;

/// Samples per analysis frame (32 ms at 16 kHz), a power of two for the FFT.
const FRAME: usize = 512;

/// Frames within this many dB of the loudest tenth are judged; quieter ones are background,
/// whose flatness says nothing about whether anyone spoke.
const LOUD_WINDOW_DB: f64 = 10.0;

/// Median flatness of the loud frames above which a recording is taken for noise. Voiced speech
/// stays far below (0.02-0.15 in the project's recordings, fricatives reach about 0.3 but are
/// never the majority of the loud frames); white noise sits near 0.56.
pub const NOISE_FLATNESS: f64 = 0.35;

/// The lowest and highest frequency judged: below 100 Hz is hum and rumble, above 7 kHz the
/// band edge of many microphones.
const BAND_HZ: (f64, f64) = (100.0, 7000.0);

/// Median spectral flatness of the loud frames of 16 kHz mono audio, or `None` when there is
/// too little audio to judge (under one frame).
pub fn loud_frame_flatness(samples: &[f32]) -> Option<f64> {
    let mut planner = RealFftPlanner::<f64>::new();
    let fft = planner.plan_fft_forward(FRAME);
    let window: Vec<f64> = (0..FRAME)
        .map(|i| 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / FRAME as f64).cos())
        .collect();
    let bin_hz = f64::from(SAMPLE_RATE) / FRAME as f64;
    let lo = (BAND_HZ.0 / bin_hz).ceil() as usize;
    let hi = ((BAND_HZ.1 / bin_hz).floor() as usize).min(FRAME / 2);
    let mut input = fft.make_input_vec();
    let mut spectrum = fft.make_output_vec();
    let mut frames: Vec<(f64, f64)> = Vec::new();
    for chunk in samples.chunks_exact(FRAME) {
        for ((slot, s), w) in input.iter_mut().zip(chunk).zip(&window) {
            *slot = f64::from(*s) * w;
        }
        if fft.process(&mut input, &mut spectrum).is_err() {
            return None;
        }
        let power: Vec<f64> = spectrum[lo..hi].iter().map(|c| c.norm_sqr()).collect();
        let mean = power.iter().sum::<f64>() / power.len() as f64;
        if mean <= 1e-12 {
            continue;
        }
        let log_mean = power.iter().map(|p| (p + 1e-20).ln()).sum::<f64>() / power.len() as f64;
        frames.push((10.0 * mean.log10(), log_mean.exp() / mean));
    }
    if frames.is_empty() {
        return None;
    }
    let mut levels: Vec<f64> = frames.iter().map(|f| f.0).collect();
    levels.sort_by(f64::total_cmp);
    let loud = levels[(levels.len() - 1) * 9 / 10] - LOUD_WINDOW_DB;
    let mut flat: Vec<f64> = frames.iter().filter(|f| f.0 >= loud).map(|f| f.1).collect();
    flat.sort_by(f64::total_cmp);
    flat.get(flat.len() / 2).copied()
}

/// Whether 16 kHz mono audio is steady broadband noise rather than speech.
pub fn sounds_like_noise(samples: &[f32]) -> bool {
    loud_frame_flatness(samples).is_some_and(|f| f > NOISE_FLATNESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn white(n: usize, amp: f32) -> Vec<f32> {
        let mut rng = fastrand::Rng::with_seed(7);
        (0..n).map(|_| (rng.f32() * 2.0 - 1.0) * amp).collect()
    }

    #[test]
    fn white_noise_is_flat_and_a_vowel_is_not() {
        let noise = white(16_000 * 3, 0.5);
        let f = loud_frame_flatness(&noise).unwrap();
        assert!(f > 0.45, "white noise flatness {f}");
        assert!(sounds_like_noise(&noise));
        // A vowel-like sound: a 120 Hz voice with harmonics falling off, and a little hiss.
        let hiss = white(16_000 * 3, 0.002);
        let vowel: Vec<f32> = (0..16_000 * 3)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                (1..30)
                    .map(|k| (2.0 * std::f32::consts::PI * 120.0 * k as f32 * t).sin() / k as f32)
                    .sum::<f32>()
                    * 0.1
                    + hiss[i]
            })
            .collect();
        let f = loud_frame_flatness(&vowel).unwrap();
        assert!(f < 0.1, "vowel flatness {f}");
        assert!(!sounds_like_noise(&vowel));
        assert_eq!(loud_frame_flatness(&[0.1; 100]), None);
    }
}
