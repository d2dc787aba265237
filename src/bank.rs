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

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::coaching::settings::default_target;

/// Which scorer applies to a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rubric {
    /// Own it, contextualize it, move on: scores, red flags, weaknesses, setbacks, mistakes,
    /// not matching.
    OwnIt,
    /// Tell me about yourself; walk me through your journey.
    Narrative,
    /// Behavioural questions answered as situation, action, result (+ reflection).
    Star,
    /// Why this specialty; why our program.
    Motivation,
    /// Role-plays asking an attending for a letter or advocacy.
    Ask,
}

impl Rubric {
    /// All rubrics.
    pub const ALL: [Rubric; 5] = [
        Rubric::OwnIt,
        Rubric::Narrative,
        Rubric::Star,
        Rubric::Motivation,
        Rubric::Ask,
    ];

    /// The snake_case name used in packs and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rubric::OwnIt => "own_it",
            Rubric::Narrative => "narrative",
            Rubric::Star => "star",
            Rubric::Motivation => "motivation",
            Rubric::Ask => "ask",
        }
    }
}

impl fmt::Display for Rubric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One interview question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id, unique across packs ("usmle-explain").
    pub id: String,
    /// The question as the interviewer speaks it.
    pub text: String,
    /// Free-form grouping for the UI ("scores", "red_flags", "classics", ...).
    pub category: String,
    /// Target answer length in seconds, (min, max); `None` uses the rubric's default.
    pub target_seconds: Option<(f64, f64)>,
    /// Which scorer applies.
    pub rubric: Rubric,
    /// Follow-up questions an interviewer might ask next.
    pub follow_ups: Vec<String>,
    /// A short coaching tip shown before answering.
    pub tip: String,
    /// Optional path of a recorded clip of the question, relative to the pack file.
    pub audio: Option<String>,
    /// Other common phrasings, used only for matching free text.
    pub aliases: Vec<String>,
    /// Id of the pack the question came from.
    pub pack: String,
}

impl Question {
    /// The target length range, falling back to the rubric's default.
    pub fn target_range(&self) -> (f64, f64) {
        self.target_seconds
            .unwrap_or_else(|| default_target(self.rubric))
    }

    /// A stand-in question for a rubric, used when free text matches no bank question well.
    pub fn for_rubric(rubric: Rubric, text: &str) -> Self {
        Self {
            id: format!("rubric:{}", rubric.name()),
            text: text.to_string(),
            category: "unmatched".to_string(),
            target_seconds: None,
            rubric,
            follow_ups: Vec::new(),
            tip: String::new(),
            audio: None,
            aliases: Vec::new(),
            pack: String::new(),
        }
    }
}

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
#[error("{file}:{line}:{column}: {message}")]
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
    for q in parsed.questions {
        let id_span = q.id.span();
        let id = q.id.into_inner();
        if id.trim().is_empty() || id.contains(char::is_whitespace) {
            return Err(err_at(
                Some(id_span.start),
                format!("question id {id:?} must be non-empty with no spaces"),
            ));
        }
        if questions.iter().any(|x: &Question| x.id == id) {
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

/// How a free-text question was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMethod {
    /// The text was a bank id.
    Id,
    /// The text was close to a bank question or one of its phrasings.
    Text,
    /// Nothing was close; the rubric was chosen from keywords.
    Rubric,
}

/// The result of matching a question given as an id or free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionMatch {
    /// The question to score against (a stand-in for rubric matches).
    pub question: Question,
    /// How it was matched.
    pub method: MatchMethod,
    /// Confidence 0-1 (1 for ids).
    pub confidence: f64,
    /// The input text.
    pub input: String,
}

/// Below this similarity a free-text question is matched to a rubric instead of a question.
pub const MATCH_THRESHOLD: f64 = 0.45;

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
            match std::fs::read_to_string(&path) {
                Ok(text) => match parse_pack(&name, &text, PackSource::File(path.clone())) {
                    Ok(p) => self.add_pack(p),
                    Err(e) => errors.push(e),
                },
                Err(e) => errors.push(PackError {
                    file: name,
                    line: 0,
                    column: 0,
                    message: format!("cannot read pack: {e}"),
                }),
            }
        }
        errors
    }

    /// Adds a pack; its questions replace earlier questions with the same id.
    pub fn add_pack(&mut self, pack: Pack) {
        for p in &mut self.packs {
            p.questions
                .retain(|q| !pack.questions.iter().any(|n| n.id == q.id));
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
                std::fs::read_to_string(path).ok()?,
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
        if let Some(q) = self.get(id_or_text.trim()) {
            return QuestionMatch {
                question: q.clone(),
                method: MatchMethod::Id,
                confidence: 1.0,
                input: id_or_text.to_string(),
            };
        }
        self.match_question(id_or_text)
    }

    /// Matches free text to the closest question (by weighted word overlap with its text and
    /// phrasings), or to a rubric when no question is close enough.
    pub fn match_question(&self, text: &str) -> QuestionMatch {
        let query = keywords(text);
        let docs: Vec<(&Question, Vec<Vec<String>>)> = self
            .questions()
            .map(|q| {
                let mut v = vec![keywords(&q.text)];
                v.extend(q.aliases.iter().map(|a| keywords(a)));
                (q, v)
            })
            .collect();
        // Rare words tell questions apart; "you" and "tell" do not.
        let n_docs = docs.len().max(1) as f64;
        let idf = |w: &str| {
            let df = docs
                .iter()
                .filter(|(_, vs)| vs.iter().any(|v| v.iter().any(|x| x == w)))
                .count() as f64;
            (1.0 + n_docs / (1.0 + df)).ln()
        };
        let weight = |ws: &[String]| ws.iter().map(|w| idf(w)).sum::<f64>();
        let q_weight = weight(&query);
        let mut best: Option<(&Question, f64)> = None;
        for (q, variants) in &docs {
            for v in variants {
                let common: f64 = query.iter().filter(|w| v.contains(w)).map(|w| idf(w)).sum();
                let denom = q_weight + weight(v);
                let sim = if denom > 0.0 {
                    2.0 * common / denom
                } else {
                    0.0
                };
                if best.is_none_or(|(_, b)| sim > b) {
                    best = Some((q, sim));
                }
            }
        }
        match best {
            Some((q, sim)) if sim >= MATCH_THRESHOLD => QuestionMatch {
                question: q.clone(),
                method: MatchMethod::Text,
                confidence: (sim * 100.0).round() / 100.0,
                input: text.to_string(),
            },
            _ => {
                let (rubric, confidence) = guess_rubric(text);
                QuestionMatch {
                    question: Question::for_rubric(rubric, text),
                    method: MatchMethod::Rubric,
                    confidence,
                    input: text.to_string(),
                }
            }
        }
    }
}

/// Words that carry no meaning for telling questions apart.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "you", "your", "me", "about", "to", "of", "in", "on", "for", "is", "are",
    "was", "were", "can", "could", "would", "do", "did", "does", "it", "that", "this", "and",
    "with", "us", "any", "have", "has", "there", "be", "been", "i", "my", "we", "our", "so",
    "please", "like", "tell", "what", "how", "when", "or", "at", "as", "'d", "d", "s", "just",
];

/// Lower-cased content words with light stemming and synonyms, so "USMLE", "Step 1" and
/// "boards" all mean the exam.
fn keywords(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        let w = raw.trim_matches('\'').to_lowercase();
        let w = w.strip_suffix("'s").unwrap_or(&w).to_string();
        if w.is_empty() || STOPWORDS.contains(&w.as_str()) {
            continue;
        }
        let w = match w.as_str() {
            "usmle" | "comlex" | "step" | "boards" | "board" | "level" | "exam" | "exams"
            | "test" | "tests" => "exam".to_string(),
            "scores" | "scored" | "performance" | "result" | "results" => "score".to_string(),
            "weaknesses" | "weak" => "weakness".to_string(),
            "strengths" => "strength".to_string(),
            "failed" | "failing" | "failure" | "fail" => "fail".to_string(),
            "mistakes" | "error" | "errors" => "mistake".to_string(),
            "matched" | "matching" | "match" | "unmatched" => "match".to_string(),
            "specialty" | "field" | "speciality" => "specialty".to_string(),
            "residency" | "program" | "programme" | "programs" => "program".to_string(),
            "1" | "one" | "2" | "two" | "ck" | "3" => continue,
            other => {
                if other.len() > 4 && other.ends_with('s') && !other.ends_with("ss") {
                    other[..other.len() - 1].to_string()
                } else {
                    other.to_string()
                }
            }
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// Picks a rubric from keywords when no bank question is close.
fn guess_rubric(text: &str) -> (Rubric, f64) {
    let t = text.to_lowercase();
    let has = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    if has(&["letter", "advocate", "reach out", "vouch", "recommend"]) {
        (Rubric::Ask, 0.5)
    } else if has(&[
        "score",
        "step",
        "usmle",
        "comlex",
        "fail",
        "gap",
        "leave",
        "absence",
        "repeat",
        "weakness",
        "mistake",
        "setback",
        "match",
        "red flag",
        "professionalism",
        "remediat",
        "explain",
        "lapse",
        "error",
        "low",
        "wrong",
        "regret",
        "improve",
        "criticism",
    ]) {
        (Rubric::OwnIt, 0.5)
    } else if has(&[
        "yourself",
        "journey",
        "background",
        "your path",
        "your story",
    ]) {
        (Rubric::Narrative, 0.5)
    } else if t.contains("why") {
        (Rubric::Motivation, 0.4)
    } else {
        (Rubric::Star, 0.3)
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
}
