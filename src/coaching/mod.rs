//! The coaching engine's scorer: pure code from (question, transcript, duration) to a
//! [`ScoreReport`]. No file I/O, audio or UI here, so it is fast and easy to test.
//!
//! How it works, in three layers:
//! 1. `text` turns the answer into a normalised token stream (fillers out, contractions
//!    expanded, number words merged) that keeps character offsets into the original;
//! 2. `cues` runs a small pattern lexicon over the stream, with care for negation, quotes,
//!    hedges and modals;
//! 3. a rubric module (`own_it` for problem questions, `other` for the rest) turns the cues
//!    into five dimension scores, located pattern spans, evidence and suggestions.

mod cues;
pub mod meaning;
mod other;
mod own_it;
pub mod question;
pub mod report;
pub mod settings;
pub(crate) mod text;

use crate::analysis::transcript::Transcript;
use question::{Question, Rubric};

pub use report::{
    Cue, Dimension, Dimensions, DurationSource, Effect, Evidence, Part, PatternCheck, PatternSpan,
    ScoreReport, Timing,
};
pub use settings::Settings;

use cues::Hit;
pub use cues::{LexiconError, PatternError};
use text::Analysed;

/// Scores an answer with the default [`Settings`].
///
/// `duration_s` is the real audio duration when there is audio; without it the duration comes
/// from the transcript's word times, or failing those from the word count at
/// [`settings::TYPICAL_PACE_WPM`]. Word times (when `transcript.words` is non-empty and aligned
/// to `transcript.text`) also give evidence and spans their times.
pub fn score_answer(
    question: &Question,
    transcript: &Transcript,
    duration_s: Option<f64>,
) -> ScoreReport {
    score_answer_with(question, transcript, duration_s, &Settings::default())
}

/// Why an answer could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// A rule of the scorer's lexicon does not compile. The shipped lexicon always compiles (a
    /// unit test compiles every rule), so this means the rule table itself was edited wrongly.
    #[error("the scorer's rule table is broken: {0}")]
    Lexicon(#[from] LexiconError),
}

/// Scores an answer with explicit settings.
///
/// Never panics. If the lexicon did not compile, the answer is scored without any cues and
/// the report says so in its verdict and first suggestion, so the problem is visible wherever
/// the report is shown; use [`try_score_answer_with`] to get the error instead.
pub fn score_answer_with(
    question: &Question,
    transcript: &Transcript,
    duration_s: Option<f64>,
    settings: &Settings,
) -> ScoreReport {
    let (mut report, error) = score_and_check(question, transcript, duration_s, settings);
    if let Some(e) = error {
        let message = format!("Not scored: {}.", ScoreError::from(e));
        report.verdict = message.clone();
        report.suggestions.insert(0, message);
    }
    report
}

/// Scores an answer with explicit settings, failing when the lexicon does not compile.
pub fn try_score_answer_with(
    question: &Question,
    transcript: &Transcript,
    duration_s: Option<f64>,
    settings: &Settings,
) -> Result<ScoreReport, ScoreError> {
    match score_and_check(question, transcript, duration_s, settings) {
        (report, None) => Ok(report),
        (_, Some(e)) => Err(e.into()),
    }
}

/// The report, and the lexicon's compile error when there is one (the report then has no
/// cues).
fn score_and_check(
    question: &Question,
    transcript: &Transcript,
    duration_s: Option<f64>,
    settings: &Settings,
) -> (ScoreReport, Option<LexiconError>) {
    let (ctx, error) = Ctx::new(question, transcript, duration_s, settings);
    let scored = match question.rubric {
        Rubric::OwnIt => own_it::score(&ctx),
        other_rubric => other::score(&ctx, other_rubric),
    };
    let overall = scored.overall;
    let report = ScoreReport {
        question_id: question.id.clone(),
        question_text: question.text.clone(),
        rubric: question.rubric,
        overall,
        verdict: overall_verdict(overall, &scored.dimensions),
        dimensions: scored.dimensions,
        spans: scored.spans,
        pattern: scored.pattern,
        suggestions: scored.suggestions,
        timing: Timing {
            duration_s: round1(ctx.duration_s),
            duration_source: ctx.duration_source,
            word_count: ctx.analysed.spoken_word_count(),
            target_min_s: ctx.target.0,
            target_max_s: ctx.target.1,
            problem_s: scored.problem_s.map(round1),
            filler_count: ctx.analysed.fillers.len(),
            fillers_per_min: round1(ctx.fillers_per_min()),
        },
    };
    (report, error)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn overall_verdict(overall: u8, dims: &Dimensions) -> String {
    let weakest = dims
        .iter()
        .into_iter()
        .min_by_key(|(_, d)| d.score)
        .map(|(_, d)| {
            let l = d.label.to_lowercase();
            l.strip_prefix("the ").map(str::to_string).unwrap_or(l)
        })
        .unwrap_or_default();
    match overall {
        80..=100 => "Strong answer: keep this shape.".to_string(),
        65..=79 => format!("Good answer; tighten the {weakest}."),
        45..=64 => format!("Mixed: the {weakest} needs work."),
        _ => format!("Needs rework, starting with the {weakest}."),
    }
}

/// What a rubric module returns.
pub(crate) struct Scored {
    pub overall: u8,
    pub dimensions: Dimensions,
    pub spans: Vec<PatternSpan>,
    pub pattern: PatternCheck,
    pub suggestions: Vec<String>,
    pub problem_s: Option<f64>,
}

/// Character spans of the transcript's timed words, for turning offsets into times.
struct WordTimes {
    /// (char start, char end, start s, end s), in text order.
    spans: Vec<(usize, usize, f64, f64)>,
}

impl WordTimes {
    /// Aligns timed words to the text by finding each word in order. Words that cannot be
    /// found (the text was edited) are skipped rather than guessed.
    fn align(transcript: &Transcript) -> Option<Self> {
        if transcript.words.is_empty() {
            return None;
        }
        let text = transcript.text.as_str();
        let mut spans = Vec::with_capacity(transcript.words.len());
        let mut byte_cursor = 0;
        let mut char_cursor = 0;
        for w in &transcript.words {
            let needle = w.text.trim();
            if needle.is_empty() {
                continue;
            }
            let Some(rest) = text.get(byte_cursor..) else {
                break;
            };
            let Some(found) = rest.find(needle) else {
                continue;
            };
            let start_byte = byte_cursor + found;
            let start_char = char_cursor + rest[..found].chars().count();
            let len_chars = needle.chars().count();
            spans.push((start_char, start_char + len_chars, w.start, w.end));
            byte_cursor = start_byte + needle.len();
            char_cursor = start_char + len_chars;
        }
        (!spans.is_empty()).then_some(Self { spans })
    }

    /// Start and end time of the words overlapping the character range.
    fn times(&self, start: usize, end: usize) -> (Option<f64>, Option<f64>) {
        let mut t0 = None;
        let mut t1 = None;
        for &(s, e, a, b) in &self.spans {
            if e > start && s < end.max(start + 1) {
                if t0.is_none() {
                    t0 = Some(a);
                }
                t1 = Some(b);
            }
        }
        (t0, t1)
    }
}

/// Everything a rubric module needs about one answer.
pub(crate) struct Ctx<'a> {
    pub question: &'a Question,
    pub chars: Vec<char>,
    pub analysed: Analysed,
    pub hits: Vec<Hit>,
    times: Option<WordTimes>,
    pub duration_s: f64,
    pub duration_source: DurationSource,
    pub target: (f64, f64),
    pub settings: &'a Settings,
}

impl<'a> Ctx<'a> {
    fn new(
        question: &'a Question,
        transcript: &Transcript,
        duration_s: Option<f64>,
        settings: &'a Settings,
    ) -> (Self, Option<LexiconError>) {
        let analysed = text::analyse(&transcript.text);
        let (hits, error) = match cues::find(&analysed, question.rubric != Rubric::OwnIt) {
            Ok(hits) => (hits, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let chars: Vec<char> = transcript.text.chars().collect();
        let mut hits = hits;
        if let (Some(meaning), Rubric::OwnIt) = (settings.meaning.get(), question.rubric) {
            cues::meaning_pass::add_meaning_hits(&analysed, &chars, meaning, &mut hits);
        }
        let times = WordTimes::align(transcript);
        let estimated = analysed.spoken_word_count() as f64 / settings.pace_wpm * 60.0;
        let from_words = match (transcript.words.first(), transcript.words.last()) {
            (Some(a), Some(b)) if b.end > a.start => Some(b.end - a.start),
            _ => None,
        };
        let (duration_s, duration_source) = match (duration_s, from_words) {
            (Some(d), _) if d.is_finite() && d > 0.0 => (d, DurationSource::Audio),
            (_, Some(d)) => (d, DurationSource::WordTimes),
            _ => (estimated, DurationSource::Estimated),
        };
        let ctx = Self {
            question,
            chars,
            analysed,
            hits,
            times,
            duration_s,
            duration_source,
            target: question.target_range(),
            settings,
        };
        (ctx, error)
    }

    /// Fillers per minute of answer.
    pub fn fillers_per_min(&self) -> f64 {
        if self.duration_s <= 0.0 {
            return 0.0;
        }
        self.analysed.fillers.len() as f64 / (self.duration_s / 60.0)
    }

    /// The text between two character offsets.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end.min(self.chars.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    }

    /// Evidence for stream tokens `first_token..=last_token`.
    pub fn evidence_toks(
        &self,
        first_token: usize,
        last_token: usize,
        cue: Cue,
        effect: Effect,
        note: &str,
    ) -> Evidence {
        let (start, end) = self.analysed.char_span(first_token, last_token);
        self.evidence_chars(start, end, cue, effect, note)
    }

    /// Evidence for a character range.
    pub fn evidence_chars(
        &self,
        start: usize,
        end: usize,
        cue: Cue,
        effect: Effect,
        note: &str,
    ) -> Evidence {
        let (start_s, end_s) = self.times_for(start, end);
        Evidence {
            text: self.slice(start, end),
            start,
            end,
            effect,
            cue,
            note: note.to_string(),
            start_s,
            end_s,
        }
    }

    /// Evidence for a cue hit. A clause recognised by meaning says so, with the labelled
    /// example it was closest to, so the user can see why it counted.
    pub fn evidence(&self, h: &Hit, cue: Cue, effect: Effect) -> Evidence {
        let mut e = self.evidence_toks(h.first_token, h.last_token, cue, effect, h.note);
        if let Some(m) = h.by_meaning {
            e.note = format!(
                "{} (recognised by meaning, not by a rule: reads like \"{}\", confidence {:.2})",
                h.note, m.example, m.confidence
            );
        }
        e
    }

    /// A pattern span over units `first_unit..=last_unit`.
    pub fn span_units(
        &self,
        part: Part,
        first_unit: usize,
        last_unit: usize,
    ) -> Option<PatternSpan> {
        let (first_token, _) = self.analysed.unit_range(first_unit)?;
        let (_, last_token) = self.analysed.unit_range(last_unit)?;
        let (start, end) = self.analysed.char_span(first_token, last_token);
        let (start_s, end_s) = self.times_for(start, end);
        Some(PatternSpan {
            part,
            start,
            end,
            text: self.slice(start, end),
            start_s,
            end_s,
        })
    }

    fn times_for(&self, start: usize, end: usize) -> (Option<f64>, Option<f64>) {
        self.times
            .as_ref()
            .map_or((None, None), |t| t.times(start, end))
    }

    /// Seconds between the start of the answer and character offset `at`: from word times
    /// when there are any, otherwise from the share of words before it.
    pub fn seconds_until_char(&self, at: usize) -> f64 {
        if let Some(t) = &self.times {
            let first = t.spans.first().map_or(0.0, |s| s.2);
            if let Some(&(_, _, s, _)) = t.spans.iter().find(|s| s.1 > at) {
                return (s - first).max(0.0);
            }
            return self.duration_s;
        }
        let total = self.analysed.words.len().max(1) as f64;
        let before = self.analysed.words.iter().filter(|w| w.end <= at).count() as f64;
        self.duration_s * before / total
    }

    /// The brevity dimension's length part: (score delta, evidence, verdict fragment).
    pub fn length_check(&self) -> (f64, Evidence, String) {
        let (lo, hi) = self.target;
        let d = self.duration_s;
        let s = self.settings;
        let whole = self.evidence_chars(0, self.chars.len(), Cue::Length, Effect::Raises, "length");
        let how = match self.duration_source {
            DurationSource::Estimated => format!(
                " (estimated from {} words at {:.0} wpm)",
                self.analysed.spoken_word_count(),
                s.pace_wpm
            ),
            _ => String::new(),
        };
        let (delta, effect, note) = if d > hi {
            (
                -(d - hi) * s.over_target_per_s,
                Effect::Lowers,
                format!(
                    "{d:.0} s is {:.0} s over the {lo:.0}-{hi:.0} s target",
                    d - hi
                ),
            )
        } else if d < lo {
            (
                -((lo - d) * s.under_target_per_s).min(s.under_target_cap),
                Effect::Lowers,
                format!("{d:.0} s is short for the {lo:.0}-{hi:.0} s target"),
            )
        } else {
            (
                0.0,
                Effect::Raises,
                format!("{d:.0} s, within the {lo:.0}-{hi:.0} s target"),
            )
        };
        let verdict = format!("{note}{how}.");
        (
            delta,
            Evidence {
                effect,
                note,
                ..whole
            },
            verdict,
        )
    }

    /// "Trim to under ..." at `priority` when the answer runs over its target.
    pub fn trim_suggestion(&self, priority: u8) -> Option<(u8, String)> {
        (self.duration_s > self.target.1)
            .then(|| (priority, format!("Trim to under {:.0} s.", self.target.1)))
    }

    /// A pattern span from the first to the last of `units` (in any order); `None` when there
    /// are none.
    pub fn span_over(&self, part: Part, units: &[usize]) -> Option<PatternSpan> {
        let (first, last) = (units.iter().min()?, units.iter().max()?);
        self.span_units(part, *first, *last)
    }
}

/// Clamps a raw score into 0-100.
pub(crate) fn clamp_score(x: f64) -> u8 {
    x.round().clamp(0.0, 100.0) as u8
}

/// Builds a dimension.
pub(crate) fn dim(
    score: f64,
    label: &str,
    verdict: String,
    mut evidence: Vec<Evidence>,
) -> Dimension {
    evidence.sort_by_key(|e| (e.start, e.end));
    evidence.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.cue == b.cue);
    Dimension {
        score: clamp_score(score),
        verdict,
        label: label.to_string(),
        evidence,
    }
}

/// Weighted overall score.
pub(crate) fn weighted(dims: &Dimensions, w: [f64; 5]) -> u8 {
    let s = [
        dims.ownership.score,
        dims.context.score,
        dims.growth.score,
        dims.move_on.score,
        dims.brevity.score,
    ];
    let total: f64 = s.iter().zip(w).map(|(s, w)| f64::from(*s) * w).sum();
    clamp_score(total / w.iter().sum::<f64>())
}

/// Shortens a quote for a suggestion.
pub(crate) fn short_quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 10 {
        words.join(" ")
    } else {
        format!("{} …", words[..10].join(" "))
    }
}

/// Shortens a span's text for one-line display.
pub fn report_quote(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 14 {
        words.join(" ")
    } else {
        format!(
            "{} … {}",
            words[..8].join(" "),
            words[words.len() - 4..].join(" ")
        )
    }
}

/// The three most important suggestions, or, when no rule fired, the weakest dimension's
/// verdict if the answer needs work.
pub(crate) fn final_suggestions(
    ranked: Vec<(u8, String)>,
    overall: u8,
    dimensions: &Dimensions,
) -> Vec<String> {
    let mut suggestions = top_suggestions(ranked);
    if suggestions.is_empty() {
        suggestions.extend(weakest_suggestion(overall, dimensions));
    }
    suggestions
}

/// A pattern check: the note names the missing parts, or says whether the parts are in order
/// (`out_of_order` and `all_there` are the rubric's own wording).
pub(crate) fn pattern_check(
    expected: Vec<Part>,
    missing: Vec<Part>,
    in_order: bool,
    out_of_order: &str,
    all_there: &str,
) -> PatternCheck {
    let note = if !missing.is_empty() {
        format!(
            "Missing: {}.",
            missing
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else if !in_order {
        out_of_order.to_string()
    } else {
        all_there.to_string()
    };
    PatternCheck {
        expected,
        missing,
        in_order,
        note,
    }
}

/// Keeps the three most important suggestions.
fn top_suggestions(mut s: Vec<(u8, String)>) -> Vec<String> {
    s.sort_by_key(|x| std::cmp::Reverse(x.0));
    s.dedup_by(|a, b| a.1 == b.1);
    s.into_iter().take(3).map(|(_, t)| t).collect()
}

/// When no specific rule fired, point at the weakest dimension if it needs work (below 70),
/// so an answer with a weak spot always gets a suggestion.
fn weakest_suggestion(overall: u8, dims: &Dimensions) -> Option<String> {
    if overall >= 85 {
        return None;
    }
    let (_, d) = dims.iter().into_iter().min_by_key(|(_, d)| d.score)?;
    // Only point at a dimension that actually needs work; repeating praise helps nobody.
    (d.score < 70).then(|| format!("{}: {}", d.label, d.verdict))
}

#[cfg(test)]
mod other_tests;

/// Helpers for the rubric tests: score a hand-written answer and read what each dimension
/// cites.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Cue, Dimension, Effect, Question, Rubric, ScoreReport, Transcript};

    /// Scores `answer` against a stand-in question of `rubric`, with the duration estimated
    /// from the words.
    pub fn score(rubric: Rubric, answer: &str) -> ScoreReport {
        super::score_answer(
            &Question::for_rubric(rubric, "A practice question."),
            &Transcript::from_text(answer),
            None,
        )
    }

    /// True when the dimension cites a phrase containing `phrase` as `cue` with `effect`.
    pub fn cites(dimension: &Dimension, cue: Cue, effect: Effect, phrase: &str) -> bool {
        dimension
            .evidence
            .iter()
            .any(|e| e.cue == cue && e.effect == effect && e.text.contains(phrase))
    }

    /// Every piece of evidence of a dimension, for failure messages.
    pub fn cited(dimension: &Dimension) -> Vec<(Cue, Effect, &str)> {
        dimension
            .evidence
            .iter()
            .map(|e| (e.cue, e.effect, e.text.as_str()))
            .collect()
    }
}
