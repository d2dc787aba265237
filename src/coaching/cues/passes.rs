//! Checks that a rule's match holds in context (negation, modals, the subject, the
//! since-period) and the passes that run over all hits once the rules have matched: causal
//! clauses, secondary cues inside negative ones, and hedges.

use super::super::text::{Analysed, Tok};
use super::Kind::*;
use super::lexicon::word_set;
use super::pattern::{Pattern, SOFT};
use super::{Hit, Kind};

/// True for a negation word.
pub(super) fn is_neg(w: &str) -> bool {
    word_set("neg").unwrap_or_default().contains(&w)
}

/// True when a negation (or "instead of"/"rather than") sits in the few tokens before `a` in
/// the same sentence.
pub(super) fn negated_before(toks: &[Tok], a: usize, window: usize) -> bool {
    let sent = toks[a].sent;
    let lo = a.saturating_sub(window);
    (lo..a).rev().any(|k| {
        let t = &toks[k];
        t.sent == sent
            && (is_neg(&t.w)
                || (t.w == "of" && k > 0 && toks[k - 1].w == "instead")
                || (t.w == "than" && k > 0 && toks[k - 1].w == "rather"))
    })
}

/// True when a modal of regret or a counterfactual precedes `a` ("should have asked").
pub(super) fn modal_before(toks: &[Tok], a: usize) -> bool {
    let sent = toks[a].sent;
    let lo = a.saturating_sub(4);
    (lo..a).any(|k| {
        let t = &toks[k];
        t.sent == sent
            && (matches!(t.w.as_str(), "wish" | "if" | "instead" | "rather")
                || (matches!(
                    t.w.as_str(),
                    "should" | "could" | "would" | "might" | "must"
                ) && toks.get(k + 1).is_some_and(|n| n.w == "have")))
    })
}

/// True when an "I" earlier in the sentence is the likely subject of the verb at `a` ("I
/// applied to twelve programs and ignored my advisor"): no other subject stands between.
pub(super) fn first_person_subject(toks: &[Tok], a: usize) -> bool {
    let sent = toks[a].sent;
    let agents = word_set("agent").unwrap_or_default();
    for k in (a.saturating_sub(16)..a).rev() {
        let t = &toks[k];
        if t.sent != sent || t.quoted {
            return false;
        }
        if t.w == "i" {
            return true;
        }
        if agents.contains(&t.w.as_str())
            || matches!(t.w.as_str(), "we" | "you" | "it" | "who" | "which" | "that")
        {
            return false;
        }
    }
    false
}

/// True when the unit names a method or a helper (a tutor, a timed block, a checklist).
pub(super) fn unit_has_method(toks: &[Tok], unit: usize) -> bool {
    let methods = word_set("method").unwrap_or_default();
    toks.iter()
        .filter(|t| t.unit == unit)
        .any(|t| methods.contains(&t.w.as_str()))
}

/// First token of the since-period: the first time pivot at or after the first statement of
/// the problem. A time phrase before the problem ("This year I applied to too few programs")
/// sets the scene; it does not turn to growth.
pub(super) fn since_period_start(
    toks: &[Tok],
    hits: &[Hit],
    time_pivots: &[Pattern],
) -> Option<usize> {
    let problem = hits
        .iter()
        .filter(|h| {
            matches!(
                h.kind,
                Ownership | ProblemStatement | ScoreMention | Blame | Cause | VagueContext
            )
        })
        .map(|h| h.first_token)
        .min()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(4);
    (problem..toks.len()).find(|&k| {
        !toks[k].quoted
            && time_pivots.iter().any(|p| {
                out.clear();
                p.matches_at(toks, k, &mut out)
            })
    })
}

/// Conjunctions that attach a reason to a clause. "since" and "as" are also temporal ("since I
/// came back"), so they only give a reason when they follow an admission in the sentence.
const CAUSAL: &[&str] = &["because", "cause", "cuz", "cos", "since", "as"];

/// Words right after "I" that report a state or a feeling, not something the speaker did.
/// "because I was exhausted" is a reason, but a weaker one than "because I booked the exam
/// too early"; "was" followed by an -ing verb ("was working part time") is an action.
const STATE_VERBS: &[&str] = &[
    "was", "were", "am", "is", "felt", "feel", "got", "get", "became", "seemed", "guess", "think",
    "thought", "know", "knew",
];

/// Nouns after "my" that keep a causal clause about the speaker ("because my plan had no
/// practice exams", "because of my own poor planning"); any other noun is usually someone
/// else ("because my co-investigators didn't do their part") and gets no credit here.
const MY_OWN: &[&str] = &[
    "own",
    "plan",
    "planning",
    "plans",
    "schedule",
    "scheduling",
    "preparation",
    "prep",
    "study",
    "studying",
    "approach",
    "strategy",
    "method",
    "methods",
    "habit",
    "habits",
    "decision",
    "decisions",
    "choice",
    "choices",
    "time",
    "timing",
    "priorities",
    "focus",
    "application",
    "applications",
    "list",
    "essays",
    "statement",
    "interviews",
    "answers",
    "notes",
    "resources",
    "review",
    "materials",
    "pacing",
    "workload",
    "job",
    "hours",
    "commitments",
];

/// Present-tense motive verbs: "because I always want to give my patients my best" offers a
/// virtue as the cause (a humble-brag), not something that went wrong.
const MOTIVES: &[&str] = &[
    "want", "wants", "care", "cares", "love", "loves", "like", "likes", "value", "values", "enjoy",
    "enjoys", "strive", "believe",
];

/// Verbs after "as I" that make a comparison with expectations, not a reason ("as I expected").
const COMPARED: &[&str] = &[
    "hoped",
    "expected",
    "wanted",
    "planned",
    "intended",
    "needed",
    "thought",
    "imagined",
    "predicted",
    "should",
    "could",
    "would",
    "said",
    "mentioned",
    "noted",
    "explained",
];

/// Frequency adverbs skipped when looking for a clause's verb.
const ADVERBS: &[&str] = &[
    "always",
    "usually",
    "often",
    "sometimes",
    "generally",
    "constantly",
];

/// Verbs that make "since I ..." temporal ("since I came back I have ...").
const TEMPORAL_VERBS: &[&str] = &[
    "came",
    "come",
    "started",
    "began",
    "returned",
    "graduated",
    "switched",
    "changed",
    "moved",
    "joined",
    "learned",
    "learnt",
    "passed",
    "have",
    "has",
    "finished",
    "retook",
];

/// Words that end a causal clause: a turn or a new clause of a different kind.
const CLAUSE_END: &[&str] = &[
    "so",
    "but",
    "then",
    "which",
    "while",
    "although",
    "though",
    "now",
    "afterwards",
    "however",
];

/// Reads the causal clauses ("I failed my first attempt because I booked the exam too early
/// and ignored my practice scores"). A first-person reason with some content ("I" or "my"
/// as the subject, three or more words after it, no blame, luck, vagueness or humble-brag
/// inside) is context; a short or state-only one is a weak reason. Someone else as the subject
/// gives no credit here (the blame rules judge it). A clause attached to an admission of
/// failure is the cause of that failure, so change and evidence cues inside it ("because I
/// booked ...", "because I always ...") are story, not growth, and are removed.
pub(super) fn causal_clauses(analysed: &Analysed, hits: &mut Vec<Hit>) {
    let toks = &analysed.toks;
    let mut found: Vec<Hit> = Vec::new();
    let mut story: Vec<(usize, usize)> = Vec::new();
    for k in 0..toks.len() {
        let conj = toks[k].w.as_str();
        if !CAUSAL.contains(&conj) || toks[k].quoted {
            continue;
        }
        // "not because I was lazy, but because ..." denies the first reason; the negation must
        // sit right before the conjunction ("didn't match as I ..." negates the admission).
        let mut p = k;
        while p > 0
            && matches!(
                toks[p - 1].w.as_str(),
                "just" | "only" | "simply" | "really"
            )
        {
            p -= 1;
        }
        if p > 0 && toks[p - 1].sent == toks[k].sent && is_neg(&toks[p - 1].w) {
            continue;
        }
        let sent = toks[k].sent;
        let in_sent = |i: usize| toks.get(i).filter(|t| t.sent == sent);
        let skip_soft = |mut i: usize| {
            while in_sent(i).is_some_and(|t| SOFT.contains(&t.w.as_str())) {
                i += 1;
            }
            i
        };
        let j = skip_soft(k + 1);
        let Some(subj) = in_sent(j) else { continue };
        // "because my plan ..." and "because of my own planning" are first person too, unless
        // the noun is someone else ("because my attending ...").
        let my_at = match subj.w.as_str() {
            "my" => Some(j),
            "of" if conj == "because" && in_sent(j + 1).is_some_and(|t| t.w == "my") => Some(j + 1),
            _ => None,
        };
        let first_person = subj.w == "i"
            || my_at.is_some_and(|m| {
                (m + 1..=m + 3).any(|i| in_sent(i).is_some_and(|t| MY_OWN.contains(&t.w.as_str())))
            });
        if !first_person {
            continue;
        }
        let mut end = j;
        let mut m = j + 1;
        while let Some(t) = in_sent(m) {
            if m - j > 18 || CLAUSE_END.contains(&t.w.as_str()) {
                break;
            }
            end = m;
            m += 1;
        }
        let outside = |h: &Hit| h.last_token < k || h.first_token > end;
        let admission = |h: &Hit| {
            matches!(h.kind, Ownership | ProblemStatement | ScoreMention)
                && toks[h.first_token].sent == sent
                && outside(h)
        };
        let before = hits.iter().any(|h| admission(h) && h.last_token < k);
        let ambiguous = matches!(conj, "since" | "as");
        if ambiguous && !before {
            continue;
        }
        // Frequency adverbs sit between the subject and its verb ("I always want").
        let mut verb_at = skip_soft(j + 1);
        while in_sent(verb_at).is_some_and(|t| ADVERBS.contains(&t.w.as_str())) {
            verb_at = skip_soft(verb_at + 1);
        }
        let verb = in_sent(verb_at).map_or("", |t| t.w.as_str());
        if ambiguous && subj.w == "i" && TEMPORAL_VERBS.contains(&verb) {
            continue;
        }
        // Comparisons are not reasons: "as well as I hoped", "such as", "as I expected".
        if conj == "as"
            && ((k.saturating_sub(3)..k)
                .any(|i| matches!(toks[i].w.as_str(), "as" | "such" | "same"))
                || COMPARED.contains(&verb))
        {
            continue;
        }
        if subj.w == "i" && MOTIVES.contains(&verb) {
            continue;
        }
        // The reason offered is blame, luck, vagueness or a humble-brag: no context credit.
        if hits
            .iter()
            .any(|h| h.kind.is_negative() && h.first_token <= end && h.last_token >= k)
        {
            continue;
        }
        let progressive = in_sent(verb_at + 1).is_some_and(|t| t.w.ends_with("ing"));
        let state = subj.w == "i" && STATE_VERBS.contains(&verb) && !progressive;
        let body = end - j;
        let (weight, note) = if body >= 3 && !state {
            (1.0, "names the cause in the first person")
        } else if body >= 1 {
            (0.5, "gives a reason")
        } else {
            continue;
        };
        found.push(Hit {
            kind: Cause,
            weight,
            first_token: k,
            last_token: end,
            note,
            also_cause: false,
            hedged: false,
            unit: toks[k].unit,
            weak: false,
            external: false,
            admission: false,
            by_meaning: None,
        });
        // Only a reason for a failure is story; "I passed on my second attempt because I
        // rebuilt my schedule" explains the success, and its change is growth.
        if hits.iter().any(|h| admission(h) && h.kind == Ownership) {
            story.push((k, end));
        }
    }
    hits.retain(|h| {
        !(matches!(h.kind, Change | Evidence | Forward)
            && story
                .iter()
                .any(|&(a, b)| h.first_token >= a && h.last_token <= b))
    });
    hits.extend(found);
}

/// Secondary cues inside a negative primary cue are part of it, not separate good news.
pub(super) fn drop_secondary_inside_negative(hits: &mut Vec<Hit>) {
    let negatives: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.kind.is_negative())
        .map(|h| (h.first_token, h.last_token))
        .collect();
    hits.retain(|h| {
        !h.kind.is_secondary()
            || h.kind == Kind::Hedge
            || !negatives
                .iter()
                .any(|&(a, b)| h.first_token <= b && a <= h.last_token)
    });
}

/// Weakens ownership cues that a hedge qualifies ("I guess I kind of didn't prepare").
pub(super) fn apply_hedges(analysed: &Analysed, hits: &mut [Hit]) {
    let hedges: Vec<(usize, usize, f32)> = hits
        .iter()
        .filter(|h| h.kind == Kind::Hedge)
        .map(|h| (h.first_token, h.last_token, h.weight))
        .collect();
    for h in hits.iter_mut().filter(|h| h.kind == Kind::Ownership) {
        let sent = analysed.toks[h.first_token].sent;
        let strongest = hedges
            .iter()
            .filter(|&&(a, b, _)| {
                analysed.toks[a].sent == sent && b + 6 >= h.first_token && a <= h.last_token
            })
            .map(|&(_, _, w)| w)
            .fold(0.0_f32, f32::max);
        if strongest > 0.0 {
            h.weight *= 1.0 - 0.7 * strongest;
            h.hedged = true;
        }
    }
}
