//! What meaning-based scoring costs: model load time, the example table's embedding time,
//! memory added, and the time to score a two-minute answer with and without the model (in wall
//! time and in CPU time over all threads), and again once its clause vectors are remembered.
//!
//! Usage: `cargo run --release --example meaning_bench [-- RUNS]` (the meaning model must be
//! installed: `interview-coach models install all-minilm-l6-v2`). The model runs on one thread
//! of its own whatever the machine has.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use interview_coach::analysis::transcript::Transcript;
use interview_coach::coaching::meaning::{Embed, EmbedError, Meaning, MeaningHandle};
use interview_coach::coaching::question::{Question, Rubric};
use interview_coach::coaching::{Settings, score_answer_with};
use interview_coach::meaning::{MiniLm, default_entry, fit_fast, load_from, locate};

/// A rambling answer of about 300 words: two minutes at a conversational pace.
const TWO_MINUTES: &str = "So the one I think about is my second year, when I failed the \
renal block exam. I had a part time job in a care home that term, I was doing about twenty \
hours a week, and I tried to learn the whole block in the last four days by reading the \
lecture slides again and again. I never did practice questions and I never went to the \
problem sessions, so when the exam came I recognised the topics but could not apply them. \
It was my decision to keep all those hours and it was the wrong one. After the result I met \
my academic advisor and we looked at the whole week together. I cut my hours to eight, which \
meant borrowing from my family for a term, and I put study blocks into my calendar first, \
before anything else. I started going to the problem sessions every Wednesday, and I worked \
through question sets with two classmates on Saturday mornings, explaining the answers to \
each other out loud. I also kept a notebook of every question I got wrong and why. I retook \
the renal exam in the summer and scored 78, and in third year I got honours in internal \
medicine, where a lot of the renal material came back on the wards. My resident wrote that my \
presentations of fluid and electrolyte problems were the clearest on the team. The habit of \
planning my week around the hard things first, and of testing myself instead of rereading, \
has stayed with me, and it is exactly how I plan to prepare for the in-training exams during \
residency. I know residency is a heavier load than that term ever was, and I feel ready for \
it, because I know what works for me now and I know to ask for help early instead of hoping \
things will sort themselves out. That is what I took from it, and I think it made me a better \
student and a better colleague.";

/// The model, counting the texts it embeds.
struct Counting {
    inner: MiniLm,
    texts: AtomicUsize,
}

impl Embed for Counting {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.texts.fetch_add(texts.len(), Ordering::Relaxed);
        self.inner.embed(texts)
    }
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time used so far by all of this process's threads, in milliseconds (the scheduler's
/// nanosecond count per thread): unlike the wall clock, it does not grow when other work on
/// the machine takes the cores.
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum::<f64>()
        / 1e6
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let entry = default_entry()?;
    let dir = locate(&entry).with_context(|| {
        format!(
            "{} is not installed: interview-coach models install {}",
            entry.name, entry.name
        )
    })?;
    let question = Question::for_rubric(Rubric::OwnIt, "Tell me about a time you failed.");
    let transcript = Transcript::from_text(TWO_MINUTES);
    // Warm the rule engine (its lexicon compiles on first use) so both timings are steady.
    let rules_only = Settings::default();
    let _ = score_answer_with(&question, &transcript, None, &rules_only);

    // What the app does, measured first so the memory figure is this load alone: weights,
    // tokenizer, the example vectors cached beside the model, the classifier fit.
    let rss0 = rss_mb();
    let t = Instant::now();
    let meaning = load_from(&dir, &entry.name)?;
    let cached_s = t.elapsed().as_secs_f64();
    let rss1 = rss_mb();

    // A first start, with no cache: the example table is embedded too.
    let t = Instant::now();
    let model = MiniLm::load(&dir, &entry.name)?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let counting = Arc::new(Counting {
        inner: model,
        texts: AtomicUsize::new(0),
    });
    let vectors = counting.embed(&Meaning::example_texts())?;
    let fresh = Meaning::with_vectors(counting.clone(), vectors.clone(), &fit_fast)?;
    let examples_s = t.elapsed().as_secs_f64();
    // How many clauses of the answer the model reads (the rest the rules read).
    counting.texts.store(0, Ordering::Relaxed);
    let fresh_settings = Settings {
        meaning: MeaningHandle(Some(Arc::new(fresh))),
        ..Settings::default()
    };
    let _ = score_answer_with(&question, &transcript, None, &fresh_settings);
    let clauses = counting.texts.load(Ordering::Relaxed);
    drop(fresh_settings);
    let with_meaning = Settings {
        meaning: MeaningHandle(Some(Arc::new(meaning))),
        ..Settings::default()
    };

    // Wall time of each run, and CPU time of each run over all threads (a thread that spins
    // waiting for work counts too). `settings` gives each run's settings, built before the
    // clock starts.
    let time = |settings: &dyn Fn() -> anyhow::Result<Settings>| {
        let (mut wall, mut cpu) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        for _ in 0..runs {
            let settings = settings()?;
            let (t, c) = (Instant::now(), cpu_ms());
            let _ = score_answer_with(&question, &transcript, None, &settings);
            wall.push(t.elapsed().as_secs_f64() * 1000.0);
            cpu.push(cpu_ms() - c);
        }
        anyhow::Ok((wall, cpu))
    };
    let (rules_ms, _) = time(&|| Ok(rules_only.clone()))?;
    // A new answer: a freshly built model handle each run, so no clause vector is remembered.
    let (meaning_ms, meaning_cpu_ms) = time(&|| {
        let meaning = Meaning::with_vectors(counting.clone(), vectors.clone(), &fit_fast)?;
        Ok(Settings {
            meaning: MeaningHandle(Some(Arc::new(meaning))),
            ..Settings::default()
        })
    })?;
    // The same answer scored again by the app's handle, which remembers its clauses.
    let (again_ms, _) = time(&|| Ok(with_meaning.clone()))?;
    let rss2 = rss_mb();
    let words = TWO_MINUTES.split_whitespace().count();
    println!("answer: {words} words (about two minutes spoken), {clauses} clauses read by meaning");
    println!(
        "model load (weights + tokenizer): {:.0} ms",
        load_s * 1000.0
    );
    println!(
        "examples embedded, classifier fit: {:.0} ms",
        examples_s * 1000.0
    );
    println!(
        "first load (no cache) total:      {:.0} ms",
        (load_s + examples_s) * 1000.0
    );
    println!(
        "load with cached example vectors: {:.0} ms (what the app and CLI pay)",
        cached_s * 1000.0
    );
    println!(
        "score, rules only:    median {:.2} ms, max {:.2} ms ({runs} runs)",
        median(rules_ms.clone()),
        rules_ms.iter().copied().fold(0.0, f64::max)
    );
    println!(
        "score, rules+meaning: median {:.2} ms, max {:.2} ms ({runs} runs)",
        median(meaning_ms.clone()),
        meaning_ms.iter().copied().fold(0.0, f64::max)
    );
    println!(
        "score, rules+meaning: median {:.2} ms of CPU time, all threads",
        median(meaning_cpu_ms)
    );
    println!(
        "score again (clause vectors remembered): median {:.2} ms",
        median(again_ms)
    );
    println!(
        "memory (RSS): {rss0:.0} MB before, {rss1:.0} MB after the app's load (+{:.0} MB); {rss2:.0} MB at the end, with a second copy loaded for the no-cache timing",
        rss1 - rss0
    );
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("load average (1, 5, 15 min): {}", load.join(", "));
    Ok(())
}
