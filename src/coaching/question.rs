//! Questions and rubrics as the scorer sees them, and matching free text to a question.
//!
//! Pure: nothing here reads files. The question bank (`crate::bank`) loads packs into these
//! types; the scorer only needs a [`Question`] and its [`Rubric`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::meaning::{Meaning, cosine};
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
    /// What decided the route when it was not plain word overlap: the problem-question rule
    /// or the meaning model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routed_by: Option<String>,
}

/// Below this similarity a free-text question is matched to a rubric instead of a question.
pub const MATCH_THRESHOLD: f64 = 0.45;

/// Matches free text to the closest question (by weighted word overlap with its text and
/// phrasings), or to a rubric when no question is close enough.
pub fn match_question<'a>(
    questions: impl Iterator<Item = &'a Question>,
    text: &str,
) -> QuestionMatch {
    match_question_with(questions, text, None)
}

/// Below this cosine similarity meaning does not pick a bank question by itself.
pub const MEANING_MATCH_THRESHOLD: f32 = 0.72;

/// Similarity to the own-it example questions above which meaning sends a question to the
/// own-it rubric even when its words matched a question of another rubric.
pub const MEANING_OWN_IT_THRESHOLD: f32 = 0.55;

/// The lead over the next rubric that override also needs.
pub const MEANING_OWN_IT_LEAD: f32 = 0.08;

/// Below this similarity to the example questions meaning does not pick a rubric.
pub const MEANING_ROUTE_THRESHOLD: f32 = 0.40;

/// Like [`match_question`], with the meaning model when one is loaded.
///
/// The order of authority: a close word match picks a bank question, except that a question
/// asking the applicant to account for a problem (leaving, quitting, failing, a low grade,
/// remediation, time off...) always reaches the own-it rubric, by rule, and, with the model,
/// when it reads like the own-it example questions. Without a close word match, meaning picks
/// the closest bank question or rubric, and the keyword rules are the last resort.
pub fn match_question_with<'a>(
    questions: impl Iterator<Item = &'a Question>,
    text: &str,
    meaning: Option<&Meaning>,
) -> QuestionMatch {
    let questions: Vec<&Question> = questions.collect();
    let problem_rule = asks_about_a_problem(text);
    let route = meaning
        .and_then(|m| m.route(text).ok())
        .filter(|r| r.similarity >= MEANING_ROUTE_THRESHOLD && r.margin >= 0.02);
    let own_it_by_meaning = route.is_some_and(|r| {
        r.rubric == Rubric::OwnIt
            && r.similarity >= MEANING_OWN_IT_THRESHOLD
            && r.margin >= MEANING_OWN_IT_LEAD
    });
    let must_own_it = problem_rule || own_it_by_meaning;
    let why = if problem_rule {
        "rule: the question asks about a problem"
    } else {
        "meaning: the question reads like the own-it example questions"
    };
    let result =
        |question: Question, method, confidence: f64, routed_by: Option<&str>| QuestionMatch {
            question,
            method,
            confidence: (confidence * 100.0).round() / 100.0,
            input: text.to_string(),
            routed_by: routed_by.map(str::to_string),
        };

    // An own-it bank question matched on generic words ("walk me through", "your strengths")
    // is not a problem question unless the text names a problem or a result.
    let own_it_plausible = must_own_it || names_a_result(text);
    let by_words = best_by_words(&questions, text, |q| {
        q.rubric != Rubric::OwnIt || own_it_plausible
    });
    if let Some((q, sim)) = by_words.filter(|(_, s)| *s >= MATCH_THRESHOLD) {
        if q.rubric == Rubric::OwnIt || !must_own_it {
            return result(q.clone(), MatchMethod::Text, sim, None);
        }
        // The words matched a question of another rubric ("Why did you leave your program?"
        // shares its words with "Why our program?"): take the closest own-it question instead.
        if let Some((q, sim)) = best_by_words(&questions, text, |q| q.rubric == Rubric::OwnIt)
            .filter(|(_, s)| *s >= MATCH_THRESHOLD)
        {
            return result(q.clone(), MatchMethod::Text, sim, Some(why));
        }
        return result(
            Question::for_rubric(Rubric::OwnIt, text),
            MatchMethod::Rubric,
            0.5,
            Some(why),
        );
    }
    if let Some(m) = meaning
        && let Some((q, sim)) = best_by_meaning(m, &questions, text)
        && sim >= MEANING_MATCH_THRESHOLD
        && (q.rubric == Rubric::OwnIt) == must_own_it
    {
        return result(
            q.clone(),
            MatchMethod::Text,
            f64::from(sim),
            Some("meaning: closest bank question by meaning"),
        );
    }
    if must_own_it {
        return result(
            Question::for_rubric(Rubric::OwnIt, text),
            MatchMethod::Rubric,
            0.5,
            Some(why),
        );
    }
    if let Some(r) = route {
        return result(
            Question::for_rubric(r.rubric, text),
            MatchMethod::Rubric,
            f64::from(r.similarity),
            Some("meaning: the rubric whose example questions are closest"),
        );
    }
    let (rubric, confidence) = guess_rubric(text);
    result(
        Question::for_rubric(rubric, text),
        MatchMethod::Rubric,
        confidence,
        None,
    )
}

/// The bank question (among those `keep` accepts) whose text or phrasings share the most
/// rare words with `text`, and the similarity.
fn best_by_words<'q>(
    questions: &[&'q Question],
    text: &str,
    keep: impl Fn(&Question) -> bool,
) -> Option<(&'q Question, f64)> {
    let query = keywords(text);
    let docs: Vec<(&Question, Vec<Vec<String>>)> = questions
        .iter()
        .map(|q| {
            let mut v = vec![keywords(&q.text)];
            v.extend(q.aliases.iter().map(|a| keywords(a)));
            (*q, v)
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
    for (q, variants) in docs.iter().filter(|(q, _)| keep(q)) {
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
    best
}

/// The bank question whose text or a phrasing is closest in meaning to `text`.
fn best_by_meaning<'q>(
    meaning: &Meaning,
    questions: &[&'q Question],
    text: &str,
) -> Option<(&'q Question, f32)> {
    let mut owners = Vec::new();
    let mut texts = vec![text];
    for q in questions {
        for t in std::iter::once(&q.text).chain(&q.aliases) {
            owners.push(*q);
            texts.push(t.as_str());
        }
    }
    let vectors = meaning.embed_cached(&texts).ok()?;
    let (query, rest) = vectors.split_first()?;
    owners
        .into_iter()
        .zip(rest)
        .map(|(q, v)| (q, cosine(query, v)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// True when the question asks the applicant to account for a problem: leaving or quitting,
/// failing, a low grade or score, remediation, repeating, time off or a gap, a weakness, a
/// mistake, a setback. Word stems, so "withdrew", "withdrawal" and "withdrawing" all count.
pub fn asks_about_a_problem(text: &str) -> bool {
    let t = format!(
        " {} ",
        text.to_lowercase().replace(['?', '.', ',', '!'], " ")
    );
    let has = |ws: &[&str]| ws.iter().any(|w| t.contains(w));
    has(PROBLEM_STEMS)
        || (has(&[" leave ", " left ", " leaving "])
            && !has(&[" left to ", " leave behind", " leave a ", " leave you "]))
        || (has(&[" low ", " poor ", " bad ", " weak ", " below "])
            && has(&[
                " grade",
                " score",
                " mark",
                " result",
                " gpa",
                " evaluation",
                " average",
            ]))
        || (has(&[
            " time off",
            " break from",
            " step away",
            " stepped away",
            " took off",
            " switch out",
            " switched out",
            " stop working",
            " stopped working",
            " to graduate",
        ]))
}

/// True when the question names an exam, a score or something on the record to explain:
/// words that make an own-it bank question a plausible match even without a problem word.
fn names_a_result(text: &str) -> bool {
    let t = format!(
        " {} ",
        text.to_lowercase().replace(['?', '.', ',', '!'], " ")
    );
    [
        " usmle",
        " step ",
        " comlex",
        " board",
        " score",
        " shelf",
        " exam",
        " grade",
        " gpa",
        " mark",
        " transcript",
        " nbme",
        " percentile",
        " application",
        " explain",
        " happened",
        " record",
        " weak",
        " match",
        " attempt",
        " evaluation",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Word stems that, anywhere in a question, ask about a problem.
const PROBLEM_STEMS: &[&str] = &[
    " fail",
    " quit",
    " withdr",
    " dismiss",
    " fired",
    " let go",
    " terminat",
    " probation",
    " remediat",
    " repeat",
    " retak",
    " resign",
    " drop out",
    " dropped out",
    " gap ",
    " gaps ",
    " absence",
    " weakness",
    " mistake",
    " error",
    " setback",
    " red flag",
    " professionalism",
    " unmatched",
    " not match",
    " didn't match",
    " did not match",
    " negative feedback",
    " criticism",
    " criticised",
    " criticized",
    " struggled",
    " lapse",
    " went wrong",
    " regret",
    " longer to graduate",
    " extra year",
    " delayed",
    " disciplin",
    " complaint",
];

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
