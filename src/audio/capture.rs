//! Microphone capture: a thin cpal callback and a consumer thread that meters, writes and keeps
//! the recording.
//!
//! The callback runs on the audio thread, where blocking or slow work causes dropouts, so it only
//! converts the device's samples to `f32` into a recycled buffer and sends it. Everything else
//! happens on the consumer thread ("audio-capture"):
//!
//! - the recording is written to disk as it arrives, at the device's **native rate and channel
//!   count** as 16-bit PCM, and the WAV header is rewritten every [`FLUSH_SECONDS`]. Writing the
//!   native stream keeps the file free of any DSP, so nothing that can fail or distort
//!   (resampling, downmixing) sits between the microphone and the copy that must survive a crash,
//!   and a recording can always be played back exactly as heard. 16-bit keeps 96 dB of range,
//!   more than any microphone delivers, at half the size of float;
//! - the level (RMS and peak in dBFS) is published about 20 times a second, and silence or
//!   clipping that lasts is reported;
//! - a mono copy is converted to 16 kHz as it arrives and kept in memory
//!   ([`Recording::samples_16k`]), with the project's [`StreamResampler`]: its output is
//!   exactly what converting the whole take at the end would give (the same filter over the
//!   same chunks, with none of the boundary artefacts of converting pieces separately), but it
//!   is ready the moment the recording stops. The same 16 kHz pieces can be handed on as they
//!   arrive ([`RecorderOptions::tap`]), so the answer is transcribed and its voice measured
//!   while the user is still speaking.
//!
//! Stopping drops the stream first, then sends an end marker down the same channel, so every
//! buffer the device delivered is written before the file is finalised.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, StreamTrait};
use cpal::{Sample, SampleFormat, SizedSample};

use crate::analysis::SAMPLE_RATE;
use crate::audio::devices::{self, DeviceChoice, DeviceError, DeviceInfo, Direction, Fallback};
use crate::audio::recovery;
use crate::audio::resample::{ResampleError, StreamResampler, downmix};

/// How often the level is published, in updates per second.
pub const LEVELS_PER_SECOND: u32 = 20;
/// How much audio may be on disk without a valid header: a kill loses at most this much.
pub const FLUSH_SECONDS: f32 = 0.2;
/// A level window whose peak stays below this is "silent" (dBFS). A muted or dead microphone
/// gives digital silence or a noise floor far below it; speech peaks are 30-50 dB above.
pub const SILENT_PEAK_DB: f32 = -50.0;
/// How long the input must stay silent before the user is warned.
pub const SILENT_WARN_SECONDS: f32 = 4.0;
/// A level window whose peak reaches this is clipping (dBFS, about 0.99 of full scale).
pub const CLIP_PEAK_DB: f32 = -0.1;
/// Span over which clipping is judged.
pub const CLIP_SPAN_SECONDS: f32 = 3.0;
/// Share of the level windows in [`CLIP_SPAN_SECONDS`] that must clip before the user is warned.
/// Speech clips on single plosives; a quarter of the windows means the gain is simply too high.
pub const CLIP_WARN_SHARE: f32 = 0.25;
/// No buffer for this long after audio was flowing means the device stopped delivering.
pub const STALL_SECONDS: f32 = 2.0;
/// Lowest level reported, so silence is a number and not minus infinity.
pub const FLOOR_DB: f32 = -100.0;

/// A problem with the input signal (not an error: recording goes on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputWarning {
    /// No sound for [`SILENT_WARN_SECONDS`]: muted, unplugged jack, wrong device.
    Silent,
    /// Too loud for a sustained time: lower the input gain or move away from the microphone.
    Clipping,
}

/// What the consumer thread reports, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptureEvent {
    /// The first audio arrived: only now should the UI say "microphone live".
    Live {
        /// Time from the start request to the first non-empty buffer.
        latency_ms: f64,
    },
    /// The level over the last 1/[`LEVELS_PER_SECOND`] s.
    Level {
        /// Root mean square, dBFS.
        rms_db: f32,
        /// Largest absolute sample, dBFS.
        peak_db: f32,
    },
    /// A lasting problem with the signal started.
    Warning(InputWarning),
    /// The problem is over.
    WarningCleared(InputWarning),
    /// The device stopped delivering audio (unplugged, taken away, sound server gone). What was
    /// recorded is kept; call [`Recorder::stop`] to finalise it.
    DeviceLost {
        /// Seconds of audio safely recorded.
        kept_seconds: f64,
        /// Why, in words the user can act on.
        error: DeviceError,
    },
    /// The file could not be written further (disk full, removed). Audio is still kept in
    /// memory for analysis.
    WriteFailed {
        /// What went wrong.
        message: String,
    },
    /// The recording is finalised.
    Stopped {
        /// The WAV file.
        path: PathBuf,
        /// Its length in seconds.
        duration_s: f64,
    },
}

/// Errors of starting or finishing a recording.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The device could not be chosen or opened.
    #[error(transparent)]
    Device(#[from] DeviceError),
    /// The recording file could not be created or finalised.
    #[error("could not write the recording {path}")]
    File {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: hound::Error,
    },
    /// The recording could not be converted to the analysis rate.
    #[error(transparent)]
    Resample(#[from] ResampleError),
    /// The consumer thread could not be started or died.
    #[error("the recording thread failed: {0}")]
    Thread(String),
}

/// Options for [`Recorder::start_with`].
#[derive(Clone, Default)]
pub struct RecorderOptions {
    /// Called after every event is sent, e.g. `ctx.request_repaint()` so the UI wakes up.
    pub notify: Option<Arc<dyn Fn() + Send + Sync>>,
    /// Called on the recording thread with each new piece of the mono recording at 16 kHz
    /// (the rate comes first), e.g. to transcribe it while the user speaks. The pieces put
    /// together are [`Recording::samples_16k`]. It must return quickly: it runs between the
    /// device and the file.
    pub tap: Option<AudioTap>,
}

/// See [`RecorderOptions::tap`].
pub type AudioTap = Arc<dyn Fn(u32, &[f32]) + Send + Sync>;

/// What was opened, for the UI ("Recording from …") and for logs.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordingInfo {
    /// The device in use.
    pub device: DeviceInfo,
    /// Set when the chosen device was missing and the default is used.
    pub fallback: Option<Fallback>,
    /// Native sample rate, which is also the file's rate.
    pub sample_rate: u32,
    /// Native channel count, which is also the file's.
    pub channels: u16,
    /// The device's native sample format, before conversion.
    pub sample_format: String,
    /// The WAV being written.
    pub path: PathBuf,
}

/// A finished recording.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    /// The WAV file (native rate and channels, 16-bit).
    pub path: PathBuf,
    /// Length in seconds.
    pub duration_s: f64,
    /// The file's sample rate.
    pub sample_rate: u32,
    /// The file's channel count.
    pub channels: u16,
    /// Mono at [`SAMPLE_RATE`], for analysis and transcription.
    pub samples_16k: Vec<f32>,
    /// Time from start to the first audio, if any arrived.
    pub first_audio_ms: Option<f64>,
    /// Set when the device went away during the recording.
    pub device_lost: Option<DeviceError>,
    /// Set when the file stopped being written (the audio above is still complete).
    pub write_error: Option<String>,
    /// Seconds of audio the file on disk holds: `duration_s` normally, less when writing
    /// failed part-way (a full disk), counted up to the last flush that succeeded.
    pub saved_s: f64,
}

/// What travels from the audio callback to the consumer thread.
enum Msg {
    /// Interleaved samples converted to `f32`.
    Audio(Vec<f32>),
    /// An error reported by the stream.
    Error(cpal::Error),
    /// Everything before this has been sent; finish.
    End,
}

/// A recording in progress.
pub struct Recorder {
    stream: Option<cpal::Stream>,
    to_consumer: Sender<Msg>,
    events: Receiver<CaptureEvent>,
    consumer: Option<JoinHandle<Result<Recording, CaptureError>>>,
    info: RecordingInfo,
}

impl std::fmt::Debug for Recorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recorder")
            .field("info", &self.info)
            .finish()
    }
}

impl Recorder {
    /// Starts recording from the chosen device into `out_path` (created or replaced).
    ///
    /// Returns once the stream runs; "live" is signalled later by [`CaptureEvent::Live`].
    /// Opening a device can take a fraction of a second, so a GUI may call this off its UI thread.
    pub fn start(choice: &DeviceChoice, out_path: &Path) -> Result<Recorder, CaptureError> {
        Self::start_with(choice, out_path, RecorderOptions::default())
    }

    /// [`Recorder::start`] with options.
    pub fn start_with(
        choice: &DeviceChoice,
        out_path: &Path,
        options: RecorderOptions,
    ) -> Result<Recorder, CaptureError> {
        let requested = Instant::now();
        let chosen = devices::choose(Direction::Input, choice)?;
        match open(chosen, out_path, &options, requested) {
            // The named device exists but cannot be opened now: fall back to the default once.
            Err(CaptureError::Device(
                e @ (DeviceError::Unplugged { .. } | DeviceError::Busy { .. }),
            )) if matches!(choice, DeviceChoice::Named(_)) => {
                let mut chosen = devices::choose(Direction::Input, &DeviceChoice::SystemDefault)?;
                chosen.fallback = Some(Fallback {
                    requested: match choice {
                        DeviceChoice::Named(n) => n.clone(),
                        DeviceChoice::SystemDefault => String::new(),
                    },
                    reason: e.to_string(),
                });
                open(chosen, out_path, &options, requested)
            }
            other => other,
        }
    }

    /// The device and format in use.
    pub fn info(&self) -> &RecordingInfo {
        &self.info
    }

    /// Events from the consumer thread; poll with `try_iter()` each frame.
    pub fn events(&self) -> &Receiver<CaptureEvent> {
        &self.events
    }

    /// Stops the device, writes everything still queued, finalises the WAV and returns the
    /// recording with its 16 kHz mono copy. A [`CaptureEvent::Stopped`] is sent as well.
    pub fn stop(mut self) -> Result<Recording, CaptureError> {
        self.finish()
    }

    fn finish(&mut self) -> Result<Recording, CaptureError> {
        // Dropping the stream stops the callback and drops its sender, so the end marker below
        // is the last message: nothing the device delivered is left behind.
        if let Some(stream) = self.stream.take() {
            let _ = stream.pause();
            drop(stream);
        }
        let _ = self.to_consumer.send(Msg::End);
        match self.consumer.take() {
            Some(handle) => handle
                .join()
                .map_err(|_| CaptureError::Thread("the recording thread panicked".into()))?,
            None => Err(CaptureError::Thread(
                "the recording was already stopped".into(),
            )),
        }
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        // A recorder dropped without stop() (window closed, error path) still finalises its file.
        if self.consumer.is_some() {
            let _ = self.finish();
        }
    }
}

/// Opens the stream and the file and starts the consumer thread.
fn open(
    chosen: devices::ChosenDevice,
    out_path: &Path,
    options: &RecorderOptions,
    requested: Instant,
) -> Result<Recorder, CaptureError> {
    let devices::ChosenDevice {
        device,
        info: device_info,
        fallback,
    } = chosen;
    let name = device_info.name.clone();
    let is_default = device_info.is_default;
    let as_device_error =
        |e: cpal::Error| DeviceError::from_cpal(&e, Direction::Input, &name, is_default);
    let supported = device.default_input_config().map_err(as_device_error)?;
    let format = supported.sample_format();
    let mut config = supported.config();
    // The device's native rate, channels and format, so the server converts nothing; only the
    // buffer is chosen here (see `devices::buffer_size`: PulseAudio's default is seconds).
    config.buffer_size = devices::buffer_size(&device, config.sample_rate, Direction::Input);
    let info = RecordingInfo {
        device: device_info,
        fallback,
        sample_rate: config.sample_rate,
        channels: config.channels,
        sample_format: format.to_string(),
        path: out_path.to_path_buf(),
    };

    let spec = hound::WavSpec {
        channels: config.channels,
        sample_rate: config.sample_rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let file_err = |source| CaptureError::File {
        path: out_path.to_path_buf(),
        source,
    };
    // The marker goes first: it tells the next start that this file was being written (even if
    // its header happens to be consistent when the process dies), and a kill between the two
    // leaves a marker whose missing or empty file the next start cleans up, never an unmarked
    // file that nothing would ever claim.
    let marker =
        recovery::write_marker(out_path, &info.device.name, spec.sample_rate, spec.channels)
            .map_err(|e| file_err(hound::Error::IoError(e)))?;
    // Flushing at once puts a valid (empty) WAV on disk instead of a 0-byte file held in a
    // buffer for the first fraction of a second.
    let writer = hound::WavWriter::create(out_path, spec).and_then(|mut w| w.flush().map(|()| w));
    let writer = match writer {
        Ok(w) => w,
        Err(e) => {
            discard_unstarted(out_path, &marker);
            return Err(file_err(e));
        }
    };

    let (to_consumer, from_callback) = mpsc::channel::<Msg>();
    // Buffers go back to the callback through this channel so the audio thread allocates only
    // while the pool warms up.
    let (recycle_tx, recycle_rx) = mpsc::channel::<Vec<f32>>();
    let (event_tx, events) = mpsc::channel::<CaptureEvent>();

    let stream = build_stream(&device, &config, format, to_consumer.clone(), recycle_rx).map_err(
        |e| match e {
            BuildError::Cpal(e) => CaptureError::Device(as_device_error(e)),
            BuildError::Format(f) => CaptureError::Device(DeviceError::UnsupportedFormat {
                device: name.clone(),
                detail: format!("sample format {f}"),
            }),
        },
    );
    let stream = match stream {
        Ok(s) => s,
        Err(e) => {
            let _ = writer.finalize();
            discard_unstarted(out_path, &marker);
            return Err(e);
        }
    };

    let consumer = Consumer {
        writer: Some(writer),
        marker,
        path: out_path.to_path_buf(),
        channels: config.channels,
        sample_rate: config.sample_rate,
        events: event_tx,
        notify: options.notify.clone(),
        tap: options.tap.clone(),
        recycle: recycle_tx,
        requested,
    };
    let handle = std::thread::Builder::new()
        .name("audio-capture".into())
        .spawn(move || consumer.run(from_callback))
        .map_err(|e| CaptureError::Thread(e.to_string()))?;

    let stream = match play_within(stream, START_TIMEOUT) {
        Ok(stream) => stream,
        Err(e) => {
            let _ = to_consumer.send(Msg::End);
            // Nothing was recorded when the stream never started, so neither the file nor its
            // marker is left behind to be "recovered" at every later start.
            if let Ok(Ok(recording)) = handle.join()
                && recording.duration_s == 0.0
            {
                discard_unstarted(&recording.path, &recovery::marker_path(&recording.path));
            }
            return Err(CaptureError::Device(match e {
                StartError::Cpal(e) => as_device_error(e),
                // Nothing came from the device: for the user it is as good as gone, and a named
                // device then falls back to the default in `start_with`.
                StartError::TimedOut => DeviceError::Unplugged { device: name },
            }));
        }
    };
    Ok(Recorder {
        stream: Some(stream),
        to_consumer,
        events,
        consumer: Some(handle),
        info,
    })
}

/// Removes the file and marker of a recording that failed to start (best effort: the error that
/// stopped the start is what the caller reports).
fn discard_unstarted(path: &Path, marker: &Path) {
    let _ = std::fs::remove_file(path);
    recovery::remove_marker(marker);
}

/// How long starting the stream may take. cpal's PulseAudio host returns from `play` only once the
/// first audio arrived, and never for a source that delivers nothing (measured: a suspended
/// source kept `Recorder::start` blocked until it was killed), while ALSA returns at once.
pub const START_TIMEOUT: Duration = Duration::from_secs(3);

enum StartError {
    Cpal(cpal::Error),
    TimedOut,
}

/// Starts `stream` on a helper thread and waits at most `timeout` for it.
///
/// On a timeout the helper keeps the stream: it is dropped (and the server stream closed) when
/// `play` finally returns; if it never does, one thread and one idle server stream are leaked,
/// which is the price of not blocking the caller (a UI) forever.
fn play_within(stream: cpal::Stream, timeout: Duration) -> Result<cpal::Stream, StartError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("audio-start".into())
        .spawn(move || {
            let result = stream.play();
            // The receiver is gone after a timeout; the stream is then dropped here.
            let _ = tx.send((stream, result));
        })
        .map_err(|e| {
            StartError::Cpal(cpal::Error::with_message(
                cpal::ErrorKind::Other,
                format!("could not start the audio start thread: {e}"),
            ))
        })?;
    match rx.recv_timeout(timeout) {
        Ok((stream, Ok(()))) => Ok(stream),
        Ok((_, Err(e))) => Err(StartError::Cpal(e)),
        Err(_) => Err(StartError::TimedOut),
    }
}

enum BuildError {
    Cpal(cpal::Error),
    Format(SampleFormat),
}

/// Builds the input stream for the device's native sample format.
fn build_stream(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    format: SampleFormat,
    tx: Sender<Msg>,
    recycle: Receiver<Vec<f32>>,
) -> Result<cpal::Stream, BuildError> {
    match format {
        SampleFormat::I8 => build_typed::<i8>(device, config, tx, recycle),
        SampleFormat::I16 => build_typed::<i16>(device, config, tx, recycle),
        SampleFormat::I24 => build_typed::<cpal::I24>(device, config, tx, recycle),
        SampleFormat::I32 => build_typed::<i32>(device, config, tx, recycle),
        SampleFormat::U8 => build_typed::<u8>(device, config, tx, recycle),
        SampleFormat::U16 => build_typed::<u16>(device, config, tx, recycle),
        SampleFormat::U32 => build_typed::<u32>(device, config, tx, recycle),
        SampleFormat::F32 => build_typed::<f32>(device, config, tx, recycle),
        SampleFormat::F64 => build_typed::<f64>(device, config, tx, recycle),
        other => Err(BuildError::Format(other)),
    }
}

fn build_typed<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    tx: Sender<Msg>,
    recycle: Receiver<Vec<f32>>,
) -> Result<cpal::Stream, BuildError>
where
    T: SizedSample,
    f32: cpal::FromSample<T>,
{
    let err_tx = tx.clone();
    device
        .build_input_stream::<T, _, _>(
            *config,
            move |data: &[T], _| {
                if data.is_empty() {
                    return;
                }
                let mut buf = recycle.try_recv().unwrap_or_default();
                convert_into(data, &mut buf);
                // A send fails only once the consumer has finished; the audio is then unwanted.
                let _ = tx.send(Msg::Audio(buf));
            },
            move |e| {
                let _ = err_tx.send(Msg::Error(e));
            },
            None,
        )
        .map_err(BuildError::Cpal)
}

/// Converts native samples (any integer or float format) to `f32` in -1..1, replacing `out`'s
/// contents and reusing its allocation.
pub fn convert_into<T>(src: &[T], out: &mut Vec<f32>)
where
    T: Sample,
    f32: cpal::FromSample<T>,
{
    out.clear();
    out.extend(src.iter().map(|s| s.to_sample::<f32>()));
}

/// Converts an amplitude (0..1) to dBFS, floored at [`FLOOR_DB`].
pub fn to_db(amplitude: f32) -> f32 {
    if amplitude <= 0.0 {
        FLOOR_DB
    } else {
        (20.0 * amplitude.log10()).max(FLOOR_DB)
    }
}

/// RMS and peak over fixed windows of interleaved audio.
///
/// Both are taken over all channels' samples, not a downmix: clipping on one channel of a
/// stereo input is halved by averaging and would go unnoticed.
#[derive(Debug, Clone)]
pub struct LevelMeter {
    window_samples: usize,
    sum_squares: f64,
    peak: f32,
    count: usize,
}

impl LevelMeter {
    /// A meter publishing [`LEVELS_PER_SECOND`] times a second for this stream format.
    pub fn new(sample_rate: u32, channels: u16) -> Self {
        let frames = (sample_rate / LEVELS_PER_SECOND).max(1) as usize;
        LevelMeter {
            window_samples: frames * channels.max(1) as usize,
            sum_squares: 0.0,
            peak: 0.0,
            count: 0,
        }
    }

    /// Adds interleaved samples and calls `emit(rms_db, peak_db)` for every completed window.
    pub fn push(&mut self, samples: &[f32], mut emit: impl FnMut(f32, f32)) {
        for &s in samples {
            self.sum_squares += f64::from(s) * f64::from(s);
            self.peak = self.peak.max(s.abs());
            self.count += 1;
            if self.count == self.window_samples {
                let rms = (self.sum_squares / self.count as f64).sqrt() as f32;
                emit(to_db(rms), to_db(self.peak));
                self.sum_squares = 0.0;
                self.peak = 0.0;
                self.count = 0;
            }
        }
    }
}

/// Turns a stream of level windows into start/clear events for lasting silence and clipping.
#[derive(Debug, Clone)]
pub struct WarningTracker {
    silent_windows_needed: usize,
    silent_run: usize,
    silent_on: bool,
    clip_history: std::collections::VecDeque<bool>,
    clip_span: usize,
    clip_needed: usize,
    clip_on: bool,
}

impl Default for WarningTracker {
    fn default() -> Self {
        Self::new()
    }
}

impl WarningTracker {
    /// A tracker for windows arriving [`LEVELS_PER_SECOND`] times a second.
    pub fn new() -> Self {
        let per_s = LEVELS_PER_SECOND as f32;
        let clip_span = (CLIP_SPAN_SECONDS * per_s).round() as usize;
        WarningTracker {
            silent_windows_needed: (SILENT_WARN_SECONDS * per_s).round() as usize,
            silent_run: 0,
            silent_on: false,
            clip_history: std::collections::VecDeque::with_capacity(clip_span),
            clip_span,
            clip_needed: ((clip_span as f32) * CLIP_WARN_SHARE).ceil() as usize,
            clip_on: false,
        }
    }

    /// Feeds one level window; returns the events it causes (at most one per kind).
    pub fn update(&mut self, peak_db: f32) -> Vec<CaptureEvent> {
        let mut out = Vec::new();
        if peak_db < SILENT_PEAK_DB {
            self.silent_run += 1;
            if self.silent_run >= self.silent_windows_needed && !self.silent_on {
                self.silent_on = true;
                out.push(CaptureEvent::Warning(InputWarning::Silent));
            }
        } else {
            self.silent_run = 0;
            if self.silent_on {
                self.silent_on = false;
                out.push(CaptureEvent::WarningCleared(InputWarning::Silent));
            }
        }
        if self.clip_history.len() == self.clip_span {
            self.clip_history.pop_front();
        }
        self.clip_history.push_back(peak_db >= CLIP_PEAK_DB);
        let clipped = self.clip_history.iter().filter(|&&c| c).count();
        if clipped >= self.clip_needed && !self.clip_on {
            self.clip_on = true;
            out.push(CaptureEvent::Warning(InputWarning::Clipping));
        } else if clipped == 0 && self.clip_on {
            self.clip_on = false;
            out.push(CaptureEvent::WarningCleared(InputWarning::Clipping));
        }
        out
    }
}

/// State of the consumer thread.
struct Consumer {
    writer: Option<hound::WavWriter<std::io::BufWriter<std::fs::File>>>,
    marker: PathBuf,
    path: PathBuf,
    channels: u16,
    sample_rate: u32,
    events: Sender<CaptureEvent>,
    notify: Option<Arc<dyn Fn() + Send + Sync>>,
    tap: Option<AudioTap>,
    recycle: Sender<Vec<f32>>,
    requested: Instant,
}

impl Consumer {
    fn emit(&self, event: CaptureEvent) {
        // The UI may have dropped its receiver; the recording goes on regardless.
        let _ = self.events.send(event);
        if let Some(notify) = &self.notify {
            notify();
        }
    }

    fn run(mut self, rx: Receiver<Msg>) -> Result<Recording, CaptureError> {
        let channels = usize::from(self.channels.max(1));
        let mut meter = LevelMeter::new(self.sample_rate, self.channels);
        let mut warnings = WarningTracker::new();
        // The 16 kHz copy, converted as it arrives; a conversion failure is reported at the end
        // (it cannot happen for the rates devices offer), after the file is safe.
        let mut resampler = StreamResampler::new(self.sample_rate, SAMPLE_RATE);
        let mut samples_16k: Vec<f32> = Vec::new();
        let mut frames: u64 = 0;
        // Frames known to be on disk: hound's flush writes the buffer and the header's sizes.
        let mut frames_saved: u64 = 0;
        let flush_every = (self.sample_rate as f32 * FLUSH_SECONDS) as u64;
        let mut since_flush: u64 = 0;
        let mut first_audio_ms = None;
        let mut last_audio = Instant::now();
        let mut device_lost: Option<DeviceError> = None;
        let mut write_error: Option<String> = None;
        let mut levels: Vec<(f32, f32)> = Vec::new();

        loop {
            let msg = match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => {
                    let stalled = last_audio.elapsed().as_secs_f32() > STALL_SECONDS;
                    if first_audio_ms.is_some() && device_lost.is_none() && stalled {
                        let error = DeviceError::Unplugged {
                            device: "the microphone".into(),
                        };
                        device_lost = Some(error.clone());
                        let kept_seconds = frames as f64 / f64::from(self.sample_rate);
                        self.emit(CaptureEvent::DeviceLost {
                            kept_seconds,
                            error,
                        });
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            };
            match msg {
                Msg::Audio(buf) => {
                    last_audio = Instant::now();
                    if first_audio_ms.is_none() {
                        let latency_ms = self.requested.elapsed().as_secs_f64() * 1000.0;
                        first_audio_ms = Some(latency_ms);
                        self.emit(CaptureEvent::Live { latency_ms });
                    }
                    let whole = buf.len() - buf.len() % channels;
                    let samples = &buf[..whole];
                    if let Some(writer) = self.writer.as_mut() {
                        let written = write_samples(writer, samples).and_then(|()| {
                            since_flush += (whole / channels) as u64;
                            if since_flush >= flush_every {
                                since_flush = 0;
                                writer.flush()?;
                                frames_saved = frames + (whole / channels) as u64;
                            }
                            Ok(())
                        });
                        if let Err(e) = written {
                            let message = format!("{}: {e}", self.path.display());
                            write_error = Some(message.clone());
                            self.writer = None;
                            self.emit(CaptureEvent::WriteFailed { message });
                        }
                    }
                    frames += (whole / channels) as u64;
                    let before = samples_16k.len();
                    if let Ok(r) = resampler.as_mut() {
                        match r.push(&downmix(samples, channels)) {
                            Ok(more) => samples_16k.extend(more),
                            Err(e) => resampler = Err(e),
                        }
                    }
                    if let Some(tap) = &self.tap
                        && samples_16k.len() > before
                    {
                        tap(SAMPLE_RATE, &samples_16k[before..]);
                    }
                    levels.clear();
                    meter.push(samples, |rms, peak| levels.push((rms, peak)));
                    for &(rms_db, peak_db) in &levels {
                        self.emit(CaptureEvent::Level { rms_db, peak_db });
                        for event in warnings.update(peak_db) {
                            self.emit(event);
                        }
                    }
                    let _ = self.recycle.send(buf);
                }
                Msg::Error(e) => {
                    use cpal::ErrorKind as K;
                    // Xruns and reroutes are glitches; the stream keeps running.
                    if matches!(e.kind(), K::Xrun | K::DeviceChanged | K::RealtimeDenied) {
                        continue;
                    }
                    if device_lost.is_none() {
                        let error =
                            DeviceError::from_cpal(&e, Direction::Input, "the microphone", false);
                        device_lost = Some(error.clone());
                        let kept_seconds = frames as f64 / f64::from(self.sample_rate);
                        self.emit(CaptureEvent::DeviceLost {
                            kept_seconds,
                            error,
                        });
                    }
                }
                Msg::End => break,
            }
        }

        if let Some(writer) = self.writer.take() {
            // A failed finalise (the disk filled up in the last fraction of a second) must not
            // lose the recording held in memory: it is reported like any other write failure,
            // and the marker stays so the next start repairs what reached the disk.
            match writer.finalize() {
                Ok(()) => frames_saved = frames,
                Err(e) => {
                    let message = format!("{}: {e}", self.path.display());
                    write_error = Some(message.clone());
                    self.emit(CaptureEvent::WriteFailed { message });
                }
            }
        }
        if write_error.is_none() {
            recovery::remove_marker(&self.marker);
        }
        let duration_s = frames as f64 / f64::from(self.sample_rate);
        let rest = resampler?.finish()?;
        if let Some(tap) = &self.tap
            && !rest.is_empty()
        {
            tap(SAMPLE_RATE, &rest);
        }
        samples_16k.extend(rest);
        self.emit(CaptureEvent::Stopped {
            path: self.path.clone(),
            duration_s,
        });
        Ok(Recording {
            path: self.path.clone(),
            duration_s,
            sample_rate: self.sample_rate,
            channels: self.channels,
            samples_16k,
            first_audio_ms,
            device_lost,
            write_error,
            saved_s: frames_saved as f64 / f64::from(self.sample_rate),
        })
    }
}

/// Writes `f32` samples as 16-bit PCM, clamping overs (float devices can exceed full scale).
fn write_samples<W: std::io::Write + std::io::Seek>(
    writer: &mut hound::WavWriter<W>,
    samples: &[f32],
) -> Result<(), hound::Error> {
    for &s in samples {
        writer.write_sample((s.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_i16_u16_and_f32_to_unit_range() {
        let mut out = Vec::new();
        convert_into(&[i16::MIN, 0, 16_384, i16::MAX], &mut out);
        assert_eq!(out[0], -1.0);
        assert_eq!(out[1], 0.0);
        assert!((out[2] - 0.5).abs() < 1e-6);
        assert!((out[3] - 1.0).abs() < 1e-4);
        convert_into(&[0u16, 32_768, u16::MAX], &mut out);
        assert_eq!(out.len(), 3, "buffer is replaced, not appended to");
        assert_eq!(out[0], -1.0);
        assert_eq!(out[1], 0.0);
        assert!((out[2] - 1.0).abs() < 1e-4);
        convert_into(&[0.25f32, -0.75], &mut out);
        assert_eq!(out, vec![0.25, -0.75]);
    }

    #[test]
    fn level_meter_reports_rms_and_peak_twenty_times_a_second() {
        let rate = 48_000;
        let mut meter = LevelMeter::new(rate, 2);
        // One second of a full-scale sine at 1 kHz on the left, silence on the right.
        let mut samples = Vec::new();
        for i in 0..rate {
            let v = (i as f32 * 2.0 * std::f32::consts::PI * 1000.0 / rate as f32).sin();
            samples.push(v);
            samples.push(0.0);
        }
        let mut got = Vec::new();
        meter.push(&samples, |rms, peak| got.push((rms, peak)));
        assert_eq!(got.len(), LEVELS_PER_SECOND as usize);
        for (rms, peak) in got {
            // Sine RMS is -3.01 dBFS; averaged with a silent channel, another -3.01.
            assert!((rms + 6.02).abs() < 0.1, "rms {rms}");
            assert!(peak > -0.01, "peak {peak}");
        }
        let mut quiet = Vec::new();
        meter.push(&vec![0.0; 4800], |rms, peak| quiet.push((rms, peak)));
        assert_eq!(quiet, vec![(FLOOR_DB, FLOOR_DB)]);
    }

    #[test]
    fn to_db_of_half_scale_is_minus_six() {
        assert!((to_db(0.5) + 6.0206).abs() < 1e-3);
        assert_eq!(to_db(0.0), FLOOR_DB);
    }

    #[test]
    fn silence_warns_after_four_seconds_and_clears_on_sound() {
        let mut t = WarningTracker::new();
        let per_s = LEVELS_PER_SECOND as usize;
        let mut events = Vec::new();
        for _ in 0..(4 * per_s - 1) {
            events.extend(t.update(-90.0));
        }
        assert!(events.is_empty(), "no warning before 4 s: {events:?}");
        events.extend(t.update(-90.0));
        assert_eq!(events, vec![CaptureEvent::Warning(InputWarning::Silent)]);
        assert!(t.update(-90.0).is_empty(), "warned once per episode");
        assert_eq!(
            t.update(-20.0),
            vec![CaptureEvent::WarningCleared(InputWarning::Silent)]
        );
    }

    #[test]
    fn occasional_clips_are_fine_but_sustained_clipping_warns() {
        let mut t = WarningTracker::new();
        let mut events = Vec::new();
        // One clipped window in ten for 10 s: loud plosives, no warning.
        for i in 0..200 {
            events.extend(t.update(if i % 10 == 0 { 0.0 } else { -12.0 }));
        }
        assert!(events.is_empty(), "{events:?}");
        // Every other window clips: warn.
        for i in 0..40 {
            events.extend(t.update(if i % 2 == 0 { 0.0 } else { -3.0 }));
        }
        assert_eq!(events, vec![CaptureEvent::Warning(InputWarning::Clipping)]);
        events.clear();
        for _ in 0..60 {
            events.extend(t.update(-12.0));
        }
        assert_eq!(
            events,
            vec![CaptureEvent::WarningCleared(InputWarning::Clipping)]
        );
    }

    #[test]
    fn writes_clamped_16_bit_samples() {
        let mut cursor = std::io::Cursor::new(Vec::new());
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 16_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::new(&mut cursor, spec).unwrap();
        write_samples(&mut w, &[0.5, 1.5, -2.0]).unwrap();
        w.finalize().unwrap();
        cursor.set_position(0);
        let got: Vec<i16> = hound::WavReader::new(cursor)
            .unwrap()
            .samples::<i16>()
            .map(|s| s.unwrap())
            .collect();
        assert_eq!(got, vec![16_384, i16::MAX, -i16::MAX]);
    }
}
