//! Sessions that last: every attempt kept on disk with an SQLite index, coach comments and
//! scores, bundles to share attempts, feedback files to send comments back, and printable
//! HTML reports.
//!
//! Layout under the data directory (see ARCHITECTURE.md, "Sessions"):
//! - `attempts/<id>/attempt.json` + `answer.wav`: the user's own attempts;
//! - `students/<student>/<id>/...`: attempts imported from students' bundles (coach view);
//! - `library.sqlite3`: the index, comments, coach scores and import conflicts.
//!
//! The attempt files are the source of truth for attempts (the index can be rebuilt from
//! them); comments and coach scores live only in the database, written in transactions.

pub mod bundle;
pub mod compare;
pub mod db;
pub mod feedback;
pub mod html;
pub mod library;
pub mod validate;

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::bank::Question;
use crate::coaching::{Settings as ScoringSettings, score_answer_with};
use crate::report::AnalysisReport;

pub use library::{Library, LibraryError};
// Re-exported because the window and the CLI format moments and dates through `sessions`.
pub use crate::format::{mmss, utc_datetime};

/// File name of an attempt's record inside its folder.
pub const ATTEMPT_FILE: &str = "attempt.json";
/// The folder (under the data folder) holding the user's own attempts, one folder each.
pub const ATTEMPTS_DIR: &str = "attempts";
/// File name of an attempt's recording inside its folder.
pub const ANSWER_FILE: &str = "answer.wav";

/// The five scored dimensions, in display order (the keys of coach scores).
pub const DIMENSIONS: [&str; 5] = ["ownership", "context", "growth", "move_on", "brevity"];

/// One answered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Folder name: milliseconds since the epoch, then the question id. Unique on one machine.
    pub id: String,
    /// Globally unique id (a random UUID) that stays the same when the attempt is exported to a
    /// coach and feedback comes back. Records from before sessions existed have none; the
    /// library assigns one when it first indexes them.
    #[serde(default)]
    pub uid: String,
    /// The question's bank id.
    pub question_id: String,
    /// The question as asked.
    pub question_text: String,
    /// When it was recorded, seconds since the Unix epoch.
    pub created_unix: u64,
    /// The recording, when there is one. Stored relative to the attempt folder
    /// ([`ANSWER_FILE`]); older records hold an absolute path.
    pub recording: Option<PathBuf>,
    /// Transcript, metrics and score.
    pub report: AnalysisReport,
    /// The app version that produced the report.
    pub app_version: String,
    /// The mock interview this answer belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mock_id: Option<String>,
    /// For attempts imported from a student's bundle: the student's name. `None` for the
    /// user's own attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub student: Option<String>,
}

impl Attempt {
    /// A new attempt at `question`, from the analysis of its recording: the report is scored
    /// against the question, and the attempt gets a fresh uid, the current time and this app's
    /// version. The one place attempts are made, for the window and for tests alike.
    pub fn scored(
        id: String,
        question: &Question,
        report: AnalysisReport,
        recording: Option<PathBuf>,
    ) -> Self {
        Self::scored_with(id, question, report, recording, &ScoringSettings::default())
    }

    /// [`Self::scored`] with explicit scoring settings (the user's thresholds).
    pub fn scored_with(
        id: String,
        question: &Question,
        mut report: AnalysisReport,
        recording: Option<PathBuf>,
        settings: &ScoringSettings,
    ) -> Self {
        report.question_id = Some(question.id.clone());
        report.score = Some(score_answer_with(
            question,
            &report.transcript,
            Some(report.metrics.duration_s),
            settings,
        ));
        Self {
            id,
            uid: new_uid(),
            question_id: question.id.clone(),
            question_text: question.text.clone(),
            created_unix: now_unix(),
            recording,
            report,
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            mock_id: None,
            student: None,
        }
    }

    /// Overall score, when the answer was scored.
    pub fn overall(&self) -> Option<u8> {
        self.report.score.as_ref().map(|s| s.overall)
    }

    /// Automatic score of one dimension (a key of [`DIMENSIONS`]).
    pub fn dimension_score(&self, key: &str) -> Option<u8> {
        let d = &self.report.score.as_ref()?.dimensions;
        Some(match key {
            "ownership" => d.ownership.score,
            "context" => d.context.score,
            "growth" => d.growth.score,
            "move_on" => d.move_on.score,
            "brevity" => d.brevity.score,
            _ => return None,
        })
    }
}

/// A coach's comment pinned to a moment of an attempt's recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    /// Random UUID, so the same comment imported twice is recognised.
    pub id: String,
    /// The attempt's [`Attempt::uid`].
    pub attempt_uid: String,
    /// Who wrote it (the coach's name).
    pub author: String,
    /// Moment in the recording, seconds.
    pub at_s: f64,
    /// The transcript word it was pinned to, when it was pinned by clicking a word.
    #[serde(default)]
    pub word_index: Option<usize>,
    /// The comment.
    pub text: String,
    /// When it was written, seconds since the Unix epoch.
    pub created_unix: u64,
}

/// A coach's own score for one dimension, shown beside the automatic score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoachScore {
    /// The attempt's [`Attempt::uid`].
    pub attempt_uid: String,
    /// The coach's name.
    pub author: String,
    /// One of [`DIMENSIONS`].
    pub dimension: String,
    /// 0-100.
    pub score: u8,
}

/// Something an import could not apply because it disagreed with what is already here. Kept
/// until the user picks a side, so nothing is silently overwritten.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// Row id.
    pub id: i64,
    /// The attempt concerned.
    pub attempt_uid: String,
    /// What disagrees, for people ("Comment by Dr Lee at 0:12", "Coach score for growth").
    pub what: String,
    /// What is kept here now (JSON of the item).
    pub ours: String,
    /// What the imported file said (JSON of the item).
    pub theirs: String,
    /// When the import happened.
    pub created_unix: u64,
    /// Whether the imported side can be taken: a comment or a score, or a whole attempt whose
    /// imported files are kept beside the library until the conflict is settled.
    #[serde(default)]
    pub can_take_theirs: bool,
}

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A new random id (UUID v4, hyphenated).
pub fn new_uid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Writes a file atomically: a temporary file in the same folder, flushed to disk, then renamed
/// over the destination, so a crash leaves either the old or the new content, never half.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Attempts for unit tests, made from typed answers instead of recordings.
#[cfg(test)]
pub(crate) mod test_support {
    use super::Attempt;
    use crate::analysis::feedback::delivery_notes;
    use crate::analysis::{MetricSettings, Transcript, Word, compute_metrics};
    use crate::bank::Question;
    use crate::report::{AnalysisReport, ModelUsed, REPORT_SCHEMA_VERSION};

    /// An attempt as the app makes one (real metrics, delivery notes and score) for words with
    /// the given times, in a recording `duration_s` long.
    pub(crate) fn attempt_from_words(
        question: &Question,
        words: Vec<Word>,
        duration_s: f64,
    ) -> Attempt {
        let transcript = Transcript::from_words(words);
        let settings = MetricSettings::default();
        let metrics = compute_metrics(&transcript, duration_s, None, &settings);
        let delivery = delivery_notes(&metrics, &settings);
        let report = AnalysisReport {
            schema_version: REPORT_SCHEMA_VERSION,
            file: super::ANSWER_FILE.into(),
            question_id: None,
            model: ModelUsed {
                name: "tiny.en".into(),
                path: "/models/ggml-tiny.en.bin".into(),
                sha256: None,
                live_pieces: None,
            },
            transcript,
            metrics,
            delivery,
            score: None,
            warnings: Vec::new(),
        };
        Attempt::scored(String::new(), question, report, None)
    }
}
