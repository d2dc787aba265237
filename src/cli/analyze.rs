//! `interview-coach analyze ANSWER.wav`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::{AnalyzeOptions, analyze_file};
use crate::report::render_text;
use crate::transcribe::{Transcriber, default_threads};

/// Arguments of `analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The recorded answer (WAV: 8/16/24/32-bit PCM or 32-bit float, any rate, mono or stereo).
    pub file: PathBuf,
    /// The question answered (a question id from the bank), to score the answer against it.
    #[arg(long)]
    pub question: Option<String>,
    /// Print the report as JSON (the stable format described in README.md).
    #[arg(long)]
    pub json: bool,
    /// Model name (see `interview-coach models list`) or path to a ggml file.
    #[arg(long)]
    pub model: Option<String>,
    /// CPU threads for transcription.
    #[arg(long, default_value_t = default_threads())]
    pub threads: usize,
    /// Do not use the filler-preserving initial prompt.
    #[arg(long)]
    pub no_filler_prompt: bool,
}

/// Runs `analyze`.
pub fn run(args: &AnalyzeArgs) -> anyhow::Result<()> {
    let (name, path) = super::resolve_model(args.model.as_deref())?;
    let transcriber = Transcriber::load(&path)?;
    let mut options = AnalyzeOptions::default();
    options.transcribe.threads = args.threads;
    if args.no_filler_prompt {
        options.transcribe.initial_prompt = None;
    }
    // A progress bar on the terminal only when a person is watching (not under --json).
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(100);
        b.set_style(
            ProgressStyle::with_template("transcribing {bar:30} {pos}%")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    };
    let cb_bar = bar.clone();
    let (mut report, _times) = analyze_file(
        &args.file,
        &name,
        &transcriber,
        &options,
        Some(Box::new(move |p| {
            cb_bar.set_position(p.clamp(0, 100) as u64)
        })),
    )
    .with_context(|| format!("could not analyse {}", args.file.display()))?;
    bar.finish_and_clear();
    report.question_id = args.question.clone();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_text(&report));
    }
    Ok(())
}
