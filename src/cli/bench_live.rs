//! `interview-coach bench --live FILE`: how long the user waits after Stop when the answer is
//! transcribed while spoken. The file is fed at real-time pace, in small chunks, through the
//! same live transcriber the app uses while recording; Stop is pressed at its end.

use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::bench::BenchArgs;
use crate::analysis::metrics::FillerSource;
use crate::analysis::voice::measure_recording;
use crate::analysis::wer::word_error_rate;
use crate::analysis::{SAMPLE_RATE, SpeechMetrics, Transcript};
use crate::audio::read_wav;
use crate::bank::{Question, Rubric};
use crate::pipeline::{AnalyzeOptions, report_from_live};
use crate::report::AnalysisReport;
use crate::sessions::Attempt;
use crate::transcribe::live::{LiveInput, LiveOutcome, LiveStats, transcribe_live};
use crate::transcribe::{TranscribeOptions, Transcriber};

/// Audio fed per step, as a sound card delivers it (seconds).
const CHUNK_S: f64 = 0.1;

/// The figures of one live run and the batch run of the same file.
#[derive(Debug, Clone, Serialize)]
struct LiveFigures {
    audio_s: f64,
    threads: usize,
    /// Seconds from Stop to the transcript.
    stop_to_transcript_s: f64,
    /// Seconds from Stop to the scored report.
    stop_to_report_s: f64,
    /// Seconds the batch path takes to transcribe the same file.
    batch_transcribe_s: f64,
    /// The furthest live transcription fell behind while the file was fed.
    max_lag_s: f64,
    /// Word error rate of the live transcript against the batch one (0-1).
    live_vs_batch_wer: f64,
    /// Against `--reference`, when given.
    live_wer: Option<f64>,
    batch_wer: Option<f64>,
    pieces: usize,
    left_at_stop_s: f64,
    fallback: Option<String>,
    fillers_live: usize,
    fillers_batch: usize,
    /// Filled pauses heard in the audio but not written, live and batch.
    acoustic_fillers_live: usize,
    acoustic_fillers_batch: usize,
    /// Whether word times never go back and none lies past the end of the audio.
    word_times_ok: bool,
    live_transcript: String,
    batch_transcript: String,
}

/// Feeds `samples` (16 kHz) at real-time pace into the live transcriber, presses Stop, and
/// returns the outcome, the seconds from Stop to transcript and to the scored report, and the
/// report.
fn run_live_once(
    transcriber: &Transcriber,
    samples: &[f32],
    options: &AnalyzeOptions,
    file: &std::path::Path,
) -> anyhow::Result<(LiveStats, f64, f64, AnalysisReport)> {
    let (tx, rx) = channel();
    let chunk = (CHUNK_S * f64::from(SAMPLE_RATE)) as usize;
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let outcome = transcribe_live(transcriber, &options.transcribe, &rx, &mut |_| {});
            let transcribed = Instant::now();
            outcome.map(|o: LiveOutcome| {
                let stats = o.stats.clone();
                let report = report_from_live(file, "bench", transcriber, o, options);
                let question =
                    Question::for_rubric(Rubric::OwnIt, "Can you explain your USMLE performance?");
                let attempt = Attempt::scored_with(
                    "bench".into(),
                    &question,
                    report,
                    None,
                    &options.scoring(),
                );
                (stats, transcribed, Instant::now(), attempt.report)
            })
        });
        let start = Instant::now();
        for (i, piece) in samples.chunks(chunk).enumerate() {
            // Each chunk is sent when a sound card would have delivered it: at the end of the
            // time it covers, measured from the start (so sleeping late never drifts).
            let due = start + Duration::from_secs_f64((i + 1) as f64 * CHUNK_S);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let _ = tx.send(LiveInput::Audio {
                rate: SAMPLE_RATE,
                samples: piece.to_vec(),
            });
        }
        let stop = Instant::now();
        let _ = tx.send(LiveInput::Stop {
            samples_16k: samples.to_vec(),
            warnings: Vec::new(),
        });
        let joined = worker
            .join()
            .map_err(|_| anyhow::anyhow!("the live transcription thread panicked"))?;
        let (stats, transcribed, reported, report) = joined?;
        Ok((
            stats,
            (transcribed - stop).as_secs_f64(),
            (reported - stop).as_secs_f64(),
            report,
        ))
    })
}

/// Whether word starts never go back, each word ends after it starts, and none lies past
/// `duration_s`.
fn word_times_ok(t: &Transcript, duration_s: f64) -> bool {
    t.words.windows(2).all(|w| w[1].start >= w[0].start)
        && t.words
            .iter()
            .all(|w| w.start <= w.end && w.end <= duration_s + 1e-6)
}

/// Runs the live benchmark and prints its figures (one per line, or one JSON object).
pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    let (name, path) = super::resolve_model(args.model.as_deref())?;
    let clip = read_wav(&args.file)?;
    let transcriber = Transcriber::load(&path)?;
    let mut transcribe = TranscribeOptions {
        threads: args.threads,
        filler_bias: args.filler_bias,
        ..TranscribeOptions::default()
    };
    if let Some(p) = &args.prompt {
        transcribe.initial_prompt = Some(p.clone());
    }
    // Scored as in the app: with the meaning model when it is installed.
    let options = AnalyzeOptions {
        transcribe,
        meaning: crate::meaning::shared().0.clone(),
        ..AnalyzeOptions::default()
    };
    let audio_s = clip.duration_s();
    if !args.json {
        println!(
            "feeding {:.1} s of {} at real-time pace ({name}, {} threads)...",
            audio_s,
            args.file.display(),
            args.threads
        );
    }
    let mut runs = Vec::new();
    for _ in 0..args.live_runs.max(1) {
        runs.push(run_live_once(
            &transcriber,
            &clip.samples,
            &options,
            &args.file,
        )?);
    }
    // The median run (by time to the report) stands for the figures.
    runs.sort_by(|a, b| a.2.total_cmp(&b.2));
    let all_report_s: Vec<f64> = runs.iter().map(|r| r.2).collect();
    let (stats, to_transcript, to_report, report) = runs.swap_remove(runs.len() / 2);

    let t = Instant::now();
    let batch = transcriber.listen(&clip.samples, &options.transcribe, None, None)?;
    let batch_transcribe_s = t.elapsed().as_secs_f64();
    // Measured as the report measures it, so both filler counts come from the same code.
    let (batch_transcript, batch_metrics) =
        measure_recording(&clip.samples, &batch.transcript, &options.metrics);
    let count_fillers = |m: &SpeechMetrics| {
        m.fillers
            .iter()
            .filter(|f| f.source == FillerSource::Transcript)
            .count()
    };
    let count_acoustic = |m: &SpeechMetrics| m.fillers.len() - count_fillers(m);
    let live_text = &report.transcript.text;
    let batch_text = &batch_transcript.text;
    let figures = LiveFigures {
        audio_s,
        threads: args.threads,
        stop_to_transcript_s: to_transcript,
        stop_to_report_s: to_report,
        batch_transcribe_s,
        max_lag_s: stats.max_lag_s,
        live_vs_batch_wer: word_error_rate(batch_text, live_text),
        live_wer: args
            .reference
            .as_deref()
            .map(|r| word_error_rate(r, live_text)),
        batch_wer: args
            .reference
            .as_deref()
            .map(|r| word_error_rate(r, batch_text)),
        pieces: stats.pieces,
        left_at_stop_s: stats.left_at_stop_s,
        fallback: stats.fallback.clone(),
        fillers_live: count_fillers(&report.metrics),
        fillers_batch: count_fillers(&batch_metrics),
        acoustic_fillers_live: count_acoustic(&report.metrics),
        acoustic_fillers_batch: count_acoustic(&batch_metrics),
        word_times_ok: word_times_ok(&report.transcript, audio_s),
        live_transcript: live_text.clone(),
        batch_transcript: batch_text.clone(),
    };
    if args.json {
        println!("{}", serde_json::to_string(&figures)?);
        return Ok(());
    }
    let f = &figures;
    println!("audio                {:.2} s", f.audio_s);
    println!(
        "stop -> transcript   {:.3} s (median of {} runs)",
        f.stop_to_transcript_s,
        all_report_s.len()
    );
    println!(
        "stop -> report       {:.3} s (runs: {})",
        f.stop_to_report_s,
        all_report_s
            .iter()
            .map(|s| format!("{s:.3}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "batch transcription  {:.3} s (stop -> report is {:.1}% of it)",
        f.batch_transcribe_s,
        100.0 * f.stop_to_report_s / f.batch_transcribe_s.max(1e-9)
    );
    println!("max lag              {:.2} s", f.max_lag_s);
    println!(
        "pieces               {} while recording, {:.2} s left at stop",
        f.pieces, f.left_at_stop_s
    );
    println!(
        "fallback             {}",
        f.fallback.as_deref().unwrap_or("none")
    );
    println!("live vs batch WER    {:.2}%", 100.0 * f.live_vs_batch_wer);
    if let (Some(l), Some(b)) = (f.live_wer, f.batch_wer) {
        println!(
            "WER vs reference     live {:.2}%, batch {:.2}%",
            100.0 * l,
            100.0 * b
        );
    }
    println!(
        "fillers              live {}, batch {} (written); heard in the audio only: live {}, batch {}",
        f.fillers_live, f.fillers_batch, f.acoustic_fillers_live, f.acoustic_fillers_batch
    );
    println!(
        "word times           {}",
        if f.word_times_ok {
            "non-decreasing, within the audio"
        } else {
            "OUT OF ORDER or past the end"
        }
    );
    println!("live transcript      {}", f.live_transcript);
    println!("batch transcript     {}", f.batch_transcript);
    Ok(())
}
