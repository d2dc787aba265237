//! The whole path from a recording to a report: decode, transcribe, measure.
//!
//! Used by the command line and (on a worker thread) by the app. Everything slow happens here,
//! nothing here draws.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::analysis::feedback::delivery_notes;
use crate::analysis::voice::measure_recording;
use crate::analysis::{MetricSettings, SpeechMetrics, Transcript};
use crate::audio::{AudioClip, AudioError, read_wav};
use crate::report::{AnalysisReport, ModelUsed, REPORT_SCHEMA_VERSION};
use crate::transcribe::{TranscribeError, TranscribeOptions, Transcriber};

/// Why an analysis failed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The recording could not be read.
    #[error(transparent)]
    Audio(#[from] AudioError),
    /// Recognition failed.
    #[error(transparent)]
    Transcribe(#[from] TranscribeError),
}

/// Settings for one analysis.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeOptions {
    /// Recogniser settings.
    pub transcribe: TranscribeOptions,
    /// Delivery thresholds.
    pub metrics: MetricSettings,
}

/// How long each stage took, in seconds (for the benchmark and the status line).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// Reading and resampling the file.
    pub decode_s: f64,
    /// Running Whisper.
    pub transcribe_s: f64,
    /// Computing the metrics.
    pub metrics_s: f64,
}

/// Transcribes a decoded clip and measures its delivery.
pub fn analyze_clip(
    clip: &AudioClip,
    transcriber: &Transcriber,
    options: &AnalyzeOptions,
    progress: Option<Box<dyn FnMut(i32)>>,
    cancel: Option<Arc<AtomicBool>>,
) -> Result<(Transcript, SpeechMetrics, StageTimes), TranscribeError> {
    let t = Instant::now();
    let heard = transcriber.transcribe(&clip.samples, &options.transcribe, progress, cancel)?;
    let transcribe_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let (transcript, metrics) = measure_recording(&clip.samples, &heard, &options.metrics);
    let metrics_s = t.elapsed().as_secs_f64();
    Ok((
        transcript,
        metrics,
        StageTimes {
            decode_s: 0.0,
            transcribe_s,
            metrics_s,
        },
    ))
}

/// The delivery metrics of a clip whose transcript is known (pure apart from the samples). The
/// word times are first fitted to the voice (see [`measure_recording`]).
pub fn measure(
    clip: &AudioClip,
    transcript: &Transcript,
    settings: &MetricSettings,
) -> SpeechMetrics {
    measure_recording(&clip.samples, transcript, settings).1
}

/// Reads, transcribes and measures a WAV file, returning the report (without a score; the
/// caller adds one when it knows the question).
pub fn analyze_file(
    path: &Path,
    model_name: &str,
    transcriber: &Transcriber,
    options: &AnalyzeOptions,
    progress: Option<Box<dyn FnMut(i32)>>,
) -> Result<(AnalysisReport, StageTimes), PipelineError> {
    let t = Instant::now();
    let clip = read_wav(path)?;
    let decode_s = t.elapsed().as_secs_f64();
    let (transcript, metrics, mut times) =
        analyze_clip(&clip, transcriber, options, progress, None)?;
    times.decode_s = decode_s;
    let mut warnings = clip.warnings.clone();
    if transcript.words.is_empty() {
        warnings.push(
            "no speech was recognised: check that the microphone was on and not muted".into(),
        );
    }
    let delivery = delivery_notes(&metrics, &options.metrics);
    Ok((
        AnalysisReport {
            schema_version: REPORT_SCHEMA_VERSION,
            file: path.display().to_string(),
            question_id: None,
            model: ModelUsed {
                name: model_name.to_string(),
                path: transcriber.path().display().to_string(),
                sha256: crate::models::store::Provenance::load(transcriber.path())
                    .map(|p| p.sha256),
            },
            transcript,
            metrics,
            delivery,
            score: None,
            warnings,
        },
        times,
    ))
}
