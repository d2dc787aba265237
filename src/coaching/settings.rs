//! Every threshold the scorer uses, in one place, with where it comes from.
//!
//! Figures with a published range are fields of [`Settings`] (defaults below) so the app can
//! expose them; the rest are named constants.

use super::question::Rubric;

/// Typical conversational pace used to estimate duration from words when there is no audio
/// (conversational English is often put at 140-160 wpm, Street & Brady 1982; speaking coaches
/// guide to 120-165; see shared notes coaching.md).
pub const TYPICAL_PACE_WPM: f64 = 140.0;

/// Default target for the score and red-flag questions: no source gives a limit, 30-75 s (about
/// 80-200 spoken words) is the project's default (coaching.md).
pub const OWN_IT_TARGET_S: (f64, f64) = (30.0, 75.0);
/// Behavioural answers run 60-120 s, STAR answers 60-90 s (coaching.md).
pub const STAR_TARGET_S: (f64, f64) = (60.0, 120.0);
/// "Tell me about yourself" and the journey question: a behavioural-length answer.
pub const NARRATIVE_TARGET_S: (f64, f64) = (60.0, 120.0);
/// "Why this specialty / program": shorter than a story, longer than a one-liner.
pub const MOTIVATION_TARGET_S: (f64, f64) = (45.0, 90.0);
/// Role-play asks of an attending: seed 002's sample asks are a few sentences.
pub const ASK_TARGET_S: (f64, f64) = (30.0, 75.0);

/// Fillers per minute at or below which listeners did not penalise (Laske & DiGennaro Reed
/// 2024); 12 per minute hurt ratings.
pub const FILLERS_OK_PER_MIN: f64 = 5.0;
/// Fillers per minute that hurt listener ratings (same source).
pub const FILLERS_HURT_PER_MIN: f64 = 12.0;

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
    /// Seconds on the problem (own it + context) that never cost brevity points: the seeds ask
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
        }
    }
}
