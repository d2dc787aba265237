//! Downmixing and sample-rate conversion to the analysis rate, with `rubato`.

use rubato::audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

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

/// A [`ResampleError`] from what the resampler reported.
fn error(from: u32, to: u32, detail: impl std::fmt::Display) -> ResampleError {
    ResampleError {
        from,
        to,
        detail: detail.to_string(),
    }
}

/// Input frames per chunk of the FFT resampler (its quality and delay follow from it).
const CHUNK: usize = 1024;

/// Converts mono samples from `from` Hz to `to` Hz with an FFT resampler (fixed ratio, high
/// quality). The output has `len * to / from` samples, with the filter delay trimmed.
pub fn resample_mono(samples: &[f32], from: u32, to: u32) -> Result<Vec<f32>, ResampleError> {
    let mut stream = StreamResampler::new(from, to)?;
    let mut out = stream.push(samples)?;
    out.extend(stream.finish()?);
    Ok(out)
}

/// Sample-rate conversion of a recording that arrives in pieces: each
/// [`StreamResampler::push`] returns the converted samples that are ready, and
/// [`StreamResampler::finish`] the rest. However the recording is cut, the output is exactly
/// rubato's `process_all` over the whole of it (the same chunks go through the same filter; see
/// the tests), so a recording converted while it is captured is the one that would have been
/// converted at the end, ready the moment it stops. [`resample_mono`] is one push.
pub struct StreamResampler {
    /// `None` when the rates are equal (samples pass through).
    inner: Option<Fft<f32>>,
    from: u32,
    to: u32,
    /// Input not yet converted: never more than one chunk, kept back so the last chunk of the
    /// recording is converted as `resample_mono` converts it.
    pending: Vec<f32>,
    /// Scratch output of one chunk.
    scratch: Vec<f32>,
    /// Leading output frames still to drop (the filter's delay).
    to_trim: usize,
    /// Input frames pushed so far.
    input_len: usize,
    /// Output frames returned so far.
    emitted: usize,
}

impl StreamResampler {
    /// A resampler from `from` Hz to `to` Hz that has heard nothing.
    pub fn new(from: u32, to: u32) -> Result<Self, ResampleError> {
        let inner = if from == to {
            None
        } else {
            let r = Fft::<f32>::new(from as usize, to as usize, CHUNK, 1, FixedSync::Input);
            Some(r.map_err(|e| error(from, to, e))?)
        };
        let (scratch, to_trim) = inner.as_ref().map_or((Vec::new(), 0), |r| {
            (vec![0.0; r.output_frames_max()], r.output_delay())
        });
        Ok(Self {
            inner,
            from,
            to,
            pending: Vec::new(),
            scratch,
            to_trim,
            input_len: 0,
            emitted: 0,
        })
    }

    /// Converts one chunk (`partial`: how many of `input`'s frames are real, the rest silence)
    /// and appends what it gives, after the delay, to `out`.
    fn run_chunk(
        &mut self,
        input: &[f32],
        partial: Option<usize>,
        out: &mut Vec<f32>,
    ) -> Result<usize, ResampleError> {
        let (from, to) = (self.from, self.to);
        let err = |e: &dyn std::fmt::Display| error(from, to, e);
        let Some(inner) = self.inner.as_mut() else {
            return Ok(0);
        };
        let indexing = Indexing {
            input_offset: 0,
            output_offset: 0,
            partial_len: partial,
            active_channels_mask: None,
        };
        let input = InterleavedSlice::new(input, 1, input.len()).map_err(|e| err(&e))?;
        let frames = self.scratch.len();
        let mut output =
            InterleavedSlice::new_mut(&mut self.scratch, 1, frames).map_err(|e| err(&e))?;
        let (_, produced) = inner
            .process_into_buffer(&input, &mut output, Some(&indexing))
            .map_err(|e| err(&e))?;
        let skip = self.to_trim.min(produced);
        self.to_trim -= skip;
        out.extend_from_slice(&self.scratch[skip..produced]);
        Ok(produced)
    }

    /// Takes the next samples and returns the converted samples now ready.
    pub fn push(&mut self, samples: &[f32]) -> Result<Vec<f32>, ResampleError> {
        self.input_len += samples.len();
        let Some(inner) = self.inner.as_ref() else {
            self.emitted += samples.len();
            return Ok(samples.to_vec());
        };
        let need = inner.input_frames_next();
        let mut out = Vec::new();
        // Like `process_all`, a chunk is converted only when more input follows it, so the
        // recording's last chunk, full or not, is converted as its last. The chunk held back
        // is topped up first; the rest is converted straight from `samples`, without a copy.
        let mut rest = samples;
        if !self.pending.is_empty() {
            let take = (need - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if !rest.is_empty() {
                let chunk = std::mem::take(&mut self.pending);
                self.run_chunk(&chunk, None, &mut out)?;
            }
        }
        while rest.len() > need {
            self.run_chunk(&rest[..need], None, &mut out)?;
            rest = &rest[need..];
        }
        self.pending.extend_from_slice(rest);
        self.emitted += out.len();
        Ok(out)
    }

    /// The converted samples left once the recording has ended.
    pub fn finish(mut self) -> Result<Vec<f32>, ResampleError> {
        let Some(inner) = self.inner.as_ref() else {
            return Ok(Vec::new());
        };
        if self.input_len == 0 {
            return Ok(Vec::new());
        }
        let expected = (inner.resample_ratio() * self.input_len as f64).ceil() as usize;
        let need = inner.input_frames_next();
        let mut out = Vec::new();
        // The last chunk, padded with silence to a whole one (at most one chunk is pending).
        let mut last = std::mem::take(&mut self.pending);
        if !last.is_empty() {
            let real = last.len();
            last.resize(need, 0.0);
            self.run_chunk(&last, Some(real), &mut out)?;
        }
        // The filter's delay is still inside it: pump silence until the output is complete.
        let silence = vec![0.0; need];
        let mut guard = 0;
        while self.emitted + out.len() < expected {
            let produced = self.run_chunk(&silence, Some(0), &mut out)?;
            guard += 1;
            if produced == 0 || guard > 64 {
                return Err(error(
                    self.from,
                    self.to,
                    "the resampler stopped producing output",
                ));
            }
        }
        out.truncate(expected.saturating_sub(self.emitted));
        Ok(out)
    }
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

    #[test]
    fn converting_in_pieces_gives_exactly_rubatos_whole_conversion() {
        let mut rng = fastrand::Rng::with_seed(11);
        for (from, len) in [(48_000u32, 100_000usize), (44_100, 3_000), (22_050, 50_001)] {
            let samples: Vec<f32> = (0..len).map(|_| rng.f32() - 0.5).collect();
            // rubato's own conversion of the whole clip at once.
            let mut whole_clip =
                Fft::<f32>::new(from as usize, 16_000, CHUNK, 1, FixedSync::Input).unwrap();
            let input = InterleavedSlice::new(&samples, 1, samples.len()).unwrap();
            let whole = whole_clip
                .process_all(&input, samples.len(), None)
                .unwrap()
                .take_data();
            assert_eq!(resample_mono(&samples, from, 16_000).unwrap(), whole);
            let mut stream = StreamResampler::new(from, 16_000).unwrap();
            let mut pieces = Vec::new();
            let mut at = 0;
            while at < samples.len() {
                let n = rng.usize(1..5000).min(samples.len() - at);
                pieces.extend(stream.push(&samples[at..at + n]).unwrap());
                at += n;
            }
            pieces.extend(stream.finish().unwrap());
            assert_eq!(pieces.len(), whole.len(), "{from} Hz");
            assert!(pieces == whole, "{from} Hz: the samples differ");
        }
        let mut same = StreamResampler::new(16_000, 16_000).unwrap();
        assert_eq!(same.push(&[0.5, 0.25]).unwrap(), vec![0.5, 0.25]);
        assert!(same.finish().unwrap().is_empty());
        assert!(
            StreamResampler::new(48_000, 16_000)
                .unwrap()
                .finish()
                .unwrap()
                .is_empty()
        );
    }
}
