//! Answering: recording an answer (transcribed while it is spoken when a model is installed),
//! and sending recordings and stored attempts to the worker for analysis.

use std::path::PathBuf;

use super::CoachApp;
use super::jobs::{Analysis, Recorded};
use super::practice::{StartOutcome, library_for_answer};
use crate::audio::devices::DeviceChoice;
use crate::bank::Question;
use crate::sessions::Attempt;
use crate::transcribe::live::LiveInput;

impl CoachApp {
    pub(super) fn selected_question(&self) -> Option<Question> {
        self.practice
            .selected
            .as_deref()
            .and_then(|id| self.bank.get(id))
            .cloned()
    }

    /// Analyses an existing recording file for the selected question (the attempt keeps its own
    /// copy, so later edits to the source never change history).
    pub(super) fn analyze_recording(&mut self, source: PathBuf) {
        let Some(question) = self.selected_question() else {
            self.notices.error("Pick a question first.");
            return;
        };
        if !source.is_file() {
            self.notices.error(format!(
                "{} does not exist or is not a file.",
                source.display()
            ));
            return;
        }
        let Some(library) = library_for_answer(self.attempts.library(), &mut self.notices) else {
            return;
        };
        match library.new_attempt_from_recording(&question.id, &source) {
            Ok((id, wav)) => self.start_analysis(question, id, wav, None),
            Err(e) => self
                .notices
                .error(format!("Could not copy {}: {e}", source.display())),
        }
    }

    /// Sends a recording to the worker for transcription and scoring.
    pub(super) fn start_analysis(
        &mut self,
        question: Question,
        attempt_id: String,
        wav: PathBuf,
        note: Option<String>,
    ) {
        let no_model = format!(
            "The recording is saved at {}, but no speech model is installed yet. Install one in Settings, then analyse it from there.",
            wav.display()
        );
        let mock_id = self.practice.mock_id();
        self.send_analysis(no_model, |model| Analysis {
            answer: Recorded {
                wav,
                question,
                attempt_id,
                model,
                mock_id,
            },
            existing: None,
            note,
        });
    }

    /// Transcribes and scores a stored attempt again; the stored result is replaced only when
    /// the new one is complete.
    pub(super) fn reanalyse(&mut self, attempt: &Attempt) {
        let Some(wav) = attempt.recording.clone().filter(|p| p.is_file()) else {
            self.notices
                .error("This attempt has no recording to analyse again.");
            return;
        };
        let question = self
            .bank
            .get(&attempt.question_id)
            .cloned()
            .unwrap_or_else(|| {
                Question::for_rubric(
                    attempt
                        .report
                        .score
                        .as_ref()
                        .map_or(crate::bank::Rubric::OwnIt, |s| s.rubric),
                    &attempt.question_text,
                )
            });
        let no_model = "No speech model is installed; install one in Settings first.".to_string();
        self.send_analysis(no_model, |model| Analysis {
            answer: Recorded {
                wav,
                question,
                attempt_id: attempt.id.clone(),
                model,
                mock_id: attempt.mock_id.clone(),
            },
            existing: Some(attempt.clone()),
            note: None,
        });
    }

    /// Sends the analysis `with_model` makes for the chosen model file to the worker, or says
    /// `no_model` when no model is installed.
    pub(super) fn send_analysis(
        &mut self,
        no_model: String,
        with_model: impl FnOnce(PathBuf) -> Analysis,
    ) {
        match self.model_file.clone() {
            Some(model) => self
                .jobs
                .analyze(with_model(model), &self.settings, &mut self.notices),
            None => self.notices.error(no_model),
        }
    }

    /// Starts recording; with a model installed the answer is transcribed while it is spoken.
    pub(super) fn start_recording(&mut self) {
        let input = DeviceChoice::from_option(self.settings.input_device.as_deref());
        let (tx, rx) = std::sync::mpsc::channel();
        let live = self.model_file.is_some().then_some(tx);
        let outcome = self.practice.start_recording(
            &self.bank,
            self.attempts.library(),
            &input,
            &self.ctx,
            live,
            &mut self.notices,
        );
        match outcome {
            StartOutcome::Started(started) => {
                if let Some(model) = self.model_file.clone() {
                    let mock_id = self.practice.mock_id();
                    let answer = Recorded {
                        wav: started.wav,
                        question: started.question,
                        attempt_id: started.attempt_id,
                        model,
                        mock_id,
                    };
                    self.jobs
                        .listen(answer, rx, &self.settings, &mut self.notices);
                }
            }
            // The picker beside the problem lists what is there now.
            StartOutcome::MicFailed => self.devices = None,
            StartOutcome::NotStarted => {}
        }
    }

    /// Stops recording: the live transcription finishes what is left, or, without one, the
    /// recording is analysed in one run.
    pub(super) fn stop_recording(&mut self) {
        let Some(answer) = self.practice.stop_recording(&mut self.notices) else {
            return;
        };
        if let Some((tx, samples_16k)) = answer.live {
            let stop = LiveInput::Stop {
                samples_16k,
                warnings: answer.note.iter().cloned().collect(),
            };
            if tx.send(stop).is_ok() {
                self.jobs.live_stopped();
                return;
            }
        }
        self.start_analysis(answer.question, answer.attempt_id, answer.wav, answer.note);
    }
}
