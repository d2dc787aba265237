//! The window's side of the worker: sending jobs, following their progress, and the busy line
//! under the top bar (stage, elapsed time, progress bar, Cancel for installs).

use std::path::PathBuf;

use super::notices::Notices;
use super::settings::AppSettings;
use std::sync::mpsc::Receiver;

use super::worker::{AnswerJob, Job, Worker, WorkerError, WorkerEvent};
use crate::bank::Question;
use crate::models::install::InstallEvent;
use crate::pipeline::AnalyzeOptions;
use crate::sessions::Attempt;
use crate::transcribe::TranscribeOptions;
use crate::transcribe::live::{LiveEvent, LiveInput};

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
    /// Transcribing an answer while it is recorded.
    Listening {
        /// How far behind the voice the last piece's text appeared (seconds).
        behind_s: f64,
    },
    /// Installing a model.
    Installing {
        /// The step, for people.
        step: String,
        /// 0-1 when known.
        fraction: Option<f32>,
    },
}

/// An answer's recording and what it answers.
pub(super) struct Recorded {
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
}

impl Recorded {
    /// The worker's job for this answer with the model name and thresholds of `settings`.
    fn job(self, settings: &AppSettings) -> AnswerJob {
        AnswerJob {
            wav: self.wav,
            question: Box::new(self.question),
            attempt_id: self.attempt_id,
            model: self.model,
            model_name: settings.model.clone(),
            options: AnalyzeOptions {
                transcribe: transcribe_options(settings),
                metrics: settings.metrics.clone(),
                // The worker loads the meaning model and puts it here.
                ..AnalyzeOptions::default()
            },
            mock_id: self.mock_id,
        }
    }
}

/// A recording to analyse.
pub(super) struct Analysis {
    /// The answer.
    pub(super) answer: Recorded,
    /// When re-analysing: the stored attempt, whose identity the new result keeps.
    pub(super) existing: Option<Attempt>,
    /// A warning the attempt's report must carry (a recording only partly saved).
    pub(super) note: Option<String>,
}

/// Live transcription further behind than this (seconds) is shown, so the user knows the rest
/// will be finished after Stop.
pub(super) const BEHIND_SHOWN_S: f64 = 5.0;

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
    /// Jobs sent and not finished: answers of a mock interview queue behind each other.
    pending: usize,
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
            pending: 0,
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
            answer: a.answer.job(settings),
            existing: a.existing.map(Box::new),
            note: a.note,
        };
        let busy = Busy::Analyzing {
            stage: "Starting".into(),
            fraction: None,
        };
        self.send(job, busy, notices);
    }

    /// Transcribes a recording while it is made, then scores it like [`Jobs::analyze`].
    /// The recording's pieces and its end arrive on `audio`.
    pub(super) fn listen(
        &mut self,
        answer: Recorded,
        audio: Receiver<LiveInput>,
        settings: &AppSettings,
        notices: &mut Notices,
    ) {
        let job = Job::Live {
            answer: answer.job(settings),
            audio,
        };
        let busy = if self.pending == 0 {
            Busy::Listening { behind_s: 0.0 }
        } else {
            // An earlier answer is still being analysed; its progress stays on show.
            self.busy.clone()
        };
        self.send(job, busy, notices);
    }

    /// The recording heard live has stopped: what is left is being finished.
    pub(super) fn live_stopped(&mut self) {
        if matches!(self.busy, Busy::Listening { .. }) {
            self.busy = Busy::Analyzing {
                stage: "Finishing the transcript".into(),
                fraction: None,
            };
        }
        self.since = std::time::Instant::now();
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
            self.pending += 1;
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
                    self.job_done();
                    finished.push(Finished::Analyzed(result));
                }
                WorkerEvent::Live(LiveEvent::Progress { behind_s, .. }) => {
                    self.busy = Busy::Listening { behind_s };
                }
                WorkerEvent::Live(LiveEvent::Finishing { .. }) => {}
                WorkerEvent::Abandoned => self.job_done(),
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
                    self.job_done();
                    finished.push(Finished::Installed(result));
                }
            }
        }
        finished
    }

    /// One job finished: idle when it was the last.
    fn job_done(&mut self) {
        self.pending = self.pending.saturating_sub(1);
        if self.pending == 0 {
            self.busy = Busy::Idle;
        }
    }

    /// What the worker is doing, with a progress bar and, for installs, Cancel.
    pub(super) fn ui(&self, ui: &mut egui::Ui) {
        let (stage, fraction) = match &self.busy {
            Busy::Idle => return,
            // While the user speaks nothing distracts them, unless the transcript fell behind.
            Busy::Listening { behind_s } => {
                if *behind_s > BEHIND_SHOWN_S {
                    ui.label(format!(
                        "Transcription is {behind_s:.0} s behind your voice; the rest will be \
                         finished after you stop."
                    ));
                }
                return;
            }
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
    let mut options = TranscribeOptions {
        threads: settings.threads,
        ..TranscribeOptions::default()
    };
    if !settings.filler_prompt {
        options.drop_filler_help();
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filler_setting_turns_the_prompt_and_the_bias_on_and_off_together() {
        let mut settings = AppSettings::default();
        let on = transcribe_options(&settings);
        assert_eq!(
            on.initial_prompt.as_deref(),
            Some(crate::transcribe::FILLER_PROMPT)
        );
        assert_eq!(on.filler_bias, crate::transcribe::FILLER_LOGIT_BIAS);
        settings.filler_prompt = false;
        let off = transcribe_options(&settings);
        assert_eq!(off.initial_prompt, None);
        assert_eq!(off.filler_bias, 0.0);
        assert_eq!(off.threads, settings.threads);
    }
}
