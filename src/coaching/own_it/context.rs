//! Context: one brief, factual cause, not a list of hardships, a deflection or nothing.

use super::super::Ctx;
use super::super::cues::Kind;
use super::super::report::{Cue, Effect, Evidence};
use super::super::short_quote;
use super::Judgement;
use super::spans::Pivot;
use super::tally::Tally;

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

/// The context dimension, and what the pattern spans and suggestions need from it.
pub(super) struct ContextJudgement {
    /// Score and verdict.
    pub judgement: Judgement,
    /// Units before the pivot that give a plain, factual account (see [`factual_units`]).
    pub factual_units: Vec<usize>,
    /// How many causes were given (concrete ones count 1, weak ones 0.5, factual units 0.6).
    pub causes: f64,
}

/// Scores context. Weak causes in units that turn out to be factual accounts are dropped from
/// `tally` (the factual unit counts instead).
pub(super) fn judge(
    ctx: &Ctx,
    pivot: &Pivot,
    tally: &mut Tally,
    problem_words: usize,
    trauma: bool,
    evidence: &mut Vec<Evidence>,
) -> ContextJudgement {
    let factual = factual_units(ctx, pivot.token, &tally.cause_units);
    for &u in &factual {
        if let Some((first, last)) = ctx.analysed.unit_range(u) {
            let (start, end) = ctx.analysed.char_span(first, last);
            let mut e = ctx.evidence_chars(
                start,
                end,
                Cue::Cause,
                Effect::Raises,
                "a factual account of what happened",
            );
            e.text = short_quote(&e.text);
            evidence.push(e);
        }
    }
    tally.weak_cause_units.retain(|u| !factual.contains(u));
    let causes = tally.cause_units.len() as f64
        + 0.5 * tally.weak_cause_units.len() as f64
        + 0.6 * factual.len() as f64;
    let mut score = 30.0 + 38.0 * causes.min(1.0) + 12.0 * (causes - 1.0).clamp(0.0, 1.0);
    score -= tally.vague as f64 * if causes >= 1.0 { 8.0 } else { 18.0 };
    score -= (12.0 * tally.blame_pre as f64).min(30.0);
    if trauma {
        score -= 35.0;
        let (start, end) = ctx.analysed.char_span(0, pivot.token.saturating_sub(1));
        evidence.push(ctx.evidence_chars(
            start,
            end,
            Cue::TraumaDump,
            Effect::Lowers,
            "a list of hardships instead of one cause",
        ));
    }
    if problem_words > 70 {
        score -= ((problem_words - 70) as f64 / 3.0).min(20.0);
    }
    if causes < 0.5 {
        score = score.min(40.0);
    }
    // A deflection (a humble-brag, a denial, luck or other people's choices) offered where the
    // cause should be: without a concrete cause of the speaker's own, there is no context.
    let deflects = (tally.blame_pre > 0 || tally.minimising_pre) && tally.cause_units.is_empty();
    if deflects {
        score = score.min(40.0);
    }
    let verdict = if trauma {
        "A list of hardships, not one cause: pick the one that mattered.".to_string()
    } else if tally.blame_pre > 0 && (causes < 1.0 || deflects) {
        "The cause given is someone else's failing, not a fact about you.".to_string()
    } else if deflects {
        "The reason given is a strength in disguise or a denial, not a cause.".to_string()
    } else if tally.vague > 0 && causes < 1.0 {
        "Too vague about the cause; name it in one factual sentence.".to_string()
    } else if causes < 0.5 {
        "No cause given: add one factual sentence on why it happened.".to_string()
    } else if problem_words > 70 {
        "The cause is there but runs long; one or two sentences is enough.".to_string()
    } else {
        "Brief, factual cause.".to_string()
    };
    ContextJudgement {
        judgement: Judgement { score, verdict },
        factual_units: factual,
        causes,
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
pub(super) fn factual_units(ctx: &Ctx, pivot_tok: usize, cause_units: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let pivot_unit = ctx
        .analysed
        .toks
        .get(pivot_tok)
        .map_or(ctx.analysed.units, |t| t.unit);
    for u in 0..pivot_unit {
        if cause_units.contains(&u) {
            continue;
        }
        let Some((first, last)) = ctx.analysed.unit_range(u) else {
            continue;
        };
        let len = last + 1 - first;
        let personal = ctx.analysed.toks[first..=last]
            .iter()
            .any(|t| !t.quoted && PERSONAL.contains(&t.w.as_str()));
        let in_unit = |k: Kind| ctx.hits.iter().any(|h| h.unit == u && h.kind == k);
        let negative = ctx.hits.iter().any(|h| {
            h.unit == u
                && (h.kind.is_negative()
                    || h.kind == Kind::VagueGrowth
                    || (h.kind == Kind::Hedge && h.weight >= 0.5))
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

/// A trauma dump: four or more separate hardships or grievances piled up before the pivot in
/// a problem part of real length. One hardship, stated factually, is good context.
///
/// A catch-all cause ("because of everything that was happening") announces the list, so
/// after one, two hardships in a shorter problem part are already a dump.
pub(super) fn trauma_dump(
    ctx: &Ctx,
    pivot_tok: usize,
    problem_words: usize,
    catch_all: bool,
) -> bool {
    if problem_words < if catch_all { 30 } else { 45 } {
        return false;
    }
    let toks = &ctx.analysed.toks[..pivot_tok.min(ctx.analysed.toks.len())];
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
                h.first_token == i
                    && matches!(h.kind, Kind::Blame | Kind::VagueContext | Kind::Cause)
            });
        current |= troubled;
    }
    if current {
        items += 1;
    }
    items >= 4 || (catch_all && items >= 2)
}
