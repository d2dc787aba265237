//! Moving attempts and feedback between a student and a coach: bundles out and in, feedback
//! files out and in, and printable reports.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::params;

use super::conflicts::attempt_digest;
use super::{
    ImportSummary, Library, LibraryError, STAGING_PREFIX, Who, comment_by_id, db,
    foreign_comment_id, insert_comment, io_err, modified_ms, same_comment, save_record,
    working_folder,
};
use crate::bank::Bank;
use crate::format::{clip, mmss, slug};
use crate::sessions::bundle::{self, ExportItem, Limits, Manifest, PackFile};
use crate::sessions::feedback::{self, AttemptFeedback, FeedbackComment, FeedbackFile};
use crate::sessions::validate;
use crate::sessions::{
    ANSWER_FILE, ATTEMPT_FILE, Attempt, CoachScore, Comment, new_uid, now_unix, write_atomic,
};

/// Longest question text quoted in a summary or title, in characters.
const MAX_TITLE_CHARS: usize = 60;

impl Library {
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
        validate::check_name("your name", student).map_err(|e| {
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
        let staging = self
            .data_dir
            .join(working_folder(STAGING_PREFIX, &new_uid()));
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
                                clip(&a.question_text, MAX_TITLE_CHARS)
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
        validate::check_name("your name", author)
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
                summary
                    .unknown_attempts
                    .push(clip(&a.question_text, MAX_TITLE_CHARS));
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
                // Looked up across the whole library, not only this attempt: an id that is
                // another attempt's or another author's comment refuses the whole file.
                match comment_by_id(&tx, &c.id)? {
                    None => {
                        insert_comment(&tx, &c)?;
                        summary.comments_added += 1;
                    }
                    Some(e) if e.attempt_uid != c.attempt_uid || e.author != c.author => {
                        return Err(foreign_comment_id(&c.id, &e));
                    }
                    Some(e) if same_comment(&e, &c) => summary.unchanged += 1,
                    Some(e) => {
                        let n = conflict(
                            &tx,
                            &a.uid,
                            format!("Comment by {} at {}", c.author, mmss(c.at_s)),
                            serde_json::to_string(&e).unwrap_or_default(),
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
        // Regular files only (a named pipe would block the open); the readers below say why
        // anything else is refused.
        let is_zip = crate::user_file::open_regular(path)
            .ok()
            .is_some_and(|mut f| std::io::Read::read_exact(&mut f, &mut magic).is_ok())
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
        let items: Vec<crate::sessions::html::ReportItem<'_>> = data
            .iter()
            .map(|(a, c, s)| crate::sessions::html::ReportItem {
                attempt: a,
                comments: c,
                coach_scores: s,
            })
            .collect();
        let title = if data.len() == 1 {
            format!(
                "Interview practice: {}",
                clip(&data[0].0.question_text, MAX_TITLE_CHARS)
            )
        } else {
            format!("Mock interview: {} questions", data.len())
        };
        let html = crate::sessions::html::render(&title, &items);
        write_atomic(out, html.as_bytes()).map_err(io_err("writing the report", out))
    }
}
