//! The own-it rubric: "own it, contextualize it, move on", for every question that asks the
//! applicant to account for a problem (scores, red flags, weaknesses, setbacks, mistakes, not
//! matching).
//!
//! The answer is read the way a coach listens: where does the speaker stop explaining the
//! problem and turn to what changed (the *pivot*)? Everything before the pivot is the problem
//! (own it + context), everything after is the move-on. A score mentioned before the pivot is
//! the problem; after it, it is evidence. Dwelling on the problem before the pivot is
//! self-punishment; after it, it is circling back.
//!
//! [`spans`] finds the pivot and lays out the pattern; [`tally`] reads every cue once, by
//! position, into counters, evidence and quotes; one module per dimension turns those into a
//! score and a verdict; [`suggestions`] ranks what to change.

mod brevity;
mod context;
mod growth;
mod move_on;
mod ownership;
mod spans;
mod suggestions;
mod tally;

#[cfg(test)]
mod tests;

use super::report::Dimensions;
use super::{Ctx, Scored, dim, weighted};

/// Overall weights: ownership, context, growth, move_on, brevity. Ownership and growth carry
/// most of the pattern's meaning; context and brevity matter but rarely decide an answer.
const WEIGHTS: [f64; 5] = [0.27, 0.15, 0.25, 0.18, 0.15];

/// A dimension's raw score (before clamping) and its one-line verdict.
struct Judgement {
    score: f64,
    verdict: String,
}

/// Scores an answer to a question of the own-it rubric.
pub(crate) fn score(ctx: &Ctx) -> Scored {
    let pivot = spans::find_pivot(ctx);
    let mut read = tally::read_cues(ctx, &pivot);
    let problem_words = pivot.problem_words(ctx);
    let trauma = context::trauma_dump(ctx, pivot.token, problem_words, read.tally.external_pre > 0);
    // The cause is handed to circumstances: a list of hardships or a catch-all ("because of
    // everything"), and nothing owned beyond the bare fact. "I failed" alone is then a report,
    // not ownership.
    let handed_off = (read.tally.external_pre > 0 || trauma) && !read.tally.responsibility;

    let ownership = ownership::judge(ctx, &read.tally, handed_off, &mut read.evidence.ownership);
    let context = context::judge(
        ctx,
        &pivot,
        &mut read.tally,
        problem_words,
        trauma,
        &mut read.evidence.context,
    );
    let growth = growth::judge(ctx, &read.tally, &mut read.evidence.growth);
    let ending = move_on::Ending::read(ctx);
    let move_on = move_on::judge(
        ctx,
        &pivot,
        &read.tally,
        &ending,
        &mut read.evidence.move_on,
    );
    let (brevity, brevity_evidence, problem_s) = brevity::judge(ctx, &pivot, problem_words);

    let (spans, pattern) = spans::pattern_spans(ctx, &pivot, &read.tally, &context.factual_units);

    let dimensions = Dimensions {
        ownership: dim(
            ownership.score,
            "Ownership",
            ownership.verdict,
            read.evidence.ownership,
        ),
        context: dim(
            context.judgement.score,
            "Context",
            context.judgement.verdict,
            read.evidence.context,
        ),
        growth: dim(growth.score, "Growth", growth.verdict, read.evidence.growth),
        move_on: dim(
            move_on.score,
            "Move on",
            move_on.verdict,
            read.evidence.move_on,
        ),
        brevity: dim(brevity.score, "Brevity", brevity.verdict, brevity_evidence),
    };
    let overall = weighted(&dimensions, WEIGHTS);
    let suggestions = suggestions::suggest(
        ctx,
        &suggestions::Findings {
            tally: &read.tally,
            quotes: &read.quotes,
            pivot: &pivot,
            ending: &ending,
            trauma,
            causes: context.causes,
            problem_s,
        },
        overall,
        &dimensions,
    );

    Scored {
        overall,
        dimensions,
        spans,
        pattern,
        suggestions,
        problem_s: Some(problem_s),
    }
}
