//! The feedback file a coach sends back: comments pinned to moments and per-dimension scores
//! for a student's attempts. Small JSON, read as untrusted input: size-capped, and every field
//! is checked before anything is applied.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DIMENSIONS;
use super::validate::{
    Checked, Invalid, MAX_COMMENTS, MAX_LABEL_CHARS, MAX_QUESTION_CHARS, check_comment,
    check_count, check_line, check_name, check_score, check_seconds, check_text, check_uid,
    check_word_index, quoted,
};

/// File extension of feedback files.
pub const FEEDBACK_EXTENSION: &str = "icfeedback";
/// Value of the `format` field.
pub const FORMAT: &str = "interview-coach-feedback";
/// Layout version this build writes and reads.
pub const VERSION: u32 = 1;
/// Largest feedback file accepted. Thousands of comments fit in well under a megabyte; the cap
/// stops a hostile file from exhausting memory.
pub const MAX_FEEDBACK_BYTES: u64 = 8 * 1024 * 1024;

/// A coach's feedback on some of one student's attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Layout version, [`VERSION`].
    pub version: u32,
    /// Who wrote the feedback.
    pub coach: String,
    /// Whose attempts it is about.
    pub student: String,
    /// When it was exported, seconds since the Unix epoch.
    pub created_unix: u64,
    /// The app version that wrote it.
    pub app_version: String,
    /// Per attempt.
    pub attempts: Vec<AttemptFeedback>,
}

/// Feedback on one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptFeedback {
    /// The attempt's uid.
    pub uid: String,
    /// The question, so an unknown attempt can be named in messages.
    pub question_text: String,
    /// Comments pinned to moments.
    pub comments: Vec<FeedbackComment>,
    /// Coach scores by dimension key.
    pub scores: BTreeMap<String, u8>,
}

/// One comment in a feedback file (its author is the file's coach).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackComment {
    /// The comment's uid.
    pub id: String,
    /// Moment in the recording, seconds.
    pub at_s: f64,
    /// The word it is pinned to, if any.
    #[serde(default)]
    pub word_index: Option<usize>,
    /// The comment.
    pub text: String,
    /// When it was written.
    pub created_unix: u64,
}

/// Why a feedback file was refused.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    /// Could not be read.
    #[error("could not read the feedback file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Too large to be feedback.
    #[error(
        "{path} is larger than {} MB; feedback files are small, so this is not one (ask the coach to export the feedback again)",
        MAX_FEEDBACK_BYTES / 1024 / 1024
    )]
    TooLarge {
        /// The file.
        path: String,
    },
    /// Not JSON of the right shape.
    #[error(
        "{path} is not a readable feedback file ({detail}); ask the coach to export the feedback again"
    )]
    Malformed {
        /// The file.
        path: String,
        /// serde's message, which names the field and position.
        detail: String,
    },
    /// A field has a value that cannot be right.
    #[error("{path}: {detail}; nothing was imported. Ask the coach to export the feedback again")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, naming the field.
        detail: Invalid,
    },
}

impl FeedbackFile {
    /// Checks every field with the rules bundles use too ([`super::validate`]); the message
    /// names the first bad one.
    pub fn validate(&self) -> Checked {
        if self.format != FORMAT {
            return Err(Invalid(format!(
                "format is {:?}, expected {FORMAT:?} (is this a feedback file?)",
                quoted(&self.format)
            )));
        }
        if self.version > VERSION {
            return Err(Invalid(format!(
                "it was made by a newer interview-coach (layout {}; this build reads {VERSION}); update the app",
                self.version
            )));
        }
        check_name("coach", &self.coach)?;
        check_name("student", &self.student)?;
        check_line("app_version", &self.app_version, 0, MAX_LABEL_CHARS)?;
        // One id, one comment: a file that uses an id twice would store one and report two.
        let mut ids = std::collections::HashSet::new();
        let mut uids = std::collections::HashSet::new();
        for (i, a) in self.attempts.iter().enumerate() {
            let at = format!("attempts[{i}]");
            // One entry per attempt: two would give one dimension two scores.
            if !uids.insert(a.uid.as_str()) {
                return Err(Invalid(format!(
                    "{at}.uid {} appears twice in the file",
                    quoted(&a.uid)
                )));
            }
            for (j, c) in a.comments.iter().enumerate() {
                if !ids.insert(c.id.as_str()) {
                    return Err(Invalid(format!(
                        "{at}.comments[{j}].id {} is used by another comment in the same file",
                        quoted(&c.id)
                    )));
                }
            }
            check_uid(&format!("{at}.uid"), &a.uid)?;
            check_text(
                &format!("{at}.question_text"),
                &a.question_text,
                MAX_QUESTION_CHARS,
            )?;
            check_count(&format!("{at}.comments"), a.comments.len(), MAX_COMMENTS)?;
            for (j, c) in a.comments.iter().enumerate() {
                let at = format!("{at}.comments[{j}]");
                check_uid(&format!("{at}.id"), &c.id)?;
                check_seconds(&format!("{at}.at_s"), c.at_s)?;
                check_comment(&format!("{at}.text"), &c.text)?;
                if let Some(w) = c.word_index {
                    check_word_index(&format!("{at}.word_index"), w)?;
                }
            }
            for (dim, score) in &a.scores {
                if !DIMENSIONS.contains(&dim.as_str()) {
                    return Err(Invalid(format!(
                        "{at}.scores has an unknown dimension {:?} (expected one of {})",
                        quoted(dim),
                        DIMENSIONS.join(", ")
                    )));
                }
                check_score(&format!("{at}.scores.{dim}"), *score)?;
            }
        }
        Ok(())
    }
}

/// Reads and validates a feedback file.
pub fn read(path: &Path) -> Result<FeedbackFile, FeedbackError> {
    let shown = path.display().to_string();
    let io = |source| FeedbackError::Io {
        path: shown.clone(),
        source,
    };
    // Regular files only (a named pipe would block), read no further than the cap.
    let bytes = match crate::user_file::read_capped(path, MAX_FEEDBACK_BYTES) {
        Ok(bytes) => bytes,
        Err(crate::user_file::UserFileError::TooLarge { .. }) => {
            return Err(FeedbackError::TooLarge { path: shown });
        }
        Err(crate::user_file::UserFileError::Io(e)) => return Err(io(e)),
        Err(e) => return Err(io(std::io::Error::other(e))),
    };
    let parsed: FeedbackFile =
        serde_json::from_slice(&bytes).map_err(|e| FeedbackError::Malformed {
            path: shown.clone(),
            detail: e.to_string(),
        })?;
    parsed.validate().map_err(|detail| FeedbackError::Invalid {
        path: shown.clone(),
        detail,
    })?;
    Ok(parsed)
}

/// Writes a feedback file atomically.
pub fn write(path: &Path, file: &FeedbackFile) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(file).map_err(std::io::Error::other)?;
    super::write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> FeedbackFile {
        FeedbackFile {
            format: FORMAT.into(),
            version: VERSION,
            coach: "Dr Amara Osei".into(),
            student: "Lin".into(),
            created_unix: 1_700_000_000,
            app_version: "0.1.0".into(),
            attempts: vec![AttemptFeedback {
                uid: crate::sessions::new_uid(),
                question_text: "Why this specialty?".into(),
                comments: vec![FeedbackComment {
                    id: crate::sessions::new_uid(),
                    at_s: 12.5,
                    word_index: Some(30),
                    text: "Slow down here; let the number land.".into(),
                    created_unix: 1_700_000_000,
                }],
                scores: BTreeMap::from([("growth".to_string(), 70)]),
            }],
        }
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.icfeedback");
        let f = sample();
        write(&path, &f).unwrap();
        assert_eq!(read(&path).unwrap(), f);
    }

    #[test]
    fn bad_fields_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.icfeedback");
        type Mutation = Box<dyn Fn(&mut FeedbackFile)>;
        let cases: Vec<(Mutation, &str)> = vec![
            (Box::new(|f| f.format = "zip".into()), "format"),
            (Box::new(|f| f.version = 9), "newer"),
            (Box::new(|f| f.coach = String::new()), "coach"),
            (Box::new(|f| f.attempts[0].uid = "../../x".into()), "uid"),
            (Box::new(|f| f.attempts[0].comments[0].at_s = -3.0), "at_s"),
            // NaN is not JSON: serde_json writes null, which the reader refuses by type.
            (
                Box::new(|f| f.attempts[0].comments[0].at_s = f64::NAN),
                "null",
            ),
            (
                Box::new(|f| f.attempts[0].comments[0].text = " ".into()),
                "text",
            ),
            (
                Box::new(|f| {
                    f.attempts[0].scores.insert("charisma".into(), 5);
                }),
                "charisma",
            ),
            (
                Box::new(|f| {
                    f.attempts[0].scores.insert("growth".into(), 101);
                }),
                "0-100",
            ),
        ];
        for (mutate, needle) in cases {
            let mut f = sample();
            mutate(&mut f);
            std::fs::write(&path, serde_json::to_string(&f).unwrap()).unwrap();
            let e = read(&path).unwrap_err().to_string();
            assert!(e.contains(needle), "{needle}: {e}");
        }
    }

    #[test]
    fn feedback_follows_the_same_rules_as_bundles() {
        // Upper-case and unhyphenated spellings of a UUID are other ids; a bundle refuses
        // them, so feedback does too.
        let mut f = sample();
        f.attempts[0].uid = f.attempts[0].uid.to_uppercase();
        assert!(f.validate().unwrap_err().0.contains("attempts[0].uid"));
        let mut f = sample();
        f.attempts[0].comments[0].id = f.attempts[0].comments[0].id.replace('-', "");
        assert!(f.validate().unwrap_err().0.contains("comments[0].id"));
        // Control characters that could disguise a name or garble a terminal.
        for (field, bad) in [("coach", "Dr\u{202E}Lee"), ("student", "Lin\u{1b}[2J")] {
            let mut f = sample();
            if field == "coach" {
                f.coach = bad.into();
            } else {
                f.student = bad.into();
            }
            let e = f.validate().unwrap_err().0;
            assert!(e.contains(field) && e.contains("control characters"), "{e}");
        }
        let mut f = sample();
        f.attempts[0].comments[0].text = "fine\u{7}".into();
        assert!(f.validate().unwrap_err().0.contains("control characters"));
        let mut f = sample();
        f.attempts[0].question_text = "Why\u{0}?".into();
        assert!(f.validate().unwrap_err().0.contains("question_text"));
        // Line breaks in a comment are text, not control characters.
        let mut f = sample();
        f.attempts[0].comments[0].text = "Two points:\n1. pace\n2. pauses".into();
        f.validate().unwrap();
        let mut f = sample();
        f.attempts[0].comments[0].word_index = Some(crate::sessions::validate::MAX_WORDS);
        assert!(f.validate().unwrap_err().0.contains("word_index"));
    }

    #[test]
    fn wrong_types_and_oversize_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.icfeedback");
        let mut v = serde_json::to_value(sample()).unwrap();
        v["created_unix"] = serde_json::json!("yesterday");
        std::fs::write(&path, v.to_string()).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("not a readable feedback file"), "{e}");
        std::fs::write(&path, vec![b' '; (MAX_FEEDBACK_BYTES + 10) as usize]).unwrap();
        assert!(matches!(read(&path), Err(FeedbackError::TooLarge { .. })));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// A valid feedback file with bytes changed and cut anywhere: read returns an error or a
        /// file that passed every check, never a panic.
        #[test]
        fn a_mutated_feedback_file_is_refused_or_valid_never_a_panic(
            flips in proptest::collection::vec((0.0f64..1.0, proptest::prelude::any::<u8>()), 0..8),
            cut in proptest::option::of(0.0f64..1.0),
        ) {
            let mut bytes = serde_json::to_vec_pretty(&sample()).unwrap();
            crate::user_file::mutate(&mut bytes, &flips, cut);
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.icfeedback");
            std::fs::write(&path, &bytes).unwrap();
            if let Ok(file) = read(&path) {
                proptest::prop_assert!(file.validate().is_ok());
            }
        }
    }
}
