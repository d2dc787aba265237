//! The answer's layout: where it turns from the problem to growth (the pivot), and the
//! own-it / contextualize-it / move-on spans with the pattern check built on them.

use super::super::cues::{Hit, Kind};
use super::super::report::{Part, PatternCheck, PatternSpan};
use super::super::{Ctx, pattern_check};
use super::tally::Tally;

/// Kinds that belong to the problem part of the answer.
pub(super) fn is_problem_kind(k: Kind) -> bool {
    matches!(
        k,
        Kind::Ownership
            | Kind::ProblemStatement
            | Kind::Blame
            | Kind::Minimising
            | Kind::SelfPunishment
            | Kind::Dwelling
            | Kind::Cause
            | Kind::VagueContext
    )
}

/// Cues strong enough to mark the turn from the problem to growth. Weak signals (a bare
/// number of minutes, "now") only count once the answer has clearly turned.
pub(super) fn is_growth_kind(h: &Hit) -> bool {
    if h.weak {
        return false;
    }
    match h.kind {
        Kind::Change | Kind::VagueGrowth => true,
        Kind::Evidence | Kind::Forward => h.weight >= 0.8,
        _ => false,
    }
}

/// True when a cue in the unit turns to growth.
pub(super) fn unit_has_growth(hits: &[Hit], unit: usize) -> bool {
    hits.iter().any(|h| h.unit == unit && is_growth_kind(h))
}

/// The answer split at the pivot.
pub(super) struct Pivot {
    /// First unit of the move-on part, if the answer ever turns.
    pub unit: Option<usize>,
    /// First stream token of the move-on part (or the token count when there is none).
    pub token: usize,
}

impl Pivot {
    /// True when the hit lies in the move-on part.
    pub fn is_after(&self, h: &Hit) -> bool {
        h.first_token >= self.token
    }

    /// Words spoken before the pivot (all of them when the answer never turns).
    pub fn problem_words(&self, ctx: &Ctx) -> usize {
        let words = &ctx.analysed.words;
        words
            .iter()
            .filter(|w| {
                self.token >= ctx.analysed.toks.len()
                    || ctx.analysed.toks.get(self.token).is_some_and(|p| {
                        words
                            .get(p.first_word)
                            .is_some_and(|pivot_word| w.end <= pivot_word.start)
                    })
            })
            .count()
    }

    /// Character offset where the move-on part starts (the text's end when there is none).
    pub fn char_offset(&self, ctx: &Ctx) -> usize {
        ctx.analysed
            .toks
            .get(self.token)
            .and_then(|t| ctx.analysed.words.get(t.first_word))
            .map_or(ctx.chars.len(), |w| w.start)
    }
}

/// Finds the pivot.
pub(super) fn find_pivot(ctx: &Ctx) -> Pivot {
    let hits = &ctx.hits;
    let first_problem_unit = hits
        .iter()
        .filter(|h| is_problem_kind(h.kind) || h.kind == Kind::ScoreMention)
        .map(|h| h.unit)
        .min();
    // The pivot is the first unit that turns to growth at or after the problem is stated: a
    // growth word before the problem is even mentioned is scene-setting, not the turn.
    // A candidate is not the turn if the problem story carries on after it ("I want to be
    // honest about it. I reread my notes, I didn't do questions, ..."): two or more
    // admissions or causes in later units without growth mean the speaker hasn't turned yet.
    // Emotional returns (dwelling, apologies) after a real turn are circling back instead.
    let story_continues = |u: usize| {
        hits.iter()
            .filter(|o| {
                o.unit > u
                    && matches!(
                        o.kind,
                        Kind::Ownership | Kind::Cause | Kind::ProblemStatement
                    )
                    && !unit_has_growth(hits, o.unit)
            })
            .count()
            >= 2
    };
    // A forward phrase is the turn only when no part of the problem follows it: "I'll be
    // straightforward: I scored a 214" opens the answer, it doesn't close it.
    let problem_follows = |u: usize| {
        hits.iter().any(|o| {
            o.unit > u
                && (is_problem_kind(o.kind) || o.kind == Kind::ScoreMention)
                && !unit_has_growth(hits, o.unit)
        })
    };
    let unit = hits
        .iter()
        .filter(|h| is_growth_kind(h))
        .filter(|h| first_problem_unit.is_none_or(|p| h.unit >= p))
        .filter(|h| !story_continues(h.unit))
        .filter(|h| h.kind != Kind::Forward || !problem_follows(h.unit))
        .filter(|h| {
            // In a unit that states the problem ("I passed on my second attempt"), only a
            // change named after the admission is the turn ("I crammed, so I rebuilt ...").
            !hits.iter().any(|o| {
                o.unit == h.unit
                    && matches!(
                        o.kind,
                        Kind::Ownership | Kind::Blame | Kind::ProblemStatement
                    )
                    && !(h.kind == Kind::Change && h.weight >= 0.6 && h.first_token > o.last_token)
            })
        })
        .map(|h| h.unit)
        .min();
    let token = unit
        .and_then(|u| ctx.analysed.unit_range(u))
        .map_or(ctx.analysed.toks.len(), |(first, _)| first);
    Pivot { unit, token }
}

/// The own-it, context and move-on spans, and whether all three are there in order.
pub(super) fn pattern_spans(
    ctx: &Ctx,
    pivot: &Pivot,
    tally: &Tally,
    factual_units: &[usize],
) -> (Vec<PatternSpan>, PatternCheck) {
    let hits = &ctx.hits;
    let own_units: Vec<usize> = hits
        .iter()
        .filter(|h| {
            !pivot.is_after(h)
                && (matches!(h.kind, Kind::Ownership | Kind::ProblemStatement)
                    || h.kind == Kind::ScoreMention)
        })
        .map(|h| h.unit)
        .collect();
    let context_units: Vec<usize> = tally
        .cause_units
        .iter()
        .chain(tally.weak_cause_units.iter())
        .chain(factual_units.iter())
        .copied()
        .collect();
    let last_unit = ctx.analysed.units.saturating_sub(1);
    let mut spans: Vec<PatternSpan> = Vec::new();
    spans.extend(ctx.span_over(Part::OwnIt, &own_units));
    spans.extend(ctx.span_over(Part::ContextualizeIt, &context_units));
    if let Some(span) = pivot
        .unit
        .and_then(|first| ctx.span_units(Part::MoveOn, first, last_unit))
    {
        spans.push(span);
    }
    let mut missing = Vec::new();
    if own_units.is_empty() {
        missing.push(Part::OwnIt);
    }
    if context_units.is_empty() {
        missing.push(Part::ContextualizeIt);
    }
    if pivot.unit.is_none() {
        missing.push(Part::MoveOn);
    }
    let move_start = spans
        .iter()
        .find(|s| s.part == Part::MoveOn)
        .map(|s| s.start);
    let in_order = tally.circle_back_w == 0.0
        && spans
            .iter()
            .filter(|s| s.part != Part::MoveOn)
            .all(|s| move_start.is_none_or(|m| s.start <= m));
    spans.sort_by_key(|s| (s.start, s.end));
    let pattern = pattern_check(
        vec![Part::OwnIt, Part::ContextualizeIt, Part::MoveOn],
        missing,
        in_order,
        "Out of order: the answer returns to the problem after moving on.",
        "Own it, contextualize it, move on: all there, in order.",
    );
    (spans, pattern)
}
