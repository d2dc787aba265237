//! The command line: `interview-coach analyze | score | sessions | models | bench`.
//!
//! This is glue: it parses arguments, calls the library and prints. Errors are shown with their
//! whole chain (`{:#}`) and exit with status 1; nothing panics on bad input.

mod analyze;
pub mod audio_cmd;
mod bench;
mod bench_live;
mod models_cmd;
pub mod score;
pub mod sessions_cmd;
pub(crate) mod terminal;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::models::ModelError;
use crate::models::manifest::Manifest;
use crate::models::store;

/// Rehearse interview answers out loud and get private, on-device feedback.
#[derive(Debug, Parser)]
#[command(name = "interview-coach", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command the practice window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Transcribe a recorded answer and report pace, fillers and pauses.
    Analyze(analyze::AnalyzeArgs),
    /// Score a typed answer (or a JSONL batch) against the own-it / contextualize-it / move-on
    /// pattern or the question's rubric.
    Score(score::ScoreArgs),
    /// List the question bank: ids, categories and target lengths.
    Questions {
        /// Also load packs from this directory.
        #[arg(long)]
        packs: Option<PathBuf>,
    },
    /// Install, import, list or remove Whisper models.
    Models {
        /// The model action.
        #[command(subcommand)]
        action: models_cmd::ModelsAction,
    },
    /// List microphones and speakers.
    Devices(audio_cmd::DevicesArgs),
    /// Record from the microphone into a WAV file until Enter or --seconds, showing the level.
    Record(audio_cmd::RecordArgs),
    /// Play a WAV file.
    Play(audio_cmd::PlayArgs),
    /// Drive the window through practice, review and history and save a screenshot of each
    /// (for checking what users see; used by the tests under a virtual display).
    #[command(hide = true)]
    Tour {
        /// Folder for practice.png, review.png and history.png.
        #[arg(long)]
        out: PathBuf,
        /// Recording to analyse.
        #[arg(long)]
        recording: PathBuf,
        /// Question id it answers.
        #[arg(long, default_value = "step1-fail")]
        question: String,
        /// Model file to use.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Keep, share and review attempts: list, export, import, report, delete, and the coach's
    /// comments, scores and feedback files.
    Sessions(sessions_cmd::SessionsArgs),
    /// Measure transcription speed, model load time, memory and metric cost on a recording.
    Bench(bench::BenchArgs),
}

/// Parses the command line, runs it and turns errors into a message and exit status 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return match crate::app::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!(
                    "error: could not open the window: {e}. On a machine without a display, use \
                     the command line (`interview-coach --help`)."
                );
                ExitCode::FAILURE
            }
        };
    };
    let result = match command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Models { action } => models_cmd::run(&action),
        Command::Bench(args) => bench::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Sessions(args) => sessions_cmd::run(&args),
        Command::Tour {
            out,
            recording,
            question,
            model,
        } => {
            let mut paths = crate::app::AppPaths::from_env();
            paths.model_override = model;
            let plan = crate::app::tour::TourPlan {
                out_dir: out,
                recording,
                question_id: question,
            };
            crate::app::run_with(paths, Some(plan))
                .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
        }
        Command::Devices(args) => audio_cmd::devices(&args),
        Command::Record(args) => audio_cmd::record(&args),
        Command::Play(args) => audio_cmd::play(&args),
        Command::Questions { packs } => list_questions(packs.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            terminal::say_err!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Finds the model file for `--model` (a manifest name, a file name or a path), or says how to
/// install it.
pub(crate) fn resolve_model(name: Option<&str>) -> anyhow::Result<(String, PathBuf)> {
    let manifest = Manifest::builtin().context("the built-in model manifest is damaged")?;
    let name = name.unwrap_or(&manifest.default).to_string();
    match store::locate(&manifest, &name) {
        Some(path) => Ok((name, path)),
        None => Err(ModelError::NotInstalled { name }.into()),
    }
}

/// Prints the question bank, grouped by pack.
fn list_questions(packs: Option<&std::path::Path>) -> anyhow::Result<()> {
    let bank = score::load_bank(packs)?;
    let mut current = String::new();
    for q in bank.questions() {
        if q.pack != current {
            terminal::say!("\n[{}]", q.pack);
            current = q.pack.clone();
        }
        let (lo, hi) = q.target_range();
        terminal::say!("  {:<28} {:>3.0}-{:<3.0}s  {}", q.id, lo, hi, q.text);
    }
    Ok(())
}
