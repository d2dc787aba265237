//! The app's side of sessions: opening reviews with their comments, applying what the review
//! screen asked for, deleting with confirmation, exporting and importing bundles and feedback,
//! and the coach view.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::RichText;

use super::files::{Chosen, FileChooser, Purpose, ShareKind, share_kind, with_extension};
use super::review::{ReviewAction, ReviewFeedback, ReviewScreen};
use super::worker::Job;
use super::{Busy, CoachApp, Phase, Screen};
use crate::sessions::library::{LibraryError, StudentSummary, Who};
use crate::sessions::utc_datetime;
use crate::sessions::{Attempt, Comment, new_uid, now_unix};

/// State of the history and coach screens' sharing controls.
#[derive(Debug, Default)]
pub struct SharingState {
    /// Text typed in the history search box.
    pub search: String,
    /// Attempts ticked on the history screen (uids).
    pub selected: BTreeSet<String>,
    /// Where the next bundle is written.
    pub export_path: String,
    /// A bundle or feedback file to import.
    pub import_path: String,
    /// Where the next feedback file is written.
    pub feedback_path: String,
    /// Students in the coach view; `None` until first read from the library (it is read again
    /// after an import or a delete, not every frame).
    pub students: Option<Vec<StudentSummary>>,
    /// The student whose attempts are listed.
    pub student: Option<String>,
    /// That student's attempts.
    pub student_attempts: Vec<Attempt>,
    /// An attempt waiting for the user to confirm its deletion.
    pub pending_delete: Option<Attempt>,
    /// The search the history list was last filtered with (`None` = not filtered yet).
    pub filtered_for: Option<String>,
    /// Uids matching the search.
    pub matches: Option<BTreeSet<String>>,
    /// The system file chooser behind the "Choose…" buttons.
    pub chooser: FileChooser,
}

/// Label of the buttons that open a save dialog for a path field.
const CHOOSE_SAVE: &str = "Choose where to save…";
/// Label of the button that opens a dialog to pick a file to import.
const CHOOSE_IMPORT: &str = "Choose file…";

/// A labelled path box with its "Choose…" button beside it.
fn path_field(
    ui: &mut egui::Ui,
    label: &str,
    path: &mut String,
    width: f32,
    chooser: &mut FileChooser,
    purpose: Purpose,
) {
    let label = ui.label(label);
    let hint = match purpose {
        Purpose::Import => "path to a .icbundle or .icfeedback file",
        Purpose::ExportBundle | Purpose::ExportFeedback => "where to write the file",
    };
    ui.add(
        egui::TextEdit::singleline(path)
            .hint_text(hint)
            .desired_width(width),
    )
    .labelled_by(label.id);
    choose_button(ui, chooser, purpose, path);
}

/// A button opening the file chooser for `purpose`, starting from the path in `field`; disabled
/// while a chooser is already open.
fn choose_button(ui: &mut egui::Ui, chooser: &mut FileChooser, purpose: Purpose, field: &str) {
    let label = if purpose.saves() {
        CHOOSE_SAVE
    } else {
        CHOOSE_IMPORT
    };
    let open = chooser.is_open();
    let button = ui
        .add_enabled(!open, egui::Button::new(label))
        .on_hover_text("Opens your system's file chooser; you can also type the path in the box");
    if button.clicked() {
        chooser.open(purpose, field, ui.ctx().clone());
    }
}

/// A folder-safe form of a name, for default file names.
fn file_slug(s: &str) -> String {
    let out: String = s
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    if out.is_empty() {
        "attempts".into()
    } else {
        out.to_lowercase()
    }
}

fn home() -> PathBuf {
    directories::UserDirs::new()
        .map(|u| u.home_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("."))
}

impl CoachApp {
    /// Opens the review of an attempt with its comments, coach scores and conflicts.
    pub(super) fn open_review(&mut self, attempt: Attempt, previous: Option<Attempt>) {
        let mut screen = ReviewScreen::new(attempt, previous);
        screen.set_feedback(self.feedback_for(&screen.attempt().uid));
        self.review = Some(screen);
        self.screen = Screen::Review;
    }

    fn feedback_for(&mut self, uid: &str) -> ReviewFeedback {
        let Some(lib) = &self.library else {
            return ReviewFeedback::default();
        };
        let result = (|| {
            Ok::<_, crate::sessions::LibraryError>(ReviewFeedback {
                comments: lib.comments(uid)?,
                coach_scores: lib.coach_scores(uid)?,
                conflicts: lib.conflicts(uid)?,
            })
        })();
        match result {
            Ok(f) => f,
            Err(e) => {
                self.messages
                    .push((true, format!("Comments could not be loaded: {e}")));
                ReviewFeedback::default()
            }
        }
    }

    fn refresh_review_feedback(&mut self) {
        if let Some(uid) = self.review.as_ref().map(|r| r.attempt().uid.clone()) {
            let f = self.feedback_for(&uid);
            if let Some(r) = &mut self.review {
                r.set_feedback(f);
            }
        }
    }

    /// Shows the stored version of the attempt under review (after it was replaced), and
    /// refreshes the lists it appears in.
    fn reload_reviewed_attempt(&mut self, uid: &str) {
        let fresh = self.library.as_ref().and_then(|lib| lib.get(uid).ok());
        if let (Some(fresh), Some(r)) = (fresh, &mut self.review)
            && fresh != *r.attempt()
        {
            r.set_attempt(fresh);
            self.refresh_students();
        }
    }

    /// Applies what the review screen asked for.
    pub(super) fn apply_review_actions(&mut self, actions: Vec<ReviewAction>) {
        let Some(attempt) = self.review.as_ref().map(|r| r.attempt().clone()) else {
            return;
        };
        let me = self.settings.name.trim().to_string();
        for action in actions {
            let result = match action {
                ReviewAction::TryAgain => {
                    self.selected = Some(attempt.question_id.clone());
                    self.screen = Screen::Practice;
                    Ok(())
                }
                ReviewAction::AddComment {
                    at_s,
                    word_index,
                    text,
                } => self.with_library(|lib| {
                    lib.put_comment(&Comment {
                        id: new_uid(),
                        attempt_uid: attempt.uid.clone(),
                        author: me.clone(),
                        at_s,
                        word_index,
                        text,
                        created_unix: now_unix(),
                    })
                }),
                ReviewAction::EditComment { id, text } => self.with_library(|lib| {
                    let mut comment = lib
                        .comments(&attempt.uid)?
                        .into_iter()
                        .find(|c| c.id == id)
                        .ok_or_else(|| {
                            LibraryError::Invalid("that comment no longer exists".into())
                        })?;
                    comment.text = text;
                    lib.put_comment(&comment)
                }),
                ReviewAction::DeleteComment(id) => self.with_library(|lib| lib.delete_comment(&id)),
                ReviewAction::SetCoachScore { dimension, score } => self
                    .with_library(|lib| lib.set_coach_score(&attempt.uid, &me, &dimension, score)),
                ReviewAction::ResolveConflict { id, take_theirs } => {
                    let done = self.with_library(|lib| lib.resolve_conflict(id, take_theirs));
                    if done.is_ok() && take_theirs {
                        // Taking a whole attempt's imported version changes what is shown.
                        self.reload_reviewed_attempt(&attempt.uid);
                    }
                    done
                }
                ReviewAction::Reanalyse => {
                    self.reanalyse(&attempt);
                    Ok(())
                }
                ReviewAction::Report => {
                    self.save_report(std::slice::from_ref(&attempt));
                    Ok(())
                }
                ReviewAction::Delete => {
                    self.sharing.pending_delete = Some(attempt.clone());
                    Ok(())
                }
            };
            if let Err(e) = result {
                self.messages.push((true, e));
            }
        }
        self.refresh_review_feedback();
    }

    fn with_library(
        &mut self,
        f: impl FnOnce(&mut crate::sessions::Library) -> Result<(), crate::sessions::LibraryError>,
    ) -> Result<(), String> {
        match &mut self.library {
            Some(lib) => f(lib).map_err(|e| e.to_string()),
            None => Err("Your attempts cannot be opened (see the message above).".into()),
        }
    }

    /// Transcribes and scores a stored attempt again; the stored result is replaced only when
    /// the new one is complete.
    fn reanalyse(&mut self, attempt: &Attempt) {
        let Some(wav) = attempt.recording.clone().filter(|p| p.is_file()) else {
            self.messages.push((
                true,
                "This attempt has no recording to analyse again.".into(),
            ));
            return;
        };
        let question = self
            .bank
            .get(&attempt.question_id)
            .cloned()
            .unwrap_or_else(|| {
                crate::bank::Question::for_rubric(
                    attempt
                        .report
                        .score
                        .as_ref()
                        .map_or(crate::bank::Rubric::OwnIt, |s| s.rubric),
                    &attempt.question_text,
                )
            });
        let Some(model) = self.model_path() else {
            self.messages.push((
                true,
                "No speech model is installed; install one in Settings first.".into(),
            ));
            return;
        };
        let transcribe = self.transcribe_options();
        let job = Job::Analyze {
            wav,
            question: Box::new(question),
            attempt_id: attempt.id.clone(),
            model,
            model_name: self.settings.model.clone(),
            metrics: self.settings.metrics.clone(),
            transcribe,
            mock_id: attempt.mock_id.clone(),
            existing: Some(Box::new(attempt.clone())),
        };
        self.send_job(
            job,
            Busy::Analyzing {
                stage: "Starting".into(),
                fraction: None,
            },
        );
    }

    /// Writes the HTML report for attempts into `reports/` and says where it is.
    pub(super) fn save_report(&mut self, attempts: &[Attempt]) {
        let Some(first) = attempts.first() else {
            return;
        };
        let name = format!(
            "{}-{}.html",
            utc_datetime(first.created_unix).replace([' ', ':'], "-"),
            if attempts.len() > 1 {
                "mock-interview".to_string()
            } else {
                file_slug(&first.question_id)
            }
        );
        let out = self.paths.data_dir.join("reports").join(name);
        let uids: Vec<String> = attempts.iter().map(|a| a.uid.clone()).collect();
        match self.with_library(|lib| lib.write_report(&uids, &out)) {
            Ok(()) => self.messages.push((
                false,
                format!(
                    "Report saved: {} (open it in a browser to read or print it).",
                    out.display()
                ),
            )),
            Err(e) => self
                .messages
                .push((true, format!("The report could not be saved: {e}"))),
        }
    }

    /// Asks before deleting; draws nothing when no deletion is pending.
    pub(super) fn delete_dialog(&mut self, ctx: &egui::Context) {
        let Some(attempt) = self.sharing.pending_delete.clone() else {
            return;
        };
        let mut decision = None;
        egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
            ui.heading("Delete this attempt?");
            ui.label(format!(
                "\"{}\" from {}.",
                attempt.question_text,
                utc_datetime(attempt.created_unix)
            ));
            ui.label("Its recording, transcript, scores and comments are removed. This cannot be undone.");
            ui.horizontal(|ui| {
                if ui.button("Delete attempt").clicked() {
                    decision = Some(true);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    decision = Some(false);
                }
            });
        });
        match decision {
            Some(true) => {
                self.sharing.pending_delete = None;
                match self.with_library(|lib| lib.delete(&attempt.uid).map(|_| ())) {
                    Ok(()) => {
                        self.attempts.retain(|a| a.uid != attempt.uid);
                        self.sharing
                            .student_attempts
                            .retain(|a| a.uid != attempt.uid);
                        self.sharing.selected.remove(&attempt.uid);
                        self.sharing.filtered_for = None;
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
                        self.refresh_students();
                        self.messages
                            .push((false, "The attempt was deleted.".into()));
                    }
                    Err(e) => self
                        .messages
                        .push((true, format!("The attempt could not be deleted: {e}"))),
                }
            }
            Some(false) => self.sharing.pending_delete = None,
            None => {}
        }
    }

    /// The name field shared by exporting and commenting.
    fn name_field(&mut self, ui: &mut egui::Ui, hint: &str) {
        ui.horizontal(|ui| {
            let label = ui.label("Your name:");
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.settings.name).hint_text(hint))
                .labelled_by(label.id);
            if r.lost_focus() || (r.changed() && !r.has_focus()) {
                self.save_settings();
            }
        });
    }

    /// Search, selection, export and import on the history screen.
    pub(super) fn history_sharing_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Search:");
            ui.add(
                egui::TextEdit::singleline(&mut self.sharing.search)
                    .hint_text("question or words said"),
            )
            .labelled_by(label.id);
            if !self.sharing.selected.is_empty() {
                ui.label(format!("{} selected", self.sharing.selected.len()));
                if ui.button("Clear selection").clicked() {
                    self.sharing.selected.clear();
                }
            }
        });
        if self.sharing.filtered_for.as_deref() != Some(self.sharing.search.as_str()) {
            let search = self.sharing.search.trim().to_string();
            self.sharing.matches = if search.is_empty() {
                None
            } else {
                self.library.as_ref().and_then(|lib| {
                    lib.list(&Who::Own, Some(&search))
                        .ok()
                        .map(|(list, _)| list.into_iter().map(|a| a.uid).collect())
                })
            };
            self.sharing.filtered_for = Some(self.sharing.search.clone());
        }
        ui.collapsing("Share with a coach", |ui| {
            ui.label("Tick attempts in the list below, then export them as one file to send to your coach. Recordings, transcripts, scores and the question pack go in the file; nothing else leaves this computer.");
            self.name_field(ui, "as your coach knows you");
            if self.sharing.export_path.is_empty() {
                self.sharing.export_path = home()
                    .join(format!(
                        "interview-coach-{}.icbundle",
                        file_slug(&self.settings.name)
                    ))
                    .display()
                    .to_string();
            }
            ui.horizontal(|ui| {
                path_field(
                    ui,
                    "Save as:",
                    &mut self.sharing.export_path,
                    420.0,
                    &mut self.sharing.chooser,
                    Purpose::ExportBundle,
                );
                let n = self.sharing.selected.len();
                if ui
                    .add_enabled(n > 0, egui::Button::new(format!("Export {n} selected")))
                    .clicked()
                {
                    self.export_selected();
                }
            });
            if ui
                .add_enabled(
                    !self.sharing.selected.is_empty(),
                    egui::Button::new("Save report for selected"),
                )
                .clicked()
            {
                let chosen: Vec<Attempt> = self
                    .attempts
                    .iter()
                    .filter(|a| self.sharing.selected.contains(&a.uid))
                    .cloned()
                    .collect();
                self.save_report(&chosen);
            }
            ui.add_space(6.0);
            ui.label("Feedback from your coach (.icfeedback), or a student's bundle (.icbundle):");
            self.import_row(ui);
        });
    }

    fn import_row(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            path_field(
                ui,
                "File to import:",
                &mut self.sharing.import_path,
                420.0,
                &mut self.sharing.chooser,
                Purpose::Import,
            );
            if ui
                .add_enabled(
                    !self.sharing.import_path.trim().is_empty(),
                    egui::Button::new("Import"),
                )
                .clicked()
            {
                let path = PathBuf::from(self.sharing.import_path.trim());
                self.import_file(&path);
            }
        });
    }

    fn export_selected(&mut self) {
        let uids: Vec<String> = self.sharing.selected.iter().cloned().collect();
        let out = PathBuf::from(self.sharing.export_path.trim());
        let name = self.settings.name.trim().to_string();
        self.save_settings();
        let result = match &self.library {
            Some(lib) => lib
                .export_bundle(&uids, &name, &self.bank, &out)
                .map_err(|e| e.to_string()),
            None => Err("Your attempts cannot be opened.".into()),
        };
        match result {
            Ok(bytes) => self.messages.push((
                false,
                format!(
                    "Exported {} attempt(s) to {} ({:.1} MB). Send this file to your coach.",
                    uids.len(),
                    out.display(),
                    bytes as f64 / 1e6
                ),
            )),
            Err(e) => self
                .messages
                .push((true, format!("The attempts could not be exported: {e}"))),
        }
    }

    /// Imports a bundle or feedback file and refreshes what is shown; true when it was imported
    /// (the summary or the error is in the messages either way).
    pub fn import_file(&mut self, path: &std::path::Path) -> bool {
        let result = match &mut self.library {
            Some(lib) => lib.import_any(path).map_err(|e| e.to_string()),
            None => Err("Your attempts cannot be opened.".into()),
        };
        match result {
            Ok(summary) => {
                self.messages.push((false, summary.to_string()));
                self.refresh_students();
                self.refresh_review_feedback();
                true
            }
            Err(e) => {
                // Most library errors already name the file; say it once.
                let shown = path.display().to_string();
                let text = if e.contains(&shown) {
                    format!("Not imported: {e}")
                } else {
                    format!("{shown} was not imported: {e}")
                };
                self.messages.push((true, text));
                false
            }
        }
    }

    /// Takes the answer of a file chooser once it has closed.
    pub(super) fn poll_file_chooser(&mut self) {
        let Some(answer) = self.sharing.chooser.poll() else {
            return;
        };
        match answer {
            Chosen::Path(Purpose::ExportBundle, path) => {
                self.sharing.export_path = with_extension(path, "icbundle").display().to_string();
            }
            Chosen::Path(Purpose::ExportFeedback, path) => {
                self.sharing.feedback_path =
                    with_extension(path, "icfeedback").display().to_string();
            }
            Chosen::Path(Purpose::Import, path) => {
                self.sharing.import_path = path.display().to_string();
                self.import_file(&path);
            }
            Chosen::Nothing { at_once: true, .. } => self.messages.push((
                false,
                "No file chooser could be opened on this desktop (on Linux, installing zenity \
                 provides one). Type the file's path in the box instead, or drop the file onto \
                 this window."
                    .into(),
            )),
            // The user closed the dialog: nothing to say.
            Chosen::Nothing { at_once: false, .. } => {}
        }
    }

    /// Imports files dropped onto the window (bundles and feedback files), and while files are
    /// dragged over it says what a drop will do.
    pub(super) fn file_drops(&mut self, ctx: &egui::Context) {
        let (hovered, dropped) = ctx.input(|i| {
            (
                i.raw.hovered_files.len(),
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect::<Vec<_>>(),
            )
        });
        if hovered > 0 {
            let rect = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("file-drop"),
            ));
            painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(180));
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop a student's bundle (.icbundle) or a coach's feedback (.icfeedback) to import it",
                egui::FontId::proportional(20.0),
                egui::Color32::WHITE,
            );
        }
        for path in dropped {
            let Some(kind) = share_kind(&path) else {
                self.messages.push((
                    true,
                    format!(
                        "{} was not imported: only a student's bundle (.icbundle) or a coach's \
                         feedback file (.icfeedback) can be dropped here.",
                        path.display()
                    ),
                ));
                continue;
            };
            // Show where the import landed, unless that would pull the user out of a recording.
            if self.import_file(&path) && matches!(self.phase, Phase::Idle) {
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

    fn refresh_students(&mut self) {
        if let Some(lib) = &self.library {
            self.sharing.students = Some(lib.students().unwrap_or_default());
            if let Some(s) = &self.sharing.student {
                self.sharing.student_attempts = lib
                    .list(&Who::Student(s.clone()), None)
                    .map(|(l, _)| l)
                    .unwrap_or_default();
            }
        }
    }

    /// The coach view: import students' bundles, open their attempts, send feedback back.
    pub(super) fn coach_ui(&mut self, ui: &mut egui::Ui) {
        if self.sharing.students.is_none() {
            self.refresh_students();
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Coach view");
            ui.label("Import the bundles your students send you; open an attempt to listen, comment at any moment and give your own scores; then export your feedback as a small file for the student.");
            self.name_field(ui, "shown on your comments");
            self.import_row(ui);
            ui.separator();
            let students = self.sharing.students.clone().unwrap_or_default();
            if students.is_empty() {
                ui.label("No students yet. Import a bundle (.icbundle) a student exported.");
                return;
            }
            let mut pick = None;
            let mut open = None;
            ui.columns(2, |cols| {
                cols[0].label(RichText::new("Students").strong());
                for s in &students {
                    let chosen = self.sharing.student.as_deref() == Some(s.name.as_str());
                    if cols[0]
                        .selectable_label(chosen, format!("{} ({})", s.name, s.attempts))
                        .clicked()
                    {
                        pick = Some(s.name.clone());
                    }
                }
                let Some(student) = self.sharing.student.clone() else {
                    cols[1].label("Pick a student.");
                    return;
                };
                cols[1].label(RichText::new(format!("{student}'s attempts")).strong());
                egui::Grid::new("student-attempts")
                    .striped(true)
                    .num_columns(4)
                    .show(&mut cols[1], |ui| {
                        // The button comes first and the question last (wrapping), so a long
                        // question never pushes the button out of the half-width column.
                        for a in self.sharing.student_attempts.iter().rev() {
                            if ui.button("Open").clicked() {
                                open = Some(a.clone());
                            }
                            ui.label(utc_datetime(a.created_unix));
                            ui.label(a.overall().map_or("-".into(), |o| o.to_string()));
                            ui.add(egui::Label::new(&a.question_text).wrap());
                            ui.end_row();
                        }
                    });
                cols[1].add_space(8.0);
                if self.sharing.feedback_path.is_empty() {
                    self.sharing.feedback_path = home()
                        .join(format!("feedback-for-{}.icfeedback", file_slug(&student)))
                        .display()
                        .to_string();
                }
                cols[1].horizontal(|ui| {
                    path_field(
                        ui,
                        "Feedback file:",
                        &mut self.sharing.feedback_path,
                        320.0,
                        &mut self.sharing.chooser,
                        Purpose::ExportFeedback,
                    );
                });
                if cols[1]
                    .button(format!("Export feedback for {student}"))
                    .clicked()
                {
                    let out = PathBuf::from(self.sharing.feedback_path.trim());
                    let me = self.settings.name.trim().to_string();
                    let result = match &self.library {
                        Some(lib) => lib
                            .export_feedback(&student, &me, &out)
                            .map_err(|e| e.to_string()),
                        None => Err("Your attempts cannot be opened.".into()),
                    };
                    match result {
                        Ok(n) => self.messages.push((
                            false,
                            format!(
                                "Feedback on {n} attempt(s) written to {}. Send it to {student}.",
                                out.display()
                            ),
                        )),
                        Err(e) => self
                            .messages
                            .push((true, format!("The feedback could not be exported: {e}"))),
                    }
                }
            });
            if let Some(name) = pick {
                self.sharing.student = Some(name);
                self.sharing.feedback_path.clear();
                self.refresh_students();
            }
            if let Some(a) = open {
                self.open_review(a, None);
            }
        });
    }
}
