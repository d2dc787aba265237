//! The score report: plain data the CLI prints, the review screen draws, and JSON carries.
//!
//! **Offsets.** Every `start`/`end` in a report (evidence and spans) is a **character offset**
//! (Unicode scalar values, what Rust's `str::chars` counts and what JavaScript/Python count for
//! most text) into the answer text that was scored, end exclusive. `start_s`/`end_s` are seconds
//! from the start of the recording and are present only when the transcript had word times.

use serde::{Deserialize, Serialize};

use super::question::Rubric;

/// The result of scoring one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// Bank id of the question the answer was scored against (`rubric:<name>` when only a
    /// rubric could be matched).
    pub question_id: String,
    /// The question as asked.
    pub question_text: String,
    /// Which rubric scored it.
    pub rubric: Rubric,
    /// Overall score 0-100.
    pub overall: u8,
    /// One-sentence overall verdict.
    pub verdict: String,
    /// The five dimensions (their meaning per rubric is in each dimension's `label`).
    pub dimensions: Dimensions,
    /// The parts of the expected answer pattern found in the text, in text order.
    pub spans: Vec<PatternSpan>,
    /// Whether the pattern is complete and in order.
    pub pattern: PatternCheck,
    /// One to three concrete suggestions, most important first.
    pub suggestions: Vec<String>,
    /// Length, pace and fillers.
    pub timing: Timing,
}

/// The five scored dimensions. The keys are fixed for every rubric so tools can rely on them;
/// what each measures for a rubric is given by [`Dimension::label`]:
///
/// | key | own it | narrative | behavioural (STAR) | motivation | role-play ask |
/// |---|---|---|---|---|---|
/// | `ownership` | first-person responsibility | specific, personal voice | your own role ("I", not "we") | a personal reason | candour about the problem |
/// | `context` | brief factual cause | background (past) | situation and task | the story behind it | rapport and framing |
/// | `growth` | changes and evidence | what you have done (present) | actions and result | evidence of commitment | evidence since |
/// | `move_on` | forward-looking end | where you're heading (future) | reflection and close | fit with this program | a clear, polite ask |
/// | `brevity` | length and problem share | length and proportions | length and proportions | length | length |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimensions {
    /// See the table above.
    pub ownership: Dimension,
    /// See the table above.
    pub context: Dimension,
    /// See the table above.
    pub growth: Dimension,
    /// See the table above.
    pub move_on: Dimension,
    /// See the table above.
    pub brevity: Dimension,
}

impl Dimensions {
    /// The dimensions with their JSON keys, in display order.
    pub fn iter(&self) -> [(&'static str, &Dimension); 5] {
        [
            ("ownership", &self.ownership),
            ("context", &self.context),
            ("growth", &self.growth),
            ("move_on", &self.move_on),
            ("brevity", &self.brevity),
        ]
    }
}

/// One dimension's score with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    /// 0-100; 50 is the line between "works" and "needs work".
    pub score: u8,
    /// A short verdict in plain language.
    pub verdict: String,
    /// What this dimension means for the rubric ("Ownership", "Situation & task", ...).
    pub label: String,
    /// The phrases that raised or lowered the score, in text order.
    pub evidence: Vec<Evidence>,
}

/// A phrase that raised or lowered a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The phrase as it appears in the answer.
    pub text: String,
    /// Character offset of the phrase in the answer (see module docs).
    pub start: usize,
    /// Character offset one past the end.
    pub end: usize,
    /// Whether it raised or lowered the score.
    pub effect: Effect,
    /// What kind of cue it is, for colouring.
    pub cue: Cue,
    /// Why it matters, in a few words.
    pub note: String,
    /// Start time in seconds, when the transcript had word times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
    /// End time in seconds, when the transcript had word times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_s: Option<f64>,
}

/// Direction of an evidence item. Serialised as `"raises"` / `"lowers"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The phrase raised the score.
    Raises,
    /// The phrase lowered the score.
    Lowers,
}

/// The kind of cue behind an evidence item; a small stable vocabulary (snake_case in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cue {
    /// First-person responsibility ("I underestimated", "that's on me").
    Ownership,
    /// The problem stated plainly ("I passed on my second attempt", "my Step 1 was 209").
    ProblemStatement,
    /// Blaming the exam, school, people, luck or the system.
    Blame,
    /// Playing it down ("just a number", "not a big deal", a humblebrag weakness).
    Minimising,
    /// Self-punishment or repeated apology.
    SelfPunishment,
    /// A hedge that softens ownership ("I guess", "kind of").
    Hedge,
    /// A specific, factual cause.
    Cause,
    /// A vague cause ("a lot was going on").
    VagueContext,
    /// A list of hardships instead of one cause.
    TraumaDump,
    /// A specific change made.
    Change,
    /// Proof the change worked (later score, percentile, honors, evaluations).
    Evidence,
    /// A tie to residency, the wards, patients or the program.
    ResidencyTie,
    /// Growth promised without specifics ("I'm working on it").
    VagueGrowth,
    /// A forward-looking close.
    Forward,
    /// Returning to the problem after the pivot.
    CircleBack,
    /// Brushing the problem off ("I moved on").
    Dismissive,
    /// Filler words ("um", "uh", "like").
    Filler,
    /// Length against the target.
    Length,
    /// Too much of the answer spent on the problem.
    ProblemShare,
    /// Sets the scene (STAR situation).
    Situation,
    /// Says what you did (STAR action).
    Action,
    /// States the outcome (STAR result).
    Result,
    /// Reflects on what was learned.
    Reflection,
    /// A cliché ("I've always wanted to help people").
    Cliche,
    /// Background in a narrative answer.
    Past,
    /// Where the speaker is now.
    Present,
    /// Where the speaker is heading.
    Future,
    /// A personal moment or story.
    Personal,
    /// Evidence of commitment (rotations, research, service).
    Commitment,
    /// Something specific to the program.
    ProgramFit,
    /// Generic praise or reasons.
    Generic,
    /// Thanks and rapport in a role-play ask.
    Gratitude,
    /// The explicit ask.
    Ask,
    /// Gives the listener an easy out.
    Softener,
    /// Demanding or desperate wording.
    Demand,
    /// Names specific programs or people.
    Target,
    /// A concrete, specific detail (numbers, names).
    Specific,
    /// Saying "we" where the listener wants "I".
    TeamVoice,
    /// Structure and order of the answer.
    Structure,
}

/// A part of the expected answer pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Own it: what happened, in the first person.
    OwnIt,
    /// Contextualize it: the cause in a sentence or two.
    ContextualizeIt,
    /// Move on: the change, the evidence and a forward-looking close.
    MoveOn,
    /// STAR situation and task.
    Situation,
    /// STAR action.
    Action,
    /// STAR result.
    Result,
    /// Reflection or lesson.
    Reflection,
    /// Narrative: background.
    Past,
    /// Narrative: where you are now.
    Present,
    /// Narrative: where you are heading.
    Future,
    /// Motivation: the personal reason or story.
    Reason,
    /// Motivation: fit with the program.
    Fit,
    /// Role-play: rapport and thanks.
    Rapport,
    /// Role-play: the ask.
    Ask,
}

impl Part {
    /// The part's name for people ("own it", "contextualize it", ...).
    pub fn name(self) -> &'static str {
        match self {
            Part::OwnIt => "own it",
            Part::ContextualizeIt => "contextualize it",
            Part::MoveOn => "move on",
            Part::Situation => "situation",
            Part::Action => "action",
            Part::Result => "result",
            Part::Reflection => "reflection",
            Part::Past => "background",
            Part::Present => "present",
            Part::Future => "future",
            Part::Reason => "reason",
            Part::Fit => "fit",
            Part::Rapport => "rapport",
            Part::Ask => "the ask",
        }
    }
}

/// A located part of the pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternSpan {
    /// Which part.
    pub part: Part,
    /// Character offset of the start (see module docs).
    pub start: usize,
    /// Character offset one past the end.
    pub end: usize,
    /// The text of the span.
    pub text: String,
    /// Start time in seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
    /// End time in seconds, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_s: Option<f64>,
}

/// Completeness and order of the pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatternCheck {
    /// The parts expected, in order.
    pub expected: Vec<Part>,
    /// Expected parts not found.
    pub missing: Vec<Part>,
    /// True when the found parts appear in the expected order.
    pub in_order: bool,
    /// A plain-language note on the pattern.
    pub note: String,
}

/// Where the duration came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationSource {
    /// The real audio duration was given.
    Audio,
    /// From the first and last word times of the transcript.
    WordTimes,
    /// Estimated from the word count at the typical pace.
    Estimated,
}

/// Length, pace and fillers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Duration of the answer in seconds.
    pub duration_s: f64,
    /// Where the duration came from.
    pub duration_source: DurationSource,
    /// Words spoken, fillers included.
    pub word_count: usize,
    /// Target length range, seconds.
    pub target_min_s: f64,
    /// Target length range, seconds.
    pub target_max_s: f64,
    /// Seconds spent on the problem before the pivot (own-it rubric), when measurable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_s: Option<f64>,
    /// Filler words found in the transcript (Whisper drops many, so this undercounts).
    pub filler_count: usize,
    /// Fillers per minute.
    pub fillers_per_min: f64,
}
