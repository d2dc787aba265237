//! One pass over the cues, each read by its position relative to the pivot: the counters the
//! dimensions score from, the evidence each dimension cites and the quotes suggestions use.

use super::super::Ctx;
use super::super::cues::{Hit, Kind};
use super::super::report::{Cue, Effect, Evidence};
use super::spans::{Pivot, unit_has_growth};

/// Counters gathered from the hits, already resolved by position.
#[derive(Default)]
pub(super) struct Tally {
    /// Weight of ownership cues.
    pub own_w: f64,
    /// The problem is stated plainly (a result, an attempt, a score).
    pub problem_statement: bool,
    /// Weight of blame cues.
    pub blame_w: f64,
    /// Blame cues before the pivot.
    pub blame_pre: usize,
    /// Weight of minimising cues.
    pub minimising_w: f64,
    /// Weight of self-punishment (less after the pivot, where it is mainly circling back).
    pub self_punish_w: f64,
    /// Apologies.
    pub sorry: usize,
    /// Weight of hedges that soften the problem part.
    pub hedge_w: f64,
    /// Units with a concrete cause before the pivot.
    pub cause_units: Vec<usize>,
    /// Units with a weak cause before the pivot (and no concrete one).
    pub weak_cause_units: Vec<usize>,
    /// Vague context cues.
    pub vague: usize,
    /// Weight of the changes made.
    pub change_w: f64,
    /// Weight of the evidence that the changes worked.
    pub evidence_w: f64,
    /// The change is tied to residency after the pivot.
    pub tie_after: bool,
    /// Vague promises of growth.
    pub vague_growth: usize,
    /// Brush-offs ("it is what it is").
    pub dismissive: usize,
    /// Weight of returns to the problem after the pivot.
    pub circle_back_w: f64,
    /// Catch-all causes before the pivot ("because of everything that was happening").
    pub external_pre: usize,
    /// Some ownership goes beyond stating what happened: a misjudgement named, a decision
    /// owned, "that's on me", "I should have".
    pub responsibility: bool,
    /// A humble-brag or a denial before the pivot.
    pub minimising_pre: bool,
}

/// The evidence each dimension cites (brevity gathers its own).
#[derive(Default)]
pub(super) struct EvidenceByDimension {
    /// Ownership.
    pub ownership: Vec<Evidence>,
    /// Context.
    pub context: Vec<Evidence>,
    /// Growth.
    pub growth: Vec<Evidence>,
    /// Move on.
    pub move_on: Vec<Evidence>,
}

/// The answer's own words for each problem a suggestion names, in text order.
#[derive(Default)]
pub(super) struct Quotes {
    /// Returns to the problem after the pivot.
    pub circle_back: Vec<String>,
    /// Blame.
    pub blame: Vec<String>,
    /// Self-punishment and dwelling before the pivot.
    pub self_punishment: Vec<String>,
    /// Playing the problem down.
    pub minimising: Vec<String>,
    /// Hedges on the admission.
    pub hedge: Vec<String>,
    /// Vague context.
    pub vague: Vec<String>,
}

/// What one pass over the cues found.
pub(super) struct CueReading {
    /// The counters.
    pub tally: Tally,
    /// The evidence per dimension.
    pub evidence: EvidenceByDimension,
    /// The quotes for suggestions.
    pub quotes: Quotes,
}

/// A return to the problem after the pivot: it costs `weight` and is cited under move-on.
fn circle_back(ctx: &Ctx, h: &Hit, weight: f64, tally: &mut Tally, move_on: &mut Vec<Evidence>) {
    tally.circle_back_w += weight;
    move_on.push(ctx.evidence(h, Cue::CircleBack, Effect::Lowers));
}

/// Reads every cue once.
pub(super) fn read_cues(ctx: &Ctx, pivot: &Pivot) -> CueReading {
    let hits = &ctx.hits;
    let mut tally = Tally::default();
    let mut evidence = EvidenceByDimension::default();
    let mut quotes = Quotes::default();
    // A real change shown somewhere: then a "strength" named as the weakness had a real cost
    // and a fix ("perfectionism ... turned two notes in late ... now I give each a limit").
    let fixed = hits
        .iter()
        .any(|h| h.kind == Kind::Change && h.weight >= 0.6 && !h.weak);

    for h in hits {
        let quote = || {
            let (start, end) = ctx.analysed.char_span(h.first_token, h.last_token);
            ctx.slice(start, end)
        };
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
                tally.own_w += f64::from(h.weight);
                if !h.admission && h.weight >= 0.5 {
                    tally.responsibility = true;
                }
                evidence
                    .ownership
                    .push(ctx.evidence(h, Cue::Ownership, Effect::Raises));
                if h.also_cause && !pivot.is_after(h) {
                    tally.cause_units.push(h.unit);
                    evidence.context.push(ctx.evidence_toks(
                        h.first_token,
                        h.last_token,
                        Cue::Cause,
                        Effect::Raises,
                        "names the cause",
                    ));
                }
                if pivot.is_after(h) && !unit_has_growth(hits, h.unit) {
                    tally.circle_back_w += 0.5;
                    let mut e = ctx.evidence(h, Cue::CircleBack, Effect::Lowers);
                    e.note = "returns to the problem after the pivot".into();
                    evidence.move_on.push(e);
                    quotes.circle_back.push(quote());
                }
            }
            Kind::ProblemStatement => {
                tally.problem_statement = true;
                evidence
                    .ownership
                    .push(ctx.evidence(h, Cue::ProblemStatement, Effect::Raises));
            }
            Kind::ScoreMention => {
                if pivot.is_after(h) {
                    tally.evidence_w += 1.0;
                    evidence.growth.push(ctx.evidence_toks(
                        h.first_token,
                        h.last_token,
                        Cue::Evidence,
                        Effect::Raises,
                        "a later result",
                    ));
                } else {
                    tally.problem_statement = true;
                    evidence.ownership.push(ctx.evidence_toks(
                        h.first_token,
                        h.last_token,
                        Cue::ProblemStatement,
                        Effect::Raises,
                        "names the number plainly",
                    ));
                }
            }
            Kind::Blame => {
                tally.blame_w += f64::from(h.weight);
                evidence
                    .ownership
                    .push(ctx.evidence(h, Cue::Blame, Effect::Lowers));
                quotes.blame.push(quote());
                if pivot.is_after(h) {
                    circle_back(ctx, h, 1.0, &mut tally, &mut evidence.move_on);
                } else {
                    tally.blame_pre += 1;
                    evidence.context.push(ctx.evidence_toks(
                        h.first_token,
                        h.last_token,
                        Cue::Blame,
                        Effect::Lowers,
                        "the cause given is someone else's failing",
                    ));
                }
            }
            Kind::Minimising => {
                tally.minimising_w += f64::from(h.weight);
                tally.minimising_pre |= !pivot.is_after(h);
                evidence
                    .ownership
                    .push(ctx.evidence(h, Cue::Minimising, Effect::Lowers));
                quotes.minimising.push(quote());
                if pivot.is_after(h) {
                    circle_back(ctx, h, 0.5, &mut tally, &mut evidence.move_on);
                }
            }
            Kind::SelfPunishment => {
                // After the turn, an apology is mainly a failure to move on; it still
                // costs ownership a little.
                tally.self_punish_w +=
                    f64::from(h.weight) * if pivot.is_after(h) { 0.4 } else { 1.0 };
                if h.note.starts_with("apolog") {
                    tally.sorry += 1;
                }
                evidence
                    .ownership
                    .push(ctx.evidence(h, Cue::SelfPunishment, Effect::Lowers));
                quotes.self_punishment.push(quote());
                if pivot.is_after(h) {
                    circle_back(ctx, h, 1.0, &mut tally, &mut evidence.move_on);
                }
            }
            Kind::Dwelling => {
                if pivot.is_after(h) {
                    circle_back(
                        ctx,
                        h,
                        f64::from(h.weight),
                        &mut tally,
                        &mut evidence.move_on,
                    );
                    quotes.circle_back.push(quote());
                } else {
                    tally.self_punish_w += 0.6 * f64::from(h.weight);
                    evidence
                        .ownership
                        .push(ctx.evidence(h, Cue::SelfPunishment, Effect::Lowers));
                    quotes.self_punishment.push(quote());
                }
            }
            Kind::Hedge => {
                // "I think" alone is ordinary speech; it only counts when it softens an
                // admission. Strong hedges count everywhere before the pivot.
                let softens_ownership = hits.iter().any(|o| {
                    o.kind == Kind::Ownership
                        && o.hedged
                        && o.first_token <= h.last_token + 6
                        && h.first_token <= o.last_token
                });
                if (h.weight >= 0.5 || softens_ownership) && !pivot.is_after(h) {
                    tally.hedge_w += f64::from(h.weight);
                    evidence
                        .ownership
                        .push(ctx.evidence(h, Cue::Hedge, Effect::Lowers));
                    quotes.hedge.push(quote());
                }
            }
            Kind::Cause if !pivot.is_after(h) => {
                if h.weight >= 0.8 {
                    tally.cause_units.push(h.unit);
                } else {
                    tally.weak_cause_units.push(h.unit);
                }
                evidence
                    .context
                    .push(ctx.evidence(h, Cue::Cause, Effect::Raises));
            }
            Kind::VagueContext => {
                tally.vague += 1;
                if h.external && !pivot.is_after(h) {
                    tally.external_pre += 1;
                }
                evidence
                    .context
                    .push(ctx.evidence(h, Cue::VagueContext, Effect::Lowers));
                quotes.vague.push(quote());
            }
            Kind::Change => {
                if h.weak && !pivot.is_after(h) {
                    continue;
                }
                tally.change_w += f64::from(h.weight);
                evidence
                    .growth
                    .push(ctx.evidence(h, Cue::Change, Effect::Raises));
            }
            Kind::Evidence => {
                if h.weak && !pivot.is_after(h) {
                    continue;
                }
                tally.evidence_w += f64::from(h.weight);
                evidence
                    .growth
                    .push(ctx.evidence(h, Cue::Evidence, Effect::Raises));
            }
            Kind::ResidencyTie if pivot.is_after(h) => {
                tally.tie_after = true;
                evidence
                    .growth
                    .push(ctx.evidence(h, Cue::ResidencyTie, Effect::Raises));
            }
            Kind::VagueGrowth => {
                tally.vague_growth += 1;
                evidence
                    .growth
                    .push(ctx.evidence(h, Cue::VagueGrowth, Effect::Lowers));
            }
            Kind::Dismissive => {
                tally.dismissive += 1;
                evidence
                    .move_on
                    .push(ctx.evidence(h, Cue::Dismissive, Effect::Lowers));
            }
            _ => {}
        }
    }
    tally.cause_units.sort_unstable();
    tally.cause_units.dedup();
    tally.weak_cause_units.sort_unstable();
    tally.weak_cause_units.dedup();
    tally
        .weak_cause_units
        .retain(|u| !tally.cause_units.contains(u));
    CueReading {
        tally,
        evidence,
        quotes,
    }
}
