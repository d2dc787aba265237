//! Move on: after the pivot, does the answer stay on growth and end looking forward?

use super::super::Ctx;
use super::super::cues::{Hit, Kind};
use super::super::report::{Cue, Effect, Evidence};
use super::Judgement;
use super::spans::Pivot;
use super::tally::Tally;

/// How the answer ends: its last unit (and the one before when the last is short).
pub(super) struct Ending<'a> {
    /// The units that make up the ending.
    units: Vec<usize>,
    /// Strength of the forward-looking cue in the ending (0 when there is none; weak cues
    /// count 0.6).
    pub forward: f64,
    /// Problem cues in the ending: the answer ends on the problem.
    pub negative: Vec<&'a Hit>,
}

impl<'a> Ending<'a> {
    /// Reads the ending of the answer.
    pub fn read(ctx: &'a Ctx) -> Self {
        let last_unit = ctx.analysed.units.saturating_sub(1);
        let ending_units: Vec<usize> = {
            let short_last = ctx
                .analysed
                .unit_range(last_unit)
                .is_some_and(|(first, last)| last + 1 - first < 6);
            if short_last && last_unit > 0 {
                vec![last_unit - 1, last_unit]
            } else {
                vec![last_unit]
            }
        };
        let in_ending = |h: &Hit| ending_units.contains(&h.unit);
        let hits = &ctx.hits;
        let forward = hits
            .iter()
            .filter(|h| h.kind == Kind::Forward && in_ending(h))
            .map(|h| f64::from(h.weight) * if h.weak { 0.6 } else { 1.0 })
            .fold(0.0, f64::max);
        let negative: Vec<&Hit> = hits
            .iter()
            .filter(|h| in_ending(h) && h.kind.is_negative())
            .collect();
        Self {
            units: ending_units,
            forward,
            negative,
        }
    }

    /// True when the hit lies in the ending.
    pub fn contains(&self, h: &Hit) -> bool {
        self.units.contains(&h.unit)
    }
}

/// Scores moving on.
pub(super) fn judge(
    ctx: &Ctx,
    pivot: &Pivot,
    tally: &Tally,
    ending: &Ending,
    evidence: &mut Vec<Evidence>,
) -> Judgement {
    let hits = &ctx.hits;
    // A turn made only of vague promises ("I've grown a lot") is a weak turn.
    let real_turn = pivot.unit.is_some()
        && hits.iter().any(|h| {
            !h.weak
                && match h.kind {
                    Kind::Change => h.weight >= 0.6,
                    Kind::Evidence | Kind::Forward => h.weight >= 0.8,
                    _ => false,
                }
        });
    let vague_end = hits
        .iter()
        .any(|h| h.kind == Kind::VagueGrowth && ending.contains(h));
    let tie_end = hits
        .iter()
        .any(|h| h.kind == Kind::ResidencyTie && ending.contains(h) && pivot.is_after(h));
    let fwd_after = hits
        .iter()
        .any(|h| h.kind == Kind::Forward && !h.weak && pivot.is_after(h) && !ending.contains(h));
    let growth_end = hits
        .iter()
        .any(|h| matches!(h.kind, Kind::Evidence | Kind::Change) && ending.contains(h));
    for h in hits
        .iter()
        .filter(|h| h.kind == Kind::Forward && ending.contains(h))
    {
        evidence.push(ctx.evidence(h, Cue::Forward, Effect::Raises));
    }
    let mut score = if real_turn {
        55.0
    } else if pivot.unit.is_some() {
        40.0
    } else {
        22.0
    };
    if vague_end {
        score -= 10.0;
    }
    if pivot.unit.is_some() {
        score += 25.0 * ending.forward;
        if tie_end {
            score += 8.0;
        }
        if fwd_after {
            score += 7.0;
        }
        if growth_end && ending.forward == 0.0 {
            score += 10.0;
        }
    } else {
        score += 15.0 * ending.forward;
    }
    if tally.circle_back_w > 0.0 {
        score -= 30.0 * tally.circle_back_w.min(1.0) + 15.0 * (tally.circle_back_w - 1.0).max(0.0);
    }
    if !ending.negative.is_empty() {
        score -= 20.0;
        for h in &ending.negative {
            let mut e = ctx.evidence(h, Cue::CircleBack, Effect::Lowers);
            e.note = "ends on the problem".into();
            evidence.push(e);
        }
    }
    if tally.dismissive > 0 && tally.change_w < 0.6 {
        score -= 15.0;
    }
    let verdict = if tally.circle_back_w > 0.0 {
        "Circles back to the problem after the pivot; end on the growth.".to_string()
    } else if !ending.negative.is_empty() {
        "Ends on the problem, not on what's next.".to_string()
    } else if tally.dismissive > 0 && tally.change_w < 0.6 {
        "Brushes it off rather than moving forward.".to_string()
    } else if pivot.unit.is_none() {
        "Never turns to what changed or what's next.".to_string()
    } else if ending.forward > 0.0 {
        "Ends forward-looking and stays there.".to_string()
    } else {
        "Pivots, but the last sentence could look ahead.".to_string()
    };
    Judgement { score, verdict }
}
