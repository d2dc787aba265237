//! The library: attempts on disk plus the SQLite index, comments, coach scores and conflicts,
//! and the import/export operations that move them between a student and a coach.

mod conflicts;
#[cfg(test)]
mod tests;
mod transfer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::bundle::BundleError;
use super::db::{self, SchemaError};
use super::feedback::FeedbackError;
use super::{
    ANSWER_FILE, ATTEMPT_FILE, ATTEMPTS_DIR, Attempt, CoachScore, Comment, new_uid, now_unix,
    write_atomic,
};
use crate::format::slug;
use conflicts::INCOMING_DIR;

/// File name of the index inside the data directory.
pub const DB_FILE: &str = "library.sqlite3";

/// Why a library operation failed. Messages say what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// A file or folder could not be read or written.
    #[error("{what} ({path}): {source}{hint}", hint = disk_full_hint(source))]
    Io {
        /// What was being done.
        what: String,
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The index could not be opened or migrated.
    #[error("the attempt index {path} could not be opened: {source}")]
    Schema {
        /// The database file.
        path: String,
        /// The cause.
        source: SchemaError,
    },
    /// SQLite failed during an operation.
    #[error("the attempt index failed: {0}")]
    Db(rusqlite::Error),
    /// The index could not be written: the disk is full, or the library was opened read-only
    /// because of that.
    #[error(
        "the attempt index cannot be written ({0}): the disk holding your attempts is full or \
         read-only. Free some space and try again; nothing was changed."
    )]
    Unwritable(rusqlite::Error),
    /// No attempt with that id.
    #[error("no attempt {0} (run `interview-coach sessions list` to see ids)")]
    NotFound(String),
    /// A bundle was refused.
    #[error(transparent)]
    Bundle(#[from] BundleError),
    /// A feedback file was refused.
    #[error(transparent)]
    Feedback(#[from] FeedbackError),
    /// The request itself is not valid.
    #[error("{0}")]
    Invalid(String),
}

impl From<rusqlite::Error> for LibraryError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::DiskFull | C::ReadOnly | C::SystemIoFailure) => Self::Unwritable(e),
            _ => Self::Db(e),
        }
    }
}

/// What to add to an I/O error's message when the disk is full.
fn disk_full_hint(e: &std::io::Error) -> &'static str {
    if e.kind() == std::io::ErrorKind::StorageFull {
        ". The disk is full: free some space and try again"
    } else {
        ""
    }
}

fn io_err(what: &str, path: &Path) -> impl FnOnce(std::io::Error) -> LibraryError {
    let what = what.to_string();
    let path = path.display().to_string();
    move |source| LibraryError::Io { what, path, source }
}

/// Whose attempts to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The user's own attempts.
    Own,
    /// One student's imported attempts.
    Student(String),
    /// Everything.
    All,
}

/// A student in the coach view.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentSummary {
    /// The name the student gave in their bundle.
    pub name: String,
    /// Attempts imported.
    pub attempts: usize,
    /// The newest attempt, seconds since the epoch.
    pub latest_unix: u64,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    /// The student (bundle) or coach (feedback) the file came from.
    pub from: String,
    /// Attempts added.
    pub attempts_added: usize,
    /// Attempts already here, unchanged.
    pub attempts_unchanged: usize,
    /// Comments added.
    pub comments_added: usize,
    /// Coach scores added.
    pub scores_added: usize,
    /// Comments and scores already here, unchanged.
    pub unchanged: usize,
    /// Disagreements recorded as conflicts (nothing was overwritten).
    pub conflicts: usize,
    /// Feedback for attempts that are not in this library (question texts).
    pub unknown_attempts: Vec<String>,
}

impl std::fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.attempts_added + self.attempts_unchanged > 0 {
            parts.push(format!(
                "{} attempt(s) added, {} already here",
                self.attempts_added, self.attempts_unchanged
            ));
        }
        if self.comments_added + self.scores_added + self.unchanged > 0 || parts.is_empty() {
            parts.push(format!(
                "{} comment(s) and {} coach score(s) added, {} already here",
                self.comments_added, self.scores_added, self.unchanged
            ));
        }
        if self.conflicts > 0 {
            parts.push(format!(
                "{} conflict(s) kept for you to decide (nothing was overwritten)",
                self.conflicts
            ));
        }
        if !self.unknown_attempts.is_empty() {
            parts.push(format!(
                "{} attempt(s) not in this library were skipped: {}",
                self.unknown_attempts.len(),
                self.unknown_attempts.join("; ")
            ));
        }
        write!(f, "From {}: {}.", self.from, parts.join("; "))
    }
}

/// Attempts on disk, indexed.
pub struct Library {
    data_dir: PathBuf,
    conn: Connection,
    /// The schema version the index had before this open (0 = new).
    pub migrated_from: u32,
    /// Opened for reading only, because the index could not be written.
    read_only: bool,
}

fn modified_ms(path: &Path) -> i64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64)
}

impl Library {
    /// Opens the library in `data_dir`: creates or migrates the index, removes leftovers of an
    /// interrupted import, and indexes attempt files the index does not know yet (including
    /// those written before the index existed). Returns problems found along the way (an
    /// unreadable attempt record), which are reported rather than dropped.
    pub fn open(data_dir: &Path) -> Result<(Self, Vec<String>), LibraryError> {
        std::fs::create_dir_all(data_dir).map_err(io_err("creating the data folder", data_dir))?;
        let path = data_dir.join(DB_FILE);
        let schema_err = |source| LibraryError::Schema {
            path: path.display().to_string(),
            source,
        };
        let (conn, migrated_from) = match db::open(&path) {
            Ok(opened) => opened,
            // A full disk (or a read-only folder) must not lock the user out of their own
            // history: the index is opened for reading, and every write says why it failed.
            Err(e) if db::unwritable(&e) && path.is_file() => {
                let conn = db::open_read_only(&path).map_err(|_| schema_err(e))?;
                let version = db::version(&conn).map_err(|e| schema_err(e.into()))?;
                let lib = Self {
                    data_dir: data_dir.to_path_buf(),
                    conn,
                    migrated_from: version,
                    read_only: true,
                };
                return Ok((lib, Vec::new()));
            }
            Err(e) => return Err(schema_err(e)),
        };
        let mut lib = Self {
            data_dir: data_dir.to_path_buf(),
            conn,
            migrated_from,
            read_only: false,
        };
        lib.remove_leftovers();
        let problems = lib.sync_index()?;
        Ok((lib, problems))
    }

    /// Why nothing can be changed, when the index could only be opened for reading (a full
    /// disk or a read-only folder); `None` normally.
    pub fn read_only_note(&self) -> Option<String> {
        self.read_only.then(|| {
            format!(
                "{} cannot be written (the disk is full or read-only), so your attempts are \
                 shown as last saved and nothing can be changed until space is freed",
                self.data_dir.join(DB_FILE).display()
            )
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where the user's own attempts live.
    pub fn attempts_dir(&self) -> PathBuf {
        self.data_dir.join(ATTEMPTS_DIR)
    }

    fn students_dir(&self) -> PathBuf {
        self.data_dir.join("students")
    }

    /// Staging and trash folders left by an import or delete that was interrupted. Another
    /// process may be importing into the same library right now, so only folders whose process
    /// is gone (or, where that cannot be told, that are old) are removed.
    fn remove_leftovers(&self) {
        let Ok(rd) = std::fs::read_dir(&self.data_dir) else {
            return;
        };
        for e in rd.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name
                .strip_prefix(STAGING_PREFIX)
                .or_else(|| name.strip_prefix(TRASH_PREFIX));
            if let Some(rest) = rest
                && leftover_is_stale(rest, &e.path())
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }

    /// The folder an attempt lives in, relative to the data directory.
    fn relative_dir(a: &Attempt) -> String {
        match &a.student {
            None => format!("attempts/{}", a.id),
            Some(s) => format!("students/{}/{}", slug(s), a.uid),
        }
    }

    /// The folder an attempt lives in.
    pub fn attempt_dir(&self, a: &Attempt) -> PathBuf {
        self.data_dir.join(Self::relative_dir(a))
    }

    /// The attempt's recording on disk, when it has one.
    pub fn recording_path(&self, a: &Attempt) -> Option<PathBuf> {
        let r = a.recording.as_ref()?;
        Some(if r.is_absolute() {
            r.clone()
        } else {
            self.attempt_dir(a).join(r)
        })
    }

    /// Brings the index in line with the attempt files: new or changed records are (re)indexed,
    /// rows whose folder is gone are dropped. Only records whose file changed are parsed.
    fn sync_index(&mut self) -> Result<Vec<String>, LibraryError> {
        let mut problems = Vec::new();
        let mut found: Vec<(PathBuf, String)> = Vec::new();
        let mut scan = |dir: &Path, rel: &str| {
            if let Ok(rd) = std::fs::read_dir(dir) {
                for e in rd.filter_map(Result::ok) {
                    let record = e.path().join(ATTEMPT_FILE);
                    if record.is_file() {
                        let name = e.file_name().to_string_lossy().into_owned();
                        found.push((record, format!("{rel}/{name}")));
                    }
                }
            }
        };
        scan(&self.attempts_dir(), ATTEMPTS_DIR);
        if let Ok(rd) = std::fs::read_dir(self.students_dir()) {
            for e in rd.filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                scan(&e.path(), &format!("students/{name}"));
            }
        }
        let known: HashMap<String, (String, i64)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT dir, uid, file_mtime FROM attempts")?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    (r.get::<_, String>(1)?, r.get::<_, i64>(2)?),
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut keep = std::collections::HashSet::new();
        let mut updates = Vec::new();
        for (record, rel) in found {
            let mtime = modified_ms(&record);
            if let Some((uid, m)) = known.get(&rel)
                && *m == mtime
            {
                keep.insert(uid.clone());
                continue;
            }
            match parse_record(&record) {
                Ok(mut a) => {
                    let mut rewrite = false;
                    if a.uid.is_empty() {
                        // Records from before sessions existed: give them a stable id now.
                        a.uid = new_uid();
                        rewrite = true;
                    }
                    if let Some(r) = &a.recording
                        && r.is_absolute()
                        && r.parent() == record.parent()
                    {
                        a.recording = Some(PathBuf::from(ANSWER_FILE));
                        rewrite = true;
                    }
                    if rewrite {
                        save_record(&record, &a)?;
                    }
                    keep.insert(a.uid.clone());
                    updates.push((a, rel, modified_ms(&record)));
                }
                Err(e) => problems.push(format!("{}: {e}", record.display())),
            }
        }
        let tx = self.conn.transaction()?;
        for (a, rel, mtime) in &updates {
            db::upsert_attempt(&tx, a, rel)?;
            tx.execute(
                "UPDATE attempts SET file_mtime = ?1 WHERE uid = ?2",
                params![mtime, a.uid],
            )?;
        }
        let stale: Vec<String> = known
            .values()
            .map(|(uid, _)| uid.clone())
            .filter(|u| !keep.contains(u))
            .collect();
        for uid in stale {
            tx.execute("DELETE FROM attempts WHERE uid = ?1", [uid])?;
        }
        tx.commit()?;
        Ok(problems)
    }

    /// Creates the folder for a new attempt of the user's own and returns its id and path.
    pub fn new_attempt_dir(&self, question_id: &str) -> Result<(String, PathBuf), LibraryError> {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0);
        let id = format!("{ms}-{}", slug(question_id));
        let path = self.attempts_dir().join(&id);
        std::fs::create_dir_all(&path).map_err(io_err("creating the attempt folder", &path))?;
        Ok((id, path))
    }

    /// Saves an attempt (new, or re-analysed): the record is written atomically, then indexed
    /// in a transaction. Until this call the previous record stays in place, so a re-analysis
    /// that fails or is interrupted loses nothing. Assigns a uid when missing.
    pub fn save(&mut self, attempt: &mut Attempt) -> Result<(), LibraryError> {
        if attempt.uid.is_empty() {
            attempt.uid = new_uid();
        }
        let dir = self.attempt_dir(attempt);
        // On disk the recording is named relative to the folder, so the data directory can be
        // moved or backed up and restored elsewhere; the caller keeps the full path.
        let mut stored = attempt.clone();
        if let Some(r) = &attempt.recording
            && r.is_absolute()
            && r.parent() == Some(dir.as_path())
        {
            stored.recording = r.file_name().map(PathBuf::from);
        }
        let record = dir.join(ATTEMPT_FILE);
        save_record(&record, &stored)?;
        let tx = self.conn.transaction()?;
        db::upsert_attempt(&tx, attempt, &Self::relative_dir(attempt))?;
        tx.execute(
            "UPDATE attempts SET file_mtime = ?1 WHERE uid = ?2",
            params![modified_ms(&record), attempt.uid],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Attempts, oldest first, optionally only those whose question or transcript contains
    /// `search` (case-insensitive). Unreadable records are returned as problems.
    pub fn list(
        &self,
        who: &Who,
        search: Option<&str>,
    ) -> Result<(Vec<Attempt>, Vec<String>), LibraryError> {
        // LIKE with an escape character, so a search for "50%" means the text, not a wildcard.
        let pattern = search.map(str::trim).filter(|s| !s.is_empty()).map(|s| {
            let mut p = String::from("%");
            for c in s.chars() {
                if matches!(c, '\\' | '%' | '_') {
                    p.push('\\');
                }
                p.push(c);
            }
            p.push('%');
            p
        });
        let (student_clause, student): (&str, String) = match who {
            Who::Own => ("student = ''", String::new()),
            Who::Student(s) => ("student = ?2", s.clone()),
            Who::All => ("1 = 1", String::new()),
        };
        let sql = format!(
            "SELECT dir FROM attempts WHERE {student_clause}
             AND (?1 IS NULL OR question_text LIKE ?1 ESCAPE '\\' OR transcript LIKE ?1 ESCAPE '\\')
             ORDER BY created_unix, id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let dirs: Vec<String> = if matches!(who, Who::Student(_)) {
            stmt.query_map(params![pattern, student], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        } else {
            stmt.query_map(params![pattern], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for d in dirs {
            let record = self.data_dir.join(&d).join(ATTEMPT_FILE);
            match read_attempt(&record) {
                Ok(a) => out.push(a),
                Err(e) => problems.push(format!("{}: {e}", record.display())),
            }
        }
        Ok((out, problems))
    }

    /// One attempt by uid (or by a unique prefix of it, for the command line).
    pub fn get(&self, uid: &str) -> Result<Attempt, LibraryError> {
        let like = format!("{}%", uid.replace(['%', '_'], ""));
        let mut stmt = self
            .conn
            .prepare("SELECT dir FROM attempts WHERE uid LIKE ?1 LIMIT 2")?;
        let dirs: Vec<String> = stmt
            .query_map([like], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match dirs.as_slice() {
            [d] => {
                let record = self.data_dir.join(d).join(ATTEMPT_FILE);
                read_attempt(&record).map_err(|e| {
                    LibraryError::Invalid(format!(
                        "the attempt record {} cannot be read: {e}",
                        record.display()
                    ))
                })
            }
            [] => Err(LibraryError::NotFound(uid.to_string())),
            _ => Err(LibraryError::Invalid(format!(
                "{uid} matches more than one attempt; give more of the id"
            ))),
        }
    }

    /// Whether an attempt with exactly this uid is indexed (without reading its record).
    pub fn exists(&self, uid: &str) -> Result<bool, LibraryError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM attempts WHERE uid = ?1", [uid], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The uids of a mock interview's attempts, oldest first.
    pub fn mock_uids(&self, mock_id: &str) -> Result<Vec<String>, LibraryError> {
        let mut stmt = self
            .conn
            .prepare("SELECT uid FROM attempts WHERE mock_id = ?1 ORDER BY created_unix, id")?;
        let rows = stmt.query_map([mock_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Students in the coach view, by name.
    pub fn students(&self) -> Result<Vec<StudentSummary>, LibraryError> {
        let mut stmt = self.conn.prepare(
            "SELECT student, COUNT(*), MAX(created_unix) FROM attempts WHERE student != ''
             GROUP BY student ORDER BY student COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StudentSummary {
                name: r.get(0)?,
                attempts: r.get::<_, i64>(1)? as usize,
                latest_unix: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deletes an attempt: its folder (recording included), index row, comments, coach scores
    /// and conflicts. The folder is first moved aside, so a failure part-way leaves either the
    /// whole attempt or nothing. Callers ask the user first.
    pub fn delete(&mut self, uid: &str) -> Result<Attempt, LibraryError> {
        let attempt = self.get(uid)?;
        let dir = self.attempt_dir(&attempt);
        let trash = self.data_dir.join(working_folder(
            TRASH_PREFIX,
            &format!("{}-{}", attempt.uid, now_unix()),
        ));
        let moved = dir.exists();
        if moved {
            std::fs::rename(&dir, &trash).map_err(io_err("moving the attempt aside", &dir))?;
        }
        let result = (|| -> rusqlite::Result<()> {
            let tx = self.conn.transaction()?;
            tx.execute("DELETE FROM attempts WHERE uid = ?1", [&attempt.uid])?;
            tx.execute(
                "DELETE FROM comments WHERE attempt_uid = ?1",
                [&attempt.uid],
            )?;
            tx.execute(
                "DELETE FROM coach_scores WHERE attempt_uid = ?1",
                [&attempt.uid],
            )?;
            tx.execute(
                "DELETE FROM conflicts WHERE attempt_uid = ?1",
                [&attempt.uid],
            )?;
            tx.commit()
        })();
        if let Err(e) = result {
            if moved {
                let _ = std::fs::rename(&trash, &dir);
            }
            return Err(e.into());
        }
        if moved {
            std::fs::remove_dir_all(&trash)
                .map_err(io_err("removing the attempt's files", &trash))?;
        }
        // Imported versions that were waiting in conflicts with it.
        if let Ok(rd) = std::fs::read_dir(self.data_dir.join(INCOMING_DIR)) {
            let prefix = format!("{}-", attempt.uid);
            for e in rd.filter_map(Result::ok) {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        Ok(attempt)
    }

    // ----- comments and coach scores -----

    /// Comments on an attempt, in time order.
    pub fn comments(&self, attempt_uid: &str) -> Result<Vec<Comment>, LibraryError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, attempt_uid, author, at_s, word_index, text, created_unix FROM comments
             WHERE attempt_uid = ?1 ORDER BY at_s, created_unix",
        )?;
        let rows = stmt.query_map([attempt_uid], comment_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds or edits a comment (by its id).
    pub fn put_comment(&mut self, c: &Comment) -> Result<(), LibraryError> {
        if c.text.trim().is_empty() {
            return Err(LibraryError::Invalid("a comment cannot be empty".into()));
        }
        if !c.at_s.is_finite() || c.at_s < 0.0 {
            return Err(LibraryError::Invalid(format!(
                "a comment's moment must be a time in the recording (got {})",
                c.at_s
            )));
        }
        let tx = self.conn.transaction()?;
        insert_comment(&tx, c)?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a comment.
    pub fn delete_comment(&mut self, id: &str) -> Result<(), LibraryError> {
        self.conn
            .execute("DELETE FROM comments WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Coach scores on an attempt.
    pub fn coach_scores(&self, attempt_uid: &str) -> Result<Vec<CoachScore>, LibraryError> {
        let mut stmt = self.conn.prepare(
            "SELECT attempt_uid, author, dimension, score FROM coach_scores WHERE attempt_uid = ?1
             ORDER BY author, dimension",
        )?;
        let rows = stmt.query_map([attempt_uid], |r| {
            Ok(CoachScore {
                attempt_uid: r.get(0)?,
                author: r.get(1)?,
                dimension: r.get(2)?,
                score: r.get::<_, i64>(3)?.clamp(0, 100) as u8,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets a coach score, or clears it with `None`.
    pub fn set_coach_score(
        &mut self,
        attempt_uid: &str,
        author: &str,
        dimension: &str,
        score: Option<u8>,
    ) -> Result<(), LibraryError> {
        if !crate::sessions::DIMENSIONS.contains(&dimension) {
            return Err(LibraryError::Invalid(format!(
                "unknown dimension {dimension:?}; use one of {}",
                crate::sessions::DIMENSIONS.join(", ")
            )));
        }
        match score {
            Some(s) if s <= 100 => {
                self.conn.execute(
                    "INSERT INTO coach_scores (attempt_uid, author, dimension, score) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT(attempt_uid, author, dimension) DO UPDATE SET score = excluded.score",
                    params![attempt_uid, author, dimension, i64::from(s)],
                )?;
            }
            Some(s) => {
                return Err(LibraryError::Invalid(format!("scores are 0-100 (got {s})")));
            }
            None => {
                self.conn.execute(
                    "DELETE FROM coach_scores WHERE attempt_uid = ?1 AND author = ?2 AND dimension = ?3",
                    params![attempt_uid, author, dimension],
                )?;
            }
        }
        Ok(())
    }

    /// A new attempt folder of the user's own, and the path its recording is to be written to.
    pub fn new_answer_path(&self, question_id: &str) -> Result<(String, PathBuf), LibraryError> {
        let (id, dir) = self.new_attempt_dir(question_id)?;
        Ok((id, dir.join(ANSWER_FILE)))
    }

    /// Copies an existing recording into a new attempt folder, so later edits to the source
    /// never change history; returns the attempt id and the copy. A failed copy leaves no folder.
    pub fn new_attempt_from_recording(
        &self,
        question_id: &str,
        source: &Path,
    ) -> Result<(String, PathBuf), LibraryError> {
        let (id, wav) = self.new_answer_path(question_id)?;
        if let Err(e) = std::fs::copy(source, &wav) {
            self.discard_unfinished(&id);
            return Err(io_err("copying the recording", source)(e));
        }
        Ok((id, wav))
    }

    /// Removes the folder of one of the user's attempts that has no record yet (a recording that
    /// could not start). Folders with a record are left alone.
    pub fn discard_unfinished(&self, id: &str) {
        let mut parts = Path::new(id).components();
        let single = matches!(
            (parts.next(), parts.next()),
            (Some(std::path::Component::Normal(_)), None)
        );
        let dir = self.attempts_dir().join(id);
        if single && !dir.join(ATTEMPT_FILE).exists() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    /// Folders of the user's attempts under `data_dir` that have no record: answers cut off
    /// before they were analysed, whose recordings can be recovered. Needs no open library, so
    /// recordings are recovered even when the index cannot be opened.
    pub fn unfinished_dirs(data_dir: &Path) -> Vec<PathBuf> {
        let Ok(rd) = std::fs::read_dir(data_dir.join(ATTEMPTS_DIR)) else {
            return Vec::new();
        };
        rd.filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|d| d.is_dir() && !d.join(ATTEMPT_FILE).exists())
            .collect()
    }
}

fn same_comment(a: &Comment, b: &Comment) -> bool {
    a.text == b.text
        && a.author == b.author
        && a.word_index == b.word_index
        && (a.at_s - b.at_s).abs() < 1e-6
}

/// Name prefix of an import's staging folder: `.staging-<pid>-<uid>`.
pub(super) const STAGING_PREFIX: &str = ".staging-";
/// Name prefix of a folder moved aside before it is deleted or replaced:
/// `.trash-<pid>-<uid>-<time>`.
pub(super) const TRASH_PREFIX: &str = ".trash-";
/// Age after which a leftover folder is removed even if its process cannot be checked (or its
/// process id was reused): no import or delete takes that long.
const LEFTOVER_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// A name for a working folder of this process: `<prefix><pid>-<rest>`.
pub(super) fn working_folder(prefix: &str, rest: &str) -> String {
    format!("{prefix}{}-{rest}", std::process::id())
}

/// The process id in a working folder's name after its prefix (`<pid>-<uid>...`), or `None` for
/// an older build's `<uid>...`. A uid's first group is all digits about once in 43 (8 hex
/// digits), so the id counts only when a whole uid follows it: read as a process id, such a
/// uid named no running process and a young folder of an older build was removed.
fn owner_pid(rest: &str) -> Option<u32> {
    let (pid, tail) = rest.split_once('-')?;
    uuid::Uuid::try_parse(tail.get(..36)?).ok()?;
    pid.parse().ok()
}

/// Whether a leftover working folder (its name after the prefix is `rest`) belongs to no running
/// process. Where running processes can be listed (`/proc`), a folder whose process is alive is
/// kept; otherwise, and for names without a process id, only old folders are stale.
fn leftover_is_stale(rest: &str, path: &Path) -> bool {
    let old = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > LEFTOVER_MAX_AGE);
    let proc_fs = Path::new("/proc/self").exists();
    match owner_pid(rest) {
        Some(pid) if proc_fs => {
            let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
            !alive || old
        }
        _ => old,
    }
}

/// The comment stored under `id`, wherever it is.
fn comment_by_id(tx: &rusqlite::Connection, id: &str) -> rusqlite::Result<Option<Comment>> {
    use rusqlite::OptionalExtension;
    tx.query_row(
        "SELECT id, attempt_uid, author, at_s, word_index, text, created_unix FROM comments
         WHERE id = ?1",
        [id],
        comment_from_row,
    )
    .optional()
}

/// Adds `c`, or edits the comment with its id when that comment is the same author's on the same
/// attempt. An id that belongs to another author's comment, or to a comment on another attempt,
/// is refused: comment ids travel between machines, and a reused one must never rewrite
/// somebody else's words.
fn insert_comment(tx: &rusqlite::Transaction<'_>, c: &Comment) -> Result<(), LibraryError> {
    match comment_by_id(tx, &c.id)? {
        None => {
            tx.execute(
                "INSERT INTO comments (id, attempt_uid, author, at_s, word_index, text, created_unix)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    c.id,
                    c.attempt_uid,
                    c.author,
                    c.at_s,
                    c.word_index.map(|w| w as i64),
                    c.text,
                    c.created_unix as i64
                ],
            )?;
        }
        Some(e) if e.attempt_uid == c.attempt_uid && e.author == c.author => {
            tx.execute(
                "UPDATE comments SET at_s = ?2, word_index = ?3, text = ?4 WHERE id = ?1",
                params![c.id, c.at_s, c.word_index.map(|w| w as i64), c.text],
            )?;
        }
        Some(e) => return Err(foreign_comment_id(&c.id, &e)),
    }
    Ok(())
}

/// The refusal for a comment id that is already another comment's.
fn foreign_comment_id(id: &str, existing: &Comment) -> LibraryError {
    LibraryError::Invalid(format!(
        "comment id {id} already belongs to a comment by {} on {}; nothing was changed \
         (the file reuses an id: ask its sender to export it again)",
        crate::format::clip(&existing.author, 40),
        if existing.attempt_uid.is_empty() {
            "an attempt".to_string()
        } else {
            format!(
                "attempt {}",
                &existing.attempt_uid[..8.min(existing.attempt_uid.len())]
            )
        }
    ))
}

fn comment_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        attempt_uid: r.get(1)?,
        author: r.get(2)?,
        at_s: r.get(3)?,
        word_index: r.get::<_, Option<i64>>(4)?.map(|w| w.max(0) as usize),
        text: r.get(5)?,
        created_unix: r.get::<_, i64>(6)? as u64,
    })
}

/// Why an attempt record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The file could not be read.
    #[error(transparent)]
    Read(#[from] std::io::Error),
    /// The file is not an attempt record.
    #[error(transparent)]
    Parse(#[from] serde_json::Error),
}

/// Reads an attempt record. A recording stored relative to the folder is returned as a full
/// path, so the rest of the app never has to know where the folder is.
pub fn read_attempt(path: &Path) -> Result<Attempt, RecordError> {
    let mut a = parse_record(path)?;
    if let Some(r) = &a.recording
        && r.is_relative()
        && let Some(dir) = path.parent()
    {
        a.recording = Some(dir.join(r));
    }
    Ok(a)
}

fn save_record(path: &Path, a: &Attempt) -> Result<(), LibraryError> {
    let bytes = serde_json::to_vec_pretty(a).map_err(|e| LibraryError::Invalid(e.to_string()))?;
    write_atomic(path, &bytes).map_err(io_err("saving the attempt record", path))
}

/// Reads an attempt record as stored.
fn parse_record(path: &Path) -> Result<Attempt, RecordError> {
    let text = std::fs::read_to_string(path)?;
    Ok(serde_json::from_str(&text)?)
}
