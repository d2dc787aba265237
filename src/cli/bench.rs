//! `interview-coach bench FILE.wav`: prints speed and memory figures. Not a test: machines are
//! noisy, so figures are measured and reported, never asserted.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use crate::analysis::SAMPLE_RATE;
use crate::analysis::energy::EnergyProfile;
use crate::analysis::voice::follow::VoiceFollower;
use crate::analysis::voice::{measure_followed, measure_recording};
use crate::analysis::wer::word_error_rate;
use crate::analysis::{MetricSettings, compute_metrics};
use crate::audio::read_wav;
use crate::audio::resample::{StreamResampler, resample_mono};
use crate::transcribe::{FILLER_LOGIT_BIAS, TranscribeOptions, Transcriber, default_threads};

/// Arguments of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The recording to transcribe.
    pub file: PathBuf,
    /// Model name or path.
    #[arg(long)]
    pub model: Option<String>,
    /// CPU threads.
    #[arg(long, default_value_t = default_threads())]
    pub threads: usize,
    /// Transcription runs to average (after one warm-up run).
    #[arg(long, default_value_t = 3)]
    pub runs: u32,
    /// The true text of the recording, to print the word error rate.
    #[arg(long)]
    pub reference: Option<String>,
    /// Use this initial prompt instead of the default filler-preserving one.
    #[arg(long)]
    pub prompt: Option<String>,
    /// Added to the logits of the " uh"/" um" tokens while decoding (0 turns the bias off).
    #[arg(long, default_value_t = FILLER_LOGIT_BIAS)]
    pub filler_bias: f32,
    /// Also transcribe without the filler-preserving prompt and compare filler counts.
    #[arg(long)]
    pub compare_prompt: bool,
    /// Feed the file at real-time pace through the live transcriber the app uses while
    /// recording, press Stop at its end, and print the wait after Stop against the batch run.
    #[arg(long)]
    pub live: bool,
    /// With `--live`: live runs to make (the median is reported; each takes the file's length).
    #[arg(long, default_value_t = 1)]
    pub live_runs: u32,
    /// With `--live`: print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Peak resident memory of this process in MB, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// What is left to do after Stop besides the last piece's transcription, with and without the
/// work done while the answer is spoken (milliseconds).
struct StopCosts {
    /// The voice measures at Stop when the voice was followed while spoken.
    followed_ms: f64,
    /// Following the voice over the whole recording, in 0.1 s steps (done while speaking).
    follow_ms: f64,
    /// The rest of the 16 kHz copy at Stop when converted as captured.
    streamed_ms: f64,
    /// Converting the whole take at Stop.
    whole_ms: f64,
}

/// Measures [`StopCosts`] on a 16 kHz recording and its transcript (median of 5 runs each).
fn stop_costs(
    samples: &[f32],
    transcript: &crate::analysis::Transcript,
    settings: &MetricSettings,
) -> anyhow::Result<StopCosts> {
    let step = (SAMPLE_RATE / 10) as usize;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mut followed, mut follow) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let mut follower = VoiceFollower::new();
        let t = Instant::now();
        let mut end = 0;
        while end < samples.len() {
            end = (end + step).min(samples.len());
            follower.update(&samples[..end]);
        }
        follow.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        measure_followed(samples, transcript, settings, follower);
        followed.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // A microphone's 48 kHz take of the same length.
    let native = resample_mono(samples, SAMPLE_RATE, 48_000)?;
    let (mut streamed, mut whole) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let mut stream = StreamResampler::new(48_000, SAMPLE_RATE)?;
        for chunk in native.chunks(4800) {
            stream.push(chunk)?;
        }
        let t = Instant::now();
        stream.finish()?;
        streamed.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        resample_mono(&native, 48_000, SAMPLE_RATE)?;
        whole.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(StopCosts {
        followed_ms: median(followed),
        follow_ms: median(follow),
        streamed_ms: median(streamed),
        whole_ms: median(whole),
    })
}

/// Runs the benchmark and prints one figure per line.
pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if args.live {
        return super::bench_live::run(args);
    }
    let (name, path) = super::resolve_model(args.model.as_deref())?;
    let t = Instant::now();
    let clip = read_wav(&args.file)?;
    let decode_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let transcriber = Transcriber::load(&path)?;
    let load_s = t.elapsed().as_secs_f64();
    let mut options = TranscribeOptions {
        threads: args.threads,
        filler_bias: args.filler_bias,
        ..TranscribeOptions::default()
    };
    if let Some(p) = &args.prompt {
        options.initial_prompt = Some(p.clone());
    }
    let audio_s = clip.duration_s();

    // Warm-up: the first run pays one-off allocations inside whisper.cpp.
    let transcript = transcriber.transcribe(&clip.samples, &options, None, None)?;
    let runs = args.runs.max(1);
    let t = Instant::now();
    for _ in 0..runs {
        transcriber.transcribe(&clip.samples, &options, None, None)?;
    }
    let transcribe_s = t.elapsed().as_secs_f64() / f64::from(runs);

    let settings = MetricSettings::default();
    let metric_runs = 1000;
    let t = Instant::now();
    for _ in 0..metric_runs {
        let energy = EnergyProfile::from_samples(&clip.samples);
        compute_metrics(&transcript, audio_s, Some(&energy), &settings);
    }
    let metrics_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(metric_runs);
    // Everything the report computes: word times fitted to the voice, the transcript metrics and
    // the voice measures (pitch, loudness, articulation, acoustic fillers).
    let voice_runs = 20;
    let t = Instant::now();
    let mut metrics = None;
    for _ in 0..voice_runs {
        metrics = Some(measure_recording(&clip.samples, &transcript, &settings).1);
    }
    let voice_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(voice_runs);
    let stop = stop_costs(&clip.samples, &transcript, &settings)?;

    println!("model              {name} ({})", path.display());
    println!(
        "audio              {:.2} s ({})",
        audio_s,
        args.file.display()
    );
    println!("threads            {}", args.threads);
    println!("decode+resample    {:.1} ms", decode_s * 1000.0);
    println!("model load         {:.3} s", load_s);
    println!("transcription      {:.3} s (mean of {runs})", transcribe_s);
    println!(
        "real-time factor   {:.3} ({:.1}x faster than real time)",
        transcribe_s / audio_s,
        audio_s / transcribe_s
    );
    println!(
        "metrics            {:.3} ms (energy + metrics, mean of {metric_runs})",
        metrics_ms
    );
    println!(
        "metrics + voice    {:.3} ms (all measures, mean of {voice_runs}; {:.2}% of transcription)",
        voice_ms,
        voice_ms / 10.0 / transcribe_s
    );
    println!(
        "voice at stop       {:.3} ms when followed while spoken ({:.3} ms to follow it, in \
         0.1 s steps)",
        stop.followed_ms, stop.follow_ms
    );
    println!(
        "16 kHz copy at stop {:.3} ms converted as captured, {:.3} ms converting the whole \
         take (from 48 kHz)",
        stop.streamed_ms, stop.whole_ms
    );
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory        {mb:.0} MB");
    }
    println!("words              {}", transcript.words.len());
    println!("transcript         {}", transcript.text);
    if let Some(reference) = &args.reference {
        println!(
            "word error rate    {:.1}%",
            word_error_rate(reference, &transcript.text) * 100.0
        );
    }
    if let Some(m) = metrics {
        println!("fillers (prompt)   {}", m.fillers.len());
    }
    if args.compare_prompt {
        let plain = TranscribeOptions {
            initial_prompt: None,
            ..options.clone()
        };
        let t2 = transcriber.transcribe(&clip.samples, &plain, None, None)?;
        let m2 = compute_metrics(&t2, audio_s, None, &settings);
        println!("fillers (no prompt) {}", m2.fillers.len());
        println!("transcript (no prompt) {}", t2.text);
        if let Some(reference) = &args.reference {
            println!(
                "WER (no prompt)    {:.1}%",
                word_error_rate(reference, &t2.text) * 100.0
            );
        }
    }
    Ok(())
}
