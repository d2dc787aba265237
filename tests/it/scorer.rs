//! Integration tests for the coaching engine: the labelled answers written for the project
//! (tests/data/labelled-answers.jsonl), each language cue the scorer knows, pattern spans with
//! times, the question bank and the batch command.

use std::collections::HashMap;

use interview_coach::analysis::MetricSettings;
use interview_coach::analysis::transcript::{Transcript, Word};
use interview_coach::bank::{Bank, MatchMethod, Question, Rubric};
use interview_coach::cli::score::run_batch;
use interview_coach::coaching::{
    Cue, DurationSource, Effect, Part, ScoreReport, Settings, score_answer, score_answer_with,
};
use interview_coach::pipeline::AnalyzeOptions;
use serde_json::Value;

const LABELLED: &str = include_str!("../data/labelled-answers.jsonl");

fn bank() -> Bank {
    let (bank, errors) = Bank::bundled();
    assert!(errors.is_empty(), "{errors:?}");
    bank
}

fn question(id: &str) -> Question {
    bank()
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no question {id}"))
}

fn score(id: &str, text: &str) -> ScoreReport {
    score_answer(&question(id), &Transcript::from_text(text), None)
}

fn cues(r: &ScoreReport) -> Vec<(Cue, Effect, String)> {
    r.dimensions
        .iter()
        .into_iter()
        .flat_map(|(_, d)| d.evidence.iter())
        .map(|e| (e.cue, e.effect, e.text.clone()))
        .collect()
}

fn has_cue(r: &ScoreReport, cue: Cue) -> bool {
    cues(r).iter().any(|(c, _, _)| *c == cue)
}

#[test]
fn labelled_answers_agree_with_the_scorer() {
    let labelled: Vec<Value> = LABELLED
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
        .collect();
    let input: String = labelled
        .iter()
        .map(|l| {
            serde_json::json!({"id": l["id"], "question": l["question"], "answer": l["answer"]})
                .to_string()
                + "\n"
        })
        .collect();
    let mut out = Vec::new();
    run_batch(&bank(), input.as_bytes(), &mut out, &Settings::default()).unwrap();
    let scored: HashMap<String, Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["id"].as_str().unwrap_or_default().to_string(), v))
        .collect();
    assert_eq!(scored.len(), labelled.len());

    let (mut pairs, mut pairs_ok) = (0, 0);
    for g in labelled.iter().filter(|l| l["overall"] == "good") {
        for b in labelled
            .iter()
            .filter(|l| l["overall"] == "bad" && l["question_type"] == g["question_type"])
        {
            pairs += 1;
            let gs = scored[g["id"].as_str().unwrap()]["overall"].as_u64();
            let bs = scored[b["id"].as_str().unwrap()]["overall"].as_u64();
            if gs > bs {
                pairs_ok += 1;
            }
        }
    }
    let (mut dims, mut dims_ok) = (0, 0);
    let mut misses = Vec::new();
    for l in &labelled {
        let s = &scored[l["id"].as_str().unwrap()];
        for (d, label) in l["dims"].as_object().unwrap() {
            dims += 1;
            let score = s["dimensions"][d]["score"].as_u64().unwrap();
            if (label == "strong") == (score >= 50) {
                dims_ok += 1;
            } else {
                misses.push(format!("{} {d}={score} labelled {label}", l["id"]));
            }
        }
    }
    assert!(pairs >= 40, "too few pairs: {pairs}");
    assert!(pairs_ok * 100 >= pairs * 95, "pairs {pairs_ok}/{pairs}");
    assert!(
        dims_ok * 100 >= dims * 90,
        "dims {dims_ok}/{dims}: {misses:?}"
    );
}

#[test]
fn negated_blame_is_not_blame() {
    let r = score(
        "usmle-explain",
        "It wasn't the exam's fault and it wasn't bad luck. I didn't do enough timed questions. \
         For Step 2 I did timed blocks every day and scored 240. I'll keep that habit.",
    );
    assert!(
        !cues(&r).iter().any(|(c, _, _)| *c == Cue::Blame),
        "{:?}",
        cues(&r)
    );
    assert!(r.dimensions.ownership.score >= 70);
}

#[test]
fn quoted_complaints_are_someone_elses_words() {
    let quoted = score(
        "usmle-explain",
        "My classmates said the exam was unfair, but the problem was that I crammed.",
    );
    let own = score(
        "usmle-explain",
        "The exam was unfair, and the problem was that I crammed.",
    );
    assert!(!has_cue(&quoted, Cue::Blame));
    assert!(has_cue(&own, Cue::Blame));
    assert!(quoted.dimensions.ownership.score > own.dimensions.ownership.score);
}

#[test]
fn hedged_ownership_scores_below_plain_ownership() {
    let plain = score(
        "usmle-explain",
        "I didn't prepare the right way for Step 1.",
    );
    let hedged = score(
        "usmle-explain",
        "I guess maybe I kind of didn't prepare the right way for Step 1.",
    );
    assert!(has_cue(&hedged, Cue::Hedge));
    assert!(
        plain.dimensions.ownership.score >= hedged.dimensions.ownership.score + 20,
        "{} vs {}",
        plain.dimensions.ownership.score,
        hedged.dimensions.ownership.score
    );
}

#[test]
fn number_words_are_read_as_scores() {
    let r = score(
        "usmle-explain",
        "my step one was a two oh five because i never did practice tests so for step two i did \
         timed blocks every morning and scored two hundred and forty one",
    );
    let ev = &r.dimensions.growth.evidence;
    assert!(
        ev.iter()
            .any(|e| e.cue == Cue::Evidence && e.text == "two hundred and forty one"),
        "{ev:?}"
    );
    assert!(
        r.dimensions
            .ownership
            .evidence
            .iter()
            .any(|e| e.cue == Cue::ProblemStatement && e.text == "two oh five")
    );
}

#[test]
fn fillers_do_not_break_cues_and_are_counted() {
    let r = score(
        "usmle-explain",
        "So, um, I uh underestimated, like, the exam. Um, for Step 2 I, uh, used timed blocks.",
    );
    assert!(r.timing.filler_count >= 4, "{:?}", r.timing);
    assert!(has_cue(&r, Cue::Ownership));
    assert!(has_cue(&r, Cue::Change));
}

/// The filler thresholds the Settings screen edits (`MetricSettings`) reach the scorer: with the
/// same answer and duration, raising "fillers hurt above" removes the ownership penalty and its
/// filler evidence, and the analysis options hand the scorer the very values the notes use.
#[test]
fn the_users_filler_thresholds_change_the_score_not_only_the_notes() {
    let q = question("usmle-explain");
    let t = Transcript::from_text(include_str!("../data/filler-answer.txt").trim());
    // Eleven fillers in 40 s (16.5 a minute): above the default 12, below a lenient 30.
    let strict = MetricSettings::default();
    let lenient = MetricSettings {
        fillers_bad_per_min: 30.0,
        ..MetricSettings::default()
    };
    let by_default = score_answer(&q, &t, Some(40.0));
    let with_strict = score_answer_with(&q, &t, Some(40.0), &Settings::with_delivery(&strict));
    let with_lenient = score_answer_with(&q, &t, Some(40.0), &Settings::with_delivery(&lenient));
    assert_eq!(by_default, with_strict);
    assert!(
        with_strict.timing.fillers_per_min > 12.0,
        "{:?}",
        with_strict.timing
    );
    assert!(
        with_lenient.dimensions.ownership.score > with_strict.dimensions.ownership.score,
        "{} vs {}",
        with_lenient.dimensions.ownership.score,
        with_strict.dimensions.ownership.score
    );
    let filler_evidence = |r: &ScoreReport| {
        r.dimensions
            .ownership
            .evidence
            .iter()
            .filter(|e| e.cue == Cue::Filler)
            .count()
    };
    assert!(filler_evidence(&with_strict) > 0);
    assert_eq!(filler_evidence(&with_lenient), 0);
    // The path the app and `analyze` take: the analysis options' thresholds are the scorer's.
    let options = AnalyzeOptions {
        metrics: lenient.clone(),
        ..AnalyzeOptions::default()
    };
    assert_eq!(options.scoring().delivery, lenient);
    assert_eq!(
        score_answer_with(&q, &t, Some(40.0), &options.scoring()),
        with_lenient
    );
}

#[test]
fn self_punishment_and_minimising_lower_ownership() {
    let sorry = score(
        "usmle-explain",
        "I'm so sorry. I'm a terrible test taker and I always will be.",
    );
    assert!(has_cue(&sorry, Cue::SelfPunishment));
    assert!(sorry.dimensions.ownership.score < 30);
    let minimise = score(
        "usmle-explain",
        "It's just a number and it doesn't reflect who I am.",
    );
    assert!(has_cue(&minimise, Cue::Minimising));
    assert!(minimise.dimensions.ownership.score < 50);
}

#[test]
fn vague_and_trauma_dump_context_are_weak() {
    let vague = score(
        "usmle-explain",
        "There was a lot going on at the time for personal reasons.",
    );
    assert!(has_cue(&vague, Cue::VagueContext));
    assert!(vague.dimensions.context.score < 50);
    let dump = score(
        "usmle-explain",
        "My roommate moved out and the rent went up, and my car broke down, and my laptop died, \
         and then there was construction outside so I couldn't sleep, and my study group fell \
         apart, and my grandmother got sick, and the exam center cancelled my date once.",
    );
    assert!(has_cue(&dump, Cue::TraumaDump), "{:?}", cues(&dump));
    assert!(dump.dimensions.context.score < 40);
}

#[test]
fn a_causal_clause_on_the_admission_is_context() {
    let r = score(
        "usmle-explain",
        "I failed my first attempt because I booked the exam too early and ignored practice \
         scores. For the retake I waited for three passing NBMEs, did timed blocks every \
         morning, and passed. I'll use the same approach for my boards.",
    );
    assert!(r.dimensions.context.score >= 50, "{:?}", cues(&r));
    // The cause stays in the problem part: the turn is the retake, not "I booked".
    let move_on = r.spans.iter().find(|s| s.part == Part::MoveOn);
    assert!(
        move_on.is_some_and(|s| s.text.starts_with("For the retake")),
        "{:?}",
        r.spans
    );
    for vague in [
        "I failed my first attempt because of everything that was happening to me. For the \
         retake I built a schedule with a tutor and passed.",
        "I failed my first attempt because I was going through a lot. For the retake I built \
         a schedule with a tutor and passed.",
    ] {
        let r = score("usmle-explain", vague);
        assert!(r.dimensions.context.score < 50, "{vague}: {:?}", cues(&r));
    }
}

#[test]
fn what_a_reapplicant_did_since_is_growth() {
    let r = score(
        "rf-not-matched",
        "I didn't match last year because I applied to too few programs. This year I worked as \
         a research assistant in cardiology, got a letter from my PI, and applied more broadly \
         with guidance from my advisor. I'm a stronger applicant now.",
    );
    assert!(r.dimensions.growth.score >= 50, "{:?}", cues(&r));
    for weak in [
        // No action, just intent.
        "I didn't match because I applied to too few programs. This year I'm just going to \
         apply again and hope it goes better.",
        // The same verbs before any turn are background.
        "I worked as a research assistant in cardiology before medical school. I didn't match \
         because I applied only to top programs. I'm hoping it goes better this year.",
    ] {
        let r = score("rf-not-matched", weak);
        assert!(r.dimensions.growth.score < 50, "{weak}: {:?}", cues(&r));
    }
}

#[test]
fn hardships_with_the_cause_handed_off_are_not_ownership() {
    let r = score(
        "rf-anything-to-explain",
        "During my second year my father lost his job, my parents were going through a \
         divorce, my apartment flooded, my car broke down twice, and I was working nights to \
         cover rent, and I failed a block exam because of everything that was happening to me.",
    );
    assert!(r.dimensions.ownership.score < 50, "{:?}", cues(&r));
    assert!(r.dimensions.context.score < 50);
    // The same hardship with the decision owned keeps its ownership.
    let owned = score(
        "usmle-explain",
        "My mother was diagnosed with cancer during my dedicated period, and I failed Step 1. \
         That was my decision, because I chose not to postpone, and I should have. For the \
         retake I postponed until she was stable, worked with a tutor, and passed with a 232.",
    );
    assert!(owned.dimensions.ownership.score >= 50, "{:?}", cues(&owned));
}

#[test]
fn deflections_are_not_context() {
    for (id, text) in [
        (
            "greatest-weakness",
            "I would say I'm a perfectionist and I just care too much about getting \
             everything right. I don't really have a weakness that affects my work.",
        ),
        (
            "rf-not-matched",
            "Honestly the match is kind of a lottery. I applied to some great programs, but \
             they just went with their own students. It was bad luck.",
        ),
        (
            "greatest-weakness",
            "My biggest weakness is that I hold myself to really high standards, because I \
             always want to give my patients my best.",
        ),
    ] {
        let r = score(id, text);
        assert!(r.dimensions.context.score < 50, "{text}: {:?}", cues(&r));
    }
    // A real weakness with a concrete cause keeps its context.
    let real = score(
        "greatest-weakness",
        "My weakness is that I take on too much, because I find it hard to say no when a \
         resident asks for help. On surgery I missed a discharge summary deadline. Since then \
         I check my list with my senior before agreeing to new tasks.",
    );
    assert!(real.dimensions.context.score >= 50, "{:?}", cues(&real));
}

#[test]
fn circling_back_after_the_pivot_is_caught() {
    let r = score(
        "usmle-explain",
        "I scored below my goal because I crammed. I rebuilt my study around spaced repetition \
         and my shelf scores rose. But I still think about that score, and I wish I could retake it.",
    );
    assert!(has_cue(&r, Cue::CircleBack));
    assert!(r.dimensions.move_on.score < 50);
    assert!(r.dimensions.growth.score >= 50);
    assert!(!r.pattern.in_order);
}

#[test]
fn spans_are_in_order_with_times_when_words_have_times() {
    let text = "I failed Step 1 because I crammed. For the retake I worked with a tutor and \
                passed. I'll use that system in residency.";
    let words: Vec<Word> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| Word::new(w, i as f64 * 0.4, i as f64 * 0.4 + 0.3))
        .collect();
    let transcript = Transcript::from_words(words);
    let r = score_answer(&question("usmle-explain"), &transcript, Some(12.5));
    assert_eq!(r.timing.duration_source, DurationSource::Audio);
    assert_eq!(r.timing.duration_s, 12.5);
    let parts: Vec<Part> = r.spans.iter().map(|s| s.part).collect();
    assert_eq!(
        parts,
        [Part::OwnIt, Part::ContextualizeIt, Part::MoveOn],
        "{:?}",
        r.spans
    );
    assert!(r.pattern.missing.is_empty() && r.pattern.in_order);
    for s in &r.spans {
        assert!(s.start_s.is_some() && s.end_s.is_some(), "{s:?}");
    }
    let move_on = &r.spans[2];
    assert!(move_on.text.starts_with("For the retake"));
    assert_eq!(move_on.start_s, Some(7.0 * 0.4));
    // Without audio duration the word times give it.
    let r = score_answer(&question("usmle-explain"), &transcript, None);
    assert_eq!(r.timing.duration_source, DurationSource::WordTimes);
}

#[test]
fn missing_parts_are_reported() {
    let r = score(
        "usmle-explain",
        "The questions were outdated and the proctor was rude.",
    );
    assert!(r.pattern.missing.contains(&Part::MoveOn));
    assert!(r.pattern.missing.contains(&Part::OwnIt));
}

#[test]
fn evidence_offsets_are_character_offsets() {
    let text = "Naïve me — I underestimated the exam. Since then I built a schedule with a tutor.";
    let r = score("usmle-explain", text);
    let chars: Vec<char> = text.chars().collect();
    let all: Vec<_> = r
        .dimensions
        .iter()
        .into_iter()
        .flat_map(|(_, d)| d.evidence.iter())
        .filter(|e| e.cue != Cue::Length && e.cue != Cue::ProblemShare)
        .collect();
    assert!(!all.is_empty());
    for e in all {
        let slice: String = chars[e.start..e.end].iter().collect();
        assert_eq!(slice, e.text);
    }
}

#[test]
fn brevity_uses_the_real_duration_when_given() {
    let q = question("usmle-explain");
    let t = Transcript::from_text(
        "I failed Step 1 because I crammed. I worked with a tutor and passed Step 2 with a 240.",
    );
    let short = score_answer(&q, &t, Some(40.0));
    let long = score_answer(&q, &t, Some(120.0));
    assert!(short.dimensions.brevity.score > long.dimensions.brevity.score);
    assert!(long.dimensions.brevity.score < 50);
}

#[test]
fn other_rubrics_fill_all_five_dimensions() {
    for (id, text) in [
        (
            "tell-me-about-yourself",
            "I'm a fourth year student. I grew up in Ohio and worked as a scribe. I hope to train in internal medicine.",
        ),
        (
            "conflict-colleague",
            "On my surgery rotation a classmate and I clashed. I asked to talk, we split the list, and it resolved. I learned to clarify roles early.",
        ),
        (
            "why-program",
            "Your county clinic serves patients like the ones I worked with, and I want to train there.",
        ),
        (
            "ask-strong-letter",
            "Thank you for the month on your service. Would you be comfortable writing a strong letter for me?",
        ),
    ] {
        let r = score(id, text);
        assert_ne!(r.rubric, Rubric::OwnIt);
        for (key, d) in r.dimensions.iter() {
            assert!(!d.verdict.is_empty() && !d.label.is_empty(), "{id} {key}");
        }
        // Every dimension that needs work (below 70) gets at least one suggestion.
        let needs_work = r.dimensions.iter().iter().any(|(_, d)| d.score < 70);
        assert!(!r.suggestions.is_empty() || !needs_work, "{id}");
        assert!(r.suggestions.len() <= 3);
    }
}

#[test]
fn star_answer_blaming_the_other_person_scores_low() {
    let good = score(
        "conflict-colleague",
        "On my medicine rotation another student and I kept duplicating work. I asked him to meet \
         after rounds and I suggested we split patients by room. As a result we had no missed \
         tasks for the rest of the month. I learned to clarify roles on day one.",
    );
    let bad = score(
        "conflict-colleague",
        "We had a resident who was lazy and rude. We all complained and we avoided him.",
    );
    assert!(
        good.overall > bad.overall + 20,
        "{} vs {}",
        good.overall,
        bad.overall
    );
    assert!(has_cue(&bad, Cue::TeamVoice) || has_cue(&bad, Cue::Blame));
}

#[test]
fn free_text_questions_match_the_bank_or_a_rubric() {
    let bank = bank();
    let m = bank.match_question("Why didn't you match last year?");
    assert_eq!(m.method, MatchMethod::Text);
    assert_eq!(m.question.id, "rf-not-matched");
    let m = bank.match_question("Is there anything in your application you'd like to explain?");
    assert_eq!(m.question.rubric, Rubric::OwnIt);
    let m = bank.match_question("What is your greatest weakness?");
    assert_eq!(m.question.id, "greatest-weakness");
    let m = bank.match_question("Explain the purple elephant in the lab");
    assert_eq!(m.method, MatchMethod::Rubric);
}

#[test]
fn a_malformed_user_pack_reports_its_position_and_others_still_load() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-good.toml"),
        "[pack]\nid = \"mine\"\ntitle = \"Mine\"\n\n[[question]]\nid = \"my-q\"\ntext = \"Why this city?\"\ncategory = \"fit\"\nrubric = \"motivation\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-bad.toml"),
        "[pack]\nid = \"bad\"\ntitle = \"Bad\"\n\n[[question]]\nid = \"x\"\ntext = \"Q\"\ncategory = \"c\"\nrubric = \"own_it\"\ntarget_seconds = [30, \n",
    )
    .unwrap();
    let mut bank = bank();
    let before = bank.questions().count();
    let errors = bank.load_dir(dir.path());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(e.file.ends_with("b-bad.toml"));
    assert!(e.line >= 9 && e.column >= 1, "{e}");
    assert!(e.to_string().contains("b-bad.toml:"));
    assert_eq!(bank.questions().count(), before + 1);
    assert!(bank.get("my-q").is_some());
}

#[test]
fn scoring_a_two_minute_transcript_is_fast() {
    // Release builds score a 300-word answer in well under a millisecond (see
    // examples/scorer_bench.rs); this guards against a pathological slowdown even in debug.
    let sentence = "I underestimated how the exam tests integration so I built a schedule of \
                    timed blocks with a tutor and my shelf scores rose to the 80th percentile. ";
    let text = sentence.repeat(300 / sentence.split_whitespace().count() + 1);
    let q = question("usmle-explain");
    let t = Transcript::from_text(text);
    let start = std::time::Instant::now();
    for _ in 0..5 {
        let _ = score_answer(&q, &t, None);
    }
    let per = start.elapsed() / 5;
    assert!(per.as_millis() < 200, "{per:?} per answer in a debug build");
}
