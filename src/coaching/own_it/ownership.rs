//! Ownership: does the speaker say, in the first person and without excuses, hedges or
//! self-punishment, what they did or didn't do?

use super::super::Ctx;
use super::super::report::{Cue, Effect, Evidence};
use super::Judgement;
use super::tally::Tally;

/// Scores ownership. `handed_off`: the cause was handed to circumstances with nothing owned
/// beyond the bare fact. Filler evidence is added to `evidence` when the filler rate is above
/// the user's "fillers hurt" threshold.
pub(super) fn judge(
    ctx: &Ctx,
    tally: &Tally,
    handed_off: bool,
    evidence: &mut Vec<Evidence>,
) -> Judgement {
    let fpm = ctx.fillers_per_min();
    let mut score = 42.0;
    score += 30.0 * tally.own_w.min(1.0) + 10.0 * (tally.own_w - 1.0).clamp(0.0, 2.0);
    if tally.problem_statement {
        score += 8.0;
    }
    if tally.blame_w > 0.0 {
        score -= 30.0 * tally.blame_w.min(1.0) + 16.0 * (tally.blame_w - 1.0).max(0.0);
    }
    score -= 16.0 * tally.minimising_w;
    score -= 16.0 * tally.self_punish_w;
    if tally.sorry >= 2 {
        score -= 8.0;
    }
    score -= (8.0 * tally.hedge_w).min(28.0);
    let fillers_bad = ctx.settings.delivery.fillers_bad_per_min;
    if fpm > fillers_bad {
        score -= (fpm - fillers_bad).min(10.0);
        // Consecutive filler words ("you know") are one piece of evidence.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for f in &ctx.analysed.fillers {
            match groups.last_mut() {
                Some(g) if g.1 + 1 == f.word => g.1 = f.word,
                _ => groups.push((f.word, f.word)),
            }
        }
        for (first, last) in groups.into_iter().take(4) {
            if let (Some(first), Some(last)) =
                (ctx.analysed.words.get(first), ctx.analysed.words.get(last))
            {
                evidence.push(ctx.evidence_chars(
                    first.start,
                    last.end,
                    Cue::Filler,
                    Effect::Lowers,
                    "fillers make the admission sound unsure",
                ));
            }
        }
    }
    if tally.own_w < 0.3 && !tally.problem_statement {
        score = score.min(45.0);
    }
    if handed_off {
        score = score.min(35.0);
    }
    let verdict = if tally.blame_w > 0.0 {
        "Puts the cause on others; own the part that was yours.".to_string()
    } else if tally.self_punish_w >= 1.0 {
        "Too hard on yourself: own it once, calmly, and move on.".to_string()
    } else if tally.minimising_w > 0.5 {
        "Plays the problem down; say plainly what happened.".to_string()
    } else if handed_off {
        "Says what happened but hands the cause to circumstances; name the part that was yours."
            .to_string()
    } else if tally.hedge_w >= 1.5 {
        "The ownership is hedged; say it plainly, without \"I guess\" or \"kind of\".".to_string()
    } else if score >= 70.0 {
        "Clear first-person ownership.".to_string()
    } else if score >= 50.0 {
        "Owns it, but could say more plainly what you did or didn't do.".to_string()
    } else {
        "Never quite says what you did or didn't do.".to_string()
    };
    Judgement { score, verdict }
}
