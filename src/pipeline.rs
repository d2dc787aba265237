//! The whole path from a recording to a report: decode, transcribe, measure.
//!
//! Used by the command line and (on a worker thread) by the app. Everything slow happens here,
//! nothing here draws.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::analysis::feedback::delivery_notes;
use crate::analysis::voice::{measure_followed, measure_recording};
use crate::analysis::{MetricSettings, SpeechMetrics, Transcript};
use crate::audio::{AudioClip, AudioError, read_wav};
use crate::coaching::Settings as ScoringSettings;
use crate::coaching::meaning::MeaningHandle;
use crate::report::{AnalysisReport, ModelUsed, REPORT_SCHEMA_VERSION};
use crate::transcribe::live::LiveOutcome;
use crate::transcribe::{Heard, Hearing, TranscribeError, TranscribeOptions, Transcriber};

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
    /// The meaning model for the scorer, when one is loaded.
    pub meaning: MeaningHandle,
}

impl AnalyzeOptions {
    /// The scorer's settings for this analysis: the same delivery thresholds as the metrics
    /// and notes, so a filler threshold changed in Settings moves the score too.
    pub fn scoring(&self) -> ScoringSettings {
        ScoringSettings {
            meaning: self.meaning.clone(),
            ..ScoringSettings::with_delivery(&self.metrics)
        }
    }
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

/// A clip's transcript, what kind of sound it was, and its delivery metrics.
#[derive(Debug, Clone)]
pub struct ClipAnalysis {
    /// What was said; empty unless speech was heard.
    pub transcript: Transcript,
    /// Speech, silence, or sound without clear speech.
    pub hearing: Hearing,
    /// Delivery metrics of the transcript.
    pub metrics: SpeechMetrics,
    /// How long each stage took.
    pub times: StageTimes,
}

/// Transcribes a decoded clip and measures its delivery.
pub fn analyze_clip(
    clip: &AudioClip,
    transcriber: &Transcriber,
    options: &AnalyzeOptions,
    progress: Option<Box<dyn FnMut(i32)>>,
    cancel: Option<Arc<AtomicBool>>,
) -> Result<ClipAnalysis, TranscribeError> {
    let t = Instant::now();
    let heard = transcriber.listen(&clip.samples, &options.transcribe, progress, cancel)?;
    let transcribe_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    // Word times fitted to the voice, so silence before and after is neither speech nor pause.
    let (transcript, metrics) =
        measure_recording(&clip.samples, &heard.transcript, &options.metrics);
    let metrics_s = t.elapsed().as_secs_f64();
    Ok(ClipAnalysis {
        transcript,
        hearing: heard.hearing,
        metrics,
        times: StageTimes {
            decode_s: 0.0,
            transcribe_s,
            metrics_s,
        },
    })
}

/// The report's warning for a recording in which no speech was transcribed, or `None` when
/// speech was heard.
pub fn hearing_warning(hearing: Hearing) -> Option<&'static str> {
    match hearing {
        Hearing::Speech => None,
        Hearing::Silence => {
            Some("no speech was recognised: check that the microphone was on and not muted")
        }
        Hearing::NoClearSpeech => Some(
            "no clear speech was heard: the recording sounds like noise rather than speech, so \
             nothing was transcribed or scored; record again closer to the microphone or in a \
             quieter place",
        ),
    }
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
    let ClipAnalysis {
        transcript,
        hearing,
        metrics,
        mut times,
    } = analyze_clip(&clip, transcriber, options, progress, None)?;
    times.decode_s = decode_s;
    let report = report_for(
        path,
        model_name,
        transcriber,
        Heard {
            transcript,
            hearing,
        },
        metrics,
        clip.warnings.clone(),
        &options.metrics,
    );
    Ok((report, times))
}

/// The report of a recording whose transcript and metrics are known, with the warnings the
/// recording itself carries (`warnings`) and the one for what was heard.
#[allow(clippy::too_many_arguments)]
pub fn report_for(
    path: &Path,
    model_name: &str,
    transcriber: &Transcriber,
    heard: Heard,
    metrics: SpeechMetrics,
    mut warnings: Vec<String>,
    settings: &MetricSettings,
) -> AnalysisReport {
    warnings.extend(hearing_warning(heard.hearing).map(str::to_owned));
    let delivery = delivery_notes(&metrics, settings);
    AnalysisReport {
        schema_version: REPORT_SCHEMA_VERSION,
        file: path.display().to_string(),
        question_id: None,
        model: ModelUsed {
            name: model_name.to_string(),
            path: transcriber.path().display().to_string(),
            // The hash of the file actually loaded, never one read from an install record.
            sha256: Some(transcriber.sha256().to_owned()),
            live_pieces: None,
        },
        transcript: heard.transcript,
        metrics,
        delivery,
        score: None,
        warnings,
    }
}

/// The report of a recording heard live ([`crate::transcribe::live`]): the same measures as
/// [`analyze_file`], on the stitched transcript and the recording kept in memory.
pub fn report_from_live(
    path: &Path,
    model_name: &str,
    transcriber: &Transcriber,
    outcome: LiveOutcome,
    options: &AnalyzeOptions,
) -> AnalysisReport {
    let LiveOutcome {
        heard,
        samples_16k,
        warnings,
        stats,
        voice,
    } = outcome;
    // The voice measures taken while the answer was spoken are used, not taken again.
    let (transcript, metrics) = measure_followed(
        &samples_16k,
        &heard.transcript,
        &options.metrics,
        voice.unwrap_or_default(),
    );
    let mut report = report_for(
        path,
        model_name,
        transcriber,
        Heard {
            transcript,
            hearing: heard.hearing,
        },
        metrics,
        warnings,
        &options.metrics,
    );
    // The pieces plus the one finished after Stop; none when one run replaced them.
    if stats.fallback.is_none() {
        report.model.live_pieces = Some(u32::try_from(stats.pieces + 1).unwrap_or(u32::MAX));
    }
    report
}
