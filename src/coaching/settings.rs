//! Every threshold the scorer uses, in one place, with where it comes from.
//!
//! Figures with a published range are fields of [`Settings`] (defaults below) so the app can
//! expose them; the rest are named constants. The delivery thresholds the user edits (filler
//! rates) live in [`MetricSettings`] and reach the scorer through [`Settings::delivery`].

use super::meaning::MeaningHandle;
use super::question::Rubric;
use crate::analysis::MetricSettings;

/// Typical conversational pace used to estimate duration from words when there is no audio
/// (conversational English is often put at 140-160 wpm, Street & Brady 1982; speaking coaches
/// guide to 120-165).
pub const TYPICAL_PACE_WPM: f64 = 140.0;

/// Default target for the score and red-flag questions: no source gives a limit, 30-75 s (about
/// 80-200 spoken words) is the project's default.
pub const OWN_IT_TARGET_S: (f64, f64) = (30.0, 75.0);
/// Behavioural answers run 60-120 s, STAR answers 60-90 s, as interview coaches advise.
pub const STAR_TARGET_S: (f64, f64) = (60.0, 120.0);
/// "Tell me about yourself" and the journey question: a behavioural-length answer.
pub const NARRATIVE_TARGET_S: (f64, f64) = (60.0, 120.0);
/// "Why this specialty / program": shorter than a story, longer than a one-liner.
pub const MOTIVATION_TARGET_S: (f64, f64) = (45.0, 90.0);
/// Role-play asks of an attending: a good ask is a few sentences.
pub const ASK_TARGET_S: (f64, f64) = (30.0, 75.0);

/// The default target range for a rubric.
pub fn default_target(rubric: Rubric) -> (f64, f64) {
    match rubric {
        Rubric::OwnIt => OWN_IT_TARGET_S,
        Rubric::Star => STAR_TARGET_S,
        Rubric::Narrative => NARRATIVE_TARGET_S,
        Rubric::Motivation => MOTIVATION_TARGET_S,
        Rubric::Ask => ASK_TARGET_S,
    }
}

/// Tunable scoring settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Pace for estimating duration from words, words per minute.
    pub pace_wpm: f64,
    /// Seconds on the problem (own it + context) that never cost brevity points: coaches ask
    /// for "one or two factual sentences", roughly 15-20 s spoken.
    pub problem_allowance_s: f64,
    /// Share of the answer on the problem above which brevity drops (coaches aim for about a
    /// third on the problem, two thirds on growth; above 60% the answer dwells).
    pub max_problem_share: f64,
    /// Brevity points lost per second over the target's upper bound.
    pub over_target_per_s: f64,
    /// Brevity points lost per second under the target's lower bound (capped: a short answer
    /// is brief, its gaps show up in the other dimensions).
    pub under_target_per_s: f64,
    /// Most brevity points a short answer can lose.
    pub under_target_cap: f64,
    /// The delivery thresholds the user edits on the Settings screen. They have one home,
    /// [`MetricSettings`]; the scorer reads its filler rates from here (ownership loses points
    /// above [`MetricSettings::fillers_bad_per_min`]), so the score follows the same values as
    /// the delivery notes.
    pub delivery: MetricSettings,
    /// The sentence-embedding model, when one is loaded: clauses no rule recognised are then
    /// read by meaning, and free-text questions routed by it. Without it the rules score alone.
    pub meaning: MeaningHandle,
}

impl Settings {
    /// The default scoring settings with the user's delivery thresholds.
    pub fn with_delivery(delivery: &MetricSettings) -> Self {
        Self {
            delivery: delivery.clone(),
            ..Self::default()
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            pace_wpm: TYPICAL_PACE_WPM,
            problem_allowance_s: 25.0,
            max_problem_share: 0.6,
            over_target_per_s: 2.0,
            under_target_per_s: 1.0,
            under_target_cap: 30.0,
            delivery: MetricSettings::default(),
            meaning: MeaningHandle::default(),
        }
    }
}
