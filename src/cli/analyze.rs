//! `interview-coach analyze ANSWER.wav`.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};

use super::score::write_readable;
use crate::coaching::score_answer_with;
use crate::pipeline::{AnalyzeOptions, analyze_file};
use crate::report::render_text;
use crate::transcribe::{FILLER_LOGIT_BIAS, Transcriber, default_threads};

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
    /// Do not help Whisper write fillers (no filler prompt, no filler-token bias).
    #[arg(long)]
    pub no_filler_prompt: bool,
    /// Added to the logits of the " uh"/" um" tokens while decoding (0 turns the bias off;
    /// multilingual models never get it).
    #[arg(long, default_value_t = FILLER_LOGIT_BIAS)]
    pub filler_bias: f32,
}

/// Runs `analyze`.
pub fn run(args: &AnalyzeArgs) -> anyhow::Result<()> {
    let (name, path) = super::resolve_model(args.model.as_deref())?;
    // Resolve the question before the slow part, so a typo fails at once.
    let question = match &args.question {
        Some(id) => {
            let bank = super::score::load_bank(None)?;
            let Some(q) = bank.get(id) else {
                anyhow::bail!(
                    "there is no question with id '{id}'; `interview-coach questions` lists them"
                );
            };
            Some((q.clone(), bank.resolve(id)))
        }
        None => None,
    };
    let transcriber = Transcriber::load(&path)?;
    let mut options = AnalyzeOptions::default();
    options.transcribe.threads = args.threads;
    options.transcribe.filler_bias = args.filler_bias;
    if args.no_filler_prompt {
        options.transcribe.drop_filler_help();
    }
    if question.is_some() {
        options.meaning = super::score::meaning_or_note();
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
    if let Some((q, matched)) = &question {
        report.question_id = Some(q.id.clone());
        report.score = Some(score_answer_with(
            q,
            &report.transcript,
            Some(report.metrics.duration_s),
            &options.scoring(),
        ));
        if !args.json {
            print!("{}", render_text(&report));
            if let Some(score) = &report.score {
                println!();
                write_readable(&mut std::io::stdout().lock(), score, matched)?;
            }
            return Ok(());
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_text(&report));
    }
    Ok(())
}
