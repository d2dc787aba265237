//! Rubrics for questions that do not ask the applicant to account for a problem.
//!
//! They keep the same five keys (see the table on [`super::report::Dimensions`]) with
//! rubric-specific meanings given by each dimension's label:
//! - **narrative** ("tell me about yourself", "walk me through your journey"): background,
//!   what you have done, where you are heading, in a specific personal voice;
//! - **star** (behavioural: conflict, teamwork, a hard situation): situation, your actions and
//!   the result, a reflection, in the first person, with the setup kept short;
//! - **motivation** ("why this specialty / program"): a personal reason and story, evidence of
//!   commitment, and fit specific to the program;
//! - **ask** (role-plays asking an attending for a letter or advocacy): candour about the
//!   scores, rapport, evidence since, and a clear, specific, polite ask.

use super::cues::{Hit, Kind};
use super::question::Rubric;
use super::report::{Cue, Dimensions, Effect, Evidence, Part, PatternCheck, PatternSpan};
use super::{Ctx, Scored, dim, final_suggestions, pattern_check, weighted};

/// Counts and evidence for one cue kind.
struct Found<'a> {
    hits: Vec<&'a Hit>,
}

impl<'a> Found<'a> {
    fn of(ctx: &'a Ctx, kinds: &[Kind]) -> Self {
        Self {
            hits: ctx
                .hits
                .iter()
                .filter(|h| !h.weak && kinds.contains(&h.kind))
                .collect(),
        }
    }
    fn n(&self) -> f64 {
        self.hits.iter().map(|h| f64::from(h.weight)).sum()
    }
    fn units(&self) -> Vec<usize> {
        let mut u: Vec<usize> = self.hits.iter().map(|h| h.unit).collect();
        u.sort_unstable();
        u.dedup();
        u
    }
    fn first_unit(&self) -> Option<usize> {
        self.hits.iter().map(|h| h.unit).min()
    }
    fn last_unit(&self) -> Option<usize> {
        self.hits.iter().map(|h| h.unit).max()
    }
    /// A span over the last unit with a hit (where the answer closes on this part).
    fn closing_span(&self, ctx: &Ctx, part: Part) -> Option<PatternSpan> {
        self.last_unit().and_then(|u| ctx.span_over(part, &[u]))
    }
    fn evidence(&self, ctx: &Ctx, cue: Cue, effect: Effect) -> Vec<Evidence> {
        self.hits
            .iter()
            .take(6)
            .map(|h| ctx.evidence(h, cue, effect))
            .collect()
    }
}

/// Concrete details: numbers and capitalised names in mid-sentence.
fn specifics(ctx: &Ctx) -> Vec<Evidence> {
    let toks = &ctx.analysed.toks;
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let sentence_start = i == 0 || toks[i - 1].sent != t.sent;
        let Some(w) = ctx.analysed.words.get(t.first_word) else {
            continue;
        };
        let first = ctx.chars.get(w.start).copied().unwrap_or('a');
        let named = first.is_uppercase() && !sentence_start && t.w != "i";
        if t.num.is_some() || named {
            out.push(ctx.evidence_toks(i, i, Cue::Specific, Effect::Raises, "a concrete detail"));
        }
    }
    out.truncate(8);
    out
}

fn count_words(ctx: &Ctx, words: &[&str]) -> usize {
    ctx.analysed
        .toks
        .iter()
        .filter(|t| !t.quoted && words.contains(&t.w.as_str()))
        .count()
}

fn share_of_units(ctx: &Ctx, from: usize, to: usize) -> f64 {
    let total = ctx.analysed.toks.len().max(1);
    let n = ctx
        .analysed
        .toks
        .iter()
        .filter(|t| t.unit >= from && t.unit < to)
        .count();
    n as f64 / total as f64
}

fn check(expected: Vec<Part>, spans: &[PatternSpan]) -> PatternCheck {
    let missing: Vec<Part> = expected
        .iter()
        .copied()
        .filter(|p| !spans.iter().any(|s| s.part == *p))
        .collect();
    let mut found: Vec<(usize, usize)> = expected
        .iter()
        .enumerate()
        .filter_map(|(i, p)| spans.iter().find(|s| s.part == *p).map(|s| (i, s.start)))
        .collect();
    found.sort_by_key(|&(_, start)| start);
    let in_order = found.windows(2).all(|w| w[0].0 < w[1].0);
    pattern_check(
        expected,
        missing,
        in_order,
        "The parts are there but out of the usual order.",
        "All parts there, in order.",
    )
}

pub(crate) fn score(ctx: &Ctx, rubric: Rubric) -> Scored {
    match rubric {
        Rubric::Star => star(ctx),
        Rubric::Narrative => narrative(ctx),
        Rubric::Motivation => motivation(ctx),
        Rubric::Ask | Rubric::OwnIt => ask(ctx),
    }
}

/// Brevity shared by the other rubrics, with an optional proportion check.
fn brevity(ctx: &Ctx, over_share: Option<(f64, f64, &str)>) -> (f64, String, Vec<Evidence>) {
    let (delta, ev, note) = ctx.length_check();
    let mut score = 100.0 + delta;
    let mut verdict = note;
    if let Some((share, limit, what)) = over_share
        && share > limit
    {
        score -= ((share - limit) * 80.0).min(30.0);
        verdict = format!("{verdict} {:.0}% of it is {what}.", share * 100.0);
    }
    (score, verdict, vec![ev])
}

fn ending_units(ctx: &Ctx) -> Vec<usize> {
    let last = ctx.analysed.units.saturating_sub(1);
    if last > 0 {
        vec![last - 1, last]
    } else {
        vec![last]
    }
}

fn star(ctx: &Ctx) -> Scored {
    let situation = Found::of(ctx, &[Kind::Situation]);
    let action = Found::of(ctx, &[Kind::Action, Kind::Change]);
    let result = Found::of(ctx, &[Kind::Result, Kind::Evidence]);
    let reflection = Found::of(ctx, &[Kind::Reflection, Kind::Forward]);
    let blame = Found::of(ctx, &[Kind::Blame]);
    let own = Found::of(ctx, &[Kind::Ownership]);
    let i_count = count_words(ctx, &["i", "me", "my"]);
    let we_count = count_words(ctx, &["we", "us", "our"]);
    let we_heavy = we_count > 3 && we_count * 2 > i_count;

    let first_action = action.first_unit().unwrap_or(ctx.analysed.units);
    let setup_share = share_of_units(ctx, 0, first_action);

    let mut ownership = 45.0 + 12.0 * action.n().min(3.0) + 6.0 * own.n().min(2.0);
    ownership -= 22.0 * blame.n().min(2.0);
    let mut own_ev = action.evidence(ctx, Cue::Action, Effect::Raises);
    own_ev.extend(blame.evidence(ctx, Cue::Blame, Effect::Lowers));
    if we_heavy {
        ownership -= 20.0;
        if let Some(i) = ctx.analysed.toks.iter().position(|t| t.w == "we") {
            own_ev.push(ctx.evidence_toks(
                i,
                i,
                Cue::TeamVoice,
                Effect::Lowers,
                "\"we\" hides your own part",
            ));
        }
    }
    let own_verdict = if blame.n() > 0.0 {
        "Describes the other person's faults; keep the focus on what you did.".to_string()
    } else if we_heavy {
        "Too much \"we\": say what you yourself did.".to_string()
    } else if ownership >= 70.0 {
        "Your own actions are clear.".to_string()
    } else {
        "Say more about what you personally did.".to_string()
    };

    let mut context = if situation.n() > 0.0 { 72.0 } else { 38.0 };
    if setup_share > 0.45 {
        context -= 20.0;
    }
    let context_verdict = if situation.n() == 0.0 {
        "Set the scene in one sentence: where, when, what was at stake.".to_string()
    } else if setup_share > 0.45 {
        "The setup runs long; get to what you did sooner.".to_string()
    } else {
        "The situation is set briefly.".to_string()
    };

    let mut growth = 15.0
        + 25.0 * action.n().min(1.0)
        + 8.0 * (action.n() - 1.0).clamp(0.0, 2.0)
        + 30.0 * result.n().min(1.0)
        + 6.0 * (result.n() - 1.0).clamp(0.0, 2.0);
    if result.n() == 0.0 {
        growth = growth.min(55.0);
    }
    let mut growth_ev = result.evidence(ctx, Cue::Result, Effect::Raises);
    growth_ev.extend(specifics(ctx).into_iter().take(3));
    let growth_verdict = if result.n() == 0.0 {
        "Actions but no result: how did it turn out?".to_string()
    } else if action.n() == 0.0 {
        "A result, but not what you did to get it.".to_string()
    } else {
        "Actions and a result.".to_string()
    };

    let ends = ending_units(ctx);
    let refl_end = reflection.hits.iter().any(|h| ends.contains(&h.unit));
    let mut move_on = if refl_end {
        82.0
    } else if reflection.n() > 0.0 {
        62.0
    } else {
        30.0
    };
    if blame.hits.iter().any(|h| ends.contains(&h.unit)) {
        move_on -= 25.0;
    }
    let move_verdict = if refl_end {
        "Closes on what you learned.".to_string()
    } else if reflection.n() > 0.0 {
        "Reflects, but not at the end; close on the lesson.".to_string()
    } else {
        "No reflection: end with what you learned or do differently now.".to_string()
    };
    let (brev, brev_verdict, brev_ev) = brevity(
        ctx,
        Some((setup_share, 0.45, "setup before your first action")),
    );

    let situation_units: Vec<usize> = situation
        .units()
        .into_iter()
        .filter(|u| *u <= first_action)
        .collect();
    let first_result = result.first_unit();
    let spans: Vec<PatternSpan> = [
        ctx.span_over(Part::Situation, &situation_units),
        ctx.span_over(Part::Action, &action.units()),
        first_result.and_then(|u| ctx.span_over(Part::Result, &[u])),
        reflection.closing_span(ctx, Part::Reflection),
    ]
    .into_iter()
    .flatten()
    .collect();
    let pattern = check(
        vec![
            Part::Situation,
            Part::Action,
            Part::Result,
            Part::Reflection,
        ],
        &spans,
    );

    let dimensions = Dimensions {
        ownership: dim(ownership, "Your role", own_verdict, own_ev),
        context: dim(
            context,
            "Situation & task",
            context_verdict,
            situation.evidence(ctx, Cue::Situation, Effect::Raises),
        ),
        growth: dim(growth, "Action & result", growth_verdict, growth_ev),
        move_on: dim(
            move_on,
            "Reflection & close",
            move_verdict,
            reflection.evidence(ctx, Cue::Reflection, Effect::Raises),
        ),
        brevity: dim(brev, "Brevity", brev_verdict, brev_ev),
    };
    let overall = weighted(&dimensions, [0.2, 0.15, 0.3, 0.2, 0.15]);
    let mut sugg = Vec::new();
    if blame.n() > 0.0 {
        sugg.push((100, "Describe the other person neutrally; spend the time on what you did and what you'd do again.".to_string()));
    }
    if we_heavy {
        sugg.push((
            90,
            "Swap \"we\" for \"I\" where it was you: the panel is hiring you, not the team."
                .to_string(),
        ));
    }
    if result.n() == 0.0 {
        sugg.push((
            85,
            "Say how it ended: the outcome for the patient or team, ideally with a number."
                .to_string(),
        ));
    }
    if situation.n() == 0.0 {
        sugg.push((
            60,
            "Open with one sentence of situation: where you were and what was at stake."
                .to_string(),
        ));
    } else if setup_share > 0.45 {
        sugg.push((
            70,
            "Cut the setup to one or two sentences and get to your actions.".to_string(),
        ));
    }
    if !refl_end {
        sugg.push((
            65,
            "Close with what you learned and how you work differently now.".to_string(),
        ));
    }
    sugg.extend(ctx.trim_suggestion(55));
    finish(overall, dimensions, spans, pattern, sugg)
}

fn narrative(ctx: &Ctx) -> Scored {
    let past = Found::of(ctx, &[Kind::Past]);
    let present = Found::of(ctx, &[Kind::Present, Kind::Commitment, Kind::Evidence]);
    let future = Found::of(ctx, &[Kind::Future, Kind::Forward]);
    let cliche = Found::of(ctx, &[Kind::Cliche]);
    let personal = Found::of(ctx, &[Kind::Personal]);
    let spec = specifics(ctx);

    let mut ownership = 45.0 + 6.0 * (spec.len() as f64).min(5.0) + 5.0 * personal.n().min(3.0);
    ownership -= 12.0 * cliche.n();
    let mut own_ev = spec.clone();
    own_ev.extend(cliche.evidence(ctx, Cue::Cliche, Effect::Lowers));
    let own_verdict = if cliche.n() >= 2.0 {
        "Leans on clichés; swap them for one specific detail.".to_string()
    } else if ownership >= 65.0 {
        "Specific and personal.".to_string()
    } else {
        "Could be more specific: names, numbers, one real moment.".to_string()
    };

    let last_past = past.hits.iter().map(|h| h.unit).max().unwrap_or(0);
    let past_share = if past.n() > 0.0 {
        share_of_units(ctx, past.first_unit().unwrap_or(0), last_past + 1)
    } else {
        0.0
    };
    let mut context = if past.n() > 0.0 { 72.0 } else { 40.0 };
    if past_share > 0.5 {
        context -= 20.0;
    }
    let context_verdict = if past.n() == 0.0 {
        "No background: one or two sentences on where you come from.".to_string()
    } else if past_share > 0.5 {
        "Too long on the background; move to the present sooner.".to_string()
    } else {
        "Background given briefly.".to_string()
    };

    let mut growth = 25.0 + 22.0 * present.n().min(2.0) + 4.0 * (spec.len() as f64).min(3.0);
    if present.n() == 0.0 {
        growth = growth.min(40.0);
    }
    let growth_verdict = if present.n() == 0.0 {
        "Say what you're doing now and what it shows about you.".to_string()
    } else {
        "What you've done and are doing now comes through.".to_string()
    };

    let ends = ending_units(ctx);
    let fut_end = future.hits.iter().any(|h| ends.contains(&h.unit));
    let move_on = if fut_end {
        82.0
    } else if future.n() > 0.0 {
        60.0
    } else {
        28.0
    };
    let move_verdict = if fut_end {
        "Ends on where you're heading.".to_string()
    } else if future.n() > 0.0 {
        "Mentions the future, but don't end on the past: close on where you're heading.".to_string()
    } else {
        "No close: end on what you want from residency and why here.".to_string()
    };
    let (brev, brev_verdict, brev_ev) = brevity(ctx, Some((past_share, 0.5, "background")));

    let spans: Vec<PatternSpan> = [
        ctx.span_over(Part::Past, &past.units()),
        ctx.span_over(Part::Present, &present.units()),
        future.closing_span(ctx, Part::Future),
    ]
    .into_iter()
    .flatten()
    .collect();
    let pattern = check(vec![Part::Past, Part::Present, Part::Future], &spans);
    let dimensions = Dimensions {
        ownership: dim(ownership, "Specific & personal", own_verdict, own_ev),
        context: dim(
            context,
            "Background",
            context_verdict,
            past.evidence(ctx, Cue::Past, Effect::Raises),
        ),
        growth: dim(
            growth,
            "What you've done",
            growth_verdict,
            present.evidence(ctx, Cue::Present, Effect::Raises),
        ),
        move_on: dim(
            move_on,
            "Where you're heading",
            move_verdict,
            future.evidence(ctx, Cue::Future, Effect::Raises),
        ),
        brevity: dim(brev, "Brevity", brev_verdict, brev_ev),
    };
    let overall = weighted(&dimensions, [0.2, 0.15, 0.25, 0.25, 0.15]);
    let mut sugg = Vec::new();
    if let Some(h) = cliche.hits.first() {
        let (a, b) = ctx.analysed.char_span(h.first_token, h.last_token);
        sugg.push((
            90,
            format!(
                "Replace \"{}\" with one specific moment or detail only you could tell.",
                ctx.slice(a, b)
            ),
        ));
    }
    if !fut_end {
        sugg.push((
            85,
            "Close on where you're heading: what you want from residency and why this field."
                .to_string(),
        ));
    }
    if past_share > 0.5 {
        sugg.push((
            80,
            "Keep the background to two sentences; spend the time on what you've done since."
                .to_string(),
        ));
    }
    if present.n() == 0.0 {
        sugg.push((
            75,
            "Add what you're doing now: rotations, a project, a role, with one concrete result."
                .to_string(),
        ));
    }
    sugg.extend(ctx.trim_suggestion(70));
    finish(overall, dimensions, spans, pattern, sugg)
}

fn motivation(ctx: &Ctx) -> Scored {
    let personal = Found::of(ctx, &[Kind::Personal]);
    let commitment = Found::of(ctx, &[Kind::Commitment, Kind::Evidence]);
    let fit = Found::of(ctx, &[Kind::ProgramFit]);
    let generic = Found::of(ctx, &[Kind::Generic, Kind::Cliche]);
    let future = Found::of(ctx, &[Kind::Future, Kind::Forward]);
    let spec = specifics(ctx);
    let asks_program = ctx.question.text.to_lowercase().contains("program");

    let mut ownership = 40.0 + 15.0 * personal.n().min(3.0) - 12.0 * generic.n();
    let mut own_ev = personal.evidence(ctx, Cue::Personal, Effect::Raises);
    own_ev.extend(generic.evidence(ctx, Cue::Generic, Effect::Lowers));
    if personal.n() == 0.0 {
        ownership = ownership.min(45.0);
    }
    let own_verdict = if generic.n() >= 2.0 {
        "Generic reasons any applicant could give.".to_string()
    } else if personal.n() > 0.0 {
        "A personal reason comes through.".to_string()
    } else {
        "Make it personal: what drew you, in your own experience?".to_string()
    };

    let story = personal.n() >= 1.0 && !spec.is_empty();
    let context = if story {
        75.0
    } else if personal.n() >= 1.0 {
        60.0
    } else {
        35.0
    };
    let context_verdict = if story {
        "A concrete story behind the choice.".to_string()
    } else if personal.n() >= 1.0 {
        "A moment is there; one concrete detail would make it land.".to_string()
    } else {
        "No story: tell the moment that made the choice.".to_string()
    };

    let growth = 25.0 + 22.0 * commitment.n().min(2.0) + 4.0 * (spec.len() as f64).min(3.0);
    let growth_verdict = if commitment.n() > 0.0 {
        "Shows commitment through what you've done.".to_string()
    } else {
        "Show the commitment: rotations, research, service in the field.".to_string()
    };

    let ends = ending_units(ctx);
    let fut_end = future.hits.iter().any(|h| ends.contains(&h.unit));
    // "Why our program" needs program specifics; "why this specialty" needs a future in it.
    let mut move_on = if asks_program {
        30.0 + 20.0 * fit.n().min(2.0)
    } else {
        40.0 + 10.0 * fit.n().min(1.0)
    };
    if fut_end {
        move_on += 25.0;
    } else if future.n() > 0.0 {
        move_on += 10.0;
    }
    if asks_program && fit.n() == 0.0 {
        move_on = move_on.min(40.0);
    }
    move_on -= 10.0 * generic.n().min(2.0);
    let mut fit_ev = fit.evidence(ctx, Cue::ProgramFit, Effect::Raises);
    fit_ev.extend(
        future
            .hits
            .iter()
            .filter(|h| ends.contains(&h.unit))
            .map(|h| ctx.evidence(h, Cue::Future, Effect::Raises)),
    );
    let move_verdict = if asks_program && fit.n() == 0.0 {
        "Nothing specific to this program; name what you'd come here for.".to_string()
    } else if fit.n() > 0.0 {
        "Specific fit, looking ahead.".to_string()
    } else if fut_end {
        "Looks ahead; tie it to what this field or program offers.".to_string()
    } else {
        "Close on where you're heading and why here.".to_string()
    };
    let (brev, brev_verdict, brev_ev) = brevity(ctx, None);

    let spans: Vec<PatternSpan> = [
        ctx.span_over(Part::Reason, &personal.units()),
        ctx.span_over(Part::Fit, &fit.units()),
        future.closing_span(ctx, Part::Future),
    ]
    .into_iter()
    .flatten()
    .collect();
    let expected = if asks_program {
        vec![Part::Reason, Part::Fit, Part::Future]
    } else {
        vec![Part::Reason, Part::Future]
    };
    let pattern = check(expected, &spans);
    let dimensions = Dimensions {
        ownership: dim(ownership, "Personal reason", own_verdict, own_ev),
        context: dim(
            context,
            "The story behind it",
            context_verdict,
            spec.into_iter().take(4).collect(),
        ),
        growth: dim(
            growth,
            "Evidence of commitment",
            growth_verdict,
            commitment.evidence(ctx, Cue::Commitment, Effect::Raises),
        ),
        move_on: dim(move_on, "Fit & future", move_verdict, fit_ev),
        brevity: dim(brev, "Brevity", brev_verdict, brev_ev),
    };
    let overall = weighted(&dimensions, [0.25, 0.15, 0.2, 0.25, 0.15]);
    let mut sugg = Vec::new();
    if let Some(h) = generic.hits.first() {
        let (a, b) = ctx.analysed.char_span(h.first_token, h.last_token);
        sugg.push((
            90,
            format!(
                "Replace \"{}\" with something only this program or field offers you.",
                ctx.slice(a, b)
            ),
        ));
    }
    if asks_program && fit.n() == 0.0 {
        sugg.push((88, "Name one or two specifics of the program (a clinic, track, patient population, what residents told you) and why they matter to you.".to_string()));
    }
    if personal.n() == 0.0 {
        sugg.push((
            80,
            "Tell the moment that drew you in: one patient or experience, briefly.".to_string(),
        ));
    }
    if commitment.n() == 0.0 {
        sugg.push((
            70,
            "Show the commitment with what you've done: a sub-internship, research, service."
                .to_string(),
        ));
    }
    sugg.extend(ctx.trim_suggestion(60));
    finish(overall, dimensions, spans, pattern, sugg)
}

fn ask(ctx: &Ctx) -> Scored {
    let gratitude = Found::of(ctx, &[Kind::Gratitude]);
    let candour = Found::of(
        ctx,
        &[Kind::Ownership, Kind::ProblemStatement, Kind::ScoreMention],
    );
    let blame = Found::of(ctx, &[Kind::Blame, Kind::Minimising, Kind::SelfPunishment]);
    let evidence = Found::of(ctx, &[Kind::Evidence]);
    let asks = Found::of(ctx, &[Kind::Ask]);
    let target = Found::of(ctx, &[Kind::Target]);
    let soft = Found::of(ctx, &[Kind::Softener]);
    let demand = Found::of(ctx, &[Kind::Demand]);

    let mut ownership = if candour.n() > 0.0 { 78.0 } else { 45.0 };
    ownership -= 25.0 * blame.n().min(2.0);
    let mut own_ev = candour.evidence(ctx, Cue::Ownership, Effect::Raises);
    own_ev.extend(blame.evidence(ctx, Cue::Blame, Effect::Lowers));
    let own_verdict = if blame.n() > 0.0 {
        "Sounds like a victim, not an adult: state the scores plainly and own them.".to_string()
    } else if candour.n() > 0.0 {
        "States the problem plainly.".to_string()
    } else {
        "Doesn't name the scores: the attending needs the story to advocate for you.".to_string()
    };

    let context = if gratitude.n() > 0.0 { 78.0 } else { 38.0 };
    let context_verdict = if gratitude.n() > 0.0 {
        "Opens with thanks and your work together.".to_string()
    } else {
        "Open with thanks and a reminder of your work together.".to_string()
    };

    let growth = if evidence.n() > 0.0 {
        75.0 + 8.0 * (evidence.n() - 1.0).clamp(0.0, 2.0)
    } else {
        35.0
    };
    let growth_verdict = if evidence.n() > 0.0 {
        "Shows how you've performed since.".to_string()
    } else {
        "Give the evidence since: shelf scores, evaluations, sub-internship feedback.".to_string()
    };

    let mut move_on =
        20.0 + 35.0 * asks.n().min(1.0) + 15.0 * target.n().min(1.0) + 12.0 * soft.n().min(1.0);
    move_on -= 25.0 * demand.n().min(2.0);
    let mut ask_ev = asks.evidence(ctx, Cue::Ask, Effect::Raises);
    ask_ev.extend(target.evidence(ctx, Cue::Target, Effect::Raises));
    ask_ev.extend(soft.evidence(ctx, Cue::Softener, Effect::Raises));
    ask_ev.extend(demand.evidence(ctx, Cue::Demand, Effect::Lowers));
    let move_verdict = if demand.n() > 0.0 {
        "The ask sounds like a demand; make it respectful with an easy out.".to_string()
    } else if asks.n() == 0.0 {
        "No clear ask: say exactly what you're hoping they'll do.".to_string()
    } else if target.n() == 0.0 {
        "A clear ask; name the programs or kind of programs where it would count.".to_string()
    } else {
        "A clear, specific, respectful ask.".to_string()
    };
    let (brev, brev_verdict, brev_ev) = brevity(ctx, None);

    let spans: Vec<PatternSpan> = [
        ctx.span_over(Part::Rapport, &gratitude.units()),
        ctx.span_over(Part::OwnIt, &candour.units()),
        ctx.span_over(Part::Ask, &asks.units()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let pattern = check(vec![Part::Rapport, Part::OwnIt, Part::Ask], &spans);
    let dimensions = Dimensions {
        ownership: dim(ownership, "Candour", own_verdict, own_ev),
        context: dim(
            context,
            "Rapport",
            context_verdict,
            gratitude.evidence(ctx, Cue::Gratitude, Effect::Raises),
        ),
        growth: dim(
            growth,
            "Evidence since",
            growth_verdict,
            evidence.evidence(ctx, Cue::Evidence, Effect::Raises),
        ),
        move_on: dim(move_on, "The ask", move_verdict, ask_ev),
        brevity: dim(brev, "Brevity", brev_verdict, brev_ev),
    };
    let overall = weighted(&dimensions, [0.2, 0.15, 0.2, 0.3, 0.15]);
    let mut sugg = Vec::new();
    if demand.n() > 0.0 {
        sugg.push((95, "Rephrase the ask as a question with an out: \"If you feel comfortable, would you be willing to…\"".to_string()));
    }
    if asks.n() == 0.0 {
        sugg.push((
            92,
            "Make the ask explicit: \"Would you be comfortable writing a strong letter for me?\""
                .to_string(),
        ));
    } else if target.n() == 0.0 {
        sugg.push((
            80,
            "Name a short list of programs where their word would count, and why you fit there."
                .to_string(),
        ));
    }
    if blame.n() > 0.0 {
        sugg.push((90, "State the score and its cause in one sentence, without excuses, then pivot to how you've performed since.".to_string()));
    } else if candour.n() == 0.0 {
        sugg.push((75, "Tell them the score story briefly: what it is, why (in one sentence), and how you've done since.".to_string()));
    }
    if evidence.n() == 0.0 {
        sugg.push((70, "Give them ammunition: your shelf scores, evaluations or sub-internship feedback since.".to_string()));
    }
    if gratitude.n() == 0.0 {
        sugg.push((
            60,
            "Open by thanking them and naming the rotation you worked on together.".to_string(),
        ));
    }
    finish(overall, dimensions, spans, pattern, sugg)
}

fn finish(
    overall: u8,
    dimensions: Dimensions,
    mut spans: Vec<PatternSpan>,
    pattern: PatternCheck,
    sugg: Vec<(u8, String)>,
) -> Scored {
    spans.sort_by_key(|s| (s.start, s.end));
    let suggestions = final_suggestions(sugg, overall, &dimensions);
    Scored {
        overall,
        dimensions,
        spans,
        pattern,
        suggestions,
        problem_s: None,
    }
}
