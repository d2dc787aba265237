//! The library's side of comparing attempts: the notes a user attaches to a question, and
//! gathering an attempt's peers (the same person's other attempts) for [`crate::compare`].

use std::path::PathBuf;

use super::library::Who;
use super::{Attempt, Library, LibraryError, write_atomic};
use crate::compare::notes::MAX_NOTES_CHARS;
use crate::compare::{AttemptView, Comparison, RecitalSettings, compare};
use crate::format::slug;

/// The folder (under the data folder) holding notes, one text file per question.
pub const NOTES_DIR: &str = "notes";

/// What the comparison sees of an attempt.
pub fn view(a: &Attempt) -> AttemptView<'_> {
    AttemptView {
        uid: &a.uid,
        id: &a.id,
        question_id: &a.question_id,
        created_unix: a.created_unix,
        text: &a.report.transcript.text,
        words: &a.report.transcript.words,
        metrics: &a.report.metrics,
        score: a.report.score.as_ref(),
        mock: a.mock_id.is_some(),
    }
}

/// Compares `current` with the attempts in `all` made by the same person (the user's own, or
/// one student's), with `notes` for its question.
pub fn comparison_among(current: &Attempt, all: &[Attempt], notes: Option<&str>) -> Comparison {
    let peers: Vec<AttemptView<'_>> = all
        .iter()
        .filter(|a| a.student == current.student)
        .map(view)
        .collect();
    compare(&view(current), &peers, notes, &RecitalSettings::default())
}

impl Library {
    /// Where the notes for `question_id` are kept.
    fn notes_path(&self, question_id: &str) -> PathBuf {
        self.data_dir()
            .join(NOTES_DIR)
            .join(format!("{}.txt", slug(question_id)))
    }

    /// The notes attached to a question, if any.
    pub fn notes(&self, question_id: &str) -> Result<Option<String>, LibraryError> {
        let path = self.notes_path(question_id);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                Ok(Some(text).filter(|t| !t.trim().is_empty()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(LibraryError::Io {
                what: "the notes could not be read".into(),
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Attaches `text` to a question as its notes (empty text removes them). Notes longer than
    /// the comparison reads are refused rather than silently cut.
    pub fn set_notes(&self, question_id: &str, text: &str) -> Result<(), LibraryError> {
        let path = self.notes_path(question_id);
        if text.trim().is_empty() {
            return match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(LibraryError::Io {
                    what: "the notes could not be removed".into(),
                    path: path.display().to_string(),
                    source: e,
                }),
                _ => Ok(()),
            };
        }
        if text.chars().count() > MAX_NOTES_CHARS {
            return Err(LibraryError::Invalid(format!(
                "notes are limited to {MAX_NOTES_CHARS} characters; shorten them to the points you want to make"
            )));
        }
        let io = |what: &str, source| LibraryError::Io {
            what: what.into(),
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| io("the notes folder could not be made", e))?;
        }
        write_atomic(&path, text.as_bytes()).map_err(|e| io("the notes could not be saved", e))
    }

    /// The comparison of `attempt` with the same person's other attempts in the library, and
    /// with the notes this library keeps for its question: the user's own, or, on a coach's
    /// machine, the coach's notes for that question, checked against each student's answer.
    pub fn comparison(&self, attempt: &Attempt) -> Result<Comparison, LibraryError> {
        let who = match &attempt.student {
            Some(s) => Who::Student(s.clone()),
            None => Who::Own,
        };
        let (all, _unreadable) = self.list(&who, None)?;
        let notes = self.notes(&attempt.question_id)?;
        Ok(comparison_among(attempt, &all, notes.as_deref()))
    }
}
