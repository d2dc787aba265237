//! The narrative, STAR, motivation and ask rubrics on short hand-written answers: each
//! dimension moves the right way and cites the phrase that moved it.

use super::question::Rubric;
use super::report::{Cue, Effect};
use super::test_support::{cited, cites, score};

#[test]
fn star_credits_the_situation_your_action_and_the_result() {
    let full = score(
        Rubric::Star,
        "During my surgery rotation there was a conflict between two residents about a discharge. \
         I asked them both to meet with me, I listened to each side and I proposed a checklist. \
         As a result the discharges went out on time for the rest of the month, and I learned to \
         raise a conflict early.",
    );
    let vague = score(
        Rubric::Star,
        "I think teamwork is really important and I always try to be a good team player.",
    );
    let (f, v) = (&full.dimensions, &vague.dimensions);
    assert!(f.context.score > v.context.score, "{:?}", cited(&f.context));
    assert!(
        cites(&f.context, Cue::Situation, Effect::Raises, "During"),
        "{:?}",
        cited(&f.context)
    );
    assert!(
        f.ownership.score > v.ownership.score,
        "{:?}",
        cited(&f.ownership)
    );
    assert!(
        cites(&f.ownership, Cue::Action, Effect::Raises, "asked"),
        "{:?}",
        cited(&f.ownership)
    );
    assert!(f.growth.score > v.growth.score, "{:?}", cited(&f.growth));
    assert!(
        cites(&f.growth, Cue::Result, Effect::Raises, "result"),
        "{:?}",
        cited(&f.growth)
    );
}

#[test]
fn narrative_credits_past_present_and_future_and_marks_cliches() {
    let story = score(
        Rubric::Narrative,
        "I grew up in a farming town where the nearest clinic was an hour away. In college I worked as an EMT \
         on night shifts. Now I am a fourth year student who loves continuity clinic. In the future I want to \
         practise rural family medicine.",
    );
    let cliche = score(
        Rubric::Narrative,
        "I am a hard worker and a team player, passionate about helping people.",
    );
    let (s, c) = (&story.dimensions, &cliche.dimensions);
    assert!(s.context.score > c.context.score, "{:?}", cited(&s.context));
    assert!(
        cites(&s.context, Cue::Past, Effect::Raises, "grew up"),
        "{:?}",
        cited(&s.context)
    );
    assert!(
        s.move_on.score > c.move_on.score,
        "{} vs {}: {:?}",
        s.move_on.score,
        c.move_on.score,
        cited(&c.move_on)
    );
    assert!(
        cites(&s.move_on, Cue::Future, Effect::Raises, "want to"),
        "{:?}",
        cited(&s.move_on)
    );
    assert!(
        s.ownership.score > c.ownership.score,
        "{:?}",
        cited(&c.ownership)
    );
    assert!(
        cites(&c.ownership, Cue::Cliche, Effect::Lowers, "team player"),
        "{:?}",
        cited(&c.ownership)
    );
}

#[test]
fn motivation_credits_a_personal_reason_and_program_fit() {
    let personal = score(
        Rubric::Motivation,
        "When my grandmother had a stroke I watched her neurologist explain every scan to us in plain words. \
         Your program's stroke clinic and resident continuity clinic are exactly where I want to train, \
         and I am committed to staying in academic neurology.",
    );
    let generic = score(
        Rubric::Motivation,
        "Your program has a great reputation and excellent faculty and it is a great program.",
    );
    let (p, g) = (&personal.dimensions, &generic.dimensions);
    assert!(
        p.ownership.score > g.ownership.score,
        "{:?}",
        cited(&p.ownership)
    );
    assert!(
        cites(&p.ownership, Cue::Personal, Effect::Raises, "I watched"),
        "{:?}",
        cited(&p.ownership)
    );
    assert!(
        cites(&g.ownership, Cue::Generic, Effect::Lowers, "reputation"),
        "{:?}",
        cited(&g.ownership)
    );
}

#[test]
fn the_ask_credits_a_clear_request_and_marks_a_demand() {
    let polite = score(
        Rubric::Ask,
        "Thank you for supervising me on the wards this month. I presented every morning and you said my notes \
         were thorough. Would you be willing to write me a strong letter of recommendation for internal medicine? \
         If not, I completely understand.",
    );
    let demanding = score(
        Rubric::Ask,
        "You have to write me a letter. This is my only chance and I need it by Friday.",
    );
    let (p, d) = (&polite.dimensions, &demanding.dimensions);
    assert!(p.move_on.score > d.move_on.score, "{:?}", cited(&d.move_on));
    assert!(
        cites(&p.move_on, Cue::Ask, Effect::Raises, "letter"),
        "{:?}",
        cited(&p.move_on)
    );
    assert!(
        cites(&d.move_on, Cue::Demand, Effect::Lowers, "have to"),
        "{:?}",
        cited(&d.move_on)
    );
    assert!(
        cites(&p.context, Cue::Gratitude, Effect::Raises, "Thank"),
        "{:?}",
        cited(&p.context)
    );
}
