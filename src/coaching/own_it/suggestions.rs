//! Suggestions for an own-it answer, most important first: each names the problem in the
//! answer's own words where it can.

use super::super::report::Dimensions;
use super::super::{Ctx, final_suggestions, short_quote};
use super::move_on::Ending;
use super::spans::Pivot;
use super::tally::{Quotes, Tally};

/// What the dimensions found that the suggestions speak to.
pub(super) struct Findings<'a> {
    /// The counters.
    pub tally: &'a Tally,
    /// The answer's words for each problem.
    pub quotes: &'a Quotes,
    /// Where the answer turns.
    pub pivot: &'a Pivot,
    /// How it ends.
    pub ending: &'a Ending<'a>,
    /// The context is a list of hardships.
    pub trauma: bool,
    /// How many causes were given.
    pub causes: f64,
    /// Seconds on the problem.
    pub problem_s: f64,
}

/// The three most important suggestions (or the weakest dimension's verdict when no rule
/// fired and the answer needs work).
pub(super) fn suggest(
    ctx: &Ctx,
    findings: &Findings,
    overall: u8,
    dimensions: &Dimensions,
) -> Vec<String> {
    let Findings {
        tally,
        quotes,
        pivot,
        ending,
        trauma,
        causes,
        problem_s,
    } = *findings;
    let settings = ctx.settings;
    let mut ranked: Vec<(u8, String)> = Vec::new();
    if let Some(q) = quotes.blame.first() {
        ranked.push((100, format!(
            "Cut \"{}\": it sounds like an excuse. Say what was yours instead, e.g. \"I underestimated how the exam tests integration, so I didn't practise that way.\"",
            short_quote(q)
        )));
    }
    if let Some(q) = quotes.self_punishment.first() {
        ranked.push((95, format!(
            "Drop \"{}\". One calm sentence of ownership is enough (\"That result was below what I expected of myself\"); no apologies or labels.",
            short_quote(q)
        )));
    }
    if let Some(q) = quotes.minimising.first() {
        ranked.push((90, format!(
            "Don't play it down (\"{}\"): programs want to hear you take it seriously. Name the real problem and what you did about it.",
            short_quote(q)
        )));
    }
    if tally.own_w < 0.6
        && tally.blame_w == 0.0
        && tally.self_punish_w < 1.0
        && tally.minimising_w == 0.0
    {
        ranked.push((85, "Start by owning it in the first person: what you did or didn't do (\"I relied on rereading and did too few timed questions\").".into()));
    }
    if tally.hedge_w >= 1.0
        && let Some(q) = quotes.hedge.first()
    {
        ranked.push((80, format!(
            "Say it without the hedge \"{}\": a plain \"I didn't have a plan\" sounds more mature than a softened one.",
            short_quote(q)
        )));
    }
    if trauma {
        ranked.push((78, "Pick the one cause that mattered most and say it in one sentence; cut the rest of the list.".into()));
    } else if causes < 0.5 {
        let vague = quotes
            .vague
            .first()
            .map(|q| format!(" instead of \"{}\"", short_quote(q)))
            .unwrap_or_default();
        ranked.push((60, format!("Add one factual sentence on the cause{vague}: what specifically went wrong in how you prepared or decided.")));
    }
    if tally.change_w < 0.6 {
        ranked.push((75, "Name the specific change you made: timed question blocks, an error log, a tutor or mentor, a protected schedule, asking for help early.".into()));
    }
    if tally.evidence_w < 0.6 {
        ranked.push((70, "Back the change with proof: a later score, shelf percentiles, honors, or what evaluations say about you now.".into()));
    }
    if let Some(q) = quotes.circle_back.first() {
        ranked.push((
            88,
            format!(
                "End on the growth. Cut \"{}\": once you've pivoted, don't return to the problem.",
                short_quote(q)
            ),
        ));
    } else if pivot.unit.is_some() && ending.forward == 0.0 && ending.negative.is_empty() {
        ranked.push((40, "Close with one forward-looking sentence that ties the new habit to residency, then stop.".into()));
    } else if !ending.negative.is_empty() {
        ranked.push((
            65,
            "Finish on what you do now and how it will help you as a resident, not on the problem."
                .into(),
        ));
    }
    if problem_s > settings.problem_allowance_s {
        ranked.push((82, format!(
            "Trim the problem part to one or two sentences (about {:.0} s); you spend about {problem_s:.0} s on it.",
            settings.problem_allowance_s.min(20.0)
        )));
    } else {
        ranked.extend(ctx.trim_suggestion(50));
    }
    if !tally.tie_after && tally.change_w >= 0.6 && tally.evidence_w >= 0.6 {
        ranked.push((30, "Tie the change to residency: how will this habit help you on the wards or with your boards?".into()));
    }
    final_suggestions(ranked, overall, dimensions)
}
