//! The app's side of the attempt library: the user's attempts as the screens show them, and every
//! change the screens ask for (saving, commenting, scoring, deleting, sharing, reports), each
//! reported to the user as a notice. Files are read and written by [`crate::sessions`] only.

use std::path::Path;

use super::notices::Notices;
use super::review::{ReviewAction, ReviewFeedback};
use crate::bank::Bank;
use crate::compare::Comparison;
use crate::sessions::compare::comparison_among;
use crate::sessions::library::Who;
use crate::sessions::{Attempt, Comment, Library, LibraryError, new_uid, now_unix, utc_datetime};

/// Why a change to the library could not be made.
#[derive(Debug, thiserror::Error)]
pub enum AttemptsError {
    /// The library could not be opened at start (the reason was shown then).
    #[error("Your attempts cannot be opened (see the message above).")]
    NoLibrary,
    /// The library refused or failed.
    #[error(transparent)]
    Library(#[from] LibraryError),
}

/// The library and the user's own attempts, oldest first.
pub(super) struct Attempts {
    /// `None` when the library could not be opened (the reason is in the notices).
    library: Option<Library>,
    /// The user's own attempts, oldest first.
    own: Vec<Attempt>,
}

impl Attempts {
    /// Opens the library in `data_dir` and lists the user's attempts; problems become notices.
    pub(super) fn open(data_dir: &Path, notices: &mut Notices) -> Self {
        let (library, own) = match Library::open(data_dir) {
            Ok((lib, problems)) => {
                if let Some(note) = lib.read_only_note() {
                    notices.error(format!("{note}."));
                }
                for p in problems {
                    notices.error(format!("An attempt could not be read: {p}"));
                }
                let own = match lib.list(&Who::Own, None) {
                    Ok((list, problems)) => {
                        for p in problems {
                            notices.error(format!("An attempt could not be read: {p}"));
                        }
                        list
                    }
                    Err(e) => {
                        notices.error(format!("Past attempts could not be listed: {e}"));
                        Vec::new()
                    }
                };
                (Some(lib), own)
            }
            Err(e) => {
                notices.error(format!(
                    "Your attempts cannot be opened, so new ones will not be saved: {e}"
                ));
                (None, Vec::new())
            }
        };
        Self { library, own }
    }

    /// The library, when it is open.
    pub(super) fn library(&self) -> Option<&Library> {
        self.library.as_ref()
    }

    /// The user's own attempts, oldest first.
    pub(super) fn own(&self) -> &[Attempt] {
        &self.own
    }

    fn with_library<T>(
        &mut self,
        f: impl FnOnce(&mut Library) -> Result<T, LibraryError>,
    ) -> Result<T, AttemptsError> {
        let lib = self.library.as_mut().ok_or(AttemptsError::NoLibrary)?;
        Ok(f(lib)?)
    }

    /// Saves a new or re-analysed attempt and puts it in the list.
    pub(super) fn store(&mut self, attempt: &mut Attempt, notices: &mut Notices) {
        if let Some(library) = &mut self.library
            && let Err(e) = library.save(attempt)
        {
            notices.error(format!("The attempt could not be saved: {e}"));
        }
        // A re-analysis replaces the attempt it was made from; a new answer is added.
        match self.own.iter_mut().find(|a| a.uid == attempt.uid) {
            Some(slot) => *slot = attempt.clone(),
            None => self.own.push(attempt.clone()),
        }
    }

    /// The comparison of an attempt with the same person's other attempts and the question's
    /// notes: the user's own from the list in memory, a student's from the library.
    pub(super) fn comparison(
        &self,
        attempt: &Attempt,
        notices: &mut Notices,
    ) -> Option<Comparison> {
        if attempt.student.is_some() {
            return match self.library.as_ref()?.comparison(attempt) {
                Ok(c) => Some(c),
                Err(e) => {
                    notices.error(format!(
                        "This attempt could not be compared with the others: {e}"
                    ));
                    None
                }
            };
        }
        let notes = self.notes(&attempt.question_id, notices);
        Some(comparison_among(attempt, &self.own, notes.as_deref()))
    }

    /// The notes attached to a question (`None` when there are none or they cannot be read,
    /// which is then a notice).
    pub(super) fn notes(&self, question_id: &str, notices: &mut Notices) -> Option<String> {
        match self.library.as_ref()?.notes(question_id) {
            Ok(n) => n,
            Err(e) => {
                notices.error(format!(
                    "Your notes for this question could not be read: {e}"
                ));
                None
            }
        }
    }

    /// Saves the notes of a question (empty notes are removed); says so in a notice.
    pub(super) fn set_notes(
        &mut self,
        question_id: &str,
        text: &str,
        notices: &mut Notices,
    ) -> bool {
        match self.with_library(|lib| lib.set_notes(question_id, text)) {
            Ok(()) if text.trim().is_empty() => notices.info("Notes removed."),
            Ok(()) => notices
                .info("Notes saved. Each new answer to this question is checked against them."),
            Err(e) => {
                notices.error(format!(
                    "The notes could not be saved: {e}. They are still in the editor; try Save \
                     notes again."
                ));
                return false;
            }
        }
        true
    }

    /// The stored version of an attempt.
    pub(super) fn get(&self, uid: &str) -> Option<Attempt> {
        self.library.as_ref().and_then(|lib| lib.get(uid).ok())
    }

    /// Comments, coach scores and conflicts of an attempt.
    pub(super) fn feedback_for(&self, uid: &str, notices: &mut Notices) -> ReviewFeedback {
        let Some(lib) = &self.library else {
            return ReviewFeedback::default();
        };
        let result = (|| {
            Ok::<_, LibraryError>(ReviewFeedback {
                comments: lib.comments(uid)?,
                coach_scores: lib.coach_scores(uid)?,
                conflicts: lib.conflicts(uid)?,
            })
        })();
        result.unwrap_or_else(|e| {
            notices.error(format!("Comments could not be loaded: {e}"));
            ReviewFeedback::default()
        })
    }

    /// Applies a review action that changes the library (comments, coach scores, conflicts) as
    /// `me`; other actions are the app's and do nothing here.
    pub(super) fn apply_review(
        &mut self,
        attempt: &Attempt,
        me: &str,
        action: ReviewAction,
    ) -> Result<(), AttemptsError> {
        match action {
            ReviewAction::AddComment {
                at_s,
                word_index,
                text,
            } => self.with_library(|lib| {
                lib.put_comment(&Comment {
                    id: new_uid(),
                    attempt_uid: attempt.uid.clone(),
                    author: me.to_string(),
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
                    .ok_or_else(|| LibraryError::Invalid("that comment no longer exists".into()))?;
                comment.text = text;
                lib.put_comment(&comment)
            }),
            ReviewAction::DeleteComment(id) => self.with_library(|lib| lib.delete_comment(&id)),
            ReviewAction::SetCoachScore { dimension, score } => {
                self.with_library(|lib| lib.set_coach_score(&attempt.uid, me, &dimension, score))
            }
            ReviewAction::ResolveConflict { id, take_theirs } => {
                self.with_library(|lib| lib.resolve_conflict(id, take_theirs))
            }
            ReviewAction::TryAgain
            | ReviewAction::Reanalyse
            | ReviewAction::Report
            | ReviewAction::Delete => Ok(()),
        }
    }

    /// Writes the HTML report for attempts into `reports_dir` and says where it is.
    pub(super) fn save_report(
        &mut self,
        attempts: &[Attempt],
        reports_dir: &Path,
        notices: &mut Notices,
    ) {
        let Some(first) = attempts.first() else {
            return;
        };
        let name = format!(
            "{}-{}.html",
            utc_datetime(first.created_unix).replace([' ', ':'], "-"),
            if attempts.len() > 1 {
                "mock-interview".to_string()
            } else {
                crate::format::file_stem(&first.question_id)
            }
        );
        let out = reports_dir.join(name);
        let uids: Vec<String> = attempts.iter().map(|a| a.uid.clone()).collect();
        match self.with_library(|lib| lib.write_report(&uids, &out)) {
            Ok(()) => notices.info(format!(
                "Report saved: {} (open it in a browser to read or print it).",
                out.display()
            )),
            Err(e) => notices.error(format!("The report could not be saved: {e}")),
        }
    }

    /// Deletes an attempt; true when it is gone.
    pub(super) fn delete(&mut self, uid: &str, notices: &mut Notices) -> bool {
        match self.with_library(|lib| lib.delete(uid)) {
            Ok(_) => {
                self.own.retain(|a| a.uid != uid);
                notices.info("The attempt was deleted.");
                true
            }
            Err(e) => {
                notices.error(format!("The attempt could not be deleted: {e}"));
                false
            }
        }
    }

    /// Exports attempts as a bundle from `student` to `out`.
    pub(super) fn export(
        &mut self,
        uids: &[String],
        student: &str,
        bank: &Bank,
        out: &Path,
        notices: &mut Notices,
    ) {
        match self.with_library(|lib| lib.export_bundle(uids, student, bank, out)) {
            Ok(bytes) => notices.info(format!(
                "Exported {} attempt(s) to {} ({:.1} MB). Send this file to your coach.",
                uids.len(),
                out.display(),
                bytes as f64 / 1e6
            )),
            Err(e) => notices.error(format!("The attempts could not be exported: {e}")),
        }
    }

    /// Writes the coach's (`me`) feedback for `student` to `out`.
    pub(super) fn export_feedback(
        &mut self,
        student: &str,
        me: &str,
        out: &Path,
        notices: &mut Notices,
    ) {
        match self.with_library(|lib| lib.export_feedback(student, me, out)) {
            Ok(n) => notices.info(format!(
                "Feedback on {n} attempt(s) written to {}. Send it to {student}.",
                out.display()
            )),
            Err(e) => notices.error(format!("The feedback could not be exported: {e}")),
        }
    }

    /// Imports a bundle or feedback file; true when it was imported (the summary or the error is
    /// in the notices either way).
    pub(super) fn import(&mut self, path: &Path, notices: &mut Notices) -> bool {
        match self.with_library(|lib| lib.import_any(path)) {
            Ok(summary) => {
                notices.info(summary.to_string());
                true
            }
            Err(e) => {
                // Most library errors already name the file; say it once.
                let e = e.to_string();
                let shown = path.display().to_string();
                notices.error(if e.contains(&shown) {
                    format!("Not imported: {e}")
                } else {
                    format!("{shown} was not imported: {e}")
                });
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_library_changes_are_refused_with_a_notice() {
        let mut attempts = Attempts {
            library: None,
            own: Vec::new(),
        };
        let mut notices = Notices::default();
        assert!(!attempts.delete("some-uid", &mut notices));
        assert!(!attempts.import(Path::new("/nowhere/x.icbundle"), &mut notices));
        let texts: Vec<&str> = notices.items().iter().map(|n| n.text.as_str()).collect();
        assert!(texts[0].contains("could not be deleted"), "{texts:?}");
        assert!(texts[1].contains("cannot be opened"), "{texts:?}");
    }

    #[test]
    fn recordings_are_copied_into_new_attempts_and_unfinished_ones_found() {
        let data = tempfile::tempdir().unwrap();
        let mut notices = Notices::default();
        let attempts = Attempts::open(data.path(), &mut notices);
        assert!(notices.items().is_empty(), "{:?}", notices.items());
        let lib = attempts.library().unwrap();
        let source = data.path().join("mine.wav");
        std::fs::write(&source, b"RIFF").unwrap();
        let (id, wav) = lib.new_attempt_from_recording("q1", &source).unwrap();
        assert_eq!(std::fs::read(&wav).unwrap(), b"RIFF");
        // Not analysed yet: found as unfinished, and discarded on request.
        assert_eq!(
            Library::unfinished_dirs(data.path()),
            vec![wav.parent().unwrap().to_path_buf()]
        );
        lib.discard_unfinished(&id);
        assert!(!wav.exists());
        assert!(Library::unfinished_dirs(data.path()).is_empty());
        // A missing source leaves no folder behind.
        assert!(
            lib.new_attempt_from_recording("q1", &data.path().join("missing.wav"))
                .is_err()
        );
        assert!(Library::unfinished_dirs(data.path()).is_empty());
        // Only a single folder name is ever discarded.
        lib.discard_unfinished("..");
        assert!(data.path().is_dir());
    }
}
