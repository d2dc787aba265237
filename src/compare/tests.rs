use super::*;
use crate::analysis::metrics::PaceWindow;
use crate::analysis::voice::variation::PitchMetrics;
use crate::analysis::{MetricSettings, Transcript, compute_metrics};

/// An answer's metrics with a given pitch variation and pace windows.
fn metrics(sd: Option<f64>, paces: &[f64], fillers: f64) -> SpeechMetrics {
    let mut m = compute_metrics(
        &Transcript::default(),
        90.0,
        None,
        &MetricSettings::default(),
    );
    m.speaking_time_s = 10.0 * paces.len() as f64;
    m.fillers_per_min = fillers;
    m.wpm_over_time = paces
        .iter()
        .enumerate()
        .map(|(i, &wpm)| PaceWindow {
            start: 10.0 * i as f64,
            end: 10.0 * (i + 1) as f64,
            wpm,
        })
        .collect();
    m.pitch = sd.map(|sd_semitones| PitchMetrics {
        median_hz: 180.0,
        sd_semitones,
        windows: Vec::new(),
        monotone: Vec::new(),
        contour: Vec::new(),
    });
    m
}

const SCRIPT: &str = "I did not pass Step 1 the first time. I had taken on too many shifts at the \
    pharmacy and I studied alone without a plan. I met my dean, cut my hours, and built a daily \
    schedule of question blocks with a study partner. I passed on my second attempt and scored \
    248 on Step 2, and I keep that schedule today.";

const REWORDED: &str = "My first Step 1 attempt was not a pass. Back then the pharmacy took most \
    of my evenings, and my studying had no structure at all. After a talk with the dean I worked \
    fewer hours and did practice questions every morning alongside a classmate. The second try \
    went through, Step 2 came back at 248, and that routine is still how I work.";

const OTHER: &str = "I chose internal medicine because I like following patients over time and \
    working through difficult diagnoses with a team.";

struct Fixture {
    uid: &'static str,
    question: &'static str,
    day: u64,
    text: &'static str,
    m: SpeechMetrics,
    mock: bool,
}

fn fx(
    uid: &'static str,
    question: &'static str,
    day: u64,
    text: &'static str,
    m: SpeechMetrics,
) -> Fixture {
    Fixture {
        uid,
        question,
        day,
        text,
        m,
        mock: false,
    }
}

fn view(f: &Fixture) -> AttemptView<'_> {
    AttemptView {
        uid: f.uid,
        id: f.uid,
        question_id: f.question,
        created_unix: 1_700_000_000 + f.day * 86_400,
        text: f.text,
        words: &[],
        metrics: &f.m,
        score: None,
        mock: f.mock,
    }
}

/// Runs the comparison of the last fixture against the others.
fn run(fixtures: &[Fixture]) -> Comparison {
    let views: Vec<AttemptView<'_>> = fixtures.iter().map(view).collect();
    let (cur, others) = views.split_last().unwrap();
    compare(cur, others, None, &RecitalSettings::default())
}

fn lively() -> SpeechMetrics {
    metrics(Some(3.0), &[110.0, 150.0, 125.0, 95.0], 4.0)
}

/// Two unrehearsed answers at other questions and a first attempt at the USMLE question.
fn history() -> Vec<Fixture> {
    vec![
        fx(
            "a",
            "why-im",
            1,
            OTHER,
            metrics(Some(2.8), &[120.0, 150.0, 100.0], 5.0),
        ),
        fx(
            "b",
            "weakness",
            2,
            OTHER,
            metrics(Some(3.4), &[100.0, 140.0, 120.0], 3.0),
        ),
        fx("c", "usmle", 3, SCRIPT, lively()),
    ]
}

#[test]
fn the_same_words_in_a_flat_voice_sound_recited() {
    let mut f = history();
    f.push(fx(
        "d",
        "usmle",
        5,
        SCRIPT,
        metrics(Some(1.5), &[120.0, 125.0, 120.0, 118.0], 0.5),
    ));
    let c = run(&f);
    assert!(c.recital.sounds_recited, "{}", c.recital.message);
    let r = c.repeated.as_ref().unwrap();
    assert_eq!(r.uid, "c");
    assert!(r.share > 0.95, "{}", r.share);
    assert_eq!(
        c.baseline.answers, 3,
        "a, b and the first attempt c are unrehearsed"
    );
    assert!(
        c.recital
            .message
            .starts_with("100% of this answer repeats your"),
        "{}",
        c.recital.message
    );
    assert!(
        c.recital.message.contains("pitch varied 50% less"),
        "{}",
        c.recital.message
    );
    assert!(
        c.recital.message.contains("more even"),
        "{}",
        c.recital.message
    );
    assert!(
        c.recital
            .message
            .ends_with("Keep the structure, change the words.")
    );
    assert!(!c.unrehearsed);
}

#[test]
fn the_same_words_in_a_lively_voice_are_practised_not_recited() {
    let mut f = history();
    f.push(fx("d", "usmle", 5, SCRIPT, lively()));
    let c = run(&f);
    assert!(!c.recital.sounds_recited);
    assert!(c.repeated.as_ref().unwrap().share > 0.95);
    assert!(
        c.recital.message.contains("practised, not recited"),
        "{}",
        c.recital.message
    );
}

#[test]
fn other_words_in_a_flat_voice_are_not_recited() {
    let mut f = history();
    f.push(fx(
        "d",
        "usmle",
        5,
        REWORDED,
        metrics(Some(1.5), &[120.0, 121.0, 120.0], 0.5),
    ));
    let c = run(&f);
    assert!(!c.recital.sounds_recited, "{}", c.recital.message);
    assert!(
        c.recital.message.starts_with("Only "),
        "{}",
        c.recital.message
    );
}

#[test]
fn a_first_attempt_is_never_called_recited() {
    let mut f = history();
    f.truncate(2);
    f.push(fx(
        "c",
        "usmle",
        3,
        SCRIPT,
        metrics(Some(1.0), &[120.0, 120.0, 120.0], 0.0),
    ));
    let c = run(&f);
    assert!(!c.recital.sounds_recited);
    assert_eq!(c.earlier_attempts, 0);
    assert!(c.unrehearsed);
    assert!(c.progress.is_none());
    assert!(c.recital.message.contains("first attempt"));
}

#[test]
fn without_a_baseline_repeated_words_are_not_called_recited() {
    let f = vec![
        fx("c", "usmle", 3, SCRIPT, lively()),
        fx(
            "d",
            "usmle",
            5,
            SCRIPT,
            metrics(Some(1.0), &[120.0, 120.0, 120.0], 0.0),
        ),
    ];
    let c = run(&f);
    assert_eq!(c.baseline.answers, 1);
    assert!(!c.recital.sounds_recited);
    assert!(
        c.recital.message.contains("answer 1 more question"),
        "{}",
        c.recital.message
    );
}

#[test]
fn mock_answers_join_the_baseline_and_repeats_of_a_question_do_not() {
    let mut f = history();
    // A second attempt at another question is rehearsed; a mock answer is not.
    f.insert(
        2,
        fx(
            "a2",
            "why-im",
            2,
            OTHER,
            metrics(Some(9.0), &[10.0, 300.0, 10.0], 30.0),
        ),
    );
    let mut mock = fx(
        "m",
        "why-im",
        2,
        OTHER,
        metrics(Some(2.0), &[120.0, 150.0, 100.0], 5.0),
    );
    mock.mock = true;
    f.insert(3, mock);
    f.push(fx("d", "usmle", 5, SCRIPT, lively()));
    let c = run(&f);
    assert_eq!(c.baseline.answers, 4, "a, b, the mock answer and c");
    assert_eq!(c.baseline.pitch_sd_semitones, Some(2.9));
}

/// The history, then the question answered in other words (c2) and with the first script (d).
fn three_attempts() -> Vec<Fixture> {
    let mut f = history();
    f.push(fx(
        "c2",
        "usmle",
        4,
        REWORDED,
        metrics(Some(2.5), &[120.0, 140.0, 110.0], 6.0),
    ));
    f.push(fx(
        "d",
        "usmle",
        5,
        SCRIPT,
        metrics(Some(3.1), &[120.0, 140.0, 110.0, 100.0], 2.0),
    ));
    f
}

#[test]
fn the_most_repeated_earlier_attempt_is_named_and_progress_compares_with_the_last() {
    let f = three_attempts();
    let c = run(&f);
    assert_eq!(c.earlier_attempts, 2);
    assert_eq!(c.repeated.as_ref().unwrap().uid, "c");
    let p = c.progress.as_ref().unwrap();
    assert_eq!(p.previous_uid, "c2");
    let fillers = p
        .changes
        .iter()
        .find(|ch| ch.key == "fillers_per_min")
        .unwrap();
    assert_eq!((fillers.before, fillers.now), (6.0, 2.0));
    assert_eq!(fillers.improved(), Some(true));
    let repeated = p
        .changes
        .iter()
        .find(|ch| ch.key == "repeated_share")
        .unwrap();
    assert!(repeated.before < 0.3 && repeated.now > 0.95, "{repeated:?}");
    assert_eq!(repeated.improved(), Some(false));
    assert!(p.summary.contains("10 s longer"), "{}", p.summary);
    assert!(p.summary.contains("fillers -4.0/min"), "{}", p.summary);
    assert!(
        p.summary.contains("pitch variation +0.6 st"),
        "{}",
        p.summary
    );
    assert!(p.summary.contains("100% word for word"), "{}", p.summary);
}

#[test]
fn notes_are_checked_when_given() {
    let f = history();
    let views: Vec<AttemptView<'_>> = f.iter().map(view).collect();
    let (cur, others) = views.split_last().unwrap();
    let c = compare(
        cur,
        others,
        Some(
            "- failed Step 1, too many pharmacy shifts\n- daily question blocks with a partner\n- residency research plans",
        ),
        &RecitalSettings::default(),
    );
    let n = c.notes.unwrap();
    assert_eq!(n.points.len(), 3);
    assert_eq!(n.covered(), 2, "{:?}", n.points);
}

#[test]
fn progress_of_all_matches_the_comparison_of_each_attempt() {
    let f = three_attempts();
    let views: Vec<AttemptView<'_>> = f.iter().map(view).collect();
    let all = progress_of_all(&views, &RecitalSettings::default());
    assert_eq!(
        all.iter().filter(|p| p.is_some()).count(),
        2,
        "c2 and d have a previous attempt"
    );
    for (i, v) in views.iter().enumerate() {
        let single = compare(v, &views, None, &RecitalSettings::default()).progress;
        assert_eq!(all[i], single, "attempt {}", v.uid);
    }
}

#[test]
fn reviewing_an_earlier_attempt_does_not_count_a_later_repeat_as_unrehearsed() {
    let mut f = history();
    f.push(fx(
        "d",
        "usmle",
        5,
        SCRIPT,
        metrics(Some(9.0), &[10.0, 300.0, 10.0, 300.0], 30.0),
    ));
    let views: Vec<AttemptView<'_>> = f.iter().map(view).collect();
    // The first attempt at the question (c), reviewed after d was recorded.
    let c = compare(&views[2], &views, None, &RecitalSettings::default());
    assert!(c.unrehearsed);
    assert_eq!(c.earlier_attempts, 0);
    assert_eq!(c.baseline.answers, 2, "a and b; d repeats the question");
    let sd = c.baseline.pitch_sd_semitones.unwrap();
    assert!((sd - 3.1).abs() < 1e-9, "{sd}");
}
