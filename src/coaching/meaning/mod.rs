//! Meaning: recognising what a clause *does* (owns the problem, gives context, blames, plays it
//! down, names a change, shows the change worked, looks forward) and what a free-text question
//! *asks*, by similarity to labelled examples, where the phrase rules have no rule for the
//! wording.
//!
//! Pure: this module never loads a model. Whoever owns one (`crate::meaning` wraps a local
//! sentence-embedding model) hands in an [`Embed`]; [`Meaning::new`] embeds the example table
//! ([`examples`]) once, and the scorer then asks [`Meaning::roles`] about each clause. Rules
//! stay in charge of what they do well (negation, quotes, numbers, explicit evidence phrases):
//! a clause is read by meaning only when no rule read it, never when it is quoted, and when it
//! is negated only if the example it reads like is negated too (see `cues::meaning_pass`).

pub mod examples;
pub mod linear;

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use lru::LruCache;

use super::question::Rubric;
use examples::{ROLE_EXAMPLES, ROUTE_EXAMPLES};
use linear::{Fit, Linear};

/// What a clause does in an own-it answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// First-person responsibility for the problem ("I left the work until the night before").
    Owning,
    /// A brief factual cause ("I was working nights to pay rent that term").
    Context,
    /// The cause put on someone or something else ("the lectures never covered it").
    Blame,
    /// The problem played down ("it was only one quiz").
    Minimising,
    /// A specific change made ("I started going to office hours every week").
    Change,
    /// Proof the change worked ("I finished the course with an A minus").
    EvidenceOfChange,
    /// Looking ahead to the new role ("that habit is what I'll bring to your team").
    Forward,
    /// None of the above: story, setting, filler. Examples of it keep ordinary narration from
    /// being pulled towards the nearest role.
    Neutral,
}

impl Role {
    /// The roles in the order the example table uses.
    pub const ALL: [Role; 8] = [
        Role::Owning,
        Role::Context,
        Role::Blame,
        Role::Minimising,
        Role::Change,
        Role::EvidenceOfChange,
        Role::Forward,
        Role::Neutral,
    ];
}

/// Why a text could not be embedded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the meaning model failed: {0}")]
pub struct EmbedError(pub String);

/// A sentence-embedding model: texts in, one unit-length vector per text out.
pub trait Embed: Send + Sync {
    /// The model's name, for reports ("all-minilm-l6-v2").
    fn name(&self) -> &str;
    /// One L2-normalised vector per text, all of the same length.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;
}

/// A labelled example with its vector.
struct Example<L> {
    label: L,
    text: &'static str,
    vector: Vec<f32>,
}

/// The closest role to a clause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleMatch {
    /// The role.
    pub role: Role,
    /// The classifier's probability for it, among the roles that competed.
    pub confidence: f32,
    /// How far its probability is ahead of the next role's (neutral included).
    pub margin: f32,
    /// Cosine similarity to the role's closest example.
    pub similarity: f32,
    /// The single closest example of the role, cited in the evidence.
    pub example: &'static str,
}

/// One role's score for a clause.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleScore {
    /// The role.
    pub role: Role,
    /// The classifier's probability for the role.
    pub probability: f32,
    /// Cosine similarity to the role's closest example.
    pub similarity: f32,
    /// The role's single closest example.
    pub example: &'static str,
}

/// The best of the roles `allowed` accepts (from a ranking, best first), its probability among
/// the accepted roles and its lead over the next. Roles a position rules out do not compete.
pub fn best_of(ranked: &[RoleScore], allowed: impl Fn(Role) -> bool) -> RoleMatch {
    let kept: Vec<&RoleScore> = ranked.iter().filter(|r| allowed(r.role)).collect();
    let total: f32 = kept
        .iter()
        .map(|r| r.probability)
        .sum::<f32>()
        .max(f32::MIN_POSITIVE);
    match kept.as_slice() {
        [] => RoleMatch {
            role: Role::Neutral,
            confidence: 0.0,
            margin: 0.0,
            similarity: 0.0,
            example: "",
        },
        [a, rest @ ..] => RoleMatch {
            role: a.role,
            confidence: a.probability / total,
            margin: (a.probability - rest.first().map_or(0.0, |b| b.probability)) / total,
            similarity: a.similarity,
            example: a.example,
        },
    }
}

/// The index of a role in [`Role::ALL`].
fn role_index(role: Role) -> usize {
    Role::ALL.iter().position(|r| *r == role).unwrap_or(0)
}

/// The closest rubric to a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RouteMatch {
    /// The rubric.
    pub rubric: Rubric,
    /// Mean cosine similarity to its closest example questions.
    pub similarity: f32,
    /// How far ahead of the next rubric.
    pub margin: f32,
}

/// How many of a label's closest examples are averaged: one example can be close by accident
/// (a shared word), three close ones mean the clause really reads like that role.
const TOP_K: usize = 3;

/// Clause vectors kept for answers scored again: about thirty answers' worth (a two-minute
/// answer leaves about a dozen clauses to meaning), some 600 KB.
pub const RECENT_CLAUSES: usize = 384;

/// Vectors by text.
type Vectors = Mutex<LruCache<String, Vec<f32>>>;

/// The embedding model plus the example table, embedded once.
pub struct Meaning {
    embed: Arc<dyn Embed>,
    roles: Vec<Example<Role>>,
    routes: Vec<Example<Rubric>>,
    /// The role classifier fitted to the role examples.
    classifier: Linear,
    /// Vectors of texts asked for again and again (the bank's questions), by text.
    cache: Vectors,
    /// Vectors of the clauses read most recently, by text: scoring an answer again ("Analyse
    /// again", a transcript that grew by a sentence) embeds only the clauses it has not seen.
    recent: Vectors,
}

impl fmt::Debug for Meaning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Meaning")
            .field("model", &self.embed.name())
            .field("role_examples", &self.roles.len())
            .field("route_examples", &self.routes.len())
            .finish()
    }
}

impl Meaning {
    /// Embeds the example table with `embed`.
    pub fn new(embed: Arc<dyn Embed>) -> Result<Self, EmbedError> {
        Self::new_with(embed, &Linear::fit)
    }

    /// Like [`Meaning::new`], fitting the role classifier with `fit`.
    pub fn new_with(embed: Arc<dyn Embed>, fit: Fit) -> Result<Self, EmbedError> {
        let texts = Self::example_texts();
        let vectors = embed.embed(&texts)?;
        Self::with_vectors(embed, vectors, fit)
    }

    /// Every example sentence, roles first then questions: the order [`Meaning::with_vectors`]
    /// expects, so a caller can cache the vectors.
    pub fn example_texts() -> Vec<&'static str> {
        ROLE_EXAMPLES
            .iter()
            .map(|(_, t)| *t)
            .chain(ROUTE_EXAMPLES.iter().map(|(_, t)| *t))
            .collect()
    }

    /// Builds from vectors already computed for [`Meaning::example_texts`] (in that order).
    pub fn with_vectors(
        embed: Arc<dyn Embed>,
        vectors: Vec<Vec<f32>>,
        fit: Fit,
    ) -> Result<Self, EmbedError> {
        let expected = ROLE_EXAMPLES.len() + ROUTE_EXAMPLES.len();
        if vectors.len() != expected {
            return Err(EmbedError(format!(
                "{} example vectors for {expected} examples",
                vectors.len()
            )));
        }
        let mut vectors = vectors.into_iter();
        let roles = ROLE_EXAMPLES
            .iter()
            .zip(vectors.by_ref())
            .map(|(&(label, text), vector)| Example {
                label,
                text,
                vector,
            })
            .collect();
        let routes = ROUTE_EXAMPLES
            .iter()
            .zip(vectors)
            .map(|(&(label, text), vector)| Example {
                label,
                text,
                vector,
            })
            .collect();
        let roles: Vec<Example<Role>> = roles;
        let xs: Vec<&[f32]> = roles.iter().map(|e| e.vector.as_slice()).collect();
        let ys: Vec<usize> = roles.iter().map(|e| role_index(e.label)).collect();
        let classifier = fit(&xs, &ys, Role::ALL.len());
        Ok(Self {
            embed,
            roles,
            routes,
            classifier,
            cache: Mutex::new(LruCache::unbounded()),
            recent: Mutex::new(LruCache::new(
                NonZeroUsize::new(RECENT_CLAUSES).unwrap_or(NonZeroUsize::MIN),
            )),
        })
    }

    /// The model's name.
    pub fn model_name(&self) -> &str {
        self.embed.name()
    }

    /// Embeds texts with the model.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.embed.embed(texts)
    }

    /// Embeds texts, remembering each text's vector: for texts that recur, such as the bank's
    /// questions when routing.
    pub fn embed_cached(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.embed_through(&self.cache, texts)
    }

    /// Embeds the texts `cache` does not hold (each once) and keeps their vectors there. The
    /// lock is not held while the model runs, and a poisoned cache (a panic elsewhere while it
    /// was held) is simply bypassed.
    fn embed_through(&self, cache: &Vectors, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut known: HashMap<&str, Vec<f32>> = HashMap::new();
        if let Ok(mut cache) = cache.lock() {
            for &t in texts {
                if let Some(v) = cache.get(t) {
                    known.insert(t, v.clone());
                }
            }
        }
        let mut missing: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !known.contains_key(t))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if !missing.is_empty() {
            let vectors = self.embed.embed(&missing)?;
            if let Ok(mut cache) = cache.lock() {
                for (t, v) in missing.iter().zip(&vectors) {
                    cache.put((*t).to_string(), v.clone());
                }
            }
            known.extend(missing.into_iter().zip(vectors));
        }
        // Read from this call's own vectors: a call with more texts than the cache holds must
        // not lose the ones it evicted.
        Ok(texts
            .iter()
            .map(|t| known.get(t).cloned().unwrap_or_default())
            .collect())
    }

    /// The closest role for each clause.
    pub fn roles(&self, clauses: &[&str]) -> Result<Vec<RoleMatch>, EmbedError> {
        Ok(self
            .role_scores(clauses)?
            .iter()
            .map(|ranked| best_of(ranked, |_| true))
            .collect())
    }

    /// Every role's score for each clause, best first.
    pub fn role_scores(&self, clauses: &[&str]) -> Result<Vec<Vec<RoleScore>>, EmbedError> {
        let vectors = self.embed_through(&self.recent, clauses)?;
        Ok(vectors
            .iter()
            .map(|v| {
                let p = self.classifier.probabilities(v);
                let mut scores: Vec<RoleScore> = Role::ALL
                    .iter()
                    .zip(p)
                    .map(|(&role, probability)| {
                        let (similarity, example) = self
                            .roles
                            .iter()
                            .filter(|e| e.label == role)
                            .map(|e| (cosine(&e.vector, v), e.text))
                            .max_by(|a, b| a.0.total_cmp(&b.0))
                            .unwrap_or((0.0, ""));
                        RoleScore {
                            role,
                            probability,
                            similarity,
                            example,
                        }
                    })
                    .collect();
                scores.sort_by(|a, b| b.probability.total_cmp(&a.probability));
                scores
            })
            .collect())
    }

    /// The closest rubric for a question.
    pub fn route(&self, question: &str) -> Result<RouteMatch, EmbedError> {
        let v = self.embed.embed(&[question])?;
        let v = v.first().map(Vec::as_slice).unwrap_or_default();
        let ranked = ranked(&self.routes, v, &Rubric::ALL);
        let (rubric, similarity) = ranked.first().map_or((Rubric::Star, 0.0), |r| (r.0, r.1));
        let next = ranked.get(1).map_or(0.0, |r| r.1);
        Ok(RouteMatch {
            rubric,
            similarity,
            margin: similarity - next,
        })
    }
}

/// Cosine similarity of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Each label with the mean similarity of its `TOP_K` closest examples to `v` and its closest
/// example, best first.
fn ranked<L: Copy + PartialEq>(
    examples: &[Example<L>],
    v: &[f32],
    labels: &[L],
) -> Vec<(L, f32, &'static str)> {
    let mut scored: Vec<(L, f32, &'static str)> = labels
        .iter()
        .filter_map(|&label| {
            let mut sims: Vec<(f32, &'static str)> = examples
                .iter()
                .filter(|e| e.label == label)
                .map(|e| (cosine(&e.vector, v), e.text))
                .collect();
            sims.sort_by(|a, b| b.0.total_cmp(&a.0));
            let best = sims.first()?.1;
            let k = sims.len().min(TOP_K);
            let mean = sims.iter().take(k).map(|s| s.0).sum::<f32>() / k as f32;
            Some((label, mean, best))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored
}

/// A shared handle to a loaded [`Meaning`], or none: what the scorer's settings carry. Two
/// handles are equal when they point at the same loaded model.
#[derive(Clone, Default)]
pub struct MeaningHandle(pub Option<Arc<Meaning>>);

impl MeaningHandle {
    /// The loaded meaning model, if any.
    pub fn get(&self) -> Option<&Meaning> {
        self.0.as_deref()
    }
}

impl fmt::Debug for MeaningHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(m) => write!(f, "MeaningHandle({})", m.model_name()),
            None => f.write_str("MeaningHandle(none)"),
        }
    }
}

impl PartialEq for MeaningHandle {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests;
