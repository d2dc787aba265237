//! Import conflicts: what an import could not apply because it disagreed with what is here,
//! kept until the user keeps theirs or takes the imported side.

use std::path::PathBuf;

use rusqlite::{OptionalExtension, params};

use super::{
    Library, LibraryError, TRASH_PREFIX, db, insert_comment, io_err, modified_ms, parse_record,
    save_record, working_folder,
};
use crate::sessions::{ATTEMPT_FILE, Attempt, CoachScore, Comment, Conflict, now_unix};

impl Library {
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
    pub(super) fn incoming_dir(&self, uid: &str, theirs: &str) -> PathBuf {
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
        let trash = self.data_dir.join(working_folder(
            TRASH_PREFIX,
            &format!("{uid}-{}", now_unix()),
        ));
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
}

/// Folder (in the data directory) of imported attempt versions waiting in conflicts.
pub(super) const INCOMING_DIR: &str = "incoming";

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
pub(super) fn attempt_digest(a: &Attempt) -> String {
    serde_json::json!({
        "question": a.question_text,
        "overall": a.overall(),
        "model": a.report.model.name,
        "app_version": a.app_version,
        "transcript": a.report.transcript.text,
    })
    .to_string()
}
