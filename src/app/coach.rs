//! The coach screen: import students' bundles, open their attempts, send feedback back.

use std::path::PathBuf;

use egui::RichText;

use super::files::{FileChooser, Purpose};
use super::share::{import_row, in_home, name_field, path_field};
use crate::sessions::library::{StudentSummary, Who};
use crate::sessions::{Attempt, Library, utc_datetime};

/// What the coach screen asked the app for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum CoachAction {
    /// Review a student's attempt.
    Open(Box<Attempt>),
    /// Write the feedback for a student to a file.
    ExportFeedback {
        /// The student.
        student: String,
        /// The feedback file.
        out: PathBuf,
    },
    /// Import a bundle or feedback file.
    Import(PathBuf),
    /// The user's name changed: save the settings.
    SaveSettings,
}

/// What the coach screen draws with, owned by the app.
pub(super) struct CoachView<'a> {
    /// The library the students' attempts are read from.
    pub(super) library: Option<&'a Library>,
    /// The user's name (saved in the settings).
    pub(super) name: &'a mut String,
    /// The file chooser behind the "Choose…" buttons.
    pub(super) chooser: &'a mut FileChooser,
}

/// The coach screen's state.
#[derive(Debug, Default)]
pub(super) struct CoachScreen {
    /// Students; `None` until first read from the library (it is read again after an import or
    /// a delete, not every frame).
    students: Option<Vec<StudentSummary>>,
    /// The student whose attempts are listed.
    student: Option<String>,
    /// That student's attempts.
    student_attempts: Vec<Attempt>,
    /// Where the next feedback file is written.
    feedback_path: String,
    /// A bundle or feedback file to import.
    pub(super) import_path: String,
}

impl CoachScreen {
    /// Reads the students and the chosen student's attempts from the library again.
    pub(super) fn refresh(&mut self, library: Option<&Library>) {
        if let Some(lib) = library {
            self.students = Some(lib.students().unwrap_or_default());
            if let Some(s) = &self.student {
                self.student_attempts = lib
                    .list(&Who::Student(s.clone()), None)
                    .map(|(l, _)| l)
                    .unwrap_or_default();
            }
        }
    }

    /// Puts a path chosen in the dialog into the feedback box.
    pub(super) fn set_feedback_path(&mut self, path: String) {
        self.feedback_path = path;
    }

    /// Draws the screen; returns what the app must do.
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, view: CoachView<'_>) -> Vec<CoachAction> {
        if self.students.is_none() {
            self.refresh(view.library);
        }
        let mut actions = Vec::new();
        let mut pick = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Coach view");
            ui.label("Import the bundles your students send you; open an attempt to listen, comment at any moment and give your own scores; then export your feedback as a small file for the student.");
            if name_field(ui, view.name, "shown on your comments") {
                actions.push(CoachAction::SaveSettings);
            }
            if let Some(path) = import_row(ui, &mut self.import_path, view.chooser) {
                actions.push(CoachAction::Import(path));
            }
            ui.separator();
            let students = self.students.clone().unwrap_or_default();
            if students.is_empty() {
                ui.label("No students yet. Import a bundle (.icbundle) a student exported.");
                return;
            }
            ui.columns(2, |cols| {
                cols[0].label(RichText::new("Students").strong());
                for s in &students {
                    let chosen = self.student.as_deref() == Some(s.name.as_str());
                    if cols[0]
                        .selectable_label(chosen, format!("{} ({})", s.name, s.attempts))
                        .clicked()
                    {
                        pick = Some(s.name.clone());
                    }
                }
                let Some(student) = self.student.clone() else {
                    cols[1].label("Pick a student.");
                    return;
                };
                self.student_ui(&mut cols[1], &student, view.chooser, &mut actions);
            });
        });
        if let Some(name) = pick {
            self.student = Some(name);
            self.feedback_path.clear();
            self.refresh(view.library);
        }
        actions
    }

    /// One student's attempts and the feedback export.
    fn student_ui(
        &mut self,
        ui: &mut egui::Ui,
        student: &str,
        chooser: &mut FileChooser,
        actions: &mut Vec<CoachAction>,
    ) {
        ui.label(RichText::new(format!("{student}'s attempts")).strong());
        egui::Grid::new("student-attempts")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                // The button comes first and the question last (wrapping), so a long question
                // never pushes the button out of the half-width column.
                for a in self.student_attempts.iter().rev() {
                    if ui.button("Open").clicked() {
                        actions.push(CoachAction::Open(Box::new(a.clone())));
                    }
                    ui.label(utc_datetime(a.created_unix));
                    ui.label(a.overall().map_or("-".into(), |o| o.to_string()));
                    ui.add(egui::Label::new(&a.question_text).wrap());
                    ui.end_row();
                }
            });
        ui.add_space(8.0);
        if self.feedback_path.is_empty() {
            self.feedback_path = in_home(&format!(
                "feedback-for-{}.icfeedback",
                crate::format::file_stem(student)
            ));
        }
        ui.horizontal(|ui| {
            path_field(
                ui,
                "Feedback file:",
                &mut self.feedback_path,
                320.0,
                chooser,
                Purpose::ExportFeedback,
            );
        });
        if ui
            .button(format!("Export feedback for {student}"))
            .clicked()
        {
            actions.push(CoachAction::ExportFeedback {
                student: student.to_string(),
                out: PathBuf::from(self.feedback_path.trim()),
            });
        }
    }

    /// Forgets a deleted attempt.
    pub(super) fn forget(&mut self, uid: &str) {
        self.student_attempts.retain(|a| a.uid != uid);
    }
}
