//! The question bank: questions as data, grouped in TOML packs a coach can copy and edit.
//!
//! The bundled packs in `prompts/` are compiled into the binary so it works from any
//! directory; a directory of user or coach packs can be loaded on top. A pack that fails to
//! parse or validate yields a [`PackError`] with file, line and column, and the other packs
//! still load. A question in a later pack replaces a bundled question with the same id, so a
//! coach can copy a pack, edit its questions and keep the ids.
//!
//! [`Bank::match_question`] maps free text ("Can you explain your Step 1?") to the closest
//! bank question, or, when nothing is close, to the rubric that suits it.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::coaching::meaning::MeaningHandle;
pub use crate::coaching::question::{
    MATCH_THRESHOLD, MatchMethod, Question, QuestionMatch, Rubric,
};
use crate::coaching::question::{match_question, match_question_with};

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackSource {
    /// Compiled into the binary from `prompts/<name>`.
    Bundled(&'static str),
    /// Loaded from a file.
    File(PathBuf),
}

/// A named group of questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// Pack id.
    pub id: String,
    /// Display title.
    pub title: String,
    /// What the pack is for.
    pub description: String,
    /// Where it came from.
    pub source: PackSource,
    /// The questions, in file order.
    pub questions: Vec<Question>,
}

/// A pack that could not be loaded, with where the problem is. Line and column are 1-based;
/// both are 0 when the file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", position(*.line, *.column))]
pub struct PackError {
    /// The file (or bundled pack name).
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column (in characters), 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    pack: PackHeader,
    #[serde(default, rename = "question")]
    questions: Vec<QuestionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackHeader {
    id: String,
    title: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: Spanned<String>,
    text: String,
    category: String,
    rubric: Rubric,
    #[serde(default)]
    target_seconds: Option<Spanned<[f64; 2]>>,
    #[serde(default)]
    follow_ups: Vec<String>,
    #[serde(default)]
    tip: String,
    #[serde(default)]
    audio: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
}

/// `:line:column`, or nothing when the file could not be read at all (both 0).
fn position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}:{column}")
    }
}

/// Largest question pack read: the bundled packs are a few kilobytes each, and even a thousand
/// questions with tips and follow-ups stay well under this.
pub const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parses and validates one pack's text. `file` names it in errors.
pub fn parse_pack(file: &str, text: &str, source: PackSource) -> Result<Pack, PackError> {
    let err_at = |offset: Option<usize>, message: String| {
        let (line, column) = offset.map_or((1, 1), |o| line_col(text, o));
        PackError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let parsed: PackFile = toml::from_str(text)
        .map_err(|e| err_at(e.span().map(|s| s.start), e.message().trim().to_string()))?;
    let mut questions = Vec::with_capacity(parsed.questions.len());
    // A set, not a scan of the questions so far: loading stays linear in the pack's size.
    let mut seen_ids = std::collections::HashSet::new();
    for q in parsed.questions {
        let id_span = q.id.span();
        let id = q.id.into_inner();
        if id.trim().is_empty() || id.contains(char::is_whitespace) {
            return Err(err_at(
                Some(id_span.start),
                format!("question id {id:?} must be non-empty with no spaces"),
            ));
        }
        if !seen_ids.insert(id.clone()) {
            return Err(err_at(
                Some(id_span.start),
                format!("duplicate question id {id:?} in this pack"),
            ));
        }
        if q.text.trim().is_empty() {
            return Err(err_at(
                Some(id_span.start),
                format!("question {id:?} has empty text"),
            ));
        }
        let target_seconds = match q.target_seconds {
            Some(t) => {
                let span = t.span();
                let [lo, hi] = t.into_inner();
                if !(lo > 0.0 && hi >= lo && hi <= 600.0) {
                    return Err(err_at(
                        Some(span.start),
                        format!(
                            "target_seconds must be [min, max] with 0 < min <= max <= 600, got [{lo}, {hi}]"
                        ),
                    ));
                }
                Some((lo, hi))
            }
            None => None,
        };
        questions.push(Question {
            id,
            text: q.text,
            category: q.category,
            target_seconds,
            rubric: q.rubric,
            follow_ups: q.follow_ups,
            tip: q.tip,
            audio: q.audio,
            aliases: q.aliases,
            pack: parsed.pack.id.clone(),
        });
    }
    Ok(Pack {
        id: parsed.pack.id,
        title: parsed.pack.title,
        description: parsed.pack.description,
        source,
        questions,
    })
}

/// A pack file's text: a regular file (a named pipe would block), at most [`MAX_PACK_BYTES`],
/// UTF-8. Errors say where the first byte that is not UTF-8 is, so the coach can find it.
fn read_pack_text(path: &Path) -> Result<String, PackError> {
    let err = |line, column, message: String| PackError {
        file: path.display().to_string(),
        line,
        column,
        message,
    };
    let bytes = crate::user_file::read_capped(path, MAX_PACK_BYTES)
        .map_err(|e| err(0, 0, format!("cannot read pack: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = line_col(&valid, at);
        err(
            line,
            column,
            format!(
                "the pack is not UTF-8 text (byte {at} is not valid UTF-8); save it as UTF-8 \
                 (most editors offer this under \"Save as\" or \"Encoding\")"
            ),
        )
    })
}

/// The packs shipped with the app, embedded at compile time.
const BUNDLED: &[(&str, &str)] = &[
    ("scores.toml", include_str!("../prompts/scores.toml")),
    ("red-flags.toml", include_str!("../prompts/red-flags.toml")),
    ("classics.toml", include_str!("../prompts/classics.toml")),
    (
        "motivation.toml",
        include_str!("../prompts/motivation.toml"),
    ),
    (
        "behavioural.toml",
        include_str!("../prompts/behavioural.toml"),
    ),
    (
        "role-plays.toml",
        include_str!("../prompts/role-plays.toml"),
    ),
];

/// All loaded questions.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    packs: Vec<Pack>,
}

impl Bank {
    /// The bundled packs. Errors are returned alongside (there should be none; a test checks).
    pub fn bundled() -> (Self, Vec<PackError>) {
        let mut bank = Self::default();
        let mut errors = Vec::new();
        for (name, text) in BUNDLED {
            match parse_pack(&format!("prompts/{name}"), text, PackSource::Bundled(name)) {
                Ok(p) => bank.add_pack(p),
                Err(e) => errors.push(e),
            }
        }
        (bank, errors)
    }

    /// Loads every `*.toml` file in `dir` (sorted by name) on top of what is loaded. Returns
    /// one error per pack that failed; the others still load.
    pub fn load_dir(&mut self, dir: &Path) -> Vec<PackError> {
        let mut errors = Vec::new();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                errors.push(PackError {
                    file: dir.display().to_string(),
                    line: 0,
                    column: 0,
                    message: format!("cannot read pack directory: {e}"),
                });
                return errors;
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.display().to_string();
            match read_pack_text(&path) {
                Ok(text) => match parse_pack(&name, &text, PackSource::File(path.clone())) {
                    Ok(p) => self.add_pack(p),
                    Err(e) => errors.push(e),
                },
                Err(mut e) => {
                    e.file = name;
                    errors.push(e);
                }
            }
        }
        errors
    }

    /// Adds a pack; its questions replace earlier questions with the same id.
    pub fn add_pack(&mut self, pack: Pack) {
        let replaced: std::collections::HashSet<&str> =
            pack.questions.iter().map(|q| q.id.as_str()).collect();
        for p in &mut self.packs {
            p.questions.retain(|q| !replaced.contains(q.id.as_str()));
        }
        self.packs.push(pack);
    }

    /// The recorded clip of a question, resolved against its pack file's folder; `None` when
    /// the question has no clip (bundled packs carry none).
    pub fn clip_path(&self, question: &Question) -> Option<PathBuf> {
        let clip = question.audio.as_ref()?;
        let pack = self.packs().iter().find(|p| p.id == question.pack)?;
        match &pack.source {
            PackSource::File(file) => Some(file.parent()?.join(clip)),
            PackSource::Bundled(_) => None,
        }
    }

    /// A pack's file name and source text, as loaded (for sharing the pack a question came
    /// from in a bundle). `None` when the pack is unknown or its file can no longer be read.
    pub fn pack_text(&self, pack_id: &str) -> Option<(String, String)> {
        let pack = self.packs.iter().find(|p| p.id == pack_id)?;
        match &pack.source {
            PackSource::Bundled(name) => BUNDLED
                .iter()
                .find(|(n, _)| n == name)
                .map(|(n, t)| ((*n).to_string(), (*t).to_string())),
            PackSource::File(path) => Some((
                path.file_name()?.to_string_lossy().into_owned(),
                read_pack_text(path).ok()?,
            )),
        }
    }

    /// The loaded packs.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// Every question, pack by pack.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.packs.iter().flat_map(|p| p.questions.iter())
    }

    /// The question with this id.
    pub fn get(&self, id: &str) -> Option<&Question> {
        self.questions().find(|q| q.id == id)
    }

    /// Resolves an id or free text: an exact id wins, otherwise the text is matched.
    pub fn resolve(&self, id_or_text: &str) -> QuestionMatch {
        self.resolve_with(id_or_text, &MeaningHandle::default())
    }

    /// Like [`Bank::resolve`], routing free text with the meaning model when the handle holds
    /// one.
    pub fn resolve_with(&self, id_or_text: &str, meaning: &MeaningHandle) -> QuestionMatch {
        if let Some(q) = self.get(id_or_text.trim()) {
            return QuestionMatch {
                question: q.clone(),
                method: MatchMethod::Id,
                confidence: 1.0,
                input: id_or_text.to_string(),
                routed_by: None,
            };
        }
        self.match_question_with(id_or_text, meaning)
    }

    /// Matches free text to the closest loaded question, or to a rubric when none is close
    /// (see [`crate::coaching::question::match_question`]).
    pub fn match_question(&self, text: &str) -> QuestionMatch {
        match_question(self.questions(), text)
    }

    /// Like [`Bank::match_question`], with the meaning model when the handle holds one (see
    /// [`crate::coaching::question::match_question_with`]).
    pub fn match_question_with(&self, text: &str, meaning: &MeaningHandle) -> QuestionMatch {
        match_question_with(self.questions(), text, meaning.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_packs_load_cleanly_with_enough_questions() {
        let (bank, errors) = Bank::bundled();
        assert!(errors.is_empty(), "{errors:?}");
        assert!(bank.questions().count() >= 30);
        let mut ids: Vec<&str> = bank.questions().map(|q| q.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "duplicate ids across bundled packs");
        for r in Rubric::ALL {
            assert!(
                bank.questions().any(|q| q.rubric == r),
                "no question for {r}"
            );
        }
    }

    #[test]
    fn syntax_error_reports_line_and_column() {
        let text = "[pack]\nid = \"x\"\ntitle = \"X\"\n\n[[question]]\nid = \"a\"\ntext = \"Q?\n";
        let e = parse_pack("bad.toml", text, PackSource::Bundled("bad.toml"));
        let e = e.err();
        assert!(
            e.as_ref().is_some_and(|e| e.line == 7 && e.column >= 8),
            "{e:?}"
        );
    }

    #[test]
    fn unknown_rubric_and_bad_target_report_positions() {
        let text = "[pack]\nid = \"x\"\ntitle = \"X\"\n[[question]]\nid = \"a\"\ntext = \"Q?\"\ncategory = \"c\"\nrubric = \"vibes\"\n";
        let e = parse_pack("r.toml", text, PackSource::Bundled("r.toml")).err();
        assert!(
            e.as_ref()
                .is_some_and(|e| e.line == 8 && e.message.contains("vibes")),
            "{e:?}"
        );
        let text = "[pack]\nid = \"x\"\ntitle = \"X\"\n[[question]]\nid = \"a\"\ntext = \"Q?\"\ncategory = \"c\"\nrubric = \"own_it\"\ntarget_seconds = [90, 30]\n";
        let e = parse_pack("t.toml", text, PackSource::Bundled("t.toml")).err();
        assert!(
            e.as_ref().is_some_and(|e| e.line == 9 && e.column == 18),
            "{e:?}"
        );
    }

    #[test]
    fn matches_common_phrasings() {
        let (bank, _) = Bank::bundled();
        let m = bank.match_question("Can you walk me through your Step 1 score?");
        assert_eq!(m.method, MatchMethod::Text);
        assert_eq!(m.question.rubric, Rubric::OwnIt);
        let m = bank.match_question("So, tell me about yourself.");
        assert_eq!(m.question.rubric, Rubric::Narrative);
        let m = bank.match_question("What would you say is your biggest weakness?");
        assert_eq!(m.question.rubric, Rubric::OwnIt);
        let m = bank.match_question("Why did you pick our residency program?");
        assert_eq!(m.question.rubric, Rubric::Motivation);
        let m = bank.resolve("usmle-explain");
        assert_eq!(m.method, MatchMethod::Id);
    }

    #[test]
    fn unrelated_text_falls_back_to_a_rubric() {
        let (bank, _) = Bank::bundled();
        let m = bank.match_question("Describe the zebra's stripes");
        assert_eq!(m.method, MatchMethod::Rubric);
        assert!(m.question.id.starts_with("rubric:"));
    }

    #[test]
    fn later_packs_override_ids() {
        let (mut bank, _) = Bank::bundled();
        let text = "[pack]\nid = \"coach\"\ntitle = \"Coach\"\n[[question]]\nid = \"usmle-explain\"\ntext = \"Explain your boards, briefly.\"\ncategory = \"scores\"\nrubric = \"own_it\"\ntarget_seconds = [20, 40]\n";
        let p = parse_pack("coach.toml", text, PackSource::Bundled("coach.toml"));
        assert!(p.is_ok());
        if let Ok(p) = p {
            bank.add_pack(p);
        }
        let q = bank.get("usmle-explain");
        assert!(q.is_some_and(|q| q.target_range() == (20.0, 40.0)));
        assert_eq!(
            bank.questions().filter(|q| q.id == "usmle-explain").count(),
            1
        );
    }

    #[test]
    fn a_pack_that_is_not_utf8_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = b"[pack]\nid = \"latin\"\ntitle = \"Caf".to_vec();
        bytes.push(0xE9); // "é" in Latin-1
        bytes.extend_from_slice(b"\"\n");
        std::fs::write(dir.path().join("latin.toml"), &bytes).unwrap();
        let mut bank = Bank::default();
        let errors = bank.load_dir(dir.path());
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!((e.line, e.column), (3, 13), "{e}");
        assert!(e.message.contains("UTF-8"), "{e}");
    }

    #[test]
    fn pipes_directories_and_oversized_files_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; (MAX_PACK_BYTES + 1) as usize]).unwrap();
        #[cfg(unix)]
        assert!(
            std::process::Command::new("mkfifo")
                .arg(dir.path().join("pipe.toml"))
                .status()
                .unwrap()
                .success()
        );
        let mut bank = Bank::default();
        // Returning at all is the test for the pipe: opening it would block.
        let errors = bank.load_dir(dir.path());
        let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(said.iter().any(|m| m.contains("a directory")), "{said:?}");
        assert!(said.iter().any(|m| m.contains("more than")), "{said:?}");
        #[cfg(unix)]
        assert!(said.iter().any(|m| m.contains("named pipe")), "{said:?}");
    }

    #[test]
    fn a_pack_with_thousands_of_questions_loads_each_once() {
        let mut text = String::from("[pack]\nid = \"big\"\ntitle = \"Big\"\n");
        for i in 0..20_000 {
            text.push_str(&format!(
                "\n[[question]]\nid = \"q{i}\"\ntext = \"Question {i}?\"\ncategory = \"c\"\nrubric = \"star\"\n"
            ));
        }
        let pack = parse_pack("big.toml", &text, PackSource::Bundled("big.toml")).unwrap();
        assert_eq!(pack.questions.len(), 20_000);
        let mut dup = text.clone();
        dup.push_str(
            "\n[[question]]\nid = \"q7\"\ntext = \"Again?\"\ncategory = \"c\"\nrubric = \"star\"\n",
        );
        let e = parse_pack("big.toml", &dup, PackSource::Bundled("big.toml")).unwrap_err();
        assert!(e.message.contains("duplicate question id \"q7\""), "{e}");
        let mut bank = Bank::default();
        bank.add_pack(pack.clone());
        bank.add_pack(pack);
        assert_eq!(
            bank.questions().count(),
            20_000,
            "a later pack replaces, never doubles"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// A bundled pack with characters changed and cut anywhere: a pack or an error with a
        /// position inside the text, never a panic.
        #[test]
        fn a_mutated_pack_parses_or_says_where(
            edits in proptest::collection::vec((0.0f64..1.0, proptest::prelude::any::<char>()), 0..8),
            cut in proptest::option::of(0.0f64..1.0),
        ) {
            let mut chars: Vec<char> = BUNDLED[0].1.chars().collect();
            for (at, c) in edits {
                let i = ((chars.len() - 1) as f64 * at) as usize;
                chars[i] = c;
            }
            if let Some(c) = cut {
                chars.truncate((chars.len() as f64 * c) as usize);
            }
            let text: String = chars.into_iter().collect();
            if let Err(e) = parse_pack("x.toml", &text, PackSource::Bundled("x.toml")) {
                proptest::prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1) + 1, "{e}");
            }
        }
    }
}
