//! The own-it rubric: "own it, contextualize it, move on", for every question that asks the
//! applicant to account for a problem (scores, red flags, weaknesses, setbacks, mistakes, not
//! matching).
//!
//! The answer is read the way a coach listens: where does the speaker stop explaining the
//! problem and turn to what changed (the *pivot*)? Everything before the pivot is the problem
//! (own it + context), everything after is the move-on. A score mentioned before the pivot is
//! the problem; after it, it is evidence. Dwelling on the problem before the pivot is
//! self-punishment; after it, it is circling back.

use super::cues::{Hit, Kind};
use super::report::{Cue, Dimensions, Effect, Evidence, Part, PatternCheck, PatternSpan};
use super::{Ctx, Scored, dim, short_quote, weighted};

/// Overall weights: ownership, context, growth, move_on, brevity. Ownership and growth carry
/// most of the pattern's meaning; context and brevity matter but rarely decide an answer.
const WEIGHTS: [f64; 5] = [0.27, 0.15, 0.25, 0.18, 0.15];

/// Words that mark a hardship or grievance, used to spot a list of them (a trauma dump).
const TROUBLE: &[&str] = &[
    "bad",
    "dispute",
    "died",
    "broke",
    "broken",
    "lost",
    "apart",
    "sleep",
    "hours",
    "sick",
    "ill",
    "hospital",
    "construction",
    "moved",
    "crisis",
    "emergency",
    "stress",
    "stressed",
    "stressful",
    "struggling",
    "overwhelmed",
    "exhausted",
    "tired",
    "problem",
    "problems",
    "issue",
    "issues",
    "conflict",
    "divorce",
    "death",
    "funeral",
    "accident",
    "injury",
    "evicted",
    "eviction",
    "fight",
    "argument",
    "noise",
    "flood",
    "fire",
    "laptop",
    "car",
    "lease",
    "roommate",
    "overworked",
    "scut",
    "cancelled",
    "canceled",
    "surgery",
    "breakup",
    "drama",
    "frustrated",
    "chaos",
    "money",
    "financial",
    "debt",
    "job",
    "commute",
    "driving",
    "flooded",
    "landlord",
    "rent",
    "bills",
];

fn is_problem_kind(k: Kind) -> bool {
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
fn is_growth_kind(h: &Hit) -> bool {
    if h.weak {
        return false;
    }
    match h.kind {
        Kind::Change | Kind::VagueGrowth => true,
        Kind::Evidence | Kind::Forward => h.weight >= 0.8,
        _ => false,
    }
}

/// The answer split at the pivot.
struct Layout {
    /// First unit of the move-on part, if the answer ever turns.
    pivot_unit: Option<usize>,
    /// First stream token of the move-on part (or the token count when there is none).
    pivot_tok: usize,
}

fn layout(ctx: &Ctx) -> Layout {
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
                    && !hits.iter().any(|g| g.unit == o.unit && is_growth_kind(g))
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
                && !hits.iter().any(|g| g.unit == o.unit && is_growth_kind(g))
        })
    };
    let pivot_unit = hits
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
                    && !(h.kind == Kind::Change && h.weight >= 0.6 && h.a > o.b)
            })
        })
        .map(|h| h.unit)
        .min();
    let pivot_tok = pivot_unit
        .and_then(|u| ctx.an.unit_range(u))
        .map_or(ctx.an.toks.len(), |(a, _)| a);
    Layout {
        pivot_unit,
        pivot_tok,
    }
}

/// Counters gathered from the hits, already resolved by position.
#[derive(Default)]
struct Tally {
    own_w: f64,
    problem_statement: bool,
    blame_w: f64,
    blame_pre: usize,
    minimising_w: f64,
    self_punish_w: f64,
    sorry: usize,
    hedge_w: f64,
    cause_units: Vec<usize>,
    weak_cause_units: Vec<usize>,
    vague: usize,
    change_w: f64,
    evidence_w: f64,
    tie_after: bool,
    vague_growth: usize,
    dismissive: usize,
    circle_back_w: f64,
    /// Catch-all causes before the pivot ("because of everything that was happening").
    external_pre: usize,
    /// Some ownership goes beyond stating what happened: a misjudgement named, a decision
    /// owned, "that's on me", "I should have".
    responsibility: bool,
    /// A humble-brag or a denial before the pivot.
    minimising_pre: bool,
}

pub(crate) fn score(ctx: &Ctx) -> Scored {
    let lay = layout(ctx);
    let hits = &ctx.hits;
    let after = |h: &Hit| h.a >= lay.pivot_tok;

    let mut t = Tally::default();
    let mut own_ev: Vec<Evidence> = Vec::new();
    let mut ctx_ev: Vec<Evidence> = Vec::new();
    let mut growth_ev: Vec<Evidence> = Vec::new();
    let mut move_ev: Vec<Evidence> = Vec::new();
    // A real change shown somewhere: then a "strength" named as the weakness had a real cost
    // and a fix ("perfectionism ... turned two notes in late ... now I give each a limit").
    let fixed = hits
        .iter()
        .any(|h| h.kind == Kind::Change && h.weight >= 0.6 && !h.weak);
    let mut circle_quotes: Vec<String> = Vec::new();
    let mut blame_quotes: Vec<String> = Vec::new();
    let mut self_quotes: Vec<String> = Vec::new();
    let mut minim_quotes: Vec<String> = Vec::new();
    let mut hedge_quotes: Vec<String> = Vec::new();
    let mut vague_quotes: Vec<String> = Vec::new();

    for h in hits {
        let quote = || ctx.slice(ctx.an.char_span(h.a, h.b).0, ctx.an.char_span(h.a, h.b).1);
        match h.kind {
            Kind::Ownership => {
                // "My weakness is that I hold myself to high standards": when what is named
                // is a strength in disguise and nothing was fixed, naming it owns nothing and
                // explains nothing.
                let humble_brag = !fixed
                    && h.also_cause
                    && hits
                        .iter()
                        .any(|o| o.kind == Kind::Minimising && o.unit == h.unit);
                if humble_brag {
                    continue;
                }
                t.own_w += f64::from(h.weight);
                if !h.admission && h.weight >= 0.5 {
                    t.responsibility = true;
                }
                own_ev.push(ctx.evidence(h, Cue::Ownership, Effect::Raises));
                if h.also_cause && !after(h) {
                    t.cause_units.push(h.unit);
                    ctx_ev.push(ctx.evidence_toks(
                        h.a,
                        h.b,
                        Cue::Cause,
                        Effect::Raises,
                        "names the cause",
                    ));
                }
                if after(h) && !unit_has_growth(hits, h.unit) {
                    t.circle_back_w += 0.5;
                    let mut e = ctx.evidence(h, Cue::CircleBack, Effect::Lowers);
                    e.note = "returns to the problem after the pivot".into();
                    move_ev.push(e);
                    circle_quotes.push(quote());
                }
            }
            Kind::ProblemStatement => {
                t.problem_statement = true;
                own_ev.push(ctx.evidence(h, Cue::ProblemStatement, Effect::Raises));
            }
            Kind::ScoreMention => {
                if after(h) {
                    t.evidence_w += 1.0;
                    growth_ev.push(ctx.evidence_toks(
                        h.a,
                        h.b,
                        Cue::Evidence,
                        Effect::Raises,
                        "a later result",
                    ));
                } else {
                    t.problem_statement = true;
                    own_ev.push(ctx.evidence_toks(
                        h.a,
                        h.b,
                        Cue::ProblemStatement,
                        Effect::Raises,
                        "names the number plainly",
                    ));
                }
            }
            Kind::Blame => {
                t.blame_w += f64::from(h.weight);
                own_ev.push(ctx.evidence(h, Cue::Blame, Effect::Lowers));
                blame_quotes.push(quote());
                if after(h) {
                    t.circle_back_w += 1.0;
                    move_ev.push(ctx.evidence(h, Cue::CircleBack, Effect::Lowers));
                } else {
                    t.blame_pre += 1;
                    ctx_ev.push(ctx.evidence_toks(
                        h.a,
                        h.b,
                        Cue::Blame,
                        Effect::Lowers,
                        "the cause given is someone else's failing",
                    ));
                }
            }
            Kind::Minimising => {
                t.minimising_w += f64::from(h.weight);
                t.minimising_pre |= !after(h);
                own_ev.push(ctx.evidence(h, Cue::Minimising, Effect::Lowers));
                minim_quotes.push(quote());
                if after(h) {
                    t.circle_back_w += 0.5;
                    move_ev.push(ctx.evidence(h, Cue::CircleBack, Effect::Lowers));
                }
            }
            Kind::SelfPunishment => {
                // After the turn, an apology is mainly a failure to move on; it still
                // costs ownership a little.
                t.self_punish_w += f64::from(h.weight) * if after(h) { 0.4 } else { 1.0 };
                if h.note.starts_with("apolog") {
                    t.sorry += 1;
                }
                own_ev.push(ctx.evidence(h, Cue::SelfPunishment, Effect::Lowers));
                self_quotes.push(quote());
                if after(h) {
                    t.circle_back_w += 1.0;
                    move_ev.push(ctx.evidence(h, Cue::CircleBack, Effect::Lowers));
                }
            }
            Kind::Dwelling => {
                if after(h) {
                    t.circle_back_w += f64::from(h.weight);
                    move_ev.push(ctx.evidence(h, Cue::CircleBack, Effect::Lowers));
                    circle_quotes.push(quote());
                } else {
                    t.self_punish_w += 0.6 * f64::from(h.weight);
                    own_ev.push(ctx.evidence(h, Cue::SelfPunishment, Effect::Lowers));
                    self_quotes.push(quote());
                }
            }
            Kind::Hedge => {
                // "I think" alone is ordinary speech; it only counts when it softens an
                // admission. Strong hedges count everywhere before the pivot.
                let softens_ownership = hits
                    .iter()
                    .any(|o| o.kind == Kind::Ownership && o.hedged && o.a <= h.b + 6 && h.a <= o.b);
                if (h.weight >= 0.5 || softens_ownership) && !after(h) {
                    t.hedge_w += f64::from(h.weight);
                    own_ev.push(ctx.evidence(h, Cue::Hedge, Effect::Lowers));
                    hedge_quotes.push(quote());
                }
            }
            Kind::Cause if !after(h) => {
                if h.weight >= 0.8 {
                    t.cause_units.push(h.unit);
                } else {
                    t.weak_cause_units.push(h.unit);
                }
                ctx_ev.push(ctx.evidence(h, Cue::Cause, Effect::Raises));
            }
            Kind::VagueContext => {
                t.vague += 1;
                if h.external && !after(h) {
                    t.external_pre += 1;
                }
                ctx_ev.push(ctx.evidence(h, Cue::VagueContext, Effect::Lowers));
                vague_quotes.push(quote());
            }
            Kind::Change => {
                if h.weak && !after(h) {
                    continue;
                }
                t.change_w += f64::from(h.weight);
                growth_ev.push(ctx.evidence(h, Cue::Change, Effect::Raises));
            }
            Kind::Evidence => {
                if h.weak && !after(h) {
                    continue;
                }
                t.evidence_w += f64::from(h.weight);
                growth_ev.push(ctx.evidence(h, Cue::Evidence, Effect::Raises));
            }
            Kind::ResidencyTie if after(h) => {
                t.tie_after = true;
                growth_ev.push(ctx.evidence(h, Cue::ResidencyTie, Effect::Raises));
            }
            Kind::VagueGrowth => {
                t.vague_growth += 1;
                growth_ev.push(ctx.evidence(h, Cue::VagueGrowth, Effect::Lowers));
            }
            Kind::Dismissive => {
                t.dismissive += 1;
                move_ev.push(ctx.evidence(h, Cue::Dismissive, Effect::Lowers));
            }
            _ => {}
        }
    }
    t.cause_units.sort_unstable();
    t.cause_units.dedup();
    t.weak_cause_units.sort_unstable();
    t.weak_cause_units.dedup();
    t.weak_cause_units.retain(|u| !t.cause_units.contains(u));

    let problem_words = ctx
        .an
        .words
        .iter()
        .filter(|w| {
            lay.pivot_tok >= ctx.an.toks.len()
                || ctx.an.toks.get(lay.pivot_tok).is_some_and(|p| {
                    ctx.an
                        .words
                        .get(p.first_word)
                        .is_some_and(|pw| w.end <= pw.start)
                })
        })
        .count();
    let trauma = trauma_dump(ctx, lay.pivot_tok, problem_words, t.external_pre > 0);
    // The cause is handed to circumstances: a list of hardships or a catch-all ("because of
    // everything"), and nothing owned beyond the bare fact. "I failed" alone is then a report,
    // not ownership.
    let handed_off = (t.external_pre > 0 || trauma) && !t.responsibility;

    // --- Ownership ---------------------------------------------------------------------
    let fpm = ctx.fillers_per_min();
    let mut own = 42.0;
    own += 30.0 * t.own_w.min(1.0) + 10.0 * (t.own_w - 1.0).clamp(0.0, 2.0);
    if t.problem_statement {
        own += 8.0;
    }
    if t.blame_w > 0.0 {
        own -= 30.0 * t.blame_w.min(1.0) + 16.0 * (t.blame_w - 1.0).max(0.0);
    }
    own -= 16.0 * t.minimising_w;
    own -= 16.0 * t.self_punish_w;
    if t.sorry >= 2 {
        own -= 8.0;
    }
    own -= (8.0 * t.hedge_w).min(28.0);
    let fillers_bad = ctx.settings.delivery.fillers_bad_per_min;
    if fpm > fillers_bad {
        own -= (fpm - fillers_bad).min(10.0);
        // Consecutive filler words ("you know") are one piece of evidence.
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for f in &ctx.an.fillers {
            match groups.last_mut() {
                Some(g) if g.1 + 1 == f.word => g.1 = f.word,
                _ => groups.push((f.word, f.word)),
            }
        }
        for (a, b) in groups.into_iter().take(4) {
            if let (Some(wa), Some(wb)) = (ctx.an.words.get(a), ctx.an.words.get(b)) {
                own_ev.push(ctx.evidence_chars(
                    wa.start,
                    wb.end,
                    Cue::Filler,
                    Effect::Lowers,
                    "fillers make the admission sound unsure",
                ));
            }
        }
    }
    if t.own_w < 0.3 && !t.problem_statement {
        own = own.min(45.0);
    }
    if handed_off {
        own = own.min(35.0);
    }
    let own_verdict = if t.blame_w > 0.0 {
        "Puts the cause on others; own the part that was yours.".to_string()
    } else if t.self_punish_w >= 1.0 {
        "Too hard on yourself: own it once, calmly, and move on.".to_string()
    } else if t.minimising_w > 0.5 {
        "Plays the problem down; say plainly what happened.".to_string()
    } else if handed_off {
        "Says what happened but hands the cause to circumstances; name the part that was yours."
            .to_string()
    } else if t.hedge_w >= 1.5 {
        "The ownership is hedged; say it plainly, without \"I guess\" or \"kind of\".".to_string()
    } else if own >= 70.0 {
        "Clear first-person ownership.".to_string()
    } else if own >= 50.0 {
        "Owns it, but could say more plainly what you did or didn't do.".to_string()
    } else {
        "Never quite says what you did or didn't do.".to_string()
    };

    // --- Context -----------------------------------------------------------------------
    let factual = factual_units(ctx, lay.pivot_tok, &t.cause_units);
    for &u in &factual {
        if let Some((a, b)) = ctx.an.unit_range(u) {
            let (s0, e0) = ctx.an.char_span(a, b);
            let mut e = ctx.evidence_chars(
                s0,
                e0,
                Cue::Cause,
                Effect::Raises,
                "a factual account of what happened",
            );
            e.text = short_quote(&e.text);
            ctx_ev.push(e);
        }
    }
    t.weak_cause_units.retain(|u| !factual.contains(u));
    let causes = t.cause_units.len() as f64
        + 0.5 * t.weak_cause_units.len() as f64
        + 0.6 * factual.len() as f64;
    let mut context = 30.0 + 38.0 * causes.min(1.0) + 12.0 * (causes - 1.0).clamp(0.0, 1.0);
    context -= t.vague as f64 * if causes >= 1.0 { 8.0 } else { 18.0 };
    context -= (12.0 * t.blame_pre as f64).min(30.0);
    if trauma {
        context -= 35.0;
        let (a, b) = ctx.an.char_span(0, lay.pivot_tok.saturating_sub(1));
        ctx_ev.push(ctx.evidence_chars(
            a,
            b,
            Cue::TraumaDump,
            Effect::Lowers,
            "a list of hardships instead of one cause",
        ));
    }
    if problem_words > 70 {
        context -= ((problem_words - 70) as f64 / 3.0).min(20.0);
    }
    if causes < 0.5 {
        context = context.min(40.0);
    }
    // A deflection (a humble-brag, a denial, luck or other people's choices) offered where the
    // cause should be: without a concrete cause of the speaker's own, there is no context.
    let deflects = (t.blame_pre > 0 || t.minimising_pre) && t.cause_units.is_empty();
    if deflects {
        context = context.min(40.0);
    }
    let context_verdict = if trauma {
        "A list of hardships, not one cause: pick the one that mattered.".to_string()
    } else if t.blame_pre > 0 && (causes < 1.0 || deflects) {
        "The cause given is someone else's failing, not a fact about you.".to_string()
    } else if deflects {
        "The reason given is a strength in disguise or a denial, not a cause.".to_string()
    } else if t.vague > 0 && causes < 1.0 {
        "Too vague about the cause; name it in one factual sentence.".to_string()
    } else if causes < 0.5 {
        "No cause given: add one factual sentence on why it happened.".to_string()
    } else if problem_words > 70 {
        "The cause is there but runs long; one or two sentences is enough.".to_string()
    } else {
        "Brief, factual cause.".to_string()
    };

    // --- Growth ------------------------------------------------------------------------
    let mut growth = 10.0;
    growth += 32.0 * t.change_w.min(1.0) + 8.0 * (t.change_w - 1.0).clamp(0.0, 2.0);
    growth += 28.0 * t.evidence_w.min(1.0) + 8.0 * (t.evidence_w - 1.0).clamp(0.0, 2.0);
    if t.tie_after {
        growth += 10.0;
    }
    growth -= t.vague_growth as f64 * if t.change_w < 0.6 { 10.0 } else { 4.0 };
    if t.dismissive > 0 && t.change_w < 0.6 {
        growth -= 15.0;
        for h in hits.iter().filter(|h| h.kind == Kind::Dismissive) {
            growth_ev.push(ctx.evidence(h, Cue::Dismissive, Effect::Lowers));
        }
    }
    if t.change_w == 0.0 && t.evidence_w == 0.0 {
        growth = growth.min(30.0);
    }
    let growth_verdict = if t.change_w >= 0.6 && t.evidence_w >= 0.6 {
        if t.tie_after {
            "Specific changes, proof they worked, tied to residency.".to_string()
        } else {
            "Specific changes with proof they worked.".to_string()
        }
    } else if t.change_w >= 0.6 {
        "Names what you changed but not the proof it worked.".to_string()
    } else if t.evidence_w >= 0.6 {
        "Shows a better result but not what you changed to get it.".to_string()
    } else if t.vague_growth > 0 {
        "Promises growth without saying what you changed.".to_string()
    } else {
        "No growth shown: what did you change, and what shows it worked?".to_string()
    };

    // --- Move on -----------------------------------------------------------------------
    let last_unit = ctx.an.units.saturating_sub(1);
    let ending_units: Vec<usize> = {
        let short_last = ctx
            .an
            .unit_range(last_unit)
            .is_some_and(|(a, b)| b + 1 - a < 6);
        if short_last && last_unit > 0 {
            vec![last_unit - 1, last_unit]
        } else {
            vec![last_unit]
        }
    };
    let in_ending = |h: &Hit| ending_units.contains(&h.unit);
    let fwd_end = hits
        .iter()
        .filter(|h| h.kind == Kind::Forward && in_ending(h))
        .map(|h| f64::from(h.weight) * if h.weak { 0.6 } else { 1.0 })
        .fold(0.0, f64::max);
    // A turn made only of vague promises ("I've grown a lot") is a weak turn.
    let real_turn = lay.pivot_unit.is_some()
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
        .any(|h| h.kind == Kind::VagueGrowth && in_ending(h));
    let tie_end = hits
        .iter()
        .any(|h| h.kind == Kind::ResidencyTie && in_ending(h) && after(h));
    let fwd_after = hits
        .iter()
        .any(|h| h.kind == Kind::Forward && !h.weak && after(h) && !in_ending(h));
    let growth_end = hits
        .iter()
        .any(|h| matches!(h.kind, Kind::Evidence | Kind::Change) && in_ending(h));
    let negative_end: Vec<&Hit> = hits
        .iter()
        .filter(|h| {
            in_ending(h)
                && matches!(
                    h.kind,
                    Kind::Blame
                        | Kind::Minimising
                        | Kind::SelfPunishment
                        | Kind::Dwelling
                        | Kind::Dismissive
                        | Kind::VagueContext
                )
        })
        .collect();
    for h in hits
        .iter()
        .filter(|h| h.kind == Kind::Forward && in_ending(h))
    {
        move_ev.push(ctx.evidence(h, Cue::Forward, Effect::Raises));
    }
    let mut move_on = if real_turn {
        55.0
    } else if lay.pivot_unit.is_some() {
        40.0
    } else {
        22.0
    };
    if vague_end {
        move_on -= 10.0;
    }
    if lay.pivot_unit.is_some() {
        move_on += 25.0 * fwd_end;
        if tie_end {
            move_on += 8.0;
        }
        if fwd_after {
            move_on += 7.0;
        }
        if growth_end && fwd_end == 0.0 {
            move_on += 10.0;
        }
    } else {
        move_on += 15.0 * fwd_end;
    }
    if t.circle_back_w > 0.0 {
        move_on -= 30.0 * t.circle_back_w.min(1.0) + 15.0 * (t.circle_back_w - 1.0).max(0.0);
    }
    if !negative_end.is_empty() {
        move_on -= 20.0;
        for h in &negative_end {
            let mut e = ctx.evidence(h, Cue::CircleBack, Effect::Lowers);
            e.note = "ends on the problem".into();
            move_ev.push(e);
        }
    }
    if t.dismissive > 0 && t.change_w < 0.6 {
        move_on -= 15.0;
    }
    let move_verdict = if t.circle_back_w > 0.0 {
        "Circles back to the problem after the pivot; end on the growth.".to_string()
    } else if !negative_end.is_empty() {
        "Ends on the problem, not on what's next.".to_string()
    } else if t.dismissive > 0 && t.change_w < 0.6 {
        "Brushes it off rather than moving forward.".to_string()
    } else if lay.pivot_unit.is_none() {
        "Never turns to what changed or what's next.".to_string()
    } else if fwd_end > 0.0 {
        "Ends forward-looking and stays there.".to_string()
    } else {
        "Pivots, but the last sentence could look ahead.".to_string()
    };

    // --- Brevity -----------------------------------------------------------------------
    let s = ctx.settings;
    let (len_delta, len_ev, len_note) = ctx.length_check();
    let mut brevity = 100.0 + len_delta;
    let mut brev_ev = vec![len_ev];
    let pivot_char = ctx
        .an
        .toks
        .get(lay.pivot_tok)
        .and_then(|t| ctx.an.words.get(t.first_word))
        .map_or(ctx.chars.len(), |w| w.start);
    let problem_s = if lay.pivot_unit.is_some() {
        ctx.seconds_until_char(pivot_char)
    } else {
        ctx.duration_s
    };
    let total_words = ctx.an.words.len().max(1);
    let share = problem_words as f64 / total_words as f64;
    let mut brev_verdict = len_note;
    if problem_s > s.problem_allowance_s {
        brevity -= (problem_s - s.problem_allowance_s) * 1.5;
    }
    if share > s.max_problem_share && problem_s > 20.0 {
        brevity -= ((share - s.max_problem_share) * 60.0).min(24.0);
    }
    if problem_s > s.problem_allowance_s || (share > s.max_problem_share && problem_s > 20.0) {
        let (a, b) = (0, pivot_char);
        let note = format!(
            "about {problem_s:.0} s ({:.0}% of the answer) on the problem",
            share * 100.0
        );
        let mut e = ctx.evidence_chars(a, b, Cue::ProblemShare, Effect::Lowers, &note);
        e.text = short_quote(&e.text);
        brev_ev.push(e);
        brev_verdict = format!(
            "{brev_verdict} Spends {note}; keep it under {:.0} s.",
            s.problem_allowance_s
        );
    }

    // --- Pattern spans -----------------------------------------------------------------
    let pre = |h: &Hit| h.a < lay.pivot_tok;
    let own_units: Vec<usize> = hits
        .iter()
        .filter(|h| {
            pre(h)
                && (matches!(h.kind, Kind::Ownership | Kind::ProblemStatement)
                    || h.kind == Kind::ScoreMention)
        })
        .map(|h| h.unit)
        .collect();
    let ctx_units: Vec<usize> = t
        .cause_units
        .iter()
        .chain(t.weak_cause_units.iter())
        .chain(factual.iter())
        .copied()
        .collect();
    let mut spans: Vec<PatternSpan> = Vec::new();
    if let (Some(&a), Some(&b)) = (own_units.iter().min(), own_units.iter().max())
        && let Some(sp) = ctx.span_units(Part::OwnIt, a, b)
    {
        spans.push(sp);
    }
    if let (Some(&a), Some(&b)) = (ctx_units.iter().min(), ctx_units.iter().max())
        && let Some(sp) = ctx.span_units(Part::ContextualizeIt, a, b)
    {
        spans.push(sp);
    }
    if let Some(p) = lay.pivot_unit
        && let Some(sp) = ctx.span_units(Part::MoveOn, p, last_unit)
    {
        spans.push(sp);
    }
    let mut missing = Vec::new();
    if own_units.is_empty() {
        missing.push(Part::OwnIt);
    }
    if ctx_units.is_empty() {
        missing.push(Part::ContextualizeIt);
    }
    if lay.pivot_unit.is_none() {
        missing.push(Part::MoveOn);
    }
    let move_start = spans
        .iter()
        .find(|s| s.part == Part::MoveOn)
        .map(|s| s.start);
    let in_order = t.circle_back_w == 0.0
        && spans
            .iter()
            .filter(|s| s.part != Part::MoveOn)
            .all(|s| move_start.is_none_or(|m| s.start <= m));
    spans.sort_by_key(|s| (s.start, s.end));
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
        "Out of order: the answer returns to the problem after moving on.".to_string()
    } else {
        "Own it, contextualize it, move on: all there, in order.".to_string()
    };
    let pattern = PatternCheck {
        expected: vec![Part::OwnIt, Part::ContextualizeIt, Part::MoveOn],
        missing,
        in_order,
        note,
    };

    let dimensions = Dimensions {
        ownership: dim(own, "Ownership", own_verdict, own_ev),
        context: dim(context, "Context", context_verdict, ctx_ev),
        growth: dim(growth, "Growth", growth_verdict, growth_ev),
        move_on: dim(move_on, "Move on", move_verdict, move_ev),
        brevity: dim(brevity, "Brevity", brev_verdict, brev_ev),
    };
    let overall = weighted(&dimensions, WEIGHTS);

    // --- Suggestions, most important first -----------------------------------------------
    let mut sugg: Vec<(u8, String)> = Vec::new();
    if let Some(q) = blame_quotes.first() {
        sugg.push((100, format!(
            "Cut \"{}\": it sounds like an excuse. Say what was yours instead, e.g. \"I underestimated how the exam tests integration, so I didn't practise that way.\"",
            short_quote(q)
        )));
    }
    if let Some(q) = self_quotes.first() {
        sugg.push((95, format!(
            "Drop \"{}\". One calm sentence of ownership is enough (\"That result was below what I expected of myself\"); no apologies or labels.",
            short_quote(q)
        )));
    }
    if let Some(q) = minim_quotes.first() {
        sugg.push((90, format!(
            "Don't play it down (\"{}\"): programs want to hear you take it seriously. Name the real problem and what you did about it.",
            short_quote(q)
        )));
    }
    if t.own_w < 0.6 && t.blame_w == 0.0 && t.self_punish_w < 1.0 && t.minimising_w == 0.0 {
        sugg.push((85, "Start by owning it in the first person: what you did or didn't do (\"I relied on rereading and did too few timed questions\").".into()));
    }
    if t.hedge_w >= 1.0
        && let Some(q) = hedge_quotes.first()
    {
        sugg.push((80, format!(
            "Say it without the hedge \"{}\": a plain \"I didn't have a plan\" sounds more mature than a softened one.",
            short_quote(q)
        )));
    }
    if trauma {
        sugg.push((78, "Pick the one cause that mattered most and say it in one sentence; cut the rest of the list.".into()));
    } else if causes < 0.5 {
        let vague = vague_quotes
            .first()
            .map(|q| format!(" instead of \"{}\"", short_quote(q)))
            .unwrap_or_default();
        sugg.push((60, format!("Add one factual sentence on the cause{vague}: what specifically went wrong in how you prepared or decided.")));
    }
    if t.change_w < 0.6 {
        sugg.push((75, "Name the specific change you made: timed question blocks, an error log, a tutor or mentor, a protected schedule, asking for help early.".into()));
    }
    if t.evidence_w < 0.6 {
        sugg.push((70, "Back the change with proof: a later score, shelf percentiles, honors, or what evaluations say about you now.".into()));
    }
    if let Some(q) = circle_quotes.first() {
        sugg.push((
            88,
            format!(
                "End on the growth. Cut \"{}\": once you've pivoted, don't return to the problem.",
                short_quote(q)
            ),
        ));
    } else if lay.pivot_unit.is_some() && fwd_end == 0.0 && negative_end.is_empty() {
        sugg.push((40, "Close with one forward-looking sentence that ties the new habit to residency, then stop.".into()));
    } else if !negative_end.is_empty() {
        sugg.push((
            65,
            "Finish on what you do now and how it will help you as a resident, not on the problem."
                .into(),
        ));
    }
    if problem_s > s.problem_allowance_s {
        sugg.push((82, format!(
            "Trim the problem part to one or two sentences (about {:.0} s); you spend about {problem_s:.0} s on it.",
            s.problem_allowance_s.min(20.0)
        )));
    } else if ctx.duration_s > ctx.target.1 {
        sugg.push((50, format!("Trim to under {:.0} s.", ctx.target.1)));
    }
    if !t.tie_after && t.change_w >= 0.6 && t.evidence_w >= 0.6 {
        sugg.push((30, "Tie the change to residency: how will this habit help you on the wards or with your boards?".into()));
    }
    let mut suggestions = top_suggestions(sugg);
    if suggestions.is_empty() {
        suggestions.extend(weakest_suggestion(overall, &dimensions));
    }

    Scored {
        overall,
        dimensions,
        spans,
        pattern,
        suggestions,
        problem_s: Some(problem_s),
    }
}

/// Subjects that show the speaker is telling their own story: "I" or family. "my" alone is
/// not enough ("the questions on my form were nothing like the bank" is a complaint).
const PERSONAL: &[&str] = &[
    "i",
    "mother",
    "father",
    "mom",
    "dad",
    "parents",
    "family",
    "wife",
    "husband",
    "partner",
    "son",
    "daughter",
    "sister",
    "brother",
    "grandmother",
    "grandfather",
];

/// Units before the pivot that give a plain, factual account of what happened, even in words
/// the lexicon does not know: first-person or family, of some length, with no blame,
/// minimising, self-punishment, vagueness or strong hedge in them. A coach credits "I was
/// working part time and told myself I could fit studying around it" as context without a
/// keyword. A unit that only states the problem ("I failed Step 1") is the own-it part; it
/// counts as context only when it says more than that.
fn factual_units(ctx: &Ctx, pivot_tok: usize, cause_units: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let pivot_unit = ctx.an.toks.get(pivot_tok).map_or(ctx.an.units, |t| t.unit);
    for u in 0..pivot_unit {
        if cause_units.contains(&u) {
            continue;
        }
        let Some((a, b)) = ctx.an.unit_range(u) else {
            continue;
        };
        let len = b + 1 - a;
        let personal = ctx.an.toks[a..=b]
            .iter()
            .any(|t| !t.quoted && PERSONAL.contains(&t.w.as_str()));
        let in_unit = |k: Kind| ctx.hits.iter().any(|h| h.unit == u && h.kind == k);
        let negative = ctx.hits.iter().any(|h| {
            h.unit == u
                && (matches!(
                    h.kind,
                    Kind::Blame
                        | Kind::Minimising
                        | Kind::SelfPunishment
                        | Kind::Dwelling
                        | Kind::VagueContext
                        | Kind::Dismissive
                        | Kind::VagueGrowth
                ) || (h.kind == Kind::Hedge && h.weight >= 0.5))
        });
        let states_problem = in_unit(Kind::ProblemStatement)
            || in_unit(Kind::ScoreMention)
            || ctx
                .hits
                .iter()
                .any(|h| h.unit == u && h.kind == Kind::Ownership && !h.also_cause);
        if personal && !negative && len >= 6 && (!states_problem || len >= 10) {
            out.push(u);
        }
    }
    out
}

fn unit_has_growth(hits: &[Hit], unit: usize) -> bool {
    hits.iter().any(|h| h.unit == unit && is_growth_kind(h))
}

/// A trauma dump: four or more separate hardships or grievances piled up before the pivot in
/// a problem part of real length. One hardship, stated factually, is good context.
///
/// A catch-all cause ("because of everything that was happening") announces the list, so
/// after one, two hardships in a shorter problem part are already a dump.
fn trauma_dump(ctx: &Ctx, pivot_tok: usize, problem_words: usize, catch_all: bool) -> bool {
    if problem_words < if catch_all { 30 } else { 45 } {
        return false;
    }
    let toks = &ctx.an.toks[..pivot_tok.min(ctx.an.toks.len())];
    let mut items = 0;
    let mut current = false;
    for (i, t) in toks.iter().enumerate() {
        let boundary = t.w == "and"
            || t.w == "then"
            || (i > 0 && toks[i - 1].pause_after)
            || (i > 0 && toks[i - 1].sent != t.sent);
        if boundary {
            if current {
                items += 1;
            }
            current = false;
        }
        let troubled = TROUBLE.contains(&t.w.as_str())
            || ctx.hits.iter().any(|h| {
                h.a == i && matches!(h.kind, Kind::Blame | Kind::VagueContext | Kind::Cause)
            });
        current |= troubled;
    }
    if current {
        items += 1;
    }
    items >= 4 || (catch_all && items >= 2)
}

/// Keeps the three most important suggestions.
pub(crate) fn top_suggestions(mut s: Vec<(u8, String)>) -> Vec<String> {
    s.sort_by_key(|x| std::cmp::Reverse(x.0));
    s.dedup_by(|a, b| a.1 == b.1);
    s.into_iter().take(3).map(|(_, t)| t).collect()
}

/// When no specific rule fired, point at the weakest dimension if it needs work (below 70),
/// so an answer with a weak spot always gets a suggestion.
pub(crate) fn weakest_suggestion(overall: u8, dims: &Dimensions) -> Option<String> {
    if overall >= 85 {
        return None;
    }
    let (_, d) = dims.iter().into_iter().min_by_key(|(_, d)| d.score)?;
    // Only point at a dimension that actually needs work; repeating praise helps nobody.
    (d.score < 70).then(|| format!("{}: {}", d.label, d.verdict))
}
