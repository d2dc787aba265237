//! The meaning pass: clauses the rules left unread are compared with labelled examples, and a
//! clause that clearly reads like one role becomes a cue of the matching kind, marked as
//! recognised by meaning so the evidence can say so.
//!
//! Rules stay first. A clause is offered to meaning only when no rule has read it, and not when
//! it is quoted or reported speech (whose voice it is matters, and only the rules track that).
//! A negated clause counts only when the example it reads like is negated too, since sentence
//! vectors barely register "not".

use super::super::meaning::{Meaning, Role, RoleMatch, best_of};
use super::super::text::{Analysed, Tok};
use super::passes::is_neg;
use super::{ByMeaning, Hit, Kind};

/// Shortest clause, in tokens, worth reading by meaning: two words carry too little to place.
const MIN_TOKENS: usize = 4;

/// Weight from which a rule's cue counts as having read its clause.
const RULE_READS_CLAUSE: f32 = 0.5;

/// The classifier's probability a clause's role needs (among the roles its position allows).
pub(crate) const MIN_CONFIDENCE: f32 = 0.45;

/// Lead over the next role (neutral narration included) a clause needs, so a clause halfway
/// between two roles is left alone.
pub(crate) const MIN_MARGIN: f32 = 0.15;

/// Confidence from which a change or result read by meaning may mark the turn to growth by
/// itself.
pub(crate) const TURN_CONFIDENCE: f32 = 0.75;

/// Cosine similarity to the closest example of the role below which a clause is too far from
/// everything the examples cover to be read at all, whatever the classifier says.
pub(crate) const MIN_SIMILARITY: f32 = 0.25;

/// What a role becomes as a cue: kind, weight and the note shown with the evidence.
fn as_cue(role: Role) -> Option<(Kind, f32, &'static str)> {
    Some(match role {
        Role::Owning => (Kind::Ownership, 0.7, "owns what went wrong"),
        Role::Context => (Kind::Cause, 0.8, "names the cause"),
        Role::Blame => (
            Kind::Blame,
            0.7,
            "puts the cause on someone or something else",
        ),
        Role::Minimising => (Kind::Minimising, 0.7, "plays the problem down"),
        Role::Change => (Kind::Change, 0.8, "a specific change you made"),
        Role::EvidenceOfChange => (Kind::Evidence, 0.8, "shows the change worked"),
        Role::Forward => (Kind::Forward, 0.8, "looks ahead to the new role"),
        Role::Neutral => return None,
    })
}

/// Adds cues for the clauses meaning recognises. A model failure adds nothing: the rules'
/// reading stands on its own.
pub(crate) fn add_meaning_hits(
    analysed: &Analysed,
    text: &[char],
    meaning: &Meaning,
    hits: &mut Vec<Hit>,
) {
    let toks = &analysed.toks;
    let mut clauses: Vec<(usize, usize, usize, bool, String)> = Vec::new();
    for unit in 0..analysed.units {
        let Some((first, last)) = analysed.unit_range(unit) else {
            continue;
        };
        if last + 1 - first < MIN_TOKENS {
            continue;
        }
        // A clause a rule has read stays the rule's. Connective markers ("after that", "now
        // I") and supporting signals ("every week") say where the answer turns or how often,
        // not what the clause does, so they leave the clause open to meaning.
        let ruled = hits.iter().any(|h| {
            !h.kind.is_secondary()
                && ((h.weight >= RULE_READS_CLAUSE && !h.weak) || h.kind.is_negative())
                && h.first_token <= last
                && h.last_token >= first
        });
        let negated = toks[first..=last].iter().any(|t| is_neg(&t.w));
        let quoted = toks[first..=last].iter().any(|t| t.quoted);
        if ruled || quoted {
            continue;
        }
        let (start, end) = analysed.char_span(first, last);
        let clause: String = text.get(start..end).unwrap_or_default().iter().collect();
        clauses.push((unit, first, last, negated, clause));
    }
    if clauses.is_empty() {
        return;
    }
    let texts: Vec<&str> = clauses.iter().map(|c| c.4.as_str()).collect();
    let Ok(scores) = meaning.role_scores(&texts) else {
        return;
    };
    // Where the answer is matters as much as what a clause says: context and owning come
    // before the turn, changes and their proof after the problem was named. Both are read
    // from the rules' cues and from what meaning has accepted so far.
    let rule_problem = first_token_of(hits, is_problem_cue);
    let rule_growth = first_token_of(hits, is_growth_cue);
    // Where the rules hear the answer turn, even by a bare "after that": changes read by
    // meaning before it are more likely the old habits being described ("I reread my notes").
    let rule_turn_unit = hits
        .iter()
        .filter(|h| matches!(h.kind, Kind::Change | Kind::Evidence))
        .map(|h| h.unit)
        .min();
    let mut problem_seen_at = rule_problem;
    let mut growth_seen_at = rule_growth;
    let mut found = Vec::new();
    for ((unit, first, last, negated, _), ranked) in clauses.iter().zip(scores) {
        let problem_before = problem_seen_at.is_some_and(|t| t < *first)
            && rule_turn_unit.is_none_or(|u| *unit >= u);
        let growth_before = growth_seen_at.is_some_and(|t| t < *first);
        let m = best_of(&ranked, |role| match role {
            Role::Change | Role::EvidenceOfChange | Role::Forward => problem_before,
            Role::Owning | Role::Context => !growth_before,
            _ => true,
        });
        // Owning and changing are things the speaker does: "my study group fell apart" or
        // "there was construction next door" is circumstance, however it reads.
        if matches!(m.role, Role::Owning | Role::Change) && !speaker_acts(&toks[*first..=*last]) {
            continue;
        }
        // Sentence vectors barely register "not": "I didn't change how I studied" sits close
        // to "I changed how I study". A negated clause counts only when the example it reads
        // like is negated too ("I haven't made an error since", "I didn't ask for help").
        if *negated && !m.example.split_whitespace().any(is_negation_word) {
            continue;
        }
        if let Some(hit) = hit_for(*unit, *first, *last, &m) {
            match m.role {
                Role::Owning | Role::Blame | Role::Minimising | Role::Context => {
                    problem_seen_at.get_or_insert(*first);
                }
                Role::Change | Role::EvidenceOfChange => {
                    growth_seen_at.get_or_insert(*first);
                }
                _ => {}
            }
            found.push(hit);
        }
    }
    hits.extend(found);
    hits.sort_by_key(|h| (h.first_token, h.last_token));
}

/// A negation in an example's own words (the answer's tokens are checked with the lexicon's
/// negation set; examples are plain text).
fn is_negation_word(w: &str) -> bool {
    let w = w.to_lowercase();
    w.ends_with("n't")
        || matches!(
            w.as_str(),
            "not" | "no" | "never" | "nothing" | "none" | "nobody" | "without" | "cannot"
        )
}

/// Words that open a clause without saying who acts.
const CONNECTORS: &[&str] = &[
    "and",
    "then",
    "so",
    "also",
    "but",
    "after",
    "that",
    "this",
    "afterwards",
    "later",
    "plus",
];

/// Words that, opening a clause, make someone or something other than the speaker its subject.
const OTHER_SUBJECTS: &[&str] = &[
    "my",
    "the",
    "there",
    "it",
    "he",
    "she",
    "they",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "a",
    "an",
    "his",
    "her",
    "their",
    "you",
    "people",
    "nothing",
    "things",
];

/// True when the speaker is the clause's subject: "I"/"we" near its start, or a verb with the
/// subject left out ("and worked through past papers"), not another subject ("my group fell
/// apart", "there was construction").
fn speaker_acts(toks: &[Tok]) -> bool {
    let mut words = toks
        .iter()
        .map(|t| t.w.as_str())
        .skip_while(|w| CONNECTORS.contains(w))
        .peekable();
    let Some(&opening) = words.peek() else {
        return false;
    };
    if toks.iter().take(8).any(|t| t.w == "i" || t.w == "we") {
        return true;
    }
    !OTHER_SUBJECTS.contains(&opening)
}

/// The first token of the first hit that `pred` accepts.
fn first_token_of(hits: &[Hit], pred: impl Fn(&Hit) -> bool) -> Option<usize> {
    hits.iter().filter(|h| pred(h)).map(|h| h.first_token).min()
}

/// A cue that names the problem.
fn is_problem_cue(h: &Hit) -> bool {
    matches!(
        h.kind,
        Kind::Ownership
            | Kind::ProblemStatement
            | Kind::ScoreMention
            | Kind::Blame
            | Kind::Minimising
            | Kind::SelfPunishment
    )
}

/// A cue that turns to growth, strong enough to count on its own.
fn is_growth_cue(h: &Hit) -> bool {
    !h.weak && h.weight >= 0.6 && matches!(h.kind, Kind::Change | Kind::Evidence)
}

/// The cue for a clause whose closest role is clear enough.
fn hit_for(unit: usize, first: usize, last: usize, m: &RoleMatch) -> Option<Hit> {
    if m.confidence < MIN_CONFIDENCE || m.margin < MIN_MARGIN || m.similarity < MIN_SIMILARITY {
        return None;
    }
    let (kind, weight, note) = as_cue(m.role)?;
    Some(Hit {
        kind,
        weight,
        first_token: first,
        last_token: last,
        note,
        also_cause: false,
        hedged: false,
        unit,
        // Only a confident reading may mark where the answer turns to growth; a hesitant one
        // supports a turn the rules or a confident reading found, like "every week" does.
        weak: m.confidence < TURN_CONFIDENCE,
        external: false,
        admission: false,
        by_meaning: Some(ByMeaning {
            confidence: m.confidence,
            example: m.example,
        }),
    })
}
