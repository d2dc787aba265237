//! Attempts kept on disk: one folder per attempt with the recording and the report.
//!
//! A simple, durable store until the sessions work replaces it with an indexed database: each
//! attempt is `attempts/<id>/attempt.json` (written atomically) beside its `answer.wav`.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::settings::write_atomic;
use crate::report::AnalysisReport;

/// One answered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// Folder name: milliseconds since the epoch, then the question id.
    pub id: String,
    /// The question's bank id.
    pub question_id: String,
    /// The question as asked.
    pub question_text: String,
    /// When it was recorded, seconds since the Unix epoch.
    pub created_unix: u64,
    /// The recording, when there is one.
    pub recording: Option<PathBuf>,
    /// Transcript, metrics and score.
    pub report: AnalysisReport,
    /// The app version that produced the report.
    pub app_version: String,
}

impl Attempt {
    /// Overall score, when the answer was scored.
    pub fn overall(&self) -> Option<u8> {
        self.report.score.as_ref().map(|s| s.overall)
    }
}

/// The attempts folder.
#[derive(Debug, Clone)]
pub struct AttemptStore {
    dir: PathBuf,
}

impl AttemptStore {
    /// A store in `dir` (created on first write).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// Creates the folder for a new attempt and returns its id and path.
    pub fn new_attempt_dir(&self, question_id: &str) -> std::io::Result<(String, PathBuf)> {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let safe: String = question_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let id = format!("{ms}-{safe}");
        let path = self.dir.join(&id);
        std::fs::create_dir_all(&path)?;
        Ok((id, path))
    }

    /// Saves an attempt's record.
    pub fn save(&self, attempt: &Attempt) -> std::io::Result<()> {
        let path = self.dir.join(&attempt.id).join("attempt.json");
        write_atomic(
            &path,
            &serde_json::to_vec_pretty(attempt).map_err(std::io::Error::other)?,
        )
    }

    /// All readable attempts, oldest first. Unreadable records are reported, not dropped silently.
    pub fn list(&self) -> (Vec<Attempt>, Vec<String>) {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (out, problems);
        };
        for e in entries.filter_map(Result::ok) {
            let record = e.path().join("attempt.json");
            if !record.is_file() {
                continue;
            }
            match std::fs::read_to_string(&record)
                .map_err(|e| e.to_string())
                .and_then(|t| serde_json::from_str::<Attempt>(&t).map_err(|e| e.to_string()))
            {
                Ok(a) => out.push(a),
                Err(e) => problems.push(format!("{}: {e}", record.display())),
            }
        }
        out.sort_by(|a, b| a.created_unix.cmp(&b.created_unix).then(a.id.cmp(&b.id)));
        (out, problems)
    }

    /// The folder attempts live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Seconds since the Unix epoch, now.
pub fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
