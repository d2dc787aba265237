//! Questions and rubrics as the scorer sees them, and matching free text to a question.
//!
//! Pure: nothing here reads files. The question bank (`crate::bank`) loads packs into these
//! types; the scorer only needs a [`Question`] and its [`Rubric`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::settings::default_target;

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

/// Matches free text to the closest question (by weighted word overlap with its text and
/// phrasings), or to a rubric when no question is close enough.
pub fn match_question<'a>(
    questions: impl Iterator<Item = &'a Question>,
    text: &str,
) -> QuestionMatch {
    let query = keywords(text);
    let docs: Vec<(&Question, Vec<Vec<String>>)> = questions
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
