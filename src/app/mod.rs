//! The desktop app: practice, review and progress in an egui window.
//!
//! Each screen is a struct that owns its state, draws itself with a `ui` method and returns what
//! the user asked for as actions; [`CoachApp`] keeps only what the screens share (the worker, the
//! attempt library, the settings, the notices) and applies the actions after drawing, as egui's
//! demo app (`egui_demo_app`'s `WrapApp`) does. Everything slow runs on the [`worker::Worker`]
//! thread; the window only repaints when something changed (input, a worker message), so it is
//! idle when nothing is happening.

mod answering;
mod attempts;
mod coach;
pub mod files;
mod history;
mod jobs;
mod mock;
mod nav;
pub mod notices;
mod practice;
pub mod review;
pub mod settings;
mod settings_screen;
mod share;
mod timeline;
pub mod tour;
pub mod worker;

use std::path::{Path, PathBuf};

use egui::Key;

use self::attempts::Attempts;
use self::coach::{CoachAction, CoachScreen, CoachView};
use self::files::{Chosen, FileChooser, Purpose, ShareKind, share_kind, with_extension};
use self::history::{HistoryAction, HistoryScreen, HistoryView, confirm_delete_ui};
use self::jobs::{Finished, Jobs};
use self::mock::{MockChoice, mock_results_ui};
pub use self::nav::Screen;
use self::notices::Notices;
use self::practice::{PracticeAction, PracticeScreen, PracticeView};
use self::review::{ReviewAction, ReviewScreen};
use self::settings::AppSettings;
use self::settings_screen::{Devices, SettingsAction, SettingsScreen, SettingsView};
use crate::audio::devices::{DeviceChoice, Direction, list_devices};
use crate::bank::Bank;
use crate::models::manifest::Manifest;
use crate::models::store as model_store;
use crate::sessions::Attempt;

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

    fn settings_file(&self) -> PathBuf {
        self.data_dir.join("settings.json")
    }
}

/// The application state: what the screens share, and the screens.
pub struct CoachApp {
    paths: AppPaths,
    settings: AppSettings,
    bank: Bank,
    attempts: Attempts,
    /// The worker thread and what it is doing.
    jobs: Jobs,
    screen: Screen,
    /// Microphones and speakers, listed on demand (listing probes the sound system, so it is
    /// not done every frame).
    devices: Option<Devices>,
    ctx: egui::Context,
    tour: Option<tour::Tour>,
    /// The model list, parsed once.
    manifest: Manifest,
    /// Installed models and the file of the chosen one, found on disk by `refresh_models` (at
    /// start, after an install or removal, and when the choice changes), never per frame.
    installed: Vec<model_store::InstalledModel>,
    model_file: Option<PathBuf>,
    notices: Notices,
    /// The system file chooser behind the "Choose…" buttons of History and Coach.
    chooser: FileChooser,
    /// An attempt waiting for the user to confirm its deletion.
    pending_delete: Option<Attempt>,
    practice: PracticeScreen,
    /// The review of one attempt; `None` when none is open.
    review: Option<ReviewScreen>,
    /// Results of the last finished mock interview, shown on the review screen.
    mock_results: Option<Vec<Attempt>>,
    history: HistoryScreen,
    settings_screen: SettingsScreen,
    coach: CoachScreen,
}

impl CoachApp {
    /// Builds the app: loads settings, question packs and past attempts, and starts the worker.
    pub fn new(ctx: &egui::Context, paths: AppPaths) -> Self {
        let mut notices = Notices::default();
        let (settings, warning) = AppSettings::load(&paths.settings_file());
        ctx.set_theme(settings.theme_preference());
        if let Some(w) = warning {
            notices.error(w);
        }
        let bank = load_bank(&paths.data_dir, &mut notices);
        let manifest = Manifest::builtin().unwrap_or_else(|e| {
            notices.error(format!("The built-in model list is damaged: {e}"));
            Manifest {
                default: "tiny.en".into(),
                models: Vec::new(),
                embedding: Vec::new(),
            }
        });
        let attempts = Attempts::open(&paths.data_dir, &mut notices);
        let jobs = Jobs::start(ctx, &mut notices);
        let pack = bank
            .questions()
            .next()
            .map(|q| q.pack.clone())
            .unwrap_or_default();
        let recovered = practice::recover_interrupted(&paths.data_dir, &mut notices);
        let mut app = Self {
            paths,
            settings,
            bank,
            attempts,
            jobs,
            screen: Screen::Practice,
            devices: None,
            ctx: ctx.clone(),
            tour: None,
            manifest,
            installed: Vec::new(),
            model_file: None,
            notices,
            chooser: FileChooser::default(),
            pending_delete: None,
            practice: PracticeScreen::new(pack, recovered.unwrap_or_default()),
            review: None,
            mock_results: None,
            history: HistoryScreen::default(),
            settings_screen: SettingsScreen,
            coach: CoachScreen::default(),
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

    /// Uses `chooser` instead of the system's file dialogs (window tests script the dialog).
    pub fn with_file_chooser(mut self, chooser: std::sync::Arc<dyn files::ChooseFile>) -> Self {
        self.chooser = FileChooser::new(chooser);
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
                self.practice.pack = pack;
                self.practice.selected = Some(id.to_string());
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
        !self.jobs.is_idle()
    }

    /// Analyses a recording for the selected question (used by the tour).
    pub fn analyze_file(&mut self, path: PathBuf) {
        self.analyze_recording(path);
    }

    /// Imports a bundle or feedback file and refreshes what is shown; true when it was imported
    /// (the summary or the error is in the notices either way).
    pub fn import_file(&mut self, path: &Path) -> bool {
        let imported = self.attempts.import(path, &mut self.notices);
        if imported {
            self.coach.refresh(self.attempts.library());
            self.refresh_review_feedback();
        }
        imported
    }

    /// Looks on disk for the installed models and the chosen one's file.
    fn refresh_models(&mut self) {
        let dirs = match &self.paths.models_dir {
            Some(dir) => vec![dir.clone()],
            None => model_store::search_dirs(),
        };
        self.installed = model_store::installed_in(&self.manifest, &dirs);
        self.model_file = self.paths.model_override.clone().or_else(|| {
            self.installed
                .iter()
                .find(|m| m.name == self.settings.model)
                .map(|m| m.path.clone())
        });
    }

    fn save_settings(&mut self) {
        if let Err(e) = self.settings.save(&self.paths.settings_file()) {
            self.notices.error(format!("Could not save settings: {e}"));
        }
    }

    /// Lists microphones and speakers again (probing the sound system, so only on demand).
    fn refresh_devices(&mut self) {
        self.devices = Some(Devices {
            inputs: list_devices(Direction::Input).unwrap_or_default(),
            outputs: list_devices(Direction::Output).unwrap_or_default(),
        });
        // The lists are shown from the next frame on.
        self.ctx.request_repaint();
    }

    fn install_named(&mut self, name: String) {
        let dir = self
            .paths
            .models_dir
            .clone()
            .unwrap_or_else(model_store::install_dir);
        self.jobs.install(name, dir, &mut self.notices);
    }

    fn remove_model(&mut self, name: &str) {
        let path = self
            .installed
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.path.clone());
        if let Some(path) = path {
            match model_store::remove(&path) {
                Ok(()) => self
                    .notices
                    .info(format!("Removed {name} ({})", path.display())),
                Err(e) => self.notices.error(format!("Could not remove {name}: {e}")),
            }
        }
        self.refresh_models();
    }

    /// Applies what the worker finished.
    fn poll_worker(&mut self) {
        for done in self.jobs.poll(&mut self.notices) {
            match done {
                Finished::Analyzed(Ok(mut attempt)) => {
                    self.attempts.store(&mut attempt, &mut self.notices);
                    // The history search is cached; the new result may match it.
                    self.history.forget_search();
                    if self.practice.in_mock() {
                        // In a mock interview answers are reviewed together at the end.
                        if let Some(results) = self.practice.mock_answer(Some(*attempt)) {
                            self.mock_results = Some(results);
                            self.review = None;
                            self.screen = Screen::Review;
                        }
                    } else {
                        self.open_review(*attempt);
                    }
                }
                Finished::Analyzed(Err(e)) => {
                    if let Some(results) = self.practice.mock_answer(None) {
                        self.mock_results = Some(results);
                        self.screen = Screen::Review;
                    }
                    self.notices.error(format!("The analysis failed: {e}"));
                }
                Finished::Installed(result) => {
                    self.refresh_models();
                    match result {
                        Ok(p) => self
                            .notices
                            .info(format!("Model installed: {}", p.display())),
                        Err(e) => self
                            .notices
                            .error(format!("The model could not be installed: {e}")),
                    }
                }
            }
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        // Space records and stops, unless the user is typing in a text field.
        let space = !ctx.egui_wants_keyboard_input() && ctx.input(|i| i.key_pressed(Key::Space));
        // A recording in progress can always be stopped (it is transcribed as it goes, so the
        // worker is busy with it).
        let can_record = self.jobs.is_idle() || self.practice.in_mock() || !self.practice.is_idle();
        if space
            && self.screen == Screen::Practice
            && can_record
            && let Some(action) = self.practice.space_action()
        {
            self.apply_practice(action);
        }
        for screen in nav::shortcut_screens(ctx) {
            if screen != Screen::Review || self.review.is_some() {
                self.screen = screen;
            }
        }
    }

    fn apply_practice(&mut self, action: PracticeAction) {
        match action {
            PracticeAction::InstallModel => self.install_named(self.settings.model.clone()),
            PracticeAction::AnalyzeFile(path) => self.analyze_recording(path),
            PracticeAction::BeginAnswer => {
                if self.practice.begin_answer(self.settings.prep_seconds) {
                    self.start_recording();
                }
            }
            PracticeAction::StartRecording => self.start_recording(),
            PracticeAction::StopRecording => self.stop_recording(),
            PracticeAction::SaveSettings => self.save_settings(),
            PracticeAction::RefreshDevices => self.refresh_devices(),
            PracticeAction::LoadNotes(question_id) => {
                let text = self.attempts.notes(&question_id, &mut self.notices);
                self.practice.set_notes(&question_id, text);
            }
            PracticeAction::SaveNotes { question_id, text } => {
                // The editor counts the text as saved only once the library has it, so a failed
                // save leaves "Save notes" enabled for another try.
                if self
                    .attempts
                    .set_notes(&question_id, &text, &mut self.notices)
                {
                    self.practice.notes_saved(&question_id, text);
                }
            }
        }
    }

    fn apply_settings(&mut self, action: SettingsAction) {
        match action {
            SettingsAction::RefreshDevices => self.refresh_devices(),
            SettingsAction::Install(name) => self.install_named(name),
            SettingsAction::Remove(name) => self.remove_model(&name),
            SettingsAction::Changed { model, theme } => {
                if model {
                    self.refresh_models();
                }
                if theme {
                    self.ctx.set_theme(self.settings.theme_preference());
                }
                self.save_settings();
            }
        }
    }

    fn apply_history(&mut self, action: HistoryAction) {
        match action {
            HistoryAction::Open(attempt) => {
                self.open_review(*attempt);
            }
            HistoryAction::Delete(attempt) => self.pending_delete = Some(*attempt),
            HistoryAction::Export { uids, out } => {
                let name = self.settings.name.trim().to_string();
                self.save_settings();
                self.attempts
                    .export(&uids, &name, &self.bank, &out, &mut self.notices);
            }
            HistoryAction::Report(attempts) => self.save_report(&attempts),
            HistoryAction::Import(path) => {
                self.import_file(&path);
            }
            HistoryAction::SaveSettings => self.save_settings(),
        }
    }

    fn apply_coach(&mut self, action: CoachAction) {
        match action {
            CoachAction::Open(attempt) => self.open_review(*attempt),
            CoachAction::ExportFeedback { student, out } => {
                let me = self.settings.name.trim().to_string();
                self.attempts
                    .export_feedback(&student, &me, &out, &mut self.notices);
            }
            CoachAction::Import(path) => {
                self.import_file(&path);
            }
            CoachAction::SaveSettings => self.save_settings(),
        }
    }

    /// Opens the review of an attempt with its comments, coach scores and conflicts.
    fn open_review(&mut self, attempt: Attempt) {
        let comparison = self.attempts.comparison(&attempt, &mut self.notices);
        let mut screen = ReviewScreen::new(attempt, comparison);
        screen.set_feedback(
            self.attempts
                .feedback_for(&screen.attempt().uid, &mut self.notices),
        );
        self.review = Some(screen);
        self.screen = Screen::Review;
    }

    fn refresh_review_feedback(&mut self) {
        if let Some(r) = &mut self.review {
            let uid = r.attempt().uid.clone();
            r.set_feedback(self.attempts.feedback_for(&uid, &mut self.notices));
        }
    }

    /// Shows the stored version of the attempt under review (after it was replaced), and
    /// refreshes the lists it appears in.
    fn reload_reviewed_attempt(&mut self, uid: &str) {
        let fresh = self.attempts.get(uid);
        if let (Some(fresh), Some(r)) = (fresh, &mut self.review)
            && fresh != *r.attempt()
        {
            r.set_comparison(self.attempts.comparison(&fresh, &mut self.notices));
            r.set_attempt(fresh);
            // History's search results and progress column were worked out from the old version.
            self.history.forget_search();
            self.coach.refresh(self.attempts.library());
        }
    }

    /// Applies what the review screen asked for.
    fn apply_review_actions(&mut self, actions: Vec<ReviewAction>) {
        let Some(attempt) = self.review.as_ref().map(|r| r.attempt().clone()) else {
            return;
        };
        let me = self.settings.name.trim().to_string();
        for action in actions {
            match action {
                ReviewAction::TryAgain => {
                    self.practice.selected = Some(attempt.question_id.clone());
                    self.screen = Screen::Practice;
                }
                ReviewAction::Reanalyse => self.reanalyse(&attempt),
                ReviewAction::Report => self.save_report(std::slice::from_ref(&attempt)),
                ReviewAction::Delete => self.pending_delete = Some(attempt.clone()),
                change => {
                    // Taking a whole attempt's imported version changes what is shown.
                    let reload = matches!(
                        change,
                        ReviewAction::ResolveConflict {
                            take_theirs: true,
                            ..
                        }
                    );
                    match self.attempts.apply_review(&attempt, &me, change) {
                        Ok(()) if reload => self.reload_reviewed_attempt(&attempt.uid),
                        Ok(()) => {}
                        Err(e) => self.notices.error(e.to_string()),
                    }
                }
            }
        }
        self.refresh_review_feedback();
    }

    /// Writes the HTML report for attempts into `reports/` and says where it is.
    fn save_report(&mut self, attempts: &[Attempt]) {
        let dir = self.paths.data_dir.join("reports");
        self.attempts.save_report(attempts, &dir, &mut self.notices);
    }

    /// Asks before deleting; draws nothing when no deletion is pending.
    fn delete_dialog(&mut self, ctx: &egui::Context) {
        let Some(attempt) = self.pending_delete.clone() else {
            return;
        };
        match confirm_delete_ui(ctx, &attempt) {
            Some(true) => {
                self.pending_delete = None;
                if self.attempts.delete(&attempt.uid, &mut self.notices) {
                    self.forget_deleted(&attempt);
                }
            }
            Some(false) => self.pending_delete = None,
            None => {}
        }
    }

    /// Removes a deleted attempt from every screen, leaving the review if it was on show.
    fn forget_deleted(&mut self, attempt: &Attempt) {
        self.coach.forget(&attempt.uid);
        self.history.forget(&attempt.uid);
        if let Some(results) = &mut self.mock_results {
            results.retain(|a| a.uid != attempt.uid);
        }
        if self
            .review
            .as_ref()
            .is_some_and(|r| r.attempt().uid == attempt.uid)
        {
            self.review = None;
            if self.screen == Screen::Review && self.mock_results.is_none() {
                self.screen = if attempt.student.is_some() {
                    Screen::Coach
                } else {
                    Screen::History
                };
            }
        }
        self.coach.refresh(self.attempts.library());
    }

    /// Takes the answer of a file chooser once it has closed.
    fn poll_file_chooser(&mut self) {
        let Some(answer) = self.chooser.poll() else {
            return;
        };
        match answer {
            Chosen::Path(Purpose::ExportBundle, path) => self
                .history
                .set_export_path(with_extension(path, "icbundle").display().to_string()),
            Chosen::Path(Purpose::ExportFeedback, path) => self
                .coach
                .set_feedback_path(with_extension(path, "icfeedback").display().to_string()),
            Chosen::Path(Purpose::Import, path) => {
                // The chooser was opened from the import box of the screen on show.
                let field = if self.screen == Screen::Coach {
                    &mut self.coach.import_path
                } else {
                    &mut self.history.import_path
                };
                *field = path.display().to_string();
                self.import_file(&path);
            }
            Chosen::Nothing { at_once: true, .. } => self.notices.info(
                "No file chooser could be opened on this desktop (on Linux, installing zenity \
                 provides one). Type the file's path in the box instead, or drop the file onto \
                 this window.",
            ),
            // The user closed the dialog: nothing to say.
            Chosen::Nothing { at_once: false, .. } => {}
        }
    }

    /// Imports files dropped onto the window (bundles and feedback files), and while files are
    /// dragged over it says what a drop will do.
    fn file_drops(&mut self, ctx: &egui::Context) {
        for path in files::dropped_files(ctx) {
            let Some(kind) = share_kind(&path) else {
                self.notices.error(format!(
                    "{} was not imported: only a student's bundle (.icbundle) or a coach's \
                     feedback file (.icfeedback) can be dropped here.",
                    path.display()
                ));
                continue;
            };
            // Show where the import landed, unless that would pull the user out of a recording.
            if self.import_file(&path) && self.practice.is_idle() {
                match kind {
                    ShareKind::Bundle => self.screen = Screen::Coach,
                    ShareKind::Feedback if self.screen != Screen::Review => {
                        self.screen = Screen::History;
                    }
                    ShareKind::Feedback => {}
                }
            }
        }
    }

    /// The review screen: one attempt, or the results of a mock interview.
    fn review_ui(&mut self, ui: &mut egui::Ui) {
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
            self.history
                .select_only(results.iter().map(|a| a.uid.clone()));
            self.screen = Screen::History;
        }
        if let Some(a) = choice.open {
            self.open_review(a);
        }
        let mut back = false;
        let mut actions = Vec::new();
        match &mut self.review {
            Some(r) => {
                egui::CentralPanel::default().show(ui, |ui| {
                    if self.mock_results.is_some()
                        && ui.button("Back to the mock interview results").clicked()
                    {
                        back = true;
                    }
                    let output = DeviceChoice::from_option(self.settings.output_device.as_deref());
                    actions = r.ui(ui, &self.settings.metrics, &output, &self.settings.name);
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
}

impl eframe::App for CoachApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.poll_worker();
        let ctx = ui.ctx().clone();
        if self.practice.tick(&ctx) {
            self.start_recording();
        }
        self.shortcuts(&ctx);
        self.poll_file_chooser();
        self.file_drops(&ctx);
        egui::Panel::top("top").show(ui, |ui| {
            let review_enabled = self.review.is_some() || self.mock_results.is_some();
            if let Some(screen) = nav::top_bar(ui, self.screen, review_enabled) {
                self.screen = screen;
            }
            self.notices.ui(ui);
            self.jobs.ui(ui);
        });
        if let Some(mut tour) = self.tour.take() {
            let keep = tour.step(self, &ctx);
            if keep {
                self.tour = Some(tour);
            }
        }
        match self.screen {
            Screen::Practice => {
                let view = PracticeView {
                    bank: &self.bank,
                    attempts: self.attempts.own(),
                    settings: &mut self.settings,
                    inputs: self.devices.as_ref().map(|d| d.inputs.as_slice()),
                    has_model: self.model_file.is_some(),
                    busy: self.jobs.busy(),
                };
                for action in self.practice.ui(ui, view, &mut self.notices) {
                    self.apply_practice(action);
                }
            }
            Screen::Review => self.review_ui(ui),
            Screen::History => {
                let view = HistoryView {
                    attempts: self.attempts.own(),
                    library: self.attempts.library(),
                    name: &mut self.settings.name,
                    chooser: &mut self.chooser,
                };
                for action in self.history.ui(ui, view) {
                    self.apply_history(action);
                }
            }
            Screen::Settings => {
                let view = SettingsView {
                    settings: &mut self.settings,
                    devices: self.devices.as_ref(),
                    manifest: &self.manifest,
                    installed: &self.installed,
                    model_override: self.paths.model_override.as_deref(),
                    installing: self.jobs.installing(),
                };
                for action in self.settings_screen.ui(ui, view) {
                    self.apply_settings(action);
                }
            }
            Screen::Coach => {
                let view = CoachView {
                    library: self.attempts.library(),
                    name: &mut self.settings.name,
                    chooser: &mut self.chooser,
                };
                for action in self.coach.ui(ui, view) {
                    self.apply_coach(action);
                }
            }
        }
        self.delete_dialog(&ctx);
    }
}

/// The bundled question packs and the user's own (in `prompts/` of the data folder); packs that
/// cannot be loaded become notices.
fn load_bank(data_dir: &Path, notices: &mut Notices) -> Bank {
    let (mut bank, errors) = Bank::bundled();
    let user_packs = data_dir.join("prompts");
    let mut pack_errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    if user_packs.is_dir() {
        pack_errors.extend(bank.load_dir(&user_packs).iter().map(ToString::to_string));
    }
    for e in pack_errors {
        notices.error(format!("A question pack could not be loaded: {e}"));
    }
    bank
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
