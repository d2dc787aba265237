//! Each own-it dimension on short hand-written answers: the dimension moves the right way and
//! cites the phrase that moved it.

use super::super::question::Rubric;
use super::super::report::{Cue, Effect};
use super::super::test_support::{cited, cites, score};

fn own_it(answer: &str) -> super::super::ScoreReport {
    score(Rubric::OwnIt, answer)
}

#[test]
fn ownership_rises_with_a_named_misjudgement_and_falls_with_blame() {
    let owned = own_it(
        "I failed my first attempt at Step 1. I underestimated how many practice questions I needed. \
         Since then I did timed blocks every day and passed with a 238.",
    );
    let blamed = own_it(
        "I failed my first attempt at Step 1. The exam was unfair and my school never taught us the material. \
         Since then I did timed blocks every day and passed with a 238.",
    );
    let (o, b) = (&owned.dimensions.ownership, &blamed.dimensions.ownership);
    assert!(o.score > b.score + 20, "{} vs {}", o.score, b.score);
    assert!(
        cites(o, Cue::Ownership, Effect::Raises, "underestimated"),
        "{:?}",
        cited(o)
    );
    assert!(
        cites(b, Cue::Blame, Effect::Lowers, "unfair"),
        "{:?}",
        cited(b)
    );
}

#[test]
fn ownership_falls_with_self_punishment() {
    let calm = own_it(
        "I failed Step 1 because I crammed instead of doing questions. Since then I built a schedule \
         of timed blocks and scored 245 on Step 2.",
    );
    let harsh = own_it(
        "I failed Step 1 and I'm so sorry, I'm a terrible test taker. Since then I built a schedule \
         of timed blocks and scored 245 on Step 2.",
    );
    let h = &harsh.dimensions.ownership;
    assert!(calm.dimensions.ownership.score > h.score, "{:?}", cited(h));
    assert!(
        cites(h, Cue::SelfPunishment, Effect::Lowers, "terrible"),
        "{:?}",
        cited(h)
    );
}

#[test]
fn context_rises_with_a_factual_cause() {
    let bare = own_it(
        "I failed my first attempt at Step 1. Since then I did timed blocks every day and passed with a 238.",
    );
    let caused = own_it(
        "I failed my first attempt at Step 1 because I booked the exam too early and ignored my practice scores. \
         Since then I did timed blocks every day and passed with a 238.",
    );
    let c = &caused.dimensions.context;
    assert!(
        c.score > bare.dimensions.context.score + 20,
        "{} vs {}",
        c.score,
        bare.dimensions.context.score
    );
    assert!(
        cites(c, Cue::Cause, Effect::Raises, "booked the exam too early"),
        "{:?}",
        cited(c)
    );
}

#[test]
fn context_falls_with_a_list_of_hardships() {
    let dump = own_it(
        "I failed Step 1 because of everything that was happening. My car broke down and my landlord evicted me \
         and then my roommate moved out and the construction noise meant I could not sleep and my laptop died. \
         Since then I did timed blocks every day and passed with a 238.",
    );
    let c = &dump.dimensions.context;
    assert!(c.score < 50, "{}", c.score);
    assert!(
        cites(c, Cue::TraumaDump, Effect::Lowers, "car broke down"),
        "{:?}",
        cited(c)
    );
}

#[test]
fn growth_rises_with_a_specific_change_and_proof() {
    let vague = own_it(
        "I failed my first attempt at Step 1 because I crammed. Since then I have grown a lot as a person.",
    );
    let specific = own_it(
        "I failed my first attempt at Step 1 because I crammed. Since then I switched to timed question blocks \
         with an error log, and I scored 245 on Step 2.",
    );
    let (v, s) = (&vague.dimensions.growth, &specific.dimensions.growth);
    assert!(s.score > v.score + 30, "{} vs {}", s.score, v.score);
    assert!(
        cites(s, Cue::Change, Effect::Raises, "switched"),
        "{:?}",
        cited(s)
    );
    assert!(
        cites(s, Cue::Evidence, Effect::Raises, "245"),
        "{:?}",
        cited(s)
    );
    assert!(
        cites(v, Cue::VagueGrowth, Effect::Lowers, "grown"),
        "{:?}",
        cited(v)
    );
}

#[test]
fn move_on_falls_when_the_answer_circles_back() {
    let forward = own_it(
        "I failed Step 1 because I crammed. Since then I switched to timed question blocks and scored 245 on Step 2. \
         I will bring that habit to residency.",
    );
    let circling = own_it(
        "I failed Step 1 because I crammed. Since then I switched to timed question blocks and scored 245 on Step 2. \
         But honestly the exam was unfair and I still think about it every day.",
    );
    let (f, c) = (&forward.dimensions.move_on, &circling.dimensions.move_on);
    assert!(f.score > c.score + 30, "{} vs {}", f.score, c.score);
    assert!(
        cites(f, Cue::Forward, Effect::Raises, "I will"),
        "{:?}",
        cited(f)
    );
    assert!(
        cites(c, Cue::CircleBack, Effect::Lowers, "unfair"),
        "{:?}",
        cited(c)
    );
}

#[test]
fn brevity_falls_when_the_problem_takes_most_of_the_answer() {
    let brief = own_it(
        "I failed Step 1 because I crammed. Since then I switched to timed question blocks and scored 245 on Step 2. \
         I will bring that habit to residency.",
    );
    let problem = "I failed Step 1 because I crammed the content in the last month and skipped the practice exams \
         and I went into the test without ever sitting a full length exam under timed conditions. ";
    let dwelling = own_it(&format!(
        "{}{}{}Since then I switched to timed question blocks and scored 245 on Step 2.",
        problem, problem, problem
    ));
    let d = &dwelling.dimensions.brevity;
    assert!(
        brief.dimensions.brevity.score > d.score,
        "{} vs {}",
        brief.dimensions.brevity.score,
        d.score
    );
    assert!(
        cites(d, Cue::ProblemShare, Effect::Lowers, "I failed Step 1"),
        "{:?}",
        cited(d)
    );
}

#[test]
fn ownership_follows_the_users_filler_threshold() {
    use super::super::question::Question;
    use super::super::{Settings, Transcript, score_answer_with};
    use crate::analysis::MetricSettings;
    let answer = "Um, I failed Step 1, uh, because I, um, crammed. Uh, since then I, um, switched to \
                  timed blocks and, uh, scored 245 on Step 2.";
    let question = Question::for_rubric(Rubric::OwnIt, "Explain your Step 1.");
    let transcript = Transcript::from_text(answer);
    let strict = score_answer_with(&question, &transcript, Some(20.0), &Settings::default());
    let lenient = score_answer_with(
        &question,
        &transcript,
        Some(20.0),
        &Settings::with_delivery(&MetricSettings {
            fillers_bad_per_min: 60.0,
            ..MetricSettings::default()
        }),
    );
    let s = &strict.dimensions.ownership;
    assert!(
        lenient.dimensions.ownership.score > s.score,
        "{:?}",
        cited(s)
    );
    assert!(
        cites(s, Cue::Filler, Effect::Lowers, "Um"),
        "{:?}",
        cited(s)
    );
    assert!(!cites(
        &lenient.dimensions.ownership,
        Cue::Filler,
        Effect::Lowers,
        "Um"
    ));
}
