//! Playing a recording or a question clip on a chosen output device, with a position the UI can
//! follow and seek.
//!
//! The whole clip is decoded, downmixed and resampled to the device's rate before the stream
//! starts (answers are minutes long: a few megabytes), so the audio callback only copies from
//! memory. Position, pause and seek are atomics shared with the callback; nothing locks.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample};

use crate::audio::devices::{self, DeviceChoice, DeviceError, DeviceInfo, Direction, Fallback};
use crate::audio::resample::{ResampleError, resample_mono};

/// Errors of starting playback.
#[derive(Debug, thiserror::Error)]
pub enum PlaybackError {
    /// The device could not be chosen or opened.
    #[error(transparent)]
    Device(#[from] DeviceError),
    /// The file could not be read as WAV.
    #[error(transparent)]
    Read(#[from] crate::audio::AudioError),
    /// The audio could not be converted to the device's rate.
    #[error(transparent)]
    Resample(#[from] ResampleError),
}

/// Where playback is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayState {
    /// Sound is coming out.
    Playing,
    /// Paused by the user; `resume()` continues from the same place.
    Paused,
    /// Reached the end of the clip.
    Finished,
    /// Stopped by the user or because the device was lost.
    Stopped,
}

const PLAYING: u8 = 0;
const PAUSED: u8 = 1;
const FINISHED: u8 = 2;
const STOPPED: u8 = 3;

/// State shared between the player and its audio callback.
struct Shared {
    /// Mono audio at the device rate.
    samples: Vec<f32>,
    /// Next frame to play.
    position: AtomicU64,
    state: AtomicU8,
    /// Set by the error callback when the device goes away.
    lost: AtomicBool,
}

/// A clip playing on an output device.
pub struct Player {
    stream: Option<cpal::Stream>,
    shared: Arc<Shared>,
    rate: u32,
    device: DeviceInfo,
    fallback: Option<Fallback>,
}

impl std::fmt::Debug for Player {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Player")
            .field("device", &self.device)
            .field("rate", &self.rate)
            .field("state", &self.state())
            .finish()
    }
}

/// Reads any PCM or float WAV as mono `f32` with its rate, through the same guarded reader as
/// analysis (regular files only, sane rates, buffers sized by the file, not its header).
pub fn read_wav_mono(path: &Path) -> Result<(Vec<f32>, u32), PlaybackError> {
    let clip = crate::audio::wav::read_wav_native(path)?;
    Ok((clip.samples, clip.source_rate))
}

impl Player {
    /// Plays a WAV file on the chosen output device from the start.
    pub fn play_file(choice: &DeviceChoice, path: &Path) -> Result<Player, PlaybackError> {
        let (samples, rate) = read_wav_mono(path)?;
        Self::play_samples(choice, &samples, rate)
    }

    /// Plays mono samples at `rate` (e.g. a 16 kHz analysis buffer) on the chosen output device.
    pub fn play_samples(
        choice: &DeviceChoice,
        samples: &[f32],
        rate: u32,
    ) -> Result<Player, PlaybackError> {
        let chosen = devices::choose(Direction::Output, choice)?;
        let devices::ChosenDevice {
            device,
            info,
            fallback,
        } = chosen;
        let as_device_error = |e: cpal::Error| {
            DeviceError::from_cpal(&e, Direction::Output, &info.name, info.is_default)
        };
        let supported = device.default_output_config().map_err(as_device_error)?;
        let mut config = supported.config();
        // Without a fixed buffer PulseAudio queues about 2 s: `position` would run ahead of the
        // sound and the end would be reported early (see `devices::buffer_size`).
        config.buffer_size = devices::buffer_size(&device, config.sample_rate, Direction::Output);
        let shared = Arc::new(Shared {
            samples: resample_mono(samples, rate, config.sample_rate)?,
            position: AtomicU64::new(0),
            state: AtomicU8::new(PLAYING),
            lost: AtomicBool::new(false),
        });
        let stream = match supported.sample_format() {
            SampleFormat::I8 => build::<i8>(&device, &config, &shared),
            SampleFormat::I16 => build::<i16>(&device, &config, &shared),
            // PulseAudio reports 24-bit sinks (common on USB DACs) natively.
            SampleFormat::I24 => build::<cpal::I24>(&device, &config, &shared),
            SampleFormat::I32 => build::<i32>(&device, &config, &shared),
            SampleFormat::U8 => build::<u8>(&device, &config, &shared),
            SampleFormat::U16 => build::<u16>(&device, &config, &shared),
            SampleFormat::U32 => build::<u32>(&device, &config, &shared),
            SampleFormat::F32 => build::<f32>(&device, &config, &shared),
            SampleFormat::F64 => build::<f64>(&device, &config, &shared),
            other => Err(cpal::Error::with_message(
                cpal::ErrorKind::UnsupportedConfig,
                format!("sample format {other}"),
            )),
        }
        .map_err(as_device_error)?;
        stream.play().map_err(as_device_error)?;
        Ok(Player {
            stream: Some(stream),
            shared,
            rate: config.sample_rate,
            device: info,
            fallback,
        })
    }

    /// The device in use.
    pub fn device(&self) -> &DeviceInfo {
        &self.device
    }

    /// Set when the chosen device was missing and the default is used instead.
    pub fn fallback(&self) -> Option<&Fallback> {
        self.fallback.as_ref()
    }

    /// Length of the clip in seconds.
    pub fn duration(&self) -> f64 {
        self.shared.samples.len() as f64 / f64::from(self.rate)
    }

    /// Seconds from the start of the clip of the audio handed to the device. Sound reaches the
    /// speaker one device buffer later (tens of milliseconds), well within a highlighted word.
    pub fn position(&self) -> f64 {
        self.shared.position.load(Ordering::Acquire) as f64 / f64::from(self.rate)
    }

    /// Jumps to `seconds` (clamped to the clip). Seeking after the end was reached plays again.
    pub fn seek(&self, seconds: f64) {
        let frame = (seconds.max(0.0) * f64::from(self.rate)) as u64;
        let frame = frame.min(self.shared.samples.len() as u64);
        self.shared.position.store(frame, Ordering::Release);
        let _ = self.shared.state.compare_exchange(
            FINISHED,
            PLAYING,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// Pauses; the device keeps running and plays silence, so resuming is instant.
    pub fn pause(&self) {
        let _ = self.shared.state.compare_exchange(
            PLAYING,
            PAUSED,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// Continues after [`Player::pause`].
    pub fn resume(&self) {
        let _ = self.shared.state.compare_exchange(
            PAUSED,
            PLAYING,
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    /// Stops and releases the device. Position stays where it was.
    pub fn stop(&mut self) {
        self.shared.state.store(STOPPED, Ordering::Release);
        self.stream = None;
    }

    /// Current state; a lost device reads as [`PlayState::Stopped`] (see [`Player::device_lost`]).
    pub fn state(&self) -> PlayState {
        if self.device_lost() {
            return PlayState::Stopped;
        }
        match self.shared.state.load(Ordering::Acquire) {
            PLAYING => PlayState::Playing,
            PAUSED => PlayState::Paused,
            FINISHED => PlayState::Finished,
            _ => PlayState::Stopped,
        }
    }

    /// Whether the output device went away during playback.
    pub fn device_lost(&self) -> bool {
        self.shared.lost.load(Ordering::Acquire)
    }

    /// Blocks until the clip finished or stopped, or `timeout` passed; returns the final state.
    /// For the command line and tests; a GUI polls [`Player::state`] instead.
    pub fn wait(&self, timeout: Duration) -> PlayState {
        let start = Instant::now();
        loop {
            let state = self.state();
            if matches!(state, PlayState::Finished | PlayState::Stopped)
                || start.elapsed() >= timeout
            {
                return state;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn build<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    shared: &Arc<Shared>,
) -> Result<cpal::Stream, cpal::Error>
where
    T: SizedSample + FromSample<f32>,
{
    let channels = usize::from(config.channels.max(1));
    let data_shared = Arc::clone(shared);
    let err_shared = Arc::clone(shared);
    device.build_output_stream::<T, _, _>(
        *config,
        move |out: &mut [T], _| fill(out, channels, &data_shared),
        move |e| {
            if matches!(
                e.kind(),
                cpal::ErrorKind::DeviceNotAvailable
                    | cpal::ErrorKind::StreamInvalidated
                    | cpal::ErrorKind::HostUnavailable
            ) {
                err_shared.lost.store(true, Ordering::Release);
            }
        },
        None,
    )
}

/// Fills one output buffer: the mono clip copied to every channel, silence when paused or done.
fn fill<T: SizedSample + FromSample<f32>>(out: &mut [T], channels: usize, shared: &Shared) {
    let silence = T::from_sample(0.0f32);
    if shared.state.load(Ordering::Acquire) != PLAYING {
        out.fill(silence);
        return;
    }
    let start = shared.position.load(Ordering::Acquire);
    let from = (start as usize).min(shared.samples.len());
    let frames = out.len() / channels;
    let to = (from + frames).min(shared.samples.len());
    for (frame, &s) in out.chunks_mut(channels).zip(&shared.samples[from..to]) {
        frame.fill(T::from_sample(s));
    }
    for frame in out.chunks_mut(channels).skip(to - from) {
        frame.fill(silence);
    }
    // A seek between the load and here wins: its position is kept and played next time.
    let _ = shared
        .position
        .compare_exchange(start, to as u64, Ordering::AcqRel, Ordering::Acquire);
    if to == shared.samples.len() {
        let _ =
            shared
                .state
                .compare_exchange(PLAYING, FINISHED, Ordering::AcqRel, Ordering::Acquire);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(samples: Vec<f32>) -> Shared {
        Shared {
            samples,
            position: AtomicU64::new(0),
            state: AtomicU8::new(PLAYING),
            lost: AtomicBool::new(false),
        }
    }

    #[test]
    fn fill_copies_mono_to_all_channels_advances_and_finishes() {
        let s = shared(vec![0.5, -0.5, 0.25]);
        let mut out = [0i16; 4];
        fill(&mut out, 2, &s);
        assert_eq!(out, [16_384, 16_384, -16_384, -16_384]);
        assert_eq!(s.position.load(Ordering::Acquire), 2);
        let mut out = [1.0f32; 4];
        fill(&mut out, 2, &s);
        assert_eq!(out, [0.25, 0.25, 0.0, 0.0], "tail is silence");
        assert_eq!(s.state.load(Ordering::Acquire), FINISHED);
    }

    #[test]
    fn paused_plays_silence_and_keeps_position() {
        let s = shared(vec![0.5; 10]);
        s.position.store(4, Ordering::Release);
        s.state.store(PAUSED, Ordering::Release);
        let mut out = [7u16; 3];
        fill(&mut out, 1, &s);
        assert_eq!(out, [32_768; 3]);
        assert_eq!(s.position.load(Ordering::Acquire), 4);
    }

    #[test]
    fn reads_integer_wav_as_unit_range_mono() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 8_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for s in [16_384i16, 0, -32_768, -32_768] {
            w.write_sample(s).unwrap();
        }
        w.finalize().unwrap();
        let (mono, rate) = read_wav_mono(&path).unwrap();
        assert_eq!(rate, 8_000);
        assert_eq!(mono, vec![0.25, -1.0]);
    }
}
