//! Comparing captured audio with the audio that was fed in.

/// Result of aligning a capture against a reference.
#[derive(Debug, Clone, Copy)]
pub struct Alignment {
    /// Samples by which the capture lags the reference (`captured[n + lag] ≈ reference[n]`).
    pub lag: usize,
    /// Normalised cross-correlation at that lag over the overlap (1.0 = identical shape).
    pub correlation: f64,
    /// Samples of overlap the correlation was measured on.
    pub overlap: usize,
}

fn normalised(reference: &[f32], captured: &[f32], lag: usize) -> (f64, usize) {
    let n = reference.len().min(captured.len().saturating_sub(lag));
    let (mut ab, mut aa, mut bb) = (0f64, 0f64, 0f64);
    for (a, b) in reference[..n].iter().zip(&captured[lag..lag + n]) {
        let (a, b) = (f64::from(*a), f64::from(*b));
        ab += a * b;
        aa += a * a;
        bb += b * b;
    }
    if aa == 0.0 || bb == 0.0 {
        (0.0, n)
    } else {
        (ab / (aa * bb).sqrt(), n)
    }
}

fn decimate(s: &[f32], factor: usize) -> Vec<f32> {
    s.chunks(factor)
        .map(|c| c.iter().sum::<f32>() / c.len() as f32)
        .collect()
}

/// Finds where `reference` starts inside `captured` (lags 0..=`max_lag`, overlap at least
/// `min_overlap`): a coarse search at 1/8 of the rate, then the exact lag nearby.
pub fn align(reference: &[f32], captured: &[f32], max_lag: usize, min_overlap: usize) -> Alignment {
    const F: usize = 8;
    let (r8, c8) = (decimate(reference, F), decimate(captured, F));
    let mut best = (f64::MIN, 0usize);
    for lag in 0..=(max_lag / F) {
        let (c, n) = normalised(&r8, &c8, lag);
        if n * F >= min_overlap && c > best.0 {
            best = (c, lag * F);
        }
    }
    let mut fine = Alignment {
        lag: best.1,
        correlation: f64::MIN,
        overlap: 0,
    };
    for lag in best.1.saturating_sub(2 * F)..=(best.1 + 2 * F).min(max_lag) {
        let (c, n) = normalised(reference, captured, lag);
        if n >= min_overlap && c > fine.correlation {
            fine = Alignment {
                lag,
                correlation: c,
                overlap: n,
            };
        }
    }
    fine
}

/// Reads a WAV (any integer format) as mono f32 with its rate.
pub fn read_mono(path: &std::path::Path) -> (Vec<f32>, u32) {
    interview_coach::audio::playback::read_wav_mono(path).expect("readable WAV")
}

#[test]
fn align_finds_a_known_delay_and_rejects_other_audio() {
    // A chirp-like deterministic signal, delayed by 1234 samples with some added noise.
    let reference: Vec<f32> = (0..16_000)
        .map(|i| ((i as f32 * i as f32) * 1e-5).sin() * 0.5)
        .collect();
    let mut captured = vec![0.0f32; 1234];
    captured.extend(
        reference
            .iter()
            .enumerate()
            .map(|(i, s)| s + 0.01 * ((i * 7919 % 101) as f32 / 50.0 - 1.0)),
    );
    let a = align(&reference, &captured, 4000, 8000);
    assert_eq!(a.lag, 1234);
    assert!(a.correlation > 0.99, "{a:?}");
    let other: Vec<f32> = (0..20_000)
        .map(|i| ((i * 7919 % 1013) as f32 / 506.0 - 1.0) * 0.5)
        .collect();
    let b = align(&reference, &other, 4000, 8000);
    assert!(b.correlation < 0.2, "{b:?}");
}
