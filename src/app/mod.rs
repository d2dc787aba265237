//! The desktop app: practice, review and progress in an egui window.
//!
//! Screens render and return what the user asked for; [`CoachApp`] applies it after drawing
//! (the "screens render, the app decides" shape from the style notes). Everything slow runs on
//! the [`worker::Worker`] thread; the window only repaints when something changed (input, a
//! worker message), so it is idle when nothing is happening.

pub mod files;
pub mod review;
pub mod sessions_ui;
pub mod settings;
pub mod tour;
pub mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{Key, RichText};

use self::review::ReviewScreen;
use self::settings::AppSettings;
use self::worker::{Job, Worker, WorkerEvent};
use crate::audio::capture::{CaptureEvent, InputWarning, Recorder, RecorderOptions};
use crate::audio::devices::{DeviceChoice, DeviceInfo, Direction, list_devices};
use crate::audio::speech::{Speaking, speak_question};
use crate::bank::{Bank, Question};
use crate::models::install::InstallEvent;
use crate::models::store as model_store;
use crate::sessions::library::Who;
use crate::sessions::{Attempt, Library, utc_datetime};
use crate::transcribe::TranscribeOptions;

/// Where the app keeps its files. Tests point this at a temporary folder.
#[derive(Debug, Clone)]
pub struct AppPaths {
    /// Settings, attempts and coach packs live here.
    pub data_dir: PathBuf,
    /// A model file to use instead of looking one up by name (tests, portable installs).
    pub model_override: Option<PathBuf>,
    /// A folder to look for and install models in, instead of the usual places.
    pub models_dir: Option<PathBuf>,
}

impl AppPaths {
    /// The user's data directory (`~/.local/share/interview-coach` on Linux).
    pub fn from_env() -> Self {
        Self {
            data_dir: model_store::data_dir().unwrap_or_else(|| PathBuf::from(".interview-coach")),
            model_override: None,
            models_dir: None,
        }
    }
}

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Pick a question and answer it.
    Practice,
    /// Scores, transcript and timeline of one attempt.
    Review,
    /// All attempts and trends.
    History,
    /// Devices, model and thresholds.
    Settings,
    /// Students' imported attempts, for coaches.
    Coach,
}

/// What the worker is doing, as the UI shows it.
#[derive(Debug, Clone, PartialEq)]
enum Busy {
    Idle,
    Analyzing {
        stage: String,
        fraction: Option<f32>,
    },
    Installing {
        step: String,
        fraction: Option<f32>,
    },
}

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

/// A mock interview: questions answered back to back, reviewed together at the end.
struct Mock {
    /// Shared by the mock's attempts, so they can be exported and reported together.
    id: String,
    /// Question ids in the order they are asked.
    questions: Vec<String>,
    /// Index of the question being answered.
    current: usize,
    /// Analysed attempts, in the order they came back.
    done: Vec<Attempt>,
    /// Analyses that failed (each was reported to the user).
    failed: usize,
    /// Every question has been answered (analyses may still be running).
    all_answered: bool,
}

impl Mock {
    /// Every answer has come back from the worker, analysed or failed.
    fn complete(&self) -> bool {
        self.all_answered && self.done.len() + self.failed >= self.questions.len()
    }
}

/// The application state.
pub struct CoachApp {
    paths: AppPaths,
    settings: AppSettings,
    bank: Bank,
    /// The attempt library; `None` when it could not be opened (the reason is in `messages`).
    library: Option<Library>,
    attempts: Vec<Attempt>,
    worker: Option<Worker>,
    screen: Screen,
    pack: String,
    selected: Option<String>,
    recording_path: String,
    review: Option<ReviewScreen>,
    busy: Busy,
    phase: Phase,
    speaking: Option<Speaking>,
    /// Devices listed on the settings screen (listing probes the sound system, so it is done on
    /// demand, not every frame).
    devices: Option<(Vec<DeviceInfo>, Vec<DeviceInfo>)>,
    ctx: egui::Context,
    tour: Option<tour::Tour>,
    mock: Option<Mock>,
    /// Results of the last finished mock interview, shown on the review screen.
    mock_results: Option<Vec<Attempt>>,
    mock_random: bool,
    mock_count: usize,
    /// Why the microphone could not be opened, shown on the practice screen with a picker.
    mic_problem: Option<String>,
    /// The model list, parsed once.
    manifest: crate::models::manifest::Manifest,
    /// Installed models and the file of the chosen one, found on disk by `refresh_models` (at
    /// start, after an install or removal, and when the choice changes), never per frame.
    installed: Vec<model_store::InstalledModel>,
    model_file: Option<PathBuf>,
    /// Messages for the user: errors and notes, newest last; each can be dismissed.
    messages: Vec<(bool, String)>,
    /// History selection, export/import fields and the coach view.
    sharing: sessions_ui::SharingState,
}

impl CoachApp {
    /// Builds the app: loads settings, question packs and past attempts, and starts the worker.
    pub fn new(ctx: &egui::Context, paths: AppPaths) -> Self {
        let mut messages = Vec::new();
        let (settings, warning) = AppSettings::load(&paths.data_dir.join("settings.json"));
        ctx.set_theme(settings.theme_preference());
        if let Some(w) = warning {
            messages.push((true, w));
        }
        let (mut bank, errors) = Bank::bundled();
        let user_packs = paths.data_dir.join("prompts");
        let mut pack_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
        if user_packs.is_dir() {
            pack_errors.extend(bank.load_dir(&user_packs).iter().map(ToString::to_string));
        }
        for e in pack_errors {
            messages.push((true, format!("A question pack could not be loaded: {e}")));
        }
        let manifest = crate::models::manifest::Manifest::builtin().unwrap_or_else(|e| {
            messages.push((true, format!("The built-in model list is damaged: {e}")));
            crate::models::manifest::Manifest {
                default: "tiny.en".into(),
                models: Vec::new(),
            }
        });
        let (library, attempts) = match Library::open(&paths.data_dir) {
            Ok((lib, problems)) => {
                for p in problems {
                    messages.push((true, format!("An attempt could not be read: {p}")));
                }
                let attempts = match lib.list(&Who::Own, None) {
                    Ok((list, problems)) => {
                        for p in problems {
                            messages.push((true, format!("An attempt could not be read: {p}")));
                        }
                        list
                    }
                    Err(e) => {
                        messages.push((true, format!("Past attempts could not be listed: {e}")));
                        Vec::new()
                    }
                };
                (Some(lib), attempts)
            }
            Err(e) => {
                messages.push((
                    true,
                    format!("Your attempts cannot be opened, so new ones will not be saved: {e}"),
                ));
                (None, Vec::new())
            }
        };
        let attempts_dir = paths.data_dir.join("attempts");
        let repaint_ctx = ctx.clone();
        let worker = match Worker::spawn(move || repaint_ctx.request_repaint()) {
            Ok(w) => Some(w),
            Err(e) => {
                messages.push((true, format!("Could not start the background worker: {e}")));
                None
            }
        };
        let pack = bank
            .questions()
            .next()
            .map(|q| q.pack.clone())
            .unwrap_or_default();
        // Answers whose recording was cut off by a crash or kill: repair them and offer them for
        // analysis, so nothing recorded is silently lost.
        let mut recovered = None;
        for dir in std::fs::read_dir(&attempts_dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            .filter(|d| d.is_dir() && !d.join("attempt.json").exists())
        {
            for result in crate::audio::recovery::recover_dir(&dir) {
                match result {
                    Ok(r) if r.frames > 0 => {
                        messages.push((
                            false,
                            format!(
                                "An answer was interrupted before it was analysed; {:.1} s were recovered in {}. Pick its question and press Analyse recording.",
                                r.duration_s,
                                r.path.display()
                            ),
                        ));
                        recovered = Some(r.path.display().to_string());
                    }
                    Ok(_) => {}
                    Err((path, e)) => messages.push((
                        true,
                        format!(
                            "An interrupted recording could not be repaired ({e}); it is at {}.",
                            path.display()
                        ),
                    )),
                }
            }
        }
        let mut app = Self {
            paths,
            settings,
            bank,
            library,
            attempts,
            worker,
            screen: Screen::Practice,
            pack,
            selected: None,
            recording_path: recovered.unwrap_or_default(),
            review: None,
            busy: Busy::Idle,
            phase: Phase::Idle,
            speaking: None,
            devices: None,
            ctx: ctx.clone(),
            tour: None,
            mock: None,
            mock_results: None,
            mock_random: false,
            mock_count: 3,
            mic_problem: None,
            manifest,
            installed: Vec::new(),
            model_file: None,
            messages,
            sharing: sessions_ui::SharingState::default(),
        };
        app.refresh_models();
        app
    }

    /// The screen on show (for tests).
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The attempt on the review screen, if any (for tests).
    pub fn reviewed(&self) -> Option<&Attempt> {
        self.review.as_ref().map(ReviewScreen::attempt)
    }

    /// The saved settings (for tests).
    pub fn settings(&self) -> &AppSettings {
        &self.settings
    }

    fn model_path(&self) -> Option<PathBuf> {
        self.model_file.clone()
    }

    /// Looks on disk for the installed models and the chosen one's file.
    fn refresh_models(&mut self) {
        match &self.paths.models_dir {
            Some(dir) => {
                self.installed = self
                    .manifest
                    .models
                    .iter()
                    .map(|e| (e, dir.join(&e.file)))
                    .filter(|(_, p)| p.is_file())
                    .map(|(e, path)| model_store::InstalledModel {
                        name: e.name.clone(),
                        size: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
                        provenance: model_store::Provenance::load(&path),
                        path,
                    })
                    .collect();
            }
            None => self.installed = model_store::installed(&self.manifest),
        }
        self.model_file = self.paths.model_override.clone().or_else(|| {
            self.installed
                .iter()
                .find(|m| m.name == self.settings.model)
                .map(|m| m.path.clone())
        });
    }

    fn save_settings(&mut self) {
        if let Err(e) = self
            .settings
            .save(&self.paths.data_dir.join("settings.json"))
        {
            self.messages
                .push((true, format!("Could not save settings: {e}")));
        }
    }

    fn question(&self, id: &str) -> Option<&Question> {
        self.bank.get(id)
    }

    /// Analyses an existing recording file for the selected question (the attempt keeps its own
    /// copy, so later edits to the source never change history).
    fn analyze_recording(&mut self, source: PathBuf) {
        let Some(question) = self
            .selected
            .as_deref()
            .and_then(|id| self.question(id))
            .cloned()
        else {
            self.messages.push((true, "Pick a question first.".into()));
            return;
        };
        if !source.is_file() {
            self.messages.push((
                true,
                format!("{} does not exist or is not a file.", source.display()),
            ));
            return;
        }
        let Some((id, dir)) = self.new_attempt_dir(&question.id) else {
            return;
        };
        let wav = dir.join("answer.wav");
        if let Err(e) = std::fs::copy(&source, &wav) {
            self.messages
                .push((true, format!("Could not copy {}: {e}", source.display())));
            return;
        }
        self.start_analysis(question, id, wav);
    }

    fn new_attempt_dir(&mut self, question_id: &str) -> Option<(String, PathBuf)> {
        let Some(library) = &self.library else {
            self.messages.push((
                true,
                "Your attempts cannot be opened (see the message above), so this answer cannot be saved."
                    .into(),
            ));
            return None;
        };
        match library.new_attempt_dir(question_id) {
            Ok(v) => Some(v),
            Err(e) => {
                self.messages.push((
                    true,
                    format!("Could not create a folder for the attempt: {e}"),
                ));
                None
            }
        }
    }

    /// Sends a recording to the worker for transcription and scoring.
    fn start_analysis(&mut self, question: Question, attempt_id: String, wav: PathBuf) {
        let Some(model) = self.model_path() else {
            self.messages.push((
                true,
                format!(
                    "The recording is saved at {}, but no speech model is installed yet. Install one in Settings, then analyse it from there.",
                    wav.display()
                ),
            ));
            return;
        };
        let transcribe = self.transcribe_options();
        let job = Job::Analyze {
            wav,
            question: Box::new(question),
            attempt_id,
            model,
            model_name: self.settings.model.clone(),
            metrics: self.settings.metrics.clone(),
            transcribe,
            mock_id: self.mock.as_ref().map(|m| m.id.clone()),
            existing: None,
        };
        self.send_job(
            job,
            Busy::Analyzing {
                stage: "Starting".into(),
                fraction: None,
            },
        );
    }

    /// Recogniser options from the settings.
    fn transcribe_options(&self) -> TranscribeOptions {
        TranscribeOptions {
            threads: self.settings.threads,
            initial_prompt: self
                .settings
                .filler_prompt
                .then(|| crate::transcribe::FILLER_PROMPT.to_string()),
            ..TranscribeOptions::default()
        }
    }

    /// Record was pressed: count down first if a preparation time is set.
    fn begin_answer(&mut self) {
        if self.settings.prep_seconds > 0 {
            self.phase = Phase::Preparing {
                until: Instant::now() + Duration::from_secs(u64::from(self.settings.prep_seconds)),
            };
        } else {
            self.start_recording();
        }
    }

    fn start_recording(&mut self) {
        self.phase = Phase::Idle;
        // The question's voice would be recorded too.
        self.speaking = None;
        let Some(question) = self
            .selected
            .as_deref()
            .and_then(|id| self.question(id))
            .cloned()
        else {
            return;
        };
        let Some((attempt_id, dir)) = self.new_attempt_dir(&question.id) else {
            return;
        };
        let choice = DeviceChoice::from_option(self.settings.input_device.as_deref());
        let ctx = self.ctx.clone();
        let options = RecorderOptions {
            notify: Some(Arc::new(move || ctx.request_repaint())),
        };
        match Recorder::start_with(&choice, &dir.join("answer.wav"), options) {
            Ok(recorder) => {
                self.mic_problem = None;
                if let Some(f) = &recorder.info().fallback {
                    self.messages.push((false, f.to_string()));
                }
                self.phase = Phase::Recording(Box::new(LiveRecording {
                    recorder,
                    question,
                    attempt_id,
                    started: Instant::now(),
                    live_after_ms: None,
                    rms_db: -100.0,
                    warning: None,
                    lost: None,
                }));
            }
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                // Shown on the practice screen, next to a microphone picker, instead of a
                // button that silently does nothing.
                self.mic_problem = Some(format!("Recording could not start: {e}"));
                self.devices = None;
            }
        }
    }

    fn stop_recording(&mut self) {
        let Phase::Recording(live) = std::mem::replace(&mut self.phase, Phase::Idle) else {
            return;
        };
        let LiveRecording {
            recorder,
            question,
            attempt_id,
            ..
        } = *live;
        match recorder.stop() {
            Ok(rec) => {
                if let Some(lost) = &rec.device_lost {
                    self.messages.push((
                        true,
                        format!(
                            "{lost}. The {:.1} s recorded before that were kept.",
                            rec.duration_s
                        ),
                    ));
                }
                if let Some(w) = &rec.write_error {
                    self.messages
                        .push((true, format!("Writing the recording failed: {w}")));
                }
                self.start_analysis(question, attempt_id, rec.path);
                self.advance_mock();
            }
            Err(e) => self
                .messages
                .push((true, format!("The recording could not be finished: {e}"))),
        }
    }

    /// Starts a mock interview over the current pack.
    fn start_mock(&mut self) {
        let mut ids: Vec<String> = self
            .bank
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
        self.mock_results = None;
        self.mock = Some(Mock {
            id: crate::sessions::new_uid(),
            questions: ids,
            current: 0,
            done: Vec::new(),
            failed: 0,
            all_answered: false,
        });
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

    /// Applies capture events and the countdown; called every frame.
    fn tick_recording(&mut self) {
        if let Phase::Preparing { until } = self.phase {
            if Instant::now() >= until {
                self.start_recording();
            } else {
                self.ctx.request_repaint_after(Duration::from_millis(200));
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
            self.ctx.request_repaint_after(Duration::from_millis(250));
        }
        if self.speaking.as_ref().is_some_and(|s| !s.is_speaking()) {
            self.speaking = None;
        }
        if self.speaking.is_some() {
            self.ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    fn play_question(&mut self, q: &Question) {
        let clip = self.bank.clip_path(q);
        let output = DeviceChoice::from_option(self.settings.output_device.as_deref());
        match speak_question(&q.text, clip.as_deref(), &output) {
            Ok(s) => self.speaking = Some(s),
            Err(e) => self.messages.push((true, e.to_string())),
        }
    }

    fn install_model(&mut self) {
        let name = self.settings.model.clone();
        self.install_named(name);
    }

    fn install_named(&mut self, name: String) {
        let dir = self
            .paths
            .models_dir
            .clone()
            .unwrap_or_else(model_store::install_dir);
        let job = Job::Install { name, dir };
        self.send_job(
            job,
            Busy::Installing {
                step: "Starting".into(),
                fraction: None,
            },
        );
    }

    /// Hands a job to the worker and shows it as busy, or says why it cannot run.
    fn send_job(&mut self, job: Job, busy: Busy) {
        if self.worker.as_ref().is_some_and(|w| w.send(job)) {
            self.busy = busy;
        } else {
            self.messages.push((
                true,
                "The background worker is not running; restart the app.".into(),
            ));
        }
    }

    fn poll_worker(&mut self) {
        let Some(worker) = &self.worker else { return };
        for event in worker.poll() {
            match event {
                WorkerEvent::Progress(stage, fraction) => {
                    self.busy = Busy::Analyzing { stage, fraction };
                }
                WorkerEvent::Analyzed(Ok(mut attempt)) => {
                    self.busy = Busy::Idle;
                    if let Some(library) = &mut self.library
                        && let Err(e) = library.save(&mut attempt)
                    {
                        self.messages
                            .push((true, format!("The attempt could not be saved: {e}")));
                    }
                    let previous = self
                        .attempts
                        .iter()
                        .rev()
                        .find(|a| a.question_id == attempt.question_id && a.uid != attempt.uid)
                        .cloned();
                    // A re-analysis replaces the attempt it was made from; a new answer is added.
                    match self.attempts.iter_mut().find(|a| a.uid == attempt.uid) {
                        Some(slot) => *slot = (*attempt).clone(),
                        None => self.attempts.push((*attempt).clone()),
                    }
                    // The history search is cached; the new result may match it.
                    self.sharing.filtered_for = None;
                    if let Some(mock) = &mut self.mock {
                        // In a mock interview answers are reviewed together at the end.
                        mock.done.push((*attempt).clone());
                        if mock.complete() {
                            self.mock_results = self.mock.take().map(|m| m.done);
                            self.review = None;
                            self.screen = Screen::Review;
                        }
                    } else {
                        self.open_review(*attempt, previous);
                    }
                }
                WorkerEvent::Analyzed(Err(e)) => {
                    self.busy = Busy::Idle;
                    if let Some(mock) = &mut self.mock {
                        // The question still counts as asked; its result is missing.
                        mock.failed += 1;
                        if mock.complete() {
                            self.mock_results = self.mock.take().map(|m| m.done);
                            self.screen = Screen::Review;
                        }
                    }
                    self.messages
                        .push((true, format!("The analysis failed: {e}")));
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
                    InstallEvent::Note(n) => self.messages.push((false, n)),
                },
                WorkerEvent::Installed(result) => {
                    self.busy = Busy::Idle;
                    self.refresh_models();
                    match result {
                        Ok(p) => self
                            .messages
                            .push((false, format!("Model installed: {}", p.display()))),
                        Err(e) => self
                            .messages
                            .push((true, format!("The model could not be installed: {e}"))),
                    }
                }
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        // Space records and stops, unless the user is typing in a text field.
        let space = !ctx.egui_wants_keyboard_input() && ctx.input(|i| i.key_pressed(Key::Space));
        let can_record = self.busy == Busy::Idle || self.mock.is_some();
        if space && self.screen == Screen::Practice && can_record {
            match self.phase {
                Phase::Idle if self.selected.is_some() => self.begin_answer(),
                Phase::Preparing { .. } => self.start_recording(),
                Phase::Recording(_) => self.stop_recording(),
                Phase::Idle => {}
            }
        }
        let (mods, keys) = ctx.input(|i| {
            (
                i.modifiers,
                [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5].map(|k| i.key_pressed(k)),
            )
        });
        if mods.command {
            let screens = [
                Screen::Practice,
                Screen::Review,
                Screen::History,
                Screen::Settings,
                Screen::Coach,
            ];
            for (pressed, screen) in keys.iter().zip(screens) {
                if *pressed && (screen != Screen::Review || self.review.is_some()) {
                    self.screen = screen;
                }
            }
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading("interview-coach");
            ui.add_space(16.0);
            for (screen, label, key) in [
                (Screen::Practice, "Practice", "Ctrl+1"),
                (Screen::Review, "Review", "Ctrl+2"),
                (Screen::History, "History", "Ctrl+3"),
                (Screen::Settings, "Settings", "Ctrl+4"),
                (Screen::Coach, "Coach", "Ctrl+5"),
            ] {
                let enabled = screen != Screen::Review
                    || self.review.is_some()
                    || self.mock_results.is_some();
                let r = ui
                    .add_enabled(
                        enabled,
                        egui::Button::selectable(self.screen == screen, label),
                    )
                    .on_hover_text(key);
                if r.clicked() {
                    self.screen = screen;
                }
            }
        });
    }

    fn status_area(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        for (i, (is_error, text)) in self.messages.iter().enumerate() {
            ui.horizontal(|ui| {
                let color = if *is_error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(text).color(color));
                if ui.small_button("Dismiss").clicked() {
                    dismiss = Some(i);
                }
            });
        }
        if let Some(i) = dismiss {
            self.messages.remove(i);
        }
        match &self.busy {
            Busy::Idle => {}
            Busy::Analyzing { stage, fraction }
            | Busy::Installing {
                step: stage,
                fraction,
            } => {
                let stage = stage.clone();
                let fraction = *fraction;
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(&stage);
                    if let Some(f) = fraction {
                        ui.add(
                            egui::ProgressBar::new(f)
                                .show_percentage()
                                .desired_width(240.0),
                        );
                    }
                    if matches!(self.busy, Busy::Installing { .. })
                        && ui.button("Cancel").clicked()
                        && let Some(w) = &self.worker
                    {
                        w.cancel();
                    }
                });
            }
        }
    }

    fn practice_ui(&mut self, ui: &mut egui::Ui) {
        // (id, title) of each pack, in bank order.
        let packs: Vec<(String, String)> = self
            .bank
            .packs()
            .iter()
            .map(|p| (p.id.clone(), p.title.clone()))
            .collect();
        let current_title = packs
            .iter()
            .find(|(id, _)| *id == self.pack)
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| self.pack.clone());
        egui::Panel::left("questions")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                egui::ComboBox::from_label("Question pack")
                    .selected_text(current_title)
                    .show_ui(ui, |ui| {
                        for (id, title) in &packs {
                            ui.selectable_value(&mut self.pack, id.clone(), title);
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
                            self.start_mock();
                        }
                        let label = ui.label("questions:");
                        ui.add(egui::DragValue::new(&mut self.mock_count).range(1..=10))
                            .labelled_by(label.id);
                        ui.checkbox(&mut self.mock_random, "random order");
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let questions: Vec<(String, String)> = self
                        .bank
                        .questions()
                        .filter(|q| q.pack == self.pack)
                        .map(|q| (q.id.clone(), q.text.clone()))
                        .collect();
                    for (id, text) in questions {
                        let selected = self.selected.as_deref() == Some(id.as_str());
                        if ui
                            .add(egui::Button::selectable(selected, &text).wrap())
                            .clicked()
                        {
                            self.selected = Some(id);
                        }
                    }
                });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            if self.model_path().is_none() {
                // First run: nothing can be analysed without a model, so offer it up front.
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new("No speech model is installed yet.").strong());
                    ui.label(format!(
                        "interview-coach transcribes on this computer. Install {} once (about 75 MB); your recordings never leave this machine.",
                        self.settings.model
                    ));
                    let installing = matches!(self.busy, Busy::Installing { .. });
                    if ui
                        .add_enabled(
                            !installing,
                            egui::Button::new(format!("Install {}", self.settings.model)),
                        )
                        .clicked()
                    {
                        self.install_model();
                    }
                });
                ui.add_space(8.0);
            }
            let Some(q) = self
                .selected
                .as_deref()
                .and_then(|id| self.question(id))
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
            self.answer_controls(ui, &q);
            ui.add_space(16.0);
            ui.separator();
            ui.label(RichText::new("Or analyse a recorded answer").strong());
            ui.label("Record your answer (WAV) and give its path here:");
            let busy = self.busy != Busy::Idle || !matches!(self.phase, Phase::Idle);
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
                    let path = PathBuf::from(self.recording_path.trim());
                    self.analyze_recording(path);
                }
            });
            let past: Vec<&Attempt> = self
                .attempts
                .iter()
                .filter(|a| a.question_id == q.id)
                .collect();
            if !past.is_empty() {
                ui.add_space(12.0);
                ui.label(format!(
                    "{} earlier attempt(s) at this question.",
                    past.len()
                ));
            }
        });
    }

    /// Play the question, the countdown, Record/Stop with the timer, level meter and live signal.
    /// Nothing else competes for attention while the user speaks.
    fn answer_controls(&mut self, ui: &mut egui::Ui, q: &Question) {
        let (lo, hi) = q.target_range();
        // In a mock interview the next answer can be recorded while earlier ones are analysed.
        let analysing = self.busy != Busy::Idle && self.mock.is_none();
        if let Some(mock) = &self.mock {
            let text = if mock.all_answered {
                format!(
                    "Mock interview: all {} answered; analysing ({} of {} done)…",
                    mock.questions.len(),
                    mock.done.len(),
                    mock.questions.len()
                )
            } else {
                format!(
                    "Mock interview: question {} of {}",
                    mock.current + 1,
                    mock.questions.len()
                )
            };
            ui.label(RichText::new(text).strong());
            if mock.all_answered {
                return;
            }
        }
        if matches!(self.phase, Phase::Idle) && self.mic_problem.is_some() {
            self.mic_problem_ui(ui);
        }
        match &self.phase {
            Phase::Idle => {
                ui.horizontal(|ui| {
                    if self.speaking.is_some() {
                        if ui.button("Stop the question").clicked() {
                            self.speaking = None;
                        }
                    } else if ui.button("Play question").clicked() {
                        self.play_question(q);
                    }
                    let record = ui
                        .add_enabled(
                            !analysing,
                            egui::Button::new(RichText::new("Record answer").strong()),
                        )
                        .on_hover_text("Space");
                    if record.clicked() {
                        self.begin_answer();
                    }
                    ui.label("(Space)");
                });
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
                        self.start_recording();
                    }
                    if ui.button("Cancel").clicked() {
                        self.phase = Phase::Idle;
                    }
                });
            }
            Phase::Recording(live) => {
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
                let stop = ui
                    .button(RichText::new("Stop").strong())
                    .on_hover_text("Space");
                if stop.clicked() {
                    self.stop_recording();
                }
            }
        }
    }

    /// Lists microphones and speakers again (probing the sound system, so only on demand).
    fn refresh_devices(&mut self) {
        let inputs = list_devices(Direction::Input).unwrap_or_default();
        let outputs = list_devices(Direction::Output).unwrap_or_default();
        self.devices = Some((inputs, outputs));
    }

    /// The microphone problem with a picker right here, so the user can fix it and try again.
    fn mic_problem_ui(&mut self, ui: &mut egui::Ui) {
        let Some(problem) = self.mic_problem.clone() else {
            return;
        };
        if self.devices.is_none() {
            self.refresh_devices();
        }
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, problem);
            let inputs = self.devices.as_ref().map(|d| d.0.clone()).unwrap_or_default();
            if inputs.is_empty() {
                ui.label("No microphone was found. Plug one in or allow this app to use it, then press Check again.");
            }
            let before = self.settings.input_device.clone();
            let shown = before.clone().unwrap_or_else(|| "System default".into());
            egui::ComboBox::from_label("Microphone")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.settings.input_device, None, "System default");
                    for d in &inputs {
                        ui.selectable_value(&mut self.settings.input_device, Some(d.name.clone()), &d.name);
                    }
                });
            if self.settings.input_device != before {
                self.save_settings();
            }
            if ui.button("Check again").clicked() {
                self.devices = None;
                self.mic_problem = None;
            }
        });
    }

    /// The model list: which are installed, which one is used, install (with progress and
    /// cancel, in the status bar) and remove.
    fn models_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(p) = &self.paths.model_override {
            ui.label(format!("Using the model file {}", p.display()));
        }
        let installing = matches!(self.busy, Busy::Installing { .. });
        let mut action: Option<(bool, String)> = None;
        egui::Grid::new("models")
            .num_columns(4)
            .striped(true)
            .show(ui, |ui| {
                for entry in &self.manifest.models {
                    let here = self.installed.iter().find(|m| m.name == entry.name);
                    ui.radio_value(&mut self.settings.model, entry.name.clone(), &entry.name)
                        .on_hover_text("Use this model");
                    ui.label(&entry.description);
                    match here {
                        Some(m) => {
                            ui.label(format!("installed, {:.0} MB", m.size as f64 / 1e6));
                            if ui.button(format!("Remove {}", entry.name)).clicked() {
                                action = Some((false, entry.name.clone()));
                            }
                        }
                        None => {
                            ui.label("not installed");
                            if ui
                                .add_enabled(
                                    !installing,
                                    egui::Button::new(format!("Install {}", entry.name)),
                                )
                                .clicked()
                            {
                                action = Some((true, entry.name.clone()));
                            }
                        }
                    }
                    ui.end_row();
                }
            });
        match action {
            Some((true, name)) => self.install_named(name),
            Some((false, name)) => {
                let path = self
                    .installed
                    .iter()
                    .find(|m| m.name == name)
                    .map(|m| m.path.clone());
                if let Some(path) = path {
                    match std::fs::remove_file(&path) {
                        Ok(()) => {
                            let _ = std::fs::remove_file(model_store::Provenance::path_for(&path));
                            self.messages
                                .push((false, format!("Removed {name} ({})", path.display())));
                        }
                        Err(e) => self
                            .messages
                            .push((true, format!("Could not remove {}: {e}", path.display()))),
                    }
                }
                self.refresh_models();
            }
            None => {}
        }
    }

    fn history_ui(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Progress");
            if self.attempts.is_empty() {
                ui.label("No attempts yet. Answer a question on the Practice screen.");
                return;
            }
            let overall: Vec<[f64; 2]> = self
                .attempts
                .iter()
                .enumerate()
                .filter_map(|(i, a)| a.overall().map(|o| [i as f64 + 1.0, f64::from(o)]))
                .collect();
            let pace: Vec<[f64; 2]> = self
                .attempts
                .iter()
                .enumerate()
                .map(|(i, a)| [i as f64 + 1.0, a.report.metrics.wpm])
                .collect();
            let fillers: Vec<[f64; 2]> = self
                .attempts
                .iter()
                .enumerate()
                .map(|(i, a)| [i as f64 + 1.0, a.report.metrics.fillers_per_min])
                .collect();
            let n = self.attempts.len() as f64;
            ui.columns(3, |cols| {
                // Fixed, meaningful ranges so one or two attempts do not produce odd axes.
                for (col, (title, points, top)) in cols.iter_mut().zip([
                    ("Overall score", overall, 100.0),
                    ("Words per minute", pace, 220.0),
                    ("Fillers per minute", fillers, 15.0),
                ]) {
                    col.label(RichText::new(title).strong());
                    egui_plot::Plot::new(title)
                        .height(160.0)
                        .include_y(0.0)
                        .include_y(top)
                        .include_x(0.5)
                        .include_x(n + 0.5)
                        .allow_drag(false)
                        .allow_zoom(false)
                        .allow_scroll(false)
                        .x_axis_label("attempt")
                        .show(col, |p| {
                            p.line(egui_plot::Line::new(title, points.clone()));
                            p.points(egui_plot::Points::new(title, points).radius(3.0));
                        });
                }
            });
            ui.separator();
            self.history_sharing_ui(ui);
            ui.separator();
            let mut open = None;
            let mut delete = None;
            let sharing = &mut self.sharing;
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("attempts")
                    .striped(true)
                    .num_columns(7)
                    .show(ui, |ui| {
                        for h in ["When", "Question", "Overall", "Pace", "Fillers/min", "", ""] {
                            ui.label(RichText::new(h).strong());
                        }
                        ui.end_row();
                        for (i, a) in self.attempts.iter().enumerate().rev() {
                            if sharing
                                .matches
                                .as_ref()
                                .is_some_and(|m| !m.contains(&a.uid))
                            {
                                continue;
                            }
                            let mut ticked = sharing.selected.contains(&a.uid);
                            // The date is the checkbox's text: a larger target, and a name
                            // a screen reader can say.
                            if ui
                                .checkbox(&mut ticked, utc_datetime(a.created_unix))
                                .on_hover_text("Select for export or a report")
                                .changed()
                            {
                                if ticked {
                                    sharing.selected.insert(a.uid.clone());
                                } else {
                                    sharing.selected.remove(&a.uid);
                                }
                            }
                            ui.label(&a.question_text);
                            ui.label(a.overall().map_or("-".into(), |o| o.to_string()));
                            ui.label(format!("{:.0} wpm", a.report.metrics.wpm));
                            ui.label(format!("{:.1}", a.report.metrics.fillers_per_min));
                            if ui.button("Open").clicked() {
                                open = Some(i);
                            }
                            if ui.button("Delete…").clicked() {
                                delete = Some(a.clone());
                            }
                            ui.end_row();
                        }
                    });
            });
            if delete.is_some() {
                self.sharing.pending_delete = delete;
            }
            if let Some(i) = open {
                let attempt = self.attempts[i].clone();
                let previous = self.attempts[..i]
                    .iter()
                    .rev()
                    .find(|a| a.question_id == attempt.question_id)
                    .cloned();
                self.open_review(attempt, previous);
            }
        });
    }

    fn settings_ui(&mut self, ui: &mut egui::Ui) {
        egui::CentralPanel::default().show(ui, |ui| {
            let before = self.settings.clone();
            ui.heading("Settings");
            ui.add_space(8.0);
            ui.label(RichText::new("Speech model").strong());
            self.models_ui(ui);
            ui.add_space(12.0);
            ui.label(RichText::new("Microphone and speaker").strong());
            if self.devices.is_none() || ui.button("Refresh devices").clicked() {
                self.refresh_devices();
            }
            if let Some((inputs, outputs)) = &self.devices {
                if inputs.is_empty() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "No microphone found. Plug one in (or allow access to it) and press Refresh devices.",
                    );
                }
                for (label, list, slot) in [
                    ("Microphone", inputs, &mut self.settings.input_device),
                    ("Speaker", outputs, &mut self.settings.output_device),
                ] {
                    let shown = slot.clone().unwrap_or_else(|| "System default".into());
                    egui::ComboBox::from_label(label)
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(slot, None, "System default");
                            for d in list {
                                ui.selectable_value(slot, Some(d.name.clone()), &d.name);
                            }
                        });
                }
            }
            ui.add_space(12.0);
            ui.label(RichText::new("Delivery thresholds").strong());
            egui::Grid::new("thresholds").num_columns(2).show(ui, |ui| {
                // Each value is labelled by its caption, so screen readers (and the UI tests)
                // can name it.
                fn row(ui: &mut egui::Ui, caption: &str, value: egui::DragValue<'_>) {
                    let label = ui.label(caption);
                    ui.add(value).labelled_by(label.id);
                    ui.end_row();
                }
                let m = &mut self.settings.metrics;
                row(
                    ui,
                    "Comfortable pace from (words/min)",
                    egui::DragValue::new(&mut m.pace_low_wpm).range(60.0..=200.0),
                );
                row(
                    ui,
                    "Comfortable pace up to (words/min)",
                    egui::DragValue::new(&mut m.pace_high_wpm).range(80.0..=240.0),
                );
                row(
                    ui,
                    "Long pause from (seconds)",
                    egui::DragValue::new(&mut m.pause_threshold_s)
                        .range(0.3..=5.0)
                        .speed(0.1),
                );
                row(
                    ui,
                    "Fillers unnoticed up to (per minute)",
                    egui::DragValue::new(&mut m.fillers_ok_per_min).range(0.0..=30.0),
                );
                row(
                    ui,
                    "Preparation time (seconds)",
                    egui::DragValue::new(&mut self.settings.prep_seconds).range(0..=120),
                );
                row(
                    ui,
                    "Transcription threads",
                    egui::DragValue::new(&mut self.settings.threads).range(1..=16),
                );
            });
            ui.checkbox(
                &mut self.settings.filler_prompt,
                "Help Whisper keep \"um\" and \"uh\" (filler prompt)",
            );
            ui.horizontal(|ui| {
                ui.label("Theme");
                for (value, label) in [("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")] {
                    ui.radio_value(&mut self.settings.theme, value.to_string(), label);
                }
            });
            if ui.button("Restore defaults").clicked() {
                self.settings = AppSettings::default();
            }
            if self.settings != before {
                if self.settings.model != before.model {
                    self.refresh_models();
                }
                if self.settings.theme != before.theme {
                    ui.ctx().set_theme(self.settings.theme_preference());
                }
                self.save_settings();
            }
        });
    }
}

/// The results of a mock interview side by side; returns an attempt to open in full.
/// What the mock interview summary asked for.
#[derive(Default)]
struct MockChoice {
    open: Option<Attempt>,
    report: bool,
    export: bool,
}

/// The mock interview's summary.
fn mock_results_ui(ui: &mut egui::Ui, results: &[Attempt]) -> MockChoice {
    let mut choice = MockChoice::default();
    ui.heading("Mock interview results");
    ui.horizontal(|ui| {
        choice.report = ui
            .button("Save report")
            .on_hover_text("One printable HTML page for the whole mock interview")
            .clicked();
        choice.export = ui
            .button("Export for a coach…")
            .on_hover_text("Select these answers on the History screen to export them as one file")
            .clicked();
    });
    let scored: Vec<f64> = results
        .iter()
        .filter_map(|a| a.overall().map(f64::from))
        .collect();
    if !scored.is_empty() {
        ui.label(format!(
            "Average overall score {:.0} over {} answers.",
            scored.iter().sum::<f64>() / scored.len() as f64,
            results.len()
        ));
    }
    egui::Grid::new("mock-results")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in ["Question", "Overall", "Length", "Pace", "Fillers/min", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for a in results {
                ui.label(&a.question_text);
                ui.label(a.overall().map_or("-".into(), |o| o.to_string()));
                ui.label(format!("{:.0} s", a.report.metrics.duration_s));
                ui.label(format!("{:.0} wpm", a.report.metrics.wpm));
                ui.label(format!("{:.1}", a.report.metrics.fillers_per_min));
                if ui.button("Open").clicked() {
                    choice.open = Some(a.clone());
                }
                ui.end_row();
            }
        });
    choice
}

impl eframe::App for CoachApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_worker();
        self.tick_recording();
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        self.poll_file_chooser();
        self.file_drops(&ctx);
        egui::Panel::top("top").show(ui, |ui| {
            self.top_bar(ui);
            self.status_area(ui);
        });
        if let Some(mut tour) = self.tour.take() {
            let keep = tour.step(self, &ctx);
            if keep {
                self.tour = Some(tour);
            }
        }
        match self.screen {
            Screen::Practice => self.practice_ui(ui),
            Screen::Review => {
                let mut actions = Vec::new();
                let mut choice = MockChoice::default();
                if self.review.is_none()
                    && let Some(results) = &self.mock_results
                {
                    egui::CentralPanel::default().show(ui, |ui| {
                        choice = mock_results_ui(ui, results);
                    });
                }
                if choice.report
                    && let Some(results) = self.mock_results.clone()
                {
                    self.save_report(&results);
                }
                if choice.export
                    && let Some(results) = &self.mock_results
                {
                    self.sharing.selected = results.iter().map(|a| a.uid.clone()).collect();
                    self.sharing.search.clear();
                    self.screen = Screen::History;
                }
                if let Some(a) = choice.open {
                    self.open_review(a, None);
                }
                let mut back = false;
                match &mut self.review {
                    Some(r) => {
                        egui::CentralPanel::default().show(ui, |ui| {
                            if self.mock_results.is_some()
                                && ui.button("Back to the mock interview results").clicked()
                            {
                                back = true;
                            }
                            let output =
                                DeviceChoice::from_option(self.settings.output_device.as_deref());
                            actions =
                                r.ui(ui, &self.settings.metrics, &output, &self.settings.name);
                        });
                    }
                    None if self.mock_results.is_some() => {}
                    None => self.screen = Screen::Practice,
                }
                if back {
                    self.review = None;
                }
                if !actions.is_empty() {
                    self.apply_review_actions(actions);
                }
            }
            Screen::History => self.history_ui(ui),
            Screen::Settings => self.settings_ui(ui),
            Screen::Coach => self.coach_ui(ui),
        }
        self.delete_dialog(&ctx);
    }
}

impl CoachApp {
    /// Uses `chooser` instead of the system's file dialogs (window tests script the dialog).
    pub fn with_file_chooser(mut self, chooser: std::sync::Arc<dyn files::ChooseFile>) -> Self {
        self.sharing.chooser = files::FileChooser::new(chooser);
        self
    }

    /// Runs the screenshot tour (see [`tour`]) in this window.
    pub fn with_tour(mut self, plan: tour::TourPlan) -> Self {
        self.tour = Some(tour::Tour::new(plan));
        self
    }

    /// Selects a question by id (used by the tour and tests).
    pub fn select_question(&mut self, id: &str) -> bool {
        match self.bank.get(id).map(|q| q.pack.clone()) {
            Some(pack) => {
                self.pack = pack;
                self.selected = Some(id.to_string());
                true
            }
            None => false,
        }
    }

    /// Switches screens (used by the tour).
    pub fn show_screen(&mut self, screen: Screen) {
        if screen != Screen::Review || self.review.is_some() {
            self.screen = screen;
        }
    }

    /// Whether the worker is busy (used by the tour).
    pub fn is_busy(&self) -> bool {
        self.busy != Busy::Idle
    }

    /// Analyses a recording for the selected question (used by the tour).
    pub fn analyze_file(&mut self, path: PathBuf) {
        self.analyze_recording(path);
    }
}

/// Opens the window and runs until it is closed.
pub fn run() -> eframe::Result {
    run_with(AppPaths::from_env(), None)
}

/// Opens the window with the given paths, optionally running the screenshot tour.
pub fn run_with(paths: AppPaths, tour: Option<tour::TourPlan>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("interview-coach")
            .with_inner_size([1200.0, 760.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        "interview-coach",
        options,
        Box::new(move |cc| {
            let app = CoachApp::new(&cc.egui_ctx, paths);
            Ok(Box::new(match tour {
                Some(plan) => app.with_tour(plan),
                None => app,
            }))
        }),
    )
}
