//! Growth: a specific change, proof that it worked, tied to residency.

use super::super::Ctx;
use super::super::cues::Kind;
use super::super::report::{Cue, Effect, Evidence};
use super::Judgement;
use super::tally::Tally;

/// Scores growth.
pub(super) fn judge(ctx: &Ctx, tally: &Tally, evidence: &mut Vec<Evidence>) -> Judgement {
    let mut score = 10.0;
    score += 32.0 * tally.change_w.min(1.0) + 8.0 * (tally.change_w - 1.0).clamp(0.0, 2.0);
    score += 28.0 * tally.evidence_w.min(1.0) + 8.0 * (tally.evidence_w - 1.0).clamp(0.0, 2.0);
    if tally.tie_after {
        score += 10.0;
    }
    score -= tally.vague_growth as f64 * if tally.change_w < 0.6 { 10.0 } else { 4.0 };
    if tally.dismissive > 0 && tally.change_w < 0.6 {
        score -= 15.0;
        for h in ctx.hits.iter().filter(|h| h.kind == Kind::Dismissive) {
            evidence.push(ctx.evidence(h, Cue::Dismissive, Effect::Lowers));
        }
    }
    if tally.change_w == 0.0 && tally.evidence_w == 0.0 {
        score = score.min(30.0);
    }
    let verdict = if tally.change_w >= 0.6 && tally.evidence_w >= 0.6 {
        if tally.tie_after {
            "Specific changes, proof they worked, tied to residency.".to_string()
        } else {
            "Specific changes with proof they worked.".to_string()
        }
    } else if tally.change_w >= 0.6 {
        "Names what you changed but not the proof it worked.".to_string()
    } else if tally.evidence_w >= 0.6 {
        "Shows a better result but not what you changed to get it.".to_string()
    } else if tally.vague_growth > 0 {
        "Promises growth without saying what you changed.".to_string()
    } else {
        "No growth shown: what did you change, and what shows it worked?".to_string()
    };
    Judgement { score, verdict }
}
