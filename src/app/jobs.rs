//! The window's side of the worker: sending jobs, following their progress, and the busy line
//! under the top bar (stage, elapsed time, progress bar, Cancel for installs).

use std::path::PathBuf;

use super::notices::Notices;
use super::settings::AppSettings;
use super::worker::{Job, Worker, WorkerError, WorkerEvent};
use crate::bank::Question;
use crate::models::install::InstallEvent;
use crate::sessions::Attempt;
use crate::transcribe::TranscribeOptions;

/// What the worker is doing, as the UI shows it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Busy {
    /// Nothing.
    Idle,
    /// Analysing a recording.
    Analyzing {
        /// The stage, for people.
        stage: String,
        /// 0-1 when known.
        fraction: Option<f32>,
    },
    /// Installing a model.
    Installing {
        /// The step, for people.
        step: String,
        /// 0-1 when known.
        fraction: Option<f32>,
    },
}

/// A recording to analyse.
pub(super) struct Analysis {
    /// The recording (in its attempt folder).
    pub(super) wav: PathBuf,
    /// The question answered.
    pub(super) question: Question,
    /// The attempt's id.
    pub(super) attempt_id: String,
    /// The model file.
    pub(super) model: PathBuf,
    /// The mock interview the answer belongs to.
    pub(super) mock_id: Option<String>,
    /// When re-analysing: the stored attempt, whose identity the new result keeps.
    pub(super) existing: Option<Attempt>,
    /// A warning the attempt's report must carry (a recording only partly saved).
    pub(super) note: Option<String>,
}

/// A job that finished.
pub(super) enum Finished {
    /// An analysis (the attempt is not saved yet).
    Analyzed(Result<Box<Attempt>, WorkerError>),
    /// A model install, with the installed file.
    Installed(Result<PathBuf, WorkerError>),
}

/// The worker thread and what it is doing.
pub(super) struct Jobs {
    worker: Option<Worker>,
    busy: Busy,
    /// When the current job was sent, for the elapsed time on the busy line.
    since: std::time::Instant,
}

impl Jobs {
    /// Starts the worker, which asks `ctx` for a frame after each message.
    pub(super) fn start(ctx: &egui::Context, notices: &mut Notices) -> Self {
        let repaint = ctx.clone();
        let worker = match Worker::spawn(move || repaint.request_repaint()) {
            Ok(w) => Some(w),
            Err(e) => {
                notices.error(format!("Could not start the background worker: {e}"));
                None
            }
        };
        Self {
            worker,
            busy: Busy::Idle,
            since: std::time::Instant::now(),
        }
    }

    /// What the worker is doing.
    pub(super) fn busy(&self) -> &Busy {
        &self.busy
    }

    /// Whether the worker is doing nothing.
    pub(super) fn is_idle(&self) -> bool {
        self.busy == Busy::Idle
    }

    /// Whether a model is being installed.
    pub(super) fn installing(&self) -> bool {
        matches!(self.busy, Busy::Installing { .. })
    }

    /// Transcribes and scores a recording with the models and thresholds of `settings`.
    pub(super) fn analyze(&mut self, a: Analysis, settings: &AppSettings, notices: &mut Notices) {
        let job = Job::Analyze {
            wav: a.wav,
            question: Box::new(a.question),
            attempt_id: a.attempt_id,
            model: a.model,
            model_name: settings.model.clone(),
            metrics: settings.metrics.clone(),
            transcribe: transcribe_options(settings),
            mock_id: a.mock_id,
            existing: a.existing.map(Box::new),
            note: a.note,
        };
        let busy = Busy::Analyzing {
            stage: "Starting".into(),
            fraction: None,
        };
        self.send(job, busy, notices);
    }

    /// Installs a model by name into `dir`.
    pub(super) fn install(&mut self, name: String, dir: PathBuf, notices: &mut Notices) {
        let busy = Busy::Installing {
            step: "Starting".into(),
            fraction: None,
        };
        self.send(Job::Install { name, dir }, busy, notices);
    }

    /// Hands a job to the worker and shows it as busy, or says why it cannot run.
    fn send(&mut self, job: Job, busy: Busy, notices: &mut Notices) {
        if self.worker.as_ref().is_some_and(|w| w.send(job)) {
            self.busy = busy;
            self.since = std::time::Instant::now();
        } else {
            notices.error("The background worker is not running; restart the app.");
        }
    }

    /// Takes the worker's messages: progress is shown here, install notes become notices, and
    /// finished jobs are returned for the app to apply.
    pub(super) fn poll(&mut self, notices: &mut Notices) -> Vec<Finished> {
        let Some(worker) = &self.worker else {
            return Vec::new();
        };
        let mut finished = Vec::new();
        for event in worker.poll() {
            match event {
                WorkerEvent::Progress(stage, fraction) => {
                    self.busy = Busy::Analyzing { stage, fraction };
                }
                WorkerEvent::Analyzed(result) => {
                    self.busy = Busy::Idle;
                    finished.push(Finished::Analyzed(result));
                }
                WorkerEvent::Install(e) => match e {
                    InstallEvent::Step(s) => {
                        self.busy = Busy::Installing {
                            step: s,
                            fraction: None,
                        }
                    }
                    InstallEvent::Bytes { done, total } => {
                        if let Busy::Installing { fraction, .. } = &mut self.busy {
                            *fraction = total.map(|t| done as f32 / t.max(1) as f32);
                        }
                    }
                    InstallEvent::Fraction(f) => {
                        if let Busy::Installing { fraction, .. } = &mut self.busy {
                            *fraction = Some(f);
                        }
                    }
                    InstallEvent::Note(n) => notices.info(n),
                },
                WorkerEvent::Installed(result) => {
                    self.busy = Busy::Idle;
                    finished.push(Finished::Installed(result));
                }
            }
        }
        finished
    }

    /// What the worker is doing, with a progress bar and, for installs, Cancel.
    pub(super) fn ui(&self, ui: &mut egui::Ui) {
        let (stage, fraction) = match &self.busy {
            Busy::Idle => return,
            Busy::Analyzing { stage, fraction }
            | Busy::Installing {
                step: stage,
                fraction,
            } => (stage, *fraction),
        };
        ui.horizontal(|ui| {
            // No spinner: egui's spinner asks for a frame every frame, and where the window is
            // drawn in software (VMs, remote desktops, no GL driver) that continuous repaint
            // competed with Whisper for the CPU. The elapsed time, redrawn once a second, shows
            // the work is alive; the worker's progress messages wake the window too.
            let elapsed = self.since.elapsed().as_secs();
            ui.label(format!("{stage} ({elapsed} s)"));
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
            if let Some(f) = fraction {
                ui.add(
                    egui::ProgressBar::new(f)
                        .show_percentage()
                        .desired_width(240.0),
                );
            }
            if self.installing()
                && ui.button("Cancel").clicked()
                && let Some(w) = &self.worker
            {
                w.cancel();
            }
        });
    }
}

/// Recogniser options from the settings.
fn transcribe_options(settings: &AppSettings) -> TranscribeOptions {
    TranscribeOptions {
        threads: settings.threads,
        initial_prompt: settings
            .filler_prompt
            .then(|| crate::transcribe::FILLER_PROMPT.to_string()),
        ..TranscribeOptions::default()
    }
}
