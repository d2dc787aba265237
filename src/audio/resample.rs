//! Downmixing and sample-rate conversion to the analysis rate, with `rubato`.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Resampler};

/// Averages interleaved frames of `channels` channels into one channel.
///
/// Averaging (rather than taking the left channel) keeps speech from a microphone wired to only
/// one side of a stereo input, at half its level, instead of silence.
pub fn downmix(interleaved: &[f32], channels: usize) -> Vec<f32> {
    if channels <= 1 {
        return interleaved.to_vec();
    }
    interleaved
        .chunks_exact(channels)
        .map(|frame| frame.iter().sum::<f32>() / channels as f32)
        .collect()
}

/// Error from the resampler (an impossible rate, or an internal failure of the FFT stage).
#[derive(Debug, thiserror::Error)]
#[error("could not convert the audio from {from} Hz to {to} Hz: {detail}")]
pub struct ResampleError {
    /// Input rate in Hz.
    pub from: u32,
    /// Output rate in Hz.
    pub to: u32,
    /// What the resampler reported.
    pub detail: String,
}

/// Converts mono samples from `from` Hz to `to` Hz with an FFT resampler (fixed ratio, high
/// quality). The output has `len * to / from` samples, with the filter delay trimmed.
pub fn resample_mono(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, ResampleError> {
    if from == to || samples.is_empty() {
        return Ok(samples.to_vec());
    }
    let err = |detail: String| ResampleError { from, to, detail };
    let mut resampler = Fft::<f32>::new(from as usize, to as usize, 1024, 1, FixedSync::Input)
        .map_err(|e| err(e.to_string()))?;
    let input = InterleavedSlice::new(samples, 1, samples.len()).map_err(|e| err(e.to_string()))?;
    let out = resampler
        .process_all(&input, samples.len(), None)
        .map_err(|e| err(e.to_string()))?;
    Ok(out.take_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downmix_averages_channels() {
        assert_eq!(downmix(&[1.0, 0.0, 0.5, 0.5], 2), vec![0.5, 0.5]);
        assert_eq!(downmix(&[0.25, 0.5], 1), vec![0.25, 0.5]);
    }

    /// Dominant frequency by counting zero crossings.
    fn zero_cross_hz(s: &[f32], rate: f64) -> f64 {
        let crossings = s.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
        crossings as f64 / (s.len() as f64 / rate)
    }

    #[test]
    fn resampling_keeps_length_pitch_and_level() {
        let from = 44_100u32;
        let tone: Vec<f32> = (0..from)
            .map(|i| 0.5 * (i as f32 * 2.0 * std::f32::consts::PI * 440.0 / from as f32).sin())
            .collect();
        let out = resample_mono(&tone, from, 16_000).unwrap();
        assert!((out.len() as i64 - 16_000).abs() <= 2, "{}", out.len());
        let hz = zero_cross_hz(&out[1000..15_000], 16_000.0);
        assert!((hz - 440.0).abs() < 3.0, "{hz}");
        let peak = out[1000..15_000].iter().fold(0f32, |m, s| m.max(s.abs()));
        assert!((peak - 0.5).abs() < 0.02, "{peak}");
    }

    #[test]
    fn same_rate_and_empty_pass_through() {
        assert_eq!(
            resample_mono(&[0.1, 0.2], 16_000, 16_000).unwrap(),
            vec![0.1, 0.2]
        );
        assert!(resample_mono(&[], 8_000, 16_000).unwrap().is_empty());
    }
}
