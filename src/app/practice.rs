//! The practice screen: pick a question, hear it, count down, record the answer with a timer,
//! level meter and live signal, or analyse a recorded file; mock interviews start here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use egui::RichText;

use super::jobs::Busy;
use super::mock::Mock;
use super::notices::Notices;
use super::settings::AppSettings;
use super::settings_screen::device_combo;
use crate::audio::capture::{AudioTap, CaptureEvent, InputWarning, Recorder, RecorderOptions};
use crate::audio::devices::{DeviceChoice, DeviceInfo};
use crate::audio::speech::{Speaking, speak_question};
use crate::bank::{Bank, Question};
use crate::sessions::{Attempt, Library};
use crate::transcribe::live::LiveInput;

/// A recording in progress, with what the UI shows about it.
struct LiveRecording {
    recorder: Recorder,
    question: Question,
    attempt_id: String,
    started: Instant,
    /// Set when the first real audio arrived (the "microphone live" signal).
    live_after_ms: Option<f64>,
    rms_db: f32,
    warning: Option<InputWarning>,
    lost: Option<String>,
    /// Where the end of the recording goes when it is transcribed while recorded.
    live: Option<Sender<LiveInput>>,
}

/// Where the practice screen is in answering a question.
enum Phase {
    /// Waiting for the user.
    Idle,
    /// The preparation countdown before recording starts.
    Preparing { until: Instant },
    /// Recording the answer.
    Recording(Box<LiveRecording>),
}

/// A finished recording, ready to be analysed.
pub(super) struct Answer {
    /// The question answered.
    pub(super) question: Question,
    /// The attempt's id (its folder).
    pub(super) attempt_id: String,
    /// The recording.
    pub(super) wav: PathBuf,
    /// What the attempt must say about its recording (only part of it reached the disk).
    pub(super) note: Option<String>,
    /// Set when the answer was transcribed while it was recorded: the end of the recording
    /// (all of it at 16 kHz, and the note) still has to be sent.
    pub(super) live: Option<(Sender<LiveInput>, Vec<f32>)>,
}

/// A recording that started.
pub(super) struct Started {
    /// The question being answered.
    pub(super) question: Question,
    /// The attempt's id.
    pub(super) attempt_id: String,
    /// The recording being written.
    pub(super) wav: PathBuf,
}

/// How pressing Record went.
pub(super) enum StartOutcome {
    /// Recording.
    Started(Box<Started>),
    /// The microphone could not be opened (the device list should be read again).
    MicFailed,
    /// Nothing to record (no question, no library); the reason is in the notices.
    NotStarted,
}

/// What the practice screen asked the app for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum PracticeAction {
    /// Install the model chosen in the settings.
    InstallModel,
    /// Analyse a recording file for the selected question.
    AnalyzeFile(PathBuf),
    /// Record was pressed: count down, or record at once.
    BeginAnswer,
    /// Start recording now.
    StartRecording,
    /// Stop recording and analyse.
    StopRecording,
    /// The chosen microphone changed: save the settings.
    SaveSettings,
    /// List the sound devices again.
    RefreshDevices,
    /// Load the notes of this question (the screen shows them once the app hands them over).
    LoadNotes(String),
    /// Save the notes of a question.
    SaveNotes {
        /// The question's bank id.
        question_id: String,
        /// The notes (empty removes them).
        text: String,
    },
}

/// What the practice screen draws with, owned by the app.
pub(super) struct PracticeView<'a> {
    /// The question packs.
    pub(super) bank: &'a Bank,
    /// The user's attempts (to count earlier attempts at the question).
    pub(super) attempts: &'a [Attempt],
    /// The settings (the microphone picker changes them).
    pub(super) settings: &'a mut AppSettings,
    /// Microphones, when listed.
    pub(super) inputs: Option<&'a [DeviceInfo]>,
    /// Whether a model is there to analyse with.
    pub(super) has_model: bool,
    /// What the worker is doing.
    pub(super) busy: &'a Busy,
}

/// The practice screen's state.
pub(super) struct PracticeScreen {
    /// The pack whose questions are listed.
    pub(super) pack: String,
    /// The question being answered (its id).
    pub(super) selected: Option<String>,
    /// The path typed in "Or analyse a recorded answer".
    recording_path: String,
    phase: Phase,
    speaking: Option<Speaking>,
    mock: Option<Mock>,
    mock_random: bool,
    mock_count: usize,
    /// Why the microphone could not be opened, shown with a picker.
    mic_problem: Option<String>,
    notes: NotesDraft,
}

/// The notes of the selected question as the user edits them.
#[derive(Default)]
struct NotesDraft {
    /// The question they belong to; `None` until the first question is chosen.
    question_id: Option<String>,
    /// The text being edited.
    text: String,
    /// The text as saved, to know whether there is anything to save.
    saved: String,
}

impl PracticeScreen {
    /// The screen on the first pack, with `recording_path` in the path box (a recovered
    /// recording, or empty).
    pub(super) fn new(pack: String, recording_path: String) -> Self {
        Self {
            pack,
            selected: None,
            recording_path,
            phase: Phase::Idle,
            speaking: None,
            mock: None,
            mock_random: false,
            mock_count: 3,
            mic_problem: None,
            notes: NotesDraft::default(),
        }
    }

    /// Whether nothing is being prepared or recorded.
    pub(super) fn is_idle(&self) -> bool {
        matches!(self.phase, Phase::Idle)
    }

    /// The id of the mock interview in progress.
    pub(super) fn mock_id(&self) -> Option<String> {
        self.mock.as_ref().map(|m| m.id.clone())
    }

    /// Whether a mock interview is in progress.
    pub(super) fn in_mock(&self) -> bool {
        self.mock.is_some()
    }

    /// Records an analysed (`Some`) or failed (`None`) answer of the mock interview; returns the
    /// results when it was the last one.
    pub(super) fn mock_answer(&mut self, attempt: Option<Attempt>) -> Option<Vec<Attempt>> {
        let mock = self.mock.as_mut()?;
        match attempt {
            Some(a) => mock.done.push(a),
            // The question still counts as asked; its result is missing.
            None => mock.failed += 1,
        }
        if mock.complete() {
            self.mock.take().map(|m| m.done)
        } else {
            None
        }
    }

    /// What Space does now, if anything: record, start at once, or stop.
    pub(super) fn space_action(&self) -> Option<PracticeAction> {
        match self.phase {
            Phase::Idle if self.selected.is_some() => Some(PracticeAction::BeginAnswer),
            Phase::Preparing { .. } => Some(PracticeAction::StartRecording),
            Phase::Recording(_) => Some(PracticeAction::StopRecording),
            Phase::Idle => None,
        }
    }

    /// Record was pressed: counts down first if a preparation time is set; true when recording
    /// should start at once.
    pub(super) fn begin_answer(&mut self, prep_seconds: u32) -> bool {
        if prep_seconds > 0 {
            self.phase = Phase::Preparing {
                until: Instant::now() + Duration::from_secs(u64::from(prep_seconds)),
            };
            false
        } else {
            true
        }
    }

    /// Starts recording the selected question's answer into a new attempt folder. With `live`,
    /// the recording's pieces are also sent there as they arrive, to be transcribed at once.
    pub(super) fn start_recording(
        &mut self,
        bank: &Bank,
        library: Option<&Library>,
        input: &DeviceChoice,
        ctx: &egui::Context,
        live: Option<Sender<LiveInput>>,
        notices: &mut Notices,
    ) -> StartOutcome {
        self.phase = Phase::Idle;
        // The question's voice would be recorded too.
        self.speaking = None;
        let Some(question) = self
            .selected
            .as_deref()
            .and_then(|id| bank.get(id))
            .cloned()
        else {
            return StartOutcome::NotStarted;
        };
        let Some(library) = library_for_answer(library, notices) else {
            return StartOutcome::NotStarted;
        };
        let (attempt_id, wav) = match library.new_answer_path(&question.id) {
            Ok(v) => v,
            Err(e) => {
                notices.error(format!("Could not create a folder for the attempt: {e}"));
                return StartOutcome::NotStarted;
            }
        };
        let repaint = ctx.clone();
        let tap = live.clone().map(|tx| -> AudioTap {
            Arc::new(move |rate, samples: &[f32]| {
                // A send fails only when the worker gave up on this recording; the recording
                // itself goes on regardless.
                let _ = tx.send(LiveInput::Audio {
                    rate,
                    samples: samples.to_vec(),
                });
            })
        });
        let options = RecorderOptions {
            notify: Some(Arc::new(move || repaint.request_repaint())),
            tap,
        };
        match Recorder::start_with(input, &wav, options) {
            Ok(recorder) => {
                self.mic_problem = None;
                if let Some(f) = &recorder.info().fallback {
                    notices.info(f.to_string());
                }
                let started = Started {
                    question: question.clone(),
                    attempt_id: attempt_id.clone(),
                    wav,
                };
                self.phase = Phase::Recording(Box::new(LiveRecording {
                    recorder,
                    question,
                    attempt_id,
                    started: Instant::now(),
                    live_after_ms: None,
                    rms_db: -100.0,
                    warning: None,
                    lost: None,
                    live,
                }));
                StartOutcome::Started(Box::new(started))
            }
            Err(e) => {
                library.discard_unfinished(&attempt_id);
                // Shown on the practice screen, next to a microphone picker, instead of a
                // button that silently does nothing.
                self.mic_problem = Some(format!("Recording could not start: {e}"));
                StartOutcome::MicFailed
            }
        }
    }

    /// Stops the recording; returns it for analysis, and moves a mock interview on.
    pub(super) fn stop_recording(&mut self, notices: &mut Notices) -> Option<Answer> {
        let Phase::Recording(live) = std::mem::replace(&mut self.phase, Phase::Idle) else {
            return None;
        };
        let LiveRecording {
            recorder,
            question,
            attempt_id,
            live,
            ..
        } = *live;
        match recorder.stop() {
            Ok(rec) => {
                if let Some(lost) = &rec.device_lost {
                    notices.error(format!(
                        "{lost}. The {:.1} s recorded before that were kept.",
                        rec.duration_s
                    ));
                }
                // The analysis reads the file, so it covers what was saved: say how much that is,
                // here and in the attempt itself.
                let note = rec.write_error.as_ref().map(|w| {
                    format!(
                        "Only {:.1} s of the {:.1} s recorded could be saved ({w}); the analysis \
                         covers the saved part. Free some disk space before the next answer.",
                        rec.saved_s, rec.duration_s
                    )
                });
                if let Some(note) = &note {
                    notices.error(note.clone());
                }
                self.advance_mock();
                Some(Answer {
                    question,
                    attempt_id,
                    wav: rec.path,
                    note,
                    live: live.map(|tx| (tx, rec.samples_16k)),
                })
            }
            Err(e) => {
                notices.error(format!("The recording could not be finished: {e}"));
                None
            }
        }
    }

    /// Starts a mock interview over the current pack.
    fn start_mock(&mut self, bank: &Bank) {
        let mut ids: Vec<String> = bank
            .questions()
            .filter(|q| q.pack == self.pack)
            .map(|q| q.id.clone())
            .collect();
        if self.mock_random {
            fastrand::shuffle(&mut ids);
        }
        ids.truncate(self.mock_count.max(1));
        if ids.is_empty() {
            return;
        }
        self.selected = Some(ids[0].clone());
        self.mock = Some(Mock::new(ids));
    }

    /// Moves a mock interview to its next question after an answer.
    fn advance_mock(&mut self) {
        let Some(mock) = &mut self.mock else { return };
        mock.current += 1;
        match mock.questions.get(mock.current) {
            Some(next) => self.selected = Some(next.clone()),
            None => mock.all_answered = true,
        }
    }

    /// Applies capture events and the countdown; called every frame. Returns true when the
    /// countdown is over and recording should start.
    pub(super) fn tick(&mut self, ctx: &egui::Context) -> bool {
        let mut start = false;
        if let Phase::Preparing { until } = self.phase {
            if Instant::now() >= until {
                start = true;
            } else {
                ctx.request_repaint_after(Duration::from_millis(200));
            }
        }
        if let Phase::Recording(live) = &mut self.phase {
            while let Ok(e) = live.recorder.events().try_recv() {
                match e {
                    CaptureEvent::Live { latency_ms } => live.live_after_ms = Some(latency_ms),
                    CaptureEvent::Level { rms_db, .. } => live.rms_db = rms_db,
                    CaptureEvent::Warning(w) => live.warning = Some(w),
                    CaptureEvent::WarningCleared(_) => live.warning = None,
                    CaptureEvent::DeviceLost {
                        kept_seconds,
                        error,
                    } => {
                        live.lost = Some(format!(
                            "{error}. {kept_seconds:.1} s are kept; press Stop to analyse them."
                        ));
                    }
                    CaptureEvent::WriteFailed { message } => live.lost = Some(message),
                    CaptureEvent::Stopped { .. } => {}
                }
            }
            // Keep the timer moving even in a quiet room.
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        if self.speaking.as_ref().is_some_and(|s| !s.is_speaking()) {
            self.speaking = None;
        }
        if self.speaking.is_some() {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        start
    }

    fn play_question(
        &mut self,
        bank: &Bank,
        q: &Question,
        output: &DeviceChoice,
    ) -> Option<String> {
        let clip = bank.clip_path(q);
        match speak_question(&q.text, clip.as_deref(), output) {
            Ok(s) => {
                self.speaking = Some(s);
                None
            }
            Err(e) => Some(e.to_string()),
        }
    }

    /// Draws the screen; returns what the app must do. Problems with playing the question go to
    /// `notices`.
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        mut view: PracticeView<'_>,
        notices: &mut Notices,
    ) -> Vec<PracticeAction> {
        let mut actions = Vec::new();
        self.questions_panel(ui, view.bank);
        egui::CentralPanel::default().show(ui, |ui| {
            if !view.has_model {
                // First run: nothing can be analysed without a model, so offer it up front.
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new("No speech model is installed yet.").strong());
                    ui.label(format!(
                        "interview-coach transcribes on this computer. Install {} once (about 75 MB); your recordings never leave this machine.",
                        view.settings.model
                    ));
                    let installing = matches!(view.busy, Busy::Installing { .. });
                    if ui
                        .add_enabled(
                            !installing,
                            egui::Button::new(format!("Install {}", view.settings.model)),
                        )
                        .clicked()
                    {
                        actions.push(PracticeAction::InstallModel);
                    }
                });
                ui.add_space(8.0);
            }
            let Some(q) = self
                .selected
                .as_deref()
                .and_then(|id| view.bank.get(id))
                .cloned()
            else {
                ui.add_space(40.0);
                ui.vertical_centered(|ui| {
                    ui.label(RichText::new("Pick a question on the left to start.").size(18.0));
                });
                return;
            };
            ui.add_space(8.0);
            ui.label(RichText::new(&q.text).size(22.0).strong());
            let (lo, hi) = q.target_range();
            ui.label(format!("{} · aim for {lo:.0}-{hi:.0} seconds", q.category));
            if !q.tip.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new(format!("Tip: {}", q.tip)).italics());
            }
            ui.add_space(12.0);
            self.answer_controls(ui, &q, &mut view, notices, &mut actions);
            ui.add_space(10.0);
            self.notes_ui(ui, &q, &mut actions);
            ui.add_space(16.0);
            ui.separator();
            ui.label(RichText::new("Or analyse a recorded answer").strong());
            ui.label("Record your answer (WAV) and give its path here:");
            let busy = *view.busy != Busy::Idle || !self.is_idle();
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.recording_path)
                        .hint_text("/path/to/answer.wav")
                        .desired_width(420.0),
                );
                if ui
                    .add_enabled(
                        !busy && !self.recording_path.trim().is_empty(),
                        egui::Button::new("Analyse recording"),
                    )
                    .clicked()
                {
                    actions.push(PracticeAction::AnalyzeFile(PathBuf::from(
                        self.recording_path.trim(),
                    )));
                }
            });
            let past = view
                .attempts
                .iter()
                .filter(|a| a.question_id == q.id)
                .count();
            if past > 0 {
                ui.add_space(12.0);
                ui.label(format!("{past} earlier attempt(s) at this question."));
            }
        });
        actions
    }

    /// Shows the notes the app loaded for `question_id` (ignored when another question has been
    /// chosen since).
    pub(super) fn set_notes(&mut self, question_id: &str, text: Option<String>) {
        if self.notes.question_id.as_deref() == Some(question_id) {
            self.notes.text = text.unwrap_or_default();
            self.notes.saved = self.notes.text.clone();
        }
    }

    /// Records that the library now holds `text` as the notes of `question_id`.
    pub(super) fn notes_saved(&mut self, question_id: &str, text: String) {
        if self.notes.question_id.as_deref() == Some(question_id) {
            self.notes.saved = text;
        }
    }

    /// The notes attached to the question: written points the review checks each answer
    /// against. Asks the app to load them when the question changes.
    fn notes_ui(&mut self, ui: &mut egui::Ui, q: &Question, actions: &mut Vec<PracticeAction>) {
        if self.notes.question_id.as_deref() != Some(q.id.as_str()) {
            self.notes = NotesDraft {
                question_id: Some(q.id.clone()),
                ..NotesDraft::default()
            };
            actions.push(PracticeAction::LoadNotes(q.id.clone()));
        }
        let title = if self.notes.saved.trim().is_empty() {
            "Your notes for this question".to_string()
        } else {
            format!(
                "Your notes for this question ({} lines)",
                self.notes
                    .saved
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .count()
            )
        };
        egui::CollapsingHeader::new(title)
            .id_salt("question-notes")
            .show(ui, |ui| {
                ui.label(
                    "Write the points you want to make, one per line. The review says which points \
                     each answer covered, and warns when an answer follows the notes word for word.",
                );
                ui.add(
                    egui::TextEdit::multiline(&mut self.notes.text)
                        .hint_text("- what happened, in one sentence\n- what I changed\n- the result that shows it")
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                );
                let changed = self.notes.text != self.notes.saved;
                if ui
                    .add_enabled(changed, egui::Button::new("Save notes"))
                    .clicked()
                {
                    actions.push(PracticeAction::SaveNotes {
                        question_id: q.id.clone(),
                        text: self.notes.text.clone(),
                    });
                }
            });
    }

    /// The pack picker, the mock interview controls and the pack's questions.
    fn questions_panel(&mut self, ui: &mut egui::Ui, bank: &Bank) {
        let current_title = bank
            .packs()
            .iter()
            .find(|p| p.id == self.pack)
            .map(|p| p.title.clone())
            .unwrap_or_else(|| self.pack.clone());
        egui::Panel::left("questions")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ComboBox::from_label("Question pack")
                    .selected_text(current_title)
                    .show_ui(ui, |ui| {
                        for p in bank.packs() {
                            ui.selectable_value(&mut self.pack, p.id.clone(), &p.title);
                        }
                    });
                ui.horizontal(|ui| {
                    if self.mock.is_some() {
                        if ui.button("End mock interview").clicked() {
                            self.mock = None;
                        }
                    } else {
                        if ui
                            .button("Mock interview")
                            .on_hover_text("Answer several questions back to back; review them together at the end")
                            .clicked()
                        {
                            self.start_mock(bank);
                        }
                        let label = ui.label("questions:");
                        ui.add(egui::DragValue::new(&mut self.mock_count).range(1..=10))
                            .labelled_by(label.id);
                        ui.checkbox(&mut self.mock_random, "random order");
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for q in bank.questions().filter(|q| q.pack == self.pack) {
                        let selected = self.selected.as_deref() == Some(q.id.as_str());
                        if ui
                            .add(egui::Button::selectable(selected, &q.text).wrap())
                            .clicked()
                        {
                            self.selected = Some(q.id.clone());
                        }
                    }
                });
            });
    }

    /// Play the question, the countdown, Record/Stop with the timer, level meter and live
    /// signal. Nothing else competes for attention while the user speaks.
    fn answer_controls(
        &mut self,
        ui: &mut egui::Ui,
        q: &Question,
        view: &mut PracticeView<'_>,
        notices: &mut Notices,
        actions: &mut Vec<PracticeAction>,
    ) {
        let (lo, hi) = q.target_range();
        // In a mock interview the next answer can be recorded while earlier ones are analysed.
        let analysing = *view.busy != Busy::Idle && self.mock.is_none();
        if let Some(mock) = &self.mock {
            ui.label(RichText::new(mock.progress_text()).strong());
            if mock.all_answered {
                return;
            }
        }
        if self.is_idle() && self.mic_problem.is_some() {
            self.mic_problem_ui(ui, view, actions);
        }
        match &self.phase {
            Phase::Idle => {
                let mut play = false;
                ui.horizontal(|ui| {
                    if self.speaking.is_some() {
                        if ui.button("Stop the question").clicked() {
                            self.speaking = None;
                        }
                    } else if ui.button("Play question").clicked() {
                        play = true;
                    }
                    let record = ui
                        .add_enabled(
                            !analysing,
                            egui::Button::new(RichText::new("Record answer").strong()),
                        )
                        .on_hover_text("Space");
                    if record.clicked() {
                        actions.push(PracticeAction::BeginAnswer);
                    }
                    ui.label("(Space)");
                });
                if play {
                    let output = DeviceChoice::from_option(view.settings.output_device.as_deref());
                    if let Some(e) = self.play_question(view.bank, q, &output) {
                        notices.error(e);
                    }
                }
            }
            Phase::Preparing { until } => {
                let left = until.saturating_duration_since(Instant::now()).as_secs() + 1;
                ui.label(
                    RichText::new(format!(
                        "Think about your answer. Recording starts in {left} s."
                    ))
                    .size(18.0),
                );
                ui.horizontal(|ui| {
                    if ui.button("Start now").clicked() {
                        actions.push(PracticeAction::StartRecording);
                    }
                    if ui.button("Cancel").clicked() {
                        self.phase = Phase::Idle;
                    }
                });
            }
            Phase::Recording(live) => {
                recording_ui(ui, live, lo, hi);
                let stop = ui
                    .button(RichText::new("Stop").strong())
                    .on_hover_text("Space");
                if stop.clicked() {
                    actions.push(PracticeAction::StopRecording);
                }
            }
        }
    }

    /// The microphone problem with a picker right here, so the user can fix it and try again.
    fn mic_problem_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &mut PracticeView<'_>,
        actions: &mut Vec<PracticeAction>,
    ) {
        let Some(problem) = self.mic_problem.clone() else {
            return;
        };
        let Some(inputs) = view.inputs else {
            // The devices are listed after this frame; the picker shows in the next one.
            actions.push(PracticeAction::RefreshDevices);
            ui.ctx().request_repaint();
            return;
        };
        let before = view.settings.input_device.clone();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, problem);
            if inputs.is_empty() {
                ui.label("No microphone was found. Plug one in or allow this app to use it, then press Check again.");
            }
            device_combo(ui, "Microphone", inputs, &mut view.settings.input_device);
            if view.settings.input_device != before {
                actions.push(PracticeAction::SaveSettings);
            }
            if ui.button("Check again").clicked() {
                self.mic_problem = None;
                actions.push(PracticeAction::RefreshDevices);
            }
        });
    }
}

/// The recording's status, timer, level meter and warnings.
fn recording_ui(ui: &mut egui::Ui, live: &LiveRecording, lo: f64, hi: f64) {
    let elapsed = live.started.elapsed().as_secs_f64();
    let (status, color) = match live.live_after_ms {
        Some(_) => ("Microphone live", egui::Color32::from_rgb(40, 170, 80)),
        None => ("Opening the microphone…", ui.visuals().warn_fg_color),
    };
    ui.label(RichText::new(status).size(18.0).strong().color(color));
    let timer_color = if elapsed > hi {
        ui.visuals().error_fg_color
    } else {
        ui.visuals().text_color()
    };
    ui.label(
        RichText::new(format!(
            "{}:{:02}  (aim for {lo:.0}-{hi:.0} s)",
            (elapsed / 60.0) as u64,
            elapsed as u64 % 60
        ))
        .size(28.0)
        .color(timer_color),
    );
    let level = ((live.rms_db + 60.0) / 60.0).clamp(0.0, 1.0);
    ui.add(
        egui::ProgressBar::new(level)
            .desired_width(300.0)
            .text("level"),
    );
    match live.warning {
        Some(InputWarning::Silent) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "No sound is coming in: is the right microphone chosen and unmuted?",
            );
        }
        Some(InputWarning::Clipping) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Too loud: move back from the microphone or lower its gain.",
            );
        }
        None => {}
    }
    if let Some(lost) = &live.lost {
        ui.colored_label(ui.visuals().error_fg_color, lost);
    }
}

/// The library a new answer is saved in, or a notice saying why there is none.
pub(super) fn library_for_answer<'a>(
    library: Option<&'a Library>,
    notices: &mut Notices,
) -> Option<&'a Library> {
    if library.is_none() {
        notices.error(
            "Your attempts cannot be opened (see the message above), so this answer cannot be saved.",
        );
    }
    library
}

/// Repairs answers whose recording was cut off by a crash or kill and offers them for analysis,
/// so nothing recorded is silently lost; returns the last recovered recording's path.
pub(super) fn recover_interrupted(data_dir: &Path, notices: &mut Notices) -> Option<String> {
    let mut recovered = None;
    for dir in Library::unfinished_dirs(data_dir) {
        for result in crate::audio::recovery::recover_dir(&dir) {
            match result {
                Ok(r) if r.frames > 0 => {
                    notices.info(format!(
                        "An answer was interrupted before it was analysed; {:.1} s were recovered in {}. Pick its question and press Analyse recording.",
                        r.duration_s,
                        r.path.display()
                    ));
                    recovered = Some(r.path.display().to_string());
                }
                Ok(_) => {}
                Err((path, e)) => notices.error(format!(
                    "An interrupted recording could not be repaired ({e}); it is at {}.",
                    path.display()
                )),
            }
        }
    }
    recovered
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> (Bank, PracticeScreen) {
        let (bank, _) = Bank::bundled();
        let pack = bank.questions().next().unwrap().pack.clone();
        (bank, PracticeScreen::new(pack, String::new()))
    }

    #[test]
    fn space_records_only_once_a_question_is_chosen() {
        let (bank, mut p) = screen();
        assert_eq!(p.space_action(), None);
        let first = bank.questions().next().unwrap().id.clone();
        p.selected = Some(first);
        assert_eq!(p.space_action(), Some(PracticeAction::BeginAnswer));
        assert!(p.begin_answer(0), "no preparation time: record at once");
        assert!(!p.begin_answer(5), "a countdown first");
        assert_eq!(p.space_action(), Some(PracticeAction::StartRecording));
        assert!(!p.is_idle());
    }

    #[test]
    fn a_mock_interview_ends_when_every_answer_is_back() {
        let (bank, mut p) = screen();
        p.mock_count = 2;
        p.start_mock(&bank);
        assert!(p.in_mock());
        let first = p.selected.clone();
        assert!(first.is_some());
        p.advance_mock();
        assert_ne!(p.selected, first, "the second question is asked");
        assert_eq!(p.mock_answer(None), None, "a question is still to be asked");
        p.advance_mock();
        assert!(p.in_mock(), "all asked, one answer still being analysed");
        assert_eq!(p.mock_answer(None), Some(Vec::new()));
        assert!(!p.in_mock());
    }
}
