//! Time to score a 2-minute (~300 word) transcript with word times, mean over many runs.
//!
//! Usage: `cargo run --release --example scorer_bench [RUNS]`

use std::hint::black_box;
use std::time::Instant;

use interview_coach::analysis::transcript::{Transcript, Word};
use interview_coach::bank::Bank;
use interview_coach::coaching::score_answer;

/// A realistic Whisper-style answer: fillers, number words, little punctuation.
const ANSWER: &str = "um so my step one score was a two oh five and honestly that's on me \
    i relied on rereading my notes and watching videos and i didn't do nearly enough timed \
    questions so on test day i ran out of time on several blocks uh and i also took on a \
    tutoring job during my dedicated period which in hindsight was the wrong call because it \
    cut my study hours in half so after that i met with our learning specialist and we built \
    a schedule around timed question blocks every morning i kept an error log and reviewed \
    every miss at night and i took a practice exam every two weeks so i'd know when i was \
    actually ready for step two i scored two hundred and forty one and my shelf exams were \
    all above the seventieth percentile my attendings on my medicine sub internship commented \
    on my thoroughness and my clinical reasoning and one of them wrote that i was functioning \
    like an intern by the end of the month so i really feel like i know how to prepare for \
    high stakes exams now and i plan to use the same system for the in training exam and for \
    my boards i also learned to ask for help early instead of waiting until i'm behind and \
    that's how i work on the wards now whether it's a difficult patient or a question i can't \
    answer i find the right person and ask and i think that habit will make me a safer and \
    more reliable resident going forward i'm excited about the ambulatory training here and i \
    know i'll bring that same discipline to your program from the first day of intern year \
    and i'm grateful for the chance to talk about it with you today";

fn main() {
    let runs: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let (bank, _) = Bank::bundled();
    let Some(question) = bank.get("usmle-explain") else {
        eprintln!("bundled question usmle-explain is missing");
        return;
    };
    // 300 words over 120 s with word times, as a transcript from audio would have.
    let words: Vec<Word> = ANSWER
        .split_whitespace()
        .take(300)
        .enumerate()
        .map(|(i, w)| Word::new(w, i as f64 * 0.4, i as f64 * 0.4 + 0.35))
        .collect();
    let n_words = words.len();
    let transcript = Transcript::from_words(words);

    // Warm up (builds the lexicon once).
    let report = score_answer(question, &transcript, Some(120.0));
    let mut times = Vec::with_capacity(runs as usize);
    let total = Instant::now();
    for _ in 0..runs {
        let t = Instant::now();
        black_box(score_answer(
            black_box(question),
            black_box(&transcript),
            Some(120.0),
        ));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mean = total.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p) as usize];
    println!("scored a {n_words}-word, 120 s transcript {runs} times");
    println!(
        "mean {mean:.3} ms   p50 {:.3} ms   p95 {:.3} ms   max {:.3} ms",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
    println!(
        "(overall {}, {} evidence items, {} spans)",
        report.overall,
        report
            .dimensions
            .iter()
            .iter()
            .map(|(_, d)| d.evidence.len())
            .sum::<usize>(),
        report.spans.len()
    );
}
