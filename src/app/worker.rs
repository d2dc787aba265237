//! The background worker: model loading, transcription, scoring and model installs run here, on a
//! named thread, so the window never freezes. It talks to the UI over channels and asks egui to
//! repaint after every message.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::bank::Question;
use crate::coaching::meaning::MeaningHandle;
use crate::models::ModelError;
use crate::models::install::{InstallEvent, InstallOptions, install};
use crate::models::manifest::Manifest;
use crate::pipeline::{AnalyzeOptions, PipelineError, analyze_file, report_from_live};
use crate::report::AnalysisReport;
use crate::sessions::Attempt;
use crate::transcribe::live::{LiveError, LiveEvent, LiveInput, LiveOutcome, transcribe_live};
use crate::transcribe::{TranscribeError, Transcriber};

/// Why a job failed; shown to the user after "The analysis failed:" or "The model could not be
/// installed:".
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The speech model could not be loaded.
    #[error(transparent)]
    Load(#[from] TranscribeError),
    /// Decoding, transcribing or measuring the recording failed.
    #[error(transparent)]
    Analyze(#[from] PipelineError),
    /// The model is not loaded (loading reported no error, which should not happen).
    #[error("the speech model is not loaded")]
    NotLoaded,
    /// The built-in model list could not be read.
    #[error("the built-in model list is damaged: {0}")]
    Manifest(#[from] toml::de::Error),
    /// Installing the model failed (boxed: model errors are large and rare).
    #[error(transparent)]
    Install(Box<ModelError>),
    /// Transcribing while recording failed.
    #[error(transparent)]
    Live(#[from] LiveError),
}

impl From<ModelError> for WorkerError {
    fn from(e: ModelError) -> Self {
        Self::Install(Box::new(e))
    }
}

/// A recorded answer to transcribe, measure and score.
#[derive(Debug)]
pub struct AnswerJob {
    /// The recording (in the attempt folder).
    pub wav: PathBuf,
    /// The question answered.
    pub question: Box<Question>,
    /// Attempt id and folder from the store.
    pub attempt_id: String,
    /// Model file to use.
    pub model: PathBuf,
    /// Model name for the report.
    pub model_name: String,
    /// Delivery thresholds, and through them the scorer's.
    pub options: AnalyzeOptions,
    /// The mock interview the answer belongs to.
    pub mock_id: Option<String>,
}

/// Work for the worker.
// A handful of jobs per minute go through the channel, so the size difference between the
// variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Job {
    /// Transcribe, measure and score a recording, and save it as an attempt.
    Analyze {
        /// The answer.
        answer: AnswerJob,
        /// When re-analysing a stored attempt: that attempt, whose identity (uid, date, mock)
        /// the new result keeps. Its stored result stays until the new one is saved.
        existing: Option<Box<Attempt>>,
        /// A warning for the attempt's report (a recording only partly saved).
        note: Option<String>,
    },
    /// Transcribe a recording while it is being made, then measure and score it like
    /// [`Job::Analyze`]. The audio and the stop arrive on `audio`.
    Live {
        /// The answer being recorded.
        answer: AnswerJob,
        /// The pieces of the recording, then its end.
        audio: Receiver<LiveInput>,
    },
    /// Install a model by manifest name into `dir`.
    Install {
        /// Model name.
        name: String,
        /// Destination folder.
        dir: PathBuf,
    },
}

/// What the worker reports.
#[derive(Debug)]
pub enum WorkerEvent {
    /// Progress of the current analysis: a stage name and 0-1 when known.
    Progress(String, Option<f32>),
    /// An analysis finished (the attempt is not saved yet: the app saves it).
    Analyzed(Result<Box<Attempt>, WorkerError>),
    /// Progress of a model install.
    Install(InstallEvent),
    /// A model install finished.
    Installed(Result<PathBuf, WorkerError>),
    /// Live transcription moved on.
    Live(LiveEvent),
    /// A live job ended because its recording was abandoned (the window already said why).
    Abandoned,
}

/// Handle to the worker thread.
pub struct Worker {
    jobs: Sender<Job>,
    events: Receiver<WorkerEvent>,
    cancel: Arc<AtomicBool>,
}

impl Worker {
    /// Starts the worker thread. `repaint` is called after each event (egui's `request_repaint`).
    pub fn spawn(repaint: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (jobs, job_rx) = channel::<Job>();
        let (event_tx, events) = channel::<WorkerEvent>();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::Builder::new()
            .name("coach-worker".into())
            .spawn(move || worker_loop(&job_rx, &event_tx, &repaint, &flag))?;
        Ok(Self {
            jobs,
            events,
            cancel,
        })
    }

    /// Queues a job. Returns false if the worker has stopped (it never should).
    pub fn send(&self, job: Job) -> bool {
        self.cancel.store(false, Ordering::Relaxed);
        self.jobs.send(job).is_ok()
    }

    /// Asks the running job to stop (installs keep their partial download).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Events that arrived since the last call.
    pub fn poll(&self) -> Vec<WorkerEvent> {
        self.events.try_iter().collect()
    }
}

fn worker_loop(
    jobs: &Receiver<Job>,
    events: &Sender<WorkerEvent>,
    repaint: &dyn Fn(),
    cancel: &Arc<AtomicBool>,
) {
    // The loaded model is kept between jobs: loading costs ~0.1-0.2 s and memory churn.
    let mut loaded: Option<Transcriber> = None;
    let send = |e: WorkerEvent| {
        let _ = events.send(e);
        repaint();
    };
    while let Ok(job) = jobs.recv() {
        match job {
            Job::Analyze {
                answer,
                existing,
                note,
            } => {
                let result = analyze(
                    &answer,
                    &mut loaded,
                    &|stage, f| send(WorkerEvent::Progress(stage.to_string(), f)),
                    events,
                    repaint,
                )
                .map(|mut a| {
                    a.report.warnings.extend(note);
                    if let Some(old) = existing {
                        a.uid = old.uid;
                        a.id = old.id;
                        a.created_unix = old.created_unix;
                        a.mock_id = old.mock_id;
                        a.student = old.student;
                    }
                    a
                });
                send(WorkerEvent::Analyzed(result.map(Box::new)));
            }
            Job::Live { answer, audio } => {
                let result = listen_live(&audio, &answer, &mut loaded, &send).map(
                    |(outcome, transcriber)| {
                        send(WorkerEvent::Progress("Scoring".into(), Some(1.0)));
                        let report = report_from_live(
                            &answer.wav,
                            &answer.model_name,
                            transcriber,
                            outcome,
                            &answer.options,
                        );
                        Box::new(scored(&answer, report, events))
                    },
                );
                match result {
                    Err(WorkerError::Live(LiveError::Abandoned)) => send(WorkerEvent::Abandoned),
                    other => send(WorkerEvent::Analyzed(other)),
                }
            }
            Job::Install { name, dir } => {
                let result = Manifest::builtin()
                    .map_err(WorkerError::from)
                    .and_then(|m| {
                        let entry = m.find(&name).cloned().ok_or_else(|| ModelError::Unknown {
                            name: name.clone(),
                            choices: m.names().join(", "),
                        })?;
                        Ok(install(
                            &entry,
                            &dir,
                            &InstallOptions::default(),
                            &mut |e| send(WorkerEvent::Install(e)),
                            cancel,
                        )?)
                    });
                send(WorkerEvent::Installed(result));
            }
        }
    }
}

/// Loads the model if needed and transcribes the recording arriving on `audio` as it comes.
/// Returns the outcome and the transcriber used.
fn listen_live<'a>(
    audio: &Receiver<LiveInput>,
    answer: &AnswerJob,
    loaded: &'a mut Option<Transcriber>,
    send: &dyn Fn(WorkerEvent),
) -> Result<(LiveOutcome, &'a Transcriber), WorkerError> {
    if loaded.as_ref().is_none_or(|t| t.path() != answer.model) {
        // Loaded while the user speaks, so it costs nothing after Stop; a failure is reported
        // when it happens, and the recording goes on being saved.
        *loaded = Some(Transcriber::load(&answer.model)?);
    }
    let Some(transcriber) = loaded.as_ref() else {
        return Err(WorkerError::NotLoaded);
    };
    // The scorer's model too is loaded while the user speaks, not after Stop.
    let _ = crate::meaning::shared();
    let outcome = transcribe_live(transcriber, &answer.options.transcribe, audio, &mut |e| {
        if let LiveEvent::Finishing { .. } = e {
            send(WorkerEvent::Progress(
                "Finishing the transcript".into(),
                None,
            ));
        }
        send(WorkerEvent::Live(e));
    })?;
    Ok((outcome, transcriber))
}

/// Whether the "meaning model not installed" note was shown this run.
static MEANING_NOTE_SHOWN: AtomicBool = AtomicBool::new(false);

/// The scorer's meaning model: loaded once, here on the worker thread; without it the rules
/// score alone, and the user is told once why and how to install it.
fn meaning(events: &Sender<WorkerEvent>) -> MeaningHandle {
    let (meaning, missing) = crate::meaning::shared();
    if let Some(note) = missing
        && !MEANING_NOTE_SHOWN.swap(true, Ordering::Relaxed)
    {
        let _ = events.send(WorkerEvent::Install(InstallEvent::Note(note.clone())));
    }
    meaning.clone()
}

/// The attempt for `answer` with `report`, scored against its question.
fn scored(answer: &AnswerJob, report: AnalysisReport, events: &Sender<WorkerEvent>) -> Attempt {
    let options = AnalyzeOptions {
        meaning: meaning(events),
        ..answer.options.clone()
    };
    let mut attempt = Attempt::scored_with(
        answer.attempt_id.clone(),
        &answer.question,
        report,
        Some(answer.wav.clone()),
        &options.scoring(),
    );
    attempt.mock_id = answer.mock_id.clone();
    attempt
}

fn analyze(
    answer: &AnswerJob,
    loaded: &mut Option<Transcriber>,
    stage: &dyn Fn(&str, Option<f32>),
    events: &Sender<WorkerEvent>,
    repaint: &dyn Fn(),
) -> Result<Attempt, WorkerError> {
    if loaded.as_ref().is_none_or(|t| t.path() != answer.model) {
        stage("Loading the speech model", None);
        *loaded = Some(Transcriber::load(&answer.model)?);
    }
    let Some(transcriber) = loaded.as_ref() else {
        return Err(WorkerError::NotLoaded);
    };
    stage("Transcribing", Some(0.0));
    // whisper.cpp calls back on its own thread: the callback only forwards the percentage.
    let tx = events.clone();
    let progress: Box<dyn FnMut(i32)> = Box::new(move |p| {
        let _ = tx.send(WorkerEvent::Progress(
            "Transcribing".into(),
            Some(p.clamp(0, 100) as f32 / 100.0),
        ));
    });
    let (report, _) = analyze_file(
        &answer.wav,
        &answer.model_name,
        transcriber,
        &answer.options,
        Some(progress),
    )?;
    repaint();
    stage("Scoring", Some(1.0));
    Ok(scored(answer, report, events))
}
