//! Brevity: within the question's target length, with little time on the problem.

use super::super::report::{Cue, Effect, Evidence};
use super::super::{Ctx, short_quote};
use super::Judgement;
use super::spans::Pivot;

/// Scores brevity: the judgement, its evidence and the seconds spent on the problem.
pub(super) fn judge(
    ctx: &Ctx,
    pivot: &Pivot,
    problem_words: usize,
) -> (Judgement, Vec<Evidence>, f64) {
    let settings = ctx.settings;
    let (length_delta, length_evidence, length_note) = ctx.length_check();
    let mut score = 100.0 + length_delta;
    let mut evidence = vec![length_evidence];
    let pivot_char = pivot.char_offset(ctx);
    let problem_s = if pivot.unit.is_some() {
        ctx.seconds_until_char(pivot_char)
    } else {
        ctx.duration_s
    };
    let total_words = ctx.analysed.words.len().max(1);
    let share = problem_words as f64 / total_words as f64;
    let mut verdict = length_note;
    if problem_s > settings.problem_allowance_s {
        score -= (problem_s - settings.problem_allowance_s) * 1.5;
    }
    if share > settings.max_problem_share && problem_s > 20.0 {
        score -= ((share - settings.max_problem_share) * 60.0).min(24.0);
    }
    if problem_s > settings.problem_allowance_s
        || (share > settings.max_problem_share && problem_s > 20.0)
    {
        let note = format!(
            "about {problem_s:.0} s ({:.0}% of the answer) on the problem",
            share * 100.0
        );
        let mut e = ctx.evidence_chars(0, pivot_char, Cue::ProblemShare, Effect::Lowers, &note);
        e.text = short_quote(&e.text);
        evidence.push(e);
        verdict = format!(
            "{verdict} Spends {note}; keep it under {:.0} s.",
            settings.problem_allowance_s
        );
    }
    (Judgement { score, verdict }, evidence, problem_s)
}
