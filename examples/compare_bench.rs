//! What comparing attempts costs: one two-minute answer compared with 50 earlier attempts at
//! the same question (and 50 answers to other questions for the baseline), and History's
//! progress column for all 101 attempts.
//!
//! Usage: `cargo run --release --example compare_bench [-- RUNS]`. Pure computation: no model,
//! no files.

use std::time::Instant;

use interview_coach::analysis::{MetricSettings, Transcript, compute_metrics};
use interview_coach::compare::{AttemptView, RecitalSettings, compare, progress_of_all};

/// Sentences an applicant might say about a failed exam; attempts are drawn from them, so
/// earlier attempts share some sentences word for word and not others.
const SENTENCES: &[&str] = &[
    "I failed Step 1 on my first attempt and I take responsibility for that result.",
    "That year I was working night shifts at a pharmacy to support my parents.",
    "I studied alone from textbooks and never tested myself under timed conditions.",
    "When the result came I met my dean and we went through my whole week together.",
    "I cut my shifts to two a week and borrowed from my family for one term.",
    "I built a daily plan around timed blocks of forty questions with a study partner.",
    "Every wrong answer went into a notebook with the reason I got it wrong.",
    "I passed on my second attempt and scored two hundred and forty eight on Step 2.",
    "On my medicine rotation my attending said my presentations were the clearest on the team.",
    "I still plan my week around the hardest material first, before anything else.",
    "I know to ask for help early now instead of hoping things will sort themselves out.",
    "That is the habit I will bring to the in-training exams during residency.",
    "Looking back, the failure taught me how I learn best and how to protect my study time.",
    "My first try at the exam ended in a fail, and nobody else is to blame for it.",
    "Back then the pharmacy took most of my evenings and my studying had no structure.",
    "After a talk with the dean I worked fewer hours and did practice questions every morning.",
    "The retake went through and the next exam came back well above the national mean.",
    "These days the difficult topics always go first in my weekly schedule.",
];

/// A deterministic pseudo-random sequence (a linear congruential generator), so every run
/// compares the same texts.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// An answer of about 300 words (two minutes at a conversational pace).
fn answer(rng: &mut Lcg) -> String {
    let mut out = String::new();
    while out.split_whitespace().count() < 300 {
        out.push_str(SENTENCES[rng.next(SENTENCES.len())]);
        out.push(' ');
    }
    out
}

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let mut rng = Lcg(7);
    let texts: Vec<String> = (0..101).map(|_| answer(&mut rng)).collect();
    let metrics = compute_metrics(
        &Transcript::default(),
        120.0,
        None,
        &MetricSettings::default(),
    );
    let uids: Vec<String> = (0..texts.len())
        .map(|i| format!("attempt-{i:03}"))
        .collect();
    let views: Vec<AttemptView<'_>> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| AttemptView {
            uid: &uids[i],
            id: &uids[i],
            // 50 earlier attempts at the question, 50 at other questions, then the current one.
            question_id: if i < 50 || i == 100 { "usmle" } else { "other" },
            created_unix: 1_790_000_000 + i as u64 * 3_600,
            text: t,
            words: &[],
            metrics: &metrics,
            score: None,
            mock: false,
        })
        .collect();
    let settings = RecitalSettings::default();
    let Some((current, others)) = views.split_last() else {
        return;
    };
    let mut one = Vec::new();
    let mut all = Vec::new();
    let mut result = None;
    for _ in 0..runs {
        let t = Instant::now();
        result = Some(compare(current, others, None, &settings));
        one.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let p = progress_of_all(&views, &settings);
        all.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(p.len(), views.len());
    }
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    if let Some(c) = result {
        println!(
            "compared with {} earlier attempts (repeats {:.0}% of the closest), baseline of {} answers",
            c.earlier_attempts,
            c.repeated.map_or(0.0, |r| r.share * 100.0),
            c.baseline.answers
        );
    }
    println!(
        "{} attempts, {} words in all ({} runs)",
        views.len(),
        words,
        runs
    );
    println!(
        "one attempt against 50 earlier + 50 others: median {:.2} ms",
        median_ms(one)
    );
    println!(
        "History's progress column for all {} attempts: median {:.2} ms",
        views.len(),
        median_ms(all)
    );
}
