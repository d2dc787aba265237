//! The meaning pass with a stand-in model: a bag of hashed words, so a clause that repeats an
//! example's words is "close" to it. Enough to test what is read, what is left to the rules,
//! and how the evidence says so, without the real model (the integration tests use that).

use std::sync::Arc;

use super::super::question::{Question, Rubric};
use super::super::test_support::cited;
use super::super::{Settings, score_answer_with};
use super::*;
use crate::analysis::transcript::Transcript;

/// Words hashed into buckets, normalised: texts sharing words are similar.
struct BagOfWords;

impl Embed for BagOfWords {
    fn name(&self) -> &str {
        "bag-of-words"
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Ok(texts
            .iter()
            .map(|t| {
                let mut v = vec![0.0f32; 384];
                for w in t.to_lowercase().split(|c: char| !c.is_alphanumeric()) {
                    if w.is_empty() {
                        continue;
                    }
                    let h = w
                        .bytes()
                        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
                    v[h as usize % 384] += 1.0;
                }
                let n = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
                v.iter().map(|x| x / n).collect()
            })
            .collect())
    }
}

/// An embedder that always fails, like a model whose weights went bad after loading.
struct Broken;

impl Embed for Broken {
    fn name(&self) -> &str {
        "broken"
    }

    fn embed(&self, _: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        Err(EmbedError("no".into()))
    }
}

/// One stand-in model for all tests: fitting the classifier unoptimised takes seconds.
fn shared() -> Arc<Meaning> {
    static M: std::sync::OnceLock<Arc<Meaning>> = std::sync::OnceLock::new();
    M.get_or_init(|| Arc::new(Meaning::new(Arc::new(BagOfWords)).unwrap()))
        .clone()
}

fn settings() -> Settings {
    Settings {
        meaning: MeaningHandle(Some(shared())),
        ..Settings::default()
    }
}

fn score(answer: &str, settings: &Settings) -> crate::coaching::ScoreReport {
    let q = Question::for_rubric(Rubric::OwnIt, "Tell me about a time you failed.");
    score_answer_with(&q, &Transcript::from_text(answer), None, settings)
}

#[test]
fn a_clause_like_a_change_example_counts_as_growth_and_says_how_it_was_read() {
    let answer = "I failed the pharmacology exam. I shadowed an experienced nurse for a month.";
    let rules = score(answer, &Settings::default());
    let both = score(answer, &settings());
    assert!(
        both.dimensions.growth.score > rules.dimensions.growth.score,
        "{:?}",
        cited(&both.dimensions.growth)
    );
    let e = both
        .dimensions
        .growth
        .evidence
        .iter()
        .find(|e| e.note.contains("recognised by meaning"))
        .unwrap();
    assert!(e.text.contains("shadowed an experienced nurse"));
    assert!(e.note.contains("reads like"));
}

#[test]
fn negated_clauses_are_left_to_the_rules() {
    let answer =
        "I failed the pharmacology exam. I never shadowed an experienced nurse for a month.";
    let r = score(answer, &settings());
    assert!(
        r.dimensions
            .growth
            .evidence
            .iter()
            .all(|e| !e.note.contains("recognised by meaning")),
        "{:?}",
        cited(&r.dimensions.growth)
    );
}

#[test]
fn a_failing_model_leaves_the_rules_score_unchanged() {
    assert!(Meaning::new(Arc::new(Broken)).is_err());
    let vectors = BagOfWords.embed(&Meaning::example_texts()).unwrap();
    let meaning = Meaning::with_vectors(Arc::new(Broken), vectors, &|_, _, _| {
        linear::Linear::from_parts(Vec::new(), Vec::new())
    })
    .unwrap();
    let broken = Settings {
        meaning: MeaningHandle(Some(Arc::new(meaning))),
        ..Settings::default()
    };
    let answer = "I failed the pharmacology exam. I shadowed an experienced nurse for a month.";
    assert_eq!(score(answer, &broken), score(answer, &Settings::default()));
}

#[test]
fn vectors_for_the_wrong_table_are_refused() {
    let fit =
        |_: &[&[f32]], _: &[usize], _: usize| linear::Linear::from_parts(Vec::new(), Vec::new());
    assert!(Meaning::with_vectors(Arc::new(BagOfWords), vec![vec![1.0; 384]], &fit).is_err());
}

#[test]
fn every_role_and_every_rubric_has_examples() {
    for role in Role::ALL {
        let n = examples::ROLE_EXAMPLES
            .iter()
            .filter(|(r, _)| *r == role)
            .count();
        assert!(n >= 10, "{role:?} has {n} examples");
    }
    for rubric in Rubric::ALL {
        assert!(
            examples::ROUTE_EXAMPLES.iter().any(|(r, _)| *r == rubric),
            "{rubric}"
        );
    }
}

#[test]
fn handles_compare_by_the_model_they_hold() {
    let a = settings().meaning;
    assert_eq!(a, settings().meaning);
    let b = MeaningHandle(Some(Arc::new(
        Meaning::with_vectors(
            Arc::new(Broken),
            BagOfWords.embed(&Meaning::example_texts()).unwrap(),
            &|_, _, _| linear::Linear::from_parts(Vec::new(), Vec::new()),
        )
        .unwrap(),
    )));
    assert_ne!(a, b);
    assert_eq!(MeaningHandle::default(), MeaningHandle(None));
}

/// The stand-in model, counting the texts it is asked to embed.
#[derive(Default)]
struct Counting(std::sync::atomic::AtomicUsize);

impl Counting {
    fn texts(&self) -> usize {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Embed for Counting {
    fn name(&self) -> &str {
        "counting"
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.0
            .fetch_add(texts.len(), std::sync::atomic::Ordering::Relaxed);
        BagOfWords.embed(texts)
    }
}

/// A [`Meaning`] over the counting model, with the stand-in classifier fitted (slow in an
/// unoptimised build, so once).
fn counting() -> (Arc<Counting>, Meaning) {
    static FIT: std::sync::OnceLock<linear::Linear> = std::sync::OnceLock::new();
    let fitted = FIT.get_or_init(|| shared().classifier.clone());
    let model = Arc::new(Counting::default());
    let vectors = BagOfWords.embed(&Meaning::example_texts()).unwrap();
    let meaning = Meaning::with_vectors(model.clone(), vectors, &|_, _, _| fitted.clone()).unwrap();
    (model, meaning)
}

#[test]
fn an_answer_scored_again_embeds_only_clauses_it_has_not_seen() {
    let (model, meaning) = counting();
    let settings = Settings {
        meaning: MeaningHandle(Some(Arc::new(meaning))),
        ..Settings::default()
    };
    let answer = "I failed the pharmacology exam in my second year. I shadowed an experienced \
                  nurse for a month on the ward. I asked her to quiz me after every shift.";
    let first = score(answer, &settings);
    let embedded = model.texts();
    assert!(embedded > 0, "the answer gave meaning no clause to read");
    // The same answer again: the same report, and nothing embedded.
    assert_eq!(score(answer, &settings), first);
    assert_eq!(model.texts(), embedded);
    // A transcript that grew by a sentence: only its new clause is embedded.
    let longer = format!("{answer} I worked through dosage tables with two classmates.");
    let _ = score(&longer, &settings);
    assert_eq!(model.texts(), embedded + 1);
}

#[test]
fn a_call_with_more_texts_than_the_cache_holds_gets_every_vector() {
    let (model, meaning) = counting();
    let texts: Vec<String> = (0..RECENT_CLAUSES + 20)
        .map(|i| format!("clause number {i} about week {}", i % 7))
        .collect();
    let mut texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    // A repeated text is embedded once.
    texts.push(texts[0]);
    let vectors = meaning.embed_through(&meaning.recent, &texts).unwrap();
    assert_eq!(vectors, BagOfWords.embed(&texts).unwrap());
    assert_eq!(model.texts(), RECENT_CLAUSES + 20);
    assert_eq!(meaning.recent.lock().unwrap().len(), RECENT_CLAUSES);
}
