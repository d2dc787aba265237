//! The library: attempts on disk plus the SQLite index, comments, coach scores and conflicts,
//! and the import/export operations that move them between a student and a coach.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::bundle::{self, BundleError, ExportItem, Limits, Manifest, PackFile};
use super::db::{self, SchemaError};
use super::feedback::{self, AttemptFeedback, FeedbackComment, FeedbackError, FeedbackFile};
use super::{
    ANSWER_FILE, ATTEMPT_FILE, Attempt, CoachScore, Comment, Conflict, mmss, new_uid, now_unix,
    write_atomic,
};
use crate::bank::Bank;

/// File name of the index inside the data directory.
pub const DB_FILE: &str = "library.sqlite3";

/// Why a library operation failed. Messages say what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// A file or folder could not be read or written.
    #[error("{what} ({path}): {source}")]
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
    Db(#[from] rusqlite::Error),
    /// No attempt with that id.
    #[error("no attempt {0} (run `interview-coach sessions list` to see ids)")]
    NotFound(String),
    /// A bundle was refused.
    #[error("{0}")]
    Bundle(#[from] BundleError),
    /// A feedback file was refused.
    #[error("{0}")]
    Feedback(#[from] FeedbackError),
    /// The request itself is not valid.
    #[error("{0}")]
    Invalid(String),
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
}

/// A folder-safe form of a name.
fn slug(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    if out.is_empty() { "_".into() } else { out }
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
        let (conn, migrated_from) = db::open(&path).map_err(|source| LibraryError::Schema {
            path: path.display().to_string(),
            source,
        })?;
        let mut lib = Self {
            data_dir: data_dir.to_path_buf(),
            conn,
            migrated_from,
        };
        lib.remove_leftovers();
        let problems = lib.sync_index()?;
        Ok((lib, problems))
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where the user's own attempts live.
    pub fn attempts_dir(&self) -> PathBuf {
        self.data_dir.join("attempts")
    }

    fn students_dir(&self) -> PathBuf {
        self.data_dir.join("students")
    }

    /// Staging and trash folders left by an import or delete that was interrupted.
    fn remove_leftovers(&self) {
        let Ok(rd) = std::fs::read_dir(&self.data_dir) else {
            return;
        };
        for e in rd.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".staging-") || name.starts_with(".trash-") {
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
        scan(&self.attempts_dir(), "attempts");
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
        let trash = self
            .data_dir
            .join(format!(".trash-{}-{}", attempt.uid, now_unix()));
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
        if !super::DIMENSIONS.contains(&dimension) {
            return Err(LibraryError::Invalid(format!(
                "unknown dimension {dimension:?}; use one of {}",
                super::DIMENSIONS.join(", ")
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

    /// Conflicts waiting for a decision on an attempt.
    pub fn conflicts(&self, attempt_uid: &str) -> Result<Vec<Conflict>, LibraryError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, attempt_uid, what, ours, theirs, created_unix FROM conflicts
             WHERE attempt_uid = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([attempt_uid], |r| {
            Ok(Conflict {
                id: r.get(0)?,
                attempt_uid: r.get(1)?,
                what: r.get(2)?,
                ours: r.get(3)?,
                theirs: r.get(4)?,
                created_unix: r.get::<_, i64>(5)? as u64,
                can_take_theirs: false,
            })
        })?;
        let mut list: Vec<Conflict> = rows.collect::<Result<_, _>>()?;
        for c in &mut list {
            c.can_take_theirs = match ConflictItem::parse(&c.theirs) {
                ConflictItem::Attempt => self
                    .incoming_dir(&c.attempt_uid, &c.theirs)
                    .join(ATTEMPT_FILE)
                    .is_file(),
                ConflictItem::Other => false,
                _ => true,
            };
        }
        Ok(list)
    }

    /// Where the imported version of an attempt in conflict waits for a decision. The name comes
    /// from the attempt and a hash of the version, so importing the same bundle again finds the
    /// same folder instead of filling the disk.
    fn incoming_dir(&self, uid: &str, theirs: &str) -> PathBuf {
        use sha2::Digest;
        let hash = crate::models::download::to_hex(&sha2::Sha256::digest(theirs.as_bytes()));
        self.data_dir
            .join(INCOMING_DIR)
            .join(format!("{uid}-{}", &hash[..16]))
    }

    /// Replaces an attempt with its imported version (kept in [`Library::incoming_dir`]); its
    /// comments, scores and id stay. The current folder is moved aside first, so a failure puts
    /// everything back.
    fn take_incoming_attempt(
        &mut self,
        id: i64,
        uid: &str,
        theirs: &str,
    ) -> Result<(), LibraryError> {
        let incoming = self.incoming_dir(uid, theirs);
        if !incoming.join(ATTEMPT_FILE).is_file() {
            return Err(LibraryError::Invalid(
                "the imported version of this attempt was not kept (it was imported by an older \
                 version of the app); keep yours, or delete the attempt and import the bundle again"
                    .into(),
            ));
        }
        let existing = self.get(uid)?;
        let mut new = parse_record(&incoming.join(ATTEMPT_FILE)).map_err(|e| {
            LibraryError::Invalid(format!("the imported version could not be read: {e}"))
        })?;
        // It stays where the coach has it, under the same student.
        new.student = existing.student.clone();
        save_record(&incoming.join(ATTEMPT_FILE), &new)?;
        let target = self.attempt_dir(&existing);
        let trash = self.data_dir.join(format!(".trash-{uid}-{}", now_unix()));
        std::fs::rename(&target, &trash).map_err(io_err("moving the attempt aside", &target))?;
        if let Err(e) = std::fs::rename(&incoming, &target) {
            let _ = std::fs::rename(&trash, &target);
            return Err(io_err("putting the imported version in place", &incoming)(
                e,
            ));
        }
        let record = target.join(ATTEMPT_FILE);
        let indexed = (|| {
            let tx = self.conn.transaction()?;
            db::upsert_attempt(&tx, &new, &Self::relative_dir(&new))?;
            tx.execute(
                "UPDATE attempts SET file_mtime = ?1 WHERE uid = ?2",
                params![modified_ms(&record), uid],
            )?;
            tx.execute("DELETE FROM conflicts WHERE id = ?1", [id])?;
            tx.commit()
        })();
        if let Err(e) = indexed {
            let _ = std::fs::rename(&target, &incoming);
            let _ = std::fs::rename(&trash, &target);
            return Err(e.into());
        }
        let _ = std::fs::remove_dir_all(&trash);
        Ok(())
    }

    /// Settles a conflict: keep what is here, or take the imported version.
    pub fn resolve_conflict(&mut self, id: i64, take_theirs: bool) -> Result<(), LibraryError> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT attempt_uid, theirs FROM conflicts WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((uid, theirs)) = row else {
            return Err(LibraryError::Invalid(format!("no conflict {id}")));
        };
        let item = ConflictItem::parse(&theirs);
        if take_theirs && item == ConflictItem::Attempt {
            return self.take_incoming_attempt(id, &uid, &theirs);
        }
        let tx = self.conn.transaction()?;
        if take_theirs {
            match &item {
                ConflictItem::Comment(c) => {
                    insert_comment(&tx, c)?;
                }
                ConflictItem::Score(s) => {
                    tx.execute(
                        "INSERT INTO coach_scores (attempt_uid, author, dimension, score) VALUES (?1, ?2, ?3, ?4)
                         ON CONFLICT(attempt_uid, author, dimension) DO UPDATE SET score = excluded.score",
                        params![s.attempt_uid, s.author, s.dimension, i64::from(s.score)],
                    )?;
                }
                ConflictItem::Attempt | ConflictItem::Other => {
                    return Err(LibraryError::Invalid(
                        "this conflict cannot be applied automatically; keep yours instead".into(),
                    ));
                }
            }
        }
        tx.execute("DELETE FROM conflicts WHERE id = ?1", [id])?;
        tx.commit()?;
        if item == ConflictItem::Attempt {
            // Kept mine: the imported version's files are no longer needed.
            let _ = std::fs::remove_dir_all(self.incoming_dir(&uid, &theirs));
        }
        Ok(())
    }

    // ----- bundles -----

    /// Exports attempts (by uid) as one bundle file for a coach, with the question packs they
    /// came from. `student` is the name the coach will see.
    pub fn export_bundle(
        &self,
        uids: &[String],
        student: &str,
        bank: &Bank,
        out: &Path,
    ) -> Result<u64, LibraryError> {
        feedback::check_name("your name", student).map_err(|e| {
            LibraryError::Invalid(format!(
                "{e}; set your name so your coach knows whose attempts these are"
            ))
        })?;
        if uids.is_empty() {
            return Err(LibraryError::Invalid(
                "choose at least one attempt to export".into(),
            ));
        }
        let mut attempts = Vec::new();
        for u in uids {
            let mut a = self.get(u)?;
            let wav = self.recording_path(&a).filter(|p| p.is_file());
            a.recording = wav.as_ref().map(|_| PathBuf::from(ANSWER_FILE));
            a.student = None;
            // Full paths would show the coach the student's folders and user name.
            a.report.file = ANSWER_FILE.to_string();
            a.report.model.path = Path::new(&a.report.model.path)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            attempts.push((a, wav));
        }
        let mut packs: BTreeMap<String, String> = BTreeMap::new();
        for (a, _) in &attempts {
            // Named by pack id: user pack file names may hold characters a bundle refuses,
            // and two folders may each have a pack file of the same name.
            if let Some(q) = bank.get(&a.question_id)
                && let Some((_, text)) = bank.pack_text(&q.pack)
            {
                packs.insert(format!("{}.toml", slug(&q.pack)), text);
            }
        }
        let mock_ids: std::collections::BTreeSet<_> = attempts
            .iter()
            .filter_map(|(a, _)| a.mock_id.clone())
            .collect();
        let manifest = Manifest {
            format: bundle::FORMAT.to_string(),
            version: bundle::VERSION,
            student: student.to_string(),
            created_unix: now_unix(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            mock_id: if mock_ids.len() == 1 && attempts.iter().all(|(a, _)| a.mock_id.is_some()) {
                mock_ids.into_iter().next()
            } else {
                None
            },
            attempts: attempts.iter().map(|(a, _)| a.uid.clone()).collect(),
            packs: packs.keys().cloned().collect(),
        };
        let items: Vec<ExportItem<'_>> = attempts
            .iter()
            .map(|(a, w)| ExportItem {
                attempt: a,
                wav: w.as_deref(),
            })
            .collect();
        let pack_files: Vec<PackFile> = packs
            .into_iter()
            .map(|(name, text)| PackFile { name, text })
            .collect();
        Ok(bundle::write_bundle(out, &manifest, &items, &pack_files)?)
    }

    /// Imports a student's bundle into the coach view. The bundle is checked completely in a
    /// staging folder first; if anything is wrong, nothing is written. Attempts already here
    /// are not duplicated; a different version of one is kept as a conflict.
    pub fn import_bundle(&mut self, path: &Path) -> Result<ImportSummary, LibraryError> {
        self.import_bundle_with(path, &Limits::default())
    }

    /// [`Library::import_bundle`] with explicit size limits.
    pub fn import_bundle_with(
        &mut self,
        path: &Path,
        limits: &Limits,
    ) -> Result<ImportSummary, LibraryError> {
        let staging = self.data_dir.join(format!(".staging-{}", new_uid()));
        std::fs::create_dir_all(&staging).map_err(io_err("creating a staging folder", &staging))?;
        let result = self.import_staged(path, &staging, limits);
        let _ = std::fs::remove_dir_all(&staging);
        result
    }

    fn import_staged(
        &mut self,
        path: &Path,
        staging: &Path,
        limits: &Limits,
    ) -> Result<ImportSummary, LibraryError> {
        let extracted = bundle::extract(path, staging, limits)?;
        let student = extracted.manifest.student.clone();
        let mut summary = ImportSummary {
            from: student.clone(),
            ..ImportSummary::default()
        };
        // Decide first, then move files, then index everything in one transaction.
        let mut to_add = Vec::new();
        let mut conflicts = Vec::new();
        // Imported versions of attempts in conflict, kept for "take theirs".
        let mut incoming = Vec::new();
        for x in extracted.attempts {
            let mut a = x.attempt;
            a.student = Some(student.clone());
            match self.get(&a.uid) {
                Ok(existing) if existing.uid == a.uid => {
                    let mut same = existing.clone();
                    same.recording = a.recording.clone();
                    if same == a {
                        summary.attempts_unchanged += 1;
                    } else {
                        let theirs = attempt_digest(&a);
                        let waiting = self.incoming_dir(&a.uid, &theirs);
                        conflicts.push((
                            a.uid.clone(),
                            format!(
                                "A different version of the attempt \"{}\" in a bundle from {student}",
                                short(&a.question_text)
                            ),
                            attempt_digest(&existing),
                            theirs,
                        ));
                        // The same version imported again is already waiting.
                        if !waiting.exists() {
                            incoming.push((a, x.wav, waiting));
                        }
                    }
                }
                _ => to_add.push((a, x.wav)),
            }
        }
        let mut placed: Vec<PathBuf> = Vec::new();
        let place =
            |a: &Attempt, wav: &Option<PathBuf>, dir: PathBuf, placed: &mut Vec<PathBuf>| {
                let tmp = staging.join(format!("place-{}", a.uid));
                std::fs::create_dir_all(&tmp).map_err(io_err("staging an attempt", &tmp))?;
                if let Some(w) = wav {
                    std::fs::rename(w, tmp.join(ANSWER_FILE))
                        .map_err(io_err("staging a recording", w))?;
                }
                save_record(&tmp.join(ATTEMPT_FILE), a)?;
                if let Some(parent) = dir.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(io_err("creating the attempt's folder", parent))?;
                }
                std::fs::rename(&tmp, &dir).map_err(io_err("storing an imported attempt", &dir))?;
                placed.push(dir);
                Ok::<(), LibraryError>(())
            };
        let mut outcome = Ok(());
        let targets = to_add
            .iter()
            .map(|(a, wav)| (a, wav, self.attempt_dir(a)))
            .chain(incoming.iter().map(|(a, wav, dir)| (a, wav, dir.clone())));
        for (a, wav, dir) in targets {
            if let Err(e) = place(a, wav, dir, &mut placed) {
                outcome = Err(e);
                break;
            }
        }
        let mut new_conflicts = 0;
        if outcome.is_ok() {
            outcome = (|| {
                let tx = self.conn.transaction()?;
                for (a, _) in &to_add {
                    db::upsert_attempt(&tx, a, &Self::relative_dir(a))?;
                    let record = self.data_dir.join(Self::relative_dir(a)).join(ATTEMPT_FILE);
                    tx.execute(
                        "UPDATE attempts SET file_mtime = ?1 WHERE uid = ?2",
                        params![modified_ms(&record), a.uid],
                    )?;
                }
                for (uid, what, ours, theirs) in &conflicts {
                    // Ignored when the same disagreement is already waiting.
                    new_conflicts += tx.execute(
                        "INSERT OR IGNORE INTO conflicts (attempt_uid, what, ours, theirs, created_unix)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![uid, what, ours, theirs, now_unix() as i64],
                    )?;
                }
                tx.commit()
            })()
            .map_err(LibraryError::from);
        }
        if let Err(e) = outcome {
            for d in placed {
                let _ = std::fs::remove_dir_all(d);
            }
            return Err(e);
        }
        if !extracted.packs.is_empty() {
            let dir = self.students_dir().join(slug(&student)).join("packs");
            for p in &extracted.packs {
                let target = dir.join(&p.name);
                write_atomic(&target, p.text.as_bytes())
                    .map_err(io_err("saving the student's question pack", &target))?;
            }
        }
        summary.attempts_added = to_add.len();
        summary.conflicts = new_conflicts;
        Ok(summary)
    }

    // ----- feedback -----

    /// Exports `author`'s comments and scores on a student's attempts as a small feedback file
    /// for the student. Returns the number of attempts with feedback.
    pub fn export_feedback(
        &self,
        student: &str,
        author: &str,
        out: &Path,
    ) -> Result<usize, LibraryError> {
        feedback::check_name("your name", author)
            .map_err(|e| LibraryError::Invalid(format!("{e}; set your name in Settings")))?;
        let (attempts, _) = self.list(&Who::Student(student.to_string()), None)?;
        if attempts.is_empty() {
            return Err(LibraryError::Invalid(format!(
                "there are no attempts from {student:?} here"
            )));
        }
        let mut out_attempts = Vec::new();
        for a in &attempts {
            let comments: Vec<FeedbackComment> = self
                .comments(&a.uid)?
                .into_iter()
                .filter(|c| c.author == author)
                .map(|c| FeedbackComment {
                    id: c.id,
                    at_s: c.at_s,
                    word_index: c.word_index,
                    text: c.text,
                    created_unix: c.created_unix,
                })
                .collect();
            let scores: BTreeMap<String, u8> = self
                .coach_scores(&a.uid)?
                .into_iter()
                .filter(|s| s.author == author)
                .map(|s| (s.dimension, s.score))
                .collect();
            if !comments.is_empty() || !scores.is_empty() {
                out_attempts.push(AttemptFeedback {
                    uid: a.uid.clone(),
                    question_text: a.question_text.clone(),
                    comments,
                    scores,
                });
            }
        }
        if out_attempts.is_empty() {
            return Err(LibraryError::Invalid(format!(
                "{author} has no comments or scores on {student}'s attempts yet"
            )));
        }
        let n = out_attempts.len();
        let file = FeedbackFile {
            format: feedback::FORMAT.into(),
            version: feedback::VERSION,
            coach: author.to_string(),
            student: student.to_string(),
            created_unix: now_unix(),
            app_version: env!("CARGO_PKG_VERSION").into(),
            attempts: out_attempts,
        };
        feedback::write(out, &file).map_err(io_err("writing the feedback file", out))?;
        Ok(n)
    }

    /// Imports a coach's feedback: new comments and scores are added, ones already here are
    /// skipped, and ones that disagree with what is here become conflicts (nothing is
    /// overwritten). Everything is applied in one transaction.
    pub fn import_feedback(&mut self, path: &Path) -> Result<ImportSummary, LibraryError> {
        let file = feedback::read(path)?;
        let mut summary = ImportSummary {
            from: file.coach.clone(),
            ..ImportSummary::default()
        };
        let known: Vec<bool> = file
            .attempts
            .iter()
            .map(|a| self.exists(&a.uid))
            .collect::<Result<_, _>>()?;
        let existing: HashMap<String, Comment> = file
            .attempts
            .iter()
            .map(|a| self.comments(&a.uid))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .map(|c| (c.id.clone(), c))
            .collect();
        let mut existing_scores: HashMap<(String, String, String), u8> = HashMap::new();
        for a in &file.attempts {
            for s in self.coach_scores(&a.uid)? {
                existing_scores.insert((s.attempt_uid, s.author, s.dimension), s.score);
            }
        }
        let tx = self.conn.transaction()?;
        let conflict = |tx: &rusqlite::Transaction<'_>,
                        uid: &str,
                        what: String,
                        ours: String,
                        theirs: String| {
            tx.execute(
                "INSERT OR IGNORE INTO conflicts (attempt_uid, what, ours, theirs, created_unix)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![uid, what, ours, theirs, now_unix() as i64],
            )
        };
        for (a, known) in file.attempts.iter().zip(known) {
            if !known {
                summary.unknown_attempts.push(short(&a.question_text));
                continue;
            }
            for fc in &a.comments {
                let c = Comment {
                    id: fc.id.clone(),
                    attempt_uid: a.uid.clone(),
                    author: file.coach.clone(),
                    at_s: fc.at_s,
                    word_index: fc.word_index,
                    text: fc.text.clone(),
                    created_unix: fc.created_unix,
                };
                match existing.get(&c.id) {
                    None => {
                        insert_comment(&tx, &c)?;
                        summary.comments_added += 1;
                    }
                    Some(e) if same_comment(e, &c) => summary.unchanged += 1,
                    Some(e) => {
                        let n = conflict(
                            &tx,
                            &a.uid,
                            format!("Comment by {} at {}", c.author, mmss(c.at_s)),
                            serde_json::to_string(e).unwrap_or_default(),
                            serde_json::to_string(&c).unwrap_or_default(),
                        )?;
                        summary.conflicts += n;
                        summary.unchanged += 1 - n.min(1);
                    }
                }
            }
            for (dim, score) in &a.scores {
                let key = (a.uid.clone(), file.coach.clone(), dim.clone());
                let s = CoachScore {
                    attempt_uid: a.uid.clone(),
                    author: file.coach.clone(),
                    dimension: dim.clone(),
                    score: *score,
                };
                match existing_scores.get(&key) {
                    None => {
                        tx.execute(
                            "INSERT INTO coach_scores (attempt_uid, author, dimension, score) VALUES (?1, ?2, ?3, ?4)",
                            params![s.attempt_uid, s.author, s.dimension, i64::from(s.score)],
                        )?;
                        summary.scores_added += 1;
                    }
                    Some(v) if v == score => summary.unchanged += 1,
                    Some(v) => {
                        let ours = CoachScore {
                            score: *v,
                            ..s.clone()
                        };
                        let n = conflict(
                            &tx,
                            &a.uid,
                            format!("{}'s score for {}", s.author, dim.replace('_', " ")),
                            serde_json::to_string(&ours).unwrap_or_default(),
                            serde_json::to_string(&s).unwrap_or_default(),
                        )?;
                        summary.conflicts += n;
                        summary.unchanged += 1 - n.min(1);
                    }
                }
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    /// Imports a file of either kind (bundle or feedback), told apart by content: bundles are
    /// zip archives.
    pub fn import_any(&mut self, path: &Path) -> Result<ImportSummary, LibraryError> {
        let mut magic = [0u8; 2];
        let is_zip = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
            .is_ok()
            && &magic == b"PK";
        // A file named like a bundle that is not a zip goes to the bundle reader, which says so.
        if is_zip
            || path
                .extension()
                .is_some_and(|e| e == bundle::BUNDLE_EXTENSION)
        {
            self.import_bundle(path)
        } else {
            self.import_feedback(path)
        }
    }

    /// Writes the printable HTML report for attempts (one attempt, or a mock interview when
    /// there are several) to `out`.
    pub fn write_report(&self, uids: &[String], out: &Path) -> Result<(), LibraryError> {
        let mut data = Vec::new();
        for u in uids {
            let a = self.get(u)?;
            let comments = self.comments(&a.uid)?;
            let scores = self.coach_scores(&a.uid)?;
            data.push((a, comments, scores));
        }
        if data.is_empty() {
            return Err(LibraryError::Invalid("choose at least one attempt".into()));
        }
        let items: Vec<super::html::ReportItem<'_>> = data
            .iter()
            .map(|(a, c, s)| super::html::ReportItem {
                attempt: a,
                comments: c,
                coach_scores: s,
            })
            .collect();
        let title = if data.len() == 1 {
            format!("Interview practice: {}", short(&data[0].0.question_text))
        } else {
            format!("Mock interview: {} questions", data.len())
        };
        let html = super::html::render(&title, &items);
        write_atomic(out, html.as_bytes()).map_err(io_err("writing the report", out))
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
        let Ok(rd) = std::fs::read_dir(data_dir.join("attempts")) else {
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

fn insert_comment(tx: &rusqlite::Transaction<'_>, c: &Comment) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO comments (id, attempt_uid, author, at_s, word_index, text, created_unix)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET at_s = excluded.at_s, word_index = excluded.word_index,
            text = excluded.text, author = excluded.author",
        params![
            c.id,
            c.attempt_uid,
            c.author,
            c.at_s,
            c.word_index.map(|w| w as i64),
            c.text,
            c.created_unix as i64
        ],
    )
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

/// Folder (in the data directory) of imported attempt versions waiting in conflicts.
const INCOMING_DIR: &str = "incoming";

/// What a conflict's imported side holds, read from its JSON.
#[derive(Debug, PartialEq)]
enum ConflictItem {
    Comment(Comment),
    Score(CoachScore),
    /// A whole attempt (its digest; the files are in the incoming folder).
    Attempt,
    /// Unreadable: written by some other version of the app.
    Other,
}

impl ConflictItem {
    fn parse(json: &str) -> Self {
        if let Ok(c) = serde_json::from_str::<Comment>(json) {
            return Self::Comment(c);
        }
        if let Ok(s) = serde_json::from_str::<CoachScore>(json) {
            return Self::Score(s);
        }
        match serde_json::from_str::<serde_json::Value>(json) {
            Ok(v) if v.get("transcript").is_some() && v.get("question").is_some() => Self::Attempt,
            _ => Self::Other,
        }
    }
}

/// A one-line summary of an attempt for a conflict (the full records stay in their files).
fn attempt_digest(a: &Attempt) -> String {
    serde_json::json!({
        "question": a.question_text,
        "overall": a.overall(),
        "model": a.report.model.name,
        "app_version": a.app_version,
        "transcript": a.report.transcript.text,
    })
    .to_string()
}

/// The first 60 characters of a text, for messages.
fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Reads an attempt record. A recording stored relative to the folder is returned as a full
/// path, so the rest of the app never has to know where the folder is.
pub fn read_attempt(path: &Path) -> Result<Attempt, String> {
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
fn parse_record(path: &Path) -> Result<Attempt, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}
